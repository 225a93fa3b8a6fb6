"""Documents with extracted items, for the review page's tests, screenshot and benchmark.

The extractors are being written apart from the page; these build items with valid spans into
real parsed text, so highlights, tooltips, the tasks × units table and filtering have something
to show now. ``notice()`` is a small hand-made notice whose items nest and cross on purpose;
``decorate()`` adds items that a few plain regexes find in a sample (the sample's own items,
when the extractors fill them, are kept).
"""

from __future__ import annotations

import re

import policyparse
from policyparse.extract._common import OutlineIndex
from policyparse.extract.tasks import link
from policyparse.models import (
    Citation,
    Deadline,
    Document,
    ParseWarning,
    Responsibility,
    Target,
    Unit,
)

NOTICE = """\
某市节能降碳工作方案
各区县（含𠮷田区）人民政府，市政府各部门：
一、总体要求
根据《关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》（中发〔2021〕36号），制定本方案。
二、重点任务
（一）推进工业节能。到2025年，规模以上工业单位增加值能耗下降13.5%。（市工业和信息化局牵头，市发展改革委、市生态环境局配合）
（二）发展可再生能源。2023年底前，可再生能源装机达到300万千瓦以上。（市发展改革委负责）
（三）推进交通减排。新能源公交车占比达到80%，2024年完成充电站建设。（市交通运输局、市发展改革委按职责分工负责）
三、保障措施
（一）加强组织领导。各部门按职责分工抓好落实。
"""


def find(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    """The span of *piece* in *text* (the first at or after *after*); fails loudly if absent."""
    start = text.index(piece, after)
    return start, start + len(piece)


def notice() -> Document:
    """The hand-made notice, parsed, with items that nest and cross:

    - a deadline inside a target (到2025年 in its clause) and one just before a target;
    - a target that runs into the next deadline (…80%，2024年 / 2024年完成): crossing spans;
    - a unit name that differs from its canonical name; an astral character (𠮷) before all
      items, so offsets differ between Python and the browser;
    - a warning with a span, on a heading.
    """
    doc = policyparse.parse_text(NOTICE, path="notice.txt")
    t = doc.text
    where = OutlineIndex(doc.outline)

    def path(span: tuple[int, int]) -> list[str]:
        return where.path_at(span[0])

    def resp(raw: str, units: list[tuple[str, str, str]]) -> Responsibility:
        span = find(t, raw)
        return Responsibility(path=path(span), source="inline", raw=raw, span=span,
                              units=[Unit(text=w, name=n, role=r) for w, n, r in units])  # type: ignore[arg-type]

    def target(text: str, indicator: str, comparator: str, value: float, unit: str,
               year: int | None) -> Target:
        span = find(t, text)
        return Target(path=path(span), text=text, indicator=indicator, comparator=comparator,
                      value=value, unit=unit, year=year, span=span)

    def deadline(text: str, end: str, kind: str = "by_year") -> Deadline:
        span = find(t, text)
        return Deadline(path=path(span), text=text, kind=kind, end=end, span=span)

    doc.responsibilities = [
        resp("（市工业和信息化局牵头，市发展改革委、市生态环境局配合）", [
            ("市工业和信息化局", "市工业和信息化局", "lead"),
            ("市发展改革委", "市发展和改革委员会", "support"),
            ("市生态环境局", "市生态环境局", "support")]),
        resp("（市发展改革委负责）", [("市发展改革委", "市发展和改革委员会", "responsible")]),
        resp("（市交通运输局、市发展改革委按职责分工负责）", [
            ("市交通运输局", "市交通运输局", "responsible"),
            ("市发展改革委", "市发展和改革委员会", "responsible")]),
    ]
    doc.targets = [
        target("到2025年，规模以上工业单位增加值能耗下降13.5%", "规模以上工业单位增加值能耗",
               "下降", 13.5, "%", 2025),
        target("可再生能源装机达到300万千瓦以上", "可再生能源装机", "达到", 300, "万千瓦", 2023),
        target("新能源公交车占比达到80%，2024年", "新能源公交车占比", "达到", 80, "%", None),
    ]
    doc.deadlines = [
        deadline("到2025年", "2025-12-31"),
        deadline("2023年底前", "2023-12-31"),
        deadline("2024年完成", "2024-12-31"),
    ]
    title = "关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见"
    cite = f"《{title}》（中发〔2021〕36号）"
    doc.citations = [Citation(title=title, doc_number="中发〔2021〕36号", span=find(t, cite))]
    doc.warnings.append(ParseWarning(code="test.heading", message="a warning on a heading",
                                     span=find(t, "保障措施")))
    # as the pipeline does: each list's task, with its deadlines and targets
    doc.responsibilities = link(t, doc.outline, doc.responsibilities, doc.deadlines, doc.targets)
    return doc


# --- regex stand-ins for the extractors, for a realistic density on real samples --------------

_RESP = re.compile(r"（((?:[^（）、，]+、)*[^（）、，]+?)(?:等)?(?:按职责分工)?(牵头|负责)）")
_DEADLINE = re.compile(r"(?:到|至)?(20\d\d)年(?:年?底)?(?:前)?")
_TARGET = re.compile(r"([^，。；：\n（）]{2,30}?)(达到|超过|不低于|控制在|下降|提高|降低|增长)"
                     r"(?:到|至)?(\d+(?:\.\d+)?)(%|万千瓦|万吨|亿元|万亩|公里|个|家|座)")
_CITE = re.compile(r"《([^》\n]+)》(?:（([^）\n]*?〔\d{4}〕\d+号)）)?")


def decorate(doc: Document) -> Document:
    """A copy of *doc* with the items the regexes above find added to its own."""
    doc = doc.model_copy(deep=True)
    t = doc.text
    where = OutlineIndex(doc.outline)
    for m in _RESP.finditer(t):
        role = "lead" if m.group(2) == "牵头" else "responsible"
        names = m.group(1).split("、")
        doc.responsibilities.append(Responsibility(
            path=where.path_at(m.start()), source="inline", raw=m.group(0), span=m.span(),
            units=[Unit(text=n, name=n, role=role if i == 0 else "responsible")  # type: ignore[arg-type]
                   for i, n in enumerate(names)]))
    for m in _DEADLINE.finditer(t):
        doc.deadlines.append(Deadline(path=where.path_at(m.start()), text=m.group(0),
                                      kind="by_year", end=f"{m.group(1)}-12-31", span=m.span()))
    for m in _TARGET.finditer(t):
        year = re.search(r"(20\d\d)年", t[max(0, m.start() - 20):m.start()])
        doc.targets.append(Target(
            path=where.path_at(m.start()), text=m.group(0), indicator=m.group(1).strip(),
            comparator=m.group(2), value=float(m.group(3)), unit=m.group(4),
            year=int(year.group(1)) if year else None, span=m.span()))
    for m in _CITE.finditer(t):
        doc.citations.append(Citation(title=m.group(1), doc_number=m.group(2), span=m.span()))
    return doc
