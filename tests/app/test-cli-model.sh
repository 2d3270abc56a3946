#!/usr/bin/env bash
# test-cli-model.sh — conv1d predict and eval on a model that carries its preprocessing, ensemble members
# and a record (written by make-pipeline-model, MAKE_PIPELINE_MODEL): raw spectra go through the model's
# pipeline, predictions equal the engine's cw_model_predict_raw, eval shows the record, a signal of the
# wrong raw length is refused naming both lengths. Prints TAP lines and "N passed, N failed".
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"
: "${MAKE_PIPELINE_MODEL:?MAKE_PIPELINE_MODEL must name the helper}"

"$MAKE_PIPELINE_MODEL" "$GASOLINE" "$tmp/pipe.cw1d" "$tmp/expected.txt" 2>"$tmp/err"
check "the helper writes a model with a pipeline" eval '[ -s "$tmp/pipe.cw1d" ] && [ "$(wc -l <"$tmp/expected.txt")" -eq 60 ]'

run 0 predict --model "$tmp/pipe.cw1d" --data "$GASOLINE" --out "$tmp/pred.csv"
check "predict on raw 401-point spectra equals cw_model_predict_raw to the printed digit" \
  py "$tmp/pred.csv" "$tmp/expected.txt" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
want = [line.strip() for line in open(sys.argv[2])]
assert len(rows) == 60 == len(want), (len(rows), len(want))
got = [r["pred:octane"] for r in rows]
assert got == want, [(g, w) for g, w in zip(got, want) if g != w][:3]
PYEOF

run 0 eval --model "$tmp/pipe.cw1d" --data "$GASOLINE" --where split_vignette=test
cp "$tmp/out" "$tmp/eval.txt"
check "eval text: the record listed under Model:, in order, before Data:" py "$tmp/eval.txt" <<'PYEOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0].startswith("Model:") and "regression" in lines[0], lines[0]
assert lines[1:4] == ["          recipe: cli-test",
                      "          preprocess: snv sg(11,2,1) range(1100,1300)",
                      "          seeds: 3,4,5"], lines[:5]
assert lines[4].startswith("Data:") and "10 of 60 rows" in lines[4], lines[4]
PYEOF

run 0 eval --model "$tmp/pipe.cw1d" --data "$GASOLINE" --where split_vignette=test --json
cp "$tmp/out" "$tmp/eval.json"
check "eval --json: the record object in order, RMSE of the raw-path predictions on the test rows" \
  py "$tmp/eval.json" "$tmp/pred.csv" "$GASOLINE" <<'PYEOF'
import csv, json, math, sys
r = json.load(open(sys.argv[1]), object_pairs_hook=lambda pairs: pairs)
r = dict(r)
assert r["record"] == [("recipe", "cli-test"), ("preprocess", "snv sg(11,2,1) range(1100,1300)"),
                       ("seeds", "3,4,5")], r["record"]
pred = [float(row["pred:octane"]) for row in csv.DictReader(open(sys.argv[2]))]
data = list(csv.DictReader(open(sys.argv[3])))
test = [i for i, row in enumerate(data) if row["meta:split_vignette"] == "test"]
assert len(test) == 10
rmse = math.sqrt(sum((pred[i] - float(data[i]["target:octane"])) ** 2 for i in test) / len(test))
got = dict(r["metrics"])["rmse"]
assert abs(got - rmse) <= 1e-6 * rmse, (got, rmse)
PYEOF

# a file of 30-point signals: the model takes 401 raw points
py "$tmp/short.csv" <<'PYEOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("target:octane," + ",".join(str(t) for t in range(30)) + "\n")
    for i in range(4):
        f.write("%d," % (85 + i) + ",".join("%.3f" % (0.01 * t * (i + 1)) for t in range(30)) + "\n")
PYEOF
check "predict: a signal of the wrong raw length is refused naming both lengths and the preprocessing" \
  eval 'run 1 predict --model "$tmp/pipe.cw1d" --data "$tmp/short.csv" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "1 x 30 values" "$tmp/err" && grep -q "raw signals of 1 x 401" "$tmp/err" && grep -q "snv sg(11,2,1) range(1100,1300)" "$tmp/err" && grep -q "short.csv" "$tmp/err"'
check "eval: the same refusal" eval 'run 1 eval --model "$tmp/pipe.cw1d" --data "$tmp/short.csv" && grep -q "raw signals of 1 x 401" "$tmp/err"'

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
