"""Indicator tables: one target per indicator row and target year, with baseline and binding."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import policyparse
from policyparse.extract import indicators
from policyparse.extract.indicators import _value
from policyparse.models import Target
from tests.loaders.pdfgen import Page, build

PLAN = """某县“十四五”生态环境保护规划

一、主要目标
到2025年，生态环境质量持续改善。
表1 某县“十四五”生态环境保护主要指标
| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |
| 1 | 空气质量优良天数比例 | % | 91.2 | ≥93 | 约束性 |
| 2 | 细颗粒物年均浓度 | 微克/立方米 | 33 | <30 | 约束性 |
| 3 | 森林覆盖率 | % | 40.1 | 42 | 预期性 |
| 4 | 单位地区生产总值能耗降低 | % | — | [13.5] | 约束性 |
| 5 | 农村生活污水治理率 | % | — | 完成市下达任务 | 预期性 |
二、重点任务
（一）推进绿色发展。
"""


def rows(doc) -> list[tuple]:
    return [(t.indicator, t.year, t.value, t.value_range, t.unit, t.relation, t.baseline_year,
             t.baseline_value, t.binding) for t in doc.targets if t.source == "table"]


def assert_spans(doc) -> None:
    for t in doc.targets:
        assert doc.text[t.span[0]:t.span[1]] == t.text


def test_a_pipe_indicator_table_gives_one_target_per_row_and_year():
    doc = policyparse.parse_text(PLAN)
    assert rows(doc) == [
        ("空气质量优良天数比例", 2025, 93.0, None, "%", ">=", 2020, 91.2, "约束性"),
        ("细颗粒物年均浓度", 2025, 30.0, None, "微克/立方米", "<", 2020, 33.0, "约束性"),
        ("森林覆盖率", 2025, 42.0, None, "%", "=", 2020, 40.1, "预期性"),
        # [ ] is the plans' mark of a change over the whole period
        ("单位地区生产总值能耗降低", 2025, 13.5, None, "%", "decrease", 2020, None, "约束性"),
    ]
    table = [t for t in doc.targets if t.source == "table"]
    assert [t.text for t in table] == ["≥93", "<30", "42", "[13.5]"]
    assert table[3].comparator == "累计"
    assert all(t.path == ["一"] for t in table)
    assert_spans(doc)


def test_columns_are_told_by_their_words_not_their_place():
    plan = """某市“十四五”节能规划
一、发展目标
| 指标属性 | 2025年目标值 | 年均增长（%） | 2020年现状值 | 指标名称 | 类别 |
| 预期性 | 1200 | 6.5 | 880 | 地区生产总值（亿元） | 经济 |
"""
    # the name column stands right of the values here: no name column left of them, no table
    assert rows(policyparse.parse_text(plan)) == []
    plan = """某市“十四五”节能规划
一、发展目标
| 类别 | 指标名称 | 2020年现状值 | 2025年目标值 | 年均增长（%） | 指标属性 |
| 经济 | 地区生产总值（亿元） | 880 | 1200 | 6.5 | 预期性 |
| 经济 | 研发经费投入强度（%） | 1.8 | 2.5 | — | 预期性 |
"""
    doc = policyparse.parse_text(plan)
    assert rows(doc) == [
        # the unit in brackets after the name is the unit, taken off the name
        ("地区生产总值", 2025, 1200.0, None, "亿元", "=", 2020, 880.0, "预期性"),
        ("地区生产总值", 2025, 6.5, None, "%", "increase", 2020, None, "预期性"),
        ("研发经费投入强度", 2025, 2.5, None, "%", "=", 2020, 1.8, "预期性"),
    ]
    assert [t.comparator for t in doc.targets] == [None, "年均增长（%）", None]
    assert_spans(doc)


def test_a_goal_column_without_a_year_takes_the_captions_and_the_table_unit():
    plan = """某省绿色建筑发展方案
