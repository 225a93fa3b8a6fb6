"""The whole collection as one SQLite database (standard library :mod:`sqlite3`).

Tables: ``documents``, ``sections`` (the outline, ``parent_id`` for the tree), ``tasks`` (one
row per task: its text, its deadlines' latest end as an ISO date and that year), the
``responsibilities`` that name units for a task (``task_id``) and their ``units``, ``targets``
(with ``relation``, ``qualifier``, ``norm_value``, ``norm_unit`` and the year's span;
``source`` inline or table: a row of an indicator table, with its ``baseline_value``),
``deadlines``, ``task_deadlines`` and ``task_targets`` (which deadlines govern a task and which
targets it holds), ``citations``, ``warnings``, and ``info`` (schema and policyparse versions).
Every row carries its ``document_id``; section paths are labels joined by "/" (二/（一）/1);
spans are ``span_start``/``span_end`` into ``documents.text``. The view ``unit_tasks`` counts,
for each unit, the tasks and documents it is named in::

    SELECT unit, tasks FROM unit_tasks ORDER BY tasks DESC LIMIT 10;

and the tasks a unit leads, with their deadlines (:data:`TASKS_LED_BY`)::

    SELECT d.title, t.text, t.deadline_end FROM units u
    JOIN responsibilities r ON r.id = u.responsibility_id JOIN tasks t ON t.id = r.task_id
    JOIN documents d ON d.id = t.document_id
    WHERE u.name = '市发展改革委' AND u.role = 'lead' ORDER BY t.deadline_end;

and a year's targets per indicator summed across notices in one base unit
(:data:`TARGETS_BY_INDICATOR`).

The database is built in a temporary file and renamed into place, so it is always complete.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .._version import __version__
from ..models import SCHEMA_VERSION, Document, Section
from . import Sink, path_text, task_deadline

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
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id), path TEXT, source TEXT, table_row INTEGER,
    text TEXT, deadline TEXT, deadline_start TEXT, deadline_end TEXT, year INTEGER,
    span_start INTEGER, span_end INTEGER
);
CREATE TABLE responsibilities (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id), path TEXT, source TEXT, table_row INTEGER,
    raw TEXT, task TEXT, span_start INTEGER, span_end INTEGER,
    task_id INTEGER REFERENCES tasks(id), roles_stated INTEGER
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
    baseline_year INTEGER, binding TEXT, span_start INTEGER, span_end INTEGER,
    relation TEXT, qualifier TEXT, norm_value REAL, norm_value_low REAL, norm_value_high REAL,
    norm_unit TEXT, year_span_start INTEGER, year_span_end INTEGER, source TEXT, baseline_value REAL
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
CREATE TABLE task_deadlines (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    deadline_id INTEGER NOT NULL REFERENCES deadlines(id)
);
CREATE TABLE task_targets (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    target_id INTEGER NOT NULL REFERENCES targets(id)
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
CREATE INDEX units_name ON units(name, role);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_year ON tasks(year);
CREATE INDEX responsibilities_task ON responsibilities(task_id);
CREATE INDEX targets_year ON targets(year, indicator);
CREATE INDEX task_deadlines_task ON task_deadlines(task_id);
CREATE INDEX task_targets_task ON task_targets(task_id);
CREATE INDEX units_responsibility ON units(responsibility_id);
CREATE INDEX targets_document ON targets(document_id);
CREATE INDEX deadlines_document ON deadlines(document_id);
CREATE INDEX citations_document ON citations(document_id);
CREATE INDEX warnings_document ON warnings(document_id);
"""

Row = Sequence[Any]

TASKS_LED_BY = """
    SELECT d.path AS document, d.title, t.path AS section, t.text AS task, t.deadline,
           t.deadline_end, t.year
    FROM units u
    JOIN responsibilities r ON r.id = u.responsibility_id
    JOIN tasks t ON t.id = r.task_id
    JOIN documents d ON d.id = t.document_id
    WHERE u.name = :unit AND u.role = :role
    ORDER BY t.deadline_end IS NULL, t.deadline_end, d.path, t.span_start
"""
"""The tasks a unit leads (:role 'lead'; or is responsible for, supports, guides), with their
deadlines; the README's "Querying the database" gives it too (a test holds them equal)."""

TARGETS_BY_INDICATOR = """
    SELECT indicator, norm_unit, relation, SUM(norm_value) AS total,
           COUNT(DISTINCT document_id) AS notices
    FROM targets
    WHERE year = :year AND norm_value IS NOT NULL
    GROUP BY indicator, norm_unit, relation
    ORDER BY notices DESC, indicator
"""
"""A year's targets per indicator, summed across notices in one base unit."""


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

        deadline_id = self._next("deadlines", len(doc.deadlines))
        self._insert("deadlines", [
            (deadline_id + k, did, section_of(d.path), path_text(d.path), d.text, d.kind,
             d.start, d.end, *d.span)
            for k, d in enumerate(doc.deadlines)])
        target_id = self._next("targets", len(doc.targets))
        self._insert("targets", [
            (target_id + k, did, section_of(t.path), path_text(t.path), t.text, t.indicator,
             t.comparator, t.value, *(t.value_range or (None, None)), t.unit, t.year,
             t.baseline_year, t.binding, *t.span, t.relation, t.qualifier, t.norm_value,
             *(t.norm_value_range or (None, None)), t.norm_unit, *(t.year_span or (None, None)),
             t.source, t.baseline_value)
            for k, t in enumerate(doc.targets)])
        # one task per distinct task text and place: lists that govern the same text share it
        task_ids: dict[tuple[object, ...], int] = {}
        task_rows, task_deadlines, task_targets = [], [], []
        resp_rows, unit_rows = [], []
        rid = self._next("responsibilities", len(doc.responsibilities))
        for i, r in enumerate(doc.responsibilities):
            key = (r.task_span, r.task, r.row) if r.task_span is not None else (r.span, r.task)
            tid = task_ids.get(key)
            if tid is None:
                tid = task_ids[key] = self._next("tasks")
                deadline, start, end = task_deadline(doc, r)
                span = r.task_span or (None, None)
                task_rows.append((
                    tid, did, section_of(r.path), path_text(r.path), r.source, r.row, r.task,
                    deadline or None, start, end, int(end[:4]) if end else None, *span))
                task_deadlines += [(tid, deadline_id + k) for k in r.deadlines]
                task_targets += [(tid, target_id + k) for k in r.targets]
            resp_rows.append((rid + i, did, section_of(r.path), path_text(r.path), r.source,
                              r.row, r.raw, r.task, *r.span, tid, int(r.roles_stated)))
            for u in r.units:
                span = u.span or (None, None)
                unit_rows.append((rid + i, did, u.name, u.text, u.role, *span))
        self._insert("tasks", task_rows)
        self._insert("task_deadlines", task_deadlines, ids=None)
        self._insert("task_targets", task_targets, ids=None)
        self._insert("responsibilities", resp_rows)
        self._insert("units", unit_rows, ids=False)
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

    def _insert(self, table: str, rows: Iterable[Row], *, ids: bool | None = True) -> None:
        """Insert *rows*; with ``ids=False`` the first column (``id``) is left to SQLite, with
        ``ids=None`` the table has none (a join table)."""
        rows = list(rows)
        if not rows:
            return
        n = len(rows[0])
        if ids or ids is None:
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
