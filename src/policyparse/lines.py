"""The lines stage: what every line of the normalized text is, decided once.

Between :mod:`~policyparse.normalize` and everything after it. :class:`LineIndex` reads each
line of the normalized text once and gives it a :class:`Kind` — a chapter or article label
(第X编 第X部分 第X章 第X节 第X条), a heading marker (一、 （一） 1. （1） ①), a line of a table
of contents, a lead sentence, a table row (cells between ``|``), a table's section row
written without its pipes, a key line (责任单位：… 完成时限：…), a note, an imprint line, the
start of the annexes, a dash bullet, a blank line or prose — with the marker it opens with (its
level and normalized label), the paragraph it belongs to, its zone (head, body, annex,
imprint) and whether it stands in a table; a table row's cells on demand
(:meth:`LineIndex.cells`), and the table rows read back as grids of
:class:`~policyparse.loaders.Cell` (:func:`pipe_tables`: consecutive rows make a table, the
rows inside the loader's real tables left out). Meta, the outline and the extractors ask the
index; none of them matches a marker or a table row on its own.

The rules are the patterns of ``patterns/outline.toml`` (and the key and note patterns of
``patterns/responsibilities.toml``), read through :mod:`policyparse.patterns`. A kind read off
one line alone is an entry of :data:`_LINE_KINDS`: adding one is a pattern in a pattern file,
a member of :class:`Kind` and a row there. Kinds that depend on the lines around (a table's
section row) are decided in :meth:`LineIndex._in_context`.

Before the index exists (normalize joining lines a page break cut, the loaders' joins) the
single-line questions are :func:`classify`, :func:`opens_block`, :func:`read_marker` and
:func:`is_table_row`: the same rules, asked of one line. Whether a text names a field of a
site's information block (索引号, 发文机关 …) is :func:`info_key`'s to say, for meta, the HTML
loader and normalize alike (:func:`is_info_key_line`: a line of only such a name).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from enum import Enum
from functools import cache, partial
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from . import patterns, rxcache
from ._dataclass import dataclass
from .extract._firsts import SRE, first_class, parse_source
from .loaders import Cell, Table
from .textmap import lines_holding

if TYPE_CHECKING:
    import regex


class Kind(str, Enum):
    """What a line is. The value is the name the ``policyparse lines`` table prints."""

    BLANK = "blank"
    ANNEX = "annex"
    """The start of the annexes: 附件, 附件1：…, 附表."""
    TABLE_ROW = "table_row"
    """Cells between ``|``: a table flattened to text."""
    TABLE_SECTION = "table_section"
    """A line opening with an outline marker between two table rows: the table's section row
    (一、… over the rows of its tasks) written without its pipes. Not a heading of the body."""
    DASH = "dash"
    """A dash bullet: ——重点突破，融合发展。"""
    CHAPTER = "chapter"
    """Opens with a chapter label: 第X编, 第X部分, 第X章, 第X节 (the ``structure`` group of
    outline.toml; its rank orders them)."""
    ARTICLE = "article"
    """Opens with an article label: 第X条 (its 款/项, （一） …, stand under it); read by the
    CHAPTER rule."""
    TOC = "toc"
    """A line of a table of contents: its 目录 title, an entry (a label line with a dotted leader
    or a page number, or several run together), a leader or page number on a line of its own.
    Decided from the lines around (:func:`toc_lines`); left out of the outline and of the
    annexes' start."""
    HEADING = "heading"
    """Opens with an outline marker: 一、 （一） 1. （1） ①."""
    KEY = "key"
    """Opens with a key: 责任单位：…, 牵头单位：…, 完成时限：…"""
    INFO_FIELD = "info_field"
    """A field of a site's information block above a notice: 索引号：…, 发文机关：…, 成文日期：…
    (meta.toml's ``info_field``: meta reads the fields, this says what the line is)."""
    NOTE = "note"
    """A note: 注：…, 备注：…, 说明：…"""
    IMPRINT = "imprint"
    """The 版记 under a notice: 抄送：…, …印发."""
    LEAD = "lead"
    """Opens with a short heading-like sentence ending in 。 and goes on: 加快淘汰落后产能。……
    (the outline takes it for an item only where two stand under one numbered section)."""
    PROSE = "prose"


# the members read on every line, as module globals (a read of Kind.X goes through the enum
# type's attribute hook)
(_BLANK, _ANNEX, _TABLE_ROW, _TABLE_SECTION, _DASH, _CHAPTER, _ARTICLE, _TOC, _HEADING, _LEAD,
 _IMPRINT, _PROSE) = (Kind.BLANK, Kind.ANNEX, Kind.TABLE_ROW, Kind.TABLE_SECTION, Kind.DASH,
                      Kind.CHAPTER, Kind.ARTICLE, Kind.TOC, Kind.HEADING, Kind.LEAD, Kind.IMPRINT,
                      Kind.PROSE)


# Kinds read off one line alone, tried in this order (the first that fits wins): the kind, the
# pattern file and id, and how it is tried: "match" at the line's start, "lstrip" at its first
# non-space, "search" anywhere in it. Chapter and article labels (the "structure" group of
# outline.toml, giving CHAPTER or ARTICLE) and then outline markers (the "marker" group, giving
# HEADING) are tried between DASH and NOTE. A note comes before a key: 备注：… is a note.
_LINE_KINDS: tuple[tuple[Kind, str, str, str], ...] = (
    (Kind.ANNEX, "outline", "annex_start", "match"),
    (Kind.TABLE_ROW, "outline", "table_line", "search"),
    (Kind.DASH, "outline", "dash_bullet", "match"),
    (Kind.CHAPTER, "outline", "structure", "match"),
    (Kind.HEADING, "outline", "marker", "match"),
    (Kind.NOTE, "responsibilities", "note_line", "match"),
    (Kind.KEY, "responsibilities", "role_key", "lstrip"),
    (Kind.KEY, "responsibilities", "other_key", "lstrip"),
    (Kind.INFO_FIELD, "meta", "info_field", "match"),
    (Kind.IMPRINT, "outline", "imprint_copy", "match"),
    (Kind.IMPRINT, "outline", "imprint_line", "match"),
    (Kind.LEAD, "outline", "lead_sentence", "match"),
)

OPENS_BLOCK = frozenset({Kind.ANNEX, Kind.TABLE_ROW, Kind.TABLE_SECTION, Kind.DASH,
                         Kind.CHAPTER, Kind.ARTICLE, Kind.HEADING, Kind.NOTE, Kind.KEY,
                         Kind.INFO_FIELD})
"""Kinds that open a block of their own: a line a page break or a wrap cut is never joined to
one of them (normalize)."""

# the kind of OPENS_BLOCK tried last (the single-line question stops there)
_LAST_OPENING = max(OPENS_BLOCK - {Kind.TABLE_SECTION, Kind.ARTICLE},
                    key=lambda k: max(i for i, e in enumerate(_LINE_KINDS) if e[0] is k))

_PARAGRAPH_BREAK = (OPENS_BLOCK | {Kind.TOC}) - {Kind.NOTE, Kind.KEY}
"""The kinds a paragraph does not run on into (:meth:`LineIndex.paragraph_at`). Key and note
lines (责任单位：…, 注：…) are left out: the normalizer already kept them off the line above,
and a line above that stops without a mark is read together with them."""

