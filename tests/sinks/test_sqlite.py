"""The SQLite database: every document's items, queryable across the whole collection."""

from __future__ import annotations

import json
import sqlite3

import policyparse
from policyparse.models import Document
from policyparse.sinks import path_text
from policyparse.sinks.sqlite import SqliteSink
from tests.conftest import SAMPLE_FILES, SAMPLES
from tests.sinks.conftest import tasks_per_unit
from tests.test_cli import run as cli

MOST_TASKS = """
    SELECT u.name, COUNT(DISTINCT r.id) AS tasks, COUNT(DISTINCT d.id) AS documents
    FROM units u
    JOIN responsibilities r ON r.id = u.responsibility_id
    JOIN documents d ON d.id = r.document_id
    GROUP BY u.name
    ORDER BY tasks DESC, u.name
"""


def build(path, docs: list[Document]) -> sqlite3.Connection:
    with SqliteSink(path) as sink:
        for doc in docs:
            sink.add(doc)
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


def test_every_documents_responsibilities_and_targets_are_there(tmp_path, collection):
    db = build(tmp_path / "c.sqlite", collection)
    for doc in collection:
        (did,) = db.execute("SELECT id FROM documents WHERE path = ?", (doc.source.path,)).fetchone()
        resps = db.execute("SELECT * FROM responsibilities WHERE document_id = ? ORDER BY span_start",
                           (did,)).fetchall()
        assert [(r["raw"], r["path"], r["source"], r["table_row"], (r["span_start"], r["span_end"]))
                for r in resps] == [
            (r.raw, path_text(r.path), r.source, r.row, r.span) for r in doc.responsibilities]
        for row, r in zip(resps, doc.responsibilities, strict=True):
            units = db.execute("SELECT name, text, role, span_start, span_end FROM units "
                               "WHERE responsibility_id = ? ORDER BY id", (row["id"],)).fetchall()
            assert [tuple(u) for u in units] == [(u.name, u.text, u.role, *u.span) for u in r.units]
            if r.task is not None:
                assert row["task"] == r.task
        targets = db.execute("SELECT * FROM targets WHERE document_id = ? ORDER BY span_start",
                             (did,)).fetchall()
        assert [(t["text"], t["indicator"], t["comparator"], t["value"], t["unit"], t["year"],
                 t["path"]) for t in targets] == [
            (t.text, t.indicator, t.comparator, t.value, t.unit, t.year, path_text(t.path))
            for t in doc.targets]
        deadlines = db.execute("SELECT text, kind, end_date FROM deadlines WHERE document_id = ?",
                               (did,)).fetchall()
        assert [tuple(d) for d in deadlines] == [(d.text, d.kind, d.end) for d in doc.deadlines]
        citations = db.execute("SELECT title, doc_number FROM citations WHERE document_id = ?",
                               (did,)).fetchall()
        assert [tuple(c) for c in citations] == [(c.title, c.doc_number) for c in doc.citations]
        # spans index documents.text
        (text,) = db.execute("SELECT text FROM documents WHERE id = ?", (did,)).fetchone()
        for r in resps:
            assert text[r["span_start"]:r["span_end"]] == r["raw"]


def test_which_units_are_responsible_for_the_most_tasks(tmp_path, collection):
    db = build(tmp_path / "c.sqlite", collection)
    rows = db.execute(MOST_TASKS).fetchall()
    expected = tasks_per_unit(collection)
    assert {r["name"]: r["tasks"] for r in rows} == dict(expected)
    assert rows[0]["name"] == "市发展改革委"
    assert (rows[0]["tasks"], rows[0]["documents"]) == (4, 2)  # across two documents
    assert rows[1]["name"] == "市住房城乡建设局" and rows[1]["tasks"] == 2
    # the view says the same
    view = db.execute("SELECT unit, tasks FROM unit_tasks ORDER BY tasks DESC, unit").fetchall()
    assert [tuple(v) for v in view] == [(r["name"], r["tasks"]) for r in rows]


def test_sections_keep_the_tree(tmp_path, collection):
    db = build(tmp_path / "c.sqlite", collection)
    for doc in collection:
        rows = db.execute(
            "SELECT s.path, s.heading, s.level, p.path AS parent FROM sections s "
            "JOIN documents d ON d.id = s.document_id LEFT JOIN sections p ON p.id = s.parent_id "
            "WHERE d.path = ? ORDER BY s.position", (doc.source.path,)).fetchall()
        assert [(r["path"], r["heading"], r["level"]) for r in rows] == [
            (path_text(s.path), s.heading, s.level) for s in doc.sections()]
        for r in rows:
            assert (r["parent"] is None) == ("/" not in r["path"])
            if r["parent"] is not None:
                assert r["path"].startswith(r["parent"] + "/")
    # a responsibility points at its section
    (n,) = db.execute("SELECT COUNT(*) FROM responsibilities r JOIN sections s "
                      "ON s.id = r.section_id AND s.path = r.path").fetchone()
    assert n == sum(len(d.responsibilities) for d in collection)


