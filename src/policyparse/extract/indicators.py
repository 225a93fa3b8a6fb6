"""Indicator tables: a plan's 主要指标 / 指标体系 table gives one Target per row and target year.

A plan states its main targets as a table: one row per indicator, with its unit, the value of a
baseline year, the value of one or more target years (or a 年均增长 / 累计 column) and whether
it binds (属性: 约束性 / 预期性)::

    | 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |
    | 1 | 森林覆盖率 | % | 38.2 | ≥40 | 约束性 |

Tables reach this module as grids of :class:`~policyparse.loaders.Cell`: the loader's real
tables (PDF, DOCX, HTML) and the ``|`` tables of the text (read by
:func:`~policyparse.lines.pipe_tables`).

Stages, for each grid:

1. :func:`_find_header`  the header row (or two) among the first rows: each column told by the
   words of its header cell (``patterns/indicators.toml``), never by its position; a table
   without a name column, a target column and a word of its own (指标, 目标, 属性 …) is plain
   data (a price list, a project list, a task table) and gives nothing, and so does a table
   that reviews the last plan (a 完成情况 column);
2. :func:`_column_years` the year of each value column: its header's, else the caption's
   (“十四五” → 2025), else the plan's; the earliest of several bare year columns is the
   baseline; a target year before the notice's own year, or not after the baseline's, is a
   record, not a target;
3. :func:`_row_targets`  each row: the indicator (its name cell; a sub-indicator cell of a wider
   row joins it), unit (the 单位 column, a bracket at the end of the name, the caption's
   单位：…, the value cell's own), binding (the 属性 cell, or any cell that is a binding word),
   baseline value, and one Target per readable value cell of a target, 年均增长 or 累计 column,
   its span the cell's.

:func:`merge` joins them with the prose targets: a prose target over a table cell gives way.
"""

from __future__ import annotations

import itertools
import sys
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, cached_property
from typing import TYPE_CHECKING

from .. import patterns
from .._dataclass import dataclass, replace
from .._records import Target
from ..loaders import Cell
from ..numerals import arabic, fyp_years
from ._common import Context
from ._timex import notice_year, plan_years
from .units import squeeze

if TYPE_CHECKING:
    import regex

_HEADER_ROWS = 4  # the header stands among the first rows (a caption row may come first)
_HEAD_MAX = 16  # a header cell is a short name: 2025年目标值, 指标属性
_VALUE_KINDS = frozenset({"base", "goal", "year", "growth", "cumulative"})
_PLACEHOLDERS = frozenset({"", "—", "-", "/", "－", "——", "…", "无"})


@dataclass(frozen=True)
class _Rules:
    name: regex.Pattern[str]
    unit: regex.Pattern[str]
    number: regex.Pattern[str]
    value: regex.Pattern[str]
    growth: regex.Pattern[str]
    cumulative: regex.Pattern[str]
    binding_column: regex.Pattern[str]
    binding_cell: regex.Pattern[str]
    record: regex.Pattern[str]
    evidence: regex.Pattern[str]
    caption_evidence: regex.Pattern[str]
    value_cell: regex.Pattern[str]
    decrease: regex.Pattern[str]
    unit_in_name: regex.Pattern[str]
    caption_unit: regex.Pattern[str]
    caption_year: regex.Pattern[str]
    name_label: regex.Pattern[str]
    name_note: regex.Pattern[str]
    cell_relation: dict[str, str]
    qualifier_relation: dict[str, str]


