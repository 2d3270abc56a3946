#!/usr/bin/python3
"""sklearn_pls_bench.py — the scikit-learn peer of tools/bench-pls.c: on gasoline, the final PLS fit on
all 60 samples plus 10-fold consecutive CV for 1 to 10 components, centred (scale=False) and autoscaled
(scale=True). Run with Debian's python3-sklearn on the same machine, in the same sitting as bench-pls:

    /usr/bin/python3 tools/sklearn_pls_bench.py [repeats]

Two ways of doing the CV with PLSRegression are timed:
  per-ncomp   what the scikit-learn documentation leads to: cross_val_predict once per number of
              components (10 x 10 fits, plus the final fit);
  one-fit     the fastest fair use: one 10-component fit per fold, predictions for fewer components from
              the first a rotations and loadings (what the engine does), plus the final fit.
Medians and minima in milliseconds over `repeats` runs (after warm-up), and RMSECV at 7 components as a
check that both sides compute the same numbers. BLAS threads are left at one (OMP/OPENBLAS_NUM_THREADS=1
unless already set) to compare with bench-pls at 1 thread; at these sizes threads do not help anyway.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import csv  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cross_decomposition import PLSRegression  # noqa: E402
from sklearn.model_selection import KFold, cross_val_predict  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "gasoline.csv")
MAX_COMP = 10


def load():
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    t = header.index("target:octane")
    signal = [j for j, h in enumerate(header) if not h.startswith(("meta:", "target:"))]
    y = np.array([float(r[t]) for r in body])
    x = np.array([[float(r[j]) for j in signal] for r in body])
    return x, y


def per_ncomp(x, y, scale):
    folds = KFold(n_splits=10, shuffle=False)
    rmsecv = []
    for a in range(1, MAX_COMP + 1):
        pred = cross_val_predict(PLSRegression(n_components=a, scale=scale), x, y, cv=folds).ravel()
        rmsecv.append(np.sqrt(np.mean((y - pred) ** 2)))
    PLSRegression(n_components=MAX_COMP, scale=scale).fit(x, y)
    return rmsecv


def truncated_predictions(m, x):
    """Predictions of a fitted PLSRegression for 1..n_components from its rotations and loadings."""
    xs = (x - m._x_mean) / m._x_std
    t = xs @ m.x_rotations_                              # scores, n x A
    contrib = t * m.y_loadings_[0] * m._y_std            # each component's share of the prediction
    return m._y_mean + np.cumsum(contrib, axis=1)        # n x A


def one_fit(x, y, scale):
    n = len(y)
    pooled = np.zeros((n, MAX_COMP))
    for train, test in KFold(n_splits=10, shuffle=False).split(x):
        m = PLSRegression(n_components=MAX_COMP, scale=scale).fit(x[train], y[train])
        pooled[test] = truncated_predictions(m, x[test])
    PLSRegression(n_components=MAX_COMP, scale=scale).fit(x, y)
    return list(np.sqrt(np.mean((y[:, None] - pooled) ** 2, axis=0)))


def timed(fn, repeats):
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times)), min(times), result


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    x, y = load()
    print("scikit-learn %s PLSRegression on gasoline %d x %d, fit + 10-fold consecutive CV, 1-10 components, "
          "%d repeats" % (sklearn.__version__, x.shape[0], x.shape[1], repeats))
    print("%-10s %-10s %11s %11s %13s" % ("prep", "method", "median ms", "min ms", "RMSECV(7)"))
    for prep, scale in (("center", False), ("autoscale", True)):
        for name, fn in (("per-ncomp", per_ncomp), ("one-fit", one_fit)):
            med, best, rmsecv = timed(lambda: fn(x, y, scale), repeats)
            print("%-10s %-10s %11.3f %11.3f %13.4f" % (prep, name, med, best, rmsecv[6]))


if __name__ == "__main__":
    main()
