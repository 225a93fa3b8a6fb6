from __future__ import annotations

import re
import sys
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

from policyparse import patterns
from policyparse.extract import units
from policyparse.models import Meta


def read(s: str) -> units.UnitList:
    return units.read_list(s, 0, len(s))


def texts(s: str) -> list[str]:
    return [n.text for n in read(s).names]


# --- reading a list ---------------------------------------------------------------------------


def test_names_keep_their_offsets_in_the_whole_text():
    text = "推进节能。（责任单位：市发展改革委、市财政局）"
    s = text.index("（") + 1
    ul = units.read_list(text, s, len(text) - 1)
    assert [(text[n.start:n.end], n.text) for n in ul.names] == [
        ("市发展改革委", "市发展改革委"), ("市财政局", "市财政局")]


def test_commas_inside_nested_brackets_split_nothing():
    assert texts("各区人民政府〈含开发区，下同〉、市财政局(含市国资委，下同)负责") == [
        "各区人民政府〈含开发区，下同〉", "市财政局(含市国资委，下同)"]


def test_role_note_after_a_name():
    ul = read("市发改委（牵头）、市财政局、市商务局")
    assert [(n.text, n.role) for n in ul.names] == [
        ("市发改委", "lead"), ("市财政局", None), ("市商务局", None)]
    assert units.roles(ul.names, first_listed=False) == ["lead", "support", "support"]


@pytest.mark.parametrize("note", ["〈牵头〉", "【牵头】", "[牵头]", "〔牵头单位〕"])
def test_role_note_in_any_bracket(note):
    ul = read(f"市自然资源和规划局{note}、市水利局")
    assert [(n.text, n.role) for n in ul.names] == [("市自然资源和规划局", "lead"), ("市水利局", None)]


def test_hui_tong_separates_two_units_but_names_no_lead():
    ul = read("市发展改革委会同市科技局负责")
    assert [n.text for n in ul.names] == ["市发展改革委", "市科技局"]
    assert units.roles(ul.names, first_listed=False) == ["responsible", "responsible"]


def test_names_glued_together_split_where_a_new_name_begins():
    assert texts("市发改委市财政局各县区政府按职责分工负责") == ["市发改委", "市财政局", "各县区政府"]
    assert texts("市发展改革委市场处负责") == ["市发展改革委市场处"]


def test_he_does_not_split():
    assert texts("市直各有关部门和各县（市）区按职责分工负责") == ["市直各有关部门和各县（市）区"]


@pytest.mark.parametrize(
    ("inside", "want"),
    [
        # bare level words before the name they share: the governments of three levels
        ("牵头单位：省商务厅；配合单位：各市、县、自治县人民政府", ["省商务厅", "各市、县、自治县人民政府"]),
        ("各市、县、自治县农业农村主管部门负责", ["各市、县、自治县农业农村主管部门"]),
        ("市、县财政局，市住建局负责", ["市、县财政局", "市住建局"]),
        ("各县（市、区）、乡镇人民政府负责", ["各县（市、区）、乡镇人民政府"]),
        # named places sharing a head noun are split as written
        ("东湖区、西湖区人民政府，市商务局", ["东湖区", "西湖区人民政府", "市商务局"]),
        ("各县区政府、市财政局负责", ["各县区政府", "市财政局"]),
    ],
)
def test_a_run_of_bare_level_words_is_one_name_with_the_name_after_it(inside, want):
    assert texts(inside) == want


def test_a_sentence_after_the_list_that_is_no_list_is_a_note_dropped_whole():
    ul = read("责任单位：省交通运输厅、省财政厅，各市人民政府。以下均由各市人民政府组织实施，不再重复")
    assert [n.text for n in ul.names] == ["省交通运输厅", "省财政厅", "各市人民政府"]
    assert ul.rejected == []
    # a sentence of names is no note; its role verb speaks for its own names only
    ul = read("市体育局负责。市教育局、市卫生健康委配合")
    assert [(n.text, n.role) for n in ul.names] == [
        ("市体育局", "responsible"), ("市教育局", "support"), ("市卫生健康委", "support")]
    assert units.roles(ul.names, first_listed=False) == ["lead", "support", "support"]
    # the first sentence keeps its names and says what it could not read
    ul = read("市体育局、由各县区落实。市教育局配合")
    assert [n.text for n in ul.names] == ["市体育局", "市教育局"]
    assert ul.rejected


@pytest.mark.parametrize(
    ("inside", "stated", "taken"),
    [
        ("县民政局、县交通运输局，河口镇、城南镇人民政府", False,
         ["县民政局", "县交通运输局", "河口镇", "城南镇人民政府"]),
        ("市商务局，东湖区、西湖区人民政府，滨江新区管委会", False,
         ["市商务局", "东湖区", "西湖区人民政府", "滨江新区管委会"]),
        ("龙泉街道、县城管局负责", True, ["龙泉街道", "县城管局"]),
        # places alone are no list of units; kinds of area are no places
        ("河口镇、城南镇", False, []),
        ("市商务局、特色小镇", False, ["市商务局"]),
        ("县农业农村局、示范区", False, ["县农业农村局"]),
    ],
)
def test_a_place_stands_for_its_government_in_a_list_that_names_a_unit(inside, stated, taken):
    ul = read(inside)
    assert (ul.stated, [n.text for n in ul.names]) == (stated, taken)


def test_a_bare_deng_bumen_after_names_is_dropped_and_a_qualified_one_is_a_name():
    assert texts("区文旅局、区邮政管理局等部门按职责分工负责") == ["区文旅局", "区邮政管理局"]
    assert texts("市财政局等单位配合") == ["市财政局"]
    assert texts("责任单位：市公安局，市司法局等相关部门") == ["市公安局", "市司法局等相关部门"]


