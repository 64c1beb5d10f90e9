#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/geo/study_area.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/significance/getis_ord.hpp"

namespace hotspot::significance {

/// Options of the whole Gi* step (`hotspot gistar`, and `hotspot plan`): cells, neighbourhood,
/// inference, as a user chooses them.
struct HotSpotAnalysisOptions {
  CellShape shape = CellShape::square;
  double cell_size = 0.0;  ///< <= 0: automatic (aggregate_to_cells)
  double band = 0.0;       ///< <= 0: automatic (first peak of incremental Moran's I)
  int k = 0;               ///< > 0: the k nearest cells instead of a band
  BandSums band_sums = BandSums::automatic;  ///< how band sums are computed (same results for counts)
  Correction correction = Correction::false_discovery_rate;
  int permutations = 0;    ///< 0: normal theory
  std::uint64_t seed = 20240101;
  bool significant_only = false;  ///< the layer keeps only cells with a non-zero bin
  int threads = 0;
};

/// The cells, the statistic and the layer (one polygon per study-area cell, in the working CRS).
struct HotSpotAnalysis {
  CellValues cells;
  GiStarResult result;
  double band = 0.0;         ///< the band used (0 with k nearest)
  std::string band_reason;   ///< "given", or why the automatic band was chosen
  std::size_t hot = 0;       ///< study-area cells with bin > 0
  std::size_t cold = 0;      ///< study-area cells with bin < 0
  VectorLayer layer;         ///< "gistar": column, row, value, neighbours, gi_z, gi_p, gi_p_adjusted, gi_bin
};

/// Aggregates the incidents' weights to cells, marks the cells whose centre lies in the study
/// area (every cell of the bounding grid without one, zero cells included, as spdep and
/// ArcGIS's fishnets do), chooses the band and runs Gi*.
/// Throws Error(data) when no incident is left, (usage) for a band beyond the data's extent.
[[nodiscard]] HotSpotAnalysis hot_spot_analysis(const PreparedIncidents& prepared,
                                                const HotSpotAnalysisOptions& options);

/// 1 for each cell (row-major) whose centre lies in `area`.
[[nodiscard]] std::vector<std::uint8_t> cells_in_area(const CellGrid& grid, const StudyArea& area);

[[nodiscard]] const char* shape_name(CellShape shape) noexcept;
[[nodiscard]] const char* correction_name(Correction correction) noexcept;

}  // namespace hotspot::significance
