"""Generated notices for the span invariant (tests/spans.py): the pieces notices are made of
(labels, unit lists, years, quantities, brackets, page furniture) joined at random, cut and
garbled slices of the samples, and stray characters.

``notices()`` is the hypothesis strategy the suite uses; ``make fuzz N=100000`` runs N cases
drawn with :mod:`random` from numbered seeds (a failure names its seed, so ``case(seed)`` gives
it back) and reports cases, failures and the first few of them:

    python -m tests.fuzz N [FIRST_SEED]
"""

from __future__ import annotations

import random
import sys
import time
from functools import cache

from tests.conftest import SAMPLE_FILES

PIECES = [
    "一、", "（一）", "(二)", "1.", "（1）", "①", "附件", "——", "**", "## ", "\r\n", "\n\n", "|", " | ",
    "（责任单位：", "牵头单位：", "；配合单位：", "按职责分工负责）", "市发展改革委、", "等", "到2025年，",
    "达到", "以上", "较2020年下降", "分别", "和", "%", "亿元", "万吨", "《", "》", "〔2022〕5号", "&nbsp;",
    "原文如下：", "0人已收藏", "— 3 —", "年底前", "“十四五”", "。", "，", "、", "（", "）", "\t", " ",
    "市工信局", "市生态环境局", "各县区政府", "县发展改革局", "市工业和信息化局", "其中", "全年", "年内",
    "力争", "不低于", "不超过", "50%", "10个", "1.5万千瓦", "三成", "百分之九十", "2024年6月底前",
    "完成时限：", "\n", "\n|", "| 序号 | 任务 | 责任单位 |", ".", "主要目标", "；", "：",
]
ALPHABET = "一二三四五六七八九十零〇百千万亿市县区局委办厅年月日底前达到以上%.,;:()（）【】〔〕《》“”、。，；：\n 0123456789"


@cache
def _sources() -> list[str]:
    from policyparse.loaders import load

    return [load(p).text for p in SAMPLE_FILES]


def case(seed: int) -> str:
    """The notice of one seed: pieces joined, slices of the samples cut and garbled, or
    characters at random."""
    rnd = random.Random(seed)
    kind = seed % 3
    if kind == 0:
        return "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 150)))
    if kind == 1:
        out = []
        for _ in range(rnd.randint(1, 4)):
            src = rnd.choice(_sources())
            a = rnd.randrange(len(src))
            piece = src[a:a + rnd.randint(0, 2000)]
            for _ in range(rnd.randint(0, 5)):  # garble: insert a piece or drop a stretch
                i = rnd.randint(0, len(piece))
                piece = (piece[:i] + rnd.choice(PIECES) + piece[i:] if rnd.random() < 0.5
                         else piece[:i] + piece[i + rnd.randint(1, 20):])
            out.append(piece)
        return "".join(out).replace("\n", rnd.choice(["\n\n", "\r\n", " ", "\n", ""]))
    return "".join(rnd.choice(PIECES) if rnd.random() < 0.3 else rnd.choice(ALPHABET)
                   for _ in range(rnd.randint(0, 300)))


def notices():  # type: ignore[no-untyped-def]
    """The hypothesis strategy: pieces and stray characters in any order (shrinks well)."""
    from hypothesis import strategies as st

    return st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(st.sampled_from(ALPHABET), max_size=6)),
        max_size=80,
    ).map("".join)


def problems(text: str) -> list[str]:
    """What is wrong with the Document of *text*: broken spans, or the exception it raised."""
    import policyparse
    from tests.spans import span_problems

    try:
        doc = policyparse.parse_text(text)
    except Exception as exc:
        return [f"raised {type(exc).__name__}: {exc}"]
    return list(span_problems(doc))


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    first = int(argv[1]) if len(argv) > 1 else 0
    start = time.perf_counter()
    failures: list[tuple[int, str]] = []
    for seed in range(first, first + n):
        found = problems(case(seed))
        if found:
            failures.append((seed, found[0]))
        done = seed - first + 1
        if done % 5000 == 0:
            print(f"  {done} cases, {len(failures)} failures, "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    took = time.perf_counter() - start
    print(f"fuzz: {n} cases (seeds {first}–{first + n - 1}), {len(failures)} failures, "
          f"{took:.0f} s ({n / took:.0f} cases/s)")
    for seed, problem in failures[:20]:
        print(f"  seed {seed}: {problem}  (tests.fuzz.case({seed}))")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