# a line ending in one of these ends its clause: the paragraph does not run on to the next line
_HARD_LINE_END = frozenset("，,；;。！？!?：:）)】〕」”’…")
# a line holding none of these is a bare heading or title: no paragraph runs on from it
_PROSE_MARKS = "，,。；;"
_PROSE_MARK = patterns.fixed_re(f"[{re.escape(_PROSE_MARKS)}]")


@dataclass(frozen=True)
class Marker:
    """The outline marker a line (or a table cell) opens with."""

    level: int
    """1 for 一、, 2 for （一）, 3 for 1., 4 for （1）, 5 for ①."""
    label: str
    """In the output's form: 二, （一）, 3, （4）, ⑤."""
    match: regex.Match[str]
    """The pattern's match (group ``num``: the number as written)."""
    rank: int = 0
    """Its rank (:data:`FAMILY_RANK`): FAMILY_RANK + level for the 一、 family; for a chapter
    or article label (level 0) the rank outline.toml gives it."""


_Read = tuple[Kind, "_Found | None", "regex.Match[str] | None"]

FAMILY_RANK = 10
"""Ranks order the headings: a heading closes every open section of its rank or a deeper one.
Chapter and article labels take the ranks outline.toml gives them (1 第X编 … 5 第X条); the
一、 family ranks below all of them: FAMILY_RANK + its level."""
ARTICLE_RANK = 5


@dataclass(frozen=True)
class _Marker:
    level: int
    label: str
    """The label in the output's form, with {num} for the number as written."""
    rx: regex.Pattern[str]
    head: str = ""
    tail: str = ""
    """The label around its {num} (:func:`_marker`): a line's label is head + num + tail, two
    joins where str.replace would look for the {num} in it."""


def _marker(level: int, label: str, rx: regex.Pattern[str], where: str) -> _Marker:
    """A marker or label of outline.toml (*where*: its id), its label split at its one {num}."""
    head, num, tail = label.partition("{num}")
    if not num or "{num}" in tail:
        raise patterns.PatternError(f"outline.toml [{where}]: a label holds {{num}} once: "
                                    f"{label!r}")
    return _Marker(level, label, rx, head, tail)


_Test = Callable[[str], "regex.Match[str] | None"]
_Entry = tuple[int, Kind, "_Test | None", "str | None"]
"""An entry of :data:`_LINE_KINDS`: its index, its kind, its test of a line (None for the
markers: :func:`read_marker`, and for chapter labels: :func:`read_chapter`) and the string
every line it fits holds (its pattern's ``needs``, where that is one string), if any."""
_Tries = tuple[tuple[_Entry, ...], bool]
"""The entries a line may fit, and whether it may open with an outline marker."""
_Step = tuple[Kind, "_Test | None", "str | None"]
"""An entry as a read tries it: its kind, its test and the string every line it fits holds."""
_Plan = tuple[tuple[_Step, ...], tuple["_Marker", ...], tuple["_Marker", ...], bool]
"""What a read tries on a line (:class:`_Plans`): the entries it may fit, in order, as far as
the read goes; the markers it may open with (none where it opens with no marker's
character), for the HEADING entry; those read after another entry fits (a table row may
open with a marker too): the same in a read of every entry, none in a read that stops early;
and whether the line opens with a space (only such a line may be blank: the others are not
asked)."""
_T = TypeVar("_T")


class _ByOpening(Generic[_T]):
    """What to try on a line, by the character it opens with (:class:`_Opening`): for each
    character an opening names, for any other decimal digit, any other space, and any other
    character."""

    __slots__ = ("by_first", "digit", "plain", "space")

    def __init__(self, openings: Sequence[_Opening | None],
                 make: Callable[[Callable[[_Opening], bool]], _T]) -> None:
        """*make* gives what to try from the test of whether an opening admits a character."""
        named = sorted({ch for op in openings if op is not None for ch in op.chars})
        self.by_first = {ch: make(partial(_Opening.admits, ch=ch)) for ch in named}
        self.plain = make(lambda op: False)
        self.digit = make(lambda op: op.digit)
        self.space = make(lambda op: op.space)

    def of(self, ch: str) -> _T:
        """What to try on a line opening with *ch*."""
        found = self.by_first.get(ch)
        if found is None:
            return self.digit if ch.isdecimal() else self.space if ch.isspace() else self.plain
        return found


@dataclass(frozen=True)
class _Opening:
    """The characters a test's matches open with (:func:`~policyparse.extract._firsts.
    first_class`, from the pattern's own source): a line that opens with none of them is not
    tried. An entry that cannot tell has none (any line is tried)."""

    chars: frozenset[str]
    digit: bool = False
    """Any decimal digit (``\\d``) too."""
    space: bool = False
    """Any space (``\\s``) too; a test at the first non-space (``lstrip``) admits them all."""

    def admits(self, ch: str) -> bool:
        return (ch in self.chars or (self.digit and ch.isdecimal())
                or (self.space and ch.isspace()))


_MODE_FLAGS = patterns.fixed_re(r"^\(\?[ms]+\)")


def _opening(rx: regex.Pattern[str], how: str) -> _Opening | None:
    """The characters a line that *rx* fits (tried as :data:`_LINE_KINDS` says) may open
    with, or None where any may: a test anywhere in the line, a pattern whose openings cannot
    be told, or a ``regex`` one whose openings hold a class such as ``\\d`` (whose members
    may not be those of str.isdecimal; under ``re`` they are)."""
    if how == "search" or rx.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # (flags given when compiled, not in the source the openings come from)
    # (multi-line or dot-all mode changes what ^, $ and . match, not what a match opens with)
    src = _MODE_FLAGS.sub("", rx.pattern, count=1)
    read = rxcache.remember("opening", src, lambda: _read_opening(src) or ())
    if not read:  # (the cache keeps () for None, which it takes for "not kept")
        return None
    chars, digit, space = read
    if (digit or space) and not isinstance(rx, re.Pattern):
        return None
    return _Opening(frozenset(chars), digit, space or how == "lstrip")


def _read_opening(src: str) -> tuple[str, bool, bool] | None:
    """The characters a match of *src* opens with (:func:`~policyparse.extract._firsts.
    first_class`), as a string, and whether any digit and any space open one too; None where
    that cannot be told. (Plain data: kept by the pattern cache across processes.)"""
    cls = first_class(src)
    if not cls:
        return None
    chars: list[str] = []
    digit = space = False
    parsed: Any = parse_source(cls)
    ((what, items),) = list(parsed)  # the class (one character alone: that character)
    for op, av in items if what is SRE.IN else [(what, items)]:
        if op is SRE.LITERAL:
            chars.append(chr(cast(int, av)))
        elif op is SRE.RANGE:
            lo, hi = cast("tuple[int, int]", av)
            chars.extend(map(chr, range(lo, hi + 1)))
        elif op is SRE.CATEGORY and av is SRE.CATEGORY_DIGIT:
            digit = True
        elif op is SRE.CATEGORY and av is SRE.CATEGORY_SPACE:
            space = True
        else:
            return None
    return "".join(chars), digit, space


