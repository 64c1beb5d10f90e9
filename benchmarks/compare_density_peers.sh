#!/usr/bin/env bash
# Whole-process timing and value agreement of `hotspot density` against QGIS's heatmap and
# GRASS v.kernel on the same N police.uk-like incidents (default 200,000, snapped to 3,000
# points, British National Grid), 10 m cells, quartic radius 200 m: a 1241 × 1241 grid
# (issue 3; PEERS.md for the peers' gotchas). Peers that are not installed are skipped.
# Times come from /usr/bin/time -v: wall clock, and CPU (user + system) because the machine
# may be shared. Usage:
#   [POINTS=distinct] benchmarks/compare_density_peers.sh [path/to/hotspot] [incidents] [repeats]
set -euo pipefail
HOTSPOT=${1:-build/release/hotspot}
N=${2:-200000}
REPEATS=${3:-3}
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" || trap 'rm -rf "$WORK"' EXIT

# Snap points in [x0, x0 + 12010]²; two are pinned to the corners so every tool's grid (the
# extent widened by the 200 m radius) lands on the same 10 m lattice and cells can be compared
# one to one: 12010 + 2 × 200 = 12410 m = 1241 cells.
# POINTS=distinct instead places every incident on its own uniform random position (to the
# centimetre) between the two pinned corners: no shared snap points.
/usr/bin/python3 - "$WORK/points.csv" "$N" "${POINTS:-snapped}" <<'PY'
import random, sys
path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(7)
x0, y0, size = 515000, 205000, 12010
snaps = [(x0, y0), (x0 + size, y0 + size)]
with open(path, "w") as out:
    out.write("x,y\n")
    if kind == "distinct":
        rows = snaps + [(round(x0 + rng.uniform(0, size), 2), round(y0 + rng.uniform(0, size), 2)) for _ in range(n - 2)]
    else:
        snaps += [(x0 + round(rng.uniform(0, size)), y0 + round(rng.uniform(0, size))) for _ in range(2998)]
        popularity = [rng.lognormvariate(0.0, 1.2) for _ in snaps]
        rows = snaps[:2] + rng.choices(snaps, weights=popularity, k=n - 2)
    for (x, y) in rows:
        out.write(f"{x},{y}\n")
PY

