"""Render an evaluation corpus as DOCX and PDF and score each format against its gold answers.

The text versions of a corpus are what its gold answers were written for; the same notices as
DOCX and PDF should give the same answers. For each notice this writes, into OUT, the notice as
policyparse normalizes it (``NNN_<stem>.txt``), a DOCX laid out like a government notice (see
``make_fixtures.py``; every table flattened to ``|`` lines becomes a real table, cell for cell,
with the lines that continue a row merged into it), and a PDF of that DOCX (LibreOffice). Then
it parses all three and prints, per format, the scores of ``tests.quality`` and every notice
whose DOCX or PDF scores differ from its text.

A difference is a lead, not a verdict: the DOCX is built from the parser's own reading of the
text (its outline decides which paragraphs are headings), so what it checks is that the DOCX
and PDF loaders give back what the text gave.

Run: ``.venv/bin/python tools/corpus_formats.py tests/data/corpus3 [--out DIR]`` (needs
LibreOffice and fonts-noto-cjk, like ``make fixtures``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import make_fixtures as mf  # noqa: E402
from tests.quality import KEYS, f1, score_doc  # noqa: E402

import policyparse  # noqa: E402

FORMATS = ("txt", "docx", "pdf")
_ROW_NUMBER = re.compile(r"\d{1,3}")


def cells_of(line: str, bordered: bool) -> list[str]:
    """The cells of a ``|`` line; in a *bordered* table (``| a | b |``) the pipes at the ends
    of a line are its borders, else a pipe at an end stands beside an empty cell.

    >>> cells_of("| 1 | 推进改造 | 市工信局 |", True), cells_of("| |设施| |政府|", False)
    (['1', '推进改造', '市工信局'], ['', '', '设施', '', '政府', ''])
    """
    parts = line.strip().split("|")
    if bordered:
        parts = parts[1:] if parts and not parts[0].strip() else parts
        parts = parts[:-1] if parts and not parts[-1].strip() else parts
    return [p.strip() for p in parts]


def grid_of(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a table flattened to ``|`` lines: a repeated header is dropped,
    and a line with no row number whose first cell is empty goes on the row above, cell by cell.
    Whether the lines have borders, the header line tells.
    """
    header: list[str] = []
    rows: list[list[str]] = []
    bordered = bool(lines) and lines[0].strip().startswith("|")
    for line in lines:
        cells = cells_of(line, bordered)
        if not any(cells):
            continue
        if not header:
            header = cells
            continue
        if cells == header:
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        if rows and not cells[0] and not any(_ROW_NUMBER.fullmatch(c) for c in cells):
            rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]
            continue
        rows.append(cells)
    return header, rows


def write_grid(doc: Any, lines: list[str]) -> None:
    """A table cell for cell, the header row repeated on every page."""
    header, rows = grid_of(lines)
    if not header:
        return
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    for j, text in enumerate(header):
        mf._cell_text(table.cell(0, j), text, bold=True, center=True)
    table.rows[0]._tr.get_or_add_trPr().append(mf._el("w:tblHeader"))
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            mf._cell_text(table.cell(i, j), text)


def render(corpus: Path, out: Path) -> list[tuple[dict[str, Any], dict[str, Path]]]:
    """Each notice's gold answers and its file in each format."""
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for i, gpath in enumerate(sorted((corpus / "gold").glob("*.json"))):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        src = corpus / gold["file"]
        txt = out / f"{i:03d}_{src.stem}.txt"
        txt.write_text(policyparse.parse(src).text, encoding="utf-8")
        docx = txt.with_suffix(".docx")
        mf.build_docx(txt, docx, table=write_grid)
        pdf = mf.to_pdf(docx, out)
        done.append((gold, {"txt": src, "docx": docx, "pdf": pdf}))
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a corpus folder with a gold/ folder")
    ap.add_argument("--out", type=Path,
                    help="where to write the files (default: a temporary folder)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = render(a.corpus, a.out or Path(tmp))
        totals = {fmt: {k: [0, 0, 0] for k in KEYS} for fmt in FORMATS}
        for gold, paths in files:
            scores = {}
            for fmt in FORMATS:
                try:
                    doc = policyparse.parse(paths[fmt]).model_dump(mode="json")
                    scores[fmt] = score_doc(gold, doc)
                except policyparse.PolicyParseError as exc:
                    print(f"{paths[fmt].name}: {exc}")
                    continue
                for k, counts in scores[fmt].items():
                    totals[fmt][k] = [x + y for x, y in zip(totals[fmt][k], counts, strict=True)]
            for fmt in ("docx", "pdf"):
                if fmt in scores and "txt" in scores and scores[fmt] != scores["txt"]:
                    diff = {k: (scores["txt"][k], v) for k, v in scores[fmt].items()
                            if v != scores["txt"][k]}
                    print(f"{fmt:4} {gold['file']}: (matched, gold, output) text → {fmt}: {diff}")
        for fmt in FORMATS:
            t = totals[fmt]
            meta = t["meta"][0] / t["meta"][1] if t["meta"][1] else 1.0
            print(fmt.ljust(4), f"meta {meta:.3f}",
                  " ".join(f"{k} {f1(*t[k]):.3f}" for k in KEYS if k != "meta"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
