"""Loaders: one module per format, each turning a file into the same small :class:`Loaded`.

``text.py`` (.txt, .md), ``pdf.py`` (on pypdfium2 and pdfplumber, with ``pdflayout.py`` for the
page geometry) and ``docx.py`` (on python-docx).

Nothing after the loaders knows which format a text came from. Heavy libraries (pdfplumber,
python-docx) are imported inside their loader, only when such a file is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EmptyInput, InputNotFound, PolicyParseError, UnsupportedFormat


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


Loader = Callable[[Path, bytes, str], Loaded]
"""A loader: (path, the file's bytes, the format name) → Loaded."""

SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
}


def read_bytes(path: Path) -> bytes:
    """Read a file, turning OS errors into one-line errors that name the file."""
    try:
        if path.is_dir():
            raise PolicyParseError(path, "is a directory, not a file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputNotFound(path, "no such file") from None
    except PermissionError:
        raise PolicyParseError(path, "permission denied") from None
    except OSError as exc:
        raise PolicyParseError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data:
        raise EmptyInput(path, "file is empty")
    return data


def format_of(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIXES))
        raise UnsupportedFormat(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"policyparse reads {known}")
    return fmt


def _load_text(path: Path, data: bytes, fmt: str) -> Loaded:
    from .text import load_text

    return load_text(path, data, fmt)


def _load_pdf(path: Path, data: bytes, fmt: str) -> Loaded:
    from .pdf import load_pdf

    return load_pdf(path, data)


def _load_docx(path: Path, data: bytes, fmt: str) -> Loaded:
    from .docx import load_docx

    return load_docx(path, data)


_LOADERS: dict[str, Loader] = {
    "txt": _load_text,
    "md": _load_text,
    "pdf": _load_pdf,
    "docx": _load_docx,
}


def load(path: str | Path) -> Loaded:
    """Load any supported file by its suffix."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound(p, "no such file")
    if p.is_dir():
        raise PolicyParseError(p, "is a directory, not a file")
    fmt = format_of(p)
    data = read_bytes(p)
    loaded = _LOADERS[fmt](p, data, fmt)
    loaded.path = str(p)
    loaded.sha256 = hashlib.sha256(data).hexdigest()
    loaded.size = len(data)
    return loaded
