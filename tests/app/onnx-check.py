"""onnx-check.py — the Python side of test-cli-onnx.sh (Debian's python3-onnx and python3-numpy).

  check MODEL.onnx...         onnx.checker.check_model(full_check=True) on each file; prints
                              "FILE: valid; ..." with the graph's inputs, outputs and metadata keys, or
                              "FILE: INVALID: reason"; fails when one is invalid
  signals DATA.csv OUT.txt    the signal columns of a wide CSV (not meta:/target:) as plain rows
  compare GOT REFERENCE [--predict-csv TASK PREDICT.csv] [--pls-csv]
                              GOT: the rows onnx-run.js printed; REFERENCE: plain rows (the engine's own
                              predictions), or with --pls-csv conv1d pls --predictions' CSV (its pred
                              columns); --predict-csv also compares with conv1d predict's CSV (pred: columns
                              for regression, prob: columns for classification, the last one for binary).
                              Passes when every value agrees to
                              |got - want| <= 1e-5 max(1, |want|): absolute below 1, relative above.
                              Prints the largest absolute and relative differences.
"""
import csv
import sys

import numpy as np

TOLERANCE = 1e-5


def check(path):
    import onnx
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inputs = [(v.name, v.type.tensor_type.elem_type) for v in model.graph.input]
    outputs = [v.name for v in model.graph.output]
    meta = {p.key: p.value for p in model.metadata_props}
    assert model.ir_version == 8, model.ir_version
    assert [(o.domain, o.version) for o in model.opset_import] == [("", 13)], model.opset_import
    print(f"{path}: valid; inputs {inputs}, outputs {outputs}, metadata {sorted(meta)}")
    return meta


def read_rows(path):
    return np.array([[float(v) for v in line.split(",")] for line in open(path) if line.strip()])


def predict_csv(path, task):
    rows = list(csv.reader(open(path)))
    header = rows[0]
    prefix = "pred:" if task == "regression" else "prob:"
    cols = [i for i, h in enumerate(header) if h.startswith(prefix)]
    if task == "binary":
        cols = cols[-1:]
    return np.array([[float(r[i]) for i in cols] for r in rows[1:]])


def pls_csv(path):
    rows = list(csv.reader(open(path)))
    header = rows[0]
    cols = [i for i, h in enumerate(header) if h.startswith("pred:") or h.startswith("PLS")]
    return np.array([[float(r[i]) for i in cols] for r in rows[1:]])


def agree(got, want, what):
    assert got.shape == want.shape, (what, got.shape, want.shape)
    diff = np.abs(got - want)
    rel = diff / np.maximum(1.0, np.abs(want))
    print(f"{what}: {got.shape[0]} rows x {got.shape[1]}, max |diff| {diff.max():.3g}, max scaled diff {rel.max():.3g}")
    if not rel.max() <= TOLERANCE:
        i = np.unravel_index(np.argmax(rel), rel.shape)
        print(f"{what}: row {i[0] + 1}, output {i[1] + 1}: onnx {got[i]!r}, reference {want[i]!r}")
        return False
    return True


def compare(got_path, ref_path, options):
    got = read_rows(got_path)
    ok = True
    if "--pls-csv" in options:
        ok = agree(got, pls_csv(ref_path), "= conv1d pls") and ok
    else:
        ok = agree(got, read_rows(ref_path), "= engine") and ok
    if "--predict-csv" in options:
        i = options.index("--predict-csv")
        ok = agree(got, predict_csv(options[i + 2], options[i + 1]), "= conv1d predict") and ok
    if not ok:
        sys.exit(1)


def signals(data_path, out_path):
    rows = list(csv.reader(open(data_path)))
    header = rows[0]
    cols = [i for i, h in enumerate(header) if not (h.startswith("meta:") or h.startswith("target:"))]
    with open(out_path, "w") as f:
        for r in rows[1:]:
            f.write(",".join(r[i] for i in cols) + "\n")
    print(len(cols))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "check":
        invalid = 0
        for path in args:
            try:
                check(path)
            except Exception as e:  # the checker's ValidationError, or a file that does not parse
                print(f"{path}: INVALID: {e}".replace("\n", " "))
                invalid += 1
        sys.exit(1 if invalid else 0)
    elif command == "compare":
        compare(args[0], args[1], args[2:])
    elif command == "signals":
        signals(args[0], args[1])
    else:
        sys.exit(f"unknown command {command}")
