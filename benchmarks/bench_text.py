"""Throughput of the text pipeline on the samples, beside the raw limit measured in the same run.

The raw limit: read the file, decode it, NFKC-normalize it and make one regex pass over it.
The pipeline: policyparse.parse() on the same files (load, normalize, meta, outline, extract).
Also the whole-process time of ``policyparse --help`` (start-up cost).

The two are timed in alternating rounds (a pass of the raw limit over all samples, then one of
the pipeline, and so on), so that a machine whose speed drifts during the run (a shared virtual
machine: seen here to vary by 15% within a minute) weighs on both alike and the ratio holds.

Goals: a fifth of the raw limit (issue 11; issue 2 asked a quarter), and a start under 150 ms.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_text.py [--seconds S]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
MARKER = regex.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]")


def raw_pass(path: Path) -> int:
    text = path.read_bytes().decode("utf-8")
    text = unicodedata.normalize("NFKC", text)
    return sum(1 for _ in MARKER.finditer(text))


def pipeline_pass(path: Path) -> int:
    import policyparse

    return len(policyparse.parse(path).outline)


def rates(fns: list[Callable[[Path], int]], seconds: float) -> list[float]:
    """MB/s of input bytes of each of *fns* over all samples, timed in alternating rounds (one
    round: every sample through each function in turn) for about *seconds* in all."""
    size = sum(p.stat().st_size for p in SAMPLES)
    for fn in fns:  # warm-up: imports, pattern compilation, file cache
        for p in SAMPLES:
            fn(p)
    spent = [0.0] * len(fns)
    rounds = 0
    clock = time.perf_counter
    while sum(spent) < seconds or rounds < 3:
        for k, fn in enumerate(fns):
            t = clock()
            for p in SAMPLES:
                fn(p)
            spent[k] += clock() - t
        rounds += 1
    return [rounds * size / s / 1e6 for s in spent]


def startup_ms(runs: int) -> float:
    exe = Path(sys.executable).with_name("policyparse")
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "policyparse", "--help"]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=3.0,
                    help="time per measurement (the two alternate for twice as long)")
    ap.add_argument("--runs", type=int, default=15, help="start-up runs")
    a = ap.parse_args()
    size = sum(p.stat().st_size for p in SAMPLES)
    print(f"samples: {len(SAMPLES)} files, {size / 1e3:.1f} kB")
    raw, pipe = rates([raw_pass, pipeline_pass], 2 * a.seconds)
    start = startup_ms(a.runs)
    print(f"raw limit (read + NFKC + one regex pass): {raw:8.2f} MB/s")
    print(f"policyparse text pipeline:               {pipe:8.2f} MB/s "
          f"({pipe / raw:.1%} of the limit; goal 20%, issue 11)")
    print(f"`policyparse --help` whole process:       {start:8.1f} ms (median of {a.runs}; "
          "goal < 150 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
