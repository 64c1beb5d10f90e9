# R dbscan::hdbscan reference for tests/clusters/hdbscan_test.cpp.
# Rscript make_hdbscan_reference.R   (r-base-core + r-cran-dbscan 1.1-11)
# Input: 700 points in metres, fixed seed: five Gaussian blobs of different spread and size
# (two of them close together, so the hierarchy matters) plus uniform noise; no duplicates.
suppressMessages(library(dbscan))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
set.seed(20261122)
blob <- function(n, cx, cy, s) cbind(rnorm(n, cx, s), rnorm(n, cy, s))
x <- rbind(blob(200, 1000, 1000, 40), blob(120, 1150, 1020, 25), blob(150, 2000, 1500, 80),
           blob(60, 500, 2000, 15), blob(70, 2600, 600, 60), cbind(runif(100, 0, 3000), runif(100, 0, 2500)))
x <- round(x, 3)
stopifnot(!any(duplicated(x)))
write.csv(data.frame(x = x[, 1], y = x[, 2]), file.path(here, "hdbscan_input.csv"), row.names = FALSE, quote = FALSE)
out <- data.frame(row = seq_len(nrow(x)))
for (m in c(5, 15, 40)) {
  h <- hdbscan(x, minPts = m)
  out[[paste0("label_", m)]] <- h$cluster
  out[[paste0("prob_", m)]] <- sprintf("%.15g", h$membership_prob)
  out[[paste0("core_", m)]] <- sprintf("%.15g", h$coredist)
  cat("minPts", m, "clusters", max(h$cluster), "noise", sum(h$cluster == 0), "\n")
}
write.csv(out, file.path(here, "hdbscan_r_labels.csv"), row.names = FALSE, quote = FALSE)
cat("# ", R.version.string, ", dbscan ", as.character(packageVersion("dbscan")), "\n", sep = "",
    file = file.path(here, "hdbscan_r_version.txt"))
