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
from typing import Any

from .. import rxcache
from .._firstchars import SRE, Unknown, first, parse_source

__all__ = ["SRE", "first_class", "last_class", "lead", "opening_char", "parse_source"]

_NAMED = re.compile(r"\(\?P<\w+>")
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")
_SENTINEL = "\ue000"  # stands for a property (\p{Han}) in the copy that is parsed
# what the standard parser would read otherwise than ``regex`` does (nested sets, set
# operations): such a source gets no lookahead
_SET_OPS = ("[[", "--", "&&", "~~", "||")


def _firsts(src: str, backward: bool = False) -> set[str] | None:
    """The characters (and ``\\d``, ``\\s``) a match of *src* can open with (*backward*: end
    with), or None where they cannot be told or a match may be empty."""
    if any(op in src for op in _SET_OPS):
        return None
    # group names play no part (and regex allows one name twice: the standard parser not)
    parsed_src = _PROPERTY.sub(_SENTINEL, _NAMED.sub("(?:", src))
    try:
        tree: Any = parse_source(parsed_src)
        if tree.state.flags & ~(SRE.SRE_FLAG_UNICODE):
            return None
        firsts, empty = first(list(tree), backward)
    except (Unknown, re.error, RecursionError, ValueError, TypeError):
        return None
    if empty or not firsts or _SENTINEL in firsts:
        return None
    return firsts


def first_class(src: str) -> str | None:
    """A character class holding every character a match of *src* can open with (escaped,
    sorted), or None where it cannot be told."""
    firsts = _firsts(src)
    return None if firsts is None else _as_class(firsts)


def last_class(src: str) -> str | None:
    """A character class holding every character a match of *src* can end with, or None
    where they cannot be told (as for :func:`first_class`) or a match may be empty.
    Zero-width parts (a lookahead after the last character) end nothing: the character
    before them does.

    >>> last_class(r"(?:下降|降低)(?:到|至)|达(?=\\d)|保持在?")
    '[到在持至达]'
    >>> last_class(r"a\\s*"), last_class(r"a?"), last_class(r"(?i)a")
    ('[\\\\sa]', None, None)
    """
    lasts = _firsts(src, backward=True)
    return None if lasts is None else _as_class(lasts)


def _as_class(chars: set[str]) -> str:
    """A class of *chars* (single characters, and categories such as ``\\d``), sorted."""
    cats = sorted(s for s in chars if len(s) > 1)
    singles = sorted(s for s in chars if len(s) == 1)
    return "[" + "".join(cats) + "".join(_escape(ch) for ch in singles) + "]"


def lead(src: str) -> str:
    """*src* behind a lookahead for the characters its matches open with (:func:`first_class`),
    or *src* itself where these cannot be told. The matches are the same. (The class is kept
    across processes with the compiled patterns: parsing a long source takes milliseconds.)"""
    cls = rxcache.remember("first-class", src, lambda: first_class(src) or "")
    return f"(?={cls})(?:{src})" if cls else src


def opening_char(src: str) -> str | None:
    """The one character every match of *src* opens with (none is empty then), or None where
    there are more or they cannot be told (:func:`first_class`). Kept across processes with
    the compiled patterns, as :func:`lead`'s class.

    >>> opening_char(r"(?<!简称)《(?P<t>[^》]+)》"), opening_char(r"[《〈]"), opening_char(r"\\d")
    ('《', None, None)
    """
    char = rxcache.remember("opening-char", src, lambda: _opening_char(src))
    return char or None


def _opening_char(src: str) -> str:
    """:func:`opening_char`, "" for None (what the cache keeps)."""
    firsts = _firsts(src)
    if firsts is None or len(firsts) != 1:
        return ""
    (char,) = firsts
    return char if len(char) == 1 else ""  # (not a category: \\d, \\s)


def _escape(ch: str) -> str:
    if ch.isalnum():
        return ch
    return f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}"
