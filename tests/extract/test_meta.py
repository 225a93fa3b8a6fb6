from __future__ import annotations

import pytest

import policyparse
from policyparse.extract.meta import extract_meta, parse_date_line
from tests.conftest import gold, parsed


@pytest.mark.parametrize("key", ["title", "doc_number", "issuer", "date"])
def test_meta_equals_gold(sample, key):
    assert getattr(parsed(sample).meta, key) == gold(sample)[key]


def test_recipients_and_publicity(sample):
    meta = parsed(sample).meta
    want = gold(sample)["recipients"]
    assert ",".join(meta.recipients).replace("，", ",") == want.replace("，", ",")
    assert meta.publicity in (None, "此件公开发布")


def test_wrapped_title_is_joined_and_the_body_starts_after_it():
    text = ("各区县人民政府：\n现将《某市节能降碳实施方案》印发给你们，请认真贯彻执行。\n某市人民政府办公室\n"
            "2023年5月6日\n某市节能降碳\n实施方案\n为推动节能降碳，制定本方案。\n一、总体要求")
    r = extract_meta(text)
    assert r.meta.title == "某市节能降碳实施方案"
    assert text[r.body_start:].startswith("为推动")
    assert r.meta.issuer == "某市人民政府办公室"
    assert r.meta.date == "2023-05-06"


def test_a_bare_notice_takes_its_own_title_and_issuer_from_it():
    doc = policyparse.parse_text(
        "某市人民政府办公室关于做好节能工作的通知\n某政办发〔2023〕7号\n各区县人民政府：\n"
        "一、总体要求\n（一）指导思想。坚持节能优先。"
    )
    assert doc.meta.title == "某市人民政府办公室关于做好节能工作的通知"
    assert doc.meta.doc_number == "某政办发〔2023〕7号"
    assert doc.meta.issuer == "某市人民政府办公室"
    assert doc.meta.recipients == ["各区县人民政府"]


def test_signature_after_the_body():
    doc = policyparse.parse_text("关于做好节能工作的通知\n一、总体要求\n坚持节能。\n某市发展和改革委员会\n二〇二三年五月六日")
    assert doc.meta.date == "2023-05-06"
    assert doc.meta.issuer == "某市发展和改革委员会"


def test_a_cited_doc_number_is_not_the_notice_number():
    doc = policyparse.parse_text(
        "某市节能方案\n为贯彻落实《国务院关于节能的意见》（国发〔2021〕4号），制定本方案。\n一、总体要求"
    )
    assert doc.meta.doc_number is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [("2022年4月24日", "2022-04-24"), ("二〇二二年十二月三十一日", "2022-12-31"),
     ("2022年13月1日", None), ("到2025年", None)],
)
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso
