from __future__ import annotations

import itertools
import unicodedata

import pytest

import policyparse
from policyparse.outline import label_number, segment
from tests.conftest import gold, parsed


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def labelled(doc):
    return [s for s in doc.sections() if s.label is not None]


# --- the samples -----------------------------------------------------------------------------


def test_every_section_span_slices_back_to_its_label_or_heading(sample):
    doc = parsed(sample)
    assert doc.sections()
    for s in doc.sections():
        start, end = s.span
        piece = doc.text[start:end]
        assert piece, s
        if s.label is not None:
            assert nfkc(piece).startswith(nfkc(s.marker or "")), (s.label, piece[:30])
            assert label_number(nfkc(s.marker or "").strip("（）()、.．,， ")) is not None
        else:
            assert piece.startswith(s.heading), (s.heading, piece[:30])
        hs, he = s.heading_span
        assert doc.text[hs:he] == s.heading
        assert start <= hs <= he <= end
        for c in s.children:
            assert start <= c.span[0] <= c.span[1] <= end


def test_outline_equals_gold(sample):
    doc = parsed(sample)
    got = [(s.level, nfkc(s.label), s.heading) for s in labelled(doc)]
    want = [(g["level"], nfkc(g["label"]), g["heading"]) for g in gold(sample)["outline"]]
    assert got == want


def test_siblings_do_not_overlap(sample):
    doc = parsed(sample)

    def walk(nodes):
        for a, b in itertools.pairwise(nodes):
            assert a.span[1] <= b.span[0]
        for n in nodes:
            walk(n.children)

    walk(doc.outline)


def test_paths_run_from_the_root(sample):
    for s in parsed(sample).sections():
        if s.label is not None:
            assert s.path[-1] == s.label
        for c in s.children:
            assert c.path[: len(s.path)] == s.path


def test_lead_sentence_items_of_sample_004():
    doc = parsed("004_9e41d0a2607aace1.txt")
    leads = [s for s in doc.sections() if s.label is None]
    assert len(leads) == 61
    first = leads[0]
    assert first.heading == "绿色产业发展势头良好"
    assert first.path == ["一", "(一)"] or first.path == ["一", "（一）"]
    assert first.level == 3


def test_no_warnings_on_the_samples(sample):
    assert [w for w in parsed(sample).warnings if w.code == "numbering"] == []


# --- constructs, on texts made for the test ---------------------------------------------------


def outline_of(body: str):
    doc = policyparse.parse_text(body)
    return doc, [(s.level, s.label, s.heading) for s in doc.sections()]


@pytest.mark.parametrize(
    ("line", "level", "label"),
    [
        ("一、总体要求", 1, "一"),
        ("十二．保障措施", 1, "十二"),
        ("（一）指导思想", 2, "（一）"),
        ("(二)基本原则", 2, "（二）"),
        ("( 三 )主要目标", 2, "（三）"),
        ("1.推进工业绿色化", 3, "1"),
        ("2．推进农业绿色化", 3, "2"),
        ("3、推进服务业绿色化", 3, "3"),
        ("（1）加快建设", 4, "（1）"),
        ("(2)完善机制", 4, "（2）"),
        ("①试点先行", 5, "①"),
    ],
)
def test_marker_variants(line, level, label):
    _, items = outline_of(line)
    assert items[0][:2] == (level, label)


def test_heading_ends_at_the_first_full_stop_with_body_on_the_same_line():
    _, items = outline_of("一、保障措施\n（一）强化法律法规支撑。落实能源资源节约法律法规。")
    assert items[1] == (2, "（一）", "强化法律法规支撑")


def test_bare_heading_line_is_the_whole_line():
    _, items = outline_of("一、健全绿色低碳循环发展的生产体系\n推进工业绿色升级，加快淘汰落后产能。")
    assert items == [(1, "一", "健全绿色低碳循环发展的生产体系")]


def test_markdown_marks_are_not_part_of_headings():
    _, items = outline_of("### **三、健全绿色流通体系**\n#### （一）推进绿色物流。正文。")
    assert items == [(1, "三", "健全绿色流通体系"), (2, "（一）", "推进绿色物流")]


def test_levels_nest_and_restart():
    body = "一、甲\n（一）子一\n1.孙一\n（1）曾孙\n2.孙二\n（二）子二\n二、乙\n（一）子三"
    doc, _items = outline_of(body)
    assert [s.label for s in doc.outline] == ["一", "二"]
    assert [c.label for c in doc.outline[0].children] == ["（一）", "（二）"]
    assert doc.outline[0].children[0].children[0].children[0].path == ["一", "（一）", "1", "（1）"]
    assert doc.outline[1].children[0].path == ["二", "（一）"]
    assert doc.warnings == []


def test_numbering_that_runs_on_through_the_document_is_not_a_jump():
    body = "一、甲\n（一）子一\n（二）子二\n二、乙\n（三）子三\n（四）子四"
    doc, _ = outline_of(body)
    assert doc.warnings == []
    assert [c.label for c in doc.outline[1].children] == ["（三）", "（四）"]


def test_numbering_jump_and_repeat_are_warnings_not_errors():
    doc, items = outline_of("一、甲\n三、丙\n三、丙又一次")
    assert len(items) == 3
    codes = [w.code for w in doc.warnings]
    assert codes == ["numbering", "numbering"]
    assert "jumps" in doc.warnings[0].message
    assert "repeats" in doc.warnings[1].message
    s, e = doc.warnings[0].span
    assert doc.text[s:e] == "三、丙"


def test_dash_bullets_are_not_sections():
    _, items = outline_of("一、总体要求\n（一）基本原则。\n——重点突破，融合发展。以节能为重点。\n——创新引领。深入推动。")
    assert items == [(1, "一", "总体要求"), (2, "（一）", "基本原则")]


def test_lead_sentences_need_a_run_of_two():
    body = (
        "一、主要任务\n（一）优化产业结构。\n"
        "加快淘汰落后低效产能。推动钢铁行业兼并重组。\n"
        "大力发展绿色产业。培育一批龙头企业。\n"
        "（二）推进节能。\n推进城镇污水管网全覆盖。完善污泥处置设施。"
    )
    _, items = outline_of(body)
    assert items == [
        (1, "一", "主要任务"),
        (2, "（一）", "优化产业结构"),
        (3, None, "加快淘汰落后低效产能"),
        (3, None, "大力发展绿色产业"),
        (2, "（二）", "推进节能"),
    ]


def test_body_ends_at_the_annex_and_tables_are_not_sections():
    body = (
        "一、总体目标\n（一）推进工业绿色升级。正文。\n附件：重点任务清单\n"
        "重点任务 | 责任单位 | |\n一、健全生产体系 | (一)推进工业 | 1 | 开展核查。| 市工信局 |"
    )
    doc, items = outline_of(body)
    assert items == [(1, "一", "总体目标"), (2, "（一）", "推进工业绿色升级")]
    assert doc.text[doc.outline[0].span[1] - 3:doc.outline[0].span[1]] == "正文。"


def test_body_starts_after_the_plan_title():
    body = (
        "关于印发节能方案的通知\n各区县人民政府：\n现将《节能方案》印发给你们，请认真贯彻执行。\n"
        "一、不属于正文的条目\n节能方案\n一、总体要求\n（一）指导思想。"
    )
    doc = policyparse.parse_text(body)
    assert doc.meta.title == "节能方案"
    assert [s.label for s in doc.sections()] == ["一", "（一）"]


def test_segment_on_text_without_markers_is_empty():
    out = segment("这是一段没有编号的正文。")
    assert out.sections == [] and out.warnings == []


@pytest.mark.parametrize(("num", "value"), [("一", 1), ("十", 10), ("二十九", 29), ("7", 7)])
def test_label_number(num, value):
    assert label_number(num) == value


def test_a_list_of_numerals_is_not_a_heading():
    _, items = outline_of("一、充分认识形势\n三、四月份是森林火灾高发期，要加强巡查。\n一、二级水源保护区内禁止建设。\n二、落实防控措施")
    assert items == [(1, "一", "充分认识形势"), (1, "二", "落实防控措施")]


def test_half_bracket_arabic_items_are_level_four():
    _, items = outline_of("一、主要任务\n1.加强监测。\n1）建立台账。正文。\n2）定期巡查。正文。")
    assert [(lv, lab) for lv, lab, _ in items] == [(1, "一"), (3, "1"), (4, "（1）"), (4, "（2）")]


def test_an_annex_list_in_the_cover_does_not_end_the_body():
    doc = policyparse.parse_text(
        "某市人民政府关于印发某市实施意见的通知\n各区人民政府：\n《某市实施意见》已经市政府同意，现印发给你们。\n"
        "附件：某市实施意见\n某市人民政府\n2023年4月20日\n一、总体要求\n坚持分类。\n附表\n序号 | 项目 | 单位 |")
    assert [s.label for s in doc.sections()] == ["一"]
    assert "附表" not in doc.text[doc.outline[0].span[0]:doc.outline[0].span[1]]


def test_a_tables_section_row_without_pipes_is_no_outline_item():
    doc = policyparse.parse_text(
        "某区老年助餐服务任务分工\n序号 | 任务 | 牵头单位 | 配合单位 | 完成时限\n一、扩大助餐服务供给\n"
        "1 | 新增助餐点60个 | 区民政局 | 各街道办事处 | 2024年12月底前\n二、加强资金支持\n"
        "2 | 落实助餐补贴政策 | 区民政局 | 区财政局 | 长期坚持\n")
    assert doc.outline == []
    doc = policyparse.parse_text("某区方案\n一、扩大供给\n新增助餐点。\n二、加强支持\n落实补贴。")
    assert [s.label for s in doc.outline] == ["一", "二"]


def test_a_heading_between_table_rows_belongs_to_the_table_and_one_after_it_to_the_body():
    doc = policyparse.parse_text(
        "某市方案\n一、总体要求\n推进节能。\n序号 | 任务 | 责任单位 |\n1 | 推进改造 | 市工信局 |\n"
        "二、优化能源结构\n2 | 推进光伏 | 市能源局 |\n三、保障措施\n加强领导。")
    assert [s.label for s in doc.outline] == ["一", "三"]
    assert [r.path for r in doc.responsibilities if r.source == "table"] == [[], ["二"]]


def test_a_heading_ends_at_a_half_width_full_stop_between_chinese_words():
    doc = policyparse.parse_text("某市老年助餐工作方案\n一、重点任务\n(一)科学规划布点.按照模式统筹布局设施,优先覆盖.\n"
                                 "(二)多元建设供给.鼓励养老机构参与.\n")
    assert [s.heading for s in doc.outline[0].children] == ["科学规划布点", "多元建设供给"]
