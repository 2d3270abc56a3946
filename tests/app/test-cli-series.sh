#!/usr/bin/env bash
# test-cli-series.sh — `conv1d generate ecg-recording` and `conv1d series`: the recording and its
# annotations, windows with a hop (count floor((n - len) / hop) + 1, values the recording's), windows on
# detected beats labelled from the annotations (every beat found, labels matching the truth), a label
# column, and the errors (line and column named, conflicting options).
# Run by meson with CONV1D and RESOURCES_DIR. Prints TAP lines and "N passed, N failed".
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"

run 0 generate ecg-recording --seconds 120 --seed 3 --out "$tmp/rec.csv"
cp "$tmp/out" "$tmp/generate.txt"
check "generate ecg-recording: 43200 rows of time,mv at 360 Hz and the annotations beside them" \
  py "$tmp/rec.csv" "$tmp/rec-annotations.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["time", "mv"], rows[0]
assert len(rows) == 43201, len(rows)
assert abs(float(rows[361][0]) - 1.0) < 1e-9, rows[361]
beats = list(csv.reader(open(sys.argv[2])))
assert beats[0] == ["time", "label"], beats[0]
labels = [b[1] for b in beats[1:]]
assert set(labels) == {"N", "V"}, set(labels)
assert 120 <= len(labels) <= 170, len(labels)
PYEOF
check "generate ecg-recording: the report names both files" \
  grep -q "beat annotations (N [0-9]*, V [0-9]*) to $tmp/rec-annotations.csv" "$tmp/generate.txt"
run 0 generate ecg-recording --seconds 120 --seed 3 --out "$tmp/again.csv"
check "generate ecg-recording: the same seed writes the same bytes" cmp "$tmp/rec.csv" "$tmp/again.csv"

# Sliding windows: (43200 - 720) / 360 + 1 = 119, window w holding rows w*360 ... w*360+719.
run 0 series --data "$tmp/rec.csv" --window 720 --hop 360 --out "$tmp/slide.csv"
cp "$tmp/out" "$tmp/slide.txt"
check "series --window 720 --hop 360: 119 windows" grep -q "Wrote 119 windows of 720 samples" "$tmp/slide.txt"
check "series --hop: each row is the recording from its start time, with meta record/window/start_time" \
  py "$tmp/slide.csv" "$tmp/rec.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rec = list(csv.reader(open(sys.argv[2])))[1:]
header = rows[0]
assert header[:3] == ["meta:record", "meta:window", "meta:start_time"], header[:4]
assert len(header) == 3 + 720 and float(header[3]) == 0 and abs(float(header[-1]) - 719 / 360) < 1e-6
assert len(rows) == 120, len(rows)
for w in (0, 57, 118):
    r = rows[w + 1]
    assert r[0] == "rec.csv" and r[1] == str(w + 1), r[:3]
    assert abs(float(r[2]) - w) < 1e-9, r[2]
    for t in (0, 359, 719):
        assert abs(float(r[3 + t]) - float(rec[w * 360 + t][1])) < 1e-6 * max(1, abs(float(r[3 + t])))
PYEOF
run 0 series --data "$tmp/rec.csv" --window 2s --out "$tmp/side.csv"
check "series --window 2s without --hop: 60 windows side by side" grep -q "Wrote 60 windows of 720 samples" "$tmp/out"

# One window per detected beat, labelled from the annotations: every beat found, every label right.
run 0 series --data "$tmp/rec.csv" --window 0.6s --peaks --before 0.2s --labels "$tmp/rec-annotations.csv" \
  --out "$tmp/beats.csv"
cp "$tmp/out" "$tmp/beats.txt"
check "series --peaks: the report gives the peaks found and the label counts" \
  grep -q "target 'label': N [0-9]*, V [0-9]*\." "$tmp/beats.txt"
check "series --peaks --labels: one window per true beat, 0.2 s before it, its label the annotation's" \
  py "$tmp/beats.csv" "$tmp/rec-annotations.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
