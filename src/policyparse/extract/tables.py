"""Annex task tables: each task row becomes a Responsibility with ``source: "table"``.

A task table's rows hold section cells (一、… / （一）…), a task number, the task text and
one or more unit cells (责任单位, or 牵头单位 and 配合单位), and maybe more (完成时限). Tables
reach this module in two forms, turned into the same grid of :class:`~policyparse.loaders.Cell`:

- real tables of a PDF or DOCX, from the loader (``ctx.tables``);
- tables flattened to text with ``|`` between cells (``ctx.pipe_tables``, read once a notice
  by :func:`~policyparse.lines.pipe_tables`), where a section cell is given once and holds for
  the rows below it, the header line is repeated at every page break and a long section cell
  can wrap onto a line of its own.

Stages, in order:

1. ``ctx.pipe_tables``         the ``|`` lines outside the loader's tables → grids (``lines``)
2. :func:`grid_responsibilities`  a grid → one Responsibility per numbered row: the row's
                              section path (the table's own labels, normalized like outline
                              labels), task, units (``ctx.lists.read`` on each unit cell) and roles
                              (the header's column names, or what a cell states, or the
                              first-listed convention)

Rules: ``patterns/tables.toml``, ``patterns/units.toml``, ``patterns/responsibilities.toml``.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from .. import patterns
from .._dataclass import dataclass, field
from .._recordbase import replace
from .._records import Responsibility, Role
from ..lines import Marker, read_marker, stripped_cell
from ..loaders import Cell
from . import units
from ._common import Context

if TYPE_CHECKING:
    import regex

_TRAILING_NOTE = patterns.fixed_regex(r"[（(][^（）()]*[）)]$")
_UNNUMBERED = 100  # levels of unnumbered section cells start here, below every outline level


@dataclass(frozen=True)
class _Rules:
    row_number: regex.Pattern[str]
    header_cell: regex.Pattern[str]


@cache
def _rules() -> _Rules:
    t = patterns.load("tables")
    return _Rules(
        row_number=t.rx("row_number"),
        header_cell=t.rx("header_cell"),
    )


def extract(ctx: Context) -> list[Responsibility]:
    """The task rows of the loader's tables and of the ``|`` tables in the text."""
    persistent = ctx.conventions
    out: list[Responsibility] = []
    for table in [*ctx.tables, *ctx.pipe_tables]:
        last = _last_filled(table.rows)
        if last is None:
            continue
        # a convention stated before the table, or in a note right under it
        first_listed = units.convention_holds(persistent, last.start)
        out.extend(grid_responsibilities(ctx, table.rows, first_listed=first_listed))
    return out


def _last_filled(rows: list[list[Cell]]) -> Cell | None:
    """The last cell of a grid that holds some text."""
    for row in reversed(rows):
        for c in reversed(row):
            if c.end > c.start:
                return c
    return None


# --- a grid of cells → responsibilities -----------------------------------------------------


class _Header(NamedTuple):
    """What a header row names, whatever the rows around it say."""

    columns: dict[int, Role]
    """The role each unit column names, by column index."""
    named: frozenset[int]
    """The columns that have a name (units or anything else)."""
    number: int | None
    """The column of the task number (序号), if it has one."""
    convention: bool
    """A cell states the first-listed convention."""


class _RowRead(NamedTuple):
    kind: str
    header: _Header | None


@dataclass
class _GridState:
    """What holds from one row to the next: the open sections and what the header said."""

    sections: dict[int, str] = field(default_factory=dict)
    section_columns: int = 0
    unit_roles: list[Role] = field(default_factory=list)
    """The roles the header's unit columns name, left to right."""
    unit_columns: dict[int, Role] = field(default_factory=dict)
    """The same by column index, for rows as wide as the header."""
    named_columns: frozenset[int] = frozenset()
    """The header's columns that have a name (units or anything else: 工作目标, 完成时限)."""
    number_column: int | None = None
    """The header's column of the task number (序号), if it has one."""
    header_width: int = 0
    first_listed: bool = False
    doubts: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)
    markers: dict[str, Marker | None] = field(default_factory=dict)
    """:func:`~policyparse.lines.read_marker` of each section cell's text read so far: a
    table repeats its section cells on every page (and a merged cell in every row)."""
    rows_read: dict[tuple[str, ...], _RowRead] = field(default_factory=dict)
    """What each row without a number says (:meth:`read_row`), by its cells' texts: the
    header comes again at every page."""

    def read_row(self, row: list[Cell]) -> _RowRead:
        """:func:`_row_kind` of a row without a number and, for a header row, what it names
        (:func:`_header_of`), read once a grid for each distinct row."""
        key = tuple(c.text for c in row)
        found = self.rows_read.get(key)
        if found is None:
            kind, heads = _row_kind(row, self)
            found = self.rows_read[key] = _RowRead(
                kind, _header_of(row, heads) if kind == "header" else None)
        return found

    def marker(self, label: str) -> Marker | None:
        """The outline marker *label* (a stripped cell's text) opens with (read once a grid)."""
        try:
            return self.markers[label]
        except KeyError:
            found = self.markers[label] = read_marker(label)
            return found


