"""Documents with every kind of item in them, made here because the extractors that will fill
them are still being written: real outlines from ``parse_text``, items placed by hand with spans
found in the normalized text."""

from __future__ import annotations

from collections import Counter

import pytest

import policyparse
from policyparse.extract._common import OutlineIndex
from policyparse.extract.tasks import link
from policyparse.models import Citation, Deadline, Document, Responsibility, Target, Unit

NOTICE_A = """\
某市节能降碳工作方案
一、重点任务
（一）推进工业节能。实施节能改造项目，到2025年，单位工业增加值能耗下降13.5%。（市工业和信息化局牵头，市发展改革委配合）
（二）推进建筑节能。新建建筑全面执行绿色建筑标准（市住房城乡建设局负责）。2024年底前完成既有建筑改造10万平方米（市住房城乡建设局、市财政局按职责分工负责）。
二、保障措施
加强统筹协调，落实《中华人民共和国节约能源法》。（市发展改革委负责）
"""

NOTICE_B = """\
某县推进工业绿色发展若干措施
一、总体要求
根据《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》（国发〔2021〕4号），制定本措施。
二、任务分工
重点任务分工如下：
1 开展重点用能单位节能诊断 市发展改革委 2024年底前
2 推广高效电机 市工业和信息化局、市发展改革委 2025年底前
"""

NOTICE_C = """\
某区农村人居环境整治方案
一、工作目标
到2025年，农村卫生厕所普及率达到90%以上。
二、职责分工
到2026年底，完成以下工作。
（一）推进农村生活垃圾治理（区农业农村局牵头）。
"""


def _span(doc: Document, text: str, after: int = 0) -> tuple[int, int]:
    start = doc.text.index(text, after)
    return start, start + len(text)


def _resp(doc: Document, raw: str, units: list[tuple[str, str]], *, after: int = 0,
          task: str | None = None, row: int | None = None) -> Responsibility:
    span = _span(doc, raw, after)
    task_span = _span(doc, task) if task else None
    return Responsibility(
        path=OutlineIndex(doc.outline).path_at((task_span or span)[0]),
        source="table" if task else "inline", row=row, raw=raw,
        units=[Unit(text=name, name=name, role=role, span=_span(doc, name, span[0]))
               for name, role in units],
        span=span, task=task, task_span=task_span)


def _deadline(doc: Document, text: str, end: str) -> Deadline:
    span = _span(doc, text)
    return Deadline(path=OutlineIndex(doc.outline).path_at(span[0]), text=text, kind="by_date",
                    end=end, span=span)


def build_collection() -> list[Document]:
    a = policyparse.parse_text(NOTICE_A, path="a.txt")
    a.responsibilities = [
        _resp(a, "（市工业和信息化局牵头，市发展改革委配合）",
              [("市工业和信息化局", "lead"), ("市发展改革委", "support")]),
        _resp(a, "（市住房城乡建设局负责）", [("市住房城乡建设局", "responsible")]),
        _resp(a, "（市住房城乡建设局、市财政局按职责分工负责）",
              [("市住房城乡建设局", "responsible"), ("市财政局", "responsible")]),
        _resp(a, "（市发展改革委负责）", [("市发展改革委", "responsible")]),
    ]
    a.targets = [Target(
        path=["一", "（一）"], text="单位工业增加值能耗下降13.5%", indicator="单位工业增加值能耗",
        comparator="下降", value=13.5, unit="%", year=2025,
        span=_span(a, "单位工业增加值能耗下降13.5%"))]
    a.deadlines = [_deadline(a, "到2025年", "2025-12-31"),
                   _deadline(a, "2024年底前", "2024-12-31")]
    a.citations = [Citation(title="中华人民共和国节约能源法",
                            span=_span(a, "《中华人民共和国节约能源法》"))]

    b = policyparse.parse_text(NOTICE_B, path="b.txt")
    b.responsibilities = [
        _resp(b, "市发展改革委", [("市发展改革委", "responsible")],
              task="开展重点用能单位节能诊断", row=1),
        _resp(b, "市工业和信息化局、市发展改革委",
              [("市工业和信息化局", "responsible"), ("市发展改革委", "responsible")],
              task="推广高效电机", row=2),
    ]
    b.deadlines = [_deadline(b, "2024年底前", "2024-12-31"),
                   _deadline(b, "2025年底前", "2025-12-31")]
    b.citations = [Citation(title="国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见",
                            doc_number="国发〔2021〕4号",
                            span=_span(b, "《国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见》"))]

    c = policyparse.parse_text(NOTICE_C, path="c.txt")
    c.responsibilities = [_resp(c, "（区农业农村局牵头）", [("区农业农村局", "lead")])]
    c.targets = [Target(
        path=["一"], text="农村卫生厕所普及率达到90%以上", indicator="农村卫生厕所普及率",
        comparator="达到", value=90, unit="%", year=2025,
        span=_span(c, "农村卫生厕所普及率达到90%以上"))]
    c.deadlines = [_deadline(c, "到2025年", "2025-12-31"), _deadline(c, "到2026年底", "2026-12-31")]
    for d in (a, b, c):  # as the pipeline does: each list's task, deadlines and targets
        d.responsibilities = link(d.text, d.outline, d.responsibilities, d.deadlines, d.targets)
    return [Document.model_validate_json(d.to_json()) for d in (a, b, c)]  # valid as a whole


@pytest.fixture
def collection() -> list[Document]:
    return build_collection()


def tasks_per_unit(docs: list[Document]) -> Counter[str]:
    """For each unit, in how many responsibilities it is named, counted in Python."""
    return Counter(name for d in docs for r in d.responsibilities
                   for name in {u.name for u in r.units})
