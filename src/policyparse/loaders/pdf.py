"""PDF: the text layer in reading order, page furniture removed, tables as grids.

Two engines read the pages, and ``pdflayout`` turns what they read into text:

- pypdfium2 (PDFium, which pdfplumber installs) reads each page's characters with their boxes
  and its ruled lines, some thirty times faster than pdfplumber's parser; pdfplumber's table
  geometry (edges → intersections → cells → tables) turns the lines into cell boxes;
- pdfplumber reads the pages whose vector paths are not plain lines (boxes, curves), and,
  with ``engine="pdfplumber"``, every page (``find_tables``).

Both give the same :class:`~policyparse.loaders.pdflayout.Char` values, so the cleaning — line
clustering, fake bold, headers and footers, paragraph joining — is the same whichever read the
page. A PDF without a text layer raises :class:`~policyparse.errors.NoTextLayer`; an encrypted
one :class:`~policyparse.errors.EncryptedInput`; a damaged one or a file that is not a PDF
:class:`~policyparse.errors.CorruptInput`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

from ..errors import CorruptInput, EncryptedInput, NoTextLayer, TooLarge, brief
from . import Loaded
from .pdflayout import (
    Char,
    Line,
    PageLayout,
    TableBlock,
    assemble,
    cell_text,
    chars_to_lines,
    find_furniture,
    locate,
)

Engine = Literal["auto", "pdfplumber"]

RULED_MIN_PATHS = 4
"""A page with at least this many vector paths may hold a ruled table."""

_PDFIUM_LOAD_ERRORS = {
    1: "unknown error",
    2: "cannot open the file",
    3: "damaged or truncated PDF",
    4: "encrypted PDF",
    5: "unsupported security scheme",
    6: "page error",
}


def load_pdf(path: Path, data: bytes, engine: Engine = "auto",
             max_pages: int | None = None) -> Loaded:
    """Read a PDF's text layer: one paragraph per line, page starts, tables; a PDF of more
    than *max_pages* pages is refused before any page is read."""
    _check_signature(path, data)
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (4, 5):
            raise EncryptedInput(path, "encrypted PDF: it needs a password to open; "
                                 "save an unencrypted copy first") from None
        raise CorruptInput(path, f"cannot open the PDF: "
                           f"{_PDFIUM_LOAD_ERRORS.get(code or 1, 'unknown error')}") from None
    plumber: Any = None
    pages: list[PageLayout] = []
    no_text: list[int] = []
    try:
        n = len(doc)
        if n == 0:
            raise CorruptInput(path, "the PDF has no pages")
        if max_pages is not None and n > max_pages:
            raise TooLarge(path, f"the PDF has {n} pages, over the limit of {max_pages} "
                           "(max_pages)")
        for i in range(n):
            try:
                page = doc[i]
            except pdfium.PdfiumError as exc:
                raise CorruptInput(path, f"cannot read page {i + 1}: {brief(exc)}") from None
            try:
                layout = None
                if engine == "auto":
                    layout = _pdfium_page(page, i)
                if layout is None:  # pdfplumber's turn: asked for, or rulings PDFium can't read
                    if plumber is None:
                        plumber = _open_plumber(path, data)
                    layout = _plumber_page(plumber.pages[i], i)
                if not layout.lines and not layout.tables and _has_images(page):
                    no_text.append(i + 1)
                pages.append(layout)
            except pdfium.PdfiumError as exc:
                raise CorruptInput(path, f"cannot read page {i + 1}: {brief(exc)}") from None
            finally:
                page.close()
    finally:
        doc.close()
        if plumber is not None:
            plumber.close()

    if not any(p.lines or p.tables for p in pages):
        if no_text:
            raise NoTextLayer(path, f"no text layer on any of its {n} page(s): a scanned PDF? "
                              "policyparse does not OCR; run OCR first (e.g. ocrmypdf)")
        raise NoTextLayer(path, "the PDF holds no text")
    warnings: list[tuple[str, str]] = []
    if no_text:
        warnings.append(("pdf_no_text_layer",
                         f"page(s) {_ranges(no_text)} have no text layer (scanned?); "
                         "their text is missing"))
    out = assemble(pages, find_furniture(pages))
    return Loaded(text=out.text, format="pdf", page_starts=out.page_starts, tables=out.tables,
                  warnings=warnings)


def _check_signature(path: Path, data: bytes) -> None:
    if b"%PDF-" in data[:1024]:
        return
    from .text import describe

    raise CorruptInput(path, f"not a PDF ({describe(data)})")


def _open_plumber(path: Path, data: bytes) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds
        raise CorruptInput(path, f"cannot read the PDF's pages: {brief(exc)}") from None


def _ranges(numbers: list[int]) -> str:
    """Page numbers as ranges.

    >>> _ranges([1, 2, 3, 5])
    '1-3, 5'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


