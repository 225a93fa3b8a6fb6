"""Text with a map back to where it came from.

Every normalization step rewrites the text through :meth:`MappedText.apply` (or :meth:`sub`),
which records the replaced regions as one *layer*; a position in the final text is traced back
through the layers in reverse. Steps that keep the length (one character for one) need no
layer. Building a layer costs one list entry per edit, not per character.

>>> m = MappedText("到 2025 年").sub(r" ", "")
>>> m.text, m.to_source(3), m.to_source(len(m.text))
('到2025年', 4, 8)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, NamedTuple, cast, overload

from . import patterns
from ._dataclass import dataclass, field

if TYPE_CHECKING:
    import regex



class _Layer(NamedTuple):
    """Edits of one step, sorted: output region [os, oe) came from input region [is_, ie).
    (A named tuple: made for every step that changes a text, at a third of a frozen
    dataclass's cost.)"""

    out_starts: list[int]
    out_ends: list[int]
    in_starts: list[int]
    in_ends: list[int]

    def back(self, pos: int) -> int:
        i = bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_ends[i]:
            return self.in_starts[i] + min(pos - self.out_starts[i],
                                           self.in_ends[i] - self.in_starts[i])
        return self.in_ends[i] + (pos - self.out_ends[i])


class _Deletions:
    """The layer of a deletion, kept as the pieces of the split that made it (the text before
    the first match, the first match, the text between it and the second …): its lists are
    built the first time an offset is traced back through it. A plain text's or a web page's
    parse never asks (only a PDF's or a DOCX's pages and table cells are mapped back), and a
    deletion of hundreds of spaces then costs no list of their offsets."""

    __slots__ = ("_layer", "_pieces")

    def __init__(self, pieces: list[str]) -> None:
        self._pieces: list[str] | None = pieces
        self._layer: _Layer | None = None

    @property
    def layer(self) -> _Layer:
        """The deletion as a :class:`_Layer` (built on the first call, the pieces let go)."""
        if self._layer is None:
            pieces = cast("list[str]", self._pieces)
            bounds = list(accumulate(map(len, pieces), initial=0))  # where each piece starts
            # a match's place in the output: the kept text before it (every other piece)
            out = list(accumulate(map(len, pieces[:-1:2])))
            self._layer = _Layer(out, out, bounds[1:-1:2], bounds[2:-1:2])
            self._pieces = None
        return self._layer

    def back(self, pos: int) -> int:
        return self.layer.back(pos)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Deletions):
            other = other.layer
        return isinstance(other, _Layer) and self.layer == other

    __hash__ = None  # type: ignore[assignment]  # (as _Layer's: its lists are not hashable)


