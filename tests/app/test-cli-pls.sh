#!/usr/bin/env bash
# test-cli-pls.sh — `conv1d pls` and `conv1d compare` end to end: gasoline's RMSEP and LOO RMSECV tables
# against R's pls (shared/reference/pls_gasoline.md), centred and autoscaled; JSON, the coefficient file,
# PLS-DA, compare (PLS identical to pls, finite CNN), the drift table, and located errors.
# Run by meson with CONV1D, RESOURCES_DIR and SHARED_DIR. Prints TAP lines and a closing
# "N passed, N failed"; exits non-zero when a check fails.
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"
REFERENCE="$SHARED_DIR/reference/pls_gasoline.md"

# ref_column SECTION COLUMN: the 10 values of one column of a reference table, as printed there (bold
# marks removed). SECTION is a phrase of the table's heading, COLUMN 1..4 (RMSE/R² center, RMSE/R² autoscale).
ref_column ()
{
  py "$REFERENCE" "$1" "$2" <<'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("## ") and sys.argv[2] in l)
rows = [l for l in lines[start + 1:] if l.startswith("| ") and l[2:3].isdigit()][:10]
print(" ".join(r.split("|")[1 + int(sys.argv[3])].strip().strip("*") for r in rows))
EOF
}
# table_column FILE HEADER: the values under HEADER in conv1d pls's per-component table.
table_column ()
{
  py "$1" "$2" <<'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
head = next(i for i, l in enumerate(lines) if l.split()[:1] == ["comp"])
col = lines[head].split().index(sys.argv[2])
out = []
for l in lines[head + 1:]:
    if not l.strip():
        break
    out.append(l.split()[col])
print(" ".join(out))
EOF
}
# same_columns NAME GOT WANT
same_columns ()
{
  if [ "$2" = "$3" ] && [ -n "$2" ]; then ok "$1"; else
    not_ok "$1"; echo "#   got:  $2"; echo "#   want: $3"; fi
}

check "pls and compare --help exit 0 and name their options" \
  eval '"$CONV1D" pls --help >"$tmp/h1" && grep -q -- "--max-components" "$tmp/h1" && "$CONV1D" compare --help >"$tmp/h2" && grep -q -- "--drift" "$tmp/h2" && "$CONV1D" help pls >/dev/null && "$CONV1D" --help >"$tmp/h3" && grep -q "compare" "$tmp/h3"'

# ---- gasoline against R's pls ----
SPLIT="fit on samples 1-50"
LOO="leave-one-out RMSECV / R²(CV) on the 50 training"
for scale in center autoscale; do
  col=1; [ $scale = autoscale ] && col=3
  if run 0 pls --data "$GASOLINE" --target octane --test-meta split_vignette=test --cv loo -m 10 --scale $scale; then
    cp "$tmp/out" "$tmp/pls-$scale.txt"
    same_columns "pls $scale: RMSEP per component equals R's (test split, 4 decimals)" \
      "$(table_column "$tmp/pls-$scale.txt" RMSEP)" "$(ref_column "$SPLIT" $col)"
    same_columns "pls $scale: R² test per component equals R's" \
      "$(table_column "$tmp/pls-$scale.txt" R²test)" "$(ref_column "$SPLIT" $((col + 1)))"
    same_columns "pls $scale: LOO RMSECV per component equals R's" \
      "$(table_column "$tmp/pls-$scale.txt" RMSECV)" "$(ref_column "$LOO" $col)"
    same_columns "pls $scale: LOO Q² per component equals R's" \
      "$(table_column "$tmp/pls-$scale.txt" Q²)" "$(ref_column "$LOO" $((col + 1)))"
  else
    not_ok "pls $scale on gasoline runs" "$tmp/err"
  fi
done
check "pls text: the default pipeline is center, autoscale replaces it; suggestion and chosen model shown" \
  eval 'grep -q "^Preprocess: *center (" "$tmp/pls-center.txt" && grep -q "^Preprocess: *autoscale (" "$tmp/pls-autoscale.txt" && grep -q "^Suggested: *3 components" "$tmp/pls-center.txt" && grep -q "^Chosen: *3 components" "$tmp/pls-center.txt" && grep -q "largest |coef|" "$tmp/pls-center.txt" && grep -q "T² limit" "$tmp/pls-center.txt"'

