"""Wires the stages: load → normalize → meta → outline → extractors → Document.

Stages, in order:

1. ``loaders.load``            a file becomes one :class:`~policyparse.loaders.Loaded` text
2. ``normalize.normalize``     one normalized text with a map back to the loaded text
3. ``extract.meta``            title, 文号, issuer, date; where the body begins
4. ``outline.segment``         the Section tree of the body
5. ``extract.*``               responsibilities, targets, deadlines, citations (each pure)
"""

from __future__ import annotations

from pathlib import Path

from .extract.meta import extract_meta
from .loaders import Loaded, load
from .models import Document, Source
from .normalize import normalize
from .outline import segment


def build(loaded: Loaded) -> Document:
    """Turn loaded text into a Document."""
    mapped = normalize(loaded.text)
    text = mapped.text
    mres = extract_meta(text)
    outline = segment(text, mres.body_start)
    page_starts = None
    if loaded.page_starts is not None:
        page_starts = _map_page_starts(mapped, loaded.page_starts)
    doc = Document(
        source=Source(
            path=loaded.path,
            format=loaded.format,
            sha256=loaded.sha256,
            encoding=loaded.encoding,
            pages=len(loaded.page_starts) if loaded.page_starts is not None else None,
            page_starts=page_starts,
            size=loaded.size,
        ),
        meta=mres.meta,
        text=text,
        outline=outline.sections,
        warnings=list(outline.warnings),
    )
    return doc


def _map_page_starts(mapped: object, source_starts: list[int]) -> list[int]:
    """Page starts in the normalized text: the first offset whose source is on that page."""
    from bisect import bisect_left

    from .textmap import MappedText

    assert isinstance(mapped, MappedText)
    n = len(mapped.text)
    # source offset of every normalized position is monotonic: binary search per page
    out = []
    for src in source_starts:
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if mapped.to_source(mid) < src:
                lo = mid + 1
            else:
                hi = mid
        out.append(lo)
    del bisect_left
    return out


def parse(path: str | Path) -> Document:
    """Parse a notice file (.txt, .md, .pdf, .docx) into a Document."""
    return build(load(path))


def parse_text(text: str, *, path: str | None = None, fmt: str = "txt") -> Document:
    """Parse a notice given as a string."""
    import hashlib

    data = text.encode("utf-8")
    loaded = Loaded(text=text, format=fmt, path=path, encoding=None,
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return build(loaded)
