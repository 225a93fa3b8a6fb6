"""The outline segmenter: the body's Section tree.

Paragraphs (lines of the normalized text) that :mod:`~policyparse.lines` reads as headings
(a marker from ``patterns/outline.toml``) become sections: 一、 (level 1), （一） (2), 1. (3),
（1） (4), ① (5).
Inside a numbered section, a paragraph that opens with a short sentence ending in 。
("加快淘汰落后低效产能。……") becomes an unnumbered lead-sentence item one level below its
parent. Dash bullets (——) and tables (their rows, and a section row written without its
pipes between two rows) are never sections. The body ends where the annexes
begin (附件, 附表 after the first section). Numbering may restart under each parent or run on
through the document; anything else (a jump, a repeat) is reported as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .lines import Kind, LineIndex, read_marker
from .models import ParseWarning, Section
from .numerals import small_int

__all__ = ["HALF_STOP", "Outline", "label_number", "match_marker", "segment"]

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}


def label_number(num: str) -> int | None:
    """The integer value of a label's number: "二十九" → 29, "12" → 12, "③" → 3.

    >>> [label_number(x) for x in ("一", "十", "十一", "二十九", "一百零三", "12", "③")]
    [1, 10, 11, 29, 103, 12, 3]
    """
    return _CIRCLED.get(num) or small_int(num)


def match_marker(line: str) -> tuple[int, str, regex.Match[str]] | None:
    """The outline marker *line* opens with: (level, normalized label, match), or None. Kept for
    the PDF loader's geometry; everything else asks :func:`policyparse.lines.read_marker`.

    >>> match_marker("(七)提升绿色物流发展水平")[:2]
    (2, '（七）')
    """
    found = read_marker(line)
    return (found.level, found.label, found.match) if found else None


@dataclass
class _Node:
    level: int
    label: str | None
    number: int | None
    heading: str
    start: int
    heading_span: tuple[int, int]
    marker: str | None
    end: int = -1
    children: list[_Node] = field(default_factory=list)


@dataclass
class Outline:
    """The segmenter's result: the tree, the body's extent and the warnings."""

    sections: list[Section]
    body_start: int
    body_end: int
    warnings: list[ParseWarning]


# a half-width "." used as a full stop, in a text typed with half-width punctuation: between
# Chinese words (or a closing bracket or quote and what opens the next sentence); never a
# decimal point. The extractors' sentences end at it too (extract/_text.py).
HALF_STOP = r"(?<=\p{Han}|[)）”\"])\.(?=\p{Han}|[(（“\"\d])"
_HALF_STOP = regex.compile(HALF_STOP)


def _heading(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading runs to the first 。 of the paragraph (or a half-width "." between Chinese
    words, in a text typed with half-width punctuation: "(一)科学规划布点.按照…"), or to its
    end."""
    stop = text.find("。", start, end)
    half = _HALF_STOP.search(text, start, stop if stop >= 0 else end)
    if half is not None:
        stop = half.start()
    hend = stop if stop >= 0 else end
    while hend > start and text[hend - 1] in " 　":
        hend -= 1
    return start, hend