# 10-fold CV on all 60, consecutive folds (no test split).
run 0 pls --data "$GASOLINE" --target octane --split-column none --cv 10 -m 10
cp "$tmp/out" "$tmp/pls-kfold.txt"
same_columns "pls 10-fold consecutive on all 60: RMSECV equals R's" \
  "$(table_column "$tmp/pls-kfold.txt" RMSECV)" "$(ref_column "10-fold CV on all 60" 1)"

# ---- JSON and the coefficient file ----
run 0 pls --data "$GASOLINE" --target octane --test-meta split_vignette=test --cv loo -m 10 --json --out-coef "$tmp/coef.csv"
cp "$tmp/out" "$tmp/pls.json"
check "pls --json parses; RMSEP with 3 components 0.2341, LOO RMSECV 0.2524, suggested 3" py "$tmp/pls.json" <<'EOF'
import json, math, sys
r = json.load(open(sys.argv[1]))
c = r["components"]
assert len(c) == 10 and [x["n"] for x in c] == list(range(1, 11))
assert abs(c[2]["rmsep"] - 0.2341) <= 5e-5, c[2]
assert abs(c[2]["rmsecv"] - 0.2524) <= 5e-5, c[2]
assert r["suggested"] == 3 and r["chosen"] == 3, (r["suggested"], r["chosen"])
assert r["split"] == {"by": "split_vignette=test", "calibration": 50, "test": 10}, r["split"]
assert r["kind"] == "PLS1" and r["preprocess"] == "center" and r["validation"] == "leave-one-out"
m = r["model"]
assert len(m["coefficients"]) == 1 and len(m["coefficients"][0]) == 401 and len(m["vip"]) == 401
# VIP: sum of squares equals the number of positions (its definition).
assert abs(sum(v * v for v in m["vip"]) - 401) < 1e-6, sum(v * v for v in m["vip"])
# Cumulative explained variance grows and stays within [0, 1].
cx = [x["cumulative_x"] for x in c]
assert all(0 < a <= b <= 1 for a, b in zip(cx, cx[1:])), cx
rows = r["rows"]
assert sum(rows["test"]) == 10 and len(rows["t2"]) == 60
# The test RMSEP recomputed from the per-row predictions.
y, p = rows["y"][0], rows["predicted"][0]
test = [i for i in range(60) if rows["test"][i]]
rmsep = math.sqrt(sum((y[i] - p[i]) ** 2 for i in test) / len(test))
assert abs(rmsep - c[2]["rmsep"]) < 1e-12, (rmsep, c[2]["rmsep"])
# The outlier lists are exactly the rows beyond the limits.
beyond = [i + 1 for i in range(60) if not rows["test"][i] and rows["t2"][i] > m["t2_limit"]]
assert beyond == m["beyond"]["t2_calibration"], (beyond, m["beyond"])
EOF
check "--out-coef: 401 rows of axis, coefficient and VIP, equal to the JSON's" py "$tmp/coef.csv" "$tmp/pls.json" <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
r = json.load(open(sys.argv[2]))
assert rows[0] == ["axis", "octane", "vip"], rows[0]
assert len(rows) == 402
assert rows[1][0] == "900" and rows[-1][0] == "1700"
assert [float(x[1]) for x in rows[1:]] == r["model"]["coefficients"][0]
assert [float(x[2]) for x in rows[1:]] == r["model"]["vip"]
EOF

run 0 pls --data "$GASOLINE" --target octane --test-rows 51-60 --cv loo -m 10 --json
cp "$tmp/out" "$tmp/pls-rows.json"
check "--test-rows 51-60 is the same split as --test-meta split_vignette=test" py "$tmp/pls-rows.json" "$tmp/pls.json" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert [c["rmsep"] for c in a["components"]] == [c["rmsep"] for c in b["components"]]
EOF

