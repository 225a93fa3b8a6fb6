from __future__ import annotations

import re
import subprocess
import sys

import policyparse
from tests.conftest import parsed

HEAD = "某市节能降碳实施方案\n为推进节能降碳，制定本方案。\n一、保障措施\n（一）加强组织领导。"


def mentions(body: str, head: str = HEAD):
    doc = policyparse.parse_text(head + body)
    for m in doc.mentions:
        assert doc.text[m.span[0]:m.span[1]] == m.text
    return [(m.text, m.name) for m in doc.mentions], doc


def test_units_named_in_prose():
    got, doc = mentions("市发展改革委要发挥牵头抓总作用。市发展改革委会同市科技局、市工信局等相关部门建立协调机制。")
    assert got == [("市发展改革委", "市发展改革委"), ("市发展改革委", "市发展改革委"),
                   ("市科技局", "市科技局"), ("市工信局", "市工业和信息化局")]
    assert {tuple(m.path) for m in doc.mentions} == {("一", "（一）")}


def test_collectives():
    got, _ = mentions("各县区政府、各有关部门要压实责任，市有关部门要认真落实。")
    assert [t for t, _ in got] == ["各县区政府", "各有关部门", "市有关部门"]


def test_unit_lists_and_titles_are_not_mentions():
    got, doc = mentions("落实《市发展改革委关于节能的通知》要求。（市发展改革委、市财政局按职责分工负责）")
    assert got == []
    assert len(doc.responsibilities) == 1


def test_names_from_the_notices_own_lists_are_found_in_prose():
    got, _ = mentions("（某某高新区管委会、市数据局按职责分工负责）\n（二）强化考核。某某高新区管委会要承担主体责任，市数据局要加强调度。")
    assert [t for t, _ in got] == ["某某高新区管委会", "市数据局"]


def test_prose_that_only_looks_like_unit_names_is_not_a_mention():
    got, _ = mentions("打造城市发展新格局，优化区域布局，建立再生资源区域交易中心。全市各级各部门要充分认识。")
    assert got == []


def test_the_notices_own_place_is_part_of_the_name():
    head = "锦州市节能降碳实施方案\n为推进节能降碳，制定本方案。\n一、保障措施\n（一）加强组织领导。"
    got, _ = mentions("锦州市发展改革委要加强统筹。", head=head)
    assert got == [("锦州市发展改革委", "锦州市发展改革委")]


def test_mentions_in_the_samples_stay_out_of_the_lists(sample):
    doc = parsed(sample)
    spans = [r.span for r in doc.responsibilities]
    for m in doc.mentions:
        assert not any(a < m.span[1] and m.span[0] < b for a, b in spans)


def test_the_sample_mentions_from_the_brief():
    got = [m.text for m in parsed("004_9e41d0a2607aace1.txt").mentions]
    assert got[:4] == ["市发展改革委", "市科技局", "市工业和信息化局", "市生态环境局"]
    assert "市发展改革委" in [m.text for m in parsed("003_8b4a3d81d2f02a82.txt").mentions]


def test_parsing_does_not_load_jieba():
    code = ("import sys, policyparse; policyparse.parse_text(" + repr(HEAD + "市发展改革委要加强统筹。")
            + "); print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_name_at_the_very_end_of_the_text_keeps_its_span_inside():
    """A longer name starting with the same two characters once matched a slice clipped at
    the end of the text: "市工信局" got the span (0, 8) on a text of 4 characters."""
    doc = policyparse.parse_text("市工信局")
    assert [(m.text, m.span) for m in doc.mentions] == [("市工信局", (0, 4))]
    doc = policyparse.parse_text(HEAD + "请市生态环境局")
    m = doc.mentions[-1]
    assert m.span[1] == len(doc.text) and doc.text[m.span[0]:m.span[1]] == "市生态环境局"


def _leftmost_longest(words: list[str], text: str) -> list[tuple[int, int]]:
    """The reference: at each place from the left, the longest word there, then on after it."""
    out, i = [], 0
    while i < len(text):
        n = max((len(w) for w in words if text.startswith(w, i)), default=0)
        if n:
            out.append((i, i + n))
        i += n or 1
    return out


def test_the_vocabulary_regex_finds_the_leftmost_longest_names():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.extract.mentions import trie_source

    word = st.text(alphabet="市发改委局财政", min_size=1, max_size=5)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(word, min_size=1, max_size=8, unique=True),
           st.text(alphabet="市发改委局财政。", max_size=40))
    def check(words, text):
        rx = re.compile(trie_source(words))
        assert [m.span() for m in rx.finditer(text)] == _leftmost_longest(words, text)

    check()


