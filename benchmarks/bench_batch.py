"""Throughput and memory of ``policyparse batch`` on a corpus built from the samples.

The corpus: N distinct notices (default 2,000), each one to three samples joined, with a tenth
of their body lines dropped at random and a line of its own, so sizes, outlines and hashes vary.
It is built once under ``benchmarks/_corpus/N`` (ignored by git) and reused.

Measured, each as a whole ``policyparse batch`` process into a fresh output folder:

- speed: ``--jobs 1`` and ``--jobs 2`` on N notices: docs/s and MB/s (input bytes), wall time
  from process start to exit, start-up included; the best of ``--repeat`` runs, alternating
  between the two (the machine is shared, so the best run is the one least disturbed), with
  the spread;
- memory: ``--jobs 2 --format jsonl --format csv --sqlite`` on N/4 and on N notices: the peak
  of the summed resident memory of the batch and its workers (sampled from /proc every 50 ms),
  and the peaks of the parent alone and of the largest worker (the kernel's VmHWM).

Goals (issue 5): ``--jobs 2`` at least 1.7 times as fast as ``--jobs 1``; peak memory for N/4
and N within 20% of each other.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_batch.py [-n 2000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
CORPUS = ROOT / "benchmarks" / "_corpus"
CORPUS_VERSION = "1"  # change when the recipe below changes


def build_corpus(n: int) -> Path:
    """N notices under benchmarks/_corpus/N, made once; returns the folder."""
    folder = CORPUS / str(n)
    stamp = folder / ".complete"
    if stamp.exists() and stamp.read_text() == CORPUS_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    texts = [p.read_text(encoding="utf-8").splitlines() for p in SAMPLES]
    for i in range(n):
        rng = random.Random(i)
        k = rng.choice((1, 1, 1, 2, 3))
        first = rng.randrange(len(texts))
        lines: list[str] = []
        for j in range(k):
            sample = texts[(first + j) % len(texts)]
            # the header (title, 文号, recipients) stays; a tenth of the rest goes
            lines += sample[:4] + [ln for ln in sample[4:] if rng.random() >= 0.1]
        lines.append(f"（本件编号：{i:06d}）")
        path = folder / f"{i // 250:03d}" / f"notice{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp.write_text(CORPUS_VERSION)
    return folder


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Run:
    seconds: float
    tree_peak_mb: float
    parent_peak_mb: float
    worker_peak_mb: float


def run_batch(corpus: Path, jobs: int, extra: list[str]) -> Run:
    """One whole batch process into a fresh folder, watched for memory."""
    exe = Path(sys.executable).with_name("policyparse")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        cmd = [str(exe), "batch", str(corpus), "-o", f"{tmp}/out", "--jobs", str(jobs)]
        cmd += [a.replace("{tmp}", tmp) for a in extra]
        peaks = {"tree": 0, "parent": 0, "worker": 0}
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)

        def watch() -> None:
            while proc.poll() is None:
                kids, todo = [], _children(proc.pid)
                while todo:
                    kid = todo.pop()
                    kids.append(kid)
                    todo += _children(kid)
                rss = _status_kb(proc.pid, "VmRSS") + sum(_status_kb(k, "VmRSS") for k in kids)
                peaks["tree"] = max(peaks["tree"], rss)
                peaks["parent"] = max(peaks["parent"], _status_kb(proc.pid, "VmHWM"))
                peaks["worker"] = max([peaks["worker"], *(_status_kb(k, "VmHWM") for k in kids)])
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, err = proc.communicate()
        seconds = time.perf_counter() - start
        watcher.join()
        if proc.returncode != 0:
            raise SystemExit(f"batch failed ({proc.returncode}): {err.strip()}")
    return Run(seconds, peaks["tree"] / 1024, peaks["parent"] / 1024, peaks["worker"] / 1024)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="notices in the large corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each speed measurement")
    a = ap.parse_args()
    big, small = build_corpus(a.n), build_corpus(a.n // 4)
    size = corpus_bytes(big)
    print(f"corpus: {a.n} notices, {size / 1e6:.1f} MB ({size / a.n / 1e3:.1f} kB each); "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")

    times: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(a.repeat):  # alternating, so that both see the same neighbours
        for jobs in (1, 2):
            times[jobs].append(run_batch(big, jobs, []).seconds)
    best = {jobs: min(t) for jobs, t in times.items()}
    for jobs in (1, 2):
        spread = f"runs {', '.join(f'{t:.2f}' for t in times[jobs])} s"
        print(f"--jobs {jobs}: {a.n / best[jobs]:7.1f} docs/s {size / best[jobs] / 1e6:6.2f} MB/s"
              f"   (best {best[jobs]:.2f} s; {spread})")
    speedup = best[1] / best[2]
    print(f"speed-up --jobs 2 / --jobs 1: {speedup:.2f}x (goal >= 1.7x)")

    streams = ["--format", "jsonl", "--format", "csv", "--sqlite", "{tmp}/all.sqlite"]
    mem = {}
    for n, corpus in ((a.n // 4, small), (a.n, big)):
        r = run_batch(corpus, 2, streams)
        mem[n] = r
        print(f"memory, {n:5d} notices (--jobs 2, jsonl, csv, sqlite): "
              f"peak {r.tree_peak_mb:6.1f} MB in all (parent {r.parent_peak_mb:.1f} MB, "
              f"largest worker {r.worker_peak_mb:.1f} MB), {r.seconds:.1f} s")
    lo, hi = mem[a.n // 4].tree_peak_mb, mem[a.n].tree_peak_mb
    print(f"peak memory {a.n} / {a.n // 4} notices: {hi / lo:.2f} (goal within 20%: 0.80-1.20)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if speedup >= 1.7 and 0.8 <= hi / lo <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