一、主要目标
表2 “十四五”绿色建筑主要指标（单位：万平方米）
| 序号 | 分类 | 规划目标 | 指标属性 |
| 1 | 超低能耗建筑 | 10 | 预期性 |
| 2 | 既有建筑节能改造 | 300-500 | 约束性 |
"""
    doc = policyparse.parse_text(plan)
    assert rows(doc) == [
        ("超低能耗建筑", 2025, 10.0, None, "万平方米", "=", None, None, "预期性"),
        ("既有建筑节能改造", 2025, None, (300.0, 500.0), "万平方米", "=", None, None, "约束性"),
    ]


def test_cumulative_and_several_target_years():
    plan = """某市可再生能源发展规划（2021—2030年）
一、发展目标
| 项目 | 单位 | 2020年 | 2025年 | 2030年 | 五年累计 | 属性 |
| 风电装机 | 万千瓦 | 120 | 300 | 500 | 180 | 预期性 |
"""
    doc = policyparse.parse_text(plan)
    got = [(t.year, t.value, t.comparator, t.relation, t.baseline_value) for t in doc.targets]
    assert got == [(2025, 300.0, None, "=", 120.0), (2030, 500.0, None, "=", 120.0),
                   (2030, 180.0, "五年累计", "increase", None)]


@pytest.mark.parametrize("table", [
    # a price list: years, but no indicator, target or binding word
    """| 品名 | 规格 | 单位 | 2023年价格 | 2024年价格 |
| 水泥 | 42.5级 | 吨 | 420 | 400 |""",
    # a statistics table: a name column and year columns, nothing of targets
    """| 项目 | 单位 | 2021年 | 2022年 |
| 地区生产总值 | 亿元 | 820 | 880 |""",
    # a project list
    """| 序号 | 项目名称 | 建设内容 | 总投资（亿元） | 建设年限 |
| 1 | 污水处理厂提标改造 | 新建深度处理设施 | 2.5 | 2023-2025 |""",
    # a task table: a 完成时限 column is no target year
    """| 序号 | 重点任务 | 责任单位 | 完成时限 |
| 1 | 建成污水管网20公里 | 县住建局 | 2025年 |""",
    # the last plan's goals and whether they were met: a record
    """| 指标 | 2015年 | 2020年目标 | 2020年实现 | 完成情况 |
| 森林覆盖率（%） | 36 | 38 | 39.2 | 完成 |""",
])
def test_plain_data_tables_give_no_indicator_targets(table):
    doc = policyparse.parse_text(f"某县“十四五”生态环境保护规划\n一、主要目标\n{table}\n")
    assert rows(doc) == []


def test_a_target_year_before_the_notice_is_a_record():
    plan = """某县“十四五”生态环境保护规划
一、发展基础
表1 “十三五”主要指标
| 指标 | 单位 | 2015年 | 2020年 | 属性 |
| 森林覆盖率 | % | 36 | 38 | 约束性 |
"""
    # the notice speaks from 2021 (its title's five-year plan): 2020 is behind it
    assert rows(policyparse.parse_text(plan)) == []


def test_header_repeated_at_a_page_break_and_group_rows():
    plan = """某县“十四五”生态环境保护规划
