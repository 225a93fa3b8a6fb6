"""PDF: the text layer in reading order, page furniture removed, tables as grids.

Two engines read the pages, and ``pdflayout`` turns what they read into text:

- pypdfium2 (PDFium) reads every page by default: the page's text in one call, each glyph's
  box (its size as drawn: font size times the matrix's scale, so WPS's 300 pt fonts scaled
  down to 15 pt are 15 pt), and the vector paths that draw rules (stroked straight segments,
  thin filled bars; filled boxes are shading, not rules); pdfplumber's table geometry
  (edges → intersections → cells → tables) turns the rules into cell boxes;
- pdfplumber reads every page with ``engine="pdfplumber"`` (``find_tables``).

Both give the same :class:`~policyparse.loaders.pdflayout.Char` values, so the cleaning — line
clustering, fake bold, headers and footers, paragraph joining — is the same whichever read the
page. Each PDFium page is checked as read: a text layer that is no text (private-use or stray
characters, as fonts without a Unicode map give) is left out, and lines that do not read as
PDFium's own text stream give way to the stream's lines; both with a warning naming the file
and the pages. A page where PDFium's text page would leave text out (glyphs without outlines,
as a font neither embedded nor installed gives, in text running down the page) is read with
pdfplumber, which takes the characters from the font's code map. A PDF without a text layer
raises :class:`~policyparse.errors.NoTextLayer`; an encrypted one
:class:`~policyparse.errors.EncryptedInput`; a damaged one or a file that is not a PDF
:class:`~policyparse.errors.CorruptInput`.
"""

from __future__ import annotations

import io
from math import hypot
from pathlib import Path
from typing import Any, Literal, NamedTuple

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
    coherent,
    find_furniture,
    lines_as_drawn,
    locate,
    noise,
    plausible,
)

Engine = Literal["auto", "pdfplumber"]

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
    doubts: dict[str, list[int]] = {"noise": [], "order": []}
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
                    layout, doubt = _pdfium_page(page, i)
                    if doubt is not None:
                        doubts[doubt].append(i + 1)
                if layout is None:
                    if plumber is None:
                        plumber = _open_plumber(path, data)
                    layout = _plumber_page(plumber.pages[i], i)
                if (not layout.lines and not layout.tables and i + 1 not in doubts["noise"]
                        and _has_images(page)):
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
        if doubts["noise"]:
            raise NoTextLayer(path, f"the text layer is not readable text on page(s) "
                              f"{_ranges(doubts['noise'])} (fonts without a Unicode map?) and "
                              "there is no other text: run OCR on the rendered pages first")
        if no_text:
            raise NoTextLayer(path, f"no text layer on any of its {n} page(s): a scanned PDF? "
                              "policyparse does not OCR; run OCR first (e.g. ocrmypdf)")
        raise NoTextLayer(path, "the PDF holds no text")
    warnings: list[tuple[str, str]] = []
    if no_text:
        warnings.append(("pdf_no_text_layer",
                         f"{path.name}: page(s) {_ranges(no_text)} have no text layer (scanned?); "
                         "their text is missing"))
    if doubts["noise"]:
        warnings.append(("pdf_text_noise",
                         f"{path.name}: page(s) {_ranges(doubts['noise'])}: the text layer is "
                         "not readable text (fonts without a Unicode map?); left out"))
    if doubts["order"]:
        warnings.append(("pdf_reading_order",
                         f"{path.name}: page(s) {_ranges(doubts['order'])}: lines built from "
                         "the characters' positions did not read as the PDF's own text; "
                         "its text stream's line order is used instead"))
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


