"""One text for everything after the loaders.

:func:`normalize` runs small named steps in order; each takes and returns a
:class:`~policyparse.textmap.MappedText`, so every offset of the result can be traced back to
the loaded text. The steps, in order:

1. ``unify_newlines``   – CR/LF, form feeds and Unicode line separators become ``\\n``
2. ``drop_invisible``   – BOMs, zero-width characters and soft hyphens go; HTML character
                          references a web page left (``&nbsp;`` ``&ldquo;``) are decoded
3. ``fold_width``       – full-width digits, Latin letters, ％ and spaces become ASCII
                          (punctuation keeps its width: labels and unit lists keep their form)
4. ``drop_artifacts``   – editor marks such as ``[bookmark: _GoBack]`` and stray HTML tags
5. ``strip_markdown``   – ``#`` heading marks, ``**``, links, rules
6. ``tidy_spaces``      – spaces at line ends, runs of spaces, and spaces next to Chinese
                          characters ("到 2025 年", "实施 方案")
7. ``drop_furniture``   – page-number lines, gazette running headers, news-site preambles,
                          site navigation at the top
                          and forum or site chrome at the bottom
8. ``drop_blank_lines`` – one paragraph per line, no blank lines
9. ``join_split_labels``, ``join_split_dates``, ``join_lone_numbers``, ``join_info_keys``,
   ``join_lone_labels`` – what a scrape split over lines: "（\\n1\\n）", "2024\\n年\\n3\\n月",
   "到\\n2025\\n年", "索引号：\\n…", "（1）\\n推进…" (each skipped when its trigger is absent)
10. ``join_broken_lines``– a line a page break or hard wrap cut mid-sentence is joined to the next

The result has one paragraph per line. Rules live in ``patterns/normalize.toml``.
"""

from __future__ import annotations

import itertools
import operator
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple, cast

from . import patterns
from .lines import (
    annex_match,
    is_info_key_line,
    is_table_row,
    opens_block,
    read_chapter,
    read_marker,
)
from .textmap import MappedText, lines_holding

if TYPE_CHECKING:
    import regex

Step = Callable[[MappedText], MappedText]
_Spans = list[tuple[int, int]]  # (start, end) of lines, in order


@cache
def _rules() -> patterns.PatternSet:
    return patterns.load("normalize")


_NEWLINES = patterns.fixed_regex(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE_CHARS = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_INVISIBLE = patterns.fixed_regex(f"[{_INVISIBLE_CHARS}]")
# spaces at a line's edges go, a run of spaces inside it becomes one: the spaces that go, each
# match opening with a space (re's search skips to them): a run at a line's start, one that
# reaches its end, and the rest of a run after its first space (kept: the map back of the run
# replaced by one space, that space mapping to where the run began and the text after it to
# where it ended), for one split of the text and one layer of deletions
_SPACES_GONE = patterns.fixed_re(r"(?m) (?:(?<=^ ) *| *$|(?<=  ) *)")
# blank lines (of spaces too) inside the text, line breaks at its start and at its end:
# \n[ \n]*\n|^\n+|\n+$ with the line break every alternative opens with taken out in front (the
# same matches; re then looks for line breaks alone, the whole pass costing half as much)
_BLANKS = patterns.fixed_re(r"\n(?:[ \n]*\n|(?<=^\n)\n*|\n*$)")

_WIDTH: dict[int, int | str | None] = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: "%",
    0x3000: " ",
    0x00A0: " ",
    0x2002: " ",
    0x2003: " ",
    0x2009: " ",
    ord("\t"): " ",
}


_NEWLINE_CHARS = "\r\u2028\u2029\x0b\x0c\x85"
"""The characters :data:`_NEWLINES`'s matches open with."""


def unify_newlines(m: MappedText) -> MappedText:
    text = m.text
    held = _specials(text)
    if (held.isdisjoint(_NEWLINE_CHARS) if held is not None
            else not any(map(text.__contains__, _NEWLINE_CHARS))):
        return m  # most texts: a look for each character is cheaper than the regex pass
    return _hand_on_specials(m.sub(_NEWLINES, "\n"), held, _NEWLINE_CHARS)


def _specials(text: str) -> frozenset[str] | None:
    """The characters the first steps change or look for that *text* holds (or may hold,
    where a step handed them on: every one it holds is among them): other line breaks
    (:func:`unify_newlines`), invisible characters and the ``&`` of a character reference
    (:func:`drop_invisible`), wide ones (:func:`fold_width`), the marks of editor artifacts
    (:func:`drop_artifacts`) and of Markdown but for the two that stand in prose too
    (:func:`strip_markdown`, :data:`_PROSE_MARKDOWN`); None where it holds more than
    :data:`_LISTED` kinds of them (the steps then look for their own). Most texts hold none or
    a few, and one pass over the text (a character class, stepped in C, from each kind found
    to the next, by a class without the kinds found before it) then answers for those steps,
    instead of a look for each of their characters in turn. Asked of a text once while it
    stays the same object (as :func:`_lines_of` keeps its lines); a step that takes such
    characters away or makes them others hands on what the text it made may still hold
    (:func:`_hand_on_specials`): the steps after the first ask only where they were handed a
    text known so (:func:`_known_specials`)."""
    global _specials_seen
    seen = _specials_seen
    if seen is not None and seen[0] is text:
        return seen[1]
    n = len(text)
    found: frozenset[str] = frozenset()
    at = _first_steps_others().match(text).end()  # type: ignore[union-attr]  # (* matches)
    while at < n and len(found) < _LISTED:
        found |= {text[at]}
        at = _others_but(found).match(text, at + 1).end()  # type: ignore[union-attr]
    held = found if at == n else None
    _specials_seen = (text, held)
    return held


_LISTED = 8
"""The kinds of :func:`_specials`' characters it looks for in a text, one after another
(past them, the steps look for their own)."""


@lru_cache(maxsize=64)
def _others_but(found: frozenset[str]) -> re.Pattern[str]:
    """The run of characters other than those :func:`_specials` names, but for *found* (the
    kinds a text was found to hold so far: a few, and the same few in most texts that hold
    any), that a text opens with (from where it is asked). The class written as the ranges
    between those characters (:func:`_all_but`) where *found* holds one kind at most (the
    first pass, and those that go on past a text's first kind: one class for each kind, kept
    in the cross-process cache), else as ``[^…]`` (re's compiler sets every character of a
    range in turn: some 5 ms a class of the first form, against a tenth of that)."""
    chars = "".join(ch for ch in _first_steps_chars() if ch not in found)
    inside = _all_but(chars) if len(found) <= 1 else "^" + re.escape(chars)
    return patterns.fixed_re(f"[{inside}]*")


