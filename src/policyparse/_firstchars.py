"""The characters a regex's matches can open with, from the pattern as the standard library's
parser reads it: for the lookahead of :mod:`policyparse.extract._firsts` (from a pattern's
source) and the class :mod:`policyparse.rxcache` tells ``re``'s search (from its parse).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

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


_CATEGORIES = {_c.CATEGORY_DIGIT: "\\d", _c.CATEGORY_SPACE: "\\s"}



class Unknown(Exception):
    """A part of the pattern the analysis does not follow."""


def first_items(parsed: Any) -> list[tuple[Any, Any]] | None:
    """The characters a match of *parsed* (a pattern as the standard parser reads it:
    :func:`parse_source`, ``re._parser.parse``) can open with, as the items of a class of
    that parser, or None where they cannot be told or the pattern ignores case (what
    :mod:`policyparse.rxcache` tells ``re``'s search). ``\\d`` and ``\\s`` stand as the
    characters they take (:func:`_category_items`), which ``re`` looks up in its table of
    the class at once, where a category costs a look-up of the character's properties.

    >>> first_items(parse_source(r"(?m)^[ab]|c"))
    [(LITERAL, 97), (LITERAL, 98), (LITERAL, 99)]
    >>> first_items(parse_source("(?i)a")), first_items(parse_source("a?"))
    (None, None)
    """
    if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
        return None
    try:
        firsts, empty = first(list(parsed))
    except (Unknown, RecursionError, ValueError, TypeError):
        return None
    if empty or not firsts:
        return None
    out: list[tuple[Any, Any]] = []
    for s in sorted(s for s in firsts if len(s) > 1):
        out += _category_items(s)
    return out + [(_c.LITERAL, ord(s)) for s in sorted(s for s in firsts if len(s) == 1)]


@cache
def _category_items(cat: str) -> list[tuple[Any, Any]]:
    """Class items that take every character of the category *cat* (``\\d`` or ``\\s``,
    as ``re`` reads them without the ASCII flag, the wider reading), and for ``\\d`` every
    character beyond the Basic Multilingual Plane, a few digits among them (a class of the
    start of a match may hold more than opens one).

    >>> _category_items("\\\\s")[:2]
    [(RANGE, (9, 13)), (RANGE, (28, 32))]
    """
    test = str.isdecimal if cat == "\\d" else str.isspace
    out: list[tuple[Any, Any]] = []
    start = -1
    for c in range(0x10001):
        if c < 0x10000 and test(chr(c)):
            if start < 0:
                start = c
        elif start >= 0:
            out.append((_c.RANGE, (start, c - 1)))
            start = -1
    if cat == "\\d":
        out.append((_c.RANGE, (0x10000, 0x10FFFF)))
    return out


def first(seq: list[tuple[Any, Any]], backward: bool = False) -> tuple[set[str], bool]:
    """The characters (and ``\\d``, ``\\s``) a match of *seq* can open with (*backward*:
    end with, the same reading from the other end), and whether it can be empty."""
    out: set[str] = set()
    for op, av in reversed(seq) if backward else seq:
        firsts, empty = _first_item(op, av, backward)
        out |= firsts
        if not empty:
            return out, False
    return out, True


def _first_item(op: Any, av: Any, backward: bool) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _first_in(av), False
    if op is _c.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            firsts, e = first(list(branch), backward)
            out |= firsts
            empty = empty or e
        return out, empty
    if op is _c.SUBPATTERN:
        _, add, delete, sub = av
        if add or delete:
            raise Unknown("flags")
        return first(list(sub), backward)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _, sub = av
        firsts, empty = first(list(sub), backward)
        return firsts, empty or lo == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return first(list(av), backward)
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True  # zero-width: what follows opens the match
    raise Unknown(str(op))


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
            raise Unknown(str(op))
    return out
