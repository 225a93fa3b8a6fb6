"""The PDF loader: the committed fixtures (samples/pdf, made by `make fixtures` from the text
samples through DOCX and LibreOffice) and small PDFs written by tests/loaders/pdfgen.py."""

from __future__ import annotations

import io
import itertools
import json
import re
from functools import cache
from pathlib import Path

import pytest

import policyparse
from policyparse.errors import CorruptInput, EmptyInput, EncryptedInput, NoTextLayer
from policyparse.loaders import load
from policyparse.loaders.pdf import load_pdf
from policyparse.normalize import normalize
from policyparse.pipeline import _map_table
from tests.conftest import GOLD, SAMPLES, parsed
from tests.loaders.pdfgen import Page, build

PDFS = SAMPLES / "pdf"
ANNEX = "003_8b4a3d81d2f02a82"


def outline_of(doc):
    return [(s.level, s.label, s.heading, s.path) for s in doc.sections()]


@cache
def parsed_pdf(stem: str):
    return policyparse.parse(PDFS / f"{stem}.pdf")


# --- the fixtures: the same Document as the text ----------------------------------------------


def test_every_text_sample_has_a_pdf(sample):
    assert (PDFS / f"{Path(sample).stem}.pdf").is_file()


def test_pdf_gives_the_outline_and_meta_of_the_text(sample):
    doc = parsed_pdf(Path(sample).stem)
    assert doc.source.format == "pdf"
    assert outline_of(doc) == outline_of(parsed(sample))
    assert doc.meta == parsed(sample).meta
    assert not doc.warnings or all(w.code == "numbering" for w in doc.warnings)


def test_pdf_text_holds_no_page_furniture(sample):
    text = parsed_pdf(Path(sample).stem).text
    assert not re.search(r"^(?:[-－—]\s*\d+\s*[-－—]|第\d+页\s*共\d+页)$", text, re.M)
    assert not re.search(r"[-－—]\s*\d+\s*[-－—]|第\d+页共\d+页", text)


def test_pdf_paragraphs_are_the_text_paragraphs(sample):
    """Wrapped lines and paragraphs cut by a page break are joined back: every paragraph of the
    text sample outside the annex table is a paragraph of the PDF's text."""
    txt = parsed(sample).text.split("\n")
    pdf = set(parsed_pdf(Path(sample).stem).text.split("\n"))
    fold = str.maketrans("（）", "()")  # automatic numbering writes full-width labels
    pdf_folded = {p.translate(fold) for p in pdf}
    body = [p for p in txt if "|" not in p and len(p) > 30]
    missing = [p for p in body if p not in pdf and p.translate(fold) not in pdf_folded]
    assert not missing, missing[:3]


def test_page_starts_are_one_per_page_and_in_order(sample):
    doc = parsed_pdf(Path(sample).stem)
    starts = doc.source.page_starts
    assert starts is not None and len(starts) == doc.source.pages
    assert starts == sorted(starts) and starts[0] == 0 and starts[-1] < len(doc.text)


def test_the_page_of_a_heading():
    """The page of a heading is the page the PDF shows it on (found here with PDFium's own
    text search, independently of the loader)."""
    import pypdfium2 as pdfium

    doc = parsed_pdf("004_9e41d0a2607aace1")
    pdf = pdfium.PdfDocument(PDFS / "004_9e41d0a2607aace1.pdf")
    checked = 0
    for s in doc.sections():
        if s.level != 1:
            continue
        needle = f"{s.marker}{s.heading}"
        shown = [i + 1 for i in range(len(pdf))
                 if needle in pdf[i].get_textpage().get_text_range().replace("\r\n", "")]
        assert len(shown) == 1, needle
        assert doc.page_of(s.span[0]) == shown[0], needle
        assert doc.page_of(s.heading_span[0]) == shown[0]
        checked += 1
    assert checked >= 5
    assert {doc.page_of(s.span[0]) for s in doc.sections()} != {1}