def test_a_name_given_again_with_a_role_is_one_unit_with_that_role():
    ul = read("区文旅局、区交通局、区商务局等部门按职责分工负责，区文旅局牵头")
    assert [(n.text, n.role) for n in ul.names] == [
        ("区文旅局", "lead"), ("区交通局", "responsible"), ("区商务局", "responsible")]
    assert units.roles(ul.names, first_listed=False) == ["lead", "support", "support"]
    assert [n.start for n in ul.names] == [0, 5, 10]


@pytest.mark.parametrize(
    ("inside", "stated", "taken"),
    [
        ("责任单位：市发展改革委", True, ["市发展改革委"]),
        ("市发展改革委、市财政局负责", True, ["市发展改革委", "市财政局"]),
        ("市发展改革委、市财政局", False, ["市发展改革委", "市财政局"]),
        ("试行", False, []),
        ("军地两用", False, []),
        # 落实属地责任 is a duty, as 负责 is: the governments are units of the list
        ("市发展改革委负责，各县区政府落实属地责任", True, ["市发展改革委", "各县区政府"]),
        ("市发展改革委负责，各县区政府加强属地巡查", True, ["市发展改革委"]),
    ],
)
def test_without_a_role_word_only_names_that_look_like_units_are_taken(inside, stated, taken):
    ul = read(inside)
    assert (ul.stated, [n.text for n in ul.names]) == (stated, taken)


def test_what_follows_a_deadline_key_is_not_part_of_the_list():
    ul = read("责任单位：市发展改革委、市财政局；完成时限：2025年底前")
    assert [n.text for n in ul.names] == ["市发展改革委", "市财政局"]
    assert ul.rejected == []


def test_every_key_ends_in_a_colon_and_holds_no_bracket():
    # units._segments looks for keys only in lists that hold a colon; responsibilities'
    # _keyed_list only between a line's bracket groups, in stretches that hold one
    r = patterns.load("responsibilities")
    brackets = set("".join(patterns.table("units", "brackets").values()))
    for pid in ("role_key", "other_key"):
        for ex in r[pid].examples:
            m = r.rx(pid).search(ex)
            assert m is not None and m.group().rstrip()[-1] in ":：", (pid, ex)
            assert not brackets & set(m.group()), (pid, ex)
    assert r.rx("role_key").search("（责任单位（一）：") is None


def test_needs_lists_words_every_match_holds():
    """A pattern's `needs` lets a text without any of its words skip the pattern: every match
    of every example holds one; the role words (ROLE_* pieces) each hold one of role_key's and
    role_verb's, so a role word added there cannot go unseen."""
    with_needs = [p for name in ("units", "responsibilities") for p in patterns.load(name)
                  if "needs" in p.data]
    assert {p.id for p in with_needs} >= {"role_key", "role_verb", "first_listed",
                                          "trailing_etc", "lead_in", "role_note"}
    for p in with_needs:
        for ex in p.examples:
            matches = list(p.regex.finditer(ex))
            assert matches, (p.id, ex)
            assert all(any(w in m.group() for w in p.data["needs"]) for m in matches), (p.id, ex)
    with (patterns.patterns_dir() / "pieces.toml").open("rb") as fh:
        pieces = tomllib.load(fh)["pieces"]
    role_words = [w for k in ("ROLE_LEAD", "ROLE_SUPPORT", "ROLE_GUIDANCE") for w in pieces[k]]
    assert role_words
    for pid in ("role_key", "role_verb"):
        needs = patterns.load("responsibilities")[pid].data["needs"]
        for w in role_words:
            assert any(n in w for n in needs), (pid, w)


def test_a_list_read_again_is_a_new_list_at_its_own_offsets():
    reader = units.ListReader()
    inside = "市发展改革委、市财政局等按职责分工负责"
    text = f"（{inside}）甲（{inside}）"
    s2 = text.rindex(inside)
    a = reader.read(text, 1, 1 + len(inside))
    b = reader.read(text, s2, s2 + len(inside))
    assert [text[n.start:n.end] for n in b.names] == [n.text for n in a.names] == [
        "市发展改革委", "市财政局"]
    assert [n.start - s2 + 1 for n in b.names] == [n.start for n in a.names]
    a.names.clear()
    assert reader.read(text, s2, s2 + len(inside)).names == b.names and not a.names
    assert b.stated


def test_a_list_without_a_role_word_states_no_role():
    for s in ("市发展改革委、市财政局", "（一）", "国发〔2021〕4号", "市财政局（含国资委）"):
        assert not units.may_state_roles(s) and not read(s).stated
    assert units.may_state_roles("市财政局负责") and units.has_role_verb("市财政局负责")


def test_a_stretch_without_a_verb_word_holds_no_role_verb():
    assert units.has_role_verb("市财政局负责。")
    assert not units.has_role_verb("市财政局负。")  # the word cut off
    assert not units.has_role_verb("市财政局、市商务局。")


def test_a_cell_with_one_unit_a_line_splits_at_the_lines_and_a_wrapped_name_does_not():
    assert texts("市发展改革委\n市财政局") == ["市发展改革委", "市财政局"]
    assert texts("市发展改\n革委、市财政局") == ["市发展改\n革委", "市财政局"]


@pytest.mark.parametrize("inside", ["含", "2021-2023年", "以下简称市发改委", "含代管镇、街道的功能区,下同"])
def test_pieces_that_are_no_names_are_rejected(inside):
    ul = read(inside)
    assert ul.names == []
    assert ul.rejected


