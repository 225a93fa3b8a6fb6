"""The notice's metadata: title, 发文字号, issuer, signing date, recipients, publicity note.

A notice usually comes as a cover notice (印发…的通知: title, 文号, 主送机关, "现将《X》印发给你们",
signature, date, 此件公开发布) followed by the plan itself, whose own title X stands on one or
more lines right before its body. The header is read line by line; the body begins after the
plan's title. Rules: ``patterns/meta.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from . import patterns
from ._dataclass import dataclass
from ._records import Meta
from .lines import (
    Kind,
    Line,
    LineIndex,
    MatchTests,
    annex_match,
    gated_search,
    info_key,
    read_chapter,
    read_marker,
    row_cells,
)
from .numerals import cn_year, small_int

if TYPE_CHECKING:
    import regex

_SPACES = patterns.fixed_regex(r"\s+")

# the members read on every line, as module globals (a read of Kind.X goes through the enum
# type's attribute hook)
_ANNEX, _BLANK, _HEADING, _PROSE = Kind.ANNEX, Kind.BLANK, Kind.HEADING, Kind.PROSE
_LABELS_OR_TOC = (Kind.CHAPTER, Kind.ARTICLE, Kind.TOC)

_LineTest = Callable[[str], "regex.Match[str] | None"]

_SENTENCE_PUNCT = tuple("，。；：,;:!?！？")
_TITLE_MAX = 100
_TITLE_MAX_LINES = 4
_HEADER_MAX_LINES = 40

_SENTENCE_PUNCT_CLASS = patterns.fixed_re(f"[{re.escape(''.join(_SENTENCE_PUNCT))}]")


def _holds_sentence_punct(line: str) -> bool:
    """Whether *line* holds a mark of sentence punctuation (a search for the class of the
    marks: a look for each mark costs three times as much on a title line, which holds none,
    and a set's test of each character of the line makes a string of each)."""
    return _SENTENCE_PUNCT_CLASS.search(line) is not None


@cache
def _rules() -> dict[str, regex.Pattern[str]]:
    """meta.toml's patterns by id (looked up per header line: a dict, not the set's method)."""
    return {p.id: p.regex for p in patterns.load("meta")}


@cache
def _match_tests() -> MatchTests:
    """meta.toml's patterns, each as its test at the start of a line
    (:func:`~policyparse.lines.gated_match`: tried only on a line that opens as its matches may
    and holds one of its ``needs``), also by a line's first character (the header's lines try
    many of them: :class:`~policyparse.lines.MatchTests`)."""
    return MatchTests((p.id, p.regex, p.needs) for p in patterns.load("meta"))


@cache
def _tests() -> dict[str, Callable[[str], regex.Match[str] | None]]:
    """meta.toml's patterns by id, each as its test at the start of a line (any line; asked
    for on each header line: one call of the cache, not two calls)."""
    return _match_tests().all


@cache
def _searches() -> dict[str, Callable[[str], regex.Match[str] | None]]:
    """meta.toml's patterns by id, each as its search of a line
    (:func:`~policyparse.lines.gated_search`: tried only on a line holding one of its
    ``needs``)."""
    return {p.id: gated_search(p.regex, p.needs) for p in patterns.load("meta")}


def parse_date_line(line: str, t: dict[str, _LineTest] | None = None) -> str | None:
    """``YYYY-MM-DD`` for a line that is only a date (or the dates of a joint signature: the
    last), else None.

    >>> parse_date_line("二〇二二年四月二十四日")
    '2022-04-24'
    >>> parse_date_line("2024年4月26日　　2024年4月28日")
    '2024-04-28'
    """
    t = t or _tests()  # (*t*: the tests of lines opening as *line* does, where the caller has them)
    m = t["date_line"](line)
    if not m:
        if t["joint_date_line"](line) is None:
            return None
        dates = [_date_of(d) for d in _rules()["date"].finditer(line)]
        return max((d for d in dates if d is not None), default=None)
    return _date_of(m)


_ZERO = str.maketrans("OＯ0０", "〇〇〇〇")  # 二O二一: the 〇 typed as a letter or a digit


def _date_of(m: regex.Match[str]) -> str | None:
    """``YYYY-MM-DD`` of a match of the ``DATE`` piece, or None when it names no real day."""
    if m.group("y"):
        # (the spaces inside the numbers: str.split's spaces hold the pattern's \s)
        y, mo, d = (int("".join(m.group(g).split())) for g in ("y", "m", "d"))
    elif m.group("cy"):
        cy, cm, cd = ("".join(m.group(g).split()) for g in ("cy", "cm", "cd"))
        parts = cn_year(cy.translate(_ZERO)), small_int(cm), small_int(cd)
        if None in parts:
            return None
        y, mo, d = (int(p or 0) for p in parts)
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
    cover_start: int | None = None
    """Where the cover notice's own numbered items begin, when it has some and issues the plan
    as its annex (附件 stands between them): a notice that issues a task list and gives its own
    instructions (一、提高政治站位…)."""


_RECIPIENT_MARKS = patterns.fixed_re(r"[（(〔\[【）)〕\]】，,；;]")
"""What splits a 主送 line: brackets (their depth) and the commas and semicolons between."""


def _split_recipients(s: str) -> list[str]:
    """The recipients of a 主送 line: its parts between commas and semicolons outside brackets,
    without the spaces around them (only its brackets and marks looked at, not each character).

    >>> _split_recipients("各县（市、区）人民政府，市政府各部门; 各直属机构 ，")
    ['各县（市、区）人民政府', '市政府各部门', '各直属机构']
    >>> _split_recipients("各区）,（市，县)单位〔甲，乙〕")
    ['各区）', '（市，县)单位〔甲，乙〕']
    """
    out: list[str] = []
    depth = 0
    start = 0
    for m in _RECIPIENT_MARKS.finditer(s):
        ch = m.group()
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】":
            depth = max(0, depth - 1)
        elif depth == 0:
            if part := s[start:m.start()].strip():
                out.append(part)
            start = m.end()
    if part := s[start:].strip():
        out.append(part)
    return out


_DOCNO_KEYS = frozenset({"文号", "发文字号"})


@cache
def _info_fields() -> dict[str, str]:
    """The fields of a site's information block → the Meta field each fills ("" for none)."""
    fields: dict[str, str] = patterns.table("meta", "INFO_KEY")
    return fields


def _info_cells(line: str) -> list[tuple[str, str]] | None:
    """The (key, value) cells of a site's information block written as a table row
    ("| 文号： | 舟港航口岸〔2024〕6号 | 发布日期： | 2024-05-29 |"); None for any other line.

    >>> _info_cells("|文号：|某发〔2024〕6号|发布日期：| 2024-05-29 |")
    [('文号', '某发〔2024〕6号'), ('发布日期', '2024-05-29')]
    """
    cells = row_cells(line) if "|" in line else None  # (most header lines hold no cell)
    if cells is None:
        return None
    pairs = []
    for k, v in zip(cells[::2], cells[1::2], strict=False):
        key = k.rstrip("：:").replace(" ", "")
        if v and (k.endswith(("：", ":")) or info_key(key) == key):
            pairs.append((key, v))
    return pairs or None


def split_offices(line: str) -> list[str]:
    """The offices of a joint signature line whose gaps the normalizer closed: a new office
    begins where the first one's place comes again right after an office's ending.

    >>> split_offices("中共遵义市委办公室遵义市人民政府办公室")
    ['中共遵义市委办公室', '遵义市人民政府办公室']
    >>> split_offices("某市发展和改革委员会某市财政局")
    ['某市发展和改革委员会', '某市财政局']
    >>> split_offices("某市工业和信息化局市机关事务管理局")
    ['某市工业和信息化局', '市机关事务管理局']
    >>> split_offices("湖州市人民政府办公室")
    ['湖州市人民政府办公室']
    """
    r = _rules()
    t = _tests()
    m = t["issuer_place"](line)
    if not m:
        return [line]
    place = m.group("place")
    starts = set()
    at = line.find(place, m.end())
    while at > 0:
        starts.add(at - 2 if line.startswith("中共", at - 2) else at)
        at = line.find(place, at + len(place))
    # an office named by the place's level alone (某市水务局市机关事务管理局)
    level = place[-1]
    at = line.find(level, m.end())
    while at > 0:
        if not line.startswith(place, at + 1 - len(place)):
            starts.add(at)
        at = line.find(level, at + 1)
    cuts = [0]
    for start in sorted(starts):
        if start > cuts[-1] and r["issuer_end"].search(line, cuts[-1], start):
            cuts.append(start)
    return [line[a:b] for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)]


