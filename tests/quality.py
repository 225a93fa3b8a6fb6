"""Accuracy against the hand-checked gold answers in tests/data/gold/, with pinned floors.

The metrics follow the project's scorer: meta (exact title, doc_number, issuer, date after
NFKC and whitespace folding), outline (F1 of the longest common subsequence of (level, label)),
headings (share of matched outline items whose heading is right), units ((innermost label,
unit text) of inline lists, F1), lead (units marked lead, F1), table ((row, unit text), F1),
targets ((year, value, unit), F1).

``python -m tests.quality`` prints the scores; ``--update`` pins the current scores as the
floors in tests/data/quality_floors.json, and refuses to lower a floor unless
``--allow-lower`` is given. The floors file records a hash of the gold corpus, so a changed
gold set is noticed. ``--corpus`` does the same for the second, independent evaluation corpus
(tests/data/corpus/, gold answers in tests/data/corpus/gold/, floors in
tests/data/corpus_floors.json). ``--corpus2`` does the same for the third, fresh corpus
(tests/data/corpus2/, gold in tests/data/corpus2/gold/, floors in tests/data/corpus2_floors.json).
``--corpus3`` does the same for the fourth, fresh corpus (tests/data/corpus3/, gold in
tests/data/corpus3/gold/, floors in tests/data/corpus3_floors.json). ``--corpus4`` does the same
for the fifth, fresh corpus (tests/data/corpus4/, gold in tests/data/corpus4/gold/, floors in
tests/data/corpus4_floors.json). ``--corpus5`` does the same for the sixth, fresh corpus
(tests/data/corpus5/, gold in tests/data/corpus5/gold/, floors in tests/data/corpus5_floors.json),
``--corpus6`` for the seventh (tests/data/corpus6/, gold in tests/data/corpus6/gold/, floors in
tests/data/corpus6_floors.json), ``--corpus7`` for the eighth (departments and municipal
governments), ``--corpus8`` for the ninth (county, district and township notices), ``--corpus9``
(deep outlines), ``--corpus10`` (messy text off sites and converters), ``--corpus11`` (notices authored as
DOCX and PDF) and ``--corpus12`` (numeric targets), each with its gold in
tests/data/<corpus>/gold/ and its floors in tests/data/<corpus>_floors.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import policyparse

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "gold"
FLOORS = HERE / "data" / "quality_floors.json"
SAMPLES = HERE.parent / "samples"
CORPUS = HERE / "data" / "corpus"
CORPUS_GOLD = CORPUS / "gold"
CORPUS_FLOORS = HERE / "data" / "corpus_floors.json"
CORPUS2 = HERE / "data" / "corpus2"
CORPUS2_GOLD = CORPUS2 / "gold"
CORPUS2_FLOORS = HERE / "data" / "corpus2_floors.json"
CORPUS3 = HERE / "data" / "corpus3"
CORPUS3_GOLD = CORPUS3 / "gold"
CORPUS3_FLOORS = HERE / "data" / "corpus3_floors.json"
CORPUS4 = HERE / "data" / "corpus4"
CORPUS4_GOLD = CORPUS4 / "gold"
CORPUS4_FLOORS = HERE / "data" / "corpus4_floors.json"
CORPUS5 = HERE / "data" / "corpus5"
CORPUS5_GOLD = CORPUS5 / "gold"
CORPUS5_FLOORS = HERE / "data" / "corpus5_floors.json"
CORPUS6 = HERE / "data" / "corpus6"
CORPUS6_GOLD = CORPUS6 / "gold"
CORPUS6_FLOORS = HERE / "data" / "corpus6_floors.json"
CORPUS8 = HERE / "data" / "corpus8"
CORPUS8_GOLD = CORPUS8 / "gold"
CORPUS8_FLOORS = HERE / "data" / "corpus8_floors.json"
CORPUS9 = HERE / "data" / "corpus9"
CORPUS9_GOLD = CORPUS9 / "gold"
CORPUS9_FLOORS = HERE / "data" / "corpus9_floors.json"
CORPUS10 = HERE / "data" / "corpus10"
CORPUS10_GOLD = CORPUS10 / "gold"
CORPUS10_FLOORS = HERE / "data" / "corpus10_floors.json"
CORPUS11 = HERE / "data" / "corpus11"
CORPUS11_GOLD = CORPUS11 / "gold"
CORPUS11_FLOORS = HERE / "data" / "corpus11_floors.json"
CORPUS12 = HERE / "data" / "corpus12"
CORPUS12_GOLD = CORPUS12 / "gold"
CORPUS12_FLOORS = HERE / "data" / "corpus12_floors.json"
CORPUS7 = HERE / "data" / "corpus7"
CORPUS7_GOLD = CORPUS7 / "gold"
CORPUS7_FLOORS = HERE / "data" / "corpus7_floors.json"
KEYS = ("meta", "outline", "headings", "units", "lead", "table", "targets")


def norm(s: Any) -> str:
    if s is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def norm_label(level: int, label: Any) -> str:
    s = norm(label).strip("、.．,，")
    if level in (2, 4) and not s.startswith("("):
        s = f"({s})"
    return s


def norm_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)) and len(v) == 2:
        return f"{norm_value(v[0])}-{norm_value(v[1])}"
    if isinstance(v, (int, float)):
        f = float(v)
        return str(int(f)) if f.is_integer() else f"{f:g}"
    s = norm(v).replace("~", "-").replace("—", "-").replace("–", "-")
    try:
        return norm_value(float(s))
    except ValueError:
        return s


def last_label(path: Any) -> str:
    if isinstance(path, list):
        path = path[-1] if path else ""
    return norm(path).strip("、.．")


def counts(gold: Counter[Any], got: Counter[Any]) -> tuple[int, int, int]:
    return sum((gold & got).values()), sum(gold.values()), sum(got.values())


def score_doc(gold: dict[str, Any], out: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    res: dict[str, tuple[int, int, int]] = {}
    meta = out.get("meta") or {}
    fields = [k for k in ("title", "doc_number", "issuer", "date") if k in gold]
    ok = sum(norm(gold[k]) == norm(meta.get(k)) for k in fields)
    res["meta"] = (ok, len(fields), len(fields))

    nodes: list[dict[str, Any]] = []

    def walk(sections: list[dict[str, Any]]) -> None:
        for s in sections:
            if s.get("label"):
                nodes.append(s)
            walk(s.get("children") or [])

    walk(out.get("outline") or [])
    got_seq = [(n["level"], norm_label(n["level"], n["label"])) for n in nodes]
    gold_seq = [(g["level"], norm_label(g["level"], g["label"])) for g in gold["outline"]]
    sm = SequenceMatcher(a=gold_seq, b=got_seq, autojunk=False)
    matched = heads = 0
    for blk in sm.get_matching_blocks():
        for i in range(blk.size):
            matched += 1
            g, n = gold["outline"][blk.a + i], nodes[blk.b + i]
            heads += norm(g["heading"]).rstrip("。.") == norm(n.get("heading")).rstrip("。.")
    res["outline"] = (matched, len(gold_seq), len(got_seq))
    res["headings"] = (heads, matched, matched)

    gold_units: Counter[Any] = Counter()
    gold_lead: Counter[Any] = Counter()
    for u in gold.get("units", []):
        for name in u["units"]:
            gold_units[(last_label(u["at"]), norm(name))] += 1
        for name in u.get("lead") or []:
            gold_lead[(last_label(u["at"]), norm(name))] += 1
    got_units: Counter[Any] = Counter()
    got_lead: Counter[Any] = Counter()
    got_table: Counter[Any] = Counter()
    for r in out.get("responsibilities") or []:
        for u in r.get("units", []):
            key_text = norm(u.get("text"))
            if r.get("source") == "table":
                got_table[(str(r.get("row")), key_text)] += 1
            else:
                got_units[(last_label(r.get("path") or [""]), key_text)] += 1
                if u.get("role") == "lead":
                    got_lead[(last_label(r.get("path") or [""]), key_text)] += 1
    res["units"] = counts(gold_units, got_units)
    res["lead"] = counts(gold_lead, got_lead) if gold_lead else (0, 0, 0)
    gold_table: Counter[Any] = Counter()
    for row in gold.get("table_rows", []):
        for name in row["units"]:
            gold_table[(str(row["no"]), norm(name))] += 1
    res["table"] = counts(gold_table, got_table)
    gold_t = Counter((g.get("year"), norm_value(g.get("value")), norm(g.get("unit")))
                     for g in gold.get("targets", []))
    got_t: Counter[Any] = Counter()
    for t in out.get("targets") or []:
        got_t[(t.get("year"), norm_value(t.get("value_range") or t.get("value")),
               norm(t.get("unit")))] += 1
    res["targets"] = counts(gold_t, got_t)
    return res


def f1(tp: int, n_gold: int, n_got: int) -> float:
    if not n_gold and not n_got:
        return 1.0
    p = tp / n_got if n_got else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def gold_files(gold_dir: Path = GOLD) -> list[Path]:
    return sorted(gold_dir.glob("*.json"))


def corpus_hash(gold_dir: Path = GOLD, docs_dir: Path = SAMPLES) -> str:
    h = hashlib.sha256()
    for p in gold_files(gold_dir):
        h.update(p.name.encode())
        h.update(p.read_bytes())
        sample = docs_dir / json.loads(p.read_text(encoding="utf-8"))["file"]
        h.update(sample.read_bytes())
    return h.hexdigest()[:16]


def evaluate_docs(gold_dir: Path = GOLD, docs_dir: Path = SAMPLES
                  ) -> dict[str, dict[str, tuple[int, int, int]]]:
    """The (matched, gold, output) counts of every document, by its file name."""
    per_doc: dict[str, dict[str, tuple[int, int, int]]] = {}
    for gpath in gold_files(gold_dir):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        out = policyparse.parse(docs_dir / gold["file"]).model_dump(mode="json")
        per_doc[gold["file"]] = score_doc(gold, out)
    return per_doc


def evaluate(gold_dir: Path = GOLD, docs_dir: Path = SAMPLES) -> dict[str, float]:
    totals = {k: [0, 0, 0] for k in KEYS}
    for res in evaluate_docs(gold_dir, docs_dir).values():
        for k, v in res.items():
            for i in range(3):
                totals[k][i] += v[i]
    scores = {k: f1(*totals[k]) for k in KEYS}
    scores["meta"] = totals["meta"][0] / totals["meta"][1] if totals["meta"][1] else 1.0
    scores["headings"] = (totals["headings"][0] / totals["headings"][1]
                          if totals["headings"][1] else 1.0)
    return {k: round(v, 4) for k, v in scores.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="pin the current scores as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --update lower a floor")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--corpus", action="store_true",
                       help="the evaluation corpus in tests/data/corpus instead of the samples")
    which.add_argument("--corpus2", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus2")
    which.add_argument("--corpus3", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus3")
    which.add_argument("--corpus4", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus4")
    which.add_argument("--corpus5", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus5")
    which.add_argument("--corpus6", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus6")
    which.add_argument("--corpus8", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus8")
    which.add_argument("--corpus9", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus9")
    which.add_argument("--corpus7", action="store_true",
                       help="the fresh evaluation corpus in tests/data/corpus7")
    which.add_argument("--corpus10", action="store_true",
                       help="the messy-text corpus in tests/data/corpus10")
    which.add_argument("--corpus11", action="store_true",
                       help="notices authored as DOCX and PDF in tests/data/corpus11")
    which.add_argument("--corpus12", action="store_true",
                       help="the numeric-targets corpus in tests/data/corpus12")
    a = ap.parse_args(argv)
    gold_dir, docs_dir, floors = ((CORPUS_GOLD, CORPUS, CORPUS_FLOORS) if a.corpus
                                  else (CORPUS2_GOLD, CORPUS2, CORPUS2_FLOORS) if a.corpus2
                                  else (CORPUS3_GOLD, CORPUS3, CORPUS3_FLOORS) if a.corpus3
                                  else (CORPUS4_GOLD, CORPUS4, CORPUS4_FLOORS) if a.corpus4
                                  else (CORPUS5_GOLD, CORPUS5, CORPUS5_FLOORS) if a.corpus5
                                  else (CORPUS6_GOLD, CORPUS6, CORPUS6_FLOORS) if a.corpus6
                                  else (CORPUS8_GOLD, CORPUS8, CORPUS8_FLOORS) if a.corpus8
                                  else (CORPUS9_GOLD, CORPUS9, CORPUS9_FLOORS) if a.corpus9
                                  else (CORPUS7_GOLD, CORPUS7, CORPUS7_FLOORS) if a.corpus7
                                  else (CORPUS10_GOLD, CORPUS10, CORPUS10_FLOORS) if a.corpus10
                                  else (CORPUS11_GOLD, CORPUS11, CORPUS11_FLOORS) if a.corpus11
                                  else (CORPUS12_GOLD, CORPUS12, CORPUS12_FLOORS) if a.corpus12
                                  else (GOLD, SAMPLES, FLOORS))
    scores = evaluate(gold_dir, docs_dir)
    print(" ".join(f"{k} {v:.4f}" for k, v in scores.items()))
    if not a.update:
        return 0
    old = json.loads(floors.read_text(encoding="utf-8")) if floors.exists() else {"floors": {}}
    lower = {k: (old["floors"][k], v) for k, v in scores.items()
             if k in old["floors"] and v < old["floors"][k]}
    if lower and not a.allow_lower:
        print(f"refusing to lower floors {lower}; pass --allow-lower if that is intended")
        return 1
    floors.write_text(json.dumps({"corpus": corpus_hash(gold_dir, docs_dir), "floors": scores},
                                 indent=1) + "\n", encoding="utf-8")
    print(f"floors pinned in {floors.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
