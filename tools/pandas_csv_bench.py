#!/usr/bin/python3
"""pandas_csv_bench.py — the pandas peer of tools/bench-csv.c: times pandas.read_csv on the same file
(the yardstick a user knows), with the memory after the load and at its peak against the float32 size of
the signal columns. Run with Debian's python3-pandas, in the same sitting as bench-csv:

    /usr/bin/python3 tools/pandas_csv_bench.py FILE.csv [repeats]
"""
import gc
import resource
import statistics
import sys
import time

import pandas as pd


def rss_now_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    gc.collect()
    base = rss_now_mb()
    times = []
    after = 0.0
    shape = (0, 0)
    for _ in range(repeats):
        t0 = time.perf_counter()
        frame = pd.read_csv(path)
        times.append(time.perf_counter() - t0)
        signals = [c for c in frame.columns if not c.startswith(("meta:", "target:"))]
        shape = (len(frame), len(signals))
        after = rss_now_mb() - base
        del frame
        gc.collect()
    floats = shape[0] * shape[1] * 4 / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"pandas  {path}: {shape[0]} x {shape[1]}, median {statistics.median(times):.3f} s, "
          f"fastest {min(times):.3f} s over {repeats}; memory after load {after:.0f} MB "
          f"({after / floats:.2f}x the {floats:.0f} MB of float32 signals), peak {peak:.0f} MB "
          f"({peak / floats:.2f}x) [pandas {pd.__version__}, float64 columns]")


if __name__ == "__main__":
    main()
