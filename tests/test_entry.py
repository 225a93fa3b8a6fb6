"""The console entry point: a plain `parse` runs without typer and prints what the app prints."""

from __future__ import annotations

import subprocess
import sys

import pytest

import policyparse
from policyparse.entry import plain_parse
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "001_6f0fce1b11edcf51.txt"


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120)


QUICK = ("import sys; sys.argv[0] = 'policyparse'; from policyparse.entry import main; main(); "
         "print('typer' in sys.modules, 'rich' in sys.modules, 'pydantic' in sys.modules, "
         "file=sys.stderr)")
APP = "import sys; sys.argv[0] = 'policyparse'; from policyparse.cli import main; main()"


@pytest.mark.parametrize("opts", [(), ("--compact",)])
def test_plain_parse_prints_what_the_app_prints_without_loading_typer(opts):
    quick, app = run(QUICK, "parse", str(SAMPLE), *opts), run(APP, "parse", str(SAMPLE), *opts)
    assert quick.returncode == app.returncode == 0, quick.stderr + app.stderr
    assert quick.stdout == app.stdout
    assert quick.stderr.split() == ["False", "False", "False"]


def test_output_file_is_the_same_as_the_apps(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(QUICK, "parse", f"-o{a}", str(SAMPLE)).returncode == 0
    assert run(APP, "parse", str(SAMPLE), "--output", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


# every sample in every format, pretty and compact, in one process: the quick path's files
EVERY = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".pdf", ".docx"))
QUICK_ALL = """import sys
from pathlib import Path
from policyparse.entry import ParseArgs, _run
out = Path(sys.argv[1])
for i, src in enumerate(sys.argv[2:]):
    for compact in (False, True):
        assert _run(ParseArgs(file=Path(src), output=out / f"{i}-{compact}.json", compact=compact))
print(sorted(m for m in ("pydantic", "pydantic_core", "typer", "click") if m in sys.modules))
"""


def test_every_sample_is_written_as_the_app_writes_it_without_pydantic(tmp_path):
    assert len(EVERY) >= 15
    p = run(QUICK_ALL, str(tmp_path), *map(str, EVERY))
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["[]"]  # neither pydantic nor typer was imported
    for i, src in enumerate(EVERY):
        doc = policyparse.parse(src)  # what the app's parse command writes (cli.py)
        for compact in (False, True):
            written = (tmp_path / f"{i}-{compact}.json").read_text(encoding="utf-8")
            assert written == doc.to_json(indent=None if compact else 2) + "\n", (src, compact)


def test_a_failure_is_reported_by_the_app(tmp_path):
    missing = tmp_path / "missing.txt"
    p = run(QUICK, "parse", str(missing))
    assert p.returncode == 1
    assert p.stderr.startswith(f"policyparse: error: {missing}")
    assert "Traceback" not in p.stderr
    # an output that cannot be written: nothing on stdout, the app's one line
    p = run(QUICK, "parse", str(SAMPLE), "-o", str(tmp_path))
    assert p.returncode == 1 and p.stdout == "" and "cannot write" in p.stderr


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["parse"], ["parse", "-"], ["parse", "a.txt", "b.txt"], ["parse", "a.txt", "-h"],
    ["parse", "a.txt", "-o"], ["parse", "a.txt", "--output="], ["parse", "a.txt", "--unknown"],
    ["view", "a.txt"], ["batch", "a.txt", "-o", "out"],
])
def test_anything_but_a_plain_parse_goes_to_the_app(argv):
    assert plain_parse(argv) is None


def test_plain_parse_forms():
    a = plain_parse(["parse", "--debug", "--output=x.json", "a.txt", "--discover-units"])
    assert a is not None
    assert (str(a.file), str(a.output), a.compact, a.discover_units, a.debug) == (
        "a.txt", "x.json", False, True, True)


# the standard modules the quick path leaves out for its start-up (each costs more than
# parsing a short notice): dataclasses and inspect (policyparse._dataclass), hashlib with
# OpenSSL (the digest from the builtin SHA-2), calendar with datetime and locale
HEAVY = ("dataclasses", "inspect", "hashlib", "_hashlib", "calendar", "datetime", "locale")
LEAN = QUICK + f"""
import gc
print(sorted(m for m in {HEAVY!r} if m in sys.modules), gc.isenabled(), gc.get_freeze_count() > 0)
"""


def test_the_quick_path_leaves_out_heavy_modules_and_keeps_the_collector_on():
    p = run(LEAN, "parse", str(SAMPLE), "--compact")
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[-1] == "[] True True"  # the imports' objects frozen
