"""Golden regression files: samples/<name>.expected.json.

``python -m tests.golden --write`` (``make golden``) rewrites them from the current code; the
test in ``test_golden.py`` compares. Read the diff before committing a rewrite.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import policyparse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def expected_path(sample: Path) -> Path:
    return sample.with_name(sample.stem + ".expected.json")


def render(sample: Path) -> dict:
    """The Document as JSON data, with the machine-specific path reduced to the file name."""
    doc = policyparse.parse(sample)
    data = doc.model_dump(mode="json")
    data["source"]["path"] = sample.name
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir()
                  if p.suffix in {".txt", ".md", ".pdf", ".docx"} and p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="rewrite the golden files")
    a = ap.parse_args(argv)
    changed = 0
    for s in samples():
        new = dumps(render(s))
        path = expected_path(s)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != new:
            changed += 1
            print(f"{'rewrote' if a.write else 'differs'}: {path.relative_to(ROOT)}")
            if a.write:
                path.write_text(new, encoding="utf-8")
    print(f"{changed} golden file(s) {'rewritten' if a.write else 'differ'}")
    return 1 if changed and not a.write else 0


if __name__ == "__main__":
    sys.exit(main())
