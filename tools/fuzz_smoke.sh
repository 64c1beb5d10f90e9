#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`, clang + ASan + UBSan) and fuzzes each reader
# for SECONDS (default 60), starting from the committed seeds in tests/fuzz/corpus/.
# New inputs found go to a scratch corpus under the build tree, not into the repository.
# Exit status is non-zero when any target crashes, hangs (10 s per input) or leaks.
#
#   tools/fuzz_smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

cmake --preset fuzz >/dev/null
targets=()
for seeds in tests/fuzz/corpus/*/; do targets+=("$(basename "$seeds")_fuzz"); done
cmake --build --preset fuzz --target "${targets[@]}"

status=0
for seeds in tests/fuzz/corpus/*/; do
  target=$(basename "$seeds")_fuzz
  work=build/fuzz/corpus/$(basename "$seeds")
  mkdir -p "$work" build/fuzz/crashes
  echo "fuzz: $target for ${seconds}s"
  if ! build/fuzz/tests/fuzz/"$target" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=4096 -artifact_prefix=build/fuzz/crashes/"$target"- -print_final_stats=1 \
      >build/fuzz/"$target".log 2>&1; then
    echo "fuzz: $target FAILED; see build/fuzz/$target.log and build/fuzz/crashes/" >&2
    tail -40 build/fuzz/"$target".log >&2
    status=1
  else
    grep -E "stat::number_of_executed_units" build/fuzz/"$target".log | sed "s/^/fuzz: $target /"
  fi
done
exit $status