run 0 pls --data "$GASOLINE" --target octane --test-meta split_vignette=test --cv loo -m 10 --algorithm simpls --json
cp "$tmp/out" "$tmp/pls-simpls.json"
check "SIMPLS gives the same PLS1 RMSEP and RMSECV as NIPALS (1e-9)" py "$tmp/pls-simpls.json" "$tmp/pls.json" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["algorithm"] == "simpls"
for x, y in zip(a["components"], b["components"]):
    for k in ("rmsep", "rmsecv"):
        assert abs(x[k] - y[k]) <= 1e-9 * y[k], (k, x[k], y[k])
EOF

# ---- PLS-DA on gasoline split into octane grades ----
py "$GASOLINE" "$tmp/grades.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0][:2] + ["target:grade"] + rows[0][3:])
    for r in rows[1:]:
        o = float(r[2])
        w.writerow(r[:2] + ["low" if o < 86 else "mid" if o < 88 else "high"] + r[3:])
EOF
run 0 pls --data "$tmp/grades.csv" --target grade --test-meta split_vignette=test --cv loo --json
cp "$tmp/out" "$tmp/da.json"
check "PLS-DA: accuracies per component, 3 one-hot responses, suggestion by CV accuracy" py "$tmp/da.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["kind"] == "PLS-DA" and r["task"] == "multiclass", r["kind"]
assert sorted(r["responses"]) == ["high", "low", "mid"], r["responses"]
c = r["components"]
for x in c:
    for k in ("accuracy_c", "accuracy_cv", "accuracy_p"):
        assert 0 <= x[k] <= 1, x
        assert abs(x[k] * (50 if k != "accuracy_p" else 10) - round(x[k] * (50 if k != "accuracy_p" else 10))) < 1e-9
best = max(x["accuracy_cv"] for x in c)
s = r["suggested"]
assert 1 <= s <= len(c) and c[s - 1]["accuracy_cv"] >= best - 0.2, (s, best)
assert c[-1]["accuracy_c"] >= 0.9, c[-1]
EOF
run 0 pls --data "$tmp/grades.csv" --target grade --cv loo
check "PLS-DA text: accuracy columns" eval 'grep -q "acc.CV%" "$tmp/out" && grep -q "PLS-DA, 3 classes" "$tmp/out"'

# ---- the rule that chooses the components, and nested CV ----
for rule in one-se min first-min wold; do
  run 0 pls --data "$GASOLINE" --target octane --test-meta split_vignette=test --cv 10 --rule $rule --json
  cp "$tmp/out" "$tmp/rule-$rule.json"
done
check "--rule: min is the lowest RMSECV, first-min the first rise, wold the first gain under 5 %, one-se no later than min" \
  py "$tmp/rule-one-se.json" "$tmp/rule-min.json" "$tmp/rule-first-min.json" "$tmp/rule-wold.json" <<'EOF'
import json, sys
se, mn, fm, wo = (json.load(open(f)) for f in sys.argv[1:5])
cv = [c["rmsecv"] for c in mn["components"]]
press = [x * x for x in cv]
assert mn["suggested"] == 1 + cv.index(min(cv)), (mn["suggested"], cv)
first = next((a for a in range(len(cv) - 1) if not cv[a + 1] < cv[a]), len(cv) - 1)
assert fm["suggested"] == first + 1, (fm["suggested"], cv)
wold = next((a for a in range(len(cv) - 1) if not press[a + 1] / press[a] < 0.95), len(cv) - 1)
assert wo["suggested"] == wold + 1, (wo["suggested"], cv)
assert se["suggested"] <= mn["suggested"]
assert [r["rule_name"] for r in (se, mn, fm, wo)] == ["one-se", "min", "first-min", "wold"]
EOF
check "nested CV: 10 outer folds, each with its own count, over the 50 calibration rows only" py "$tmp/rule-one-se.json" <<'EOF'
import json, math, sys
r = json.load(open(sys.argv[1]))
n = r["nested"]
assert n["outer_folds"] == 10 and len(n["chosen"]) == 10 and n["rows"] == 50, n
assert all(1 <= c <= len(r["components"]) for c in n["chosen"]), n
assert math.isfinite(n["rmse"]) and 0 < n["rmse"] < 1.5, n
EOF
check "pls text labels the nested estimate; --no-nested leaves it out" \
  eval 'run 0 pls --data "$GASOLINE" --target octane --cv 10 && grep -q "^Nested CV: *RMSE" "$tmp/out" && run 0 pls --data "$GASOLINE" --target octane --cv 10 --no-nested && ! grep -q "Nested CV" "$tmp/out"'