def test_the_convention_clause_is_no_name():
    ul = read("市发展改革委、市工信局负责。列第一位者为牵头单位，下同")
    assert [n.text for n in ul.names] == ["市发展改革委", "市工信局"]
    assert ul.first_listed and ul.carries_on and not ul.rejected
    ul = read("列第一位者为牵头单位。市发展改革委、市工信局负责")
    assert [n.text for n in ul.names] == ["市发展改革委", "市工信局"]
    assert ul.first_listed and not ul.carries_on


def test_conventions_hold_from_prose_or_with_xia_tong_only():
    text = ("甲（A局负责，列第一位者为牵头单位）\n乙（B局、C局负责。列第一位者为牵头单位，下同）\n"
            "丙。各项任务列第一位者为牵头单位。\n丁。分工如下（排在第一位的为牵头单位）：")
    stretches = units.conventions(text)
    starts = [s for s, _ in stretches]
    assert [text[p:p + 2] for p in starts] == ["列第", "列第", "排在"]
    assert text.index("乙") < starts[0] < text.index("丙") < starts[1] < text.index("丁") < starts[2]
    assert all(e == len(text) for _, e in stretches)


def test_a_convention_in_a_note_line_refers_back():
    # at the end of the notice: the whole notice
    text = "甲（A局、B局负责）\n乙（C局、D局负责）\n注：各项任务中列第一位的为牵头单位。"
    assert units.conventions(text) == [(0, len(text))]
    # right under a table: that table, from its last line (not the lists before the table)
    text = "甲（A局、B局负责）\n序号|任务|责任单位\n1|推进|C局、D局\n\n备注：排在第一位的为牵头单位"
    ((s, e),) = units.conventions(text)
    assert (text[s:s + 5], e) == ("1|推进|", len(text))
    assert not units.convention_holds([(s, e)], text.index("（"))


def test_bracket_groups_survive_stray_brackets():
    t = "（一）推进（试点。落实（市发展改革委负责）"
    assert [t[s:e] for s, e in units.bracket_groups(t, 0, len(t))] == ["（一）", "（市发展改革委负责）"]


# --- canonical names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (["市工信局"], ["市工业和信息化局"]),
        (["市工业信息化局", "发展改革委"], ["市工业和信息化局", "市发展改革委"]),
        (["省发展和改革委员会", "住建厅"], ["省发展改革委", "省住建厅"]),
        (["区住建局", "卫健委"], ["区住房城乡建设局", "区卫生健康委"]),
        (["市财政局", "市场监管局"], ["市财政局", "市市场监管局"]),
        (["市委宣传部", "市发展改革委", "生态环境局"], ["市委宣传部", "市发展改革委", "市生态环境局"]),
        (["市住建局", "城市管理局"], ["市住房城乡建设局", "市城市管理局"]),
        (["市发展改革委", "各县区政府", "有关部门"], ["市发展改革委", "各县区政府", "有关部门"]),
        (["市发展改革委", "团市委", "市妇联"], ["市发展改革委", "团市委", "市妇联"]),
        (["市发展改革委", "人民银行", "某某金融监管分局"], ["市发展改革委", "中国人民银行", "某某金融监管分局"]),
        (["人行某市中心支行"], ["中国人民银行某市中心支行"]),
        (["市交通运输局", "某地火车站"], ["市交通运输局", "某地火车站"]),
        (["市发展改革委", "高新区管委会"], ["市发展改革委", "高新区管委会"]),
        (["市政公用局"], ["市政公用局"]),
        (["自然资源局(林草局)"], ["自然资源局（林草局）"]),
        (["各区人民政府〈含开发区，下同〉"], ["各区人民政府"]),
        (["市 发展改革委"], ["市发展改革委"]),
    ],
)
def test_canonical_names(written, canonical):
    assert units.canonical_names(written) == canonical


def test_a_name_that_opens_with_the_notices_own_place_takes_no_prefix():
    places = units.home_places(Meta(issuer="某某市人民政府办公室"))
    assert places == ("某某",)
    assert units.canonical_names(["市发展改革委", "某某海事局"], places) == [
        "市发展改革委", "某某海事局"]
    assert units.canonical_names(["市发展改革委", "海事局"], places) == ["市发展改革委", "市海事局"]


def test_aliases_are_data_and_resolve_to_canonical_forms_that_are_not_aliases_themselves():
    aliases = patterns.table("units", "aliases")
    assert aliases
    for short, full in aliases.items():
        assert short != full
        assert full not in aliases, full
        assert units.canonical_names(["市" + short]) == ["市" + full]


# --- roles ------------------------------------------------------------------------------------


def names(*roles):
    return [units.Name(f"单位{i}局", 0, 0, r) for i, r in enumerate(roles)]


@pytest.mark.parametrize(
    ("stated", "first_listed", "want"),
    [
        ((None, None), False, ["responsible", "responsible"]),
        ((None, None), True, ["lead", "support"]),
        # 牵头单位：X；责任单位：Y — the key only heads the list: Y supports
        (("lead", None, "responsible"), False, ["lead", "support", "support"]),
        (("lead", "support"), True, ["lead", "support"]),
        ((None, "lead"), True, ["support", "lead"]),
        # 责任单位：X，配合单位：Y — X leads, as the pairing with 配合 says
        (("responsible", "support"), False, ["lead", "support"]),
        (("responsible", "responsible", "support"), False, ["lead", "lead", "support"]),
        # what stands after the supports, or is not stated responsible, leads nothing
        (("support", "responsible"), False, ["support", "responsible"]),
        ((None, "support"), False, ["responsible", "support"]),
        # X牵头，Y配合，Z负责落实 — three roles: Z stays responsible
        (("lead", "support", "responsible"), False, ["lead", "support", "responsible"]),
        ((None,), True, ["lead"]),
        # a 配合单位： line under the first-listed convention leads nothing
        (("support", "support"), True, ["support", "support"]),
        (("responsible", "support"), True, ["lead", "support"]),
    ],
)
def test_roles(stated, first_listed, want):
    assert units.roles(names(*stated), first_listed) == want


