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