check "--rule with an unknown name is a usage error (2)" run 2 pls --data "$GASOLINE" --target octane --rule best

# ---- compare ----
run 0 compare --data "$GASOLINE" --target octane --test-meta split_vignette=test --components 3 --recipe default \
  --cv none --epochs 150 --seed 3 --json --drift
cp "$tmp/out" "$tmp/compare.json"
check "compare --json: CNN and PLS with finite RMSEP; PLS's equals pls's with 3 components" \
  py "$tmp/compare.json" "$tmp/pls.json" <<'EOF'
import json, math, sys
r, p = (json.load(open(f)) for f in sys.argv[1:3])
models = {m["name"]: m for m in r["models"]}
assert set(models) == {"CNN", "PLS"}, models.keys()
for m in models.values():
    assert m["n_test"] == 10 and math.isfinite(m["rmsep"]) and math.isfinite(m["mae"]), m
assert models["PLS"]["components"] == 3
assert models["PLS"]["rmsep"] == p["components"][2]["rmsep"], (models["PLS"]["rmsep"], p["components"][2]["rmsep"])
assert abs(models["PLS"]["r2"] - p["components"][2]["r2p"]) < 1e-12
assert models["CNN"]["epochs_run"] == 150 and models["CNN"]["params"] == 97633, models["CNN"]
assert models["CNN"]["rmsep"] < 1.5, models["CNN"]   # below the SD of octane
assert r["split"]["train"] == 50 and r["split"]["test"] == 10 and r["preprocess"] == "center"
print("# CNN RMSEP %.4f, PLS RMSEP %.4f" % (models["CNN"]["rmsep"], models["PLS"]["rmsep"]))
EOF

run 0 compare --data "$GASOLINE" --target octane --test-meta split_vignette=test --components 3 --recipe default \
  --cv none --epochs 150 --seed 3 --drift
cp "$tmp/out" "$tmp/compare.txt"
check "compare text: both models, PLS RMSEP 0.2341 and the CNN's as in --json" py "$tmp/compare.txt" "$tmp/compare.json" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
r = {m["name"]: m for m in json.load(open(sys.argv[2]))["models"]}
row = {l.split()[0]: l.split() for l in lines if l.split()[:1] in (["CNN"], ["PLS"])}
assert row["PLS"][1] == "0.2341", row["PLS"]
assert row["CNN"][1] == "%.4f" % r["CNN"]["rmsep"], (row["CNN"], r["CNN"])
EOF
check "compare --drift: 6 graded rows for each of shift, offset, slope, scale, noise; size 0 is the undrifted RMSEP" \
  py "$tmp/compare.txt" <<'EOF'
import math, sys
lines = open(sys.argv[1]).read().splitlines()
head = next(i for i, l in enumerate(lines) if l.split()[:2] == ["drift", "size"])
rows = [l.split() for l in lines[head + 1:] if l.strip()]
kinds = ["shift", "offset", "slope", "scale", "noise"]
assert [r[0] for r in rows] == [k for k in kinds for _ in range(6)], [r[0] for r in rows]
table = {l.split()[0]: l.split()[1] for l in lines if l.split()[:1] in (["CNN"], ["PLS"])}
for i, r in enumerate(rows):
    cnn, pls = float(r[-2]), float(r[-1])
    assert math.isfinite(cnn) and math.isfinite(pls) and cnn >= 0 and pls >= 0, r
    if i % 6 == 0:
        assert (r[-2], r[-1]) == (table["CNN"], table["PLS"]), (r, table)
