#!/usr/bin/env bash
# test-cli-honest.sh — no choice reads a test row: `train`, `compare` and `pls` run on gasoline with
# --test-meta split_vignette=test, then on the same file with every test row's target replaced by 1e6; the
# models they save (or the predictions they write) must be bit for bit the same. Also: the data's own split
# column is found, validation rows never come from test rows, and the model file says how it was made.
. "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

POISONED="$tmp/poisoned.csv"
py "$GASOLINE" "$POISONED" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
split, target = head.index("meta:split_vignette"), head.index("target:octane")
n = 0
for r in rows[1:]:
    if r[split] == "test":
        r[target] = "1e6"
        n += 1
assert n == 10
csv.writer(open(sys.argv[2], "w", newline="")).writerows(rows)
EOF

# same_predictions NAME A B: the pred: columns of two prediction CSVs are identical text (17 digits).
same_predictions ()
{
  check "$1" py "$2" "$3" <<'EOF'
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in sys.argv[1:3])
assert len(a) == len(b) == 60, (len(a), len(b))
cols = [c for c in a[0] if c.startswith("pred:")]
assert cols, a[0].keys()
diff = [(i, c, x[c], y[c]) for i, (x, y) in enumerate(zip(a, b)) for c in cols if x[c] != y[c]]
assert not diff, diff[:5]
EOF
}

# ---- train: CV over the training rows, and a holdout of them ----
for how in "--cv kfold:5:random:2" "--val 0.2"; do
  tag=${how%% *}
  tag=${tag#--}
  for name in clean poisoned; do
    data=$GASOLINE
    [ $name = poisoned ] && data=$POISONED
    run 0 train --data "$data" --target octane --test-meta split_vignette=test $how --recipe default \
      --epochs 25 --ensemble 2 --seed 3 --threads 1 --quiet --json --out "$tmp/$tag-$name.cw1d" \
      || not_ok "train $tag on $name data" "$tmp/err"
    cp "$tmp/out" "$tmp/$tag-$name.json"
    run 0 predict --model "$tmp/$tag-$name.cw1d" --data "$GASOLINE" --out "$tmp/$tag-$name-pred.csv" \
      || not_ok "predict with the $tag $name model" "$tmp/err"
  done
  same_predictions "train $how: test targets set to 1e6 change no prediction" \
    "$tmp/$tag-clean-pred.csv" "$tmp/$tag-poisoned-pred.csv"
done
check "train: the test RMSE is reported once and moves with the poisoned targets; the CV score does not" \
  py "$tmp/cv-clean.json" "$tmp/cv-poisoned.json" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["split"]["test"] == b["split"]["test"] == 10 and a["split"]["train"] == 50, a["split"]
assert a["fit"]["score"] == b["fit"]["score"] and a["fit"]["epochs"] == b["fit"]["epochs"]
assert a["test"]["n"] == 10 and a["test"]["rmse"] < 5 < b["test"]["rmse"], (a["test"], b["test"])
assert "cross-validation" in a["record"]["kept_weights"], a["record"]
assert a["record"]["split"] == "split_vignette=test", a["record"]
EOF

# ---- compare: both models' predictions of every row ----
for name in clean poisoned; do
  data=$GASOLINE
  [ $name = poisoned ] && data=$POISONED
  run 0 compare --data "$data" --target octane --test-meta split_vignette=test --recipe default --epochs 20 \
    --seed 4 --threads 1 --quiet --json --predictions "$tmp/compare-$name.csv" \
    || not_ok "compare on $name data" "$tmp/err"
done
same_predictions "compare: test targets set to 1e6 change neither the CNN's nor PLS's predictions" \
  "$tmp/compare-clean.csv" "$tmp/compare-poisoned.csv"

# ---- pls ----
for name in clean poisoned; do
  data=$GASOLINE
  [ $name = poisoned ] && data=$POISONED
  run 0 pls --data "$data" --target octane --test-meta split_vignette=test --cv 10 \
    --predictions "$tmp/pls-$name.csv" || not_ok "pls on $name data" "$tmp/err"
done
same_predictions "pls: test targets set to 1e6 change no prediction (components by CV on training rows)" \
  "$tmp/pls-clean.csv" "$tmp/pls-poisoned.csv"

# ---- nested CV: the outer folds report, the inner folds choose, test rows untouched ----
for name in clean poisoned; do
  data=$GASOLINE
  [ $name = poisoned ] && data=$POISONED
  run 0 compare --data "$data" --target octane --test-meta split_vignette=test --recipe pca-linear --cv 4 \
    --nested 3 --seed 2 --quiet --json || not_ok "compare --nested on $name data" "$tmp/err"
  cp "$tmp/out" "$tmp/nested-$name.json"
done
check "compare --nested 3: both procedures over the 50 training rows, unmoved by the test targets" \
  py "$tmp/nested-clean.json" "$tmp/nested-poisoned.json" <<'EOF'
import json, math, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
na, nb = a["nested"], b["nested"]
assert na == nb, (na, nb)
assert na["outer_folds"] == 3 and len(na["cnn_chosen"]) == 3 and len(na["pls_chosen"]) == 3, na
assert math.isfinite(na["cnn"]) and math.isfinite(na["pls"]) and na["cnn"] < 1.5 and na["pls"] < 1.5, na
EOF

# ---- the split column is found; validation never takes test rows ----
run 0 train --data "$GASOLINE" --target octane --recipe default --epochs 5 --quiet --json
cp "$tmp/out" "$tmp/found.json"
check "train finds gasoline's split_vignette column: 50 training rows (10 of them validation), 10 test" \
  py "$tmp/found.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["split"]
assert s["test"] == 10 and s["train"] + s["validation"] == 50 and s["validation"] == 10, s
assert "split_vignette" in s["by"], s
EOF
check "--val-meta naming test rows is refused: validation comes from the training rows" \
  eval 'run 1 train --data "$GASOLINE" --target octane --val-meta split_vignette=test --epochs 2 && grep -q "test row" "$tmp/err"'
run 0 train --data "$GASOLINE" --target octane --split-column none --epochs 2 --quiet --json
cp "$tmp/out" "$tmp/nosplit.json"
check "--split-column none: no test rows, every row trains or validates" py "$tmp/nosplit.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))["split"]
assert s["test"] == 0 and s["train"] + s["validation"] == 60, s
EOF

# ---- replicates: a column of repeated ids is named, and --group keeps its rows in one fold ----
py "$GASOLINE" "$tmp/replicates.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
out = [["meta:sample_id"] + head]
for r in rows[1:]:
    out.append(["S%02d" % ((int(r[head.index("meta:sample")]) - 1) // 3)] + r)
csv.writer(open(sys.argv[2], "w", newline="")).writerows(out)
EOF
check "a meta column of repeated ids is pointed out with the --group that keeps it together" \
  eval 'run 0 train --data "$tmp/replicates.csv" --target octane --epochs 2 --quiet && grep -q "sample_id.*--group sample_id" "$tmp/err"'
check "with --group the note is not repeated" \
  eval 'run 0 train --data "$tmp/replicates.csv" --target octane --epochs 2 --quiet --group sample_id && ! grep -q "repeats ids" "$tmp/err"'

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
