"""Writing a loader's text: paragraphs one per line, tables one row per line.

Shared by the PDF, DOCX and HTML loaders so a table reads the same from each: each row is written
``| a | b | c |``; a cell merged with the one to its left is written once; a cell merged down
from the row above is left empty in the text, and in the grid it points to its first
occurrence (the same offsets), as agreed with the table extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import Cell


def join_cell_paragraphs(paras: Sequence[str]) -> str:
    """A table cell's paragraphs on one line, as every loader writes a cell: a "；" between two
    where the first ends without punctuation (a unit list written one unit a line), nothing
    where it ends with punctuation or in ASCII.

    >>> join_cell_paragraphs(["市发展改革委", "市财政局", "各区政府。", "2025 Q4", "完成"])
    '市发展改革委；市财政局；各区政府。2025 Q4完成'
    """
    out = ""
    for t in paras:
        if out:
            last = out[-1]
            out += "；" if last.isalnum() and not last.isascii() else ""
        out += t
    return out


class TextBuilder:
    """Appends pieces of text and says where each one landed."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.pos = 0

    def write(self, s: str) -> tuple[int, int]:
        """Append *s*; return its ``(start, end)``."""
        start = self.pos
        self._parts.append(s)
        self.pos += len(s)
        return start, self.pos

    def newline(self) -> None:
        """End the current line, unless nothing has been written since the last one."""
        if self.pos and self._parts[-1] != "\n":
            self.write("\n")

    def last_char(self) -> str:
        """The last character written ("" when nothing was)."""
        return self._parts[-1][-1:] if self._parts else ""

    def text(self) -> str:
        return "".join(self._parts).rstrip("\n")


def write_grid(
    out: TextBuilder,
    texts: Sequence[str],
    grid: Sequence[Sequence[int]],
    on_row: Callable[[int, int], None] | None = None,
) -> list[list[Cell]]:
    """Write a table whose ``grid[r][c]`` indexes *texts*; return its rows of :class:`Cell`.

    *on_row(r, offset)* is called where each row begins (the PDF loader marks page starts).

    >>> b = TextBuilder()
    >>> rows = write_grid(b, ["任务", "单位", "1", "甲", "乙"], [[0, 0, 1], [2, 3, 4]])
    >>> b.text()
    '| 任务 | 单位 |\\n| 1 | 甲 | 乙 |'
    >>> [[b.text()[c.start:c.end] for c in row] for row in rows]
    [['任务', '任务', '单位'], ['1', '甲', '乙']]
    """
    out.newline()
    spans: dict[int, tuple[int, int]] = {}
    rows: list[list[Cell]] = []
    for r, row in enumerate(grid):
        if r:
            out.write("\n")
        if on_row is not None:
            on_row(r, out.pos)
        cells: list[Cell] = []
        out.write("|")
        for c, idx in enumerate(row):
            if not (c and row[c - 1] == idx):
                out.write(" ")
                if idx not in spans:
                    spans[idx] = out.write(texts[idx])
                out.write(" |")
            s, e = spans[idx]
            cells.append(Cell(texts[idx], s, e))
        rows.append(cells)
    out.newline()
    return rows
