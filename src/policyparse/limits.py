"""Limits: how much of an input policyparse agrees to read, as named settings.

Every limit bounds time or memory against hostile or broken input (a ZIP bomb, a 2 GB text
file, a 10,000-page PDF, a 700,000-character line without punctuation). Going past a size limit
is an error of kind ``too_large``, raised before the payload is read; the clause limit shortens
what one target's text may span, and the warning limit folds the rest of the warnings into one.

>>> Limits.resolve({"max_pages": 50}).max_pages
50
>>> parse_size("64M")
67108864
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from ._dataclass import dataclass, fields, replace

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one input may hold; pass ``Limits(...)``, a dict of these names or None."""

    max_size: int = 100 * MiB
    """Bytes of an input file."""
    max_inflate: int = 64 * MiB
    """Bytes one part of a DOCX (a ZIP member) may inflate to; four times this for all parts
    together. Read from the ZIP's headers, then counted while inflating, before any parsing."""
    max_pages: int = 2000
    """Pages of a PDF."""
    max_clause: int = 120
    """Characters of one target's clause: a clause runs between punctuation marks; a longer
    stretch without them is not one clause, and each number's text in it stops at the nearest
    bracket or space, at most this many characters either side of the number."""
    max_warnings: int = 200
    """Warnings kept in a Document; the rest become one "… and N more" warning."""

    @classmethod
    def resolve(cls, value: Limits | Mapping[str, Any] | None) -> Limits:
        """*value* as Limits: None is the defaults, a mapping overrides some of them."""
        if value is None:
            return _defaults() if cls is Limits else cls()
        if isinstance(value, Limits):
            return value
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown limit(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        out = replace(cls(), **dict(value))
        for f in fields(out):
            v = getattr(out, f.name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"limit {f.name} must be a positive whole number, not {v!r}")
        return out


@cache
def _defaults() -> Limits:
    """The default Limits, made once: a Limits is frozen, and every parse without limits of
    its own asks for them (an object made anew costs more than the rest of the asking)."""
    return Limits()


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """A byte count written as ``1048576``, ``512k``, ``64M``, ``1.5G`` (binary multiples).

    >>> parse_size("512k"), parse_size("1.5G") // MiB
    (524288, 1536)
    """
    m = _SIZE.fullmatch(text)
    if m is None:
        raise ValueError(f"{text!r} is not a size (e.g. 100M, 512k, 1G)")
    scale = 1 << (10 * " kmgt".index(m.group(2).lower() or " "))
    n = int(float(m.group(1)) * scale)
    if n < 1:
        raise ValueError(f"{text!r}: a size must be at least one byte")
    return n


def human(n: int) -> str:
    """A byte count for messages: ``64 MiB``, ``1.2 GiB``, ``900 bytes``.

    >>> human(64 * MiB), human(1288490189), human(900)
    ('64 MiB', '1.2 GiB', '900 bytes')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", 1 << 10)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v == int(v) or v >= 100 else f"{v:.1f} {unit}"
    return f"{n} bytes"