def test_a_name_of_the_notices_own_lists_longer_than_a_known_one_wins_where_both_start():
    # 市发展改革委 is known; the list's 市发展改革委员会办公室 is longer and starts at the same place
    got, _ = mentions("（市发展改革委员会办公室负责）。市发展改革委员会办公室要加强调度，市发展改革委要配合。")
    assert [t for t, _ in got] == ["市发展改革委员会办公室", "市发展改革委"]


def test_the_vocabularys_regex_is_the_tree_of_its_words_however_its_source_was_got():
    # its source is kept across processes (rxcache.remember, keyed by the word list)
    from policyparse.extract.mentions import _static_vocabulary, _static_words, trie_source

    assert _static_words().pattern == trie_source(sorted(_static_vocabulary()))


def test_the_trees_of_the_words_split_by_first_character_find_what_the_whole_tree_finds():
    """split_finds: the parts' finds where none overlap, else the whole regex's (the words
    and texts drawn from few characters, so that names overlap and nest often)."""
    import re

    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from policyparse.extract.mentions import split_finds, trie_source

    word = st.text(alphabet="市发改委局", min_size=2, max_size=4)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(word, min_size=1, max_size=8, unique=True),
           st.text(alphabet="市发改委局。", max_size=40), st.integers(0, 3))
    @example(["市发改", "改委局", "委局"], "市发改委局", 0)  # 改委局 inside a skipped 市发改's reach
    def check(words, text, start):
        whole = re.compile(trie_source(words))
        parts = [re.compile(trie_source([w for w in words if w[0] == c]))
                 for c in sorted({w[0] for w in words})]
        assert split_finds(whole, parts, text, start) == [
            m.span() for m in whole.finditer(text, start)]

    check()


def test_titles_looked_for_on_a_spans_lines_are_the_titles_of_the_whole_text():
    """outside_titles (the titles of the lines a span stands on) drops what the titles of the
    whole text from *start* overlap (texts of a few characters, brackets and line breaks, so
    that titles nest, run over lines and stop short)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse.extract._text import title_spans
    from policyparse.extract.mentions import outside_titles

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="《》\n市局", max_size=40), st.integers(0, 6),
           st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=6))
    def check(text, start, picks):
        start = min(start, len(text))
        spans = [(s, min(s + n, len(text))) for s, n in picks if start <= s < len(text)]
        titles = title_spans(text, start)
        assert outside_titles(text, start, spans) == [
            (s, e) for s, e in spans if not any(a < e and s < b for a, b in titles)]

    check()


def test_the_vocabulary_is_split_by_first_character_into_trees_of_its_words():
    from policyparse.extract.mentions import _static_parts, _static_vocabulary, trie_source

    words = sorted(_static_vocabulary())
    parts = _static_parts()
    assert [p.pattern for p in parts] == [
        trie_source([w for w in words if w[0] == c]) for c in sorted({w[0] for w in words})]
    # each opens with its one character: re skips through the text to it
    assert all(len(p.pattern) > 1 and p.pattern[1] == "(" for p in parts)


def test_collectives_searched_for_around_their_needs_are_what_the_regex_finds():
    """_collectives searches only within the regex's width of each of the entry's needs
    (finds_around): it finds what the whole regex finds, over lines and long runs of other
    text; every find holds a need, as every example does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policyparse import patterns
    from policyparse.extract.mentions import _collective, _collective_needs, _collectives

    entry = patterns.load("units")["collective"]
    needs, width = _collective_needs()
    assert needs == entry.needs and width == len("各县（市、区）人民政府")
    assert all(any(w in x for w in needs) for x in entry.examples)
    piece = st.sampled_from(["各", "省", "市", "县", "区", "直", "级", "有关", "部门", "单位",
                             "政府", "人民", "成员", "乡镇", "和", "、", "（市、区）", "\n",
                             "推进节能降碳工作" * 3, "有", "关", "政", "府"])

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(piece, max_size=30).map("".join), st.integers(0, 3))
    def check(text, start):
        whole = [m.span() for m in _collective().finditer(text, start)]
        assert _collectives(text, start) == whole
        assert all(any(w in text[s:e] for w in needs) for s, e in whole)

    check()


