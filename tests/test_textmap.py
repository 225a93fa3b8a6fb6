from __future__ import annotations

import pytest

from policyparse.textmap import MappedText, line_spans, lines_holding


def test_chained_layers_map_back():
    src = "甲  乙\r\n\r\n丙**丁**"
    m = MappedText(src).sub(r"\r\n", "\n").sub(r"\*\*", "").sub(r" +", "").sub(r"\n+", "\n")
    assert m.text == "甲乙\n丙丁"
    for i, ch in enumerate(m.text):
        if ch != "\n":
            assert src[m.to_source(i)] == ch


def test_span_ends_map_to_ends():
    src = "到 2025 年"
    m = MappedText(src).sub(" ", "")
    s, e = m.span_to_source(0, len(m.text))
    assert (s, e) == (0, len(src))


def test_length_changing_translate_is_refused():
    with pytest.raises(ValueError):
        MappedText("ab").translate({ord("a"): "xx"})


def test_apply_refuses_overlaps():
    with pytest.raises(ValueError):
        MappedText("abcdef").apply([(2, 4, "x"), (3, 5, "y")])


def test_line_spans():
    assert line_spans("a\n\nbc") == [(0, 1), (2, 2), (3, 5)]


def test_lines_holding_gives_each_line_once_in_order():
    assert lines_holding("a b\ncd\n x y\n", " ") == [(0, 3), (7, 11)]
    assert lines_holding("甲&乙\n丙[丁&", "[&") == [(0, 3), (4, 8)]
    assert lines_holding("abc", "#") == []


def test_lines_holding_gives_up_past_its_budget_counting_each_line_once():
    text = "a b\ncd\n x y\n"  # lines (0, 3) and (7, 11): 3 + 4 characters
    assert lines_holding(text, " ", 7) == [(0, 3), (7, 11)]
    assert lines_holding(text, " ", 6) is None
    assert lines_holding(text, " ", 9, per_line=1) == [(0, 3), (7, 11)]
    assert lines_holding(text, " ", 8, per_line=1) is None
    # a line two needles find is charged once
    assert lines_holding("x y\nz", " x", 3) == [(0, 3)]


def test_sub_within_lines_is_sub_over_the_whole_text_where_they_hold_every_match():
    m = MappedText("1  2\n三 四\n5 6")
    whole = m.sub(r" +", "")
    within = m.sub(r" +", "", lines_holding(m.text, " "))
    assert within.text == whole.text
    assert [within.to_source(i) for i in range(len(within.text) + 1)] == [
        whole.to_source(i) for i in range(len(whole.text) + 1)]


@pytest.mark.parametrize(("pattern", "text"), [
    (r" (?=[一-龥])|(?<=[一-龥]) ", "到 2025 年 全市 实施 方案 a b"),
    (r"(?m)^#+ ?", "# 一\n## 二\n三 #"),
    (r"\*\*", "**加粗**与**再加粗**"),
    (r"x", "没有匹配"),
    (r" *", "a  b"),  # empty matches: the match-by-match way
])
def test_a_deletion_by_split_is_the_deletion_match_by_match(pattern, text):
    import re

    import regex

    for rx in (re.compile(pattern), regex.compile(pattern)):
        fast = MappedText(text).sub(rx, "")
        slow = MappedText(text).apply([(x.start(), x.end(), "") for x in rx.finditer(text)])
        assert fast.text == slow.text == rx.sub("", text)
        assert [fast.to_source(i) for i in range(len(fast.text) + 1)] == [
            slow.to_source(i) for i in range(len(slow.text) + 1)]
        assert [fast.from_source(i) for i in range(len(text) + 1)] == [
            slow.from_source(i) for i in range(len(text) + 1)]
        if fast.text == text:
            assert fast.layers == []


def test_a_deletion_keeps_the_pattern_groups_and_flags():
    import regex

    m = MappedText("Ab ab\nAB").sub(regex.compile(r"(?i)a(b)"), "")  # a group: match by match
    assert m.text == " \n"
    m = MappedText("Ab ab\nAB").sub(regex.compile(r"ab", regex.IGNORECASE), "")
    assert m.text == " \n"


def test_a_deletion_builds_its_map_only_when_an_offset_is_traced_back():
    # (a plain text's parse never maps back: its deletions keep their split's pieces alone)
    import re

    from policyparse.textmap import _Deletions

    text = "到 2025 年 全市 实施 方案"
    rx = re.compile(r" (?=[一-龥])|(?<=[一-龥]) ")
    fast = MappedText(text).sub(rx, "")
    slow = MappedText(text).apply([(x.start(), x.end(), "") for x in rx.finditer(text)])
    (layer,) = fast.layers
    assert isinstance(layer, _Deletions) and layer._layer is None
    assert fast.to_source(3) == slow.to_source(3) == 4
    assert layer._layer is not None and layer._pieces is None  # built once, the pieces let go
    assert fast.layers == slow.layers and slow.layers == fast.layers


def test_delete_pieces_is_a_sub_with_nothing_for_the_pieces_that_go():
    import re

    text = "甲\n \n乙  丙\n"
    pieces = re.split("( +\n?|\n$)", text)
    fast = MappedText(text).delete_pieces(pieces)
    slow = MappedText(text).sub(" +\n?|\n$", "")
    assert fast.text == slow.text == "甲\n乙丙"
    assert [fast.to_source(i) for i in range(len(fast.text) + 1)] == [
        slow.to_source(i) for i in range(len(slow.text) + 1)]
    with pytest.raises(ValueError):
        MappedText("ab").delete_pieces(["a", "", "b"])


def test_translate_where_changes_what_a_whole_translate_would():
    import random
    import re

    table = {ord("１"): "1", ord("Ａ"): "A", 0x3000: " "}
    where = re.compile("[１Ａ\u3000]+")
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice("１Ａ\u3000一a") for _ in range(rng.randint(0, 9)))
        m = MappedText(text)
        got = m.translate(table, where)
        assert got.text == text.translate(table), repr(text)
        assert got.layers == [] and (got is m) == (got.text == text), repr(text)
