"""Citations: each 《title》 the text names, with the 文号 that follows it, if any.

The span (and ``text``) runs from 《 to 》, or, when a bracket with a 文号 follows at once, to
the end of that bracket: 《…指导意见》（国发〔2021〕4号）. Not reported: a short name given
to a document cited before it (以下简称《意见》), and the title of the notice's own plan
(现将《X》印发给你们 names the document itself, not one it cites).

Rules: ``patterns/citations.toml``.
"""

from __future__ import annotations

from functools import cache

from .. import patterns
from .._records import Citation
from ._common import Context
from ._firsts import opening_char
from ._text import opener_finds


@cache
def _rules() -> patterns.PatternSet:
    return patterns.load("citations")


@cache
def _opener() -> str | None:
    """The character a citation opens with (《), where :func:`opener_finds` looks for it."""
    return opening_char(_rules().rx("citation").pattern)


def _fold(s: str | None) -> str:
    return "".join((s or "").split())


def extract(ctx: Context) -> list[Citation]:
    """The citations of the whole text, in document order."""
    r = _rules()
    text = ctx.text
    alias = r.rx("alias")
    own = _fold(ctx.meta.title)
    rx = r.rx("citation")
    # the groups by number: ``regex`` reads a name given to ``group`` as a number first, and
    # builds the error that it is none (a fifth of the cost of the citations past their search)
    title_group, docno_group = rx.groupindex["title"], rx.groupindex["docno"]
    out: list[Citation] = []
    for m in opener_finds(rx, _opener(), text):
        title = m.group(title_group)
        if _fold(title) == own or alias.search(text, max(0, m.start() - 8), m.start()):
            continue
        out.append(Citation.new(
            title=title,
            doc_number=m.group(docno_group),
            span=m.span(),
            text=m.group(),
            path=ctx.index.path_at(m.start()),
        ))
    return out
