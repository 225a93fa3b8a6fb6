"""Tasks: what each responsible-unit list is responsible for, by when, and how much.

Run after the other extractors (it reads their output): every responsibility gets its task
text (``task``, ``task_span``), the deadlines that govern the task (``deadlines``, indexes into
``Document.deadlines``) and the targets inside it (``targets``, indexes into
``Document.targets``).

Which text a list governs. A table row carries its task (its task cell, set by
extract/tables.py). An inline list (（市发展改革委牵头，各县区配合）) governs:

- *a list in an item's heading* ("（一）推进垃圾治理（区农业农村局牵头）。…", or a bare heading line
  that ends in the list): the whole item, its heading and everything under it, when no other
  list of that item follows; a heading with nothing after it is the task on its own;
- *several lists in one item or paragraph*: each the text from the end of the list before it,
  so each governs its own clause or sentence ("A（X负责）。B（Y负责）。");
- *a list at the end of a paragraph*: the text from its item's heading (after it, for a heading
  on a line of its own) up to the list; outside any item, its sentence, or for a list on a line
  of its own, the paragraph above it.

The deadlines. Each task has a window: for an inline task its text and list, for a table row
its cells up to the next row (the last row: to the end of the line its cells end on). A
task's deadlines are those in its window; a task with none takes those of the nearest
enclosing section that stand in no task's window (a section's 到2025年 governs the tasks
under it). How long the notice stays in force (valid_until) governs no task.
A task's targets are those whose span lies in its window.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .._recordbase import replace
from .._records import Deadline, Responsibility, Section, Target
from ._common import OutlineIndex

_OPEN = "。；;，,、：:）) \n\t\u3000"
"""What a task text does not open with (the end of the list or sentence before it)."""
_CLOSE = "。；;，,、：: \n\t\u3000"
"""What a task text does not end with (the marks before the list it leads to)."""


def link(
    text: str,
    outline: list[Section],
    responsibilities: Sequence[Responsibility],
    deadlines: Sequence[Deadline],
    targets: Sequence[Target],
    *,
    index: OutlineIndex | None = None,
    in_place: bool = False,
) -> list[Responsibility]:
    """The *responsibilities* (in text order) with their task, its span, its deadlines and the
    targets inside it filled in. *index*: the :class:`OutlineIndex` of *outline* where the
    caller has it (the extractors' Context does), built here when not given. *in_place*: the
    given records are filled in themselves, not copies of them (for a caller that made them
    and keeps no other use for them: the parse; a copy of each is most of the work here)."""
    if not responsibilities:  # (a notice that assigns no unit: nothing to look up for it)
        return []
    if index is None:
        index = OutlineIndex(outline)
    # in text order (by where each row or list starts; ties as given: the sort is stable),
    # each start read once
    firsts = [r.span[0] if (ts := r.task_span) is None or ts[0] >= r.span[0] else ts[0]
              for r in responsibilities]
    resps: Sequence[Responsibility]
    if sorted(firsts) == firsts:  # most: given in text order (ties too: a stable sort keeps them)
        resps, starts = responsibilities, firsts
    else:
        order = sorted(range(len(firsts)), key=firsts.__getitem__)
        resps = [responsibilities[i] for i in order]
        starts = [firsts[i] for i in order]
    row_starts = [lo for r, lo in zip(resps, starts, strict=True) if r.source == "table"]
    # deadlines and targets by where they start, for lookups by window
    linkable = sorted((d.span[0], k) for k, d in enumerate(deadlines) if d.kind != "valid_until")
    d_starts = [p for p, _ in linkable]
    d_keys = [k for _, k in linkable]
    by_start = sorted((t.span[0], k) for k, t in enumerate(targets))
    t_starts = [p for p, _ in by_start]
    t_last = t_starts[-1] if t_starts else -1
    d_last = d_starts[-1] if d_starts else -1
    # the rows of a task table annexed after the text, past every deadline, target and section
    # (from `head` on; all but a few rows of such a table) hold none in their windows and take
    # none from a section: nothing is looked up for them
    head = len(resps)
    last = max(d_last, t_last)
    past_last = bisect_right(starts, last)
    if past_last < head and len(row_starts) - bisect_right(row_starts, last) == head - past_last:
        head = max(past_last, bisect_left(starts, max([s.span[1] for s in index.sections],
                                                      default=0)))
    tail = resps[head:]
    resps, starts = resps[:head], starts[:head]
    labelled_at = index.labelled_at
    sections = [labelled_at(r.span[0]) if r.source == "inline" else None for r in resps]
    # a section (by id) → its last inline list
    last_inline = {id(sec): i for i, sec in enumerate(sections) if sec is not None}
    spans: list[tuple[int, int] | None] = []
    windows: list[tuple[int, int]] = []
    prev_end = 0
    j = 0  # the rows that start no later than this one (bisect_right of its start), counted on
    n_rows = len(row_starts)
    for i, (r, section, lo) in enumerate(zip(resps, sections, starts, strict=True)):
        if r.source == "table":
            while j < n_rows and row_starts[j] <= lo:  # this row, and those starting with it
                j += 1
            spans.append(r.task_span)
            windows.append((lo, row_starts[j] if j < len(row_starts)
                            else _line_end(text, _row_end(r))))
        else:
            sec_start = section.span[0] if section is not None else 0
            later = section is not None and last_inline.get(id(section), i) > i
            span, window = _inline(text, r, section, prev_end if sec_start <= prev_end else None,
                                   later)
            spans.append(span)
            windows.append(window)
        prev_end = r.span[1]

    # each window's deadlines, linkable[a:b] (looked up once: they are held, then linked)
    # (a window that opens after the last deadline, as the rows of a table annexed after the
    # text do, holds none: no search)
    n_linkable = len(d_starts)
    d_ranges = [(bisect_left(d_starts, lo), bisect_left(d_starts, hi)) if lo <= d_last
                else (n_linkable, n_linkable) for lo, hi in windows]

    def deadlines_in(a: int, b: int) -> list[int]:
        return sorted(d_keys[a:b])

    held = [False] * len(linkable)  # a deadline in some task's window
    for a, b in d_ranges:
        if a < b:
            held[a:b] = [True] * (b - a)
    # the deadlines no task holds, by where they start (a section's: those within its span)
    free = [pk for pk, h in zip(linkable, held, strict=True) if not h]
    f_starts = [p for p, _ in free]
    f_keys = [k for _, k in free]
    parents: dict[int, Section] | None = None  # (worked out when first asked)
    inherited: dict[int, list[int]] = {}  # a section (by id) → what its tasks without any take

    def inherit(sec: Section | None) -> list[int]:
        """The deadlines no task holds of the nearest section from *sec* outward that has some
        (those on the way, found again by the tasks under them, take the same)."""
        nonlocal parents
        walked: list[int] = []
        found: list[int] = []
        while sec is not None:
            key = id(sec)
            known = inherited.get(key)
            if known is not None:
                found = known
                break
            walked.append(key)
            lo, hi = sec.span
            found = sorted(f_keys[bisect_left(f_starts, lo):bisect_left(f_starts, hi)])
            if found:
                break
            if parents is None:
                parents = _parents(index.sections)
            sec = parents.get(key)
        for key in walked:
            inherited[key] = found
        return found

    # where every section has ended (a task table annexed after them all): no section holds a
    # task that starts there, which the index would tell only after a few steps back
    past = max([s.span[1] for s in index.sections], default=0) if free else 0
    out = []
    for r, span, (lo, hi), (a, b) in zip(resps, spans, windows, d_ranges, strict=True):
        found = deadlines_in(a, b) if a < b else []  # (most windows hold none)
        if not found and lo < past:  # those of the nearest enclosing section (a copy: shared)
            found = list(inherit(index.section_at(lo)))
        if lo <= t_last:  # (a window that opens after the last target holds none)
            a, b = bisect_left(t_starts, lo), bisect_left(t_starts, hi)
            inside = (sorted([k for _, k in by_start[a:b] if targets[k].span[1] <= hi])
                      if a < b else [])
        else:
            inside = []
        # a copy, its new fields set one by one (no dict of changes), or the record itself
        linked = r if in_place else replace(r)
        linked.deadlines = found
        linked.targets = inside
        if r.task is None and span is not None:
            linked.task = text[span[0]:span[1]]
            linked.task_span = span
        out.append(linked)
    for r in tail:
        linked = r if in_place else replace(r)
        linked.deadlines = []
        linked.targets = []
        if r.task is None and (span := r.task_span) is not None:
            linked.task = text[span[0]:span[1]]
        out.append(linked)
    return out


def _parents(sections: list[Section]) -> dict[int, Section]:
    """Each section's parent, by the child's id (*sections*: all of them, as the outline index
    holds them)."""
    return {id(c): s for s in sections for c in s.children}


def _inline(
    text: str, r: Responsibility, section: Section | None, prev_end: int | None, later: bool
) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """The task span of an inline list and its window (see the module's rules)."""
    s, e = r.span
    if section is not None and _in_heading(text, section, s) and (
            prev_end is None or prev_end <= section.heading_span[0]):
        start = section.heading_span[0]
        tail = _trim(text, e, section.span[1])
        if not later and tail[0] < tail[1]:  # the heading's list governs the whole item
            return _trim(text, start, section.span[1]), (start, section.span[1])
        return _trim(text, start, s), (start, e)
    if section is None:
        start = max(text.rfind("。", 0, s), text.rfind("\n", 0, s)) + 1
    else:
        start = section.heading_span[0]
        if text.startswith("\n", section.heading_span[1]):  # a bare heading line
            start = section.heading_span[1] + 1
    if prev_end is not None and prev_end <= s:
        start = max(start, prev_end)
    span = _trim(text, start, s)
    if span[0] == span[1] and section is not None:  # nothing before the list: its heading
        span = _trim(text, section.heading_span[0], min(section.heading_span[1], s))
    if span[0] == span[1]:  # a list alone on its line, outside any item: the paragraph above
        end = s
        while end > 0 and text[end - 1] in _CLOSE:
            end -= 1
        span = _trim(text, text.rfind("\n", 0, end) + 1, end)
    return (span if span[0] < span[1] else None), (min(start, span[0]), e)


def _in_heading(text: str, section: Section, s: int) -> bool:
    """Whether a list at *s* stands in *section*'s heading, or closes its bare heading line."""
    hs, he = section.heading_span
    if not hs < s <= he:
        return False
    return text[hs:s].strip(_OPEN) != ""


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without the marks and spaces at its edges."""
    while s < e and text[s] in _OPEN:
        s += 1
    while e > s and text[e - 1] in _CLOSE:
        e -= 1
    return s, e


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _row_end(r: Responsibility) -> int:
    return max(r.span[1], r.task_span[1]) if r.task_span is not None else r.span[1]