def test_batch_builds_the_database_from_the_samples_once_per_document(tmp_path):
    db_path = tmp_path / "collection.sqlite"
    for _ in range(2):  # a re-run rebuilds it: still one row per document
        p = cli("batch", str(SAMPLES / "*.txt"), "-o", str(tmp_path / "out"),
                "--sqlite", str(db_path))
        assert p.returncode == 0, p.stderr
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT value FROM info WHERE name = 'schema_version'").fetchone() == ("1",)
    rows = db.execute("SELECT id, path, title, doc_number, sha256, recipients FROM documents "
                      "ORDER BY path").fetchall()
    assert [r[1] for r in rows] == [str(p) for p in SAMPLE_FILES]
    for (did, _path, title, doc_number, sha, recipients), sample in zip(rows, SAMPLE_FILES,
                                                                       strict=True):
        doc = policyparse.parse(sample)
        assert (title, doc_number, sha) == (doc.meta.title, doc.meta.doc_number,
                                            doc.source.sha256)
        assert json.loads(recipients) == doc.meta.recipients
        for table, items in [("sections", doc.sections()),
                             ("responsibilities", doc.responsibilities),
                             ("targets", doc.targets), ("deadlines", doc.deadlines),
                             ("citations", doc.citations), ("warnings", doc.warnings)]:
            (n,) = db.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id = ?",
                              (did,)).fetchone()
            assert n == len(items), (sample.name, table)
    most = {name: tasks for name, tasks, _docs in db.execute(MOST_TASKS)}
    assert most == dict(tasks_per_unit([policyparse.parse(s) for s in SAMPLE_FILES]))


def test_indicator_table_targets_keep_source_baseline_and_binding(tmp_path):
    from tests.extract.test_indicators import PLAN

    doc = policyparse.parse_text(PLAN, path="plan.txt")
    db = build(tmp_path / "c.sqlite", [doc])
    got = db.execute("SELECT indicator, year, value, baseline_year, baseline_value, binding, "
                     "source FROM targets ORDER BY span_start").fetchall()
    assert [tuple(r) for r in got] == [
        (t.indicator, t.year, t.value, t.baseline_year, t.baseline_value, t.binding, t.source)
        for t in doc.targets]
    assert tuple(got[0]) == ("空气质量优良天数比例", 2025, 93.0, 2020, 91.2, "约束性", "table")


# --- tasks, their deadlines and targets; the README's queries (issue 14) -----------------------


def readme_query(marker: str) -> str:
    """The SQL block of the README that opens with the comment *marker*."""
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"-- {marker}\n", 1)[1].split("```", 1)[0]
    return block


def _squeeze(sql: str) -> str:
    return " ".join(sql.replace(";", " ").split())


def test_the_readme_queries_are_the_documented_ones():
    from policyparse.sinks.sqlite import TARGETS_BY_INDICATOR, TASKS_LED_BY

    assert _squeeze(readme_query("tasks led by a unit")) == _squeeze(TASKS_LED_BY)
    assert _squeeze(readme_query("targets of a year per indicator")) == _squeeze(
        TARGETS_BY_INDICATOR)


def expected_tasks(docs: list[Document], unit: str, role: str) -> list[tuple]:
    rows = []
    for d in docs:
        for r in d.responsibilities:
            if any(u.name == unit and u.role == role for u in r.units):
                deadlines = [d.deadlines[k] for k in r.deadlines]
                ends = [x.end for x in deadlines if x.end]
                end = max(ends, default=None)
                rows.append((d.source.path, r.task, "；".join(x.text for x in deadlines) or None,
                             end, int(end[:4]) if end else None))
    return sorted(rows, key=lambda t: (t[3] is None, t[3] or "", t[0]))


def test_tasks_led_by_a_unit_with_their_deadlines(tmp_path, collection):
    db = build(tmp_path / "c.sqlite", collection)
    got = db.execute(readme_query("tasks led by a unit"),
                     {"unit": "市工业和信息化局", "role": "lead"}).fetchall()
    assert [(r["document"], r["task"], r["deadline"], r["deadline_end"], r["year"])
            for r in got] == [("a.txt", "推进工业节能。实施节能改造项目，到2025年，"
                               "单位工业增加值能耗下降13.5%", "到2025年", "2025-12-31", 2025)]
    got = db.execute(readme_query("tasks led by a unit"),
                     {"unit": "区农业农村局", "role": "lead"}).fetchall()
    assert [(r["task"], r["deadline_end"]) for r in got] == [("推进农村生活垃圾治理", "2026-12-31")]