def test_page_of_a_paragraph_cut_by_a_page_break():
    head = "为深入贯彻落实有关部署要求，加快建立健全绿色低碳循环发展经济体系，现就有关工作通知如下"
    tail = "请各单位认真贯彻执行。"
    p1, p2 = Page(), Page()
    y = 760.0
    for _ in range(30):  # a page of full lines; the last one is cut by the page break
        p1.text(80, y, head[:28])
        y -= 24
    p1.text(280, 40, "－1－")
    p2.text(80, 760, tail[:10]).text(280, 40, "－2－")
    doc = policyparse.parse(_write(build([p1, p2])))
    assert "－" not in doc.text
    assert doc.text.endswith(head[:28] + tail[:10])
    start = doc.text.index(tail[:10])
    assert doc.page_of(start - 1) == 1 and doc.page_of(start) == 2
    assert doc.source.pages == 2


# --- the annex table -----------------------------------------------------------------------------


@cache
def annex_table():
    loaded = load(PDFS / f"{ANNEX}.pdf")
    assert len(loaded.tables) == 1, "the annex runs over 13 pages and is joined into one table"
    return loaded, loaded.tables[0]


def test_annex_gives_all_task_rows_with_numbers_and_units():
    _, table = annex_table()
    gold = json.loads((GOLD / f"{ANNEX}.json").read_text(encoding="utf-8"))["table_rows"]
    header, *rows = table.rows
    assert [c.text for c in header] == ["重点任务"] * 4 + ["责任单位"]
    assert [r[2].text for r in rows] == [str(g["no"]) for g in gold] == [
        str(i) for i in range(1, 110)]
    for row, g in zip(rows, gold, strict=True):
        units = [u.strip() for u in re.split(r"[、,，]", row[4].text)]
        assert units == g["units"], row[2].text
        assert row[0].text and row[1].text, f"section cells carried down to row {row[2].text}"
    assert table.page == 12


def test_annex_cells_point_into_the_text_before_and_after_normalizing():
    loaded, table = annex_table()
    mapped = normalize(loaded.text)
    for row in table.rows:
        for cell in row:
            assert loaded.text[cell.start:cell.end] == cell.text
    norm = _map_table(mapped, table)
    for row in norm.rows:
        for cell in row:
            assert mapped.text[cell.start:cell.end] == cell.text
    # merged cells carried down point at their first occurrence
    assert table.rows[1][0].start == table.rows[2][0].start
    assert table.rows[1][1].text == "(一)推进工业绿色升级"


def test_annex_section_labels_follow_the_body():
    _, table = annex_table()
    level2 = [r[1].text for r in table.rows[1:]]
    labels = list(dict.fromkeys(re.match(r"\(([一二三四五六七八九十]+)\)", t).group(1)
                                for t in level2))
    body = [s.label for s in parsed(f"{ANNEX}.txt").sections() if s.level == 2]
    # every level-2 item of the body has its rows, but the last section (保障措施)
    assert [f"（{x}）" for x in labels] == body[: len(labels)]
    assert len(labels) == 23


# --- the two engines ----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["000_b13d9c5abc88dd4a", ANNEX])
def test_pdfplumber_engine_reads_the_same_text(stem):
    path = PDFS / f"{stem}.pdf"
    data = path.read_bytes()
    fast, slow = load_pdf(path, data), load_pdf(path, data, engine="pdfplumber")
    assert fast.text == slow.text
    assert fast.page_starts == slow.page_starts
    assert [[c.text for c in r] for t in fast.tables for r in t.rows] == \
        [[c.text for c in r] for t in slow.tables for r in t.rows]


# --- small PDFs: the text layer's quirks ----------------------------------------------------------


def _write(data: bytes, name: str = "notice.pdf") -> Path:
    import tempfile

    d = Path(tempfile.mkdtemp())
    p = d / name
    p.write_bytes(data)
    return p


def _body_page(lines: list[tuple[float, str]], footer: str | None = None,
               header: str | None = None) -> Page:
    page = Page()
    y = 760.0
    for x, s in lines:
        page.text(x, y, s)
        y -= 26
    if footer:
        page.text(270, 40, footer)
    if header:
        page.text(200, 805, header, size=10.5)
    return page


FULL = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八"  # 28 characters: a full line


