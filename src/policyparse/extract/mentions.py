"""Units named in running prose: "市发展改革委要发挥牵头抓总作用", "市发展改革委会同市科技局、
市工业和信息化局等相关部门建立…机制".

A mention is not a responsibility (no list gives the unit a task there); it is kept apart in
``Document.mentions``. Recognition is by vocabulary, longest name first:

1. ``_Vocabulary``       the department table and the alias table of ``patterns/units.toml``
                        with each level prefix (市发展改革委, 省发展改革委 …: one regex, a tree
                        of their characters, :func:`trie_source`, compiled once and kept across
                        processes), and the names the notice's own unit lists use (as written
                        and canonical) that it lacks (found with str.find)
2. ``_Vocabulary.scan``  every vocabulary name in the text after the header, longest first
                        (:func:`leftmost_longest`; the static names by a regex for each
                        first character, :func:`split_finds`)
3. ``collective``       collectives from ``patterns/units.toml`` (各县区政府, 各有关部门;
                        searched for only around its ``needs``, :func:`finds_around`)
4. ``extract``          what falls inside a unit list or a table's unit cell (``_Taken``) or
                        a 《》 title (:func:`outside_titles`, on the lines of the few names
                        left) is left out; a name right after the notice's own place (锦州
                        + 市发展改革委) takes it in; each mention gets its canonical name and
                        section path

Why no jieba here: with its own dictionary jieba cuts known unit names apart where prose runs
on ("市/发展/改/革委会/同市/科技局", "委要", "生态环境/局等"), and given the names as a user
dictionary it finds what the vocabulary scan finds, after about a second of dictionary loading
per process. Where jieba earns its place is names the vocabulary does not hold: its word
boundaries tell "市/民族宗教/事务局" from "城市/发展/新格局" — see :mod:`.discover`
(opt-in, ``discover_units``).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, partial
from itertools import accumulate, chain, islice
from operator import gt, itemgetter
from typing import TYPE_CHECKING, Any

from .. import patterns, rxcache
from .._records import Mention, Responsibility
from ._common import Context
from ._text import title_spans, word_starts

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


def _collectives(text: str, start: int) -> list[tuple[int, int]]:
    """Where the collectives (各县区政府, 市直有关部门) stand from *start*: searched for only
    around the entry's ``needs`` (:func:`finds_around`), where its regex's width is bounded."""
    rx: Any = _collective()
    needs, width = _collective_needs()
    if width is not None:  # (a re pattern)
        return finds_around(rx, needs, width, text, start)
    return [m.span() for m in rx.finditer(text, start)]


@cache
def _collective_needs() -> tuple[tuple[str, ...], int | None]:
    """The collective entry's ``needs`` and the most characters a find of its regex spans
    (None where unbounded or not known: no needs, or not a ``re`` pattern)."""
    needs = patterns.load("units")["collective"].needs
    rx: Any = _collective()
    if not needs or not isinstance(rx, re.Pattern):
        return needs, None
    from ._firsts import SRE, parse_source

    most = parse_source(rx.pattern).getwidth()[1]
    return needs, None if most >= SRE.MAXREPEAT else int(most)


def finds_around(rx: re.Pattern[str], needs: Sequence[str], width: int, text: str,
                 start: int) -> list[tuple[int, int]]:
    """The spans ``rx.finditer(text, start)`` finds, for a regex each find of which holds one
    of *needs* and spans at most *width* characters: searched for only within *width* of
    each place a need stands (found with str.find), left to right.

    A find that holds the need at *i* starts after ``i - width`` and, where it starts by
    *i*, ends by ``i + width``: the search there, from the end of the last find, finds it
    whole, or an earlier one (which holds an earlier need, whose search would have found
    it). A find that starts after *i* holds a later need: its search takes it.

    >>> rx = re.compile("[各市](?:有关部门|级各有关部门)")
    >>> finds_around(rx, ["有关"], 7, "各级各有关部门和市有关部门", 0)
    [(0, 7), (8, 13)]
    """
    out: list[tuple[int, int]] = []
    pos = start  # where the last find ended
    search = rx.search
    # (no min and max, a call each: a search ends at the text's end, whatever end it is given)
    for i in sorted(word_starts(text, needs, start)):
        if i < pos:
            continue
        x = search(text, i - width if i - width > pos else pos, i + width)
        while x is not None and x.start() <= i:
            out.append(x.span())
            pos = x.end()
            x = search(text, pos, i + width) if pos <= i else None
    return out


def extract(ctx: Context, responsibilities: Sequence[Responsibility] = ()) -> list[Mention]:
    """The units named in the prose of the text after the header (see the module docstring)."""
    text, start = ctx.text, ctx.body_start
    taken = _Taken(sorted([r.span for r in responsibilities]))
    # most names the scan finds stand in the unit lists: they are dropped in bulk first, and
    # only the few left are widened by the notice's place (which can only add an overlap)
    places = ctx.home_places
    found = [(_with_place(text, start, s, places), e)
             for s, e in taken.outside(_Vocabulary(responsibilities).scan(text, start))]
    found += _collectives(text, start)
    found.sort(key=itemgetter(1))
    out: list[Mention] = []
    last_end = -1
    kept = outside_titles(text, start, taken.outside(found))
    for s, e in sorted(kept, key=lambda se: (se[0], -se[1])):
        if s < last_end:
            continue
        last_end = e
        out.append(Mention.new(
            text=text[s:e],
            name=ctx.lists.canonical_names([text[s:e]])[0],
            span=(s, e),
            path=ctx.index.path_at(s),
        ))
    return out


def outside_titles(text: str, start: int, spans: Iterable[tuple[int, int]],
                   ) -> list[tuple[int, int]]:
    """The *spans* that overlap no 《title》 of ``title_spans(text, start)``, in their order:
    the titles looked for only on the lines a span stands on, and only where one holds a 《.

    No title holds a line break (pieces.toml ``TITLE``): the titles the search from *start*
    finds on a line are those a search from the line's start (or *start*, inside it) to its
    end finds. A few dozen names are left to test after the unit lists (the scan finds
    hundreds): a search of the whole text for its titles cost five times as much.

    >>> outside_titles("落实《市财政局通知》\\n市财政局", 0, [(3, 7), (11, 15)])
    [(11, 15)]
    """
    out = []
    find, rfind = text.find, text.rfind
    for span in spans:
        s, e = span
        a = max(start, rfind("\n", 0, s) + 1)
        b = find("\n", e)
        if b < 0:
            b = len(text)
        if find("《", a, b) < 0 or not any(ts < e and s < te for ts, te in title_spans(text, a, b)):
            out.append(span)
    return out


def _with_place(text: str, start: int, s: int, places: tuple[str, ...]) -> int:
    """Where a name found at *s* begins: before the notice's own place if that stands right
    before it (锦州 + 市发展改革委), not before *start*."""
    for p in places:
        if text.endswith(p, start, s):
            return s - len(p)
    return s


class _Taken:
    """Spans that no mention may overlap (the unit lists and 《titles》), sorted by start."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        # their starts, and after them one no span's end reaches (no test that one is left)
        self.starts = [*map(itemgetter(0), spans), sys.maxsize]
        # reach[i + 1]: the furthest end among the first i + 1 spans (reach[0]: none): their
        # ends where these come in the order of their ends too (unit lists do not nest), else
        # a running maximum (a call of max for each, six times the cost of the test)
        ends = list(map(itemgetter(1), spans))
        self.reach = [-1, *(ends if ends == sorted(ends) else accumulate(ends, max))]

    def outside(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """The *spans* that overlap none of these, in their order, which is that of their
        ends (a run of finds left to right, as the vocabulary scan gives them; others sorted
        by end first).

        A span [s, e) overlaps one iff the furthest end among those that start before e
        passes s. Those are the first j of these, and j only grows from one span to the next,
        as e does: one walk along both lists, no bisection (the scan finds hundreds of names
        in a long notice's unit lists; a bisection for each, run by ``map``, cost six times
        as much).

        >>> _Taken([(2, 4), (10, 20)]).outside([(0, 2), (1, 3), (4, 10), (12, 14), (19, 25)])
        [(0, 2), (4, 10)]
        >>> _Taken([(0, 10), (2, 4)]).outside([(5, 6), (10, 12)])  # one inside another
        [(10, 12)]
        """
        starts, reach = self.starts, self.reach
        out = []
        j = 0  # these that start before the span's end: starts[:j]
        for span in spans:
            s, e = span
            while starts[j] < e:
                j += 1
            if reach[j] <= s:
                out.append(span)
        return out


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

    def emit(node: dict[str, Any], inner: bool) -> str:
        chars = sorted(ch for ch in node if ch)
        if not chars:
            return ""
        alts = [re.escape(ch) + emit(node[ch], True) for ch in chars]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if inner and len(alts) >= _CLASS_FIRST:
            # re tries the branches one after another, where a class is one look-up: most
            # places where a word's first character stands go on with none of its words (市场,
            # 市民), and fail there at once (not in front of the whole tree: re's search is
            # told the characters a pattern opens with, which a lookahead would hide)
            body = f"(?=[{''.join(map(re.escape, chars))}]){body}"
        return f"(?:{body})?" if "" in node else body

    return emit(root, False)


_CLASS_FIRST = 4
"""A node of the tree with this many branches or more opens with a lookahead of their first
characters (:func:`trie_source`): fewer fail about as fast one by one (the vocabulary's scan:
-0.2M instructions a pass over the samples)."""
_TRIE = "trie/class-first"
"""The kind under which the tree's source is kept across processes (``rxcache.remember``,
keyed by the word list): a new name for each new form of :func:`trie_source`, which the
cache's own stamps do not cover."""


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
    source = rxcache.remember(_TRIE, "\n".join(ordered), lambda: trie_source(ordered))
    return patterns.fixed_re(source)


@cache
def _static_parts() -> tuple[re.Pattern[str], ...]:
    """The static vocabulary's tree cut at its root: a regex for each first character, the
    tree (:func:`trie_source`) of the words that open with it (:func:`split_finds` runs
    them). ``re`` skips through a text to a regex's one opening character at once, where the
    whole tree, opening with a class of them, tests the class at every place."""
    words = sorted(_static_vocabulary())
    out = []
    for first in sorted({w[0] for w in words}):
        part = [w for w in words if w[0] == first]
        source = rxcache.remember(_TRIE, "\n".join(part), partial(trie_source, part))
        out.append(patterns.fixed_re(source))
    return tuple(out)


_SPAN = re.Match.span
_START = itemgetter(0)


def split_finds(whole: re.Pattern[str], parts: Sequence[re.Pattern[str]], text: str,
                start: int) -> list[tuple[int, int]]:
    """The spans ``whole.finditer(text, start)`` finds, for a regex *whole* that finds no
    empty match and *parts* that split it by the first character of a find (a
    :func:`trie_source` tree by its words' first characters): the parts' finds in text
    order, where no two of them overlap; else the whole's.

    Where none overlap, they are the whole's (where a find starts fixes its end, in its part
    as in the whole): a find of the whole that its part missed (the earliest) stands inside
    a find of that part that the whole passed over, for an earlier find of its own, which
    the parts found too: that one and the passed-over find overlap. And the parts' finds,
    none overlapping, leave the whole none to pass over.

    >>> whole = re.compile(trie_source(["市财政局", "局长"]))
    >>> parts = [re.compile(trie_source(["市财政局"])), re.compile(trie_source(["局长"]))]
    >>> split_finds(whole, parts, "市财政局和局长", 0)
    [(0, 4), (5, 7)]
    >>> split_finds(whole, parts, "市财政局长", 0)  # 局长 overlaps: the whole's
    [(0, 4)]
    """
    found = [finds for rx in parts if (finds := list(map(_SPAN, rx.finditer(text, start))))]
    if len(found) < 2:
        # one part's finds (most notices name units of one level: 市): one finditer's, which
        # never overlap
        return found[0] if found else []
    spans = sorted(chain.from_iterable(found))
    if any(map(gt, map(itemgetter(1), spans), map(itemgetter(0), islice(spans, 1, None)))):
        return list(map(_SPAN, whole.finditer(text, start)))
    return spans


class _Vocabulary:
    """The names to look for: the static vocabulary and the names of the notice's own lists."""

    def __init__(self, responsibilities: Sequence[Responsibility]) -> None:
        self.static = _static_words()
        own: set[str] = set()
        add = own.add
        for r in responsibilities:  # (one loop: no list of the units, no second walk)
            for u in r.units:
                add(u.text)
                add(u.name)
        # (difference, not difference_update: that would walk the whole static vocabulary)
        self.own = sorted(w for w in own.difference(_static_vocabulary()) if len(w) >= _MIN_NAME)
        """The notice's own names that the static vocabulary lacks (a few: found with
        str.find, no regex compiled for them)."""

    def scan(self, text: str, start: int) -> list[tuple[int, int]]:
        """The leftmost-longest names from *start*, left to right (:func:`leftmost_longest`
        of the static regex and the notice's own names)."""
        own = word_starts(text, self.own, start)
        found = split_finds(self.static, _static_parts(), text, start)
        return leftmost_longest(self.static, own, text, start, found)


def leftmost_longest(static: re.Pattern[str], own: dict[int, int], text: str,
                     start: int, found: list[tuple[int, int]] | None = None,
                     ) -> list[tuple[int, int]]:
    """The names from *start*, left to right, each the longest that starts leftmost after the
    one before: of the words of *static* (a :func:`trie_source` regex, which finds them so by
    itself) and of the words that *own* tells (where one starts: its length), the longer
    where both start at one place. *found*: what ``static`` finds from *start* (its spans,
    a list this changes), where the caller has it.

    The static names come from one ``finditer`` (or *found*); the own names, a few, are
    merged in where they stand, taking the place of the static names they cover. Where one
    ends inside a static name, the static regex searches again from its end, until it finds
    a name the first run found too (from there on the two runs agree: where a name starts
    fixes its end).

    >>> rx = re.compile(trie_source(["市财政局", "改革委"]))
    >>> leftmost_longest(rx, {}, "市财政局和发展改革委", 0)
    [(0, 4), (7, 10)]
    >>> leftmost_longest(rx, {1: 3, 5: 3}, "市财政局和发展改革委", 0)  # 财政局, 发展改
    [(0, 4), (5, 8)]
    """
    spans = list(map(_SPAN, static.finditer(text, start))) if found is None else found
    if not own:
        return spans
    # the starts of the static names, and after them one past the text's end (no own name
    # starts there, none ends after it: no test that a static name is left)
    starts = [*map(_START, spans), len(text) + 1]
    out: list[tuple[int, int]] = []
    j = 0  # the next static name
    pos = start  # where the last name ended
    for o in sorted(own):
        if o < pos:
            continue
        if starts[j] < o:  # the static names before o come first
            # (a bisection only then: most own names stand in the unit lists, many in one,
            # where the next static name comes after them)
            k = bisect_left(starts, o, j)
            out += spans[j:k]
            j, pos = k, spans[k - 1][1]
            if o < pos:
                continue
        n = own[o]
        if starts[j] == o and spans[j][1] - o >= n:
            continue  # the static name at o is as long: the next round takes it
        pos = o + n
        out.append((o, pos))
        if starts[j] < pos:
            # the own name cuts into static names: those from its end replace them
            again: list[tuple[int, int]] = []
            m = static.search(text, pos)
            while m is not None:
                k = bisect_left(starts, m.start(), j)
                if starts[k] == m.start():
                    break
                again.append(m.span())
                m = static.search(text, m.end())
            else:
                k = len(spans)
            spans[j:k] = again
            starts[j:k] = map(_START, again)
    out += spans[j:]
    return out
