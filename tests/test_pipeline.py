"""The whole pipeline on text it was not written for: cut, mixed and garbled notices never
crash it, and every item's span still gives the item back."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings

import policyparse
from policyparse.loaders import load
from policyparse.models import Document
from tests.conftest import ROOT, SAMPLE_FILES, SAMPLES
from tests.fuzz import case, notices, problems

CORPUS = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))
PIECES = [
    "一、", "（一）", "(二)", "1.", "（1）", "①", "附件", "——", "**", "## ", "\r\n", "\n\n", "|", " | ",
    "（责任单位：", "牵头单位：", "；配合单位：", "按职责分工负责）", "市发展改革委、", "等", "到2025年，",
    "达到", "以上", "较2020年下降", "分别", "和", "%", "亿元", "万吨", "《", "》", "〔2022〕5号", "&nbsp;",
    "原文如下：", "0人已收藏", "— 3 —", "年底前", "“十四五”", "。", "，", "、", "（", "）", "\t", " ",
]


def assert_spans_hold(doc: Document) -> None:
    text = doc.text
    for s in doc.sections():
        assert 0 <= s.span[0] <= s.span[1] <= len(text)
        assert text[s.heading_span[0]:s.heading_span[1]] == s.heading
    for r in doc.responsibilities:
        assert text[r.span[0]:r.span[1]] == r.raw
        for u in r.units:
            assert u.span is None or text[u.span[0]:u.span[1]] == u.text
    for t in doc.targets:
        assert text[t.span[0]:t.span[1]] == t.text
    for d in doc.deadlines:
        assert text[d.span[0]:d.span[1]] == d.text
    for c in doc.citations:
        assert c.title in text[c.span[0]:c.span[1]]
    for m in doc.mentions:
        assert text[m.span[0]:m.span[1]] == m.text


def mangled(seed: int) -> str:
    rnd = random.Random(seed)
    if seed % 2:
        return "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 120)))
    sources = [load(p).text for p in (*SAMPLE_FILES, *CORPUS)]
    out = []
    for _ in range(rnd.randint(1, 4)):
        src = rnd.choice(sources)
        a = rnd.randrange(len(src))
        out.append(src[a:a + rnd.randint(0, 3000)])
    text = "".join(out)
    return text.replace("\n", rnd.choice(["\n\n", "\r\n", " ", "\n"]))


@pytest.mark.parametrize("seed", range(60))
def test_mangled_notices_parse_and_their_spans_hold(seed):
    assert_spans_hold(policyparse.parse_text(mangled(seed)))


def test_corpus_spans_hold():
    for p in CORPUS:
        assert_spans_hold(policyparse.parse(p))


# --- bytes and file objects ----------------------------------------------------------------


@pytest.mark.parametrize("sample", [
    SAMPLES / "000_b13d9c5abc88dd4a.txt",
    SAMPLES / "pdf" / "000_b13d9c5abc88dd4a.pdf",
    SAMPLES / "docx" / "003_8b4a3d81d2f02a82.docx",
])
def test_bytes_and_a_file_object_give_the_document_of_the_file(sample):
    from_file = policyparse.parse(sample).model_dump()
    from_file["source"]["path"] = None
    assert policyparse.parse(sample.read_bytes()).model_dump() == from_file
    with open(sample, "rb") as f:
        assert policyparse.parse(f).model_dump() == from_file


def test_bytes_errors_name_bytes_and_format_overrides_the_sniff():
    from policyparse.errors import PolicyParseError

    with pytest.raises(PolicyParseError, match=r"^<bytes>: no input \(empty\)$"):
        policyparse.parse(b"")
    with pytest.raises(PolicyParseError, match=r"^<bytes>: damaged PDF|^<bytes>: .*PDF"):
        policyparse.parse(b"%PDF-1.4 not really")
    doc = policyparse.parse("<p>一、总体要求</p>".encode(), format="txt")
    assert doc.source.format == "txt"
    with pytest.raises(TypeError):
        policyparse.parse(12)  # type: ignore[arg-type]


# --- the span invariant for every item kind, on generated notices (tests/fuzz.py) -----------

@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(notices())
def test_every_span_of_every_item_is_inside_the_text_and_gives_it_back(text):
    assert problems(text) == []


@pytest.mark.parametrize("seed", [1062, 1086, 1101])  # found by `make fuzz` (a mention at the end)
def test_fuzz_cases_that_once_failed(seed):
    assert problems(case(seed)) == []


# --- limits: warnings capped, a long line bounded -------------------------------------------


def test_warnings_are_capped_with_a_count_of_the_rest():
    doc = policyparse.parse_text("一、\n" * 2000)
    assert len(doc.warnings) == 201
    last = doc.warnings[-1]
    assert last.code == "warnings_capped"
    assert last.message.startswith("… and ") and " more (" in last.message
    n = int(last.message.split()[2])
    full = policyparse.parse_text("一、\n" * 2000, limits={"max_warnings": 10**6})
    assert len(full.warnings) == 200 + n
    assert len(policyparse.parse_text("一、\n" * 2000, limits={"max_warnings": 5}).warnings) == 6


@pytest.mark.parametrize("collecting", [True, False])
def test_to_model_validates_and_leaves_the_collector_as_it_found_it(collecting):
    import gc

    from pydantic import ValidationError

    from policyparse import _records as rec
    from policyparse.pipeline import parse_text_record, to_model

    good = parse_text_record("关于节能的通知\n一、总体要求\n（一）到2025年，能耗下降5%。（市发展改革委牵头）")
    bad = parse_text_record("关于节能的通知\n一、总体要求")
    bad.warnings = [rec.ParseWarning(code="w", message="m", span=("a", 2))]  # type: ignore[arg-type]
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        doc = to_model(good)
        assert gc.isenabled() is collecting
        assert doc.responsibilities[0].units[0].name == "市发展改革委"
        with pytest.raises(ValidationError) as err:
            to_model(bad)
        assert err.value.errors()[0]["loc"] == ("warnings", 0, "span", 0)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_to_model_takes_what_lax_validation_converts_and_refuses_what_it_refuses():
    """Strict validation first (the stages' own types), lax where a value has another type:
    the model is the one lax validation gives, and bad data is still refused."""
    from pydantic import ValidationError

    from policyparse import _records as rec
    from policyparse.models import Document
    from policyparse.pipeline import parse_text_record, to_model

    text = "关于节能的通知\n一、总体要求\n（一）到2025年，能耗下降5%。（市发展改革委牵头）"
    odd = parse_text_record(text)
    odd.warnings = [rec.ParseWarning(code="w", message="m", span=[1, 2])]  # type: ignore[arg-type]
    odd.responsibilities[0].roles_stated = 1  # type: ignore[assignment]
    odd.targets[0].value = 5  # an int for a float: strict takes it, as lax does
    doc = to_model(odd)
    assert doc == Document.model_validate(odd, from_attributes=True)
    assert doc.warnings[0].span == (1, 2) and doc.responsibilities[0].roles_stated is True
    assert type(doc.targets[0].value) is float
    for field, value in [("roles_stated", "maybe"), ("span", (1, "b")), ("source", "prose")]:
        bad = parse_text_record(text)
        setattr(bad.responsibilities[0], field, value)
        with pytest.raises(ValidationError) as err:
            to_model(bad)
        assert err.value.errors()[0]["loc"] == ("responsibilities", 0, field, *(
            (1,) if field == "span" else ()))


def test_the_stages_run_with_the_collector_paused_and_it_is_back_after(monkeypatch):
    import gc

    from policyparse import pipeline

    seen = []
    real = pipeline.normalize_split

    def spy(text):
        seen.append(gc.isenabled())
        return real(text)

    monkeypatch.setattr(pipeline, "normalize_split", spy)
    assert gc.isenabled()
    pipeline.parse(SAMPLE_FILES[0])
    pipeline.parse_text("关于节能的通知\n一、总体要求")
    pipeline.parse_record(SAMPLE_FILES[0])
    assert seen == [False, False, False]
    assert gc.isenabled()
    with pytest.raises(TypeError):
        pipeline.parse(12)  # type: ignore[arg-type]
    assert gc.isenabled()


def test_a_parse_makes_no_reference_cycle():
    """What the collector's pause rests on: a parse leaves nothing for it to collect."""
    import gc

    from policyparse import pipeline

    pipeline.parse(SAMPLE_FILES[0])  # caches filled
    gc.collect()
    gc.disable()
    try:
        for path in SAMPLE_FILES:
            doc = pipeline.parse(path)
            del doc
        assert gc.collect() == 0
    finally:
        gc.enable()
