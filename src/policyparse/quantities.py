"""A target's quantity in one base unit per dimension: 80万千瓦 → 800000 千瓦, 1.2亿元 →
120000000 元, 3万吨/年 → 30000 吨/年.

A unit is read as a magnitude (万, 亿, 千万 … :func:`policyparse.numerals.magnitude`), a word
and maybe a rate (/年); the word gives the base unit and an exact factor
(``patterns/targets.toml`` ``[conversions]``). Arithmetic is decimal, so 1.2亿 is 120000000
exactly. A unit whose word is not in the table, or that is not written so, has none.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from . import patterns
from .numerals import magnitude


@cache
def _conversions() -> dict[str, tuple[str, Decimal]]:
    table = patterns.table("targets", "conversions")
    return {word: (str(base), Decimal(str(factor))) for word, (base, factor) in table.items()}


@cache
def base_unit(unit: str) -> tuple[str, Decimal] | None:
    """The base unit of *unit* and the exact factor that takes a value into it, or None.

    >>> base_unit("万千瓦"), base_unit("万吨标准煤"), base_unit("万吨/年")
    (('千瓦', Decimal('10000')), ('吨标准煤', Decimal('10000')), ('吨/年', Decimal('10000')))
    >>> base_unit("万亩"), base_unit("GW"), base_unit("千万元"), base_unit("套餐")
    (('亩', Decimal('10000')), ('千瓦', Decimal('1000000')), ('元', Decimal('10000000')), None)
    """
    conv = _conversions()
    word, rate = unit, ""
    if word not in conv and "/" in word:  # a rate after the unit: 万吨/年 (not 微克/立方米)
        cut = word.index("/")
        word, rate = word[:cut], word[cut:]
    for k in range(len(word)):  # the longest word the unit ends in, after a magnitude
        found = conv.get(word[k:])
        if found is None:
            continue
        mag = magnitude(word[:k])
        if mag is None:
            return None
        base, factor = found
        return base + rate, factor * mag
    return None


def normalized(value: float | None, value_range: tuple[float, float] | None,
               unit: str | None) -> tuple[float | None, tuple[float, float] | None, str | None]:
    """``(norm_value, norm_value_range, norm_unit)`` of a quantity; all None where its unit
    has no exact base.

    >>> normalized(1.2, None, "亿千瓦")
    (120000000.0, None, '千瓦')
    >>> normalized(None, (300.0, 400.0), "万千瓦")
    (None, (3000000.0, 4000000.0), '千瓦')
    >>> normalized(13.5, None, "%"), normalized(5.0, None, "项目")
    ((13.5, None, '%'), (None, None, None))
    """
    found = base_unit(unit) if unit else None
    if found is None:
        return None, None, None
    base, factor = found
    if factor == 1:  # (%, 个, 公里 …): the value as it is, which the decimal product would give
        return value, value_range, base

    def times(v: float) -> float:
        return float(Decimal(repr(v)) * factor)

    return (times(value) if value is not None else None,
            (times(value_range[0]), times(value_range[1])) if value_range else None, base)