def test_fake_bold_characters_are_dropped():
    page = Page()
    for dx in (0.0, 0.3, 0.6):  # a heading "bolded" by printing it three times, a hair apart
        page.text(110 + dx, 760, "一、总体要求")
    page.text(110, 734, "（一）指导思想。坚持节能优先。")
    doc = policyparse.parse(_write(build([page])))
    assert [s.heading for s in doc.sections()] == ["总体要求", "指导思想"]


def test_spaces_between_chinese_characters_are_dropped():
    page = Page().text(80, 760, "（责任单位：省交通").text(250, 760, "运输厅、省财政厅）")
    page.text(80, 734, "到", spacing=0).latin(96, 734, "2025").text(130, 734, "年达到")
    doc = policyparse.parse(_write(build([page])))
    assert "省交通运输厅、省财政厅" in doc.text
    assert "到2025年达到" in doc.text


@pytest.mark.parametrize("footer", ["— 3 —", "－3－", "- 3 -", "第3页 共10页", "3"])
def test_page_number_inside_a_unit_list_is_dropped(footer):
    unit_line = "加快推进绿色低碳循环发展。（责任单位：市发展改革委、市工"
    p1 = _body_page([(110, "（一）推进工业绿色升级。" + FULL[:14])]
                    + [(80, FULL)] * 27 + [(80, unit_line)], footer=footer)
    p2 = _body_page([(80, "信局、市财政局按职责分工负责）"), (110, "（二）加快农业绿色发展。")],
                    footer=footer.replace("3", "4"))
    doc = policyparse.parse(_write(build([p1, p2])))
    assert "市发展改革委、市工信局、市财政局按职责分工负责）" in doc.text
    assert [s.label for s in doc.sections()] == ["（一）", "（二）"]
    assert "3" not in doc.text and "4" not in doc.text


def test_running_header_goes_but_the_same_title_in_the_body_stays():
    title = "某市绿色低碳循环发展规划"
    pages = [_body_page([(200, title), (110, "一、总体要求")], footer="— 1 —")]
    for n in range(2, 5):
        pages.append(_body_page([(110, f"{'二三四'[n - 2]}、第{n}部分")], footer=f"— {n} —",
                                header=title))
    doc = policyparse.parse(_write(build(pages)))
    assert doc.text.count(title) == 1
    assert doc.meta.title == title
    assert [s.label for s in doc.sections()] == ["一", "二", "三", "四"]


def test_indented_line_starts_a_paragraph_and_a_running_line_continues_it():
    p = _body_page([(110, "（一）指导思想。" + FULL[:18]), (80, FULL), (80, "完。"),
                    (110, "（二）基本原则。坚持节约优先。")])
    text = load(_write(build([p]))).text
    assert text.split("\n") == ["（一）指导思想。" + FULL[:18] + FULL + "完。",
                                "（二）基本原则。坚持节约优先。"]


@pytest.mark.parametrize("drawn", ["lines", "boxes"])
def test_ruled_table_is_read_as_a_grid(drawn):
    """Rulings drawn as single strokes are read with PDFium; cells drawn as boxes send the page
    to pdfplumber. Either way the same grid."""
    page = Page().text(80, 780, "附件：重点任务分工")
    xs, ys = [80, 130, 400, 515], [760, 730, 700, 670]
    if drawn == "lines":
        for x in xs:
            page.line(x, ys[0], x, ys[-1])
        for y in ys:
            page.line(xs[0], y, xs[-1], y)
    else:
        for x0, x1 in itertools.pairwise(xs):
            for y0, y1 in itertools.pairwise(ys):
                page.rect(x0, y1, x1 - x0, y0 - y1)
    rows = [("序号", "重点任务", "责任单位"), ("1", "推进工业绿色升级", "市工信局"),
            ("2", "加快农业绿色发展", "市农业农村局")]
    for (a, b, c), y in zip(rows, ys, strict=False):
        page.text(90, y - 20, a, size=10.5).text(140, y - 20, b, size=10.5)
        page.text(410, y - 20, c, size=10.5)
    loaded = load(_write(build([page])))
    assert len(loaded.tables) == 1
    assert [[c.text for c in r] for r in loaded.tables[0].rows] == [list(r) for r in rows]
    assert loaded.text.startswith("附件：重点任务分工\n| 序号 | 重点任务 | 责任单位 |")


