#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `sanitize`: clang + ASan + UBSan, the same tree that
# runs the test suite under the sanitizers) and fuzzes each reader
# for SECONDS (default 60), two targets at a time, starting from the committed seeds in
# tests/fuzz/corpus/.
# New inputs found go to a scratch corpus under the build tree, not into the repository.
# Exit status is non-zero when any target crashes, hangs (10 s per input) or leaks.
#
#   tools/fuzz_smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

cmake --preset sanitize >/dev/null
targets=()
for seeds in tests/fuzz/corpus/*/; do targets+=("$(basename "$seeds")_fuzz"); done
cmake --build --preset sanitize --target "${targets[@]}"

# Two targets at a time (the machines have two cores); each gets its SECONDS of wall time.
run_target() {
  local seeds=$1 target work
  target=$(basename "$seeds")_fuzz
  work=build/sanitize/corpus/$(basename "$seeds")
  mkdir -p "$work" build/sanitize/crashes
  build/sanitize/tests/fuzz/"$target" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix=build/sanitize/crashes/"$target"- -print_final_stats=1 \
    >build/sanitize/"$target".log 2>&1
}
report() {
  local seeds=$1 result=$2 target
  target=$(basename "$seeds")_fuzz
  if ((result != 0)); then
    echo "fuzz: $target FAILED; see build/sanitize/$target.log and build/sanitize/crashes/" >&2
    tail -40 build/sanitize/"$target".log >&2
    status=1
  else
    grep -E "stat::number_of_executed_units" build/sanitize/"$target".log | sed "s/^/fuzz: $target /"
  fi
}

status=0
all=(tests/fuzz/corpus/*/)
for ((i = 0; i < ${#all[@]}; i += 2)); do
  pair=("${all[@]:i:2}")
  echo "fuzz: $(for seeds in "${pair[@]}"; do printf '%s_fuzz ' "$(basename "$seeds")"; done)for ${seconds}s"
  pids=()
  for seeds in "${pair[@]}"; do
    run_target "$seeds" &
    pids+=($!)
  done
  for k in "${!pair[@]}"; do
    result=0
    wait "${pids[$k]}" || result=$?
    report "${pair[$k]}" "$result"
  done
done
exit $status