def test_finds_around_needs_keeps_to_the_leftmost_finds():
    from policyparse.extract.mentions import finds_around

    rx = re.compile("[各市](?:有关部门|级各有关部门)")
    text = "各级各有关部门、市有关部门" + "推进" * 20 + "各有关部门"
    want = [m.span() for m in rx.finditer(text)]
    assert finds_around(rx, ["有关"], 7, text, 0) == want == [(0, 7), (8, 13), (53, 58)]
    assert finds_around(rx, ["有关"], 7, text, 1) == [(2, 7), (8, 13), (53, 58)]


def test_the_spans_outside_the_taken_ones_are_those_that_overlap_none():
    """_Taken.outside, spans in the order of their ends (a run of finds left to right, or
    any spans sorted by end), against taken spans that nest, touch, overlap or are empty:
    it keeps those that overlap none (a span [s, e) and a taken [a, b) overlap where a < e
    and s < b), in their order."""
    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from policyparse.extract.mentions import _Taken

    span = st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1]))

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(span, max_size=8), st.lists(span, max_size=12))
    @example([(0, 30), (2, 4)], [(3, 5), (10, 12), (31, 33)])  # a short one inside a long one
    def check(taken, spans):
        spans.sort(key=lambda se: se[1])
        want = [(s, e) for s, e in spans if not any(a < e and s < b for a, b in taken)]
        assert _Taken(sorted(taken)).outside(spans) == want

    check()


def test_the_scan_of_static_and_own_names_is_the_leftmost_longest_of_both():
    """leftmost_longest merges the notice's own names into the static regex's finds: where an
    own name cuts into static names, the regex searches again from its end."""
    import re

    from hypothesis import example, given, settings
    from hypothesis import strategies as st

    from policyparse.extract.mentions import leftmost_longest, trie_source

    word = st.text(alphabet="发改委局", min_size=2, max_size=4)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(word, min_size=1, max_size=5, unique=True),
           st.lists(word, max_size=4, unique=True),
           st.text(alphabet="发改委局。", max_size=30), st.integers(0, 3))
    @example(["改委局"], ["发改委"], "发改委局改委局", 0)  # cuts into a static name
    @example(["发改委局"], ["发改委"], "发改委局", 0)  # the static name is longer where both start
    def check(static, own_words, text, start):
        own: dict[int, int] = {}
        for w in own_words:
            for i in range(start, len(text)):
                if text.startswith(w, i):
                    own[i] = max(own.get(i, 0), len(w))
        rx = re.compile(trie_source(static))
        want = [(s + start, e + start)
                for s, e in _leftmost_longest(static + own_words, text[start:])]
        assert leftmost_longest(rx, own, text, start) == want

    check()


def test_the_collective_regex_runs_under_the_standard_re():
    """It opens with a class and has no alternation at the top, so that re skips through the
    text to its first characters (under regex, or with the alternation, it cost twice as many
    instructions)."""
    from policyparse.extract.mentions import _collective

    assert type(_collective()).__module__ == "re"
    got, _ = mentions("各级各有关部门和单位、各成员单位、省直有关部门、各乡镇政府要抓好落实。")
    assert [t for t, _ in got] == ["各级各有关部门和单位", "各成员单位", "省直有关部门", "各乡镇政府"]
