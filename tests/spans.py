"""The span invariant, for every kind of item a Document holds: ``0 ≤ start ≤ end ≤
len(text)`` and ``text[start:end]`` gives the item back. Used by the suite (a hypothesis test
in tests/test_pipeline.py) and by ``make fuzz`` (tests/fuzz.py)."""

from __future__ import annotations

from collections.abc import Iterator

from policyparse.models import Document

Span = tuple[int, int]


def span_problems(doc: Document) -> Iterator[str]:
    """Every broken span of *doc*, described; nothing for a sound document."""
    text = doc.text
    n = len(text)

    def check(kind: str, span: Span | None, want: str | None = None,
              inside: bool = False) -> Iterator[str]:
        if span is None:
            return
        s, e = span
        if not 0 <= s <= e <= n:
            yield f"{kind} span {span} outside the text of {n} characters"
        elif want is not None and (want not in text[s:e] if inside else text[s:e] != want):
            yield f"{kind} span {span} gives {text[s:e]!r}, not {want!r}"

    for sec in doc.sections():
        yield from check("section", sec.span)
        yield from check("heading", sec.heading_span, sec.heading)
    for r in doc.responsibilities:
        yield from check("responsibility", r.span, r.raw)
        if r.task_span is not None:
            yield from check("task", r.task_span, r.task)
        for u in r.units:
            yield from check("unit", u.span, u.text)
    for t in doc.targets:
        yield from check("target", t.span, t.text)
        yield from check("target year", t.year_span)
    for d in doc.deadlines:
        yield from check("deadline", d.span, d.text)
    for c in doc.citations:
        yield from check("citation", c.span, c.title, inside=True)
    for m in doc.mentions:
        yield from check("mention", m.span, m.text)
    for w in doc.warnings:
        yield from check("warning", w.span)
