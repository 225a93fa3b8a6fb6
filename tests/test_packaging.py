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


def _imported_packages() -> dict[str, str]:
    """The top-level packages the source imports at run time (not under TYPE_CHECKING), each
    with a file that imports it."""
    import ast

    found: dict[str, str] = {}

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if (isinstance(child, ast.If) and isinstance(child.test, ast.Name)
                    and child.test.id == "TYPE_CHECKING"):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.setdefault(alias.name.split(".")[0], where)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.setdefault(child.module.split(".")[0], where)
            visit(child, where)

    for path in sorted((ROOT / "src" / "policyparse").rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    return found


def test_every_package_the_code_imports_is_declared():
    import importlib.metadata
    import re

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["dask"])

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    declared = {norm(re.match(r"[A-Za-z0-9_.-]+", w).group()) for w in wanted}
    owners = importlib.metadata.packages_distributions()
    stdlib = set(sys.stdlib_module_names) | {"tomllib", "_sha2"}  # of every Python we run on
    for module, where in _imported_packages().items():
        if module in stdlib or module in ("__future__", "policyparse"):
            continue
        dists = {norm(d) for d in owners.get(module, [])} or {norm(module)}  # not installed here
        assert dists & declared, f"{where} imports {module} ({dists or 'not installed'}), " \
            "which pyproject.toml does not declare"
