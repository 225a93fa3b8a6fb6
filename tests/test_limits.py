"""policyparse.limits: the named limits, given as an instance, a dict or None."""

from __future__ import annotations

import pytest

from policyparse.limits import Limits, human, parse_size


def test_resolve_takes_none_a_dict_or_limits():
    assert Limits.resolve(None) == Limits()
    own = Limits(max_pages=3)
    assert Limits.resolve(own) is own
    assert Limits.resolve({"max_size": 10, "max_clause": 40}) == Limits(max_size=10, max_clause=40)


@pytest.mark.parametrize(("given", "words"), [
    ({"max_sise": 1}, "unknown limit(s) max_sise"),
    ({"max_pages": 0}, "max_pages must be a positive whole number"),
    ({"max_size": "1M"}, "max_size must be a positive whole number"),
    ({"max_clause": True}, "max_clause must be a positive whole number"),
])
def test_resolve_refuses_what_is_not_a_limit(given, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Limits.resolve(given)


@pytest.mark.parametrize(("text", "size"), [
    ("100", 100), ("512k", 512 << 10), ("64M", 64 << 20), ("64MiB", 64 << 20),
    ("1.5g", 3 << 29), (" 2 MB ", 2 << 20),
])
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "-1", "1X", "0", "ten"])
def test_parse_size_refuses_what_is_not_a_size(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_human_sizes():
    assert [human(n) for n in (5, 2048, 64 << 20, 1288490189)] == [
        "5 bytes", "2 KiB", "64 MiB", "1.2 GiB"]
