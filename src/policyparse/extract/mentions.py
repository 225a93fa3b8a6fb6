"""Units named in running prose: "市发展改革委要发挥牵头抓总作用", "市发展改革委会同市科技局、
市工业和信息化局等相关部门建立…机制".

A mention is not a responsibility (no list gives the unit a task there); it is kept apart in
``Document.mentions``. Recognition is by vocabulary, longest name first:

1. ``_Vocabulary``       the department table and the alias table of ``patterns/units.toml``
                        with each level prefix (市发展改革委, 省发展改革委 …: one regex, a tree
                        of their characters, :func:`trie_source`, compiled once and kept across
                        processes), and the names the notice's own unit lists use (as written
                        and canonical) that it lacks (found with str.find)
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
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from .. import patterns, rxcache
from .._records import Mention, Responsibility
from ._common import Context
from ._text import title_spans

if TYPE_CHECKING:
    import regex

_MIN_NAME = 3  # shorter names (市委) are too ambiguous to find in prose by spelling alone
_MIN_KEY = 2  # no vocabulary name is shorter


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


def trie_source(words: Iterable[str]) -> str:
    """A regex that matches the longest of *words* that starts where it is tried: the words as
    a tree of their characters, a word's end an optional group over what may follow (greedy,
    so a longer word wins; the branches of one node part at their first character, so at most
    one goes on). Searched or iterated, it finds the leftmost-longest words, left to right.

    >>> rx = re.compile(trie_source(["市财政局", "市发展改革委", "市发展改革委员会"]))
    >>> [m.group() for m in rx.finditer("市发展改革委员会、市财政局和市发展改革委")]
    ['市发展改革委员会', '市财政局', '市发展改革委']
    """
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@cache
def _static_words() -> re.Pattern[str]:
    """The static vocabulary as one regex (:func:`trie_source`), built and compiled once (and
    both kept across processes)."""
    words = _static_vocabulary()
    if any(len(w) < _MIN_KEY for w in words):
        raise patterns.PatternError(f"units.toml: a department name under {_MIN_KEY} characters")
    ordered = sorted(words)
    # the tree's source is built in Python (about 1.5 ms a process): kept across processes
    # beside the compiled patterns, keyed by the word list it was built from
    source = rxcache.remember("trie", "\n".join(ordered), lambda: trie_source(ordered))
    return patterns.fixed_re(source)


class _Vocabulary:
    """The names to look for: the static vocabulary and the names of the notice's own lists."""

    def __init__(self, responsibilities: Sequence[Responsibility]) -> None:
        self.static = _static_words()
        own = frozenset(
            w for r in responsibilities for u in r.units for w in (u.text, u.name)
            if len(w) >= _MIN_NAME
        )
        self.own = sorted(own - _static_vocabulary())
        """The notice's own names that the static vocabulary lacks (a few: found with
        str.find, no regex compiled for them)."""

    def _own_longest(self, text: str, start: int) -> dict[int, int]:
        """Where the notice's own names stand from *start*: the length of the longest at each
        place."""
        longest: dict[int, int] = {}
        for w in self.own:
            n = len(w)
            i = text.find(w, start)
            while i >= 0:
                if n > longest.get(i, 0):
                    longest[i] = n
                i = text.find(w, i + 1)
        return longest

    def scan(self, text: str, start: int, places: tuple[str, ...]) -> list[tuple[int, int]]:
        """Longest matches, left to right; a match right after the notice's place takes it in.
        Where a static name and one of the notice's own start at one place, the longer wins."""
        static = self.static
        own = self._own_longest(text, start) if self.own else {}
        own_at = sorted(own)
        k = 0
        out: list[tuple[int, int]] = []
        sm = static.search(text, start)
        pos = start
        while True:
            while k < len(own_at) and own_at[k] < pos:
                k += 1
            o = own_at[k] if k < len(own_at) else -1
            if sm is None and o < 0:
                return out
            if sm is not None and (o < 0 or sm.start() < o or (
                    sm.start() == o and sm.end() - o >= own[o])):
                i, pos = sm.start(), sm.end()
            else:
                i, pos = o, o + own[o]
            s = i
            for p in places:
                if text.endswith(p, start, i):
                    s = i - len(p)
                    break
            out.append((s, pos))
            if sm is not None and sm.start() < pos:
                sm = static.search(text, pos)
