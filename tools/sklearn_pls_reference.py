#!/usr/bin/python3
"""sklearn_pls_reference.py — full-precision PLS reference numbers on gasoline for tests/engine/test-pls.c
and tests/engine/test-validation.c, from scikit-learn's PLSRegression (NIPALS; for one response the same
model as R's kernelpls, see shared/reference/pls_gasoline.md). Run with Debian's python3-sklearn and
commit the output:

    /usr/bin/python3 tools/sklearn_pls_reference.py > tests/engine/fixtures/pls_gasoline_sklearn.txt

Every number is computed twice, on two versions of the input:
  f64  the CSV values parsed as doubles (what R and sklearn see);
  f32  the same values rounded to float32 and back, which is exactly what the engine's dataset reader
       (cw_dataset_load_csv) stores. PLS with many components amplifies that 3e-8 rounding to about 1e-5
       relative in RMSE, so a 1e-6 test of the engine's float data path must compare against f32, and the
       f64 numbers are for the engine fed with doubles parsed from the file.

Fixture lines (whitespace-separated, '#' starts a comment; numbers in %.17g):
  cv INPUT PROTOCOL PREP NCOMP RMSE R2
      PROTOCOL: test (fit rows 1-50, predict 51-60), loo50 (leave-one-out on rows 1-50), kfold10
      (10 consecutive folds of 6 over all 60 rows), loo60 (leave-one-out over all 60). PREP: center
      (scale=False) or autoscale (scale=True, X SD with n - 1 recomputed in every training fold).
      RMSE = sqrt(mean((y - yhat)^2)), R2 = 1 - SSE / sum((y - mean(y))^2) over the evaluated rows.
  coef INPUT PREP NCOMP v1 ... v401
      regression coefficients of the model fitted on rows 1-50 (autoscale: per autoscaled X unit), for
      NCOMP = 1, 3, 6, 10.
  intercept INPUT center NCOMP b0      y = b0 + x coef (raw units)
  vip INPUT center 3 v1 ... v401       VIP of the rows 1-50 model with 3 components (numpy from sklearn's
                                       x_weights_, x_scores_, y_loadings_)
  t2 INPUT center 3 v1 ... v60         Hotelling T² of all 60 rows under that model (scores from
                                       sklearn's transform, variances from the calibration scores, n - 1)
  q INPUT center 3 v1 ... v60          Q residual |xc - t P'|^2 of all 60 rows
  limit INPUT center A T2_95 Q_95 H0   (A = 1..10, rows 1-50 model) T² limit a (n-1)/(n-a) F(0.95; a, n-a) (scipy); Q limit by
                                       Jackson-Mudholkar from numpy eigenvalues of the residual covariance
                                       when its h0 > 0, else Box's g chi2(h) (as the engine does); h0
  explained INPUT center 10 x1..x10 y1..y10   fractions of X and Y sum of squares per component
"""
import csv
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.cross_decomposition import PLSRegression

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "gasoline.csv")
MAX_COMP = 10
COEF_COMPS = (1, 3, 6, 10)


def load():
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    t = header.index("target:octane")
    signal = [j for j, h in enumerate(header) if not h.startswith(("meta:", "target:"))]
    y = np.array([float(r[t]) for r in body])
    x = np.array([[float(r[j]) for j in signal] for r in body])
    return x, y


def fit(x, y, ncomp, scale):
    m = PLSRegression(n_components=ncomp, scale=scale)
    m.fit(x, y)
    return m


def coef_of(m):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(m.coef_).ravel()


def predictions(x, y, train, test, scale):
    """Predictions of rows `test` for 1..MAX_COMP components, each a model fitted on rows `train`."""
    out = np.zeros((MAX_COMP, len(test)))
    for a in range(1, MAX_COMP + 1):
        out[a - 1] = fit(x[train], y[train], a, scale).predict(x[test]).ravel()
    return out


def scores(y, pred):
    e = y - pred
    rmse = np.sqrt(np.mean(e * e))
    r2 = 1 - np.sum(e * e) / np.sum((y - y.mean()) ** 2)
    return rmse, r2


def protocol(x, y, name, scale):
    n = len(y)
    if name == "test":
        train, test = np.arange(50), np.arange(50, 60)
        return [scores(y[test], p) for p in predictions(x, y, train, test, scale)]
    if name == "loo50":
        rows, folds = np.arange(50), [[i] for i in range(50)]
    elif name == "loo60":
        rows, folds = np.arange(n), [[i] for i in range(n)]
    else:
        rows, folds = np.arange(n), [list(range(6 * f, 6 * f + 6)) for f in range(10)]
    pooled = np.zeros((MAX_COMP, len(rows)))
    for fold in folds:
        train = np.array([r for r in rows if r not in fold])
        test = np.array(fold)
        pooled[:, test] = predictions(x, y, train, test, scale)
    return [scores(y[rows], p) for p in pooled]


