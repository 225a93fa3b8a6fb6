from __future__ import annotations

import sys
from collections import Counter
from functools import cache

import pytest

from policyparse.extract import targets as extractor
from policyparse.limits import Limits
from tests.conftest import SAMPLES, gold
from tests.extract.helpers import context, notice, sample_context


def targets(body: str, date: str | None = None):
    """The targets of a made-up plan whose body is *body* (an optional signing date)."""
    return extractor.extract(notice(body, date))


@cache
def run_sample(name: str):
    ctx = sample_context(SAMPLES / name)
    return ctx, extractor.extract(ctx)


def triples(ts):
    return [(t.year, t.value_range or t.value, t.unit) for t in ts]


# --- the samples -----------------------------------------------------------------------------


def _key(year, value, unit):
    if isinstance(value, str):  # "1-2" in the gold files
        value = tuple(float(x) for x in value.split("-"))
    elif isinstance(value, (list, tuple)):
        value = tuple(float(x) for x in value)
    else:
        value = float(value)
    return year, value, unit


def test_targets_equal_gold(sample):
    got = Counter(_key(t.year, t.value_range or t.value, t.unit) for t in run_sample(sample)[1])
    want = Counter(_key(g["year"], g["value"], g["unit"]) for g in gold(sample)["targets"])
    assert got == want


def test_target_texts_are_the_gold_clauses(sample):
    got = Counter(t.text for t in run_sample(sample)[1])
    want = Counter(g["text"] for g in gold(sample)["targets"])
    assert got == want


def test_every_target_span_slices_back_to_its_text(sample):
    ctx, ts = run_sample(sample)
    for t in ts:
        assert ctx.text[t.span[0]:t.span[1]] == t.text
        ys, ye = t.year_span
        assert str(t.year) in ctx.text[ys:ye] or "十四五" in ctx.text[ys:ye]


def test_targets_are_in_document_order_and_carry_their_path(sample):
    ts = run_sample(sample)[1]
    spans = [t.span for t in ts]
    assert spans == sorted(spans)
    for t in ts:
        assert t.path, t.text  # every sample target stands in a numbered section


# --- comparators, values and units -----------------------------------------------------------


@pytest.mark.parametrize(("clause", "comparator", "relation", "value", "unit"), [
    ("森林覆盖率达到40%", "达到", "=", 40, "%"),
    ("非化石能源装机占比超过80%", "超过", ">", 80, "%"),
    ("风电装机达到800万千瓦以上", "达到", ">=", 800, "万千瓦"),
    ("城市污水处理率不低于95%", "不低于", ">=", 95, "%"),
    ("煤炭消费比重不超过50%", "不超过", "<=", 50, "%"),
    ("用水总量控制在12亿立方米以内", "控制在", "<=", 12, "亿立方米"),
    ("PUE值低于1.3", None, None, None, None),  # no unit: not a quantity
    ("单位产值能耗低于0.5吨标准煤", "低于", "<", 0.5, "吨标准煤"),
    ("单位地区生产总值能耗较2020年下降13.5%", "下降", "decrease", 13.5, "%"),
    ("研发投入强度提高2个百分点", "提高", "increase", 2, "个百分点"),
    ("化肥使用量下降到60万吨左右", "下降到", "~", 60, "万吨"),
    ("化肥使用量下降到60万吨", "下降到", "=", 60, "万吨"),
    ("新能源装机力争达到470万千瓦左右", "达到", "~", 470, "万千瓦"),
    ("建设400个美丽宜居村", "建设", "=", 400, "个"),
    ("新增铁路里程250公里以上", "新增", "increase", 250, "公里"),
    ("项目平均审批周期缩短30%", "缩短", "decrease", 30, "%"),
    ("审批时间压缩至5个工作日", "压缩至", "=", 5, "个工作日"),
    ("淘汰落后产能60万吨", "淘汰", "decrease", 60, "万吨"),
])
def test_comparator_relation_value_and_unit(clause, comparator, relation, value, unit):
    ts = targets(f"一、主要目标\n到2025年，{clause}。")
    if value is None:
        assert ts == []
        return
    (t,) = ts
    assert (t.comparator, t.relation, t.value, t.unit, t.year) == (
        comparator, relation, value, unit, 2025)
    assert t.text == clause


def test_negation_keeps_its_meaning():
    ge, le = targets("到2025年，达标率不低于90%，排放量不超过10万吨。")
    assert (ge.relation, ge.value) == (">=", 90)
    assert (le.relation, le.value) == ("<=", 10)


def test_full_width_digits_and_spaces_inside_a_clause():
    (t,) = targets("到 ２０２５ 年，全市 森林覆盖率 达到 ３８．３５ ％。")
    assert (t.year, t.value, t.unit) == (2025, 38.35, "%")


def test_a_line_break_inside_a_clause_does_not_break_it():
    ctx = notice("一、主要目标\n到2025年，单位地区生产\n总值能耗下降15%。")
    assert "生产\n总值" in ctx.text  # the normalizer keeps this short line apart
    (t,) = extractor.extract(ctx)
    assert (t.year, t.value, t.relation) == (2025, 15, "decrease")
    assert ctx.text[t.span[0]:t.span[1]] == t.text
    assert t.text.replace("\n", "") == "单位地区生产总值能耗下降15%"


@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("产业规模力争达到千亿元", 1000, "亿元"),
    ("节能环保产业产值达到百亿元", 100, "亿元"),
    ("建设三个国家级示范区", 3, "个"),
    ("培育两百家绿色工厂", 200, "家"),
    ("新能源汽车保有量达到一万辆", 1, "万辆"),
    ("学前教育毛入园率达到百分之九十八", 98, "%"),           # 百分之N is N%
    ("农村饮水工程合格率达到百分之九十九点五", 99.5, "%"),
    ("事故发生率控制在千分之三以内", 3, "‰"),
])
def test_chinese_numerals(clause, value, unit):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("全市加装电梯150部以上", 150, "部"),
    ("养老床位达到800张", 800, "张"),
    ("新型储能装机达到120GWh", 120, "GWh"),
    ("分布式光伏装机达到300MW", 300, "MW"),
    ("港口集装箱吞吐量达到20万标箱", 20, "万标箱"),
    ("举办群众性赛事200场次", 200, "场次"),
    ("服务群众5万人次", 5, "万人次"),
    ("项目审批时间压缩至15个工作日以内", 15, "个工作日"),
    ("年用电量达到30亿千瓦时", 30, "亿千瓦时"),
    ("开展应急演练20次", 20, "次"),
    ("新增公共停车位2000个", 2000, "个"),
    ("建成污水管网80公里", 80, "公里"),
    ("垃圾处理能力达到1500吨/日", 1500, "吨/日"),
    ("新建口袋公园12处", 12, "处"),
    ("改造老旧路灯600盏", 600, "盏"),
])
def test_measure_and_count_units_the_longest_written_wins(clause, value, unit):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


