"""The command line, run as a real process: errors are one line, never a traceback."""

from __future__ import annotations

import json
import os
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


# --- stdin ---------------------------------------------------------------------------------


def run_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "policyparse", *args], input=data,
                          capture_output=True, timeout=120)


def test_parse_dash_reads_the_notice_from_stdin():
    p = run_stdin(SAMPLE.read_bytes(), "parse", "-")
    assert p.returncode == 0, p.stderr
    from_stdin = json.loads(p.stdout)
    from_file = json.loads(run("parse", str(SAMPLE)).stdout)
    assert from_stdin["source"].pop("path") is None
    from_file["source"].pop("path")
    assert from_stdin == from_file


def test_parse_dash_with_a_format_and_errors_naming_stdin():
    p = run_stdin(b"", "parse", "-")
    assert p.returncode == 1
    assert p.stderr.decode().strip() == "policyparse: error: <stdin>: no input (empty)"
    p = run_stdin(b"\x89PNG\r\n\x1a\n" + bytes(200), "parse", "-")
    assert p.returncode == 1 and p.stderr.decode().count("\n") == 1
    assert "<stdin>: binary file (a PNG image)" in p.stderr.decode()
    p = run_stdin("<p>一、总体要求</p>".encode(), "parse", "-", "--format", "txt")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["source"]["format"] == "txt"
    p = run_stdin(b"x", "parse", "-", "--format", "odt")
    assert p.returncode == 1 and "unknown format 'odt'" in p.stderr.decode()


def test_batch_reads_its_inputs_from_a_list_on_stdin(tmp_path):
    other = SAMPLES / "001_6f0fce1b11edcf51.txt"
    listing = f"{SAMPLE}\n\n# a comment\n{other}\n".encode()
    p = run_stdin(listing, "batch", "--from-list", "-", "-o", str(tmp_path / "out"), "-j", "1")
    assert p.returncode == 0, p.stderr
    assert sorted(x.name for x in (tmp_path / "out").glob("*.json")) == [
        "000_b13d9c5abc88dd4a.txt.json", "001_6f0fce1b11edcf51.txt.json"]
    p = run_stdin(b"", "batch", "--from-list", "-", "-o", str(tmp_path / "out2"))
    assert p.returncode == 2 and b"no inputs" in p.stderr


# --- odd inputs: each one line, the exit code the README gives --------------------------------


def one_line(p: subprocess.CompletedProcess[str]) -> str:
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    return lines[0]


def test_a_fifo_is_one_line_at_once(tmp_path):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    p = run("parse", str(fifo))  # no writer: opening it to read would block forever
    assert p.returncode == 1
    assert one_line(p) == f"policyparse: error: {fifo}: is a FIFO (named pipe), not a regular file"


def test_a_file_that_cannot_be_read_is_one_line_exit_1(tmp_path):
    mem = tmp_path / "notice.txt"
    mem.symlink_to("/proc/self/mem")  # a regular file whose read fails (EIO)
    p = run("parse", str(mem))
    assert p.returncode == 1
    assert one_line(p) == f"policyparse: error: {mem}: cannot read: Input/output error"


def test_an_unreadable_file_is_our_line_not_a_usage_error(tmp_path, monkeypatch):
    """Without permission to read (tested in-process: the tests run as root, who may read
    anything): exit 1 and our one line, not click's three-line usage error and exit 2."""
    from typer.testing import CliRunner

    from policyparse.cli import app

    path = tmp_path / "notice.txt"
    path.write_text("一、总体要求", encoding="utf-8")
    real_open, real_access = os.open, os.access

    def deny_open(p, *a, **k):
        if os.fspath(p) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(p, *a, **k)

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "access", lambda p, mode, **k: os.fspath(p) != str(path)
                        and real_access(p, mode, **k))
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"policyparse: error: {path}: permission denied"


def test_utf16_without_bom_parses(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("关于节能的通知\n一、总体要求\n（一）指导思想。坚持节能优先。".encode("utf-16-le"))
    p = run("parse", str(path), "--compact")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["source"]["encoding"] == "utf-16-le"


def test_a_stray_byte_is_one_line_with_offset_and_line(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("一、总体要求\n（一）".encode() + b"\x81\xff" + "指导思想。".encode())
    p = run("parse", str(path))
    assert p.returncode == 1
    line = one_line(p)
    assert "byte 0x81 at offset 28 (line 2, byte 10 of the line) is not UTF-8" in line, line


def test_max_size_option(tmp_path):
    p = run("parse", str(SAMPLE), "--max-size", "1k")
    assert p.returncode == 1
    assert one_line(p).endswith("over the limit of 1 KiB (max_size)")
    p = run("parse", str(SAMPLE), "--max-size", "ten")
    assert p.returncode == 2
    assert "'ten' is not a size" in one_line(p)


def peak(*args: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run the CLI in a fresh child; its exit, its seconds and its peak RSS in MB."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(json.dumps([p.returncode, p.stdout, p.stderr, time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "policyparse",
                          *args], capture_output=True, text=True, timeout=300, check=True)
    rc, stdout, stderr, secs, rss_kb = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, rc, stdout, stderr), secs, rss_kb / 1024


@pytest.mark.parametrize(("shape", "size"), [("paragraphs", 1_160_000_000),
                                             ("text_node", 1_260_000_000)])
def test_zip_bombs_are_refused_fast_in_little_memory(tmp_path, shape, size):
    from tests.bombs import bomb_docx

    path = tmp_path / f"{shape}.docx"
    path.write_bytes(bomb_docx(size, shape))
    p, secs, mb = peak("parse", str(path))
    assert p.returncode == 1
    assert "inflates to 1." in one_line(p) and "(max_inflate)" in one_line(p)
    assert secs < 10 and mb < 300  # measured: about 0.3 s and 40 MB
