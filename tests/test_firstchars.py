"""The characters a match opens with, from the standard parser's reading (_firstchars.py)."""

from __future__ import annotations

import re

from policyparse._firstchars import SRE, first_items, parse_source
from policyparse.extract._firsts import first_class


def test_first_items() -> None:
    """The first characters as items of the standard parser's class: a category stands as
    the characters it takes (with, for \\d, all beyond the Basic Multilingual Plane)."""
    src = r"(?<!x)(?:\d+|[甲乙]|\s*丙)"
    items = first_items(parse_source(src))
    assert items is not None
    spans = [av if op is SRE.RANGE else (av, av) for op, av in items]
    cls = re.compile(first_class(src) or "")  # as re reads the class
    for c in [*map(chr, range(0x3100)), "\u4e59", "\U0001d7ce"]:
        inside = any(lo <= ord(c) <= hi for lo, hi in spans)
        assert inside == bool(cls.fullmatch(c)) or (inside and ord(c) > 0xFFFF), c
    assert first_items(parse_source("[^x]")) is None