@cache
def _rules() -> _Rules:
    ps = patterns.load("indicators")
    return _Rules(
        name=ps.rx("name_column"),
        unit=ps.rx("unit_column"),
        number=ps.rx("number_column"),
        value=ps.rx("value_column"),
        growth=ps.rx("growth_column"),
        cumulative=ps.rx("cumulative_column"),
        binding_column=ps.rx("binding_column"),
        binding_cell=ps.rx("binding_cell"),
        record=ps.rx("record_column"),
        evidence=ps.rx("evidence"),
        caption_evidence=ps.rx("caption_evidence"),
        value_cell=ps.rx("value_cell"),
        decrease=ps.rx("decrease_indicator"),
        unit_in_name=ps.rx("unit_in_name"),
        caption_unit=ps.rx("caption_unit"),
        caption_year=ps.rx("caption_year"),
        name_label=ps.rx("name_label"),
        name_note=ps.rx("name_note"),
        cell_relation=dict(patterns.table("indicators", "cell_relation")),
        qualifier_relation=dict(patterns.table("targets", "qualifier_relation")),  # prose's own
    )


@dataclass
class _Column:
    """What a header cell says its column holds."""

    kind: str
    """name, category, unit, number, base, goal, year (a bare year: base or goal, decided by the
    other columns), growth, cumulative, binding, record, other or empty"""
    year: int | None = None
    head: str = ""


@dataclass
class _Layout:
    columns: list[_Column]
    indicator: int
    """The column of the indicator's name."""
    header_rows: int = 1
    """How many rows the header takes (a header of two rows: 规划目标 over 2025年 | 累计)."""
    caption: str = ""
    row: int = 0
    """The header's (first) row."""
    base_year: int | None = None
    goal_year: int | None = None
    """The latest target year: the year of the 年均增长 and 累计 columns."""


def extract(ctx: Context) -> list[Target]:
    """The targets of the indicator tables, loader tables and ``|`` tables, in text order.

    A grid without a header of its own that starts right after an indicator table (a line or
    two between: a page break, a row the PDF's text layer garbled; no heading) goes on with
    it."""
    grids = [_Grid(t.rows) for t in [*ctx.tables, *ctx.pipe_tables]
             if any(c.end > c.start for row in t.rows for c in row)]
    if len(grids) > 1:
        grids.sort(key=lambda g: g.extent[0])
    out: list[Target] = []
    last: tuple[_Layout, int] | None = None  # the last indicator table's layout and end
    for g in grids:
        layout = _find_header(ctx, g.rows)
        if layout is None and last is not None and _goes_on(ctx, last[1], g.extent[0]):
            layout = replace(last[0], row=0, header_rows=0)
        if layout is None:
            last = None
            continue
        out.extend(grid_targets(ctx, g.rows, layout))
        last = (layout, g.extent[1])
    return sorted(out, key=lambda t: t.span)


_GAP_LINES = 3  # lines between a table and the grid that goes on with it
_GAP_CHARS = 160


class _Grid:
    """A grid of cells, at least one of which holds text."""

    def __init__(self, rows: list[list[Cell]]) -> None:
        self.rows = rows

    @cached_property
    def extent(self) -> tuple[int, int]:
        """Where the text of its cells starts and ends. A walk over all its cells (a long
        task table has hundreds), made where it is needed: to put several grids in text order,
        and for an indicator table and the grid after one; most grids are neither. (One loop:
        a list of the cells and a ``min`` and a ``max`` over it cost twice as much.)"""
        lo, hi = sys.maxsize, -1
        for row in self.rows:
            for c in row:
                if c.end > c.start:
                    if c.start < lo:
                        lo = c.start
                    if c.end > hi:
                        hi = c.end
        return lo, hi


def _goes_on(ctx: Context, end: int, start: int) -> bool:
    """Whether a grid that starts at *start* goes on with the indicator table that ends at
    *end*: only a few short lines (:func:`_close`) and no heading stand between."""
    if not _close(ctx.text, end, start):
        return False
    heads = sorted(sec.span[0] for sec in ctx.index.sections)
    return bisect_left(heads, start) == bisect_left(heads, end)


def _close(text: str, end: int, start: int) -> bool:
    """Whether only a few short lines stand between offsets *end* and *start*."""
    gap = text[end:start]
    lines = [line for line in gap.split("\n")[1:-1] if line.strip()]
    return 0 <= len(gap) <= _GAP_CHARS and len(lines) <= _GAP_LINES