一、主要目标
| 类别 | 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |
| （一）环境质量 |
| 环境质量 | 1 | 空气质量优良天数比例 | % | 91 | 93 | 约束性 |
| 类别 | 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |
| | 2 | 地表水优良水体比例 | % | 80 | 85.5 | 约束性 |
| | 3 | 主要污染物减排 | 化学需氧量 | 吨 | — | 120 | 约束性 |
"""
    doc = policyparse.parse_text(plan)
    assert [(t.indicator, t.value, t.unit) for t in doc.targets] == [
        ("空气质量优良天数比例", 93.0, "%"), ("地表水优良水体比例", 85.5, "%"),
        # a row one cell wider: the extra cell names a part of the indicator
        ("主要污染物减排（化学需氧量）", 120.0, "吨")]


@pytest.mark.parametrize(("cell", "value", "rng", "unit", "relation", "bracketed"), [
    ("98.3", 98.3, None, None, "=", False),
    ("≥97", 97.0, None, None, ">=", False),
    ("＞80", 80.0, None, None, ">", False),
    ("保持59.0%以上", 59.0, None, "%", ">=", False),
    ("3-5", None, (3.0, 5.0), None, "=", False),
    ("〔13.5〕", 13.5, None, None, "=", True),
    ("65.3①", 65.3, None, None, "=", False),
    ("88（点位比例）", 88.0, None, None, "=", False),
    ("2个", 2.0, None, "个", "=", False),
])
def test_value_cells(cell, value, rng, unit, relation, bracketed):
    v = _value(cell)
    assert v is not None
    assert (v.value, v.value_range, v.unit, v.relation, v.bracketed) == (
        value, rng, unit, relation, bracketed)


@pytest.mark.parametrize("cell", ["—", "完成省下达指标", "86.1(2020)74.2(2019)", "有效保障"])
def test_cells_that_are_no_values(cell):
    assert _value(cell) is None


def test_a_prose_target_over_a_cell_gives_way():
    table = Target(path=[], text="42", indicator="森林覆盖率", value=42.0, span=(10, 12),
                   source="table")
    over = Target(path=[], text="森林覆盖率42", value=42.0, span=(5, 12))
    apart = Target(path=[], text="其他", value=1.0, span=(20, 24))
    assert indicators.merge([over, apart], [table]) == [table, apart]


# --- DOCX and PDF -------------------------------------------------------------------------------


def _save(d, tmp_path: Path) -> Path:
    p = tmp_path / "plan.docx"
    d.save(str(p))
    return p


def test_a_docx_indicator_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("某市“十四五”生态环境保护规划")
    d.add_paragraph("一、主要目标")
    d.add_paragraph("到2025年，生态环境质量明显改善。")
    d.add_paragraph("表1 主要指标")
    t = d.add_table(rows=5, cols=6)
    heads = ["类别", "指标", "单位", "2020年现状值", "规划目标", "属性"]
    for j, h in enumerate(heads):
        if j != 4:
            t.cell(0, j).merge(t.cell(1, j)).text = h  # merged over both header rows
    t.cell(0, 4).text = "规划目标"
    t.cell(1, 4).text = "2024年"  # the plan's year would be 2025: the header's year wins
    t.cell(2, 0).merge(t.cell(3, 0)).text = "环境质量"
    for r, vals in enumerate([("空气质量优良天数比例", "%", "88.5", "≥90", "约束性"),
                              ("地表水达到或好于Ⅲ类水体比例", "%", "75", "80", "约束性"),
                              ("生活垃圾回收利用率", "%", "30", "35以上", "预期性")], start=2):
        if r == 4:
            t.cell(r, 0).text = "绿色发展"
        for j, s in enumerate(vals, start=1):
            t.cell(r, j).text = s
    d.add_paragraph("二、重点任务")
    doc = policyparse.parse(_save(d, tmp_path))
    assert rows(doc) == [
        ("空气质量优良天数比例", 2024, 90.0, None, "%", ">=", 2020, 88.5, "约束性"),
        ("地表水达到或好于Ⅲ类水体比例", 2024, 80.0, None, "%", "=", 2020, 75.0, "约束性"),
        ("生活垃圾回收利用率", 2024, 35.0, None, "%", ">=", 2020, 30.0, "预期性"),
    ]
    assert_spans(doc)
    assert all(t.path == ["一"] for t in doc.targets)


def test_a_pdf_indicator_table(tmp_path):
    page = Page().text(80, 790, "某县“十四五”节能规划").text(80, 770, "一、主要目标")
    xs, ys = [80, 260, 330, 410, 490], [750, 720, 690, 660]
    for x in xs:
        page.line(x, ys[0], x, ys[-1])
    for y in ys:
        page.line(xs[0], y, xs[-1], y)
    cells = [("指标", "单位", "2020年", "2025年"), ("森林覆盖率", "%", "40", "42"),
             ("公共机构能耗降低", "%", "—", "5")]
    for row, y in zip(cells, ys, strict=False):
        for (x, s) in zip(xs, row, strict=False):
            if s.isascii():
                page.latin(x + 8, y - 20, s, size=10.5)
            else:
                page.text(x + 8, y - 20, s, size=10.5)
    page.text(80, 630, "表中指标属性均为约束性。")
    p = tmp_path / "plan.pdf"
    p.write_bytes(build([page]))
    doc = policyparse.parse(p)
    got = [(t.indicator, t.year, t.value, t.unit, t.baseline_value) for t in doc.targets
           if t.source == "table"]
    assert got == [("森林覆盖率", 2025, 42.0, "%", 40.0), ("公共机构能耗降低", 2025, 5.0, "%", None)]
    assert_spans(doc)



def test_merge_sweeps_every_cell():
    cells = [Target(path=[], text="x", value=1.0, span=(s, s + 2), source="table")
             for s in (0, 10, 30)]
    prose = [Target(path=[], text="y", value=2.0, span=span)
             for span in [(2, 10), (5, 11), (12, 30), (31, 40), (40, 50)]]
    kept = [t.span for t in indicators.merge(prose, cells) if t.source == "inline"]
    assert kept == [(2, 10), (12, 30), (40, 50)]


def test_a_grids_extent_is_that_of_its_cells_that_hold_text():
    """Empty cells (a start and end of 0, or anywhere) do not count; a merged cell carried
    down to a later row does not move it."""
    from policyparse.extract.indicators import _Grid
    from policyparse.loaders import Cell

    merged = Cell("指标", 12, 14)
    grid = _Grid([[Cell("", 0, 0), merged, Cell("2025年", 15, 20)],
                  [Cell("", 40, 40), merged, Cell("93", 30, 32)]])
    assert grid.extent == (12, 32)


def test_rows_after_a_broken_line_go_on_with_the_table():
    plan = """某县“十四五”生态环境保护规划
