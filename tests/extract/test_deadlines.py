from __future__ import annotations

from functools import cache

import pytest

from policyparse.extract import _timex, citations, targets
from policyparse.extract import deadlines as extractor
from tests.conftest import SAMPLES
from tests.extract.helpers import notice, sample_context


def deadlines(body: str, date: str | None = None):
    """The context of a made-up plan and (kind, text, start, end) of its deadlines."""
    ctx = notice(body, date)
    return ctx, [(d.kind, d.text, d.start, d.end) for d in extractor.extract(ctx)]


@cache
def run_sample(name: str):
    ctx = sample_context(SAMPLES / name)
    return ctx, extractor.extract(ctx)


# --- the samples -----------------------------------------------------------------------------


def test_every_deadline_span_slices_back_to_its_text(sample):
    ctx, ds = run_sample(sample)
    assert ds
    for d in ds:
        assert ctx.text[d.span[0]:d.span[1]] == d.text
        assert d.end is None or d.start is None or d.start <= d.end


def test_every_governing_year_of_a_target_is_a_deadline(sample):
    ctx, ds = run_sample(sample)
    spans = {d.span for d in ds}
    for t in targets.extract(ctx):
        assert t.year_span in spans, t.text


def test_sample_deadlines_hold_no_year_of_a_doc_number_or_title(sample):
    ctx, ds = run_sample(sample)
    for d in ds:
        assert "〔" not in d.text and "》" not in d.text
        for c in citations.extract(ctx):
            assert not (c.span[0] <= d.span[0] < c.span[1]), (d.text, c.title)


def test_the_past_is_no_deadline():
    ctx, ds = run_sample("004_9e41d0a2607aace1.txt")  # “十三五”时期 in 发展现状
    assert "“十三五”时期" in ctx.text
    assert all("十三五" not in d.text for d in ds)


# --- the forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "kind", "start", "end"), [
    ("到2025年", "by_year", None, "2025-12-31"),
    ("至2030年", "by_year", None, "2030-12-31"),
    ("到2025年底", "by_year", None, "2025-12-31"),
    ("2025年年底前", "by_year", None, "2025-12-31"),
    ("2030年前", "by_year", None, "2030-12-31"),
    ("到二〇三五年", "by_year", None, "2035-12-31"),
    ("2025年6月底前", "by_date", None, "2025-06-30"),
    ("2024年2月底前", "by_date", None, "2024-02-29"),
    ("2023年9月15日前", "by_date", None, "2023-09-15"),
    ("2023年上半年", "by_date", None, "2023-06-30"),
    ("2023年第三季度末", "by_date", None, "2023-09-30"),
    ("2021-2023年", "range", "2021-01-01", "2023-12-31"),
    ("2021年至2025年", "range", "2021-01-01", "2025-12-31"),
    ("“十四五”时期", "period", "2021-01-01", "2025-12-31"),
    ("“十五五”期间", "period", "2026-01-01", "2030-12-31"),
    ("到“十四五”末", "by_year", None, "2025-12-31"),
    ("自2023年起", "from", "2023-01-01", None),
])
def test_deadline_forms(phrase, kind, start, end):
    _, got = deadlines(f"一、重点任务\n（一）推进节能。{phrase}，完成全部改造。", date="2022年3月1日")
    assert got == [(kind, phrase, start, end)]


def test_nian_nei_is_anchored_to_the_notices_date():
    _, got = deadlines("年内完成摸底排查。今年底前出台实施细则。", date="2023年3月15日")
    assert got == [("within_year", "年内", "2023-03-15", "2023-12-31"),
                   ("within_year", "今年底前", "2023-03-15", "2023-12-31")]


def test_jin_nian_and_quan_nian_are_this_year_but_not_jin_nian_yi_lai():
    _, got = deadlines("今年全县还田率达到90%。全年培训800人次。今年以来，已完成摸底。",
                       date="2023年3月15日")
    assert got == [("within_year", "今年", "2023-03-15", "2023-12-31"),
                   ("within_year", "全年", "2023-03-15", "2023-12-31")]


@pytest.mark.parametrize("body", ["到2025年，全年优良天数比例达到88%。", "2025年全年完成改造。",
                                  "推进全年龄段健身。"])
def test_quan_nian_after_a_year_in_its_sentence_or_in_a_word_is_no_deadline(body):
    _, got = deadlines(body, date="2023年3月15日")
    assert all(text != "全年" for _, text, _, _ in got)


