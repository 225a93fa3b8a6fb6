"""What every extractor receives, and the small helpers they share.

Extractors are pure functions ``extract(ctx: Context) -> list[Item]``; they never raise on
odd text (they return nothing and may add a warning to ``ctx.warnings``) and never import
each other.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

import regex

from .. import patterns
from ..loaders import Table
from ..models import Meta, ParseWarning, Section


class OutlineIndex:
    """Which section holds a given offset."""

    def __init__(self, outline: list[Section]) -> None:
        flat: list[Section] = []
        stack = list(reversed(outline))
        while stack:
            s = stack.pop()
            flat.append(s)
            stack.extend(reversed(s.children))
        self._all = flat  # document order: a parent before its children
        self._labelled = [s for s in flat if s.label is not None]
        self._starts = [s.span[0] for s in self._labelled]
        self._all_starts = [s.span[0] for s in flat]

    @property
    def sections(self) -> list[Section]:
        """All sections in document order, lead-sentence items included."""
        return self._all

    def labelled_at(self, pos: int) -> Section | None:
        """The innermost numbered section whose span holds *pos*."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            s = self._labelled[i]
            if s.span[0] <= pos < s.span[1]:
                return s
            i -= 1
        return None

    def section_at(self, pos: int) -> Section | None:
        """The innermost section (lead-sentence items included) whose span holds *pos*."""
        i = bisect_right(self._all_starts, pos) - 1
        while i >= 0:
            s = self._all[i]
            if s.span[0] <= pos < s.span[1]:
                return s
            i -= 1
        return None

    def path_at(self, pos: int) -> list[str]:
        """Labels from the root to the innermost numbered section holding *pos* ([] if none)."""
        s = self.labelled_at(pos)
        return list(s.path) if s is not None else []


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
    index: OutlineIndex = field(init=False)

    def __post_init__(self) -> None:
        if self.body_end < 0:
            self.body_end = len(self.text)
        self.index = OutlineIndex(self.outline)

    def warn(self, code: str, message: str, span: tuple[int, int] | None = None) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, span=span))


# Where clauses and sentences end. A clause is what lies between two of these marks; 、 and
# spaces do not end a clause, and neither does a line break that cuts a sentence (below).
_CLAUSE_MARKS = "，,；;。！？!?：:"
_SENTENCE_MARKS = "。！？!?；;"
_CLAUSE_BACK = regex.compile(f"(?r)[{_CLAUSE_MARKS}]")
_CLAUSE_FWD = regex.compile(f"[{_CLAUSE_MARKS}]")
_SENTENCE_BACK = regex.compile(f"(?r)[{_SENTENCE_MARKS}]")
_SENTENCE_FWD = regex.compile(f"[{_SENTENCE_MARKS}]")
_HARD_LINE_END = frozenset(_CLAUSE_MARKS + "）)】〕」”’…")


@cache
def _block_start_rx() -> list[regex.Pattern[str]]:
    o = patterns.load("outline")
    return [p.regex for p in o.group("marker")] + [
        o.rx("dash_bullet"), o.rx("annex_start"), o.rx("table_line")]


def _soft_break(text: str, nl: int) -> bool:
    """Whether the line break at *nl* cuts a sentence: the line before is prose and stops
    where no clause stops, and the line after starts no new block."""
    if nl <= 0 or nl + 1 >= len(text) or text[nl - 1] in _HARD_LINE_END:
        return False
    prev_start = text.rfind("\n", 0, nl) + 1
    if not any(ch in text[prev_start:nl] for ch in "，,。；;"):
        return False  # a bare heading or title
    next_end = text.find("\n", nl + 1)
    nxt = text[nl + 1 : next_end if next_end >= 0 else len(text)]
    return not any(rx.match(nxt) for rx in _block_start_rx())


def paragraph_at(text: str, pos: int) -> tuple[int, int]:
    """The paragraph holding *pos*: its lines, joined across breaks that cut a sentence."""
    start = text.rfind("\n", 0, pos) + 1
    while start > 0 and _soft_break(text, start - 1):
        start = text.rfind("\n", 0, start - 1) + 1
    end = text.find("\n", pos)
    while end >= 0 and _soft_break(text, end):
        end = text.find("\n", end + 1)
    return start, end if end >= 0 else len(text)


def _bounds(
    text: str, start: int, end: int, within: tuple[int, int],
    back: regex.Pattern[str], fwd: regex.Pattern[str],
) -> tuple[int, int]:
    m = back.search(text, within[0], start)
    s = m.end() if m else within[0]
    m = fwd.search(text, end, within[1])
    e = m.start() if m else within[1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def clause_at(text: str, start: int, end: int, within: tuple[int, int]) -> tuple[int, int]:
    """The clause holding ``text[start:end]``, inside the paragraph *within*, without the
    spaces at its edges.

    >>> t = "到2025年，森林覆盖率达到40%，新建道路700公里。"
    >>> s, e = clause_at(t, 14, 17, (0, len(t)))
    >>> t[s:e]
    '森林覆盖率达到40%'
    """
    return _bounds(text, start, end, within, _CLAUSE_BACK, _CLAUSE_FWD)


def clause_marks(text: str, within: tuple[int, int]) -> list[int]:
    """Offsets of the marks that end clauses inside *within* (for :func:`clause_between`)."""
    return [m.start() for m in _CLAUSE_FWD.finditer(text, within[0], within[1])]


def clause_between(
    text: str, marks: list[int], start: int, end: int, within: tuple[int, int]
) -> tuple[int, int]:
    """:func:`clause_at`, from the marks of the paragraph found once.

    >>> t = "到2025年，森林覆盖率达到40%，新建道路700公里。"
    >>> s, e = clause_between(t, clause_marks(t, (0, len(t))), 14, 17, (0, len(t)))
    >>> t[s:e]
    '森林覆盖率达到40%'
    """
    i = bisect_right(marks, start - 1)
    s = marks[i - 1] + 1 if i > 0 else within[0]
    j = bisect_right(marks, end - 1)
    e = marks[j] if j < len(marks) else within[1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentence_break(text: str, start: int, end: int) -> bool:
    """Whether a sentence ends between *start* and *end*."""
    return _SENTENCE_FWD.search(text, start, end) is not None


def sentence_at(text: str, start: int, end: int, within: tuple[int, int]) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (it ends at 。！？ or ；)."""
    return _bounds(text, start, end, within, _SENTENCE_BACK, _SENTENCE_FWD)