def gated_match(rx: regex.Pattern[str], needs: Sequence[str] = ()) -> _Test:
    """The test of a text by *rx* at its start (under ``re`` where the pattern compiles there:
    :func:`patterns.for_match`), tried only where the text opens with a character its matches
    may open with (:class:`_Opening`) and holds one of *needs* (the pattern's ``needs``:
    strings of which every match holds one): a look at a character or a word instead of a
    regex call, for the many texts it does not fit. The same matches as ``rx.match``.

    >>> test = gated_match(patterns.fixed_regex(r"[（(]\\d+号[）)]"), ["号"])
    >>> test("（5号）").group(), test("5号"), test("（五）")
    ('（5号）', None, None)
    """
    rx = patterns.for_match(rx)
    match = rx.match
    opening = _opening(rx, "match")
    words = tuple(needs)
    holds = _holds(words)
    # (one word: looked for in the test itself, no call of a look between)
    word = words[0] if len(words) == 1 else None
    if opening is None:
        if word is not None:
            return lambda text: match(text) if word in text else None
        return match if holds is None else lambda text: match(text) if holds(text) else None
    admits = (opening.admits if opening.digit or opening.space
              else opening.chars.__contains__)
    if holds is None:
        return lambda text: match(text) if admits(text[:1]) else None
    if word is not None:
        return lambda text: match(text) if admits(text[:1]) and word in text else None
    return lambda text: match(text) if admits(text[:1]) and holds(text) else None


_NEVER: _Test = cast(_Test, {}.get)
"""A test that fits no text, without a call of Python (an empty dict's lookup)."""


class MatchTests:
    """The tests of a line at its start by several patterns (:func:`gated_match` each), and
    the same tests for the lines opening with a given character (:meth:`of`), where a pattern
    whose matches cannot open with it (:class:`_Opening`) gives :data:`_NEVER`: a reader that
    tries many patterns on a line passes over those that cannot fit it without a call of each
    one's gate. The tests of :meth:`of` find what those of :attr:`all` find on such a line.

    >>> tests = MatchTests([("n", patterns.fixed_regex(r"（\\d+）"), ())])
    >>> tests.of("（")["n"]("（3）").group(), tests.of("一")["n"] is _NEVER
    ('（3）', True)
    """

    __slots__ = ("_by_first", "_openings", "all")

    def __init__(self, pats: Iterable[tuple[str, regex.Pattern[str], Sequence[str]]]) -> None:
        """*pats*: each pattern's id, its regex and its ``needs``."""
        self.all: dict[str, _Test] = {}
        self._openings: dict[str, _Opening | None] = {}
        for pid, rx, needs in pats:
            self.all[pid] = gated_match(rx, needs)
            self._openings[pid] = _opening(patterns.for_match(rx), "match")
        self._by_first: dict[str, dict[str, _Test]] = {}

    def of(self, ch: str) -> dict[str, _Test]:
        """The tests of a line opening with *ch* ("" for an empty line), by pattern id (made
        the first time a line opens with it)."""
        found = self._by_first.get(ch)
        if found is None:
            found = self._by_first[ch] = {
                pid: test if (op := self._openings[pid]) is None or (ch and op.admits(ch))
                else _NEVER for pid, test in self.all.items()}
        return found


def gated_search(rx: regex.Pattern[str], needs: Sequence[str] = ()) -> _Test:
    """The search of a text by *rx*, tried only where the text holds one of *needs* (as in
    :func:`gated_match`). The same matches as ``rx.search``.

    >>> search = gated_search(patterns.fixed_regex(r"《(?P<t>[^》]+)》"), ["《"])
    >>> search("现将《方案》印发").group("t"), search("现将方案印发")
    ('方案', None)
    """
    search = rx.search
    words = tuple(needs)
    if len(words) == 1:  # (one word: looked for in the search itself)
        word = words[0]
        return lambda text: search(text) if word in text else None
    holds = _holds(words)
    return search if holds is None else lambda text: search(text) if holds(text) else None


def _holds(needs: Sequence[str]) -> Callable[[str], bool] | None:
    """The look for one of *needs* in a text (None where there are none)."""
    words = tuple(needs)
    if not words:
        return None
    if len(words) == 1:  # (one word: a look for it, no generator)
        word = words[0]
        return lambda text: word in text
    return lambda text: any(map(text.__contains__, words))  # (no generator's frame)


def _tries(kinds: tuple[_Entry, ...], openings: Sequence[_Opening | None],
           admits: Callable[[_Opening], bool]) -> _Tries:
    """The entries of *kinds* whose opening *admits* a line's first character."""
    entries = tuple(e for e, op in zip(kinds, openings, strict=True)
                    if op is None or admits(op))
    return entries, any(entry[1] is Kind.HEADING for entry in entries)


@dataclass(frozen=True)
class _Rules:
    markers: tuple[_Marker, ...]
    structure: tuple[_Marker, ...]
    """Chapter and article labels; ``level`` is the rank."""
    any_chapter: regex.Pattern[str]
    """The chapter and article labels as one pattern."""
    any_marker: regex.Pattern[str]
    """The markers as one pattern (the characters their lines open with: :class:`_Opening`)."""
    marker_tries: _ByOpening[tuple[_Marker, ...]]
    """The markers a line may open with, by its first character (each marker's own
    :class:`_Opening`), in file order: most marker lines are tried by the one marker they open
    with, in one call."""
    kinds: tuple[_Entry, ...]
    """Each kind's test of a line, in the order of :data:`_LINE_KINDS`."""
    last_entry: dict[Kind, int]
    """The index in *kinds* of each kind's last entry."""
    tries: _ByOpening[_Tries]
    """The entries of *kinds* a line may fit, by its first character."""
    plans: dict[Kind | None, _Plans]
    """What :func:`_read_line` tries on a line, by the kind a read stops at (None: a read of
    every entry) and the line's first character (:class:`_Plans`)."""
    toc_title: regex.Pattern[str]
    toc_title_test: _Test
    """toc_title's test of a stripped line (:func:`gated_match`: only a line opening as a title
    may and holding its ``needs`` is matched)."""
    toc_title_needs: tuple[str, ...]
    """toc_title's ``needs`` (:attr:`patterns.Pattern.needs`), read once."""
    toc_title_opening: str
    """The characters a title opens with (its :class:`_Opening`), "" where they cannot be told
    (or take in any digit or space): :func:`_holds_toc_title` looks for them at line starts."""
    toc_leader: regex.Pattern[str]
    toc_paged: regex.Pattern[str]
    toc_page: regex.Pattern[str]
    toc_entry: regex.Pattern[str]
    leader_needs: tuple[str, ...]
    """toc_leader's ``needs`` (:attr:`patterns.Pattern.needs`): every leader holds one of
    these strings …"""
    leader_class: regex.Pattern[str] | None
    """… or a run of characters of this class (toc_leader's ``needs_class``: private-use code
    points, which are not printable) …"""
    leader_run: int
    """… as long as this (toc_leader's ``needs_run``; 1 where it gives none)."""
    leader_looks: tuple[tuple[str, bool, str], ...]
    """Each of *leader_needs* as :func:`may_hold_leader` looks for it: its first character,
    whether that is looked for in the text's every *leader_run*-th character only (a need
    that is a run of one character at least that long holds it at one of them), and the
    need."""


