"""Responsibilities as tasks: who must do what, where and by when — the flat view that the CSV
and SQLite writers share.

A table row carries its task text (``Responsibility.task``). An inline parenthetical
(（市发展改革委牵头，各县区配合）) closes the task written before it: the text from the start of
its innermost numbered section's heading, or from the end of the previous parenthetical in that
section, up to the parenthetical. Deadlines go with a task when they stand in the same section
(inline) or in the same table row (from the row's first cell up to the next row).
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
    out: list[Task] = []
    prev_end = 0
    for r in resps:
        section = index.labelled_at(r.span[0])
        sec_start, sec_end = section.span if section is not None else (0, len(doc.text))
        if r.task is not None:
            text = r.task
        else:
            start = section.heading_span[0] if section is not None else _sentence_start(
                doc.text, r.span[0])
            if sec_start <= prev_end <= r.span[0]:
                start = max(start, prev_end)
            text = doc.text[start:r.span[0]].strip(_LEADING_PUNCT)
        if r.source == "table":
            lo = _row_start(r)
            hi = min((s for s in row_starts if s > lo), default=max(sec_end, r.span[1]))
            deadlines = [d for d in doc.deadlines if lo <= d.span[0] < hi]
        else:
            deadlines = [d for d in doc.deadlines if d.path == r.path]
        out.append(Task(r, path_text(r.path), text, deadlines))
        prev_end = r.span[1]
    return out


def _row_start(r: Responsibility) -> int:
    return min(r.span[0], r.task_span[0]) if r.task_span is not None else r.span[0]


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in "。\n") + 1
