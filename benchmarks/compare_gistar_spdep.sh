#!/bin/sh
# Gi* on the same counts with hotspot and R spdep::localG(include.self, binary weights):
# prints the largest |z difference| and the time ratio. Defaults: a 121 x 121 grid of 100 m
# cells (the PEERS.md case), band 150 m.
# Usage: benchmarks/compare_gistar_spdep.sh [build dir] [cells per side] [band]
# Needs r-base-core and r-cran-spdep; skips otherwise.
set -eu
BUILD=${1:-build/release}
SIDE=${2:-121}
BAND=${3:-150}
BENCH=$BUILD/benchmarks/getis_ord_bench
if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressMessages(library(spdep))' >/dev/null 2>&1; then
  echo "R with spdep not installed (apt-get install r-base-core r-cran-spdep); skipping"; exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BENCH" --dump=$SIDE:$SIDE:"$TMP/counts.csv"
OURS=$("$BENCH" --gistar=$SIDE:$SIDE:$BAND:"$TMP/ours.csv")
Rscript - "$TMP" "$BAND" "$OURS" <<'REOF'
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(spdep))
d <- read.csv(file.path(args[1], "counts.csv"))
band <- as.numeric(args[2])
ours_time <- as.numeric(args[3])
t <- system.time({
  lw <- nb2listw(include.self(dnearneigh(cbind(d$x, d$y), 0, band)), style = "B")
  g <- as.numeric(localG(d$count, lw))
})[["elapsed"]]
ours <- read.csv(file.path(args[1], "ours.csv"))$z
cat(sprintf("cells %d  band %g\n", nrow(d), band))
cat(sprintf("max |z(hotspot) - z(spdep)| = %.3g\n", max(abs(ours - g))))
cat(sprintf("hotspot getis_ord_gi_star: %.4f s\n", ours_time))
cat(sprintf("spdep dnearneigh + localG: %.3f s   ratio %.0fx\n", t, t / ours_time))
REOF
