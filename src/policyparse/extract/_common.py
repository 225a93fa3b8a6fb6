"""What every extractor receives, and the small helpers they share.

Extractors are pure functions ``extract(ctx: Context) -> list[Item]``; they never raise on
odd text (they return nothing and may add a warning to ``ctx.warnings``) and never import
each other.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cached_property

from .._dataclass import dataclass, field
from .._records import Meta, ParseWarning, Section
from ..limits import Limits
from ..lines import LineIndex, pipe_tables, table_regions
from ..loaders import Table
from . import units


class OutlineIndex:
    """Which section holds a given offset.

    Sections come in document order, a parent before its children, so their starts run in
    order: the last section to start by a position is the innermost holding it, unless it
    ends before the position (then :func:`_outer` looks further back).
    """

    def __init__(self, outline: list[Section]) -> None:
        self._all = flat = _document_order(outline, [])  # a parent before its children
        self._all_starts = [s.span[0] for s in flat]
        labelled = [s for s in flat if s.label is not None]
        if len(labelled) == len(flat):  # most notices: every section numbered, read once
            self._labelled, self._starts = flat, self._all_starts
        else:
            self._labelled = labelled
            self._starts = [s.span[0] for s in labelled]

    # (read only where a position past a section's end is looked up: most notices never do)
    @cached_property
    def _all_reach(self) -> list[int]:
        return _reaching([s.span[1] for s in self._all])

    @cached_property
    def _reach(self) -> list[int]:
        if self._labelled is self._all:
            return self._all_reach
        return _reaching([s.span[1] for s in self._labelled])

    @property
    def sections(self) -> list[Section]:
        """All sections in document order, lead-sentence items included."""
        return self._all

    def labelled_at(self, pos: int) -> Section | None:
        """The innermost numbered section whose span holds *pos*."""
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        s = self._labelled[i]
        return s if pos < s.span[1] else _outer(self._labelled, self._reach, i, pos)

    def section_at(self, pos: int) -> Section | None:
        """The innermost section (lead-sentence items included) whose span holds *pos*."""
        i = bisect_right(self._all_starts, pos) - 1
        if i < 0:
            return None
        s = self._all[i]
        return s if pos < s.span[1] else _outer(self._all, self._all_reach, i, pos)

    def path_at(self, pos: int) -> list[str]:
        """Labels from the root to the innermost numbered section holding *pos* ([] if none)."""
        # labelled_at's search, without its call, where the last to start by *pos* holds it
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self._labelled[i].span[1]:
            return self._labelled[i].path.copy()
        s = self.labelled_at(pos)  # before every section, or past the end of that one
        return s.path.copy() if s is not None else []


def _document_order(sections: list[Section], out: list[Section]) -> list[Section]:
    """*out* with *sections* and the sections below them added, a parent before its children
    (a call for each section that has children: a tree is a few levels deep)."""
    append = out.append
    for s in sections:
        append(s)
        if s.children:
            _document_order(s.children, out)
    return out


def _reaching(ends: list[int]) -> list[int]:
    """For each section (*ends*: their ends, in document order), the last one before it that
    ends after it ends (-1: none): the sections between end no later, so a position past its
    end is past theirs too."""
    out: list[int] = []
    # the sections so far that no later one outreaches, and their ends; below them all -1,
    # which every section's end falls short of (no test for an empty stack)
    stack: list[int] = [-1]
    tops: list[float] = [math.inf]
    for i, e in enumerate(ends):
        while tops[-1] <= e:
            tops.pop()
            stack.pop()
        out.append(stack[-1])
        stack.append(i)
        tops.append(e)
    return out


def _outer(sections: list[Section], reach: list[int], i: int, pos: int) -> Section | None:
    """The innermost of *sections* (in document order, *reach* what :func:`_reaching` gives
    for them) holding *pos*, where section *i*, the last to start by *pos*, ends at or before
    it: the search goes on from the last one before it that ends later (the sections between
    cannot hold *pos*), so a position after the last section is found outside them all in a
    few steps, not one a section. (Every section before *i* starts by *pos*: the first that
    ends after it holds it.)"""
    i = reach[i]
    while i >= 0:
        s = sections[i]
        if pos < s.span[1]:
            return s
        i = reach[i]
    return None


@dataclass
class Context:
    """The normalized text and what the earlier stages found in it."""

    text: str
    outline: list[Section]
    meta: Meta
    body_start: int = 0
    body_end: int = -1
    tables: list[Table] = field(default_factory=list)
    """Real tables from the loader (PDF/DOCX), offsets already in the normalized text."""
    warnings: list[ParseWarning] = field(default_factory=list)
    lines: LineIndex = None  # type: ignore[assignment]
    """Every line's kind (:class:`~policyparse.lines.LineIndex`); read here when not given."""
    limits: Limits = field(default_factory=Limits)
    index: OutlineIndex = field(init=False)

    def __post_init__(self) -> None:
        if self.body_end < 0:
            self.body_end = len(self.text)
        if self.lines is None:
            self.lines = LineIndex(self.text)
        self.index = OutlineIndex(self.outline)

    def warn(self, code: str, message: str, span: tuple[int, int] | None = None) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, span=span))

    # what more than one extractor needs, worked out once per notice

    @cached_property
    def conventions(self) -> list[tuple[int, int]]:
        """Where the first-listed convention holds (:func:`units.conventions`)."""
        return units.conventions(self.text, self.lines)

    @cached_property
    def home_places(self) -> tuple[str, ...]:
        """The notice's own place names (:func:`units.home_places`)."""
        return units.home_places(self.meta)

    @cached_property
    def lists(self) -> units.ListReader:
        """The reader of the notice's unit lists (inline and in tables)."""
        return units.ListReader(self.home_places)

    @cached_property
    def pipe_tables(self) -> list[Table]:
        """The ``|`` tables of the text outside the loader's tables
        (:func:`~policyparse.lines.pipe_tables`); task tables and indicator tables read the same
        grids."""
        return pipe_tables(self.text, table_regions(self.tables), self.lines)
