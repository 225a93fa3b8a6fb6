"""The one reader of ``patterns/*.toml``: rules as data, loaded once and compiled once.

A pattern file holds shared named pieces and a list of entries::

    [pieces]
    CN_NUM = '[一二三四五六七八九十]+'

    [[pattern]]
    id = "level1"
    regex = '^(?P<num>{CN_NUM})[、.．]'
    examples = ["一、总体要求"]          # must match
    counterexamples = ["一带一路"]        # must not match

``{NAME}`` (upper case) in a regex is replaced by the piece of that name, in the file's own
``[pieces]`` or in ``pieces.toml``; other braces are regex quantifiers. A piece given as a list
of alternatives (``UNIT = ["个", "个工作日", "家(?!庭)"]``) becomes one group that tries the
longer words first (by the literal text each opens with), so the longest word that fits wins:
个工作日 before 个. A piece given as a table (``[pieces.INFO_KEY]``, each word → what it
means) is the list of its words, and the table is read with :func:`table` under the piece's
name: one list of words serves the regexes and the code. Any other key of an
entry is kept as data (``pattern.data``). An unknown piece fails at load, naming its file and
id; each regex compiles on first use (``pattern.regex``), so a run pays only for the patterns it
uses, and a bad one fails there, naming its file and id (the example test compiles them all).
A regex that needs nothing of the ``regex`` package and that ``re`` searches well compiles under
the standard ``re``, whose compiler is several times faster (same methods, same matches); the
rest (``\\p{Han}``, variable-width lookbehind, a group name used twice, an alternation at the
top …) under ``regex`` (:func:`compile_expanded`).
Plain data tables (alias lists, word lists) live in the same files under other keys and are
read with :func:`table`.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import rxcache
from ._dataclass import dataclass, field

if TYPE_CHECKING:
    import regex


def fixed_re(src: str, flags: int = 0) -> re.Pattern[str]:
    """A regex written in the code (not in a pattern file) compiled under the standard ``re``,
    through the cross-process cache (:mod:`policyparse.rxcache`): for module-level constants.

    On Python 3.10, whose ``re`` has neither possessive quantifiers (``++``, ``{1,9}+``) nor
    atomic groups (``(?>…)``), such a regex is compiled under ``regex`` instead (version 0:
    the same matches, with the same methods)."""
    try:
        return rxcache.re_compile(src, flags)
    except re.error:
        if sys.version_info >= (3, 11):
            raise
        return cast("re.Pattern[str]", rxcache.regex_compile(src, flags))  # pragma: no cover


def fixed_regex(src: str, flags: int = 0) -> regex.Pattern[str]:
    """A regex written in the code compiled under ``regex`` (version 0 unless *flags* or an
    inline flag say otherwise), through the cross-process cache, without importing ``regex``
    where the cache holds it."""
    return rxcache.regex_compile(src, flags)


_PIECE = fixed_re(r"\{([A-Z][A-Z0-9_]*)\}")


class PatternError(Exception):
    """A pattern file that cannot be used: bad TOML, unknown piece or invalid regex."""


@cache
def patterns_dir() -> Path:
    """The folder holding the pattern files.

    Installed wheels carry it inside the package; a source checkout keeps it at the top level.
    """
    inside = Path(__file__).resolve().parent / "patterns"
    if inside.is_dir():
        return inside
    top = Path(__file__).resolve().parents[2] / "patterns"
    if top.is_dir():
        return top
    raise PatternError(f"pattern folder not found (looked in {inside} and {top})")


@dataclass(frozen=True)
class Pattern:
    """One entry of a pattern file."""

    id: str
    file: str
    source: str
    expanded: str
    """The regex source with its ``{PIECE}`` names replaced (to build a larger regex from)."""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def regex(self) -> regex.Pattern[str]:
        """The compiled regex, compiled on first use (see :func:`compile_expanded`)."""
        return compile_expanded(self.expanded, f"{self.file} [{self.id}]")

    @cached_property
    def needs(self) -> tuple[str, ...]:
        """The entry's ``needs``: strings of which every match holds one (a string given
        there stands for its characters); empty where it declares none. (Made once: the
        gates ask it on every call.)"""
        return tuple(self.data.get("needs", ()))

    @cached_property
    def needs_rx(self) -> re.Pattern[str] | None:
        """A search for any of :attr:`needs` (:func:`any_word`), or None where it declares
        none: a text it does not find in holds no match, at a fraction of the regex's cost."""
        return any_word(self.needs) if self.needs else None

    def holds_need(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether ``text[start:end]`` holds one of :attr:`needs` (True where it declares
        none): the test of :attr:`needs_rx` by a plain look for each string, several times
        cheaper than an alternation's search for the few strings an entry lists.

        >>> from policyparse.patterns import load
        >>> p = load("normalize")["news_preamble"]
        >>> p.holds_need("来源：新华社") == (p.needs_rx.search("来源：新华社") is not None)
        True
        """
        needs = self.needs
        if not needs:
            return True
        if end is None:
            end = len(text)
        if start == 0 and end == len(text):
            return any(map(text.__contains__, needs))  # stepped in C: no generator frame
        return any(text.find(w, start, end) >= 0 for w in needs)


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """A plain alternation of literal *words* (compiled under ``re``, through the cache).

    >>> any_word(["牵头", "负责", "配合"]).search("由市财政局负责").group()
    '负责'
    """
    # longest first; among words of one length (which never match at one place alike) a fixed
    # order, so that the source is the same in every process (set order is not): one cache key
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return fixed_re("|".join(map(re.escape, ordered)))


@dataclass(frozen=True)
class PatternSet:
    """The entries of one pattern file, in file order."""

    name: str
    entries: tuple[Pattern, ...]
    tables: dict[str, Any]
    pieces: dict[str, str] = field(default_factory=dict)
    """The file's own ``[pieces]`` (shared pieces are in :func:`shared_pieces`)."""

    @cached_property
    def _by_id(self) -> dict[str, Pattern]:
        """The entries by id, indexed once: extractors look entries up per line or per list."""
        return {p.id: p for p in self.entries}

    @cached_property
    def _groups(self) -> dict[str, tuple[Pattern, ...]]:
        """The entries of each ``group``, in file order, collected once."""
        out: dict[str, list[Pattern]] = {}
        for p in self.entries:
            if "group" in p.data:
                out.setdefault(str(p.data["group"]), []).append(p)
        return {name: tuple(ps) for name, ps in out.items()}

    def __getitem__(self, pid: str) -> Pattern:
        try:
            return self._by_id[pid]
        except KeyError:
            raise KeyError(f"{self.name}.toml has no pattern {pid!r}") from None

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self.entries)

    def rx(self, pid: str) -> regex.Pattern[str]:
        return self[pid].regex

    def group(self, name: str) -> list[Pattern]:
        """Entries whose ``group`` key equals *name*, in file order."""
        return list(self._groups.get(name, ()))