def test_the_tasks_query_on_the_samples(tmp_path):
    docs = [policyparse.parse(s) for s in SAMPLE_FILES]
    db = build(tmp_path / "s.sqlite", docs)
    for unit in ("市生态环境局", "市发展改革委"):
        got = db.execute(readme_query("tasks led by a unit"),
                         {"unit": unit, "role": "responsible"}).fetchall()
        want = expected_tasks(docs, unit, "responsible")
        assert want and any(w[4] for w in want)  # some with a deadline
        rows = [tuple(r[k] for k in ("document", "task", "deadline", "deadline_end", "year"))
                for r in got]
        assert sorted(rows, key=repr) == sorted(want, key=repr)


def test_the_tasks_led_by_a_unit_on_notices_that_name_leads(tmp_path):
    """The samples state no lead (their lists say 负责); two evaluation notices that do (牵头单位：
    …, X牵头，Y配合): the README's query gives every task each lead unit leads, with deadlines."""
    root = SAMPLES.parent / "tests" / "data"
    docs = [policyparse.parse(root / name) for name in (
        "corpus/c06_changde_bizenv.txt", "corpus2/d03_luliang_rural_tasks.txt")]
    db = build(tmp_path / "l.sqlite", docs)
    leads = sorted({u.name for d in docs for r in d.responsibilities for u in r.units
                    if u.role == "lead"})
    assert len(leads) >= 5
    for unit in leads:
        got = db.execute(readme_query("tasks led by a unit"), {"unit": unit, "role": "lead"})
        rows = [tuple(r[k] for k in ("document", "task", "deadline", "deadline_end", "year"))
                for r in got]
        want = expected_tasks(docs, unit, "lead")
        assert want and sorted(rows, key=repr) == sorted(want, key=repr), unit
    dated = [w for unit in leads for w in expected_tasks(docs, unit, "lead") if w[4]]
    assert len(dated) >= 10  # most of these tasks carry a deadline


def test_one_task_row_per_task_joined_to_its_lists_deadlines_and_targets(tmp_path, collection):
    db = build(tmp_path / "c.sqlite", collection)
    for doc in collection:
        (did,) = db.execute("SELECT id FROM documents WHERE path = ?", (doc.source.path,)).fetchone()
        rows = db.execute(
            "SELECT t.id, t.text, r.raw FROM responsibilities r JOIN tasks t ON t.id = r.task_id "
            "WHERE r.document_id = ? ORDER BY r.span_start", (did,)).fetchall()
        assert [(r["text"], r["raw"]) for r in rows] == [(r.task, r.raw)
                                                         for r in doc.responsibilities]
        for row, r in zip(rows, doc.responsibilities, strict=True):
            ds = db.execute("SELECT d.text FROM task_deadlines td JOIN deadlines d "
                            "ON d.id = td.deadline_id WHERE td.task_id = ?", (row["id"],))
            assert [x[0] for x in ds] == [doc.deadlines[k].text for k in r.deadlines]
            ts = db.execute("SELECT g.text FROM task_targets tt JOIN targets g "
                            "ON g.id = tt.target_id WHERE tt.task_id = ?", (row["id"],))
            assert [x[0] for x in ts] == [doc.targets[k].text for k in r.targets]


def test_targets_keep_relation_qualifier_and_normalized_value(tmp_path):
    doc = policyparse.parse_text("某市实施方案\n一、主要目标\n到2025年，全市新增光伏装机80万千瓦以上，"
                                 "单位GDP能耗下降13.5%。\n", path="t.txt")
    db = build(tmp_path / "t.sqlite", [doc])
    rows = db.execute("SELECT relation, qualifier, norm_value, norm_unit, year, year_span_start, "
                      "year_span_end FROM targets ORDER BY span_start").fetchall()
    assert [tuple(r) for r in rows] == [
        (t.relation, t.qualifier, t.norm_value, t.norm_unit, t.year, *t.year_span)
        for t in doc.targets]
    assert [(r["norm_value"], r["norm_unit"]) for r in rows] == [(800000, "千瓦"), (13.5, "%")]
    summed = db.execute(readme_query("targets of a year per indicator"), {"year": 2025}).fetchall()
    assert {(r["norm_unit"], r["total"]) for r in summed} == {("千瓦", 800000), ("%", 13.5)}
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"units_name", "tasks_year", "targets_year"} <= indexes