@pytest.mark.parametrize("clause", [
    "建立三张清单",          # 张, 次 count only after arabic digits
    "推动三次产业融合发展",
    "发展汽车零部件产业",     # 零 is a word here
    "由5部门联合推进",        # 部门 is no count
    "加快两部分改革",
])
def test_classifier_words_that_are_no_counts(clause):
    assert targets(f"到2025年，{clause}。") == []


def test_a_range_has_a_value_range_and_no_value():
    a, b = targets("到2025年，建成1-2个加工集聚区，培育3～5家龙头企业。")
    assert (a.value, a.value_range, a.unit) == (None, (1, 2), "个")
    assert (b.value, b.value_range, b.unit) == (None, (3, 5), "家")


def test_a_magnitude_after_the_low_end_of_a_range_is_its_own():
    a, b = targets("到2025年，光伏装机达到200万至300万千瓦，带动投资8000万至1.2亿元。")
    assert (a.value, a.value_range, a.unit) == (None, (200, 300), "万千瓦")
    assert (b.value_range, b.unit) == ((0.8, 1.2), "亿元")


def test_fenbie_gives_one_target_per_number_sharing_the_clause():
    ts = targets("到2025年，单位地区生产总值能耗和二氧化碳排放分别降低15%和18%。")
    assert [(t.value, t.unit, t.relation) for t in ts] == [
        (15, "%", "decrease"), (18, "%", "decrease")]
    assert ts[0].text == ts[1].text == "单位地区生产总值能耗和二氧化碳排放分别降低15%和18%"
    assert ts[0].indicator == "单位地区生产总值能耗和二氧化碳排放"


def test_a_bare_number_takes_the_unit_of_its_list():
    ts = targets("到2025年，能耗、水耗和碳排放强度分别下降12、15和18%。")
    assert [(t.value, t.unit) for t in ts] == [(12, "%"), (15, "%"), (18, "%")]


def test_a_binding_word_before_the_deadline_binds_the_numbers_it_governs():
    a, b = targets("力争到2026年底，全区公共充电桩突破3000个，换电站达到20座。")
    assert (a.binding, a.year, b.binding) == ("力争", 2026, "力争")


def test_indicator_binding_and_baseline():
    (t,) = targets("到2025年，全市万元GDP用水量力争较2020年下降16%（约束性）。")
    assert t.indicator == "全市万元GDP用水量"
    assert (t.binding, t.baseline_year, t.relation) == ("力争", 2020, "decrease")
    (t,) = targets("到2025年，与2020年相比，单位GDP能耗下降13.5%。")
    assert (t.baseline_year, t.indicator) == (2020, "单位GDP能耗")
    (t,) = targets("到2025年，单位GDP能耗下降13.5%（约束性）。")
    assert t.binding == "约束性"


@pytest.mark.parametrize(("body", "year"), [
    ("到2025年，较2020年末，单位GDP能耗下降13.5%。", 2020),
    ("到2025年，与2020年相比，单位GDP能耗下降13.5%。", 2020),
    # a baseline that does not close the clause before: none
    ("到2025年，较2020年有所改善，单位GDP能耗下降13.5%。", None),
    ("到2025年，与2020年相比较好，单位GDP能耗下降13.5%。", None),
])
def test_a_baseline_is_the_clause_just_before(body: str, year: int | None) -> None:
    (t,) = targets(body)
    assert t.baseline_year == year


def test_a_baseline_inside_the_clause_in_either_form() -> None:
    a, b = targets("到2025年，单位GDP能耗与2020年相比下降13.5%，用水量较2021年下降10%。")
    assert (a.baseline_year, b.baseline_year) == (2020, 2021)


def test_the_words_of_a_clause_are_searched_under_the_standard_re() -> None:
    # baseline, binding and comparator words, joined: under re (behind the lead of the
    # characters they open with) a clause costs less than half the steps of regex; a group
    # name used twice (the baseline's year) would keep the joined regex from re
    import re

    assert isinstance(extractor._rules().words, re.Pattern)
    assert isinstance(extractor._rules().noise, re.Pattern)  # what is cut from an indicator


def test_the_indicator_of_a_verb_is_its_object_or_what_follows_the_number():
    a, b, c = targets("到2025年，全市新建道路700公里，建设400个美丽宜居村，7个园区全部实施改造。")
    assert (a.indicator, b.indicator, c.indicator) == ("道路", "美丽宜居村", "园区全部实施改造")


# --- the year that governs a number ----------------------------------------------------------


def test_a_year_governs_the_following_sentences_of_its_paragraph_until_another_is_named():
    ts = targets("到2025年，森林覆盖率达到40%。新建道路700公里。到2030年，非化石能源占比超过65%。"
                 "新增绿地50公顷。")
    assert triples(ts) == [(2025, 40, "%"), (2025, 700, "公里"), (2030, 65, "%"),
                           (2030, 50, "公顷")]


def test_text_drops_the_leading_deadline_with_or_without_a_comma():
    a, b = targets("到2025年森林覆盖率达到40%。到2030年，新建道路700公里。")
    assert (a.text, b.text) == ("森林覆盖率达到40%", "新建道路700公里")
    assert a.year_span is not None


def test_a_year_does_not_reach_the_next_paragraph_outside_a_targets_section():
    body = "一、重点任务\n（一）推进节能。到2025年，森林覆盖率达到40%。\n新建道路700公里。"
    assert triples(targets(body)) == [(2025, 40, "%")]


def test_in_a_targets_section_the_year_reaches_its_later_paragraphs():
    body = ("一、总体要求\n（一）发展目标。\n到2025年，全市绿色发展取得阶段性成果。\n"
            "绿色产业体系基本构建。产业集群规模达到7000亿元，循环经济产值力争达到百亿元。\n"
            "（二）重点任务。\n新建道路700公里。")
    assert triples(targets(body)) == [(2025, 7000, "亿元"), (2025, 100, "亿元")]


def test_a_year_later_in_the_same_sentence_governs_the_numbers_before_it():
    (t,) = targets("推动7个省级园区2025年年底前全部实施循环化改造。")
    assert (t.year, t.value, t.unit) == (2025, 7, "个")


def test_a_deadline_later_in_the_sentence_governs_after_a_period_sentence():
    ts = targets("“十四五”期间，累计完成管网改造500公里。全市淘汰燃煤锅炉40台，2024年底前全部完成。")
    assert triples(ts) == [(2025, 500, "公里"), (2024, 40, "台")]


