"""The lookahead for the characters a regex's matches open with (extract/_firsts.py)."""

from __future__ import annotations

import re

import pytest
import regex

from policyparse import patterns
from policyparse.extract import _timex
from policyparse.extract._firsts import first_class, lead


@pytest.mark.parametrize(("src", "expected"), [
    (r"到|至", "[到至]"),
    (r"(?:自|从)?\s*\d{4}年", r"[\d\s从自]"),
    (r"(?<![\d.])(?P<n>[1-3])个|(?P<n>两)个", "[123两]"),
    (r"(?=[今本])(?:今|本)?年度?内", "[今年本]"),  # a lookahead opens nothing: what follows does
    (r"\^|\[", r"[\u005b\u005e]"),
])
def test_first_class(src: str, expected: str) -> None:
    assert first_class(src) == expected


@pytest.mark.parametrize("src", [
    r"a?",  # may be empty: any place
    r"[^，]+",  # a negated class
    r".年",
    r"\p{Han}+年",
    r"(?i)abc",
    r"(?P<x>a)(?P=x)",
    r"[[a]--[b]]",
])
def test_no_class(src: str) -> None:
    assert first_class(src) is None
    assert lead(src) == src


def _sources() -> list[tuple[str, list[str]]]:
    """The patterns that run behind the lookahead, with their examples."""
    ps = patterns.load("deadlines")
    out = []
    for a in _timex._anchors():
        words = [p for p in ps if a.word in _timex._as_list(p.data.get("anchor"))]
        texts = [x for p in words for x in p.examples + p.counterexamples]
        out.append((a.source, texts))
    q = patterns.load("targets")["quantity"]
    out.append((q.expanded, q.examples + q.counterexamples))
    return out


def test_same_matches_behind_the_lookahead() -> None:
    for src, texts in _sources():
        plain = regex.compile(src.removeprefix(f"(?={first_class(src)})"))
        led = regex.compile(lead(src))
        for t in texts:
            t = f"序言，{t}。其后"
            assert [m.span() for m in plain.finditer(t)] == [m.span() for m in led.finditer(t)]
            cls = regex.compile(first_class(src) or ".", regex.DOTALL)
            assert all(cls.match(t, m.start()) for m in plain.finditer(t) if m.end() > m.start())


@pytest.mark.parametrize(("src", "expected"), [
    (r"《(?P<title>[^》]+)》", "《"),
    (r"(?<!简称)《", "《"),  # a lookbehind opens nothing
    (r"(?:《|《)", "《"),
    (r"[《〈]", None),  # two
    (r"\d", None),  # a category
    (r"《?", None),  # may be empty
    (r"\p{Han}", None),
])
def test_opening_char(src: str, expected: str | None) -> None:
    from policyparse.extract._firsts import opening_char

    assert opening_char(src) == expected


def test_last_class_holds_the_last_character_of_every_match() -> None:
    """Every match of a source ends with a character of its last_class (zero-width parts at
    the end end nothing; a repeat that may be left out lets the part before it end the match);
    None where a match may be empty or the source holds what the analysis does not follow."""
    import random

    import regex

    from policyparse import patterns
    from policyparse.extract._firsts import last_class

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
