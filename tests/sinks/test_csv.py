"""The CSV: one row per responsible unit, with its document, section, task, role and deadline."""

from __future__ import annotations

import csv

import policyparse
from policyparse.sinks.csv import COLUMNS, CsvSink


def read(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_unit_of_every_task(tmp_path, collection):
    with CsvSink(tmp_path / "r.csv") as sink:
        for doc in collection:
            sink.add(doc)
    rows = read(tmp_path / "r.csv")
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == sum(len(r.units) for d in collection for r in d.responsibilities)
    got = [(r["document"], r["section_path"], r["task"], r["unit"], r["role"], r["deadline"],
            r["deadline_end"]) for r in rows]
    assert got == [
        # inline: the section's text up to the parenthetical; the deadline in that text
        ("a.txt", "一/（一）", "推进工业节能。实施节能改造项目，到2025年，单位工业增加值能耗下降13.5%",
         "市工业和信息化局", "lead", "到2025年", "2025-12-31"),
        ("a.txt", "一/（一）", "推进工业节能。实施节能改造项目，到2025年，单位工业增加值能耗下降13.5%",
         "市发展改革委", "support", "到2025年", "2025-12-31"),
        # two parentheticals in one section: each closes its own task
        ("a.txt", "一/（二）", "推进建筑节能。新建建筑全面执行绿色建筑标准",
         "市住房城乡建设局", "responsible", "", ""),
        ("a.txt", "一/（二）", "2024年底前完成既有建筑改造10万平方米",
         "市住房城乡建设局", "responsible", "2024年底前", "2024-12-31"),
        ("a.txt", "一/（二）", "2024年底前完成既有建筑改造10万平方米",
         "市财政局", "responsible", "2024年底前", "2024-12-31"),
        # a bare heading line is not part of the task
        ("a.txt", "二", "加强统筹协调，落实《中华人民共和国节约能源法》",
         "市发展改革委", "responsible", "", ""),
        # table rows: the task cell; the deadline in the row
        ("b.txt", "二", "开展重点用能单位节能诊断", "市发展改革委", "responsible",
         "2024年底前", "2024-12-31"),
        ("b.txt", "二", "推广高效电机", "市工业和信息化局", "responsible", "2025年底前", "2025-12-31"),
        ("b.txt", "二", "推广高效电机", "市发展改革委", "responsible", "2025年底前", "2025-12-31"),
        # no deadline of its own: the enclosing section's (not the other section's 到2025年)
        ("c.txt", "二/（一）", "推进农村生活垃圾治理", "区农业农村局", "lead", "到2026年底",
         "2026-12-31"),
    ]
    assert {r["table_row"] for r in rows if r["source"] == "table"} == {"1", "2"}
    assert {r["title"] for r in rows} == {d.meta.title for d in collection}


def test_a_document_without_responsibilities_adds_no_row(tmp_path, collection):
    doc = collection[0].model_copy(update={"responsibilities": []})
    with CsvSink(tmp_path / "r.csv") as sink:
        sink.add(doc)
    assert read(tmp_path / "r.csv") == []


def test_one_row_per_target_with_the_indicator_tables_fields(tmp_path, collection):
    from policyparse.sinks.csv import TARGET_COLUMNS, TargetCsvSink
    from tests.extract.test_indicators import PLAN

    plan = policyparse.parse_text(PLAN, path="plan.txt")
    docs = [*collection, plan]
    with TargetCsvSink(tmp_path / "t.csv") as sink:
        for doc in docs:
            sink.add(doc)
    rows = read(tmp_path / "t.csv")
    assert list(rows[0]) == list(TARGET_COLUMNS)
    assert len(rows) == sum(len(d.targets) for d in docs)
    table = [r for r in rows if r["source"] == "table"]
    assert [(r["indicator"], r["value"], r["unit"], r["year"], r["baseline_year"],
             r["baseline_value"], r["binding"], r["text"]) for r in table[:2]] == [
        ("空气质量优良天数比例", "93.0", "%", "2025", "2020", "91.2", "约束性", "≥93"),
        ("细颗粒物年均浓度", "30.0", "微克/立方米", "2025", "2020", "33.0", "约束性", "<30"),
    ]
    first = rows[0]
    assert (first["document"], first["source"], first["value"], first["baseline_value"]) == (
        "a.txt", "inline", "13.5", "")
    text = plan.text
    assert all(text[int(r["span_start"]):int(r["span_end"])] == r["text"] for r in table)


def test_utf8_with_a_byte_order_mark_by_default_without_on_request(tmp_path, collection):
    with CsvSink(tmp_path / "bom.csv") as sink:
        sink.add(collection[0])
    with CsvSink(tmp_path / "plain.csv", encoding="utf-8") as sink:
        sink.add(collection[0])
    bom, plain = (tmp_path / "bom.csv").read_bytes(), (tmp_path / "plain.csv").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    assert bom[3:] == plain
    assert plain.decode("utf-8").startswith("document,")


def test_an_unknown_encoding_is_refused(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="gbk"):
        CsvSink(tmp_path / "x.csv", encoding="gbk")
