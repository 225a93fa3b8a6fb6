from __future__ import annotations

import pytest

from policyparse import patterns
from policyparse._dataclass import fields
from policyparse.lines import (
    _LINE_KINDS,
    FAMILY_RANK,
    TOC_PATTERNS,
    Kind,
    Line,
    LineIndex,
    classify,
    info_key,
    is_info_key_line,
    is_table_row,
    may_hold_leader,
    opens_block,
    pipe_tables,
    read_chapter,
    read_marker,
)
from policyparse.loaders import Cell
from policyparse.normalize import normalize
from tests.conftest import parsed
from tests.extract.helpers import PIPE


def kinds(text: str) -> list[tuple[str, str]]:
    idx = LineIndex(text)
    return [(ln.kind.value, idx.line_text(ln)) for ln in idx]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("", Kind.BLANK),
        ("   ", Kind.BLANK),
        ("一、总体要求", Kind.HEADING),
        ("（二）加强监管。落实责任。", Kind.HEADING),
        ("①试点先行", Kind.HEADING),
        ("2 | 推进改造。| 市工信局 |", Kind.TABLE_ROW),
        ("一、生产体系 | 1 | 开展核查。| 市工信局 |", Kind.TABLE_ROW),
        ("附件1：重点任务分工", Kind.ANNEX),
        ("附表", Kind.ANNEX),
        ("——重点突破，融合发展。", Kind.DASH),
        ("责任单位：市发展改革委", Kind.KEY),
        ("  完成时限：2025年底前", Kind.KEY),
        ("注：列第一位者为牵头单位。", Kind.NOTE),
        ("抄送：县委办公室，县人大常委会办公室。", Kind.IMPRINT),
        ("索引号：000014349/2019-00002", Kind.INFO_FIELD),
        ("- 发布机构：某市人民政府办公室发布日期：2024-07-10", Kind.INFO_FIELD),
        ("经研究：同意", Kind.PROSE),
        ("加快淘汰落后低效产能。推动钢铁行业兼并重组。", Kind.LEAD),
        ("到2025年，全市单位GDP能耗下降13.5%。", Kind.PROSE),
        ("三、四月份是森林火灾高发期，要加强巡查。", Kind.PROSE),
        ("附件所列任务要抓好落实。", Kind.PROSE),
    ],
)
def test_a_line_read_alone(line, kind):
    assert classify(line) is kind


def test_the_single_line_questions_agree_with_the_index():
    text = ("一、总体要求\n推进节能，\n降低能耗。\n责任单位：市发展改革委\n2 | 任务 | 市财政局 |\n"
            "备注：列第一位者为牵头单位\n——重点突破\n加快推进。落实到位。\n抄送：市委办公室。\n"
            "成文日期：2023年05月08日\n附件")
    idx = LineIndex(text)
    assert len({ln.kind for ln in idx}) == 10
    for ln in idx:
        line = idx.line_text(ln)
        assert classify(line) is ln.kind
        assert opens_block(line) is (ln.kind in {Kind.HEADING, Kind.KEY, Kind.NOTE, Kind.DASH,
                                                 Kind.TABLE_ROW, Kind.ANNEX,
                                                 Kind.INFO_FIELD})
        assert is_table_row(line) is (ln.kind is Kind.TABLE_ROW)


def test_a_marker_gives_level_and_label_also_on_a_table_row():
    idx = LineIndex("(三)强化保障\n一、生产体系 | 1 | 开展核查。|\n3.2023年底前，完成排查")
    assert [(ln.kind, ln.level, ln.label) for ln in idx] == [
        (Kind.HEADING, 2, "（三）"), (Kind.TABLE_ROW, 1, "一"), (Kind.HEADING, 3, "3")]
    first = idx[0]
    assert first.marker is not None and first.marker.group(0) == "(三)"
    assert read_marker("1.5万吨以上") is None


def test_a_heading_between_two_table_rows_is_the_tables_section_row():
    text = ("序号 | 重点任务 | 责任单位 |\n1 | 推进改造。 | 市工信局 |\n二、优化能源结构\n"
            "2 | 推进光伏。 | 市能源局 |\n三、加强保障\n落实资金。")
    idx = LineIndex(text)
    assert [ln.kind for ln in idx] == [Kind.TABLE_ROW, Kind.TABLE_ROW, Kind.TABLE_SECTION,
                                       Kind.TABLE_ROW, Kind.HEADING, Kind.PROSE]
    section = idx[2]
    assert (section.level, section.label, section.in_table) == (1, "二", True)
    assert not idx[4].in_table  # after the table's last row: a heading of the body again


