"""Deadlines: every time expression that says by when (or over what period) a thing is due.

到2025年 → by_year (end 2025-12-31); 2025年年底前 → by_year; 年底前, 到年底 → by_year of the
year named before in the sentence, else the notice's; 2025年6月底前 → by_date
(2025-06-30); 2022年上半年 → by_date; 2021-2023年 → range; “十四五”时期 → period (2021 …
2025); “十四五”末 → by_year 2025; 2023年起 → from (start only); 年内, 今年底前 → within_year
(the notice's own date to the end of its year; without a date, the end of the notice's year);
长期坚持, 持续推进 standing alone as a time limit
→ ongoing (no dates); a bare year opening a clause (2025年，…) or after a commitment word
(力争2025年…) → year; 6月底前, 6月1日至7月10日
→ by_date, range in the year named before in the sentence, else the notice's (no dates, and a
warning, where the notice names no year); 有效期至2025年12月31日 →
valid_until: how long the notice itself stays in force, no task's time limit (reported, so
that it can be told apart, with its end date only; it governs no target).

Not deadlines either: a date (a year with a month after it, 二〇二三年五月十六日 under the
signature) with nothing that makes it a time limit (前, 底, 到 …).

Not deadlines: a year inside a 文号 (〔2022〕) or a cited title (《…（2021—2025年）》), a
year after an uncited title (实施方案(2021-2023年)), a baseline (较2020年), a look back
(2021年以来) and anything that ends before the notice's own year (“十三五”时期, 截至2020年底).
Every 到2025年 is reported once, where it stands; a target governed by it points to it
(``Target.year_span``) instead of adding a deadline of its own.

Rules: ``patterns/deadlines.toml`` (read by ``_timex``).
"""

from __future__ import annotations

from .._records import Deadline
from ._common import Context
from ._timex import notice_year, plan_years, scan


def extract(ctx: Context) -> list[Deadline]:
    """The deadlines of the whole text, in document order."""
    text = ctx.text
    out: list[Deadline] = []
    for t in scan(text, ctx.meta.date, notice_year(ctx.meta), plan_years(ctx.meta)):
        if not t.is_deadline:
            continue
        if t.kind == "within_year" and t.end is None:
            ctx.warn("deadline_unanchored",
                     f"{text[t.span[0]:t.span[1]]} names this year, but the notice has no date",
                     t.span)
        elif t.kind in ("by_date", "by_year", "range") and t.start is None and t.end is None:
            ctx.warn("deadline_unanchored",
                     f"{text[t.span[0]:t.span[1]]} names no year, and the notice has none",
                     t.span)
        out.append(Deadline.new(
            path=ctx.index.path_at(t.span[0]),
            text=text[t.span[0]:t.span[1]],
            kind=t.kind,
            start=t.start,
            end=t.end,
            span=t.span,
        ))
    return out