def merge(prose: Sequence[Target], table: Sequence[Target]) -> list[Target]:
    """The prose targets and the table targets in text order; a prose target whose span takes in
    a table target's cell gives way to it (the table says more: baseline, binding)."""
    cells = sorted(t.span for t in table)
    starts = [a for a, _ in cells]
    reach = list(itertools.accumulate((b for _, b in cells), max))  # the furthest end so far

    def over_a_cell(span: tuple[int, int]) -> bool:
        i = bisect_left(starts, span[1]) - 1  # the last cell starting before the span ends
        return i >= 0 and reach[i] > span[0]

    kept = [t for t in prose if not over_a_cell(t.span)]
    return sorted([*kept, *table], key=lambda t: t.span)


def grid_targets(ctx: Context, rows: list[list[Cell]],
                 layout: _Layout | None = None) -> list[Target]:
    """The targets of one grid, or none if it is no indicator table; *layout*: the header of
    the table it goes on with (its own header is looked for if None)."""
    if not rows:
        return []
    layout = layout or _find_header(ctx, rows)
    if layout is None:
        return []
    out: list[Target] = []
    for row in rows[layout.row + layout.header_rows:]:
        if _header(row) is not None:
            continue  # the header again, at a page break
        out.extend(_row_targets(ctx, row, layout))
    return out


# --- the header -------------------------------------------------------------------------------


def _text(c: Cell) -> str:
    return squeeze(c.text)


def _classify(s: str) -> _Column:
    """What the header cell *s* (whitespace taken out) says its column holds."""
    r = _rules()
    if not s:
        return _Column("empty")
    if r.number.match(s):
        return _Column("number", head=s)
    if r.unit.match(s):
        return _Column("unit", head=s)
    if r.record.match(s):
        return _Column("record", head=s)
    if r.growth.match(s):
        return _Column("growth", head=s)
    if r.cumulative.match(s):
        return _Column("cumulative", head=s)
    m = r.value.match(s)
    if m is not None and (m.group("year") or m.group("fyp") or m.group("base")
                          or m.group("goal")):
        year = _year_of(m)
        kind = "base" if m.group("base") else "goal" if m.group("goal") else "year"
        return _Column(kind, year=year, head=s)
    m = r.name.match(s)
    if m is not None:
        return _Column("name" if m.group("indicator") else "category", head=s)
    if r.binding_column.match(s):
        return _Column("binding", head=s)
    return _Column("other", head=s)


def _year_of(m: regex.Match[str]) -> int | None:
    """The year a header or caption names: a year, or the end of a five-year plan."""
    if m.group("year"):
        return int(m.group("year"))
    if m.group("fyp"):
        years = fyp_years(m.group("fyp"))
        return years[1] if years else None
    return None


def _header(row: list[Cell]) -> list[_Column] | None:
    """The columns of *row* if it reads as an indicator table's header: short cells, a name
    column left of a value column, a column that can hold a target, and few cells not
    understood."""
    filled = [_text(c) for c in row if _text(c)]
    if len(filled) < 2 or any(len(s) > _HEAD_MAX or any(ch in s for ch in "。；;")
                              for s in filled):
        return None
    cols = [_classify(_text(c)) for c in row]
    values = [j for j, c in enumerate(cols) if c.kind in _VALUE_KINDS]
    if not values:
        return None
    first = values[0]
    names = [j for j, c in enumerate(cols[:first]) if c.kind in {"name", "category"}]
    if not names or not any(c.kind in {"goal", "year", "growth", "cumulative"} for c in cols):
        return None
    for c in cols[first:]:  # right of the values a 类别 / 类型 column is the binding's
        if c.kind in {"name", "category"}:
            c.kind = "binding" if _rules().binding_column.match(c.head) else "other"
    others = sum(1 for c in cols if c.kind == "other")
    if 3 * others > len(filled):
        return None
    return cols


