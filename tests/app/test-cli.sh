#!/usr/bin/env bash
# test-cli.sh — end-to-end checks of the conv1d tool: training on gasoline, save/predict/eval round trip,
# summary numbers against shared/bench/workloads.json, error messages (caret, file line), Ctrl-C, bench.
# Run by meson with CONV1D (the built tool), RESOURCES_DIR and SHARED_DIR. Prints TAP lines and a closing
# "N passed, N failed"; exits non-zero when a check fails.
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"
WORKLOADS="$SHARED_DIR/bench/workloads.json"

# ---- basics ----
check "--version prints the version" eval '"$CONV1D" --version | grep -Eq "^conv1d [0-9]+\.[0-9]+"'
check "help of every command exits 0" eval '( for c in train predict eval summary bench help; do "$CONV1D" $c --help >/dev/null || exit 1; done )'
check "unknown command is a usage error (2)" run 2 frobnicate
check "bad option value is a usage error (2)" run 2 train --data "$GASOLINE" --epochs zero
check "missing file: exit 1, one line naming it" \
  eval 'run 1 train --data "$tmp/nope.csv" --target octane && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "nope.csv" "$tmp/err"'

# ---- train on gasoline, then save / predict / eval round trip ----
# 150 epochs of Adam 1e-3 on 40 of the vignette training spectra (10 more validate) take about a second.
run 0 train --data "$GASOLINE" --target octane --recipe default --test-meta split_vignette=test --val 0.2 --epochs 150 --seed 3 \
  --json --out "$tmp/octane.cw1d"
status=$?
cp "$tmp/out" "$tmp/train.json"
if [ $status -eq 0 ] && py "$tmp/train.json" <<'EOF'
import json, math, sys
r = json.load(open(sys.argv[1]))
v, t, x = r["validation"], r["train"], r["test"]
assert r["task"] == "regression" and r["targets"] == ["octane"], r
assert (r["split"]["train"], r["split"]["validation"], r["split"]["test"]) == (40, 10, 10), r["split"]
assert v["n"] == 10 and t["n"] == 40 and x["n"] == 10
assert math.isfinite(x["rmse"]) and x["rmse"] < 1.5, x   # 1.5 = SD of octane
assert r["params"] == 97633 and r["status"] == "ok"
e = r["fit"]["epochs"]
assert r["record"]["kept_weights"].startswith("last epoch (%d) of a refit on all 50 training and validation rows" % e), r["record"]
assert r["fit"]["member_epochs"] == [e] and r["epochs_run"] == e, r["fit"]
print("# test RMSE %.4f, validation RMSE %.4f, train RMSE %.4f" % (x["rmse"], v["rmse"], t["rmse"]))
EOF
then ok "train --json on gasoline: finite test RMSE below the target SD, the kept epoch in the record"
else not_ok "train --json on gasoline: finite test RMSE below the target SD, the kept epoch in the record" "$tmp/train.json" "$tmp/err"; fi

run 0 eval --model "$tmp/octane.cw1d" --data "$GASOLINE" --where split_vignette=test --json
cp "$tmp/out" "$tmp/eval.json"
check "eval of the saved model on the test rows equals train's test RMSE" py "$tmp/train.json" "$tmp/eval.json" <<'EOF'
import json, sys
tr, ev = (json.load(open(f)) for f in sys.argv[1:3])
a, b = tr["test"]["rmse"], ev["metrics"]["rmse"]
assert ev["metrics"]["n"] == 10, ev
assert abs(a - b) <= 1e-5 * max(1.0, abs(a)), (a, b)
EOF

run 0 predict --model "$tmp/octane.cw1d" --data "$GASOLINE" --out "$tmp/pred.csv"
check "predict CSV: 60 rows whose test-row RMSE equals eval's" py "$tmp/pred.csv" "$tmp/eval.json" <<'EOF'
import csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ev = json.load(open(sys.argv[2]))
assert len(rows) == 60, len(rows)
assert {"meta:sample", "meta:split_vignette", "target:octane", "pred:octane"} <= set(rows[0]), rows[0].keys()
test = [r for r in rows if r["meta:split_vignette"] == "test"]
rmse = math.sqrt(sum((float(r["pred:octane"]) - float(r["target:octane"])) ** 2 for r in test) / len(test))
b = ev["metrics"]["rmse"]
assert abs(rmse - b) <= 1e-5 * max(1.0, b), (rmse, b)
EOF

