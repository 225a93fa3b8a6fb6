"""The second evaluation corpus (tests/data/corpus/): 16 notices the parser was not built on.

Their gold answers (tests/data/corpus/gold/, conventions in tests/data/corpus/NOTES.md) are
scored with the quality gate's own scorer; the scores must not drop below the floors pinned in
tests/data/corpus_floors.json (`python -m tests.quality --corpus --update` re-pins them; raise
them as fixes land). The checks at the end hold the gold answers to their texts, without the
parser.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.quality import CORPUS, CORPUS_FLOORS, CORPUS_GOLD, corpus_hash, evaluate, gold_files

LABEL = {1: r"[一二三四五六七八九十]+", 2: r"（[一二三四五六七八九十]+）", 3: r"\d{1,2}", 4: r"（\d{1,2}）"}
# page furniture a PDF leaves between the lines of a sentence: page numbers, running headers
PAGE_LINE = re.compile(r"(?m)^(?:[—－-] ?\d+ ?[—－-]|\S+公报\s+\d{4}年第\d+期)$")


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    return evaluate(CORPUS_GOLD, CORPUS)


def floors() -> dict[str, float]:
    return dict(json.loads(CORPUS_FLOORS.read_text(encoding="utf-8"))["floors"])


def golds() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(CORPUS_GOLD)]


def flat(s: str) -> str:
    """NFKC, without page-number lines, whitespace and zero-width spaces: wrapped text joins."""
    s = PAGE_LINE.sub("", unicodedata.normalize("NFKC", s))
    return re.sub(r"[\s\u200b]+", "", s)


def doc_text(name: str) -> str:
    data = (CORPUS / name).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def test_floors_belong_to_this_corpus():
    assert json.loads(CORPUS_FLOORS.read_text(encoding="utf-8"))["corpus"] == corpus_hash(
        CORPUS_GOLD, CORPUS), (
        "the corpus or its gold answers changed: re-pin with "
        "`python -m tests.quality --corpus --update`")


@pytest.mark.parametrize("key", sorted(floors()))
def test_corpus_score_not_below_floor(scores, key):
    assert scores[key] >= floors()[key] - 1e-9, (
        f"{key} fell to {scores[key]} on the corpus (floor {floors()[key]})")


def test_every_notice_has_gold_and_every_gold_a_notice():
    notices = {p.name for p in CORPUS.iterdir()
               if p.suffix in (".txt", ".md") and p.name != "NOTES.md"}
    assert notices == {g["file"] for g in golds()}
    assert 12 <= len(notices) <= 16
    for name in notices:  # 3-15 kB of text, counted in UTF-8 whatever the file's encoding
        assert 3_000 <= len(doc_text(name).encode("utf-8")) <= 15_000, name


@pytest.mark.parametrize("gold", golds(), ids=lambda g: Path(g["file"]).stem)
def test_gold_answers_hold_to_their_text(gold):
    text = flat(doc_text(gold["file"]))
    for key in ("title", "doc_number", "recipients"):
        if gold[key]:
            assert flat(gold[key]) in text, key
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["date"])
    labels = set()
    for item in gold["outline"]:
        assert re.fullmatch(LABEL[item["level"]], item["label"]), item
        assert flat(item["heading"]) in text, item
        labels.add(item["label"])
    for lst in gold["units"]:
        assert lst["at"][-1] in labels, lst
        assert set(lst.get("lead") or []) <= set(lst["units"]), lst
        for name in lst["units"]:
            assert flat(name) in text, name
    for row in gold["table_rows"]:
        for name in row["units"]:
            assert flat(name) in text, name
    assert [r["no"] for r in gold["table_rows"]] == list(range(1, len(gold["table_rows"]) + 1))
    for t in gold["targets"]:
        assert isinstance(t["year"], int) and 2020 <= t["year"] <= 2035, t
        assert isinstance(t["value"], (int, float)) or re.fullmatch(r"\d+-\d+", t["value"]), t
        assert flat(t["text"]) in text, t