class _Frame(NamedTuple):
    """The part of a page a reader sees: its crop box in page space and its turn (/Rotate,
    degrees clockwise). PDFium gives boxes and path points in page space, whose origin is the
    media box's corner; :meth:`point` puts them where the reader sees them, from the top left
    of the shown page, as the layout code expects.

    >>> _Frame(70, 200, 520, 740, 0).point(100, 230)
    (30, 510)
    >>> f = _Frame(0, 0, 600, 800, 90)  # a landscape page: shown 800 wide and 600 high
    >>> f.width, f.height, f.point(100, 50)
    (800, 600, (50, 100))
    """

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    @classmethod
    def of(cls, page: Any) -> _Frame:
        ml, mb, mr, mt = page.get_mediabox()
        cl, cb, cr, ct = page.get_cropbox()
        # the crop box is clipped to the media box (PDF 32000-1, 14.11.2)
        left, bottom, right, top = max(cl, ml), max(cb, mb), min(cr, mr), min(ct, mt)
        if right <= left or top <= bottom:
            left, bottom, right, top = ml, mb, mr, mt
        return cls(left, bottom, right, top, page.get_rotation() % 360)

    @property
    def width(self) -> float:
        w, h = self.right - self.left, self.top - self.bottom
        return h if self.rotation in (90, 270) else w

    @property
    def height(self) -> float:
        w, h = self.right - self.left, self.top - self.bottom
        return w if self.rotation in (90, 270) else h

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Page-space (x, y), y up, as (x from the left, y from the top) of the shown page."""
        r = self.rotation
        if r == 90:
            return y - self.bottom, x - self.left
        if r == 180:
            return self.right - x, y - self.bottom
        if r == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, right: float, bottom: float, top: float
            ) -> tuple[float, float, float, float]:
        """A page-space box as (x0, x1, top, bottom) of the shown page."""
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)


class _PageText(NamedTuple):
    """What PDFium's text page holds: the characters, the index in ``chars`` of the first
    character of each of PDFium's own lines, and PDFium's text as a string."""

    chars: list[Char]
    starts: list[int]
    text: str


def _pdfium_chars(page: Any, frame: _Frame) -> _PageText:
    """The page's characters with their boxes and their size as drawn.

    One call reads the whole page's text; each visible character then costs one call for its
    box. The size is the font size times the vertical scale of the character's matrix (text
    and page matrices: WPS sets a font of 300 pt and scales it down to 15 pt with the text
    matrix); it is asked of PDFium only where the box height changes, that is once per run
    of same-sized glyphs.
    """
    import ctypes

    import pypdfium2.raw as c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = c.FPDFText_CountChars(raw)
        if n <= 0:
            return _PageText([], [], "")
        # room for two UTF-16 units a character: PDFium may write a surrogate pair for one
        buf = (ctypes.c_ushort * (2 * n + 1))()
        units = c.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        units = max(0, min(units - 1, 2 * n))  # the count includes the closing NUL
        text = ctypes.string_at(buf, 2 * units).decode("utf-16-le", "replace")
        # one unit a character index, as on nearly every page; else ask character by character
        codes = buf[:n] if units == n else [c.FPDFText_GetUnicode(raw, j) for j in range(n)]
        starts: list[int] = []
        line_break = False
        box = c.FS_RECTF()
        pbox = ctypes.pointer(box)
        matrix = c.FS_MATRIX()
        pmatrix = ctypes.pointer(matrix)
        get_box = c.FPDFText_GetLooseCharBox
        out: list[Char] = []
        append = out.append
        last_h = -1.0
        size = 0.0
        upright = frame.rotation == 0
        x_off, y_top = frame.left, frame.top
        prev: Char | None = None
        i = -1
        while i + 1 < n:
            i += 1
            u = codes[i]
            if u <= 0x20:
                line_break = line_break or u in (0x0A, 0x0D)
                continue
            k = i
            if 0xD800 <= u < 0xDC00 and i + 1 < n and 0xDC00 <= codes[i + 1] < 0xE000:
                u = 0x10000 + ((u - 0xD800) << 10) + (codes[i + 1] - 0xDC00)
                i += 1
            elif 0xD800 <= u < 0xE000:
                continue  # half a surrogate pair
            if not get_box(raw, k, pbox):
                continue
            left, right, top, bottom = box.left, box.right, box.top, box.bottom
            h = top - bottom
            if upright:
                left, right, top, bottom = left - x_off, right - x_off, y_top - top, y_top - bottom
            else:
                left, right, top, bottom = frame.box(left, right, bottom, top)
            if h != last_h:
                last_h = h
                size = c.FPDFText_GetFontSize(raw, k)
                if c.FPDFText_GetMatrix(raw, k, pmatrix):
                    size *= hypot(matrix.c, matrix.d)  # the matrix's vertical scale
            if (prev is not None and abs(prev.x0 - left) < 0.01 and abs(prev.x1 - right) < 0.01
                    and abs(prev.top - top) < 0.01 and abs(prev.bottom - bottom) < 0.01):
                # one glyph that stands for several characters ("——" drawn as one dash)
                prev = out[-1] = prev._replace(text=prev.text + chr(u))
            else:
                ch = Char(chr(u), left, right, top, bottom, size)
                if line_break:
                    starts.append(len(out))
                    line_break = False
                append(ch)
                prev = ch
        return _PageText(out, starts, text)
    finally:
        textpage.close()


def _count_objects(page: Any, kind: int, stop: int) -> int:
    n = 0
    for _ in page.get_objects(filter=[kind], max_depth=3):
        n += 1
        if n >= stop:
            break
    return n


def _pdfium_page(page: Any, index: int) -> tuple[PageLayout | None, str | None]:
    """A page read with PDFium alone: its characters and, where its vector paths draw a grid,
    its tables (found with pdfplumber's table geometry on those rulings).

    With the page, what was wrong with its text, if anything: ``"noise"`` (a text layer that
    is no text: the page is left empty) or ``"order"`` (lines built from the characters'
    positions do not read as the PDF's own text: its text stream's lines are taken instead,
    where they run as lines of print). No page where PDFium's text page leaves out some of its
    text (:attr:`_Objects.unplaced`): pdfplumber is to read it.
    """
    frame = _Frame.of(page)
    objects = _pdfium_objects(page, frame)
    if objects.unplaced:
        return None, None
    width, height = frame.width, frame.height
    read = _pdfium_chars(page, frame)
    if noise(read.text):
        return PageLayout(index + 1, width, height), "noise"
    chars = read.chars
    blocks: list[TableBlock] = []
    edges = objects.edges
    if len(edges) >= RULED_MIN_EDGES:
        for cells in _tables_from_edges(edges):
            block, chars = _table_block(_CellTable(cells), chars, index)
            if block is not None:
                blocks.append(block)
    lines = chars_to_lines(chars)
    if not blocks and not plausible(lines, read.text):
        drawn = lines_as_drawn(read.chars, read.starts)
        if coherent(drawn):
            return PageLayout(index + 1, width, height, drawn), "order"
    return PageLayout(index + 1, width, height, lines, blocks), None


_TEXT = 1  # FPDF_PAGEOBJ_TEXT
_PATH = 2  # FPDF_PAGEOBJ_PATH
_FORM = 5  # FPDF_PAGEOBJ_FORM
_LINETO = 0  # FPDF_SEGMENT_LINETO
_MOVETO = 2  # FPDF_SEGMENT_MOVETO
THIN = 2.5
"""A filled path at most this thick is a ruling (Word draws cell borders as thin filled
rectangles); a wider filled shape is shading behind text, not a line."""
RULED_MIN_EDGES = 4
"""Fewer rulings than this on a page make no grid of two rows and two columns."""
MAX_CROSSINGS = 250_000
"""More pairs of horizontal and vertical rules than this on one page (after joining the
pieces of each rule) are a drawing, not a table: the table search tries every pair."""
_Matrix = tuple[float, float, float, float, float, float]
PDFIUM_MIN_WIDTH = 0.01
"""PDFium's text page leaves out a text object whose box, made of its glyphs' outlines, is
narrower than this (``kSizeEpsilon`` in ``CPDF_TextPage::ProcessTextObject``)."""


class _Objects(NamedTuple):
    edges: list[dict[str, Any]]
    """The rulings, as pdfplumber edges."""
    unplaced: bool
    """A text object runs down the page with no width: its glyphs have no outlines (a font
    neither embedded nor installed, as a server without Chinese fonts reads STSong or SimSun),
    so PDFium's text page leaves it out, text and all. pdfplumber reads the text from the
    font's code map, whatever fonts are installed."""


def _pdfium_objects(page: Any, frame: _Frame) -> _Objects:
    """One walk over the page's objects. The page's horizontal and vertical rulings as
    pdfplumber edges: every straight, axis-parallel segment of a stroked path, and every thin
    filled path. Paths inside form XObjects are placed with the form's matrix. Filled boxes
    (shading), curves and slanted segments draw no ruling. And whether a text object is one
    PDFium's text page leaves out though it holds text (:attr:`_Objects.unplaced`): no wider
    than :data:`PDFIUM_MIN_WIDTH` but taller (a box with neither width nor height is a space,
    or a single glyph, which cannot be told apart here)."""
    import pypdfium2.raw as c

    edges: list[dict[str, Any]] = []
    unplaced = False
    matrix = c.FS_MATRIX()
    fill, stroke = c.c_int(), c.c_int()
    x0, y0, x1, y1 = c.c_float(), c.c_float(), c.c_float(), c.c_float()

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        # as shown: from the top left of the page's crop box, turned as the page is
        x0, y0 = frame.point(x0, y0)
        x1, y1 = frame.point(x1, y1)
        if abs(y1 - y0) <= 1.0 and abs(x1 - x0) > 1.0:
            ty = (y0 + y1) / 2
            left, right = min(x0, x1), max(x0, x1)
            edges.append({"x0": left, "x1": right, "top": ty, "bottom": ty,
                          "width": right - left, "height": 0.0, "orientation": "h",
                          "object_type": "line"})
        elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) > 1.0:
            tx = (x0 + x1) / 2
            top, bottom = min(y0, y1), max(y0, y1)
            edges.append({"x0": tx, "x1": tx, "top": top, "bottom": bottom, "width": 0.0,
                          "height": bottom - top, "orientation": "v", "object_type": "line"})

    def path(obj: Any, m: _Matrix, parent: _Matrix) -> None:
        c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not stroke.value:  # filled only: a thin one is a rule, its box tells
            if fill.value and c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                pa, pb, pc, pd, pe, pf = parent
                xa, ya = pa * x0.value + pc * y0.value + pe, pb * x0.value + pd * y0.value + pf
                xb, yb = pa * x1.value + pc * y1.value + pe, pb * x1.value + pd * y1.value + pf
                w, h = abs(xb - xa), abs(yb - ya)
                if h <= THIN and w > h:
                    add(xa, (ya + yb) / 2, xb, (ya + yb) / 2)
                elif w <= THIN and h > w:
                    add((xa + xb) / 2, ya, (xa + xb) / 2, yb)
            return
        a, b, cc, d, e, f = m
        start = cur = (0.0, 0.0)
        for k in range(c.FPDFPath_CountSegments(obj)):
            seg = c.FPDFPath_GetPathSegment(obj, k)
            c.FPDFPathSegment_GetPoint(seg, x0, y0)
            p = (a * x0.value + cc * y0.value + e, b * x0.value + d * y0.value + f)
            kind = c.FPDFPathSegment_GetType(seg)
            if kind == _MOVETO:
                start = p
            elif kind == _LINETO:
                add(*cur, *p)
            cur = p
            if c.FPDFPathSegment_GetClose(seg) and cur != start:
                add(*cur, *start)
                cur = start

    def walk(count: int, get: Any, parent: _Matrix, depth: int) -> None:
        nonlocal unplaced
        for i in range(count):
            obj = get(i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == _TEXT:
                # the box in the object's own space, as PDFium's text page tests it
                if (not unplaced and c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1)
                        and x1.value - x0.value < PDFIUM_MIN_WIDTH
                        and y1.value - y0.value > PDFIUM_MIN_WIDTH):
                    unplaced = True
                continue
            if kind not in (_PATH, _FORM) or not c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
            if kind == _PATH:
                path(obj, m, parent)
            elif depth < 4:
                walk(c.FPDFFormObj_CountObjects(obj),
                     lambda j, form=obj: c.FPDFFormObj_GetObject(form, j), m, depth + 1)

    raw = page.raw
    walk(c.FPDFPage_CountObjects(raw), lambda j: c.FPDFPage_GetObject(raw, j),
         (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return _Objects(edges, unplaced)


def _compose(m: _Matrix, then: _Matrix) -> _Matrix:
    """The matrix that applies *m*, then *then* (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _tables_from_edges(edges: list[dict[str, Any]]) -> list[list[tuple[float, ...]]]:
    """pdfplumber's own table finding ("lines" strategy, default tolerances) on given edges."""
    from pdfplumber import table as pt
    from pdfplumber.utils.geometry import filter_edges

    merged = pt.merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3,
                            join_x_tolerance=3, join_y_tolerance=3)
    merged = filter_edges(merged, min_length=3)
    across = sum(e["orientation"] == "h" for e in merged)
    if across * (len(merged) - across) > MAX_CROSSINGS:
        return []  # a drawing (a map, a chart), not a table: and every pair would be tried
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
    """A page read with pdfplumber, placed in its crop box as PDFium's are (:class:`_Frame`):
    pdfplumber measures from the media box's top left, and calls the media box the page."""
    left, top, right, bottom = (float(v) for v in page.cropbox)
    chars = [Char(ch["text"], ch["x0"] - left, ch["x1"] - left, ch["top"] - top,
                  ch["bottom"] - top, ch["size"])
             for ch in page.chars if ch["text"].strip()]
    blocks: list[TableBlock] = []
    for table in page.find_tables():
        cells: list[tuple[float, ...]] = [(c[0] - left, c[1] - top, c[2] - left, c[3] - top)
                                          for c in table.cells]
        block, chars = _table_block(_CellTable(cells), chars, index)
        if block is not None:
            blocks.append(block)
    return PageLayout(index + 1, right - left, bottom - top, chars_to_lines(chars), blocks)


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