一、主要目标
| 指标 | 2020年现状值 | 2025年目标值 | 属性 |
| 1 | 环境质量 | 空气质量 | 优良天数比率（%） | 91 | ≥93 | 约束性 |
生态质量指标稳中向好预期性
| 15 | 生态 | 森林覆盖率（%） | 23.8 | ≥25 | 约束性 |
二、重点任务
推进乡村道路建设，安排如下。
| 1 | 甲镇 | 乡村道路 | 5 | 6 | 新建 |
"""
    doc = policyparse.parse_text(plan)
    # the cells left of the name are group cells (序号, 领域): not part of the indicator; a
    # grid under the next heading is no part of the table
    assert rows(doc) == [
        ("优良天数比率", 2025, 93.0, None, "%", ">=", 2020, 91.0, "约束性"),
        ("森林覆盖率", 2025, 25.0, None, "%", ">=", 2020, 23.8, "约束性"),
    ]


def test_a_change_under_a_group_that_names_a_fall_is_a_decrease():
    plan = """某市“十四五”生态环境保护规划
一、主要目标
| 类别 | 指标 | 单位 | 2025年 | 属性 |
| 主要污染物重点工程减排量 | 化学需氧量 | % | [8] | 约束性 |
| 生态保护 | 湿地保护面积 | 万亩 | [2] | 预期性 |
"""
    doc = policyparse.parse_text(plan)
    assert [(t.indicator, t.value, t.comparator, t.relation) for t in doc.targets] == [
        ("化学需氧量", 8.0, "累计", "decrease"), ("湿地保护面积", 2.0, "累计", "increase")]


def test_footnote_marks_after_a_header_and_a_value():
    plan = """某省“十四五”土壤生态环境保护规划
一、主要目标
专栏1 “十四五”土壤生态环境保护主要指标
| 类型 | 指标名称 | 2020年（现状值） | 2024年① | 指标属性 |
| 土壤 | 受污染耕地安全利用率② | 93.3% | 93%左右 | 约束性 |
"""
    doc = policyparse.parse_text(plan)
    assert rows(doc) == [("受污染耕地安全利用率", 2024, 93.0, None, "%", "~", 2020, 93.3, "约束性")]


def test_bare_years_from_the_notices_year_on_are_all_targets():
    plan = """某市碳达峰实施方案
某市人民政府
2022年6月1日
一、主要目标
| 指标 | 单位 | 2025年 | 2030年 | 属性 |
| 非化石能源消费比重 | % | 20 | 25 | 约束性 |
"""
    doc = policyparse.parse_text(plan)
    assert [(t.year, t.value, t.baseline_year) for t in doc.targets] == [
        (2025, 20.0, None), (2030, 25.0, None)]
