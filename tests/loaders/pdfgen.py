"""A tiny PDF writer for the loader tests: text at given positions, ruled lines, an image.

Chinese text uses the non-embedded Adobe font STSong-Light with the UniGB-UCS2-H encoding
(every PDF reader knows it), so the files are a few hundred bytes and need no font file.
Coordinates are PDF points from the bottom left, as in the PDF itself.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Page:
    width: float = 595.0
    height: float = 842.0
    ops: list[str] = field(default_factory=list)
    image: bool = False
    crop: tuple[float, float, float, float] | None = None
    """The /CropBox (left, bottom, right, top), where it differs from the media box."""
    rotate: int = 0
    """The page's /Rotate, degrees clockwise."""
    blank_chars: list[str] = field(default_factory=list)
    """The characters of :meth:`blank_rotated` text, in the order of their codes (1, 2, …)."""

    def text(self, x: float, y: float, s: str, size: float = 15.0, spacing: float = 0.0,
             scale: float = 1.0, invisible: bool = False) -> Page:
        """Chinese (or any BMP) text starting at (x, y); *spacing* adds space between glyphs.

        With *scale*, the font is set *1/scale* times larger and the text matrix scales it back
        down to *size*, as WPS writes it (``/F1 300 Tf 0.05 0 0 0.05 x y Tm``: 15 pt glyphs
        whose font size says 300). *invisible* draws it with text render mode 3, as OCR layers
        over a scanned image are drawn."""
        hexs = "".join(f"{ord(ch):04X}" for ch in s)
        mode = "3 Tr " if invisible else ""
        if scale == 1.0:
            self.ops.append(f"BT {mode}/F1 {size:g} Tf {spacing:g} Tc {x:g} {y:g} Td <{hexs}> Tj ET")
        else:
            self.ops.append(f"BT {mode}/F1 {size / scale:g} Tf {spacing / scale:g} Tc "
                            f"{scale:g} 0 0 {scale:g} {x:g} {y:g} Tm <{hexs}> Tj ET")
        return self

    def rotated(self, x: float, y: float, s: str, size: float = 15.0,
                latin: bool = False) -> Page:
        """Text turned a quarter left, read bottom to top (a landscape table on a portrait
        page): the glyphs stand one above the other. *latin* draws it in Helvetica, whose
        glyphs every reader has built in; without it, the Chinese font's glyphs have outlines
        only where a Chinese font is installed."""
        if latin:
            esc = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            self.ops.append(f"BT /F2 {size:g} Tf 0 1 -1 0 {x:g} {y:g} Tm ({esc}) Tj ET")
            return self
        hexs = "".join(f"{ord(ch):04X}" for ch in s)
        self.ops.append(f"BT /F1 {size:g} Tf 0 1 -1 0 {x:g} {y:g} Tm <{hexs}> Tj ET")
        return self

    def blank_rotated(self, x: float, y: float, s: str, size: float = 15.0) -> Page:
        """Text turned as :meth:`rotated`, in a font whose glyphs have no outlines (a Type 3
        font whose glyphs draw nothing and whose boxes are empty; its ToUnicode map still gives
        the characters), as a font that is neither embedded nor installed is drawn."""
        codes = []
        for ch in s:
            if ch not in self.blank_chars:
                self.blank_chars.append(ch)
            codes.append(self.blank_chars.index(ch) + 1)
        hexs = "".join(f"{code:02X}" for code in codes)
        self.ops.append(f"BT /F3 {size:g} Tf 0 1 -1 0 {x:g} {y:g} Tm <{hexs}> Tj ET")
        return self

    def latin(self, x: float, y: float, s: str, size: float = 12.0) -> Page:
        esc = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        self.ops.append(f"BT /F2 {size:g} Tf {x:g} {y:g} Td ({esc}) Tj ET")
        return self

    def line(self, x0: float, y0: float, x1: float, y1: float) -> Page:
        self.ops.append(f"{x0:g} {y0:g} m {x1:g} {y1:g} l S")
        return self

    def rect(self, x: float, y: float, w: float, h: float) -> Page:
        self.ops.append(f"{x:g} {y:g} {w:g} {h:g} re S")
        return self

    def fill(self, x: float, y: float, w: float, h: float) -> Page:
        """A filled rectangle without a border (shading behind text, or a rule drawn thin)."""
        self.ops.append(f"q 0.9 g {x:g} {y:g} {w:g} {h:g} re f Q")
        return self

    def picture(self) -> Page:
        """A full-page grey image, as a scanner makes."""
        self.image = True
        self.ops.append(f"q {self.width:g} 0 0 {self.height:g} 0 0 cm /Im1 Do Q")
        return self


def build(pages: list[Page]) -> bytes:
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
              b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
              b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
              b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
              b"/CapHeight 880 /StemV 93 >> /DW 1000 >>")
    f1 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
             b"/DescendantFonts [%d 0 R] >>" % cid)
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pixels = zlib.compress(bytes([128]) * 64)
    img = add(b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
              b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
              + pixels + b"\nendstream")
    pages_id = len(objs) + 1
    objs.append(b"")  # the page tree, filled in below
    kids = []
    for p in pages:
        content = "\n".join(p.ops).encode("latin-1")
        cont = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        xobj = b" /XObject << /Im1 %d 0 R >>" % img if p.image else b""
        f3 = b" /F3 %d 0 R" % _blank_font(p.blank_chars, add) if p.blank_chars else b""
        extra = b""
        if p.crop is not None:
            extra += b" /CropBox [%g %g %g %g]" % p.crop
        if p.rotate:
            extra += b" /Rotate %d" % p.rotate
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g]%s /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R%s >>%s >> >>"
            % (pages_id, p.width, p.height, extra, cont, f1, f2, f3, xobj)))
    objs[pages_id - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                          % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, catalog, xref)
    return bytes(out)


def _blank_font(chars: list[str], add: Callable[[bytes], int]) -> int:
    """A Type 3 font of one glyph a character, each 1000 units wide, drawing nothing and with
    an empty box (``d1``), and a ToUnicode map from its codes (1, 2, …) to *chars*."""
    blank = b"1000 0 0 0 0 0 d1"
    proc = add(b"<< /Length %d >>\nstream\n" % len(blank) + blank + b"\nendstream")
    n = len(chars)
    pairs = "".join(f"<{i:02X}> <{ord(ch):04X}>\n" for i, ch in enumerate(chars, start=1))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CMapName /Blank def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{n} beginbfchar\n{pairs}endbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end").encode("ascii")
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    names = b" ".join(b"/g%d" % i for i in range(1, n + 1))
    procs = b" ".join(b"/g%d %d 0 R" % (i, proc) for i in range(1, n + 1))
    return add(b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0] "
               b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << %s >> "
               b"/Encoding << /Type /Encoding /Differences [1 %s] >> /FirstChar 1 "
               b"/LastChar %d /Widths [%s] /ToUnicode %d 0 R /Resources << >> >>"
               % (procs, names, n, b" ".join([b"1000"] * n), to_unicode))