def _signature(lines: list[str], date_line: int, kinds: dict[int, str]) -> str:
    """The offices signing above the date line at *date_line*, joined with 、 ("" if none).

    The office lines found are marked ``"issuer"`` in *kinds*; lines already classified there
    are not offices.
    """
    t = _tests()
    names: list[str] = []
    j = date_line - 1
    while j >= 0 and j not in kinds and t["issuer_line"](lines[j]):
        names[:0] = split_offices(lines[j])
        kinds[j] = "issuer"
        j -= 1
    if j >= 0 and j not in kinds and (m := t["annex_then_office"](lines[j])):
        names[:0] = split_offices(m.group("issuer"))  # 附件：X.pdf某部办公厅: the annex link ran in
    return "、".join(_rejoin(names))


def _rejoin(names: list[str]) -> list[str]:
    """*names* with a bare 某省委员会 joined to the organ before it, whose name the line
    broke (中国共产主义青年团 / 某省委员会, 中国人民政治协商会议 / 某市委员会).

    >>> _rejoin(["某省财政厅", "中国共产主义青年团", "某省委员会", "某省妇女联合会"])
    ['某省财政厅', '中国共产主义青年团某省委员会', '某省妇女联合会']
    """
    test = _tests()["bare_committee"]
    out: list[str] = []
    for name in names:
        if out and test(name) and not test(out[-1]):
            out[-1] += name
        else:
            out.append(name)
    return out


