#!/usr/bin/env bash
# The plan at force scale and at district scale, timed (issue 22).
#
#   benchmarks/county_plan.sh [HOTSPOT ...]
#
# For each binary given (default: build/release/hotspot), alternating between them ROUNDS times
# (default 2), runs
#   county:   hotspot plan over Hertfordshire, 2025-01..09 from ../shared/data (79,618 incidents),
#             the county boundary as --within, default options;
#   district: the README's plan (the bundled sample, Welwyn Hatfield, --units 3);
# under /usr/bin/time -v, and prints wall, CPU and peak memory with the plan's own per-stage
# times (its stage lines on stderr). The outputs of the last round of each binary stay in
# build/bench-county/<n>/{county,district}/ so two binaries' outputs can be compared:
#   diff -r build/bench-county/1/county build/bench-county/2/county
# Run with nothing else on the machine: the targets are for its 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${HOTSPOT_SHARED_DATA:-../shared/data}
rounds=${ROUNDS:-2}
binaries=("$@")
((${#binaries[@]})) || binaries=(build/release/hotspot)
work=build/bench-county
mkdir -p "$work"

street=$shared/police_uk_hertfordshire/street
county=$shared/boundaries_hertfordshire/herts_county.geojson
[[ -f $county ]] || { echo "county_plan.sh: $county is missing (HOTSPOT_SHARED_DATA)" >&2; exit 2; }
months=("$street"/2025-0[1-9]-hertfordshire-street.csv)

run_one() {  # binary index, case name, arguments...
  local n=$1 name=$2
  shift 2
  local out=$work/$n/$name log=$work/$n/$name.log
  rm -rf "$out"
  mkdir -p "$work/$n"
  /usr/bin/time -v "$@" -o "$out" >"$log.out" 2>"$log"
  local wall cpu_user cpu_sys rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  cpu_user=$(sed -n 's/.*User time (seconds): //p' "$log")
  cpu_sys=$(sed -n 's/.*System time (seconds): //p' "$log")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  printf '%-28s %-9s wall %8s  cpu %6.1f s  peak %5d MB  |' "${binaries[$((n - 1))]}" "$name" "$wall" \
    "$(echo "$cpu_user + $cpu_sys" | bc)" $((rss / 1024))
  # The plan's stage lines: "hotspot: plan [3/10] density (12.6 s): ..."; print name and seconds.
  sed -nE 's/^hotspot: plan \[[0-9]+\/[0-9]+\] ([a-z]+) \(([0-9.]+) s\):.*/ \1 \2/p' "$log" | tr '\n' ' '
  echo
}

for ((round = 1; round <= rounds; ++round)); do
  for ((i = 0; i < ${#binaries[@]}; ++i)); do
    bin=${binaries[$i]}
    n=$((i + 1))
    run_one "$n" county "$bin" plan "${months[@]}" --within "$county"
    run_one "$n" district "$bin" plan data/sample/police_uk \
      --within data/sample/boundaries/herts_districts.geojson --within-where "lad17nm = 'Welwyn Hatfield'" --units 3
  done
done
