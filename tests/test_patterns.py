"""Every pattern's examples must match and its counterexamples must not."""

from __future__ import annotations

import re
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

from policyparse import patterns, rxcache

CASES = [
    (name, p.id, text, must)
    for name in patterns.all_files()
    for p in patterns.load(name)
    for text, must in [*((t, True) for t in p.examples), *((t, False) for t in p.counterexamples)]
]


@pytest.mark.parametrize(("name", "pid", "text", "must"), CASES,
                         ids=[f"{c[0]}.{c[1]}:{'+' if c[3] else '-'}{c[2][:12]}" for c in CASES])
def test_pattern_example(name, pid, text, must):
    rx = patterns.load(name).rx(pid)
    assert bool(rx.search(text)) is must


def test_every_pattern_has_examples_and_counterexamples():
    for name in patterns.all_files():
        for p in patterns.load(name):
            assert p.examples, f"{name}.{p.id} has no examples"
            assert p.counterexamples, f"{name}.{p.id} has no counterexamples"


def test_bad_pattern_fails_on_first_use_naming_file_and_id(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text("[[pattern]]\nid = 'broken'\nregex = '(unclosed'\n")
    monkeypatch.setattr(patterns, "patterns_dir", lambda: tmp_path)
    patterns.load.cache_clear()
    patterns.shared_pieces.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match=r"bad\.toml \[broken\]"):
            patterns.load("bad").rx("broken")
        (tmp_path / "bad.toml").write_text("[[pattern]]\nid = 'p'\nregex = '{NOPE}'\n")
        patterns.load.cache_clear()
        with pytest.raises(patterns.PatternError, match="unknown piece"):
            patterns.load("bad")
    finally:
        patterns.load.cache_clear()
        patterns.shared_pieces.cache_clear()


def test_a_piece_given_as_a_table_is_its_words_and_a_table_too(tmp_path, monkeypatch):
    (tmp_path / "words.toml").write_text(
        "[pieces.FIELD]\n'文号' = 'doc_number'\n'发文字号' = 'doc_number'\n'标题' = 'title'\n"
        "[[pattern]]\nid = 'p'\nregex = '^{FIELD}：'\n", encoding="utf-8")
    monkeypatch.setattr(patterns, "patterns_dir", lambda: tmp_path)
    patterns.load.cache_clear()
    patterns.shared_pieces.cache_clear()
    try:
        assert patterns.table("words", "FIELD") == {
            "文号": "doc_number", "发文字号": "doc_number", "标题": "title"}
        rx = patterns.load("words").rx("p")
        assert rx.match("发文字号：") and rx.match("标题：") and not rx.match("字号：")
    finally:
        patterns.load.cache_clear()
        patterns.shared_pieces.cache_clear()


def test_a_regex_compiles_under_re_only_where_re_reads_and_searches_it_as_well():
    # re where it compiles without a warning and can skip ahead; regex for the rest
    assert patterns.compile_expanded(r"[一二三]+、(?<!\d、)", "t").__class__.__module__ == "re"
    assert patterns.compile_expanded(r"(?m)^\d+[.．]", "t").__class__.__module__ == "re"
    # first characters re's search is told (rxcache): an optional start, an alternation
    for src in (r"(?:为|作为)?牵头", r"牵头|配合", r"(?<!\d)[一二三]、", r"\b市"):
        assert patterns.compile_expanded(src, "t").__class__.__module__ == "re", src
    # a property class spelt out as its code points (re_form), where re reads the rest (and
    # the cache keeps the result: re's compiler walks such a class in Python)
    for src in (r"\p{Han}", r"^[^\p{Han}]\P{Han}"):
        engine = patterns.compile_expanded(src, "t").__class__.__module__
        assert engine == ("re" if rxcache.keeps() else "_regex"), src
    for src in (r"(?r)\p{Han}", r"(?<=\p{Han}{2}|\d)年", r"(?i)\p{Han}a", r"(?a)\p{Han}",
                r"[\P{Han}]", r"年(?<!第|\d{2}年)", r"(?P<y>\d)年|(?P<y>\d)月", r"[[a]",
                r"[^为]|牵头", r".{0,3}局"):
        assert patterns.compile_expanded(src, "t").__class__.__module__ != "re", src


def test_the_engine_choice_keeps_every_example():
    # the same verdicts under either engine, for every pattern of the project
    import regex

    for name in patterns.all_files():
        for p in patterns.load(name):
            other = regex.compile(p.expanded, regex.VERSION0)
            for text in (*p.examples, *p.counterexamples):
                a, b = p.regex.search(text), other.search(text)
                assert (a and a.span()) == (b and b.span()), (name, p.id, text)


