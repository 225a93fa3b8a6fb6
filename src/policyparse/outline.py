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
A body with no numbered item at all (a 决定, 复函 or 答复 of a few paragraphs) gives each of its
paragraphs, between the 主送 line and the signature, as an unnumbered item of level 1.
After the body, a plan annexed under its 附件 label, or a document printed right after a list
of annexes (several plans in one file), is a subtree rooted at its title.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Final

from . import patterns
from ._dataclass import dataclass
from ._records import ParseWarning, Section
from .lines import (
    ARTICLE_RANK,
    FAMILY_RANK,
    Kind,
    Line,
    LineIndex,
    annex_match,
    read_chapter,
    read_marker,
)
from .meta import annex_title
from .numerals import small_int

if TYPE_CHECKING:
    import regex

__all__ = ["HALF_STOP", "Outline", "annexed_plans", "label_number", "segment"]

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
# the members read on every line, as module globals (a read of Kind.X goes through the enum
# type's attribute hook)
_HEADING, _LEAD, _ANNEX = Kind.HEADING, Kind.LEAD, Kind.ANNEX
_READ = (Kind.ANNEX, Kind.HEADING, Kind.LEAD, Kind.CHAPTER, Kind.ARTICLE)
"""The kinds of line :func:`_classify` reads."""


def label_number(num: str) -> int | None:
    """The integer value of a label's number: "二十九" → 29, "12" → 12, "③" → 3.

    >>> [label_number(x) for x in ("一", "十", "十一", "二十九", "一百零三", "12", "③")]
    [1, 10, 11, 29, 103, 12, 3]
    """
    return _CIRCLED.get(num) or small_int(num)


_Node = tuple[Section, "int | None", int, bool, "list[_Node]"]
"""A section of the tree being built: its Section, made with the node (its span's end set when
the section closes: -1 while it is open), and what numbering and nesting read: its number, its
rank, whether it is nested (under a chapter or article label, or one itself: the level is the
depth) and the nodes below (``section.children``: their sections). (A tuple, read by the
indexes below: made at a fraction of the cost of an object, one a heading.)"""
_SECTION: Final = 0
_NUMBER: Final = 1
_RANK: Final = 2
_NESTED: Final = 3
_CHILDREN: Final = 4


def _node(parent: _Node | None, level: int, label: str | None, number: int | None,
          heading: str, start: int, heading_span: tuple[int, int], marker: str | None,
          rank: int, nested: bool, end: int = -1) -> _Node:
    """A new node (below *parent*, where given: its section's path runs on from the
    parent's, and the parent holds it)."""
    path = [] if parent is None else parent[_SECTION].path
    # the record's fields stored one by one, not through its __init__ (a call with keywords
    # costs about twice the stores; test_outline checks that each field is set)
    section: Section = _new(Section)
    section.level = level
    section.label = label
    section.heading = heading
    section.path = [*path, label] if label is not None else list(path)
    section.span = (start, end)
    section.heading_span = heading_span
    section.marker = marker
    section.children = []
    node: _Node = (section, number, rank, nested, [])
    if parent is not None:
        parent[_CHILDREN].append(node)
        parent[_SECTION].children.append(section)
    return node


_new = object.__new__


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
_HALF_STOP = patterns.fixed_regex(HALF_STOP)