def test_table_cells_slice_back_without_their_spaces():
    text = "序号 | 重点任务 | 责任单位 |\n 1 |推进改造。| 市工信局 |"
    idx = LineIndex(text)
    assert [text[s:e] for s, e in idx.cells(idx[1])] == ["1", "推进改造。", "市工信局", ""]


def test_table_cells_of_every_spacing_keep_their_text_and_where_it_stands():
    # no space, spaces around, spaces inside, an ideographic space, spaces only, nothing
    line = "1|  推进 改造。\u3000| 市工信局|\u3000 ||"
    text = "前言。\n" + line
    idx = LineIndex(text)
    cells = idx.row(idx[1])
    assert [c.text for c in cells] == ["1", "推进 改造。", "市工信局", "", "", ""]
    for c in cells:
        assert text[c.start:c.end] == c.text
    # a cell of spaces only is empty where its spaces end (before its pipe)
    assert [(c.start, c.end) for c in cells[3:]] == [(len(text) - 2,) * 2, (len(text) - 1,) * 2,
                                                   (len(text),) * 2]


def test_offsets_find_their_line():
    text = "一、总体要求\n\n推进节能。"
    idx = LineIndex(text)
    assert [idx.at(p).number for p in range(len(text))] == [0] * 7 + [1] + [2] * 5
    assert idx.at(len(text)).number == 2
    assert [ln.number for ln in idx.from_offset(7)] == [1, 2]
    assert [ln.number for ln in idx.overlapping(3, 8)] == [0, 1]
    assert [ln.number for ln in idx.overlapping(9)] == [2]


def test_paragraphs_run_over_lines_a_break_cut_but_not_into_a_block():
    text = ("一、总体要求\n到2025年，完成改造\n任务，建成示范区。\n（一）推进节能。\n"
            "落实资金，推进\n2 | 任务 | 市财政局 |")
    idx = LineIndex(text)
    assert [ln.paragraph for ln in idx] == [0, 1, 1, 3, 4, 5]
    s, e = idx.paragraph_at(text.index("示范区"))
    assert text[s:e] == "到2025年，完成改造\n任务，建成示范区。"
    s, e = idx.paragraph_at(text.index("推进\n"))
    assert text[s:e] == "落实资金，推进"  # a table row opens a block of its own


def test_zones_head_body_annex_and_imprint():
    text = ("关于印发某方案的通知\n一、总体要求\n推进节能。\n附件：任务清单\n1 | 任务 | 市财政局 |\n"
            "抄送：市委办公室。\n某市人民政府办公室 2024年3月1日印发")
    zones = [ln.zone for ln in LineIndex(text)]
    assert zones == ["head", "body", "body", "annex", "annex", "imprint", "imprint"]


def test_an_annex_list_before_the_first_heading_opens_no_annex_zone():
    zones = [ln.zone for ln in LineIndex("某通知\n附件：方案\n一、总体要求\n推进节能。")]
    assert zones == ["head", "head", "body", "body"]


def test_the_index_sets_every_field_of_its_lines():
    """LineIndex stores each Line's fields itself (no call of Line's __init__): a field added
    to Line is set there too, with the value __init__ would give it."""
    idx = LineIndex("一、总则\n推进改造，\n完成。\n1 | 推进。| 市工信局 |\n附件")
    for ln in idx:
        values = {f.name: getattr(ln, f.name) for f in fields(Line)}  # (an unset one raises)
        assert Line(**values) == ln
    assert [(ln.level, ln.label, ln.rank, ln.marker is None) for ln in idx][:2] == [
        (1, "一", FAMILY_RANK + 1, False), (0, None, 0, True)]


def test_the_index_sets_every_field_of_a_rows_cells():
    """LineIndex.row stores each Cell's fields itself (no call of Cell's __init__)."""
    idx = LineIndex("序号 | 任务 |\n1|推进。|  |")
    for ln in idx:
        for cell in idx.row(ln):
            assert Cell(**{f.name: getattr(cell, f.name) for f in fields(Cell)}) == cell
            assert vars(cell) == vars(Cell(cell.text, cell.start, cell.end))