def grid_responsibilities(
    ctx: Context,
    rows: list[list[Cell]],
    *,
    first_listed: bool = False,
) -> list[Responsibility]:
    """One Responsibility per numbered row of a grid of cells.

    A row's cells before its number cell are section cells; a section cell holds for the rows
    below it until a cell of its level or above comes (merged cells need not be carried down,
    though they may be). Numbered section cells (一、 （一）) take their outline level; other
    section cells rank below them, by column. The cell after the number is the task; the unit
    cells follow it (cells that read as unit lists; a 完成时限 cell does not). A header row
    (序号 | 重点任务 | 牵头单位 | 配合单位 …) gives the role of each unit column, and a column it
    names for anything else (工作目标, 完成时限) is never read for units, even where its cells
    read like names (建成区域养老服务中心); a header may come again at every page, and may
    take two rows (责任单位 over 牵头单位 | 配合单位: read as one). A row
    without a number whose cells are empty up to the number's column, after a task row, is
    that row going on (its cells wrapped onto the next line, or over a page break): each of its
    cells is joined to the cell above in its column. A grid with no task row at all is no task
    table: its odd rows raise no warnings.
    """
    r = _rules()
    state = _GridState(first_listed=first_listed)
    out: list[Responsibility | None] = []
    # the last task row (its number's column and match), open to continuation rows
    task: tuple[int, regex.Match[str], list[Cell]] | None = None
    more: dict[int, list[Cell]] = {}  # the cells of its continuation rows, by column
    after_header = False  # the row before was a header row: a header of two rows is one
    row_number = r.row_number.match
    for row in rows:
        # the column of the row's task number, and its match (a loop here: a call a row saved)
        for k, c in enumerate(row):  # noqa: B007 (k: the column, read after the break)
            num = row_number(c.text)
            if num is not None:
                break
        else:
            num = None
        if num is not None:
            if task is not None:
                out.append(_task_row(ctx, task, more, state))
                more = {}
            if k:
                state.section_columns = max(state.section_columns, k)
                _open_sections(row[:k], state)
            task = (k, num, row)
            after_header = False
            continue
        kind, header = state.read_row(row)
        below = after_header
        if kind != "empty":
            after_header = kind == "header"
        if header is not None:
            _header_row(row, header, state, below=below)
        elif kind == "other" and task is not None and _goes_on(row, task[0], state):
            for j, c in enumerate(row):
                if c.text:
                    more.setdefault(j, []).append(c)
        elif kind != "empty":
            if task is not None:
                out.append(_task_row(ctx, task, more, state))
                task, more = None, {}
            _other_row(row, kind, state)
    if task is not None:
        out.append(_task_row(ctx, task, more, state))
    kept = [resp for resp in out if resp is not None]
    if kept:
        for code, message, span in state.doubts:
            ctx.warn(code, message, span)
    return kept


def _column(row: list[Cell], more: dict[int, list[Cell]], j: int) -> list[Cell]:
    """The filled cells of column *j* of a task row and its continuation rows, top to bottom."""
    top = [row[j]] if j < len(row) and row[j].text.strip() else []
    return top + more.get(j, [])


_HEAD_MAX = 8  # a header cell is a short name: 牵头市领导, 完成时限


def _row_kind(
    row: list[Cell], state: _GridState
) -> tuple[str, list[tuple[int, regex.Match[str]]]]:
    """empty, header (with the match of each cell that names a known column), sections (every
    filled cell is an outline label) or other.

    A header row is short names only, most of which name a known column (序号, 重点任务, 牵头
    单位, 完成时限 …): every one, or all but a minority where it has a 序号 or a unit column
    ("序号 | 重点任务 | 牵头市领导 | 牵头单位 | 配合单位 | 完成时限": 牵头市领导 is no column of
    ours, and its cells are read only where they read as units). *state*: the grid's, whose
    section cells' markers are read once.
    """
    r = _rules()
    heads: list[tuple[int, regex.Match[str]]] = []
    filled = [(j, t) for j, c in enumerate(row) if (t := c.text.strip())]
    if not filled:
        return "empty", []
    for j, s in filled:
        m = r.header_cell.match(_bare(s))
        if m is not None:
            heads.append((j, m))
    if heads and (len(heads) == len(filled) or (
            2 * len(heads) > len(filled)
            and any(m.group("number") or units.role_of(m) for _, m in heads)
            and all(len(units.squeeze(s)) <= _HEAD_MAX and not _sentence_end(s)
                    for _, s in filled))):
        return "header", heads
    marker = state.marker
    if all(marker(s) for _, s in filled):
        return "sections", []
    return "other", []


