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
    # two characters before the number: PDFium (pypdfium2 5) reads no one-character string
    # in this fixture's non-embedded STSong-Light; embedded fonts are read (WPS writes nearly
    # every character as a string of its own)
    page = Page().text(80, 760, "（责任单位：省交通").text(250, 760, "运输厅、省财政厅）")
    page.text(80, 734, "直到", spacing=0).latin(111, 734, "2025").text(145, 734, "年达到")
    doc = policyparse.parse(_write(build([page])))
    assert "省交通运输厅、省财政厅" in doc.text
    assert "直到2025年达到" in doc.text


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


def test_page_number_at_the_foot_of_a_crop_box_is_dropped():
    # the page shows only its crop box, which starts 200 pt above the media box's corner: the
    # page number at the crop box's foot is in the footer band, not glued to the line above
    page = Page(crop=(70, 200, 520, 740))
    page.text(110, 700, "一、总体要求").text(80, 674, FULL).text(80, 648, "完。")
    # the imprint line runs to the right margin, so a line under it would continue it
    page.text(80, 245, "某市人民政府办公厅").text(305, 245, "2022年2月22日印发")
    page.text(80, 226, "— 4 —")  # an even page's number stands at the left (GB/T 9704)
    doc = policyparse.parse(_write(build([page])))
    assert doc.text.split("\n") == ["一、总体要求", FULL + "完。",
                                     "某市人民政府办公厅2022年2月22日印发"]
    assert load_pdf(Path("crop.pdf"), build([page]), engine="pdfplumber").text == doc.text


def test_a_turned_page_reads_as_shown():
    # a landscape page stored upright and turned a quarter right for showing (/Rotate 90):
    # its text is drawn turned a quarter left, so it stands upright on the screen
    page = Page(rotate=90)
    page.rotated(100, 80, "一、总体要求").rotated(126, 110, "坚持节约优先，推进绿色发展。")
    page.rotated(500, 380, "— 2 —")
    doc = policyparse.parse(_write(build([page])))
    assert doc.text.split("\n") == ["一、总体要求", "坚持节约优先，推进绿色发展。"]
    assert not doc.warnings


def test_a_turned_page_is_placed_by_pdfium_itself(monkeypatch):
    # Helvetica's glyphs are built into PDFium, so it reads the turned page whatever fonts the
    # machine has; pdfplumber is not asked
    from policyparse.loaders import pdf

    def no_plumber(page, i):
        raise AssertionError("pdfplumber read a page PDFium can read")

    monkeypatch.setattr(pdf, "_plumber_page", no_plumber)
    page = Page(rotate=90)
    page.rotated(100, 80, "1. General", latin=True)
    page.rotated(126, 110, "Energy is saved first.", latin=True)
    page.rotated(500, 380, "- 2 -", latin=True)
    doc = policyparse.parse(_write(build([page])))
    assert doc.text.split("\n") == ["1. General", "Energy is saved first."]


def test_turned_text_whose_glyphs_have_no_outlines_is_read_by_pdfplumber():
    # glyphs without outlines (a font neither embedded nor installed) give a text object no
    # width when it runs down the page, and PDFium's text page leaves such an object out
    page = Page(rotate=90)
    page.blank_rotated(100, 80, "一、总体要求").blank_rotated(126, 110, "坚持节约优先，推进绿色发展。")
    page.rotated(152, 80, "Annex 1", latin=True)  # PDFium reads this line, not the others
    data = build([page])
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(data)
    assert pdf_doc[0].get_textpage().get_text_range() == "Annex 1"
    pdf_doc.close()
    doc = policyparse.parse(_write(data))
    assert doc.text.split("\n") == ["一、总体要求", "坚持节约优先，推进绿色发展。", "Annex 1"]
    assert not doc.warnings


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
    """Rulings drawn as single strokes or cells drawn as stroked boxes: the same grid."""
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


