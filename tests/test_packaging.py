"""The wheel carries patterns/ and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile

from tests.conftest import ROOT, SAMPLES


def test_wheel_installs_and_parses_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(dist.glob("policyparse-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "policyparse/patterns/outline.toml" in names
    assert "policyparse/py.typed" in names
    assert "policyparse/assets/report.js" in names  # the review page's script and styles

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    # the dependencies come from this environment's site-packages, after the wheel; a .pth
    # line adds a folder without running the editable-install hooks in it
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "zz_deps.pth"), "w") as fh:
        fh.write(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sample = SAMPLES / "001_6f0fce1b11edcf51.txt"
    code = ("import json, sys, policyparse; d = policyparse.parse(sys.argv[1]); "
            "print(json.dumps({'file': policyparse.__file__, 'title': d.meta.title, "
            "'n': len(d.outline)}))")
    p = subprocess.run([str(py), "-c", code, str(sample)], cwd=elsewhere, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "PYTHONPATH": ""})
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert str(env_dir) in out["file"]  # the wheel, not the checkout
    assert out["title"] == "锦州市加快建立健全绿色低碳循环发展经济体系的若干措施"
    assert out["n"] == 6
    cli = env_dir / "bin" / "policyparse"
    p = subprocess.run([str(cli), "parse", str(sample)], cwd=elsewhere, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["meta"]["doc_number"] == "锦政办发〔2022〕5号"
