"""Time expressions: where a text names a deadline, a period or a year, and what it resolves to.

Shared by the deadline extractor (which reports them) and the target extractor (which takes
the year each one names as the year governing the clauses after it). Rules:
``patterns/deadlines.toml``: the entries anchored on one word (年, 五, 持续 …) are joined into
one regex, run only near that word. The result is kept for the last few texts, so the two
extractors share one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, cached_property
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns
from .._dataclass import dataclass
from .._records import Meta
from ..numerals import cn_year, fyp_years, small_int
from ._firsts import lead
from ._text import sentence_break, title_spans

if TYPE_CHECKING:
    import regex

_NEXT_YEAR = frozenset({"明年", "次年"})


class TimeExpr(NamedTuple):
    """One time expression found in a text."""

    kind: str
    """by_year, by_date, range, period, from, within_year, ongoing, year, relative (N years from
    a stated start or the notice's date: 2021年起3年内, 用3年时间, 今后五年), valid_until (how long
    the notice stays in force: 有效期至…); or since (a look back: 2021年以来), which is no
    deadline."""
    span: tuple[int, int]
    start: str | None
    end: str | None
    year: int | None
    """The year a target under this expression is due (the last year it names), if any."""
    past: bool
    """It ends before the year of the notice's own date: a record, not a commitment."""
    weak: bool = False
    """It names no year of its own (全年): where another year is in force, that one governs."""

    @property
    def names_year(self) -> bool:
        """Whether it names a year, and so ends the reach of the year named before it."""
        return self.kind not in ("ongoing", "valid_until")

    @property
    def is_deadline(self) -> bool:
        return self.kind != "since" and not self.past


@dataclass(frozen=True)
class _Anchor:
    word: str
    before: int
    after: int
    source: str
    """The entries anchored on this word, joined; each branch a group ``k_<id>``."""
    kinds: dict[str, str]
    weak: frozenset[str]
    """The groups of the entries marked ``weak`` (全年)."""
    yearless: frozenset[str]
    """The groups of the entries marked ``yearless`` (6月底前): they take a year from around."""
    alone: bool = False
    """Whether this word is the only anchor word of its entries: the regex's lookahead
    (:func:`_near`) then holds every match to this word within ``before`` characters of its
    start, so no match starts after a window's last word (:func:`_matches` stops there)."""

    @cached_property
    def rx(self) -> regex.Pattern[str]:
        """:attr:`source` compiled, on first use: a text without the word never needs it."""
        return patterns.compile_expanded(self.source, "deadlines.toml")

    @cached_property
    def index(self) -> dict[str, int]:
        """:attr:`rx`'s group numbers by name (``groupindex`` makes a new dict each time)."""
        return dict(self.rx.groupindex)

    @cached_property
    def entries(self) -> tuple[tuple[int, str], ...]:
        """The entries' groups (``k_<id>``) as (offset in ``groups()``, name), in file order."""
        return tuple((self.index[g] - 1, g) for g in self.kinds)


@cache
def _anchors() -> tuple[_Anchor, ...]:
    """One joined regex per anchor word, from the entries of deadlines.toml that name it.

    Entries that open with the {NOT_BASELINE} lookbehind share one copy of it, put in front
    of them: the lookbehind is then tried once a position instead of once a branch. The whole
    stands behind a lookahead for the characters its matches open with (:func:`_firsts.lead`):
    most places of a window fail there at once.
    """
    ps = patterns.load("deadlines")
    shared = "{NOT_BASELINE}"
    prefix = patterns.expand(shared, "deadlines.toml", ps.pieces)
    windows: dict[str, list[int]] = patterns.table("deadlines", "scan")["anchors"]
    out = []
    for word, (before, after) in windows.items():
        entries = [p for p in ps if word in _as_list(p.data.get("anchor"))]
        branches: list[str] = []
        guarded: list[str] = []
        for p in entries:
            src = p.expanded
            if p.source.startswith(shared) and src.startswith(prefix):
                guarded.append(f"(?P<k_{p.id}>{src[len(prefix):]})")
                continue
            if guarded:  # keep file order: an unguarded entry closes the group before it
                branches.append(f"{prefix}(?:{'|'.join(guarded)})")
                guarded = []
            branches.append(f"(?P<k_{p.id}>{src})")
        if guarded:
            branches.append(f"{prefix}(?:{'|'.join(guarded)})")
        words = {w for p in entries for w in _as_list(p.data.get("anchor")) if w in windows}
        out.append(_Anchor(word, int(before), int(after),
                           lead(_near(entries, windows) + f"(?:{'|'.join(branches)})"),
                           {f"k_{p.id}": str(p.data["kind"]) for p in entries},
                           frozenset(f"k_{p.id}" for p in entries if p.data.get("weak")),
                           frozenset(f"k_{p.id}" for p in entries if p.data.get("yearless")),
                           words == {word}))
    return tuple(out)


