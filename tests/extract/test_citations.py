from __future__ import annotations

from functools import cache

from policyparse.extract.citations import extract
from tests.conftest import SAMPLES
from tests.extract.helpers import context, notice, sample_context


def citations(body: str):
    """(title, doc_number, text) of the citations of a made-up plan."""
    return [(c.title, c.doc_number, c.text) for c in extract(notice(body))]


@cache
def run_sample(name: str):
    ctx = sample_context(SAMPLES / name)
    return ctx, extract(ctx)


# --- the samples -----------------------------------------------------------------------------


def test_every_citation_span_slices_back_to_its_text_and_holds_the_title(sample):
    ctx, cs = run_sample(sample)
    assert cs
    for c in cs:
        piece = ctx.text[c.span[0]:c.span[1]]
        assert piece == c.text
        assert piece.startswith(f"《{c.title}》")
        if c.doc_number:
            assert piece.endswith((f"{c.doc_number}）", f"{c.doc_number})"))


def test_sample_000_citations():
    got = [(c.title, c.doc_number) for c in run_sample("000_b13d9c5abc88dd4a.txt")[1]]
    assert got[:2] == [
        ("国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见", "国发〔2021〕4号"),
        ("辽宁省人民政府办公厅关于印发辽宁省加快建立健全绿色低碳循环发展经济体系任务措施的通知",
         "辽政办发〔2021〕29号"),
    ]
    assert ("中华人民共和国清洁生产促进法", None) in got
    assert ("“十四五”全国清洁生产推行方案", "发改环资〔2021〕1524号") in got


# --- the forms -------------------------------------------------------------------------------


def test_title_with_and_without_doc_number():
    got = citations("贯彻落实《某省节能条例》和《某省节能规划》（某政发〔2022〕5号）精神。")
    assert got == [("某省节能条例", None, "《某省节能条例》"),
                   ("某省节能规划", "某政发〔2022〕5号", "《某省节能规划》（某政发〔2022〕5号）")]


def test_doc_number_brackets_of_any_width():
    got = citations("根据《意见》(国办发[2021]4号)和《通知》（国发【2022】18号）。")
    assert [g[1] for g in got] == ["国办发[2021]4号", "国发【2022】18号"]


def test_a_nested_title_is_kept_whole():
    got = citations("按照《关于印发《某市节能方案》的通知》（某政办发〔2023〕2号）要求。")
    assert got == [("关于印发《某市节能方案》的通知", "某政办发〔2023〕2号",
                    "《关于印发《某市节能方案》的通知》（某政办发〔2023〕2号）")]


def test_a_bracket_that_is_no_doc_number_is_left_out_of_the_span():
    got = citations("严格落实《建设项目环境保护管理条例》（2017年修订）。")
    assert got == [("建设项目环境保护管理条例", None, "《建设项目环境保护管理条例》")]


def test_the_notices_own_plan_and_short_names_are_not_citations():
    cs = extract(context(
        "各区县人民政府：\n现将《某市节能降碳实施方案》印发给你们，请认真贯彻执行。\n某市人民政府\n"
        "2023年5月6日\n某市节能降碳实施方案\n为贯彻落实《某省节能条例》（以下简称《条例》），"
        "制定本方案。\n一、总体要求\n落实《条例》要求。"))
    assert [c.title for c in cs] == ["某省节能条例", "条例"]
    assert cs[1].path == ["一"]
