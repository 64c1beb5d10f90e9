#!/bin/sh
# Runs scikit-learn's DBSCAN on the same 200,000 police.uk-like points as hotspot's
# benchmarks (eps 50, min_samples 20) and prints hotspot's speed-up, for both inputs:
#   snapped  — BM_DbscanSnapped/200000: incidents on ~10,000 snap points (police.uk);
#              scikit-learn gets them raw and, its fastest way, deduplicated with sample_weight
#              (np.unique is timed too: hotspot deduplicates inside its own time);
#   distinct — BM_DbscanDistinct/200000: every incident jittered, no duplicates.
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
for kind in snapped distinct; do
  case $kind in snapped) name=BM_DbscanSnapped ;; distinct) name=BM_DbscanDistinct ;; esac
  "$BENCH" --dump=$N:$kind:"$TMP/$kind.csv"
  OURS=$("$BENCH" --benchmark_filter="$name/$N\$" --benchmark_repetitions=3 --benchmark_format=csv 2>/dev/null |
         awk -F, -v n="\"${name}/${N}_median\"" '$1 == n {print $3 / 1000.0}')   # median real_time, ms -> s
  $PY - "$TMP/$kind.csv" "$OURS" "$kind" <<'PYEOF'
import sys, time
import numpy as np
from sklearn.cluster import DBSCAN
xy = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
ours, kind = float(sys.argv[2]), sys.argv[3]
def best(f, repeats=3):
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out
# Raw input, one row per incident, as most users call it.
t_raw, raw = best(lambda: DBSCAN(eps=50, min_samples=20, algorithm="kd_tree").fit(xy))
print(f"[{kind}] points {len(xy)}  clusters {raw.labels_.max() + 1}")
print(f"[{kind}] hotspot dbscan (benchmark median, 2 threads): {ours:8.3f} s")
print(f"[{kind}] scikit-learn on raw points (best of 3):       {t_raw:8.3f} s  ratio {t_raw / ours:6.1f}x")
if kind == "snapped":
    def weighted():
        uniq, inverse, counts = np.unique(xy, axis=0, return_inverse=True, return_counts=True)
        return uniq, inverse, DBSCAN(eps=50, min_samples=20, algorithm="kd_tree").fit(uniq, sample_weight=counts)
    t_w, (uniq, inverse, w) = best(weighted)
    assert (w.labels_[inverse.ravel()] >= 0).sum() == (raw.labels_ >= 0).sum()
    print(f"[{kind}] distinct points {len(uniq)}")
    print(f"[{kind}] scikit-learn deduplicated + sample_weight:   {t_w:8.3f} s  ratio {t_w / ours:6.1f}x")
PYEOF
done
