"""The outline segmenter: the body's Section tree.

Paragraphs (lines of the normalized text) that open with a marker from
``patterns/outline.toml`` become sections: 一、 (level 1), （一） (2), 1. (3), （1） (4), ① (5).
Inside a numbered section, a paragraph that opens with a short sentence ending in 。
("加快淘汰落后低效产能。……") becomes an unnumbered lead-sentence item one level below its
parent. Dash bullets (——) and tables are never sections. The body ends where the annexes
begin (附件, 附表 after the first section). Numbering may restart under each parent or run on
through the document; anything else (a jump, a repeat) is reported as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from . import patterns
from .models import ParseWarning, Section
from .numerals import small_int
from .textmap import line_spans

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}


def label_number(num: str) -> int | None:
    """The integer value of a label's number: "二十九" → 29, "12" → 12, "③" → 3.

    >>> [label_number(x) for x in ("一", "十", "十一", "二十九", "一百零三", "12", "③")]
    [1, 10, 11, 29, 103, 12, 3]
    """
    return _CIRCLED.get(num) or small_int(num)


@dataclass
class _Rules:
    markers: list[tuple[int, str, regex.Pattern[str]]]
    structure: list[tuple[int, str, regex.Pattern[str]]]
    lead: regex.Pattern[str]
    dash: regex.Pattern[str]
    annex: regex.Pattern[str]
    table: regex.Pattern[str]
    toc_title: regex.Pattern[str]
    toc_leader: regex.Pattern[str]
    toc_page: regex.Pattern[str]
    toc_entry: regex.Pattern[str]


@cache
def _rules() -> _Rules:
    ps = patterns.load("outline")
    return _Rules(
        markers=[(int(p.data["level"]), str(p.data["label"]), p.regex) for p in ps.group("marker")],
        structure=[(int(p.data["rank"]), str(p.data["label"]), p.regex)
                   for p in ps.group("structure")],
        lead=ps.rx("lead_sentence"),
        dash=ps.rx("dash_bullet"),
        annex=ps.rx("annex_start"),
        table=ps.rx("table_line"),
        toc_title=ps.rx("toc_title"),
        toc_leader=ps.rx("toc_leader"),
        toc_page=ps.rx("toc_page"),
        toc_entry=ps.rx("toc_entry"),
    )


# Ranks order the headings: a heading closes every open section of its rank or a deeper one.
# Chapter and article headings (第X编 … 第X条) take the ranks patterns/outline.toml gives them
# (1–9); the 一、 family ranks below all of them (FAMILY_RANK + its level), and an unnumbered
# lead-sentence item below everything.
FAMILY_RANK = 10
_LEAD_RANK = 1000


def match_structure(line: str) -> tuple[int, str, regex.Match[str]] | None:
    """The chapter or article heading *line* opens with: (rank, label, match), or None.

    >>> match_structure("第三章 发展目标")[:2], match_structure("第十二条本办法施行")[:2]
    ((3, '第三章'), (5, '第十二条'))
    """
    for rank, label_form, rx in _rules().structure:
        m = rx.match(line)
        if m:
            return rank, label_form.replace("{num}", m.group("num").strip()), m
    return None


def match_marker(line: str) -> tuple[int, str, regex.Match[str]] | None:
    """The outline marker *line* opens with: (level, normalized label, match), or None.

    >>> match_marker("(七)提升绿色物流发展水平")[:2], match_marker("二、健全流通体系")[:2]
    ((2, '（七）'), (1, '二'))
    """
    for level, label_form, rx in _rules().markers:
        m = rx.match(line)
        if m:
            return level, label_form.replace("{num}", m.group("num")), m
    return None


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
    """Under a chapter or article heading (or one itself): the level is the depth."""


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


def segment(text: str, body_start: int = 0, body_end: int | None = None) -> Outline:
    """Build the outline tree of *text*'s body, which starts at offset *body_start* and ends
    at *body_end* (or where the annexes begin, or at the end of the text)."""
    r = _rules()
    warnings: list[ParseWarning] = []
    roots: list[_Node] = []
    stack: list[_Node] = []  # open sections, outermost first
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

    for p in _classify(text, body_start, r):
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
            # the depth in the tree under chapter and article headings; without them the 一、
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
    """Where the heading stands when it is not on the marker's line (第二章 / 总则)."""


_OWN_LINE_HEADING_MAX = 40


