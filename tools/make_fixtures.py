"""Write DOCX and PDF versions of the text samples: ``make fixtures``.

For every ``samples/*.txt`` this writes ``samples/docx/<stem>.docx`` with python-docx and then
``samples/pdf/<stem>.pdf`` from it with LibreOffice (``soffice --headless --convert-to pdf``;
Debian: libreoffice-writer-nogui, fonts-noto-cjk). The generated files are committed, so the
tests need neither LibreOffice nor this script.

The DOCX is laid out the way government offices write notices: A4 with the GB/T 9704 margins,
titles centred, body paragraphs with a two-character first-line indent, the signature right-
aligned, and a page number in the footer (each sample a different style: "— 3 —", "－3－",
"- 3 -", "第3页 共10页"; one sample also has a running header). The paragraphs are the lines
of the text sample as policyparse normalizes it (site chrome and Markdown marks already gone).
Two samples number their outline with Word's automatic numbering (numbering.xml) instead of
typed labels, one directly on the paragraphs and one through the heading styles; a table
flattened to text with ``|`` between cells (the annex of sample 003) becomes a real table with
vertically merged section cells and a header row that repeats on every page.

Run: ``.venv/bin/python tools/make_fixtures.py [--docx-only] [STEM ...]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

import policyparse
from policyparse.models import Document, Section

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FONT = "Noto Sans CJK SC"

# writes one table, given as its ``|`` lines, into a document
TableWriter = Callable[[Any, list[str]], None]

# per sample (by its number): footer page-number style, running header, automatic numbering
FOOTERS = ["— {PAGE} —", "－{PAGE}－", "- {PAGE} -", "第{PAGE}页 共{NUMPAGES}页", "— {PAGE} —"]
RUNNING_HEADER = {4}
AUTO_NUMBERING = {0: "direct", 2: "styles"}

LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


# --- low-level XML helpers -------------------------------------------------------------------


def _el(tag: str, **attrs: str) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _set_font(run_or_style_rpr_owner, size: float | None = None, bold: bool = False) -> None:
    font = run_or_style_rpr_owner.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    font.bold = bold
    rpr = run_or_style_rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for k in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{k}"), FONT)


def _add_field(paragraph: Paragraph, instr: str) -> None:
    fld = _el("w:fldSimple", instr=instr)
    r = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _page_text(paragraph: Paragraph, template: str) -> None:
    for part in re.split(r"(\{PAGE\}|\{NUMPAGES\})", template):
        if part == "{PAGE}":
            _add_field(paragraph, " PAGE ")
        elif part == "{NUMPAGES}":
            _add_field(paragraph, " NUMPAGES ")
        elif part:
            _set_font(paragraph.add_run(part), 14)


# --- automatic numbering ---------------------------------------------------------------------

# (numFmt, lvlText) for the outline levels 1-3
LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def _add_list(doc, levels: list[tuple[str, str]], styles: dict[int, str]) -> int:
    """Add an abstractNum and a num over it; return the numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    aid = max(abstract_ids, default=0) + 1
    nid = max(num_ids, default=0) + 1
    absn = _el("w:abstractNum", abstractNumId=str(aid))
    absn.append(_el("w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel"))
    for i, (fmt, text) in enumerate(levels):
        lvl = _el("w:lvl", ilvl=str(i))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=fmt))
        if i in styles:
            lvl.append(_el("w:pStyle", val=styles[i]))
        lvl.append(_el("w:suff", val="nothing"))
        lvl.append(_el("w:lvlText", val=text))
        lvl.append(_el("w:lvlJc", val="left"))
        absn.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    num = _el("w:num", numId=str(nid))
    num.append(_el("w:abstractNumId", val=str(aid)))
    numbering.append(num)
    return nid


def _add_numbering(doc, run_on: set[int], styles: dict[int, str]) -> dict[int, tuple[int, int]]:
    """Lists for the outline levels: outline level → (numId, ilvl).

    The levels whose numbers run on across their parents get a list of their own (Word users
    do the same; LibreOffice ignores ``w:lvlRestart``), the others share one multi-level list.
    """
    out: dict[int, tuple[int, int]] = {}
    shared = [i for i in range(len(LEVELS)) if i + 1 not in run_on]
    nid = _add_list(doc, [LEVELS[i] for i in shared],
                    {k: styles[i] for k, i in enumerate(shared) if i in styles})
    for k, i in enumerate(shared):
        out[i + 1] = (nid, k)
    for level in sorted(run_on):
        fmt, text = LEVELS[level - 1]
        own = _add_list(doc, [(fmt, re.sub(r"%\d", "%1", text))],
                        {0: styles[level - 1]} if level - 1 in styles else {})
        out[level] = (own, 0)
    return out


