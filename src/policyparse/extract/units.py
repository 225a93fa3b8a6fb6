"""Unit lists: one list read into names and roles, and the canonical name of each unit.

Shared by the inline extractor (``responsibilities.py``) and the table extractor
(``tables.py``). A list is the inside of a parenthetical or the text of a table cell; it is read
in these stages:

1. ``_mask``            brackets nested in the list are blanked out, so that the commas of
                        "各区人民政府〈含开发区，下同〉" split nothing
2. ``_cut_convention``  "列第一位者为牵头单位(，下同)" is noted and taken out of the list
3. ``_segments``        role keys (牵头单位：) and role verbs after names (X牵头，Y配合) cut the
                        list into segments, each with the role it states, if any
4. ``_piece_spans``     each segment splits on 、，,；; (and where two names meet with nothing
                        between them: 市发改委市财政局) into pieces;
   ``_candidates``      a piece gives a name when a lead-in (由, opening a segment), a trailing 等
                        and a role note (（牵头）) come off; what is not a name is rejected
5. ``roles``            the role of each name: lead and support where the list says so (or the
                        first-listed convention), else responsible
6. ``canonical_names``  a level prefix carried over (市工业信息化局、发展改革委 → 市发展改革委),
                        notes dropped and short forms resolved (市工信局 → 市工业和信息化局)

:class:`ListReader` reads the lists of one notice, remembering what each distinct piece gives
and each canonical name (names recur from list to list); :func:`read_list` reads one list.

Rules: ``patterns/units.toml`` (names) and ``patterns/responsibilities.toml`` (roles).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns, rxcache
from .._dataclass import dataclass, field
from .._records import Meta, Role, Unit
from ..lines import Kind, LineIndex
from ..textmap import line_spans, lines_holding
from ._firsts import first_class, lead

if TYPE_CHECKING:
    import regex

_NOTES_IN = patterns.fixed_re(r"[（(][^（）()]*[）)]")
_MASK = "\ue000"  # stands for a nested bracket's text: matches no pattern
_SENTENCE_END = "。；;"
_BLANK_SEGMENT = " \t\n，,；;。、：:"  # a segment of nothing but these holds no name
_FULL_STOP_CHARS = "。！？!?"  # a list's sentence ends here: what follows may be a note
_FULL_STOP = patterns.fixed_re(f"[{_FULL_STOP_CHARS}]")
_NAME_MAX = 40
_HAN = patterns.fixed_regex(r"\p{Han}")
_CJK_FIRST, _CJK_LAST = "\u4e00", "\u9fff"  # the CJK Unified Ideographs: every one is \p{Han}


@dataclass(frozen=True)
class _Rules:
    opens: str
    list_opens: str
    bracket: re.Pattern[str]
    """Any bracket: a plain character class, which the standard library's re scans about
    twice as fast as regex (it runs over every line of the body)."""
    brackets: str
    """Every bracket, opening and closing."""
    bound: regex.Pattern[str]
    """Where one name of a list ends and the next begins: a ``separator`` (、，；) or the
    point where two names meet with nothing between them (``glued``): the two patterns
    of patterns/units.toml as one alternation, so that a segment is cut in one scan."""
    unit_name: regex.Pattern[str]
    not_unit: regex.Pattern[str]
    trailing_etc: regex.Pattern[str]
    lead_in: regex.Pattern[str]
    role_note: regex.Pattern[str]
    level_prefix: regex.Pattern[str]
    standalone: regex.Pattern[str]
    body: regex.Pattern[str]
    departments: frozenset[str]
    """Department names without a level prefix (the vocabulary and the alias table)."""
    dept_end: regex.Pattern[str]
    home_place: regex.Pattern[str]
    note: regex.Pattern[str]
    role_key: regex.Pattern[str]
    role_verb: regex.Pattern[str]
    verb_opening: regex.Pattern[str]
    """role_verb without its opening test that no name ends in a role word (``NAMED_ROLE``:
    各项目牵头单位), led by a lookahead for the characters a match opens with: the ``regex``
    engine runs it over a list in about half the steps (with the test, a lookahead does not
    help); :func:`_role_verbs` makes the test apart, at the few places where it matches."""
    named_role: regex.Pattern[str] | None
    """The ``NAMED_ROLE`` test that role_verb opens with (None where it does not: then
    ``verb_opening`` is role_verb itself)."""
    named_firsts: frozenset[str] | None
    """The characters a match of ``named_role`` opens with (None where they cannot be told):
    at a role verb that opens with none of them (按职责分工负责, most) the test cannot match and
    is not made."""
    role_words: re.Pattern[str]
    """Any word that a match of role_key or role_verb holds (their ``needs``)."""
    verb_words: re.Pattern[str]
    """Any word that a match of role_verb holds."""
    other_key: regex.Pattern[str]
    first_listed: regex.Pattern[str]
    first_listed_words: tuple[str, ...]
    """The words one of which every statement of the first-listed convention holds (its
    ``needs``)."""
    carries_on: regex.Pattern[str]
    refers_back: regex.Pattern[str]
    place: regex.Pattern[str]
    aliases: dict[str, str]
    head_aliases: list[tuple[str, str]]
    head_firsts: frozenset[str]
    """The first character of each short head of ``head_aliases``: a name that opens with
    none (most) has no head to resolve."""
    needs: dict[str, re.Pattern[str]]
    """Any word of those one of which every match of a pattern holds (its ``needs``), by id:
    a text without any is not searched."""
    trims: re.Pattern[str]
    """Any word that a lead-in, a role note or a trailing 等 holds (their ``needs``): a piece
    without one is its name as it stands, stripped (:func:`_trim` has nothing to take off)."""
    plain_breaker: re.Pattern[str]
    """What a list must not hold to be read as a plain list (:meth:`ListReader._read_plain`):
    a bracket, a colon, a sentence's end, or a word that a role key, a role verb or the
    first-listed convention holds."""
    sentence_breaker: re.Pattern[str]
    """What a list must not hold to be read as one sentence with nothing to mask and no
    convention (:meth:`ListReader._read`): a bracket, a sentence's end, or a word that the
    first-listed convention holds."""


@cache
def _rules() -> _Rules:
    u = patterns.load("units")
    r = patterns.load("responsibilities")
    brackets = patterns.table("units", "brackets")
    heads = patterns.table("units", "head_aliases")
    aliases: dict[str, str] = dict(patterns.table("units", "aliases"))
    verb_opening, named_role, named_firsts = _split_role_verb(r)
    return _Rules(
        opens=brackets["open"],
        list_opens=brackets["open_list"],
        bracket=patterns.fixed_re(
            "[" + "".join(map(re.escape, brackets["open"] + brackets["close"])) + "]"
        ),
        brackets=brackets["open"] + brackets["close"],
        bound=patterns.compile_expanded(
            f"(?:{u['separator'].expanded})|(?:{u['glued'].expanded})", "units.toml [bound]"),
        unit_name=u.rx("unit_name"),
        not_unit=u.rx("not_unit"),
        trailing_etc=u.rx("trailing_etc"),
        lead_in=u.rx("lead_in"),
        role_note=u.rx("role_note"),
        level_prefix=u.rx("level_prefix"),
        standalone=u.rx("standalone"),
        body=u.rx("body"),
        departments=frozenset(patterns.table("units", "departments")["names"])
        | frozenset(aliases) | frozenset(aliases.values()),
        dept_end=u.rx("dept_end"),
        home_place=u.rx("home_place"),
        note=u.rx("note"),
        role_key=r.rx("role_key"),
        role_verb=r.rx("role_verb"),
        verb_opening=verb_opening,
        named_role=named_role,
        named_firsts=named_firsts,
        role_words=patterns.any_word(r["role_key"].data["needs"] + r["role_verb"].data["needs"]),
        verb_words=patterns.any_word(r["role_verb"].data["needs"]),
        other_key=r.rx("other_key"),
        first_listed=r.rx("first_listed"),
        first_listed_words=r["first_listed"].needs,
        carries_on=r.rx("carries_on"),
        refers_back=r.rx("refers_back"),
        place=u.rx("place"),
        aliases=aliases,
        head_aliases=sorted(heads.items(), key=lambda kv: -len(kv[0])),
        head_firsts=frozenset(short[0] for short in heads),
        needs={p.id: p.needs_rx for ps in (u, r) for p in ps if p.needs_rx is not None},
        trims=patterns.any_word([*u["lead_in"].needs, *u["role_note"].needs,
                                 *u["trailing_etc"].needs]),
        plain_breaker=patterns.any_word([
            *brackets["open"], *brackets["close"], ":", "：", *_FULL_STOP_CHARS,
            *r["role_key"].data["needs"], *r["role_verb"].data["needs"],
            *r["first_listed"].data["needs"]]),
        sentence_breaker=patterns.any_word([
            *brackets["open"], *brackets["close"], *_FULL_STOP_CHARS,
            *r["first_listed"].data["needs"]]),
    )


_NAMED_ROLE_TEST = "(?!{NAMED_ROLE})"


def _split_role_verb(r: patterns.PatternSet) -> tuple[
        regex.Pattern[str], regex.Pattern[str] | None, frozenset[str] | None]:
    """role_verb as ``verb_opening``, ``named_role`` and ``named_firsts`` (:class:`_Rules`),
    all built from its own source in patterns/responsibilities.toml."""
    src = r["role_verb"].source
    if not src.startswith(_NAMED_ROLE_TEST):
        return r.rx("role_verb"), None, None
    where = "responsibilities.toml [role_verb]"
    rest = patterns.expand(src[len(_NAMED_ROLE_TEST):], where, r.pieces)
    named = patterns.expand("{NAMED_ROLE}", where, r.pieces)
    return (patterns.compile_expanded(lead(rest), where),
            patterns.compile_expanded(named, where), _first_chars(named))


def _first_chars(src: str) -> frozenset[str] | None:
    """The characters a match of *src* opens with, where
    :func:`~policyparse.extract._firsts.first_class` tells them and names each as itself
    (``[协参牵责配]``); else None (a class with an escape: ``\\d``, ``\\u3001``). Kept across
    processes with the classes :func:`~policyparse.extract._firsts.lead` works out.

    >>> sorted(_first_chars("(?<=各)(?:牵头|配合)单位")), _first_chars(r"\\d年")
    (['牵', '配'], None)
    """
    cls = rxcache.remember("first-class", src, lambda: first_class(src) or "")
    if not cls or "\\" in cls:
        return None
    return frozenset(cls[1:-1])


def squeeze(s: str) -> str:
    """*s* without whitespace (names are compared so; PDFs leave spaces inside them)."""
    return "".join(s.split())


def role_of(m: regex.Match[str]) -> Role | None:
    """The role a match of a pattern with groups ``lead``/``support``/``guidance``/
    ``responsible`` gives (the role words: the ROLE_* pieces of patterns/pieces.toml): the
    name of its last group that took part, where that is a role group.

    In every pattern with role groups, they are alternatives of one alternation, none inside
    a repeat or a lookaround, and no capturing group follows them (a group nested in one
    closes before it): at most one takes part in a match, and where one does it is the last
    group that matched (``lastgroup``). tests/extract/test_units.py derives that from each
    such pattern's parse and checks it on the patterns' examples and on random lists.
    """
    return _ROLE_GROUP.get(m.lastgroup)


_ROLE_OF_NAME = itemgetter(3)
"""The role of a :class:`Name` (its fourth field), read in C."""
_ROLES: tuple[Role, ...] = ("lead", "support", "guidance", "responsible")
_ROLE_GROUP: dict[str | None, Role] = {r: r for r in _ROLES}


# --- brackets ------------------------------------------------------------------------------


def bracket_positions(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where the brackets of ``text[start:end]`` stand, in order, for :func:`bracket_groups`
    to read many stretches of a long text by (each bracket looked for with ``str.find``, which
    runs over a long text many times faster than a search for a class of them)."""
    if end is not None and end < len(text):
        text = text[:end]  # (finds to its end take one argument fewer: one for each bracket)
    out: list[int] = []
    find = text.find
    for ch in _rules().brackets:
        i = find(ch, start)
        while i >= 0:
            out.append(i)
            i = find(ch, i + 1)
    out.sort()
    return out


