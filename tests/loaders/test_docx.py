"""The DOCX loader: the committed fixtures (samples/docx, `make fixtures`) and documents the
tests write with python-docx."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import policyparse
from policyparse.errors import CorruptInput, EncryptedInput, PolicyParseError, TooLarge
from policyparse.loaders import load
from policyparse.loaders.docx import format_number
from tests.conftest import GOLD, SAMPLES, parsed

DOCXS = SAMPLES / "docx"
ANNEX = "003_8b4a3d81d2f02a82"


def outline_of(doc):
    return [(s.level, s.label, s.heading, s.path) for s in doc.sections()]


@cache
def parsed_docx(stem: str):
    return policyparse.parse(DOCXS / f"{stem}.docx")


# --- the fixtures ---------------------------------------------------------------------------------


def test_docx_gives_the_outline_and_meta_of_the_text(sample):
    doc = parsed_docx(Path(sample).stem)
    assert doc.source.format == "docx" and doc.source.pages is None
    assert outline_of(doc) == outline_of(parsed(sample))
    assert doc.meta == parsed(sample).meta


@pytest.mark.parametrize("stem", ["000_b13d9c5abc88dd4a", "002_7ad6b5fece9b2224"])
def test_automatic_numbering_is_rendered(stem):
    """These two fixtures number their outline through numbering.xml: no label is typed."""
    raw = zipfile.ZipFile(DOCXS / f"{stem}.docx").read("word/document.xml").decode()
    assert "一、" not in raw and "（一）" not in raw and "(一)" not in raw
    text = load(DOCXS / f"{stem}.docx").text
    assert "一、总体要求" in text.split("\n")
    assert "（一）指导思想。" in text.split("\n")


def test_headers_and_footers_are_left_out():
    z = zipfile.ZipFile(DOCXS / "004_9e41d0a2607aace1.docx")
    assert any(n.startswith("word/header") for n in z.namelist())
    text = load(DOCXS / "004_9e41d0a2607aace1.docx").text
    title = parsed("004_9e41d0a2607aace1.txt").meta.title
    assert text.count(title) == parsed("004_9e41d0a2607aace1.txt").text.count(title)
    assert not re.search(r"—\s*\d+\s*—|第\d+页", text)


def test_annex_table_gives_all_task_rows():
    loaded = load(DOCXS / f"{ANNEX}.docx")
    assert len(loaded.tables) == 1
    header, *rows = loaded.tables[0].rows
    gold = json.loads((GOLD / f"{ANNEX}.json").read_text(encoding="utf-8"))["table_rows"]
    assert [c.text for c in header] == ["重点任务"] * 4 + ["责任单位"]
    assert [r[2].text for r in rows] == [str(i) for i in range(1, 110)]
    for row, g in zip(rows, gold, strict=True):
        assert [u.strip() for u in re.split(r"[、,，]", row[4].text)] == g["units"]
        assert row[0].text and row[1].text
        for cell in row:
            assert loaded.text[cell.start:cell.end] == cell.text
    assert rows[0][0].start == rows[1][0].start  # merged down: the first occurrence


def test_docx_and_pdf_tables_agree():
    a = load(DOCXS / f"{ANNEX}.docx").tables[0]
    b = load(SAMPLES / "pdf" / f"{ANNEX}.pdf").tables[0]
    assert [[c.text for c in r] for r in a.rows] == [[c.text for c in r] for r in b.rows]


# --- documents written here -----------------------------------------------------------------------


def _save(d, tmp_path: Path, name: str = "notice.docx") -> Path:
    p = tmp_path / name
    d.save(str(p))
    return p


def _el(tag: str, **attrs: str):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _numbering(d, levels: list[tuple[str, str, dict[str, str]]], overrides=None) -> int:
    """Add a list (abstractNum + num); *levels* are (numFmt, lvlText, extra children)."""
    root = d.part.numbering_part.element
    aid = 900 + len(root.findall(qn("w:abstractNum")))
    nid = 900 + len(root.findall(qn("w:num")))
    absn = _el("w:abstractNum", abstractNumId=str(aid))
    for i, (fmt, text, extra) in enumerate(levels):
        lvl = _el("w:lvl", ilvl=str(i))
        lvl.append(_el("w:start", val=extra.get("start", "1")))
        lvl.append(_el("w:numFmt", val=fmt))
        if "restart" in extra:
            lvl.append(_el("w:lvlRestart", val=extra["restart"]))
        if "style" in extra:
            lvl.append(_el("w:pStyle", val=extra["style"]))
        if "legal" in extra:
            lvl.append(_el("w:isLgl"))
        lvl.append(_el("w:suff", val=extra.get("suff", "nothing")))
        lvl.append(_el("w:lvlText", val=text))
        absn.append(lvl)
    first = root.find(qn("w:num"))
    if first is not None:
        first.addprevious(absn)
    else:
        root.append(absn)
    num = _el("w:num", numId=str(nid))
    num.append(_el("w:abstractNumId", val=str(aid)))
    for ilvl, start in (overrides or {}).items():
        o = _el("w:lvlOverride", ilvl=str(ilvl))
        o.append(_el("w:startOverride", val=str(start)))
        num.append(o)
    root.append(num)
    return nid


def _numbered(d, text: str, num_id: int, ilvl: int):
    p = d.add_paragraph(text)
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=str(ilvl)))
    numpr.append(_el("w:numId", val=str(num_id)))
    p._p.get_or_add_pPr().append(numpr)
    return p


def test_numbering_levels_restart_under_their_parent(tmp_path):
    d = docx.Document()
    nid = _numbering(d, [("chineseCounting", "%1、", {}), ("chineseCounting", "（%2）", {}),
                         ("decimal", "%3.", {"restart": "0"})])
    _numbered(d, "总体要求", nid, 0)
    _numbered(d, "指导思想。正文。", nid, 1)
    _numbered(d, "推进工业。", nid, 2)
    _numbered(d, "基本原则。", nid, 1)
    _numbered(d, "推进农业。", nid, 2)
    _numbered(d, "重点任务", nid, 0)
    _numbered(d, "绿色生产。", nid, 1)
    _numbered(d, "推进服务业。", nid, 2)
    d.add_paragraph("不编号的段落。")
    text = load(_save(d, tmp_path)).text
    assert text.split("\n") == ["一、总体要求", "（一）指导思想。正文。", "1.推进工业。",
                                "（二）基本原则。", "2.推进农业。", "二、重点任务",
                                "（一）绿色生产。", "3.推进服务业。", "不编号的段落。"]


def test_numbering_through_paragraph_styles(tmp_path):
    d = docx.Document()
    nid = _numbering(d, [("chineseCounting", "%1、", {"style": "Heading1"}),
                         ("chineseCounting", "（%2）", {"style": "Heading2"})])
    for level in (1, 2):
        style = d.styles[f"Heading {level}"]
        numpr = _el("w:numPr")
        numpr.append(_el("w:numId", val=str(nid)))  # no ilvl: the level names the style
        style.element.get_or_add_pPr().append(numpr)
    d.add_paragraph("总体要求", style="Heading 1")
    d.add_paragraph("指导思想", style="Heading 2")
    d.add_paragraph("基本原则", style="Heading 2")
    p = d.add_paragraph("不编号的标题", style="Heading 2")
    off = _el("w:numPr")
    off.append(_el("w:numId", val="0"))  # numId 0 switches the style's numbering off
    p._p.get_or_add_pPr().append(off)
    d.add_paragraph("重点任务", style="Heading 1")
    d.add_paragraph("绿色生产", style="Heading 2")
    doc = policyparse.parse(_save(d, tmp_path))
    assert [s.label for s in doc.sections()] == ["一", "（一）", "（二）", "二", "（一）"]
    assert "不编号的标题" in doc.text.split("\n")


def test_start_override_legal_numbering_and_suffixes(tmp_path):
    d = docx.Document()
    nid = _numbering(d, [("chineseCounting", "第%1章", {"suff": "space"}),
                         ("decimal", "%1.%2", {"legal": "1", "suff": "tab"})], {0: 3})
    _numbered(d, "保障措施", nid, 0)
    _numbered(d, "加强领导", nid, 1)
    _numbered(d, "强化考核", nid, 1)
    text = load(_save(d, tmp_path)).text
    assert text.split("\n") == ["第三章 保障措施", "3.1\t加强领导", "3.2\t强化考核"]


def test_format_number():
    assert [format_number(n, "chineseLegalSimplified") for n in (1, 10, 12)] == [
        "壹", "壹拾", "壹拾贰"]
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(7, "decimalFullWidth") == "７"


def test_table_merges_and_cell_paragraphs(tmp_path):
    d = docx.Document()
    d.add_paragraph("附件：重点任务分工")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "重点任务"
    t.cell(0, 2).text = "责任单位"
    t.cell(1, 0).merge(t.cell(3, 0)).text = "（一）推进工业绿色升级"
    for r, (task, unit) in enumerate([("1.开展核查", "市工信局"), ("2.实施改造", "市工信局"),
                                      ("3.推行设计", "")], start=1):
        t.cell(r, 1).text = task
        t.cell(r, 2).text = unit
    cell = t.cell(3, 2)
    cell.paragraphs[0].text = "牵头单位：市工信局"
    cell.add_paragraph("配合单位：市财政局、")
    cell.add_paragraph("市生态环境局")
    d.add_paragraph("二、保障措施")
    loaded = load(_save(d, tmp_path))
    (table,) = loaded.tables
    grid = [[c.text for c in row] for row in table.rows]
    assert grid == [
        ["重点任务", "重点任务", "责任单位"],
        ["（一）推进工业绿色升级", "1.开展核查", "市工信局"],
        ["（一）推进工业绿色升级", "2.实施改造", "市工信局"],
        ["（一）推进工业绿色升级", "3.推行设计", "牵头单位：市工信局；配合单位：市财政局、市生态环境局"],
    ]
    lines = loaded.text.split("\n")
    assert lines[0] == "附件：重点任务分工" and lines[-1] == "二、保障措施"
    assert all(line.startswith("|") for line in lines[1:-1])
    doc = policyparse.parse(_save(d, tmp_path))
    # the table rows are no outline items; the annex line before any section does not end the
    # body, so the section after the table is one
    assert [s.label for s in doc.sections()] == ["二"]



def test_a_header_merged_over_two_rows_gives_the_roles_of_its_sub_columns(tmp_path):
    d = docx.Document()
    d.add_paragraph("附件")
    d.add_paragraph("重点任务分工表")
    t = d.add_table(rows=4, cols=5)
    for j, head in enumerate(["序号", "重点任务", "牵头市领导"]):
        t.cell(0, j).merge(t.cell(1, j)).text = head
    t.cell(0, 3).merge(t.cell(0, 4)).text = "责任单位"
    t.cell(1, 3).text, t.cell(1, 4).text = "牵头单位", "配合单位"
    t.cell(2, 0).merge(t.cell(2, 4)).text = "一、提升政务服务效能"
    for j, s in enumerate(["1", "推行企业开办一网通办。", "李卫东", "市市场监管局", "市公安局、市税务局"]):
        t.cell(3, j).text = s
    doc = policyparse.parse(_save(d, tmp_path))
    (row,) = [r for r in doc.responsibilities if r.source == "table"]
    assert (row.row, row.path, row.task) == (1, ["一"], "推行企业开办一网通办。")
    assert [(u.text, u.role) for u in row.units] == [
        ("市市场监管局", "lead"), ("市公安局", "support"), ("市税务局", "support")]
    assert not [w for w in doc.warnings if w.code.startswith("table")]

def test_deleted_revisions_and_hidden_text_are_left_out(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("一、总体")
    deleted = _el("w:del", id="1", author="a", date="2022-01-01T00:00:00Z")
    r = _el("w:r")
    t = _el("w:delText")
    t.text = "已删除"
    r.append(t)
    deleted.append(r)
    p._p.append(deleted)
    hidden = p.add_run("隐藏")
    hidden.font.hidden = True
    p.add_run("要求")
    inserted = _el("w:ins", id="2", author="a", date="2022-01-01T00:00:00Z")
    r2 = _el("w:r")
    t2 = _el("w:t")
    t2.text = "（修订）"
    r2.append(t2)
    inserted.append(r2)
    p._p.append(inserted)
    assert load(_save(d, tmp_path)).text == "一、总体要求（修订）"


def _field_run(kind: str, instr: str | None = None):
    r = _el("w:r")
    if instr is None:
        r.append(_el("w:fldChar", fldCharType=kind))
    else:
        t = _el("w:instrText")
        t.text = instr
        r.append(t)
    return r


def _toc_entry(d, label: str, page: str, first: bool = False, last: bool = False):
    """A paragraph of Word's TOC field: the entry, a tab, a PAGEREF field giving its page."""
    p = d.add_paragraph()
    if first:
        for r in (_field_run("begin"), _field_run("", ' TOC \\o "1-3" \\h \\z \\u '),
                  _field_run("separate")):
            p._p.append(r)
    p.add_run(label)
    tab = _el("w:r")
    tab.append(_el("w:tab"))
    p._p.append(tab)
    for r in (_field_run("begin"), _field_run("", " PAGEREF _Toc1 \\h "),
              _field_run("separate")):
        p._p.append(r)
    p.add_run(page)
    p._p.append(_field_run("end"))
    if last:
        p._p.append(_field_run("end"))