def segment(text: str, body_start: int = 0, body_end: int | None = None,
            lines: LineIndex | None = None) -> Outline:
    """Build the outline tree of *text*'s body, which starts at offset *body_start* and ends
    at *body_end* (or where the annexes begin, or at the end of the text). *lines* is the
    text's line index (read here when not given)."""
    warnings: list[ParseWarning] = []
    roots: list[_Node] = []
    stack: list[_Node] = []  # open sections, outermost first
    last_at_level: dict[int, int] = {}
    if body_end is None:
        body_end = len(text)

    def close_until(level: int, pos: int, drop_leads: bool) -> None:
        while pos > 0 and text[pos - 1] == "\n":
            pos -= 1
        while stack and (stack[-1].level >= level or (drop_leads and stack[-1].label is None)):
            node = stack.pop()
            node.end = max(pos, node.heading_span[1])

    def attach(node: _Node) -> None:
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    for p in _classify(lines or LineIndex(text), body_start):
        s, e = p.start, p.end
        if p.annex or s >= body_end:
            body_end = min(s, body_end)
            break
        m = p.marker
        if m is not None:
            level = p.level
            number = label_number(m.group("num"))
            label = p.label
            hs, he = _heading(text, s + m.end(), e)
            close_until(level, s, drop_leads=True)
            parent = stack[-1] if stack else None
            siblings = parent.children if parent else roots
            prev = next((c for c in reversed(siblings) if c.level == level and c.label), None)
            _check_number(number, prev, last_at_level.get(level), label, s, e, warnings)
            if number is not None:
                last_at_level[level] = number
            attach(_Node(level, label, number, text[hs:he], s, (hs, he), m.group(0).strip()))
        elif p.lead is not None and stack:
            close_until(99, s, drop_leads=True)
            level = stack[-1].level + 1
            hs, he = s + p.lead.start("heading"), s + p.lead.end("heading")
            attach(_Node(level, None, None, text[hs:he], s, (hs, he), None))
    end = body_end
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    close_until(0, end, drop_leads=True)
    return Outline(
        sections=[_freeze(n, []) for n in roots],
        body_start=body_start,
        body_end=end,
        warnings=warnings,
    )


@dataclass
class _Para:
    """One paragraph of the body and what the segmenter made of it."""

    start: int
    end: int
    marker: regex.Match[str] | None = None
    level: int = 0
    label: str = ""
    lead: regex.Match[str] | None = None
    parent: int = -1
    annex: bool = False


def _classify(lines: LineIndex, body_start: int) -> list[_Para]:
    """The body's paragraphs, each with its marker match or lead-sentence match.

    A paragraph is taken for a lead-sentence item only where at least two of them stand under
    the same numbered section: one short opening sentence alone is just prose.
    """
    out: list[_Para] = []
    parent = -1
    leads_under: dict[int, int] = {}
    for ln in lines.from_offset(body_start):
        s, e = ln.span
        if ln.kind is Kind.ANNEX:
            if parent < 0:
                continue  # an annex list in the cover notice, before the body's first section
            out.append(_Para(s, e, annex=True))
            break
        if ln.in_table:
            continue  # a table's rows and its section rows written without pipes
        if ln.kind is Kind.HEADING:
            assert ln.marker is not None and ln.label is not None
            parent = len(out)
            out.append(_Para(s, e, marker=ln.marker, level=ln.level, label=ln.label))
        elif ln.kind is Kind.LEAD and parent >= 0:
            leads_under[parent] = leads_under.get(parent, 0) + 1
            out.append(_Para(s, e, lead=ln.lead, parent=parent))
    for p in out:
        if p.lead is not None and leads_under[p.parent] < 2:
            p.lead = None
    return out


def _check_number(
    number: int | None,
    prev: _Node | None,
    last_global: int | None,
    label: str,
    s: int,
    e: int,
    warnings: list[ParseWarning],
) -> None:
    if number is None:
        return
    if prev is not None and prev.number is not None:
        ok = number == prev.number + 1
        what = "repeats" if number <= prev.number else "jumps"
        expected = prev.number + 1
    else:
        ok = number == 1 or (last_global is not None and number == last_global + 1)
        what = "jumps"
        expected = 1
    if not ok:
        warnings.append(ParseWarning(
            code="numbering",
            message=f"outline numbering {what}: {label} where {expected} was expected",
            span=(s, e),
        ))


def _freeze(n: _Node, parent_path: list[str]) -> Section:
    path = [*parent_path, n.label] if n.label is not None else list(parent_path)
    return Section(
        level=n.level,
        label=n.label,
        heading=n.heading,
        path=path,
        span=(n.start, n.end),
        heading_span=n.heading_span,
        marker=n.marker,
        children=[_freeze(c, path) for c in n.children],
    )