def _sentence_end(s: str) -> bool:
    return any(ch in s for ch in "。；;")


def _goes_on(row: list[Cell], k: int, state: _GridState) -> bool:
    """Whether a row without a number goes on with the task row above (whose number stands in
    column *k*): its cells up to that column are empty, and it opens no section."""
    return not any(c.text.strip() for c in row[:k + 1]) and not any(
        state.marker(t) for c in row if (t := c.text.strip()))


def _header_of(row: list[Cell], heads: list[tuple[int, regex.Match[str]]]) -> _Header:
    """What a header row names (*heads*: the match of each cell that names a known column)."""
    return _Header(
        columns={j: role for j, m in heads if (role := units.role_of(m))},
        named=frozenset(j for j, _ in heads),
        number=next((j for j, m in heads if m.group("number")), None),
        convention=any(units.states_convention(c.text) for c in row if c.text.strip()),
    )


def _header_row(row: list[Cell], header: _Header, state: _GridState, *,
                below: bool = False) -> None:
    """Take a header row: the role each unit column names, and the first-listed convention.

    A row *below* another header row is its second line ("责任单位" over "牵头单位 | 配合单位"):
    what it names adds to the row above, column by column, and wins where both name one."""
    columns, named, number = header.columns, header.named, header.number
    if below:
        columns = {**{j: v for j, v in state.unit_columns.items() if j not in named}, **columns}
        named |= state.named_columns
        number = number if number is not None else state.number_column
    state.unit_columns = dict(sorted(columns.items()))
    state.unit_roles = list(state.unit_columns.values())
    state.named_columns = named
    state.number_column = number
    state.header_width = max(len(row), state.header_width) if below else len(row)
    state.first_listed = state.first_listed or header.convention


def _other_row(row: list[Cell], kind: str, state: _GridState) -> None:
    """A row of section cells, or one not understood (a warning, if the grid is a task table)."""
    if kind == "sections":
        _open_sections(row, state)
        return
    filled = [c for c in row if c.text.strip()]
    state.doubts.append((
        "table_row_skipped",
        "table row without a task number: " + " | ".join(c.text.strip()[:20] for c in filled),
        (filled[0].start, filled[-1].end),
    ))


def _bare(s: str) -> str:
    """A header cell's words: whitespace and a trailing bracketed note taken out."""
    return _TRAILING_NOTE.sub("", units.squeeze(s))


def _open_sections(cells: list[Cell], state: _GridState) -> None:
    """Take the section cells of a row: each opens its level and closes the levels below."""
    for i, c in enumerate(cells):
        label = c.text.strip()
        if not label:
            continue
        found = state.marker(label)
        if found is not None:
            level, label = found.level, found.label
        else:  # unnumbered: below the numbered levels, by its column counted from the number
            level = _UNNUMBERED + state.section_columns - (len(cells) - i)
        # the levels open stand in order (each opens below those kept): close from the last
        sections = state.sections
        while sections and next(reversed(sections)) >= level:
            sections.popitem()
        sections[level] = label