def test_the_entries_of_words_toc_field_keep_their_leader(tmp_path):
    d = docx.Document()
    d.add_paragraph("某市节能规划")
    _toc_entry(d, "第一章 总则", "1", first=True)
    _toc_entry(d, "第二章 附则", "3", last=True)
    d.add_paragraph("第一章 总则")
    d.add_paragraph("第一条\t为了节约能源，制定本规划。")
    d.add_paragraph("第二章 附则")
    d.add_paragraph("第二条\t本规划自印发之日起施行。")
    path = _save(d, tmp_path)
    lines = load(path).text.split("\n")
    assert lines[1:3] == ["第一章 总则......1", "第二章 附则......3"]
    assert lines[4] == "第一条\t为了节约能源，制定本规划。"  # a tab outside the field stays
    doc = policyparse.parse(path)
    assert [(s.label, s.heading) for s in doc.sections()] == [
        ("第一章", "总则"), ("第一条", "为了节约能源，制定本规划"), ("第二章", "附则"),
        ("第二条", "本规划自印发之日起施行")]
    assert doc.warnings == []


# --- errors ---------------------------------------------------------------------------------------


def _bad(tmp_path: Path, data: bytes) -> tuple[Path, str]:
    p = tmp_path / "notice.docx"
    p.write_bytes(data)
    return p, str(p)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda d: d[: len(d) // 2], CorruptInput, "damaged DOCX"),
        (lambda d: "一、总体要求".encode(), CorruptInput, "not a DOCX (it looks like text)"),
        (lambda d: b"%PDF-1.7\n" + d[:100], CorruptInput, "not a DOCX (it is a PDF)"),
        (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), CorruptInput,
         "old Word .doc"),
        (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
         EncryptedInput, "encrypted"),
    ],
)
def test_bad_docx_raises_a_clear_error(tmp_path, make, error, words):
    good = (DOCXS / "001_6f0fce1b11edcf51.docx").read_bytes()
    path, name = _bad(tmp_path, make(good))
    with pytest.raises(error) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert words in msg and name in msg and "\n" not in msg