def test_every_sample_line_has_one_kind_and_the_lines_tile_the_text(sample):
    doc = parsed(sample)
    idx = LineIndex(doc.text)
    assert "\n".join(idx.line_text(ln) for ln in idx) == doc.text
    for ln in idx:
        assert ln.kind is not Kind.BLANK or not idx.line_text(ln).strip()
        assert idx.lines[ln.paragraph].paragraph == ln.paragraph


def test_every_kind_has_its_rule_and_every_line_pattern_of_outline_toml_a_kind():
    # a new kind of line: a pattern in outline.toml, a Kind and its row in lines._LINE_KINDS
    ruled = {kind for kind, _, _, _ in _LINE_KINDS}
    # ARTICLE comes of the CHAPTER rule (by rank); TOC and TABLE_SECTION of the lines around
    assert set(Kind) - ruled == {Kind.BLANK, Kind.PROSE, Kind.TABLE_SECTION, Kind.ARTICLE,
                                 Kind.TOC}
    used = {pid for _, file, pid, _ in _LINE_KINDS if file == "outline"}
    outline = {p.id for p in patterns.load("outline")
               if p.data.get("group") not in ("marker", "structure")}
    assert outline == (used - {"marker", "structure"}) | set(TOC_PATTERNS)


# --- chapter and article labels, tables of contents (issue 12) --------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "rank", "label"),
    [
        ("第一编 总则", Kind.CHAPTER, 1, "第一编"),
        ("第二部分 重点任务", Kind.CHAPTER, 2, "第二部分"),
        ("第三篇 建设现代产业体系", Kind.CHAPTER, 2, "第三篇"),
        ("第三章发展目标", Kind.CHAPTER, 3, "第三章"),
        ("第十一节 加强监管", Kind.CHAPTER, 4, "第十一节"),
        ("第二十条 本办法自印发之日起施行。", Kind.ARTICLE, 5, "第二十条"),
        ("第5条 本细则由市财政局负责解释。", Kind.ARTICLE, 5, "第5条"),
        ("一、总体要求", Kind.HEADING, 11, "一"),
        ("（二）基本原则", Kind.HEADING, 12, "（二）"),
        ("第二条高速公路年内通车。", Kind.PROSE, 0, None),
    ],
)
def test_chapter_and_article_labels_have_a_rank(line, kind, rank, label):
    ln = LineIndex(line)[0]
    assert (ln.kind, ln.rank, ln.label) == (kind, rank, label)
    assert ln.level == (rank - 10 if kind is Kind.HEADING else 0)
    assert opens_block(line) is (kind is not Kind.PROSE)


def test_the_lines_of_a_table_of_contents_are_toc_whatever_they_open_with():
    text = ("某市规划\n目　录\n第一章 总则..........1\n附录..........9\n\n"
            "第一章 总则\n第一条 为了规范管理，制定本规划。\n附录\n")
    got = kinds(text)
    assert [k for k, _ in got] == ["prose", "toc", "toc", "toc", "blank", "chapter", "article",
                                   "annex", "blank"]
    idx = LineIndex(text)
    assert idx[2].label == "第一章"  # the kind says what the line is, the label what it opens with
    assert [ln.zone for ln in idx][:2] == ["head", "head"]  # a TOC's labels do not open the body


def test_every_toc_leader_holds_what_its_needs_name():
    """toc_leader's `needs` and `needs_class`: every leader of the examples holds one of them,
    so a text without any holds no leader (its lines are not searched)."""
    p = patterns.load("outline")["toc_leader"]
    for ex in (*p.examples, *patterns.load("outline")["toc_paged"].examples):
        for m in p.regex.finditer(ex):
            assert may_hold_leader(m.group()), ex
    assert not may_hold_leader("到2025年，达到2.5%。——重点突破……等\n___")
    assert may_hold_leader("第一章 总则\ue000\ue000\ue000\ue0003\n一、")  # a glyph's leader