def _test(rx: regex.Pattern[str], how: str) -> Callable[[str], regex.Match[str] | None]:
    """The test of a line by *rx*, tried as :data:`_LINE_KINDS` says (a test at the line's
    start under ``re`` where the pattern compiles there: :func:`patterns.for_match`)."""
    if how in ("match", "lstrip"):
        rx = patterns.for_match(rx)
    if how == "match":
        return rx.match
    if how == "search":
        return rx.search
    if how == "lstrip":
        return lambda line: rx.match(line.lstrip())
    raise ValueError(f"lines._LINE_KINDS: unknown way of trying a pattern: {how!r}")


_NAMED_GROUP = patterns.fixed_re(r"(?<!\\)\(\?P<\w+>")


def _any_of(rxs: Sequence[regex.Pattern[str]]) -> regex.Pattern[str]:
    """The patterns *rxs* as one alternation (under the flags of the first), to ask whether a
    line opens with any of them; its groups are not read. Under ``re`` where they all are
    (a call costs a fraction of one of ``regex``), their groups' names dropped (re refuses a
    name twice; the groups keep their numbers); else under ``regex``."""
    src = "|".join(f"(?:{rx.pattern})" for rx in rxs)
    flags = rxs[0].flags if rxs else 0
    if (all(isinstance(rx, re.Pattern) for rx in rxs)
            and "(?P=" not in src and "(?(" not in src):  # (no group asked for by its name)
        try:
            return cast("regex.Pattern[str]", patterns.fixed_re(_NAMED_GROUP.sub("(", src),
                                                                flags))
        except re.error:
            pass
    return patterns.fixed_regex(src, flags)


@cache
def _rules() -> _Rules:
    o = patterns.load("outline")
    markers = tuple(_marker(int(p.data["level"]), str(p.data["label"]), p.regex, p.id)
                    for p in o.group("marker"))
    structure = tuple(_marker(int(p.data["rank"]), str(p.data["label"]), p.regex, p.id)
                      for p in o.group("structure"))
    any_marker = _any_of([m.rx for m in markers])
    any_chapter = _any_of([m.rx for m in structure])
    kinds: list[_Entry] = []
    openings: list[_Opening | None] = []
    for i, (kind, file, pid, how) in enumerate(_LINE_KINDS):
        if pid in ("marker", "structure"):
            kinds.append((i, kind, None, None))
            openings.append(_opening(any_marker if pid == "marker" else any_chapter, "match"))
        else:
            p = patterns.load(file)[pid]
            # (the openings of the pattern the test runs: under re, where it compiles there)
            rx = p.regex if how == "search" else patterns.for_match(p.regex)
            kinds.append((i, kind, _test(rx, how), p.needs[0] if len(p.needs) == 1 else None))
            openings.append(_opening(rx, how))
    marker_openings = [_opening(m.rx, "match") for m in markers]

    def markers_admitting(admits: Callable[[_Opening], bool]) -> tuple[_Marker, ...]:
        return tuple(m for m, op in zip(markers, marker_openings, strict=True)
                     if op is None or admits(op))
    leader = o["toc_leader"].data
    rules = _Rules(markers=markers, structure=structure, any_chapter=any_chapter,
                   any_marker=any_marker,
                   marker_tries=_ByOpening(marker_openings, markers_admitting),
                   kinds=tuple(kinds),
                   last_entry={entry[1]: entry[0] for entry in kinds},
                   tries=_ByOpening(openings, partial(_tries, tuple(kinds), openings)),
                   plans={},
                   **{p: o.rx(p) for p in TOC_PATTERNS},
                   toc_title_test=gated_match(o.rx("toc_title"), o["toc_title"].needs),
                   toc_title_needs=o["toc_title"].needs,
                   toc_title_opening=_opening_chars(patterns.for_match(o.rx("toc_title"))),
                   leader_needs=o["toc_leader"].needs,
                   leader_class=(patterns.compile_expanded(leader["needs_class"],
                                                           "outline.toml [toc_leader]")
                                 if "needs_class" in leader else None),
                   leader_run=(run := int(leader.get("needs_run", 1))),
                   leader_looks=tuple((w[0], len(w) >= run and w == w[0] * len(w), w)
                                      for w in o["toc_leader"].needs))
    for upto in (None, *rules.last_entry):
        rules.plans[upto] = _Plans(rules, _ALL if upto is None else rules.last_entry[upto])
    return rules


def may_hold_leader(text: str) -> bool:
    """Whether *text* may hold a TOC's dotted leader (outline.toml ``toc_leader``): False
    where it holds none of the strings and characters every leader holds (a few fast looks
    instead of a search of each line).

    >>> may_hold_leader("一、总则......1"), may_hold_leader("达到2.5%。——重点突破")
    (True, False)
    """
    r = _rules()
    if not r.leader_needs and r.leader_class is None:
        return True  # no needs declared: any text may
    # each string looked for after its first character (a look for one character costs a
    # fraction of a character of a regex pass; an alternation of the strings tries each of
    # them at every character); the class's characters are not printable: a text that is
    # (its line breaks aside: each made a space, which is printable, in one copy instead of a
    # string a line) holds none, and is not searched for them. A run of leader_run
    # characters holds one at the offsets 0, leader_run, 2 * leader_run … of the text: the
    # class's characters and the first character of a need that is such a run are looked for
    # among those alone (a slice of the text with that step, made in C)
    run = r.leader_run
    sample = text[::run] if run > 1 else text
    for ch, sampled, w in r.leader_looks:  # (a loop: no generator's frame, once a text)
        if ch in (sample if sampled else text) and w in text:
            return True
    if r.leader_class is None:
        return False
    return (not sample.replace("\n", " ").isprintable()
            and r.leader_class.search(text) is not None)


def read_marker(line: str) -> Marker | None:
    """The outline marker *line* (or a table cell) opens with, or None. Markers are tried in
    the file order of ``patterns/outline.toml``.

    >>> [(m.level, m.label) for m in map(read_marker, ("(七)提升绿色物流", "二、健全流通体系"))]
    [(2, '（七）'), (1, '二')]
    >>> read_marker("一带一路建设") is None
    True
    """
    found = _marker_of(line)
    return None if found is None else Marker(*found)


_Found = tuple[int, str, "regex.Match[str]", int]
"""A :class:`Marker`'s fields, in its order (the index reads them into each line: no object
made between)."""


def _marker_of(line: str) -> _Found | None:
    """:func:`read_marker`'s marker, as its fields: only the markers whose matches may open
    with the line's first character are tried (:class:`_Opening`)."""
    return _marker_in(line, _rules().marker_tries.of(line[:1]))


def _marker_in(line: str, markers: tuple[_Marker, ...]) -> _Found | None:
    """The first of *markers* that *line* opens with, as a marker's fields."""
    for mk in markers:
        m = mk.rx.match(line)
        if m:
            return mk.level, mk.head + m.group("num") + mk.tail, m, FAMILY_RANK + mk.level
    return None