def test_nian_nei_without_a_date_has_no_dates_and_a_warning():
    ctx, got = deadlines("年内完成摸底排查。")
    assert got == [("within_year", "年内", None, None)]
    assert [w.code for w in ctx.warnings if w.code == "deadline_unanchored"] == [
        "deadline_unanchored"]


def test_n_years_is_not_this_year():
    _, got = deadlines("三年内完成改造，5年内全部达标。", date="2023年3月15日")
    assert got == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("完成时限：长期坚持", "长期坚持"), ("（持续推进）", "持续推进"),
    ("2023年底前完成，持续推进。", "持续推进"), ("| 长期坚持 |", "长期坚持")])
def test_ongoing_when_the_phrase_is_the_whole_time_limit(text, phrase):
    _, got = deadlines(text)
    assert ("ongoing", phrase, None, None) in got


def test_ongoing_verbs_with_an_object_are_no_deadline():
    _, got = deadlines("持续推进城市黑臭水体治理，长期坚持节约优先。")
    assert got == []


@pytest.mark.parametrize("text", ["推进监督常态化，持续提升服务水平。", "坚持长期,持续改进工作作风。"])
def test_a_word_read_near_another_anchor_sees_the_text_after_it(text):
    """持续 right after 常态化 or 长期 stands at the end of their window, not of the text: what
    follows (提升, 改进) still makes it a verb with an object, no deadline."""
    _, got = deadlines(text)
    assert [g for g in got if g[0] == "ongoing"] == []


def test_years_in_doc_numbers_titles_and_baselines_are_no_deadlines():
    _, got = deadlines(
        "贯彻落实《某省节能规划（2021—2025年）》（某政发〔2022〕5号）和某市清洁生产审核实施方案"
        "(2021-2023年)，单位能耗较2020年下降13.5%，与2020年相比下降5%。", date="2022年3月1日")
    assert got == []


def test_a_record_before_the_notices_year_is_no_deadline():
    _, got = deadlines("截至2020年底，全市森林覆盖率达到40%。2021年以来，新建道路100公里。",
                       date="2022年3月1日")
    assert got == []


def test_a_bare_year_opening_a_clause():
    _, got = deadlines("2025年，全市单位GDP能耗下降15%。", date="2022年3月1日")
    assert got == [("year", "2025年", "2025-01-01", "2025-12-31")]


def test_a_signing_date_is_no_deadline():
    _, got = deadlines("一、总体要求\n推进节能。", date="2022年3月1日")
    assert got == []


@pytest.mark.parametrize("date", ["二〇二二年三月一日", "二○二二年十一月二十日", "2022 年 3 月 1 日"])
def test_a_signing_date_in_chinese_numerals_is_no_deadline(date):
    _, got = deadlines("一、总体要求\n推进节能。", date=date)
    assert got == []


@pytest.mark.parametrize(("phrase", "end"), [
    ("于2024年1月5日前", "2024-01-05"), ("于2024年3月底前", "2024-03-31"), ("于2024年6月", "2024-06-30")])
def test_yu_with_a_month_is_a_date(phrase, end):
    _, got = deadlines(f"请各区{phrase}报送工作情况。", date="2023年12月1日")
    assert got == [("by_date", phrase, None, end)]


@pytest.mark.parametrize(("phrase", "kind", "start", "end"), [
    ("于二〇二四年一月五日前", "by_date", None, "2024-01-05"),    # months in Chinese numerals
    ("二〇二四年十二月底前", "by_date", None, "2024-12-31"),
    ("2024年4月至7月", "range", "2024-04-01", "2024-07-31"),       # ranges of dates
    ("2024年4月10日—6月20日", "range", "2024-04-10", "2024-06-20"),
    ("2024年11月至2025年3月", "range", "2024-11-01", "2025-03-31"),
    ("自2024年2月1日起", "from", "2024-02-01", None),
    ("从2024年5月开始", "from", "2024-05-01", None),
])
def test_dates_with_months(phrase, kind, start, end):
    _, got = deadlines(f"请各区{phrase}开展自查。", date="2023年12月1日")
    assert got == [(kind, phrase, start, end)]