def fmt(v):
    return "%.17g" % v


def diagnostics(x, y, tag, out):
    cal = np.arange(50)
    a = 3
    m = fit(x[cal], y[cal], a, False)
    t, w, q = m.x_scores_, m.x_weights_, m.y_loadings_
    ssy = np.sum(t * t, axis=0) * np.sum(q * q, axis=0)
    wn = w / np.linalg.norm(w, axis=0)
    vip = np.sqrt(x.shape[1] * (wn * wn) @ ssy / ssy.sum())
    out.append("vip %s center %d %s" % (tag, a, " ".join(fmt(v) for v in vip)))
    tt = m.transform(x)
    var = np.sum(t * t, axis=0) / (len(cal) - 1)
    t2 = np.sum(tt * tt / var, axis=1)
    xc = x - x[cal].mean(axis=0)
    e = xc - tt @ m.x_loadings_.T
    qres = np.sum(e * e, axis=1)
    out.append("t2 %s center %d %s" % (tag, a, " ".join(fmt(v) for v in t2)))
    out.append("q %s center %d %s" % (tag, a, " ".join(fmt(v) for v in qres)))
    for a in range(1, MAX_COMP + 1):
        ma = fit(x[cal], y[cal], a, False)
        n = len(cal)
        t2_lim = a * (n - 1) / (n - a) * scipy.stats.f.ppf(0.95, a, n - a)
        ecal = xc[cal] - ma.transform(x[cal]) @ ma.x_loadings_.T
        lam = np.linalg.eigvalsh(ecal.T @ ecal / (n - 1))
        th = [np.sum(lam ** i) for i in (1, 2, 3)]
        h0 = 1 - 2 * th[0] * th[2] / (3 * th[1] ** 2)
        z = scipy.stats.norm.ppf(0.95)
        if h0 > 0:
            q_lim = th[0] * (z * np.sqrt(2 * th[1] * h0 * h0) / th[0] + 1 + th[1] * h0 * (h0 - 1) / th[0] ** 2) ** (1 / h0)
        else:
            q_lim = th[1] / th[0] * scipy.stats.chi2.ppf(0.95, th[0] ** 2 / th[1])
        out.append("limit %s center %d %s %s %s" % (tag, a, fmt(t2_lim), fmt(q_lim), fmt(h0)))
    m10 = fit(x[cal], y[cal], MAX_COMP, False)
    t10, p10, q10 = m10.x_scores_, m10.x_loadings_, m10.y_loadings_
    xcc = xc[cal]
    yc = y[cal] - y[cal].mean()
    ex = np.sum(t10 * t10, axis=0) * np.sum(p10 * p10, axis=0) / np.sum(xcc * xcc)
    ey = np.sum(t10 * t10, axis=0) * np.sum(q10 * q10, axis=0) / np.sum(yc * yc)
    out.append("explained %s center %d %s %s" % (tag, MAX_COMP, " ".join(fmt(v) for v in ex),
                                                 " ".join(fmt(v) for v in ey)))


def main():
    x64, y64 = load()
    inputs = {
        "f64": (x64, y64),
        "f32": (x64.astype(np.float32).astype(np.float64), y64.astype(np.float32).astype(np.float64)),
    }
    out = []
    out.append("# PLS reference on gasoline from tools/sklearn_pls_reference.py (see its docstring for the format)")
    out.append("# scikit-learn %s, numpy %s, scipy %s, python %s" % (sklearn.__version__, np.__version__,
                                                                     scipy.__version__, sys.version.split()[0]))
    for tag, (x, y) in inputs.items():
        for prep, scale in (("center", False), ("autoscale", True)):
            for name in ("test", "loo50", "kfold10", "loo60"):
                for a, (rmse, r2) in enumerate(protocol(x, y, name, scale), start=1):
                    out.append("cv %s %s %s %d %s %s" % (tag, name, prep, a, fmt(rmse), fmt(r2)))
            for a in COEF_COMPS:
                m = fit(x[:50], y[:50], a, scale)
                out.append("coef %s %s %d %s" % (tag, prep, a, " ".join(fmt(v) for v in coef_of(m))))
                if not scale:
                    b0 = y[:50].mean() - x[:50].mean(axis=0) @ coef_of(m)
                    out.append("intercept %s center %d %s" % (tag, a, fmt(b0)))
        diagnostics(x, y, tag, out)
    # The spread the float32 input causes, for the record.
    worst = 0.0
    rows = [l.split() for l in out if l.startswith("cv ")]
    f64 = {tuple(r[2:5]): float(r[5]) for r in rows if r[1] == "f64"}
    for r in rows:
        if r[1] == "f32":
            worst = max(worst, abs(float(r[5]) - f64[tuple(r[2:5])]) / f64[tuple(r[2:5])])
    out.append("# max relative RMSE difference f32 vs f64 input: %.3g" % worst)
    print("\n".join(out))


if __name__ == "__main__":
    main()
