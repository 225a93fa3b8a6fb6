"""Responsible-unit lists that stand in the body as parentheticals.

"（市生态环境局、发展改革委等按职责分工负责）", "〔责任单位：……〕", "（牵头单位：X；配合单位：Y）",
"(X牵头，Y等按职责分工负责)", "（X负责。列第一位者为牵头单位，下同）" …

Stages, in order:

1. ``_candidates``  the outermost bracket groups of each line after the header (table lines and
                    the regions of real tables left out), opened by （ ( 〔 ［ [ 【 and holding more
                    than a number (not （一）), and lists led by a role key in running text
                    ("。责任单位：…"), up to their sentence's end
2. ``units.ListReader.read``  each group's inside read as a unit list (``ctx.lists``)
3. ``_accept``      a group is a list when it says so (a role key or verb: 责任单位：, 负责,
                    牵头) or, without one, when it stands where a list stands (after a sentence
                    or at the end of one) and holds nothing but the names of responsible bodies
                    (not generic nouns that end like one: （高校）, （集团）); notes, 文号,
                    "（试行）", "（含）" and one name right after an office's name
                    (市安委办（市应急管理局综合科）) are not lists
4. ``_responsibility``  roles (the first-listed convention holds where ``units.conventions``
                    says: from where the text states it, or over the whole notice for a note),
                    canonical names, the path of the innermost numbered section

Rules: ``patterns/responsibilities.toml`` and ``patterns/units.toml``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .. import patterns
from .._records import Responsibility
from ..lines import Kind, Regions, table_regions
from . import units
from ._common import Context

if TYPE_CHECKING:
    import regex

_BEFORE_LIST = "。；;！!？?：:"
_AFTER_LIST = "。；;！!？?"
_OFFICE_BEFORE = 20  # how far back an office's name before a bracket is looked for
_ROLE_SENTENCE_MAX = 120  # a list written as a sentence of its own is short
_NO_LIST_LINES = frozenset((Kind.BLANK, Kind.TABLE_ROW))  # lines no inline list is sought on


@cache
def _number_only() -> regex.Pattern[str]:
    return patterns.load("responsibilities").rx("number_only")


@cache
def _office_before() -> regex.Pattern[str]:
    return patterns.load("units").rx("office_before")


def extract(ctx: Context) -> list[Responsibility]:
    """Every unit list that stands in brackets in the text after the header."""
    text = ctx.text
    persistent = ctx.conventions
    out: list[Responsibility] = []
    for s, e, bracketed in _candidates(ctx):
        if bracketed and not _stands_alone(text, s, e) and not units.may_state_roles(
                text[s + 1:e - 1]):
            continue  # no role word, inside a sentence: no list (_accept), decided unread
        ul = ctx.lists.read(text, s + bracketed, e - bracketed)
        if not bracketed and not ul.stated:
            continue
        if not _accept(ctx, ul, s, e):
            continue
        first_listed = ul.first_listed or (bool(persistent)  # most notices: no convention
                                           and units.convention_holds(persistent, s))
        out.append(_responsibility(ctx, ul, s, e, first_listed))
    return out


def _candidates(ctx: Context) -> list[tuple[int, int, bool]]:
    """Outermost bracket groups, and lists led by a role key in running text ("责任单位：…")
    that run to the end of their sentence: ``(start, end, bracketed)``, in order."""
    text, body_start = ctx.text, ctx.body_start
    skip = Regions(table_regions(ctx.tables)) if ctx.tables else None
    number_only, openers = _number_only(), units.list_openers()
    brackets = units.bracket_positions(text, body_start)  # once: most lines hold none
    brackets.append(len(text))  # after every line's end: the steps below need no bound
    bi = 0  # brackets[bi]: the first bracket not before the line
    index = ctx.lines
    first = index.number_at(body_start)
    out: list[tuple[int, int, bool]] = []
    # the lines from the body's start, and their texts (a line's own text is asked whether it
    # holds a character: ``in`` costs a fraction of a find within the notice's text)
    for ln, line in zip(index.lines[first:], index.texts[first:], strict=True):
        ls, le = ln.start, ln.end
        while brackets[bi] < ls:
            bi += 1
        if le <= body_start or ln.kind in _NO_LIST_LINES:
            continue
        if skip is not None and skip.overlaps(ls, le):
            continue
        if brackets[bi] < le:  # most lines hold no bracket
            bj = bi + 1  # brackets[bi:bj]: the line's (each bracket is stepped over once)
            while brackets[bj] < le:
                bj += 1
            groups = []  # (a loop, not a comprehension: that costs a call of its own, each line)
            for gs, ge in units.bracket_groups(text, ls, le, brackets[bi:bj]):
                if text[gs] in openers and not number_only.match(text[gs + 1:ge - 1]):
                    groups.append((gs, ge, True))
            bi = bj
        else:
            groups = []
        keyed = (_keyed_list(text, ls, le, body_start, groups)
                 if "：" in line or ":" in line else None)
        if keyed is None:
            if not groups:
                keyed = _role_sentence(ctx, line, ls)
                if keyed is not None:
                    out.append((keyed[0], keyed[1], False))
                continue
            out.extend(groups)
            continue
        # a bracket inside a keyed list is a name's note: 区交通局（区港航海事事务中心）
        ks, ke = keyed
        out.extend(g for g in groups if g[1] <= ks)
        out.append((ks, ke, False))
        out.extend(g for g in groups if g[0] >= ke)
    return out


def _role_sentence(ctx: Context, line: str, ls: int) -> tuple[int, int] | None:
    """The last sentence of *line* (standing at *ls* in the text) when it is a unit list
    without brackets, of names and role words only:
    "…办好恐龙灯会。市文化广电旅游局牵头，自流井区人民政府、市公安局配合。"."""
    body = line.rstrip("。；; \t\u3000")
    start = body.rfind("。") + 1
    if "；" in body or ";" in body:  # (most lines hold no semicolon: one search from the end)
        start = max(start, body.rfind("；") + 1, body.rfind(";") + 1)
    if start == 0 or len(body) - start > _ROLE_SENTENCE_MAX:
        return None  # the line's only sentence is the item itself
    if not units.has_role_verb(body[start:] + "。"):
        return None  # most sentences: no role word at all
    start, end = ls + start, ls + len(body)
    ul = ctx.lists.read(ctx.text, start, end)
    if ul.stated and ul.names and not ul.rejected and all(
            units.looks_like_unit(n.text) for n in ul.names):
        return start, end
    return None


def _keyed_list(text: str, ls: int, le: int, body_start: int,
                groups: list[tuple[int, int, bool]]) -> tuple[int, int] | None:
    """The list a role key leads in the running text of line ``text[ls:le]`` ("责任单位：…"),
    outside the bracket *groups*, to the end of its sentence; None if there is none. Every
    role key ends in a colon and holds no bracket (tests/extract/test_units.py holds them to
    that): only the stretches between the groups that hold a colon are searched (most lines
    that hold one hold it in a list's brackets: 〔责任单位：…〕), and the caller does not ask of
    a line without one."""
    a = max(ls, body_start)
    for gs, ge, _ in [*groups, (le, le, True)]:
        b = min(gs, le)
        if b > a and (text.find("：", a, b) >= 0 or text.find(":", a, b) >= 0):
            for m in units.role_key().finditer(text, a, b):
                before = text[ls:m.start()].rstrip(" \t\u3000")
                if before and before[-1] not in _BEFORE_LIST:
                    continue
                stop = min((i for i in (text.find(ch, m.end(), le) for ch in "。\n") if i >= 0),
                           default=le)
                while stop > m.end() and text[stop - 1] in "；;，,、 \t\u3000":
                    stop -= 1
                return m.start(), stop
        a = max(a, ge)
    return None


def _accept(ctx: Context, ul: units.UnitList, s: int, e: int) -> bool:
    """Whether a bracket group is a unit list; warns about the ones that look like one.

    A list that says so keeps what it names; a bare one must close a sentence and name nothing
    but responsible bodies (市…, 各…, a department, a named office or company: not 高校, 集团,
    实验室, which end like units but name a kind of thing), and a bare one-name bracket right
    after an office's name is a note on that office (报送至市安委办（市应急管理局综合科）).
    """
    if not ul.stated and not (
        ul.names and _stands_alone(ctx.text, s, e) and ctx.lists.all_bodies(ul.names)
    ):
        return False
    if not ul.stated and len(ul.names) == 1 and _office_before().search(
        ctx.text, max(0, s - _OFFICE_BEFORE), s
    ):
        return False  # 报送至市安委办（市应急管理局综合科）: the office named again, no list
    if ul.rejected:
        left = "、".join(ctx.text[a:b] for a, b in ul.rejected)
        if ul.stated and ul.names:
            ctx.warn("unit_list_partial", f"not taken for unit names: {left}", (s, e))
        else:
            ctx.warn("unit_list_skipped", f"reads like a unit list, but holds {left}", (s, e))
    return bool(ul.names) and (ul.stated or not ul.rejected)


def _stands_alone(text: str, s: int, e: int) -> bool:
    """A bare list closes a sentence: it follows one's end or is followed by one's end."""
    i = s
    while i > 0 and (ch := text[i - 1]) in " \t\u3000":
        i -= 1
    if i == 0 or ch == "\n" or ch in _BEFORE_LIST:
        return True  # after a sentence: what follows is not looked at
    j, n = e, len(text)
    while j < n and (ch := text[j]) in " \t\u3000":
        j += 1
    return j == n or ch == "\n" or ch in _AFTER_LIST


def _responsibility(
    ctx: Context, ul: units.UnitList, s: int, e: int, first_listed: bool
) -> Responsibility:
    return Responsibility.new(
        path=ctx.index.path_at(s),
        source="inline",
        raw=ctx.text[s:e],
        span=(s, e),
        units=ctx.lists.make_units(ul.names, first_listed),
        roles_stated=ul.stated or first_listed,
    )