def test_a_glyph_leader_is_a_run_of_needs_run_characters_of_its_class():
    """toc_leader's `needs_run`: a leader holding none of `needs` holds a run of that many
    characters of `needs_class` (may_hold_leader asks only every needs_run-th character of a
    text whether it is printable); no shorter run is a leader, and one is found at any
    offset."""
    import regex

    p = patterns.load("outline")["toc_leader"]
    run = int(p.data["needs_run"])
    cls = patterns.expand(p.data["needs_class"], "outline.toml [toc_leader]")
    longest = regex.compile(f"(?:{cls})+")
    for ex in (*p.examples, *patterns.load("outline")["toc_paged"].examples):
        for m in p.regex.finditer(ex):
            if not any(w in m.group() for w in p.needs):
                assert max(map(len, longest.findall(m.group())), default=0) >= run, ex
    for glyph in ("\ue000", "\U001001ba"):
        assert p.regex.search("第一章 总则" + glyph * run + "3")
        assert not p.regex.search("第一章 总则" + glyph * (run - 1) + "3")
        for before in range(2 * run):
            text = "一" * before + "\n第一章" + glyph * run + " 3\n二、附则"
            assert may_hold_leader(text), before


def test_each_leader_need_is_found_at_any_offset():
    """may_hold_leader looks for the first character of a need that is a run of one character
    among the text's every needs_run-th character only: found wherever the need stands."""
    p = patterns.load("outline")["toc_leader"]
    run = int(p.data["needs_run"])
    for w in p.needs:
        for before in range(2 * run):
            text = "一" * before + "第一章总则" + w + "1\n二、附则"
            assert may_hold_leader(text), (w, before)


def test_the_leader_class_holds_no_printable_character():
    """may_hold_leader skips the search for toc_leader's `needs_class` in a text whose
    characters are all printable: the class must hold none (every code point is tried)."""
    import regex

    leader = patterns.load("outline")["toc_leader"].data["needs_class"]
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    found = regex.findall(patterns.expand(leader, "outline.toml [toc_leader]"), every)
    assert found and not any(ch.isprintable() for ch in found)


def test_every_toc_title_holds_what_its_needs_name():
    """toc_title's `needs`: a text holding none of them (and no leader) has no TOC line."""
    p = patterns.load("outline")["toc_title"]
    for ex in p.examples:
        assert any(s in ex for s in p.data["needs"]), ex
    assert all(ln.kind is not Kind.TOC
               for ln in LineIndex("一、总则\n第一章总则\n二、附则\n第一章总则\n正文。"))


# --- | lines → grids --------------------------------------------------------------------------


def test_pipe_lines_become_a_grid_with_the_wrapped_section_cell_in_its_row():
    found = pipe_tables(PIPE)
    assert len(found) == 1
    rows = found[0].rows
    assert [c.text for c in rows[-2]][:3] == ["二、健全流通体系", "(三)发展绿色物流", "5"]
    for row in rows:
        for c in row:
            assert PIPE[c.start:c.end] == c.text


def test_pipe_tables_read_the_rows_from_the_first_to_the_last_only():
    text = "一、总则\n推进。\n\n1 | 推进改造。| 市工信局 |\n\n2 | 鼓励升级。| 市财政局 |\n三、附则\n落实。"
    (table,) = pipe_tables(text)
    assert [[c.text for c in row][:2] for row in table.rows] == [["1", "推进改造。"],
                                                                  ["2", "鼓励升级。"]]
    assert pipe_tables("一、总则\n推进。") == []


def test_pipe_tables_leave_out_the_rows_inside_the_loaders_tables_in_any_order():
    """The rows a loader's table covers (its regions given in any order, one inside another)
    stay out of the | tables; a row between two regions stays in."""
    rows = ["1 | 推进改造。| 市工信局 |", "2 | 鼓励升级。| 市财政局 |", "3 | 加快建设。| 市住建局 |",
            "4 | 完善机制。| 市商务局 |"]
    text = "\n".join(rows)
    starts = [text.index(r) for r in rows]
    region = [(s, s + len(r)) for s, r in zip(starts, rows, strict=True)]
    skip = [region[3], region[0], (region[0][0] + 2, region[0][1] - 2)]
    kept = [row[0].text for t in pipe_tables(text, skip) for row in t.rows]
    assert kept == ["2", "3"]
    assert [row[0].text for t in pipe_tables(text) for row in t.rows] == ["1", "2", "3", "4"]