def test_regexes_compile_on_first_use_only():
    patterns.load.cache_clear()
    try:
        ps = patterns.load("targets")
        assert all("regex" not in vars(p) for p in ps)
        rx = ps.rx("quantity")
        assert vars(ps["quantity"])["regex"] is rx and ps.rx("quantity") is rx
    finally:
        patterns.load.cache_clear()


def test_every_time_limit_key_is_read_alike_in_every_pattern_file():
    # the key words of a time limit live once (pieces.toml's TIME_LIMIT_KEY): a line, a bracket,
    # a unit list, a table header and a month after the key all know the same words
    words = tomllib.loads((patterns.patterns_dir() / "pieces.toml").read_text("utf-8"))[
        "pieces"]["TIME_LIMIT_KEY"]
    targets, resp = patterns.load("targets"), patterns.load("responsibilities")
    header = patterns.load("tables").rx("header_cell")
    month = patterns.load("deadlines").rx("cell_month")
    for w in words:
        assert targets.rx("time_limit_line").match(f"{w}：2024年6月底前"), w
        assert targets.rx("time_limit_key").search(f"；{w}："), w
        assert resp.rx("other_key").match(f"{w}：2024年6月底前"), w
        assert (m := header.match(w)) and m.group("other"), w
        assert (m := month.search(f"（{w}：2024年6月）")) and m.group() == "2024年6月", w


def test_a_patterns_needs_are_read_in_one_place() -> None:
    from policyparse.patterns import Pattern

    bare = Pattern(id="a", file="x.toml", source="甲", expanded="甲")
    assert bare.needs == () and bare.needs_rx is None
    listed = Pattern(id="b", file="x.toml", source="牵头|负责", expanded="牵头|负责",
                     data={"needs": ["牵头", "负责"]})
    assert listed.needs_rx is not None
    assert listed.needs_rx.search("由市财政局负责") and not listed.needs_rx.search("由市财政局")
    chars = Pattern(id="c", file="x.toml", source="[：:]", expanded="[：:]", data={"needs": "：:"})
    assert chars.needs == ("：", ":") and chars.needs_rx is not None
    assert chars.needs_rx.search("责任单位:") and not chars.needs_rx.search("责任单位")


@pytest.mark.parametrize(("text", "start", "end"), [
    ("来源：新华社讯 今天", 0, None), ("来源：新华社讯 今天", 0, 4), ("来源：新华社讯 今天", 6, 7),
    ("全文如下：", 3, 5), ("全文如下：", 0, 3), ("无关的文字", 0, None), ("", 0, None),
])
def test_holds_need_agrees_with_needs_rx(text: str, start: int, end: int | None) -> None:
    p = patterns.load("normalize")["news_preamble"]
    assert p.needs_rx is not None
    stop = len(text) if end is None else end
    assert p.holds_need(text, start, end) == (p.needs_rx.search(text, start, stop) is not None)


NEEDED = [(name, p) for name in patterns.all_files() for p in patterns.load(name) if p.needs]


@pytest.mark.parametrize(("name", "p"), NEEDED, ids=[f"{n}:{p.id}" for n, p in NEEDED])
def test_every_example_holds_one_of_its_patterns_needs(name: str, p: patterns.Pattern) -> None:
    """A pattern's ``needs`` are kept by hand beside its regex: its examples keep them true
    (or hold a character of its ``needs_class``, where it has one)."""
    also = p.data.get("needs_class")
    for text in p.examples:
        assert p.holds_need(text) or (also and patterns.fixed_regex(also).search(text)), \
            f"{name}.toml [{p.id}]: {text!r} holds none of {p.needs}"


def test_holds_need_is_true_without_needs() -> None:
    p = next(p for p in patterns.load("normalize") if not p.needs)
    assert p.holds_need("") and p.holds_need("任何文字", 1, 2)


def test_for_match_runs_line_start_tests_under_re_where_it_compiles_them() -> None:
    import re

    key = patterns.load("responsibilities").rx("role_key")
    imprint = patterns.load("outline").rx("imprint_line")
    fast = patterns.for_match(key)
    assert isinstance(fast, re.Pattern)
    assert patterns.for_match(imprint) is imprint  # (a run of any characters: regex's to scan)
    for line in ("牵头单位：市发展改革委", "配合单位: 各区县", "责任部门：市财政局", "负责人：张三",
                 "完成时限：2025年", "牵头：市委宣传部"):
        got, want = fast.match(line), key.match(line)
        assert (got and got.span()) == (want and want.span())


