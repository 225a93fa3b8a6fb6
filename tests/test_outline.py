from __future__ import annotations

import itertools
import unicodedata

import pytest

import policyparse
from policyparse._records import Section
from policyparse.lines import toc_lines
from policyparse.outline import label_number, segment
from tests.conftest import gold, parsed


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def labelled(doc):
    return [s for s in doc.sections() if s.label is not None]


def test_the_segmenter_sets_every_field_of_its_sections():
    """segment stores each Section's fields itself (no call of its __init__): a field added to
    Section is set there too."""
    text = "一、总则\n（一）目标。推进改造，完成任务。\n加快改造。落实。\n加强监管。落实。\n二、附则"
    stack = list(segment(text).sections)
    assert len(stack) == 2
    while stack:
        s = stack.pop()
        values = {name: getattr(s, name) for name in Section.__slots__}  # (an unset one raises)
        assert Section(**values) == s
        stack.extend(s.children)


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


# --- chapters, articles and tables of contents ------------------------------------------------


def tree(doc):
    return [(s.level, s.label, s.heading, s.path) for s in doc.sections()]


REGULATION = (
    "某市生活垃圾分类管理办法\n"
    "第一章　总则\n"
    "第一条　为了规范生活垃圾分类工作，根据有关法律法规，制定本办法。\n"
    "第二条本办法适用于本市行政区域内的生活垃圾分类活动。\n"
    "第二章\n"
    "分类投放\n"
    "第三条　单位和个人应当履行下列义务：\n"
    "（一）按照规定分类投放；\n"
    "（二）不得随意倾倒垃圾。\n"
    "违反前款规定的，依法处理。\n"
    "第四条\n"
    "市城市管理部门负责监督检查。（责任单位：市城管局）\n"
    "第三章附则\n"
    "第五条　本办法自印发之日起施行。\n"
)


def test_a_regulation_nests_articles_under_chapters_and_items_under_articles():
    doc = policyparse.parse_text(REGULATION)
    assert tree(doc) == [
        (1, "第一章", "总则", ["第一章"]),
        (2, "第一条", "为了规范生活垃圾分类工作，根据有关法律法规，制定本办法", ["第一章", "第一条"]),
        (2, "第二条", "本办法适用于本市行政区域内的生活垃圾分类活动", ["第一章", "第二条"]),
        (1, "第二章", "分类投放", ["第二章"]),
        (2, "第三条", "单位和个人应当履行下列义务：", ["第二章", "第三条"]),
        (3, "（一）", "按照规定分类投放；", ["第二章", "第三条", "（一）"]),
        (3, "（二）", "不得随意倾倒垃圾", ["第二章", "第三条", "（二）"]),
        (2, "第四条", "市城市管理部门负责监督检查", ["第二章", "第四条"]),
        (1, "第三章", "附则", ["第三章"]),
        (2, "第五条", "本办法自印发之日起施行", ["第三章", "第五条"]),
    ]
    assert doc.warnings == []  # articles run on through the chapters
    article3 = doc.outline[1].children[0]
    assert doc.text[slice(*article3.span)].endswith("违反前款规定的，依法处理。")
    assert article3.marker == "第三条"
    for s in doc.sections():
        assert doc.text[slice(*s.heading_span)] == s.heading
    assert [r.path for r in doc.responsibilities] == [["第二章", "第四条"]]


def test_articles_without_chapters_are_the_roots():
    doc = policyparse.parse_text(
        "第一条 为规范资金管理，制定本细则。\n第二条 资金用于以下方面：\n(一)节能改造；\n(二)清洁生产。\n"
        "第三条 本细则由市财政局负责解释。\n"
    )
    assert [(s.level, s.label) for s in doc.sections()] == [
        (1, "第一条"), (1, "第二条"), (2, "（一）"), (2, "（二）"), (1, "第三条")]


PLAN = (
    "某市“十四五”节能减排规划\n"
    "第一章 发展基础\n"
    "第一节 主要成效\n"
    "一、能源结构持续优化\n"
    "（一）煤炭消费下降。全市煤炭消费比重下降到50%。\n"
    "二、产业结构持续优化\n"
    "第二节 面临形势\n"
    "当前，节能减排仍面临较大压力。\n"
    "第二章总体要求\n"
    "第一节指导思想\n"
    "坚持节约优先。\n"
    "第二节主要目标\n"
    "到2025年，单位地区生产总值能耗下降14%。\n"
)