@dataclass
class MappedText:
    """A text and the layers that map its offsets back to the original."""

    text: str
    layers: list[_Layer | _Deletions] = field(default_factory=list)

    def apply(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Replace each ``text[start:end]`` by its string; edits must be sorted, non-overlapping."""
        text = self.text
        parts: list[str] = []
        os_: list[int] = []
        oe: list[int] = []
        is_: list[int] = []
        ie: list[int] = []
        pos = 0
        out = 0
        for start, end, repl in edits:
            if start < pos:
                raise ValueError("edits overlap or are not sorted")
            if end - start == len(repl) and text[start:end] == repl:
                continue  # (a length that changes is a change: no slice to compare)
            parts.append(text[pos:start])
            out += start - pos
            parts.append(repl)
            os_.append(out)
            out += len(repl)
            oe.append(out)
            is_.append(start)
            ie.append(end)
            pos = end
        if not os_:
            return self
        parts.append(text[pos:])
        return MappedText("".join(parts), [*self.layers, _Layer(os_, oe, is_, ie)])

    def sub(
        self,
        pattern: str | regex.Pattern[str],
        repl: str | Callable[[regex.Match[str]], str],
        within: Iterable[tuple[int, int]] | None = None,
    ) -> MappedText:
        """Like ``regex.sub``, keeping the map. *repl* is a literal string or a function.
        *within*: sorted, disjoint ``(start, end)`` regions (lines) that hold every match;
        the pattern is run over them alone (``finditer(text, start, end)``)."""
        rx = patterns.fixed_regex(pattern) if isinstance(pattern, str) else pattern
        text = self.text
        if repl == "" and within is None and rx.groups == 0:
            # a deletion: the text around the matches and the matches in turn, by one split
            # (no match object, no Python step a match), unless a match is empty
            pieces = _in_one_group(rx.pattern, rx.flags, isinstance(rx, re.Pattern)).split(text)
            if "" not in pieces[1::2]:
                return self._delete(pieces)
        found = (rx.finditer(text) if within is None else
                 (m for s, e in within for m in rx.finditer(text, s, e)))
        if isinstance(repl, str):
            lit = repl
            return self.apply((m.start(), m.end(), lit) for m in found)
        fn = repl
        return self.apply((m.start(), m.end(), fn(m)) for m in found)

    def delete_pieces(self, pieces: list[str]) -> MappedText:
        """The text without the odd ones of *pieces*: the text split into what stays (first,
        and every other one after it) and what goes, which no piece that goes is empty (as
        a split by a pattern in one group gives them); one layer of deletions."""
        if "" in pieces[1::2]:
            raise ValueError("a piece that goes is empty")
        return self._delete(pieces)

    def _delete(self, pieces: list[str]) -> MappedText:
        """The text without its matches, from *pieces*: the text before the first, the first,
        the text between it and the second, … the text after the last (a split by the pattern
        in one group); the layer's lists from the pieces' lengths, when first asked."""
        if len(pieces) == 1:
            return self
        return MappedText("".join(pieces[::2]), [*self.layers, _Deletions(pieces)])

    def translate(
        self,
        table: dict[int, int | str | None],
        where: regex.Pattern[str] | re.Pattern[str] | None = None,
    ) -> MappedText:
        """One-for-one character replacement (no layer needed). *where*, a pattern matching
        the characters the table changes, limits the work to them (one pass over the text: a
        split, whose matches are translated by C-level steps, not a Python call each)."""
        if where is None:
            new = self.text.translate(table)
        else:
            pieces = _in_one_group(where.pattern, where.flags,
                                   isinstance(where, re.Pattern)).split(self.text)
            if len(pieces) == 1:
                return self
            pieces[1::2] = map(str.translate, pieces[1::2], repeat(table))
            new = "".join(pieces)
        if len(new) != len(self.text):
            raise ValueError("translate() must keep the length; use sub()")
        return MappedText(new, self.layers)

    def to_source(self, pos: int) -> int:
        """The offset in the original text that *pos* came from."""
        for layer in reversed(self.layers):
            pos = layer.back(pos)
        return pos

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source(end)

    def from_source(self, src: int) -> int:
        """The first offset of this text whose source is at or after *src* (binary search:
        the map is monotonic). Text the normalizer dropped maps to where it was."""
        lo, hi = 0, len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_source(mid) < src:
                lo = mid + 1
            else:
                hi = mid
        return lo


_FLAGS_HEAD = patterns.fixed_re(r"(?:\(\?[a-zA-Z]+\))*")


@cache
def _in_one_group(src: str, flags: int, standard: bool) -> regex.Pattern[str]:
    """The pattern *src* (under ``re`` where *standard*, else ``regex``) in one capturing group
    (the inline flags it opens with kept in front): its ``split`` gives the matches too.

    >>> _in_one_group("(?m)^#+ ?", 0, True).split("# 一\\n二")
    ['', '# ', '一\\n二']
    """
    head = _FLAGS_HEAD.match(src).end()  # type: ignore[union-attr]  # (* always matches)
    grouped = f"{src[:head]}({src[head:]})"
    if standard:
        return cast("regex.Pattern[str]", patterns.fixed_re(grouped, flags))
    return patterns.fixed_regex(grouped, flags)


@overload
def lines_holding(text: str, needles: Iterable[str]) -> list[tuple[int, int]]: ...
@overload
def lines_holding(text: str, needles: Iterable[str], budget: int,
                  per_line: int = 0) -> list[tuple[int, int]] | None: ...
def lines_holding(text: str, needles: Iterable[str], budget: int | None = None,
                  per_line: int = 0) -> list[tuple[int, int]] | None:
    """``(start, end)`` of each line of *text* (without its newline) that holds one of
    *needles* (characters, or words), in order: one ``find`` a needle and a line, never a
    pass over the others (``str.find`` runs over a long text many times faster than a regex).
    With a *budget*: None as soon as the lines' characters, plus *per_line* for each line,
    come to more than it (the caller then runs over the whole text: the rest of the look
    would be wasted).

    >>> lines_holding("ab\\ncd\\nxb", "bx")
    [(0, 2), (6, 8)]
    >>> lines_holding("甲牵头\\n乙\\n丙牵头丁牵头", ["牵头"])
    [(0, 3), (6, 12)]
    >>> print(lines_holding("ab\\ncd\\nxb", "bx", budget=3))
    None
    """
    found: set[tuple[int, int]] = set()
    n = len(text)
    spent = 0
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            s = text.rfind("\n", 0, i) + 1
            e = text.find("\n", i)
            if e < 0:
                e = n
            if budget is not None and (s, e) not in found:
                spent += e - s + per_line
                if spent > budget:
                    return None
            found.add((s, e))
            i = text.find(needle, e)
    return sorted(found)


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of *text*, without its newline.

    >>> line_spans("ab\\ncd")
    [(0, 2), (3, 5)]
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end))
        pos = end + 1
    return out