def test_a_deadline_later_in_the_sentence_beats_a_year_of_an_earlier_sentence():
    ts = targets("到2025年，森林覆盖率达到40%。淘汰燃煤锅炉40台，2024年6月底前全部完成。")
    assert triples(ts) == [(2025, 40, "%"), (2024, 40, "台")]


def test_a_bare_year_opening_a_later_clause_does_not_take_the_numbers_before_it():
    ts = targets("到2025年，森林覆盖率达到40%。新建道路700公里，2024年新增绿地50公顷。")
    assert triples(ts) == [(2025, 40, "%"), (2025, 700, "公里"), (2024, 50, "公顷")]


@pytest.mark.parametrize(("phrase", "year"), [
    ("到“十四五”末", 2025), ("“十四五”期间", 2025), ("2023年6月底前", 2023),
    ("到二〇三五年", 2035), ("2025年", 2025),
])
def test_other_deadline_forms_govern_too(phrase, year):
    (t,) = targets(f"{phrase}，新增投资22亿元。")
    assert (t.year, t.value, t.unit) == (year, 22, "亿元")


def test_nian_nei_takes_the_year_of_the_notice():
    (t,) = targets("年内，新建充电桩500个。", date="2023年3月1日")
    assert (t.year, t.value) == (2023, 500)


@pytest.mark.parametrize(("body", "text"), [
    ("今年全县农作物秸秆还田率达到85%以上。", "今年全县农作物秸秆还田率达到85%以上"),
    ("（一）加强队伍建设。全年培训乡村医生800人次。", "全年培训乡村医生800人次"),
    ("（二）开展监测。推广科学健身，全年监测人数不少于3000人。", "全年监测人数不少于3000人"),
    ("本年度新增绿色工厂5家。", "本年度新增绿色工厂5家"),
])
def test_jin_nian_and_quan_nian_take_the_year_of_the_notice_and_stay_in_the_text(body, text):
    (t,) = targets(body, date="2023年3月1日")
    assert (t.year, t.text) == (2023, text)


def test_quan_nian_under_another_year_is_that_years_whole_year():
    ts = targets("到2025年，全年空气质量优良天数比例达到88%。", date="2023年3月1日")
    assert triples(ts) == [(2025, 88, "%")]
    body = "一、主要目标\n到2025年，森林覆盖率达到40%。\n全年空气质量优良天数比例达到88%。"
    assert triples(targets(body, date="2023年3月1日")) == [(2025, 40, "%"), (2025, 88, "%")]


def test_no_year_no_target():
    assert targets("一、重点任务\n（一）推进节能。新建道路700公里，森林覆盖率达到40%。") == []


def test_a_past_period_governs_nothing():
    body = "“十三五”时期，全市万元GDP能耗累计下降30%以上，森林覆盖率达到11.4%。"
    assert targets(body, date="2022年6月21日") == []


def test_years_in_titles_and_doc_numbers_govern_nothing():
    body = ("贯彻落实《某省“十四五”节能规划（2021—2025年）》（某政发〔2022〕5号），"
            "新建道路700公里。")
    assert targets(body) == []


# --- what is not a target --------------------------------------------------------------------


@pytest.mark.parametrize("clause", [
    "全力推进“三个产业基地、四个领先示范”建设",   # slogan in quotes
    "形成“千百亿”绿色产业发展格局",
    "大力推进单机容量30万千瓦以下煤电机组关停整合",  # thresholds
    "优先支持上架率高于65%的数据中心",
    "完成30万千瓦及以上热电联产电厂改造",
    "关停供热半径15公里范围内的燃煤锅炉",
    "做大做强苹果、葡萄等11个农产品地理标志产品",  # existing things
    "全市已建成12个充电站",
    "推进桑德环境10万吨/年危废综合处置等项目建设",  # a project's capacity
    "实施PM2.5和臭氧双控",                        # names with digits
    "建设5G基站",
    "持续走进千家万户",                            # idiom
    "对新评定的示范园区给予最高300万元奖励",         # subsidies and funds: instruments
    "区财政每年安排专项资金8000万元",
    "给予一次性补助20万元",
    "按照设备购置额的15%给予补贴",
    "建设年产20万吨再生铝项目",                     # a size named by its word
    "现有3家国家级孵化器",                          # what already is
    "全区已累计建成充电站80座",
])
def test_not_targets(clause):
    assert targets(f"到2025年，{clause}。") == []


@pytest.mark.parametrize(("clause", "kept"), [
    ("建成数字化车间、智能工厂等25个", (25, "个")),      # 等N个 after a committing verb
    ("新增产能80万吨", (80, "万吨")),                   # a size word after a committing verb
    ("通信基站在已建基础上新增1500个", (1500, "个")),     # 已/现有 that qualify the base only
    ("在现有基础上新增公共充电桩2500个", (2500, "个")),
    ("建成300万千瓦光伏项目", (300, "万千瓦")),          # a project's size a verb commits to
    ("新增投资22亿元", (22, "亿元")),                    # investment is no subsidy
])
def test_a_committing_verb_keeps_what_an_exclusion_would_drop(clause, kept):
    assert [(t.value, t.unit) for t in targets(f"到2025年，{clause}。")] == [kept]


def test_from_value_to_value_keeps_only_the_goal():
    (t,) = targets("到2025年，绿色建筑占比由2020年的35%提高到70%。")
    assert (t.value, t.relation) == (70, "=")


def test_targets_outside_the_body_are_ignored():
    ctx = context(
        "某市人民政府关于印发某市节能降碳实施方案的通知\n各区县人民政府：\n"
        "现将《某市节能降碳实施方案》印发给你们。\n某市节能降碳实施方案\n一、主要目标\n"
        "到2025年，森林覆盖率达到40%。\n附件\n到2025年，新建道路700公里。")
    assert triples(extractor.extract(ctx)) == [(2025, 40, "%")]


def test_a_count_of_the_plans_own_indicators_is_no_target():
    ts = targets("到2025年，两项指标分别下降12%和15%。")
    assert [(t.value, t.unit) for t in ts] == [(12, "%"), (15, "%")]


def test_a_share_or_count_with_yishang_de_is_a_goal_but_a_measure_is_a_threshold():
    ts = targets("到2025年，全市90%以上的行政村实现垃圾分类，建设5个以上的示范区，"
                 "年综合能耗5000吨标准煤以上的重点用能单位全部完成改造。")
    assert [(t.value, t.unit, t.relation) for t in ts] == [(90, "%", ">="), (5, "个", ">=")]