def test_one_rule_says_what_an_information_blocks_key_is():
    # the loaders and meta read a page's keys however the page spaced them
    assert [info_key(s) for s in ("索 引 号：", "发文机关:", "标　题", "成文日期：：", "正文")] == [
        "索引号", "发文机关", "标题", "成文日期", None]
    # normalize joins a key line to its value: a key alone with at most one colon
    assert normalize("索引号：\n某-2023-001\n发文字号\n某发〔2023〕1号").text == (
        "索引号：某-2023-001\n发文字号：某发〔2023〕1号")
    # where the two disagree today (kept): a key with two colons is a key to info_key but no
    # key line to normalize, which leaves its value on the next line
    assert info_key("索引号：：") == "索引号" and not is_info_key_line("索引号：：")
    assert normalize("索引号：：\n某-2023-001").text == "索引号：：\n某-2023-001"
    # a page's spaced key reaches normalize with its spaces closed, so both read it
    assert normalize("索 引 号：\n某-2023-001").text == "索引号：某-2023-001"


def test_a_key_line_is_a_key_info_key_reads_as_it_is_with_at_most_one_colon():
    # is_info_key_line looks a line up in a set built from info_key's keys: it says what
    # "info_key gives the line itself, or the line without its one colon" says, whatever the line
    from policyparse.lines import _info_keys

    lines = ["", "：", "索引号", "正文"]
    for k in sorted(_info_keys()):
        for colon in ("", "：", ":", "：：", ":：", " ：", "\u3000"):
            lines += [k + colon, " " + k + colon, k[:1] + " " + k[1:] + colon, k + colon + "x"]
    for line in lines:
        key = info_key(line)
        want = key is not None and line in (key, key + "：", key + ":")
        assert is_info_key_line(line) == want, line
    assert is_info_key_line("发文字号:") and not is_info_key_line("发文字号 ：")


def test_the_one_pattern_of_the_markers_and_of_the_chapter_labels_says_what_each_says():
    """read_marker and read_chapter ask their patterns as one alternation first (under re,
    the groups' names dropped): it matches a line where one of them does, and nowhere else."""
    from policyparse.lines import _rules

    r = _rules()
    outline = patterns.load("outline")
    for group, one in (("marker", r.any_marker), ("structure", r.any_chapter)):
        rxs = [p.regex for p in outline.group(group)]
        lines = [x for p in outline.group(group) for x in (*p.examples, *p.counterexamples)]
        lines += ["一、总体要求", "（二）加强监管", "3.推进", "（4）落实", "⑤完成", "第三章 发展目标",
                  "第十二条本办法", "第二条高速公路", "到2025年，全市", "二〇二四年", "1.5万亩", ""]
        for line in lines:
            assert (one.match(line) is not None) == any(rx.match(line) for rx in rxs), line



def test_a_line_is_tried_only_by_the_markers_whose_matches_may_open_with_its_first_character():
    """read_marker tries only the markers whose openings (each marker's own) admit the line's
    first character: the marker found is the one trying every marker in file order finds."""
    from policyparse.lines import FAMILY_RANK, _rules

    markers = _rules().markers
    outline = patterns.load("outline")
    lines = [x for p in outline for x in (*p.examples, *p.counterexamples)]
    lines += ["一、总体要求", "（二）加强监管", "( 3 )推进", "3.推进", "１．全角", "٣. 阿拉伯数字",
              "2)完成", "⑤完成", " 一、前有空格", "\u3000（一）", "2025年全市", "(此件公开发布)", ""]
    for line in lines:
        found = read_marker(line)
        first = next(((mk, m) for mk in markers if (m := mk.rx.match(line))), None)
        if first is None:
            assert found is None, line
            continue
        mk, m = first
        assert found is not None, line
        assert (found.level, found.rank, found.match.span()) == (
            mk.level, FAMILY_RANK + mk.level, m.span()), line
        assert found.label == mk.label.replace("{num}", m.group("num")), line

