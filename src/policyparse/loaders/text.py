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

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

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


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = len(_BAD_CONTROL.findall(sample))
    return bad / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows NUL bytes at every other position."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode *data*; return ``(text, encoding)`` or raise a clear error."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(path, f"binary file ({what}), not text")
    candidates: list[str] = []
    body = data
    for bom, enc in _BOMS:
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
    for enc in candidates:
        try:
            text = body.decode(enc)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > 0.01:
            raise BinaryInput(path, "binary file (control characters), not text")
        name = {"utf-8-sig": "utf-8-sig"}.get(enc, enc)
        return text, name
    raise EncodingError(
        path, "cannot decode: not UTF-8, UTF-16 with BOM or GB18030/GBK text"
    )


def load_text(path: Path, data: bytes, fmt: str = "txt") -> Loaded:
    text, enc = decode(path, data)
    if not text.strip():
        raise EmptyInput(path, "file holds only whitespace")
    return Loaded(text=text, format=fmt, encoding=enc)
