"""``policyparse batch``: many files, bad ones recorded, outputs whole, a re-run finishes the job."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import policyparse
from policyparse import batch
from policyparse.batch import (
    BUILD,
    BatchError,
    Job,
    Options,
    Outcome,
    clean_temps,
    convert,
    plan,
    run,
    stamp_build,
)
from policyparse.sinks import is_temp_name
from tests.conftest import SAMPLE_FILES
from tests.test_cli import run as cli

SUMMARY = re.compile(r"(\d+) files: (\d+) converted, (\d+) already done, (\d+) failed")


def summary_of(stderr: str) -> tuple[int, int, int, int]:
    m = SUMMARY.search(stderr)
    assert m, stderr
    total, converted, skipped, failed = map(int, m.groups())
    return total, converted, skipped, failed


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(outdir: Path) -> dict[str, Path]:
    """The per-document JSON files, by path relative to *outdir*."""
    return {p.relative_to(outdir).as_posix(): p for p in outdir.rglob("*.json")}


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if is_temp_name(p.name)]


def minimal_pdf() -> bytes:
    """A one-page PDF with a line of text, built by hand (objects, xref table, trailer)."""
    stream = b"BT /F1 12 Tf 72 720 Td (Notice on energy saving) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def minimal_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("关于加强节能工作的通知")
    d.add_paragraph("一、总体要求")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_corpus(folder: Path, n: int, parts: int = 1) -> list[Path]:
    """*n* distinct notices from the samples, *parts* samples each, in sub-folders of 50."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLE_FILES]
    files = []
    for i in range(n):
        body = "\n".join(texts[(i + k) % len(texts)] for k in range(parts))
        path = folder / f"{i // 50:02d}" / f"notice{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{body}\n附件{i}\n", encoding="utf-8")
        files.append(path)
    return files


