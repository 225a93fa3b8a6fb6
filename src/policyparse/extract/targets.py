"""Numeric targets: every quantity a deadline year governs, one target per number.

Stages, for each paragraph of the body that names a year (and each later paragraph of a
section whose heading says 目标, or of the section a paragraph "到2025年，目标如下：" opens);
never a line of a table, whose 完成时限 cells govern nothing; where the body is nothing but a
table, the cover notice before it states the plan's targets:

1. ``_governing``  the year over a number: the last year named before it in its sentence,
   else one named later in its sentence ("7个园区2025年年底前完成"; over a year of an earlier
   sentence only a deadline, "…56台，2024年底前全部完成"), else the last year named before it
   in its paragraph ("到2025年" reaches the sentences after it until another year is named; a
   period such as “十四五”期间 only its own sentence), else the year carried into the
   paragraph from its section. A year before the notice's own year (“十三五”时期, 截至2020年底)
   governs nothing: what follows is a record.
2. ``_quantities`` numbers with their units (patterns/targets.toml ``quantity``); a number
   without a unit takes the unit of the list it opens ("15和18%").
3. ``_target``     the clause (without a leading label or deadline), the exclusions (slogans,
   thresholds, existing things, project capacities, starting values, bracketed records),
   comparator and relation, qualifier, indicator, baseline year, binding word.

Rules: ``patterns/targets.toml``; years: ``patterns/deadlines.toml`` (via ``_timex``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from .. import patterns
from .._dataclass import dataclass
from .._recordbase import replace
from .._records import Target
from ..lines import Kind
from ..numerals import arabic, cn_decimal, cn_int, fyp_years, magnitude, magnitudes_only
from ..quantities import normalized
from ._common import Context
from ._firsts import last_class, lead
from ._text import (
    SentenceBreaks,
    clause_between,
    clause_break,
    clause_marks,
    sentence_break,
    sentence_start,
)
from ._timex import TimeExpr, notice_year, plan_years, scan

if TYPE_CHECKING:
    import regex

_OPEN, _CLOSE = "⟪", "⟫"
_LIST_JOIN = patterns.fixed_regex(r"\s*[、和与及或]\s*")
_EDGE_JUNK = " \t、，,的"
# a magnitude word right after a unit written with magnitudes alone: 千吨万人, 百县千村
_IDIOM_NEXT = patterns.fixed_regex(r"[千万百十][\p{Han}]")
# the deadlines that, named after a number in its sentence, override a year of an earlier one
_OVERRIDING = frozenset({"by_year", "by_date"})
# the line kinds asked about, read once (an enum member read from its class is a look-up
# through the enum's type at each call: ~120 calls a notice)
_TABLE_ROW = Kind.TABLE_ROW
_NO_PROSE = (Kind.TABLE_ROW, Kind.IMPRINT)


@dataclass(frozen=True)
class _Rules:
    quantity: regex.Pattern[str]
    quantity_groups: tuple[int, ...]
    """The offsets in a quantity match's ``groups()`` of the groups :func:`_quantities` reads
    (:data:`_QUANTITY_GROUPS`)."""
    words: regex.Pattern[str]
    """baseline (group w_baseline), binding (w_binding) and the comparators (c_<id>) as one
    regex: one pass over a clause finds them all."""
    relation: dict[str, str]
    object_after: frozenset[str]
    qualifier: regex.Pattern[str]
    qualifier_relation: dict[str, str]
    baseline_back: regex.Pattern[str]
    """The baseline pattern matching backwards: a baseline that ends at a point."""
    baseline_needs: re.Pattern[str]
    """A search for the baseline's ``needs``: where it finds none, no baseline ends there."""
    binding_before: regex.Pattern[str]
    """A binding word that ends where a deadline starts: 力争到2025年底，…"""
    noise: regex.Pattern[str]
    exclude: tuple[tuple[re.Pattern[str] | None, regex.Pattern[str]], ...]
    """Each exclude entry: the search for its ``needs`` (None: none declared) and its regex."""
    exclude_always: regex.Pattern[str] | None
    """The exclude entries without ``needs``, tried in every clause, as one regex (one call a
    clause: whether any of them matches); None where every entry declares ``needs``."""
    exclude_always_after: re.Pattern[str] | None
    """A search for a character of their ``needs_after`` (the classes joined): without one
    after the ⟫, none of them matches; None where one of them declares none."""
    exclude_by_char: dict[str, tuple[int, ...]]
    """The exclude entries by the first character of each of their ``needs``."""
    exclude_chars: re.Pattern[str]
    """The keys of *exclude_by_char* as a character class (found in a clause in one call)."""
    target_section: regex.Pattern[str]
    time_limit_line: regex.Pattern[str]
    time_limit_key: regex.Pattern[str]