@pytest.mark.parametrize(("clause", "kept"), [
    ("培育主营业务收入超五十亿元企业8家以上", [(8, "家")]),
    ("新增年产值10亿元以上企业20家", [(20, "家")]),
    ("建成20万千瓦级风电基地两个", [(2, "个")]),
    ("培育产值超5亿元龙头企业12家、超亿元企业40家", [(12, "家"), (40, "家")]),
    ("实现营业收入超百亿元", [(100, "亿元")]),          # no count after it: the size is the goal
    ("全市营业收入达到500亿元和300亿元", [(500, "亿元"), (300, "亿元")]),
])
def test_a_size_that_names_a_class_of_what_is_counted_is_no_target(clause, kept):
    assert [(t.value, t.unit) for t in targets(f"到2025年，{clause}。")] == kept


def test_a_value_recorded_in_brackets_for_another_year_is_no_target():
    (t,) = targets("到2025年，森林覆盖率达到40%（2020年为38%）。")
    assert t.value == 40


def test_parse_fills_the_documents_targets_deadlines_and_citations():
    import policyparse

    doc = policyparse.parse_text(
        "某市节能降碳实施方案\n为落实《某省节能条例》，制定本方案。\n一、主要目标\n"
        "到2025年，森林覆盖率达到40%。")
    assert [(t.year, t.value, t.unit) for t in doc.targets] == [(2025, 40, "%")]
    assert [d.text for d in doc.deadlines] == ["到2025年"]
    assert [c.title for c in doc.citations] == ["某省节能条例"]


def test_a_year_before_a_colon_governs_the_list_it_opens():
    body = ("一、重点任务\n（一）推进节能降碳。到2025年，实现以下目标：\n1.单位地区生产总值能耗下降15%。\n"
            "2.新建道路700公里。\n（二）加强保障。新增绿地50公顷。")
    assert triples(targets(body)) == [(2025, 15, "%"), (2025, 700, "公里")]


def test_a_period_governs_its_own_sentence_only():
    ts = targets("“十四五”期间，累计新建污水管网5000公里。“十四五”时期是关键期。全市现有企业3000家，"
                 "新增绿地50公顷。")
    assert triples(ts) == [(2025, 5000, "公里")]


def test_without_a_date_the_title_or_doc_number_tells_a_record_from_a_goal():
    ctx = context("某县“十四五”生态环境保护规划\n一、发展基础\n2020年，全县空气质量优良天数比例达到85.2%。"
                  "截至2020年底，累计建成污水处理厂12座。\n二、主要目标\n到2025年，优良天数比例达到88%以上。")
    assert triples(extractor.extract(ctx)) == [(2025, 88, "%")]


def test_a_list_items_label_is_not_part_of_its_text():
    (t,) = targets("二、主要目标\n到2025年，主要指标如下：\n1.细颗粒物（PM2.5）浓度控制在32微克/立方米以内。")
    assert (t.text, t.indicator) == ("细颗粒物（PM2.5）浓度控制在32微克/立方米以内", "细颗粒物（PM2.5）浓度")
    assert (t.value, t.unit, t.relation) == (32, "微克/立方米", "<=")


@pytest.mark.parametrize("body", [
    "到2025年，达到" + "9" * 400 + "%。", "〇〇〇〇年6月底前，完成3个。", "2025年2月30日前，完成3个。",
    "到2025年，（（（12%", "到2025年" * 50, "“" * 30 + "到2025年，新增3个", "",
])
def test_odd_text_gives_no_error_and_no_nonsense(body):
    ts = targets(body)
    assert all(t.value is None or t.value < 1e300 for t in ts)
    assert all(t.year is None or 1900 <= t.year < 2200 for t in ts)


def test_a_year_in_a_targets_heading_governs_its_section():
    body = "一、总体要求\n（二）2025年目标\n单位地区生产总值能耗下降15%。\n新建道路700公里。\n（三）工作原则\n新增绿地50公顷。"
    assert triples(targets(body, date="2022年3月1日")) == [(2025, 15, "%"), (2025, 700, "公里")]


# --- shares in tenths, counts of ten, one number for each, standards, time limits ------------


@pytest.mark.parametrize(("clause", "value"), [
    ("新能源汽车销售量占比达到三成左右", 30), ("建有研发机构的比例达到四成以上", 40),
    ("绿色建筑占比超过两成", 20)])
def test_cheng_is_a_tenth_written_as_a_percentage(clause, value):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, "%")


def test_yi_cheng_bu_bian_is_no_share():
    assert targets("到2025年，制度一成不变，成员单位三成员。") == []


def test_shi_ge_beside_liang_ge_is_ten():
    ts = targets("到2025年，建成低空飞行服务站两个、通用机场十个。")
    assert [(t.value, t.unit) for t in ts] == [(2, "个"), (10, "个")]


def test_one_number_for_each_of_several_indicators_gives_one_target_each():
    ts = targets("到2024年，建成无废细胞200个，其中“无废学校”“无废机关”各不少于30个。")
    assert [(t.indicator, t.value) for t in ts] == [
        ("无废细胞", 200), ("无废学校", 30), ("无废机关", 30)]
    assert ts[1].span == ts[2].span and ts[1].relation == ">="
    ts = targets("到2025年，创建绿色工厂、绿色园区各5家。")
    assert [(t.indicator, t.value, t.unit) for t in ts] == [
        ("绿色工厂", 5, "家"), ("绿色园区", 5, "家")]
    # 各 inside a word, or before no comparator, divides nothing
    (t,) = targets("到2025年，各县区建成公园10个。")
    assert t.value == 10


@pytest.mark.parametrize("clause", [
    "每年组织专精特新企业培训不少于500人次", "每村每年不低于2万元", "每季度至少开展督查2次"])
def test_a_standard_for_every_period_is_no_target(clause):
    assert targets(f"一、任务\n（一）推进。2024年底前，实现全覆盖，{clause}。") == []


def test_a_ratio_per_head_is_a_target():
    (t,) = targets("到2025年，每千人口拥有执业医师数达到3.2人。")
    assert t.value == 3.2


def test_a_size_before_a_range_of_counts_is_no_target():
    (t,) = targets("到2026年，培育营业收入超10亿元中药企业3—5家。")
    assert (t.value_range, t.unit) == ((3, 5), "家")


def test_year_end_without_a_year_governs_with_the_notices_year():
    (t,) = targets("一、任务\n（一）严格管理。年底前完成老旧燃气管道更新改造１２公里。",
                   date="2024年3月1日")
    assert (t.year, t.value, t.unit) == (2024, 12, "公里")


def test_a_bare_year_after_li_zheng_governs_its_clause():
    (t,) = targets("一、任务\n（一）推进。力争2025年全市技术合同成交额突破300亿元。")
    assert (t.year, t.value, t.unit, t.binding) == (2025, 300, "亿元", "力争")