def _date_and_signature(lines: list[str], i: int, kinds: dict[int, str],
                        own: dict[str, _LineTest] | None = None) -> tuple[str, str] | None:
    """The date and signing offices of line *i* when it is a date line (the offices stand
    on the lines above) or an office and a date on one line; None otherwise (*own*: the tests
    of lines opening as line *i* does, where the caller has them)."""
    own = own or _tests()
    if (d := parse_date_line(lines[i], own)) is not None:
        kinds[i] = "date"
        return d, _signature(lines, i, kinds)
    m = own["signature_date"](lines[i])
    if m and (d := parse_date_line(m.group("date"))) is not None:
        kinds[i] = "date"
        return d, "、".join(split_offices(m.group("issuer")))
    m = own["date_with_notes"](lines[i])  # 2022年1月15日（此件公开发布）
    if m and (d := _date_of(m)) is not None:
        kinds[i] = "date"
        return d, _signature(lines, i, kinds)
    if (i > 0 and kinds.get(i - 1) in (None, "other") and own["day_line"](lines[i])
            and _tests()["month_line"](lines[i - 1])
            and (d := parse_date_line(lines[i - 1] + lines[i])) is not None):
        kinds[i - 1] = kinds[i] = "date"  # 2021年12月 / 30日: a date the PDF split
        return d, _signature(lines, i - 1, kinds)
    return None


def _unquoted(lines: list[str], run: list[int]) -> str:
    """The text of the lines *run*, without the 《》 of a title quoted whole from the start of
    one of its lines (中共某市委 / 某市人民政府 / 《关于…的实施方案》)."""
    text = "".join(lines[j] for j in run)
    if text.endswith("》") and any(lines[j].startswith("《") and "《" not in lines[j][1:]
                                  for j in run):
        return text[:-1]
    return text


def _title_runs(lines: list[str], upto: int, kinds: dict[int, str],
                annex: list[Line]) -> list[list[int]]:
    """Runs of consecutive lines that read as one title: short, without sentence punctuation,
    not a date, 文号 or other header line, not an annex or chapter heading, each run ending
    where its text ends like a title (…方案, …的通知, a title note such as （2023—2025年））.
    *annex*: the index's lines, which tell those that start the annexes."""
    r = _rules()
    t = _tests()
    runs: list[list[int]] = []
    cur: list[int] = []
    for i in range(min(len(lines), upto)):
        ln = lines[i]
        # a note line (（2024—2026年）) under a title, also one already complete
        note = (bool(cur) or bool(runs and runs[-1][-1] == i - 1)) and (
            t["title_note"](ln) is not None)
        titleish = note or (
            i not in kinds
            and 0 < len(ln) <= _TITLE_MAX
            and not _holds_sentence_punct(ln)
            and annex[i].kind is not _ANNEX
            and read_chapter(ln) is None
            and not (ln[0] in "（(" and ln[-1] in "）)")
        )
        if not titleish:
            cur = []
            continue
        if note and not cur and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)  # 方案 + （2023—2025年）
            continue
        cur.append(i)
        if len(cur) > _TITLE_MAX_LINES:
            cur.pop(0)
        if r["title_word"].search(_unquoted(lines, cur)):
            if note and runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)  # 方案 + （2023—2025年）
            else:
                runs.append(list(cur))
            cur = []
    return runs


