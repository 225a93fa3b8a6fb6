"""Where `parse` spends its time: a per-stage profile of the text pipeline on the samples.

Each stage's entry function, as pipeline.build calls it, is wrapped in a timer (CPU time of
this process), and the samples are parsed for a few passes after a warm-up pass (imports and
pattern compilation are not counted; across processes :mod:`policyparse.rxcache` keeps the
compiled patterns in ``$POLICYPARSE_CACHE_DIR`` or ``~/.cache/policyparse``). Prints each
stage's share of parse() and its ms a pass; ``--cprofile N`` also prints the N functions with
the most time of their own, under cProfile.
Run: ``make bench-stages`` or ``.venv/bin/python benchmarks/bench_stages.py [--passes N]``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))

# (label, module, attribute): each stage's entry, where pipeline.build looks it up
STAGES = [
    ("load", "policyparse.pipeline", "load"),
    ("normalize", "policyparse.pipeline", "normalize_split"),
    ("lines", "policyparse.pipeline", "LineIndex"),
    ("meta", "policyparse.pipeline", "extract_meta"),
    ("outline", "policyparse.pipeline", "segment"),
    # plans annexed after the body: their own segment() calls are outline work too
    ("outline", "policyparse.pipeline", "annexed_plans"),
    ("responsibilities", "policyparse.extract.responsibilities", "extract"),
    ("tables", "policyparse.extract.tables", "extract"),
    ("mentions", "policyparse.extract.mentions", "extract"),
    ("targets", "policyparse.extract.targets", "extract"),
    ("deadlines", "policyparse.extract.deadlines", "extract"),
    ("citations", "policyparse.extract.citations", "extract"),
    ("indicators", "policyparse.extract.indicators", "extract"),
    ("tasks", "policyparse.extract.tasks", "link"),
    # the finished record tree validated once into the pydantic Document (parse() does)
    ("validate", "policyparse.pipeline", "to_model"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--passes", type=int, default=10, help="passes over the samples")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N",
                    help="also print the N costliest functions under cProfile")
    a = ap.parse_args()
    from policyparse.pipeline import parse

    spent: dict[str, float] = defaultdict(float)

    def timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - t
        return wrapper

    for label, module, attr in STAGES:
        mod = importlib.import_module(module)
        setattr(mod, attr, timed(label, getattr(mod, attr)))
    for p in SAMPLES:  # warm-up: imports, pattern compilation
        parse(p)
    spent.clear()
    t = time.process_time()
    for _ in range(a.passes):
        for p in SAMPLES:
            parse(p)
    total = time.process_time() - t
    size = sum(p.stat().st_size for p in SAMPLES)
    print(f"{a.passes} passes over {len(SAMPLES)} samples ({size / 1e3:.0f} kB): "
          f"{total / a.passes * 1000:.1f} ms a pass (CPU)")
    print(f"{'stage':18s} {'share':>6s} {'ms/pass':>8s}")
    for label in dict.fromkeys(label for label, _, _ in STAGES):
        print(f"{label:18s} {spent[label] / total:6.1%} {spent[label] / a.passes * 1000:8.2f}")
    rest = total - sum(spent.values())
    print(f"{'rest (Document…)':18s} {rest / total:6.1%} {rest / a.passes * 1000:8.2f}")
    if a.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        for p in SAMPLES:
            parse(p)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(a.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