def test_a_plan_nests_the_numbered_family_under_chapters_and_sections():
    doc = policyparse.parse_text(PLAN)
    assert [(s.level, s.label, s.heading) for s in doc.sections()] == [
        (1, "第一章", "发展基础"),
        (2, "第一节", "主要成效"),
        (3, "一", "能源结构持续优化"),
        (4, "（一）", "煤炭消费下降"),
        (3, "二", "产业结构持续优化"),
        (2, "第二节", "面临形势"),
        (1, "第二章", "总体要求"),
        (2, "第一节", "指导思想"),
        (2, "第二节", "主要目标"),
    ]
    assert doc.warnings == []  # 第一节 and 一、 restart under each parent
    assert [t.path for t in doc.targets] == [["第二章", "第二节"]]


def test_a_chapter_and_its_first_section_run_together_on_one_line():
    doc = policyparse.parse_text("第一章发展回顾第一节主要成效\n成效显著。\n第二节面临形势\n形势严峻。\n")
    assert [(s.level, s.label, s.heading) for s in doc.sections()] == [
        (1, "第一章", "发展回顾"), (2, "第一节", "主要成效"), (2, "第二节", "面临形势")]


def test_parts_and_volumes_enclose_chapters():
    doc = policyparse.parse_text(
        "第一编 总则\n第一章 一般规定\n第一条 为了保护环境，制定本条例。\n"
        "第二编 分则\n第二章 大气\n第二条 禁止露天焚烧。\n第一部分 附录说明\n说明文字。\n")
    assert [(s.level, s.label) for s in doc.sections()] == [
        (1, "第一编"), (2, "第一章"), (3, "第一条"), (1, "第二编"), (2, "第二章"), (3, "第二条"),
        (2, "第一部分")]  # a part ranks above a chapter: it closes 第二章


@pytest.mark.parametrize(
    "line",
    ["第二条高速公路年内建成通车。", "第一条件是资金到位。", "第二节点城市加快建设。", "第一章程修订完成。"],
)
def test_look_alikes_of_chapter_and_article_labels_are_prose(line):
    doc = policyparse.parse_text(f"一、总体要求\n{line}")
    assert [s.label for s in doc.sections()] == ["一"]


TOC_SHAPES = {
    "leaders": (
        "目录\n第一章 总则..........................1\n第一节 目的……………………………1\n"
        "第二章 附则·························5\n"
    ),
    "leaders on lines of their own": (
        "目  录\n一、总体要求\n..............................\n3\n（一）指导思想\n"
        "........................\n3\n二、保障措施\n.........................\n5\n"
    ),
    "entries run together": (
        "目录\n前言.............1一、规划背景............2（一）发展基础..........2\n"
        "二、总体要求.............4\niii\n"
    ),
    "page numbers only": "目录\n第一章 总则 1\n第二章 附则 5\n",
    "leaders drawn with a private-use glyph": (
        "目录\n第一章总则" + "\U001001ba" * 12 + " (1)\n第二章附则" + "\U001001ba" * 12 + " (5)\n"
    ),
    "bare labels": "目录\n第一章总则\n第二章附则\n",
}


@pytest.mark.parametrize("shape", list(TOC_SHAPES))
def test_a_table_of_contents_is_left_out_of_the_outline(shape):
    body = (
        "某市节能规划\n" + TOC_SHAPES[shape] + "第一章总则\n为了节约能源，制定本规划。\n"
        "第二章附则\n本规划自印发之日起施行。\n附件：重点项目表\n"
    )
    doc = policyparse.parse_text(body)
    assert [(s.label, s.heading) for s in doc.sections()] == [("第一章", "总则"), ("第二章", "附则")]
    assert "".join(TOC_SHAPES[shape].split()) in "".join(doc.text.split())  # the text keeps it
    assert doc.warnings == []


def test_the_annex_entry_of_a_table_of_contents_does_not_end_the_body():
    body = (
        "某市节能规划\n目录\n一、总体要求.........1\n二、主要任务.........3\n附件.........9\n"
        "一、总体要求\n（一）指导思想。正文。\n二、主要任务\n（一）推进节能。正文。\n附件\n重点项目表\n"
    )
    doc = policyparse.parse_text(body)
    assert [s.label for s in doc.sections()] == ["一", "（一）", "二", "（一）"]


