"""Atomic writes: a target file is complete or absent, never half-written."""

from __future__ import annotations

import pytest

from policyparse.sinks.jsonl import JsonlSink


def test_a_stream_that_fails_part_way_leaves_nothing(tmp_path, collection):
    with pytest.raises(AttributeError), JsonlSink(tmp_path / "d.jsonl") as sink:
        sink.add(collection[0])
        sink.add(None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