def _kind_tried_everywhere(line: str) -> Kind:
    """The kind of *line* with every entry of _LINE_KINDS tried, whatever it opens with."""
    from policyparse.lines import ARTICLE_RANK, _rules, read_chapter

    if not line or line.isspace():
        return Kind.BLANK
    for _, kind, test, _ in _rules().kinds:
        if test is None and kind is Kind.CHAPTER:
            if (chapter := read_chapter(line)) is not None:
                return Kind.ARTICLE if chapter.rank >= ARTICLE_RANK else Kind.CHAPTER
        elif test is None:
            if read_marker(line) is not None:
                return kind
        elif test(line) is not None:
            return kind
    return Kind.PROSE


def test_a_line_is_tried_only_by_the_kinds_whose_matches_may_open_with_its_first_character():
    """Each entry of _LINE_KINDS is tried only on lines opening with a character its matches
    may open with (worked out from its pattern): the kinds are those of trying every entry."""
    lines = [x for file in ("outline", "responsibilities", "meta")
             for p in patterns.load(file) for x in (*p.examples, *p.counterexamples)]
    lines += ["  责任单位：市财政局", "\u3000注：见附表", "１、全角数字", "٣. 阿拉伯数字", " | a | b |",
              "2 | 任务 | 市财政局 |", "①完成", "第一章总则", "牵头单位：市发改委", "抄送：市委",
              "某办公厅2024年3月1日印发", "加快推进。落实到位。", "*注：", "·发文机关：某局", ""]
    for line in lines:
        assert classify(line) is _kind_tried_everywhere(line), line


def test_the_index_reads_each_line_as_the_single_line_questions_do():
    """The index reads its lines by what each line's first character admits, kept by the
    character (the rules' plans): the kinds and markers are those classify and read_marker
    give each line alone, for the first line opening with a character and those after it."""
    lines = ["一、总体要求", "一带一路建设", "1 | 推进改造。| 市工信局 |", "1.完成改造", "| 1 | 推进 |",
             "一、生产体系| 1 |推进升级。|市工信局|", "（二）任务| 2 |推进。|",
             "（一）加强监管", "（此件公开发布）", "第三章 发展目标", "第二条高速公路", "  责任单位：市财政局",
             "\u3000注：见附表", "加快推进。落实到位。", "——重点突破", "附件1：清单", "", "⑤完成", "２．全角"]
    for text in ("\n".join(lines), "\n".join(reversed(lines))):
        for ln, line in zip(LineIndex(text), text.split("\n"), strict=True):
            marker = read_chapter(line) or read_marker(line)
            want = classify(line)
            assert ln.kind is (Kind.TABLE_SECTION if ln.kind is Kind.TABLE_SECTION else want), line
            if want in (Kind.BLANK, Kind.PROSE, Kind.LEAD, Kind.DASH, Kind.KEY, Kind.NOTE):
                continue  # (lines of these kinds open with no marker)
            assert (ln.label, ln.level, ln.rank) == ((marker.label, marker.level, marker.rank)
                                                     if marker else (None, 0, 0)), line


def test_the_characters_a_test_opens_with_come_from_its_pattern():
    import re

    from policyparse.lines import _opening

    first = _opening(patterns.fixed_regex("^(?:附件|第)"), "match")
    assert first is not None and first.chars == {"附", "第"} and not first.space
    assert first.admits("附") and not first.admits("一") and not first.admits(" ")
    spaced = _opening(patterns.fixed_regex("牵头单位[:：]"), "lstrip")  # after the spaces
    assert spaced is not None and spaced.admits("牵") and spaced.admits("\u3000")
    assert _opening(patterns.fixed_regex(r"\|.*\|"), "search") is None  # anywhere in the line
    assert _opening(re.compile("^附", re.IGNORECASE), "match") is None  # flags not in the source
    assert _opening(patterns.fixed_regex(r"(?!本)\w+。"), "match") is None  # cannot be told
    digits = _opening(re.compile(r"\d+、"), "match")
    assert digits is not None and digits.admits("3") and digits.admits("٣")
    assert not digits.admits("三")
    # multi-line mode changes where ^ matches, not what a match opens with
    noted = _opening(patterns.fixed_re(r"(?m)^[ *]*(?:注|说明)[:：]"), "match")
    assert noted is not None and noted.chars == {" ", "*", "注", "说"}
    # regex's \d need not be str.isdecimal's: a regex pattern holding it is tried everywhere
    assert _opening(patterns.fixed_regex(r"\d+、(?P<a>x)(?P=a)"), "match") is None