run 0 eval --model "$tmp/octane.cw1d" --data "$GASOLINE"
check "eval text report names RMSE" grep -q "RMSE" "$tmp/out"

run 0 train --data "$GASOLINE" --target octane --epochs 3 --quiet
check "train text report (default split) prints a validation RMSE" \
  eval 'grep -q "validation" "$tmp/out" && grep -Eq "^ *RMSE +[0-9.]+ +[0-9.]+" "$tmp/out"'

# ---- learning-rate plateau schedule and augmentation units ----
run 0 train --data "$GASOLINE" --target octane --recipe default --test-meta split_vignette=test --val 0.2 --epochs 60 --seed 3 \
  --schedule plateau --plateau-patience 2 --plateau-factor 0.5 --lr-min 2e-4 --json
cp "$tmp/out" "$tmp/plateau.json"
check "--schedule plateau trains, its rates are PyTorch's ReduceLROnPlateau rule on the training losses" \
  py "$tmp/plateau.json" <<'EOF'
import json, struct, sys
f32 = lambda v: struct.unpack("f", struct.pack("f", v))[0]
r = json.load(open(sys.argv[1]))
assert r["status"] == "ok" and r["config"]["schedule"] == "plateau", r["config"]
losses, rates = r["history"]["train_loss"], r["history"]["lr"]
# ReduceLROnPlateau(mode='min', factor=0.5, patience=2, threshold=1e-4 rel, cooldown=0, min_lr=2e-4, eps=1e-8)
lr, best, bad, want = f32(1e-3), float("inf"), 0, []
for loss in losses:
    want.append(f32(lr))
    if loss < best * (1 - 1e-4):
        best, bad = loss, 0
    else:
        bad += 1
    if bad > 2:
        new = max(lr * 0.5, f32(2e-4))
        if lr - new > 1e-8:
            lr = new
        bad = 0
got = [f32(v) for v in rates]
assert got == want, (got, want)
drops = sum(b < a for a, b in zip(got, got[1:]))
assert drops >= 1 and min(got) >= f32(2e-4), got
print("# %d drops, last rate %g" % (drops, got[-1]))
EOF
check "--aug-units input trains" run 0 train --data "$GASOLINE" --target octane --epochs 3 --quiet \
  --aug-units input --aug-offset 0.1 --aug-slope 0.1
check "a bad --aug-units value is refused (2) with a message naming the option" \
  eval 'run 2 train --data "$GASOLINE" --target octane --aug-units raw &&
        grep -q -- "--aug-units: .raw." "$tmp/err"'
check "a plateau factor of 1 is refused (2) with a message naming the option" \
  eval 'run 2 compare --data "$GASOLINE" --target octane --schedule plateau --plateau-factor 1 &&
        grep -q -- "--plateau-factor" "$tmp/err"'

# ---- summary against workloads.json ----
for w in S M L; do
  run 0 summary --workload $w --json
  cp "$tmp/out" "$tmp/summary-$w.json"
  check "summary of workload $w: shapes and FLOPs as in workloads.json" py "$tmp/summary-$w.json" "$WORKLOADS" $w <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
w = json.load(open(sys.argv[2]))["workloads"][sys.argv[3]]
got = ["%dx%d" % (l["channels"], l["length"]) for l in s["layers"]]
want = [x.split(":")[1] for x in w["output_shapes"]]
assert got == want, (got, want)
assert s["total_flops"] == w["fwd_flops_per_sample"], (s["total_flops"], w["fwd_flops_per_sample"])
EOF
done
check "summary of workload S: 80 + 1168 + 96320 + 65 = 97633 parameters" py "$tmp/summary-S.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
params = [l["params"] for l in s["layers"] if l["params"]]
assert params == [80, 1168, 96320, 65], params
assert s["total_params"] == 97633
EOF
S_SPEC="conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)"
run 0 summary --arch "$S_SPEC" --input-length 401
check "summary text table: 16 x 94 after the second pool, total 97633" \
  eval 'grep -q "16 x 94" "$tmp/out" && grep -Eq "total +97633" "$tmp/out"'