# --- tables, covers of table-only plans, more units, caps and standards ----------------------


def test_a_tables_numbers_are_no_targets_and_its_time_limits_govern_none():
    ts = targets("一、主要目标\n到2025年，森林覆盖率达到40%。\n"
                 "序号 | 任务内容 | 责任单位 | 完成时限\n"
                 "1 | 新建改造雨污管网45公里 | 县住房城乡建设局 | 2024年12月底\n")
    assert [(t.year, t.value, t.unit) for t in ts] == [(2025, 40, "%")]


def test_the_cover_of_a_plan_that_is_only_a_table_states_its_targets():
    ctx = context(
        "某县发展和改革委员会关于印发《某县2024年重点任务清单》的通知\n"
        "某发改规划〔2024〕5号\n各乡镇人民政府，县各有关部门：\n"
        "现将《某县2024年重点任务清单》印发给你们。2024年，全县常住人口城镇化率力争达到60%，"
        "县城建成区面积达到78平方公里。请于每季度末前5个工作日报送进展。\n"
        "附件：某县2024年重点任务清单\n某县发展和改革委员会\n2024年3月8日\n附件\n"
        "某县2024年重点任务清单\n序号 | 任务内容 | 责任单位 | 完成时限\n"
        "1 | 新建城市公共停车泊位3000个 | 县城市管理局 | 2024年12月底\n")
    got = [(t.year, t.value, t.unit) for t in extractor.extract(ctx)]
    assert got == [(2024, 60, "%"), (2024, 78, "平方公里")]


@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("全市白酒产量稳定在30万千升左右", 30, "万千升"),
    ("全市智能算力规模达到5000P", 5000, "P"),
    ("新增算力规模达到10EFLOPS", 10, "EFLOPS"),
])
def test_volumes_and_computing_power(clause, value, unit):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


def test_the_cap_of_a_subsidy_is_no_target():
    ts = targets("到2025年，建成智算中心3个，对新建智算中心按设备投资额的10%给予补助，"
                 "最高不超过1000万元。")
    assert [(t.value, t.unit) for t in ts] == [(3, "个")]


def test_a_quota_for_every_team_or_place_is_no_target():
    # (corpus1 c02 counts 每个乡镇至少建成1个收储中心 as a goal; four calls of corpus4 and
    # corpus6 count such quotas out, and so does the parser)
    assert targets("一、任务\n（一）组建队伍。5月底前，组建抢险队伍，每支队伍不少于30人。",
                   date="2024年4月1日") == []
    assert targets("到2025年，每个行政村至少配备1名灾害信息员。") == []
    (t,) = targets("到2025年，每千人口拥有执业医师数达到3.2人。")  # a ratio is a level
    assert t.value == 3.2



@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("国际航行船舶通关时间压缩至2小时以内", 2, "小时"),
    ("服务业顾客满意度达到82分以上", 82, "分"),
    ("累计服务企业1500家次以上", 1500, "家次"),
])
def test_hours_scores_and_compound_counts(clause, value, unit):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


@pytest.mark.parametrize("clause", [
    "实现政务服务24小时自助办理",  # a kind of service
    "对见习期满留用率达到50%以上的见习单位，见习补贴标准提高10%",  # a condition, a subsidy
    "推动残疾人两项补贴申请等事项联办",  # a count in a name
])
def test_numbers_that_are_no_goal(clause):
    assert targets(f"到2025年，{clause}。") == []


def test_a_time_limit_line_under_an_item_governs_the_item():
    ctx = notice("二、重点任务\n（四）完善配套设施。新建燃气管网不少于80公里、供排水管网不少于120公里。\n"
                 "责任单位：市城市管理局、市水务局\n完成时限：2026年12月底前\n"
                 "（五）加强管理。建成智慧平台1个。")
    got = [(t.year, t.value, t.unit) for t in extractor.extract(ctx)]
    assert got == [(2026, 80, "公里"), (2026, 120, "公里")]  # not into the next item


