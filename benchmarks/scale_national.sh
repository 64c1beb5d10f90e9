#!/usr/bin/env bash
# National volumes through the streaming path: generates (once) a year of synthetic England
# and Wales police.uk data, 500k rows a month in one file per month (police.uk itself
# publishes one file per force and month), reads it YEARS times over, and runs profile, density (100 m cells over the
# whole extent) and Gi* with --stream, printing wall time, CPU time and peak memory of each.
#
#   benchmarks/scale_national.sh [YEARS] [DATA_DIR]      (default: 1 year, build/bench-data)
#
# The map points (police.uk snap points) are a fixed set of 200,000 places whatever the
# number of years, as on the real site, so memory should grow with the places and the grid,
# not with the rows.
set -euo pipefail
cd "$(dirname "$0")/.."
years=${1:-1}
root=${2:-build/bench-data}
months=$((12 * years))
rows=$((500000 * months))
hotspot=${HOTSPOT:-build/release/hotspot}
one=$root/national_1y
if [[ ! -f $one/.complete ]]; then
  mkdir -p "$one"
  /usr/bin/python3 tools/generate_police_uk.py --rows 6000000 --months 12 --start-month 2024-01 \
    --extent national --points 200000 --per-month --out "$one"
  touch "$one/.complete"
fi
data=$one
if ((years > 1)); then
  # More years are the one generated year read again under other names (year_01/, year_02/,
  # ...): the same 200,000 places and 12 months, 6 million rows more per year. Generating
  # 60 million distinct rows would take the generator an hour and test nothing more here.
  data=$root/national_${years}y
  for ((y = 1; y <= years; ++y)); do
    dir=$(printf "%s/year_%02d" "$data" "$y")
    mkdir -p "$dir"
    for f in "$one"/*-street.csv; do ln -sfn "$(realpath "$f")" "$dir/$(basename "$f")"; done
  done
fi
echo "data: $data ($rows rows, $months monthly files)"
measure() {
  local name=$1; shift
  /usr/bin/time -f "$name: wall %e s, CPU %U+%S s, peak memory %M kB" "$hotspot" "$@" >/dev/null 2>"$root/scale_$name.log" || {
    cat "$root/scale_$name.log" >&2; exit 1; }
  grep -E "^hotspot: (streamed|rows read)" "$root/scale_$name.log" | sed "s/^/  /"
  tail -1 "$root/scale_$name.log"
}
out=$root/scale_out
mkdir -p "$out"
measure profile profile "$data" --stream --working-crs EPSG:27700 --json "$out/profile.json" --quiet
measure density density "$data" --stream --working-crs EPSG:27700 --cell 100 --bandwidth 300 --method binned \
  -o "$out/density.tif"
measure gistar gistar "$data" --stream --working-crs EPSG:27700 --cell-size 1000 --band 3000 -o "$out/gistar.gpkg"