def _task_row(
    ctx: Context, task_row: tuple[int, regex.Match[str], list[Cell]],
    more: dict[int, list[Cell]], state: _GridState,
) -> Responsibility | None:
    """The Responsibility of a task row (*task_row*: its number's column *k*, the number's
    match and its cells, as :func:`grid_responsibilities` holds them open); *more* holds the
    cells of its continuation rows."""
    k, num, row = task_row
    text = ctx.text
    width = len(row)
    if more:
        task = _task(text, _column(row, more, k + 1))
        upto = max(width, max(more) + 1)
    else:  # most rows: one cell a column
        task = _cell_task(text, row[k + 1]) if k + 1 < width else None
        upto = width
    names: list[units.Name] = []
    spans: list[tuple[int, int]] = []  # of the unit cells (from a cell's first part to its last)
    first_here = False
    read = ctx.lists.read
    unit_columns, named_columns, unit_roles = (
        state.unit_columns, state.named_columns, state.unit_roles)
    # what to add to a column of the row for the header's column over it: counted from the
    # number where the header has a 序号 column (a row may leave out the section cells the
    # header stands over), else the same column in a row as wide as the header; None when it
    # cannot be told (or there is no header)
    number_column = state.number_column
    off = (number_column - k if number_column is not None
           else 0 if width == state.header_width else None)
    cells: list[Cell] | None = None  # the column's cells, where the row goes on below
    for j in range(k + 2, upto):
        if more:
            cells = _column(row, more, j)
            if not cells:
                continue
            start, end = cells[0].start, cells[-1].end
        else:
            c = row[j]
            if not c.text.strip():
                continue  # most cells of a row: empty
            start, end = c.start, c.end
        if off is None:
            col_role = None
        else:  # what the header says of the column over this one
            col_role = unit_columns.get(j + off)
            if col_role is None and j + off in named_columns:
                continue  # the header names this column for something else: 工作目标, 完成时限
        of_units = col_role is not None  # the header says so
        if not of_units and len(spans) < len(unit_roles):
            col_role = unit_roles[len(spans)]  # the header's unit columns' roles, in turn
        ul = (read(text, start, end, of_units=of_units, role=col_role) if cells is None
              else _read_parts(ctx, cells, of_units=of_units, role=col_role))
        if not ul.names or ul.rejected:
            continue
        names.extend(ul.names)  # a name whose list states no role has its column's (col_role)
        state.first_listed = state.first_listed or (ul.first_listed and ul.carries_on)
        spans.append((start, end))
        first_here = first_here or ul.first_listed
    if not spans:
        state.doubts.append(("table_row_no_units", f"task {num.group('num')} has no unit cell",
                             (row[k].start, row[-1].end)))
        return None
    s, e = spans[0][0], spans[-1][1]
    made = ctx.lists.make_units(names, state.first_listed or first_here)
    if more:  # a unit whose name was joined from the parts of a cell a row's wrap cut keeps no
        # span: no one stretch of the text gives it back (a name read from one cell is a
        # stretch of the text, ListReader.read's: its span slices back to it)
        for i, u in enumerate(made):
            if (sp := u.span) is not None and text[sp[0]:sp[1]] != u.text:
                made[i] = replace(u, span=None)
    return Responsibility.new(
        # a level opens only below those open (_open_sections): the keys stand in order
        path=list(state.sections.values()),
        source="table",
        row=int(num.group("num")),
        raw=text[s:e],
        span=(s, e),
        units=made,
        task=task[0] if task else None,
        task_span=task[1] if task and (not more or _slices_to(text, task[1], task[0])) else None,
    )


def _slices_to(text: str, span: tuple[int, int], item: str) -> bool:
    return text[span[0]:span[1]] == item


def _cell_task(text: str, cell: Cell) -> tuple[str, tuple[int, int]] | None:
    """The task text of a task cell (its spaces around taken off) and its span."""
    s = cell.start
    raw = text[s:cell.end]
    words = raw.strip()
    if not words:
        return None
    if len(words) < len(raw):  # it opens with no space: not found among those before it
        s += raw.find(words)
    return words, (s, s + len(words))


def _task(text: str, cells: list[Cell]) -> tuple[str, tuple[int, int]] | None:
    """The task text (its cells' texts joined: a cell that goes on in a continuation row) and
    its span, from its first cell to its last."""
    if len(cells) == 1:  # the cell's text, its spaces around taken off
        return _cell_task(text, cells[0])
    parts = [t for c in cells if (t := stripped_cell(text, c.start, c.end)).text]
    return ("".join(t.text for t in parts), (parts[0].start, parts[-1].end)) if parts else None


def _read_parts(ctx: Context, parts: list[Cell], *, of_units: bool = False,
                role: Role | None = None) -> units.UnitList:
    """Read the cells of one column of a row as one unit list: a cell continued on the next
    line is read joined (a name cut by the wrap is whole again); the offsets of the names point
    into the text, and a name cut by the wrap spans from its first part to its last."""
    if len(parts) == 1:
        return ctx.lists.read(ctx.text, parts[0].start, parts[0].end, of_units=of_units,
                              role=role)
    joined = "".join(c.text for c in parts)
    ul = ctx.lists.read(joined, 0, len(joined), of_units=of_units, role=role)
    starts: list[int] = []
    pos = 0
    for c in parts:
        starts.append(pos)
        pos += len(c.text)

    def at(i: int, end: bool = False) -> int:
        j = bisect_right(starts, i - 1 if end else i) - 1
        return parts[j].start + i - starts[j]

    ul.names = [units.Name(n.text, at(n.start), at(n.end, end=True), n.role) for n in ul.names]
    ul.rejected = [(at(a), at(b, end=True)) for a, b in ul.rejected]
    return ul