_QUANTITY_GROUPS = ("unit", "cn", "cn_unit", "cn_mag", "cn_count", "cn_measure", "tenth", "per",
                    "pn", "range", "hi", "lo_mag", "mag", "num", "measure")


def _join_src(entries: list[patterns.Pattern], prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{p.id}>{p.expanded})" for p in entries)


def _words_rx(ps: patterns.PatternSet) -> str:
    return _join_src([ps["baseline"], ps["binding"]], "w_") + "|" + _join_src(
        ps.group("comparator"), "c_")


@cache
def _rules() -> _Rules:
    ps = patterns.load("targets")
    cmps = ps.group("comparator")
    # under the standard re, whose search is told the characters a quantity opens with
    quantity = _quantity_rx(ps)
    return _Rules(
        quantity=quantity,
        quantity_groups=tuple(quantity.groupindex[g] - 1 for g in _QUANTITY_GROUPS),
        # under the standard re (patterns.compile_expanded), whose search is told the
        # characters the words open with (so too noise's)
        words=patterns.compile_expanded(_words_rx(ps), "targets.toml"),
        relation={f"c_{p.id}": str(p.data["relation"]) for p in cmps},
        object_after=frozenset(f"c_{p.id}" for p in cmps if p.data.get("object_after")),
        qualifier=patterns.for_match(ps.rx("qualifier")),  # matched at the unit's end
        qualifier_relation=dict(patterns.table("targets", "qualifier_relation")),
        baseline_back=patterns.fixed_regex("(?r)" + ps["baseline"].expanded),
        baseline_needs=_needs_rx(ps["baseline"]),
        # under the standard re, whose search is told the characters the words open with
        binding_before=patterns.compile_expanded(f"(?:{ps['binding'].expanded})(?=\\s*$)",
                                                 "targets.toml"),
        noise=ps.rx("indicator_noise"),
        **_excludes(ps.group("exclude"), _exclude_sources(ps)),
        target_section=ps.rx("target_section"),
        time_limit_line=ps.rx("time_limit_line"),
        time_limit_key=ps.rx("time_limit_key"),
    )


# the optional parts of a quantity tried after every number (a range's high end, a magnitude):
# each behind a lookahead for its first characters
_LED_PIECES = ("MAG", "QTY_RANGE")


def _quantity_rx(ps: patterns.PatternSet) -> regex.Pattern[str]:
    """The quantity entry's regex with :data:`_LED_PIECES` each behind a lookahead for the
    characters it opens with (:func:`~policyparse.extract._firsts.lead`, derived from the
    piece): the matches are the same, and after a number that neither follows (2025年, 10个)
    each fails at one look instead of trying its alternatives."""
    pieces = dict(ps.pieces)
    for name in _LED_PIECES:
        pieces[name] = lead(patterns.expand(f"{{{name}}}", "targets.toml", ps.pieces))
    return patterns.compile_expanded(
        patterns.expand(ps["quantity"].source, "targets.toml [quantity]", pieces),
        "targets.toml [quantity]")


def _needs_rx(p: patterns.Pattern) -> re.Pattern[str]:
    """The search for *p*'s ``needs``, which the code looks for before *p*'s own regex."""
    rx = p.needs_rx
    if rx is None:
        raise patterns.PatternError(f"targets.toml [{p.id}]: declares no needs (the code "
                                    "looks for them before its regex)")
    return rx