@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("全省海洋生产总值突破1.4万亿元", 1.4, "万亿元"),
    ("建设小水窖、小水池1200口", 1200, "口"),
    ("造船完工量达到1000万载重吨", 1000, "万载重吨"),
    ("中欧班列通行量力争突破5200列", 5200, "列"),
    ("货车平均通关时间压缩至30分钟以内", 30, "分钟"),
    ("项目区亩均粮食产能提高100斤以上", 100, "斤"),
])
def test_more_units(clause, value, unit):
    (t,) = targets(f"到2026年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


@pytest.mark.parametrize("clause", [
    "台风预警发布后，在港渔船不得少于应回港渔船总数的95%",  # a standing rule
    "对沟长200米以上、沟深1.5米以上的侵蚀沟优先治理",  # a condition
    "一般故障4小时内修复",  # a service time
    "每期营员人数原则上不超过60人",  # per period
    "日均代运邮件快件不少于5000件",  # per day
])
def test_rules_conditions_and_standards_are_no_targets(clause):
    assert targets(f"到2025年，{clause}。") == []


def test_a_time_limit_line_with_a_day_governs_the_item():
    ctx = notice("二、重点任务\n（一）推进改造。完成换热站智能化改造260座。\n"
                 "责任单位：市住房城乡建设局\n完成时限：2024年10月15日\n")
    assert [(t.year, t.value) for t in extractor.extract(ctx)] == [(2024, 260)]


def test_a_time_word_opening_a_clause_with_its_own_number_governs_that_clause_only():
    ts = targets("一、任务\n（一）发展电商。培育农村电商带头人200名，年内新增电商经营主体150家。",
                 date="2024年3月1日")
    assert [(t.year, t.value, t.unit) for t in ts] == [(2024, 150, "家")]
    ts = targets("一、任务\n（一）淘汰锅炉。淘汰改造燃煤锅炉56台，2024年底前全部完成。")
    assert [(t.year, t.value) for t in ts] == [(2024, 56)]


def test_the_years_of_a_plan_counted_govern_its_totals():
    ctx = context("某市装备制造业三年行动计划（2024—2026年）\n一、主要目标\n"
                  "（一）强化金融支持。三年累计为装备制造企业融资300亿元以上。")
    assert [(t.year, t.value, t.unit) for t in extractor.extract(ctx)] == [(2026, 300, "亿元")]


def test_the_imprint_under_a_table_only_plan_is_no_prose():
    ctx = context(
        "某县人民政府办公室关于印发某县2024年古城保护重点任务清单的通知\n某政办发〔2024〕5号\n"
        "各乡镇人民政府：\n现将清单印发给你们。确保全年完成古城保护修缮项目18个。\n某县人民政府办公室\n"
        "2024年3月1日\n附件\n某县2024年古城保护重点任务清单\n序号 | 任务 | 责任单位 | 完成时限\n"
        "1 | 修缮古民居20栋 | 县住房城乡建设局 | 2024年12月\n"
        "抄送：县委办公室，县人大常委会办公室。\n某县人民政府办公室　　2024年3月1日印发\n")
    assert [(t.year, t.value, t.unit) for t in extractor.extract(ctx)] == [(2024, 18, "个")]


def test_a_time_limit_closing_the_items_bracket_governs_the_item():
    ctx = notice("二、重点任务\n（一）更新电梯。完成老旧电梯更新改造800台。"
                 "（责任单位：市市场监管局；完成时限：2024年12月底前）\n（二）加强宣传。开展宣传活动。")
    assert [(t.year, t.value, t.unit) for t in extractor.extract(ctx)] == [(2024, 800, "台")]


@pytest.mark.parametrize(("clause", "value", "unit"), [
    ("万台电梯事故起数控制在0.1起以下", 0.1, "起"), ("年开行量力争突破5000班", 5000, "班"),
    ("完成清理合同1.2万份", 1.2, "万份")])
def test_events_runs_and_copies(clause, value, unit):
    (t,) = targets(f"到2025年，{clause}。")
    assert (t.value, t.unit) == (value, unit)


def test_a_cost_cap_per_household_is_no_target():
    ts = targets("到2024年，完成1万户家庭适老化改造，改造标准为每户不超过5000元。")
    assert [(t.value, t.unit) for t in ts] == [(1, "万户")]


def test_a_term_start_without_a_year_is_the_notices_year():
    ts = targets("一、任务\n（一）推进课后服务。秋季学期开学前，课后服务参与率达到95%以上。",
                 date="2024年5月6日")
    assert [(t.year, t.value) for t in ts] == [(2024, 95)]


def test_the_parts_of_an_inventory_are_no_targets():
    ts = targets("一、任务\n（一）推进路长制。2024年底前，全面推行农村公路路长制。"
                 "全县现有农村公路3215公里，其中县道402公里、乡道986公里。")
    assert ts == []


def test_each_after_another_number_in_the_clause():
    ts = targets("到2025年，评选“文明家庭”30户、“好婆媳”“好邻里”各10名。")
    assert [(t.indicator, t.value) for t in ts][-2:] == [("好婆媳", 10), ("好邻里", 10)]


def test_before_the_flood_season_is_the_notices_year():
    ts = targets("一、任务\n（一）排查水库。汛前完成全市86座小型水库安全鉴定。", date="2024年3月1日")
    assert [(t.year, t.value, t.unit) for t in ts] == [(2024, 86, "座")]


def test_acre_times_an_idiom_of_magnitudes_and_a_clause_opening_nian_nei():
    (t,) = targets("到2024年，全年无人机植保作业面积达到80万亩次。")
    assert (t.value, t.unit) == (80, "万亩次")
    ts = targets("到2024年，完成12座千吨万人供水工程提质改造。")
    assert [(t.value, t.unit) for t in ts] == [(12, "座")]
    ts = targets("一、任务\n（一）建设基地。建设数字化种植示范基地3万亩，年内实现全覆盖。",
                 date="2024年3月1日")
    assert ts == []


def test_a_text_typed_with_half_width_punctuation():
    ts = targets("一、任务\n(一)多元建设.鼓励企业参与助餐服务,支持食堂向老年人开放.2024年新增中心厨房12个.")
    assert [(t.year, t.value, t.unit) for t in ts] == [(2024, 12, "个")]
    (t,) = targets("到2025年,全市助餐服务覆盖率达到8.5%.")
    assert t.value == 8.5  # a decimal point is no full stop


def test_rates_per_second_kilowatt_hours_per_unit_and_shares_of_another_quantity():
    (t,) = targets("到2026年，城区排涝泵站抽排能力提高到120立方米/秒。")
    assert (t.value, t.unit) == (120, "立方米/秒")
    assert targets("到2025年，对屋顶光伏项目按每千瓦时0.1元给予补贴。") == []
    assert targets("到2025年，每座储能电站年充放电次数不低于300次。") == []
    assert targets("到2024年，附属设施用地规模不超过项目用地的10%。") == []
    (t,) = targets("到2025年，交流轮岗教师比例不低于符合条件教师总数的10%。")
    assert t.value == 10


def test_a_period_of_an_earlier_sentence_does_not_hide_the_year_before_it():
    ts = targets("一、主要目标\n到2025年，全市森林覆盖率达到62%。“十四五”期间累计投入资金2.5亿元。"
                 "可再生能源发电量达到120亿千瓦时。")
    assert [(t.year, t.value, t.unit) for t in ts] == [
        (2025, 62, "%"), (2025, 2.5, "亿元"), (2025, 120, "亿千瓦时")]


# --- numbers that are not targets (issue 14) ---------------------------------------------------


def test_a_count_that_names_the_subject_is_no_target():
    ts = targets("一、主要目标\n到2025年，7种主要原料年产量达到500万吨，3类重点企业产值突破100亿元。\n")
    assert triples(ts) == [(2025, 500, "万吨"), (2025, 100, "亿元")]


def test_a_count_something_commits_to_stays_beside_another_number():
    ts = targets("一、主要目标\n到2025年，建成3个园区，新增5家企业营收达到10亿元。\n")
    assert triples(ts) == [(2025, 3, "个"), (2025, 5, "家"), (2025, 10, "亿元")]


def test_a_rules_parameter_is_no_target():
    ts = targets("一、主要目标\n到2025年，对符合条件的企业，可按3个月的标准返还失业保险费，"
                 "按50%的比例给予补助。新建公园10个。\n")
    assert triples(ts) == [(2025, 10, "个")]


def test_a_threshold_in_brackets_describing_scope_is_no_target():
    ts = targets("一、主要目标\n到2025年，重点用能单位（年综合能耗5000吨标准煤以上）节能率达到10%，"
                 "规模以上企业（年营业收入2000万元及以上）数量达到300家，新建公园5个（其中新建口袋公园3个以上）。\n")
    assert triples(ts) == [(2025, 10, "%"), (2025, 300, "家"), (2025, 5, "个"), (2025, 3, "个")]


def test_a_year_closing_a_sentence_is_not_carried_over_its_full_stop():
    ts = targets("一、重点任务\n完成燃煤锅炉改造56台，2024年底前全部完成。新建充电桩100个。\n")
    assert triples(ts) == [(2024, 56, "台")]


def test_a_year_opening_a_sentence_still_reaches_the_sentences_after_it():
    ts = targets("一、重点任务\n力争到2025年，森林覆盖率达到40%。新建公园10个。\n")
    assert triples(ts) == [(2025, 40, "%"), (2025, 10, "个")]
    # a year that opens a clause in the middle of its sentence reaches on too
    ts = targets("一、重点任务\n加快项目建设，到2025年，绿氢年生产能力达到10000吨。规划建设加氢站40座。\n")
    assert triples(ts) == [(2025, 10000, "吨"), (2025, 40, "座")]
    ts = targets("一、重点任务\n规划目标：到2025年，森林覆盖率达到40%。新建公园10个。\n")
    assert triples(ts) == [(2025, 40, "%"), (2025, 10, "个")]
    # a semicolon is no full stop: the year of a clause before one reaches on
    ts = targets("一、重点任务\n建设网点，力争2024年建成网点1家；打造驿站，打造示范驿站2个。\n")
    assert triples(ts) == [(2024, 1, "家"), (2024, 2, "个")]
    # and past a closing year to the opening one before it
    ts = targets("一、重点任务\n到2025年，完成改造56台，2024年底前完成30台。新建公园10个。\n")
    assert triples(ts) == [(2025, 56, "台"), (2024, 30, "台"), (2025, 10, "个")]


# --- a line without punctuation is not one clause (limits.max_clause) -------------------------

LONG_LINE = "加强生态环境保护到2025年达到50%（市生态环境局负责）"


def test_each_number_of_a_line_without_punctuation_gets_a_clause_of_its_own():
    ts = targets(LONG_LINE * 200)
    assert len(ts) == 200
    assert {t.text for t in ts} == {"加强生态环境保护到2025年达到50%"}
    assert all(t.span[1] - t.span[0] <= 2 * 120 + 3 for t in ts)


def test_max_clause_bounds_a_clause_with_nothing_to_stop_it():
    ctx = notice("到2025年" + "甲" * 300 + "新增10个" + "乙" * 300 + "。")
    ctx.limits = Limits(max_clause=50)
    [t] = extractor.extract(ctx)
    assert t.text == "甲" * 48 + "新增10个" + "乙" * 50  # 50 either side of the number
    ctx.limits = Limits()
    [t] = extractor.extract(ctx)
    assert t.text == "甲" * 118 + "新增10个" + "乙" * 120


def test_numbers_on_a_table_line_are_no_targets_however_many():
    row = "| 1 | 到2025年新增10个 | 市工信局 |\n"
    assert targets("一、主要目标\n到2025年，新增5个。\n" + row * 300) != []
    assert all(t.value == 5 for t in targets("一、主要目标\n到2025年，新增5个。\n" + row * 300))


def test_an_exclusion_is_tried_only_where_the_clause_holds_one_of_its_needs():
    """Every match of an exclude entry's examples holds one of its `needs`; and
    targets._excluded, which tries an entry only in a clause that holds one, says what the
    entries joined in one regex say, at every position of every example."""
    from policyparse import patterns

    ps = patterns.load("targets")
    entries = ps.group("exclude")
    joined = patterns.compile_expanded(extractor._join_src(entries, "x_"), "targets.toml")
    r = extractor._rules()
    for p in entries:
        for ex in p.examples:
            assert p.regex.search(ex), (p.id, ex)
            if "needs" in p.data:
                assert any(s in ex for s in p.data["needs"]), (p.id, ex)
        for ex in (*p.examples, *p.counterexamples):
            for pos in range(len(ex)):
                assert extractor._excluded(ex, pos, r) == (joined.search(ex, pos) is not None)


def test_quantities_read_an_arabic_number_once_whatever_follows_it():
    from policyparse.extract.targets import _quantities, _rules

    text = "建成1-2个，达到300万至400万千瓦，分别降低15和18%，培训三成，百分之九十九，2025年"
    got = [(text[q.start:q.end], q.value, q.value_range, q.unit, q.measure)
           for q in _quantities(text, (0, len(text)), _rules())]
    assert got == [("1-2个", None, (1.0, 2.0), "个", False),
                   ("300万至400万千瓦", None, (300.0, 400.0), "万千瓦", True),
                   ("15", 15.0, None, "%", True), ("18%", 18.0, None, "%", True),
                   ("三成", 30.0, None, "%", True), ("百分之九十九", 99.0, None, "%", True)]


def test_a_number_is_read_atomically_giving_back_digits_never_makes_a_match():
    """NUMBER is an atomic group (2025年 fails once, not once for each shorter number): what
    may follow a number never opens with a digit, a point or a comma, so the matches are
    those of the same regex that gives digits back."""
    import regex

    from policyparse import patterns
    from policyparse.extract.targets import _rules

    p = patterns.load("targets")["quantity"]
    assert "(?>" in p.expanded
    backtracking = regex.compile(p.expanded.replace("(?>", "(?:"))
    texts = [*p.examples, *p.counterexamples, "到2025年，1,000,000万元和1,00万吨", "3.5.6万吨",
             "2021-2023年新增12.5%和13．5%", "１,２３４个", "50,00个，12,345.6吨、7和8个百分点"]
    for text in texts:
        want = [(m.span(), m.groups()) for m in backtracking.finditer(text)]
        assert [(m.span(), m.groups()) for m in _rules().quantity.finditer(text)] == want, text


def test_quantities_are_searched_under_re():
    """The quantity regex names no group twice (a number in Chinese numerals has its cn_…
    groups) and opens with a lookahead for its first characters: patterns.py compiles it under
    re, whose tries cost a fraction of regex's; a count in Chinese numerals keeps its unit."""
    from policyparse.extract.targets import _quantities, _rules

    if sys.version_info >= (3, 11):  # 3.10's re has no atomic group (?>…): regex runs it there
        assert type(_rules().quantity).__module__ == "re"
    text = "建设三个示范区，新增两万吨，千家万户"
    got = [(q.value, q.unit, q.measure) for q in _quantities(text, (0, len(text)), _rules())]
    assert got == [(3.0, "个", False), (2.0, "万吨", True)]


def test_each_exclude_entry_excludes_its_examples_those_without_needs_joined_too():
    from policyparse import patterns
    from policyparse.extract.targets import _excluded, _rules

    r = _rules()
    assert r.exclude_always is not None
    for p in patterns.load("targets").group("exclude"):
        for ex in p.examples:
            assert _excluded(ex, ex.index("⟪"), r), (p.id, ex)



@pytest.mark.parametrize(("body", "expected"), [
    ("到2025年，新建道路10公里；改造设施.2026年新增站点5个。",
     [(2025, 10.0, "公里"), (2026, 5.0, "个")]),
    # a year later in the sentence, after a clause break: not over a number before it
    ("新建道路10公里，到2025年新增站点5个.改造站点3个", [(2025, 5.0, "个")]),
    ("到2025年，新建道路10公里，改造站点.3个", [(2025, 10.0, "公里")]),
])
def test_sentence_breaks_read_only_where_asked(body: str, expected: list) -> None:
    # a paragraph's sentence breaks are read from the sentence of its first year to its last
    # year or number (and the character after it, for a half-width stop): a sentence before
    # them all changes nothing
    assert triples(targets("加强统筹协调，推进各项工作落实。" + body)) == expected


def test_the_target_sections_are_found_by_their_headings_of_one_line_or_more():
    """A heading that names targets is found by the line breaks before its match where every
    heading is one line, and by the headings' lengths where one is not: the same sections."""
    from types import SimpleNamespace

    def sections(*heads: str):
        flat = [SimpleNamespace(heading=h, span=(10 * i, 10 * i + 5)) for i, h in enumerate(heads)]
        return SimpleNamespace(index=SimpleNamespace(sections=flat))

    r = extractor._rules()
    assert extractor._target_sections(sections("总体要求", "主要目标", "重点任务", "主要指标"), r) == [
        (10, 15), (30, 35)]
    assert extractor._target_sections(sections("某市行动方案\n（2024年）", "总体要求", "主要目标"), r) == [
        (20, 25)]
    assert extractor._target_sections(sections("目标", "其他"), r) == [(0, 5)]


def test_a_baseline_clause_is_looked_for_only_where_its_needs_stand():
    """The reverse match for a baseline clause (与2020年相比，…) is made only where the 16
    characters before the clause hold one of the baseline's ``needs``: the same matches as the
    match made everywhere, on texts strung together from baseline-like pieces."""
    import random

    r = extractor._rules()
    words = ["较", "比", "与", "相比", "相较于", "同比", "对比", "全市", "上年", "，", " ", ""]
    years = ["2020", "二〇二〇", "“十三五”", "十三五", "20", ""]
    ends = ["年", "年底", "年末", "年度", "末", "期末", "年相比", "相比", "下降", ""]
    rnd = random.Random(5)
    found = 0
    for _ in range(3000):
        text = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 4)))
        text += rnd.choice(words) + rnd.choice(years) + rnd.choice(ends) + "，新增"
        ts = len(text) - 2
        plain = r.baseline_back.match(text, max(0, ts - 16), ts - 1)
        got = extractor._baseline_clause(text, ts, r)
        assert (got and got.span()) == (plain and plain.span()), text
        found += plain is not None
    assert found > 100


