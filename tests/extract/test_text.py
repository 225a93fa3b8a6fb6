"""Clauses and sentences of the normalized text (extract/_text.py)."""

from __future__ import annotations

import random

import pytest

from policyparse.extract._text import (
    _CLAUSE_FWD,
    _SENTENCE_FWD,
    SentenceBreaks,
    clause_marks,
    sentence_start,
)


@pytest.mark.parametrize(("text", "at", "expected"), [
    ("到2025年，新增10个。 全年新增5个", "全年", "全年新增5个"),  # spaces after the stop skipped
    ("到2025年，新增10个；到2026年，新增5个", "2026", "到2026年，新增5个"),  # ； ends one
    ("建成设施.到2024年新增5个", "2024", "到2024年新增5个"),  # a half-width stop between words
    ("版本v1.2共2024年新增5个", "2024", "版本v1.2共2024年新增5个"),  # a decimal point: none
    ("  到2025年，新增10个", "2025", "到2025年，新增10个"),  # the paragraph's own start
])
def test_sentence_start(text: str, at: str, expected: str) -> None:
    assert text[sentence_start(text, text.index(at), (0, len(text))):] == expected


def test_sentence_start_stays_inside_the_paragraph() -> None:
    t = "甲。乙丙2025年丁"
    assert sentence_start(t, t.index("2025"), (3, len(t))) == 3
    assert sentence_start(t, t.index("2025"), (0, len(t))) == 2


def test_word_starts_are_every_place_a_word_stands_with_the_longest_there() -> None:
    from policyparse.extract._text import word_starts

    text = "各有关部门和有关单位，有关有关"
    assert word_starts(text, ["有关"]) == {1: 2, 6: 2, 11: 2, 13: 2}
    assert word_starts(text, ["有关部门", "有关"], 7) == {11: 2, 13: 2}
    assert word_starts(text, ["有关", "有关部门", "部门"]) == {1: 4, 3: 2, 6: 2, 11: 2, 13: 2}
    assert word_starts("啊啊啊", ["啊啊"]) == {0: 2, 1: 2}  # overlapping places too
    assert word_starts(text, ["政府"]) == {}


def test_the_marks_of_a_paragraph_are_those_of_one_regex_of_the_marks_and_half_stops() -> None:
    # clause_marks and SentenceBreaks find them as marks and "."s, each "." then checked
    rng = random.Random(3)
    alphabet = "，,；;。！？!?：:.、 中文)）”\"(（“1a\n"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert clause_marks(text, (a, b)) == [m.start() for m in _CLAUSE_FWD.finditer(text, a, b)]
        assert SentenceBreaks(text, (a, b)).starts == [
            m.start() for m in _SENTENCE_FWD.finditer(text, a, b)]
        # picked from the clause marks, where those are found already: the same
        assert SentenceBreaks(text, (a, b), clause_marks(text, (a, b))).starts == [
            m.start() for m in _SENTENCE_FWD.finditer(text, a, b)]


def test_opener_finds_are_the_finditers() -> None:
    import re

    import regex

    from policyparse.extract._firsts import opening_char
    from policyparse.extract._text import opener_finds

    rng = random.Random(5)
    alphabet = "《》〈〉（）甲乙\n〔2021〕号"
    for src, lib in ((r"《[^《》\n]{1,5}》(?:（[^）]*）)?", re), (r"(?<!甲)《\p{Han}*》", regex)):
        rx = lib.compile(src)
        opener = opening_char(src)
        assert opener == "《"
        for _ in range(500):
            t = "".join(rng.choice(alphabet) for _ in range(rng.randrange(30)))
            s = rng.randrange(len(t) + 1)
            e = rng.randrange(s, len(t) + 1)
            want = [m.span() for m in rx.finditer(t, s, e)]
            assert [m.span() for m in opener_finds(rx, opener, t, s, e)] == want
            assert [m.span() for m in opener_finds(rx, None, t, s, e)] == want