# ---- errors point at the offending token ----
# caret_under FILE TOKEN: the line after the spec line has its carets under TOKEN.
caret_under ()
{
  py "$1" "$2" <<'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
tok = sys.argv[2]
for i, l in enumerate(lines[:-1]):
    if tok in l and set(lines[i + 1].strip()) == {"^"}:
        start = lines[i + 1].index("^")
        assert l.index(tok) == start, (l, lines[i + 1])
        assert len(lines[i + 1].strip()) == len(tok), (tok, lines[i + 1])
        sys.exit(0)
sys.exit("no caret line under %r in %r" % (tok, lines))
EOF
}
check "bad spec token: exit 1, caret under it" \
  eval 'run 1 summary --arch "conv(8,k=9) relu maxpoool(2) flatten dense(1)" --input-length 401 && caret_under "$tmp/err" "maxpoool(2)"'
check "bad spec in train: exit 1, caret under the token" \
  eval 'run 1 train --data "$GASOLINE" --target octane --arch "conv(8,k=9) relu dense(x)" && caret_under "$tmp/err" "dense(x)"'
check "a network too large for memory: exit 1 before allocation, naming parameters and bytes" \
  eval 'run 1 train --data "$GASOLINE" --target octane --arch "conv(100000,k=3) flatten dense(100000) dense(1)" && grep -q "3990000600001 parameters need 31.9 TB" "$tmp/err"'
check "a layer output past what an int indexes: exit 1, caret under the layer, no wrapped shapes" \
  eval 'run 1 summary --arch "conv(100000,k=3) flatten dense(10)" --input-length 100000 && grep -q "more than a layer can hold" "$tmp/err" && caret_under "$tmp/err" "conv(100000,k=3)" && ! grep -q -- "-[0-9]" "$tmp/out"'
printf 'target:y,1,2,3,4\n1,0.1,NA,0.3,0.4\n2,0.2,0.3,,0.5\n3,0.3,0.4,0.5,0.6\n4,0.4,0.5,0.6,0.7\n5,0.5,0.6,0.7,0.8\n' >"$tmp/na.csv"
check "an NA cell: exit 1 naming line and column, and the option that fills it" \
  eval 'run 1 summary --data "$tmp/na.csv" && grep -q "line 2, column 3" "$tmp/err" && grep -q -- "--allow-missing" "$tmp/err"'
check "--allow-missing fills the two cells from their rows, with a note" \
  eval 'run 0 summary --allow-missing --data "$tmp/na.csv" && grep -q "note: 2 missing signal cells" "$tmp/err"'
check "impossible stack: exit 1, the reason, caret under the layer" \
  eval 'run 1 summary --arch "conv(8,k=9) relu maxpool(2) conv(16,k=50) flatten dense(1)" --input-length 60 && grep -q "shorter" "$tmp/err" && caret_under "$tmp/err" "conv(16,k=50)"'

printf 'meta:id,target:y,1,2,3,4\na,1.0,0.1,0.2,0.3,0.4\nb,2.0,0.1,0.2,0.3\nc,3.0,0.1,0.2,0.3,0.4\n' >"$tmp/ragged.csv"
check "ragged CSV: exit 1, one line naming the file and line 3" \
  eval 'run 1 train --data "$tmp/ragged.csv" --target y && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ragged.csv" "$tmp/err" && grep -q "line 3" "$tmp/err"'

# ---- classification on a small synthetic file: class = which third of the signal holds a bump ----
py "$tmp/classes.csv" <<'EOF'
import math, sys
with open(sys.argv[1], "w") as f:
    f.write("meta:id,target:shape," + ",".join(str(t) for t in range(30)) + "\n")
    for i in range(90):
        c = i % 3
        centre = 5 + 10 * c
        sig = [math.exp(-((t - centre) / 2.0) ** 2) + 0.05 * math.sin(7 * i + t) for t in range(30)]
        f.write("s%d,%s," % (i, ["left", "middle", "right"][c]) + ",".join("%.5f" % v for v in sig) + "\n")