@pytest.mark.parametrize(("inside", "want"), [
    # bare lists (no role word) whose names end in 署, 海关, or are the 镇街 of a district
    ("区教育局、区建筑工务署，各街道办事处", ["区教育局", "区建筑工务署", "各街道办事处"]),
    ("区商务局、区市场监管局，相关镇街", ["区商务局", "区市场监管局", "相关镇街"]),
    ("市商务局、厦门海关", ["市商务局", "厦门海关"]),
])
def test_bare_lists_with_less_common_unit_endings(inside, want):
    ul = read(inside)
    assert [n.text for n in ul.names] == want and not ul.rejected


def test_the_member_units_of_a_committee_are_one_name():
    assert texts("市食安委各成员单位按职责分工负责") == ["市食安委各成员单位"]
    assert texts("市应急管理局、市安委会各成员单位负责") == ["市应急管理局", "市安委会各成员单位"]
    assert texts("市发改委各县区政府负责") == ["市发改委", "各县区政府"]  # glued names still split


def test_what_describes_the_rest_after_deng_is_dropped():
    assert texts("市应急管理局、市住房城乡建设局等负有安全监管职责的部门按职责分工负责") == [
        "市应急管理局", "市住房城乡建设局"]
    assert texts("责任单位：市公安局，市司法局等相关部门") == ["市公安局", "市司法局等相关部门"]


def test_development_zones_named_by_their_place_and_the_collective_bankuai():
    ul = read("市科技局，各县（市）、区人民政府，合肥高新区、合肥经开区、合肥新站高新区管委会")
    assert [n.text for n in ul.names] == [
        "市科技局", "各县（市）、区人民政府", "合肥高新区", "合肥经开区", "合肥新站高新区管委会"]
    assert [n.text for n in read("区委组织部、区商务局，各板块").names] == ["区委组织部", "区商务局", "各板块"]
    assert read("国家级开发区、省级高新区").names == []  # kinds of zone, and no unit beside them


def test_a_convention_noted_on_a_name_leaves_the_name_and_its_span_as_written():
    text = "市民政局（排名第一的为牵头单位，下同）、各县市区民政局"
    ul = read(text)
    assert [n.text for n in ul.names] == ["市民政局", "各县市区民政局"]
    assert all(text[n.start:n.end] == n.text for n in ul.names)
    assert ul.first_listed and ul.carries_on
    text = "市发展改革委（列第一位的为牵头单位）市财政局、市商务局"  # the note inside a name
    ul = read(text)
    assert all(text[n.start:n.end] == n.text for n in ul.names)


# --- the role vocabulary (pieces.toml ROLE_*): each word, its role, stripped from the name ------


@pytest.mark.parametrize(("words", "role"), [
    ("市发展改革委牵头", "lead"),
    ("市发展改革委牵头负责", "lead"),
    ("市发展改革委为牵头单位", "lead"),
    ("市财政局配合", "support"),
    ("市财政局参与", "support"),
    ("市财政局协助", "support"),
    ("市财政局协办", "support"),
    ("市财政局等协同", "support"),
    ("市教育局指导", "guidance"),
    ("市教育局督导", "guidance"),
    ("市教育局负责指导", "guidance"),
    ("市教育局业务指导", "guidance"),
    ("市教育局统筹指导", "guidance"),
    ("市教育局负责", "responsible"),
    ("市教育局落实", "responsible"),
    ("市教育局分别负责", "responsible"),
    ("市教育局按职责分工负责", "responsible"),
    ("市财政局积极配合", "support"),
    ("市财政局密切配合", "support"),
    ("市财政局共同参与", "support"),
    ("市教育局加强指导", "guidance"),
    ("市发展改革委牵头抓总", "lead"),
])
def test_each_role_word_gives_its_role_and_leaves_the_name(words, role):
    ul = read(words + "，各县区政府负责")
    assert ul.stated
    name = next(n for n in ("市发展改革委", "市财政局", "市教育局") if words.startswith(n))
    assert (ul.names[0].text, ul.names[0].role) == (name, role)


def test_who_guides_keeps_that_role_beside_a_lead():
    ul = read("市应急管理局指导，市水利局牵头，市财政局配合")
    assert units.roles(ul.names, ul.first_listed) == ["guidance", "lead", "support"]
    ul = read("市教育局督导，各学校负责")
    assert units.roles(ul.names, ul.first_listed) == ["guidance", "responsible"]


def test_guidance_keys_and_notes():
    ul = read("指导单位：市教育局；责任单位：各学校")
    assert [(n.text, n.role) for n in ul.names] == [("市教育局", "guidance"),
                                                   ("各学校", "responsible")]
    assert next((n.text, n.role) for n in read("市教育局（指导）、各学校").names) == (
        "市教育局", "guidance")


def test_a_list_ending_in_by_duty_without_a_verb_is_a_list():
    ul = read("市发展改革委、市财政局按职责分工")
    assert ul.stated and not ul.rejected
    assert texts("市发展改革委、市财政局按职责分工") == ["市发展改革委", "市财政局"]


@pytest.mark.parametrize("name", ["各项目牵头单位", "各责任单位", "各牵头单位", "有关配合部门"])
def test_a_role_word_inside_a_collective_name_is_part_of_the_name(name):
    ul = read(f"市发展改革委牵头，{name}配合")
    assert [(n.text, n.role) for n in ul.names] == [("市发展改革委", "lead"), (name, "support")]
    assert [(n.text, n.role) for n in read(f"{name}负责").names] == [(name, "responsible")]


def test_guidance_words_in_prose_name_no_unit():
    assert not units.role_verb().search("加强业务指导。")
    assert not units.role_verb().search("开展督导，")