EOF

check "compare --json: PLS's bias, SEP, RPD, slope and intercept recomputed from pls's test predictions; SEP/bias identity for both" \
  py "$tmp/compare.json" "$tmp/pls.json" <<'EOF'
import json, math, sys
r, p = (json.load(open(f)) for f in sys.argv[1:3])
m = {x["name"]: x for x in r["models"]}
test = [i for i in range(60) if p["rows"]["test"][i]]
y = [p["rows"]["y"][0][i] for i in test]
e = [p["rows"]["predicted"][0][i] - p["rows"]["y"][0][i] for i in test]
n = len(test)
bias = sum(e) / n
sep = math.sqrt(sum((v - bias) ** 2 for v in e) / (n - 1))
my = sum(y) / n
sd = math.sqrt(sum((v - my) ** 2 for v in y) / (n - 1))
pred = [a + b for a, b in zip(y, e)]
mp = sum(pred) / n
slope = sum((a - my) * (b - mp) for a, b in zip(y, pred)) / sum((a - my) ** 2 for a in y)
want = {"bias": bias, "sep": sep, "sd_reference": sd, "rpd": sd / sep, "slope": slope, "intercept": mp - slope * my}
for k, v in want.items():
    assert abs(m["PLS"][k] - v) <= 1e-9 * max(1, abs(v)), (k, m["PLS"][k], v)
for x in m.values():
    assert abs(n * x["rmsep"] ** 2 - ((n - 1) * x["sep"] ** 2 + n * x["bias"] ** 2)) < 1e-9, x
    assert abs(x["rpd"] - x["sd_reference"] / x["sep"]) < 1e-12 * x["rpd"], x
EOF
check "compare --json: the paired test of CNN - PLS: mean difference RMSEP² - RMSEP², exact p over 2^m sign patterns, the ratio inside its interval" \
  py "$tmp/compare.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
m = {x["name"]: x for x in r["models"]}
t = r["paired_test"]
assert t["models"] == ["CNN", "PLS"] and t["loss"] == "squared_error" and t["method"] == "sign_flip_randomisation", t
assert abs(t["mean_difference"] - (m["CNN"]["rmsep"] ** 2 - m["PLS"]["rmsep"] ** 2)) < 1e-12, t
assert t["rows"] == 10 and t["exact"] and t["draws"] == 0, t
assert sum(t["rows_better"]) == t["rows_differing"] <= 10, t
k = t["p_value"] * 2 ** t["rows_differing"]   # a whole number of sign patterns, the observed two among them
assert abs(k - round(k)) < 1e-9 and 2 <= round(k) <= 2 ** t["rows_differing"], t
assert t["significant"] == (t["p_value"] < t["alpha"]) and t["alpha"] == 0.05, t
assert abs(t["rmsep_ratio"] - m["CNN"]["rmsep"] / m["PLS"]["rmsep"]) < 1e-12, t
lo, hi = t["rmsep_ratio_interval"]
assert lo <= t["rmsep_ratio"] <= hi and t["bootstrap_resamples"] == 2000 and t["interval_level"] == 0.95, t
print("# CNN - PLS: mean %.4g, p %.4g" % (t["mean_difference"], t["p_value"]))
EOF
check "compare text: SEP, bias, R², RPD beside RMSEP as in --json; the sentence of the paired test and the RMSEP ratio line" \
  py "$tmp/compare.txt" "$tmp/compare.json" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
r = json.load(open(sys.argv[2]))
m = {x["name"]: x for x in r["models"]}
t = r["paired_test"]
head = next(l.split() for l in lines if l.split()[:2] == ["model", "RMSEP"])
assert head == ["model", "RMSEP", "SEP", "bias", "R²", "RPD", "MAE"], head
row = {l.split()[0]: l.split() for l in lines if l.split()[:1] in (["CNN"], ["PLS"])}
for name, x in m.items():
    want = ["%.4f" % x["rmsep"], "%.4f" % x["sep"], "%.4f" % x["bias"], "%.4f" % x["r2"], "%.2f" % x["rpd"], "%.4f" % x["mae"]]
    assert row[name][1:7] == want, (row[name], want)