beats = [(float(t), l) for t, l in list(csv.reader(open(sys.argv[2])))[1:]]
header = rows[0]
assert header[:5] == ["meta:record", "meta:window", "meta:start_time", "meta:peak_time", "target:label"], header[:5]
assert float(header[5]) == -0.2 and float(header[5 + 72]) == 0 and len(header) == 5 + 216, header[5:8]
windows = rows[1:]
# Beats closer than 0.2 s to the start or 0.4 s to the end have no whole window.
inside = [b for b in beats if b[0] >= 0.2 and b[0] + 0.4 < 120]
assert len(windows) == len(inside), (len(windows), len(inside))
for r, (t, label) in zip(windows, inside):
    assert abs(float(r[3]) - t) <= 5 / 360, (r[3], t)
    assert abs(float(r[2]) - (float(r[3]) - 0.2)) < 1e-5, r[2:4]
    assert r[4] == label, (r[3], r[4], label)
PYEOF
run 0 train --data "$tmp/beats.csv" --target label --epochs 3 --seed 1
check "the beats file trains as a binary classification" grep -qi "binary" "$tmp/out"

# A label column in the recording itself.
py "$tmp/rec.csv" "$tmp/labelled.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    f.write("time,mv,rhythm\n")
    for i, r in enumerate(rows[1:]):
        f.write("%s,%s,%s\n" % (r[0], r[1], "sinus" if i < 21600 else "noisy"))
PYEOF
run 0 series --data "$tmp/labelled.csv" --window 3600 --label-column rhythm --out "$tmp/rhythm.csv"
check "series --label-column: 12 windows, 6 sinus then 6 noisy" \
  grep -q "Wrote 12 windows of 3600 samples (10 s, hop 3600) to .*; target 'label': sinus 6, noisy 6." "$tmp/out"

# Errors.
printf 'time,mv\n0,1\n0.1,2\n0.2,abc\n0.3,4\n' > "$tmp/bad.csv"
run 1 series --data "$tmp/bad.csv" --window 2 --out "$tmp/x.csv"
check "a non-numeric cell: the error names the file, line 4 and column 2" \
  grep -q "bad.csv: line 4, column 2 ('mv'): expected a number, found 'abc'" "$tmp/err"
printf 'time,mv\n0,1\n0.1,2,7\n' > "$tmp/ragged.csv"
run 1 series --data "$tmp/ragged.csv" --window 2 --out "$tmp/x.csv"
check "a ragged row: the error names line 3 and the expected field count" \
  grep -q "ragged.csv: line 3 has 3 fields, expected 2 like line 1" "$tmp/err"
: > "$tmp/empty.csv"
run 1 series --data "$tmp/empty.csv" --window 2 --out "$tmp/x.csv"
check "an empty file says so" grep -q "empty.csv: the file is empty" "$tmp/err"
run 1 series --data "$tmp/rec.csv" --window 100000 --out "$tmp/x.csv"
check "a window longer than the recording" grep -q "window of 100000 samples does not fit" "$tmp/err"
check "--hop with --peaks is refused" eval 'run 2 series --data "$tmp/rec.csv" --window 10 --hop 5 --peaks --out "$tmp/x.csv" && grep -q "choose one" "$tmp/err"'
check "--window is required" eval 'run 2 series --data "$tmp/rec.csv" --out "$tmp/x.csv" && grep -q -- "--window" "$tmp/err"'
check "a bad --window value" eval 'run 2 series --data "$tmp/rec.csv" --window 0.5x --out "$tmp/x.csv" && grep -q "seconds" "$tmp/err"'
run 1 series --data "$tmp/rec.csv" --window 10 --signal-column lead2 --out "$tmp/x.csv"
check "an unknown signal column lists the signals" grep -q "no signal column named 'lead2'" "$tmp/err"
check "conv1d --help lists series" eval '"$CONV1D" --help | grep -q "^  series "'

# ---- an audio file is a recording too: its channels are the signals at its own rate ----
py "$tmp/tone.wav" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(16000 * math.sin(2 * math.pi * 50 * i / 8000))) for i in range(80000)))
w.close()
EOF
check "series on a WAV: 10 s at 8 kHz in 0.5 s windows with a 0.25 s hop gives (80000 - 4000) / 2000 + 1 = 39" \
  eval 'run 0 series --data "$tmp/tone.wav" --window 0.5s --hop 0.25s --out "$tmp/tone-windows.csv" && [ "$(($(wc -l <"$tmp/tone-windows.csv") - 1))" -eq 39 ] && grep -q "8000 Hz" "$tmp/out"'

echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
