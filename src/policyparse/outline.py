"""The outline segmenter: the body's Section tree.

Paragraphs (lines of the normalized text) that :mod:`~policyparse.lines` reads as headings
(a marker from ``patterns/outline.toml``) become sections: 一、 (level 1), （一） (2), 1. (3),
（1） (4), ① (5). Chapter and article labels (第X编 第X部分 第X章 第X节 第X条) enclose them:
under those the level is the depth in the tree (第一章 1, its 第一节 2, an 一、 there 3), and a
heading closes the open sections of its rank or a deeper one (lines.FAMILY_RANK). A chapter's
text may stand on the next line (第二章 / 总则), and a chapter and its first 第一节 may run
together on one line. A table of contents is passed over.
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

from .lines import (
    ARTICLE_RANK,
    FAMILY_RANK,
    Kind,
    Line,
    LineIndex,
    annex_match,
    read_chapter,
)
from .models import ParseWarning, Section
from .numerals import small_int

__all__ = ["HALF_STOP", "Outline", "annexed_plans", "label_number", "segment"]

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}


def label_number(num: str) -> int | None:
    """The integer value of a label's number: "二十九" → 29, "12" → 12, "③" → 3.

    >>> [label_number(x) for x in ("一", "十", "十一", "二十九", "一百零三", "12", "③")]
    [1, 10, 11, 29, 103, 12, 3]
    """
    return _CIRCLED.get(num) or small_int(num)


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
    rank: int = 0
    nested: bool = False
    """Under a chapter or article label (or one itself): the level is the depth."""


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
            lines: LineIndex | None = None, root: _Node | None = None) -> Outline:
    """Build the outline tree of *text*'s body, which starts at offset *body_start* and ends
    at *body_end* (or where the annexes begin, or at the end of the text). *lines* is the
    text's line index (read here when not given). With *root* (an annexed plan's title), the
    tree is that one node with the body's sections below it."""
    warnings: list[ParseWarning] = []
    roots: list[_Node] = [root] if root is not None else []
    stack: list[_Node] = list(roots)  # open sections, outermost first
    last_of_rank: dict[int, int] = {}
    if body_end is None:
        body_end = len(text)

    def close_until(rank: int, pos: int, drop_leads: bool) -> None:
        while pos > 0 and text[pos - 1] == "\n":
            pos -= 1
        while stack and (stack[-1].rank >= rank or (drop_leads and stack[-1].label is None)):
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
            number = label_number(m.group("num").strip())
            hs, he = _heading(text, *(p.heading_line or (s + m.end(), e)))
            close_until(p.rank, s, drop_leads=True)
            parent = stack[-1] if stack else None
            nested = p.rank < FAMILY_RANK or (parent is not None and parent.nested)
            # the depth in the tree under chapter and article labels; without them the 一、
            # family keeps its own levels (1 = 一、 2 = （一） …)
            level = (parent.level + 1 if parent else 1) if nested else p.level
            siblings = parent.children if parent else roots
            prev = next((c for c in reversed(siblings) if c.rank == p.rank and c.label), None)
            _check_number(number, prev, last_of_rank.get(p.rank), p.label, s, e, warnings)
            if number is not None:
                last_of_rank[p.rank] = number
            attach(_Node(level, p.label, number, text[hs:he], s, (hs, he), m.group(0).strip(),
                         rank=p.rank, nested=nested))
        elif p.lead is not None and stack:
            close_until(_LEAD_RANK, s, drop_leads=True)
            level = stack[-1].level + 1
            hs, he = s + p.lead.start("heading"), s + p.lead.end("heading")
            attach(_Node(level, None, None, text[hs:he], s, (hs, he), None,
                         rank=_LEAD_RANK, nested=stack[-1].nested))
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
    rank: int = 0
    label: str = ""
    lead: regex.Match[str] | None = None
    parent: int = -1
    annex: bool = False
    heading_line: tuple[int, int] | None = None
    """Where the heading stands when it is not on the label's line (第二章 / 总则)."""


_LEAD_RANK = 1000  # an unnumbered lead-sentence item ranks below every heading
_OWN_LINE_HEADING_MAX = 40


