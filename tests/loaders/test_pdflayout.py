"""The page geometry of the PDF loader, on made-up characters, lines and grids."""

from __future__ import annotations

from policyparse.loaders.pdflayout import (
    Char,
    Line,
    PageLayout,
    TableBlock,
    assemble,
    cell_text,
    chars_to_lines,
    find_furniture,
    join_tables,
    lines_as_drawn,
    noise,
    plausible,
)


def chars(text: str, x: float, top: float, size: float = 10.0, width: float | None = None):
    w = width or size
    return [Char(ch, x + i * w, x + (i + 1) * w, top, top + size, size)
            for i, ch in enumerate(text)]


def line(text: str, x0: float, top: float, size: float = 10.0) -> Line:
    return Line(text, x0, x0 + len(text) * size, top, top + size, size)


def test_lines_in_reading_order_with_word_spaces_only_between_latin():
    cs = chars("年达到", 160, 100) + chars("到", 100, 100.5) + chars("PM", 115, 100, width=6)
    cs += chars("2.5", 132, 100, width=5)
    cs += chars("第二行", 100, 120)
    assert [ln.text for ln in chars_to_lines(cs)] == ["到PM 2.5年达到", "第二行"]


def test_fake_bold_copies_dropped_but_repeated_characters_kept():
    cs = chars("一一……", 100, 100) + chars("一一……", 100.4, 100.3)
    (ln,) = chars_to_lines(cs)
    assert ln.text == "一一……"


def _page(n: int, lines: list[Line]) -> PageLayout:
    return PageLayout(n, 595, 842, lines)


def test_repeated_band_lines_are_furniture_once_only_lines_are_not():
    pages = [_page(i + 1, [line("某市人民政府文件", 200, 30), line("正文", 80, 400),
                           line(f"- {i + 1} -", 280, 800)]) for i in range(4)]
    pages[0].lines.insert(1, line("关于印发方案的通知", 150, 60))  # in the band, once only
    found = find_furniture(pages)
    assert (0, 0) in found and (3, 0) in found and (2, 2) in found
    assert (0, 1) not in found and (0, 2) not in found


def test_assemble_joins_a_paragraph_over_a_page_break_and_marks_page_starts():
    full = "一" * 40
    p1 = _page(1, [line("（一）" + full[:34], 110, 100)] + [line(full, 80, 120 + 20 * i)
                                                         for i in range(5)])
    p2 = _page(2, [line("续完。", 80, 100), line("（二）" + "二" * 10, 110, 120)])
    out = assemble([p1, p2], set())
    first, second = out.text.split("\n")
    assert first.endswith(full + "续完。") and second.startswith("（二）")
    assert out.page_starts == [0, out.text.index("续完。")]


def test_a_full_line_ending_a_sentence_or_a_unit_list_does_not_run_into_a_block_start():
    full = "一" * 39
    lines = [line(full + "。", 80, 100), line("附件2", 80, 120), line(full + "〕", 80, 140),
             line("2.推进开放。", 80, 160), line(full + "。", 80, 180), line("续写下去。", 80, 200)]
    out = assemble([_page(1, lines)], set())
    # a running line after a full one still joins it, even after a 。
    assert out.text.split("\n") == [full + "。", "附件2", full + "〕", "2.推进开放。",
                                    full + "。续写下去。"]



def test_a_last_page_of_few_lines_takes_the_documents_margins():
    full = "一" * 40
    p1 = _page(1, [line(full, 80, 100 + 20 * i) for i in range(12)])
    end = "实行月通报、季督查。（区政府督查室、区教育局）" + "二" * 12  # 35 characters: short of the margin
    p2 = _page(2, [line("（三）" + "二" * 34, 110, 100), line(end, 80, 120),
                   line("某区教育局", 110, 140), line("2024年6月3日", 110, 160)])
    out = assemble([p1, p2], set())
    assert out.text.split("\n")[-2:] == ["某区教育局", "2024年6月3日"]

def _block(texts: list[str], grid: list[list[int]], page: int) -> TableBlock:
    return TableBlock(100, 700, [60, 140, 220, 450, 540], texts, grid, [page] * len(grid))


def test_join_tables_drops_the_repeated_header_and_carries_merged_cells():
    a = _block(["任务", "单位", "一、生产", "1", "甲", "市工信局", "2", "乙", "市财政局"],
               [[0, 0, 0, 1], [2, 3, 4, 5], [2, 6, 7, 8]], 0)
    b = _block(["任务", "单位", "", "3", "丙", "市商务局"], [[0, 0, 0, 1], [2, 3, 4, 5]], 1)
    j = join_tables(a, b)
    assert j is not None
    assert [[j.texts[i] for i in row] for row in j.grid] == [
        ["任务", "任务", "任务", "单位"], ["一、生产", "1", "甲", "市工信局"],
        ["一、生产", "2", "乙", "市财政局"], ["一、生产", "3", "丙", "市商务局"]]
    assert j.row_pages == [0, 0, 0, 1]
    other = TableBlock(100, 700, [60, 300, 540], ["x", "y"], [[0, 1]], [1])
    assert join_tables(a, other) is None


def test_cell_text_joins_wraps_and_keeps_paragraphs_apart():
    wrapped = [line("市发展改革委、市工", 0, 0), line("信局", 0, 12)]
    assert cell_text(wrapped, right=90) == "市发展改革委、市工信局"
    paragraphs = [line("牵头单位：市工信局", 0, 0), line("配合单位：市财政局", 0, 12)]
    assert cell_text(paragraphs, right=200) == "牵头单位：市工信局；配合单位：市财政局"


def test_plausible_lines_read_as_the_stream_interleaved_ones_do_not():
    stream = "一、总体要求\n坚持节约优先，推进绿色发展。\n二、重点任务\n加快工业绿色升级。"
    good = [Line(t, 0, 1, 0, 1, 15) for t in stream.split("\n")]
    woven = "".join(a + b for a, b in zip(stream.split("\n")[1], stream.split("\n")[3],
                                           strict=False))
    assert plausible(good, stream)
    assert not plausible([Line(woven, 0, 1, 0, 1, 15), Line(woven, 0, 1, 0, 1, 15)], stream)
    assert plausible([Line("甲乙", 0, 1, 0, 1, 15)], "乙甲")  # too few to judge


def test_noise_is_private_use_or_stray_letters_not_chinese_or_dot_leaders():
    assert noise("".join(chr(0xE000 + i) for i in range(30)))
    assert noise("ÐÔÆÃ¹ÜÀí" * 5)  # GBK bytes read as Latin-1
    assert not noise("第一章 总则" + "·" * 60 + "3")
    assert not noise("一、总体要求" + "\ue001" * 3)


def test_lines_as_drawn_keep_the_stream_order_and_its_breaks():
    cs = [Char("乙", 20, 30, 0, 10, 10), Char("甲", 10, 20, 0, 10, 10),
          Char("丙", 10, 20, 3, 13, 10), Char("丁", 20, 30, 3, 13, 10)]
    assert [ln.text for ln in lines_as_drawn(cs, [0, 2])] == ["乙甲", "丙丁"]
    assert [ln.text for ln in lines_as_drawn(cs, [])] == ["乙甲丙丁"]