def test_zip_that_is_not_a_word_document(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    path, _ = _bad(tmp_path, buf.getvalue())
    with pytest.raises(CorruptInput, match="not a Word document"):
        policyparse.parse(path)


def test_word_document_with_a_broken_part(tmp_path):
    src = zipfile.ZipFile(DOCXS / "001_6f0fce1b11edcf51.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            z.writestr(item, data[:50] if item.filename == "word/document.xml" else data)
    path, _ = _bad(tmp_path, buf.getvalue())
    with pytest.raises(CorruptInput, match="damaged DOCX"):
        policyparse.parse(path)


def test_broken_xml_is_named_in_one_line_without_parser_flags(tmp_path):
    src = zipfile.ZipFile(DOCXS / "001_6f0fce1b11edcf51.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"</w:bodx>")
            z.writestr(item, data)
    path, _ = _bad(tmp_path, buf.getvalue())
    with pytest.raises(CorruptInput) as info:
        policyparse.parse(path)
    msg = str(info.value)
    assert "damaged DOCX: Opening and ending tag mismatch" in msg
    assert "<string>" not in msg and "\n" not in msg and not msg.endswith(("…", " "))


# --- ZIP bombs (tests/bombs.py): refused from the headers, or while inflating, before parsing --


@pytest.mark.parametrize("shape", ["paragraphs", "text_node"])
def test_zip_bombs_are_refused_from_the_headers(tmp_path, shape):
    from tests.bombs import bomb_docx

    path, name = _bad(tmp_path, bomb_docx(1_200_000_000, shape))
    start = time.perf_counter()
    with pytest.raises(TooLarge) as info:
        policyparse.parse(path)
    assert time.perf_counter() - start < 10  # about 0.1 s; generous for a loaded machine
    assert info.value.kind == "too_large"
    assert str(info.value) == (f"{name}: word/document.xml inflates to 1.1 GiB, over the "
                               "limit of 64 MiB per part (max_inflate)")


@pytest.mark.parametrize("declared", [1000, 30_000_000])
def test_a_part_whose_header_lies_about_its_size_is_refused(tmp_path, declared):
    from tests.bombs import bomb_docx

    path, _ = _bad(tmp_path, bomb_docx(300_000_000, declared=declared))
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(path, limits={"max_inflate": 40_000_000})
    # zipfile stops at the declared size, then finds the CRC wrong
    assert info.value.kind == "corrupt" and "Bad CRC-32" in str(info.value)


def test_inflated_parts_are_counted_against_the_limit(tmp_path):
    from tests.bombs import bomb_docx

    path, _ = _bad(tmp_path, bomb_docx(3_000_000))
    with pytest.raises(TooLarge, match=r"inflates to 2\.0 MiB, over the limit of 1 MiB"):
        policyparse.parse(path, limits={"max_inflate": 1 << 20})
    # within the limit it is a real Word document: the bomb's paragraphs are read
    doc = policyparse.parse(path, limits={"max_inflate": 4 << 20})
    assert doc.text.startswith("一、加强组织领导")


def test_all_parts_together_are_limited_too(tmp_path):
    good = zipfile.ZipFile(DOCXS / "001_6f0fce1b11edcf51.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in good.infolist():
            z.writestr(item, good.read(item.filename))
        for i in range(5):  # five pictures of 1 MiB: each within the limit, not all five
            z.writestr(f"word/media/image{i}.bin", bytes(1 << 20))
    path, _ = _bad(tmp_path, buf.getvalue())
    with pytest.raises(TooLarge, match=r"its parts inflate to 5\.\d MiB, over the limit of "
                       r"4\.0 MiB \(4 × max_inflate\)"):
        policyparse.parse(path, limits={"max_inflate": (1 << 20) + 1})
    assert policyparse.parse(path, limits={"max_inflate": 2 << 20}).meta.title


class _Lying:
    """A ZIP reader that reads past what its headers declare (CPython's zipfile does not)."""

    def __init__(self, size: int, real: int) -> None:
        self.info = zipfile.ZipInfo("word/document.xml")
        self.info.file_size = size
        self.real = real

    def infolist(self) -> list[zipfile.ZipInfo]:
        return [self.info]

    def open(self, info: zipfile.ZipInfo) -> io.BytesIO:
        return io.BytesIO(bytes(self.real))


def test_parts_are_counted_while_inflating_whatever_the_headers_say():
    from policyparse.loaders.docx import _check_inflate

    with pytest.raises(TooLarge, match="inflates to more than 1 MiB"):
        _check_inflate(Path("x.docx"), _Lying(100, 3 << 20), 1 << 20)  # type: ignore[arg-type]
    _check_inflate(Path("x.docx"), _Lying(100, 1 << 20), 1 << 20)  # type: ignore[arg-type]