@pytest.mark.parametrize("inside", [
    *patterns.load("units")["separator"].examples, *patterns.load("units")["glued"].examples,
    *patterns.load("units")["separator"].counterexamples,
    "市发改委市财政局、市住建局区城管局，各县区政府会同市商务局；市、县财政局",
])
def test_a_segment_is_cut_where_a_separator_or_a_glued_point_stands(inside):
    # units._piece_spans cuts in one scan of the two patterns as one: the same cuts as each
    u = patterns.load("units")
    cuts = sorted([m.span() for m in u.rx("separator").finditer(inside)]
                  + [m.span() for m in u.rx("glued").finditer(inside)])
    spans = units._piece_spans(inside, units._Segment(0, len(inside), None, False))
    want, a = [], 0
    for s, e in cuts:
        want.append((a, s))
        a = e
    assert spans == [*want, (a, len(inside))]


def test_a_name_given_twice_with_other_spaces_is_one_unit():
    ul = read("市财政局、市 财政局、市商务局")
    assert [(n.text, n.start) for n in ul.names] == [("市财政局", 0), ("市商务局", 11)]


def _groups_by_stack(text: str) -> list[tuple[int, int]]:
    # the rule of units.bracket_groups written plainly: a closing bracket closes the latest
    # open one; what a bracket left open holds is outermost
    opens, closes = "（(〔［[【〈《", "）)〕］]】〉》"
    stack: list[tuple[int, list[tuple[int, int]]]] = []
    top: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in opens:
            stack.append((i, []))
        elif ch in closes and stack:
            s, _ = stack.pop()
            (stack[-1][1] if stack else top).append((s, i + 1))
    for _, inner in stack:
        top.extend(inner)
    return sorted(top)


@pytest.mark.parametrize("seed", range(20))
def test_bracket_groups_from_positions_read_once_are_those_of_each_stretch(seed):
    import random

    rnd = random.Random(seed)
    text = "".join(rnd.choice("（）()〔〕［］【】〈〉《》甲乙\n") for _ in range(200))
    positions = units.bracket_positions(text)
    for _ in range(50):
        s = rnd.randint(0, len(text))
        e = rnd.randint(s, len(text))
        want = [(a + s, b + s) for a, b in _groups_by_stack(text[s:e])]
        assert units.bracket_groups(text, s, e) == want
        # given the part of the positions that falls in the stretch
        assert units.bracket_groups(text, s, e, [p for p in positions if s <= p < e]) == want


@pytest.mark.parametrize("text", ["甲（乙）丙", "甲（乙（丙", "甲）乙（丙", "甲）乙）丙", "（）", "）（"])
def test_bracket_groups_of_a_stretch_with_two_brackets(text):
    # two brackets (most lines that hold any) are read without the stack: the same groups
    want = _groups_by_stack(text)
    assert units.bracket_groups(text, 0, len(text)) == want
    assert units.bracket_groups(text, 0, len(text), units.bracket_positions(text)) == want


def test_a_convention_statement_stands_within_one_line():
    # units.conventions searches only the lines that hold the word every statement holds
    # (its needs): no part of the pattern may match a line break
    import re

    src = patterns.load("responsibilities")["first_listed"].expanded
    assert re.search(r"\\[sSWDnPpX]|\.|\[\^", src) is None
    text = "一、总体要求\n各项任务（市财政局、市商务局，列第一位者为牵头单位，下同）\n二、牵头抓总"
    assert units.conventions(text) == [(text.index("列第一位"), len(text))]


def test_the_place_pattern_s_length_check_drops_no_place():
    # units.toml's place opens with a check of the length every alternative asks (2 to 7 Han
    # characters): without it, the same names match
    import regex

    p = patterns.load("units")["place"]
    head = "^(?=\\p{Han}{2,7}$)(?:"
    assert p.expanded.startswith(head) and p.expanded.endswith(")")
    bare = regex.compile(p.expanded[len(head):-1])
    words = [*p.examples, *p.counterexamples, "镇", "区", "县", "市", "社区", "高新区", "街道"]
    for w in words:
        for k in range(9):
            for name in ("甲" * k + w, "各" + "甲" * k + w, w + "甲" * k):
                assert (p.regex.match(name) is None) == (bare.match(name) is None), name


def test_a_name_opening_with_a_cjk_ideograph_holds_han():
    # units._is_light takes a name opening in U+4E00..U+9FFF for one with Han characters
    import regex

    han = regex.compile(r"\p{Han}")
    assert all(han.match(chr(c)) for c in range(ord(units._CJK_FIRST), ord(units._CJK_LAST) + 1))


def test_a_piece_reads_alike_in_both_places_unless_it_holds_a_lead_in_word():
    # ListReader reads a piece once for both places (opening a segment or not) where no
    # lead-in can come off it
    reader = units.ListReader()
    assert reader._candidates_of("市财政局", True) == units._candidates("市财政局", False)
    assert reader._pieces["市财政局", False] is reader._pieces["市财政局", True]
    opening = reader._candidates_of("由市财政局", True)
    inside = reader._candidates_of("由市财政局", False)
    assert [c.text for c in opening] == ["市财政局"]
    assert [c.text for c in inside] == ["由市财政局"]


@pytest.mark.parametrize(
    ("piece", "place"),
    [("河口镇", True), ("东城街道", False), ("城南镇人民政府", False), ("示范区", False),
     ("具体由河口镇", False)],
)
def test_a_candidate_is_told_a_place_only_where_that_can_decide(piece, place):
    # a name that ends like a unit is taken without it, one that is not light is rejected
    # without it: the place pattern is asked only of the others
    (c,) = units._candidates(piece, False)
    assert c.place is place
    assert c.place == (c.light and not c.unit_like and units.is_place(c.text))