@pytest.mark.parametrize("page", ["{}", "-{}-", "({})"])
def test_leader_lines_without_a_title_are_no_headings(page):
    doc = policyparse.parse_text(
        f"一、总体要求..........{page.format(1)}\n二、保障措施..........{page.format(4)}\n"
        "一、总体要求\n推进节能。\n二、保障措施\n加强领导。\n")
    assert [(s.label, s.heading) for s in doc.sections()] == [("一", "总体要求"), ("二", "保障措施")]


def test_a_forms_blanks_are_no_table_of_contents():
    doc = policyparse.parse_text(
        "一、申报要求\n（一）按时申报。\n（二）申报单位（盖章）\n________________\n联系人：__________\n"
        "（三）加盖公章。\n")
    assert [s.label for s in doc.sections()] == ["一", "（一）", "（二）", "（三）"]


def test_toc_lines_without_a_repeat_are_not_a_bare_toc():
    assert toc_lines(["目录", "第一章总则", "第一条为了规范管理，制定本办法。"]) == set()
    assert toc_lines(["目录", "第一章总则", "第二章附则", "第一章总则"]) == {0, 1, 2}


# --- annexed plans ------------------------------------------------------------------------------

COVER_AND_TWO_PLANS = (
    "某县人民政府办公室关于印发节水和护林两个行动方案的通知\n"
    "各乡镇人民政府：\n"
    "现将《某县节水行动方案》和《某县护林行动方案》印发给你们，请结合实际认真贯彻落实。\n"
    "一、加强领导。各乡镇要成立工作专班。\n"
    "二、强化督查。县政府督查室定期通报进展。\n"
    "附件：1.某县节水行动方案\n"
    "2.某县护林行动方案\n"
    "某县人民政府办公室\n"
    "2024年5月6日\n"
    "附件1\n"
    "某县节水行动方案\n"
    "一、主要目标\n"
    "到2026年，全县万元生产总值用水量下降15%。\n"
    "二、重点任务\n"
    "（一）推广高效节灌。（责任单位：县水利局）\n"
    "（二）治理管网漏损。\n"
    "附件2\n"
    "某县护林行动方案\n"
    "（2024—2026年）\n"
    "一、主要目标\n"
    "到2026年，全县森林覆盖率达到65%。\n"
    "二、重点任务\n"
    "（一）加强防火巡查。（责任单位：县林业局）\n"
    "（二）推进退化林修复。\n"
    "附件3\n"
    "| 乡镇 | 面积 |\n"
    "| 甲镇 | 100 |\n"
)


def test_each_plan_annexed_after_the_body_is_a_subtree_rooted_at_its_annex():
    doc = policyparse.parse_text(COVER_AND_TWO_PLANS)
    assert doc.meta.title == "某县节水行动方案"  # the first plan stays the body
    assert [(s.level, s.label, s.heading) for s in doc.outline] == [
        (1, "一", "加强领导"), (1, "二", "强化督查"),  # the cover's own items
        (1, "一", "主要目标"), (1, "二", "重点任务"),  # the plan that is the body
        (1, "附件2", "某县护林行动方案\n（2024—2026年）"),  # the second plan, under its annex
    ]
    annex = doc.outline[-1]
    assert annex.marker == "附件2"
    assert doc.text[slice(*annex.heading_span)] == annex.heading
    assert [(s.level, s.path) for s in doc.sections() if s.path[:1] == ["附件2"]][1:] == [
        (2, ["附件2", "一"]), (2, ["附件2", "二"]), (3, ["附件2", "二", "（一）"]),
        (3, ["附件2", "二", "（二）"])]
    assert doc.text[slice(*annex.span)].endswith("（二）推进退化林修复。")  # not the table after
    assert [(r.path, r.units[0].name) for r in doc.responsibilities] == [
        (["二", "（一）"], "县水利局"), (["附件2", "二", "（一）"], "县林业局")]
    assert [(t.path, t.value) for t in doc.targets] == [(["一"], 15.0), (["附件2", "一"], 65.0)]
    assert doc.warnings == []


def test_an_annex_without_a_plan_of_its_own_is_no_subtree():
    body = (
        "某市节能方案\n一、总体要求\n推进节能。\n二、重点任务\n落实责任。\n"
        "附件\n名词解释\n1.能耗强度：单位产出的能源消费量。\n2.碳排放：二氧化碳的排放。\n"
        "附件：1.重点项目表\n2.资金安排表\n"
    )
    doc = policyparse.parse_text(body)
    assert [s.label for s in doc.outline] == ["一", "二"]