def _near(entries: list[patterns.Pattern], windows: dict[str, list[int]]) -> str:
    """A lookahead for an anchor word of *entries* at most its ``before`` characters ahead:
    every match holds its entry's anchor word that near its start (deadlines.toml), so a place
    without one needs no branch tried. (It stands behind :func:`lead`'s lookahead, which fails
    most places at once.) An entry with several words (ongoing: 长期, 持续 …) accepts any.

    >>> _near([patterns.load("deadlines")["ongoing"]], {"长期": [1, 6], "持续": [2, 6]})
    '(?=(?s:.){0,1}?长期|(?s:.){0,2}?持续)'
    """
    words = dict.fromkeys(w for p in entries for w in _as_list(p.data.get("anchor")))
    return "(?=" + "|".join(
        f"(?s:.){{0,{int(windows[w][0])}}}?{re.escape(w)}" for w in words if w in windows) + ")"


def _as_list(v: object) -> list[str]:
    return [str(x) for x in v] if isinstance(v, list) else [str(v)] if v else []


def _days_in_month(y: int, m: int) -> int:
    """``calendar.monthrange(y, m)[1]`` for a month 1–12, without importing calendar (which
    imports datetime and locale: 3% of a short notice's run).

    >>> [_days_in_month(y, 2) for y in (2023, 2024, 1900, 2000)], _days_in_month(2024, 11)
    ([28, 29, 28, 29], 30)
    """
    if m == 2:
        return 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _iso(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= _days_in_month(y, m)):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_end(y: int, m: int) -> str | None:
    return _iso(y, m, _days_in_month(y, m)) if 1 <= m <= 12 else None