sentence = [l for l in lines if l.startswith("Squared-error difference CNN − PLS: ")]
assert len(sentence) == 1, sentence
s = sentence[0]
assert "mean %.3g" % t["mean_difference"] in s and "p = %.3g" % t["p_value"] in s, s
assert "paired randomisation test, exact over all %d sign patterns" % 2 ** t["rows_differing"] in s, s
better = "CNN" if t["mean_difference"] < 0 else "PLS"
verdict = "%s is significantly better at the 5 %% level." % better if t["significant"] else "not significant at the 5 % level"
assert verdict in s, (verdict, s)
ratio = [l for l in lines if l.startswith("RMSEP ratio CNN / PLS: %.3g, 95 %% bootstrap interval %.3g to %.3g"
                                          % (t["rmsep_ratio"], *t["rmsep_ratio_interval"]))]
assert len(ratio) == 1, lines
EOF

# PLS is linear and the centring too, so offset, slope and scale drift move each prediction by exactly
# size * (1 . b), size * (t / (L - 1) . b) and size * (x . b): the drift RMSEPs follow from pls's own
# coefficients and test predictions.
check "compare --drift: PLS's offset, slope and scale RMSEPs equal those computed from pls's coefficients" \
  py "$tmp/compare.json" "$tmp/pls.json" "$GASOLINE" <<'EOF'
import csv, json, math, sys
r, p = (json.load(open(f)) for f in sys.argv[1:3])
rows = list(csv.reader(open(sys.argv[3])))[1:]
b = p["model"]["coefficients"][0]
L = len(b)
test = [i for i in range(60) if p["rows"]["test"][i]]
err = [p["rows"]["y"][0][i] - p["rows"]["predicted"][0][i] for i in test]
x = [[float(v) for v in rows[i][3:]] for i in test]
shift = {
    "offset": [sum(b)] * len(test),
    "slope": [sum(b[t] * t / (L - 1) for t in range(L))] * len(test),
    "scale": [sum(b[t] * xi[t] for t in range(L)) for xi in x],
}
checked = 0
for d in r["drift"]["perturbations"]:
    if d["kind"] not in shift:
        continue
    for size, got in zip(d["sizes"], d["PLS"]):
        want = math.sqrt(sum((e - size * g) ** 2 for e, g in zip(err, shift[d["kind"]])) / len(test))
        assert abs(got - want) <= 1e-9 * want, (d["kind"], size, got, want)
        checked += 1
assert checked == 18, checked
EOF

run 0 compare --data "$GASOLINE" --target octane --test-fraction 0.25 --seed 5 --recipe default --epochs 20 --json --drift \
  --preprocess "snv sg(11,2,1) range(1000,1600)"
cp "$tmp/out" "$tmp/compare-random.json"
check "compare with a random split and a range: 15 test rows, CV-chosen components, drift in JSON" \
  py "$tmp/compare-random.json" <<'EOF'
import json, math, sys
r = json.load(open(sys.argv[1]))
assert r["split"]["test"] == 15 and r["split"]["train"] == 45, r["split"]
assert r["preprocess"] == "snv sg(11,2,1) range(1000,1600) center", r["preprocess"]
pls = r["models"][1]
assert pls["components_by"] == "cv" and 1 <= pls["components"] <= 10, pls
d = r["drift"]
assert d["metric"] == "rmsep" and [p["kind"] for p in d["perturbations"]] == ["shift", "offset", "slope", "scale", "noise"]
for p in d["perturbations"]:
    assert p["sizes"][0] == 0 and len(p["sizes"]) == 6 and all(math.isfinite(v) for v in p["CNN"] + p["PLS"]), p
EOF