class _Plans(dict[str, _Plan]):
    """What a read up to the entry *last* of :data:`_LINE_KINDS` (:data:`_ALL`: every entry)
    tries on a line, by the line's first character: the entries of ``r.tries`` up to *last*
    and, where a HEADING entry is among ``r.tries``, the markers of ``r.marker_tries`` (made the
    first time a line opens with the character: a dict's lookup a line, where *tries* and
    *marker_tries* ask of each character whether it is a digit or a space)."""

    __slots__ = ("last", "rules")

    def __init__(self, rules: _Rules, last: int) -> None:
        super().__init__()
        self.rules = rules
        self.last = last

    def __missing__(self, ch: str) -> _Plan:
        r = self.rules
        entries, may_open = r.tries.of(ch)
        markers = r.marker_tries.of(ch) if may_open else ()
        steps = tuple((kind, test, need) for i, kind, test, need in entries if i <= self.last)
        plan = self[ch] = steps, markers, markers if self.last == _ALL else (), ch.isspace()
        return plan


def read_chapter(line: str) -> Marker | None:
    """The chapter or article label *line* opens with (level 0, its rank), or None.

    >>> [(m.rank, m.label) for m in map(read_chapter, ("第三章 发展目标", "第十二条本办法施行"))]
    [(3, '第三章'), (5, '第十二条')]
    >>> read_chapter("第二条高速公路建成通车") is None
    True
    """
    found = _chapter_of(line)
    return None if found is None else Marker(*found)


def _chapter_of(line: str) -> _Found | None:
    """:func:`read_chapter`'s label, as its fields."""
    r = _rules()
    if r.any_chapter.match(line) is None:
        return None
    for mk in r.structure:
        m = mk.rx.match(line)
        if m:
            return 0, mk.head + m.group("num").strip() + mk.tail, m, mk.level
    return None


def annex_match(line: str) -> regex.Match[str] | None:
    """The parts of an annex line (the kind ANNEX): group ``label`` (附件2) and ``rest`` (what
    follows its colon), or None for another line.

    >>> m = annex_match("附件 2：某市节能实施方案"); m.group("label"), m.group("rest")
    ('附件 2', '某市节能实施方案')
    """
    return patterns.load("outline").rx("annex_start").match(line)


@dataclass(slots=True)
class Line:
    """One line of the text and what it is."""

    number: int
    """Its index in the text's lines (0 for the first)."""
    start: int
    end: int
    """``text[start:end]`` is the line, without its newline."""
    kind: Kind
    marker: regex.Match[str] | None = None
    """The outline marker the line opens with, matched on the line alone (offsets from the
    line's start). Also on a table row or an annex line that opens with one: the kind says what
    the line is, the marker what it opens with."""
    level: int = 0
    """The marker's outline level (1 for 一、 … 5 for ①), 0 without a marker."""
    label: str | None = None
    """The marker's label in the output's form: 二, （一）, 3, （4）, ⑤; 第三章, 第十二条."""
    lead: regex.Match[str] | None = None
    """For a LEAD line: the lead sentence's match (group ``heading``), on the line alone."""
    paragraph: int = 0
    """The number of the first line of its paragraph (lines joined where a break cuts a
    sentence: :meth:`LineIndex.paragraph_at`)."""
    zone: str = "body"
    """head (before the first heading), body, annex (from the start of the annexes, after a
    heading), imprint (the 版记 at the end)."""
    in_table: bool = False
    """A table row, or a line standing between two table rows (a section row or a cell written
    without its pipes)."""
    rank: int = 0
    """The rank of the marker or label the line opens with (:data:`FAMILY_RANK`; 0 for none);
    a chapter or article label has level 0 and its rank."""

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _kind_of(line: str, upto: Kind | None = None) -> _Read:
    """The kind of *line* read alone, the marker it opens with and, for a LEAD, its match.
    With *upto*, the kinds after it in the order of :data:`_LINE_KINDS` are not tried (PROSE
    stands for them) and the marker is read only where the order comes to it: enough to tell
    whether the line is of that kind or one before it. Only the entries whose matches may
    open with the line's first character are tried (:class:`_Opening`)."""
    return _read_line(line, _rules().plans[upto])


_ALL = len(_LINE_KINDS)
_BLANK_READ: _Read = (_BLANK, None, None)
_PROSE_READ: _Read = (_PROSE, None, None)


def _read_line(line: str, plans: _Plans) -> _Read:
    """:func:`_kind_of`, the plans of the read given (the index reads every line with those
    of a read of every entry)."""
    if not line:
        return _BLANK_READ
    entries, markers, after, spaced = plans[line[0]]
    if spaced and line.isspace():
        return _BLANK_READ
    for kind, test, need in entries:
        if need is not None and need not in line:
            continue  # (a look for a character instead of a regex call)
        if test is None:
            if kind is _CHAPTER:
                chapter = _chapter_of(line)
                if chapter is not None:
                    return (_ARTICLE if chapter[3] >= ARTICLE_RANK else _CHAPTER,
                            chapter, None)
                continue
            found = _marker_in(line, markers)
            if found is not None:
                return kind, found, None
            after = ()  # (read: no marker to read after another entry fits)
            continue
        m = test(line)
        if m is not None:
            # a table row may open with a marker too
            return kind, _marker_in(line, after) if after else None, m if kind is _LEAD else None
    return _PROSE_READ


def classify(line: str) -> Kind:
    """The kind of one line read alone (a table's section row, which depends on the lines
    around, reads as a HEADING here).

    >>> [classify(s).value for s in ("一、总体要求", "2 | 推进改造。| 市工信局 |", "附件1：清单",
    ...                              "——重点突破", "责任单位：市工信局", "加快推进。落实…", "")]
    ['heading', 'table_row', 'annex', 'dash', 'key', 'lead', 'blank']
    """
    return _kind_of(line)[0]


def opens_block(line: str) -> bool:
    """Whether *line* opens a block of its own (:data:`OPENS_BLOCK`): an outline item, a dash
    bullet, the annexes, a table row, a key line (责任单位：…) or a field of a site's
    information block (索引号：…). A line cut by a page break is never joined to one.

    >>> opens_block("（二）加强监管"), opens_block("责任单位：市财政局"), opens_block("和改造。")
    (True, True, False)
    """
    return _kind_of(line, _LAST_OPENING)[0] in OPENS_BLOCK


def is_table_row(line: str) -> bool:
    """Whether *line* is a row of a table flattened to text (cells between ``|``)."""
    # (:func:`_kind_of`'s read up to TABLE_ROW, without its call: normalize asks many lines)
    return _read_line(line, _rules().plans[_TABLE_ROW])[0] is _TABLE_ROW


def row_cells(line: str) -> list[str] | None:
    """The cells of *line* read alone as a table row: the text between its ``|`` without the
    spaces around it (and without the empty edges outside its outer pipes); None where the
    line is no table row (:func:`is_table_row`).

    >>> row_cells("| 文号： | 某发〔2024〕6号 |"), row_cells("一、总体要求")
    (['文号：', '某发〔2024〕6号'], None)
    """
    if not is_table_row(line):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


@cache
def _info_keys() -> frozenset[str]:
    """The field names of a site's information block: meta.toml's ``INFO_KEY`` piece, a table
    of the names and what each fills in Meta (the same words its regexes use)."""
    return frozenset(patterns.table("meta", "INFO_KEY"))


_ANY_SPACE = patterns.fixed_regex(r"\s+")


def info_key(s: str) -> str | None:
    """The field of a site's information block (索引号, 发文机关, 成文日期 …) *s* names, the
    spaces a page puts in it and the colons after it ignored, or None: the one rule for what
    an information block's key is (meta reads the block, the HTML loader finds it, normalize
    joins a key line to its value with :func:`is_info_key_line`).

    >>> info_key("索 引 号："), info_key("标　　题"), info_key("正文"), info_key("索引号：：")
    ('索引号', '标题', None, '索引号')
    """
    key = _ANY_SPACE.sub("", s).rstrip("：:")
    return key if key in _info_keys() else None


