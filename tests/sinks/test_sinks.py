"""Atomic writes: a target file is complete or absent, never half-written."""

from __future__ import annotations

import os
import stat

import pytest

from policyparse.sinks import atomic_path, is_temp_name, write_atomic
from policyparse.sinks.jsonl import JsonlSink


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "a.json"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_new_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644


def test_an_error_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        assert is_temp_name(tmp.name)
        raise RuntimeError("stopped")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_stream_that_fails_part_way_leaves_nothing(tmp_path, collection):
    with pytest.raises(AttributeError), JsonlSink(tmp_path / "d.jsonl") as sink:
        sink.add(collection[0])
        sink.add(None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
