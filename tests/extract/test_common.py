"""The helpers every extractor shares (extract/_common.py)."""

from __future__ import annotations

import random
from types import SimpleNamespace

from policyparse._records import Section
from policyparse.extract._common import OutlineIndex, _outer, _reaching


def _holding(sections, pos):
    """The last section (in document order) whose span holds *pos*, looked for one by one."""
    return next((s for s in reversed(sections) if s.span[0] <= pos < s.span[1]), None)


def test_the_innermost_section_is_the_last_one_holding_a_position():
    rng = random.Random(7)
    for _ in range(500):
        sections = []
        for k in range(rng.randint(0, 25)):
            a = rng.randint(0, 100)
            label = str(k) if rng.random() < 0.8 else None  # some lead-sentence items
            sections.append(SimpleNamespace(span=(a, a + rng.randint(0, 60)), label=label,
                                            path=[label], children=[]))
        sections.sort(key=lambda s: s.span[0])  # document order: the starts in order
        labelled = [s for s in sections if s.label is not None]
        index = OutlineIndex(sections)
        for pos in range(-1, 165):
            assert index.section_at(pos) is _holding(sections, pos)
            assert index.labelled_at(pos) is (s := _holding(labelled, pos))
            assert index.path_at(pos) == ([s.label] if s else [])


class _Reads(list):
    """A list that counts the items read from it."""

    reads = 0

    def __getitem__(self, i):
        self.reads += 1
        return super().__getitem__(i)


def test_a_position_after_every_section_is_found_in_few_steps():
    # nested items one after another, and an annex after them all
    sections = _Reads([SimpleNamespace(span=(0, 1000))])
    sections += [SimpleNamespace(span=(10 * i, 10 * i + 10)) for i in range(1, 99)]
    reach = _reaching([s.span[1] for s in sections])
    assert reach[1:] == [0] * 98  # each item: the chapter is the last that ends after it
    sections.reads = 0
    assert _outer(sections, reach, 98, 2000) is None  # past the last item: sent to the chapter
    assert sections.reads == 1
    assert _outer(sections, reach, 98, 995) is sections[0]


def _section(label, span, children=()):
    return Section(level=1, label=label, heading="", path=[label or ""], span=span,
                   heading_span=span, children=list(children))


def test_the_index_finds_numbered_and_lead_sentence_sections():
    leaf = _section(None, (12, 18))  # a lead-sentence item: no label
    one = _section("一", (0, 30), [_section("（一）", (5, 20), [leaf])])
    two = _section("二", (30, 50))
    index = OutlineIndex([one, two])
    assert [s.span for s in index.sections] == [(0, 30), (5, 20), (12, 18), (30, 50)]
    assert index.section_at(14) is leaf
    assert index.labelled_at(14) is one.children[0]
    assert index.path_at(40) == ["二"]
    assert index.section_at(60) is None and index.path_at(60) == []


def test_an_index_of_numbered_sections_only_reads_them_once():
    one = _section("一", (0, 30), [_section("（一）", (5, 20))])
    index = OutlineIndex([one, _section("二", (30, 50))])
    assert index.labelled_at(10) is index.section_at(10) is one.children[0]
    assert index.labelled_at(25) is one and index.section_at(49).label == "二"


def test_the_index_works_out_where_a_section_reaches_only_when_a_search_needs_it():
    one = _section("一", (0, 30), [_section("（一）", (5, 20))])
    index = OutlineIndex([one, _section("二", (30, 50))])
    assert index.labelled_at(10) is one.children[0] and index.section_at(45).label == "二"
    assert "_all_reach" not in vars(index) and "_reach" not in vars(index)
    assert index.section_at(25) is one  # past （一）'s end: sent on to 一
    assert index.labelled_at(60) is None
    assert vars(index)["_reach"] == vars(index)["_all_reach"] == [-1, 0, -1]