def test_a_month_without_a_year_takes_the_year_named_before_it_or_the_notices():
    _, got = deadlines("一、工作安排\n（一）部署。各区要于4月20日前制定方案。\n"
                       "（二）自查。整治时段为5月1日至8月31日。9月底前完成整改。\n"
                       "（三）巩固。2025年，3月底前完成复查。", date="2024年4月2日")
    assert got == [("by_date", "于4月20日前", None, "2024-04-20"),
                   ("range", "5月1日至8月31日", "2024-05-01", "2024-08-31"),
                   ("by_date", "9月底前", None, "2024-09-30"),
                   ("year", "2025年", "2025-01-01", "2025-12-31"),
                   ("by_date", "3月底前", None, "2025-03-31")]


def test_a_month_of_this_year_or_next_year():
    _, got = deadlines("今年9月底前完成摸底，明年3月底前全面完成。", date="2024年4月2日")
    assert got == [("by_date", "今年9月底前", None, "2024-09-30"),
                   ("by_date", "明年3月底前", None, "2025-03-31")]


def test_a_month_long_before_the_notices_own_is_next_years():
    _, got = deadlines("各单位于1月15日前报送年度总结。", date="2023年11月20日")
    assert got == [("by_date", "于1月15日前", None, "2024-01-15")]


def test_a_month_without_a_year_in_a_notice_without_one_has_no_dates_and_a_warning():
    ctx, got = deadlines("各单位于6月底前报送总结。")
    assert got == [("by_date", "于6月底前", None, None)]
    assert "deadline_unanchored" in [w.code for w in ctx.warnings]


@pytest.mark.parametrize("text", ["会议于6月15日召开。", "每年3月底前报送。", "用时12个月前后。"])
def test_months_that_are_no_time_limit(text):
    _, got = deadlines(text, date="2024年4月2日")
    assert got == []


def test_a_year_and_month_alone_in_a_time_limit_cell_is_the_end_of_that_month():
    _, got = deadlines("附件\n序号|任务|完成时限\n1|出台方案|2024年9月\n2|完成验收|2024年9月15日",
                       date="2024年3月1日")
    assert got == [("by_date", "2024年9月", None, "2024-09-30")]


@pytest.mark.parametrize(("phrase", "end"), [
    ("有效期至2025年12月31日", "2025-12-31"),
    ("有效期自2023年1月1日起至2025年12月31日止", "2025-12-31"),
    ("有效期为2023年7月1日至2026年6月30日", "2026-06-30"),
    ("试行期至2024年底", "2024-12-31"),
])
def test_a_validity_period_is_valid_until_and_governs_no_target(phrase, end):
    ctx, got = deadlines(f"到2025年，新建道路700公里。本措施自印发之日起施行，{phrase}。",
                         date="2023年3月1日")
    assert got[-1] == ("valid_until", phrase, None, end)
    assert [(t.year, t.value) for t in targets.extract(ctx)] == [(2025, 700)]


def test_each_deadline_is_reported_once_and_carries_its_path():
    ctx = notice("一、主要目标\n到2025年，森林覆盖率达到40%。新建道路700公里。")
    (d,) = extractor.extract(ctx)
    assert (d.kind, d.text, d.path) == ("by_year", "到2025年", ["一"])
    assert [t.year_span for t in targets.extract(ctx)] == [d.span] * 2


def test_scan_finds_matches_only_near_anchors_but_all_of_them():
    text = "x" * 50 + "2021—2025年度" + "y" * 50 + "截止到二〇三五年年底之前" + "z" * 30 + "“十四五”规划期末"
    got = [(t.kind, text[t.span[0]:t.span[1]]) for t in _timex.scan(text, None)]
    assert got == [("range", "2021—2025年度"), ("by_year", "截止到二〇三五年年底之前"),
                   ("by_year", "“十四五”规划期末")]


def test_every_example_holds_its_entrys_anchor_word_and_is_found_by_the_scan():
    from policyparse import patterns

    for p in patterns.load("deadlines"):
        if p.data["kind"] == "mask":
            continue
        anchors = p.data["anchor"] if isinstance(p.data["anchor"], list) else [p.data["anchor"]]
        for ex in p.examples:
            assert any(a in ex for a in anchors), (p.id, ex)
            # (in a plan for 2024—2026年, where 三年累计… means by 2026)
            assert _timex.scan_text(ex, None, None, (2024, 2026)), (p.id, ex)