# --- errors ---------------------------------------------------------------------------------------


def test_scanned_pdf_raises_no_text_layer():
    path = _write(build([Page().picture(), Page().picture()]), "scan.pdf")
    with pytest.raises(NoTextLayer) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert str(path) in msg and "scanned" in msg and "OCR" in msg and "\n" not in msg


def test_partly_scanned_pdf_warns_about_the_pages_without_text():
    pages = [_body_page([(110, "一、总体要求"), (110, "二、重点任务")]), Page().picture(),
             Page().picture()]
    doc = policyparse.parse(_write(build(pages)))
    assert [s.label for s in doc.sections()] == ["一", "二"]
    (w,) = [w for w in doc.warnings if w.code == "pdf_no_text_layer"]
    assert "2-3" in w.message and "scanned" in w.message


def _encrypted(user: str, owner: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(build([_body_page([(110, "一、总体要求")])])))
    writer = pypdf.PdfWriter()
    for p in reader.pages:
        writer.add_page(p)
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_encrypted_pdf_raises_a_clear_error():
    path = _write(_encrypted("secret", "owner"), "locked.pdf")
    with pytest.raises(EncryptedInput) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert str(path) in msg and "encrypted" in msg and "password" in msg and "\n" not in msg


def test_pdf_with_only_an_owner_password_opens():
    """Copy-protected notices (no password to open) are the common case and must read."""
    doc = policyparse.parse(_write(_encrypted("", "owner")))
    assert [s.label for s in doc.sections()] == ["一"]


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf_raises_corrupt_input(cut):
    data = (PDFS / "000_b13d9c5abc88dd4a.pdf").read_bytes()
    path = _write(data[: int(len(data) * cut)], "cut.pdf")
    with pytest.raises(CorruptInput) as info:
        policyparse.parse(path)
    assert str(path) in str(info.value) and "damaged" in str(info.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("一、总体要求\n（一）指导思想。".encode(), "not a PDF (it looks like text)"),
        (b"PK\x03\x04" + bytes(100), "not a PDF (it is a ZIP archive"),
        (b"<html><body>404</body></html>", "not a PDF (it looks like text)"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
    ],
)
def test_not_really_a_pdf_raises_corrupt_input(data, words):
    path = _write(data, "notice.pdf")
    with pytest.raises(CorruptInput) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert words in msg and str(path) in msg and "\n" not in msg


def test_empty_pdf_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(EmptyInput):
        policyparse.parse(p)


def test_cli_reports_a_bad_pdf_on_one_line(tmp_path):
    from typer.testing import CliRunner

    from policyparse.cli import app

    p = tmp_path / "scan.pdf"
    p.write_bytes(build([Page().picture()]))
    result = CliRunner().invoke(app, ["parse", str(p)])
    assert result.exit_code == 1
    assert "no text layer" in result.output


def test_a_pdf_past_max_pages_is_refused_before_its_pages_are_read(monkeypatch):
    from policyparse.errors import TooLarge
    from policyparse.loaders import pdf

    read: list[int] = []
    monkeypatch.setattr(pdf, "_pdfium_page", lambda page, i: read.append(i))
    with pytest.raises(TooLarge, match=r"the PDF has 14 pages, over the limit of 3 \(max_pages\)"):
        policyparse.parse(PDFS / "000_b13d9c5abc88dd4a.pdf", limits={"max_pages": 3})
    assert read == []


def test_a_page_pdfium_cannot_read_is_one_line_naming_the_page(monkeypatch):
    import pypdfium2 as pdfium

    from policyparse.loaders import pdf

    def broken(page, i):
        if i == 2:
            raise pdfium.PdfiumError("Failed to load page.\nmore detail")
        return None

    monkeypatch.setattr(pdf, "_pdfium_page", broken)
    monkeypatch.setattr(pdf, "_plumber_page", lambda page, i: pdf.PageLayout(i + 1, 1, 1, [], []))
    path = PDFS / "000_b13d9c5abc88dd4a.pdf"
    with pytest.raises(CorruptInput) as info:
        policyparse.parse(path)
    assert str(info.value) == f"{path}: cannot read page 3: Failed to load page"
