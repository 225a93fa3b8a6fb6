from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import policyparse
from policyparse.models import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).resolve().parent / "data" / "gold"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


@cache
def parsed(name: str) -> Document:
    """Each sample is parsed once per test session."""
    return policyparse.parse(SAMPLES / name)


@cache
def gold(name: str) -> dict:
    return json.loads((GOLD / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


@pytest.fixture(params=[p.name for p in SAMPLE_FILES])
def sample(request: pytest.FixtureRequest) -> str:
    """The file name of each sample in turn."""
    return str(request.param)
