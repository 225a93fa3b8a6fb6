"""Units named in running prose: "市发展改革委要发挥牵头抓总作用", "市发展改革委会同市科技局、
市工业和信息化局等相关部门建立…机制".

A mention is not a responsibility (no list gives the unit a task there); it is kept apart in
``Document.mentions``. Recognition is by vocabulary, longest name first:

1. ``_Vocabulary``       the names the notice's own unit lists use (as written and canonical),
                        added to the department table and the alias table of
                        ``patterns/units.toml`` with each level prefix (市发展改革委, 省发展改革委
                        …; indexed once per process, by their first two characters)
2. ``_Vocabulary.scan``  every vocabulary name in the text after the header, longest first; one
                        right after the notice's own place (锦州 + 市发展改革委) takes it in
3. ``collective``       collectives from ``patterns/units.toml`` (各县区政府, 各有关部门)
4. ``extract``          what falls inside a unit list, a table's unit cell or a 《》 title is
                        left out; each mention gets its canonical name and section path

Why no jieba here: with its own dictionary jieba cuts known unit names apart where prose runs
on ("市/发展/改/革委会/同市/科技局", "委要", "生态环境/局等"), and given the names as a user
dictionary it finds what the vocabulary scan finds, after about a second of dictionary loading
per process. Where jieba earns its place is names the vocabulary does not hold: its word
boundaries tell "市/民族宗教/事务局" from "城市/发展/新格局" — see :mod:`.discover`
(opt-in, ``discover_units``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns
from .._records import Mention, Responsibility
from ._common import Context
from ._text import title_spans

if TYPE_CHECKING:
    import regex

_MIN_NAME = 3  # shorter names (市委) are too ambiguous to find in prose by spelling alone
_KEY = 2  # names are looked up by their first two characters


@cache
def _static_vocabulary() -> frozenset[str]:
    table = patterns.table("units", "departments")
    cores = set(table["names"])
    aliases = patterns.table("units", "aliases")
    cores |= set(aliases) | set(aliases.values())
    return frozenset(p + c for p in table["prefixes"] for c in cores)


@cache
def _collective() -> regex.Pattern[str]:
    return patterns.load("units").rx("collective")


def extract(ctx: Context, responsibilities: Sequence[Responsibility] = ()) -> list[Mention]:
    """The units named in the prose of the text after the header (see the module docstring)."""
    text = ctx.text
    taken = sorted([r.span for r in responsibilities] + title_spans(text, ctx.body_start))
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))
    places = ctx.home_places
    found = _Vocabulary(responsibilities).scan(text, ctx.body_start, places)
    found += [(m.start(), m.end()) for m in _collective().finditer(text, ctx.body_start)]
    out: list[Mention] = []
    last_end = -1
    for s, e in sorted(found, key=lambda se: (se[0], -se[1])):
        if s < last_end or _overlaps(taken_starts, reach, s, e):
            continue
        last_end = e
        out.append(Mention(
            text=text[s:e],
            name=ctx.lists.canonical_names([text[s:e]])[0],
            span=(s, e),
            path=ctx.index.path_at(s),
        ))
    return out


def _overlaps(starts: list[int], reach: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps a span of those sorted by start, *reach* their running max end."""
    i = bisect_left(starts, e) - 1
    return i >= 0 and reach[i] > s


class _Index(NamedTuple):
    """Names indexed by their first two characters (every name has at least two)."""

    words: frozenset[str]
    lengths: dict[str, tuple[int, ...]]
    """First two characters → the lengths of the names that start so, longest first."""


def _index(words: frozenset[str], base: _Index | None = None) -> _Index:
    """The index of *words*; with *base*, of base's words and *words*."""
    lengths: dict[str, set[int]] = {}
    for w in words:
        lengths.setdefault(w[:_KEY], set()).add(len(w))
    if base is None:
        merged = {k: tuple(sorted(ls, reverse=True)) for k, ls in lengths.items()}
        return _Index(words, merged)
    merged = dict(base.lengths)
    for k, ls in lengths.items():
        merged[k] = tuple(sorted(ls.union(base.lengths.get(k, ())), reverse=True))
    return _Index(base.words | words, merged)


@cache
def _static_index() -> _Index:
    words = _static_vocabulary()
    if any(len(w) < _KEY for w in words):
        raise patterns.PatternError(f"units.toml: a department name under {_KEY} characters")
    return _index(words)


class _Vocabulary:
    """The names to look for: the static index and the names of the notice's own lists."""

    def __init__(self, responsibilities: Sequence[Responsibility]) -> None:
        static = _static_index()
        own = frozenset(
            w for r in responsibilities for u in r.units for w in (u.text, u.name)
            if len(w) >= _MIN_NAME
        )
        extra = own - static.words
        self.index = _index(extra, static) if extra else static
        # where a name may start: a plain character class, which the standard library's re
        # scans about twice as fast as regex
        firsts = sorted({k[0] for k in self.index.lengths})
        self.firsts = re.compile("[" + "".join(map(re.escape, firsts)) + "]")

    def scan(self, text: str, start: int, places: tuple[str, ...]) -> list[tuple[int, int]]:
        """Longest matches, left to right; a match right after the notice's place takes it in."""
        words, lengths = self.index
        out: list[tuple[int, int]] = []
        done = start
        n = len(text)
        for m in self.firsts.finditer(text, start):
            i = m.start()
            if i < done or (ks := lengths.get(text[i:i + _KEY])) is None:
                continue
            # a name longer than what is left cannot be there (its slice would be clipped)
            length = next((k for k in ks if k <= n - i and text[i:i + k] in words), 0)
            if length:
                s = next((i - len(p) for p in places if text.endswith(p, start, i)), i)
                out.append((s, i + length))
                done = i + length
        return out
