#!/usr/bin/env bash
# test-cli-audio.sh — the CLI reads audio through cw_dataset_load: a folder of WAV clips in two sub-folders
# (dog/, cat/) becomes a classification dataset for `conv1d pls` and `conv1d train`, `conv1d predict` cuts
# longer clips to the model's length (and tells dogs from cats), a stereo clip gives `conv1d summary` two
# input channels, a corrupt WAV fails naming the file, and the usage lists the audio formats. The clips
# are written with Python's own wave module, a writer independent of libsndfile.
# Run by meson with CONV1D, RESOURCES_DIR and SHARED_DIR. Prints TAP lines and a closing
# "N passed, N failed"; exits non-zero when a check fails.
set -uo pipefail

. "$(dirname "$0")/cli-test-lib.sh"

py "$tmp" <<'PYEOF'
import math, os, struct, sys, wave
out = sys.argv[1]
def clip(path, rate, frames, channels, fn):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        data = b"".join(struct.pack("<h", max(-32768, min(32767, round(fn(c, t / rate) * 32768))))
                        for t in range(frames) for c in range(channels))
        w.writeframes(data)
# Dogs bark low (300 Hz), cats high (1200 Hz); phases and amplitudes vary by clip.
for i in range(10):
    clip(os.path.join(out, "clips", "dog", "d%02d.wav" % i), 8000, 400 + 7 * i, 1,
         lambda c, t, i=i: (0.3 + 0.04 * i) * math.sin(2 * math.pi * 300 * t + 0.3 * i))
    clip(os.path.join(out, "clips", "cat", "c%02d.wav" % i), 8000, 400 + 5 * i, 1,
         lambda c, t, i=i: (0.5 - 0.03 * i) * math.sin(2 * math.pi * 1200 * t + 0.2 * i))
clip(os.path.join(out, "stereo.wav"), 8000, 256, 2,
     lambda c, t: 0.5 * math.sin(2 * math.pi * (440 if c == 0 else 880) * t))
# New clips, all longer than the training clips' 400 samples: predict cuts them to the model's length.
for i in range(3):
    clip(os.path.join(out, "new", "dog", "n%d.wav" % i), 8000, 500 + i, 1,
         lambda c, t, i=i: 0.4 * math.sin(2 * math.pi * 300 * t + 0.5 * i))
    clip(os.path.join(out, "new", "cat", "m%d.wav" % i), 8000, 520 + i, 1,
         lambda c, t, i=i: 0.4 * math.sin(2 * math.pi * 1200 * t + 0.5 * i))
with open(os.path.join(out, "broken.wav"), "wb") as f:
    f.write(b"RIFF\x24\x00\x00\x00WAVEnot really a wave file")
PYEOF

check "pls reads a folder of clips, classes from the sub-folders, lengths equalised" \
  eval 'run 0 pls --data "$tmp/clips" --target label --cv 5 --max-components 3 \
        && grep -q "clips: 20 samples, 1 x 400; target label" "$tmp/out"'
check "the folder's cropping is noted" \
  eval 'grep -q "note: Clips were made 400 samples" "$tmp/err"'
check "train and predict on clips: new clips are cut to the model's 400 samples" \
  eval 'run 0 train --data "$tmp/clips" --target label --recipe pca-linear\(5\) --val 0 --out "$tmp/clips.cw1d" \
        && run 0 predict --model "$tmp/clips.cw1d" --data "$tmp/new" --out "$tmp/pred.csv" \
        && grep -q "Clips were made 400 samples" "$tmp/err" && [ "$(wc -l < "$tmp/pred.csv")" -eq 7 ] \
        && awk -F, '"'"'NR > 1 && $3 != $4 { bad = 1 } END { exit bad }'"'"' "$tmp/pred.csv"'
check "summary reads a stereo WAV as two channels" \
  eval 'run 0 summary --data "$tmp/stereo.wav" --arch "conv(4,k=5) relu gap dense(1)" && grep -q "2 x 256" "$tmp/out"'
check "a corrupt WAV fails naming the file" \
  eval 'run 1 summary --data "$tmp/broken.wav" --arch "flatten dense(1)" && grep -q "broken.wav" "$tmp/err"'
check "the usage lists the audio formats" \
  eval 'run 0 --help && grep -q "WAV" "$tmp/out" && grep -q "FLAC" "$tmp/out"'

echo "1..$n"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
