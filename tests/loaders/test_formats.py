"""A notice as PDF or DOCX gives what the same notice typed as text gives: the same unit lists
(inline and table rows), targets, deadlines and citations — compared by what they say, since
the texts differ in small ways (full-width labels, a table's cells on one line)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

import policyparse
from policyparse.models import Document
from tests.conftest import SAMPLES, parsed


def nfkc(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


@cache
def parsed_as(fmt: str, stem: str) -> Document:
    return policyparse.parse(SAMPLES / fmt / f"{stem}.{fmt}")


def units(doc: Document) -> list[tuple[object, ...]]:
    return [(r.source, r.row, tuple(nfkc(p) for p in r.path),
             tuple((nfkc(u.text), u.name, u.role) for u in r.units))
            for r in doc.responsibilities]


def targets(doc: Document) -> list[tuple[object, ...]]:
    return [(t.year, t.value, t.value_range, t.unit, t.comparator, t.baseline_year, nfkc(t.text))
            for t in doc.targets]


def deadlines(doc: Document) -> list[tuple[object, ...]]:
    return [(d.kind, d.start, d.end, nfkc(d.text)) for d in doc.deadlines]


def citations(doc: Document) -> list[tuple[object, ...]]:
    return [(nfkc(c.title), nfkc(c.doc_number)) for c in doc.citations]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("what", [units, targets, deadlines, citations], ids=lambda f: f.__name__)
def test_same_items_as_the_text(sample, fmt, what):
    doc = parsed_as(fmt, Path(sample).stem)
    assert what(doc) == what(parsed(sample))
