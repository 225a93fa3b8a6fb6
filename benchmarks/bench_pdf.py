"""PDF throughput in pages per second: policyparse beside bare pdfplumber and bare pypdfium2.

All on the same files (samples/pdf, or the PDFs given), in one run:

- bare pypdfium2:  ``get_text_range()`` of every page (the text layer, uncleaned)
- bare pdfplumber: ``extract_text()`` of every page (uncleaned)
- policyparse loader: ``load_pdf`` (PDFium text, glyph boxes and rules; pdfplumber's table
  geometry on the rules; lines, furniture, paragraphs, tables)
- policyparse loader, ``engine="pdfplumber"``: pdfplumber on every page, same cleaning
- policyparse.parse(): the loader and the whole pipeline after it

Goal (issue 4): the loader faster than bare pdfplumber.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_pdf.py [--seconds S] [PDF ...]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    n = 0
    for page in doc:
        n += len(page.get_textpage().get_text_range())
    doc.close()
    return n


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def loader(path: Path) -> int:
    from policyparse.loaders.pdf import load_pdf

    return len(load_pdf(path, path.read_bytes()).text)


def loader_pdfplumber(path: Path) -> int:
    from policyparse.loaders.pdf import load_pdf

    return len(load_pdf(path, path.read_bytes(), engine="pdfplumber").text)


def pipeline(path: Path) -> int:
    import policyparse

    return len(policyparse.parse(path).text)


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def rate(fn: Callable[[Path], int], files: list[Path], pages: int, seconds: float) -> float:
    for f in files:  # warm-up: imports, pattern compilation, file cache
        fn(f)
    done = 0
    start = time.perf_counter()
    while True:
        for f in files:
            fn(f)
        done += pages
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    a = ap.parse_args()
    files = a.pdfs or sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
    if not files:
        print("no PDF files")
        return 1
    pages = sum(pages_of(f) for f in files)
    print(f"PDFs: {len(files)} files, {pages} pages")
    rows = [
        ("bare pypdfium2 get_text_range", bare_pdfium),
        ("bare pdfplumber extract_text", bare_pdfplumber),
        ("policyparse PDF loader", loader),
        ("policyparse loader, pdfplumber engine", loader_pdfplumber),
        ("policyparse.parse() (loader + pipeline)", pipeline),
    ]
    results = {name: rate(fn, files, pages, a.seconds) for name, fn in rows}
    plumber = results["bare pdfplumber extract_text"]
    for name, r in results.items():
        print(f"{name:42} {r:9.1f} pages/s  ({r / plumber:5.2f}x bare pdfplumber)")
    ok = results["policyparse PDF loader"] > plumber
    print(f"goal: loader faster than bare pdfplumber: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
