"""Loaders: one module per format, each turning a file into the same small :class:`Loaded`.

``text.py`` (.txt, .md), ``pdf.py`` (on pypdfium2 and pdfplumber, with ``pdflayout.py`` for the
page geometry), ``docx.py`` (on python-docx) and ``html.py`` (web pages, on lxml).
:func:`load` reads a file by its suffix; :func:`load_bytes` reads bytes without a name (stdin,
a crawler's download) by what they begin with.

Nothing after the loaders knows which format a text came from. Heavy libraries (pdfplumber,
python-docx) are imported inside their loader, only when such a file is read.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .._dataclass import dataclass, field
from ..errors import (
    EmptyInput,
    InputNotFound,
    NotAFile,
    PolicyParseError,
    TooLarge,
    UnsupportedFormat,
)
from ..limits import Limits, human


@dataclass
class Cell:
    """One table cell: its text and where that text stands in :attr:`Loaded.text`."""

    text: str
    start: int
    end: int


@dataclass
class Table:
    """A real table from a PDF or DOCX: rows of cells, merged cells already carried down."""

    rows: list[list[Cell]]
    page: int | None = None


@dataclass
class Loaded:
    """What a loader hands to the normalizer."""

    text: str
    format: str
    path: str | None = None
    encoding: str | None = None
    sha256: str = ""
    size: int = 0
    page_starts: list[int] | None = None
    """Offsets in :attr:`text` where each page begins (PDF)."""
    tables: list[Table] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """``(code, message)`` of what the loader doubted or skipped (e.g. scanned pages)."""


Loader = Callable[[Path, bytes, str, Limits], Loaded]
"""A loader: (path, the file's bytes, the format name, the limits) → Loaded."""

SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


def read_bytes(path: Path, max_size: int | None = None) -> bytes:
    """Read a regular file, turning OS errors into one-line errors that name the file.

    A FIFO, socket, device or directory is refused at once (opened without blocking, never
    read); a file over *max_size* bytes is refused before it is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputNotFound(path, "no such file") from None
    except PermissionError:
        raise PolicyParseError(path, "permission denied") from None
    except OSError as exc:
        try:
            mode = os.stat(path).st_mode
        except OSError:  # a socket cannot be opened at all; something else may not be statted
            pass
        else:
            if not stat.S_ISREG(mode):
                raise NotAFile(path, f"{_file_kind(mode)}, not a regular file") from None
        raise PolicyParseError(path, f"cannot read: {exc.strerror or exc}") from None
    # read by os.read on the descriptor itself: a buffered file object around it (os.fdopen)
    # costs more than the rest of a short file's read
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(path, f"{_file_kind(st.st_mode)}, not a regular file")
        if max_size is not None and st.st_size > max_size:
            raise TooLarge(path, f"file is {human(st.st_size)}, over the limit of "
                           f"{human(max_size)} (max_size)")
        try:
            data = _read_at_most(fd, st.st_size, None if max_size is None else max_size + 1)
        except OSError as exc:
            raise PolicyParseError(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if max_size is not None and len(data) > max_size:  # it grew while we read it
        raise TooLarge(path, f"file is over the limit of {human(max_size)} (max_size)")
    if not data:
        raise EmptyInput(path, "file is empty")
    return data


def _read_at_most(fd: int, size: int, limit: int | None) -> bytes:
    """Up to *limit* bytes (all, where None) of the open file *fd*, whose size fstat gave as
    *size*: a read of that size and one byte more (a read of *limit* bytes first allocates
    them all: 100 MiB for every file, by default), and the rest, :data:`_CHUNK` bytes a read,
    only where that byte came (the file grew). A read that gives less than it asked for is
    followed by another, until one gives nothing (the end of the file).
    """
    cap = sys.maxsize if limit is None else limit
    want = min(size + 1, cap)
    parts: list[bytes] = []
    got = 0
    while got < cap:
        # (past the size fstat gave, the file grew: on in chunks, up to the limit)
        part = os.read(fd, want - got if got < want else min(_CHUNK, cap - got))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


_CHUNK = 1 << 20
"""The bytes :func:`_read_at_most` asks for a read, past the size fstat gave."""


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"is {name}"
    return "is a special file"


def format_of(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIXES))
        raise UnsupportedFormat(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"policyparse reads {known}")
    return fmt


def _load_text(path: Path, data: bytes, fmt: str, limits: Limits) -> Loaded:
    return load_text(path, data, fmt)


def _load_pdf(path: Path, data: bytes, fmt: str, limits: Limits) -> Loaded:
    from .pdf import load_pdf

    return load_pdf(path, data, max_pages=limits.max_pages)


def _load_docx(path: Path, data: bytes, fmt: str, limits: Limits) -> Loaded:
    from .docx import load_docx

    return load_docx(path, data, max_inflate=limits.max_inflate)


def _load_html(path: Path, data: bytes, fmt: str, limits: Limits) -> Loaded:
    from .html import load_html

    return load_html(path, data)


_LOADERS: dict[str, Loader] = {
    "txt": _load_text,
    "md": _load_text,
    "pdf": _load_pdf,
    "docx": _load_docx,
    "html": _load_html,
}

FORMATS = tuple(_LOADERS)
"""The format names :func:`load` and :func:`load_bytes` take as ``fmt``."""


def load(path: str | Path, fmt: str | None = None, limits: Limits | None = None) -> Loaded:
    """Load any supported file by its suffix (or as *fmt* when given), within *limits*
    (the defaults of :class:`~policyparse.limits.Limits` when None)."""
    lim = limits or Limits.resolve(None)
    p = path if isinstance(path, Path) else Path(path)  # (a Path made anew parses it again)
    if _is_dir(p):
        raise NotAFile(p, "is a directory, not a file")
    if fmt is None:
        fmt = format_of(p)
    elif fmt not in _LOADERS:
        raise UnsupportedFormat(p, f"unknown format {fmt!r}; policyparse reads "
                                f"{', '.join(FORMATS)}")
    data = read_bytes(p, lim.max_size)
    loaded = _LOADERS[fmt](p, data, fmt, lim)
    loaded.path = str(p)
    loaded.sha256 = sha256_hex(data)
    loaded.size = len(data)
    return loaded


def _is_dir(p: Path) -> bool:
    """Whether *p* is a directory (:class:`InputNotFound` where nothing is there): one stat
    for ``p.exists()`` and ``p.is_dir()``, whose answers it gives (they stat the path each).

    >>> _is_dir(Path("/")), _is_dir(Path(__file__))
    (True, False)
    """
    try:
        mode = os.stat(p).st_mode
    except (OSError, ValueError):
        # not there, or not to be statted: Path's own answers (exists() raises the errors it
        # does not take for "not there", as before)
        if not p.exists():
            raise InputNotFound(p, "no such file") from None
        return p.is_dir()
    return stat.S_ISDIR(mode)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of *data* in hex, as ``hashlib.sha256(data).hexdigest()``.

    hashlib hashes with OpenSSL, four times as fast as the interpreter's own SHA-2 module, but
    importing it (and OpenSSL) takes as long as that module takes for half a megabyte: while
    hashlib is not loaded, the builtin module hashes the first 256 KiB a process hashes (a
    one-file ``policyparse parse`` never loads hashlib), and hashlib what comes after (a batch
    or a loop of parses pays its import once, a fraction of what the builtin module would
    spend on the rest). The digest is the same either way.

    >>> sha256_hex(b"abc")[:16]
    'ba7816bf8f01cfea'
    """
    global _builtin_hashed
    if "hashlib" not in sys.modules and _builtin_hashed + len(data) < _BUILTIN_SHA256_BELOW:
        sha256 = _builtin_sha256()
        if sha256 is not None:
            _builtin_hashed += len(data)
            return sha256(data).hexdigest()  # type: ignore[no-any-return]
    import hashlib

    return hashlib.sha256(data).hexdigest()


@cache
def _builtin_sha256() -> Callable[[bytes], Any] | None:
    """The interpreter's own SHA-256 constructor, looked up once (a failed import is not
    remembered by Python: on 3.11, where ``_sha2`` does not exist, asking for it each time
    searched ``sys.path`` on every call); None in a build without it (FIPS)."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # 3.12 on
    except ImportError:
        try:
            from _sha256 import (  # type: ignore[import-not-found,no-redef,unused-ignore]
                sha256,
            )
        except ImportError:  # a build without them (FIPS): hashlib's
            return None
    return sha256  # type: ignore[no-any-return,unused-ignore]


_BUILTIN_SHA256_BELOW = 1 << 18
"""The bytes a process hashes with the builtin module while hashlib is not loaded (256 KiB):
the first input that would take it past this is hashed by hashlib (:func:`sha256_hex`)."""
_builtin_hashed = 0
"""The bytes hashed by the builtin module so far in this process."""


def sniff(data: bytes) -> str:
    """The format of bytes without a file name: PDF by its magic, DOCX by its ZIP holding
    ``word/document.xml``, HTML by its first tag, else text (whose encoding the text loader
    sniffs). Other binary data is left to the text loader, which names it.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!doctype html><html>"), sniff("一、总体要求".encode())
    ('pdf', 'html', 'txt')
    """
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"  # the DOCX loader says so when it is another ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "docx"  # an old .doc or an encrypted .docx: the DOCX loader names which
    from .html import looks_like_html

    return "html" if looks_like_html(data) else "txt"


def load_bytes(data: bytes, name: str = "<bytes>", fmt: str | None = None,
               limits: Limits | None = None) -> Loaded:
    """Load a notice given as bytes; *name* stands for the file in errors ("<stdin>");
    *fmt* ("txt", "md", "pdf", "docx", "html") when known, else sniffed; within *limits*."""
    lim = limits or Limits.resolve(None)
    if not data:
        raise EmptyInput(name, "no input (empty)")
    if len(data) > lim.max_size:
        raise TooLarge(name, f"input is over the limit of {human(lim.max_size)} (max_size)")
    if fmt is None:
        fmt = sniff(data)
    elif fmt not in _LOADERS:
        raise UnsupportedFormat(name, f"unknown format {fmt!r}; policyparse reads "
                                f"{', '.join(FORMATS)}")
    loaded = _LOADERS[fmt](Path(name), data, fmt, lim)
    loaded.path = None
    loaded.sha256 = sha256_hex(data)
    loaded.size = len(data)
    return loaded


# the text loader, imported with the package (it needs no more than codecs and re, and imports
# Loaded, defined above): an import inside _load_text cost a short text's parse more than its
# decoding did
from .text import load_text  # noqa: E402
