"""The whole collection as one SQLite database (standard library :mod:`sqlite3`).

Tables: ``documents``, ``sections`` (the outline, ``parent_id`` for the tree), ``responsibilities``
and their ``units``, ``targets``, ``deadlines``, ``citations``, ``warnings``, and ``info``
(schema and policyparse versions). Every row carries its ``document_id``; section paths are
labels joined by "/" (二/（一）/1); spans are ``span_start``/``span_end`` into
``documents.text``. The view ``unit_tasks`` counts, for each unit, the tasks and documents it
is named in::

    SELECT unit, tasks FROM unit_tasks ORDER BY tasks DESC LIMIT 10;

The database is built in a temporary file and renamed into place, so it is always complete.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .._version import __version__
from ..models import SCHEMA_VERSION, Document, Section
from . import Sink, path_text

SCHEMA = """
CREATE TABLE info (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, path TEXT, format TEXT, sha256 TEXT, encoding TEXT, pages INTEGER,
    size INTEGER, title TEXT, doc_number TEXT, issuer TEXT, date TEXT, publicity TEXT,
    notice_title TEXT, recipients TEXT, text TEXT
);
CREATE TABLE sections (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    parent_id INTEGER REFERENCES sections(id), position INTEGER, level INTEGER, label TEXT,
    marker TEXT, heading TEXT, path TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE responsibilities (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id), path TEXT, source TEXT, table_row INTEGER,
    raw TEXT, task TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    responsibility_id INTEGER NOT NULL REFERENCES responsibilities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    name TEXT, text TEXT, role TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id), path TEXT, text TEXT, indicator TEXT,
    comparator TEXT, value REAL, value_low REAL, value_high REAL, unit TEXT, year INTEGER,
    baseline_year INTEGER, binding TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id), path TEXT, text TEXT, kind TEXT,
    start_date TEXT, end_date TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    title TEXT, doc_number TEXT, span_start INTEGER, span_end INTEGER
);
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    code TEXT, message TEXT, span_start INTEGER, span_end INTEGER
);
CREATE VIEW unit_tasks AS
    SELECT name AS unit, COUNT(DISTINCT responsibility_id) AS tasks,
           COUNT(DISTINCT document_id) AS documents
    FROM units GROUP BY name;
"""

INDEXES = """
CREATE INDEX sections_document ON sections(document_id, path);
CREATE INDEX responsibilities_document ON responsibilities(document_id);
CREATE INDEX units_name ON units(name);
CREATE INDEX units_responsibility ON units(responsibility_id);
CREATE INDEX targets_document ON targets(document_id);
CREATE INDEX deadlines_document ON deadlines(document_id);
CREATE INDEX citations_document ON citations(document_id);
CREATE INDEX warnings_document ON warnings(document_id);
"""

Row = Sequence[Any]


class SqliteSink(Sink):
    """``with SqliteSink(path) as sink: sink.add(doc)`` — one database for the collection."""

    _db: sqlite3.Connection

    def open(self) -> None:
        self._db = sqlite3.connect(self.tmp)
        # a private temporary file until the rename: no journal needed
        self._db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        self._db.executemany("INSERT INTO info VALUES (?, ?)", [
            ("schema_version", SCHEMA_VERSION), ("policyparse_version", __version__)])
        self._ids: dict[str, int] = {}

    def _next(self, table: str, n: int = 1) -> int:
        """The first of *n* new ids for *table* (ids are ours, so rows go in by executemany)."""
        first = self._ids.get(table, 0) + 1
        self._ids[table] = first + n - 1
        return first

    def add(self, doc: Document) -> None:
        s, m = doc.source, doc.meta
        did = self._next("documents")
        self._insert("documents", [(
            did, s.path, s.format, s.sha256, s.encoding, s.pages, s.size, m.title, m.doc_number,
            m.issuer, m.date, m.publicity, m.notice_title,
            json.dumps(m.recipients, ensure_ascii=False), doc.text,
        )])
        section_ids = self._add_sections(did, doc.outline)

        def section_of(path: list[str]) -> int | None:
            return section_ids.get(tuple(path))

        rid = self._next("responsibilities", len(doc.responsibilities))
        resp_rows, unit_rows = [], []
        for i, r in enumerate(doc.responsibilities):
            resp_rows.append((rid + i, did, section_of(r.path), path_text(r.path), r.source,
                              r.row, r.raw, r.task, *r.span))
            for u in r.units:
                span = u.span or (None, None)
                unit_rows.append((rid + i, did, u.name, u.text, u.role, *span))
        self._insert("responsibilities", resp_rows)
        self._insert("units", unit_rows, ids=False)
        self._insert("targets", [
            (did, section_of(t.path), path_text(t.path), t.text, t.indicator, t.comparator,
             t.value, *(t.value_range or (None, None)), t.unit, t.year, t.baseline_year,
             t.binding, *t.span)
            for t in doc.targets], ids=False)
        self._insert("deadlines", [
            (did, section_of(d.path), path_text(d.path), d.text, d.kind, d.start, d.end, *d.span)
            for d in doc.deadlines], ids=False)
        self._insert("citations", [
            (did, c.title, c.doc_number, *c.span) for c in doc.citations], ids=False)
        self._insert("warnings", [
            (did, w.code, w.message, *(w.span or (None, None))) for w in doc.warnings],
            ids=False)

    def _add_sections(self, did: int, outline: list[Section]) -> dict[tuple[str, ...], int]:
        """Insert the outline; return the id of each numbered section by its path."""
        rows: list[Row] = []
        by_path: dict[tuple[str, ...], int] = {}

        def walk(sections: list[Section], parent: int | None) -> None:
            for s in sections:
                sid = self._next("sections")
                rows.append((sid, did, parent, len(rows), s.level, s.label, s.marker, s.heading,
                             path_text(s.path), *s.span))
                if s.label is not None:
                    by_path.setdefault(tuple(s.path), sid)
                walk(s.children, sid)

        walk(outline, None)
        self._insert("sections", rows)
        return by_path

    def _insert(self, table: str, rows: Iterable[Row], *, ids: bool = True) -> None:
        """Insert *rows*; without *ids* the first column (``id``) is left to SQLite."""
        rows = list(rows)
        if not rows:
            return
        n = len(rows[0])
        if ids:
            sql = f"INSERT INTO {table} VALUES ({', '.join('?' * n)})"
        else:
            sql = f"INSERT INTO {table} VALUES (NULL, {', '.join('?' * n)})"
        self._db.executemany(sql, rows)

    def close(self) -> None:
        try:
            self._db.executescript(INDEXES)
            self._db.commit()
        finally:
            self._db.close()