_QUOTED = patterns.fixed_regex(r"《[^《》]+》")
_HAN = patterns.fixed_regex(r"\p{Han}")


def _lone_cell(line: str) -> str:
    """The one filled cell of a table row that has no other (a page's frame read as a table:
    "| | 2021年11月28日|" → "2021年11月28日"); any other line as it is.

    >>> _lone_cell("| | 2021年11月28日|"), _lone_cell("|文号：|某发〔2024〕6号|")
    ('2021年11月28日', '|文号：|某发〔2024〕6号|')
    """
    cells = row_cells(line) if line.startswith("|") and line.endswith("|") else None
    if cells is None:
        return line
    filled = [c for c in cells if c]
    return filled[0] if len(filled) == 1 else line


def _headline(lines: list[str], title: list[int], kinds: dict[int, str], meta: Meta) -> list[int]:
    """*title* without its leading lines that name the organs over a quoted title
    (中共某市委 / 某市人民政府 / 《关于…的实施方案》): those give the issuer."""
    t = _tests()
    k = next((n for n, i in enumerate(title) if lines[i].startswith("《")), 0)
    if k == 0 or not all(t["headline_organs"](lines[i]) for i in title[:k]):
        return title
    for i in title[:k]:
        kinds[i] = "issuer"
    if meta.issuer is None:
        meta.issuer = "、".join(_offices("".join(lines[i] for i in title[:k])))
    return title[k:]


_PRINTED = patterns.fixed_regex("(?:印发|转发|发布|文件)$")


def _offices(organs: str) -> list[str]:
    """The organs of a run of office names, 、 or nothing between them (a trailing 印发 dropped)."""
    organs = _PRINTED.sub("", organs)
    return [o for part in organs.split("、") for o in split_offices(part) if o]


def _doc_number_under_title(lines: list[str], titles: list[list[int]], meta: Meta) -> None:
    """The 文号 in brackets on the line right under a title: （发改开放〔2022〕408号）."""
    t = _tests()
    for g in titles:
        below = g[-1] + 1
        if meta.doc_number is None and below < len(lines) and (
                m := t["bracketed_doc_number"](lines[below])):
            meta.doc_number = m.group("docno")


def _header_organs(lines: list[str], ref_line: int | None, title: list[int] | None,
                   kinds: dict[int, str], meta: Meta, covers: list[list[int]]) -> None:
    """The issuer where a header names it without a signature: the organs of a headline that
    reposts the text (某省委办公厅、某省人民政府办公厅印发《X》), the letterhead over the 文号
    (某市人民政府文件 / 某政发〔2021〕9号), the organs on the lines right above a title
    (中共某省委某省人民政府印发 / 《X》), or the organs under a cover's title over its month
    (某省发展和改革委员会 / 某省能源局 / 2021年5月), also under the cover's copy of the title
    (*covers*: earlier runs that spell the title again)."""
    if meta.issuer is not None:
        return
    t = _tests()
    if ref_line is not None and (m := t["issuer_prefix"](lines[ref_line])):
        meta.issuer = "、".join(_offices(m.group("issuer")))
        return
    docno = next((i for i, k in sorted(kinds.items()) if k == "docno"), None)
    head = [] if docno is None else list(range(docno))
    while head and t["headline_organs"](lines[head[0]]) is None:
        head.pop(0)  # the letterhead: the organs' lines right over the 文号
    if head and all(i not in kinds and t["headline_organs"](lines[i]) for i in head):
        meta.issuer = "、".join(_offices("".join(lines[i] for i in head)))
        return
    if title is None:
        return
    above: list[int] = []
    j = title[0] - 1
    while j >= 0 and j not in kinds and t["headline_organs"](lines[j]):
        above[:0] = [j]
        j -= 1
    if above and (lines[title[0]].startswith("《") or lines[above[-1]].endswith(("印发", "转发"))):
        meta.issuer = "、".join(_offices("".join(lines[i] for i in above)))
        return
    for run in (title, *covers):
        below = []
        j = run[-1] + 1
        while j < len(lines) and j not in kinds and t["issuer_line"](lines[j]):
            below.append(j)
            j += 1
        if below and j < len(lines) and t["month_line"](lines[j]):
            meta.issuer = "、".join(o for i in below for o in split_offices(lines[i]))
            return


