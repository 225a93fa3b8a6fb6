"""All documents as one JSON Lines file: one compact Document per line."""

from __future__ import annotations

from typing import TextIO

from ..models import Document
from . import Sink


class JsonlSink(Sink):
    """``with JsonlSink(path) as sink: sink.add(doc)`` — one line per document."""

    _fh: TextIO

    def open(self) -> None:
        self._fh = self.tmp.open("w", encoding="utf-8", newline="\n")

    def add(self, doc: Document) -> None:
        self._fh.write(doc.to_json(indent=None))
        self._fh.write("\n")

    def close(self) -> None:
        self._fh.close()