def test_the_numbers_of_the_lines_of_some_kinds_are_those_the_index_gives_them():
    text = "一、总则\n推进。\n\n附件\n二、附则\n第一章 总则\n序号 | 任务 |\n附表"
    idx = LineIndex(text)
    for kinds in ((Kind.HEADING,), (Kind.ANNEX, Kind.CHAPTER), (Kind.TOC,), tuple(Kind)):
        assert idx.numbers_of(*kinds) == [ln.number for ln in idx if ln.kind in kinds]
    # every kind alone, also one the lines around gave (a heading made a table's section row,
    # the only one: no HEADING is left) and kinds no line has
    for other in (text, "序号 | 任务 |\n一、总则\n1 | 推进。 |", "目录\n一、总则......1\n二、附则......5"):
        each = LineIndex(other)
        for kind in Kind:
            assert each.numbers_of(kind) == [ln.number for ln in each if ln.kind is kind], kind
            assert each.numbers_of(kind, Kind.BLANK) == [
                ln.number for ln in each if ln.kind in (kind, Kind.BLANK)], kind
    assert idx.numbers_of(Kind.ANNEX) is idx.numbers_of(Kind.ANNEX)  # found once
    assert [idx.first_from(pos) for pos in (0, 1, 5, 6, len(text), len(text) + 1)] == [
        0, 1, 1, 2, 8, 8]


def test_a_toc_title_is_looked_for_only_on_the_lines_holding_what_every_title_holds():
    from policyparse.lines import _holds_toc_title

    assert _holds_toc_title("前言\n目 录\n一、总则......1")
    assert not _holds_toc_title("项目目标\n政府信息公开目录\n（一）完善目录管理")
    idx = LineIndex("目录\n第一章总则\n第二章附则\n第一章总则\n第一条为了……")
    assert [ln.kind for ln in idx][:3] == [Kind.TOC] * 3
    assert may_hold_leader("一、总则\ue000\ue000\ue000\ue000 3")


@pytest.mark.parametrize("text", [
    "目录", "前言\n目 录\n一、总则", "附件\n　 目次：\n正文", "项目目标。\n  目录", "目标\n目录\n",
    "项目\n目标\n目录清单\n目录", "一\n\u3000目 录 ",
    "", "项目目标", "政府信息公开目录", "（一）完善目录管理\n目录清单", "目 标\n 目录管理", "x目录\n目次表",
])
def test_a_toc_title_found_at_the_line_starts_is_one_a_line_by_line_look_finds(text):
    """_holds_toc_title looks for the title's openings at line starts only (spaces before
    them aside): the same answer as matching every stripped line."""
    from policyparse.lines import _holds_toc_title, _rules

    assert _rules().toc_title_opening == "目"  # (where the openings can be told)
    title = patterns.load("outline").rx("toc_title")
    assert _holds_toc_title(text) == any(title.match(line.strip()) for line in text.split("\n"))


@pytest.mark.parametrize("line", ["抄送：县委办公室。", "　抄报：市政府办公室", "某市人民政府办公室2024年3月1日印发",
                                  "某市人民政府办公室 2024年3月1日印发　"])
def test_an_imprint_line_opens_with_its_copies_or_ends_with_its_printing(line):
    assert classify(line) is Kind.IMPRINT


@pytest.mark.parametrize("line", ["现将《方案》印发给你们，请认真贯彻执行。", "请抄送：有关单位"])
def test_prose_naming_copies_or_printing_is_no_imprint(line):
    assert classify(line) is not Kind.IMPRINT


def test_the_index_keeps_each_lines_text_as_split_once():
    text = "一、总则\n推进。\n\n附件"
    idx = LineIndex(text)
    assert idx.texts == text.split("\n")
    assert [idx.line_text(ln) for ln in idx] == [text[ln.start:ln.end] for ln in idx]


def test_each_lines_marker_is_the_one_read_marker_or_read_chapter_gives():
    from policyparse.lines import read_chapter

    text = ("第一章 总则\n一、总体要求\n（二）基本原则\n3.推进改造\n1 | 推进。| 市工信局 |\n附件1：清单\n"
            "第五条 本办法施行。\n推进节能。")
    for ln in LineIndex(text):
        line = text[ln.start:ln.end]
        found = read_chapter(line) or read_marker(line)
        if found is None:
            assert (ln.marker, ln.level, ln.label, ln.rank) == (None, 0, None, 0), line
        else:
            assert ln.marker is not None and ln.marker.group() == found.match.group(), line
            assert (ln.level, ln.label, ln.rank) == (found.level, found.label, found.rank), line


