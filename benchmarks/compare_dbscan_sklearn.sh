#!/bin/sh
# Runs scikit-learn's DBSCAN on the same 200,000 police.uk-like points as
# BM_DbscanSnapped/200000 (eps 50, min_samples 20) and prints hotspot's speed-up.
# Usage: benchmarks/compare_dbscan_sklearn.sh [build dir, default build/release]
# Needs Debian's python3-sklearn (run with /usr/bin/python3, not a python3 on PATH).
set -eu
BUILD=${1:-build/release}
BENCH=$BUILD/benchmarks/dbscan_bench
PY=/usr/bin/python3
if ! $PY -c 'import sklearn' 2>/dev/null; then
  echo "scikit-learn not installed (apt-get install python3-sklearn); skipping"; exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=200000
"$BENCH" --dump=$N:snapped:"$TMP/points.csv"
OURS=$("$BENCH" --benchmark_filter="BM_DbscanSnapped/$N\$" --benchmark_format=csv 2>/dev/null |
       awk -F, '/BM_DbscanSnapped/ {print $3 / 1000.0}')   # real_time in ms -> s
$PY - "$TMP/points.csv" "$OURS" <<'PYEOF'
import sys, time
import numpy as np
from sklearn.cluster import DBSCAN
xy = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
ours = float(sys.argv[2])
# Deduplicated weighted input: the fastest way to give these data to scikit-learn.
t = time.perf_counter()
uniq, inverse, counts = np.unique(xy, axis=0, return_inverse=True, return_counts=True)
weighted = DBSCAN(eps=50, min_samples=20, algorithm="kd_tree").fit(uniq, sample_weight=counts)
t_weighted = time.perf_counter() - t
# Raw input, one row per incident, as most users call it.
t = time.perf_counter()
raw = DBSCAN(eps=50, min_samples=20, algorithm="kd_tree").fit(xy)
t_raw = time.perf_counter() - t
assert (weighted.labels_[inverse.ravel()] >= 0).sum() == (raw.labels_ >= 0).sum()
print(f"points {len(xy)}  distinct {len(uniq)}  clusters {raw.labels_.max() + 1}")
print(f"hotspot dbscan (benchmark, 2 threads):      {ours:8.3f} s")
print(f"scikit-learn on raw points:                  {t_raw:8.3f} s  ratio {t_raw / ours:6.1f}x")
print(f"scikit-learn on deduplicated weighted points: {t_weighted:8.3f} s  ratio {t_weighted / ours:6.1f}x")
PYEOF
