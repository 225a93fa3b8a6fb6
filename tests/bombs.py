"""DOCX ZIP bombs for the tests: a valid Word document whose ``word/document.xml`` inflates to
gigabytes from a file of a few megabytes, built in well under a second.

The deflate stream is written once per distinct chunk and repeated: after a full flush the
compressor has forgotten what came before, so the bytes that encode one chunk decode to that
chunk wherever they stand. The ZIP is written by hand (``zipfile`` cannot store data deflated
elsewhere); its CRC-32 is the true one, so the file is a real, if hostile, DOCX.

    python -m tests.bombs OUT_DIR   # writes paragraphs.docx and text_node.docx there
"""

from __future__ import annotations

import struct
import sys
import time
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
        "<w:body>").encode()
TAIL = b"</w:body></w:document>"
PARAGRAPH = "<w:p><w:r><w:t>一、加强组织领导</w:t></w:r></w:p>".encode()


class _Member:
    """One ZIP member: its name, deflated bytes (as pieces), sizes and CRC."""

    def __init__(self, name: str, head: bytes, chunk: bytes, repeat: int, tail: bytes,
                 declared: int | None = None) -> None:
        self.name = name.encode()
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
        middle = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH) if repeat else b""
        last = c.compress(tail) + c.flush(zlib.Z_FINISH)
        self.pieces = (first, middle, repeat, last)
        self.size = len(head) + len(chunk) * repeat + len(tail)
        self.csize = len(first) + len(middle) * repeat + len(last)
        crc = zlib.crc32(head)
        for _ in range(repeat):
            crc = zlib.crc32(chunk, crc)
        self.crc = zlib.crc32(tail, crc)
        self.declared = self.size if declared is None else declared

    def write_data(self, out: bytearray) -> None:
        first, middle, repeat, last = self.pieces
        out += first
        out += middle * repeat
        out += last


def _zip(members: list[_Member]) -> bytes:
    out = bytearray()
    central = bytearray()
    for m in members:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, m.crc, m.csize,
                           m.declared, len(m.name), 0) + m.name
        m.write_data(out)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, m.crc,
                               m.csize, m.declared, len(m.name), 0, 0, 0, 0, 0, offset) + m.name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(central), cd_offset, 0)
    return bytes(out)


def bomb_docx(inflated: int, shape: str = "paragraphs", declared: int | None = None) -> bytes:
    """A DOCX whose ``word/document.xml`` inflates to about *inflated* bytes (under 4 GiB):
    ``paragraphs`` (many short paragraphs) or ``text_node`` (one paragraph, one text node).
    *declared*: the size its ZIP headers give instead of the true one (a header that lies)."""
    if shape == "paragraphs":
        head, unit, tail = HEAD, PARAGRAPH, TAIL
    elif shape == "text_node":
        head, unit, tail = HEAD + b"<w:p><w:r><w:t>", "节能".encode(), b"</w:t></w:r></w:p>" + TAIL
    else:
        raise ValueError(shape)
    chunk = unit * max(1, (1 << 20) // len(unit))
    repeat = max(0, (inflated - len(head) - len(tail)) // len(chunk))
    return _zip([
        _Member("[Content_Types].xml", CONTENT_TYPES, b"", 0, b""),
        _Member("_rels/.rels", RELS, b"", 0, b""),
        _Member("word/document.xml", head, chunk, repeat, tail, declared),
    ])


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for shape, size in (("paragraphs", 1_160_000_000), ("text_node", 1_260_000_000)):
        t = time.perf_counter()
        data = bomb_docx(size, shape)
        (out / f"{shape}.docx").write_bytes(data)
        print(f"{out / f'{shape}.docx'}: {len(data) / 1e6:.1f} MB inflating to "
              f"{size / 1e9:.2f} GB, built in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
