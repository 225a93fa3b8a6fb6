"""Build corpus11: notices written directly as Word documents (some converted to PDF).

Run: ``.venv/bin/python tests/data/corpus11/build.py`` (LibreOffice for the PDFs). Each notice is
a list of blocks; the layout follows GB/T 9704 (red organ line, centred 文号 and title, 主送 line,
indented body, bold 一、 headings, right-aligned signature, "— N —" footers). Two notices number
（一）/1. with Word automatic numbering; the annex tables are real tables with a repeated header
row and vertically merged section cells. Only the file named by the gold is kept.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))
from tools.make_fixtures import (  # noqa: E402
    _add_list,
    _cell_text,
    _el,
    _set_font,
    _set_numpr,
    notice_document,
    to_pdf,
)

B = tuple  # a block: (kind, text, ...)


def build(blocks: list[B], out: Path, header: str | None = None) -> None:
    doc = notice_document("— {PAGE} —", header, line_spacing=28)
    lists: tuple[int, int] | None = None
    for b in blocks:
        kind, text = b[0], b[1] if len(b) > 1 else ""
        if kind == "table":
            table(doc, b[1], b[2])
            continue
        p = doc.add_paragraph()
        f = p.paragraph_format
        if kind == "red":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(text)
            _set_font(r, 26, bold=True)
            r.font.color.rgb = RGBColor(0xE0, 0, 0)
            f.space_after = Pt(24)
        elif kind == "docno":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(text), 15)
            f.space_after = Pt(18)
        elif kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(text), 20, bold=True)
        elif kind == "to":
            _set_font(p.add_run(text), 15)
        elif kind == "sig":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            f.right_indent = Pt(45)
            _set_font(p.add_run(text), 15)
        elif kind == "break":
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "annex":
            _set_font(p.add_run(text), 15, bold=True)
        elif kind == "h1":
            f.first_line_indent = Pt(30)
            _set_font(p.add_run(text), 15, bold=True)
            lists = None
        elif kind in ("n2", "n3"):  # Word automatic numbering, a fresh list under each 一、
            if lists is None:
                lists = (_add_list(doc, [("chineseCounting", "（%1）"), ("decimal", "%2.")], {}), 0)
            _set_numpr(p._p.get_or_add_pPr(), lists[0], 0 if kind == "n2" else 1)
            f.first_line_indent = Pt(30)
            _set_font(p.add_run(text), 15)
        else:  # "p": a body paragraph
            f.first_line_indent = Pt(30)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _set_font(p.add_run(text), 15)
    doc.save(str(out))


def table(doc, head: list[str], rows: list[list[str]]) -> None:
    """Columns: section (merged down), number, task, 责任单位, 完成时限."""
    t = doc.add_table(rows=1 + len(rows), cols=len(head))
    t.style = doc.styles["Table Grid"]
    widths = [Mm(26), Mm(10), Mm(62), Mm(36), Mm(22)]
    t.autofit = False
    for row in t.rows:
        row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
    t.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    for j, h in enumerate(head):
        _cell_text(t.cell(0, j), h, bold=True, center=True)
    for i, r in enumerate(rows, start=1):
        for j in range(1, len(head)):
            _cell_text(t.cell(i, j), r[j], center=j in (1, 4))
    start = 1
    for i in range(1, len(rows) + 2):
        if i == len(rows) + 1 or rows[i - 1][0]:
            if i > 1:
                cell = t.cell(start, 0)
                if i - 1 > start:
                    cell = cell.merge(t.cell(i - 1, 0))
                _cell_text(cell, rows[start - 1][0])
            start = i


from notices import NOTICES  # noqa: E402  (the texts, in notices.py next to this file)


def main() -> int:
    for name, blocks, header in NOTICES:
        if name.endswith(".pdf"):
            with tempfile.TemporaryDirectory() as tmp:
                docx = Path(tmp) / (Path(name).stem + ".docx")
                build(blocks, docx, header)
                to_pdf(docx, HERE)
        else:
            build(blocks, HERE / name, header)
        print("wrote", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
