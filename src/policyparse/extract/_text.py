"""Clauses and sentences of the normalized text, for the extractors.

A clause ends at ，；。！？： (not at 、 or a space); a sentence at 。！？ or ；. Both are read
inside a paragraph: a line, joined across line breaks that cut a sentence, as the line index
tells (:meth:`policyparse.lines.LineIndex.paragraph_at`, ``ctx.lines``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import patterns
from ..outline import HALF_STOP
from ._firsts import opening_char

if TYPE_CHECKING:
    import re

    import regex

# Where clauses and sentences end. A clause is what lies between two of these marks; 、 and
# spaces do not end a clause, and neither does a line break that cuts a sentence.
_CLAUSE_MARKS = "，,；;。！？!?：:"
_SENTENCE_MARKS = "。！？!?；;"
# a half-width "." between Chinese words ends a sentence too ("…设施.2024年新增…"; the
# outline's rule, HALF_STOP)
_CLAUSE_FWD = patterns.fixed_regex(f"[{_CLAUSE_MARKS}]|{HALF_STOP}")
_SENTENCE_BACK = patterns.fixed_regex(f"(?r)[{_SENTENCE_MARKS}]|{HALF_STOP}")
_SENTENCE_FWD = patterns.fixed_regex(f"[{_SENTENCE_MARKS}]|{HALF_STOP}")
# the same marks where a paragraph's are all found (:func:`_marks`): the marks and every "."
# (the one character a half stop is) by a character class under ``re``, a search some times
# cheaper than the ``regex`` one with the half stop's lookarounds at every place; each "."
# then kept only where HALF_STOP matches it
_CLAUSE_OR_DOT = patterns.fixed_re(f"[{_CLAUSE_MARKS}.]")
_SENTENCE_OR_DOT = patterns.fixed_re(f"[{_SENTENCE_MARKS}.]")
_HALF_STOP = patterns.fixed_regex(HALF_STOP)
# the characters of the sentence marks among the clause marks (a "." there: a half stop)
_SENTENCE_OR_STOP = frozenset(_SENTENCE_MARKS + ".")


def _marks(rx: re.Pattern[str], text: str, start: int, end: int) -> list[int]:
    """The offsets of the marks in ``text[start:end]``, found with *rx* (:data:`_CLAUSE_OR_DOT`
    or :data:`_SENTENCE_OR_DOT`): a "." among them only where it is a half stop."""
    found = [m.start() for m in rx.finditer(text, start, end)]
    if "." in text[start:end]:  # (most paragraphs have none)
        half = _HALF_STOP.match
        return [i for i in found if text[i] != "." or half(text, i, end) is not None]
    return found


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def sentence_start(text: str, start: int, within: tuple[int, int]) -> int:
    """Where the sentence holding the character at *start* starts (after 。！？ or ；, or
    where the paragraph *within* starts), without the spaces at its edge.

    >>> t = "到2025年，新增10个。 全年新增5个"
    >>> t[sentence_start(t, 16, (0, len(t))):]
    '全年新增5个'
    """
    # (concurrent=False, given in order: the ``regex`` search keeps the GIL, which by default
    # it lets go of and takes back, a sixth of the call's cost)
    m = _SENTENCE_BACK.search(text, within[0], start, False)
    s = m.end() if m else within[0]
    while s < start and text[s].isspace():
        s += 1
    return s


def clause_marks(text: str, within: tuple[int, int]) -> list[int]:
    """Offsets of the marks that end clauses inside *within* (for :func:`clause_between`)."""
    return _marks(_CLAUSE_OR_DOT, text, within[0], within[1])


def clause_between(
    text: str, marks: list[int], start: int, end: int, within: tuple[int, int]
) -> tuple[int, int]:
    """The clause holding ``text[start:end]`` inside the paragraph *within*, without the spaces
    at its edges, from the marks of the paragraph (:func:`clause_marks`, found once).

    >>> t = "到2025年，森林覆盖率达到40%，新建道路700公里。"
    >>> s, e = clause_between(t, clause_marks(t, (0, len(t))), 14, 17, (0, len(t)))
    >>> t[s:e]
    '森林覆盖率达到40%'
    """
    i = bisect_right(marks, start - 1)
    s = marks[i - 1] + 1 if i > 0 else within[0]
    j = bisect_right(marks, end - 1)
    e = marks[j] if j < len(marks) else within[1]
    return _trim(text, s, e)


@cache
def _title_rx() -> tuple[regex.Pattern[str], str | None]:
    """The title regex and the character its matches open with (《)."""
    rx = patterns.compile_regex("{TITLE}", "pieces.toml TITLE")
    return rx, opening_char(rx.pattern)


def title_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of the 《titles》 in ``text[start:end]`` (pieces.toml ``TITLE``: one level of
    nesting, 《关于印发《X》的通知》 is one title).

    >>> t = "落实《关于印发《某方案》的通知》和《意见》。"
    >>> [t[s:e] for s, e in title_spans(t)]
    ['《关于印发《某方案》的通知》', '《意见》']
    """
    rx, opener = _title_rx()
    return [m.span() for m in opener_finds(rx, opener, text, start, end)]


