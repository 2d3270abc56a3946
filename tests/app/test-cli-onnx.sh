#!/usr/bin/env bash
# test-cli-onnx.sh — conv1d export --format onnx and conv1d pls --export-onnx, checked three ways: every
# file passes onnx.checker.check_model(full_check=True) (Debian's python3-onnx), ONNX Runtime
# (onnxruntime-node, CPU, run by onnx-run.js) predicts 100 raw signals as the engine does
# (cw_model_predict_raw, written by make-onnx-model) and as conv1d predict / conv1d pls --predictions do,
# every value to |onnx - engine| <= 1e-5 max(1, |engine|) (absolute below 1, relative above). One model
# per layer type, padding mode, activation, task and preprocessing step, an ensemble, two channels behind
# per-channel pca loadings, two PLS models; and the errors: a step too large for an ONNX file is named,
# usage mistakes are refused. onnxruntime-node comes from scripts/install-onnxrt (run here when it is
# missing): when it cannot be installed the test fails, it does not skip. Prints TAP lines and
# "N passed, N failed".
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"
: "${MAKE_ONNX_MODEL:?MAKE_ONNX_MODEL must name the helper}" "${ONNX_TOOLS_DIR:?}"
root=$(cd "$ONNX_TOOLS_DIR/../.." && pwd)
onnxrt_dir=${CONV1D_ONNXRT_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/conv1d-onnxrt}
ONNX_CHECK="$ONNX_TOOLS_DIR/onnx-check.py"
ONNX_RUN="$ONNX_TOOLS_DIR/onnx-run.js"

if "$PY" -c 'import onnx, numpy' 2>"$tmp/err"; then ok "python3-onnx and python3-numpy import"
else not_ok "python3-onnx and python3-numpy import (scripts/install-deps python3-onnx python3-numpy)" "$tmp/err"; fi
if "$root/scripts/install-onnxrt" >"$tmp/err" 2>&1 \
   && NODE_PATH="$onnxrt_dir/node_modules" node -e 'require("onnxruntime-node")' 2>>"$tmp/err"; then
  ok "onnxruntime-node is installed in $onnxrt_dir"
else
  not_ok "onnxruntime-node is installed in $onnxrt_dir (scripts/install-onnxrt; needs node, npm and the npm registry)" "$tmp/err"
  echo "$passed passed, $failed failed"
  exit 1
fi
export NODE_PATH="$onnxrt_dir/node_modules"