def _set_numpr(ppr, num_id: int, ilvl: int) -> None:
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=str(ilvl)))
    numpr.append(_el("w:numId", val=str(num_id)))
    ppr.append(numpr)


def _run_on(sections: list[Section]) -> set[int]:
    """The outline levels whose numbers run on across their parents."""
    out: set[int] = set()
    flat = _flat(sections)
    for level in (2, 3):
        prev_parent = None
        prev_num = 0
        for s, parent in flat:
            if s.level != level or s.label is None:
                continue
            n = _number(s.label)
            if parent is not prev_parent and prev_parent is not None and n == prev_num + 1:
                out.add(level)
            prev_parent, prev_num = parent, n
    return out


def _flat(sections: list[Section], parent: Section | None = None
          ) -> list[tuple[Section, Section | None]]:
    out = []
    for s in sections:
        out.append((s, parent))
        out.extend(_flat(s.children, s))
    return out


def _number(label: str) -> int:
    from policyparse.outline import label_number

    return label_number(label.strip("（）")) or 0


# --- the annex table ---------------------------------------------------------------------------


@dataclass
class Row:
    level1: str
    level2: str
    number: str
    task: str
    units: str


def _table_rows(lines: list[str]) -> tuple[list[str], list[Row]]:
    """The header and the task rows of a task table flattened to ``|`` lines."""
    header: list[str] = []
    rows: list[Row] = []
    cur1 = cur2 = ""
    pending1 = ""
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        cells = [c for c in cells if c]
        if not cells:
            continue
        if not any(c.isdigit() for c in cells):
            if len(cells) == 1 and LEVEL1.match(cells[0]):
                pending1 = cells[0]  # a level-1 cell wrapped onto a line of its own
            elif not header:
                header = cells
            continue
        if pending1:
            cur1, pending1 = pending1, ""
        i = 0
        if LEVEL1.match(cells[i]):
            cur1 = cells[i]
            i += 1
        if LEVEL2.match(cells[i]):
            cur2 = cells[i]
            i += 1
        number, task, units = cells[i], cells[i + 1], cells[i + 2] if i + 2 < len(cells) else ""
        rows.append(Row(cur1, cur2, number, task, units))
    return header, rows


def _write_table(doc, header: list[str], rows: list[Row]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(28), Mm(30), Mm(12), Mm(68), Mm(32)]
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_el("w:cantSplit"))
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    head = table.cell(0, 0).merge(table.cell(0, 3))
    _cell_text(head, header[0] if header else "重点任务", bold=True, center=True)
    _cell_text(table.cell(0, 4), header[1] if len(header) > 1 else "责任单位", bold=True,
               center=True)
    for i, r in enumerate(rows, start=1):
        _cell_text(table.cell(i, 2), r.number, center=True)
        _cell_text(table.cell(i, 3), r.task)
        _cell_text(table.cell(i, 4), r.units)
    for col, key in ((0, "level1"), (1, "level2")):
        start = 1
        for i in range(1, len(rows) + 2):
            if i == len(rows) + 1 or getattr(rows[i - 1], key) != getattr(rows[start - 1], key):
                cell = table.cell(start, col)
                if i - 1 > start:
                    cell = cell.merge(table.cell(i - 1, col))
                _cell_text(cell, getattr(rows[start - 1], key))
                start = i


def _cell_text(cell, text: str, bold: bool = False, center: bool = False) -> None:
    p = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(15)
    p.paragraph_format.first_line_indent = Pt(0)
    _set_font(p.add_run(text), 10.5, bold)


# --- the document ------------------------------------------------------------------------------


def notice_document(footer: str, header: str | None = None, *, line_spacing: float = 26,
                    footer_distance: float | None = None) -> Any:
    """An empty A4 document with the GB/T 9704 margins, 15 pt body text, a page number in the
    footer (*footer*: "— {PAGE} —" …) and, from the second page, a running *header*."""
    doc = new_docx()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    if footer_distance is not None:
        sec.footer_distance = Mm(footer_distance)
    normal = doc.styles["Normal"]
    _set_font(normal, 15)
    normal.paragraph_format.line_spacing = Pt(line_spacing)
    normal.paragraph_format.space_after = Pt(0)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_text(fp, footer)
    if header:
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(hp.add_run(header), 10.5)
        ffp = sec.first_page_footer.paragraphs[0]
        ffp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_text(ffp, footer)
    return doc


