#pragma once

#include <string>
#include <vector>

#include "hotspot/significance/cell_grid.hpp"

namespace hotspot::significance {

/// Global Moran's I of cell values with binary distance-band weights (0 < d <= band, the
/// cell itself excluded), with its expectation, variance and z under the randomisation
/// assumption — the numbers of ArcGIS's Spatial Autocorrelation tool and spdep::moran.test.
struct MoransI {
  double band = 0.0;
  double i = 0.0;
  double expectation = 0.0;
  double variance = 0.0;
  double z = 0.0;
  double mean_neighbours = 0.0;  ///< average neighbours per study-area cell (self excluded)
};

/// Global Moran's I for one band. Cells without neighbours contribute nothing (spdep's
/// zero.policy). Throws `Error` (data) when fewer than 4 cells are in the study area, all
/// values are equal, or no cell has a neighbour.
[[nodiscard]] MoransI global_morans_i(const CellValues& cells, double band, int threads = 0);

/// Options of `incremental_spatial_autocorrelation`.
struct IncrementalOptions {
  double begin = 0.0;      ///< first band; <= 0 means one cell size (the nearest centres)
  double increment = 0.0;  ///< <= 0 means one cell size
  int steps = 10;
  int threads = 0;
};

/// Moran's I over increasing bands and the band chosen from them.
struct IncrementalResult {
  std::vector<MoransI> curve;
  bool peak = false;       ///< a significant peak was found
  std::size_t chosen = 0;  ///< index into `curve` when `peak`
  double band = 0.0;       ///< the band chosen
  std::string reason;      ///< why this band, in words, for the layer metadata and the log
};

/// ArcGIS Optimized Hot Spot Analysis's scale search: the band of the first peak of the
/// Moran's I z-score (a z higher than at the bands just before and after it) whose z is
/// significant (> 1.96). Without such a peak, ArcGIS's fallback: the average distance from
/// each study-area cell to its K-th nearest cell, K = 5% of the cells clamped to 3..30,
/// capped at the standard distance of the cell centres. `reason` says which rule applied.
/// Average distance from each study-area cell centre to its k-th nearest study-area cell
/// centre (ties by row, then column).
[[nodiscard]] double mean_kth_neighbour_distance(const CellValues& cells, int k);

[[nodiscard]] IncrementalResult incremental_spatial_autocorrelation(const CellValues& cells,
                                                                    const IncrementalOptions& options);

}  // namespace hotspot::significance
