#!/usr/bin/env bash
# Score the PDF and DOCX versions of the samples against the gold answers, which name the .txt
# files: the command maps each gold name to samples/<format>/<stem>.<format>.
# usage: tools/score_formats.sh SCORE_PY [GOLD_DIR] [score.py options...]
set -euo pipefail
cd "$(dirname "$0")/.."
score=${1:?usage: tools/score_formats.sh path/to/score.py [GOLD_DIR] [options]}
shift
gold=${1:-tests/data/gold}
[ $# -gt 0 ] && shift
cli="$PWD/.venv/bin/policyparse"
for fmt in pdf docx; do
  echo "== $fmt"
  python3 "$score" "$gold" samples \
    --cmd "sh -c '\"$cli\" parse \"samples/$fmt/\$(basename \"\$1\" .txt).$fmt\"' _ {path}" "$@"
done