def build_docx(sample: Path, out: Path, table: TableWriter | None = None) -> None:
    """Write *sample* (a text file named ``NNN_….txt``: NNN picks the footer style) as a DOCX.

    *table* writes each table flattened to ``|`` lines; by default the task table of sample
    003 (section cells, number, task, units), merged down."""
    write_table = table or (lambda doc, lines: _write_table(doc, *_table_rows(lines)))
    n = int(sample.name[:3])
    parsed: Document = policyparse.parse(sample)
    text = parsed.text
    meta = parsed.meta
    sections = {s.span[0]: s for s in parsed.sections() if s.label is not None}
    titles = [t for t in (meta.title, meta.notice_title) if t]

    header = meta.title if n in RUNNING_HEADER and meta.title else None
    doc = notice_document(FOOTERS[n % len(FOOTERS)], header, line_spacing=26, footer_distance=20)

    mode = AUTO_NUMBERING.get(n)
    lists: dict[int, tuple[int, int]] = {}
    if mode == "direct":
        lists = _add_numbering(doc, _run_on(parsed.outline), {})
    elif mode == "styles":
        styles = {0: "Heading1", 1: "Heading2", 2: "Heading3"}
        lists = _add_numbering(doc, _run_on(parsed.outline), styles)
        for ilvl in styles:
            st = doc.styles[f"Heading {ilvl + 1}"]
            _set_font(st, 15, bold=ilvl == 0)
            st.font.color.rgb = None
            st.paragraph_format.first_line_indent = Pt(30)
            st.paragraph_format.space_before = Pt(0)
            st.paragraph_format.space_after = Pt(0)
            _set_numpr(st.element.get_or_add_pPr(), *lists[ilvl + 1])

    lines = text.split("\n")
    pos = 0
    body_started = False
    table_lines: list[str] = []
    for k, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        is_row = line.count("|") >= 2
        wrapped_cell = bool(table_lines) and k + 1 < len(lines) and lines[k + 1].count("|") >= 2
        if is_row or wrapped_cell:
            table_lines.append(line)
            continue
        if table_lines:
            write_table(doc, table_lines)
            table_lines = []
        s = sections.get(start)
        body_started = body_started or s is not None
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        content = line
        if s is not None and mode and s.level <= 3 and s.marker:
            content = line[len(s.marker):].lstrip()
            if mode == "direct":
                _set_numpr(p._p.get_or_add_pPr(), *lists[s.level])
            else:
                p.style = doc.styles[f"Heading {s.level}"]
        if not body_started and any(line in t for t in titles) and len(line) >= 4:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(content), 20, bold=True)
            continue
        signature = line == meta.issuer or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line)
        if not body_started and signature:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(60)
        elif not body_started and line == meta.doc_number:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("附件") and len(line) <= 6:
            pass
        elif body_started and lines and any(line == t for t in titles):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if p.style.name.startswith("Heading"):
                pass
            elif not (not body_started and line.endswith(("：", ":"))):
                fmt.first_line_indent = Pt(30)
        bold = s is not None and s.level == 1 and not mode
        _set_font(p.add_run(content), 15, bold=bold)
    if table_lines:
        write_table(doc, table_lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))


def to_pdf(docx: Path, outdir: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("make_fixtures: LibreOffice not found (apt-get install libreoffice-writer-nogui "
                 "fonts-noto-cjk)")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    return outdir / (docx.stem + ".pdf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("stems", nargs="*", help="only these samples (file stems)")
    ap.add_argument("--docx-only", action="store_true")
    a = ap.parse_args(argv)
    for sample in sorted(SAMPLES.glob("*.txt")):
        if a.stems and sample.stem not in a.stems:
            continue
        docx = SAMPLES / "docx" / (sample.stem + ".docx")
        build_docx(sample, docx)
        print(f"wrote {docx.relative_to(ROOT)}")
        if not a.docx_only:
            pdf = to_pdf(docx, SAMPLES / "pdf")
            print(f"wrote {pdf.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
