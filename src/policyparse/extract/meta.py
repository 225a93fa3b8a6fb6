"""The notice's metadata: title, 发文字号, issuer, signing date, recipients, publicity note.

A notice usually comes as a cover notice (印发…的通知: title, 文号, 主送机关, "现将《X》印发给你们",
signature, date, 此件公开发布) followed by the plan itself, whose own title X stands on one or
more lines right before its body. The header is read line by line; the body begins after the
plan's title. Rules: ``patterns/meta.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .. import patterns
from ..models import Meta
from ..textmap import line_spans

_SENTENCE_PUNCT = frozenset("，。；：,;:!?！？")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_TITLE_MAX = 60
_HEADER_MAX_LINES = 40


@cache
def _rules() -> patterns.PatternSet:
    return patterns.load("meta")


@cache
def _first_marker_rx() -> list[regex.Pattern[str]]:
    return [p.regex for p in patterns.load("outline").group("marker") if p.data["level"] <= 2]


def cn_small_int(s: str) -> int:
    """A Chinese numeral up to 99 (also digit by digit, as in years).

    >>> cn_small_int("二十四"), cn_small_int("十"), cn_small_int("二〇二二")
    (24, 10, 2022)
    """
    if "十" not in s:
        n = 0
        for ch in s:
            n = n * 10 + _CN_DIGITS[ch]
        return n
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def parse_date_line(line: str) -> str | None:
    """``YYYY-MM-DD`` for a line that is only a date, else None.

    >>> parse_date_line("二〇二二年四月二十四日")
    '2022-04-24'
    """
    m = _rules().rx("date_line").match(line)
    if not m:
        return None
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    elif m.group("cy"):
        y, mo, d = (cn_small_int(m.group(k)) for k in ("cy", "cm", "cd"))
    else:
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@dataclass
class MetaResult:
    meta: Meta
    body_start: int
    """Offset where the body begins (after the plan's title), 0 when no title was found."""
    title_span: tuple[int, int] | None = None


def _split_recipients(s: str) -> list[str]:
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in s:
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "，,；;":
            if "".join(cur).strip():
                out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def _signature(lines: list[str], date_line: int, kinds: dict[int, str]) -> str:
    """The offices signing above the date line at *date_line*, joined with 、 ("" if none).

    The office lines found are marked ``"issuer"`` in *kinds*; lines already classified there
    are not offices.
    """
    r = _rules()
    names: list[str] = []
    j = date_line - 1
    while j >= 0 and j not in kinds and r.rx("issuer_line").match(lines[j]):
        names[:0] = [n for n in r.rx("issuer_split").split(lines[j]) if n]
        kinds[j] = "issuer"
        j -= 1
    return "、".join(names)


def extract_meta(text: str) -> MetaResult:
    """Read the header of a normalized notice."""
    r = _rules()
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    markers = _first_marker_rx()
    first_marker = next(
        (i for i, ln in enumerate(lines) if any(rx.match(ln) for rx in markers)), len(lines)
    )
    header_end = min(first_marker, _HEADER_MAX_LINES)

    meta = Meta()
    kinds: dict[int, str] = {}
    for i in range(min(len(lines), header_end)):
        ln = lines[i]
        if (m := r.rx("doc_number").match(ln)) and meta.doc_number is None:
            meta.doc_number = m.group("docno")
            kinds[i] = "docno"
        elif (d := parse_date_line(ln)) is not None:
            kinds[i] = "date"
            if meta.date is None:
                meta.date = d
                meta.issuer = _signature(lines, i, kinds) or None
        elif (m := r.rx("publicity").match(ln)) is not None:
            kinds[i] = "publicity"
            meta.publicity = meta.publicity or m.group("note")
        elif (m := r.rx("recipients").match(ln)) is not None and not meta.recipients:
            kinds[i] = "recipients"
            meta.recipients = _split_recipients(m.group("to"))

    # title groups: runs of short lines without sentence punctuation
    groups: list[list[int]] = []
    cur: list[int] = []
    for i in range(min(len(lines), header_end)):
        ln = lines[i]
        titleish = (
            i not in kinds
            and 0 < len(ln) <= _TITLE_MAX
            and not any(ch in _SENTENCE_PUNCT for ch in ln)
        )
        if titleish:
            cur.append(i)
        elif cur:
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)

    def joined(g: list[int]) -> str:
        return "".join(lines[i] for i in g)

    # the cover notice names its document: 现将《X》印发给你们
    wanted = None
    for i in range(min(len(lines), max(header_end, 1))):
        if m := r.rx("cover_reference").search(lines[i]):
            wanted = m.group("title")
            break

    title_lines: list[int] | None = None
    if wanted is not None:
        # a run of consecutive lines that together spell X (searched beyond the header, in
        # case the cover notice has numbered items of its own)
        target = regex.sub(r"\s+", "", wanted)
        for i in range(min(len(lines), _HEADER_MAX_LINES * 3)):
            acc = ""
            for j in range(i, min(i + 4, len(lines))):
                acc += lines[j]
                if acc == target:
                    title_lines = list(range(i, j + 1))
                    break
                if not target.startswith(acc):
                    break
            if title_lines:
                break
    notice_lines = next((g for g in groups if r.rx("notice_title").search(joined(g))), None)
    if title_lines is None:
        plans = [
            g for g in groups
            if g is not notice_lines and r.rx("title_word").search(joined(g))
        ]
        # the plan's title is the last title-like group before the body; a bare notice
        # (no plan attached) has only its own title
        title_lines = plans[-1] if plans else notice_lines
    if notice_lines is not None:
        meta.notice_title = joined(notice_lines)
    body_start = 0
    title_span = None
    if title_lines is not None:
        meta.title = joined(title_lines)
        title_span = (spans[title_lines[0]][0], spans[title_lines[-1]][1])
        body_start = min(spans[title_lines[-1]][1] + 1, len(text))

    head = meta.notice_title or meta.title
    if meta.issuer is None and head and (m := r.rx("issuer_prefix").match(head)):
        meta.issuer = m.group("issuer")
    if meta.date is None:
        # a signature after the body: the last date line of the text
        for i in range(len(lines) - 1, header_end - 1, -1):
            if (d := parse_date_line(lines[i])) is not None:
                meta.date = d
                meta.issuer = meta.issuer or _signature(lines, i, {}) or None
                break
    return MetaResult(meta=meta, body_start=body_start, title_span=title_span)