# --- acceptance 1: good files converted, one errors.jsonl line per bad file, exit code 1 ------


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A folder of good notices (some nested) and broken files; returns (folder, good, bad)."""
    src = tmp_path / "in"
    (src / "2021" / "q1").mkdir(parents=True)
    good = ["a.txt", "2021/b.md", "2021/q1/c.txt"]
    for name, sample in zip(good, SAMPLE_FILES, strict=False):
        (src / name).write_bytes(sample.read_bytes())
    pdf, docx = minimal_pdf(), minimal_docx()
    broken = {
        "empty.txt": b"",
        "2021/binary.txt": bytes(range(256)) * 8,
        "2021/truncated.pdf": pdf[: len(pdf) // 2],
        "2021/q1/corrupt.docx": docx[: len(docx) // 2],
    }
    for name, data in broken.items():
        (src / name).write_bytes(data)
    (src / "README").write_text("not a notice: no document suffix, not picked up")
    return src, good, sorted(broken)


def test_bad_files_are_recorded_and_the_good_ones_converted(tmp_path, mixed):
    src, good, bad = mixed
    out = tmp_path / "out"
    p = cli("batch", str(src), "-o", str(out), "--jobs", "2")
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr
    assert summary_of(p.stderr) == (len(good) + len(bad), len(good), 0, len(bad))
    assert str(out / "errors.jsonl") in p.stderr

    got = outputs(out)
    assert sorted(got) == sorted(f"{name}.json" for name in good)
    for name in good:
        data = json.loads(got[f"{name}.json"].read_text(encoding="utf-8"))
        assert data == policyparse.parse(src / name).model_dump(mode="json")

    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    errors = [json.loads(line) for line in lines]
    assert sorted(Path(e["file"]).relative_to(src).as_posix() for e in errors) == bad
    for e in errors:
        assert set(e) == {"file", "kind", "message"}
        assert isinstance(e["kind"], str) and e["kind"]
        assert e["message"]
    kinds = {Path(e["file"]).name: e["kind"] for e in errors}
    assert kinds["empty.txt"] == "empty" and kinds["binary.txt"] == "binary"
    assert temps(out) == []


def test_html_writes_a_page_per_notice_and_an_index_with_the_failures(tmp_path, mixed):
    src, good, bad = mixed
    out = tmp_path / "out"
    for _ in range(2):  # a re-run rebuilds the pages from the JSON files
        p = cli("batch", str(src), "-o", str(out), "--html")
        assert p.returncode == 1, p.stderr
    html_dir = out / "html"
    pages = sorted(x.name for x in html_dir.glob("*.html") if x.name != "index.html")
    assert len(pages) == len(good)
    index = (html_dir / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="{page}"' in index
        assert '"index.html"' in (html_dir / page).read_text(encoding="utf-8")  # the way back
    for name in bad:
        assert Path(name).name in index
    assert f"{len(good) + len(bad)} 份通知，{len(bad)} 份未能解析" in index
    assert temps(out) == []


def test_errors_jsonl_is_in_input_order_and_emptied_when_all_succeed(tmp_path, mixed):
    src, good, bad = mixed
    out = tmp_path / "out"
    cli("batch", str(src), "-o", str(out))
    files = [json.loads(line)["file"] for line in (out / "errors.jsonl").open(encoding="utf-8")]
    assert files == [j.src for j in plan([str(src)], out) if j.src in files]
    for name in bad:
        (src / name).unlink()
    p = cli("batch", str(src), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert summary_of(p.stderr) == (len(good), 0, len(good), 0)
    assert (out / "errors.jsonl").read_text() == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["{tmp}/missing"], "missing: no such file or folder"),
        (["{tmp}/empty-folder"], "no input files"),
        (["{tmp}/empty-folder/*.txt"], "no input files"),
        (["{sample}", "--format", "xml"], "--format 'xml'"),
        (["{sample}", "--engine", "spark"], "--engine 'spark'"),
        (["{sample}", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["{sample}", "--csv-encoding", "gbk"], "--csv-encoding 'gbk'"),
    ],
    ids=["missing", "empty-folder", "glob-no-match", "format", "engine", "scheduler",
         "csv-encoding"],
)
def test_nothing_to_do_is_exit_code_2_and_one_line(tmp_path, args, words):
    (tmp_path / "empty-folder").mkdir()
    args = [a.format(tmp=tmp_path, sample=SAMPLE_FILES[0]) for a in args]
    p = cli("batch", *args, "-o", str(tmp_path / "out"))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert lines[-1].startswith("policyparse: error:") and words in lines[-1], p.stderr
    assert "Traceback" not in p.stderr


def test_one_batch_per_output_folder_at_a_time(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".policyparse.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        p = cli("batch", str(SAMPLE_FILES[0]), "-o", str(out))
    assert p.returncode == 2
    assert "another policyparse batch is writing there" in p.stderr
    assert outputs(out) == {}
    assert cli("batch", str(SAMPLE_FILES[0]), "-o", str(out)).returncode == 0


def test_all_good_is_exit_code_0(tmp_path):
    p = cli("batch", *map(str, SAMPLE_FILES[:2]), "-o", str(tmp_path / "out"))
    assert p.returncode == 0, p.stderr
    assert sorted(outputs(tmp_path / "out")) == sorted(f"{s.name}.json" for s in SAMPLE_FILES[:2])


# --- plan: which files, and where their JSON goes ------------------------------------------


def test_plan_folders_globs_and_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["in/a.txt", "in/sub/b.md", "in/sub/c.pdf", "in/sub/d.docx", "in/.hidden.txt",
                 "in/.git/e.txt", "in/notes.xls", "other/x.txt", "other/deep/y.txt"]:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("x")
    jobs = plan(["in", "other/**/*.txt", "other/x.txt", "in/notes.xls"], Path("out"))
    assert [(j.index, j.src, j.out) for j in jobs] == [
        (0, "in/a.txt", "out/in/a.txt.json"),
        (1, "in/sub/b.md", "out/in/sub/b.md.json"),
        (2, "in/sub/c.pdf", "out/in/sub/c.pdf.json"),
        (3, "in/sub/d.docx", "out/in/sub/d.docx.json"),
        (4, "other/deep/y.txt", "out/other/deep/y.txt.json"),
        (5, "other/x.txt", "out/other/x.txt.json"),  # once, though named twice
        (6, "in/notes.xls", "out/in/notes.xls.json"),  # named: taken, its error recorded
    ]
    # one folder: paths relative to it; the output folder inside it is not searched
    Path("in/out").mkdir()
    Path("in/out/old.txt.json.txt").write_text("x")
    assert [j.out for j in plan(["in"], Path("in/out"))][:2] == [
        "in/out/a.txt.json", "in/out/sub/b.md.json"]
    assert len(plan(["in"], Path("in/out"))) == 4


def test_a_folder_search_finds_every_suffix_the_loaders_read(tmp_path):
    from policyparse.loaders import SUFFIXES

    for suffix in SUFFIXES:
        (tmp_path / f"n{suffix.upper()}").write_text("x")  # the suffix's case does not matter
    (tmp_path / "n.xls").write_text("x")
    found = {Path(j.src).suffix.lower() for j in plan([str(tmp_path)], tmp_path / "out")}
    assert found == set(SUFFIXES) >= {".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx"}


def test_plan_notes_a_glob_that_matches_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    notes: list[str] = []
    jobs = plan([str(tmp_path / "a.txt"), str(tmp_path / "*.md")], tmp_path / "out", notes=notes)
    assert len(jobs) == 1 and notes == [f"{tmp_path / '*.md'}: matches no file"]
    with pytest.raises(BatchError, match="no such file"):
        plan([str(tmp_path / "b.txt")], tmp_path / "out")


# --- convert: the content hash decides what is done ----------------------------------------


def test_convert_skips_an_up_to_date_output_and_redoes_a_changed_one(tmp_path):
    src = tmp_path / "n.txt"
    src.write_bytes(SAMPLE_FILES[0].read_bytes())
    job = Job(0, str(src), str(tmp_path / "n.txt.json"))
    assert convert(job) == Outcome(0, "converted")
    first = Path(job.out).stat()
    assert convert(job) == Outcome(0, "skipped")
    assert Path(job.out).stat().st_ino == first.st_ino  # not written again
    assert convert(Job(0, job.src, job.out, force=True)) == Outcome(0, "converted")

    src.write_bytes(SAMPLE_FILES[1].read_bytes())
    assert convert(job) == Outcome(0, "converted")
    assert json.loads(Path(job.out).read_text())["source"]["sha256"] == sha256(src)

    Path(job.out).write_text('{"source": {"sha256": "')  # damaged by hand: converted again
    assert convert(job) == Outcome(0, "converted")


# --- builds: the outputs of another policyparse are not up to date ----------------------------


def test_outputs_of_another_build_are_converted_again(tmp_path, monkeypatch):
    files = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    options = Options(out, jobs=1)
    monkeypatch.setattr(batch, "build_id", lambda: "policyparse 0 old")
    first = run([str(tmp_path / "in")], options)
    assert (first.converted, first.skipped, first.notes) == (3, 0, [])
    assert (out / BUILD).read_text(encoding="utf-8") == "policyparse 0 old\n"
    again = run([str(tmp_path / "in")], options)
    assert (again.converted, again.skipped) == (0, 3)

    monkeypatch.setattr(batch, "build_id", lambda: "policyparse 0 new")
    upgraded = run([str(tmp_path / "in")], options)
    assert (upgraded.converted, upgraded.skipped) == (len(files), 0)
    assert upgraded.notes == ["outputs of another build of policyparse are converted again"]
    assert (out / BUILD).read_text(encoding="utf-8") == "policyparse 0 new\n"
    settled = run([str(tmp_path / "in")], options)
    assert (settled.converted, settled.skipped, settled.notes) == (0, 3, [])


def test_a_folder_from_before_the_build_file_is_converted_again(tmp_path):
    make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    run([str(tmp_path / "in")], Options(out, jobs=1))
    (out / BUILD).unlink()
    s = run([str(tmp_path / "in")], Options(out, jobs=1))
    assert (s.converted, s.skipped) == (2, 0) and s.notes


def test_a_new_build_killed_part_way_resumes_without_redoing_its_own_outputs(tmp_path):
    src = [tmp_path / f"n{i}.txt" for i in range(3)]
    for i, path in enumerate(src):
        path.write_bytes(SAMPLE_FILES[i].read_bytes())
    jobs = [Job(i, str(p), f"{p}.json") for i, p in enumerate(src)]
    for job in jobs:  # the old build's outputs
        assert convert(job) == Outcome(job.index, "converted")
    (tmp_path / BUILD).write_text("policyparse 0 old\n", encoding="utf-8")
    time.sleep(0.02)  # past the file system's clock tick
    since, changed = stamp_build(tmp_path, "policyparse 0 new")
    assert changed
    assert stamp_build(tmp_path, "policyparse 0 new") == (since, False)
    # the new build converted the first input, then was killed
    assert convert(Job(0, jobs[0].src, jobs[0].out, since_ns=since)) == Outcome(0, "converted")
    rerun = [Job(j.index, j.src, j.out, since_ns=since) for j in jobs]
    assert [convert(j).status for j in rerun] == ["skipped", "converted", "converted"]


def test_build_id_names_the_version_and_changes_with_a_pattern_file(tmp_path, monkeypatch):
    from policyparse import patterns

    for path in patterns.patterns_dir().glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(patterns, "patterns_dir", lambda: tmp_path)
    before = batch.build_id()
    assert before.startswith(f"policyparse {policyparse.__version__} ")
    assert batch.build_id() == before
    with (tmp_path / "meta.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment\n")
    assert batch.build_id() != before


def test_a_failed_input_loses_its_old_output(tmp_path):
    src = tmp_path / "n.txt"
    src.write_bytes(SAMPLE_FILES[0].read_bytes())
    job = Job(0, str(src), str(tmp_path / "n.txt.json"))
    convert(job)
    src.write_bytes(b"")
    assert convert(job) == Outcome(0, "failed", "empty", "file is empty")
    assert not Path(job.out).exists()


def test_clean_temps_removes_only_temporary_files(tmp_path):
    (tmp_path / "d").mkdir()
    keep = [tmp_path / "a.txt.json", tmp_path / ".hidden", tmp_path / "d" / "x.tmp"]
    gone = [tmp_path / ".a.txt.json.0123abcd.tmp", tmp_path / "d" / ".b.json.ffffffff.tmp"]
    for p in keep + gone:
        p.write_text("x")
    (tmp_path / ".db.sqlite.0123abcd.tmp").write_text("x")
    assert clean_temps(tmp_path, of="db.sqlite") == 1
    assert all(p.exists() for p in keep + gone)
    assert clean_temps(tmp_path) == 2
    assert all(p.exists() for p in keep) and not any(p.exists() for p in gone)


# --- a file that hangs or kills its worker costs that file only ----------------------------


def misbehaving_convert(job: Job) -> Outcome:
    """convert(), except that a file named hang* never ends and crash* kills its process."""
    name = Path(job.src).name
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return convert(job)


def test_a_hung_file_times_out_and_a_crashing_one_is_recorded(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = ["a.txt", "hang.txt", "b.txt", "crash.txt", "c.txt", "d.txt"]
    for name, sample in zip(names, SAMPLE_FILES * 2, strict=False):
        (src / name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "hang.txt.json").write_text("{}")  # from an earlier version of hang.txt
    start = time.monotonic()
    summary = run([str(src)], Options(out, jobs=2, timeout=3), work=misbehaving_convert)
    assert time.monotonic() - start < 60
    assert (summary.total, summary.converted, summary.failed) == (6, 4, 2)
    assert summary.exit_code == 1
    errors = {Path(e["file"]).name: e for e in map(json.loads, (out / "errors.jsonl").open())}
    assert errors["hang.txt"]["kind"] == "timeout"
    assert "3 s" in errors["hang.txt"]["message"]
    assert errors["crash.txt"]["kind"] == "crash"
    assert "SIGKILL" in errors["crash.txt"]["message"]
    assert sorted(outputs(out)) == ["a.txt.json", "b.txt.json", "c.txt.json", "d.txt.json"]


# --- acceptance 2: kill -9 part way, and the re-run completes it, each output written once --


def start_batch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "policyparse", "batch", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for_outputs(outdir: Path, at_least: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while len(list(outdir.rglob("*.json"))) < at_least:
        assert proc.poll() is None, f"the batch ended before it could be killed: {proc.stderr}"
        assert time.monotonic() < deadline
        time.sleep(0.005)


def wait_until_gone(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_sigkill_part_way_then_a_rerun_completes_every_output_once(tmp_path):
    files = make_corpus(tmp_path / "in", 240, parts=3)
    out = tmp_path / "out"
    proc = start_batch(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    wait_for_outputs(out, 20, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, wherever they are
    proc.wait()
    assert wait_until_gone(proc.pid, 10)

    # nothing half-written: every JSON present is complete and belongs to its input
    before = outputs(out)
    assert 20 <= len(before) < len(files), "the kill came too late to test anything"
    stamps = {}
    for rel, path in before.items():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"]["sha256"] == sha256(tmp_path / "in" / rel.removesuffix(".json"))
        stamps[rel] = (path.stat().st_ino, path.stat().st_mtime_ns)

    p = cli("batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    assert summary_of(p.stderr) == (len(files), len(files) - len(before), len(before), 0)

    after = outputs(out)
    assert sorted(after) == sorted(
        f"{f.relative_to(tmp_path / 'in').as_posix()}.json" for f in files)
    for rel, path in after.items():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["source"]["sha256"] == sha256(tmp_path / "in" / rel.removesuffix(".json"))
    for rel, stamp in stamps.items():  # the outputs of the killed run were not written again
        assert (after[rel].stat().st_ino, after[rel].stat().st_mtime_ns) == stamp, rel
    assert temps(out) == []
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["source"]["sha256"] for line in lines) == sorted(
        sha256(f) for f in files)


def test_workers_finish_their_file_and_exit_when_the_batch_is_killed(tmp_path):
    make_corpus(tmp_path / "in", 300, parts=2)
    out = tmp_path / "out"
    proc = start_batch(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    wait_for_outputs(out, 5, proc)
    proc.send_signal(signal.SIGKILL)  # the parent only: its workers are left behind
    proc.wait()
    assert wait_until_gone(proc.pid, 30), "orphaned workers are still running"
    assert temps(out) == []  # they finished the file in hand, whole, before exiting
    for path in outputs(out).values():
        json.loads(path.read_text(encoding="utf-8"))


# --- the terminal ---------------------------------------------------------------------------


def test_progress_bar_on_a_terminal_only(tmp_path):
    import pty

    make_corpus(tmp_path / "in", 40)
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "policyparse", "batch", str(tmp_path / "in"), "-o",
         str(tmp_path / "tty")], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=secondary, env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.wait(60) == 0
    text = shown.decode("utf-8", "replace")
    assert "files/s" in text and "ETA" in text and "/40" in text
    assert SUMMARY.search(text)

    p = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "pipe"))
    assert p.returncode == 0
    assert p.stderr.strip().splitlines() == [SUMMARY.search(p.stderr).string.strip()]
    assert "files/s" in p.stderr and "ETA" not in p.stderr


def test_help_imports_nothing_heavy():
    # (typer itself imports pydantic to build a command's parameters: not ours to avoid)
    code = ("import sys\nfrom policyparse import cli\nsys.argv = ['policyparse', 'batch', '--help']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "heavy = {'rich', 'dask', 'distributed', 'sqlite3', 'multiprocessing', 'jieba'}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "--jobs" in p.stdout and "--sqlite" in p.stdout
    assert p.stderr.strip() == "[]"


@pytest.mark.parametrize(("args", "bom"), [([], True), (["--csv-encoding", "utf-8"], False)])
def test_the_csv_has_a_byte_order_mark_unless_asked_not_to(tmp_path, args, bom):
    out = tmp_path / "out"
    p = cli("batch", str(SAMPLE_FILES[0]), "-o", str(out), "--format", "csv", *args)
    assert p.returncode == 0, p.stderr
    data = (out / "responsibilities.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == bom
    assert data.decode("utf-8-sig").startswith("document,")


# --- hostile and odd inputs: each one error line, the others still converted -----------------


def test_zip_bombs_a_fifo_and_a_missing_input_fail_alone(tmp_path):
    from tests.bombs import bomb_docx
    from tests.test_cli import peak

    src = tmp_path / "in"
    src.mkdir()
    for name, sample in zip(["a.txt", "b.txt"], SAMPLE_FILES, strict=False):
        (src / name).write_bytes(sample.read_bytes())
    (src / "paragraphs.docx").write_bytes(bomb_docx(1_160_000_000, "paragraphs"))
    (src / "text_node.docx").write_bytes(bomb_docx(1_260_000_000, "text_node"))
    os.mkfifo(src / "pipe.txt")
    out = tmp_path / "out"
    p, secs, mb = peak("batch", str(src), str(tmp_path / "gone.txt"), "-o", str(out),
                       "--jobs", "2", "--timeout", "60")
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr
    assert summary_of(p.stderr) == (6, 2, 0, 4)
    errors = {Path(e["file"]).name: e for e in map(json.loads, (out / "errors.jsonl").open())}
    assert {name: e["kind"] for name, e in errors.items()} == {
        "paragraphs.docx": "too_large", "text_node.docx": "too_large",
        "pipe.txt": "not_a_file", "gone.txt": "not_found"}
    assert errors["gone.txt"]["message"] == "no such file"
    assert sorted(q.name for q in out.rglob("*.json")) == ["a.txt.json", "b.txt.json"]
    assert mb < 300  # each worker refuses its bomb from the ZIP's headers
    assert secs < 60


def test_output_that_is_a_file_is_one_line(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("{}")
    p = cli("batch", str(SAMPLE_FILES[0]), "-o", str(target))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert lines == [f"policyparse: error: {target}: is a file, not a folder; -o names the "
                     "folder the JSON files go to"]
    assert target.read_text() == "{}"


def test_a_missing_input_is_a_failed_job_and_the_rest_are_converted(tmp_path):
    jobs = plan([str(SAMPLE_FILES[0]), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert [Path(j.src).name for j in jobs] == [SAMPLE_FILES[0].name, "missing.txt"]
    assert convert(jobs[1]) == Outcome(1, "failed", "not_found", "no such file")
    with pytest.raises(BatchError, match=r"missing\.txt: no such file or folder"):
        plan([str(tmp_path / "missing.txt")], tmp_path / "out")


def test_is_current_never_blocks_on_a_fifo(tmp_path):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    out = tmp_path / "notice.txt.json"
    out.write_text(json.dumps({"source": {"sha256": "0" * 64}}))
    job = Job(0, str(fifo), str(out))
    assert convert(job) == Outcome(0, "failed", "not_a_file",
                                   "is a FIFO (named pipe), not a regular file")


def test_limits_reach_the_workers(tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes(SAMPLE_FILES[0].read_bytes())
    p = cli("batch", str(src), "-o", str(tmp_path / "out"), "--max-size", "2k")
    assert p.returncode == 1
    [e] = map(json.loads, (tmp_path / "out" / "errors.jsonl").open())
    assert e["kind"] == "too_large" and e["message"].endswith("over the limit of 2 KiB (max_size)")