@pytest.mark.parametrize(
    ("piece", "opens", "want"),
    [(" 市财政局 ", False, ("市财政局", 1, 5, None)),
     ("由 市财政局 ", True, ("市财政局", 2, 6, None)),
     (" 市财政局（牵头） ", False, ("市财政局", 1, 5, "lead")),
     (" 市财政局 等 ", False, ("市财政局", 1, 5, None))],
)
def test_a_piece_trimmed_keeps_the_offsets_of_what_is_left(piece, opens, want):
    assert units._trim(piece, 0, len(piece), opens) == want


@pytest.mark.parametrize("word", [
    w for pid in ("lead_in", "role_note", "trailing_etc")
    for w in patterns.load("units")[pid].needs])
def test_the_trim_words_hold_every_word_a_lead_in_a_role_note_or_a_trailing_deng_needs(word):
    assert units._rules().trims.search(f"市财政局{word}") is not None


@pytest.mark.parametrize("piece", [" 市财政局 ", "市发展改革委", "各县区\n政府", " 市商务局、"])
@pytest.mark.parametrize("opens", [True, False])
def test_a_piece_without_a_trim_word_reads_alike_untrimmed(piece, opens):
    assert units._rules().trims.search(piece) is None
    assert units._candidates(piece, opens, trims=False) == units._candidates(piece, opens)


@pytest.mark.parametrize("piece", ["由市财政局", "市财政局（牵头）", "市财政局等"])
def test_a_piece_with_a_trim_word_is_trimmed_when_read(piece):
    (c,) = units.ListReader()._candidates_of(piece, True)
    assert c.text == "市财政局"


@pytest.mark.parametrize(
    ("name", "light"),
    [("市财政局", True), ("市财政局（含下属单位）", True), ("具体由市财政局", False),
     ("2025年底前", False), ("含开发区", False)],
)
def test_a_word_no_unit_holds_makes_a_name_heavy_unless_it_stands_in_brackets(name, light):
    assert units._is_light(name, units.squeeze(name)) is light


def test_has_role_verb_tells_whether_role_verb_finds_one():
    # has_role_verb searches from the end: it must agree with the pattern's own search
    r = patterns.load("responsibilities")
    texts = [*r["role_verb"].examples, *r["role_verb"].counterexamples,
             "加强业务指导，市教育局牵头，各县区政府配合。", "各县区政府要切实落实主体责任，抓好落实工作要求。",
             "各责任单位按职责分工负责", "有关牵头部门，市财政局配合 ；", "市发展改革委负责牵头。其他"]
    for t in texts:
        for s in (t, t + "。"):
            assert units.has_role_verb(s) == (units.role_verb().search(s) is not None), s


@pytest.mark.parametrize("seed", range(10))
def test_role_verbs_gives_what_role_verb_finds_in_random_lists(seed):
    # the NAMED_ROLE test is made only where a verb opens with a character a match of it can
    # open with (named_firsts, from its source): the same matches as role_verb's own finditer
    import random

    assert units._rules().named_firsts  # told from the source
    rnd = random.Random(seed)
    words = ["各", "有关", "相关", "项目", "牵头", "配合", "协同", "参与", "责任", "单位", "部门",
             "负责", "按职责分工", "落实", "指导", "市财政局", "区", "、", "，", "；", "。", " "]
    for _ in range(40):
        t = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 14)))
        got = [(m.span(), units.role_of(m)) for m in units._role_verbs(t, 0, len(t))]
        want = [(m.span(), units.role_of(m)) for m in units.role_verb().finditer(t)]
        assert got == want, t


def test_role_verbs_gives_what_role_verb_finds():
    # _role_verbs searches role_verb without its NAMED_ROLE test and makes the test apart:
    # the matches, their spans and their roles must be role_verb's own
    assert units._rules().named_role is not None  # the split is made (role_verb opens so)
    r = patterns.load("responsibilities")
    texts = [*r["role_verb"].examples, *r["role_verb"].counterexamples,
             "各项目牵头单位牵头，有关配合部门配合；各责任单位按职责分工负责。",
             "市发展改革委牵头，各相关牵头单位配合，有关责任部门负责",
             "各牵头单位、各配合单位按职责分工负责", "相关协同部门协同，市财政局配合"]
    for t in texts:
        for s, e in ((0, len(t)), (1, len(t) - 1)):
            got = [(m.span(), units.role_of(m)) for m in units._role_verbs(t, s, e)]
            want = [(m.span(), units.role_of(m)) for m in units.role_verb().finditer(t, s, e)]
            assert got == want, t


@pytest.mark.parametrize("seed", range(10))
def test_list_of_one_sentence_read_in_one_pass_as_in_two(seed):
    # a list of one sentence is read in one pass (ListReader._read_sentence), a place waiting
    # for the end of the list; with a full stop after it, the same list is read in two
    # (a sentence after the first may be a note): the same names, rejections and statement
    import random

    rnd = random.Random(seed)
    names = ["桥头镇", "浔阳区", "城关镇人民政府", "市财政局", "发展改革委", "高校", "要求完成",
             "各县区政府", "市发改委市财政局", "自然资源局(林草局)", "2025年底前", "集团", "城关街道",
             "高校（含分校）", "试点（一）"]
    tails = ["", "等按职责分工负责", "牵头", "配合", "等部门"]
    for _ in range(40):
        body = rnd.choice(["、", "，"]).join(rnd.choice(names) for _ in range(rnd.randint(1, 5)))
        t = rnd.choice(["", "责任单位：", "牵头单位："]) + body + rnd.choice(tails)
        one = units.read_list(t, 0, len(t))
        two = units.read_list(t + "。", 0, len(t) + 1)
        assert (one.names, one.rejected, one.stated) == (two.names, two.rejected, two.stated), t
    for t in ("桥头镇、试点（一）、浔阳区", "要求完成、桥头镇、试点（一）、浔阳区、城关镇人民政府"):
        one = units.read_list(t, 0, len(t))  # places waiting: rejected, then taken, in order
        two = units.read_list(t + "。", 0, len(t) + 1)
        assert (one.names, one.rejected, one.stated) == (two.names, two.rejected, two.stated), t


