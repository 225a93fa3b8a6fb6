"""Atomic writes: a target file is complete or absent, never half-written."""

from __future__ import annotations

import os
import stat

import pytest

from policyparse import sinks
from policyparse.atomic import atomic_path, is_temp_name, write_atomic


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


def test_report_does_not_import_the_sinks():
    """sinks/html.py builds on the report; the report needs only the atomic writer, from below."""
    import ast
    from pathlib import Path

    src = Path(sinks.__file__).resolve().parents[1]

    def imports(path: Path) -> set[str]:
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add("." * node.level + node.module)
        return names

    assert {n for n in imports(src / "report.py") if "sinks" in n} == set()
    assert ".atomic" in imports(src / "report.py")


def test_sinks_still_offer_the_atomic_writers():
    assert sinks.write_atomic is write_atomic and sinks.atomic_path is atomic_path
