"""Time per MB on adversarial shapes, from 100 kB to 1 MB: flat when the pipeline is linear.

Each shape is a pattern repeated to the size (in UTF-8 bytes): a long line without clause
punctuation dense with targets and unit lists (issue 15), deadline years on one line, a year then
numbers on one line, 100k lines of bare outline labels, unit names, 《titles》, brackets, and
a real sample repeated (the baseline: ordinary text). For each the seconds per MB at each size
and the ratio of the largest size's to the smallest's (about 1 for linear time; 10 for
quadratic), the median of a few runs; also JSON bytes per input byte at 1 MB.

Run: ``make bench-adversarial`` or ``.venv/bin/python benchmarks/bench_adversarial.py
[--sizes 100,250,500,1000] [--runs 3] [--shape NAME]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHAPES: dict[str, str] = {
    "long_line": "加强生态环境保护到2025年达到50%（市生态环境局负责）",
    "years_one_line": "到2025年",
    "year_then_numbers": "新增10个",
    "bare_labels": "一、\n",
    "unit_names": "市工信局、",
    "unit_lists": "（市生态环境局、市发展改革委负责）",
    "titles": "《关于印发实施方案的通知》",
    "quantities_no_year": "建成500万千瓦光伏项目",
    "sample_text": "",
}
PREFIX = {"year_then_numbers": "一、总体要求\n到2025年"}


def make(shape: str, size: int) -> str:
    """*shape* repeated to about *size* UTF-8 bytes."""
    unit = SHAPES[shape] or (ROOT / "samples" / "001_6f0fce1b11edcf51.txt").read_text("utf-8")
    n = max(1, size // len(unit.encode()))
    return PREFIX.get(shape, "") + unit * n


def seconds(text: str, runs: int) -> float:
    from policyparse import parse_text

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        parse_text(text)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,250,500,1000", help="kB, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES))
    args = ap.parse_args(argv)
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    from policyparse import parse_text

    parse_text("一、总体要求\n到2025年新增10个。")  # patterns compiled outside the timings
    head = "".join(f"{s // 1000:>7} kB" for s in sizes)
    print(f"{'shape':<20}{head}  {'last/first':>10}  {'JSON/input':>10}   (s per MB)")
    for shape in args.shape or SHAPES:
        per_mb = []
        for size in sizes:
            text = make(shape, size)
            mb = len(text.encode()) / 1e6
            per_mb.append(seconds(text, args.runs) / mb)
        text = make(shape, sizes[-1])
        json_ratio = len(parse_text(text).to_json(indent=None).encode()) / len(text.encode())
        cells = "".join(f"{v:>10.2f}" for v in per_mb)
        print(f"{shape:<20}{cells}  {per_mb[-1] / per_mb[0]:>10.2f}  {json_ratio:>10.1f}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
