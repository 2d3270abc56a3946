#!/usr/bin/python3
"""sklearn_pls_scale_bench.py — the scikit-learn peer of tools/bench-pls-scale.c: the same synthetic
spectra (same formula, same splitmix64 hash, so the same numbers up to the last bits of exp), the final
PLS fit on all rows plus 10-fold consecutive CV for 1 to 10 components, centred (scale=False). The CV is
the fastest fair use of PLSRegression: one 10-component fit per fold, predictions for fewer components
from the first a rotations and loadings (what the engine does). One size per process:

    /usr/bin/python3 tools/sklearn_pls_scale_bench.py N P [repeats]

BLAS threads are held at one (OPENBLAS/OMP_NUM_THREADS=1 unless set) to compare with bench-pls-scale,
which runs on one thread. Prints the median and fastest run in seconds, RMSECV at 10 components and the
maximum RSS of the process; also the median CPU time (robust on a loaded machine).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cross_decomposition import PLSRegression  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402

MAX_COMP = 10


def uniform(k):
    """splitmix64 of the uint64 array k as uniform doubles in [0, 1), as bench-pls-scale.c computes them."""
    with np.errstate(over="ignore"):
        z = k + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def make_data(n, p):
    i = np.arange(n, dtype=np.uint64)
    h = uniform(i[:, None] * np.uint64(16) + np.arange(8, dtype=np.uint64)[None, :])
    slope = uniform(i * np.uint64(16) + np.uint64(8)) - 0.5
    u = np.arange(p) / p
    bands = np.exp(-0.5 * ((u[None, :] - (np.arange(8)[:, None] + 0.5) / 8) / 0.05) ** 2)  # 8 x p
    x = np.empty((n, p))
    base = np.uint64(1 << 40)
    cols = np.arange(p, dtype=np.uint64)
    for r0 in range(0, n, 1024):
        r1 = min(n, r0 + 1024)
        rows = np.arange(r0, r1, dtype=np.uint64)
        noise = uniform(base + rows[:, None] * np.uint64(p) + cols[None, :]) - 0.5
        x[r0:r1] = slope[r0:r1, None] * u[None, :] + h[r0:r1] @ bands + 0.01 * noise
    y = h[:, 3] + 0.5 * h[:, 5] + 0.01 * (uniform(i * np.uint64(16) + np.uint64(9)) - 0.5)
    return x, y


def truncated_predictions(m, x):
    """Predictions of a fitted PLSRegression for 1..n_components from its rotations and loadings."""
    xs = (x - m._x_mean) / m._x_std
    t = xs @ m.x_rotations_
    contrib = t * m.y_loadings_[0] * m._y_std
    return m._y_mean + np.cumsum(contrib, axis=1)


def fit_and_cv(x, y):
    n = len(y)
    pooled = np.zeros((n, MAX_COMP))
    for train, test in KFold(n_splits=10, shuffle=False).split(x):
        m = PLSRegression(n_components=MAX_COMP, scale=False).fit(x[train], y[train])
        pooled[test] = truncated_predictions(m, x[test])
    PLSRegression(n_components=MAX_COMP, scale=False).fit(x, y)
    return np.sqrt(np.mean((y[:, None] - pooled) ** 2, axis=0))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: sklearn_pls_scale_bench.py N P [repeats]")
    n, p = int(sys.argv[1]), int(sys.argv[2])
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    x, y = make_data(n, p)
    times, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        rmsecv = fit_and_cv(x, y)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("sklearn %6d x %-5d fit+CV median %8.3f s  min %8.3f s  CPU %8.3f s | RMSECV(10) %.8f  | max RSS %6.0f MB "
          "= %.2f x float32 data (%d runs, scikit-learn %s)"
          % (n, p, float(np.median(times)), min(times), float(np.median(cpu)), rmsecv[MAX_COMP - 1], rss,
             rss * 2 ** 20 / (n * p * 4),
             repeats, sklearn.__version__))


if __name__ == "__main__":
    main()