def is_info_key_line(line: str) -> bool:
    """Whether *line* of the normalized text holds only an information block's field name
    (:func:`info_key`) and at most one colon after it, its value on the next line (a scrape
    that put every cell of the block on a line of its own). Stricter than :func:`info_key`:
    no space inside (normalize has closed a page's "索 引 号" before it asks) and one colon.

    >>> is_info_key_line("索引号："), is_info_key_line("发文字号"), is_info_key_line("成文日期:")
    (True, True, True)
    >>> is_info_key_line("索引号：000014349/2019-00002"), is_info_key_line("标题党")
    (False, False)
    >>> is_info_key_line("索引号：："), is_info_key_line("索 引 号：")
    (False, False)
    """
    return line in _info_key_lines()


@cache
def _info_key_lines() -> frozenset[str]:
    """The lines :func:`is_info_key_line` takes: each field name :func:`info_key` gives as it
    is (no space in it, no colon at its end), alone and with one colon after it (a set
    lookup a line, for the line of a short text normalize asks, instead of a regex call)."""
    return frozenset(k + colon for k in _info_keys() if info_key(k) == k
                     for colon in ("", "：", ":"))


def _runs_on(line: str) -> bool:
    """Whether a paragraph may run on past *line* (:meth:`LineIndex.paragraph_at`): a line of
    prose that stops where no clause stops. The break after it cuts a sentence unless the line
    below opens a block of its own (a kind of :data:`_PARAGRAPH_BREAK`) or is an empty last
    line.

    >>> _runs_on("推进节能，"), _runs_on("推进节能，降低能耗"), _runs_on("一、总体要求")
    (False, True, False)
    """
    return bool(line) and line[-1] not in _HARD_LINE_END and _PROSE_MARK.search(line) is not None


_new = object.__new__


class LineIndex:
    """Every line of a text with its kind, read once; lookups from an offset by bisection.

    >>> idx = LineIndex("一、总体要求\\n到2025年，完成改造\\n任务。\\n序号 | 任务 |")
    >>> [(ln.kind.value, ln.label, ln.paragraph) for ln in idx]
    [('heading', '一', 0), ('prose', None, 1), ('prose', None, 1), ('table_row', None, 3)]
    >>> idx.paragraph_at(9) == (7, 22)
    True
    """

    def __init__(self, text: str, parts: list[str] | None = None,
                 starts: list[int] | None = None) -> None:
        """The index of *text*; *parts* and *starts*, where the caller has them already (as
        :func:`~policyparse.normalize.normalize_split` gives them), are its lines
        (``text.split("\\n")``) and where each starts: taken as they are, not worked out
        again."""
        self.text = text
        if parts is None or starts is None:
            parts = text.split("\n")
            # each line's start: after the previous line and its newline
            starts = list(accumulate([len(part) + 1 for part in parts[:-1]], initial=0))
        self.texts = parts
        """The text of each line, without its newline, by its number (never changed: a reader
        that changes lines works on a copy)."""
        self.starts = starts
        read = list(map(_read_line, parts, itertools.repeat(_rules().plans[None])))
        self._kinds = kinds = [k for k, _, _ in read]
        leaders = may_hold_leader(text)
        if leaders or _holds_toc_title(text):
            for i in toc_lines(parts, leaders):  # (no title and no leader: no TOC)
                kinds[i] = _TOC
        self._present = present = set(kinds)
        """The kinds of the lines, and perhaps a kind none has any longer (a heading made a
        table's section row): a kind not in it is on no line, and the lines are not searched
        for it (one pass of the lines in C, where each search for a kind on no line was one)."""
        in_table = self._in_context(kinds, present)
        zones = self._zones(kinds, parts, present)
        self._numbers: dict[frozenset[Kind], list[int]] = {}
        lines: list[Line] = []
        append = lines.append
        para = 0
        before: str | None = None  # the line before (None: none)
        last = len(parts) - 1
        # the last line of each paragraph, by the number of its first line
        self._para_end: dict[int, int] = {}
        para_end = self._para_end
        for i, part, s, kind, (_, found, lead), zone, tab in zip(
                itertools.count(), parts, starts, kinds, read, zones, in_table):
            # (whether the line before stops where no clause stops is asked last: most lines
            # open a block of their own)
            if (before is None or kind in _PARAGRAPH_BREAK or not (part or i < last)
                    or not _runs_on(before)):
                para = i
            para_end[para] = i
            before = part
            # the line's fields stored one by one, not through Line's __init__ (whose call
            # costs about as much as the stores; test_lines checks that each field is set)
            ln = _new(Line)
            ln.number = i
            ln.start = s
            ln.end = s + len(part)
            ln.kind = kind
            if found is None:
                ln.marker = ln.label = None
                ln.level = ln.rank = 0
            else:
                ln.level, ln.label, ln.marker, ln.rank = found
            ln.lead = lead
            ln.paragraph = para
            ln.zone = zone
            ln.in_table = tab
            append(ln)
        self.lines = lines

    @staticmethod
    def _in_context(kinds: list[Kind], present: set[Kind]) -> list[bool]:
        """Kinds that depend on the lines around (changed in *kinds*, and added to *present*,
        the kinds of the lines), and which lines stand in a table. A line between two table
        rows (blank lines aside) that is no row, annex or bullet itself stands in the table:
        with a marker it is the table's section row written without its pipes
        (TABLE_SECTION), not a heading of the body."""
        if _TABLE_ROW not in present:
            return [False] * len(kinds)  # most texts: no table row, no line between two of them
        row = _TABLE_ROW
        in_table = [k is row for k in kinds]
        # (only a line from the first row to the last stands between two rows: the lines
        # there that are no row, few in a table, are looked at one by one)
        first, last = kinds.index(row), len(kinds) - 1 - kinds[::-1].index(row)
        for i in [i for i in range(first + 1, last) if kinds[i] is not row]:
            if kinds[i] in (_BLANK, _ANNEX, _DASH):
                continue
            # the lines above and below it, blank lines aside (a row at the first and the last)
            above = i - 1
            while kinds[above] is _BLANK:
                above -= 1
            below = i + 1
            while kinds[below] is _BLANK:
                below += 1
            if kinds[above] is row and kinds[below] is row:
                in_table[i] = True
                if kinds[i] is _HEADING:
                    kinds[i] = _TABLE_SECTION
                    present.add(_TABLE_SECTION)
        return in_table

    @staticmethod
    def _zones(kinds: list[Kind], parts: list[str], present: set[Kind]) -> list[str]:
        """head before the first heading line, annex from an annex start after it, imprint
        for the run of short lines at the end that holds an imprint line, body otherwise
        (*parts*: the lines' texts; *present*: their kinds)."""
        n = len(kinds)
        first = _first_of(kinds, (_HEADING, _CHAPTER, _ARTICLE), 0, present)
        annex = _first_of(kinds, (_ANNEX,), first, present)
        imprint = n
        for i in range(n - 1, -1, -1):
            if kinds[i] is _BLANK:
                continue
            if (kinds[i] in (_HEADING, _CHAPTER, _ARTICLE, _LEAD, _TABLE_ROW)
                    or len(parts[i]) > _IMPRINT_MAX):
                break
            if kinds[i] is _IMPRINT:
                imprint = i
        # the zones in order, each over a run of lines (one list, no test a line): the head
        # before the first heading (an imprint there aside), then the body, the annexes from
        # the first annex after it (annex >= first) and the imprint from where it starts
        imprint = max(first, imprint)
        body_end = min(annex, imprint)
        return (["head"] * first + ["body"] * (body_end - first)
                + ["annex"] * (imprint - body_end) + ["imprint"] * (n - imprint))

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self.lines)

    def __getitem__(self, i: int) -> Line:
        return self.lines[i]

    def number_at(self, pos: int) -> int:
        """The number of the line holding offset *pos* (a newline belongs to the line it ends)."""
        return max(bisect_right(self.starts, pos) - 1, 0)

    def at(self, pos: int) -> Line:
        """The line holding offset *pos*."""
        # (number_at's bisection, without its call: the extractors ask for many offsets)
        return self.lines[max(bisect_right(self.starts, pos) - 1, 0)]

    def from_offset(self, pos: int) -> Iterator[Line]:
        """The lines that start at or after *pos*, in order."""
        for i in range(bisect_left(self.starts, pos), len(self.lines)):
            yield self.lines[i]

    def first_from(self, pos: int) -> int:
        """The number of the first line that starts at or after *pos* (the number of lines
        where none does)."""
        return bisect_left(self.starts, pos)

    def numbers_of(self, *kinds: Kind) -> list[int]:
        """The numbers of the lines of *kinds*, in order (found once an index for each set of
        kinds asked).

        >>> LineIndex("一、总则\\n推进。\\n附件\\n二、附则").numbers_of(Kind.HEADING, Kind.ANNEX)
        [0, 2, 3]
        """
        key = frozenset(kinds)
        found = self._numbers.get(key)
        if found is None:
            wanted = key & self._present
            if len(wanted) > 1:
                found = [i for i, k in enumerate(self._kinds) if k in wanted]
            else:  # one kind or none: found by list.index (no step a line in Python)
                found = []
                for kind in wanted:
                    i = -1
                    with suppress(ValueError):  # (after the last line of the kind)
                        while True:
                            i = self._kinds.index(kind, i + 1)
                            found.append(i)
            self._numbers[key] = found
        return found

    def overlapping(self, start: int, end: int | None = None) -> Iterator[Line]:
        """The lines that hold some of ``text[start:end]`` (from the one holding *start*), in
        order."""
        stop = len(self.text) if end is None else end
        for i in range(self.number_at(start), len(self.lines)):
            ln = self.lines[i]
            if ln.start >= stop and ln.start > start:
                return
            yield ln

    def cells(self, line: Line) -> list[tuple[int, int]]:
        """The spans of a table row's cells (the text between ``|``, spaces around taken off),
        in the text.

        >>> t = "序号 | 任务 |\\n 1 |推进改造。| 市工信局 |"
        >>> idx = LineIndex(t)
        >>> [t[s:e] for s, e in idx.cells(idx[1])]
        ['1', '推进改造。', '市工信局', '']
        """
        return [(c.start, c.end) for c in self.row(line)]

    def row(self, line: Line) -> list[Cell]:
        """A table row's cells (:meth:`cells`), as the cells of a grid (:func:`pipe_tables`).

        >>> t = "序号 | 任务 |"
        >>> LineIndex(t).row(LineIndex(t)[0])[1]
        Cell(text='任务', start=5, end=7)
        """
        cells: list[Cell] = []
        append = cells.append
        s = line.start
        for raw in self.texts[line.number].split("|"):
            e = s + len(raw)
            words = raw.strip()
            # the cell's fields stored one by one, not through Cell's __init__ (whose call
            # costs about as much as the stores; test_lines checks that each field is set)
            cell = _new(Cell)
            if words is raw:  # most cells: no space around (strip gives the string itself)
                cell.text, cell.start, cell.end = raw, s, e
            else:  # after the spaces it opens with (spaces only: an empty cell where they end)
                cs = e - len(raw.lstrip())
                cell.text, cell.start, cell.end = words, cs, cs + len(words)
            append(cell)
            s = e + 1
        return cells

    def line_text(self, line: Line) -> str:
        """``text[line.start:line.end]``, as split once (:attr:`texts`)."""
        return self.texts[line.number]

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        """The paragraph holding *pos*: its lines, joined across breaks that cut a sentence
        (a line of prose that stops where no clause stops, before a line that opens no block).
        """
        lines = self.lines
        first = lines[lines[max(bisect_right(self.starts, pos) - 1, 0)].paragraph]  # (at(pos))
        return first.start, lines[self._para_end[first.number]].end