def bracket_groups(text: str, start: int, end: int,
                   positions: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """The outermost bracket groups of ``text[start:end]`` as ``(open, close + 1)`` offsets;
    *positions*: where its brackets stand (those of :func:`bracket_positions` of a longer
    stretch that fall in it), else they are looked for here.

    Any closing bracket closes the latest open one (notices mix widths and kinds). A bracket
    left open drops out and what it held counts as outermost.

    >>> t = "落实（市农业农村局、自然资源局(林草局)等负责）。（试行"
    >>> [t[s:e] for s, e in bracket_groups(t, 0, len(t))]
    ['（市农业农村局、自然资源局(林草局)等负责）']
    """
    r = _rules()
    if positions is None:
        if r.bracket.search(text, start, end) is None:
            return []  # most names: no bracket at all
        positions = [m.start() for m in r.bracket.finditer(text, start, end)]
    elif not positions:
        return []
    opens = r.opens
    if len(positions) == 2:  # most stretches that hold one: a single pair, or none
        a, b = positions
        if text[a] in opens:
            return [] if text[b] in opens else [(a, b + 1)]
    stack: list[int] = []  # where the brackets still open stand
    inner: dict[int, list[tuple[int, int]]] = {}  # the groups closed inside an open one
    top: list[tuple[int, int]] = []
    for i in positions:
        if text[i] in opens:
            stack.append(i)
        elif stack:
            s = stack.pop()
            if stack:  # (most groups are outermost: no list is made for what each holds)
                inner.setdefault(stack[-1], []).append((s, i + 1))
            else:
                top.append((s, i + 1))
    if stack and inner:
        for s in stack:  # left open: what it held is outermost
            top.extend(inner.get(s, ()))
        top.sort()
    return top


def list_openers() -> str:
    """The brackets a unit list may stand in: （ ( 〔 ［ [ 【."""
    return _rules().list_opens


def _mask(text: str) -> str:
    """*text* with every bracket group blanked out (same length)."""
    if _rules().bracket.search(text) is None:
        return text  # most names hold no bracket
    out = list(text)
    for s, e in bracket_groups(text, 0, len(text)):
        out[s:e] = _MASK * (e - s)
    return "".join(out)


# --- reading a list ------------------------------------------------------------------------


class Name(NamedTuple):
    """One name of a list, where it stands, and the role the list states for it (if any)."""

    text: str
    start: int
    end: int
    role: Role | None = None


@dataclass
class UnitList:
    """What :func:`read_list` made of a list."""

    names: list[Name] = field(default_factory=list)
    stated: bool = False
    """A role key, a role verb or a role note says this is a list of units (责任单位：…,
    …负责, （牵头）). Where none does, only names that look like units on their own (they end
    like one: 局, 委, 政府, 部门 …) are taken."""
    first_listed: bool = False
    """The list states that its first-listed unit leads."""
    carries_on: bool = False
    """…and that this holds for the lists after it too (下同)."""
    rejected: list[tuple[int, int]] = field(default_factory=list)
    """Pieces that were not taken for names, as offsets."""


class _Segment(NamedTuple):
    start: int
    end: int
    role: Role | None
    stated: bool


_tuple_new = tuple.__new__
"""Makes a :class:`Name`, a :class:`_Segment` or a :class:`_Candidate` from a tuple of all its
fields: what their Python-level ``__new__`` does, at a fraction of its cost (a list makes one
for every name and part it holds)."""
_new_record = object.__new__
"""Makes a record (:class:`~policyparse._records.Unit`) whose fields the caller then sets, each
of them (tests/extract/test_units.py holds :meth:`ListReader.make_units` to that): in this loop,
which makes most of a parse's records, even ``Unit.new``'s call costs 0.4M instructions a pass
over the samples."""


def read_list(text: str, start: int, end: int) -> UnitList:
    """Read ``text[start:end]`` (a parenthetical's inside, or a table cell) as a unit list.

    >>> t = "牵头单位：市发展改革委；配合单位：市财政局、各县区政府等"
    >>> [(n.text, n.role) for n in read_list(t, 0, len(t)).names]
    [('市发展改革委', 'lead'), ('市财政局', 'support'), ('各县区政府', 'support')]
    """
    return ListReader().read(text, start, end)


class ListReader:
    """Reads the unit lists of one notice (:func:`read_list`) and names their units
    (:func:`make_units`); *places* are the notice's own (:func:`home_places`).

    Names recur from list to list (市发展改革委 stands in most rows of a task table), so what
    a list's text gives (its names' offsets counted from where it was first read), what a piece
    between two separators holds, and the canonical name of a name after a given prefix, are
    worked out once per notice.
    """

    def __init__(self, places: tuple[str, ...] = ()) -> None:
        self.places = places
        self._lists: dict[tuple[str, bool, Role | None], tuple[
            int, tuple[Name, ...], bool, bool, bool, tuple[tuple[int, int], ...]]] = {}
        self._pieces: dict[tuple[str, bool], tuple[_Candidate, ...]] = {}
        """:func:`_candidates` of each distinct (piece, opens a segment), looked up inline by
        :meth:`_read` and :meth:`_read_plain` (once a piece: a call saved)."""
        self._canonical: dict[tuple[str, str], tuple[str, str]] = {}

    def read(self, text: str, start: int, end: int, *, of_units: bool = False,
             role: Role | None = None) -> UnitList:
        """Read ``text[start:end]`` as a unit list (see :func:`read_list`); a list whose text
        was read before is not read again (a new :class:`UnitList`, its offsets moved).
        *role*: the role of each name the list states none for (a table column's), given
        to the names as they are made."""
        key = (text[start:end], of_units, role)
        known = self._lists.get(key)
        if known is None:
            if _rules().plain_breaker.search(text, start, end) is None:
                ul = self._read_plain(text, start, end, of_units, role)
            else:
                ul = self._read(text, start, end, of_units)
                if role is not None:  # (after names given twice are merged by their roles)
                    ul.names = [n if n.role else _tuple_new(Name, (n.text, n.start, n.end, role))
                                for n in ul.names]
            # kept as tuples: the list given out is the caller's to change
            self._lists[key] = (start, tuple(ul.names), ul.stated, ul.first_listed,
                                ul.carries_on, tuple(ul.rejected))
            return ul
        was, names, stated, first_listed, carries_on, rejected = known
        d = start - was
        if d:  # (loops, not comprehensions: each of those costs a call more)
            moved = []
            for name, s, e, name_role in names:
                moved.append(_tuple_new(Name, (name, s + d, e + d, name_role)))
            return UnitList(moved, stated, first_listed, carries_on,
                            [(a + d, b + d) for a, b in rejected] if rejected else [])
        return UnitList(list(names), stated, first_listed, carries_on, list(rejected))

    def _read(self, text: str, start: int, end: int, of_units: bool) -> UnitList:
        """Read ``text[start:end]`` as a unit list (see :func:`read_list`).

        A sentence after the list's first one (after a 。 inside the brackets) that holds a
        piece that is no name is a note, dropped whole: "（…，各市人民政府。以下均需各市人民
        政府落实，不再列出）". A place without a unit's ending (桥头镇, 浔阳区: :func:`is_place`)
        is a name only in a list that names a unit too. A name given twice is one unit.
        *of_units*: the text is known to list units (a table cell under 责任单位), so every
        short name is one, whatever its ending (西南医科大学, 徽城镇).
        """
        inner = text[start:end]
        out = UnitList()
        r = _rules()
        if r.sentence_breaker.search(inner) is None:
            # most lists: nothing to mask, no convention, one sentence (one search tells,
            # where one for each would)
            if "：" in inner or ":" in inner:
                segments = _segments(inner)  # keys (every key ends in a colon)
            else:
                # one segment, cut at its role verbs. (It holds a role word, or it would have
                # been read as plain: the verbs are searched for at once, a search that fails
                # as fast as one for their words would.)
                segments = _verb_segments(inner, True)
            return self._read_sentence(out, inner, inner, start, segments, of_units, None, text)
        noted = None
        if r.needs["first_listed"].search(inner) is None:
            masked = _mask(inner)  # most lists: no convention (its every statement holds 牵头)
        else:
            inner, noted = _cut_noted_convention(inner, out)
            masked = _cut_convention(_mask(inner), out)
        stops = ([m.start() for m in _FULL_STOP.finditer(masked)]
                 if _FULL_STOP.search(masked) is not None else [])  # most: one sentence
        segments = _segments(masked, stops)
        if not stops:
            return self._read_sentence(out, inner, masked, start, segments, of_units, noted, text)
        found: list[tuple[int, _Candidate, Role | None, bool, int]] = []
        pieces = self._pieces
        names_a_unit = False
        for seg in segments:
            opens = True  # the first piece of a segment may have a lead-in: 责任单位：由…
            for s, e in _piece_spans(masked, seg):
                piece = inner[s:e]
                if opens and (not piece or piece.isspace()):
                    continue  # nothing before the first separator: "，由…" after 牵头
                cands = pieces.get((piece, opens))
                if cands is None:
                    cands = self._candidates_of(piece, opens)
                opens = False
                if not cands:
                    continue
                sentence = bisect_right(stops, s) if stops else 0
                for c in cands:
                    role = c.note_role or seg.role
                    found.append((sentence, c, role, seg.stated or role is not None or of_units,
                                  start + s))
                    names_a_unit = names_a_unit or (c.light and c.unit_like)
        # taken for a name: light, and stated, or like a unit, or a place beside a unit
        # the notes: sentences after the first that hold a piece that is no name
        notes = {k for k, c, _, stated, _ in found if k > 0 and not (
            c.light and (stated or c.unit_like or (c.place and names_a_unit)))} if stops else None
        out.stated = of_units or any(seg.stated for seg in segments
                                     if not notes or bisect_right(stops, seg.start) not in notes)
        names, bares, rejected = out.names, [], out.rejected
        for k, c, role, stated, at in found:
            if notes and k in notes:
                continue
            if c.light and (stated or c.unit_like or (c.place and names_a_unit)):
                names.append(_tuple_new(Name, (c.text, at + c.start, at + c.end, role)))
                bares.append(c.bare)
            else:
                rejected.append((at + c.start, at + c.end))
        if noted is not None:  # names over the blanked note: the text as written, up to it
            out.names = [_around(text, n, start + noted[0], start + noted[1]) for n in names]
            bares = [squeeze(n.text) for n in out.names]
        out.names = _merge_repeated(out.names, bares)
        return out

    def _read_sentence(self, out: UnitList, inner: str, masked: str, start: int,
                       segments: list[_Segment], of_units: bool,
                       noted: tuple[int, int] | None, text: str,
                       given: Role | None = None) -> UnitList:
        """The rest of :meth:`_read` for a list of one sentence (most): no note sentence to
        drop, so each candidate is taken or rejected as it comes, in one pass; only a place
        that is taken for its list naming a unit waits for the end of the list. *given*: the
        role of a name the list states none for (:meth:`_read_plain`), which does not count
        as stated."""
        pieces = self._pieces
        names, bares, rejected = out.names, [], out.rejected
        names_a_unit = False
        # places not stated: where each would stand in names and in rejected, and what it is
        waiting: list[tuple[int, int, _Candidate, Role | None, int]] = []
        stated = of_units
        for seg in segments:
            seg_role, seg_stated = seg.role, seg.stated or of_units
            stated = stated or seg_stated
            opens = True  # the first piece of a segment may have a lead-in: 责任单位：由…
            for s, e in _piece_spans(masked, seg):
                piece = inner[s:e]
                if opens and (not piece or piece.isspace()):
                    continue  # nothing before the first separator: "，由…" after 牵头
                cands = pieces.get((piece, opens))
                if cands is None:
                    cands = self._candidates_of(piece, opens)
                opens = False
                at = start + s
                for c in cands:
                    # (its fields taken apart at once: reading them one by one by name costs
                    # more, a candidate's fields being read several times over)
                    name, cs, ce, note_role, light, unit_like, place, bare = c
                    role = note_role or seg_role
                    # taken for a name: light, and stated, or like a unit, or a place beside
                    # a unit (as in _read)
                    if light and (seg_stated or role is not None or unit_like):
                        names.append(_tuple_new(Name, (name, at + cs, at + ce, role or given)))
                        bares.append(bare)
                        names_a_unit = names_a_unit or unit_like
                    elif place:  # light: a place is told only of a light name
                        waiting.append((len(names), len(rejected), c, role or given, at))
                    else:
                        rejected.append((at + cs, at + ce))
        for i, j, c, role, at in reversed(waiting):  # the last first: the places before stay
            if names_a_unit:
                names.insert(i, _tuple_new(Name, (c.text, at + c.start, at + c.end, role)))
                bares.insert(i, c.bare)
            else:
                rejected.insert(j, (at + c.start, at + c.end))
        out.stated = stated
        if noted is not None:  # names over the blanked note: the text as written, up to it
            names = out.names = [_around(text, n, start + noted[0], start + noted[1])
                                 for n in names]
            bares = [squeeze(n.text) for n in names]
        out.names = _merge_repeated(names, bares)
        return out

    def _read_plain(self, text: str, start: int, end: int, of_units: bool,
                    role: Role | None = None) -> UnitList:
        """:meth:`_read` of a plain list: names and separators only (most table cells), with
        no bracket, colon, sentence end or role word (``plain_breaker``), so no key, role
        verb, role note, convention or note sentence: one segment, stating no role, read as
        a list of one sentence is (:meth:`_read_sentence`); each name is given *role*
        (:meth:`read`: all alike, so that a name given twice merges as without it)."""
        inner = text[start:end]
        out = UnitList(stated=of_units)
        if not inner.strip(_BLANK_SEGMENT):
            return out
        whole = _tuple_new(_Segment, (0, len(inner), None, False))
        return self._read_sentence(out, inner, inner, start, [whole], of_units, None, text, role)

    def _candidates_of(self, piece: str, opens: bool) -> tuple[_Candidate, ...]:
        """:func:`_candidates` of a piece not read before where it stands (opening a segment
        or not); a piece without a word that a lead-in holds reads alike in both places, so
        a reading of it in the other serves, and serves both after."""
        pieces = self._pieces
        r = _rules()
        # most pieces hold no word of a lead-in, a role note or a trailing 等: one search
        # tells, where one for each would
        trims = r.trims.search(piece) is not None
        if not trims or r.needs["lead_in"].search(piece) is None:
            cands = pieces.get((piece, not opens))
            if cands is None:
                cands = _candidates(piece, opens, trims)
            pieces[piece, True] = pieces[piece, False] = cands
            return cands
        cands = pieces[piece, opens] = _candidates(piece, opens)
        return cands

    def canonical_names(self, texts: Sequence[str]) -> list[str]:
        """The canonical name of each name of one list (see :func:`canonical_names`)."""
        prefix = ""
        out: list[str] = []
        for t in texts:
            key = (t, prefix)
            found = self._canonical.get(key)
            if found is None:
                found = self._canonical[key] = _canonical(t, prefix, self.places)
            name, prefix = found
            out.append(name)
        return out

    def all_bodies(self, names: Sequence[Name]) -> bool:
        """Whether every name names a responsible body on its own (:func:`is_body`), read
        with the prefix the list carries over to it (市发改委、财政局: 财政局 is 市财政局)."""
        return all(is_body(c, self.places)
                   for c in self.canonical_names([n.text for n in names]))

    def make_units(self, names: Sequence[Name], first_listed: bool) -> list[Unit]:
        """The :class:`~policyparse.models.Unit` of each name (see :func:`make_units`)."""
        # :meth:`canonical_names` and the units in one loop, without a list of the names
        known, places = self._canonical, self.places
        prefix = ""
        out: list[Unit] = []
        # each name's role by its index, neither zipped (zip(..., strict=True) is a keyword call
        # of a class: about 1.5K instructions more, each list) nor enumerated (a pair made and
        # taken apart for each name); roles gives one role for each name
        given = roles(names, first_listed)
        i = 0
        for text, start, end, _ in names:
            role = given[i]
            i += 1  # noqa: SIM113 (see above)
            found = known.get((text, prefix))
            if found is None:
                found = known[text, prefix] = _canonical(text, prefix, places)
            name, prefix = found
            # every field of the record set here, without its keyword __init__ (which costs
            # more than twice as much: a list makes one for every name it holds)
            unit = _new_record(Unit)
            unit.text, unit.name, unit.role, unit.span = text, name, role, (start, end)
            out.append(unit)
        return out


def is_body(name: str, places: tuple[str, ...] = ()) -> bool:
    """Whether a canonical name names a responsible body on its own: it has a level prefix,
    is a collective or a national body, a named government, office or company, opens with
    the notice's own place, or is a department of the vocabulary (patterns/units.toml
    ``body``, ``departments``, ``aliases``). A generic noun that ends like a unit (高校, 集团,
    实验室) is none.

    >>> [is_body(n) for n in ("市财政局", "各县区", "财政局", "国网某某供电公司", "高校", "实验室")]
    [True, True, True, True, False, False]
    """
    r = _rules()
    name = _NOTES_IN.sub("", name) or name  # 开发区（管理区）管委会 is judged as 开发区管委会
    return (
        r.body.search(name) is not None
        or r.place.match(name) is not None
        or name in r.departments
        or name.startswith(places)
    )


def looks_like_unit(s: str) -> bool:
    """Whether *s* ends like a unit's name (局, 委, 政府, 部门 …)."""
    return _unit_like(squeeze(s))


def _unit_like(bare: str) -> bool:
    """:func:`looks_like_unit` of a name already squeezed."""
    # (pos, endpos, concurrent=False: the ``regex`` match keeps the GIL, which by default it
    # lets go of and takes back, a sixth of the call's cost; given in order, not by keyword)
    return _rules().unit_name.match(bare, 0, None, False) is not None


def is_place(name: str) -> bool:
    """Whether a name is a township, town, street, county or district written alone, which
    stands for its government in a list of units (桥头镇、城关镇人民政府; 浔阳区、濂溪区人民政府);
    not a kind of area (园区, 城区, 示范区, 重点镇).

    >>> [is_place(n) for n in ("桥头镇", "浔阳区", "城关街道", "集聚区", "中心城区", "重点镇")]
    [True, True, True, False, False, False]
    """
    return _place_like(squeeze(name))


def _place_like(bare: str) -> bool:
    """:func:`is_place` of a name already squeezed."""
    return _rules().place.match(bare) is not None


_RANK: dict[Role | None, int] = {
    None: 0, "responsible": 1, "support": 2, "guidance": 3, "lead": 4}


def _merge_repeated(names: list[Name], bares: Sequence[str]) -> list[Name]:
    """A name given twice in one list is one unit, where it first stands, with the role the
    list gives it ("A、B、C等部门按职责分工负责，A牵头": A once, the lead). *bares*: each
    name squeezed (:func:`squeeze`), as names are compared."""
    if len(names) < 2 or len(set(bares)) == len(bares):
        return names
    first: dict[str, int] = {}
    out: list[Name] = []
    for n, key in zip(names, bares, strict=True):
        i = first.setdefault(key, len(out))
        if i == len(out):
            out.append(n)
        elif _RANK[n.role] > _RANK[out[i].role]:
            out[i] = out[i]._replace(role=n.role)
    return out


def _cut_noted_convention(inner: str, out: UnitList) -> tuple[str, tuple[int, int] | None]:
    """Note a first-listed convention stated in a bracket on a name ("市民政局（排名第一的为牵头
    单位，下同）、各县市区民政局") and blank that bracket out, so the name is the name alone;
    also where the bracket stood."""
    r = _rules()
    if not r.needs["first_listed"].search(inner) or (
            m := r.first_listed.search(inner)) is None:
        return inner, None
    for gs, ge in bracket_groups(inner, 0, len(inner)):
        if gs < m.start() and m.end() < ge:
            out.first_listed = True
            out.carries_on = out.carries_on or bool(r.carries_on.search(inner, gs, ge))
            return inner[:gs] + " " * (ge - gs) + inner[ge:], (gs, ge)
    return inner, None


def _around(text: str, n: Name, bs: int, be: int) -> Name:
    """A name read with the note at ``text[bs:be]`` blanked: the note at its end is cut off,
    one inside it stays (its text is the text as written, so its span slices back to it)."""
    if not (n.start < be and bs < n.end):
        return n
    if n.end <= be:
        e = bs
        while e > n.start and text[e - 1].isspace():
            e -= 1
        return n._replace(text=text[n.start:e], end=e)
    return n._replace(text=text[n.start:n.end])


def _cut_convention(masked: str, out: UnitList) -> str:
    """Note the first-listed convention and blank its clause out of *masked*."""
    r = _rules()
    if not r.needs["first_listed"].search(masked) or (
            m := r.first_listed.search(masked)) is None:
        return masked
    out.first_listed = True
    cs = max(masked.rfind(ch, 0, m.start()) for ch in _SENTENCE_END + "，,")
    ends = [i for i in (masked.find(ch, m.end()) for ch in _SENTENCE_END) if i >= 0]
    ce = min(ends) if ends else len(masked)
    if cs < 0:  # the convention opens the list: cut through its closing 。
        cs, ce = 0, min(ce + 1, len(masked))
    out.carries_on = bool(r.carries_on.search(masked, cs, ce))
    return masked[:cs] + "；" * (ce - cs) + masked[ce:]


def _segments(masked: str, stops: Sequence[int] = ()) -> list[_Segment]:
    """Cut the list at keys (责任单位：, 完成时限：) and at role verbs after names (X牵头，);
    *stops* are where its sentences end (a role verb does not reach back over one).

    What follows a key that names no role (完成时限：…) is not part of the list. Every key ends
    in a colon (a test holds the patterns to that), so most lists, which have none, are not
    searched for keys.
    """
    r = _rules()
    if "：" in masked or ":" in masked:
        keys: list[tuple[int, int, Role | None, bool]] = []
        for m in r.role_key.finditer(masked):  # (a loop: a comprehension costs a call more)
            keys.append((m.start(), m.end(), role_of(m), True))
        if r.needs["other_key"].search(masked) is not None:  # most lists: no 时限：
            keys += [(m.start(), m.end(), None, False) for m in r.other_key.finditer(masked)]
            keys.sort()
    elif not stops:  # most lists: no key and one sentence, so one segment, stating no role
        return _verb_segments(masked, r.verb_words.search(masked) is not None)
    else:
        keys = []
    keyed: list[_Segment] = []
    pos, role, stated, keep = 0, None, False, True
    for ks, ke, key_role, is_role in keys:
        if keep:
            keyed.append(_tuple_new(_Segment, (pos, ks, role, stated)))
        pos, role, stated, keep = ke, key_role, is_role, is_role
    if keep:
        keyed.append(_tuple_new(_Segment, (pos, len(masked), role, stated)))
    # a list without a word that every role verb holds has none (most table cells)
    verbs = r.verb_words.search(masked) is not None
    if not verbs and not stops and len(keyed) == 1:
        return keyed if masked[keyed[0].start:keyed[0].end].strip(_BLANK_SEGMENT) else []
    out: list[_Segment] = []
    for seg in keyed:
        # a role verb speaks for the names of its own sentence only
        cuts = [i for i in stops if seg.start <= i < seg.end] if stops else []
        for a, b in (zip([seg.start, *(i + 1 for i in cuts)], [*cuts, seg.end], strict=True)
                     if cuts else ((seg.start, seg.end),)):
            for vm in _role_verbs(masked, a, b) if verbs else ():
                verb = role_of(vm)
                # 负责 says who is responsible, unless a key said more (牵头单位：X负责)
                role = verb if verb != "responsible" else seg.role or verb
                if masked[a:vm.start()].strip(_BLANK_SEGMENT):  # (blanks hold no name)
                    out.append(_tuple_new(_Segment, (a, vm.start(), role, True)))
                a = vm.end()
            if masked[a:b].strip(_BLANK_SEGMENT):
                out.append(_tuple_new(_Segment, (a, b, seg.role, seg.stated)))
    return out


def _verb_segments(masked: str, verbs: bool) -> list[_Segment]:
    """:func:`_segments` of a list without a key or a sentence's end: the whole list as one
    segment that states no role, cut at its role verbs (*verbs*: whether it holds a word that
    every role verb holds); each verb's role is the role of the names before it."""
    out: list[_Segment] = []
    a = 0
    if verbs:
        for vm in _role_verbs(masked, 0, len(masked)):
            b = vm.start()
            if masked[a:b].strip(_BLANK_SEGMENT):  # (a segment of blanks holds no name)
                out.append(_tuple_new(_Segment, (a, b, role_of(vm), True)))
            a = vm.end()
    if masked[a:].strip(_BLANK_SEGMENT):
        out.append(_tuple_new(_Segment, (a, len(masked), None, False)))
    return out


def _role_verbs(text: str, start: int, end: int) -> list[regex.Match[str]]:
    """The matches of role_verb in ``text[start:end]``, in order, as its ``finditer`` gives
    them: those of ``verb_opening`` that do not open where ``named_role`` matches (there
    role_verb matches nothing, and its search goes on from the next character)."""
    r = _rules()
    if r.named_role is None:
        return list(r.verb_opening.finditer(text, start, end))
    out: list[regex.Match[str]] = []
    search, named, firsts = r.verb_opening.search, r.named_role.match, r.named_firsts
    # (a match holds one of role_verb's words, its needs: none is empty, none after the end)
    while start < end and (m := search(text, start, end)) is not None:
        if (firsts is not None and text[m.start()] not in firsts) or named(
                text, m.start(), end) is None:
            out.append(m)
            start = m.end()
        else:
            start = m.start() + 1
    return out


def _piece_spans(masked: str, seg: _Segment) -> list[tuple[int, int]]:
    """The pieces of one segment: what runs between separators (and where two names meet)."""
    a, b = seg.start, seg.end
    out: list[tuple[int, int]] = []
    # separators and glued points, in order; concurrent=False: the scanner keeps the GIL from
    # one match to the next (by default ``regex`` lets it go and takes it back at each, a
    # sixth of the scan's cost)
    for m in _rules().bound.finditer(masked, a, b, concurrent=False):
        s, e = m.span()
        out.append((a, s))
        a = e
    out.append((a, b))
    return out


class _Candidate(NamedTuple):
    """A candidate name in a piece, what it looks like and where it stands in the piece."""

    text: str
    start: int
    end: int
    note_role: Role | None
    """The role a note after the name gives: （牵头）."""
    light: bool
    """Short, with Han characters, and no word that no unit name holds (:func:`_is_light`)."""
    unit_like: bool
    """Ends like a unit (局, 委, 政府, 部门 …): may stand in a list that states no role."""
    place: bool
    """A place that stands for its government (桥头镇, 浔阳区: :func:`is_place`); told only of a
    light name that does not end like a unit (False for the others, where it decides nothing:
    such a name is taken, or rejected, whatever it names)."""
    bare: str
    """The text squeezed (:func:`squeeze`): names are compared so."""


def _candidates(piece: str, opens_segment: bool, trims: bool = True) -> tuple[_Candidate, ...]:
    """The candidate names of one piece: its text without a lead-in (由, only where the piece
    opens a segment of the list: 责任单位：由…), a role note (（牵头）) and a trailing 等. A
    piece broken over lines is one name, unless every line of it looks like a unit (a table
    cell with one unit a line). *trims*: False where the piece holds no word of a lead-in, a
    role note or a trailing 等 (``trims``), so that nothing comes off.
    """
    spans = [(0, len(piece))]
    if "\n" in piece:
        lines = line_spans(piece)
        if all(looks_like_unit(_piece(piece, *ln)[0]) for ln in lines):
            spans = lines
    out: list[_Candidate] = []
    for s, e in spans:
        if trims:
            text, s, e, role = _trim(piece, s, e, opens_segment)
        else:
            text, s, e = _piece(piece, s, e)
            role = None
        if text:
            bare = squeeze(text)
            light = _is_light(text, bare)
            unit_like = _unit_like(bare)
            # a place decides only for a light name that does not end like a unit
            place = light and not unit_like and _place_like(bare)
            out.append(_tuple_new(_Candidate, (text, s, e, role, light, unit_like, place, bare)))
    return tuple(out)


def _is_light(name: str, bare: str) -> bool:
    """Short, with Han characters, no word no unit name holds (*bare*: the name squeezed)."""
    r = _rules()
    return (
        len(bare) <= _NAME_MAX
        and (_CJK_FIRST <= name[0] <= _CJK_LAST or _HAN.search(name) is not None)
        # most names hold no word of not_unit's needs: neither masked nor searched
        and (r.needs["not_unit"].search(name) is None or r.not_unit.search(_mask(name)) is None)
    )


def _piece(inner: str, s: int, e: int) -> tuple[str, int, int]:
    """``inner[s:e]`` without the spaces at its edges, and where that stands."""
    piece = inner[s:e]
    stripped = piece.lstrip()
    s += len(piece) - len(stripped)
    stripped = stripped.rstrip()
    return stripped, s, s + len(stripped)


def _trim(piece: str, s: int, e: int, opens_segment: bool) -> tuple[str, int, int, Role | None]:
    """A piece without its lead-in (only where it opens a segment), role note and trailing 等;
    the role the note gives."""
    r = _rules()
    role: Role | None = None
    text, s, e = _piece(piece, s, e)
    needs = r.needs
    cut = False  # whether anything came off (else the text is the stripped piece)
    if (opens_segment and needs["lead_in"].search(piece)
            and (m := r.lead_in.match(piece, s, e)) is not None):
        s, cut = m.end(), True
    if needs["role_note"].search(piece) and (m := r.role_note.search(piece, s, e)) is not None:
        role = role_of(m)
        e, cut = m.start(), True
    if needs["trailing_etc"].search(piece) and (
            m := r.trailing_etc.search(piece, s, e)) is not None:
        e, cut = m.start(), True
    if cut:
        text, s, e = _piece(piece, s, e)
    return text, s, e, role


def roles(names: Sequence[Name], first_listed: bool) -> list[Role]:
    """The role of each name.

    Where the list names a lead, the other names are support, but for those it states are
    responsible where it also states who supports ("X牵头，Y配合，Z负责落实": Z is
    responsible; in "牵头单位：X；责任单位：Y" the key only heads the list, Y supports X).
    Where it names none: under the
    first-listed convention the first name leads and the rest support, unless the list opens
    with those who support (a "配合单位：" line leads nothing); else the names it states are
    responsible ahead of those it states support lead ("责任单位：X，配合单位：Y": X); else
    each keeps its stated role, or is responsible. Who guides (指导, 督导) keeps that role, and
    the others are read as if it were not there.

    >>> roles([Name("甲局", 0, 2), Name("乙局", 3, 5)], first_listed=True)
    ['lead', 'support']
    >>> roles([Name("甲局", 0, 2, "responsible"), Name("乙局", 3, 5, "support")], False)
    ['lead', 'support']
    """
    stated = list(map(_ROLE_OF_NAME, names))  # (no comprehension: it costs a call more)
    if "guidance" in stated:  # who guides does so whatever the others do: X指导，Y牵头，Z配合
        rest = iter(roles([n for n in names if n.role != "guidance"], first_listed))
        return ["guidance" if r == "guidance" else next(rest) for r in stated]
    if "lead" in stated:
        if "support" in stated:  # three roles: X牵头，Y配合，Z负责落实
            return [r or "support" for r in stated]
        return ["lead" if r == "lead" else "support" for r in stated]
    if first_listed and names and stated[0] != "support":
        out: list[Role] = ["support"] * len(names)
        out[0] = "lead"
        return out
    if "support" in stated:
        ahead = stated.index("support")
        return ["lead" if i < ahead and r == "responsible" else r or "responsible"
                for i, r in enumerate(stated)]
    if None not in stated:  # most lists: every name stated responsible (…等按职责分工负责)
        return stated  # (every entry a role: no cast, which is a call too)
    return [r or "responsible" for r in stated]


def make_units(names: Sequence[Name], first_listed: bool, places: tuple[str, ...]) -> list[Unit]:
    """The :class:`~policyparse.models.Unit` of each name: role, canonical name and span."""
    return ListReader(places).make_units(names, first_listed)


def role_key() -> regex.Pattern[str]:
    """The pattern of a role key (责任单位：, 牵头单位：…)."""
    return _rules().role_key


def role_verb() -> regex.Pattern[str]:
    """The pattern of a role word after names (牵头, 配合, 按职责分工负责 …)."""
    return _rules().role_verb


def has_role_verb(s: str) -> bool:
    """Whether *s* holds a role word after names (:func:`role_verb`); a text without any word
    that every one holds (its ``needs``) is not searched, and one with such a word is searched
    from its end (:func:`_role_verb_back`: whether a match exists, not where the first one is)."""
    return _rules().verb_words.search(s) is not None and _role_verb_back().search(s) is not None


@cache
def _role_verb_back() -> regex.Pattern[str]:
    """role_verb matched from the end (``(?r)``): a match exists where one of role_verb does
    (the same pattern), and it tells whether one does in a fraction of the steps: a match
    ends where a clause does, and from the end most positions fail at once, where from the
    start every word that may open one is tried."""
    return patterns.fixed_regex("(?r)" + patterns.load("responsibilities")["role_verb"].expanded)


def may_state_roles(s: str) -> bool:
    """Whether *s*, read as a list, may state roles: False when it holds no word that a role
    key or a role verb holds (their ``needs``), and so no key or verb at all."""
    return _rules().role_words.search(s) is not None


def states_convention(s: str) -> bool:
    """Whether *s* states the first-listed convention (列第一位者为牵头单位)."""
    r = _rules()
    return (r.needs["first_listed"].search(s) is not None
            and r.first_listed.search(s) is not None)


def conventions(text: str, lines: LineIndex | None = None) -> list[tuple[int, int]]:
    """The stretches of *text* over which the first-listed convention holds, as ``(start,
    end)`` offsets (:func:`convention_holds` asks whether one holds at a point). *lines* is
    the text's line index (read here when needed and not given).

    A convention in running text, or in brackets of its own ("分工如下（列第一位者为牵头单位）："),
    holds from where it stands to the end; one inside a list's brackets holds beyond that list
    only when it says so (下同). One stated in a note line (注：…) refers back too: right under a
    table it holds over that table (from its last line), elsewhere over the whole notice.
    """
    r = _rules()
    out: list[tuple[int, int]] = []
    # a statement stands within one line, which holds the word every statement holds (牵头):
    # only those lines are searched, most notices' few
    found = [m for ls, le in lines_holding(text, r.first_listed_words)
             for m in r.first_listed.finditer(text, ls, le)]
    for m in found:
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        group = next(
            (g for g in bracket_groups(text, ls, le) if g[0] < m.start() and m.end() < g[1]), None
        )
        if group is None:
            lines = lines or LineIndex(text)
            if lines.at(ls).kind is Kind.NOTE:
                out.append((_noted_from(lines, ls), len(text)))
            elif r.refers_back.search(text, ls, m.start()):
                out.append((_section_start(lines, ls), len(text)))  # 以上…所列单位，…
            else:
                out.append((m.start(), len(text)))
            continue
        ul = read_list(text, group[0] + 1, group[1] - 1)
        if ul.carries_on or not (ul.names or ul.rejected):
            out.append((m.start(), len(text)))
    return out


def _section_start(lines: LineIndex, ls: int) -> int:
    """Where the top-level section holding the line at *ls* begins (the last line above it
    that opens with a 一、 marker), else the start of the text."""
    for i in range(lines.number_at(ls) - 1, -1, -1):
        if lines[i].level == 1:
            return lines[i].start
    return 0


def _noted_from(lines: LineIndex, ls: int) -> int:
    """Where a note line standing at *ls* begins to hold: at the last line of the table right
    above it (blank lines between), else at the start of the text."""
    for i in range(lines.number_at(ls) - 1, -1, -1):
        if lines[i].kind is not Kind.BLANK:
            return lines[i].start if lines[i].kind is Kind.TABLE_ROW else 0
    return 0


def convention_holds(stretches: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether *pos* lies in one of the stretches of :func:`conventions`."""
    return any(s <= pos < e for s, e in stretches)


# --- canonical names -----------------------------------------------------------------------


def home_places(meta: Meta) -> tuple[str, ...]:
    """The notice's own place names, read from its issuer or titles (朝阳市… → 朝阳).

    >>> home_places(Meta(issuer="朝阳市人民政府办公室"))
    ('朝阳',)
    """
    r = _rules()
    out: list[str] = []
    for h in (meta.issuer, meta.title, meta.notice_title):
        if h and (m := r.home_place.match(h)) and m.group("place") not in out:
            out.append(m.group("place"))
    return tuple(out)


def canonical_names(texts: Sequence[str], places: tuple[str, ...] = ()) -> list[str]:
    """The canonical name of each name of one list, in order.

    A name without a level prefix takes the prefix of the last name before it that had one,
    when it is a department of the same government (not a collective, not a body with a place
    or a level of its own, not a branch of a national body); short and long forms resolve
    through the alias table; notes in brackets (〈含开发区，下同〉) are dropped.

    >>> canonical_names(["市工信局", "发展改革委", "市场监管局", "朝阳金融监管分局"], ("朝阳",))
    ['市工业和信息化局', '市发展改革委', '市市场监管局', '朝阳金融监管分局']
    """
    prefix = ""
    out: list[str] = []
    for t in texts:
        name, prefix = _canonical(t, prefix, places)
        out.append(name)
    return out


def _canonical(text: str, prefix: str, places: tuple[str, ...]) -> tuple[str, str]:
    """The canonical name of one name of a list, given the level prefix carried to it; and the
    prefix carried on to the next name (:func:`canonical_names`)."""
    r = _rules()
    name = squeeze(text)
    if (m := r.note.search(name)) is not None and m.start() > 0:
        name = name[: m.start()]
    name = name.replace("(", "（").replace(")", "）")
    if (m := r.level_prefix.match(name)) is not None:
        prefix = m.group("prefix")
        head, core = name[: m.end()], name[m.end():]
    elif (
        prefix
        and r.dept_end.search(name)
        and not r.standalone.search(name)
        and not name.startswith(places)
    ):
        head, core = prefix, name
    else:
        head, core = "", name
    name = head + r.aliases.get(core, core)
    if name[:1] in r.head_firsts:
        for short, full in r.head_aliases:
            if name.startswith(short) and not name.startswith(full):
                name = full + name[len(short):]
                break
    return name, prefix
