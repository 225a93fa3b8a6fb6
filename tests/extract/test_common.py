"""The helpers every extractor shares (extract/_common.py)."""

from __future__ import annotations

import random
from types import SimpleNamespace

from policyparse.extract._common import _innermost, _reaching


def _holding(sections, pos):
    """The last section (in document order) whose span holds *pos*, looked for one by one."""
    return next((s for s in reversed(sections) if s.span[0] <= pos < s.span[1]), None)


def test_the_innermost_section_is_the_last_one_holding_a_position():
    rng = random.Random(7)
    for _ in range(500):
        sections = []
        for _ in range(rng.randint(0, 25)):
            a = rng.randint(0, 100)
            sections.append(SimpleNamespace(span=(a, a + rng.randint(0, 60))))
        sections.sort(key=lambda s: s.span[0])
        starts = [s.span[0] for s in sections]
        reach = _reaching(sections)
        for pos in range(-1, 165):
            assert _innermost(sections, starts, reach, pos) is _holding(sections, pos)


def test_a_position_after_every_section_is_found_in_few_steps():
    # nested items one after another, and an annex after them all
    sections = [SimpleNamespace(span=(0, 1000))]
    sections += [SimpleNamespace(span=(10 * i, 10 * i + 10)) for i in range(1, 99)]
    reach = _reaching(sections)
    assert reach[1:] == [0] * 98  # each item: the chapter is the last that ends after it
    starts = [s.span[0] for s in sections]
    assert _innermost(sections, starts, reach, 2000) is None
    assert _innermost(sections, starts, reach, 985) is sections[-1]
    assert _innermost(sections, starts, reach, 995) is sections[0]
