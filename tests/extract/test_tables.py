from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

import policyparse
from policyparse.extract import tables
from policyparse.extract._common import Context
from policyparse.loaders import Cell, Loaded, Table
from policyparse.models import Meta
from policyparse.pipeline import build
from tests.conftest import gold, parsed
from tests.extract.helpers import PIPE


def nfkc(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def grid(rows: list[list[str]], before: str = "") -> tuple[str, list[list[Cell]]]:
    """A text holding the cells (tab between cells, a line a row) and the grid pointing into it."""
    text = before
    out: list[list[Cell]] = []
    for row in rows:
        cells = []
        for i, s in enumerate(row):
            if i:
                text += "\t"
            cells.append(Cell(text=s, start=len(text), end=len(text) + len(s)))
            text += s
        text += "\n"
        out.append(cells)
    return text, out


def ctx_of(text: str) -> Context:
    return Context(text=text, outline=[], meta=Meta())


def unit_roles(rows: list[list[str]]) -> list[list[tuple[str, str]]]:
    """The (text, role) of each unit of each task row of a hand-made grid."""
    text, cells = grid(rows)
    return [[(u.text, u.role) for u in r.units]
            for r in tables.grid_responsibilities(ctx_of(text), cells)]


def rows_of(resps):
    return [(r.row, r.path, r.task, [(u.text, u.role) for u in r.units]) for r in resps]


# --- the samples -----------------------------------------------------------------------------


def test_table_rows_equal_gold(sample):
    rows = [r for r in parsed(sample).responsibilities if r.source == "table"]
    want = gold(sample)["table_rows"]
    assert [r.row for r in rows] == [g["no"] for g in want]
    assert [r.path for r in rows] == [g["path"] for g in want]
    got = Counter((r.row, nfkc(u.text)) for r in rows for u in r.units)
    assert got == Counter((g["no"], nfkc(n)) for g in want for n in g["units"])


def test_table_rows_of_sample_003_carry_their_task():
    rows = [r for r in parsed("003_8b4a3d81d2f02a82.txt").responsibilities if r.source == "table"]
    assert rows[0].task.startswith("开展原材料行业符合规范条件动态核查")
    assert rows[69].raw == "市发展改革委,市住建局"
    assert [u.name for u in rows[69].units] == ["市发展改革委", "市住房城乡建设局"]
    assert rows[35].path == ["二", "（七）"]  # the wrapped level-1 cell


# --- the grid function, on hand-made grids ----------------------------------------------------


def test_grid_with_a_header_of_lead_and_support_columns():
    text, rows = grid([
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进园区循环化改造。", "市发改委", "市工信局、市生态环境局", "2025年底前"],
        ["2", "完善绿色采购制度。", "市财政局", "", "长期坚持"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert rows_of(got) == [
        (1, [], "推进园区循环化改造。",
         [("市发改委", "lead"), ("市工信局", "support"), ("市生态环境局", "support")]),
        (2, [], "完善绿色采购制度。", [("市财政局", "lead")]),
    ]
    assert got[0].raw == "市发改委\t市工信局、市生态环境局"
    assert text[got[0].span[0]:got[0].span[1]] == got[0].raw
    assert [u.name for u in got[0].units] == ["市发展改革委", "市工业和信息化局", "市生态环境局"]


def test_grid_without_a_header_and_with_section_cells_carried_down_by_the_loader():
    text, rows = grid([
        ["一、生产体系", "（一）工业", "1", "推进工业绿色升级。", "市工信局"],
        ["一、生产体系", "（一）工业", "2", "推行清洁生产。", "市生态环境局、市工信局"],
        ["一、生产体系", "（二）农业", "3", "发展生态农业。", "市农业农村局"],
        ["二、流通体系", "（三）物流", "4", "发展绿色物流。", "市交通运输局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [(r.row, r.path) for r in got] == [
        (1, ["一", "（一）"]), (2, ["一", "（一）"]), (3, ["一", "（二）"]), (4, ["二", "（三）"])]
    assert {u.role for r in got for u in r.units} == {"responsible"}


def test_grid_with_section_cells_given_once():
    text, rows = grid([
        ["一、生产体系", "(一)工业", "1", "推进工业绿色升级。", "市工信局"],
        ["", "", "2", "推行清洁生产。", "市生态环境局"],
        ["", "(二)农业", "3", "发展生态农业。", "市农业农村局"],
        ["二、流通体系", "", "4", "发展绿色物流。", "市交通运输局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [r.path for r in got] == [["一", "（一）"], ["一", "（一）"], ["一", "（二）"], ["二"]]


def test_grid_with_unnumbered_section_cells_and_a_full_width_section_row():
    text, rows = grid([
        ["领域", "序号", "任务", "责任单位"],
        ["三、消费体系", "", "", ""],
        ["工业领域", "1", "推进节能。", "市工信局"],
        ["", "2", "推进减排。", "市生态环境局"],
        ["农业领域", "3", "发展生态农业。", "市农业农村局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [r.path for r in got] == [["三", "工业领域"], ["三", "工业领域"], ["三", "农业领域"]]


def test_grid_first_listed_convention_in_the_header():
    text, rows = grid([
        ["序号", "工作任务", "责任单位（列第一位的为牵头单位）"],
        ["1", "推进节能。", "市发展改革委、市工信局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [(u.text, u.role) for u in got[0].units] == [("市发展改革委", "lead"), ("市工信局", "support")]


def test_grid_cell_that_states_its_own_roles():
    text, rows = grid([["1", "推进节能。", "市发展改革委牵头，各县区政府落实"]])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [(u.text, u.role) for u in got[0].units] == [("市发展改革委", "lead"), ("各县区政府", "support")]


def test_grid_row_without_units_warns():
    text, rows = grid([["1", "推进节能。", "市工信局"], ["2", "推进减排。", "2025年底前"]])
    ctx = ctx_of(text)
    assert [r.row for r in tables.grid_responsibilities(ctx, rows)] == [1]
    assert [w.code for w in ctx.warnings] == ["table_row_no_units"]


def test_a_table_that_is_no_task_table_gives_nothing_and_no_warnings():
    text, rows = grid([
        ["序号", "指标", "2020年", "2025年"],
        ["1", "单位地区生产总值能耗下降", "—", "13.5%"],
        ["2", "非化石能源消费比重", "15%", "20%"],
    ])
    ctx = ctx_of(text)
    assert tables.grid_responsibilities(ctx, rows) == []
    assert ctx.warnings == []


def test_header_roles_go_by_column_when_a_cell_is_empty():
    assert unit_roles([
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进节能。", "市发改委", "市财政局、市工信局", "2025年底前"],
        ["2", "推进减排。", "", "市生态环境局", "持续推进"],
    ]) == [
        [("市发改委", "lead"), ("市财政局", "support"), ("市工信局", "support")],
        [("市生态环境局", "support")],
    ]


def test_a_column_the_header_names_for_something_else_holds_no_units():
    # 建设目标 cells end like unit names (…中心, …站), but the header says what they are
    text, rows = grid([
        ["序号", "重点任务", "建设目标", "责任单位", "完成时限"],
        ["1", "完善养老设施。", "建成片区养老服务中心", "市民政局", "2024年底"],
        ["2", "完善文化设施。", "新建村级综合文化站", "市文旅局、各县区政府", "2025年"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [[(u.text, u.role) for u in r.units] for r in got] == [
        [("市民政局", "responsible")],
        [("市文旅局", "responsible"), ("各县区政府", "responsible")],
    ]
    assert [r.raw for r in got] == ["市民政局", "市文旅局、各县区政府"]


def test_header_columns_count_from_the_number_when_a_row_leaves_out_its_section_cell():
    assert unit_roles([
        ["领域", "序号", "具体任务", "工作目标", "牵头单位"],
        ["一、园区", "1", "推进园区改造。", "建成循环化改造示范中心", "市发改委"],
        ["2", "推进园区供热。", "新建集中供热站", "市住建局"],
    ]) == [[("市发改委", "lead")], [("市住建局", "lead")]]


def test_without_a_header_every_cell_after_the_task_that_reads_as_units_is_read():
    assert unit_roles([["1", "推进节能。", "市发改委", "市财政局", "2025年底前"]]) == [
        [("市发改委", "responsible"), ("市财政局", "responsible")]]


def annex(table: str, fmt: str = "txt"):
    """A made-up plan with *table* as its annex: the Document and its table rows."""
    doc = policyparse.parse_text("某市实施方案\n一、总体要求\n推进节能。\n附件\n" + table, fmt=fmt)
    return doc, [r for r in doc.responsibilities if r.source == "table"]


def test_a_convention_in_a_note_right_under_a_table_covers_that_table_only():
    _, got = annex("重点任务分工\n序号 | 工作任务 | 责任单位\n1 | 创建示范街区 | 市商务局、市文旅局\n"
                     "2 | 建设智慧商圈 | 市商务局、市大数据局\n注：责任单位中排在第一位的为牵头单位。\n")
    assert [[(u.text, u.role) for u in r.units] for r in got] == [
        [("市商务局", "lead"), ("市文旅局", "support")],
        [("市商务局", "lead"), ("市大数据局", "support")]]
    body = policyparse.parse_text(
        "某市实施方案\n一、总体要求\n推进节能。（市发改委、市财政局负责）\n附件\n序号 | 任务 | 责任单位\n"
        "1 | 推进 | 市工信局、市财政局\n注：排在第一位的为牵头单位。\n")
    assert [[u.role for u in r.units] for r in body.responsibilities] == [
        ["responsible", "responsible"], ["lead", "support"]]


def test_a_markdown_table():
    _, got = annex(
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
        "| 1 | 推进节能。 | 市发改委 | 市财政局、市工信局 | 2025年底前 |\n"
        "| 2 | 推进减排。 | | 市生态环境局 | 持续推进 |\n", fmt="md")
    assert rows_of(got) == [
        (1, [], "推进节能。", [("市发改委", "lead"), ("市财政局", "support"), ("市工信局", "support")]),
        (2, [], "推进减排。", [("市生态环境局", "support")]),
    ]


# --- the | text form --------------------------------------------------------------------------

def test_pipe_table_rows():
    doc = policyparse.parse_text("某市实施方案\n一、总体要求\n推进节能。\n" + PIPE)
    got = [r for r in doc.responsibilities if r.source == "table"]
    assert rows_of(got) == [
        (1, ["一", "（一）"], "推进工业绿色升级。", [("市工信局", "responsible")]),
        (2, ["一", "（一）"], "推行清洁生产。", [("市生态环境局", "responsible"), ("市工信局", "responsible")]),
        (3, ["一", "（一）"], "强化危废管理。", [("市生态环境局", "responsible")]),
        (4, ["一", "（二）"], "发展生态农业。", [("市农业农村局", "responsible"), ("市林业局", "responsible")]),
        (5, ["二", "（三）"], "优化运输结构。", [("市交通运输局", "responsible"), ("天水火车站", "responsible")]),
        (6, ["二", "（三）"], "推广新能源车。", [("市交通运输局", "responsible")]),
    ]
    assert doc.warnings == []
    for r in got:
        assert doc.text[r.span[0]:r.span[1]] == r.raw
        assert doc.text[r.task_span[0]:r.task_span[1]] == r.task
        for u in r.units:
            assert doc.text[u.span[0]:u.span[1]] == u.text


def test_pipe_lines_inside_a_real_table_are_not_read_twice():
    head = "某市实施方案\n一、总体要求\n推进节能。\n"
    text = head + PIPE
    start = len(head) + PIPE.index("一、健全生产体系")
    row_text = "一、健全生产体系| (一)推进工业绿色升级| 1 |推进工业绿色升级。|市工信局|"

    def cell(s: str) -> Cell:
        i = text.index(s, start)
        return Cell(text=s, start=i, end=i + len(s))

    real = Table(rows=[[cell("一、健全生产体系"), cell("(一)推进工业绿色升级"), cell("1"),
                        cell("推进工业绿色升级。"), cell("市工信局")]])
    assert text[start:start + len(row_text)] == row_text
    doc = build(Loaded(text=text, format="docx", tables=[real]))
    got = [r.row for r in doc.responsibilities if r.source == "table"]
    assert got == [1, 2, 3, 4, 5, 6]  # row 1 from the real table, the rest from the | lines
    assert sum(r.row == 1 for r in doc.responsibilities) == 1


def test_a_section_line_between_rows_numbered_in_their_first_cell_opens_its_section():
    # rows written "2 | … |" with the section heading on a line of its own between them: the
    # heading is the table's section row (lines.Kind.TABLE_SECTION), the table goes on under it
    doc = policyparse.parse_text(
        "某区老年助餐服务任务分工\n序号 | 任务 | 牵头单位 | 配合单位 | 完成时限\n一、扩大助餐服务供给\n"
        "1 | 新增助餐点60个 | 区民政局 | 各街道办事处 | 2024年12月底前\n"
        "2 | 引导企业参与 | 区商务局 | 区民政局 | 长期坚持\n二、加强资金支持\n"
        "3 | 落实助餐补贴政策 | 区财政局 | 区民政局 | 长期坚持\n")
    got = [r for r in doc.responsibilities if r.source == "table"]
    assert [(r.row, r.path) for r in got] == [(1, ["一"]), (2, ["一"]), (3, ["二"])]
    # one table under one header: its unit columns keep their roles below the section rows
    assert [(u.text, u.role) for u in got[2].units] == [("区财政局", "lead"), ("区民政局", "support")]
    assert doc.outline == [] and doc.warnings == []


def test_a_pipe_line_without_a_task_number_warns():
    doc = policyparse.parse_text("某市实施方案\n一、总体要求\n推进节能。\n" + PIPE + "推进|其他|\n")
    assert [w.code for w in doc.warnings] == ["table_row_skipped"]


# --- rows that go on over more than one line ---------------------------------------------------


def test_a_row_continued_on_the_next_line_is_one_row():
    doc, got = annex(
        "序号 | 项目名称 | 建设内容 | 责任单位 | 完成时限\n"
        "1 | 供热管网改造 | 改造老旧供热管网40公里，同步安装智能 | 市城管局（牵头）、 | 2024年底前\n"
        "| | 计量装置。 | 市热力公司 |\n"
        "2 | 路灯节能改造 | 更换节能灯具。 | 市城管局 | 2024年底前\n")
    assert rows_of(got) == [
        (1, [], "供热管网改造", [("市城管局", "lead"), ("市热力公司", "support")]),
        (2, [], "路灯节能改造", [("市城管局", "responsible")]),
    ]
    assert doc.warnings == []  # the header is known, the second line is no odd row
    for r in got:
        assert doc.text[r.span[0]:r.span[1]] == r.raw
        for u in r.units:
            assert doc.text[u.span[0]:u.span[1]] == u.text


def test_a_markdown_row_continued_and_an_odd_row_that_is_no_continuation():
    doc, got = annex(
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 |\n|---|---|---|---|\n"
        "| 1 | 推进园区循环化 | 市发改委 | 市财政局、 |\n"
        "| | 改造。 | | 市工信局 |\n"
        "| 合计 | 两项 | | 市统计局 |\n"
        "| 2 | 推进减排。 | 市生态环境局 | |\n", fmt="md")
    assert rows_of(got) == [
        (1, [], "推进园区循环化改造。",
         [("市发改委", "lead"), ("市财政局", "support"), ("市工信局", "support")]),
        (2, [], "推进减排。", [("市生态环境局", "lead")]),
    ]
    assert [w.code for w in doc.warnings] == ["table_row_skipped"]  # the 合计 row


def test_a_task_and_a_name_cut_by_the_wrap_are_joined():
    text, rows = grid([
        ["序号", "重点任务", "责任单位"],
        ["1", "推进园区循环化", "市发展改革委、市住房城乡"],
        ["", "改造。", "建设局"],
        ["2", "推行清洁生产。", "市生态环境局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert rows_of(got) == [
        (1, [], "推进园区循环化改造。",
         [("市发展改革委", "responsible"), ("市住房城乡建设局", "responsible")]),
        (2, [], "推行清洁生产。", [("市生态环境局", "responsible")]),
    ]
    first = got[0]
    # no one stretch of the text gives back a joined task or name: they carry no span, and
    # the row's span covers both lines
    assert first.task_span is None
    cut = first.units[1]
    assert cut.text == "市住房城乡建设局"
    assert cut.span is None
    assert text[first.units[0].span[0]:first.units[0].span[1]] == "市发展改革委"
    assert first.raw.startswith("市发展改革委、市住房城乡") and first.raw.endswith("建设局")


def test_a_row_goes_on_after_a_repeated_header():
    text, rows = grid([
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "推进节能。", "市发改委", "市财政局、"],
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["", "", "", "市工信局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert rows_of(got) == [
        (1, [], "推进节能。", [("市发改委", "lead"), ("市财政局", "support"), ("市工信局", "support")]),
    ]


def test_a_row_without_a_number_that_opens_a_section_or_has_a_first_cell_is_no_continuation():
    text, rows = grid([
        ["1", "推进节能。", "市发改委"],
        ["", "（二）农业", "", "发展生态农业。", "市农业农村局"],
        ["推进", "其他", "市财政局"],
    ])
    ctx = ctx_of(text)
    got = tables.grid_responsibilities(ctx, rows)
    assert rows_of(got) == [(1, [], "推进节能。", [("市发改委", "responsible")])]
    assert [w.code for w in ctx.warnings] == ["table_row_skipped", "table_row_skipped"]


def test_grid_cell_with_districts_beside_departments():
    text, rows = grid([
        ["序号", "工作措施", "责任单位", "完成时限"],
        ["1", "推进步行街改造。", "市商务局，东湖区、西湖区人民政府，滨江新区管委会", "2024年12月"],
    ])
    ctx = ctx_of(text)
    got = tables.grid_responsibilities(ctx, rows)
    assert [u.text for u in got[0].units] == ["市商务局", "东湖区", "西湖区人民政府", "滨江新区管委会"]
    assert ctx.warnings == []


def test_a_header_of_two_rows_names_the_unit_columns_of_its_second_row():
    # as a DOCX or PDF gives a header whose cells are merged: 责任单位 over 牵头单位 | 配合单位
    text, rows = grid([
        ["序号", "重点任务", "牵头市领导", "责任单位", "责任单位", "完成时限"],
        ["序号", "重点任务", "牵头市领导", "牵头单位", "配合单位", "完成时限"],
        ["一、提升政务服务效能", "", "", "", "", ""],
        ["1", "推行企业开办一网通办。", "李卫东", "市市场监管局", "市公安局、市税务局", "2024年6月底前"],
    ])
    ctx = ctx_of(text)
    got = tables.grid_responsibilities(ctx, rows)
    assert rows_of(got) == [(1, ["一"], "推行企业开办一网通办。", [
        ("市市场监管局", "lead"), ("市公安局", "support"), ("市税务局", "support")])]
    assert ctx.warnings == []  # the header rows are no skipped rows


def test_a_second_header_row_of_sub_columns_only_keeps_the_number_column_of_the_first():
    assert unit_roles([
        ["序号", "重点任务", "责任单位", "", "完成时限"],
        ["", "", "牵头单位", "配合单位", ""],
        ["1", "推进园区循环化改造。", "市发改委", "市工信局", "2025年底前"],
    ]) == [[("市发改委", "lead"), ("市工信局", "support")]]


@pytest.mark.parametrize("row", [
    ["序号", "任务", "市发改委牵头负责落实", "完成时限"],  # a long cell is no column name
    ["1号", "重点任务", "推进改造。", "完成时限"],          # a sentence is no column name
    ["说明", "包保领导", "联系人", "电话"],                  # no number or unit column
])
def test_rows_that_are_no_header(row):
    _, (cells,) = grid([row])
    assert tables._row_kind(cells, tables._GridState())[0] != "header"


def test_a_cell_under_a_unit_header_is_read_whole_whatever_its_names_end_in():
    assert unit_roles([
        ["序号", "重点任务", "责任单位", "完成时限"],
        ["1", "建设储能实训基地。", "市科技局（牵头）、四川化工职业技术学院、西南医科大学", "2024年12月"],
        ["2", "修缮古民居。", "县文化旅游体育局、徽城镇、郑村镇人民政府", "2024年12月"],
    ]) == [[("市科技局", "lead"), ("四川化工职业技术学院", "support"), ("西南医科大学", "support")],
           [("县文化旅游体育局", "responsible"), ("徽城镇", "responsible"),
            ("郑村镇人民政府", "responsible")]]


def test_a_guidance_column_gives_its_units_that_role():
    assert unit_roles([
        ["序号", "重点任务", "指导单位", "牵头单位", "配合单位"],
        ["1", "推进校园安全建设。", "市教育局", "各县区政府", "市公安局"],
    ]) == [[("市教育局", "guidance"), ("各县区政府", "lead"), ("市公安局", "support")]]


def test_a_grids_section_cells_are_read_once_and_as_read_marker_reads_them():
    from policyparse.lines import read_marker

    state = tables._GridState()
    for label in ("（一）推进工业绿色升级", "一、健全生产体系", "生产体系"):
        found, again = state.marker(label), state.marker(label)
        assert found is again
        expected = read_marker(label)
        assert (found is None) == (expected is None)
        if found is not None and expected is not None:
            assert (found.level, found.label) == (expected.level, expected.label)
    assert list(state.markers) == ["（一）推进工业绿色升级", "一、健全生产体系", "生产体系"]


def test_a_grid_reads_a_repeated_header_once_and_takes_it_again_at_each_page():
    state = tables._GridState()
    header = [Cell("序号", 0, 2), Cell("重点任务", 3, 7), Cell("牵头单位", 8, 12)]
    again = [Cell("序号", 50, 52), Cell("重点任务", 53, 57), Cell("牵头单位", 58, 62)]
    first = state.read_row(header)
    assert first.kind == "header" and first.header is not None
    assert first.header.columns == {2: "lead"} and first.header.number == 0
    assert state.read_row(again) is first  # the same texts: read once
    tables._header_row(again, first.header, state)
    assert state.unit_columns == {2: "lead"} and state.number_column == 0


def test_a_section_cell_closes_the_levels_at_and_below_its_own():
    text, rows = grid([
        ["一、生产体系", "（一）工业", "重点", "1", "推进改造。", "市工信局"],
        ["（二）农业", "2", "发展养殖。", "市农业农村局"],
        ["一般", "3", "推广节水。", "市水务局"],
        ["二、流通体系", "4", "发展物流。", "市商务局"],
    ])
    got = tables.grid_responsibilities(ctx_of(text), rows)
    assert [(r.row, r.path) for r in got] == [
        (1, ["一", "（一）", "重点"]),
        (2, ["一", "（二）"]),  # （二） closes （一） and the unnumbered cell under it
        (3, ["一", "（二）", "一般"]),
        (4, ["二"]),
    ]