@pytest.mark.parametrize("seed", range(5))
def test_segments_of_a_list_without_key_or_stop_as_cut_at_a_stop(seed):
    # a list without a key or a sentence's end is cut at its role verbs alone
    # (_verb_segments); with a full stop after it, the general cut: the same segments
    import random

    rnd = random.Random(seed)
    words = ["市财政局", "各县区政府", "、", "，", "牵头", "配合", "负责", "按职责分工负责", "等",
             "各项目牵头单位", "协同", "指导", "市教育局", " "]
    for _ in range(40):
        t = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 10)))
        assert units._segments(t, []) == units._segments(t + "。", [len(t)]), t


def test_make_units_names_as_canonical_names_gives_them():
    # make_units works the canonical names out in its own loop: the same names, the prefix
    # carried over from name to name, and the same memo
    t = "市工信局、发展改革委、市场监管局、朝阳金融监管分局、人行朝阳市中心支行、财政局"
    names = units.read_list(t, 0, len(t)).names
    reader = units.ListReader(("朝阳",))
    want = units.ListReader(("朝阳",)).canonical_names([n.text for n in names])
    assert [u.name for u in reader.make_units(names, False)] == want
    assert [u.name for u in reader.make_units(names, True)] == want  # read from the memo
    assert reader.canonical_names([n.text for n in names]) == want


def test_make_units_sets_every_field_of_a_unit():
    # make_units makes its records without their __init__: each is the record that the
    # keyword __init__ makes of the same values (equality reads every field: one left unset
    # raises), and it gives the same data for JSON
    from policyparse._records import Unit

    t = "牵头单位：市发展改革委；配合单位：市财政局、各县区政府"
    names = units.read_list(t, 0, len(t)).names
    made = units.ListReader().make_units(names, False)
    want = [Unit(text=u.text, name=u.name, role=u.role, span=u.span) for u in made]
    assert made == want and [u.span for u in made] == [(n.start, n.end) for n in names]
    assert [u._dict() for u in made] == [u._dict() for u in want]


# --- role_of: the role groups' last group ---------------------------------------------------


def _role_patterns() -> list[tuple[str, Any]]:
    """Every pattern with role groups (of any pattern file), and role_verb as
    :func:`units._role_verbs` searches it (``verb_opening``)."""
    out = [(f"{f}.toml [{p.id}]", p.regex) for f in patterns.all_files()
           for p in patterns.load(f) if set(units._ROLES) & set(p.regex.groupindex)]
    return [*out, ("verb_opening", units._rules().verb_opening)]



def _role_by_groups(m: Any) -> str | None:
    """role_of as it was read before: the first role group (in the order of units._ROLES)
    that matched a non-empty text."""
    for role in units._ROLES:
        if role in m.re.groupindex and m.group(role):
            return role
    return None


def _group_paths(src: str) -> dict[int, list[tuple[Any, ...]]]:
    """Where each capturing group of *src* stands in its parse (the standard library's, a
    property such as \\p{Han} read as one character): the steps from the top, each an item
    of a sequence (``item``, i), a branch of an alternation (``branch``, id, k), a group
    (``group``, number), or a part that repeats, looks around or is conditional."""
    from policyparse._firstchars import SRE, parse_source

    tree = parse_source(re.sub(r"\\[pP]\{[^}]*\}", "\ue000", src))
    paths: dict[int, list[tuple[Any, ...]]] = {}

    def walk(seq: Any, path: list[tuple[Any, ...]]) -> None:
        for i, (op, av) in enumerate(seq):
            here = [*path, ("item", i)]
            if op is SRE.SUBPATTERN:
                if av[0] is not None:
                    paths[av[0]] = here
                walk(av[3], [*here, ("group", av[0])])
            elif op is SRE.BRANCH:
                for k, b in enumerate(av[1]):
                    walk(b, [*here, ("branch", id(av), k)])
            elif op in (SRE.MAX_REPEAT, SRE.MIN_REPEAT, getattr(SRE, "POSSESSIVE_REPEAT", None)):
                walk(av[2], [*here, ("repeat",)])
            elif op in (SRE.ASSERT, SRE.ASSERT_NOT):
                walk(av[1], [*here, ("around",)])
            elif op is getattr(SRE, "ATOMIC_GROUP", None):
                walk(av, [*here, ("atomic",)])
            elif op is SRE.GROUPREF_EXISTS:
                for b in av[1:]:
                    if b is not None:
                        walk(b, [*here, ("conditional",)])

    walk(tree, [])
    return paths


