"""PDF page geometry → one text with one paragraph per line. No PDF library here.

The PDF engines (``pdf.py``) hand over each page as positioned characters and, where the page
has ruled tables, as :class:`TableBlock` grids. From there the stages are, in order:

1. ``chars_to_lines``     characters clustered into lines in reading order; "fake bold"
                          duplicates dropped; spaces kept only between Latin letters or digits
                          (never between Chinese characters)
2. ``find_furniture``     running headers and footers: page numbers ("— 3 —", "第3页 共10页")
                          and lines repeated at the same height on many pages, in the top and
                          bottom bands of the page
3. ``assemble``           lines joined into paragraphs: a line that runs to the right margin
                          continues in the next line unless that one is indented (a paragraph
                          start) — also across a page break; tables continued on the next page
                          joined into one grid; the text written with the page starts and each
                          table cell's offsets

Coordinates are PDF points with the origin at the top left of the page (``top`` grows down).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from .. import patterns
from . import Table
from ._writer import TextBuilder, write_grid


class Char(NamedTuple):
    """One glyph of the text layer."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    """One line of text on a page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class TableBlock:
    """A ruled table on one page.

    ``grid[r][c]`` is the index into ``texts`` of the cell that covers row ``r``, column ``c``:
    a cell merged over several rows or columns has its index at each position it covers.
    """

    top: float
    bottom: float
    columns: list[float]
    """x of each column's left edge, then the table's right edge."""
    texts: list[str]
    grid: list[list[int]]
    row_pages: list[int]
    """Index of the page each row stands on."""