# --- PDFium ----------------------------------------------------------------------------------


def _pdfium_chars(page: Any, height: float) -> list[Char]:
    import pypdfium2.raw as c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = c.FPDFText_CountChars(raw)
        box = c.FS_RECTF()
        out: list[Char] = []
        pending_high = 0
        for i in range(n):
            u = c.FPDFText_GetUnicode(raw, i)
            if 0xD800 <= u < 0xDC00:
                pending_high = u
                continue
            if 0xDC00 <= u < 0xE000 and pending_high:
                u = 0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00)
            pending_high = 0
            if u <= 0x20 or c.FPDFText_IsGenerated(raw, i):
                continue
            if not c.FPDFText_GetLooseCharBox(raw, i, box):
                continue
            ch = Char(chr(u), box.left, box.right, height - box.top, height - box.bottom,
                      c.FPDFText_GetFontSize(raw, i))
            if out and _same_box(out[-1], ch):
                # one glyph that stands for several characters ("——" drawn as one dash)
                out[-1] = out[-1]._replace(text=out[-1].text + ch.text)
            else:
                out.append(ch)
        return out
    finally:
        textpage.close()


def _same_box(a: Char, b: Char) -> bool:
    return (abs(a.x0 - b.x0) < 0.01 and abs(a.x1 - b.x1) < 0.01 and abs(a.top - b.top) < 0.01
            and abs(a.bottom - b.bottom) < 0.01)


def _count_objects(page: Any, kind: int, stop: int) -> int:
    n = 0
    for _ in page.get_objects(filter=[kind], max_depth=3):
        n += 1
        if n >= stop:
            break
    return n


def _pdfium_page(page: Any, index: int) -> PageLayout | None:
    """A page read with PDFium alone: its characters and, where it has ruled lines drawn as
    straight strokes, its tables (found with pdfplumber's table geometry on those lines).
    None where the page has vector paths of other shapes: pdfplumber reads it instead."""
    width, height = page.get_size()
    chars = _pdfium_chars(page, height)
    blocks: list[TableBlock] = []
    if _count_objects(page, _PATH, RULED_MIN_PATHS) >= RULED_MIN_PATHS:
        edges = _pdfium_rulings(page, height)
        if edges is None:
            return None
        for cells in _tables_from_edges(edges):
            block, chars = _table_block(_CellTable(cells), chars, index)
            if block is not None:
                blocks.append(block)
    return PageLayout(index + 1, width, height, chars_to_lines(chars), blocks)


_PATH = 2  # FPDF_PAGEOBJ_PATH
THIN = 2.5
"""A path object at most this thick is a ruling (a stroked line or a hairline rectangle)."""


def _pdfium_rulings(page: Any, height: float) -> list[dict[str, Any]] | None:
    """Horizontal and vertical rulings as pdfplumber edges, or None for any other path."""
    edges: list[dict[str, Any]] = []
    for obj in page.get_objects(filter=[_PATH], max_depth=3):
        if obj.level > 0:
            return None  # inside a form XObject: pdfplumber applies the form's matrix
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if h <= THIN and w > h:
            y = height - (top + bottom) / 2
            edges.append({"x0": left, "x1": right, "top": y, "bottom": y, "width": w,
                          "height": 0.0, "orientation": "h", "object_type": "line"})
        elif w <= THIN and h > w:
            x = (left + right) / 2
            edges.append({"x0": x, "x1": x, "top": height - top, "bottom": height - bottom,
                          "width": 0.0, "height": h, "orientation": "v",
                          "object_type": "line"})
        else:
            return None  # boxes, curves, shading: pdfplumber knows them
    return edges