def _exclude_sources(ps: patterns.PatternSet) -> dict[str, str]:
    """The exclude entries' sources by id, expanded with {COMMIT} followed by a lookbehind for
    the characters its words end with (:func:`~policyparse.extract._firsts.last_class`, derived
    from COMMIT itself). The matches are the same: a word of COMMIT ends with one of them.
    An entry looks for COMMIT behind the number (``(?<!{COMMIT}[^⟪]*⟪)``): read backwards,
    the lookbehind tries all its words at every place of the clause, and the class fails
    most places at once."""
    commit = patterns.expand("{COMMIT}", "targets.toml", ps.pieces)
    ends = last_class(commit)
    pieces = {**ps.pieces, "COMMIT": f"{commit}(?<={ends})"} if ends else ps.pieces
    return {p.id: patterns.expand(p.source, f"targets.toml [{p.id}]", pieces)
            for p in ps.group("exclude")}


def _excludes(entries: list[patterns.Pattern], sources: dict[str, str]) -> dict[str, Any]:
    """The exclude entries as :class:`_Rules` holds them: each with its ``needs``, and indexed
    by the first characters of those; those without ``needs`` joined into one regex. Each
    regex is compiled from *sources* (:func:`_exclude_sources`)."""
    always = [p for p in entries if not p.needs]
    by_char: dict[str, list[int]] = {}
    for i, p in enumerate(entries):
        for need in p.needs:
            if i not in by_char.setdefault(need[0], []):
                by_char[need[0]].append(i)
    after = [str(p.data.get("needs_after") or "") for p in always]
    return {
        "exclude": tuple((p.needs_rx, patterns.compile_expanded(
            sources[p.id], f"targets.toml [{p.id}]")) for p in entries),
        "exclude_always": patterns.compile_expanded(
            "|".join(f"(?:{sources[p.id]})" for p in always), "targets.toml") if always else None,
        "exclude_always_after": patterns.fixed_re("|".join(after))
        if always and all(after) else None,
        "exclude_by_char": {ch: tuple(ids) for ch, ids in by_char.items()},
        "exclude_chars": patterns.fixed_re(
            "[" + "".join(re.escape(ch) for ch in sorted(by_char)) + "]" if by_char else "(?!)"),
    }


@dataclass
class _Quantity:
    start: int
    end: int
    value: float | None
    value_range: tuple[float, float] | None
    unit: str | None
    measure: bool