run 0 compare --data "$GASOLINE" --target octane --test-fraction 0.5 --seed 4 --recipe default --epochs 5 --components 3 --json
cp "$tmp/out" "$tmp/compare-30.json"
run 0 compare --data "$GASOLINE" --target octane --test-fraction 0.5 --seed 4 --recipe default --epochs 5 --components 3
cp "$tmp/out" "$tmp/compare-30.txt"
check "compare on 30 test rows: the paired test draws 9999 seeded sign flips, p = (1 + count) / 10000" \
  py "$tmp/compare-30.json" "$tmp/compare-30.txt" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["paired_test"]
assert t["rows"] == 30 and not t["exact"] and t["draws"] == 9999 and t["seed"] == 4, t
k = t["p_value"] * 10000
assert abs(k - round(k)) < 1e-6 and 1 <= round(k) <= 10000, t
s = next(l for l in open(sys.argv[2]).read().splitlines() if l.startswith("Squared-error difference"))
assert "p = %.3g (paired randomisation test, 9999 random sign flips" % t["p_value"] in s, s
EOF

run 0 compare --data "$tmp/grades.csv" --target grade --test-meta split_vignette=test --epochs 30 --json --drift
cp "$tmp/out" "$tmp/compare-da.json"
check "compare on classes: accuracy for both models and accuracy under drift" py "$tmp/compare-da.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["task"] == "multiclass"
for m in r["models"]:
    assert 0 <= m["accuracy"] <= 1 and abs(m["accuracy"] * 10 - round(m["accuracy"] * 10)) < 1e-9, m
assert r["drift"]["metric"] == "accuracy"
for p in r["drift"]["perturbations"]:
    assert p["PLS"][0] == r["models"][1]["accuracy"], p
EOF
check "compare on classes: errors per model; the exact McNemar p-value of the discordant rows, recomputed with fractions" \
  py "$tmp/compare-da.json" <<'EOF'
import json, sys
from fractions import Fraction
from math import comb
r = json.load(open(sys.argv[1]))
cnn, pls = r["models"]
for m in r["models"]:
    assert m["errors"] == round((1 - m["accuracy"]) * 10), m
t = r["paired_test"]
assert t["loss"] == "misclassification" and t["method"] == "exact_mcnemar" and t["exact"], t
c, b = t["rows_better"]      # c: only PLS wrong, b: only the CNN wrong
assert b - c == cnn["errors"] - pls["errors"] and t["rows_differing"] == b + c, t
assert abs(t["mean_difference"] - (pls["accuracy"] - cnn["accuracy"])) < 1e-12, t
want = 1 if b == c else min(1, 2 * Fraction(sum(comb(b + c, k) for k in range(min(b, c) + 1)), 2 ** (b + c)))
assert t["p_value"] == float(want), (t["p_value"], float(want))
EOF

# ---- errors ----
check "bad --preprocess: exit 1, the reason with its column, caret under the step" \
  eval 'run 1 pls --data "$GASOLINE" --target octane --preprocess "snv sg(10,2,1) center" && grep -q "Column 5" "$tmp/err" && grep -q "odd" "$tmp/err" && grep -Fxq "      ^^^^^^^^^^" "$tmp/err"'
check "unknown step in compare: exit 1 before any training" \
  eval 'run 1 compare --data "$GASOLINE" --target octane --preprocess "snv smooth(3)" && grep -q "unknown preprocessing step" "$tmp/err" && grep -Fxq "      ^^^^^^^^^" "$tmp/err"'
check "bad --cv is a usage error (2)" run 2 pls --data "$GASOLINE" --target octane --cv kfold:1
check "--cv none without --components is a usage error (2)" run 2 pls --data "$GASOLINE" --target octane --cv none
check "--test-rows outside the data: exit 1 naming the rows" \
  eval 'run 1 pls --data "$GASOLINE" --target octane --test-rows 51-70 && grep -q "51-70" "$tmp/err"'
check "unknown --test-meta value: exit 1 listing the values found" \
  eval 'run 1 pls --data "$GASOLINE" --target octane --test-meta split_vignette=tst && grep -q "train" "$tmp/err"'

echo "1..$n"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