def _find_header(ctx: Context, rows: list[list[Cell]]) -> _Layout | None:
    """The layout of the grid's header, or None if the grid is no indicator table."""
    r = _rules()
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        cols = _header(row)
        if cols is None:
            continue
        header_rows = 1
        if i + 1 < len(rows) and len(rows[i + 1]) == len(row):
            header_rows += _second_row(cols, row, rows[i + 1])
        if any(c.kind == "record" for c in cols):
            return None  # it reviews the last plan's goals: no targets
        caption = "\n".join([_caption(ctx.text, rows), *(
            _text(c) for row_ in rows[:i] for c in row_ if _text(c))])
        heads = " ".join(c.head for c in cols)
        if not (r.evidence.search(heads) or r.caption_evidence.search(caption)
                or _has_binding_cells(rows[i + header_rows:])):
            return None
        names = [j for j, c in enumerate(cols) if c.kind in {"name", "category"}]
        strong = [j for j in names if cols[j].kind == "name"]
        layout = _Layout(columns=cols, indicator=(strong or names)[-1],
                         header_rows=header_rows, caption=caption, row=i)
        _column_years(ctx, layout)
        return layout
    return None


def _second_row(cols: list[_Column], above: list[Cell], row: list[Cell]) -> int:
    """1 if *row* is the header's second line (规划目标 over 2025年目标值 | 五年累计): its filled
    cells all name value columns, but those merged down from the row *above* (指标, 单位 over
    both rows); what it names takes over the column above (the year of the cell above stays
    where its own names none)."""
    below = [_Column("empty") if (c.start, c.end) == (a.start, a.end) else _classify(_text(c))
             for a, c in zip(above, row, strict=True)]
    filled = [c for c in below if c.kind != "empty"]
    if not filled or any(c.kind not in _VALUE_KINDS for c in filled):
        return 0
    for j, c in enumerate(below):
        if c.kind == "empty" or (cols[j].head == c.head):
            continue
        year = c.year if c.year is not None else cols[j].year
        kind = c.kind
        if kind == "year" and cols[j].kind in {"base", "goal"}:
            kind = cols[j].kind
        cols[j] = _Column(kind, year=year, head=c.head)
    return 1


def _has_binding_cells(rows: list[list[Cell]]) -> bool:
    r = _rules()
    return any(r.binding_cell.match(_text(c)) for row in rows for c in row)


def _caption(text: str, rows: list[list[Cell]]) -> str:
    """The line over the table (表1 “十四五”主要指标), if the line right before it has text."""
    cells = [c for row in rows for c in row if c.end > c.start]
    if not cells:
        return ""
    ls = text.rfind("\n", 0, min(c.start for c in cells))
    if ls <= 0:
        return ""
    prev = text.rfind("\n", 0, ls) + 1
    line = text[prev:ls].strip()
    return line if len(line) <= 80 else ""


def _column_years(ctx: Context, layout: _Layout) -> None:
    """Decide the bare year columns (those before the notice's year are baselines; where the
    notice's year is not known, the earliest of several), give a goal column without a year
    the caption's or the plan's, and drop target columns that are records: before the
    notice's year, or not after the baseline's."""
    cols = layout.columns
    since = notice_year(ctx.meta)
    bare = [c for c in cols if c.kind == "year"]
    if bare and not any(c.kind == "base" for c in cols):
        if since is not None:  # the years before the notice's are where things stand
            for c in bare:
                if c.year is not None and c.year < since:
                    c.kind = "base"
        elif len(bare) + sum(c.kind == "goal" for c in cols) > 1:  # else the earliest
            min(bare, key=lambda c: c.year or 0).kind = "base"
    for c in cols:
        if c.kind == "year":
            c.kind = "goal"
    fallback = _fallback_year(ctx, layout.caption)
    for c in cols:
        if c.kind == "goal" and c.year is None:
            c.year = fallback
    bases = [c.year for c in cols if c.kind == "base" and c.year is not None]
    layout.base_year = max(bases) if bases else None
    for c in cols:
        if c.kind == "goal" and c.year is not None and (
                (since is not None and c.year < since)
                or (layout.base_year is not None and c.year <= layout.base_year)):
            c.kind = "record"
    goals = [c.year for c in cols if c.kind == "goal" and c.year is not None]
    layout.goal_year = max(goals) if goals else fallback
    if layout.goal_year is not None and since is not None and layout.goal_year < since:
        for c in cols:
            if c.kind in {"growth", "cumulative"}:
                c.kind = "record"