def test_an_annexed_plan_whose_title_ends_in_other_words_stands_over_its_first_heading():
    body = (
        "某市节能方案\n一、总体要求\n推进节能。\n二、重点任务\n落实责任。\n"
        "附件2\n某市节能奖励资金申领程序\n一、申领条件\n符合条件的企业可以申领。\n"
        "二、申领材料\n（一）申请表。\n（二）审计报告。\n"
    )
    doc = policyparse.parse_text(body)
    assert [(s.label, s.heading) for s in doc.outline] == [
        ("一", "总体要求"), ("二", "重点任务"), ("附件2", "某市节能奖励资金申领程序")]
    assert [s.level for s in doc.outline[-1].children] == [2, 2]


def test_a_table_of_contents_without_a_title_whose_first_leader_stands_below_its_label():
    doc = policyparse.parse_text(
        "某市政策汇编\n一、支持节能\n..............................\n（一）税收优惠\n"
        "..............................\n1.节能项目减免所得税\n3\n二、支持环保\n"
        "..............................\n一、支持节能\n（一）税收优惠\n正文。\n二、支持环保\n正文。\n")
    assert [s.label for s in doc.sections()] == ["一", "（一）", "二"]


def test_an_annex_named_under_the_signature_is_found_under_its_title_spelled_again():
    body = (
        "某市科学技术局关于组织申报2024年度节能科技项目的通知\n各区科技局：\n"
        "现将有关事项通知如下。\n一、申报条件\n申报单位应为本市企业。\n二、申报时间\n即日起至6月底。\n"
        "附件：2024年度节能科技项目指南及申报\n要求\n某市科学技术局\n2024年5月6日\n"
        "2024年度节能科技项目\n指南及申报要求\n一、节能技术项目\n（一）项目指南\n开展节能技术研究。\n"
        "二、示范应用项目\n（一）项目指南\n开展示范应用。\n"
    )
    doc = policyparse.parse_text(body)
    annex = doc.outline[-1]
    assert (annex.label, annex.heading) == ("附件", "2024年度节能科技项目\n指南及申报要求")
    assert [c.path for c in annex.children] == [["附件", "一"], ["附件", "二"]]


SEVERAL_PLANS = (
    "某省工业和信息化厅关于印发节水、节电两个实施方案的通知\n"
    "各市工信局：\n"
    "现将两个实施方案印发给你们，请认真贯彻落实。\n"
    "某省工业和信息化厅\n"
    "2024年3月7日\n"
    "某省节水实施方案\n"
    "一、总体要求\n"
    "到2026年，万元产值用水量下降10%。\n"
    "二、重点任务\n"
    "（一）推广循环用水。\n"
    "附件：1.节水企业名单\n"
    "2.节水技术目录\n"
    "某省节电实施方案\n"
    "为推进节电，制定本方案。\n"
    "一、总体要求\n"
    "到2026年，单位产值电耗下降8%。\n"
    "二、重点任务\n"
    "（一）推广高效电机。\n"
    "（二）淘汰落后设备。\n"
    "附件：1.节电企业名单\n"
    "2.节电技术目录\n"
)


def test_a_document_printed_after_a_list_of_annexes_is_a_subtree_rooted_at_its_title():
    doc = policyparse.parse_text(SEVERAL_PLANS)
    assert [(s.level, s.label, s.heading) for s in doc.outline] == [
        (1, "一", "总体要求"), (1, "二", "重点任务"), (1, None, "某省节电实施方案")]
    second = doc.outline[-1]
    assert second.marker is None and second.path == []
    assert doc.text[slice(*second.heading_span)] == "某省节电实施方案"
    assert [(s.level, s.path) for s in second.children] == [(2, ["一"]), (2, ["二"])]
    assert [c.label for c in second.children[1].children] == ["（一）", "（二）"]
    assert doc.text[slice(*second.span)].endswith("（二）淘汰落后设备。")  # not its annex list
    assert [t.value for t in doc.targets] == [10.0, 8.0]