def test_a_label_is_read_around_its_one_num():
    """A marker's label is joined around its {num} (head + num + tail, as str.replace gives);
    a label without one {num} is refused when the rules are read."""
    from policyparse.lines import _marker

    mk = _marker(2, "（{num}）", patterns.fixed_re(r"x"), "test")
    assert mk.head + "三" + mk.tail == mk.label.replace("{num}", "三") == "（三）"
    for bad in ("（）", "{num}{num}"):
        with pytest.raises(patterns.PatternError, match="test"):
            _marker(2, bad, patterns.fixed_re(r"x"), "test")


def test_the_line_and_paragraph_at_an_offset_are_those_of_its_line_number():
    text = "一、总体要求\n到2025年，完成改造\n任务。\n\n序号 | 任务 |\n推进节能，\n降低能耗"
    idx = LineIndex(text)
    for pos in range(-1, len(text) + 2):
        ln = idx[idx.number_at(pos)]
        assert idx.at(pos) is ln
        first = idx[ln.paragraph]
        last = max((x for x in idx if x.paragraph == first.number), key=lambda x: x.number)
        assert idx.paragraph_at(pos) == (first.start, last.end)


def test_the_lines_between_two_table_rows_are_those_a_walk_of_every_line_finds():
    """_in_context looks only at the lines that are no row between the first row and the
    last: the same lines stand in a table, and the same headings become section rows, as
    where each line between them is walked with its neighbours (blank lines aside)."""
    import random

    def walked(kinds: list[Kind]) -> tuple[list[bool], list[Kind]]:
        kinds = list(kinds)
        in_table = [k is Kind.TABLE_ROW for k in kinds]
        rows = [i for i, k in enumerate(kinds) if k is Kind.TABLE_ROW]
        if not rows:
            return in_table, kinds
        filled = [i for i in range(rows[0], rows[-1] + 1) if kinds[i] is not Kind.BLANK]
        for j in range(1, len(filled) - 1):
            i = filled[j]
            if kinds[i] in (Kind.TABLE_ROW, Kind.ANNEX, Kind.DASH):
                continue
            if (kinds[filled[j - 1]] is Kind.TABLE_ROW
                    and kinds[filled[j + 1]] is Kind.TABLE_ROW):
                in_table[i] = True
                if kinds[i] is Kind.HEADING:
                    kinds[i] = Kind.TABLE_SECTION
        return in_table, kinds

    rng = random.Random(7)
    pool = [Kind.TABLE_ROW] * 4 + [Kind.BLANK] * 2 + [Kind.HEADING, Kind.ANNEX, Kind.DASH,
                                                       Kind.PROSE, Kind.LEAD]
    for _ in range(3000):
        kinds = [rng.choice(pool) for _ in range(rng.randrange(12))]
        got = list(kinds)
        present = set(got)
        in_table = LineIndex._in_context(got, present)
        assert (in_table, got) == walked(kinds), kinds
        assert set(got) <= present, kinds


def test_an_index_given_the_lines_and_starts_is_the_index_of_the_text():
    """What normalize_split hands on, taken as it is, gives the index a split of its own
    would: every line's fields alike."""
    from policyparse.normalize import normalize_split

    text = ("关于印发某方案的通知\n一、总体要求\n推进节能，\n降低能耗。\n"
            "2 | 任务 | 市财政局 |\n（一）加强 管理\n\n附件")
    m, parts, starts = normalize_split(text)
    assert parts is not None and starts is not None
    given, own = LineIndex(m.text, parts, starts), LineIndex(m.text)
    assert given.texts == own.texts and given.starts == own.starts
    names = [f.name for f in fields(Line)]

    def values(ln: Line) -> list[object]:  # (a marker's match by its span and text)
        return [(v.span(), v.group()) if hasattr(v, "span") else v
                for v in (getattr(ln, n) for n in names)]

    assert len(given) == len(own) > 5
    assert [values(a) for a in given] == [values(b) for b in own]
