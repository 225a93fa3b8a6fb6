"""One CSV row per responsible unit: document, section path, task text, unit, role, deadline;
and (:class:`TargetCsvSink`) one row per target, prose or indicator-table row.

UTF-8 with a byte-order mark by default (``utf-8-sig``: Excel on a Chinese Windows reads the
file as UTF-8 only then), or plain ``utf-8`` for tools that dislike the mark; fields with
commas, quotes or newlines are quoted (RFC 4180).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TextIO

from ..models import Document
from . import Sink, path_text, task_deadline

ENCODINGS = ("utf-8-sig", "utf-8")
"""The encodings the CSV is written in: with a byte-order mark (the default) or without."""

COLUMNS = (
    "document",       # Source.path
    "title",
    "doc_number",
    "section_path",   # labels joined by "/": 二/（一）/1
    "source",         # inline | table
    "table_row",      # the task number of a table row
    "task",
    "unit",           # canonical name
    "unit_as_written",
    "role",           # lead | support | responsible | guidance
    "deadline",       # the deadlines as written, joined by "；"
    "deadline_end",   # the latest of their end dates, YYYY-MM-DD
)


class CsvSink(Sink):
    """``with CsvSink(path) as sink: sink.add(doc)`` — rows for every unit of every task."""

    _fh: TextIO
    _writer: Any

    def __init__(self, path: str | Path, encoding: str = "utf-8-sig") -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"CSV encoding {encoding!r}: choose one of {', '.join(ENCODINGS)}")
        super().__init__(path)
        self.encoding = encoding

    def open(self) -> None:
        self._fh = self.tmp.open("w", encoding=self.encoding, newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(COLUMNS)

    def add(self, doc: Document) -> None:
        for r in doc.responsibilities:
            deadline, _, end = task_deadline(doc, r)
            for unit in r.units:
                self._writer.writerow((
                    doc.source.path, doc.meta.title, doc.meta.doc_number, path_text(r.path),
                    r.source, r.row, r.task or "", unit.name, unit.text, unit.role, deadline,
                    end,
                ))

    def close(self) -> None:
        self._fh.close()


TARGET_COLUMNS = (
    "document",       # Source.path
    "title",
    "section_path",   # labels joined by "/"
    "source",         # inline (a clause of the prose) | table (a row of an indicator table)
    "indicator",
    "comparator",
    "relation",       # >=, >, <=, <, =, ~, decrease, increase
    "value",
    "value_low",      # a range: its ends (value is then empty)
    "value_high",
    "unit",
    "year",
    "baseline_year",
    "baseline_value",  # the indicator table's value for the baseline year
    "binding",        # 约束性, 预期性, 力争 …
    "text",           # the clause, or the table cell
    "span_start",
    "span_end",
)


class TargetCsvSink(CsvSink):
    """``with TargetCsvSink(path) as sink: sink.add(doc)`` — one row for every target."""

    def open(self) -> None:
        self._fh = self.tmp.open("w", encoding=self.encoding, newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(TARGET_COLUMNS)

    def add(self, doc: Document) -> None:
        for t in doc.targets:
            low, high = t.value_range or (None, None)
            self._writer.writerow((
                doc.source.path, doc.meta.title, path_text(t.path), t.source, t.indicator,
                t.comparator, t.relation, t.value, low, high, t.unit, t.year, t.baseline_year,
                t.baseline_value, t.binding, t.text, *t.span,
            ))

    def close(self) -> None:
        self._fh.close()