def _fallback_year(ctx: Context, caption: str) -> int | None:
    """The target year of a column that names none: the latest the caption names, else the end
    of the plan's period or five-year plan."""
    found = [y for m in _rules().caption_year.finditer(caption) if (y := _year_of(m))]
    if found:
        return max(found)
    period = plan_years(ctx.meta)
    if period is not None:
        return period[1]
    for title in (ctx.meta.title, ctx.meta.notice_title):
        for m in _rules().caption_year.finditer(title or ""):
            if m.group("fyp") and (y := _year_of(m)):
                return y
    return None


# --- the rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    value: float | None
    value_range: tuple[float, float] | None
    unit: str | None
    comparator: str | None
    relation: str
    qualifier: str | None
    bracketed: bool


def _value(s: str) -> _Value | None:
    """A value cell read: 98.3, ≥97, [10], 3-5, 保持59.0%以上; None for anything else."""
    r = _rules()
    m = r.value_cell.match(s.strip())
    if m is None:
        return None
    lo = arabic(m.group("num").replace("−", "-"))
    if lo is None:
        return None
    rng: tuple[float, float] | None = None
    value: float | None = lo
    if m.group("hi"):
        hi = arabic(m.group("hi"))
        if hi is None or hi <= lo:
            return None
        rng, value = (lo, hi), None
    cmp = m.group("cmp")
    q = m.group("q")
    relation = r.cell_relation.get(cmp, "=") if cmp else "="
    if q and relation == "=":
        relation = r.qualifier_relation.get(q, relation)
    bracketed = bool(m.group("open")) and bool(m.group("close"))
    return _Value(value, rng, m.group("unit"), cmp, relation, q, bracketed)


def _at(row: list[Cell], j: int, width: int) -> Cell | None:
    """The cell of *row* under header column *j*: the same column in a row as wide as the
    header, else counted from the right (a row may leave out a group cell on the left, or split
    its indicator into two cells)."""
    k = j if len(row) == width else j + len(row) - width
    return row[k] if 0 <= k < len(row) else None