def _read(path: Path) -> dict[str, Any]:
    try:
        return rxcache.read_toml(path)
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise PatternError(f"{path.name}: {exc}") from exc


def _expand(src: str, pieces: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 8:
        raise PatternError(f"{where}: pieces nest too deep")

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in pieces:
            raise PatternError(f"{where}: unknown piece {{{name}}}")
        return str(_expand(pieces[name], pieces, where, depth + 1))

    return _PIECE.sub(one, src)


_REGEX_META = frozenset("\\[](){}?*+|.^$")


def _literal_head(src: str) -> int:
    """How many characters *src* opens with before its first regex metacharacter."""
    return next((i for i, ch in enumerate(src) if ch in _REGEX_META), len(src))


def _piece_source(value: Any) -> str:
    """A piece as regex source: a string as it is; a list as one group of its alternatives,
    those with the longest literal head first (the order of the file among equals). Where every
    alternative opens with a literal character, a lookahead for those characters goes first:
    most places fail there at once, before the alternatives are tried one by one.

    >>> _piece_source(["个", "个百分点", "家(?!庭)", "人次"])
    '(?=[个人家])(?:个百分点|人次|个|家(?!庭))'
    """
    if not isinstance(value, list):
        return str(value)
    items = [str(v) for v in value]
    items.sort(key=lambda v: -_literal_head(v))
    group = "(?:" + "|".join(items) + ")"
    if not all(_literal_head(v) for v in items):
        return group
    firsts = "".join(re.escape(ch) for ch in sorted({v[0] for v in items}))
    return f"(?=[{firsts}]){group}"


@cache
def shared_pieces() -> dict[str, str]:
    path = patterns_dir() / "pieces.toml"
    if not path.exists():
        return {}
    return {k: _piece_source(v) for k, v in _read(path).get("pieces", {}).items()}


def expand(src: str, where: str, pieces: dict[str, str] | None = None) -> str:
    """*src* with its ``{PIECE}`` names replaced; an unknown name fails naming *where*."""
    return _expand(src, {**shared_pieces(), **(pieces or {})}, where)


def compile_regex(src: str, where: str, pieces: dict[str, str] | None = None) -> regex.Pattern[str]:
    """Expand ``{PIECE}`` names and compile; errors name *where*."""
    return compile_expanded(expand(src, where, pieces), where)


def compile_expanded(expanded: str, where: str) -> regex.Pattern[str]:
    """Compile a regex source; errors name *where*.

    Under the standard ``re`` where it compiles there without a warning and re can search for
    it well (:func:`re_searches_well`), else under ``regex`` (version 0, the ``re``-compatible
    behaviour). Both give objects with the same methods and, for a regex both accept, the
    same matches. ``re``'s compiler is several times faster, which is most of a short run's
    start; ``regex``'s search is the faster one where no first character narrows it.

    A regex that needs nothing else of ``regex`` than property classes such as ``\\p{Han}``
    compiles under ``re`` too, each class spelt out as the code points ``regex`` itself gives
    it (:func:`re_form`): the same matches, by construction.

    >>> type(compile_expanded(r"[一二三]+、", "x")).__module__
    're'
    >>> rx = compile_expanded(r"^\\p{Han}+", "x")  # (under re where the cache keeps it)
    >>> type(rx).__module__ == ("re" if rxcache.keeps() else "_regex")
    True
    >>> type(compile_expanded(r"(?r)\\p{Han}+", "x")).__module__
    '_regex'
    """
    form = rxcache.remember("re-form", expanded, lambda: _re_form(expanded))
    if form:
        try:
            compiled: Any = rxcache.re_compile(expanded if form is True else form)
            return cast("regex.Pattern[str]", compiled)
        except re.error:
            pass
    try:
        return rxcache.regex_compile(expanded)
    except Exception as exc:
        import regex

        if isinstance(exc, regex.error):
            raise PatternError(f"{where}: invalid regex: {exc}") from exc
        raise


def _re_form(expanded: str) -> bool | str:
    """The source ``re`` compiles for *expanded* (:func:`compile_expanded`), where ``re``
    reads it without a warning and searches it well: True for *expanded* itself (the cache
    keeps no second copy), else its :func:`re_form`; False where ``regex`` compiles it. A
    property class spelt out only where the cache keeps the result (:func:`policyparse.
    rxcache.keeps`): ``re``'s compiler walks such a class in Python, some 30,000 code points
    for ``\\p{Han}`` (a tenth of a second a pattern), where ``regex`` reads it in one step."""
    if "\\p" not in expanded and "\\P" not in expanded:
        return re_searches_well(expanded) and not _re_would_warn(expanded)
    if not rxcache.keeps():
        return False
    src = re_form(expanded)
    if src is None or not re_searches_well(src) or _re_would_warn(src):
        return False
    return src


_PROPERTY = fixed_re(r"\\([pP])\{(\w+)\}")
_CLASS_FLAGS = fixed_re(r"\(\?[a-zA-Z-]*[aiL]")
_QUANTIFIER = fixed_re(r"\{\d*(?:,\d*)?\}")


def re_form(src: str) -> str | None:
    r"""*src* with each property class (``\p{Han}``, ``\P{Han}``, ``\p{Co}`` …) spelt out as
    the ranges of code points that the installed ``regex`` gives it (:func:`property_ranges`),
    for ``re`` to compile: the same matches by construction. None where the classes are not
    all of that form (``\pL``, ``\p{Script=Han}``, ``\P{…}`` in a class), or where *src* may
    mean something else to ``re``: with a flag that changes what a property holds (``(?a)``:
    under ``regex`` ``\p{Han}`` then holds nothing; ``(?i)``, ``(?L)``), or with braces that
    are no quantifier (``regex``'s fuzzy matching, ``{e<=1}``). Whatever else only ``regex``
    reads (``(?r)``, a variable-width lookbehind, a name given twice …) ``re`` then refuses to
    compile, and the regex stays with ``regex``.

    >>> re_form(r"[^\p{Co}、]\P{Co}{2}")
    '[^\\ue000-\\uf8ff\\U000f0000-\\U000ffffd\\U00100000-\\U0010fffd、][^\\ue000-\\uf8ff\\U000f0000-\\U000ffffd\\U00100000-\\U0010fffd]{2}'
    >>> [re_form(s) for s in (r"(?a)\p{Han}", r"\p{Han}{e<=1}", r"[\P{Han}]", r"\pL")]
    [None, None, None, None]
    """
    if _CLASS_FLAGS.search(src):
        return None
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            m = _PROPERTY.match(src, i)
            if m is None:
                if src.startswith(("p", "P"), i + 1):
                    return None
                out.append(src[i:i + 2])
                i += 2
                continue
            negated = m.group(1) == "P"
            ranges = property_ranges(m.group(2))
            if not ranges or (negated and in_class):
                return None
            out.append(ranges if in_class else f"[{'^' if negated else ''}{ranges}]")
            i = m.end()
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            end = _class_end(src, i)
            if end < 0:
                return None
            in_class = True
            # an opening ^ and a ] just after the [ are part of the class, not its end
            j = i + 1 + src.startswith("^", i + 1)
            j += src.startswith("]", j)
            out.append(src[i:j])
            i = j
            continue
        elif ch == "{" and _QUANTIFIER.match(src, i) is None:
            return None
        out.append(ch)
        i += 1
    return "".join(out)


def property_ranges(name: str) -> str:
    r"""The code points of ``regex``'s ``\p{name}`` as the body of an ``re`` class
    (``\u3005\u3007\u3021-\u3029…``): every code point tried against the installed ``regex``
    once, kept across processes (:func:`policyparse.rxcache.remember`, whose file is tied to
    that ``regex``); "" where ``regex`` knows no such property.

    >>> property_ranges("Co")
    '\\ue000-\\uf8ff\\U000f0000-\\U000ffffd\\U00100000-\\U0010fffd'
    """
    return cast(str, rxcache.remember("property", name, lambda: _derive_ranges(name)))


def _derive_ranges(name: str) -> str:
    import regex

    try:
        run = regex.compile(rf"\p{{{name}}}+", regex.VERSION0)
    except regex.error:
        return ""
    # every code point in order: each run of matches is one range (surrogates included);
    # decoded from UTF-32 in one step, several times faster than joining a million chr()
    codes = array("I", range(sys.maxunicode + 1))
    if codes.itemsize == 4:
        order = "le" if sys.byteorder == "little" else "be"
        everything = codes.tobytes().decode(f"utf-32-{order}", "surrogatepass")
    else:  # pragma: no cover - a platform whose unsigned int is not 32 bits
        everything = "".join(map(chr, range(sys.maxunicode + 1)))
    parts = []
    for m in run.finditer(everything):
        first, last = m.start(), m.end() - 1
        parts.append(_code(first) if first == last else f"{_code(first)}-{_code(last)}")
    return "".join(parts)


def _code(cp: int) -> str:
    """A code point as both ``re`` and ``regex`` read it in a class: the character itself
    where it is printable and not special there (a short source, to keep and to hash), else
    an escape."""
    ch = chr(cp)
    if ch.isprintable() and ch not in "\\]^-[&~|" and not ch.isspace():
        return ch
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


_ANY_RUN = fixed_re(r"(?<!\\)\.[*+]")
# the flags both modules share (regex's own, such as its version, are not re's)
_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII | re.UNICODE


def for_match(rx: regex.Pattern[str]) -> regex.Pattern[str]:
    """*rx* for tests where a match starts at the given place (``match``): compiled under
    the standard ``re`` where it compiles there without a warning (:func:`_re_would_warn`),
    even if ``re`` does not search it well: such a test needs none of the skipping ahead that
    makes ``regex`` the faster searcher, and a call of ``re`` costs a fraction of one of
    ``regex`` (the same matches, as in :func:`compile_expanded`); else *rx*. Not where it runs
    over any characters (``.*``, ``.+``) to a word: ``re`` steps through them one at a time,
    ``regex`` looks for the word (lines' imprint test, ``.*?印发``: three times slower).

    >>> type(for_match(fixed_regex(r"(?:一|二)、"))).__module__
    're'
    >>> [type(for_match(fixed_regex(s))).__module__ for s in (r"\\p{Han}+", r".*?印发", "[[a]")]
    ['_regex', '_regex', '_regex']
    """
    src = rx.pattern
    if isinstance(rx, re.Pattern) or not rxcache.remember(
            "re-match-ok", src, lambda: _ANY_RUN.search(src) is None and not _re_would_warn(src)):
        return rx
    try:
        return cast("regex.Pattern[str]", fixed_re(src, rx.flags & _RE_FLAGS))
    except re.error:
        return rx


_INLINE_FLAGS = fixed_re(r"\(\?[aiLmsux]+\)")
_ZERO_OK = fixed_re(r"[?*]|\{0?,")


def re_searches_well(src: str) -> bool:
    """Whether the standard ``re`` can skip ahead when it searches for *src*: it is anchored
    (``^``), opens with one character or class every match opens with and has no
    alternation at the top, or the characters its matches open with can be told
    (:func:`_told_first`: a lookbehind, a lookahead, an optional part or an alternation at the
    top in front of them), which :mod:`policyparse.rxcache` tells ``re``'s search (its own
    compiler does not look past such a start). Without that, ``re`` tries its whole pattern
    at every position, several times slower than ``regex``, which works out the characters a
    match may open with; with it, a call of ``re`` costs a fraction of one of ``regex``.

    >>> [re_searches_well(s) for s in (r"^（[一二]）", r"\\|.*\\|", r"[省市]\\d+", r"牵头|配合")]
    [True, True, True, True]
    >>> [re_searches_well(s) for s in (r"(?:为)?牵头", r"[省市]?局", r"\\b市", r".{0,3}局")]
    [True, True, True, False]
    >>> [re_searches_well(s) for s in (r"(?=[为牵])(?:(?:为)?牵头)", r"[^为]|牵头", r"a?")]
    [True, False, False]
    """
    if _told_first(src):
        return True
    while (m := _INLINE_FLAGS.match(src)) is not None:
        src = src[m.end():]
    if not src or _top_level_alternation(src):
        return False
    if src[0] == "^" or src.startswith("\\A"):
        return True
    if src.startswith("(?=["):
        end = _class_end(src, 3)
        return end > 0 and src.startswith(")", end)
    if src[0] == "[":
        end = _class_end(src, 0)
        if end < 0:
            return False
    elif src[0] == "\\":
        if len(src) < 2 or src[1] in "bBZzGpPN" or src[1].isdigit():
            return False
        end = 2
    elif src[0] in "().*+?{}|$":
        return False
    else:
        end = 1
    return _ZERO_OK.match(src, end) is None


def _told_first(src: str) -> bool:
    """Whether ``re``'s search for *src* is told the characters a match opens with
    (:func:`policyparse.rxcache._lead_charset`), where the standard parser reads it."""
    from ._firstchars import first_items, parse_source

    if _re_would_warn(src):
        return False
    try:
        return first_items(parse_source(src)) is not None
    except Exception:
        return False


def _re_would_warn(src: str) -> bool:
    """Whether ``re`` would warn (FutureWarning) about a class of *src*: one that opens with
    ``[`` or holds ``--``, ``&&``, ``~~`` or ``||`` (a nested set or a set operation to come);
    or about global flags not at its start (``a(?m)``: a DeprecationWarning on Python 3.10, an
    error from 3.11 on). Such a regex goes to ``regex``, which reads it as ``re`` does today,
    without a warning (and without touching the warning filters, which other threads share).

    >>> [_re_would_warn(s) for s in (r"[[a]", r"[a--b]", r"[a-z]|\\[--\\]", r"[-、]")]
    [True, True, False, False]
    >>> [_re_would_warn(s) for s in (r"(?m)(?s)^a", r"b|(?m)^a", r"\\(?m)")]
    [False, True, False]
    """
    lead = 0
    while (m := _INLINE_FLAGS.match(src, lead)) is not None:  # flags at the start are fine
        lead = m.end()
    if any(src[m.start() - 1] != "\\" for m in _INLINE_FLAGS.finditer(src, lead)):
        return True
    return any(body is not None and (body.startswith("[") or any(
        op in _drop_escapes(body) for op in ("--", "&&", "~~", "||"))) for _, body in _scan(src))


def _drop_escapes(body: str) -> str:
    """A class body with its escaped characters blanked out."""
    return re.sub(r"\\.", " ", body)


def _class_end(src: str, i: int) -> int:
    """Where the character class opening at ``src[i]`` ends (after its ``]``); -1 if never."""
    j = i + 1
    if src.startswith("^", j):
        j += 1
    if src.startswith("]", j):
        j += 1
    while j < len(src):
        if src[j] == "\\":
            j += 2
            continue
        if src[j] == "]":
            return j + 1
        j += 1
    return -1


def _top_level_alternation(src: str) -> bool:
    """Whether *src* has a ``|`` outside every group and class."""
    depth = 0
    for ch, _ in _scan(src):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _scan(src: str) -> Iterator[tuple[str, str | None]]:
    """The characters of *src* outside its classes, escapes skipped, as ``(ch, None)``, and each
    class as ``("[", its body)``; the scan stops at a class that never ends (``re`` fails on
    it, and ``regex`` reports the error).

    >>> list(_scan("a[b-c](|"))
    [('a', None), ('[', 'b-c'), ('(', None), ('|', None)]
    """
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = _class_end(src, i)
            if end < 0:
                return
            yield ch, src[i + 1:end - 1]
            i = end
            continue
        yield ch, None
        i += 1


@cache
def load(name: str) -> PatternSet:
    """Load ``patterns/<name>.toml`` (cached: each file is read once; each regex compiles on
    first use)."""
    path = patterns_dir() / f"{name}.toml"
    if not path.exists():
        raise PatternError(f"pattern file {path} not found")
    doc = _read(path)
    raw_pieces = doc.get("pieces", {})
    pieces = {k: _piece_source(list(v) if isinstance(v, dict) else v)
              for k, v in raw_pieces.items()}
    entries: list[Pattern] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("pattern", [])):
        pid = str(raw.get("id") or f"#{i}")
        where = f"{path.name} [{pid}]"
        if pid in seen:
            raise PatternError(f"{where}: duplicate id")
        seen.add(pid)
        if "regex" not in raw:
            raise PatternError(f"{where}: no regex")
        src = str(raw["regex"])
        data = {
            k: v for k, v in raw.items() if k not in {"id", "regex", "examples", "counterexamples"}
        }
        entries.append(
            Pattern(
                id=pid,
                file=path.name,
                source=src,
                expanded=expand(src, where, pieces),
                examples=tuple(raw.get("examples", ())),
                counterexamples=tuple(raw.get("counterexamples", ())),
                data=data,
            )
        )
    tables = {k: v for k, v in doc.items() if k not in {"pieces", "pattern"}}
    tables.update((k, v) for k, v in raw_pieces.items() if isinstance(v, dict))
    return PatternSet(name=name, entries=tuple(entries), tables=tables, pieces=pieces)


def table(name: str, key: str) -> Any:
    """A plain data table (not a regex) from ``patterns/<name>.toml``."""
    ps = load(name)
    if key not in ps.tables:
        raise PatternError(f"{name}.toml has no table {key!r}")
    return ps.tables[key]


def all_files() -> list[str]:
    """Names of every pattern file that holds entries (for the example test)."""
    return sorted(p.stem for p in patterns_dir().glob("*.toml") if p.stem != "pieces")