def opener_finds(rx: Any, opener: str | None, text: str, start: int = 0,
                 end: int | None = None) -> list[Any]:
    """The matches ``rx.finditer(text, start, end)`` finds, for a regex (``re`` or ``regex``)
    every match of which opens with the character *opener* (:func:`._firsts.opening_char`;
    None: not known, and the finditer's are given): *opener* looked for with ``str.find``,
    ``rx.match`` tried where it stands, and after a match from its end (as finditer goes on).

    Where the character is rare (《: a few dozen in a notice) this costs about a third of the
    search: ``str.find`` skips through the text to one character with memchr, where the regex
    search steps through it character by character.

    >>> import re
    >>> [m.span() for m in opener_finds(re.compile("《[^》]*》"), "《", "《甲》和《乙《丙》", 1)]
    [(4, 9)]
    """
    if end is None:
        end = len(text)
    if opener is None:
        return list(rx.finditer(text, start, end))
    out = []
    find, match = text.find, rx.match
    i = find(opener, start, end)
    while i >= 0:
        m = match(text, i, end)
        if m is None:
            i = find(opener, i + 1, end)
        else:
            out.append(m)
            i = find(opener, m.end(), end)
    return out


def word_starts(text: str, words: Iterable[str], start: int = 0) -> dict[int, int]:
    """Where *words* (none empty) stand in *text* from *start*: at each place one starts,
    the length of the longest that starts there (overlapping places too). Each word looked
    for with ``str.find`` from each place on, which runs over a long text many times faster
    than a regex search for them all.

    >>> word_starts("各有关部门和有关单位", ["有关", "有关部门", "单位"])
    {1: 4, 6: 2, 8: 2}
    """
    out: dict[int, int] = {}
    get = out.get
    for w in words:
        n = len(w)
        i = text.find(w, start)
        while i >= 0:
            if n > get(i, 0):
                out[i] = n
            i = text.find(w, i + 1)
    return out


def sentence_break(text: str, start: int, end: int) -> bool:
    """Whether a sentence ends between *start* and *end*."""
    return _SENTENCE_FWD.search(text, start, end) is not None


def clause_break(text: str, start: int, end: int) -> bool:
    """Whether a clause ends between *start* and *end*."""
    return _CLAUSE_FWD.search(text, start, end) is not None


class SentenceBreaks:
    """:func:`sentence_break` for many questions about one paragraph: its marks are found
    once, and each question is a bisection, however far apart *start* and *end* are.

    >>> t = "到2025年，新增10个；设施.2024年新增5个"
    >>> b = SentenceBreaks(t, (0, len(t)))
    >>> [b(s, e) == sentence_break(t, s, e) for s, e in ((0, 12), (0, 13), (12, 16), (12, 17))]
    [True, True, True, True]
    """

    def __init__(self, text: str, within: tuple[int, int],
                 marks: list[int] | None = None) -> None:
        """*marks*: the clause marks of *within* (:func:`clause_marks`), where they are found
        already: a sentence's marks are among them (and their "."s half stops already), so
        they are picked from those, not searched for again."""
        if marks is None:
            self.starts = _marks(_SENTENCE_OR_DOT, text, within[0], within[1])
        else:
            self.starts = [i for i in marks if text[i] in _SENTENCE_OR_STOP]
        # a half-width stop: it needs the character after it
        self.half = [text[i] == "." for i in self.starts]

    def __call__(self, start: int, end: int) -> bool:
        """Whether a sentence ends between *start* and *end* (inside the paragraph)."""
        i = bisect_left(self.starts, start)
        if i == len(self.starts):
            return False
        return self.starts[i] < end - 1 if self.half[i] else self.starts[i] < end