def _classify(text: str, body_start: int, r: _Rules) -> list[_Para]:
    """The body's paragraphs, each with its marker match or lead-sentence match.

    A paragraph is taken for a lead-sentence item only where at least two of them stand under
    the same numbered section: one short opening sentence alone is just prose. Lines of a table
    of contents are passed over.
    """
    out: list[_Para] = []
    parent = -1
    leads_under: dict[int, int] = {}
    spans = [(s, e) for s, e in line_spans(text) if e > s]
    first = next((k for k, (s, _) in enumerate(spans) if s >= body_start), len(spans))
    toc = toc_lines([text[s:e] for s, e in spans[first:]])
    k = first - 1
    while k + 1 < len(spans):
        k += 1
        if k - first in toc:
            continue
        s, e = spans[k]
        line = text[s:e]
        if r.annex.match(line):
            if parent < 0:
                continue  # an annex list in the cover notice, before the body's first section
            out.append(_Para(s, e, annex=True))
            break
        if r.table.search(line) or r.dash.match(line):
            continue
        if 0 < k < len(spans) - 1 and all(r.table.search(text, *spans[j]) for j in (k - 1, k + 1)):
            continue  # a table's section row written without its pipes, between two rows
        if (chapter := match_structure(line)) is not None:
            rank, label, m = chapter
            parent = len(out)
            para = _Para(s, e, marker=m, rank=rank, label=label)
            out.append(para)
            if not line[m.end():].strip() and k + 1 < len(spans) and k + 1 - first not in toc:
                ns, ne = spans[k + 1]
                nxt = text[ns:ne]
                if _heading_below(nxt, rank, r):
                    para.heading_line = (ns, ne)  # 第二章 / 总则; 第一条 / 为了规范……
                    k += 1
            elif (inner := _inner_structure(line, m.end(), rank)) is not None:
                # a heading and the first heading below it run together on one line:
                # 第一章发展回顾第一节主要成效
                rank2, label2, m2, at = inner
                para.end = s + at
                parent = len(out)
                out.append(_Para(s + at, e, marker=m2, rank=rank2, label=label2))
            continue
        found = match_marker(line)
        if found is not None:
            parent = len(out)
            out.append(_Para(s, e, marker=found[2], level=found[0], rank=FAMILY_RANK + found[0],
                             label=found[1]))
        else:
            lead = r.lead.match(line) if parent >= 0 else None
            if lead is not None:
                leads_under[parent] = leads_under.get(parent, 0) + 1
                out.append(_Para(s, e, lead=lead, parent=parent))
    for p in out:
        if p.lead is not None and leads_under[p.parent] < 2:
            p.lead = None
    return out


def _heading_below(line: str, rank: int, r: _Rules) -> bool:
    """Whether *line*, right under a bare chapter or article label, is that label's text: not
    a heading, table row, bullet or annex of its own; for a chapter (or any rank above an
    article) a short line without a full stop."""
    if (match_structure(line) or match_marker(line) or r.table.search(line) or r.dash.match(line)
            or r.annex.match(line)):
        return False
    if rank >= _ARTICLE_RANK:
        return True
    return len(line) <= _OWN_LINE_HEADING_MAX and "。" not in line


_ARTICLE_RANK = 5


def _inner_structure(
    line: str, at: int, rank: int
) -> tuple[int, str, regex.Match[str], int] | None:
    """A heading of a deeper rank that starts inside a chapter heading's line, before any full
    stop (第一章发展回顾第一节主要成效): (rank, label, match on the rest, offset in the line)."""
    stop = line.find("。", at)
    head = line[at: stop if stop >= 0 else min(len(line), at + _OWN_LINE_HEADING_MAX + 20)]
    pos = head.find("第", 2)
    while pos >= 0:
        found = match_structure(head[pos:])
        if found is not None and found[0] > rank and found[0] < _ARTICLE_RANK:
            return found[0], found[1], found[2], at + pos
        pos = head.find("第", pos + 1)
    return None


def toc_lines(lines: list[str]) -> set[int]:
    """The indexes of *lines* that belong to a table of contents.

    A TOC opens with a 目录 line and runs over its entries: lines with a dotted leader or a
    page number, lines holding only a leader or a number (the entry's end on a line of its
    own), and label lines whose leader stands on the next line. A 目录 followed by bare label
    lines (no leaders, no numbers) is a TOC when its first entry comes again: that is where the
    body begins. Lines with a leader and a page number are TOC entries also without a 目录.
    """
    r = _rules()
    out: set[int] = set()
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i].strip()
        if r.toc_title.match(line):
            j, entries = _toc_run(lines, i + 1, r)
            if not entries:
                j = _bare_toc(lines, i + 1)
            if j > i + 1:
                out.update(range(i, j))
                i = j
                continue
        elif r.toc_leader.search(line):
            j, entries = _toc_run(lines, i, r)
            if entries:
                out.update(range(i, j))
                i = max(j, i + 1)
                continue
        i += 1
    return out


_TOC_LINE_MAX = 60


def _toc_run(lines: list[str], j: int, r: _Rules) -> tuple[int, int]:
    """Where a run of TOC entries starting at *j* ends, and how many entries with a leader or
    a page number it holds."""
    n = len(lines)
    entries = 0
    while j < n:
        line = lines[j].strip()
        if r.toc_leader.search(line) or r.toc_entry.match(line):
            entries += 1
        elif r.toc_page.match(line):
            pass
        elif not (_toc_label(line) and j + 1 < n and (
                r.toc_page.match(nxt := lines[j + 1].strip()) or r.toc_leader.match(nxt))):
            break
        j += 1
    return j, entries


def _toc_label(line: str) -> bool:
    return 0 < len(line) <= _TOC_LINE_MAX and not any(ch in line for ch in "。；;")


_BARE_TOC_MAX = 200


def _bare_toc(lines: list[str], j: int) -> int:
    """The end of a TOC of bare label lines starting at *j*: the line where its first entry
    comes again (the body's first heading), or *j* when there is none."""
    first = _fold(lines[j]) if j < len(lines) else ""
    if not first or not _toc_label(first) or (
            match_structure(first) is None and match_marker(first) is None):
        return j
    for k in range(j + 1, min(len(lines), j + _BARE_TOC_MAX)):
        line = _fold(lines[k])
        if line == first:
            return k
        if not _toc_label(line):
            return j
    return j


def _fold(line: str) -> str:
    return "".join(line.split())


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
