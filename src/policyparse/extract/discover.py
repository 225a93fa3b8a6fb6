"""Unit names in running prose that no list and no table names: found with jieba.

The vocabulary scan (:mod:`.mentions`) finds the names the notice's own lists use and those of
``patterns/units.toml``. A department the notice names only in prose, and that the tables do
not know ("市民族宗教事务局要加强指导", "县纪委监委"), needs word boundaries that rules alone do
not give: the bare shape "市…局" also matches 城市发展新格局 and 全市…局面. jieba gives them:

1. ``_tokenizer``  a jieba Tokenizer with the department and alias names of
                   ``patterns/units.toml`` as its user dictionary (built once per process;
                   jieba's own dictionary costs about a second to load, so this is opt-in:
                   ``parse(..., discover_units=True)``, ``policyparse parse --discover-units``)
2. ``_runs``       in each paragraph of the body, a run of words that opens with a level word
                   standing alone (``[discovery] levels``) or a party or government body
                   (``openers``: 县委) and closes at the first word ending
                   in an office suffix (``suffixes``), with no stop word, no non-Chinese word
                   and no second level word inside, at most ``max_words`` words
3. ``extract``     runs already covered by a mention, a unit list or a 《》 title are dropped;
                   each new one is a :class:`~policyparse.models.Mention` with
                   ``found_by="segmenter"``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from .. import patterns
from .._records import Mention, Responsibility
from . import units
from ._common import Context
from ._text import title_spans


@cache
def _rules() -> dict[str, Any]:
    rules = dict(patterns.table("units", "discovery"))
    rules["levels"] = frozenset(rules["levels"])
    rules["openers"] = frozenset(lv + o for lv in rules["levels"] for o in rules["openers"])
    rules["stop"] = frozenset(rules["stop"])
    rules["suffixes"] = tuple(rules["suffixes"])
    return rules


@cache
def _tokenizer() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    departments = patterns.table("units", "departments")
    aliases = patterns.table("units", "aliases")
    levels = tuple(departments["prefixes"])
    words = set(departments["names"])
    for short, full in aliases.items():
        words.update(w[1:] if w.startswith(levels) else w for w in (short, full))
    for w in sorted(words):
        tk.add_word(w, freq=100000)
    return tk


def _is_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _runs(line: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` in *line* of each word run that reads as a unit name."""
    rules = _rules()
    words = list(_tokenizer().cut(line, HMM=True))
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w)
    for i, w in enumerate(words):
        body = w in rules["openers"]  # 县委: a name by itself, or the head of a longer one
        if w not in rules["levels"] and not body:
            continue
        end = _run_end(words, starts, i, rules)
        if end is not None:
            yield starts[i], end
        elif body:
            yield starts[i], starts[i] + len(w)


def _run_end(words: list[str], starts: list[int], i: int, rules: dict[str, Any]) -> int | None:
    """Where the name opened by ``words[i]`` ends: at the first word with an office suffix,
    or None when a stop word, a second level word or a non-Chinese word comes first."""
    for j in range(i + 1, min(len(words), i + 1 + rules["max_words"])):
        v = words[j]
        if v in rules["levels"] or v in rules["stop"] or not _is_han(v):
            return None
        end = starts[j] + len(v)
        if end - starts[i] > rules["max_chars"]:
            return None
        if v.endswith(rules["suffixes"]):
            return end
    return None


def extract(ctx: Context, known: Sequence[Mention] = (),
            lists: Sequence[Responsibility] = ()) -> list[Mention]:
    """Unit names in the body's prose that neither *known* mentions nor *lists* cover."""
    text = ctx.text
    taken = [m.span for m in known] + [r.span for r in lists]
    taken += title_spans(text, ctx.body_start, ctx.body_end)
    places = ctx.home_places
    out: list[Mention] = []
    for ln in ctx.lines.overlapping(ctx.body_start, ctx.body_end):
        ls, le = ln.span
        if le <= ctx.body_start or ls >= ctx.body_end:
            continue
        for a, b in _runs(text[ls:le]):
            s, e = ls + a, ls + b
            if any(ts < e and s < te for ts, te in taken):
                continue
            out.append(Mention(
                text=text[s:e],
                name=units.canonical_names([text[s:e]], places)[0],
                span=(s, e),
                path=ctx.index.path_at(s),
                found_by="segmenter",
            ))
    return out
