"""The whole pipeline on text it was not written for: cut, mixed and garbled notices never
crash it, and every item's span still gives the item back."""

from __future__ import annotations

import random

import pytest

import policyparse
from policyparse.loaders import load
from policyparse.models import Document
from tests.conftest import ROOT, SAMPLE_FILES, SAMPLES

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