# timed LABEL CMD...: runs CMD under /usr/bin/time -v; prints "wall cpu maxrss_mb".
timed() {
  local label=$1; shift
  /usr/bin/time -v -o "$WORK/$label.time" "$@" > "$WORK/$label.log" 2>&1 || { cat "$WORK/$label.log"; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
              /User time/ {u = $2} /System time/ {s = $2} /Maximum resident/ {m = $2 / 1024}
              END {printf "%.3f %.3f %.0f\n", w, u + s, m}' "$WORK/$label.time"
}
# best LABEL CMD...: the fastest wall time of REPEATS runs (and that run's CPU and memory).
best() {
  local label=$1; shift
  local out="" line
  for _ in $(seq "$REPEATS"); do
    line=$(timed "$label" "$@")
    if [ -z "$out" ] || awk -v a="${line%% *}" -v b="${out%% *}" 'BEGIN {exit !(a < b)}'; then out=$line; fi
  done
  echo "$out"
}
report() { # NAME "wall cpu mb"
  read -r w c m <<< "$2"
  printf "%-44s wall %7.3f s   cpu %7.3f s   max RSS %5s MB\n" "$1" "$w" "$c" "$m"
}

common=("$WORK/points.csv" --x-field x --y-field y --crs EPSG:27700 --bandwidth 200 --cell 10)
ours=$(best ours "$HOTSPOT" density "${common[@]}" --out "$WORK/hotspot.tif")
report "hotspot density (auto method)" "$ours"
grep '^density:' "$WORK/ours.log" || true
exact=$(best exact "$HOTSPOT" density "${common[@]}" --method exact --units per-cell --out "$WORK/exact.tif")
report "hotspot density --method exact" "$exact"
ours_wall=${ours%% *}
ours_cpu=$(echo "$ours" | cut -d' ' -f2)

# compare.py REFERENCE SCALE MODE: our exact per-cell surface × SCALE against REFERENCE on the
# cells both grids share (same lattice), nodata as 0. Prints the largest difference over the
# peak, and the largest relative difference where the reference is above 1% of its peak.
cat > "$WORK/compare.py" <<'PY'
import sys
import numpy as np
from osgeo import gdal
ours_path, ref_path, scale = sys.argv[1], sys.argv[2], float(sys.argv[3])
def read(path):
    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray().astype(np.float64)
    nd = b.GetNoDataValue()
    if nd is not None:
        a[a == nd] = 0.0
    return ds.GetGeoTransform(), np.nan_to_num(a)
shifts = [int(s) for s in sys.argv[4].split(",")] if len(sys.argv) > 4 else [0]
(to, a), (tr, r) = read(ours_path), read(ref_path)
dx0, dy0 = (tr[0] - to[0]) / to[1], (to[3] - tr[3]) / to[1]
assert abs(dx0 - round(dx0)) < 1e-9 and abs(dy0 - round(dy0)) < 1e-9 and abs(to[1] - tr[1]) < 1e-9, "grids not aligned"
for shift in shifts:
    # shift: compare the reference with our surface moved `shift` rows south (QGIS 3.22 moves points)
    dx, dy = int(round(dx0)), int(round(dy0)) - shift
    c0, r0 = max(0, dx), max(0, dy)
    c1, r1 = min(a.shape[1], dx + r.shape[1]), min(a.shape[0], dy + r.shape[0])
    mine = a[r0:r1, c0:c1] * scale
    theirs = r[r0 - dy:r1 - dy, c0 - dx:c1 - dx]
    peak = theirs.max()
    d = np.abs(mine - theirs)
    big = theirs > 0.01 * peak
    print(f"{'' if shift == 0 else f'(ours moved {shift} row(s)) '}{(r1 - r0)}x{(c1 - c0)} shared cells, "
          f"peak {peak:.6g}: max |diff| / peak = {d.max() / peak:.3g}, "
          f"max relative diff where > 1% of peak = {(d[big] / theirs[big]).max():.3g}")
PY

if [ -x /usr/bin/qgis_process.bin ] && command -v ogr2ogr > /dev/null; then
  load=$(best ogr2ogr ogr2ogr -f GPKG -overwrite "$WORK/points.gpkg" "$WORK/points.csv" \
    -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs EPSG:27700 -nln points)
  heat=$(best qgis env QT_QPA_PLATFORM=offscreen /usr/bin/qgis_process.bin run \
    qgis:heatmapkerneldensityestimation -- INPUT="$WORK/points.gpkg" RADIUS=200 PIXEL_SIZE=10 \
    KERNEL=0 OUTPUT_VALUE=0 DECAY=0 OUTPUT="$WORK/qgis.tif")
  report "ogr2ogr CSV -> GeoPackage (QGIS needs it)" "$load"
  report "qgis_process heatmap" "$heat"
  q_wall=$(echo "$load $heat" | awk '{print $1 + $4}')
  q_cpu=$(echo "$load $heat" | awk '{print $2 + $5}')
  echo "QGIS whole process: wall ${q_wall} s, cpu ${q_cpu} s; hotspot is $(echo "$q_wall $ours_wall" | awk '{printf "%.1f", $1 / $2}')x faster (wall), $(echo "$q_cpu $ours_cpu" | awk '{printf "%.1f", $1 / $2}')x less CPU"
  # QGIS raw = Σ (1 − (d/R)²)² = per-m² quartic × πR²/3 = per-cell × πR²/(3 · 100 m²).
  echo -n "QGIS raw vs hotspot exact × πR²/3: "
  to_raw=$(echo | awk '{printf "%.17g", 3.141592653589793 * 200 * 200 / 3 / 100}')
  /usr/bin/python3 "$WORK/compare.py" "$WORK/exact.tif" "$WORK/qgis.tif" "$to_raw" 0,1,-1
  # QGIS 3.22 evaluates each kernel at pixel centres counted up from the bottom of its extent
  # but writes the block at rows counted down from the top (qgskde.cpp, addFeature): every
  # kernel lands mirrored within its pixel row. Our exact surface of the points so moved
  # should match QGIS to float32 rounding if that is the whole difference.
  /usr/bin/python3 - "$WORK/points.csv" "$WORK/points_qgis.csv" <<'PY'
import math, sys
rows = [tuple(map(float, line.split(","))) for line in open(sys.argv[1]).read().split("\n")[1:] if line]
ys = [y for _, y in rows]
y_min, y_max, ps = min(ys) - 200, max(ys) + 200, 10
with open(sys.argv[2], "w") as out:
    out.write("x,y\n")
    for x, y in rows:
        moved = y_max + y_min - y + (math.floor((y - y_min) / ps) - math.floor((y_max - y) / ps)) * ps
        out.write(f"{x!r},{moved!r}\n")
PY
  "$HOTSPOT" density "$WORK/points_qgis.csv" --x-field x --y-field y --crs EPSG:27700 --bandwidth 200 --cell 10 \
    --method exact --units per-cell --out "$WORK/exact_qgis.tif" > "$WORK/exact_qgis.log" 2>&1 || { cat "$WORK/exact_qgis.log"; exit 1; }
  echo -n "QGIS raw vs hotspot exact × πR²/3 on the points as QGIS 3.22 places them: "
  /usr/bin/python3 "$WORK/compare.py" "$WORK/exact_qgis.tif" "$WORK/qgis.tif" "$to_raw"
else
  echo "QGIS heatmap: skipped (/usr/bin/qgis_process.bin or ogr2ogr not installed)"
fi

if command -v grass > /dev/null; then
  cat > "$WORK/grass.sh" <<SH
set -e
v.in.ascii input=$WORK/points.csv output=pts x=1 y=2 separator=comma skip=1 --quiet --overwrite
g.region vector=pts res=10 -a
g.region n=n+200 s=s-200 e=e+200 w=w-200 -a
v.kernel input=pts output=dens radius=200 kernel=quartic --quiet --overwrite
r.out.gdal input=dens output=$WORK/grass.tif format=GTiff type=Float64 --quiet --overwrite
SH
  g=$(best grass grass --tmp-location EPSG:27700 --exec bash "$WORK/grass.sh")
  report "GRASS v.kernel (whole process)" "$g"
  echo "GRASS: hotspot is $(echo "$g $ours_wall" | awk '{printf "%.1f", $1 / $4}')x faster (wall), $(echo "$g $ours_cpu" | awk '{printf "%.1f", $2 / $4}')x less CPU"
  echo -n "GRASS per m² vs hotspot exact per-cell / 100 m²: "
  /usr/bin/python3 "$WORK/compare.py" "$WORK/exact.tif" "$WORK/grass.tif" 0.01
else
  echo "GRASS v.kernel: skipped (grass not installed)"
fi
