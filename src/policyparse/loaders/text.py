"""Plain text and Markdown: encoding sniffing.

Government sites serve UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK. A file
that decodes as none of them, or that is binary, gets an error naming the file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import BinaryInput, EmptyInput, EncodingError
from . import Loaded

# Signatures of binary formats that are sometimes saved with a .txt name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (DOC/XLS)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"{\\rtf", "an RTF document"),
)

_MAGIC_BYTES = tuple(magic for magic, _ in _MAGIC)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BOM_BYTES = tuple(bom for bom, _ in BOMS)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# C0 and C1 controls other than \t \n \v \f \r (_ALLOWED_CONTROLS), compiled once
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def describe(data: bytes) -> str:
    """What a file's first bytes say it is, for error messages.

    >>> describe(b"PK\\x03\\x04...")
    'it is a ZIP archive (DOCX/XLSX?)'
    >>> describe("一、总体要求".encode())
    'it looks like text'
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"it is {what}"
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return "unknown binary data"
    if _control_share(head.decode("utf-8", "replace")) > 0.01:
        return "unknown binary data"
    return "it looks like text"


# what text decoded from bytes holds where it holds a character _BAD_CONTROL finds: the same
# byte for a C0 control or DEL (in UTF-8 and GB18030 alike a byte under 0x80 is that ASCII
# character, never part of another); for a C1 control, in UTF-8 0xC2 and its second byte, in
# GB18030 the four bytes 0x81 0x30 0x81-0x84 0x30-0x39 (looked for by their first three, where
# the first two, found by memchr, are there at all)
_C0_BYTES = bytes(b for b in range(0x80) if _BAD_CONTROL.match(chr(b)))
_C1_BYTES = {
    "utf-8": (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    "gb18030": (b"\x81\x30", re.compile(rb"\x81\x30[\x81-\x84]")),
}


def _may_hold_controls(data: bytes, enc: str) -> bool:
    """Whether the text *data* decodes to under *enc* may hold a character :func:`_control_share`
    counts: looked for in the bytes, at a fraction of the cost of a regex pass over the text
    (which then runs only where this says True); True for an encoding it does not know.

    >>> [_may_hold_controls(s.encode(enc), enc) for s, enc in (
    ...     ("一、总体\\t要求·\\n", "utf-8"), ("一\\x00", "utf-8"), ("一\\x85", "utf-8"),
    ...     ("一、总体要求", "gb18030"), ("一\\x9f", "gb18030"), ("一", "utf-16-le"))]
    [False, True, True, False, True, True]
    """
    c1 = _C1_BYTES.get(enc.removesuffix("-sig"))
    if c1 is None:
        return True
    lead, rx = c1
    # the lead bytes found by memchr and the pattern asked at each (a text holds few, most
    # none: a regex search would step through every byte after the first); past a few, the
    # pattern searches the rest
    at = data.find(lead)
    for _ in range(_C1_LOOKS):
        if at < 0:
            return _holds_c0(data)
        if rx.match(data, at) is not None:
            return True
        at = data.find(lead, at + 1)
    return rx.search(data, at) is not None or _holds_c0(data)


def _holds_c0(data: bytes) -> bool:
    """Whether *data* holds a byte of :data:`_C0_BYTES`: a look for each (memchr) where *data*
    is long, one pass that takes them out (a translate) where it is short, the looks' cost
    being mostly their calls' (29 of them).

    >>> [_holds_c0(b) for b in (b"ab\\tc\\n", b"ab\\x00", b"\\x7f" * 5000, b"ab\\tc" * 5000)]
    [False, True, True, False]
    """
    if len(data) < _C0_PASS_BELOW:
        return len(data.translate(None, _C0_BYTES)) < len(data)
    return any(map(data.__contains__, _C0_BYTES))


_C0_PASS_BELOW = 1500
"""The bytes below which :func:`_holds_c0` takes the characters out in one pass (11
instructions a byte, against about 600 a look and 3 a byte for the looks together)."""


_C1_LOOKS = 8
"""The lead bytes :func:`_may_hold_controls` asks the C1 pattern at one by one."""


_SAMPLE = 20000
"""The characters :func:`_control_share` looks at (the text's first)."""


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = len(_BAD_CONTROL.findall(sample))
    return bad / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """The byte order of UTF-16 saved without a BOM, or None.

    ASCII in UTF-16 shows NUL bytes at every other position; Chinese shows none, but its code
    units fall in a few blocks (CJK ideographs, CJK and full-width punctuation, ASCII), so the
    byte order that decodes the head to those is the file's.

    >>> _utf16_without_bom("一、总体要求\\n（一）指导思想".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_without_bom("关于印发方案的通知".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_without_bom("一、总体要求".encode("utf-8")) is None
    True
    >>> _utf16_without_bom(b"policyparse" * 50) is None  # as UTF-16: 潰楬祣慰獲… (CJK)
    True
    """
    head = data[:4096]
    if len(head) < 4:
        return None
    if b"\x00" in head:  # (one look: a head without NUL bytes has none to count)
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        half = len(head) // 2
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be"
    try:  # UTF-8 (ASCII too) is never read as UTF-16: "ab" is also the code unit U+6261
        head.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # only a character cut at the end of the head
            return None
    head = head[: len(head) - len(head) % 2]
    for enc in ("utf-16-le", "utf-16-be"):
        text = head.decode(enc, "replace")
        if sum(map(_plausible, text)) >= 0.95 * len(text):
            return enc
    return None


def _plausible(ch: str) -> bool:
    """Whether *ch* is a character of a Chinese notice: ASCII text, CJK, CJK punctuation."""
    o = ord(ch)
    return (0x20 <= o < 0x7F or ch in "\t\n\r" or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F
            or 0x3400 <= o <= 0x4DBF)


def _where(data: bytes, offset: int) -> str:
    """A byte's place for messages: offset, line, column.

    >>> _where("第一行\\n第二x".encode(), 16)
    'byte 0x78 at offset 16 (line 2, byte 7 of the line)'
    """
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"byte 0x{data[offset]:02x} at offset {offset} (line {line}, byte {col} of the line)"


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode *data*; return ``(text, encoding)`` or raise a clear error."""
    if data.startswith(_MAGIC_BYTES):  # (one look for them all, then which it is)
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise BinaryInput(path, f"binary file ({what}), not text")
    if data.find(b"\x00", 0, 8192) < 0 and not data.startswith(_BOM_BYTES):
        # most files: UTF-8 without a BOM or a NUL byte, read as that at once (the sniffing
        # below says UTF-8 of every such file, which its head, decoded alone, shows anew)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return _checked(path, data, text, "utf-8"), "utf-8"
    candidates: list[str] = []
    body = data
    for bom, enc in BOMS:
        if data.startswith(bom):
            candidates = [enc]
            body = data[len(bom):] if enc != "utf-8-sig" else data
            break
    else:
        guessed = _utf16_without_bom(data)
        if guessed:
            candidates = [guessed]
        elif b"\x00" in data[:8192]:
            raise BinaryInput(path, "binary file (contains NUL bytes), not text")
        else:
            candidates = ["utf-8", "gb18030"]
    first_error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            text = body.decode(enc)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        name = {"utf-8-sig": "utf-8-sig"}.get(enc, enc)
        return _checked(path, body, text, enc), name
    tried = " or ".join(c.upper().replace("-SIG", "") for c in candidates)
    where = ""
    if first_error is not None:  # where the first encoding tried (UTF-8, most often) broke
        offset = first_error.start + (len(data) - len(body))
        where = f": {_where(data, offset)} is not {first_error.encoding.upper()}"
    raise EncodingError(path, f"cannot decode as {tried}{where}; save the file as UTF-8")


def _checked(path: Path, body: bytes, text: str, enc: str) -> str:
    """*text*, decoded from *body* under *enc*, unless it holds so many control characters
    that it is binary data (:class:`BinaryInput`)."""
    # (the sample's characters lie in the body's first 4 bytes a character, at most)
    if _may_hold_controls(body[:4 * _SAMPLE], enc) and _control_share(text) > 0.01:
        raise BinaryInput(path, "binary file (control characters), not text")
    return text


def load_text(path: Path, data: bytes, fmt: str = "txt") -> Loaded:
    text, enc = decode(path, data)
    if not text or text.isspace():  # (text.strip() would copy the text to find out)
        raise EmptyInput(path, "file holds only whitespace")
    return Loaded(text=text, format=fmt, encoding=enc)