def _all_but(chars: str) -> str:
    """A character class (its inside) of every character but *chars*, written as the ranges
    between them: the same characters as ``[^…]``, which costs re some 70% more a character
    (a negated class is stepped through twice more for each: a pass over a whole text that
    asks it of every character, as :func:`_specials`' does, takes 40% less so).

    >>> rx = re.compile(f"[{_all_but('b-')}]")
    >>> [ch for ch in ("a", "b", "-", "\\x00", "\\n", "\\ud800", "\\U0010ffff") if rx.match(ch)]
    ['a', '\\x00', '\\n', '\\ud800', '\\U0010ffff']
    """
    out: list[str] = []
    start = 0
    for code in [*sorted(set(map(ord, chars))), sys.maxunicode + 1]:
        if code > start:
            first, last = re.escape(chr(start)), re.escape(chr(code - 1))
            out.append(first if code - 1 == start else f"{first}-{last}")
        start = code + 1
    return "".join(out)


_specials_seen: tuple[str, frozenset[str] | None] | None = None
"""The text :func:`_specials` asked about last (or a step made from it), and what it may hold
(let go at the end of normalize)."""


def _known_specials(text: str) -> frozenset[str] | None:
    """What :func:`_specials` said *text* may hold, where it was asked of that text or a step
    handed it on; None where not (a step that changed the text made another, not looked at)."""
    seen = _specials_seen
    return seen[1] if seen is not None and seen[0] is text else None


def _hand_on_specials(m: MappedText, held: frozenset[str] | None,
                      gone: Iterable[str] = ()) -> MappedText:
    """*m*, made by a step that took away characters of :func:`_specials` or made them others
    that are none of them (and no longer holds those of *gone*), from a text that held no
    others than *held*: kept as what its text may hold, for the steps after."""
    global _specials_seen
    if held is not None:
        _specials_seen = (m.text, held.difference(gone))
    return m


def _first_steps_others() -> re.Pattern[str]:
    """The run of characters other than those :func:`_specials` names that a text opens with
    (the whole text where it holds none)."""
    return _others_but(_NONE)


_NONE: frozenset[str] = frozenset()


@cache
def _first_steps_chars() -> str:
    """The characters :func:`_specials` names."""
    r = _rules()
    marks = "".join(ch for ch in _markdown_chars() if ch not in _PROSE_MARKDOWN)
    return (_NEWLINE_CHARS + _INVISIBLE_CHARS + str(r["html_entity"].data["needs"])
            + str(r["editor_artifact"].data["needs"]) + marks + "".join(map(chr, sorted(_WIDTH))))


def _sub(m: MappedText, pid: str, repl: str | Callable[[regex.Match[str]], str],
         rx: regex.Pattern[str] | None = None, needs: str | None = None) -> MappedText:
    """``m.sub`` with the normalize.toml entry *pid* (or *rx*, a form of it with the same
    matches in this text); skipped, without a regex pass, where the text holds none of the
    characters its ``needs`` lists (every match holds one); an entry marked ``line_local``
    (no match and no look-around reaches over a line's end) is run over the lines that hold
    one of them alone. *needs*, where given: the entry's needs that the text holds (the
    others already looked for)."""
    p = _rules()[pid]
    return _sub_where(m, p.regex if rx is None else rx, repl,
                      p.data.get("needs") if needs is None else needs,
                      bool(p.data.get("line_local")),
                      _trigger(pid) if "trigger" in p.data else None,
                      bool(p.data.get("line_start")))