def _parts(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> str:
    """How the groups at paths *a* and *b* stand to each other: "exclusive" (other branches of
    one alternation), "before" (a closes before b opens), "after", "inside" (a in b) or
    "around" (b in a)."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            if x[0] == y[0] == "branch" and x[1] == y[1]:
                return "exclusive"
            return "before" if x[1] < y[1] else "after"  # two items of one sequence
    return "inside" if len(a) > len(b) else "around"


def _role_groups_problem(src: str) -> str | None:
    """Why role_of could not read a match of *src* by its last group, or None: it can where
    any two role groups stand in other branches of one alternation, none repeats, looks
    around or is conditional, and every other capturing group (not in a role group) is
    exclusive of each role group or closes before it opens."""
    from policyparse._firstchars import parse_source

    names = {v: k for k, v in parse_source(re.sub(r"\\[pP]\{[^}]*\}", "\ue000", src))
             .state.groupdict.items()}
    paths = _group_paths(src)
    roles = [g for g, n in names.items() if n in units._ROLES]
    for g in roles:
        if any(step[0] in ("repeat", "around", "conditional") for step in paths[g]):
            return f"{names[g]} repeats, looks around or is conditional"
        for h in roles:
            if h != g and _parts(paths[g], paths[h]) != "exclusive":
                return f"{names[g]} and {names[h]} may both match"
        for h, p in paths.items():
            if h not in roles and not any(("group", r) in p for r in roles) and _parts(
                    p, paths[g]) not in ("exclusive", "before"):
                return f"group {names.get(h, h)} may close after {names[g]}"
    return None


def test_role_groups_problem_tells_what_role_of_cannot_read():
    assert _role_groups_problem(r"(?:(?P<lead>a)|(?P<support>b)|c)(?:d|e)?") is None
    assert _role_groups_problem(r"(?:(?P<lead>a)|(?P<support>b))(?:d(e))?") is not None
    assert _role_groups_problem(r"(x)(?:(?P<lead>a(y))|(?P<support>b)|(z))") is None
    assert _role_groups_problem(r"(?:(?P<lead>a)|(?P<support>b))+") is not None
    assert _role_groups_problem(r"(?P<lead>a)(?P<support>b)?") is not None
    assert _role_groups_problem(r"(?:(?P<lead>a)|b)(c)") is not None
    assert _role_groups_problem(r"((?P<lead>a)|(?P<support>b))") is not None
    assert _role_groups_problem(r"(?=(?P<lead>a))a|(?P<support>b)") is not None


@pytest.mark.parametrize("name,rx", _role_patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_role_groups_are_alternatives_and_close_last(name, rx):
    # role_of reads the role from the match's last group (lastgroup): right where the role
    # groups of a pattern exclude each other and no capturing group closes after one, as the
    # pattern's parse tells (_role_groups_problem)
    assert set(units._ROLES) & set(rx.groupindex), name
    assert _role_groups_problem(rx.pattern) is None, name


@pytest.mark.parametrize("seed", range(4))
def test_role_of_gives_the_role_group_that_matched(seed):
    # checked where each role pattern matches in its examples and in random texts made of its
    # role words and names: the role of the last group is that of the one non-empty role group
    import random

    rnd = random.Random(seed)
    r = patterns.load("responsibilities")
    words = ["牵头", "配合", "参与", "协助", "协同", "指导", "督导", "督促指导", "责任", "主责", "负责",
             "实施", "承办", "单位", "部门", "主体", "按职责分工", "落实", "积极", "为", "作为", "序号",
             "重点任务", "完成时限", "各", "有关", "市财政局", "（", "）", "〈", "〉", "[", "]", "：", ":",
             "、", "，", "；", "。", " "]
    for name, rx in _role_patterns():
        texts = [t for f in patterns.all_files() for p in patterns.load(f)
                 if p.regex is rx for t in (*p.examples, *p.counterexamples)]
        texts += [*r["role_verb"].examples, *r["role_key"].examples]
        texts += ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
                  for _ in range(150)]
        for t in texts:
            for s in range(len(t)):
                for m in (rx.match(t, s), rx.search(t, s)):
                    if m is not None:
                        assert units.role_of(m) == _role_by_groups(m), (name, t, s)


@pytest.mark.parametrize("cell", [
    "市发展改革委、市财政局", "市财政局、各县区政府、市财政局", "市发展改革委（牵头）、市财政局",
    "市财政局牵头，市教育局、市财政局配合", "市财政局、市财政局（牵头）", "牵头单位：市发展改革委；市财政局",
    "桥头镇、城关镇人民政府"])
def test_read_with_a_role_gives_it_to_the_names_whose_list_states_none(cell):
    # ListReader.read(role=...): as the names read without it, each without a stated role
    # given that one (after a name given twice is merged by the roles the list states),
    # whether the list was read before or not, where it stood or elsewhere
    text = f"序号 {cell} 备注 {cell}"
    spans = [(i, i + len(cell)) for i in (3, 3 + len(cell) + 4)]
    for role in ("lead", "support", "responsible"):
        reader, plain = units.ListReader(), units.ListReader()
        for s, e in [*spans, *spans]:
            got = reader.read(text, s, e, of_units=True, role=role)
            want = plain.read(text, s, e, of_units=True)
            assert got.names == [n if n.role else n._replace(role=role) for n in want.names]
            assert (got.rejected, got.stated, got.first_listed) == (
                want.rejected, want.stated, want.first_listed)


@pytest.mark.parametrize("seed", range(10))
def test_a_plain_list_reads_as_the_general_reading_reads_it(seed):
    # a list of names and separators alone (ListReader._read_plain: one pass, a place waiting
    # for the end of the list) reads as the general reading reads it with a full stop after
    # it (a sentence after which nothing follows): the same names, rejections and statement
    import random

    rnd = random.Random(seed)
    names = ["桥头镇", "浔阳区", "城关镇人民政府", "市财政局", "发展改革委", "高校", "集团", "城关街道",
             "西南医科大学", "各县区政府", "市发改委市财政局", "2025年底前", "市、县财政局"]
    for _ in range(40):
        t = rnd.choice(["、", "，", "；"]).join(rnd.choice(names) for _ in range(rnd.randint(1, 6)))
        for of_units in (False, True):
            plain = units.ListReader().read(t, 0, len(t), of_units=of_units)
            general = units.ListReader().read(t + "。", 0, len(t) + 1, of_units=of_units)
            assert (plain.names, plain.rejected, plain.stated) == (
                general.names, general.rejected, general.stated), (t, of_units)
