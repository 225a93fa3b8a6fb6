"""A target's quantity in one base unit per dimension: exact conversions only."""

from __future__ import annotations

import pytest

from policyparse import patterns
from policyparse.quantities import base_unit, normalized
from tests.extract.helpers import notice


@pytest.mark.parametrize(("value", "unit", "norm"), [
    (80, "万千瓦", (800000, "千瓦")),
    (1.2, "亿千瓦", (120000000, "千瓦")),
    (500, "千瓦", (500, "千瓦")),
    (3, "GW", (3000000, "千瓦")),
    (2.5, "亿元", (250000000, "元")),
    (3000, "万元", (30000000, "元")),
    (50, "万吨标准煤", (500000, "吨标准煤")),
    (50, "万吨标煤", (500000, "吨标准煤")),
    (10, "万吨/年", (100000, "吨/年")),
    (13.5, "%", (13.5, "%")),
    (2, "个百分点", (2, "个百分点")),
    (20, "公顷", (200000, "平方米")),
    (5, "万亩", (50000, "亩")),
    (1.5, "亿千瓦时", (150000000, "千瓦时")),
    (1.2, "万户", (12000, "户")),
    (0.3, "万吨", (3000, "吨")),
])
def test_exact_conversions(value, unit, norm):
    got = normalized(value, None, unit)
    assert (got[0], got[2]) == norm
    assert got[0] == norm[0]  # exact: decimal arithmetic, no 0.30000000000000004


@pytest.mark.parametrize("unit", ["个工作日", "分", "家次", "EFLOPS", "项目"])
def test_units_without_an_exact_base_stay_null(unit):
    assert normalized(5, None, unit) == (None, None, None)


def test_a_range_is_converted_at_both_ends():
    assert normalized(None, (300, 400), "万千瓦") == (None, (3000000, 4000000), "千瓦")


def test_every_conversion_names_a_base_that_is_its_own():
    table = patterns.table("targets", "conversions")
    for word, (base, _factor) in table.items():
        assert base_unit(base) == (base, 1), word


def test_targets_carry_their_normalized_quantity():
    from policyparse.extract import targets

    found = targets.extract(notice("一、主要目标\n到2025年，全市新增光伏装机80万千瓦，累计达到1.2亿千瓦，"
                                   "新增造林面积2万亩。\n"))
    assert [(t.norm_value, t.norm_unit) for t in found] == [
        (800000, "千瓦"), (120000000, "千瓦"), (20000, "亩")]


def test_a_unit_of_factor_one_keeps_the_value_the_decimal_product_gives():
    """A unit already in its base (%, 个 …) takes the value as it is, without the decimal
    product: the same float, for any value a number reads as."""
    import random
    from decimal import Decimal

    rnd = random.Random(7)
    values = [0.0, 1.0, 13.5, 0.1, 2.675, 1e-7, 123456789.123, 38.35]
    values += [round(rnd.uniform(0, 10 ** rnd.randint(0, 9)), rnd.randint(0, 6))
               for _ in range(500)]
    for unit in ("%", "个", "千瓦", "元"):
        base, factor = base_unit(unit) or ("", Decimal(0))
        assert factor == 1, unit
        for v in values:
            assert normalized(v, (v, v + 1), unit) == (
                float(Decimal(repr(v)) * factor),
                (float(Decimal(repr(v)) * factor), float(Decimal(repr(v + 1)) * factor)), base)
