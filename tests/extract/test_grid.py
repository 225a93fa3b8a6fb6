"""The | grids of the normalized text (extract/_grid.py)."""

from __future__ import annotations

from policyparse.extract import _grid
from tests.extract.helpers import PIPE


def test_pipe_lines_become_a_grid_with_the_wrapped_section_cell_in_its_row():
    found = _grid.pipe_tables(PIPE)
    assert len(found) == 1
    rows = found[0].rows
    assert [c.text for c in rows[-2]][:3] == ["二、健全流通体系", "(三)发展绿色物流", "5"]
    for row in rows:
        for c in row:
            assert PIPE[c.start:c.end] == c.text


def test_pipe_tables_leave_out_the_rows_inside_the_loaders_tables_in_any_order():
    """The rows a loader's table covers (its regions given in any order, one inside another)
    stay out of the | tables; a row between two regions stays in."""
    rows = ["1 | 推进改造。| 市工信局 |", "2 | 鼓励升级。| 市财政局 |", "3 | 加快建设。| 市住建局 |",
            "4 | 完善机制。| 市商务局 |"]
    text = "\n".join(rows)
    starts = [text.index(r) for r in rows]
    region = [(s, s + len(r)) for s, r in zip(starts, rows, strict=True)]
    skip = [region[3], region[0], (region[0][0] + 2, region[0][1] - 2)]
    kept = [row[0].text for t in _grid.pipe_tables(text, skip) for row in t.rows]
    assert kept == ["2", "3"]
    assert [row[0].text for t in _grid.pipe_tables(text) for row in t.rows] == ["1", "2", "3", "4"]
