"""Review pages for a whole batch: one HTML page per document and an index page.

The pages go in a folder of their own (``OUTDIR/html/``); each is written atomically as its
document passes, and ``index.html`` appears last, listing every page with its counts and every
input that failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ..models import Document
from ..report import BatchPages
from . import Sink

Failures = Callable[[], Iterable[tuple[str, str]]]


class HtmlSink(Sink):
    """``with HtmlSink(folder / "index.html", failures) as sink: sink.add(doc)``.

    *failures* is called when the index is written and gives ``(source, message)`` pairs.
    """

    _fh: TextIO

    def __init__(self, path: str | Path, failures: Failures = tuple) -> None:
        super().__init__(path)
        self._pages = BatchPages(self.path.parent)
        self._failures = failures

    def open(self) -> None:
        self._fh = self.tmp.open("w", encoding="utf-8")

    def add(self, doc: Document) -> None:
        self._pages.add(doc)

    def close(self) -> None:
        with self._fh:
            self._fh.write(self._pages.index(self._failures()))