def _exclude_clauses(entries, rnd, n, *, cut):
    """*n* clauses made from the exclude entries' examples, each as (its head, its text): an
    example's words around another example's quantity (⟪…⟫), with pieces of the examples
    before and after; *cut*: the words around cut short now and then."""
    texts = [t.replace("⟫", "⟪").split("⟪") for p in entries
             for t in p.examples + p.counterexamples if "⟪" in t]
    pieces = [t[i:i + k] for parts in texts for t in parts for k in (1, 2, 3)
              for i in range(len(t))]
    for _ in range(n):
        before, _q, after = rnd.choice(texts)
        if cut:
            before = before[rnd.randint(0, len(before)):] if rnd.random() < 0.3 else before
            after = after[:rnd.randint(0, len(after))] if rnd.random() < 0.3 else after
        head = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 2 if cut else 3)))
        head += before
        text = f"{head}⟪{rnd.choice(texts)[1]}⟫{after}" + "".join(
            rnd.choice(pieces) for _ in range(rnd.randint(0, 2)))
        yield head, text


def test_an_exclude_entry_matches_only_a_clause_that_holds_one_of_its_needs():
    """An exclude entry is searched only in a clause holding one of its ``needs`` (or a
    character of its ``needs_after`` after the ⟫): on clauses made from the entries' examples
    (their words around another quantity, cut short, with pieces of others before and after),
    every match holds one."""
    import random

    from policyparse import patterns

    entries = patterns.load("targets").group("exclude")
    assert all(p.needs or p.data.get("needs_after") for p in entries)
    matched = 0
    for head, text in _exclude_clauses(entries, random.Random(3), 4000, cut=True):
        for p in entries:
            if p.regex.search(text, len(head)) is not None:
                matched += 1
                after = p.data.get("needs_after")
                assert p.holds_need(text) if p.needs else patterns.fixed_re(after).search(
                    text, text.index("⟫", len(head))), (p.id, text)
    assert matched > 300


