"""The characters a regex's matches can open with, as a lookahead to put in front of it.

The ``regex`` engine tries a pattern that opens with a lookbehind, an optional part or an
alternation of groups at every position of the text, branch by branch; a lookahead for the
characters a match can open with fails at most positions at once (the time anchors' joined
regex for 年: about a quarter fewer instructions). The class is worked out from the pattern's
own source, parsed by the standard library's regex parser, so the rule keeps one owner. Where
the source holds anything the analysis does not follow where a match may open (a negated
class, ``.``, a property such as ``\\p{Han}``, a back-reference, a flag), or where a match may
be empty, there is no lookahead: :func:`lead` gives the source as it is.

>>> first_class(r"(?<!较)(?:到|至)?\\s*(?P<y>20\\d{2})年")
'[\\\\s2到至]'
>>> lead(r"(?:自|从)?\\d+年") == r"(?=[\\d从自])(?:(?:自|从)?\\d+年)"
True
>>> first_class(r"\\p{Han}+年"), first_class(r"[^，]+"), first_class(r"a?")
(None, None, None)
"""

from __future__ import annotations

import re
import sys
from typing import Any

from .. import rxcache

if sys.version_info >= (3, 11):
    from re import _constants as _c  # type: ignore[attr-defined,unused-ignore]
    from re import _parser as _p  # type: ignore[attr-defined,unused-ignore]
else:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

SRE = _c
"""The standard library's regex opcodes (``re._constants``; ``sre_constants`` on 3.10)."""


def parse_source(src: str) -> Any:
    """*src* as the standard library's regex parser reads it (``re._parser``, private;
    ``sre_parse`` on 3.10): the one place outside the pattern cache that asks it."""
    return _p.parse(src)

_NAMED = re.compile(r"\(\?P<\w+>")
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")
_SENTINEL = "\ue000"  # stands for a property (\p{Han}) in the copy that is parsed
# what the standard parser would read otherwise than ``regex`` does (nested sets, set
# operations): such a source gets no lookahead
_SET_OPS = ("[[", "--", "&&", "~~", "||")
_CATEGORIES = {_c.CATEGORY_DIGIT: "\\d", _c.CATEGORY_SPACE: "\\s"}


class _Unknown(Exception):
    """A part of the pattern the analysis does not follow."""


def first_class(src: str) -> str | None:
    """A character class holding every character a match of *src* can open with (escaped,
    sorted), or None where it cannot be told."""
    if any(op in src for op in _SET_OPS):
        return None
    # group names play no part (and regex allows one name twice: the standard parser not)
    parsed_src = _PROPERTY.sub(_SENTINEL, _NAMED.sub("(?:", src))
    try:
        tree: Any = _p.parse(parsed_src)
        if tree.state.flags & ~(_c.SRE_FLAG_UNICODE):
            return None
        firsts, empty = _first(list(tree))
    except (_Unknown, re.error, RecursionError, ValueError, TypeError):
        return None
    if empty or not firsts or _SENTINEL in firsts:
        return None
    cats = sorted(s for s in firsts if len(s) > 1)
    chars = sorted(s for s in firsts if len(s) == 1)
    return "[" + "".join(cats) + "".join(_escape(ch) for ch in chars) + "]"


def lead(src: str) -> str:
    """*src* behind a lookahead for the characters its matches open with (:func:`first_class`),
    or *src* itself where these cannot be told. The matches are the same. (The class is kept
    across processes with the compiled patterns: parsing a long source takes milliseconds.)"""
    cls = rxcache.remember("first-class", src, lambda: first_class(src) or "")
    return f"(?={cls})(?:{src})" if cls else src


def _escape(ch: str) -> str:
    if ch.isalnum():
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"


def _first(seq: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The characters (and ``\\d``, ``\\s``) a match of *seq* can open with, and whether it
    can be empty."""
    out: set[str] = set()
    for op, av in seq:
        firsts, empty = _first_item(op, av)
        out |= firsts
        if not empty:
            return out, False
    return out, True


def _first_item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _first_in(av), False
    if op is _c.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            firsts, e = _first(list(branch))
            out |= firsts
            empty = empty or e
        return out, empty
    if op is _c.SUBPATTERN:
        _, add, delete, sub = av
        if add or delete:
            raise _Unknown("flags")
        return _first(list(sub))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _, sub = av
        firsts, empty = _first(list(sub))
        return firsts, empty or lo == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True  # zero-width: what follows opens the match
    raise _Unknown(str(op))


def _first_in(items: list[tuple[Any, Any]]) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < 256:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:
            raise _Unknown(str(op))
    return out
