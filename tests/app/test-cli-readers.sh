#!/usr/bin/env bash
# test-cli-readers.sh — the CLI reads instrument and NumPy files through cw_dataset_load: `conv1d pls` and
# `conv1d summary` on a linked JCAMP-DX file with a sibling targets CSV, on X.npy with a sibling y.npy and
# on an .npz; the engine's SPC fixture; a corrupt JCAMP file fails with its line.
# Run by meson with CONV1D, RESOURCES_DIR and SHARED_DIR. Prints TAP lines and a
# closing "N passed, N failed"; exits non-zero when a check fails.
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"
FIXTURES=$(cd "$(dirname "$0")/../engine/fixtures" && pwd)

# 20 spectra of 40 points: a band whose height is the concentration, on a sloping baseline that varies
# with the sample; written as one linked JCAMP-DX file (AFFN) with its targets beside it, and as NumPy files.
py "$tmp" <<'PYEOF'
import math, os, sys
out = sys.argv[1]
n, length = 20, 40
conc = [1.0 + 0.37 * i - 0.011 * i * i for i in range(n)]
rows = []
for i in range(n):
    base = 0.05 * ((i * 7) % 5)
    rows.append([round(1000 * (conc[i] * math.exp(-((t - 18) / 4.0) ** 2) + base + 0.002 * t)) for t in range(length)])
with open(os.path.join(out, "mix.jdx"), "w") as f:
    f.write("##TITLE=mixtures\n##JCAMP-DX=5.01\n##DATA TYPE=LINK\n##BLOCKS=%d\n" % n)
    for i, r in enumerate(rows):
        f.write("##TITLE=mixture %d\n##JCAMP-DX=5.01\n##DATA TYPE=NEAR INFRARED SPECTRUM\n" % (i + 1))
        f.write("##XUNITS=NANOMETERS\n##YUNITS=ABSORBANCE\n##XFACTOR=1\n##YFACTOR=0.001\n")
        f.write("##FIRSTX=1100\n##LASTX=%d\n##NPOINTS=%d\n##XYDATA=(X++(Y..Y))\n" % (1100 + 10 * (length - 1), length))
        for s in range(0, length, 10):
            f.write("%d %s\n" % (1100 + 10 * s, " ".join(str(v) for v in r[s:s + 10])))
        f.write("##END=\n")
    f.write("##END=\n")
with open(os.path.join(out, "mix.targets.csv"), "w") as f:
    f.write("conc\n" + "".join("%r\n" % c for c in conc))
# The same spectra as a folder of one file each, the last one on an axis shifted by 5 nm, and the
# targets keyed by file name in another order.
os.makedirs(os.path.join(out, "folder"))
for i, r in enumerate(rows):
    first = 1105 if i == n - 1 else 1100
    with open(os.path.join(out, "folder", "s%02d.jdx" % i), "w") as f:
        f.write("##TITLE=mixture %d\n##JCAMP-DX=4.24\n##XUNITS=NANOMETERS\n##YFACTOR=0.001\n" % (i + 1))
        f.write("##FIRSTX=%d\n##LASTX=%d\n##NPOINTS=%d\n##XYDATA=(X++(Y..Y))\n" % (first, first + 10 * (length - 1), length))
        f.write("%d %s\n##END=\n" % (first, " ".join(str(v) for v in r)))
with open(os.path.join(out, "folder", "targets.csv"), "w") as f:
    f.write("file,conc\n" + "".join("s%02d,%r\n" % (i, conc[i]) for i in reversed(range(n))))
try:
    import numpy as np
except ImportError:
    sys.exit(0)
x = np.array(rows, dtype=np.float64) * 0.001
np.save(os.path.join(out, "X.npy"), x)
np.save(os.path.join(out, "y.npy"), np.array(conc))
np.savez_compressed(os.path.join(out, "mix.npz"), X=x.astype(np.float32), y=np.array(conc),
                    wavelengths=np.arange(1100.0, 1100.0 + 10 * length, 10.0))
PYEOF

# pls on the JCAMP file: 20 samples of 40 points, the target from mix.targets.csv.
check "pls reads a linked JCAMP-DX file with its sibling targets" \
  eval 'run 0 pls --data "$tmp/mix.jdx" --target conc --cv 5 --max-components 4 && grep -q "mix.jdx: 20 samples, 1 x 40; target conc" "$tmp/out"'
cp "$tmp/out" "$tmp/jcamp.out"

if [ -f "$tmp/X.npy" ]; then
  check "pls reads X.npy with its sibling y.npy as target y" \
    eval 'run 0 pls --data "$tmp/X.npy" --target y --cv 5 --max-components 4 && grep -q "X.npy: 20 samples, 1 x 40; target y" "$tmp/out"'
  # The same doubles as the JCAMP file's: the same table of RMSECV per component (only the axis labels differ).
  check "X.npy and the JCAMP file give the same PLS results" \
    eval 'diff <(sed -n "/^ *comp/,/^\$/p" "$tmp/jcamp.out") <(sed -n "/^ *comp/,/^\$/p" "$tmp/out")'
  check "pls reads a deflated .npz with its targets" \
    eval 'run 0 pls --data "$tmp/mix.npz" --target y --cv 5 --max-components 4 && grep -q "mix.npz: 20 samples, 1 x 40; target y" "$tmp/out"'
else
  not_ok "numpy (python3-numpy) is needed to write the NumPy files"
fi

# A folder of one-spectrum files: one sample a file, the targets by file name, the shifted spectrum
# interpolated onto the common axis (39 points from 1105 nm) with a note on stderr.
check "pls reads a folder of JCAMP files with targets keyed by file name" \
  eval 'run 0 pls --data "$tmp/folder" --target conc --cv 5 --max-components 4 && grep -q "folder: 20 samples, 1 x 39; target conc" "$tmp/out"'
check "the folder's interpolation is noted" \
  grep -q "conv1d: note: 1 of 20 spectra lie on other axes than s00.jdx and were interpolated linearly" "$tmp/err"

# summary takes its input shape from any supported file.
check "summary reads the JCAMP file's shape" \
  eval 'run 0 summary --data "$tmp/mix.jdx" --target conc --arch "conv(4,k=5) relu gap dense(1)" && grep -q "40" "$tmp/out"'
check "summary reads an SPC file" \
  eval 'run 0 summary --data "$FIXTURES/spc/new-multi-int.spc" --arch "flatten dense(2)" && grep -q "4" "$tmp/out"'

# A corrupt file: one line on stderr with the file, the line and the reason; exit status 1.
check "a corrupt DIF check names the line" \
  eval 'run 1 pls --data "$FIXTURES/jcamp/dif-corrupt.jdx" --target y && grep -q "dif-corrupt.jdx: line 17: the DIF check value 151 does not repeat" "$tmp/err"'

echo "1..$n"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