# --- shapes of real PDFs (WPS, Word, scanners) -------------------------------------------------


def _wps_page(scale: float) -> Page:
    """A heading and a paragraph of three lines 26 pt apart, each written as WPS writes it
    (with *scale* 0.05: a 300 pt font scaled down to 15 pt by the text matrix)."""
    page = Page()
    for i, (x, s) in enumerate([(110, "一、总体要求"), (110, "（一）指导思想。" + FULL[:20]),
                                (80, FULL), (80, "完。"), (110, "二、重点任务")]):
        page.text(x, 760 - 26 * i, s, scale=scale)
    return page


@pytest.mark.parametrize("scale", [1.0, 0.05])
def test_a_large_font_scaled_down_by_the_text_matrix_keeps_its_lines(scale):
    loaded = load(_write(build([_wps_page(scale)])))
    assert loaded.text.split("\n") == ["一、总体要求", "（一）指导思想。" + FULL[:20] + FULL + "完。",
                                       "二、重点任务"]


def test_a_page_frame_a_header_rule_a_boxed_paragraph_and_shading_are_no_tables():
    page = _body_page([(200, "某市节能降碳工作方案"), (110, "一、总体要求"),
                       (110, "（一）指导思想。坚持节约优先。"), (110, "二、重点任务"),
                       (110, "（二）推进工业绿色升级。")])
    page.rect(60, 60, 475, 730)  # a frame around the whole body
    page.line(60, 750, 535, 750)  # a rule under the title
    page.rect(100, 670, 400, 30)  # a box around one paragraph
    # shading behind each line, the bands touching, one line's in two pieces (one per run)
    page.fill(100, 655, 400, 26).fill(100, 629, 150, 26).fill(250, 629, 250, 26)
    page.fill(100, 603, 400, 26)
    doc = policyparse.parse(_write(build([page])))
    assert doc.source.format == "pdf" and "|" not in doc.text
    assert [s.label for s in doc.sections()] == ["一", "（一）", "二", "（二）"]


def test_a_title_over_two_lines_is_the_title():
    page = Page().text(150, 770, "某市人民政府关于印发节能降碳", size=22)
    page.text(180, 740, "工作方案的通知", size=22).text(240, 705, "某政发〔2022〕8号", size=16)
    for i, s in enumerate(["各县区人民政府：", "现将工作方案印发给你们，请认真贯彻执行。"]):
        page.text(80 if i == 0 else 110, 670 - 26 * i, s)
    doc = policyparse.parse(_write(build([page])))
    assert doc.text.split("\n")[:2] == ["某市人民政府关于印发节能降碳", "工作方案的通知"]
    assert doc.meta.title == "某市人民政府关于印发节能降碳工作方案的通知"
    assert doc.meta.doc_number == "某政发〔2022〕8号"


def test_an_invisible_ocr_text_layer_over_a_scanned_image_is_read():
    page = Page().picture()
    for i, s in enumerate(["一、总体要求", "（一）指导思想。坚持节约优先。", "二、重点任务"]):
        page.text(110, 760 - 26 * i, s, invisible=True)
    doc = policyparse.parse(_write(build([page, Page().picture()])))
    assert [s.label for s in doc.sections()] == ["一", "（一）", "二"]
    (w,) = [w for w in doc.warnings if w.code.startswith("pdf_")]
    assert w.code == "pdf_no_text_layer" and "page(s) 2 " in w.message


NOISE = "".join(chr(0xE000 + i) for i in range(40))  # what a font without a Unicode map gives


def test_a_text_layer_of_noise_is_left_out_with_a_warning_naming_file_and_page():
    pages = [_body_page([(110, "一、总体要求"), (110, "二、重点任务")]),
             _body_page([(80, NOISE)] * 3)]
    doc = policyparse.parse(_write(build(pages), "noisy.pdf"))
    assert [s.label for s in doc.sections()] == ["一", "二"]
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in doc.text)
    (w,) = [w for w in doc.warnings if w.code == "pdf_text_noise"]
    assert w.message.startswith("noisy.pdf: page(s) 2:")