def _heading(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading runs to the first 。 of the paragraph (or a half-width "." between Chinese
    words, in a text typed with half-width punctuation: "(一)科学规划布点.按照…"), or to its
    end."""
    stop = text.find("。", start, end)
    limit = stop if stop >= 0 else end
    # (the stop is a "." in the heading: a heading without one is not searched)
    half = _HALF_STOP.search(text, start, limit) if text.find(".", start, limit) >= 0 else None
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

    def close_until(rank: int, pos: int) -> None:
        """Close the open sections of *rank* or a deeper one, and lead-sentence items."""
        while pos > 0 and text[pos - 1] == "\n":
            pos -= 1
        while stack and (stack[-1][_RANK] >= rank or stack[-1][_RANK] == _LEAD_RANK):
            section = stack.pop()[_SECTION]
            section.span = (section.span[0], max(pos, section.heading_span[1]))

    numbers: dict[str, int | None] = {}  # label_number of each number as written, read once
    for s, e, m, p_level, rank, label, lead, heading_line, annex in _classify(
            lines or LineIndex(text), body_start):
        if annex or s >= body_end:
            body_end = min(s, body_end)
            break
        if m is not None:
            written, num = m.group(0, "num")
            if num in numbers:
                number = numbers[num]
            else:
                number = numbers[num] = label_number(num.strip())
            hs, he = (_heading(text, s + m.end(), e) if heading_line is None
                      else _heading(text, *heading_line))
            if stack and (stack[-1][_RANK] >= rank or stack[-1][_RANK] == _LEAD_RANK):
                close_until(rank, s)
            parent = stack[-1] if stack else None
            nested = rank < FAMILY_RANK or (parent is not None and parent[_NESTED])
            # the depth in the tree under chapter and article labels; without them the 一、
            # family keeps its own levels (1 = 一、 2 = （一） …)
            level = (parent[_SECTION].level + 1 if parent else 1) if nested else p_level
            siblings = parent[_CHILDREN] if parent else roots
            last = siblings[-1] if siblings else None
            prev = (last if last is not None and last[_RANK] == rank and last[_SECTION].label
                    else None if last is None else next(
                        (c for c in reversed(siblings) if c[_RANK] == rank and c[_SECTION].label),
                        None))
            prev_number = None if prev is None else prev[_NUMBER]
            if not (prev_number is not None and number is not None
                    and number == prev_number + 1):  # (in sequence: nothing to report)
                _check_number(number, prev_number, last_of_rank.get(rank), label, s, e, warnings)
            if number is not None:
                last_of_rank[rank] = number
            node = _node(parent, level, label, number, text[hs:he], s, (hs, he),
                         written.strip(), rank, nested)
            if parent is None:
                roots.append(node)
            stack.append(node)
        elif lead is not None and stack:
            close_until(_LEAD_RANK, s)
            top = stack[-1]
            hs, he = lead.span("heading")
            hs, he = s + hs, s + he
            stack.append(_node(top, top[_SECTION].level + 1, None, None, text[hs:he], s,
                               (hs, he), None, _LEAD_RANK, top[_NESTED]))
    end = body_end
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    close_until(0, end)
    if root is None and not roots and body_start > 0:
        idx = lines or LineIndex(text)
        if not _numbered(idx, body_start, end):
            roots = _paragraph_items(idx, body_start, end)
    return Outline(
        sections=[n[_SECTION] for n in roots],
        body_start=body_start,
        body_end=end,
        warnings=warnings,
    )


_Para = tuple[int, int, "regex.Match[str] | None", int, int, str, "regex.Match[str] | None",
              "tuple[int, int] | None", bool]
"""One paragraph of the body and what the segmenter made of it: its start and end, its
marker's match, level, rank and label ("" without one), its lead sentence's match, where its
heading stands when it is not on the label's line (第二章 / 总则), and whether it starts the
annexes. (A tuple: made at a fraction of the cost of an object, and the body's paragraphs are
many.)"""


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
    leads: list[tuple[int, int]] = []  # each lead's paragraph and its parent's
    taken = -1  # a line read as the heading of the label above it
    # only the lines of the kinds read here (a line of a table of contents is of none of them)
    numbers = lines.numbers_of(*_READ)
    every = lines.lines
    for k in numbers[bisect_left(numbers, lines.first_from(body_start)):]:
        ln = every[k]
        kind = ln.kind
        if k == taken:
            continue
        s, e = ln.start, ln.end
        if kind is _ANNEX:
            if parent < 0:
                continue  # an annex list in the cover notice, before the body's first section
            out.append((s, e, None, 0, 0, "", None, None, True))
            break
        if ln.in_table:
            continue  # a table's rows and its section rows written without pipes
        if kind is _HEADING:
            assert ln.marker is not None and ln.label is not None
            parent = len(out)
            out.append((s, e, ln.marker, ln.level, ln.rank, ln.label, None, None, False))
        elif kind is _LEAD:
            if parent >= 0:
                leads_under[parent] = leads_under.get(parent, 0) + 1
                leads.append((len(out), parent))
                out.append((s, e, None, 0, 0, "", ln.lead, None, False))
        else:  # a chapter or article label
            assert ln.marker is not None and ln.label is not None
            parent = len(out)
            line = lines.line_text(ln)
            below = _line_after(lines, ln)
            heading_line = None
            inner = None
            if not line[ln.marker.end():].strip() and below is not None:
                if _heading_below(lines, below, ln.rank):
                    heading_line = below.span  # 第二章 / 总则; 第一条 / 为了规范……
                    taken = below.number
            else:
                inner = _inner_chapter(line, ln.marker.end(), ln.rank)
            if inner is None:
                out.append((s, e, ln.marker, 0, ln.rank, ln.label, None, heading_line, False))
            else:
                # a chapter and the first heading below it run together on one line:
                # 第一章发展回顾第一节主要成效
                rank, label, m, at = inner
                out.append((s, s + at, ln.marker, 0, ln.rank, ln.label, None, None, False))
                parent = len(out)
                out.append((s + at, e, m, 0, rank, label, None, None, False))
    for k, above in leads:
        if leads_under[above] < 2:
            out[k] = (*out[k][:6], None, None, False)  # one lead sentence alone is prose
    return out


def _numbered(lines: LineIndex, start: int, end: int) -> bool:
    """Whether any line from *start* to *end* opens with a heading marker or a chapter or
    article label (in a table too; a table of contents aside)."""
    return any(ln.start < end and ln.kind is not Kind.TOC and (
                   ln.marker is not None or ln.kind in _NUMBERED)
               for ln in lines.from_offset(start))


_NUMBERED = frozenset({Kind.HEADING, Kind.CHAPTER, Kind.ARTICLE, Kind.TABLE_SECTION})


def _sentences(para: str) -> bool:
    """Whether a paragraph is prose: it holds a full stop, or clauses (a comma) ending in a
    colon or semicolon (您提出的建议收悉，现答复如下：)."""
    para = para.rstrip()
    return any(ch in para for ch in "。！？!?") or (
        para[-1:] in ("：", ":", "；", ";") and any(ch in para for ch in "，,"))


def _paragraph_items(lines: LineIndex, start: int, end: int) -> list[_Node]:
    """The items of a body that has no numbered item at all (a 决定, a 复函, an 答复 of a few
    paragraphs): each paragraph one unnumbered item (label None, level 1, heading its first
    sentence, as a lead-sentence item). Left out: the 文号 and the 主送 line above the
    paragraphs (the first line, when it ends with a colon and holds no full stop), and the
    signature below them (office lines, dates, the publicity note, the 版记), tables, a table
    of contents, notes and keys, and lines that are no prose (a form's captions: 联系人：).

    >>> t = "某市政府\\n各区政府：\\n同意设立。请落实。\\n附表如下。\\n某市人民政府\\n2024年5月6日"
    >>> [(n[_SECTION].level, n[_SECTION].label, n[_SECTION].heading)
    ...  for n in _paragraph_items(LineIndex(t), 5, len(t))]
    [(1, None, '同意设立'), (1, None, '附表如下')]
    """
    meta = patterns.load("meta")
    body = [ln for ln in lines.from_offset(start)
            if ln.start < end and ln.kind is not Kind.BLANK]
    text = lines.text

    def skipped_above(ln: Line) -> bool:
        line = text[ln.start:ln.end].strip()
        return bool(meta.rx("doc_number").match(line) or meta.rx("date_line").match(line))

    def signature(ln: Line) -> bool:
        line = text[ln.start:ln.end].strip()
        return (ln.kind is Kind.IMPRINT or ln.zone == "imprint" or any(
            meta.rx(pid).match(line) for pid in (
                "date_line", "joint_date_line", "signature_date", "issuer_line", "publicity")))

    while body and skipped_above(body[0]):
        body.pop(0)
    if body:
        first = text[body[0].start:body[0].end].strip()
        if first[-1:] in "：:" and "。" not in first:
            body.pop(0)  # 主送: 各区政府： / 某某代表：
    while body and signature(body[-1]):
        body.pop()
    items: list[_Node] = []
    note_open = False  # a note or key line that stops without a full stop goes on below
    last = -1  # the paragraph read last
    for ln in body:
        if ln.in_table or ln.kind is Kind.TOC or ln.paragraph == last:
            continue
        last = ln.paragraph
        ps, pe = lines.paragraph_at(ln.start)
        pe = min(pe, end)
        was_open = note_open
        note_open = (ln.kind in (Kind.NOTE, Kind.KEY) or was_open) and text[
            ps:pe].rstrip()[-1:] not in ("。", "！", "？", "!", "?")
        if ln.kind in (Kind.NOTE, Kind.KEY) or was_open or not _sentences(text[ps:pe]):
            continue  # a form's captions and blanks (联系人：, 电话：), a note under a table
        hs, he = _heading(text, ps, pe)
        items.append(_node(None, 1, None, None, text[hs:he], ps, (hs, he), None, _LEAD_RANK,
                           False, pe))
    return items


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
    without a title or without sections (a table, a list of annexes), or whose first section
    of its highest rank is not numbered one (wrapped lines that happen to open with ④ and ②),
    gives none.
    """
    annexes = lines.numbers_of(Kind.ANNEX)
    starts = [lines[k] for k in annexes[bisect_left(annexes, lines.first_from(after)):]]
    out: list[Outline] = []
    for k, ln in enumerate(starts):
        stop = starts[k + 1].start if k + 1 < len(starts) else len(text)
        title = annex_title(lines, ln, stop)
        m = annex_match(lines.line_text(ln))
        if m is None:
            continue
        if title is None:
            # a list of annexes (附件：1.X / 2.Y) with another document printed right after it:
            # a PDF holding several plans, each closing with its own list of annexes
            title = _title_after_list(lines, ln, stop)
            if title is None:
                continue
            root = _node(None, 1, None, None, text[title[0]:title[1]], title[0], title, None, 0,
                         True)
        else:
            marker = m.group("label")
            root = _node(None, 1, "".join(marker.split()), None, text[title[0]:title[1]],
                         ln.start, title, marker, 0, True)
        plan = segment(text, min(title[1] + 1, stop), stop, lines, root=root)
        kids = [(_label_rank(c.label), c.label) for c in plan.sections[0].children]
        top = min((rank for rank, _ in kids), default=0)
        first = next((label for rank, label in kids if rank == top), None)
        if len(kids) >= _ANNEX_PLAN_MIN and _label_number_of(first) == 1:
            out.append(plan)
    return out


def _label_rank(label: str | None) -> int:
    """The rank of a section's label (lines.FAMILY_RANK): 第三章 3, 一 11, （二） 12, 4 13,
    ④ 15; an unnumbered item ranks last."""
    if label is None:
        return _LEAD_RANK
    found = read_chapter(label) or read_marker(label + "、")
    return found.rank if found is not None else _LEAD_RANK


def _label_number_of(label: str | None) -> int | None:
    """The number of a section's label: 一 → 1, （二） → 2, 第三章 → 3, ④ → 4.

    >>> [_label_number_of(x) for x in ("一", "（二）", "第三章", "12", "④", None)]
    [1, 2, 3, 12, 4, None]
    """
    if label is None:
        return None
    return label_number(label.strip("（）()第章节条编部分"))


_ANNEX_PLAN_MIN = 2  # an annexed plan has at least two sections of its own
_TITLE_MAX = 100
_TITLE_MAX_LINES = 4
_TITLE_STOPS = frozenset("，。；：,;:!?！？")


def _title_after_list(lines: LineIndex, annex: Line, stop: int) -> tuple[int, int] | None:
    """The title of a document printed right after a list of annexes (附件：1.X / 2.Y), before
    offset *stop*: the short lines ending like a title (…实施方案, a note line such as
    （2021—2025年） after it) that stand right below the list's numbered entries and over the
    document's first heading, numbered one (一、, 第一章, 第一条). None where the list is
    followed by anything else (a signature, a date, prose, a heading that goes on numbering).
    A title line never names only an office nor holds a date: that is a signature.

    >>> idx = LineIndex("附件：1.甲表\\n2.乙表\\n某市节水实施方案\\n为了节水。\\n一、目标")
    >>> s, e = _title_after_list(idx, idx[0], 99)
    >>> idx.text[s:e]
    '某市节水实施方案'
    >>> idx = LineIndex("附件：1.甲表\\n2.乙表\\n某市水利局\\n2024年5月6日\\n一、目标")
    >>> _title_after_list(idx, idx[0], 99) is None
    True
    """
    m = annex_match(lines.line_text(annex))
    if m is None or read_marker((m.group("rest") or "").strip()) is None:
        return None  # not a list of annexes
    meta = patterns.load("meta")
    first: Line | None = None
    last: Line | None = None
    acc = ""
    for ln in lines.from_offset(annex.end + 1):
        if ln.start >= stop:
            return None
        line = lines.line_text(ln).strip()
        if ln.kind is Kind.BLANK:
            continue
        if first is None and ln.kind is Kind.HEADING and ln.level >= 3 and "。" not in line:
            continue  # the list's next entries: 2.X 3.Y
        if first is not None and last is not None and meta.rx("title_word").search(acc):
            if meta.rx("title_note").match(line):
                last = ln
                continue
            return (first.start, last.end) if _opens_at_one(lines, ln, stop) else None
        if (ln.kind is not Kind.PROSE or not 0 < len(line) <= _TITLE_MAX
                or any(ch in _TITLE_STOPS for ch in line)
                or meta.rx("issuer_line").match(line) or meta.rx("date").search(line)):
            return None  # not a title line; a signature or its date
        first = first or ln
        last = ln
        acc += line
        if len(acc) > _TITLE_MAX or ln.number - first.number >= _TITLE_MAX_LINES:
            return None
    return None


def _opens_at_one(lines: LineIndex, below: Line, stop: int) -> bool:
    """Whether the first heading, chapter or article label from the line *below* on (before
    *stop*, leaving a preamble's prose aside) is numbered one: a document's outline begins."""
    for ln in lines.from_offset(below.start):
        if ln.start >= stop or ln.kind in (Kind.ANNEX, Kind.TOC):
            return False
        if ln.kind in (Kind.HEADING, Kind.CHAPTER, Kind.ARTICLE) and not ln.in_table:
            assert ln.marker is not None
            return label_number(ln.marker.group("num").strip()) == 1
        if ln.kind is not Kind.PROSE and ln.kind is not Kind.LEAD and ln.kind is not Kind.BLANK:
            return False
    return False


def _check_number(
    number: int | None,
    prev: int | None,
    last_global: int | None,
    label: str | None,
    s: int,
    e: int,
    warnings: list[ParseWarning],
) -> None:
    if number is None:
        return
    if prev is not None:  # the number of the section before, of the same rank
        ok = number == prev + 1
        what = "repeats" if number <= prev else "jumps"
        expected = prev + 1
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