def _row_targets(ctx: Context, row: list[Cell], layout: _Layout) -> list[Target]:
    r = _rules()
    cols = layout.columns
    width = len(cols)
    name_cell = _at(row, layout.indicator, width)
    if name_cell is None or not name_cell.text.strip():
        return []
    name = r.name_label.sub("", name_cell.text.strip())
    if _value(name) is not None or r.binding_cell.match(squeeze(name)) or r.name.match(
            squeeze(name)):
        return []  # a number, a binding word or a header word where the name should stand
    k = layout.indicator
    if len(row) == width + 1 and row[k].text.strip() and not _row_number(row[k].text):
        # one cell more, right of the name: a part of it (主要大气污染物排放量减少 | 氮氧化物);
        # more cells than that are group cells on the left (序号 | 领域 | 类别 | name)
        name = f"{r.name_label.sub('', row[k].text.strip())}（{name}）"
    filled = {id(c) for c in row if c.text.strip()}
    if len({(c.start, c.end) for c in row if id(c) in filled}) < 2:
        return []  # a group row: （一）环境质量
    unit, name = _unit(ctx, row, layout, name)
    name = r.name_note.sub("", name)
    # the row's group cells (主要污染物减排 | 化学需氧量): a change they name a fall is a decrease
    groups = "".join(c.text for j, col in enumerate(cols) if col.kind == "category"
                     if (c := _at(row, j, width)) is not None)
    binding = _binding(row, layout)
    base_value: float | None = None
    base_year = layout.base_year
    for j, col in enumerate(cols):
        if col.kind != "base":
            continue
        c = _at(row, j, width)
        v = _value(c.text) if c is not None else None
        if v is not None and v.value is not None and not v.bracketed:
            base_value, base_year = v.value, col.year or base_year
    out: list[Target] = []
    for j, col in enumerate(cols):
        if col.kind not in {"goal", "growth", "cumulative"}:
            continue
        c = _at(row, j, width)
        if c is None or c is name_cell or (c.start, c.end) == (name_cell.start, name_cell.end):
            continue
        text = c.text.strip()
        if squeeze(text) in _PLACEHOLDERS:
            continue
        v = _value(text)
        if v is None or _classify(squeeze(text)).kind in _VALUE_KINDS:
            continue  # no value, or a header's second line read as a row (2025年目标值)
        change = col.kind in {"growth", "cumulative"} or v.bracketed
        year = col.year if col.kind == "goal" else layout.goal_year
        comparator = v.comparator
        relation = v.relation
        value_unit = v.unit or unit
        if change:
            comparator = col.head if col.kind != "goal" else "累计"
            relation = "decrease" if r.decrease.search(f"{groups}{name}{col.head}") else "increase"
            if col.kind == "growth":
                value_unit = v.unit or _head_unit(col.head) or "%"
        s = c.start + (len(c.text) - len(c.text.lstrip()))
        e = s + len(text)
        if ctx.text[s:e] != text:
            continue
        out.append(Target.new(
            path=ctx.index.path_at(s),
            text=text,
            indicator=name,
            comparator=comparator,
            value=v.value,
            value_range=v.value_range,
            unit=value_unit,
            year=year,
            baseline_year=base_year,
            binding=binding,
            span=(s, e),
            relation=relation,
            qualifier=v.qualifier,
            source="table",
            baseline_value=None if change else base_value,
        ))
    return out


def _row_number(s: str) -> bool:
    return _task_rules().rx("row_number").match(s) is not None


@cache
def _task_rules() -> patterns.PatternSet:
    return patterns.load("tables")


def _head_unit(head: str) -> str | None:
    m = _rules().unit_in_name.search(head)
    return m.group("unit") if m else None


def _unit(ctx: Context, row: list[Cell], layout: _Layout, name: str) -> tuple[str | None, str]:
    """The row's unit and its indicator name: the 单位 column, else a bracket at the end of the
    name (taken off the name), else the caption's 单位：…; None where none says (the value cell
    may then give one)."""
    r = _rules()
    for j, col in enumerate(layout.columns):
        if col.kind == "unit":
            c = _at(row, j, len(layout.columns))
            if c is not None and squeeze(c.text) not in _PLACEHOLDERS:
                return c.text.strip(), name
    m = r.unit_in_name.search(name)
    if m is not None:
        return m.group("unit"), name[:m.start()].rstrip()
    m = r.caption_unit.search(layout.caption)
    if m is not None:
        return m.group("unit"), name
    return None, name


def _binding(row: list[Cell], layout: _Layout) -> str | None:
    """The row's binding: its 属性 cell, else any cell that is a binding word."""
    r = _rules()
    width = len(layout.columns)
    cells = [c for j, col in enumerate(layout.columns) if col.kind == "binding"
             if (c := _at(row, j, width)) is not None] + row
    for c in cells:
        m = r.binding_cell.match(squeeze(c.text))
        if m is not None:
            return m.group("binding")
    return None