def test_a_pdf_whose_text_layer_is_only_noise_is_refused_naming_file_and_pages():
    path = _write(build([_body_page([(80, NOISE)] * 3)] * 2), "noise.pdf")
    with pytest.raises(NoTextLayer) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert str(path) in msg and "page(s) 1-2" in msg and "\n" not in msg


def test_lines_that_do_not_read_as_the_text_stream_give_way_to_it(monkeypatch):
    """Should the lines built from positions interleave (as a 300 pt size once made them),
    the page's text stream gives the lines, with a warning: never silent garbage."""
    from policyparse.loaders import pdf, pdflayout

    def interleaved(chars):
        lines = pdflayout.chars_to_lines(chars)
        text = "".join(a + b for a, b in zip(lines[0].text, lines[1].text, strict=False))
        return [pdflayout.Line(text, 0, 1, 0, 1, 15), *lines[2:]]

    monkeypatch.setattr(pdf, "chars_to_lines", interleaved)
    p1 = _body_page([(110, "一、总体要求"), (110, "二、重点任务")])
    p2 = _body_page([(110, "（一）推进工业绿色升级。" + FULL[:14]), (80, FULL), (80, "完。")])
    loaded = load(_write(build([p1, p2]), "order.pdf"))
    assert loaded.text.split("\n")[-1] == "（一）推进工业绿色升级。" + FULL[:14] + FULL + "完。"
    (w,) = [w for code, w in loaded.warnings if code == "pdf_reading_order"]
    assert w.startswith("order.pdf: page(s) 2:")


def test_a_drawing_of_many_short_rules_is_no_table_and_is_read_quickly(monkeypatch):
    """A map or chart drawn with hundreds of short rules in both directions: no table search
    over every pair of them (that would grow with the square of the drawing)."""
    from pdfplumber import table

    def every_pair(*args, **kwargs):
        raise AssertionError("the table search tried every pair of a drawing's rules")

    monkeypatch.setattr(table, "edges_to_intersections", every_pair)
    page = Page().text(110, 780, "附图：某市能源设施布局示意")
    for i in range(600):  # a hatched area: short strokes, none joining another
        x, y = 80 + (i % 30) * 15, 200 + (i // 30) * 25
        page.line(x, y, x + 6, y).line(x + 10, y + 4, x + 10, y + 14)
    loaded = load(_write(build([page])))
    assert loaded.tables == [] and loaded.text == "附图：某市能源设施布局示意"


def test_a_stream_that_draws_in_no_reading_order_leaves_the_lines_from_positions():
    """Glyph pairs drawn in a shuffled order (as some producers draw by font): the lines built
    from positions read right, and the stream has no lines to fall back on."""
    rows = ["一、总体要求坚持节约优先推进绿色发展", "二、重点任务加快工业绿色升级改造"]
    pieces = [(80 + 15 * k, 760 - 26 * r, row[k:k + 2])
              for r, row in enumerate(rows) for k in range(0, len(row), 2)]
    page = Page()
    for x, y, s in pieces[::3] + pieces[1::3] + pieces[2::3]:
        page.text(x, y, s)
    loaded = load(_write(build([page])))
    assert loaded.text.split("\n") == rows
    assert not loaded.warnings


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
        return pdf.PageLayout(i + 1, 1, 1, [], []), None  # the page's layout, no doubt

    monkeypatch.setattr(pdf, "_pdfium_page", broken)
    monkeypatch.setattr(pdf, "_plumber_page", lambda page, i: pdf.PageLayout(i + 1, 1, 1, [], []))
    path = PDFS / "000_b13d9c5abc88dd4a.pdf"
    with pytest.raises(CorruptInput) as info:
        policyparse.parse(path)
    assert str(info.value) == f"{path}: cannot read page 3: Failed to load page"