def test_time_limits_in_table_cells():
    _, got = deadlines("附件\n序号|任务|完成时限\n1|完成摸底|2023年\n2|出台方案|2023年6月底前\n3|推进|长期坚持",
                       date="2022年3月1日")
    assert got == [("year", "2023年", "2023-01-01", "2023-12-31"),
                   ("by_date", "2023年6月底前", None, "2023-06-30"),
                   ("ongoing", "长期坚持", None, None)]


def test_year_end_without_a_year_is_the_end_of_the_year_named_before_or_the_notices():
    _, got = deadlines("一、任务\n（一）改造。年底前完成管道改造。\n（二）推广。2025年试点，年底前全面推开。",
                       date="2024年11月20日")
    assert got == [("by_year", "年底前", None, "2024-12-31"),  # a November notice: this year
                   ("year", "2025年", "2025-01-01", "2025-12-31"),
                   ("by_year", "年底前", None, "2025-12-31")]


@pytest.mark.parametrize("text", ["每年年底前报送总结。", "去年底完成摸底。", "三年底前完成。",
                                  "年底考核结果。"])
def test_year_ends_that_are_no_time_limit_of_this_year(text):
    _, got = deadlines(text, date="2024年4月2日")
    assert all(t != "年底前" and kind != "by_year" for kind, t, _, _ in got)


def test_year_end_and_nian_nei_in_a_notice_without_a_date_take_its_year_or_warn():
    ctx, got = deadlines("年底前完成摸底排查。")
    assert got == [("by_year", "年底前", None, None)]
    assert "deadline_unanchored" in [w.code for w in ctx.warnings]
    ctx = notice("某市人民政府办公室文件\n某政办发〔2024〕3号\n"
                 "一、任务\n年内完成摸底排查，到年底全面推开。")
    got = [(d.kind, d.text, d.start, d.end) for d in extractor.extract(ctx)]
    assert got == [("within_year", "年内", None, "2024-12-31"),
                   ("by_year", "到年底", None, "2024-12-31")]
    assert not [w for w in ctx.warnings if w.code == "deadline_unanchored"]


@pytest.mark.parametrize("word", ["力争", "确保", "争取"])
def test_a_bare_year_after_a_commitment_word(word):
    _, got = deadlines(f"一、任务\n（一）推进。{word}2025年全市技术合同成交额突破300亿元。")
    assert got == [("year", "2025年", "2025-01-01", "2025-12-31")]


def test_the_years_of_a_plan_counted_are_its_period():
    ctx = notice("一、任务\n（一）强化金融支持。三年累计为企业融资300亿元以上。\n"
                 "（二）培养人才。工作三年以上的技师，三年来累计培养200名。")
    assert [(d.kind, d.text) for d in extractor.extract(ctx)] == []  # no period named
    ctx = notice("某市装备制造业三年行动计划（2024—2026年）\n一、任务\n"
                 "（一）强化金融支持。三年累计为企业融资300亿元以上。\n（二）扩大规模。实施三年行动。")
    assert [(d.kind, d.text, d.end) for d in extractor.extract(ctx)] == [
        ("by_year", "三年", "2026-12-31")]


def test_each_anchor_regex_compiles_on_first_use_and_every_one_compiles():
    _timex._anchors.cache_clear()
    try:
        anchors = _timex._anchors()
        assert all("rx" not in vars(a) for a in anchors)  # nothing compiled before a text needs it
        for a in anchors:
            assert a.rx.groupindex.keys() >= a.kinds.keys(), a.word
    finally:
        _timex._anchors.cache_clear()


# --- relative horizons (issue 14) -------------------------------------------------------------


def _relative(body: str, date: str | None = None):
    from policyparse import parse_text

    head = (f"某市人民政府\n{date}\n" if date else "") + "某市实施方案\n"
    d = parse_text(head + "一、工作目标\n" + body + "\n")
    return d, [(x.text, x.start, x.end) for x in d.deadlines if x.kind == "relative"]


def test_a_horizon_counted_from_a_stated_start():
    d, found = _relative("自2021年起，用3年时间，建成示范园区10个。2022年起3年内完成改造。", "2021年3月1日")
    assert found == [("自2021年起，用3年时间", "2021-01-01", "2023-12-31"),
                     ("2022年起3年内", "2022-01-01", "2024-12-31")]
    for x in d.deadlines:
        assert d.text[x.span[0]:x.span[1]] == x.text
    assert [(t.value, t.year) for t in d.targets] == [(10, 2023)]


