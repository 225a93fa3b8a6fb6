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


def test_last_class_holds_the_last_character_of_every_match() -> None:
    """Every match of a source ends with a character of its last_class (zero-width parts at
    the end end nothing; a repeat that may be left out lets the part before it end the match);
    None where a match may be empty or the source holds what the analysis does not follow."""
    import random

    import regex

    from policyparse import patterns
    from policyparse._firstchars import last_class

    commit = patterns.expand("{COMMIT}", "targets.toml", patterns.load("targets").pieces)
    sources = [commit, r"(?:甲|乙丙)(?=丁)", r"甲\s*", r"(?:甲|乙)?丙", r"[甲乙]{1,3}(?:丙)?"]
    # characters, and the runs of them the sources spell (words of COMMIT: 不低于, 降至 …)
    alphabet = [*"甲乙丙丁 ", *sorted({w for s in sources for w in re.findall(r"[\u4e00-\u9fff]+", s)})]
    rnd = random.Random(7)
    matched = 0
    for src in sources:
        cls = last_class(src)
        assert cls is not None, src
        ends = regex.compile(cls)
        rx = regex.compile(src)
        for _ in range(300):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 8)))
            for m in rx.finditer(text):
                matched += 1
                assert ends.fullmatch(m.group()[-1]), (src, m.group())
    assert matched > 300
    assert last_class("甲?") is None and last_class(r"\p{Han}") is None
    assert last_class("(?i)a") is None and last_class("[^a]") is None