def _tables_from_edges(edges: list[dict[str, Any]]) -> list[list[tuple[float, ...]]]:
    """pdfplumber's own table finding ("lines" strategy, default tolerances) on given edges."""
    from pdfplumber import table as pt
    from pdfplumber.utils.geometry import filter_edges

    merged = pt.merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3,
                            join_x_tolerance=3, join_y_tolerance=3)
    merged = filter_edges(merged, min_length=3)
    cells = pt.intersections_to_cells(pt.edges_to_intersections(merged, 3, 3))
    return [list(t) for t in pt.cells_to_tables(cells)]


class _CellTable:
    """The two things ``_table_block`` reads of a pdfplumber table."""

    def __init__(self, cells: list[tuple[float, ...]]) -> None:
        self.cells = cells
        self.bbox = (min(c[0] for c in cells), min(c[1] for c in cells),
                     max(c[2] for c in cells), max(c[3] for c in cells))


def _has_images(page: Any) -> bool:
    import pypdfium2.raw as c

    return _count_objects(page, c.FPDF_PAGEOBJ_IMAGE, 1) > 0


# --- pdfplumber ------------------------------------------------------------------------------


def _plumber_page(page: Any, index: int) -> PageLayout:
    chars = [Char(ch["text"], ch["x0"], ch["x1"], ch["top"], ch["bottom"], ch["size"])
             for ch in page.chars if ch["text"].strip()]
    blocks: list[TableBlock] = []
    for table in page.find_tables():
        block, chars = _table_block(table, chars, index)
        if block is not None:
            blocks.append(block)
    return PageLayout(index + 1, float(page.width), float(page.height), chars_to_lines(chars),
                      blocks)


def _edges(values: list[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _table_block(table: Any, chars: list[Char], page_index: int
                 ) -> tuple[TableBlock | None, list[Char]]:
    """A pdfplumber table as a grid of cell texts, and the characters outside it."""
    x0, top, x1, bottom = table.bbox
    boxes: list[tuple[float, float, float, float]] = list(table.cells)
    columns = _edges([b[0] for b in boxes] + [x1])
    tops = _edges([b[1] for b in boxes] + [bottom])
    if len(columns) < 3 or len(tops) < 3:
        return None, chars  # one row or one column: a framed paragraph, not a table
    nrows, ncols = len(tops) - 1, len(columns) - 1
    grid = [[-1] * ncols for _ in range(nrows)]
    for k, (bx0, btop, bx1, bbottom) in enumerate(boxes):
        c0, c1 = locate(columns, bx0 + 0.5), locate(columns, bx1 - 0.5)
        r0, r1 = locate(tops, btop + 0.5), locate(tops, bbottom - 0.5)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                grid[r][c] = k
    for row in grid:  # a hole in the rulings: an empty cell of its own
        for c, k in enumerate(row):
            if k < 0:
                boxes.append((0.0, 0.0, 0.0, 0.0))
                row[c] = len(boxes) - 1
    inside: dict[int, list[Char]] = {}
    outside: list[Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            k = grid[locate(tops, cy)][locate(columns, cx)]
            inside.setdefault(k, []).append(ch)
        else:
            outside.append(ch)
    lines = {k: chars_to_lines(cs) for k, cs in inside.items()}
    right: dict[tuple[float, float], float] = {}
    for k, ls in lines.items():
        span = (boxes[k][0], boxes[k][2])
        right[span] = max([right.get(span, 0.0), *(ln.x1 for ln in ls)])
    texts = [cell_text(lines.get(k, []), right.get((b[0], b[2]), b[2])) for k, b in
             enumerate(boxes)]
    block = TableBlock(top, bottom, columns, texts, grid, [page_index] * nrows)
    return block, outside


__all__ = ["Engine", "Line", "load_pdf"]