EOF
run 0 train --data "$tmp/classes.csv" --arch "conv(4,k=5,pad=same) relu flatten dense(3)" --epochs 60 \
  --json --out "$tmp/shape.cw1d"
cp "$tmp/out" "$tmp/class.json"
check "multiclass: task inferred, confusion matrix sums to the validation rows, accuracy high" py "$tmp/class.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
v = r["validation"]
assert r["task"] == "multiclass" and r["outputs"] == 3, r
assert v["classes"] == ["left", "middle", "right"], v
assert sum(map(sum, v["confusion"])) == v["n"] == 18, v
assert v["accuracy"] >= 0.8, v
EOF
run 0 predict --model "$tmp/shape.cw1d" --data "$tmp/classes.csv"
cp "$tmp/out" "$tmp/class-pred.csv"
check "multiclass predict: class name and probabilities summing to 1" py "$tmp/class-pred.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 90
for r in rows:
    p = [float(r["prob:" + c]) for c in ("left", "middle", "right")]
    assert abs(sum(p) - 1) < 1e-5, p
    assert r["pred:shape"] == ("left", "middle", "right")[p.index(max(p))], r
EOF

# ---- Ctrl-C stops training and still saves and reports ----
"$CONV1D" train --data "$GASOLINE" --target octane --recipe default --epochs 1000000 --json --out "$tmp/int.cw1d" \
  >"$tmp/int.json" 2>"$tmp/int.err" &
pid=$!
# Interrupt once training is under way (an epoch line on stderr), not while the handler may not be set yet.
for _ in $(seq 600); do grep -q "^epoch" "$tmp/int.err" && break; sleep 0.1; done
kill -INT $pid
for _ in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && { echo "# SIGINT did not stop training within 30 s"; kill -KILL $pid; }
wait $pid
status=$?
check "SIGINT: exit 130, JSON says interrupted, model saved" \
  eval '[ "$status" -eq 130 ] && [ -s "$tmp/int.cw1d" ] && "$PY" -c "import json,sys; r=json.load(open(sys.argv[1])); assert r[\"status\"] == \"interrupted\" and r[\"epochs_run\"] >= 1" "$tmp/int.json"'

# ---- bench ----
run 0 bench --checksums --json
cp "$tmp/out" "$tmp/checksums.json"
check "bench synthetic data matches the checksums of workloads.json" py "$tmp/checksums.json" "$WORKLOADS" <<'EOF'
import json, sys
got = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))["synthetic_data"]["checksums"]
for w in "SML":
    g, e = got[w], want[w]
    assert abs(g["sum_x"] - e["sum_x"]) < 1e-6, (w, g, e)
    assert abs(g["sum_abs_x"] - e["sum_abs_x"]) < 1e-9 * e["sum_abs_x"], (w, g, e)
    assert g["x_0_0_0to3"] == e["x_0_0_0to3"], (w, g, e)
    assert abs(g["sum_y"] - e["sum_y"]) < 1e-9 * e["sum_y"], (w, g, e)
EOF
run 0 bench --workload S --epochs 1 --runs 1
check "bench --workload S --epochs 1 --runs 1 prints samples/s" \
  eval 'grep -q "samples/s" "$tmp/out" && grep -Eq "^S +1 +0\.682 +[0-9]+\.[0-9]" "$tmp/out"'
run 0 bench --workload S --epochs 1 --runs 1 --json
cp "$tmp/out" "$tmp/bench.json"
check "bench --json: positive throughput, FLOPs as in workloads.json, loss going down" py "$tmp/bench.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"][0]
assert s["workload"] == "S" and s["threads"] == 1
assert s["fwd_flops_per_sample"] == 682384
assert s["train_samples_per_s"] > 0 and s["infer_samples_per_s"] > 0
first, last = s["loss_first_last"]
assert last < first, (first, last)
EOF

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