_IMPRINT_MAX = 60  # the lines of a 版记 are short: 抄送：… and …印发


def _first_of(kinds: list[Kind], wanted: tuple[Kind, ...], start: int,
              present: set[Kind]) -> int:
    """The index of the first of *kinds* from *start* on that is one of *wanted*, or the
    number of kinds where none is (list.index: no step a line in Python; a kind not in
    *present*, which holds every kind of *kinds*, is not looked for)."""
    first = len(kinds)
    for kind in wanted:
        if kind in present:
            with suppress(ValueError):  # (none before the first found so far)
                first = kinds.index(kind, start, first)
    return first


# --- tables of contents ----------------------------------------------------------------------

TOC_PATTERNS = ("toc_title", "toc_leader", "toc_paged", "toc_page", "toc_entry")
"""The patterns of outline.toml :func:`toc_lines` reads."""


def _holds_toc_title(text: str) -> bool:
    """Whether a line of *text* is a TOC's 目录 title: only the lines that open as a title may
    (:class:`_Opening`: 项目 and 目标 are everywhere, a line opening with 目 is rare) are
    matched, found by a look for each such character that only spaces stand before on its
    line; where the openings cannot be told, the lines holding what every title holds
    (toc_title's ``needs``)."""
    r = _rules()
    if not r.toc_title_needs:
        return True
    test = r.toc_title_test
    if not r.toc_title_opening:
        return any(test(text[s:e].strip()) for s, e in lines_holding(text, r.toc_title_needs))
    find = text.find
    for ch in r.toc_title_opening:
        i = find(ch)
        while i >= 0:
            before = text[i - 1] if i else "\n"
            if before == "\n" or (before.isspace()
                                   and text[text.rfind("\n", 0, i) + 1:i].isspace()):
                e = find("\n", i)
                if test(text[i:e if e >= 0 else len(text)].rstrip()):
                    return True
            i = find(ch, i + 1)
    return False


def _opening_chars(rx: regex.Pattern[str]) -> str:
    """The characters a match of *rx* at a text's start opens with (:func:`_opening`), in
    order; "" where they cannot be told or take in any digit or space."""
    op = _opening(rx, "match")
    if op is None or op.digit or op.space:
        return ""
    return "".join(sorted(op.chars))