def _sub_where(m: MappedText, rx: regex.Pattern[str],
               repl: str | Callable[[regex.Match[str]], str], needs: str | None,
               line_local: bool, trigger: re.Pattern[str] | None = None,
               line_start: bool = False) -> MappedText:
    """``m.sub(rx, repl)``, over the lines holding a character of *needs* where the pattern
    is *line_local* (over the whole text where they are most of it), skipped where the text
    holds none of them, or where the *trigger* (a plain expression every match stands in,
    found by ``re`` at a fraction of the pattern's cost, and of the look for those lines) is
    not found. A *line_start* pattern (every match starts a line) is asked once at the start
    of each of those lines, never searched: however many they are, no character is tried
    but where a match may start."""
    text = m.text
    if needs is None:
        return m.sub(rx, repl)
    if not any(map(text.__contains__, needs)):  # (a look a character, stepped in C)
        return m
    if trigger is not None and trigger.search(text) is None:
        return m
    if not line_local:
        return m.sub(rx, repl)
    if line_start:
        found = [x for s, e in lines_holding(text, needs)
                 if (x := rx.match(text, s, e)) is not None]
        if isinstance(repl, str):
            return m.apply([(x.start(), x.end(), repl) for x in found])
        return m.apply([(x.start(), x.end(), repl(x)) for x in found])
    lines = lines_holding(text, needs, len(text) // 2, _CALL_CHARS)
    if lines is None:
        return m.sub(rx, repl)  # much of the text: one pass costs less than a call a line
    return m.sub(rx, repl, lines)


_CALL_CHARS = 200  # a regex call costs about as much as a pass over this many characters


def _unescape(m: regex.Match[str]) -> str:
    """An HTML entity's character (``html``, whose table of entities is large, loads on the
    first one)."""
    import html

    return html.unescape(m.group())


def drop_invisible(m: MappedText) -> MappedText:
    held = _specials(m.text)
    if held is None or "&" in held:
        m = _sub(m, "html_entity", _unescape)  # (a text it changes is not known any more:
        held = _known_specials(m.text)         # a reference may stand for any character)
    if (held.isdisjoint(_INVISIBLE_CHARS) if held is not None
            else not any(map(m.text.__contains__, _INVISIBLE_CHARS))):
        return m  # the characters of _INVISIBLE, each looked for (cheaper than its pass)
    return _hand_on_specials(m.sub(_INVISIBLE, ""), held, _INVISIBLE_CHARS)


# the characters fold_width changes: a plain character class, which the standard library's re
# finds in a text about three times as fast as regex (the pass runs over the whole text)
_WIDE_CHARS = "".join(re.escape(chr(c)) for c in sorted(_WIDTH))
# a run of them, written as one and then any more ([c][c]*, not [c]+): re's search skips to a
# character of a class a pattern opens with, but tries a repeat at every position (less than
# half the instructions on a text that holds a few dozen runs)
_WIDE = patterns.fixed_re(f"[{_WIDE_CHARS}][{_WIDE_CHARS}]*")
# the run of other characters a text opens with, looked for first: most texts hold none of
# them, and re runs over a class it repeats (the text's length: none found) some 15% faster
# than it searches for one character of the class
_NOT_WIDE = patterns.fixed_re(f"[^{_WIDE_CHARS}]*")  # (asked where _specials gave up only)


def fold_width(m: MappedText) -> MappedText:
    text = m.text
    held = _specials(text)
    if held is None:
        if _NOT_WIDE.match(text).end() == len(text):  # type: ignore[union-attr]  # (* matches)
            return m
        return m.translate(_WIDTH, _WIDE)
    if held.isdisjoint(_WIDE_SET):
        return m
    wide = sorted(held.intersection(_WIDE_SET))
    if len(wide) > _FEW_WIDE:
        return _hand_on_specials(m.translate(_WIDTH, _WIDE), held, wide)
    for ch in wide:  # (few kinds: each by a replace, stepped in C, not the pass that finds them)
        text = text.replace(ch, _WIDE_TO[ch])
    return _hand_on_specials(MappedText(text, m.layers), held, wide)


_WIDE_TO = {chr(c): chr(to) if isinstance(to, int) else cast(str, to)
            for c, to in _WIDTH.items()}
"""What fold_width makes each character of :data:`_WIDTH` (one character each)."""
_WIDE_SET = frozenset(_WIDE_TO)
"""The characters of :data:`_WIDTH` as a set: a set asked whether it meets another set steps
through the smaller one (what a text holds), not through this one as it would a dict."""
_FEW_WIDE = 3
"""The kinds of wide characters fold_width replaces one by one (a pass each); more are
translated where one pass finds them."""


def drop_artifacts(m: MappedText) -> MappedText:
    held = _known_specials(m.text)
    if held is None:
        return _sub(m, "editor_artifact", "")
    if not held:
        return m
    needs = "".join(ch for ch in _rules()["editor_artifact"].data["needs"] if ch in held)
    return _hand_on_specials(_sub(m, "editor_artifact", "", needs=needs), held) if needs else m


def strip_markdown(m: MappedText) -> MappedText:
    # the characters the entries need, each looked for once (not once for each entry that
    # lists it); an entry is asked with those of its own the text holds, or skipped. (The
    # entries only take characters away: what the text held before one holds after it.)
    known = _known_specials(m.text)
    held = set(filter(m.text.__contains__, _PROSE_MARKDOWN if known is not None
                      else _markdown_chars()))
    if known is not None:
        held.update(known)
    if held.isdisjoint(_markdown_chars()):
        return m  # (most plain texts: no entry is asked)
    for pid, entry_needs in _markdown_needs():
        needs = "".join(ch for ch in entry_needs if ch in held)
        if needs:
            m = _sub(m, pid, _link_text if pid == "md_link" else "", needs=needs)
    return _hand_on_specials(m, known)


_MARKDOWN = ("md_rule", "md_heading", "md_emphasis", "md_escape", "md_link")
"""The normalize.toml entries strip_markdown runs, in order."""
_PROSE_MARKDOWN = "-+"
"""The characters the entries of :data:`_MARKDOWN` need that stand in plain prose too
("2021-2025年", "互联网+"): looked for by :func:`strip_markdown` itself, not by
:func:`_specials`."""


@cache
def _markdown_chars() -> str:
    """The characters the entries of :data:`_MARKDOWN` need, each once."""
    return "".join(dict.fromkeys("".join(_rules()[pid].data["needs"] for pid in _MARKDOWN)))


@cache
def _markdown_needs() -> tuple[tuple[str, str], ...]:
    """Each entry of :data:`_MARKDOWN`, in order, with its needs."""
    return tuple((pid, str(_rules()[pid].data["needs"])) for pid in _MARKDOWN)


def _link_text(x: regex.Match[str]) -> str:
    """A Markdown link's text (what md_link keeps)."""
    return x.group(1) or ""


def tidy_spaces(m: MappedText) -> MappedText:
    text = m.text
    # spaces but the plain one (what the text holds of them stays: the passes before
    # cjk_space's take plain spaces alone away)
    others = _holds_other_spaces(text)
    if " " not in text and not others:
        return m  # no space at all: nothing to tidy
    # the lines holding a space, where they are a small part of the text: each pass below
    # (every match a space, none reaching over a line's end) then runs over them alone, not
    # through the whole text; None: over the whole text (the look for those lines, given up
    # early, costs a fraction of one of those passes)
    lines = None if others else lines_holding(text, " ", len(text) // _FEW_SPACED,
                                              _CALL_CHARS)
    if " " in text and (any(text.find("  ", s, e) >= 0 or text[s] == " " or text[e - 1] == " "
                            for s, e in lines) if lines is not None else
                        "  " in text or "\n " in text or " \n" in text or text[:1] == " "
                        or text[-1:] == " "):  # a run of spaces or a space at a line's edge
        m, lines = _spaces_gone(m, cast("regex.Pattern[str]", _SPACES_GONE), lines)
    if lines is None:
        m = _sub(m, "digit_space", "")
    elif _found(_trigger("digit_space"), m.text, lines):
        m, lines = _spaces_gone(m, _rules()["digit_space"].regex, lines)
    if others:
        return _sub(m, "cjk_space", "")
    # no space but the plain one (fold_width made the others so): the entry with its space
    # class narrowed to it finds the same, and the engine skips to each by a fast search.
    # First the spaces by the common ideographs (and the punctuation), under re (a match costs
    # a fraction of a regex one: a table of space-padded cells has hundreds); the entry itself
    # then asked only where a space is left beside a character neither ASCII nor one of those
    # (a rarer ideograph): the runs the first pass left keep the characters beside them
    # (the entry's needs narrowed to the plain space too: the text holds no other; and over
    # the whole text where its lines holding one are most of it, not those lines: a deletion
    # under re is one split, whose search skips to the spaces, for less than a call a line
    # and a Python step an edit)
    m, lines = _spaces_gone(m, _common_cjk_space(), lines)
    if not _found(_space_by_other(), m.text, lines):
        return m
    return _sub_where(m, _with_piece("cjk_space", "H_SPACE", " "), "", " ", True)


_FEW_SPACED = 8
"""tidy_spaces runs its passes over the lines holding a space where those lines (with
:data:`_CALL_CHARS` for each) come to less than this share of the text (one in eight)."""


def _spaces_gone(m: MappedText, rx: regex.Pattern[str],
                 lines: _Spans | None) -> tuple[MappedText, _Spans | None]:
    """*m* without the matches of *rx* (spaces, each within a line): in *lines* alone where
    given, and then the lines of the text left that hold a space (tidy_spaces' passes)."""
    if lines is None:
        return m.sub(rx, ""), None
    out = m.sub(rx, "", lines)
    return out, lines if out is m else lines_holding(out.text, " ")


def _found(rx: re.Pattern[str], text: str, lines: _Spans | None) -> bool:
    """Whether *rx* finds a match in *text* (in *lines* alone where given)."""
    if lines is None:
        return rx.search(text) is not None
    return any(rx.search(text, s, e) is not None for s, e in lines)


def _holds_other_spaces(text: str) -> bool:
    """Whether *text* holds a space cjk_space needs other than the plain one: where those
    spaces are all among fold_width's characters (it makes them plain ones), what
    :func:`_specials` found the text to hold answers, else each is looked for."""
    others, folded = _other_spaces()
    held = _known_specials(text)
    if held is not None and folded:
        return not held.isdisjoint(others)
    return any(map(text.__contains__, others))


@cache
def _other_spaces() -> tuple[str, bool]:
    """The spaces cjk_space needs other than the plain one, and whether fold_width makes every
    one of them a plain one (read once, for :func:`_holds_other_spaces`)."""
    others = str(_rules()["cjk_space"].data["needs"]).replace(" ", "")
    return others, all(ord(ch) in _WIDTH for ch in others)


_COMMON_HAN = "\\u4e00-\\u9fa5"
"""The CJK Unified Ideographs of Unicode 1.1 (all of them \\p{Han}): nearly every character
of a notice, and a class the standard ``re`` compiles small (\\p{Han} it cannot)."""


@cache
def _common_cjk_space() -> regex.Pattern[str]:
    """cjk_space with the plain space for its spaces and the common ideographs for \\p{Han}
    (from the entry's own source: a match of it is one of the entry's)."""
    r = _rules()
    return patterns.compile_regex(r["cjk_space"].source, "normalize.toml [cjk_space] (common)",
                                  {**r.pieces, "H_SPACE": " ", "HAN": _COMMON_HAN})


@cache
def _space_by_other() -> re.Pattern[str]:
    """A space beside a character neither ASCII nor in :func:`_common_cjk_space`'s class: where
    none is left after that pass, the entry finds nothing more (no ASCII character is \\p{Han},
    and the entry's punctuation is in that class)."""
    other = "[^\\x00-\\x7f" + _COMMON_HAN + _rules().pieces["CJK_PUNCT_CHARS"] + "]"
    return patterns.fixed_re(f" (?:(?={other})|(?<={other} ))")


@cache
def _with_piece(pid: str, piece: str, value: str) -> regex.Pattern[str]:
    """The normalize.toml entry *pid* compiled with its file's piece *piece* given as *value*
    (from the entry's own source: the rule keeps one owner)."""
    r = _rules()
    return patterns.compile_regex(r[pid].source, f"normalize.toml [{pid}]",
                                  {**r.pieces, piece: value})


def drop_furniture(m: MappedText) -> MappedText:
    r = _rules()
    text = m.text
    # the lines as a list of strings (each line's offset worked out only for those that go)
    view = _lines_of(text)
    lines = view.lines
    lengths = view.lengths()
    nonblank = list(itertools.compress(itertools.count(), lengths))
    drop: set[int] = set()

    # a page number (a line of up to 20 characters) or a running header (up to 40): asked of
    # those lines in one call
    # (the lines of up to 40 found by a compare in C, the empty ones left out of those few)
    short = [i for i in itertools.compress(itertools.count(), map(
        operator.ge, itertools.repeat(40), lengths)) if lengths[i]]
    joined = "\n".join(map(lines.__getitem__, short))
    for pid, longest in (("page_number_line", 20), ("running_header", 40)):
        for i in _lines_matched(joined, short, lines, pid):
            if lengths[i] <= longest:
                drop.add(i)

    f = _furniture()
    last_pre = -1
    head = nonblank[:f.preamble_lines]
    # (its needs looked for in those lines first, and then in each: a search of a long line
    # costs much more, and most notices have a 如下 among their first lines)
    pre = f.preamble
    if head and pre.holds_need(text, 0, sum(lengths[:head[-1] + 1]) + head[-1]):
        for i in head:
            if pre.holds_need(lines[i]) and f.preamble_rx.search(lines[i]):
                last_pre = i
    if last_pre >= 0:
        drop.update(i for i in nonblank if i <= last_pre)

    for i in nonblank[:f.chrome_lines]:
        if f.leading.match(lines[i]):
            drop.add(i)

    posts = ([i for i in nonblank if r.rx("forum_post").search(lines[i])]
             if _may_match(text, "forum_post") else [])
    if len(posts) >= 2:  # replies below the reprinted notice: from the first reply's name line
        k = nonblank.index(posts[1])
        for furniture in (_POSTER, _RULE):  # the poster's name, then a rule, above the header
            if k > 0 and furniture.fullmatch(lines[nonblank[k - 1]]):
                k -= 1
        drop.update(nonblank[k:])

    limit = f.trailing_chars
    run: list[int] = []
    for i in reversed(nonblank):
        if i in drop:
            continue  # already gone (forum replies): the run goes on above them
        if lengths[i] > limit or lines[i][-1] == "。":
            break
        run.append(i)
    first_chrome = None
    for i in run:  # from the end towards the text
        if f.trailing.search(lines[i]):
            first_chrome = i
    if first_chrome is not None:
        drop.update(i for i in nonblank if i >= first_chrome)
    if not drop:
        return m
    starts = view.offsets()  # where each line starts
    n = len(text)
    out = m.apply([(starts[i], min(starts[i + 1], n), "") for i in sorted(drop)])
    # the lines left, for the steps after (each line went with the break after it; the last
    # with none, the break above it staying as an empty last line)
    keep = [True] * len(lines)
    for i in drop:
        keep[i] = False
    kept = list(itertools.compress(lines, keep))
    if not keep[-1]:
        kept.append("")
    return _hand_on(out, kept)


class _Furniture(NamedTuple):
    """What :func:`drop_furniture` reads of its normalize.toml entries (:func:`_furniture`)."""

    preamble: patterns.Pattern
    preamble_rx: regex.Pattern[str]
    preamble_lines: int
    leading: regex.Pattern[str]
    chrome_lines: int
    trailing: regex.Pattern[str]
    trailing_chars: int


@cache
def _furniture() -> _Furniture:
    """The entries drop_furniture asks of every text (news_preamble, leading_chrome and
    trailing_chrome), read once: each looked up and read anew cost a short text more than
    the asking."""
    r = _rules()
    pre, lead, tail = r["news_preamble"], r["leading_chrome"], r["trailing_chrome"]
    return _Furniture(pre, pre.regex, int(pre.data.get("max_line", 8)),
                      lead.regex, int(lead.data.get("max_line", 12)),
                      tail.regex, int(tail.data.get("max_chars", 60)))


def _lines_matched(joined: str, which: list[int], lines: list[str], pid: str) -> list[int]:
    """The lines among *which* (indices into *lines*, joined by line breaks in *joined*)
    that the normalize.toml entry *pid* matches at their start, each read alone
    (``rx.match(line)``). Asked in one call: the entry's pattern, which opens with ``^``, in
    multi-line mode over *joined* (where it holds one of the entry's ``needs``, if it lists
    them); each line is asked alone only where a match reaches over a line's end (a ``\\s``
    may take the line break).

    >>> lines = ["— 3 —", "正文", "第3", "页"]
    >>> _lines_matched("\\n".join(lines), [0, 1, 2, 3], lines, "page_number_line")
    [0]
    """
    if not _gate(pid)[0].holds_need(joined):
        return []
    found = list(_multiline(pid).finditer(joined))
    if any("\n" in x.group() for x in found):
        rx = _rules().rx(pid)
        return [i for i in which if rx.match(lines[i])]
    out: list[int] = []
    line = at = 0  # the line of *which* that *joined* holds at offset *at*
    for x in found:  # (the line breaks counted on from the match before: linear in the text)
        line += joined.count("\n", at, x.start())
        at = x.start()
        out.append(which[line])
    return out


@cache
def _multiline(pid: str) -> regex.Pattern[str]:
    """The normalize.toml entry *pid*, which opens with ``^`` and looks neither behind nor
    at the text's ends, compiled in multi-line mode (``^``, ``$`` at each line's edges)."""
    src = _rules()[pid].expanded
    if not src.startswith("^") or any(x in src for x in ("(?<", "\\A", "\\Z", "\\z")):
        raise ValueError(f"normalize.toml [{pid}]: not a pattern of whole lines")
    return patterns.compile_expanded("(?m)" + src, f"normalize.toml [{pid}] (multi-line)")


def drop_blank_lines(m: MappedText) -> MappedText:
    text = m.text
    view = _lines_split(text)
    # (a line of spaces, or of other white space, asked of the split lines where there are:
    # a test of each line that stops at its first character but for such a line)
    spaced = view is not None and any(map(str.isspace, view.lines))
    if (not view.blank_inside() and not spaced if view is not None
            else "\n\n" not in text and " \n" not in text):
        # no blank line (one of spaces ends with " \n"): _BLANKS's matches are the one line
        # break a text may open with and the one it may end with, both taken out
        edits = [(0, 1, "")] if text[:1] == "\n" else []
        if len(text) > 1 and text[-1] == "\n":
            edits.append((len(text) - 1, len(text), ""))
        out = m.apply(edits)
    else:
        # each match goes but for its first line break where it stands inside the text, and
        # whole at an edge: one layer of deletions with the map back of the match replaced by
        # a line break (the break kept maps to where the match began, the text after it to
        # where the match ended), from one split and C-level steps over its pieces (a Python
        # step a match costs several times the split)
        pieces = _BLANKS_SPLIT.split(text)
        kept, gone = pieces[0::2], pieces[1::2]
        inside = slice(pieces[0] == "", len(gone) - (pieces[-1] == ""))  # (not at an edge)
        kept[inside] = map(operator.add, kept[inside], itertools.repeat("\n"))
        gone[inside] = map(_AFTER_FIRST, gone[inside])
        pieces[0::2], pieces[1::2] = kept, gone
        out = m.delete_pieces(pieces)
    if view is None or out is m or spaced:
        return out
    # no line of spaces (the matches take those inside away, not those at the edges): the
    # lines left are those not empty, for the steps after
    return _hand_on(out, list(filter(None, view.lines)) or [""])


# _BLANKS in one group (its split gives the matches too)
_BLANKS_SPLIT = patterns.fixed_re(f"({_BLANKS.pattern})")
_AFTER_FIRST = operator.itemgetter(slice(1, None))


# a number cut by a line break: "达到6" / "5%。" (the line after goes on with digits or a %)
_CUT_NUMBER = patterns.fixed_re(r"[\d%％‰.．]")
# above a forum post's header: the poster's name (a short word, not a date), and a rule above that
_POSTER = patterns.fixed_re(r"\s*(?![^\n]*\d{4}\s*年)[^\s。，；：（）()]{1,16}\s*")
_RULE = patterns.fixed_re(r"\s*[-—=＝_＿·*]{3,}\s*")
_TERMINAL = frozenset("。！？!?；;：:”’\"）)】〕》…")
_FULL_STOPS = frozenset("。！？!?；;：:")
_PROSE_MARKS = frozenset("，。；、,;")


_OPENING = "（(〔［[【《“"
_CLOSING = "）)〕］]】》”"
# the brackets as one character class (a line's brackets found in one pass), and what each
# adds to the depth
_BRACKETS = patterns.fixed_re(f"[{re.escape(_OPENING + _CLOSING)}]")
_BRACKET_STEP = {**dict.fromkeys(_OPENING, 1), **dict.fromkeys(_CLOSING, -1)}
_PROSE = patterns.fixed_re("[" + re.escape("".join(sorted(_PROSE_MARKS))) + "]")
_PROSE_MIN = 20  # a shorter line with a comma is as likely a heading or a title
_WRAP_MIN = 16  # no page is narrower: lines that share a shorter length are headings
_WRAP_OVER = 0.15  # the share of lines that may run past the wrap (table rows, joined lines)


def _wrap_width(lengths: list[int]) -> int | None:
    """The width a hard-wrapped text was cut at: the line length that most lines share
    (within one character), when enough of them do; None for a text of whole paragraphs.

    >>> _wrap_width([28, 28, 27, 28, 12, 28, 28, 5])
    28
    >>> _wrap_width([120, 35, 240, 18, 96])
    >>> _wrap_width([11, 12, 10, 11, 12, 85, 97, 109, 78, 60])
    """
    if len(lengths) < 5:
        return None  # (fewer than the 5 lines asked for below, at once)
    # (the lines of each length counted in C, and the rest asked of each length, not each line)
    counts = Counter(lengths)
    lines = len(lengths) - sum(map(counts.pop, range(8), itertools.repeat(0)))  # (no shorter)
    # no length has more lines within one character of it than the three most shared lengths
    # hold together: where those fall short, no width is asked (a text of whole paragraphs)
    if lines < 5 or sum(sorted(counts.values())[-3:]) < max(5, 0.3 * lines):
        return None
    # the length with the most lines within one character of it (the longer on a tie)
    near, width = max((counts.get(n - 1, 0) + k + counts.get(n + 1, 0), n)
                      for n, k in counts.items())
    if width < _WRAP_MIN or near < 5 or near < 0.3 * lines:
        return None
    # the wrap is the page's width: few lines go past it (a run of short headings is no wrap)
    wider = sum(k for n, k in counts.items() if n > width + 2)
    return width if wider <= _WRAP_OVER * lines else None


def _bracket_depth(line: str) -> int:
    """How many more brackets *line* opens than it closes.

    >>> [_bracket_depth(s) for s in ("（责任单位：市发展改革委、", "《方案》（2021-2025年）", "）")]
    [1, 0, -1]
    """
    found = _BRACKETS.findall(line)
    return sum(map(_BRACKET_STEP.__getitem__, found)) if found else 0


def _ends_mid_sentence(line: str, width: int | None, depth: int | None = None) -> bool:
    """A line that stops where no sentence stops: a bracket is still open (*depth*: the
    brackets left open by this line and the lines already joined before it; by default this
    line's own), or it is running prose (commas and the like; in a hard-wrapped text, a line
    as wide as the wrap) without a full stop or a closing mark at its end."""
    if not line or line[-1] == "。":
        return False  # the common case, decided without a look at the rest
    # a table row ends no sentence: asked last, where the rest says the line runs on
    if (_bracket_depth(line) if depth is None else depth) > 0:
        return not is_table_row(line)  # "……（责任单位：" goes on below, over "市农业农村局、市商"
    full_width = width is not None and abs(len(line) - width) <= 1
    if line[-1] in (_FULL_STOPS if full_width else _TERMINAL):
        return False  # a wrapped line may stop at 》 or ） in mid-sentence
    prose = _PROSE.search(line) is not None
    if not (full_width or (prose and len(line) >= _PROSE_MIN)):
        return False  # titles, signatures, bare headings without punctuation
    # a bare heading (一、… or 第三章…) ends no sentence
    return ("。" in line or (read_marker(line) is None and read_chapter(line) is None)) and (
        not is_table_row(line))


def _starts_new_block(line: str) -> bool:
    """An outline item, a dash bullet, an annex, a table row, a note, a line of its own that
    an item's key opens ("责任单位：…", "完成时限：…") or a field of a site's information block
    (索引号：… 主题分类：…): the line kinds' own rule (:func:`lines.opens_block`)."""
    return opens_block(line)


def join_broken_lines(m: MappedText) -> MappedText:
    text = m.text
    view = _lines_of(text)
    parts = view.lines
    width = _wrap_width(view.lengths())
    edits = []
    depth = 0  # brackets left open by the lines joined so far
    e1 = -1  # where the line ends (its newline)
    for line, nxt in itertools.pairwise(parts):
        e1 += len(line) + 1
        # the common cases: a line that ends its sentence, or one above a line that opens a
        # block of its own, is not joined. The next line's kind (a few regex calls) is asked
        # first above a long line, through which the look for brackets below costs more, and
        # last above a short one (whose own look most often says it runs on no further)
        long = len(line) > _LONG_LINE
        if line[-1:] == "。" or (long and _starts_new_block(nxt)):
            depth = 0
            continue
        s2 = e1 + 1
        # (an annex's label, 附件3, is a line of its own: the number below it is no part of it)
        cut_number = (line[-1:].isdigit() and _CUT_NUMBER.match(nxt) is not None
                      and annex_match(line) is None)
        if not cut_number and "|" in line and is_table_row(line):
            depth = 0  # a table row ends no sentence (as _ends_mid_sentence would say, later)
            continue
        depth = max(0, depth + _bracket_depth(line))
        if (_ends_mid_sentence(line, width, depth) or cut_number) and (
                long or not _starts_new_block(nxt)):
            edits.append((e1, s2, ""))
        else:
            depth = 0
    return m.apply(edits)


_LONG_LINE = 60
"""A line longer than this is looked through for brackets only where the next line opens no
block (:func:`join_broken_lines`)."""


# --- scraped text: labels, numbers, dates and header fields a crawler split over lines -------
# Each step looks for its trigger first and returns the text as it is when there is none.

_LINE_BREAK = patterns.fixed_re(r"[ \t]*\n[ \t]*")


def _close_breaks(m: MappedText, spans: list[tuple[int, int]]) -> MappedText:
    """Delete the line breaks (and the spaces around them) inside each span."""
    text = m.text
    edits = [(b.start(), b.end(), "")
             for s, e in spans for b in _LINE_BREAK.finditer(text, s, e)]
    return m.apply(sorted(edits))


def _may_match(text: str, pid: str) -> bool:
    """Whether *text* may hold a match of the normalize.toml entry *pid*, by what the entry
    declares every match needs: one of the strings of ``needs``; a line (after a line break)
    that begins with a character of ``line_starts``, or one (before a break) that ends with a
    character of ``line_ends`` (with ``after_number``: a line beginning so under one that ends
    with a digit); a line no longer than ``longest_line``. Asked of the text's lines, split
    once for the steps that ask (:func:`_lines_of`), by the sets of their first and last
    characters and their lengths; True where the entry declares none of them."""
    entry, starts, ends, longest, after_number = _gate(pid)
    if not entry.holds_need(text):
        return False
    if longest is None and starts is None and ends is None:
        return True
    view = _lines_of(text)
    if longest is not None and not view.has_short(longest):
        return False
    if starts is None and ends is None:
        return True
    opened = bool(starts) and not view.starts().isdisjoint(cast("frozenset[str]", starts))
    if opened and after_number:  # (where a line ends with a digit at all)
        opened = any(map(str.isdecimal, view.ends())) and bool(_after_numbers(text, pid))
    return opened or (bool(ends) and not view.ends().isdisjoint(cast("frozenset[str]", ends)))


@cache
def _gate(pid: str) -> tuple[patterns.Pattern, frozenset[str] | None, frozenset[str] | None,
                             int | None, bool]:
    """What :func:`_may_match` asks of the normalize.toml entry *pid*, read from it once: the
    entry (for its needs), its line_starts and line_ends (as sets: a set asked whether it
    meets another steps through the smaller, a string it steps through whole), longest_line
    and after_number (an entry looked up and read anew cost more than most of the asking)."""
    p = _rules()[pid]
    d = p.data
    starts, ends, longest = d.get("line_starts"), d.get("line_ends"), d.get("longest_line")
    return (p, None if starts is None else frozenset(starts),
            None if ends is None else frozenset(ends),
            None if longest is None else int(longest), bool(d.get("after_number")))


class _Lines:
    """The lines of a text (split at its line breaks) and what the steps ask of them: most
    steps leave the text as it is, and those after it then ask of the same lines, split once
    (:func:`_lines_of`), instead of a look for line breaks each through the whole text."""

    __slots__ = ("_ends", "_lengths", "_offsets", "_starts", "lines")

    def __init__(self, text: str, lines: list[str] | None = None) -> None:
        """The lines of *text*: *lines* where a step worked them out (they must be
        ``text.split("\\n")``), else split."""
        self.lines = text.split("\n") if lines is None else lines
        self._starts: set[str] | None = None
        self._ends: set[str] | None = None
        self._lengths: list[int] | None = None
        self._offsets: list[int] | None = None

    # (the sets, lengths and spans built by C-level iteration: a Python step a line costs
    # more than the rest of the look)
    def starts(self) -> set[str]:
        """The first character of each line (not empty) after a line break."""
        if self._starts is None:
            self._starts = set(map(_FIRST, filter(None, itertools.islice(self.lines, 1, None))))
        return self._starts

    def ends(self) -> set[str]:
        """The last character of each line (not empty) before a line break."""
        if self._ends is None:
            self._ends = set(map(_LAST, filter(None, itertools.islice(self.lines,
                                                                      len(self.lines) - 1))))
        return self._ends

    def lengths(self) -> list[int]:
        if self._lengths is None:
            self._lengths = list(map(len, self.lines))
        return self._lengths

    def offsets(self) -> list[int]:
        """Where each line starts in the text (after the lines above and their line breaks),
        and one more: where a line after the last would start."""
        if self._offsets is None:
            self._offsets = list(itertools.accumulate(
                map(operator.add, self.lengths(), itertools.repeat(1)), initial=0))
        return self._offsets

    def has_short(self, longest: int) -> bool:
        """Whether a line holds 1 to *longest* characters."""
        return any(map(operator.ge, itertools.repeat(longest), filter(None, self.lengths())))

    def short(self, longest: int) -> list[int]:
        """The indices of the lines that hold 1 to *longest* characters, in order."""
        lengths = self.lengths()
        return [k for k in itertools.compress(itertools.count(), map(
            operator.ge, itertools.repeat(longest), lengths)) if lengths[k]]

    def short_spans(self, longest: int) -> list[tuple[int, int]]:
        """The spans of the lines that hold 1 to *longest* characters, in order (those of
        :func:`_short_lines`)."""
        which = self.short(longest)
        if not which:
            return []
        at = self.offsets()
        lengths = self.lengths()
        return [(at[k], at[k] + lengths[k]) for k in which]

    def blank_inside(self) -> bool:
        """Whether an empty line stands between two line breaks (the text holds "\\n\\n")."""
        return "" in itertools.islice(self.lines, 1, len(self.lines) - 1)


_FIRST = operator.itemgetter(0)
_LAST = operator.itemgetter(-1)
_lines_seen: tuple[str, _Lines] | None = None
"""The text :func:`_lines_of` split last, and its lines (let go at the end of normalize)."""


def _lines_split(text: str) -> _Lines | None:
    """The lines of *text* where a step has split it already, else None (a step that may
    change the text asks so, where a look for what it needs, found early, costs less)."""
    seen = _lines_seen
    return seen[1] if seen is not None and seen[0] is text else None


def _lines_of(text: str) -> _Lines:
    """The lines of *text*: split once for the steps that ask while the text stays the same
    object (a step that changes nothing hands it on as it is). Only the last text is kept,
    and :func:`normalize` lets it go when it ends: nothing is kept from one parse to the next."""
    global _lines_seen
    seen = _lines_seen
    if seen is not None and seen[0] is text:
        return seen[1]
    view = _Lines(text)
    _lines_seen = (text, view)
    return view


def _hand_on(m: MappedText, lines: list[str]) -> MappedText:
    """*m*, with the lines of its text (``split("\\n")``) that the step which made it worked
    out from those of the text it was given: kept for the steps after, as :func:`_lines_of`
    keeps a split, at a fraction of a split's cost."""
    global _lines_seen
    _lines_seen = (m.text, _Lines(m.text, lines))
    return m


@cache
def _line_start(pid: str) -> re.Pattern[str]:
    """A line break before a character of the entry's ``line_starts``."""
    return patterns.fixed_re("\n[" + re.escape(_rules()[pid].data["line_starts"]) + "]")


def _after_numbers(text: str, pid: str) -> list[int]:
    """Where each line that ends with a digit ends, when the line below begins with a
    character of the entry's ``line_starts`` (its ``after_number``)."""
    return [i for x in _line_start(pid).finditer(text)
            if (i := x.start()) > 0 and text[i - 1].isdecimal()]


@cache
def _short_line(longest: int) -> re.Pattern[str]:
    """A line of 1 to *longest* characters after a line break (group 1)."""
    return patterns.fixed_re(f"\n([^\n]{{1,{longest}}}+)(?=\n|\\Z)")  # (+: no backtracking)


def _short_lines(text: str, longest: int) -> list[tuple[int, int]]:
    """The spans of the lines of *text* that hold 1 to *longest* characters, in order.

    >>> _short_lines("一、\\n总体要求\\n\\n（1）\\n1.推进", 3)
    [(0, 2), (9, 12)]
    """
    first = text.find("\n")
    if first < 0:
        first = len(text)
    spans = [(0, first)] if 0 < first <= longest else []
    spans += [x.span(1) for x in _short_line(longest).finditer(text)]
    return spans


@cache
def _trigger(pid: str) -> re.Pattern[str]:
    """The ``trigger`` of a pattern: a plain expression the standard library's re finds fast,
    whose absence lets a step skip the text."""
    return patterns.fixed_re(_rules()[pid].data["trigger"])


def join_split_labels(m: MappedText) -> MappedText:
    """"（\n1\n）" → "（1）", "1\n．" → "1．"."""
    spans = _around_triggers(m.text, "split_label", 6, 6)
    return _close_breaks(m, spans) if spans else m


def _around_triggers(text: str, pid: str, before: int, after: int) -> list[tuple[int, int]]:
    """The matches of pattern *pid* that hold one of its triggers, looked for only in a window
    around each trigger (most texts have none, and then nothing is scanned twice)."""
    spans: list[tuple[int, int]] = []
    if not _may_match(text, pid):
        return spans
    rx = _rules().rx(pid)
    for t in _trigger(pid).finditer(text):
        done = spans[-1][1] if spans else 0
        if t.start() < done:
            continue  # inside the last match (a date's second part)
        x = rx.search(text, max(t.start() - before, done), min(t.end() + after, len(text)))
        if x is not None and x.start() <= t.start() < x.end() and "\n" in x.group():
            spans.append(x.span())
    return spans


def join_split_dates(m: MappedText) -> MappedText:
    """"2024\n年\n3\n月\n5\n日" → "2024年3月5日"."""
    spans = _around_triggers(m.text, "split_date", 10, 24)
    return _close_breaks(m, spans) if spans else m


def join_lone_numbers(m: MappedText) -> MappedText:
    """A line of only a number goes back into its sentence: "到\n2025\n年，" → "到2025年，".
    It joins the line below (which goes on with what it counts), and the line above too when
    the sentence runs on: the line above ends with a comma, or with a Chinese character and
    the line below is prose (a comma or stop in it); a table flattened one cell a line
    ("新增绿地\n50\n万平方米") keeps its cells apart."""
    text = m.text
    if not _may_match(text, "lone_number"):
        return m
    # every match is a line ending with a digit above a line opening with a line_starts
    # character (the entry's after_number): looked for there alone, the line below in sight
    rx = _rules().rx("lone_number")
    found: list[regex.Match[str]] = []
    for i in _after_numbers(text, "lone_number"):
        below = text.find("\n", i + 1)
        x = rx.search(text, text.rfind("\n", 0, i) + 1, len(text) if below < 0 else below)
        if x is not None and (not found or x.start() >= found[-1].end()):
            found.append(x)
    if not found:
        return m
    edits = []
    for x in found:
        s, e = x.span()
        edits.append((e, e + 1, ""))  # the break after the number
        before = text[max(0, s - 1):s]
        if s > 1 and before == "\n":
            prev = text[text.rfind("\n", 0, s - 1) + 1:s - 1]
            nxt_end = text.find("\n", e + 1)
            nxt = text[e + 1:nxt_end if nxt_end >= 0 else len(text)]
            last = prev[-1:]
            runs_on = last in ("，", "、") or (
                bool(_HAN_CHAR.match(last)) and any(ch in nxt for ch in _PROSE_MARKS))
            if runs_on and not (_rules().rx("lone_label").match(prev)
                                or prev.endswith(("年", "月", "日"))):
                edits.append((s - 1, s, ""))
    return m.apply(sorted(edits))


_HAN_CHAR = patterns.fixed_regex(r"\p{Han}")


def join_info_keys(m: MappedText) -> MappedText:
    """A site's information block with every field name on a line of its own and its value
    on the next ("索引号：\n000014349/2019-00002") becomes one line a field."""
    view = _lines_of(m.text)
    if view.ends().isdisjoint(("：", ":", "号")):
        return m  # cheap trigger: a key line ends with a colon or is a bare name
    lines = view.lines
    # a key line (short) above a line, not empty, that is no key line: the break after it goes
    # (a colon put in where it has none); where each line ends worked out only for those
    keys = [k for k in view.short(_KEY_LINE_MAX) if k + 1 < len(lines) and lines[k + 1]
            and is_info_key_line(lines[k]) and not is_info_key_line(lines[k + 1])]
    if not keys:
        return m
    at = view.offsets()
    return m.apply([(at[k + 1] - 1, at[k + 1], "" if lines[k][-1] in "：:" else "：")
                    for k in keys])


_KEY_LINE_MAX = 12  # no line holding only a key and its colon is longer


def join_lone_labels(m: MappedText) -> MappedText:
    """A line of only an outline label takes the next line as its heading: "（1）\n推进…"."""
    text = m.text
    if not _may_match(text, "lone_label"):
        return m
    # each match is a line no longer than the entry's longest_line: looked for in those alone
    rx = _rules().rx("lone_label")
    longest = int(_rules()["lone_label"].data["longest_line"])
    found = [x for s, e in _lines_of(text).short_spans(longest) for x in rx.finditer(text, s, e)]
    if not found:
        return m
    edits = []
    for x in found:
        e = x.end()
        nxt_end = text.find("\n", e + 1)
        nxt = text[e + 1:nxt_end if nxt_end >= 0 else len(text)]
        if (e < len(text) and read_marker(x.group()) is not None and nxt
                and _rules().rx("lone_label").fullmatch(nxt) is None):
            edits.append((e, e + 1, ""))
    return m.apply(edits)


STEPS: tuple[Step, ...] = (
    unify_newlines,
    drop_invisible,
    fold_width,
    drop_artifacts,
    strip_markdown,
    tidy_spaces,
    drop_furniture,
    drop_blank_lines,
    join_split_labels,
    join_split_dates,
    join_lone_numbers,
    join_info_keys,
    join_lone_labels,
    join_broken_lines,
)


def normalize(text: str, steps: tuple[Step, ...] = STEPS) -> MappedText:
    """Run the normalization steps over *text*.

    >>> normalize("## 一、总体 要求\\r\\n\\r\\n到 2025 年，达到３％。").text
    '一、总体要求\\n到2025年，达到3%。'
    """
    return normalize_split(text, steps)[0]


def normalize_split(text: str, steps: tuple[Step, ...] = STEPS
                    ) -> tuple[MappedText, list[str] | None, list[int] | None]:
    """:func:`normalize`, with the normalized text's lines (``text.split("\\n")``) and where
    each starts, where the steps had worked them out already (else None): the line index
    (:class:`~policyparse.lines.LineIndex`) takes them instead of a split of its own.

    >>> m, lines, starts = normalize_split("一、总体\\n\\n要求")
    >>> lines == m.text.split("\\n"), starts
    (True, [0, 5])
    """
    global _lines_seen, _specials_seen
    m = MappedText(text)
    try:
        for step in steps:
            m = step(m)
        seen = _lines_seen
    finally:
        _lines_seen = _specials_seen = None
    if seen is None or seen[0] is not m.text:
        return m, None, None
    view = seen[1]
    return m, view.lines, view.offsets()[:-1]
