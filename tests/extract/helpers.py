"""Build an extractor's Context from raw text through the real stages (normalize, meta,
outline), so extractor tests run without the rest of the pipeline."""

from __future__ import annotations

from pathlib import Path

from policyparse.extract._common import Context
from policyparse.loaders import load
from policyparse.meta import extract_meta
from policyparse.normalize import normalize
from policyparse.outline import segment


def context(raw: str) -> Context:
    text = normalize(raw).text
    outline = segment(text, extract_meta(text).body_start)
    return Context(text=text, outline=outline.sections, meta=extract_meta(text).meta,
                   body_start=outline.body_start, body_end=outline.body_end)


def sample_context(path: Path) -> Context:
    return context(load(path).text)


def notice(body: str, date: str | None = None) -> Context:
    """A made-up plan whose body is *body*, signed on *date* (e.g. "2023年3月1日") if given."""
    head = "某市节能降碳实施方案\n"
    if date:
        head = f"某市人民政府\n{date}\n" + head
    return context(head + body)


# an annex task table flattened to | lines: a header repeated at every page, section cells
# given once, a section cell wrapped onto a line of its own (二、健全流通体系)
PIPE = (
    "附件\n重点任务分工\n"
    "重 点 任 务|责任单位| |||\n"
    "一、健全生产体系| (一)推进工业绿色升级| 1 |推进工业绿色升级。|市工信局|\n"
    "2 |推行清洁生产。|市生态环境局、市工信局| ||\n"
    "重 点 任 务|责任单位| |||\n"
    "一、健全生产体系| (一)推进工业绿色升级| 3 |强化危废管理。|市生态环境局|\n"
    "(二)加快农业绿色发展| 4 |发展生态农业。|市农业农村局,市林业局| |\n"
    "重 点 任 务|责任单位| |||\n"
    "二、健全流通体系\n"
    "| (三)发展绿色物流| 5 |优化运输结构。|市交通运输局 、天水火车站|\n"
    "6 |推广新能源车。|市交通运输局| ||\n"
)
