"""The quality gate: accuracy on the gold answers never drops below the pinned floors."""

from __future__ import annotations

import json

import pytest

from tests.quality import FLOORS, corpus_hash, evaluate, f1, score_doc


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    return evaluate()


def floors() -> dict[str, float]:
    return dict(json.loads(FLOORS.read_text(encoding="utf-8"))["floors"])


def test_floors_belong_to_this_gold_corpus():
    assert json.loads(FLOORS.read_text(encoding="utf-8"))["corpus"] == corpus_hash(), (
        "the gold answers or samples changed: re-pin with `python -m tests.quality --update`")


@pytest.mark.parametrize("key", sorted(floors()))
def test_score_not_below_floor(scores, key):
    assert scores[key] >= floors()[key] - 1e-9, f"{key} fell to {scores[key]} (floor {floors()[key]})"


def test_the_scorer_itself():
    gold = {"title": "甲", "doc_number": None, "outline": [{"level": 2, "label": "（一）", "heading": "乙"}],
            "units": [{"at": ["一", "（一）"], "units": ["市发展改革委", "市财政局"]}],
            "targets": [{"year": 2025, "value": 3, "unit": "%"}], "table_rows": []}
    out = {"meta": {"title": "甲", "doc_number": None},
           "outline": [{"level": 2, "label": "(一)", "heading": "乙。", "children": []}],
           "responsibilities": [{"source": "inline", "path": ["一", "(一)"],
                                 "units": [{"text": "市发展改革委", "role": "lead"}]}],
           "targets": [{"year": 2025, "value": 3.0, "unit": "%"}, {"year": 2030, "value": 1, "unit": "%"}]}
    r = score_doc(gold, out)
    assert r["meta"] == (2, 2, 2)
    assert r["outline"] == (1, 1, 1) and r["headings"] == (1, 1, 1)
    assert r["units"] == (1, 2, 1)
    assert r["targets"] == (1, 1, 2)
    assert f1(1, 2, 1) == pytest.approx(2 / 3)
    assert f1(0, 0, 0) == 1.0 and f1(0, 1, 0) == 0.0
