"""Start-up: a one-file `policyparse parse` as a whole process, against `python -c pass`.

People run `policyparse parse` in shell loops, one process a file, so a short notice's run is
mostly start-up: imports and the compilation of the patterns it uses. The two commands run in
turn (A B A B …) and the ratio is taken pair by pair, so a drift in the machine's speed moves
both sides of a pair alike; the median ratio is the figure. CPU time (user + system, from the
kernel's accounting of each finished child) is printed beside the wall time: on a busy machine
it is the steadier of the two. Also the median wall time of `policyparse --help`.

The compiled patterns and parsed pattern files come from the cache of
:mod:`policyparse.rxcache` (``$POLICYPARSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/policyparse``,
else ``~/.cache/policyparse``): the warm-up run fills it, so the figures are those of every run
after a user's first (``POLICYPARSE_CACHE_DIR=off`` for a run without it).

Goals (issue 11): parse ≤ 8× `python -c pass`; `--help` ≤ 150 ms.
``--instructions`` adds the ratio of instructions executed, counted by valgrind (apt-get install
valgrind): one run each, and the same figure however busy the machine is.
Run: ``make bench-startup`` or ``.venv/bin/python benchmarks/bench_startup.py [--runs N]
[--instructions]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# a short notice of our own: header, two levels of outline, a unit list, a target, a signature
SMALL = """某市人民政府办公室关于做好节能工作的通知
某政办发〔2024〕3号

各区人民政府，市政府各部门：
一、总体要求
（一）指导思想。到2025年，全市单位生产总值能耗下降5%。（责任单位：市发展改革委、市工业和信息化局）
（二）工作任务。2024年底前完成重点企业节能改造。
二、保障措施
加强组织领导。（市财政局牵头）

某市人民政府办公室
2024年3月1日
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of *cmd* (its output thrown away)."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    return wall, cpu


def instructions(cmd: list[str]) -> int | None:
    """Instructions one run of *cmd* executes, counted by valgrind's cachegrind (no cache
    simulation): the same on a quiet machine and a busy one. None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                          "--cachegrind-out-file=/dev/null", *cmd],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    found = re.search(r"I\s+refs:\s+([\d,]+)", out)
    return int(found.group(1).replace(",", "")) if found else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=21, help="pairs of runs")
    ap.add_argument("--instructions", action="store_true",
                    help="also the ratio of instructions executed (needs valgrind)")
    a = ap.parse_args()
    exe = Path(sys.executable).with_name("policyparse")
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "policyparse"]
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(SMALL, encoding="utf-8")
        parse_cmd = [*cli, "parse", str(small)]
        base_cmd = [sys.executable, "-c", "pass"]
        timed(parse_cmd), timed(base_cmd)  # warm-up: file cache
        walls, cpus, pw, bw = [], [], [], []
        for _ in range(a.runs):
            (aw, ac), (b_w, bc) = timed(parse_cmd), timed(base_cmd)
            walls.append(aw / b_w)
            if bc > 0:
                cpus.append(ac / bc)
            pw.append(aw)
            bw.append(b_w)
        helps = [timed([*cli, "--help"])[0] for _ in range(max(5, a.runs // 2))]
        counts = (instructions(parse_cmd), instructions(base_cmd)) if a.instructions else None
    print(f"`policyparse parse small.txt`: {statistics.median(pw) * 1000:7.1f} ms wall "
          f"(median of {a.runs}); `python -c pass`: {statistics.median(bw) * 1000:5.1f} ms")
    cpu = f"{statistics.median(cpus):.1f}x" if cpus else "n/a (clock too coarse)"
    print(f"paired ratio parse / python -c pass: {statistics.median(walls):5.1f}x wall, "
          f"{cpu} CPU (goal <= 8x)")
    print(f"`policyparse --help` whole process:  {statistics.median(helps) * 1000:7.1f} ms "
          "(goal < 150 ms)")
    if counts is not None:
        ins, base = counts
        print(f"instructions parse / python -c pass: {ins / base:5.1f}x ({ins / 1e6:.0f}M / "
              f"{base / 1e6:.0f}M)" if ins and base
              else "instructions: n/a (valgrind missing or failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
