#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/trends/emerging_hotspots.hpp"

namespace hotspot::trends {

/// Options of the whole emerging-hot-spot step (`hotspot trends`, and `hotspot plan`).
struct EmergingAnalysisOptions {
  significance::CellShape shape = significance::CellShape::square;
  double cell_size = 0.0;  ///< <= 0: automatic (aggregate_to_cells)
  double band = 0.0;       ///< <= 0: 1.5 cells, the ring of adjacent cells
  GapPolicy gaps = GapPolicy::error;
  EmergingOptions emerging;  ///< its band is set from `band`
};

struct EmergingAnalysis {
  SpaceTimeCube cube;
  EmergingResult result;
  double band = 0.0;
  std::size_t dropped = 0;  ///< incidents without a month, not counted
  std::vector<std::size_t> per_pattern;  ///< analysed cells per Pattern value
  /// "emerging_hot_spots": column, row, pattern, incidents, hot_steps, cold_steps, trend_z,
  /// trend_p, trend_tau, final_z, final_bin; one polygon per analysed cell.
  VectorLayer layer;
};

/// Builds the monthly cube of the incidents' weights (study-area cells only, with --within),
/// runs emerging_hot_spots and makes the layer.
/// Throws Error(data) without incidents or months, on gaps with GapPolicy::error.
[[nodiscard]] EmergingAnalysis emerging_analysis(const PreparedIncidents& prepared,
                                                 const EmergingAnalysisOptions& options);

/// The same for `incidents` in `crs`, with `area` (null: none) as the study area: for steps
/// that analyse a subset of the prepared incidents (some months) with the same rules.
[[nodiscard]] EmergingAnalysis emerging_analysis(const Incidents& incidents, const StudyArea* area, const std::string& crs,
                                                 const EmergingAnalysisOptions& options);

/// "2018-01,2018-02": months as text for metadata and messages.
[[nodiscard]] std::string month_list(const std::vector<MonthIndex>& months);

}  // namespace hotspot::trends
