"""Every sample's output equals its golden file (``make golden`` rewrites them)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES
from tests.golden import expected_path, render, samples


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.name)
def test_output_matches_golden(sample):
    path = expected_path(sample)
    assert path.exists(), f"no golden file for {sample.name}: run `make golden`"
    expected = json.loads(path.read_text(encoding="utf-8"))
    got = render(sample)
    for key in expected:
        assert got[key] == expected[key], f"{sample.name}: field {key!r} differs from golden"
    assert set(got) == set(expected)


def test_every_sample_has_a_golden_file():
    assert len(samples()) >= 5
    for s in samples():
        assert expected_path(s).exists(), s.name
    stray = [p for p in SAMPLES.glob("*.expected.json")
             if not any(expected_path(s) == p for s in samples())]
    assert not stray