def extract(ctx: Context) -> list[Target]:
    """The targets of the body, in document order."""
    r = _rules()
    text = ctx.text
    lo, hi = ctx.body_start, ctx.body_end
    if not _has_prose(ctx, lo, hi):
        lo = 0  # a plan that is only a table: its cover notice states the targets
    found = scan(text, ctx.meta.date, notice_year(ctx.meta), plan_years(ctx.meta))
    # a table's numbers are no targets, and its years (完成时限) govern none
    years = [t for t in found if t.names_year and lo <= t.span[0] < hi
             and not _on_table_row(ctx, t.span[0])]
    if not years:
        return []
    starts = [t.span[0] for t in years]

    # paragraph → the year carried into it from earlier in its targets section (or None)
    paras: dict[tuple[int, int], TimeExpr | None] = {}
    carry = _target_sections(ctx, r)
    para = (0, -1)
    for t in years:
        para = ctx.lines.paragraph_at(t.span[0])
        if para not in paras and text[para[0]:para[1]].rstrip().endswith((":", "：")):
            # "到2025年，主要目标如下：" governs the list it opens, to the end of its section
            sec = ctx.index.labelled_at(para[0])
            if sec is not None:
                carry.append((para[0], sec.span[1]))
        paras.setdefault(para, None)
    for t in years:
        # 完成时限：2026年12月底前 under an item, on a line of its own or closing the item's
        # bracket ("（责任单位：…；完成时限：2024年6月底前）"), governs the item's numbers
        ls = ctx.lines.at(t.span[0]).start
        sec = ctx.index.section_at(ls)
        if sec is None:
            continue
        if r.time_limit_line.match(text[ls:min(t.span[0], ls + 64)]):  # a prefix: one key
            upto = ls
        elif r.time_limit_key.search(text[max(ls, t.span[0] - 8):t.span[0]]):
            upto = t.span[0]
        else:
            continue
        pos = max(sec.span[0], lo)
        while pos < upto:
            para = ctx.lines.paragraph_at(pos)
            if paras.get(para) is None:
                paras[para] = t
            pos = para[1] + 1
    for s, e in sorted(carry):
        i = bisect_left(starts, max(s, lo))
        if i >= len(years) or starts[i] >= min(e, hi):
            continue
        pos = ctx.lines.paragraph_at(starts[i])[1] + 1
        while pos < min(e, hi):
            para = ctx.lines.paragraph_at(pos)
            paras[para] = years[bisect_left(starts, para[0]) - 1]
            pos = para[1] + 1

    out: list[Target] = []
    bound: dict[int, regex.Match[str] | None] = {}  # a year's binding word, by where it starts
    for para in sorted(paras):
        if _on_table_row(ctx, para[0]):
            continue
        carried = paras[para]
        inside = years[bisect_left(starts, para[0]):bisect_left(starts, para[1])]
        # numbers before the sentence of the paragraph's first year can only take a carried one
        scan_from = para[0]
        if carried is None and inside:
            scan_from = sentence_start(text, inside[0].span[0], para)
        found_qs = _quantities(text, (scan_from, para[1]), r)
        if not found_qs:
            continue  # no number: nothing for the paragraph's sentences to govern
        q_starts = [x.start for x in found_qs]
        # the paragraph's clause marks, found once (scan_from opens a sentence, so a clause
        # too), and among them its sentence marks: sentence_break between any two places of it
        region = (scan_from, para[1])
        marks = clause_marks(text, region)
        breaks = SentenceBreaks(text, region, marks)
        strong: list[TimeExpr] | None = None
        for k, q in enumerate(found_qs):
            gov = _governing(text, para, q, inside, carried, q_starts, breaks)
            if gov is not None and gov.weak:
                # 全年 takes the notice's year only where no other year is in force
                if strong is None:
                    strong = [t for t in inside if not t.weak]
                other = _governing(text, para, q, strong, carried, q_starts, breaks)
                gov = other or gov
            if gov is None or gov.year is None or gov.past:
                continue
            around = (found_qs[k - 1].end if k else region[0],
                      found_qs[k + 1].start if k + 1 < len(found_qs) else region[1])
            clause = _window(text, clause_between(text, marks, q.start, q.end, region), q,
                             ctx.limits.max_clause, around)
            target = _target(ctx, q, clause, gov, inside, r, bound)
            if target is not None:
                out.extend(_each(text, target, q, r))
    return out


_EACH_ITEM = patterns.fixed_regex(r"”\s*“|[、和与及]")
_QUOTES = "“”\"‘’「」 \t"


def _each(text: str, target: Target, q: _Quantity, r: _Rules) -> list[Target]:
    """One target per indicator where a number is given for each of several ("“无废学校”
    “无废机关”各不少于30个": two, like 分别); else the target alone."""
    ts = target.span[0]
    head = text[ts:q.start]
    i = head.rfind("各")
    if i <= 0 or not _is_comparator(head[i + 1:].strip(), r):
        return [target]
    names = head[:i]
    for m in r.words.finditer(names):  # the names follow the verb: 创建绿色工厂、绿色园区各5家
        if m.lastgroup and m.lastgroup.startswith("c_"):
            names = head[m.end():i]
    digits = [k for k, ch in enumerate(names) if ch.isdigit()]
    if digits:  # and any number before: 评选“文明家庭”30户、“好婆媳”“好邻里”各10名
        cut = names.find("、", digits[-1])
        names = names[cut + 1:] if cut >= 0 else names
    items = [s.strip(_QUOTES) for s in _EACH_ITEM.split(r.noise.sub("", names))]
    if len(items) < 2 or not all(0 < len(s) <= 15 and _HAN_ONLY.fullmatch(s) for s in items):
        return [target]
    return [replace(target, indicator=s) for s in items]


