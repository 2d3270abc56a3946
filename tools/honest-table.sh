#!/usr/bin/env bash
# tools/honest-table.sh [BUILD_DIR] — the README's "does the CNN beat PLS" table: `conv1d compare` with its
# defaults (auto recipe, 5 random folds of the training rows shared by both models, test rows scored once) on
# the bundled gasoline data (test: split_vignette) and on generated nonlinear NIR spectra (conv1d generate nir,
# test: its split column), for training seeds 1..5. Prints a Markdown table: median and range of the test
# RMSEP of each model, the recipes auto chose, and the median wall time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
conv1d=$build/app/conv1d/conv1d
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3

"$conv1d" generate nir --n 215 --seed 1 --out "$tmp/nir.csv" >/dev/null
"$conv1d" generate nir --n 215 --seed 1 --nonlinearity 0 --out "$tmp/nir-linear.csv" >/dev/null

datasets=(
  "gasoline (60 × 401, octane; test rows 51-60)|$root/resources/data/gasoline.csv|octane"
  "generated NIR, nonlinearity 1 (215 × 100, fat; 43 test rows)|$tmp/nir.csv|fat"
  "generated NIR, nonlinearity 0 (215 × 100, fat; 43 test rows)|$tmp/nir-linear.csv|fat"
)
echo "| data | CNN (auto) test RMSEP, median [range] | PLS (CV) test RMSEP, median [range] | CNN / PLS | recipes chosen | seconds |"
echo "|---|---|---|---|---|---|"
for entry in "${datasets[@]}"; do
  IFS='|' read -r label data target <<<"$entry"
  for seed in 1 2 3 4 5; do
    start=$EPOCHREALTIME
    "$conv1d" compare --data "$data" --target "$target" --seed "$seed" --threads 2 --quiet --json >"$tmp/run-$seed.json"
    echo "$start $EPOCHREALTIME" >"$tmp/time-$seed"
  done
  "$PY" - "$label" "$tmp" <<'EOF'
import json, statistics, sys
label, tmp = sys.argv[1], sys.argv[2]
cnn, pls, recipes, secs = [], [], [], []
for seed in range(1, 6):
    r = json.load(open("%s/run-%d.json" % (tmp, seed)))
    m = {x["name"]: x for x in r["models"]}
    cnn.append(m["CNN"]["rmsep"]); pls.append(m["PLS"]["rmsep"])
    recipes.append(m["CNN"]["recipe"].split(" ")[0])
    t0, t1 = map(float, open("%s/time-%d" % (tmp, seed)).read().split())
    secs.append(t1 - t0)
med = statistics.median
ratio = med(c / p for c, p in zip(cnn, pls))
names = ", ".join("%s ×%d" % (n, recipes.count(n)) for n in sorted(set(recipes), key=recipes.index))
print("| %s | %.3f [%.3f–%.3f] | %.3f [%.3f–%.3f] | %.2f | %s | %.0f |" % (
    label, med(cnn), min(cnn), max(cnn), med(pls), min(pls), max(pls), ratio, names, med(secs)))
EOF
done