def test_a_list_of_annexes_followed_by_a_signature_or_going_on_numbering_opens_no_document():
    signed = SEVERAL_PLANS.replace("某省节电实施方案\n为推进节电", "某省工业和信息化厅\n为推进节电")
    assert [s.label for s in policyparse.parse_text(signed).outline] == ["一", "二"]
    going_on = SEVERAL_PLANS.replace("为推进节电，制定本方案。\n一、总体要求", "三、总体要求")
    assert [s.label for s in policyparse.parse_text(going_on).outline] == ["一", "二"]
    unsigned_dated = SEVERAL_PLANS.replace("某省节电实施方案\n为推进节电",
                                           "某省工业和信息化厅\n2024年3月7日\n某省节电实施方案\n为推进节电")
    assert [s.label for s in policyparse.parse_text(unsigned_dated).outline] == ["一", "二"]


def test_a_body_without_numbered_items_gives_its_paragraphs_as_unnumbered_items():
    doc = policyparse.parse_text(
        "某市人民政府关于同意设立某湿地公园的批复\n某政复〔2024〕3号\n某市林业局：\n"
        "你局《关于设立某湿地公园的请示》收悉。经研究，现批复如下：\n"
        "同意设立某湿地公园。公园面积120公顷，由你局负责管理。\n"
        "请你局抓紧编制保护规划，力争\n到2026年湿地保护率达到60%。\n"
        "某市人民政府\n2024年5月6日\n（此件公开发布）\n")
    assert doc.meta.title == "某市人民政府关于同意设立某湿地公园的批复"
    assert [(s.level, s.label, s.marker, s.path, s.heading) for s in doc.outline] == [
        (1, None, None, [], "你局《关于设立某湿地公园的请示》收悉"),
        (1, None, None, [], "同意设立某湿地公园"),
        (1, None, None, [], "请你局抓紧编制保护规划，力争\n到2026年湿地保护率达到60%"),
    ]
    last = doc.outline[-1]
    assert doc.text[slice(*last.span)].endswith("达到60%。")  # the signature stays outside
    assert [t.value for t in doc.targets] == [60.0]
    for s in doc.outline:
        assert doc.text[slice(*s.heading_span)] == s.heading


def test_a_reply_to_a_deputy_keeps_its_salutation_out_and_a_numbered_body_is_unchanged():
    reply = policyparse.parse_text(
        "某市人民政府办公室对市人大代表第12号建议的答复\n张某代表：\n"
        "您提出的关于增设公园的建议收悉。现答复如下：\n我市已将公园建设列入年度计划。\n"
        "感谢您对政府工作的关心和支持。\n某市人民政府办公室\n2024年6月1日\n")
    assert [s.heading for s in reply.outline] == [
        "您提出的关于增设公园的建议收悉", "我市已将公园建设列入年度计划", "感谢您对政府工作的关心和支持"]
    numbered = policyparse.parse_text(
        "某市节能方案\n为了节能，制定本方案。\n一、总体要求\n推进节能。\n二、重点任务\n落实责任。\n")
    assert [s.label for s in numbered.outline] == ["一", "二"]
    untitled = policyparse.parse_text("为了节能，制定本方案。\n推进节能。\n")
    assert untitled.outline == []  # no title: where the body starts is unknown


def test_a_forms_captions_under_an_unnumbered_notice_are_no_items():
    doc = policyparse.parse_text(
        "关于开展节能情况调查的通知\n各有关单位：\n请各单位如实填写下表，于6月底前报送。\n"
        "节能情况调查表\n填报人：\n电话：\n| 序号 | 项目 | 节能量 |\n| 1 | | |\n"
        "备注：请如实填写，\n不涉及的填无\n")
    assert [s.heading for s in doc.outline] == ["请各单位如实填写下表，于6月底前报送"]


def test_an_annex_whose_first_section_is_not_numbered_one_is_no_subtree():
    body = (
        "某市节能方案\n一、总体要求\n推进节能。\n二、重点任务\n落实责任。\n"
        "附件2\n某市节能项目申报指南\n专题一：余热利用\n考核指标：形成技术2项；\n"
        "④建成示范线1条。\n专题二：电机改造\n考核指标：完成改造；\n②节电10%。\n"
    )
    doc = policyparse.parse_text(body)
    assert [s.label for s in doc.outline] == ["一", "二"]
    numbered = body.replace("④建成", "1.建成").replace("②节电", "2.节电")
    assert [s.label for s in policyparse.parse_text(numbered).outline] == ["一", "二", "附件2"]