_HAN_ONLY = patterns.fixed_regex(r"\p{Han}+")


def _is_comparator(s: str, r: _Rules) -> bool:
    """Whether *s* is nothing or one comparator word (各不少于, 各达到)."""
    if not s:
        return True
    m = r.words.fullmatch(s)
    return m is not None and m.lastgroup is not None and m.lastgroup.startswith("c_")


def _on_table_row(ctx: Context, pos: int) -> bool:
    """Whether *pos* stands on a line of a table (cells between ``|``)."""
    return ctx.lines.at(pos).kind is _TABLE_ROW


def _has_prose(ctx: Context, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a line of prose (a clause mark, outside a table and the
    版记 under the notice)."""
    text = ctx.text
    for ln in ctx.lines.overlapping(lo, hi):
        if ln.kind in _NO_PROSE:
            continue
        line = text[max(ln.start, lo):min(ln.end, hi)]
        if any(ch in line for ch in "。，；"):
            return True
    return False


def _target_sections(ctx: Context, r: _Rules) -> list[tuple[int, int]]:
    """Spans of the sections whose heading names targets (主要目标, 发展目标 …), outer first."""
    flat = ctx.index.sections
    heads = "\n".join([s.heading for s in flat])
    if heads.count("\n") == len(flat) - 1:  # no heading of more than one line
        # a match's heading: the line breaks before it (few headings name targets: counted
        # for those alone, not a start worked out for every heading)
        found = {heads.count("\n", 0, m.start()) for m in r.target_section.finditer(heads)}
    else:
        line_starts = [0]
        for s in flat[:-1]:
            line_starts.append(line_starts[-1] + len(s.heading) + 1)
        found = {bisect_right(line_starts, m.start()) - 1
                 for m in r.target_section.finditer(heads)}
    return [flat[i].span for i in sorted(found)]


def _quantities(text: str, para: tuple[int, int], r: _Rules) -> list[_Quantity]:
    """Numbers with units in the paragraph; a bare number takes the unit of the list it opens."""
    found: list[_Quantity] = []
    bare = False  # whether a number without a unit was found (one that opens a list)
    # each group's offset in a match's groups(): one call a match instead of one a group
    (unit_i, cn_i, cn_unit_i, cn_mag_i, cn_count_i, cn_measure_i, tenth_i, per_i, pn_i, range_i,
     hi_i, lo_mag_i, mag_i, num_i, measure_i) = r.quantity_groups
    for m in r.quantity.finditer(text, para[0], para[1]):
        g = m.groups()
        unit = g[unit_i]
        measure = g[measure_i] is not None
        value: float | None = None
        rng: tuple[float, float] | None = None
        if g[cn_i]:
            cn = g[cn_i]
            unit, measure = g[cn_unit_i], g[cn_measure_i] is not None
            if g[cn_mag_i] is None and (cn == "一" or (cn != "十" and magnitudes_only(cn) and (
                    g[cn_count_i] or _IDIOM_NEXT.match(text, m.end())
                    or (unit or "")[:1] in "瓦克米"))):
                continue  # 一个, 千家万户, 千吨万人, 每千瓦时: words, not amounts (十个 is ten)
            n = cn_int(cn)
            if n == 0:
                continue  # 零部件, 零事故: a word
            value = float(n) if n is not None else None
        elif g[tenth_i]:  # 三成: three tenths
            value, unit = float((cn_int(g[tenth_i]) or 0) * 10), "%"
        elif g[per_i]:
            pn = g[pn_i]
            value = arabic(pn) if pn.isascii() else cn_decimal(pn)
            unit = "%" if g[per_i] == "百分之" else "‰"
        elif g[range_i]:  # the low end in num
            low, high = arabic(g[num_i]), arabic(g[hi_i])
            if low is not None and g[lo_mag_i]:  # 300万至400万千瓦: 300万 in 万千瓦
                low *= (magnitude(g[lo_mag_i]) or 1) / (magnitude(g[mag_i] or "") or 1)
            if low is None or high is None or low >= high:
                continue
            rng = (low, high)
        else:
            value = arabic(g[num_i])
        if value is None and rng is None:
            continue
        measure = measure or g[per_i] is not None or g[tenth_i] is not None
        found.append(_Quantity(m.start(), m.end(), value, rng, unit, measure))
        bare = bare or unit is None
    if not bare:
        return found  # (most paragraphs: every number found has its unit)
    # 15和18%: a bare number before a joined number with a unit shares that unit
    for a, b in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        if a.unit is None and b.unit is not None and _LIST_JOIN.fullmatch(text, a.end, b.start):
            a.unit, a.measure = b.unit, b.measure
    return [q for q in found if q.unit is not None]


def _start(t: TimeExpr) -> int:
    return t.span[0]


def _end(t: TimeExpr) -> int:
    return t.span[1]


def _number_in_sentence(pos: int, q_starts: Sequence[int],
                        breaks: Callable[[int, int], bool]) -> bool:
    """Whether a number starts at or after *pos* in the same sentence (the first one after
    *pos* decides: a sentence break before it is one before all later ones)."""
    j = bisect_left(q_starts, pos)
    return j < len(q_starts) and not breaks(pos, q_starts[j])


def _governing(
    text: str, para: tuple[int, int], q: _Quantity, inside: list[TimeExpr],
    carried: TimeExpr | None, q_starts: Sequence[int] = (),
    breaks: Callable[[int, int], bool] | None = None,
) -> TimeExpr | None:
    """The year over a number: the last year named before it in its own sentence; else a year
    named later in its sentence (the first; where an earlier sentence names a year, only a
    deadline that overrides it: "…56台，2024年底前全部完成"; not one that opens a clause with a
    number of its own, "培育带头人200名，年内新增经营主体150家", nor a 年内 that opens a clause:
    "建设示范基地3万亩，年内实现…"); else the last year named
    before it in its paragraph (a period such as “十四五”期间 only frames its own sentence);
    else the carried year. *q_starts*: where the numbers of the paragraph start; *breaks*:
    :func:`sentence_break` on the text (a :class:`SentenceBreaks` of the paragraph)."""
    if breaks is None:
        breaks = partial(sentence_break, text)
    i = bisect_right(inside, q.start, key=_end) - 1
    before = inside[i] if i >= 0 else None
    if before is not None and not breaks(before.span[1], q.start):
        return before
    after = inside[i + 1] if i + 1 < len(inside) else None
    if after is not None and not breaks(q.end, after.span[0]) and (
        before is None or (after.kind in _OVERRIDING and not after.past)
    ) and not (clause_break(text, q.end, after.span[0]) and (
        after.kind == "within_year" or _number_in_sentence(after.span[1], q_starts, breaks)
    )):
        return after
    # a period (“十四五”期间) frames only its own sentence: look past it to the year before;
    # so does a year that closes a sentence after its task (…56台，2024年底前全部完成。)
    while before is not None and (before.kind == "period"
                                  or _closes_sentence(text, para, before)):
        i -= 1
        before = inside[i] if i >= 0 else None
    return before if before is not None else carried


_CLAUSE_END = patterns.fixed_regex(r"[，,；;：:。！？!?]")


def _closes_sentence(text: str, para: tuple[int, int], t: TimeExpr) -> bool:
    """Whether *t* stands in the last clause before a full stop, after a clause of its own
    sentence (…淘汰改造56台，2024年底前全部完成。): the time limit of that sentence alone, which
    does not reach over the full stop (到2025年，…, …，到2025年，… and …年内建成1家；… do)."""
    s = sentence_start(text, t.span[0], para)
    if not clause_break(text, s, t.span[0]):
        return False
    m = _CLAUSE_END.search(text, t.span[1], para[1])
    return m is None or m.group() in "。！？!?"


def _target(
    ctx: Context, q: _Quantity, clause: tuple[int, int], gov: TimeExpr,
    inside: list[TimeExpr], r: _Rules, bound: dict[int, regex.Match[str] | None],
) -> Target | None:
    """The target of the number *q* in *clause*, which *gov* governs, or None where an exclude
    entry drops it; *bound*: the binding words before the years, looked for once a year."""
    text = ctx.text
    cs, ce = clause
    # a 其中 clause breaks down the one before it: what excludes that one's number excludes its
    # parts (全县现有农村公路3215公里，其中县道402公里…)
    ws = (_clause_before(text, cs, max(0, q.start - ctx.limits.max_clause))
          if text.startswith("其中", cs) else cs)
    window = f"{text[ws:q.start]}{_OPEN}{text[q.start:q.end]}{_CLOSE}{text[q.end:ce]}"
    if _excluded(window, q.start - ws, r):
        return None
    # the text starts after the label of a section that opens the clause (1.空气质量…) and
    # after a deadline that opens it (到2025年农产品…); a word for this year (年内, 今年, 全年)
    # stays, as part of what is said (全年监测人数不少于6000人)
    ts = cs
    sec = ctx.index.section_at(cs)
    if sec is not None and sec.span[0] == cs and sec.label is not None:
        cs = ts = min(sec.heading_span[0], q.start)
    for k in range(bisect_left(inside, cs, key=_start), len(inside)):
        t = inside[k]
        if t.span[0] != cs:
            break
        if t.kind != "within_year":
            ts = t.span[1]
            while ts < q.start and text[ts] in " \t，,":
                ts += 1
    qual = r.qualifier.match(text, q.end, ce)
    after = qual.end() if qual else q.end
    cmp = base = binding = None
    cmp_id = ""
    for m in r.words.finditer(text, ts, ce):  # to ce: 达 looks ahead at the number
        if m.start("w_binding") >= 0:
            binding = binding or m
        elif m.end() > q.start:
            continue
        elif m.start("w_baseline") >= 0:
            base = m
        else:
            cmp, cmp_id = m, str(m.lastgroup)
    relation = r.relation.get(cmp_id, "=")
    qualifier = qual.group("q") if qual else None
    if qualifier and relation == "=":
        relation = r.qualifier_relation.get(qualifier, relation)
    if binding is None and gov.span[1] <= q.start:
        # 力争到2025年底，…: a binding word before the deadline that governs the number
        gs = gov.span[0]
        if gs not in bound:
            bound[gs] = r.binding_before.search(text, max(0, gs - 4), gs)
        binding = bound[gs]
    if base is None:
        base = _baseline_clause(text, ts, r)
    indicator = _indicator(text, ts, q, after, ce, cmp, cmp_id in r.object_after, r)
    norm_value, norm_range, norm_unit = normalized(q.value, q.value_range, q.unit)
    return Target.new(
        path=ctx.index.path_at(q.start),
        text=text[ts:ce],
        indicator=indicator,
        comparator=cmp.group() if cmp else None,
        value=q.value,
        value_range=q.value_range,
        unit=q.unit,
        year=gov.year,
        baseline_year=_baseline_year(base),
        binding=binding.group() if binding else None,
        span=(ts, ce),
        relation=relation,
        qualifier=qualifier,
        year_span=gov.span,
        norm_value=norm_value,
        norm_value_range=norm_range,
        norm_unit=norm_unit,
    )


def _excluded(window: str, pos: int, r: _Rules) -> bool:
    """Whether an exclude entry matches *window* (the clause, its number between ⟪ ⟫) from
    *pos* (where ⟪ stands: each exclusion starts at ⟪ or ⟫); an entry is tried only where
    the window holds one of its ``needs`` (those without: where it holds a character of one
    of their ``needs_after`` after the ⟫)."""
    if r.exclude_always is not None and (
            r.exclude_always_after is None
            or r.exclude_always_after.search(window, window.find(_CLOSE, pos)) is not None
    ) and r.exclude_always.search(window, pos) is not None:
        return True
    tried: set[int] = set()
    for ch in set(r.exclude_chars.findall(window)):
        for i in r.exclude_by_char[ch]:
            if i in tried:
                continue
            tried.add(i)
            needs, rx = r.exclude[i]
            if (needs is not None and needs.search(window) is not None
                    and rx.search(window, pos) is not None):
                return True
    return False


def _clause_before(text: str, cs: int, floor: int = 0) -> int:
    """Where the clause before the one starting at *cs* starts (within its sentence), not
    before *floor*."""
    i = cs - 1
    while i > floor and text[i - 1] not in "，,；;。！？\n":
        i -= 1
    return max(i, floor, 0) if cs > floor else cs


_SOFT_EDGE = "（(【〔［[）)】〕］]「」 \t"
_SOFT_FWD = patterns.fixed_regex(f"[{re.escape(_SOFT_EDGE)}]")
_SOFT_BACK = patterns.fixed_regex(f"(?r)[{re.escape(_SOFT_EDGE)}]")


def _window(text: str, clause: tuple[int, int], q: _Quantity, limit: int,
            around: tuple[int, int] | None = None) -> tuple[int, int]:
    """The clause around a number, if it is no longer than *limit*; a longer stretch without
    punctuation is not one clause: around each number it stops at the numbers next to it
    (*around*: the end of the one before, the start of the one after), at the nearest
    bracket or space, and no more than *limit* characters from the number.

    >>> t = "甲" * 50 + "新增10个" + "乙" * 50
    >>> _window(t, (0, len(t)), _Quantity(52, 55, 10.0, None, "个", False), 20)
    (32, 75)
    >>> t = "加强保护到2025年达到50%（市环境局负责）" * 3
    >>> for i in (12, 35, 58):
    ...     s, e = _window(t, (0, len(t)), _Quantity(i, i + 3, 50.0, None, "%", False), 20)
    ...     print(t[s:e])
    加强保护到2025年达到50%
    加强保护到2025年达到50%
    加强保护到2025年达到50%
    >>> t = "新增10个" * 40
    >>> t[slice(*_window(t, (0, len(t)), _Quantity(52, 55, 10.0, None, "个", False), 20,
    ...                  (50, 57)))]
    '新增10个新增'
    """
    cs, ce = clause
    if ce - cs <= limit:
        return cs, ce
    lo, hi = around or clause
    lo, hi = max(cs, lo, q.start - limit), min(ce, hi, q.end + limit)
    m = _SOFT_BACK.search(text, lo, q.start)
    m2 = _SOFT_FWD.search(text, q.end, hi)
    return (m.end() if m else lo), (m2.start() if m2 else hi)


def _indicator(
    text: str, ts: int, q: _Quantity, after: int, ce: int,
    cmp: regex.Match[str] | None, object_after: bool, r: _Rules,
) -> str | None:
    """What is measured: the words before the comparator (森林覆盖率达到…), or the object of a
    verb that takes one, before the number (新建道路700公里 → 道路) or after it (全市建设400个
    美丽宜居村 → 美丽宜居村), else what follows the number."""
    rest = text[after:ce]
    if cmp is None:
        candidates = [text[ts:q.start], rest]
    else:
        before, between = text[ts:cmp.start()], text[cmp.end():q.start]
        if any(map(str.isdigit, between)):
            between = ""  # the later numbers of a list: 分别降低15%和18%
        candidates = [between, rest, before] if object_after else [before, between, rest]
    for c in candidates:
        c = r.noise.sub("", c).strip(_EDGE_JUNK) if c else c
        if c:
            return c
    return None


def _baseline_clause(text: str, ts: int, r: _Rules) -> regex.Match[str] | None:
    """A baseline that is a clause of its own just before this one: 与2020年相比，…"""
    if ts == 0 or text[ts - 1] not in "，,":
        return None
    lo = max(0, ts - 16)
    if r.baseline_needs.search(text, lo, ts - 1) is None:
        return None  # (most clauses: a look for three characters, not a call of regex)
    # a reverse match is anchored at its end: one attempt, there, not a search back
    return r.baseline_back.match(text, lo, ts - 1)


def _baseline_year(m: regex.Match[str] | None) -> int | None:
    if m is None:
        return None
    y = m.group("y") or m.group("y2")  # 较2020年, 与2020年相比
    if y:
        return int(y)
    years = fyp_years(m.group("fyp")) if m.group("fyp") else None
    return years[1] if years else None