_CLOSING_LINES = 40


def _closing(lines: list[str], header_end: int, meta: Meta, noted_date: str | None) -> None:
    """Date and issuer of a text without a dated signature after its body: the date in
    brackets under its title (*noted_date*), the closing lines all office names (a joint
    signature without its date), a news agency's dateline （新华社北京2021年9月12日电）, or the
    imprint at the foot (某省人民政府办公厅2022年2月22日印发: its day only here; its printing
    office need not be the issuer, _printing_office is the last resort). Nothing when a
    signature after the body is dated: that one is read later."""
    t = _tests()
    if meta.date is not None and meta.issuer is not None:
        return
    for i in range(len(lines) - 1, header_end - 1, -1):
        if (found := _date_and_signature(lines, i, {})) is not None:
            head = meta.notice_title or meta.title or ""
            if meta.issuer is None and found[1] and (
                    m := t["issuer_prefix"](head)) and m.group("others"):
                meta.issuer = found[1]  # 某委等部门关于…: the signature names them all
            return
    meta.date = meta.date or noted_date
    lo = max(header_end, len(lines) - _CLOSING_LINES)
    n = len(lines)
    while n > lo and not lines[n - 1].strip():
        n -= 1
    j = n
    while j > lo and t["issuer_line"](lines[j - 1]):
        j -= 1
    if meta.issuer is None and j < n:
        meta.issuer = "、".join(o for i in range(j, n) for o in split_offices(lines[i]))
    if meta.date is not None:
        return
    # (a short text without outline markers is header throughout: its foot is read too)
    for i in range(len(lines) - 1, max(0, len(lines) - _CLOSING_LINES) - 1, -1):
        m = t["dateline"](lines[i]) or t["imprint"](lines[i])
        if m and (d := _date_of(m)) is not None:
            meta.date = d
            return


def _adopted_by(lines: list[str]) -> str | None:
    """The organ whose own meeting adopted the text, as the cover or preamble in *lines* says
    (已经市某局2022年第1次局务会审议通过，现印发给你们).

    >>> _adopted_by(["某办法", "《某办法》已于2020年11月5日由某某部部务会议审议通过，现予公布。"])
    '某某部'
    """
    r = _rules()
    return next((m.group("organ") for ln in lines if (m := r["adopted_by"].search(ln))), None)


def _printing_office(lines: list[str]) -> str | None:
    """The office of the imprint at the foot (某省某厅办公室2022年3月30日印发, the office perhaps
    on the line above): the last resort for the issuer of a text that names no organ in its
    header, title or signature (the printing office is the issuer's own office).

    >>> _printing_office(["某规划", "正文。", "某省某厅办公室", "2022年3月30日印发"])
    '某省某厅办公室'
    """
    t = _tests()
    for i in range(len(lines) - 1, max(0, len(lines) - _CLOSING_LINES) - 1, -1):
        if (m := t["imprint"](lines[i])) is None:
            continue
        if m.group("issuer"):
            return m.group("issuer")
        if i > 0 and t["issuer_line"](lines[i - 1]):
            return lines[i - 1]
        return None
    return None