@dataclass
class PageLayout:
    """What an engine read from one page."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)


@dataclass
class Assembled:
    text: str
    page_starts: list[int]
    tables: list[Table]


# --- 1. characters to lines ------------------------------------------------------------------

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_WORDISH = re.compile(r"[0-9A-Za-z%.,:;/\-+()]")


_cjk_memo: dict[str, bool] = {}


def _is_cjk(ch: str) -> bool:
    known = _cjk_memo.get(ch)
    if known is None:
        known = _cjk_memo[ch] = bool(_CJK.match(ch))
    return known


def _mid(c: Char) -> float:
    return (c.top + c.bottom) / 2


def _x0(c: Char) -> float:
    return c.x0


def chars_to_lines(chars: Iterable[Char]) -> list[Line]:
    """Cluster characters into lines, top to bottom, each read left to right.

    >>> cs = [Char("乙", 20, 30, 0, 10, 10), Char("甲", 10, 20, 0.5, 10.5, 10),
    ...       Char("丙", 10, 20, 20, 30, 10), Char("甲", 10.4, 20.4, 0.4, 10.4, 10)]
    >>> [ln.text for ln in chars_to_lines(cs)]
    ['甲乙', '丙']
    """
    cs = sorted((c for c in chars if c.text.strip() and c.x1 >= c.x0), key=_mid)
    groups: list[list[Char]] = []
    group: list[Char] = []
    anchor = 0.0
    for c in cs:
        cy = (c.top + c.bottom) / 2
        size = c.size
        if group and cy - anchor <= 0.5 * (size if size > 1.0 else 1.0):
            group.append(c)
        else:
            group = [c]
            groups.append(group)
            anchor = cy
    return [line for g in groups if (line := _line(g)) is not None]


def _line(group: list[Char], keep_order: bool = False) -> Line | None:
    if not keep_order:
        group.sort(key=_x0)
    kept: list[Char] = []
    for c in group:
        t = c.text
        n = len(kept)
        if n and ((kept[-1].text == t and _duplicate(kept[-1], c))
                  or (n > 1 and kept[-2].text == t and _duplicate(kept[-2], c))
                  or (n > 2 and kept[-3].text == t and _duplicate(kept[-3], c))):
            continue  # the same glyph drawn again a hair off: "fake bold"
        kept.append(c)
    if not kept:
        return None
    parts: list[str] = []
    prev: Char | None = None
    x1, top, bottom = kept[0].x1, kept[0].top, kept[0].bottom
    for c in kept:
        if prev is not None and _needs_space(prev, c):
            parts.append(" ")
        parts.append(c.text)
        prev = c
        if c.x1 > x1:
            x1 = c.x1
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
    sizes = sorted(c.size for c in kept)
    half = len(sizes) // 2
    size = sizes[half] if len(sizes) % 2 else (sizes[half - 1] + sizes[half]) / 2
    return Line(text="".join(parts), x0=kept[0].x0, x1=x1, top=top, bottom=bottom, size=size)


def _duplicate(a: Char, b: Char) -> bool:
    if a.text != b.text:
        return False
    tol = max(0.5, 0.3 * min(a.x1 - a.x0 or a.size, a.size))
    return abs(a.x0 - b.x0) < tol and abs(a.top - b.top) < max(0.5, 0.3 * a.size)


def _needs_space(a: Char, b: Char) -> bool:
    """A gap between two Latin letters or digits is a word space; next to Chinese it is not."""
    if _is_cjk(a.text[-1]) or _is_cjk(b.text[0]):
        return False
    return b.x0 - a.x1 > 0.15 * max(a.size, b.size)


# --- 1b. is the page's text plausible? ------------------------------------------------------

PLAUSIBLE_PAIRS = 0.8
"""Share of the page's adjacent character pairs (as the lines read) that the PDF's own text
stream also holds, below which the lines are taken for scrambled."""
_MIN_PAIRS = 20
_NOISE_MIN = 20
_LETTER = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf0-9A-Za-z]")
_SPACE = re.compile(r"\s")


def _pairs(text: str) -> list[str]:
    flat = "".join(text.split())
    return [flat[i:i + 2] for i in range(len(flat) - 1)]


def plausible(lines: Sequence[Line], reference: str) -> bool:
    """The lines read as the PDF's own text stream does, pair by pair of characters.

    *reference* is the page's text in the order the PDF draws it (PDFium's text). Lines built
    from positions that interleave two lines of print (``甲丙乙丁`` for ``甲乙`` over ``丙丁``)
    make pairs the stream never has; a page of few characters is taken as it is.

    >>> plausible([Line("甲乙丙丁戊己庚辛壬癸", 0, 1, 0, 1, 1)] * 3, "甲乙丙丁戊己庚辛壬癸" * 3)
    True
    >>> plausible([Line("甲丙乙丁戊庚己辛壬癸", 0, 1, 0, 1, 1)] * 3, "甲乙丙丁戊己庚辛壬癸" * 3)
    False
    """
    ours = _pairs("".join(ln.text for ln in lines))
    if len(ours) < _MIN_PAIRS:
        return True
    known = set(_pairs(reference))
    return sum(p in known for p in ours) >= PLAUSIBLE_PAIRS * len(ours)


def _kind(ch: str) -> int:
    """1 for a Chinese character or an ASCII letter or digit, -1 for what no text is made of
    (private-use, control and replacement characters, letters of other scripts), 0 for the
    rest (punctuation, symbols, dot leaders)."""
    u = ord(ch)
    if 0x4E00 <= u <= 0x9FFF or 0x3400 <= u <= 0x4DBF or (u < 0x80 and ch.isalnum()):
        return 1
    if 0xE000 <= u <= 0xF8FF or u < 0x20 or 0x7F <= u <= 0x9F or u == 0xFFFD:
        return -1
    if u < 0x3000 and unicodedata.category(ch).startswith("L"):
        return -1
    return 0


def noise(text: str) -> bool:
    """The page's text layer is not text: more private-use, control or stray-script
    characters than Chinese characters and ASCII letters and digits, as fonts without a
    Unicode map give (a page of few characters is taken as text).

    >>> noise("\\ue001\\ue002\\ue003" * 10), noise("第一条 为了规范管理，制定本办法。" * 2)
    (True, False)
    >>> noise("ÄÖÜßøåæ" * 5 + "第一条"), noise("目录" + "·" * 80 + "7")
    (True, False)
    """
    letters = len(_LETTER.findall(text))
    if 2 * letters >= len(text) - len(_SPACE.findall(text)):
        return False  # half the characters are Chinese, ASCII letters or digits: text
    kinds = [_kind(ch) for ch in text if not ch.isspace()]
    good, bad = kinds.count(1), kinds.count(-1)
    return good + bad >= _NOISE_MIN and bad > good


def coherent(lines: Sequence[Line]) -> bool:
    """The text stream's lines (``lines_as_drawn``) are whole lines of print: few of them
    stand at the height of another. A stream that draws a line's pieces at different times
    (by font, say) breaks each line of print into pieces at one height, and gives no lines
    to fall back on.

    >>> whole = [Line("甲乙丙丁", 0, 40, 20 * i, 20 * i + 10, 10) for i in range(6)]
    >>> pieces = [Line("甲乙", 20 * (i % 2), 20 * (i % 2) + 20, 20 * (i // 2),
    ...                20 * (i // 2) + 10, 10) for i in range(12)]
    >>> coherent(whole), coherent(pieces)
    (True, False)
    """
    mids = sorted(((ln.top + ln.bottom) / 2, ln.size) for ln in lines)
    shared = sum(1 for (a, sa), (b, sb) in pairwise(mids)
                 if b - a < 0.3 * max(sa, sb, 1.0))
    return shared <= 0.2 * len(mids)


def lines_as_drawn(chars: Sequence[Char], starts: Sequence[int]) -> list[Line]:
    """Lines as the PDF's own text stream breaks them (*starts*: index of each line's first
    character), each kept in stream order: the fallback where lines built from positions are
    not plausible.

    >>> cs = [Char("甲", 0, 10, 0, 10, 10), Char("乙", 10, 20, 2, 12, 10),
    ...       Char("丙", 0, 10, 5, 15, 10)]
    >>> [ln.text for ln in lines_as_drawn(cs, [0, 2])]
    ['甲乙', '丙']
    """
    bounds = [*sorted({s for s in starts if 0 < s < len(chars)}), len(chars)]
    out: list[Line] = []
    prev = 0
    for end in bounds:
        if end > prev and (line := _line(list(chars[prev:end]), keep_order=True)) is not None:
            out.append(line)
        prev = end
    return out


# --- 2. running headers and footers ----------------------------------------------------------

BAND = 0.13
"""Share of the page height, at the top and at the bottom, where headers and footers live."""


@cache
def _page_number_rx() -> re.Pattern[str]:
    rx = patterns.load("normalize").rx("page_number_line")
    return re.compile(rx.pattern)


def _is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(_page_number_rx().match(t) or re.fullmatch(r"\d{1,4}", t))


def _in_band(line: Line, page: PageLayout) -> bool:
    return line.bottom <= BAND * page.height or line.top >= (1 - BAND) * page.height


def find_furniture(pages: Sequence[PageLayout]) -> set[tuple[int, int]]:
    """(page index, line index) of every running header, footer and page number.

    A line in the top or bottom band goes if it is a page number, or if the same text (digits
    aside) stands at about the same height on at least two pages and on a third of them.
    """
    out: set[tuple[int, int]] = set()
    seen: dict[str, list[tuple[int, int, float]]] = {}
    for pi, page in enumerate(pages):
        for li, line in enumerate(page.lines):
            if not _in_band(line, page):
                continue
            if _is_page_number(line.text):
                out.add((pi, li))
                continue
            key = re.sub(r"\d+", "#", line.text.replace(" ", ""))
            seen.setdefault(key, []).append((pi, li, line.top))
    need = max(2, len(pages) // 3)
    for hits in seen.values():
        if len({pi for pi, _, _ in hits}) < need:
            continue
        tops = Counter(round(t / 3) for _, _, t in hits)
        common, _ = tops.most_common(1)[0]
        same = [(pi, li) for pi, li, t in hits if abs(round(t / 3) - common) <= 1]
        if len({pi for pi, _ in same}) >= need:
            out.update(same)
    return out


# --- 3. paragraphs, tables and the text -------------------------------------------------------

_TERMINAL = "。！？：；!?:;"
# a line that ends a sentence may end in the bracket of a unit list after it: "…。（责任单位：…）"
_CLOSING = "）)〕】］]"


def _starts_block(text: str) -> bool:
    """The line opens a block of its own: an outline marker (一、 （一） 1.) or an annex's
    "附件2" line, which stands at the left margin like a running line (the line kinds' rule,
    policyparse.lines)."""
    from ..lines import Kind, classify, read_marker

    return read_marker(text) is not None or classify(text) is Kind.ANNEX


@dataclass
class _Margins:
    left: float
    right: float
    page_width: float = 0.0


def _mode(values: Iterable[float], bin_: float = 2.0) -> float | None:
    counts = Counter(round(v / bin_) for v in values)
    if not counts:
        return None
    top = max(counts.values())
    return min(k for k, n in counts.items() if n == top) * bin_


_PAGE_LINES_MIN = 10  # fewer lines on a page than this, and its margins are the document's


def _margins(lines: Sequence[Line], fallback: _Margins | None, width: float) -> _Margins:
    """The body's left edge (where running lines start) and right edge (where the long lines
    end: the most common end among lines wider than half the page). A page of few lines (the
    last page: a paragraph's end, a signature, a date) tells neither: it takes *fallback*, the
    whole document's."""
    if len(lines) < _PAGE_LINES_MIN and fallback is not None:
        return _Margins(fallback.left, fallback.right, width)
    left = _mode(ln.x0 for ln in lines)
    right = _mode(ln.x1 for ln in lines if ln.x1 - ln.x0 > 0.5 * width)
    if right is None:
        right = max((ln.x1 for ln in lines), default=None)
    if left is None or right is None:
        return fallback or _Margins(0.0, 0.0, width)
    return _Margins(left, right, width)


def _full(line: Line, m: _Margins) -> bool:
    """The line runs to the right margin: its paragraph goes on in the next line. (A short
    line is never full, even where the page holds nothing longer.)"""
    return line.x1 >= m.right - 1.5 * line.size and line.x1 - m.left >= 0.5 * m.page_width


def _indented(line: Line, m: _Margins) -> bool:
    return line.x0 > m.left + 0.6 * line.size


def _continues(prev: Line, pm: _Margins, line: Line, m: _Margins, same_page: bool) -> bool:
    if not _full(prev, pm) or _indented(line, m):
        return False
    if abs(line.size - prev.size) > 0.2 * max(line.size, prev.size):
        return False
    if same_page and line.top - prev.bottom > 1.2 * max(line.size, prev.size):
        return False  # a blank line's worth of space: a new paragraph
    return not (prev.text[-1] in _TERMINAL + _CLOSING and _starts_block(line.text))


def _joiner(a: str, b: str) -> str:
    return " " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() \
        else ""


def join_tables(a: TableBlock, b: TableBlock) -> TableBlock | None:
    """*b* continues *a* on the next page: same columns. Returns the joined grid, or None.

    A header row repeated on the new page is dropped; a cell that was merged down over the
    page break (empty at the top of the new page) is carried down from above.
    """
    if len(a.columns) != len(b.columns):
        return None
    if any(abs(x - y) > 3 for x, y in zip(a.columns, b.columns, strict=True)):
        return None
    offset = len(a.texts)
    texts = a.texts + b.texts
    rows = [[i + offset for i in row] for row in b.grid]
    row_pages = list(b.row_pages)
    if rows and a.grid and [texts[i] for i in rows[0]] == [texts[i] for i in a.grid[0]]:
        rows, row_pages = rows[1:], row_pages[1:]
    if rows and a.grid:
        last = a.grid[-1]
        first = list(rows[0])
        for c, idx in enumerate(first):
            if texts[idx] or not texts[last[c]]:
                continue
            spans_b = sum(idx in r for r in rows) > 1
            spans_a = sum(last[c] in r for r in a.grid) > 1
            if spans_a or spans_b:
                for r in rows:
                    r[:] = [last[c] if x == idx else x for x in r]
    return TableBlock(a.top, b.bottom, a.columns, texts, a.grid + rows, a.row_pages + row_pages)


def assemble(pages: Sequence[PageLayout], furniture: set[tuple[int, int]]) -> Assembled:
    """Write the pages as one text: one paragraph per line, tables one row per line."""
    flow: list[tuple[int, Line | TableBlock]] = []
    all_lines: list[Line] = []
    page_lines: list[list[Line]] = []
    for pi, page in enumerate(pages):
        lines = [ln for li, ln in enumerate(page.lines) if (pi, li) not in furniture]
        all_lines.extend(lines)
        page_lines.append(lines)
        blocks: list[Line | TableBlock] = [*lines, *page.tables]
        blocks.sort(key=lambda b: b.top)
        for block in blocks:
            prev = flow[-1] if flow else None
            if (isinstance(block, TableBlock) and block is blocks[0] and prev is not None
                    and isinstance(prev[1], TableBlock) and prev[1].row_pages[-1] == pi - 1
                    and _last_on_page(prev[1], pages[pi - 1])):
                joined = join_tables(prev[1], block)
                if joined is not None:
                    flow[-1] = (prev[0], joined)
                    continue
            flow.append((pi, block))
    width = max((p.width for p in pages), default=0.0)
    doc_margins = _margins(all_lines, None, width)
    margins = [_margins(lines, doc_margins, page.width)
               for page, lines in zip(pages, page_lines, strict=True)]

    w = TextBuilder()
    starts: list[int | None] = [None] * len(pages)

    def mark(pi: int, pos: int) -> None:
        if starts[pi] is None:
            starts[pi] = pos

    tables: list[Table] = []
    prev_line: tuple[int, Line] | None = None
    for pi, block in flow:
        if isinstance(block, TableBlock):
            tables.append(_write_table(w, block, pages, mark))
            prev_line = None
            continue
        m = margins[pi]
        if prev_line is not None and _continues(prev_line[1], margins[prev_line[0]], block, m,
                                                prev_line[0] == pi):
            sep = _joiner(prev_line[1].text, block.text)
            if sep:
                w.write(sep)
        else:
            w.newline()
        mark(pi, w.pos)
        w.write(block.text)
        prev_line = (pi, block)
    text = w.text()
    page_starts: list[int] = []
    nxt = len(text)
    for s in reversed(starts):
        nxt = min(s, len(text)) if s is not None else nxt
        page_starts.append(nxt)
    page_starts.reverse()
    return Assembled(text, page_starts, tables)


def _last_on_page(block: TableBlock, page: PageLayout) -> bool:
    """Nothing but furniture below the table on its page."""
    return not any(ln.top > block.bottom and not _in_band(ln, page) for ln in page.lines)


def _write_table(w: TextBuilder, block: TableBlock, pages: Sequence[PageLayout],
                 mark: Callable[[int, int], None]) -> Table:
    rows = write_grid(w, block.texts, block.grid,
                      lambda r, pos: mark(block.row_pages[r], pos))
    return Table(rows=rows, page=pages[block.row_pages[0]].number)


def cell_text(lines: Sequence[Line], right: float) -> str:
    """A table cell's lines as one string: a wrapped line is joined as it stands; a line that
    stops well short of the cell's right edge without punctuation ended a paragraph of the
    cell, and "；" keeps it apart from the next (unit lists are split on it), as in DOCX."""
    out = ""
    for i, ln in enumerate(lines):
        if i:
            prev = lines[i - 1]
            wrapped = prev.x1 >= right - 2.5 * prev.size  # line breaking may push 2 chars on
            last = prev.text[-1:]
            if wrapped or not (_is_cjk(last) and last.isalnum()):
                out += _joiner(prev.text, ln.text)
            else:
                out += "；"
        out += ln.text
    return out


def locate(edges: Sequence[float], x: float) -> int:
    """Index of the interval of sorted *edges* that holds *x* (clamped to the ends)."""
    i = bisect_right(edges, x) - 1
    return min(max(i, 0), len(edges) - 2)
