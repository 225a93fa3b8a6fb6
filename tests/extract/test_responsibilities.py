from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

import policyparse
from tests.conftest import gold, parsed


def nfkc(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def inline(body: str):
    doc = policyparse.parse_text(body)
    return doc, [r for r in doc.responsibilities if r.source == "inline"]


def units_of(r):
    return [(u.text, u.name, u.role) for u in r.units]


# --- the samples -----------------------------------------------------------------------------


def test_every_span_slices_back_to_its_raw_and_its_units(sample):
    doc = parsed(sample)
    for r in doc.responsibilities:
        assert doc.text[r.span[0]:r.span[1]] == r.raw
        for u in r.units:
            assert u.span is not None
            assert doc.text[u.span[0]:u.span[1]] == u.text
            assert r.span[0] <= u.span[0] <= u.span[1] <= r.span[1]
        if r.task is not None:
            assert r.task_span is not None
            assert doc.text[r.task_span[0]:r.task_span[1]] == r.task


def test_inline_units_equal_gold(sample):
    got = Counter(
        (nfkc(r.path[-1]) if r.path else "", nfkc(u.text))
        for r in parsed(sample).responsibilities if r.source == "inline" for u in r.units
    )
    want = Counter(
        (nfkc(g["at"][-1]), nfkc(name)) for g in gold(sample)["units"] for name in g["units"]
    )
    assert got == want


def test_inline_raws_equal_gold_in_order(sample):
    got = [r.raw for r in parsed(sample).responsibilities if r.source == "inline"]
    assert got == [g["raw"] for g in gold(sample)["units"]]


def test_no_lead_where_the_samples_name_none(sample):
    # no sample says who leads: a lead would be invented
    assert all(u.role == "responsible" for r in parsed(sample).responsibilities for u in r.units)


def test_canonical_names_in_the_samples():
    doc = parsed("000_b13d9c5abc88dd4a.txt")
    first = doc.responsibilities[0]
    assert [u.name for u in first.units] == [
        "市工业和信息化局", "市发展改革委", "市水务局", "市商务局"]
    names = {u.text: u.name for r in doc.responsibilities for u in r.units}
    assert names["市场监管局"] == "市市场监管局"       # 市场, not the prefix 市
    assert names["朝阳金融监管分局"] == "朝阳金融监管分局"  # has a place of its own
    assert names["自然资源局(林草局)"] == "市自然资源局（林草局）"
    doc2 = parsed("002_7ad6b5fece9b2224.txt")
    names2 = {u.text: u.name for r in doc2.responsibilities for u in r.units}
    assert names2["市政务服务和数字化局"] == "市政务服务和数字化局"
    assert names2["辽源高新区管委会"] == "辽源高新区管委会"


def test_no_warnings_on_the_samples(sample):
    codes = {w.code for w in parsed(sample).warnings}
    assert not codes & {"unit_list_partial", "unit_list_skipped"}


# --- constructs, on texts made for the test ---------------------------------------------------

BODY = "一、重点任务\n（一）推进工业绿色升级。加快淘汰落后产能。{}\n（二）加快农业绿色发展。发展生态农业。\n"


def one(parenthetical: str):
    _, found = inline(BODY.format(parenthetical))
    assert len(found) == 1, [r.raw for r in found]
    r = found[0]
    assert r.raw == parenthetical
    assert r.path == ["一", "（一）"]
    return r


def test_shared_prefix_carried_over_and_trailing_words_dropped():
    r = one("（市生态环境局、发展改革委等按职责分工负责）")
    assert units_of(r) == [("市生态环境局", "市生态环境局", "responsible"),
                           ("发展改革委", "市发展改革委", "responsible")]


def test_responsible_units_key():
    r = one("（责任单位：市财政局、市税务局，各县区政府按职责分工负责）")
    assert [u.text for u in r.units] == ["市财政局", "市税务局", "各县区政府"]
    assert {u.role for u in r.units} == {"responsible"}


def test_lead_and_support_keys():
    r = one("（牵头单位：市发改委；配合单位：市工信局、市财政局）")
    assert units_of(r) == [("市发改委", "市发展改革委", "lead"),
                           ("市工信局", "市工业和信息化局", "support"),
                           ("市财政局", "市财政局", "support")]


def test_lead_key_then_responsible_key_gives_support():
    r = one("（牵头单位：市科技局；责任单位：市教育局、各区人民政府）")
    assert [(u.text, u.role) for u in r.units] == [
        ("市科技局", "lead"), ("市教育局", "support"), ("各区人民政府", "support")]


def test_lead_verb_then_the_rest():
    r = one("（市商务局牵头，市交通运输局、市邮政管理局等按职责分工负责）")
    assert [(u.text, u.role) for u in r.units] == [
        ("市商务局", "lead"), ("市交通运输局", "support"), ("市邮政管理局", "support")]


def test_lead_verb_and_support_verb():
    r = one("（省能源局牵头，省财政厅、省自然资源厅配合）")
    assert [(u.text, u.name, u.role) for u in r.units] == [
        ("省能源局", "省能源局", "lead"), ("省财政厅", "省财政厅", "support"),
        ("省自然资源厅", "省自然资源厅", "support")]


def test_first_listed_convention_holds_for_the_lists_after_it():
    body = ("一、重点任务\n（一）甲。推进节能。（市发展改革委、市工信局负责。列第一位者为牵头单位，下同）\n"
            "（二）乙。推进减排。（市生态环境局、市住建局、市水务局按职责分工负责）\n")
    _, found = inline(body)
    assert [[(u.text, u.role) for u in r.units] for r in found] == [
        [("市发展改革委", "lead"), ("市工信局", "support")],
        [("市生态环境局", "lead"), ("市住建局", "support"), ("市水务局", "support")],
    ]
    assert found[0].raw == "（市发展改革委、市工信局负责。列第一位者为牵头单位，下同）"


def test_first_listed_convention_without_xia_tong_holds_for_its_own_list_only():
    body = ("一、重点任务\n（一）甲。推进节能。（市发展改革委、市工信局负责，排在第一位的为牵头单位）\n"
            "（二）乙。推进减排。（市生态环境局、市住建局按职责分工负责）\n")
    _, found = inline(body)
    assert [u.role for u in found[0].units] == ["lead", "support"]
    assert [u.role for u in found[1].units] == ["responsible", "responsible"]


def test_first_listed_convention_stated_in_running_text():
    body = ("一、重点任务\n各项任务中，列第一位者为牵头单位。\n"
            "（一）甲。推进节能。（市发展改革委、市工信局负责）\n")
    _, found = inline(body)
    assert [u.role for u in found[0].units] == ["lead", "support"]


def test_first_listed_convention_in_brackets_of_its_own():
    body = ("一、重点任务\n各项任务分工如下（排在第一位的为牵头单位）：\n"
            "（一）甲。推进节能。（市发展改革委、市工信局负责）\n")
    _, found = inline(body)
    assert len(found) == 1
    assert [u.role for u in found[0].units] == ["lead", "support"]


def test_a_convention_in_a_note_at_the_end_covers_the_lists_before_it():
    _, found = inline("一、重点任务\n（一）提升服务。（市商务局、市财政局负责）\n"
                      "（二）强化监管。（市市场监管局、市公安局）\n"
                      "二、保障措施\n加强领导。\n注：各项任务中列第一位的为牵头单位。\n")
    assert [[u.role for u in r.units] for r in found] == [["lead", "support"]] * 2


def test_an_explicit_lead_beats_the_convention():
    body = ("一、重点任务\n列第一位者为牵头单位。\n"
            "（一）甲。推进节能。（市工信局、市发展改革委牵头，市财政局配合）\n")
    _, found = inline(body)
    assert [u.role for u in found[0].units] == ["lead", "lead", "support"]


@pytest.mark.parametrize(
    "parenthetical",
    ["〔市发展改革委、市财政局按职责分工负责〕", "(市发展改革委、市财政局按职责分工负责)",
     "【责任单位：市发展改革委、市财政局】", "［市发展改革委、市财政局负责］"],
)
def test_bracket_kinds(parenthetical):
    r = one(parenthetical)
    assert [u.text for u in r.units] == ["市发展改革委", "市财政局"]


@pytest.mark.parametrize("sep", ["、", "，", ",", "；", ";"])
def test_separators(sep):
    r = one(f"（市林业局{sep}市水务局{sep}各县区政府按职责分工负责）")
    assert [u.text for u in r.units] == ["市林业局", "市水务局", "各县区政府"]


def test_nested_brackets_inside_names():
    r = one("（市自然资源局(林草局)、各区人民政府〈含开发区，下同〉、各县（市）区等按职责分工负责）")
    assert units_of(r) == [
        ("市自然资源局(林草局)", "市自然资源局（林草局）", "responsible"),
        ("各区人民政府〈含开发区，下同〉", "各区人民政府", "responsible"),
        ("各县（市）区", "各县（市）区", "responsible"),
    ]


@pytest.mark.parametrize(
    ("parenthetical", "texts"),
    [
        ("（市农业农村局、市林业局等按职责分工负责）", ["市农业农村局", "市林业局"]),
        ("（市农业农村局、市林业局负责）", ["市农业农村局", "市林业局"]),
        ("（市农业农村局、市林业局等负责）", ["市农业农村局", "市林业局"]),
        ("（市司法局等相关部门按职责分工负责）", ["市司法局等相关部门"]),
        ("（市直各有关部门和各县区按职责分工负责）", ["市直各有关部门和各县区"]),
        ("（由各县区人民政府负责）", ["各县区人民政府"]),
        ("（具体由各县区人民政府负责）", ["各县区人民政府"]),
    ],
)
def test_trailing_words(parenthetical, texts):
    assert [u.text for u in one(parenthetical).units] == texts


@pytest.mark.parametrize("tail", [
    "按职责分工抓好落实", "按职责抓好落实", "抓好落实", "按照职责分工负责", "按职能职责分工负责",
    "分别负责", "共同负责", "负责组织实施", "按职责分工推进落实", "按职责分工做好相关工作",
    "各负其责", "按职责分工认真抓好落实",
])
def test_trailing_duty_phrases_are_not_part_of_the_last_name(tail):
    r = one(f"（市林业局、市水务局{tail}）")
    assert [(u.text, u.role) for u in r.units] == [
        ("市林业局", "responsible"), ("市水务局", "responsible")]


@pytest.mark.parametrize(("parenthetical", "units"), [
    ("（责任单位：由市林业局负责）", [("市林业局", "responsible")]),
    ("（牵头单位：由市林业局负责；配合单位：由市水务局、市财政局配合）",
     [("市林业局", "lead"), ("市水务局", "support"), ("市财政局", "support")]),
    ("（由市林业局牵头，由市水务局配合）", [("市林业局", "lead"), ("市水务局", "support")]),
    ("（市林业局牵头，具体由各县区政府负责）", [("市林业局", "lead"), ("各县区政府", "support")]),
])
def test_a_lead_in_after_a_role_key_or_verb_comes_off(parenthetical, units):
    assert [(u.text, u.role) for u in one(parenthetical).units] == units


def test_a_lead_in_inside_a_list_is_no_lead_in():
    doc, found = inline(BODY.format("（市林业局、由市水务局负责）"))
    assert [u.text for u in found[0].units] == ["市林业局"]
    assert [w.code for w in doc.warnings] == ["unit_list_partial"]


def test_a_bare_list_closing_a_sentence_is_a_list():
    r = one("（市发展改革委、市统计局）")
    assert [u.text for u in r.units] == ["市发展改革委", "市统计局"]


@pytest.mark.parametrize(
    "sentence",
    [
        "制定管理办法（试行）。",
        "完成改造任务的80%（含）。",
        "落实《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》（国发〔2021〕4号）。",
        "市发展和改革委员会（以下简称市发改委）要加强统筹。",
        "各县（市）区人民政府（管委会）要抓好落实。",
        "推广首台（套）重大技术装备。",
        "实施清洁生产审核方案（2021-2023年）。",
        "新建园区（集聚区）全部实施循环化改造。",
        "打造一批绿色园区（集聚区）。",
        "按职责分工负责（按职责分工负责）。",
        "请于月底前报送至市安委办（市应急管理局综合科）。",   # the office named again
        "情况及时报县防指办（县水利局）；",
        # generic nouns that end like a unit name no body: no list without a role word
        "吸引一批高水平研究院所（高校）落户。",
        "壮大一批行业龙头企业（集团）。",
        "布局一批创新载体（重点实验室、技术创新中心）。",
        "鼓励社会资本发起设立产业基金（公司）。",
    ],
)
def test_parentheses_that_are_not_unit_lists(sentence):
    doc, found = inline(f"一、重点任务\n（一）推进工业绿色升级。{sentence}\n")
    assert found == []
    assert doc.warnings == []


@pytest.mark.parametrize("sentence", [
    "压实属地责任（各乡镇）。",                   # bare lists of bodies
    "完善监测网络（市生态环境局、水利局）。",       # 水利局 takes the 市 of the name before
    "加大信贷投放（某某银保监分局、某某高新区管委会）。",
    "强化统筹调度（财政局）。",                    # a department of the vocabulary
    "组织青年志愿服务（团市委、市妇联）。",
    "加强消防协作（某某消防救援支队、某某市应急管理局）。",
    "建设县级物流配送中心（县商务局）。",       # a thing to be built, not an office
    "建设县级物流配送中心（县商务局、县交通运输局）。",
    "请于月底前报送至市安委办（市应急管理局负责）。",  # a list that says so
    "请于月底前报送至市安委办。（市应急管理局）",
])
def test_a_list_after_a_name_that_is_no_office_or_that_says_so_is_a_list(sentence):
    _, found = inline(f"一、重点任务\n（一）推进工业绿色升级。{sentence}\n")
    assert len(found) == 1


def test_a_list_with_a_tail_that_is_no_name_keeps_the_names_and_warns():
    doc, found = inline(BODY.format("（市发展改革委负责，2025年底前完成）"))
    assert [u.text for u in found[0].units] == ["市发展改革委"]
    assert [w.code for w in doc.warnings] == ["unit_list_partial"]
    assert doc.warnings[0].span == found[0].span


def test_something_that_reads_like_a_list_but_names_none_is_skipped_with_a_warning():
    doc, found = inline(BODY.format("（所需费用由企业负责）"))
    assert found == []
    assert [w.code for w in doc.warnings] == ["unit_list_skipped"]


def test_a_bare_list_with_a_piece_that_is_no_name_is_skipped_with_a_warning():
    doc, found = inline(BODY.format("（市发展改革委、市财政局，2025年）"))
    assert found == []
    assert [w.code for w in doc.warnings] == ["unit_list_skipped"]


def test_fuze_qiantou_is_a_lead():
    r = one("（市发展改革委负责牵头，各县区政府落实）")
    assert [(u.text, u.role) for u in r.units] == [("市发展改革委", "lead"), ("各县区政府", "support")]


def test_lead_and_support_stated_with_wei():
    r = one("（市发展改革委为牵头单位，市财政局、市商务局为配合单位）")
    assert [(u.text, u.role) for u in r.units] == [
        ("市发展改革委", "lead"), ("市财政局", "support"), ("市商务局", "support")]


def test_a_list_led_by_a_role_key_without_brackets():
    body = ("一、重点任务\n（一）推进节能。推进节能改造。\n责任单位：市发展改革委、市财政局；\n"
            "（二）推进减排。推进减排。牵头单位：市生态环境局；配合单位：市住建局。下一步继续推进。\n"
            "（三）强化落实。明确责任单位：分解任务。各责任单位要加强配合。\n")
    doc, found = inline(body)
    assert [(r.raw, r.path) for r in found] == [
        ("责任单位：市发展改革委、市财政局", ["一", "（一）"]),
        ("牵头单位：市生态环境局；配合单位：市住建局", ["一", "（二）"]),
    ]
    assert [(u.text, u.role) for u in found[1].units] == [("市生态环境局", "lead"), ("市住建局", "support")]
    assert doc.warnings == []


def test_path_is_the_innermost_numbered_section():
    body = ("一、重点任务\n（一）工业。\n1.节能。推进节能改造。（市工信局负责）\n"
            "节能降碳稳步推进。推进改造。\n（市发展改革委负责）\n二、保障措施\n（一）加强领导。（市委办负责）")
    _, found = inline(body)
    assert [r.path for r in found] == [["一", "（一）", "1"], ["一", "（一）", "1"],
                                       ["二", "（一）"]]


def test_lists_in_the_header_are_not_taken():
    _, found = inline("某市节能方案\n（此件公开发布）\n为推进节能，制定本方案。\n一、重点任务\n")
    assert found == []


def test_three_roles_keep_the_responsible_ones():
    r = one("（县卫生健康局牵头，县财政局配合，各乡镇人民政府负责落实）")
    assert [(u.text, u.role) for u in r.units] == [
        ("县卫生健康局", "lead"), ("县财政局", "support"), ("各乡镇人民政府", "responsible")]
    r = one("（牵头单位：区科技局；配合单位：区财政局；责任单位：各镇人民政府、街道办事处）")
    assert [(u.text, u.role) for u in r.units] == [
        ("区科技局", "lead"), ("区财政局", "support"),
        ("各镇人民政府", "responsible"), ("街道办事处", "responsible")]


def test_responsible_units_paired_with_supporting_units_lead():
    r = one("（责任单位：区科技局，配合单位：区财政局、区统计局）")
    assert [(u.text, u.role) for u in r.units] == [
        ("区科技局", "lead"), ("区财政局", "support"), ("区统计局", "support")]


def test_a_repeated_name_marked_lead_after_the_list_is_one_lead():
    r = one("（区文旅局、区交通局、区公安分局等部门按职责分工负责，区文旅局牵头）")
    assert [(u.text, u.role) for u in r.units] == [
        ("区文旅局", "lead"), ("区交通局", "support"), ("区公安分局", "support")]


def test_a_bare_list_with_towns_beside_departments_is_a_list():
    doc, found = inline(BODY.format("（县民政局、县交通运输局，河口镇、城南镇人民政府）"))
    assert [u.text for u in found[0].units] == ["县民政局", "县交通运输局", "河口镇", "城南镇人民政府"]
    assert doc.warnings == []


def test_a_note_after_the_list_names_no_unit():
    doc, found = inline(BODY.format(
        "（责任单位：省交通运输厅、省财政厅，各市人民政府。以下均由各市人民政府组织实施，不再重复）"))
    assert [u.text for u in found[0].units] == ["省交通运输厅", "省财政厅", "各市人民政府"]
    assert doc.warnings == []


@pytest.mark.parametrize(("parenthetical", "want"), [
    ("（海门区、启东市、如皋市人民政府，市工业和信息化局）",
     ["海门区", "启东市", "如皋市人民政府", "市工业和信息化局"]),  # county-level cities
    ("（区应急管理局、区卫生健康局，各雪场）", ["区应急管理局", "区卫生健康局", "各雪场"]),
    ("（联席会议各成员单位）", ["联席会议各成员单位"]),
    ("（市工业和信息化局【市数据局】、市发展改革委）", ["市工业和信息化局【市数据局】", "市发展改革委"]),
    ("（责任科室：规划建设科牵头，运输管理科配合）", ["规划建设科", "运输管理科"]),
    ("（省农业农村厅、省生态环境厅按职责分工负责；各市（地）人民政府（行政公署）落实属地责任）",
     ["省农业农村厅", "省生态环境厅", "各市（地）人民政府（行政公署）"]),
])
def test_more_shapes_of_bare_and_keyed_lists(parenthetical, want):
    assert [u.text for u in one(parenthetical).units] == want


def test_a_bracket_inside_a_keyed_list_is_a_note_on_a_name_not_a_list():
    _, found = inline("一、重点任务\n（一）加强巡查。开展水上安全巡查。\n"
                      "责任单位：区交通局（区港航海事事务中心）、沿江各镇乡人民政府（街道办事处）\n")
    assert [[u.text for u in r.units] for r in found] == [
        ["区交通局（区港航海事事务中心）", "沿江各镇乡人民政府（街道办事处）"]]


@pytest.mark.parametrize("sentence", [
    "每月底前将进展报送联席办（省海洋与渔业局海洋经济处）。",
    "及时报送领导小组办公室（区交通局安全科）。",
])
def test_a_report_address_is_no_list(sentence):
    _, found = inline(f"一、工作要求\n（一）加强调度。{sentence}\n")
    assert found == []


@pytest.mark.parametrize(("parenthetical", "want"), [
    ("（厅市场管理处、省公安厅治安管理总队）", ["厅市场管理处", "省公安厅治安管理总队"]),
    ("（省教育厅、省科技厅，兰州大学、西北师范大学等省内高校）", ["省教育厅", "省科技厅", "兰州大学", "西北师范大学"]),
    ("（各县（市、区）人民政府，开发区（管理区）管委会）", ["各县（市、区）人民政府", "开发区（管理区）管委会"]),
    ("（市工业和信息化局、市生态环境局，南沙区、增城区、从化区人民政府）",
     ["市工业和信息化局", "市生态环境局", "南沙区", "增城区", "从化区人民政府"]),
    ("（牵头：镇城建办；配合：各村（社区）、镇综合信息指挥室）", ["镇城建办", "各村（社区）", "镇综合信息指挥室"]),
    ("（镇市场监管所、镇城建办、塘栖派出所）", ["镇市场监管所", "镇城建办", "塘栖派出所"]),
    ("（县教育体育局，各乡（镇）人民政府，勐腊农场、勐捧农场）", ["县教育体育局", "各乡（镇）人民政府", "勐腊农场", "勐捧农场"]),
    ("（街道社区事务办（民政办）、街道妇联，东阳社区、天生桥社区居委会）",
     ["街道社区事务办（民政办）", "街道妇联", "东阳社区", "天生桥社区居委会"]),
    ("（责任主体：各社区居委会）", ["各社区居委会"]),
])
def test_township_department_and_campus_lists(parenthetical, want):
    assert [u.text for u in one(parenthetical).units] == want


def test_short_role_keys_give_roles():
    assert [(u.text, u.role) for u in one("（牵头：镇城建办；配合：各村（社区））").units] == [
        ("镇城建办", "lead"), ("各村（社区）", "support")]


def test_a_convention_noted_on_the_first_name_holds_for_that_list_and_those_after_it():
    _, found = inline("一、重点任务\n（一）兜底保障。做好救助工作。【责任单位：市民政局（排名第一的为牵头单位，下同）、"
                      "各县市区民政局】\n（二）养老服务。建设服务中心。【责任单位：市卫生健康委、市民政局】\n")
    assert [[(u.text, u.role) for u in r.units] for r in found] == [
        [("市民政局", "lead"), ("各县市区民政局", "support")],
        [("市卫生健康委", "lead"), ("市民政局", "support")]]


def test_a_convention_that_speaks_of_the_lists_above_holds_from_its_section():
    _, found = inline("一、重点任务\n（一）扩大消费。举办促销活动。〔市商务局、市财政局〕\n"
                      "（二）提升品质。建设商圈。〔市商务局、市住房城乡建设局〕\n"
                      "以上〔〕内所列单位，排在第一位的为牵头单位，下同。\n"
                      "二、保障措施\n（一）加强领导。建立机制。〔市商务局、市发展改革委〕\n")
    assert [[u.role for u in r.units] for r in found] == [["lead", "support"]] * 3


def test_a_closing_sentence_of_names_and_role_words_is_a_list_without_brackets():
    _, found = inline("一、重点工作\n1.提升办展水平。创新灯组设计，办好灯会。市文化广电旅游局牵头，"
                      "自流井区人民政府、市公安局配合。\n2.推进合作。加强交流。市商务局要发挥牵头作用。\n")
    assert [[(u.text, u.role) for u in r.units] for r in found] == [
        [("市文化广电旅游局", "lead"), ("自流井区人民政府", "support"), ("市公安局", "support")]]


# --- role words other than 负责 and 牵头 ------------------------------------------------------


@pytest.mark.parametrize(("words", "roles"), [
    ("市教育局指导，各学校负责", ["guidance", "responsible"]),
    ("市应急管理局督导，各县区政府落实", ["guidance", "responsible"]),
    ("市科技局牵头，市财政局参与", ["lead", "support"]),
    ("市科技局牵头，市财政局协助", ["lead", "support"]),
    ("市发展改革委、市财政局按职责分工", ["responsible", "responsible"]),
])
def test_inline_lists_closed_by_other_role_words_are_read(words, roles):
    _, found = inline(f"某市实施方案\n一、重点任务\n（一）推进某项工作，建立某项制度（{words}）。\n")
    (r,) = found
    assert [u.role for u in r.units] == roles
    assert all(u.text in words and not u.text.endswith(("指导", "督导", "参与", "协助", "落实",
                                                         "按职责分工"))
               for u in r.units)
    assert r.roles_stated


def test_a_bare_list_states_no_roles():
    _, found = inline("某市实施方案\n一、重点任务\n（一）推进某项工作。（市发展改革委、市财政局）\n")
    (r,) = found
    assert not r.roles_stated and {u.role for u in r.units} == {"responsible"}


def test_groups_around_a_keyed_list_on_one_line_come_in_text_order():
    from policyparse.extract import responsibilities
    from policyparse.extract._common import Context
    from policyparse.models import Meta

    text = "一、推进改造（市财政局负责）。责任单位：市商务局、市住建局。做好宣传（市教育局负责）。\n"
    got = responsibilities._candidates(Context(text=text, outline=[], meta=Meta()))
    assert [(text[s:e], bracketed) for s, e, bracketed in got] == [
        ("（市财政局负责）", True), ("责任单位：市商务局、市住建局", False), ("（市教育局负责）", True)]
    _, found = inline("关于某事的通知\n\n" + text)
    assert [r.raw for r in found] == ["（市财政局负责）", "责任单位：市商务局、市住建局", "（市教育局负责）"]


def test_keyed_list_sought_only_between_the_groups_of_its_line():
    from policyparse.extract import responsibilities
    from policyparse.extract._common import Context
    from policyparse.models import Meta

    def candidates(text):
        got = responsibilities._candidates(Context(text=text, outline=[], meta=Meta()))
        return [(text[s:e], bracketed) for s, e, bracketed in got]

    # the colon in the brackets leads no list of the running text
    assert candidates("一、推进改造。加强管理（责任单位：市财政局）。\n") == [
        ("（责任单位：市财政局）", True)]
    # a key after a group whose brackets hold a key of their own
    text = "一、推进改造（责任单位：市财政局）。牵头单位：市商务局；配合单位：市住建局。\n"
    assert candidates(text) == [("（责任单位：市财政局）", True),
                                ("牵头单位：市商务局；配合单位：市住建局", False)]
    # …and between two groups
    text = "一、推进改造（市财政局负责）。责任单位：市商务局（牵头）、市住建局。（2023年）\n"
    assert candidates(text) == [("（市财政局负责）", True),
                                ("责任单位：市商务局（牵头）、市住建局", False), ("（2023年）", True)]
