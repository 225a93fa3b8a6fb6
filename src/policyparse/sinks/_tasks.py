"""Responsibilities as tasks: who must do what, where and by when — the flat view that the CSV
and SQLite writers share.

The task text. A table row carries it (``Responsibility.task``). An inline parenthetical
(（市发展改革委牵头，各县区配合）) closes the task written before it: the text from its innermost
numbered section's heading (after it, for a heading on a line of its own), or from the end of
the previous parenthetical in that section, up to the parenthetical.

The deadlines. Each task has a window: for an inline task its text and parenthetical, for a
table row its cells up to the next row. A task's deadlines are those in its window; a task with
none takes those of the nearest enclosing section that stand in no task's window (a section's
到2025年 governs the tasks under it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract._common import OutlineIndex
from ..models import Deadline, Document, Responsibility
from . import path_text

_LEADING_PUNCT = "。；;，,、：:）) \n\t"


@dataclass
class Task:
    """One responsibility with what it is responsible for."""

    responsibility: Responsibility
    section_path: str
    text: str
    deadlines: list[Deadline]


def tasks(doc: Document) -> list[Task]:
    """The document's responsibilities in text order, each with its task text and deadlines."""
    index = OutlineIndex(doc.outline)
    resps = sorted(doc.responsibilities, key=_row_start)
    row_starts = [_row_start(r) for r in resps if r.source == "table"]
    texts: list[str] = []
    windows: list[tuple[int, int]] = []
    prev_end = 0
    for r in resps:
        section = index.labelled_at(r.span[0])
        sec_start, sec_end = section.span if section is not None else (0, len(doc.text))
        if r.task is not None:
            lo = _row_start(r)
            texts.append(r.task)
            windows.append((lo, min((s for s in row_starts if s > lo),
                                    default=max(sec_end, r.span[1]))))
        else:
            if section is None:
                start = max(doc.text.rfind(ch, 0, r.span[0]) for ch in "。\n") + 1
            else:
                start = section.heading_span[0]
                if doc.text.startswith("\n", section.heading_span[1]):  # a bare heading line
                    start = section.heading_span[1] + 1
            if sec_start <= prev_end <= r.span[0]:
                start = max(start, prev_end)
            texts.append(doc.text[start:r.span[0]].strip(_LEADING_PUNCT))
            windows.append((start, r.span[1]))
        prev_end = r.span[1]

    def inside(d: Deadline, lo: int, hi: int) -> bool:
        return lo <= d.span[0] < hi

    free = [d for d in doc.deadlines if not any(inside(d, *w) for w in windows)]
    enclosing = sorted(doc.sections(), key=lambda s: s.span[1] - s.span[0])
    out = []
    for r, text, (lo, hi) in zip(resps, texts, windows, strict=True):
        deadlines = [d for d in doc.deadlines if inside(d, lo, hi)]
        for s in enclosing if not deadlines else ():
            if s.span[0] <= lo < s.span[1]:
                deadlines = [d for d in free if inside(d, *s.span)]
                if deadlines:
                    break
        out.append(Task(r, path_text(r.path), text, deadlines))
    return out


def _row_start(r: Responsibility) -> int:
    return min(r.span[0], r.task_span[0]) if r.task_span is not None else r.span[0]
