from __future__ import annotations

import json

from policyparse.models import SCHEMA_VERSION, Document
from tests.conftest import parsed

CONTRACT = {
    "Document": ["schema_version", "source", "meta", "text", "outline", "responsibilities",
                 "targets", "deadlines", "citations", "warnings"],
    "Source": ["path", "format", "sha256", "encoding", "pages"],
    "Meta": ["title", "doc_number", "issuer", "date", "recipients", "publicity"],
    "Section": ["level", "label", "heading", "path", "span", "children"],
    "Responsibility": ["path", "source", "row", "raw", "units", "span"],
    "Unit": ["text", "name", "role"],
    "Target": ["path", "text", "indicator", "comparator", "value", "value_range", "unit", "year",
               "baseline_year", "binding", "span", "source", "baseline_value"],
    "Deadline": ["path", "text", "kind", "start", "end", "span"],
    "Citation": ["title", "doc_number", "span"],
    "ParseWarning": ["code", "message", "span"],
}


def test_every_contract_field_is_in_the_schema():
    schema = Document.model_json_schema()
    defs = schema["$defs"]
    assert set(CONTRACT["Document"]) <= set(schema["properties"])
    for model, fields in CONTRACT.items():
        if model == "Document":
            continue
        assert set(fields) <= set(defs[model]["properties"]), model


def test_dump_is_what_the_cli_prints(sample):
    doc = parsed(sample)
    assert json.loads(doc.to_json()) == doc.model_dump(mode="json")
    assert doc.schema_version == SCHEMA_VERSION == "1"
    assert doc.source.sha256 and doc.source.format == "txt"


def test_round_trip(sample):
    doc = parsed(sample)
    assert Document.model_validate_json(doc.to_json()) == doc


def test_schema_version_says_what_was_added():
    schema = Document.model_json_schema()
    described = schema["properties"]["schema_version"]["description"]
    assert "Target.source" in described and "Target.baseline_value" in described
    target = schema["$defs"]["Target"]["properties"]
    assert target["baseline_value"]["description"] and target["source"]["description"]


ISSUE_14 = {
    "Responsibility": ["task", "task_span", "deadlines", "targets", "roles_stated"],
    "Target": ["norm_value", "norm_value_range", "norm_unit"],
}


def test_the_schema_documents_the_task_and_quantity_fields():
    schema = Document.model_json_schema()
    defs = schema["$defs"]
    for model, fields in ISSUE_14.items():
        for f in fields:
            assert defs[model]["properties"][f].get("description"), (model, f)
    assert "Document.deadlines" in defs["Responsibility"]["properties"]["deadlines"]["description"]
    assert "guidance" in json.dumps(defs["Unit"]["properties"]["role"], ensure_ascii=False)
    assert "relative" in defs["Deadline"]["properties"]["kind"]["description"]
    assert "never renamed" in schema["properties"]["schema_version"]["description"]
