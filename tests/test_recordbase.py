"""What records share: equality, replace, and JSON byte for byte as pydantic writes it."""

from __future__ import annotations

import json
import math

import pytest

from policyparse import _records, models
from policyparse._recordbase import NotPlain, _indented, json_float, replace, to_json
from policyparse.pipeline import parse_record, to_model
from tests.conftest import SAMPLE_FILES


def _target(**kw: object) -> _records.Target:
    return _records.Target(path=["一"], text="能耗下降5%", span=(0, 6), **kw)  # type: ignore[arg-type]


def test_equality_is_field_by_field():
    a, b = _records.Unit(text="甲", name="甲", role="lead"), _records.Unit(text="甲", name="甲",
                                                                          role="lead")
    assert a == b and a != replace(b, role="support")
    assert a != models.Unit(text="甲", name="甲", role="lead")  # a record is no model


def test_replace_copies_and_refuses_unknown_fields():
    t = _target(value=5)
    u = replace(t, indicator="能耗")
    assert (u.indicator, t.indicator, u.path is t.path) == ("能耗", None, True)
    with pytest.raises(TypeError, match="no field"):
        replace(t, colour="red")
    m = models.Unit(text="甲", name="甲", role="lead", span=(0, 1))
    assert replace(m, span=None) == models.Unit(text="甲", name="甲", role="lead")


def test_replace_copies_every_field_of_every_record_of_a_sample():
    doc = parse_record(SAMPLE_FILES[3])
    records = [doc, doc.meta, doc.source, *doc.outline, *doc.responsibilities,
               *doc.responsibilities[0].units, *doc.targets, *doc.deadlines, *doc.mentions]
    for rec in records:
        copy = replace(rec)
        assert copy == rec and copy is not rec and type(copy) is type(rec)
    first = doc.responsibilities[0]
    moved = replace(first, span=(1, 2), task=None)
    assert (moved.span, moved.task, moved.units is first.units) == ((1, 2), None, True)
    with pytest.raises(TypeError, match="no field colour, size"):
        replace(first, span=(1, 2), colour="red", size=3)


@pytest.mark.parametrize("value", [5, 5.0, 0.1, -0.0, 1e16, 1e-4, 123456789.25, 1e22])
def test_floats_are_spelt_as_pydantic_spells_them(value):
    rec = _target(value=value, value_range=(value, 7), norm_value=value)
    model = models.Target.model_validate(rec, from_attributes=True)
    for indent in (None, 2):
        assert to_json(rec, indent) == model.model_dump_json(indent=indent)


@pytest.mark.parametrize("value", [1.5e-5, 2.5e-7, -3e-6, 5e-324])
def test_a_float_python_spells_otherwise_is_left_to_pydantic(value):
    with pytest.raises(NotPlain):
        json_float(value)
    rec = _target(value=value)
    model = models.Target.model_validate(rec, from_attributes=True)
    assert to_json(rec) == model.model_dump_json(indent=2)


def test_inf_and_nan_are_null():
    assert [json_float(x) for x in (math.inf, -math.inf, math.nan, None)] == [None] * 4
    rec = _target(value=math.inf, baseline_value=math.nan)
    model = models.Target.model_validate(rec, from_attributes=True)
    assert to_json(rec, None) == model.model_dump_json()


def test_control_characters_and_quotes_are_escaped_alike():
    message = "".join(map(chr, range(0x20))) + '"\\/\x7f\u2028\ufeff中'
    rec = _records.ParseWarning(code="c", message=message, span=(0, 1))
    model = models.ParseWarning(code="c", message=message, span=(0, 1))
    for indent in (None, 2, 4):
        assert to_json(rec, indent) == model.model_dump_json(indent=indent)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_documents_json_is_the_models(path):
    rec = parse_record(path)
    doc = to_model(rec)
    assert to_json(rec) == doc.to_json()
    assert to_json(rec, None) == doc.to_json(indent=None)


def test_an_empty_document():
    assert to_json(_records.Document()) == models.Document().to_json()


def test_the_indented_writer_writes_what_json_dumps_writes():
    data = {"a": [], "b": {}, "c": [[], [{}], (1, 2)], "d": {"e": [True, False, None, 0, -3]},
            "f": [1.5, -0.0, 1e16, 123456789.25], "g": "".join(map(chr, range(0x20))) + '"\\中',
            "h": [{"i": "j"}, {"k": [None]}]}
    for step in ("", " ", "  ", "    "):
        assert _indented(data, step) == json.dumps(data, ensure_ascii=False, indent=len(step))
    with pytest.raises(TypeError, match="not JSON data"):
        _indented({"a": {1, 2}}, "  ")


def test_records_pickle_and_copy_whole():
    import copy
    import pickle

    rec = parse_record(SAMPLE_FILES[0])
    assert pickle.loads(pickle.dumps(rec)) == rec
    assert copy.deepcopy(rec) == rec
