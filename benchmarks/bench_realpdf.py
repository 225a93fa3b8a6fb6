"""Real-PDF throughput in pages per second: policyparse.parse() beside bare pypdfium2 and bare
pdfplumber, on the same files, in the same run.

The files are PDFs as publishers made them (Word, WPS, scanners), kept outside the project:
``make bench REAL_PDFS=folder`` (default ``../shared/real/docs``); without the folder the
benchmark says so and is skipped. Every ``--every``-th file of the folder is read, so the
three readers see exactly the same pages.

- bare pypdfium2:  ``get_text_range()`` of every page (the text layer, uncleaned)
- bare pdfplumber: ``extract_text()`` of every page (uncleaned)
- policyparse.parse(): the loader and the whole pipeline after it

Each is timed ``--rounds`` times, the rounds interleaved (the machine is shared: a slow
moment hits all three), and the median round is reported.
Goal (issue 10): parse() at least 0.25 of bare pypdfium2 and at least 4x bare pdfplumber.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_realpdf.py [FOLDER] [--every N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_pdf import pages_of  # a sibling script: benchmarks/ is on the path

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "real" / "docs"


def bare_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        n = 0
        for page in doc:
            n += len(page.get_textpage().get_text_range())
        return n
    finally:
        doc.close()


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def pipeline(path: Path) -> int:
    import policyparse

    try:
        return len(policyparse.parse(path).text)
    except policyparse.PolicyParseError:
        return 0  # a scanned PDF: refused, as fast as it can be


def timed(fn: Callable[[Path], int], files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        fn(f)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--every", type=int, default=5, help="read every N-th PDF of the folder")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of each reader")
    a = ap.parse_args()
    if not a.folder.is_dir():
        print(f"bench_realpdf: no folder {a.folder}: skipped (set REAL_PDFS=folder)")
        return 0
    files = sorted(p for p in a.folder.iterdir() if p.suffix.lower() == ".pdf")[::a.every]
    if not files:
        print(f"bench_realpdf: no PDF in {a.folder}: skipped")
        return 0
    pages = sum(pages_of(f) for f in files)
    print(f"real PDFs: {len(files)} files of {a.folder}, {pages} pages, "
          f"median of {a.rounds} rounds")
    readers: dict[str, Callable[[Path], int]] = {
        "bare pypdfium2 get_text_range": bare_pdfium,
        "bare pdfplumber extract_text": bare_pdfplumber,
        "policyparse.parse()": pipeline,
    }
    for fn in readers.values():  # warm-up: imports, pattern compilation, file cache
        fn(files[0])
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(a.rounds):
        for name, fn in readers.items():
            times[name].append(timed(fn, files))
    rate = {name: pages / statistics.median(ts) for name, ts in times.items()}
    pdfium, plumber = rate["bare pypdfium2 get_text_range"], rate["bare pdfplumber extract_text"]
    for name, r in rate.items():
        print(f"{name:32} {r:8.1f} pages/s  ({r / pdfium:5.2f}x pypdfium2, "
              f"{r / plumber:5.2f}x pdfplumber)")
    ours = rate["policyparse.parse()"]
    print(f"goal: parse() >= 0.25x bare pypdfium2: {'met' if ours >= 0.25 * pdfium else 'NOT met'}"
          f"; >= 4x bare pdfplumber: {'met' if ours >= 4 * plumber else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