class _Groups:
    """A match's groups by name, read from one ``groups()`` tuple (``group(name)`` a call each,
    and ``groupdict`` builds them all: an anchor's regex has dozens); a name the regex does
    not have reads as None."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: tuple[str | None, ...], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, name: str) -> str | None:
        return self._values[self._index[name] - 1]

    def get(self, name: str) -> str | None:
        i = self._index.get(name)
        return None if i is None else self._values[i - 1]


def _resolve(
    kind: str, groups: _Groups, doc_date: str | None, year: int | None = None
) -> tuple[str, str | None, str | None, int | None] | None:
    """(kind, start, end, year) of one match (its groups), or None when it makes no sense
    (2023-2021年). The groups differ between the anchors' regexes. *year* is the year of a
    match that names none (6月底前)."""

    get = groups.get

    def g(name: str) -> str:
        return get(name) or ""

    def n(name: str) -> int:
        return small_int(get(name) or "") or 0

    gy = get("y")
    y = cn_year(gy) if gy else year
    if kind == "range" and g("m1"):  # 2024年3月16日—5月31日, 6月1日至7月10日
        y1 = cn_year(g("y1")) if g("y1") else y
        y2 = y if y is not None else y1
        if y1 is None or y2 is None:
            return kind, None, None, None  # no year to be had: a range all the same
        start = _iso(y1, n("m1"), n("d1") or 1)
        end = _iso(y2, n("m"), n("d")) if g("d") else _month_end(y2, n("m"))
        return (kind, start, end, y2) if start and end and start <= end else None
    if kind == "by_date":
        if y is None:
            return kind, None, None, None  # 6月底前 in a notice with no year anywhere
        if g("part"):
            part = g("part")
            month = 6 if part in ("上半年", "年中") else 12 if part == "下半年" else (
                3 * (small_int(part.strip("第季度")) or 0))  # the quarter's last month
            end = _month_end(y, month)
        elif g("d"):
            end = _iso(y, n("m"), n("d"))
        else:
            end = _month_end(y, n("m"))
        return (kind, None, end, y) if end else None
    if kind == "by_year" and g("fyp"):
        years = fyp_years(g("fyp"))
        return (kind, None, f"{years[1]}-12-31", years[1]) if years else None
    if kind == "by_year":  # without a year only where it names none: 年底前 in a yearless notice
        return (kind, None, f"{y}-12-31", y) if y is not None else (kind, None, None, None)
    if kind == "range" and y is not None:
        y1 = int(g("y1"))
        return (kind, f"{y1}-01-01", f"{y}-12-31", y) if y1 < y else None
    if kind == "period":
        years = fyp_years(g("fyp"))
        return (kind, f"{years[0]}-01-01", f"{years[1]}-12-31", years[1]) if years else None
    if kind == "from" and y is not None:
        start = _iso(y, n("m") or 1, n("d") or 1)
        return (("since" if g("since") else kind), start, None, None) if start else None
    if kind == "within_year":  # from the notice's date; without one, in the notice's year
        if doc_date is None:
            return (kind, None, f"{year}-12-31", year) if year is not None else (
                kind, None, None, None)
        return kind, doc_date, f"{doc_date[:4]}-12-31", int(doc_date[:4])
    if kind == "ongoing":
        return kind, None, None, None
    if kind == "valid_until" and y is not None:
        end = (_iso(y, n("m"), n("d")) if g("d") else
               _month_end(y, n("m")) if g("m") else f"{y}-12-31")
        return (kind, None, end, None) if end else None
    if kind == "year" and y is not None:
        return kind, f"{y}-01-01", f"{y}-12-31", y
    if kind == "relative":  # N years from a stated start, else from the notice's date
        count = small_int(g("n") or "")
        first = cn_year(g("y1") or "") if g("y1") else year
        if not count or first is None:
            return kind, None, None, None  # the phrase, without dates
        start = f"{first}-01-01" if g("y1") or doc_date is None else doc_date
        return kind, start, f"{first + count - 1}-12-31", first + count - 1
    return None


def _windows(text: str, a: _Anchor) -> list[tuple[int, int, int]]:
    """The stretches of *text* near the anchor word, merged; only they can hold a match. Each
    as (start, end, where its last word starts).

    >>> a = _Anchor("年", 2, 3, "", {}, frozenset(), frozenset())
    >>> _windows("x年xx年xxxxxxxx年", a), _windows("年", a), _windows("x", a)
    ([(0, 7, 4), (11, 14, 13)], [(0, 1, 0)], [])
    """
    find, word, before, after = text.find, a.word, a.before, a.after
    i = find(word)
    if i < 0:
        return []
    out: list[tuple[int, int, int]] = []
    s, last = i - before, i
    i = find(word, i + 1)
    while i >= 0:
        if i - before > last + after:  # apart from the window before
            out.append((s if s > 0 else 0, last + after, last))
            s = i - before
        last = i
        i = find(word, i + 1)
    n, e = len(text), last + after
    out.append((s if s > 0 else 0, e if e < n else n, last))
    return out


def _matches(text: str) -> list[tuple[regex.Match[str], _Anchor]]:
    """(match, its anchor) near every anchor word, in order, overlaps dropped.

    A match starts in a window; the regex reads on past the window's end by as much again as
    the window reaches past its word (the text it looks ahead at: a window's end is not the
    text's, where ``$`` would hold and a lookahead for a following character fail). Where the
    word is its entries' only one (:attr:`_Anchor.alone`), a match that ends past the
    window's last word is the window's last: a later one would start after that word, with
    no anchor word near enough (the next is more than ``before`` past the window's end), so
    the search that would go on to the end for nothing is not made.
    """
    n = len(text)
    # (start, -end, the order found, match, anchor): sorted by place, the longest first, and
    # else in the order found (the anchors' order), as a stable sort by place would leave them
    found: list[tuple[int, int, int, regex.Match[str], _Anchor]] = []
    for a in _anchors():
        windows = _windows(text, a)
        if not windows:
            continue  # (its regex is compiled only for a text that holds the word)
        search, after, alone = a.rx.search, a.after, a.alone
        for s, e, last in windows:
            # a search a match, as finditer makes them (most windows hold one match or none:
            # its iterator would cost more than the search)
            end = min(n, e + after)
            m = search(text, s, end)
            while m is not None:
                start, stop = m.span()
                if start >= e:
                    break
                found.append((start, -stop, len(found), m, a))
                if alone and stop > last:
                    break
                # on from its end (one character on past a match of nothing, which no entry
                # makes: each holds characters)
                m = search(text, stop if stop > start else stop + 1, end)
    found.sort()
    out: list[tuple[regex.Match[str], _Anchor]] = []
    reached = 0
    for start, neg_end, _, m, a in found:
        if start >= reached:
            out.append((m, a))
            reached = -neg_end
    return out


def _in_title_bracket(text: str, s: int, e: int) -> bool:
    """A year in brackets right after an uncited title: 实施方案(2021-2023年)."""
    before = text[max(0, s - 12):s + 1]
    if "（" not in before and "(" not in before:
        return False
    m = patterns.load("deadlines").rx("title_year").search(text, max(0, s - 20), e + 14)
    return m is not None and m.start() <= s and e <= m.end()


_YEAR = patterns.fixed_regex(r"(?:19|20)\d{2}")
_FYP = patterns.fixed_regex(r"十([一二三四五六七八九])五")


def notice_year(meta: Meta) -> int | None:
    """The year the notice speaks from: its date's, else its 文号's (〔2022〕), else the first
    year its title names (2024—2026年行动方案 → 2024; “十四五”规划 → 2021).

    >>> notice_year(Meta(title="某县“十四五”生态环境保护规划"))
    2021
    >>> notice_year(Meta(date="2022-04-24", doc_number="锦政办发〔2021〕5号"))
    2022
    """
    if meta.date:
        return int(meta.date[:4])
    if meta.doc_number and (m := _YEAR.search(meta.doc_number)):
        return int(m.group())
    for title in (meta.title, meta.notice_title):
        if title and (m := _YEAR.search(title)):
            return int(m.group())
        if title and (f := _FYP.search(title)) and (years := fyp_years(f.group(1))):
            return years[0]
    return None


_PLAN_PERIOD = patterns.fixed_regex(r"((?:19|20)\d{2})\s*[—\-–~至到]{1,2}\s*((?:19|20)\d{2})\s*年")


def plan_years(meta: Meta) -> tuple[int, int] | None:
    """The period a plan's title names: （2024—2026年） → (2024, 2026); None if it names none.

    >>> plan_years(Meta(title="某市行动计划（2024—2026年）"))
    (2024, 2026)
    """
    for title in (meta.title, meta.notice_title):
        if title and (m := _PLAN_PERIOD.search(title)):
            first, last = int(m.group(1)), int(m.group(2))
            if first < last:
                return first, last
    return None


def _notice_year_for(
    groups: _Groups, doc_date: str | None, doc_year: int | None
) -> int | None:
    """The year of a month named without one, from the notice: its date's year, or the next
    where the month falls more than half a year before the date's (1月底前 in a December
    notice; 年底前, which names no month, is the date's year); without a date, the notice's
    year."""
    if doc_date is None:
        return doc_year
    month = small_int(groups.get("m1") or groups.get("m") or "") or 0
    y = int(doc_date[:4])
    return y + 1 if month and int(doc_date[5:7]) - month > 6 else y


# the last few scans: (text, (doc_date, ref_year, plan), what was found), newest first
_SCANNED: list[tuple[str, tuple[object, ...], tuple[TimeExpr, ...]]] = []


def scan(text: str, doc_date: str | None, ref_year: int | None = None,
         plan: tuple[int, int] | None = None) -> tuple[TimeExpr, ...]:
    """:func:`scan_text`, kept for the last few texts, so the deadline and target extractors
    of one notice share one pass. A text is told by identity (both are given the context's
    text), not by its hash: ``lru_cache`` would hash the whole text, some 1% of the scan.
    (The entry holds the text, so no other string can take its place while it is kept.)"""
    key = (doc_date, ref_year, plan)
    for t, k, found in _SCANNED:
        if t is text and k == key:
            return found
    found = scan_text(text, doc_date, ref_year, plan)
    _SCANNED.insert(0, (text, key, found))
    del _SCANNED[4:]
    return found


def scan_text(text: str, doc_date: str | None, ref_year: int | None = None,
              plan: tuple[int, int] | None = None) -> tuple[TimeExpr, ...]:
    """Every time expression of *text*, in order; years inside 《titles》 are skipped.

    *doc_date* (YYYY-MM-DD, the notice's own date) anchors 年内; *ref_year* (the notice's
    year, :func:`notice_year`) tells a record (an expression that ends before that year)
    from a commitment; *plan* (the plan's period, :func:`plan_years`) resolves 三年累计….

    >>> [(t.kind, t.end) for t in scan("到2025年，A。2023年6月底前，B。“十四五”时期", None)]
    [('by_year', '2025-12-31'), ('by_date', '2023-06-30'), ('period', '2025-12-31')]
    """
    titles = title_spans(text)
    title_starts = [s for s, _ in titles]
    doc_year = ref_year if ref_year is not None else int(doc_date[:4]) if doc_date else None
    out: list[TimeExpr] = []
    for m, a in _matches(text):
        i = bisect_right(title_starts, m.start()) - 1
        if (i >= 0 and m.start() < titles[i][1]) or _in_title_bracket(text, *m.span()):
            continue  # inside a title
        values = m.groups()
        groups = _Groups(values, a.index)
        group = ""  # the entry that matched (a loop: no generator frame a match)
        for k, g in a.entries:
            if values[k] is not None:
                group = g
                break
        weak = group in a.weak
        yearless = group in a.yearless
        # whether a year is named before it in its sentence: asked only of a weak or yearless
        # expression (the search may read far back)
        in_sentence = bool((weak or yearless) and out and out[-1].names_year
                           and not sentence_break(text, out[-1].span[1], m.start()))
        if weak and in_sentence:
            continue  # 到2025年，全年…: the whole of the year named before
        year = None
        if yearless and groups.get("rel"):  # 今年6月底前, 明年3月底前
            year = int(doc_date[:4]) if doc_date else doc_year
            if year is not None and groups["rel"] in _NEXT_YEAR:
                year += 1
        elif yearless:  # 6月底前: the year named before in its sentence, or the notice's
            year = out[-1].year if in_sentence else None
            if year is None:
                year, weak = _notice_year_for(groups, doc_date, doc_year), True
        elif a.kinds[group] in ("within_year", "relative"):  # counted from the notice's year
            year = int(doc_date[:4]) if doc_date and a.kinds[group] == "relative" else doc_year
        elif group == "k_plan_span":  # 三年累计… in a plan for 2024—2026年: by its last year
            n = small_int(groups.get("n") or "")
            if plan is None or n != plan[1] - plan[0] + 1:
                continue
            year = plan[1]
        res = _resolve(a.kinds[group], groups, doc_date, year)
        if res is None:
            continue
        kind, start, end, year = res
        last = end or start
        past = doc_year is not None and last is not None and int(last[:4]) < doc_year
        out.append(TimeExpr(kind, m.span(), start, end, year, past, weak))
    return tuple(out)