def _classify(lines: LineIndex, body_start: int) -> list[_Para]:
    """The body's paragraphs, each with its marker match or lead-sentence match.

    A paragraph is taken for a lead-sentence item only where at least two of them stand under
    the same numbered section: one short opening sentence alone is just prose. The lines of a
    table of contents are passed over.
    """
    out: list[_Para] = []
    parent = -1
    leads_under: dict[int, int] = {}
    taken = -1  # a line read as the heading of the label above it
    for ln in lines.from_offset(body_start):
        s, e = ln.span
        if ln.number == taken or ln.kind is Kind.TOC:
            continue
        if ln.kind is Kind.ANNEX:
            if parent < 0:
                continue  # an annex list in the cover notice, before the body's first section
            out.append(_Para(s, e, annex=True))
            break
        if ln.in_table:
            continue  # a table's rows and its section rows written without pipes
        if ln.kind in (Kind.CHAPTER, Kind.ARTICLE):
            assert ln.marker is not None and ln.label is not None
            parent = len(out)
            para = _Para(s, e, marker=ln.marker, rank=ln.rank, label=ln.label)
            out.append(para)
            line = lines.line_text(ln)
            below = _line_after(lines, ln)
            if not line[ln.marker.end():].strip() and below is not None:
                if _heading_below(lines, below, ln.rank):
                    para.heading_line = below.span  # 第二章 / 总则; 第一条 / 为了规范……
                    taken = below.number
            elif (inner := _inner_chapter(line, ln.marker.end(), ln.rank)) is not None:
                # a chapter and the first heading below it run together on one line:
                # 第一章发展回顾第一节主要成效
                rank, label, m, at = inner
                para.end = s + at
                parent = len(out)
                out.append(_Para(s + at, e, marker=m, rank=rank, label=label))
        elif ln.kind is Kind.HEADING:
            assert ln.marker is not None and ln.label is not None
            parent = len(out)
            out.append(_Para(s, e, marker=ln.marker, level=ln.level, rank=ln.rank,
                             label=ln.label))
        elif ln.kind is Kind.LEAD and parent >= 0:
            leads_under[parent] = leads_under.get(parent, 0) + 1
            out.append(_Para(s, e, lead=ln.lead, parent=parent))
    for p in out:
        if p.lead is not None and leads_under[p.parent] < 2:
            p.lead = None
    return out


def _line_after(lines: LineIndex, ln: Line) -> Line | None:
    """The next line that is not blank."""
    for k in range(ln.number + 1, len(lines)):
        if lines[k].kind is not Kind.BLANK:
            return lines[k]
    return None


def _heading_below(lines: LineIndex, below: Line, rank: int) -> bool:
    """Whether *below*, the line under a bare chapter or article label, is that label's text:
    a line of prose (or a lead sentence); under a chapter label, short and without a full
    stop."""
    if below.kind not in (Kind.PROSE, Kind.LEAD) or below.in_table:
        return False
    if rank >= ARTICLE_RANK:
        return True
    line = lines.line_text(below)
    return len(line) <= _OWN_LINE_HEADING_MAX and "。" not in line


def _inner_chapter(
    line: str, at: int, rank: int
) -> tuple[int, str, regex.Match[str], int] | None:
    """A chapter label of a deeper rank (not an article) that starts inside a chapter line
    before any full stop (第一章发展回顾第一节主要成效): (rank, label, match on the rest, offset
    in the line)."""
    stop = line.find("。", at)
    head = line[at: stop if stop >= 0 else min(len(line), at + _OWN_LINE_HEADING_MAX + 20)]
    pos = head.find("第", 2)
    while pos >= 0:
        found = read_chapter(head[pos:])
        if found is not None and rank < found.rank < ARTICLE_RANK:
            return found.rank, found.label, found.match, at + pos
        pos = head.find("第", pos + 1)
    return None


def annexed_plans(text: str, after: int, lines: LineIndex) -> list[Outline]:
    """The plans annexed after offset *after* (the end of the body): each annex (附件2 …) whose
    title stands below it or after its colon (meta.annex_title) and that has numbered sections
    of its own, as an outline whose one root is the annex — label 附件2, heading the plan's
    title — and whose sections stand below it (levels counted from the root). An annex
    without a title or without sections (a table, a list of annexes) gives none.
    """
    from .meta import annex_title

    starts = [ln for ln in lines.from_offset(after) if ln.kind is Kind.ANNEX]
    out: list[Outline] = []
    for k, ln in enumerate(starts):
        stop = starts[k + 1].start if k + 1 < len(starts) else len(text)
        title = annex_title(lines, ln, stop)
        if title is None:
            continue
        m = annex_match(lines.line_text(ln))
        if m is None:
            continue
        marker = m.group("label")
        root = _Node(1, "".join(marker.split()), None, text[title[0]:title[1]], ln.start, title,
                     marker, rank=0, nested=True)
        plan = segment(text, min(title[1] + 1, stop), stop, lines, root=root)
        if len(plan.sections[0].children) >= _ANNEX_PLAN_MIN:
            out.append(plan)
    return out


_ANNEX_PLAN_MIN = 2  # an annexed plan has at least two sections of its own


def _check_number(
    number: int | None,
    prev: _Node | None,
    last_global: int | None,
    label: str | None,
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