def test_a_horizon_counted_from_the_notices_date():
    _, found = _relative("用3年时间，建成示范园区10个。今后五年，全市新增绿地100公顷。", "2023年5月6日")
    assert found == [("用3年时间", "2023-05-06", "2025-12-31"),
                     ("今后五年", "2023-05-06", "2027-12-31")]


def test_an_unresolvable_horizon_keeps_its_phrase_without_dates():
    d, found = _relative("用三年左右时间，基本建成体系，新建公园10个。")
    assert found == [("用三年左右时间", None, None)]
    assert d.targets == []


def test_years_of_work_are_no_horizon():
    _, found = _relative("招聘具有3年以上工作经验的人员，每3年开展一次评估。", "2023年5月6日")
    assert found == []


def test_the_near_lookahead_keeps_every_match_of_the_examples():
    """Each anchor's regex runs behind a lookahead for the anchor word within ``before``
    characters (deadlines.toml's promise): without it, the examples match the same."""
    import regex

    from policyparse import patterns

    ps = patterns.load("deadlines")
    windows = patterns.table("deadlines", "scan")["anchors"]
    for a in _timex._anchors():
        entries = [p for p in ps if a.word in _timex._as_list(p.data.get("anchor"))]
        near = _timex._near(entries, windows)
        assert near in a.source
        plain = regex.compile(a.source.replace(near, "", 1))
        for p in entries:
            for ex in p.examples + p.counterexamples:
                t = f"序言，{ex}。其后"
                assert ([m.span() for m in plain.finditer(t)]
                        == [m.span() for m in a.rx.finditer(t)]), (a.word, ex)


def test_a_year_before_does_not_change_what_a_place_far_ahead_of_its_anchor_starts():
    # 有效期…至 with its year 16 characters on (before = 12): not the start of a match, also
    # where an earlier 年 makes one window of both
    far = "有效期为印发之日起执行至二〇二五年"
    alone = _timex.scan_text("前言。" + far, None)
    after = _timex.scan_text("2024年，" + far, None)
    assert [t.kind for t in alone] == ["by_year"]
    assert [t.kind for t in after] == ["year", "by_year"]
    assert after[1].span[1] - after[1].span[0] == len("至二〇二五年")


def _every_match_in_the_windows(text: str) -> list[tuple[tuple[int, int], str]]:
    """What the scan's matches are without its stop at a window's last word: every match of
    each window's whole search."""
    n = len(text)
    found = [(m.span(), a.word) for a in _timex._anchors()
             for s, e, _ in _timex._windows(text, a)
             for m in a.rx.finditer(text, s, min(n, e + a.after)) if m.start() < e]
    found.sort(key=lambda f: (f[0][0], -f[0][1]))
    out: list[tuple[tuple[int, int], str]] = []
    for span, word in found:
        if not out or span[0] >= out[-1][0][1]:
            out.append((span, word))
    return out


def test_the_scan_stops_at_a_windows_last_word_without_losing_a_match():
    """A match that ends past its window's last anchor word is the window's last (the words
    are their entries' only ones): the same matches as the whole search of every window, on
    texts strung together from the entries' examples and the words around them."""
    import random

    from policyparse import patterns

    assert [a.word for a in _timex._anchors() if a.alone] == ["年", "月", "五", "开学", "汛"]
    pieces = [ex for p in patterns.load("deadlines") for ex in p.examples + p.counterexamples]
    pieces += ["，", "。", "\n", "年", "月", "五", "全年", "持续", "长期", "2025", "十四", "“", "”",
               "（", "）", "|", "新建道路700公里", "较", "每年", "三年行动", " "]
    rnd = random.Random(12)
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        assert ([(m.span(), a.word) for m, a in _timex._matches(text)]
                == _every_match_in_the_windows(text)), text
    for path in sorted(SAMPLES.glob("*.txt")):
        text = sample_context(path).text
        assert ([(m.span(), a.word) for m, a in _timex._matches(text)]
                == _every_match_in_the_windows(text)), path.name


def test_scan_keeps_its_result_for_the_same_text_and_arguments() -> None:
    text = "".join(["到2025年，", "新增10个。"])  # built: not a constant shared with others
    found = _timex.scan(text, None)
    assert _timex.scan(text, None) is found
    assert _timex.scan(text, "2024-01-01") == _timex.scan_text(text, "2024-01-01")
    copy = "".join([text[:3], text[3:]])  # equal, another object: scanned again, alike
    assert copy is not text and _timex.scan(copy, None) == found