# one_model NAME ARCH PREPROCESS TASK CHANNELS LENGTH OUTPUTS MEMBERS: builds, exports, checks and runs
# one model; compares ONNX Runtime with the engine and, for one channel, with conv1d predict.
case_number=0
max_report="$tmp/max-diffs.txt"
one_model ()
{
  local name=$1 arch=$2 pre=$3 task=$4 channels=$5 length=$6 outputs=$7 members=$8
  case_number=$((case_number + 1))
  local d="$tmp/case$case_number"
  mkdir -p "$d"
  local csv_arg=()
  [ "$channels" -eq 1 ] && csv_arg=("$d/data.csv")
  if ! "$MAKE_ONNX_MODEL" "$arch" "$pre" "$task" "$channels" "$length" "$outputs" "$members" "$d/m.cw1d" \
       "$d/signals.txt" "$d/engine.txt" "${csv_arg[@]}" >"$d/log" 2>&1; then
    not_ok "$name: the helper builds '$arch' behind '$pre'" "$d/log"
    return
  fi
  if ! "$CONV1D" export --model "$d/m.cw1d" --format onnx --out "$d/m.onnx" >"$d/log" 2>&1; then
    not_ok "$name: conv1d export" "$d/log"
    return
  fi
  exported+=("$name|$d/m.onnx")
  if ! node "$ONNX_RUN" "$d/m.onnx" "$d/signals.txt" "$channels" "$length" float32 >"$d/onnx.txt" 2>"$d/log"; then
    not_ok "$name: ONNX Runtime runs the file" "$d/log"
    return
  fi
  local predict=()
  if [ "$channels" -eq 1 ]; then
    if "$CONV1D" predict --model "$d/m.cw1d" --data "$d/data.csv" --out "$d/predict.csv" >"$d/log" 2>&1; then
      predict=(--predict-csv "$task" "$d/predict.csv")
    else
      not_ok "$name: conv1d predict" "$d/log"
    fi
  fi
  local against="the engine"
  [ ${#predict[@]} -gt 0 ] && against="the engine and conv1d predict"
  if "$PY" "$ONNX_CHECK" compare "$d/onnx.txt" "$d/engine.txt" "${predict[@]}" >"$d/cmp" 2>&1; then
    ok "$name: ONNX Runtime = $against on 100 rows ($(tr '\n' ';' <"$d/cmp"))"
    echo "$name $(head -1 "$d/cmp")" >>"$max_report"
  else
    not_ok "$name: ONNX Runtime = $against on 100 rows" "$d/cmp"
  fi
}

# check_all: onnx.checker on every exported file in one Python process (importing onnx is slow), one
# TAP line each.
check_all ()
{
  local files=() entry
  for entry in "${exported[@]}"; do files+=("${entry#*|}"); done
  "$PY" "$ONNX_CHECK" check "${files[@]}" >"$tmp/checked" 2>&1
  for entry in "${exported[@]}"; do
    if grep -qF "${entry#*|}: valid" "$tmp/checked"; then
      ok "${entry%%|*}: onnx.checker.check_model(full_check=True)"
    else
      grep -F "${entry#*|}" "$tmp/checked" >"$tmp/one-check" || cp "$tmp/checked" "$tmp/one-check"
      not_ok "${entry%%|*}: onnx.checker.check_model(full_check=True)" "$tmp/one-check"
    fi
  done
}
exported=()

# ---- layers, padding, tasks ----
one_model "conv valid + relu + flatten + dense" "conv(4,k=5) relu flatten dense(1)" none regression 1 64 1 1
one_model "conv same, stride 2, dilation 2, no bias + gavgpool" \
  "conv(4,k=5,s=2,d=2,pad=same,bias=false) relu gavgpool dense(1)" none regression 1 64 1 1
one_model "conv causal + maxpool(3,s=2), two targets" "conv(3,k=4,pad=causal) tanh maxpool(3,s=2) flatten dense(2)" \
  none regression 1 64 2 1
one_model "conv explicit 2:1 + avgpool" "conv(3,k=3,pad=2:1) sigmoid avgpool(2) flatten dense(1)" none regression 1 64 1 1
one_model "conv padding 3 + avgpool(4,s=3) + dense without bias" \
  "conv(3,k=7,pad=3) relu avgpool(4,s=3) flatten dense(5,bias=false) relu dense(1)" none regression 1 64 1 1
one_model "gmaxpool + multiclass" "conv(4,k=3) relu gmaxpool dense(3)" none multiclass 1 64 3 1
one_model "trailing softmax + multiclass" "conv(4,k=3) relu flatten dense(4) softmax" none multiclass 1 64 4 1
one_model "binary with trailing sigmoid" "conv(4,k=5) relu maxpool(2) flatten dense(1) sigmoid" none binary 1 64 1 1
one_model "multilabel" "conv(4,k=5) relu flatten dense(3)" none multilabel 1 64 3 1
one_model "batchnorm (conv and dense) + dropout" \
  "conv(4,k=3) batchnorm relu maxpool(2) flatten dense(8) batchnorm dropout(0.5) relu dense(1)" none regression 1 64 1 1
one_model "conv output used flat (no dense)" "conv(1,k=62)" none regression 1 64 3 1
one_model "ensemble of three" "conv(4,k=5) relu maxpool(2) flatten dense(1)" "snv" regression 1 64 1 3
one_model "ensemble of two, multiclass" "conv(4,k=5) relu gavgpool dense(3)" none multiclass 1 64 3 2

# ---- every activation, inside a conv stack and after a dense layer ----
for act in linear relu relu6 softplus "leakyrelu(0.1)" "prelu(0.25)" "rrelu(0.1,0.3)" "elu(0.8)" swish sigmoid tanh softmax; do
  one_model "activation $act" "conv(4,k=5) $act maxpool(2) flatten dense(4) $act dense(1)" none regression 1 64 1 1
done

# ---- every preprocessing step, alone and chained ----
for pre in center autoscale snv msc "sg(7,2,0)" "sg(9,3,2)" "sg(5,2,1)" "detrend(1)" "detrend(2)" "range(10,40)" \
           "pca(5)" "snv sg(11,2,1) range(5,50) center" "msc detrend(2) autoscale" "sg(5,2,1) pca(4) autoscale"; do
  one_model "preprocessing $pre" "conv(2,k=3) relu flatten dense(1)" "$pre" regression 1 64 1 1
done
one_model "two channels behind per-channel pca loadings" "conv(3,k=3) relu flatten dense(1)" "snv pca(6) center" \
  regression 2 48 1 1
one_model "two channels, sg and msc" "conv(3,k=5,pad=same) relu gavgpool dense(2)" "msc sg(7,2,1)" regression 2 48 2 1

# ---- PLS ----
"$PY" "$ONNX_CHECK" signals "$GASOLINE" "$tmp/gasoline-signals.txt" >"$tmp/gasoline-length" 2>"$tmp/err"
length=$(cat "$tmp/gasoline-length")
for pre in "snv sg(11,2,1)" "msc detrend(2) range(1000,1600) autoscale"; do
  name="PLS behind '$pre'"
  if run 0 pls --data "$GASOLINE" --target octane --test-meta split_vignette=test --preprocess "$pre" --cv 5 \
       --no-nested --components 4 --export-onnx "$tmp/pls.onnx" --predictions "$tmp/pls-pred.csv"; then
    ok "$name: conv1d pls --export-onnx"
  else
    not_ok "$name: conv1d pls --export-onnx" "$tmp/err"
    continue
  fi
  case_number=$((case_number + 1))
  cp "$tmp/pls.onnx" "$tmp/pls$case_number.onnx"
  exported+=("$name|$tmp/pls$case_number.onnx")
  if node "$ONNX_RUN" "$tmp/pls.onnx" "$tmp/gasoline-signals.txt" 1 "$length" float64 >"$tmp/pls-onnx.txt" 2>"$tmp/err" \
     && "$PY" "$ONNX_CHECK" compare "$tmp/pls-onnx.txt" "$tmp/pls-pred.csv" --pls-csv >"$tmp/cmp" 2>&1; then
    ok "$name: ONNX Runtime = conv1d pls --predictions on 60 rows ($(cat "$tmp/cmp"))"
    echo "$name $(cat "$tmp/cmp")" >>"$max_report"
  else
    not_ok "$name: ONNX Runtime = conv1d pls --predictions" "$tmp/err" "$tmp/cmp"
  fi
done

name="PLS-DA (five ECG beat classes) behind 'detrend(1)'"
if run 0 generate ecg --n 90 --seed 3 --out "$tmp/ecg.csv" \
   && run 0 pls --data "$tmp/ecg.csv" --target beat --cv 5 --no-nested --components 3 --preprocess "detrend(1)" \
        --export-onnx "$tmp/plsda.onnx" --predictions "$tmp/plsda-pred.csv" \
   && "$PY" "$ONNX_CHECK" signals "$tmp/ecg.csv" "$tmp/ecg-signals.txt" >"$tmp/ecg-length"; then
  ok "$name: conv1d pls --export-onnx"
  exported+=("$name|$tmp/plsda.onnx")
  if node "$ONNX_RUN" "$tmp/plsda.onnx" "$tmp/ecg-signals.txt" 1 "$(cat "$tmp/ecg-length")" float64 >"$tmp/plsda-onnx.txt" 2>"$tmp/err" \
     && "$PY" "$ONNX_CHECK" compare "$tmp/plsda-onnx.txt" "$tmp/plsda-pred.csv" --pls-csv >"$tmp/cmp" 2>&1; then
    ok "$name: ONNX Runtime = conv1d pls --predictions (class scores) on 90 rows ($(cat "$tmp/cmp"))"
    echo "$name $(cat "$tmp/cmp")" >>"$max_report"
  else
    not_ok "$name: ONNX Runtime = conv1d pls --predictions" "$tmp/err" "$tmp/cmp"
  fi
else
  not_ok "$name: conv1d pls --export-onnx" "$tmp/err"
fi

check_all
check "PLS-DA: the class labels are in the metadata" grep -q "plsda.onnx: valid.*class_labels" "$tmp/checked"

# ---- errors ----
"$MAKE_ONNX_MODEL" "conv(1,k=3) gavgpool dense(1)" "sg(5,2,0)" regression 1 16500 1 1 "$tmp/long.cw1d" \
  "$tmp/long-signals.txt" "$tmp/long-pred.txt" >"$tmp/err" 2>&1
run 1 export --model "$tmp/long.cw1d" --format onnx --out "$tmp/long.onnx"
check "a step too large for an ONNX file is refused, naming the step and the limit" \
  eval 'grep -q "Step 1 (sg) cannot be exported to ONNX" "$tmp/err" && grep -q "2 GiB" "$tmp/err" && [ ! -e "$tmp/long.onnx" ]'
run 2 export --model "$tmp/case1/m.cw1d" --format pmml --out "$tmp/x.pmml"
check "export refuses an unknown format" grep -q "not a format conv1d writes" "$tmp/err"
run 2 export --model "$tmp/case1/m.cw1d"
check "export wants --out" grep -q -- "--out FILE" "$tmp/err"
run 1 export --model "$tmp/missing.cw1d" --out "$tmp/x.onnx"
check "export names a missing model file" grep -q "missing.cw1d" "$tmp/err"
run 0 export --help
check "export --help describes the input and outputs" eval 'grep -q "signal" "$tmp/out" && grep -q "probabilities" "$tmp/out"'

echo "# largest differences:"
sed 's/^/#   /' "$max_report"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