def extract_meta(text: str, index: LineIndex | None = None) -> MetaResult:
    """Read the header of a normalized notice (*index*: its line index, read here when not
    given)."""
    r = _rules()
    t = _tests()
    index = index or LineIndex(text)
    at = index.lines
    lines = list(index.texts)  # the index's lines (a copy: a title line may be cut below)
    if "|" in text:  # a page's frame read as a table: its one filled cell
        lines = [_lone_cell(ln) if ln[:1] == "|" else ln for ln in lines]
    # the header ends at the first line that opens with a 一、 or （一） marker
    first_marker = next((ln.number for ln in index if 0 < ln.level <= 2), len(lines))
    header_end = min(first_marker, _HEADER_MAX_LINES)

    meta = Meta()
    kinds: dict[int, str] = {}
    fields: dict[str, str] = {}
    noted_date = None  # a date in brackets under the title: （2022年3月13日）
    noted_organ = None  # …and the organ of a rule's promulgation note: （…某部令第24号公布）
    every = _tests()  # (for the texts that are not a whole line: a line's rest, a cell)
    by_first = _match_tests().of
    for i in range(min(len(lines), header_end)):
        ln = lines[i]
        t = by_first(ln[:1])  # (the tests of the patterns that may fit a line opening so)
        if (m := t["date_note"](ln)) is not None:
            kinds[i] = "date_note"
            noted_date = noted_date or _date_of(m)
            noted_organ = noted_organ or m.group("organ")
        elif (m := t["doc_number"](ln)) and meta.doc_number is None:
            meta.doc_number = m.group("docno")
            kinds[i] = "docno"
        elif meta.doc_number is None and (m := t["titled_doc_number"](ln)) and (
                r["title_word"].search(m.group("title"))):
            meta.doc_number = m.group("docno")  # 某某的通知（某发〔2021〕93号）: a reposted title
            lines[i] = m.group("title")  # the line reads as the title alone
        elif (m := t["info_field"](ln)) is not None:
            kinds[i] = "info"
            fields.setdefault(m.group("key"), m.group("value"))
            # the rest of the line: the block's other fields ("发布机构：X 发布日期：Y")
            rest = ln[m.end():]
            while (m2 := every["info_field"](rest)) is not None and m2.end() > 0:
                fields.setdefault(m2.group("key"), m2.group("value"))
                rest = rest[m2.end():]
        elif (pairs := _info_cells(ln)) is not None:
            kinds[i] = "info"  # | 文号： | 舟港航口岸〔2024〕6号 | 发布日期： | 2024-05-29 |
            for key, value in pairs:
                fields.setdefault(key, value)
                dm = every["doc_number"](value)
                if dm and meta.doc_number is None and key in _DOCNO_KEYS:
                    meta.doc_number = dm.group("docno")
        elif (found := _date_and_signature(lines, i, kinds, t)) is not None:
            if meta.date is None:
                meta.date, issuer = found
                meta.issuer = issuer or None
        elif m := t["imprint"](ln):
            # 某办公厅2022年4月24日印发: no title line; what the PDF ran into it may be one
            if _HAN.match(rest := ln[m.end():]):
                lines[i] = rest
            else:
                kinds[i] = "imprint"
        elif (m := t["publicity"](ln)) is not None:
            kinds[i] = "publicity"
            meta.publicity = meta.publicity or m.group("note")
        elif (m := t["recipients"](ln)) is not None and not meta.recipients:
            kinds[i] = "recipients"
            meta.recipients = _split_recipients(m.group("to"))
        elif (m := t["title_then_recipients"](ln)) is not None and not meta.recipients:
            meta.recipients = _split_recipients(m.group("to"))
            lines[i] = m.group("title")  # …的通知各区县人民政府：the line reads as the title
        elif (t["month_line"](ln) or t["not_title"](ln)
              or _searches()["dot_leader"](ln)):
            kinds[i] = "other"  # a cover's month, a page number, a contents line: no title

    t = _tests()
    runs = _title_runs(lines, header_end, kinds, at)

    def joined(g: list[int]) -> str:
        return "".join(lines[i] for i in g)

    # the cover notice names its document: 现将《X》印发给你们
    wanted = None
    ref_line = None
    cover_reference = _searches()["cover_reference"]
    for i in range(min(len(lines), max(header_end, 1))):
        if m := cover_reference(lines[i]):
            wanted = m.group("title")
            ref_line = i
            break

    title_lines: list[int] | None = None
    if wanted is not None:
        # a run of consecutive lines that together spell X (searched beyond the header, in
        # case the cover notice has numbered items of its own), or 《X》 (a reposted title)
        target = _SPACES.sub("", wanted)
        whole = (target, f"《{target}》")
        starts = (target, f"《{target}")
        for i in range(min(len(lines), _HEADER_MAX_LINES * 3)):
            line = lines[i]
            if not (starts[0].startswith(line) or starts[1].startswith(line) or line in whole):
                continue  # (the first line of the run: most lines are not)
            acc = ""
            for j in range(i, min(i + 4, len(lines))):
                acc += lines[j]
                if acc in whole:
                    title_lines = list(range(i, j + 1))
                    break
                if not (starts[0].startswith(acc) or starts[1].startswith(acc)):
                    break
            if title_lines:
                break
    notice_lines = next((g for g in runs if r["notice_title"].search(joined(g))), None)
    if title_lines is None:
        # the plan's title is the last title before the body; a bare notice (no plan
        # attached) has only its own title
        plans = [g for g in runs if g is not notice_lines]
        title_lines = plans[-1] if plans else notice_lines
    if notice_lines is not None:
        meta.notice_title = joined(notice_lines)
    body_start = 0
    title_span = None
    if title_lines is not None:
        title_lines = _headline(lines, title_lines, kinds, meta)
        meta.title = joined(title_lines)
        title_span = (at[title_lines[0]].start, at[title_lines[-1]].end)
        if (q := _QUOTED.search(meta.title)) is not None and q.end() == len(meta.title) and (
                q.start() == 0 or t["issuer_prefix"](meta.title[:q.start()])):
            # 《X》 or 某省委办公厅、某省政府办公厅印发《X》: a reposted title
            title_span = (text.rfind("《", *title_span) + 1, title_span[1] - 1)
            meta.title = meta.title[q.start() + 1:-1]
        body_start = min(at[title_lines[-1]].end + 1, len(text))
    elif wanted is not None:
        meta.title = wanted  # the cover names its plan, printed without a title of its own
    _doc_number_under_title(lines, [g for g in (title_lines, notice_lines) if g], meta)
    cover_start = None
    if (title_lines is not None and first_marker < title_lines[0]
            and any(ln.kind is _ANNEX for ln in at[first_marker:title_lines[0]])):
        cover_start = at[first_marker].start  # the plan is the notice's annex

    covers = [g for g in runs if title_lines is not None and g[-1] < title_lines[0]
              and joined(g) == meta.title]
    _header_organs(lines, ref_line, title_lines, kinds, meta, covers)
    if not fields:  # (a site's information block gives its own date and issuer)
        _closing(lines, header_end, meta, noted_date)
    head = meta.notice_title or meta.title
    if meta.issuer is None and head and (m := t["issuer_prefix"](head)):
        meta.issuer = "、".join(split_offices(m.group("issuer")))  # a joint notice: both
    if meta.date is None and (day := _block_value(fields, "date")) is not None:
        meta.date = _first_date(day)  # the block's 成文日期 before a signature after the body
    if meta.date is None or (meta.issuer is None and fields):
        # a signature after the body: the last date line of the text (also for the issuer
        # when a site's block gave the date: its 发布机构 may be another organ)
        for i in range(len(lines) - 1, header_end - 1, -1):
            if (found := _date_and_signature(lines, i, {})) is not None:
                meta.date = meta.date or found[0]
                meta.issuer = meta.issuer or found[1] or None
                break
    _from_info_block(meta, fields)
    if meta.issuer is None:
        meta.issuer = noted_organ or _adopted_by(lines[:_HEADER_MAX_LINES]) or _printing_office(
            lines)
    return MetaResult(meta=meta, body_start=body_start, title_span=title_span,
                      cover_start=cover_start)