def test_the_exclude_entries_match_as_their_regexes_with_commit_led_by_its_last_characters():
    """The exclude entries are compiled with COMMIT followed by a lookbehind for the characters
    its words end with (targets._exclude_sources, for speed): on clauses made from the
    entries' examples, each finds what the entry's own regex finds."""
    import random

    from policyparse import patterns

    ps = patterns.load("targets")
    entries = ps.group("exclude")
    sources = extractor._exclude_sources(ps)
    assert sum("{COMMIT}" in p.source for p in entries) >= 5
    assert all(sources[p.id] == p.expanded for p in entries if "{COMMIT}" not in p.source)
    led = {p.id: patterns.compile_expanded(sources[p.id], p.id) for p in entries}
    matched = 0
    for head, text in _exclude_clauses(entries, random.Random(5), 3000, cut=False):
        for p in entries:
            want = p.regex.search(text, len(head))
            got = led[p.id].search(text, len(head))
            assert (got and got.span()) == (want and want.span()), (p.id, text)
            matched += want is not None
    assert matched > 200


def test_the_quantity_regex_with_its_led_pieces_matches_as_the_entrys_own():
    """targets._quantity_rx puts MAG and QTY_RANGE behind lookaheads for their first
    characters (for speed): on the entry's examples and the samples' text it finds what the
    entry's own regex finds, groups and all."""
    from policyparse import patterns

    p = patterns.load("targets")["quantity"]
    led = extractor._rules().quantity
    assert led.pattern != p.regex.pattern
    assert all(f"{{{name}}}" in patterns.load("targets").pieces["QTY_RANGE"] + p.source
               for name in extractor._LED_PIECES)
    texts = [*p.examples, *p.counterexamples, "300万至400万千瓦", "5%—10%", "1 ~ 2个",
             "千瓦时", "十个百分点", *(s.read_text(encoding="utf-8") for s in sorted(SAMPLES.glob("*.txt")))]
    found = 0
    for text in texts:
        want = [(m.span(), m.groups()) for m in p.regex.finditer(text)]
        assert [(m.span(), m.groups()) for m in led.finditer(text)] == want, text[:40]
        found += len(want)
    assert found > 150
