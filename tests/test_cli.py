"""The command line, run as a real process: errors are one line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from policyparse import __version__
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "000_b13d9c5abc88dd4a.txt"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policyparse", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_parse_prints_the_document_json():
    p = run("parse", str(SAMPLE))
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["schema_version"] == "1"
    assert data["meta"]["title"] == "朝阳市加快建立健全绿色低碳循环发展经济体系实施方案"
    assert "朝阳" in p.stdout  # UTF-8, not \\u-escaped


def test_output_option_writes_the_file(tmp_path):
    out = tmp_path / "sub" / "doc.json"
    p = run("parse", str(SAMPLE), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["outline"]
    assert [x.name for x in out.parent.iterdir()] == ["doc.json"]  # no temporary left


def test_version_and_schema():
    assert run("--version").stdout.strip() == f"policyparse {__version__}"
    schema = json.loads(run("schema").stdout)
    for field in ("schema_version", "source", "meta", "text", "outline", "responsibilities",
                  "targets", "deadlines", "citations", "warnings"):
        assert field in schema["properties"]


def _file(name: str, data: bytes):
    def make(d):
        (d / name).write_bytes(data)
        return d / name

    return make


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (_file("empty.txt", b""), "empty"),
        (_file("bin.txt", bytes(range(256))), "binary"),
        (_file("notes.xls", b"x"), "unsupported"),
        (lambda d: d, "directory"),
    ],
    ids=["missing", "empty", "binary", "unsupported", "directory"],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path, make, words):
    path = make(tmp_path)
    p = run("parse", str(path))
    assert p.returncode != 0
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert str(path) in lines[0] and words in lines[0]
    assert "Traceback" not in p.stderr


def test_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = run("parse", str(SAMPLE), "-o", str(blocker / "out.json"))
    assert p.returncode != 0
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_lines_prints_each_line_with_its_kind(tmp_path):
    f = tmp_path / "n.txt"
    f.write_text("某市方案\n一、总体要求\n序号 | 任务 | 责任单位 |\n1 | 推进改造 | 市工信局 |\n"
                 "二、优化能源结构\n2 | 推进光伏 | 市能源局 |\n附件", encoding="utf-8")
    r = run("lines", str(f))
    assert r.returncode == 0, r.stderr
    rows = [ln.split() for ln in r.stdout.splitlines()[1:]]
    assert [row[2] for row in rows] == ["prose", "heading", "table_row", "table_row",
                                        "table_section", "table_row", "annex"]
    assert rows[4][3:6] == ["1", "二", "body/table"]
    bad = run("lines", str(tmp_path / "missing.txt"))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "missing.txt" in bad.stderr