def toc_lines(lines: list[str], leaders: bool = True) -> set[int]:
    """The indexes of *lines* that belong to a table of contents (blank lines inside it too).

    A TOC opens with a 目录 line and runs over its entries: lines with a dotted leader or a
    page number, lines holding only a leader or a number (the entry's end on a line of its
    own), and label lines whose leader stands on the next line. A 目录 followed by bare label
    lines (no leaders, no numbers) is a TOC when its first entry comes again: that is where the
    body begins. Without a 目录, a run of lines with dotted leaders is a TOC where page numbers
    stand after them (and so is the label line above a first leader that stands on a line of
    its own). *leaders*: False where the lines are known to hold no leader
    (:func:`may_hold_leader`), which spares the search of each line.

    >>> sorted(toc_lines(["目录", "一、总则......1", "二、附则......5", "一、总则", "正文。"]))
    [0, 1, 2]
    >>> sorted(toc_lines(["目录", "第一章总则", "第二章附则", "第一章总则", "第一条为了……"]))
    [0, 1, 2]
    >>> toc_lines(["目录", "第一章总则", "第一条为了规范管理，制定本办法。"])
    set()
    >>> toc_lines(["申报单位（盖章）", "________________", "联系人：________"])
    set()
    """
    r = _rules()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    texts = [lines[i].strip() for i in filled]
    out: set[int] = set()
    n = len(texts)
    i = 0
    while i < n:
        line = texts[i]
        j = i
        if r.toc_title_test(line):
            j, entries = _toc_run(texts, i + 1, r)
            if not entries:
                j = _bare_toc(texts, i + 1)
            if j == i + 1:
                j = i  # a 目录 line over no entries
        elif leaders and r.toc_leader.search(line):
            j, entries = _toc_run(texts, i, r)
            if not any(r.toc_paged.search(t) or (r.toc_page.match(t) and _has_number(t))
                       for t in texts[i:j]):
                j = i  # leaders without page numbers: a form's blanks, no TOC
            if (j > i > 0 and r.toc_page.match(line) and _toc_label(texts[i - 1])
                    and filled[i - 1] not in out):
                i -= 1  # the first entry's label, its leader on the line below
        if j > i:
            out.update(range(filled[i], filled[j - 1] + 1))
            i = j
        else:
            i += 1
    return out


_TOC_LINE_MAX = 60


def _toc_run(texts: list[str], j: int, r: _Rules) -> tuple[int, int]:
    """Where a run of TOC entries starting at *j* ends, and how many entries with a leader or
    a page number it holds."""
    n = len(texts)
    entries = 0
    while j < n:
        line = texts[j]
        if r.toc_leader.search(line) or r.toc_entry.match(line):
            entries += 1
        elif not r.toc_page.match(line) and not (
                _toc_label(line) and j + 1 < n
                and (r.toc_page.match(texts[j + 1]) or r.toc_leader.match(texts[j + 1]))):
            break
        j += 1
    return j, entries


def _has_number(line: str) -> bool:
    return any(ch.isdigit() or ch in "ivxlcIVXLC" for ch in line)


def _toc_label(line: str) -> bool:
    return 0 < len(line) <= _TOC_LINE_MAX and not any(ch in line for ch in "。；;")


_BARE_TOC_MAX = 200


def _bare_toc(texts: list[str], j: int) -> int:
    """The end of a TOC of bare label lines starting at *j*: the line where its first entry
    comes again (the body's first heading), or *j* when there is none."""
    first = "".join(texts[j].split()) if j < len(texts) else ""
    if not _toc_label(first) or (read_chapter(first) is None and read_marker(first) is None):
        return j
    for k in range(j + 1, min(len(texts), j + _BARE_TOC_MAX)):
        line = "".join(texts[k].split())
        if line == first:
            return k
        if not _toc_label(line):
            return j
    return j


# --- tables flattened to | lines, read back as grids ---------------------------------------


def pipe_tables(text: str, skip: Sequence[tuple[int, int]] = (),
                lines: LineIndex | None = None) -> list[Table]:
    """The tables flattened into *text* as lines of ``|``-separated cells, as grids (*lines*:
    the text's line index, read here when not given).

    Consecutive table rows make one table (blank lines inside do not end it). A table's section
    row written without its pipes between two rows (:attr:`~policyparse.lines.Kind.TABLE_SECTION`,
    一、… over the rows of its tasks) is a row of one cell, or, where the row below leaves its
    first cell empty, that cell (wrapped onto a line of its own). Lines in *skip* (the regions
    of the loader's real tables) are left out. Header lines stay in the grid (the grid function
    knows them); section cells are not carried down here (the grid function carries them).

    >>> t = "重点任务|责任单位|\\n一、生产体系| 1 |推进升级。|市工信局|\\n2 |鼓励改造。|市财政局| |"
    >>> for row in pipe_tables(t)[0].rows:
    ...     print([c.text for c in row])
    ['重点任务', '责任单位', '']
    ['一、生产体系', '1', '推进升级。', '市工信局', '']
    ['2', '鼓励改造。', '市财政局', '', '']
    """
    lines = lines or LineIndex(text)
    kinds = lines._kinds
    if _TABLE_ROW not in lines._present:
        return []  # most texts
    first, last = kinds.index(_TABLE_ROW), len(kinds) - 1 - kinds[::-1].index(_TABLE_ROW)
    regions = Regions(skip)
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    held: Cell | None = None  # a wrapped section cell waiting for its row
    # from the first row to the last (a table ends at the first line of another kind after it)
    for ln in lines.lines[first:last + 1]:
        kind = ln.kind
        if kind is _TABLE_ROW and (not skip or not regions.overlaps(ln.start, ln.end)):
            cells = lines.row(ln)
            if held is not None and cells and not cells[0].text:
                cells[0] = held
            elif held is not None:
                rows.append([held])  # the table's section row: a row of its own
            held = None
            rows.append(cells)
            continue
        if not rows or kind is _BLANK:
            continue  # outside a table, or a blank line inside one
        if held is None and kind is _TABLE_SECTION:
            held = stripped_cell(text, ln.start, ln.end)
            continue
        tables.append(Table(rows=rows))
        rows = []
        held = None
    if rows:
        tables.append(Table(rows=rows))
    return tables


def stripped_cell(text: str, s: int, e: int) -> Cell:
    """The cell of ``text[s:e]`` with the spaces around its text taken off."""
    return _cell_at(text[s:e], s)


def _cell_at(raw: str, s: int) -> Cell:
    """The cell whose text with its spaces around is *raw*, standing at *s*."""
    text = raw.lstrip()
    s += len(raw) - len(text)
    text = text.rstrip()
    return Cell(text=text, start=s, end=s + len(text))


def table_regions(tables: list[Table]) -> list[tuple[int, int]]:
    """The stretch of text each real table covers, from its first cell to its last."""
    out = []
    for t in tables:
        cells = [c for row in t.rows for c in row if c.end > c.start]
        if cells:
            out.append((min(c.start for c in cells), max(c.end for c in cells)))
    return out


class Regions:
    """Stretches of the text (the regions of the loader's tables): whether a span overlaps one
    of them, found by bisection (a long PDF's lines against its many tables).

    >>> r = Regions([(10, 20), (0, 5)])
    >>> r.overlaps(4, 8), r.overlaps(5, 10), r.overlaps(19, 30)
    (True, False, True)
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))  # running max of the ends

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a region: one that starts before *e* reaches past *s*."""
        i = bisect_left(self._starts, e) - 1
        return i >= 0 and self._reach[i] > s
