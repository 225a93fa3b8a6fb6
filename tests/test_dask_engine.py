"""The dask engine gives the local engine's outputs, byte for byte, on a local cluster."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policyparse.dask_engine import run
from policyparse.pool import Lost
from tests.conftest import SAMPLE_FILES
from tests.test_cli import run as cli

pytest.importorskip("distributed", reason="the dask extra is part of the dev install")


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dask_gives_the_same_outputs_as_the_local_engine(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i, sample in enumerate(SAMPLE_FILES):
        (src / ("sub" if i % 2 else "") / sample.name).write_bytes(sample.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    common = [str(src), "--jobs", "2", "--format", "jsonl", "--format", "csv"]
    local = cli("batch", *common, "-o", str(tmp_path / "local"),
                "--sqlite", str(tmp_path / "local.sqlite"))
    dask = cli("batch", *common, "-o", str(tmp_path / "dask"), "--engine", "dask",
               "--sqlite", str(tmp_path / "dask.sqlite"))
    assert local.returncode == dask.returncode == 1, dask.stderr
    assert "Traceback" not in dask.stderr
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    # + errors, jsonl, the two csv (responsibilities, targets), lock, build
    assert len(tree(tmp_path / "local")) == len(SAMPLE_FILES) + 6
    assert (tmp_path / "local.sqlite").read_bytes() == (tmp_path / "dask.sqlite").read_bytes()
    # a re-run on dask skips what is done, like the local engine
    again = cli("batch", *common, "-o", str(tmp_path / "dask"), "--engine", "dask")
    assert f"0 converted, {len(SAMPLE_FILES)} already done, 2 failed" in again.stderr


def boom(x: int) -> int:
    if x == 3:
        raise ValueError("bad item")  # the dask task (its partition) fails
    return x + 1


def test_a_failed_partition_reports_each_of_its_items():
    got = dict(run(boom, range(6), workers=1))
    assert {k: v for k, v in got.items() if not isinstance(v, Lost)} == {
        k: k + 1 for k in got if not isinstance(got[k], Lost)}
    lost = [k for k, v in got.items() if isinstance(v, Lost)]
    assert 3 in lost and all(got[k].kind == "crash" for k in lost)
    assert sorted(got) == list(range(6))


def test_without_dask_the_error_names_the_extra(tmp_path):
    code = ("import sys\nsys.modules['dask'] = None\nsys.modules['distributed'] = None\n"
            "from policyparse.cli import main\n"
            f"sys.argv = ['policyparse', 'batch', {str(SAMPLE_FILES[0])!r}, '-o', "
            f"{str(tmp_path / 'out')!r}, '--engine', 'dask']\nmain()")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == [
        "policyparse: error: --engine dask needs the dask extra: pip install 'policyparse[dask]'"]