def test_the_title_piece_matches_as_the_title_words_in_brackets() -> None:
    """pieces.toml's TITLE (《{TITLE_BODY}》; TITLE_BODY is also citations.toml's title group)
    tries a title without a 《》 inside as one run of characters first: its matches are those
    of 《{TITLE_WORDS}》 (titles nested or not, runs about the limit)."""
    import random

    fast = patterns.compile_regex("{TITLE}", "test")
    plain = patterns.compile_regex("《{TITLE_WORDS}》", "test")
    rng = random.Random(11)
    texts = ["落实《关于印发《某方案》的通知》和《意见》。", "《" + "甲" * 200 + "》", "《" + "甲" * 201 + "》",
             "《" + "甲" * 199 + "《乙》》", "《《" + "甲" * 200 + "》", "《甲\n乙》《》", "《甲《乙《丙》》》"]
    for _ in range(400):
        texts.append("".join(rng.choice("《》\n甲乙") if rng.random() < 0.3 else "甲" * rng.choice(
            (1, 3, 98, 99, 100, 101, 199, 200, 201)) for _ in range(rng.randint(1, 12))))
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("name", ["Han", "Co"])
def test_a_spelt_out_property_is_regexs_own_over_every_code_point(name: str) -> None:
    # every code point, in order: what each class leaves out (and so what it takes) is the same
    import re

    import regex

    ranges = patterns.property_ranges(name)
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for ours, theirs in ((f"[{ranges}]", rf"\p{{{name}}}"), (f"[^{ranges}]", rf"\P{{{name}}}")):
        kept = re.compile(ours).sub("", everything)
        assert kept == regex.compile(theirs).sub("", everything)
        assert 0 < len(kept) < len(everything)


def _spelt_out() -> list[tuple[str, patterns.Pattern]]:
    """The project's patterns whose property classes re_form spells out for re."""
    out = []
    for name in patterns.all_files():
        for p in patterns.load(name):
            src = patterns.re_form(p.expanded) if "\\p{" in p.expanded else None
            if src is not None and patterns.re_searches_well(src):
                try:
                    re.compile(src)
                except re.error:
                    continue
                out.append((name, p))
    return out


def test_the_property_classes_of_most_meta_patterns_go_to_re() -> None:
    # (the figures this is for: meta's patterns lean on \p{Han}, and re's calls cost less)
    spelt = {f"{name}.{p.id}" for name, p in _spelt_out()}
    assert {"meta.doc_number", "meta.issuer_line", "citations.citation"} <= spelt
    engine = "re" if rxcache.keeps() else "_regex"
    assert all(p.regex.__class__.__module__ == engine for _, p in _spelt_out())


@pytest.mark.parametrize(("name", "p"), _spelt_out(), ids=lambda v: getattr(v, "id", v))
def test_a_spelt_out_pattern_finds_what_regex_finds_in_random_text(
        name: str, p: patterns.Pattern) -> None:
    # random text of the pattern's own characters, Han at the edges of its ranges and not, and
    # pieces of its examples: the same matches, groups and all, as regex's reading of the source
    import random

    import regex

    theirs = regex.compile(p.expanded, regex.VERSION0)
    ours = rxcache.re_compile(str(patterns.re_form(p.expanded)))  # (as compile_expanded does)
    edges = "\u2e7f\u2e80\u2e9a\u3005\u3006\u3007\u4dbf\u4dc0\u4e00\u9fff\ua000\U00020000\U0003347a\ue000"
    own = sorted({ch for ch in p.expanded if ord(ch) > 0x7F})
    alphabet = own + list(edges) + list("0123456789 \n.,:;()[]-/%ae") + list("市省县区局委办年月日")
    samples = [t for t in (*p.examples, *p.counterexamples) if t]
    rng = random.Random(f"{name}.{p.id}")
    for i in range(400):
        if samples and i % 2:  # an example with a few characters changed (whole: for ^…$)
            chars = list(rng.choice(samples))
            for _ in range(rng.randint(0, 3)):
                chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            text = "".join(chars)
        else:  # pieces of examples and runs of random characters
            parts = []
            for _ in range(rng.randint(1, 6)):
                if samples and rng.random() < 0.5:
                    one = rng.choice(samples)
                    a = rng.randrange(len(one))
                    parts.append(one[a:a + rng.randint(1, len(one))])
                else:
                    parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
            text = "".join(parts)
        got = [(m.span(), m.groups()) for m in ours.finditer(text)]
        want = [(m.span(), m.groups()) for m in theirs.finditer(text)]
        assert got == want, (name, p.id, text)
