"""Numbers as policy texts write them: arabic with decimals, Chinese numerals, Chinese years.

Shared by the outline, the metadata and the extractors (targets, deadlines).
"""

from __future__ import annotations

import math

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MAGS = {"十": 10, "百": 100, "千": 1000}
_BIG_MAGS = {"万": 10**4, "亿": 10**8}


def arabic(s: str) -> float | None:
    """An arabic number as written: "38.35", "1,000", "2．5" (full-width point).

    >>> arabic("38.35"), arabic("1,000"), arabic("2．5"), arabic("x"), arabic("9" * 400)
    (38.35, 1000.0, 2.5, None, None)
    """
    try:
        v = float(s.replace(",", "").replace("．", "."))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def cn_int(s: str) -> int | None:
    """A Chinese numeral below ten thousand, or None when it is not well formed.

    Magnitudes must fall from left to right; only the first may stand without a digit
    (十五, 千). A digit after the last magnitude counts one step lower (三千五 → 3500).

    >>> [cn_int(x) for x in ("三", "十五", "二十", "千", "百", "一千零五", "三千五", "两百")]
    [3, 15, 20, 1000, 100, 1005, 3500, 200]
    >>> cn_int("千百"), cn_int("一二"), cn_int("十十"), cn_int("")
    (None, None, None, None)
    """
    if not s:
        return None
    total = 0
    digit: int | None = None
    last_mag = 10**5
    zero_seen = False
    for i, ch in enumerate(s):
        if ch in _CN_DIGITS:
            d = _CN_DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row: 一二
            if d == 0:
                zero_seen = True
                continue
            digit = d
        elif ch in _CN_MAGS:
            mag = _CN_MAGS[ch]
            if mag >= last_mag or (digit is None and i > 0):
                return None
            total += (digit if digit is not None else 1) * mag
            last_mag, digit, zero_seen = mag, None, False
        else:
            return None
    if digit is not None:
        if last_mag < 10**5 and not zero_seen and last_mag >= 100:
            total += digit * last_mag // 10  # 三千五 = 3500
        else:
            total += digit
    return total


def magnitudes_only(s: str) -> bool:
    """Whether a Chinese numeral is written with magnitudes alone (千, 百, 十): in 千家万户,
    百花齐放 they are words, not amounts.

    >>> magnitudes_only("千"), magnitudes_only("百千"), magnitudes_only("三千"), magnitudes_only("")
    (True, True, False, False)
    """
    return bool(s) and all(ch in _CN_MAGS for ch in s)


def cn_decimal(s: str) -> float | None:
    """A Chinese numeral with an optional decimal part after 点, or None when it is not well
    formed.

    >>> cn_decimal("九十九"), cn_decimal("九十九点五"), cn_decimal("零点五"), cn_decimal("点五")
    (99.0, 99.5, 0.5, None)
    """
    whole, point, frac = s.partition("点")
    n = 0 if whole in ("零", "〇", "○") else cn_int(whole)
    if n is None or (point and not frac) or any(
        ch not in _CN_DIGITS or ch == "两" for ch in frac
    ):
        return None
    return float(f"{n}.{''.join(str(_CN_DIGITS[ch]) for ch in frac)}" if frac else n)


def magnitude(s: str) -> int | None:
    """The factor a magnitude prefix of a unit stands for: 万 → 10⁴, 千万 → 10⁷, 百 → 100.

    >>> magnitude("万"), magnitude("千万"), magnitude("亿"), magnitude("十"), magnitude("")
    (10000, 10000000, 100000000, 10, 1)
    """
    f = 1
    for ch in reversed(s):
        m = _CN_MAGS.get(ch) or _BIG_MAGS.get(ch)
        if m is None:
            return None
        f *= m
    return f


def small_int(s: str) -> int | None:
    """A small number in either numerals (a month, a day): "12" → 12, "十二" → 12.

    >>> small_int("06"), small_int("十二"), small_int("二十五"), small_int(""), small_int("x")
    (6, 12, 25, None, None)
    """
    return int(s) if s.isascii() and s.isdigit() else cn_int(s) if s else None


def cn_year(s: str) -> int | None:
    """A year written digit by digit: "二〇二五" → 2025; arabic years pass through.

    >>> cn_year("二〇二五"), cn_year("2025"), cn_year("二〇二"), cn_year("〇〇〇〇")
    (2025, 2025, None, None)
    """
    if s.isascii():
        n = int(s) if s.isdigit() and len(s) == 4 else 0
    elif len(s) != 4 or any(ch not in _CN_DIGITS or ch == "两" for ch in s):
        return None
    else:
        n = 0
        for ch in s:
            n = n * 10 + _CN_DIGITS[ch]
    return n if 1900 <= n < 2200 else None


def fyp_years(digit: str) -> tuple[int, int] | None:
    """The years of the five-year plan 十<digit>五: "四" (十四五) → (2021, 2025).

    The plans ran on from 1953 in five-year steps, with a three-year pause after the second.

    >>> fyp_years("四"), fyp_years("三"), fyp_years("一")
    ((2021, 2025), (2016, 2020), (2006, 2010))
    """
    d = _CN_DIGITS.get(digit)
    if not d:
        return None
    n = 10 + d
    start = 1953 + 5 * (n - 1) + 3
    return start, start + 4