def _block_value(fields: dict[str, str], target: str) -> str | None:
    """The first value of the information block's fields that fill Meta's *target*."""
    return next((v for k, v in fields.items() if _info_fields().get(k) == target and v), None)


def _from_info_block(meta: Meta, fields: dict[str, str]) -> None:
    """Fill *meta* from a site's information block (索引号, 发文机关, 成文日期, 发布日期 …).

    The block's issuer wins over the body's when the body's is missing, a short form of it
    (天津市某局 over 市某局) or the same organs run together; its title and dates fill what the
    body did not give.
    """
    if not fields:
        return
    if (office := _block_value(fields, "issuer")) is not None:
        office = _SPACES.sub("", office)
        if meta.issuer is None or _short_form(meta.issuer, office) or (
                _JOINERS.sub("", meta.issuer) == _JOINERS.sub("", office)):
            meta.issuer = office  # also the same organs, 、 between them where the body has none
    if meta.date is None and (day := _block_value(fields, "date")) is not None:
        meta.date = _first_date(day)
    if (day := _block_value(fields, "publication_date")) is not None:
        meta.publication_date = _first_date(day)
    if (index := _block_value(fields, "index_number")) is not None:
        meta.index_number = _SPACES.sub("", index)
    if meta.doc_number is None and (no := _block_value(fields, "doc_number")) is not None:
        dm = _tests()["doc_number"](_SPACES.sub("", no))
        meta.doc_number = dm.group("docno") if dm else None
    if meta.title is None and (title := _block_value(fields, "title")) is not None:
        meta.title = _SPACES.sub("", title)


_JOINERS = patterns.fixed_regex(r"[\s、，,；;]+")


