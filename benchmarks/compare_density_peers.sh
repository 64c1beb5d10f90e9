#!/usr/bin/env bash
# Whole-process timing of `hotspot density` against QGIS's heatmap and GRASS v.kernel on the
# same 200,000 police.uk-like incidents (snapped to ~3,000 points over 12.41 km, British
# National Grid), 10 m cells, quartic radius 200 m (issue 3; PEERS.md for the peers' gotchas).
# Peers that are not installed are skipped. Usage:
#   benchmarks/compare_density_peers.sh [path/to/hotspot] [incidents]
set -euo pipefail
HOTSPOT=${1:-build/release/hotspot}
N=${2:-200000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 - "$WORK/points.csv" "$N" <<'PY'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
x0, y0 = 515000, 205000
snaps = [(x0 + round(rng.uniform(0, 12410)), y0 + round(rng.uniform(0, 12410))) for _ in range(3000)]
popularity = [rng.lognormvariate(0.0, 1.2) for _ in snaps]
with open(path, "w") as out:
    out.write("x,y\n")
    for (x, y) in rng.choices(snaps, weights=popularity, k=n):
        out.write(f"{x},{y}\n")
PY

seconds() { /usr/bin/time -f %e -o "$WORK/time" "$@" > "$WORK/log" 2>&1 || { cat "$WORK/log"; exit 1; }; cat "$WORK/time"; }

ours=$(seconds "$HOTSPOT" density "$WORK/points.csv" --x-field x --y-field y --crs EPSG:27700 \
  --bandwidth 200 --cell 10 --out "$WORK/hotspot.tif")
echo "hotspot density (whole process): ${ours} s"
grep '^density:' "$WORK/log" || true

if [ -x /usr/bin/qgis_process.bin ]; then
  qgis=$( { /usr/bin/time -f %e -o "$WORK/t1" ogr2ogr -f GPKG "$WORK/points.gpkg" "$WORK/points.csv" \
      -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs EPSG:27700 -nln points >/dev/null 2>&1;
    QT_QPA_PLATFORM=offscreen /usr/bin/time -f %e -o "$WORK/t2" /usr/bin/qgis_process.bin run \
      qgis:heatmapkerneldensityestimation -- INPUT="$WORK/points.gpkg" RADIUS=200 PIXEL_SIZE=10 \
      KERNEL=0 OUTPUT_VALUE=0 OUTPUT="$WORK/qgis.tif" >/dev/null 2>&1;
    echo "$(cat "$WORK/t1") + $(cat "$WORK/t2")" | bc; } )
  echo "QGIS heatmap (ogr2ogr + qgis_process): ${qgis} s, ratio $(echo "scale=1; $qgis / $ours" | bc)x"
else
  echo "QGIS heatmap: skipped (/usr/bin/qgis_process.bin not installed)"
fi

if command -v grass >/dev/null; then
  cat > "$WORK/grass.sh" <<SH
set -e
v.in.ascii input=$WORK/points.csv output=pts x=1 y=2 separator=comma skip=1 --quiet
g.region vector=pts res=10 -a
g.region n=n+200 s=s-200 e=e+200 w=w-200 -a
v.kernel input=pts output=dens radius=200 kernel=quartic --quiet
r.out.gdal input=dens output=$WORK/grass.tif format=GTiff type=Float32 --quiet
SH
  grass_s=$(seconds grass --tmp-location EPSG:27700 --exec bash "$WORK/grass.sh")
  echo "GRASS v.kernel (whole process): ${grass_s} s, ratio $(echo "scale=1; $grass_s / $ours" | bc)x"
else
  echo "GRASS v.kernel: skipped (grass not installed)"
fi
