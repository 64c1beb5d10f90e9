# spdep reference for tests/significance/getis_ord_reference_test.cpp.
# Rscript make_gistar_reference.R   (r-base-core + r-cran-spdep; reads gistar_counts.csv)
# Gi*: localG with include.self() and binary ("B") weights, neighbours 0 <= d <= band.
# Moran's I: moran.test, binary weights without self, randomisation assumption.
suppressMessages(library(spdep))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
counts <- read.csv(file.path(here, "gistar_counts.csv"))
cases <- list(
  list(name = "square_450", layout = "square", band = 450, masked = FALSE),
  list(name = "square_700", layout = "square", band = 700, masked = FALSE),
  list(name = "square_masked_450", layout = "square", band = 450, masked = TRUE),
  list(name = "hexagon_450", layout = "hexagon", band = 450, masked = FALSE),
  list(name = "hexagon_650", layout = "hexagon", band = 650, masked = FALSE))
out <- NULL
for (case in cases) {
  d <- counts[counts$layout == case$layout, ]
  if (case$masked) d <- d[d$in_mask == 1, ]
  coords <- cbind(d$x, d$y)
  nb <- dnearneigh(coords, 0, case$band)
  lw <- nb2listw(include.self(nb), style = "B")
  g <- as.numeric(localG(d$count, lw))
  out <- rbind(out, data.frame(case = case$name, column = d$column, row = d$row, z = sprintf("%.15g", g)))
}
write.table(out, file.path(here, "gistar_spdep.csv"), sep = ",", row.names = FALSE, quote = FALSE)

moran <- NULL
d <- counts[counts$layout == "square", ]
coords <- cbind(d$x, d$y)
for (band in c(210, 290, 410, 450, 570, 610, 700, 810, 1010)) {
  lw <- nb2listw(dnearneigh(coords, 0, band), style = "B", zero.policy = TRUE)
  m <- moran.test(d$count, lw, randomisation = TRUE, zero.policy = TRUE)
  moran <- rbind(moran, data.frame(band = band, I = sprintf("%.15g", m$estimate[["Moran I statistic"]]),
                                   expectation = sprintf("%.15g", m$estimate[["Expectation"]]),
                                   variance = sprintf("%.15g", m$estimate[["Variance"]]),
                                   z = sprintf("%.15g", m$statistic[[1]])))
}
write.table(moran, file.path(here, "moran_spdep.csv"), sep = ",", row.names = FALSE, quote = FALSE)
cat("# ", R.version.string, ", spdep ", as.character(packageVersion("spdep")), "\n", sep = "",
    file = file.path(here, "spdep_version.txt"))