def _first_date(s: str) -> str | None:
    """``YYYY-MM-DD`` of the first date in *s* ("2024-07-10 09:30:00" → 2024-07-10)."""
    m = _rules()["date"].search(s)
    return _date_of(m) if m else None


def _short_form(short: str, full: str) -> bool:
    """*short* names *full* without (all of) its place: 市某局 for 天津市某局.

    >>> _short_form("市发展改革委", "天津市发展改革委"), _short_form("某市财政局", "某市教育局")
    (True, False)
    """
    if short == full or len(short) >= len(full):
        return False
    return full.endswith(short.lstrip("省市县区州旗")) and short[0] in "省市县区州旗"


def annex_title(index: LineIndex, annex: Line, stop: int) -> tuple[int, int] | None:
    r"""Where the title of the document annexed at the annex line *annex* stands (an annexed
    plan: 附件2 / XX实施方案 / （2021—2025年）, or 附件：XX实施方案 on one line), looking no
    further than offset *stop*; None when the annex has no title (a table, a list of annexes:
    附件：1.XX方案). Title lines below the annex label end like a title (…方案) or stand right
    over the plan's first 一、, chapter or article, or its table of contents.

    >>> idx = LineIndex("附件2\n某市节能实施方案\n（2021—2025年）\n一、总体要求")
    >>> s, e = annex_title(idx, idx[0], 99)
    >>> idx.text[s:e]
    '某市节能实施方案\n（2021—2025年）'
    >>> idx = LineIndex("附件：1.某市节能实施方案\n2.某市减排实施方案")
    >>> annex_title(idx, idx[0], 99) is None
    True
    """
    r = _rules()
    t = _tests()
    m = annex_match(index.line_text(annex))
    if m is None:
        return None
    rest = (m.group("rest") or "").strip()
    if rest:
        if read_marker(rest) is not None:
            return None  # a list of annexes (1.… 2.…)
        if not r["title_word"].search(rest):
            # the annex named under the cover's signature; its text comes below, under the
            # same title spelled again (附件：X指南及申报 / 要求 … X指南及申报要求 / 一、…)
            return _spelled_again(index, annex, stop, _SPACES.sub("", rest))
        s = annex.start + m.start("rest") + (len(m.group("rest")) - len(m.group("rest").lstrip()))
        return s, s + len(rest)
    first: Line | None = None
    last: Line | None = None
    acc = ""
    for ln in index.from_offset(annex.end + 1):
        if ln.start >= stop:
            return None
        if ln.kind is _BLANK:
            continue
        line = index.line_text(ln).strip()
        if first is not None and last is not None:
            if r["title_word"].search(acc):
                # the title is complete; a note line (（2021—2025年）) may follow
                return first.start, (ln.end if t["title_note"](line) else last.end)
            if ln.kind in _LABELS_OR_TOC or (ln.kind is _HEADING and ln.level == 1):
                return first.start, last.end  # a title of other words over the plan's outline
        if (ln.kind is not _PROSE or not 0 < len(line) <= _TITLE_MAX
                or _holds_sentence_punct(line)):
            return None
        first = first or ln
        last = ln
        acc += line
        if len(acc) > _TITLE_MAX or ln.number - first.number >= _TITLE_MAX_LINES:
            return None
    if first is not None and last is not None and r["title_word"].search(acc):
        return first.start, last.end
    return None


_SPELLED_AGAIN_LINES = 60  # how far below its annex line a named annex's own title may stand


def _spelled_again(index: LineIndex, annex: Line, stop: int, name: str) -> tuple[int, int] | None:
    """A run of title lines below *annex* (before *stop*) that spells *name* again (and may go
    on: a title cut where the annex list wrapped), standing right over the annex's first
    一、, chapter or article."""
    lines = [ln for ln in index.from_offset(annex.end + 1)
             if ln.start < stop and ln.kind is not _BLANK][:_SPELLED_AGAIN_LINES]
    for k, first in enumerate(lines):
        acc = ""
        for j in range(k, min(k + _TITLE_MAX_LINES, len(lines))):
            ln = lines[j]
            if ln.kind is not _PROSE:
                break
            acc += _SPACES.sub("", index.line_text(ln))
            if not (acc.startswith(name) or name.startswith(acc)):
                break
            nxt = lines[j + 1] if j + 1 < len(lines) else None
            if acc.startswith(name) and nxt is not None and (
                    nxt.kind in _LABELS_OR_TOC or (nxt.kind is _HEADING and nxt.level == 1)):
                return first.start, ln.end
    return None
