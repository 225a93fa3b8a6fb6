"""The JSONL stream: one compact Document per line, the same Documents back."""

from __future__ import annotations

from policyparse.models import Document
from policyparse.sinks.jsonl import JsonlSink


def test_one_document_per_line_round_trip(tmp_path, collection):
    with JsonlSink(tmp_path / "d.jsonl") as sink:
        for doc in collection:
            sink.add(doc)
    lines = (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Document.model_validate_json(line) for line in lines] == collection
    assert "某市" in lines[0]  # UTF-8, not \\u-escaped
