#!/usr/bin/env bash
# test-cli-generate.sh — `conv1d generate nir`: the file it writes (columns, exact split counts, bitwise the
# same for the same seed), PLS on it through `conv1d pls` (the tuned default is clearly nonlinear for PLS,
# nonlinearity 0 is not), and its option errors.
# Run by meson with CONV1D (the built tool), RESOURCES_DIR and SHARED_DIR. Prints TAP lines and a closing
# "N passed, N failed"; exits non-zero when a check fails.
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"

run 0 generate nir --n 215 --seed 1 --out "$tmp/meat.csv"
cp "$tmp/out" "$tmp/report.txt"
check "generate nir: the report gives the targets and the split counts" \
  grep -q "Target 'fat' (regression) and 'water', 'protein' (%, adding up to 100), nonlinearity 1; meta 'split': train 129, monitor 43, test 43." "$tmp/report.txt"
check "generate nir: 215 rows, 3 targets adding up to 100, 100 channels over 850-1050 nm, split 129/43/43" \
  py "$tmp/meat.csv" <<'PYEOF'
import collections, csv, sys
rows = list(csv.reader(open(sys.argv[1])))
header = rows[0]
assert header[:6] == ["meta:id", "meta:temperature", "meta:split", "target:fat", "target:water",
                      "target:protein"], header[:6]
assert len(header) == 106 and header[6] == "850" and header[-1] == "1050", (len(header), header[6], header[-1])
assert len(rows) == 216
for r in rows[1:]:
    assert abs(float(r[3]) + float(r[4]) + float(r[5]) - 100) < 1e-4, r[:6]
assert collections.Counter(r[2] for r in rows[1:]) == {"train": 129, "monitor": 43, "test": 43}
PYEOF

run 0 generate nir --n 215 --seed 1 --out "$tmp/again.csv"
check "generate nir: the same seed writes the same bytes" cmp "$tmp/meat.csv" "$tmp/again.csv"
run 0 generate nir --n 10 --seed 1 --split 3,1,1 --out "$tmp/small.csv"
check "generate nir --split 3,1,1 of 10 rows: 6 train, 2 monitor, 2 test" \
  grep -q "train 6, monitor 2, test 2" "$tmp/out"

# PLS on the default file (components by 10-fold CV over train + monitor, as README suggests) explains
# most of the fat variance but is far from the noise floor it reaches at nonlinearity 0; the reference
# numbers (tools/nir_reference.py, sklearn's PLS: the same components and RMSEP): 5 components, RMSEP
# 1.772, R² 0.986 at seed 1.
run 0 pls --data "$tmp/meat.csv" --target fat --test-meta split=test --cv 10 -m 30 --json
cp "$tmp/out" "$tmp/pls.json"
check "pls on generated nir: 5 components, fat RMSEP 1.77 (R² 0.986) on the 43 test rows" py "$tmp/pls.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["split"]["calibration"] == 172 and r["split"]["test"] == 43, r["split"]
c = r["components"][r["chosen"] - 1]
print("# %d components, RMSEP %.4f, R2 %.4f" % (r["chosen"], c["rmsep"], c["r2p"]))
assert r["chosen"] == 5, r["chosen"]
assert abs(c["rmsep"] - 1.772) < 0.001 and c["r2p"] > 0.98, c
PYEOF
run 0 generate nir --n 215 --seed 1 --nonlinearity 0 --out "$tmp/linear.csv"
run 0 pls --data "$tmp/linear.csv" --target fat --test-meta split=test --cv 10 -m 30 --json
cp "$tmp/out" "$tmp/pls-linear.json"
check "pls on generated nir at nonlinearity 0: fat RMSEP below 0.4 (the noise floor)" py "$tmp/pls-linear.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["components"][r["chosen"] - 1]
print("# %d components, RMSEP %.4f" % (r["chosen"], c["rmsep"]))
assert c["rmsep"] < 0.4, c
PYEOF

# ---- option errors: usage errors (2) naming the option ----
check "--nonlinearity 3 is refused naming it" eval 'run 2 generate nir --nonlinearity 3 --out "$tmp/x.csv" && grep -q "nonlinearity" "$tmp/err"'
check "--split with two numbers is refused naming it" eval 'run 2 generate nir --split 60,20 --out "$tmp/x.csv" && grep -q -- "--split" "$tmp/err"'
check "--split with no train rows is refused" eval 'run 2 generate nir --split 0,50,50 --out "$tmp/x.csv" && grep -q -- "--split" "$tmp/err"'
check "--fat 50:10 is refused naming it" eval 'run 2 generate nir --fat 50:10 --out "$tmp/x.csv" && grep -q -- "--fat" "$tmp/err"'
check "--nonlinearity is for nir only" eval 'run 2 generate spectra --nonlinearity 0.5 --out "$tmp/x.csv" && grep -q "are for nir" "$tmp/err"'
check "--balance is not for nir" eval 'run 2 generate nir --balance 0.5 --out "$tmp/x.csv" && grep -q "balance" "$tmp/err"'

# ---- a failed write leaves the previous file: a 8 kB file size limit stands in for a full disk ----
echo "old,1" >"$tmp/keep.csv"
check "generate --out past a size limit: exit 1, the previous file intact, no temporary left" \
  eval '(ulimit -f 8; trap "" XFSZ; run 1 generate nir --n 200 --seed 1 --out "$tmp/keep.csv") && [ "$(cat "$tmp/keep.csv")" = "old,1" ] && grep -q "previous file is left" "$tmp/err" && [ "$(ls "$tmp" | grep -c "keep.csv.")" -eq 0 ]'
run 0 generate nir --n 20 --seed 1 --out "$tmp/small.csv"
run 0 train --data "$tmp/small.csv" --target fat --epochs 2 --quiet --out "$tmp/small.cwm" || echo "# training the small model failed"
echo "old,1" >"$tmp/pred.csv"
check "predict --out past a size limit: exit 1, the previous file intact" \
  eval '[ -s "$tmp/small.cwm" ] && (ulimit -f 1; trap "" XFSZ; run 1 predict --model "$tmp/small.cwm" --data "$tmp/small.csv" --out "$tmp/pred.csv") && [ "$(cat "$tmp/pred.csv")" = "old,1" ] && grep -q "previous file is left" "$tmp/err"'

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
