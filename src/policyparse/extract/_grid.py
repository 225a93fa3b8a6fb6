"""The ``|`` grids of the normalized text: tables flattened to lines of cells between ``|``,
read back as grids of :class:`~policyparse.loaders.Cell`, outside the loader's real tables.

:func:`pipe_tables` reads them (once a notice, through ``Context.pipe_tables``: task tables and
indicator tables read the same grids); :func:`table_regions` and :class:`Regions` say where the
loader's tables stand, so that a ``|`` line inside one is not read twice. Below every extractor
and :mod:`._common`, importing neither.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate

from ..lines import Kind, LineIndex
from ..loaders import Cell, Table


def pipe_tables(text: str, skip: Sequence[tuple[int, int]] = (),
                lines: LineIndex | None = None) -> list[Table]:
    """The tables flattened into *text* as lines of ``|``-separated cells, as grids (*lines*:
    the text's line index, read here when not given).

    Consecutive table rows make one table (blank lines inside do not end it). A table's section
    row written without its pipes between two rows (:attr:`~policyparse.lines.Kind.TABLE_SECTION`,
    一、… over the rows of its tasks) is a row of one cell, or, where the row below leaves its
    first cell empty, that cell (wrapped onto a line of its own). Lines in *skip* (the regions
    of the loader's real tables) are left out. Header lines stay in the grid (the grid function
    knows them); section cells are not carried down here (the grid function carries them).

    >>> t = "重点任务|责任单位|\\n一、生产体系| 1 |推进升级。|市工信局|\\n2 |鼓励改造。|市财政局| |"
    >>> for row in pipe_tables(t)[0].rows:
    ...     print([c.text for c in row])
    ['重点任务', '责任单位', '']
    ['一、生产体系', '1', '推进升级。', '市工信局', '']
    ['2', '鼓励改造。', '市财政局', '', '']
    """
    lines = lines or LineIndex(text)
    regions = Regions(skip)
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    held: Cell | None = None  # a wrapped section cell waiting for its row
    for ln in lines:
        if ln.kind is Kind.TABLE_ROW and not regions.overlaps(ln.start, ln.end):
            cells = [Cell(t, s, e) for t, s, e in lines.cell_texts(ln)]
            if held is not None and cells and not cells[0].text:
                cells[0] = held
            elif held is not None:
                rows.append([held])  # the table's section row: a row of its own
            held = None
            rows.append(cells)
            continue
        if not rows or ln.kind is Kind.BLANK:
            continue  # outside a table, or a blank line inside one
        if held is None and ln.kind is Kind.TABLE_SECTION:
            held = stripped_cell(text, ln.start, ln.end)
            continue
        tables.append(Table(rows=rows))
        rows = []
        held = None
    if rows:
        tables.append(Table(rows=rows))
    return tables


def stripped_cell(text: str, s: int, e: int) -> Cell:
    """The cell of ``text[s:e]`` with the spaces around its text taken off."""
    return _cell_at(text[s:e], s)


def _cell_at(raw: str, s: int) -> Cell:
    """The cell whose text with its spaces around is *raw*, standing at *s*."""
    text = raw.lstrip()
    s += len(raw) - len(text)
    text = text.rstrip()
    return Cell(text=text, start=s, end=s + len(text))


def table_regions(tables: list[Table]) -> list[tuple[int, int]]:
    """The stretch of text each real table covers, from its first cell to its last."""
    out = []
    for t in tables:
        cells = [c for row in t.rows for c in row if c.end > c.start]
        if cells:
            out.append((min(c.start for c in cells), max(c.end for c in cells)))
    return out


class Regions:
    """Stretches of the text (the regions of the loader's tables): whether a span overlaps one
    of them, found by bisection (a long PDF's lines against its many tables).

    >>> r = Regions([(10, 20), (0, 5)])
    >>> r.overlaps(4, 8), r.overlaps(5, 10), r.overlaps(19, 30)
    (True, False, True)
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))  # running max of the ends

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a region: one that starts before *e* reaches past *s*."""
        i = bisect_left(self._starts, e) - 1
        return i >= 0 and self._reach[i] > s
