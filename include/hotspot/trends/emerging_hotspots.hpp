#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/significance/multiple_testing.hpp"
#include "hotspot/trends/mann_kendall.hpp"

namespace hotspot::trends {

/// ArcGIS Emerging Hot Spot Analysis patterns; the rules are in docs/trends.md.
enum class Pattern : std::uint8_t {
  none,
  new_hot, consecutive_hot, intensifying_hot, persistent_hot, diminishing_hot, sporadic_hot,
  oscillating_hot, historical_hot,
  new_cold, consecutive_cold, intensifying_cold, persistent_cold, diminishing_cold, sporadic_cold,
  oscillating_cold, historical_cold,
};

/// ArcGIS's label, e.g. "New Hot Spot", "No Pattern Detected".
[[nodiscard]] std::string_view pattern_name(Pattern pattern) noexcept;

/// What to do when months are missing between the first and last month of the data.
enum class GapPolicy {
  error,      ///< refuse (default): a missing month would otherwise look like a month without crime
  skip,       ///< time steps are the months present; gaps are reported, and time neighbours
              ///< and the trend test treat the months present as consecutive
  zero_fill,  ///< missing months are steps with zero incidents (only when that is known to be true)
};

/// Counts per cell per time step: value[step * grid.size() + cell].
struct SpaceTimeCube {
  significance::CellGrid grid;
  std::vector<MonthIndex> steps;           ///< the month of each time step, increasing
  std::vector<MonthIndex> missing_months;  ///< months between first and last absent from the data
  std::vector<double> value;
  std::vector<std::uint8_t> mask;          ///< empty = every cell in the study area
  [[nodiscard]] std::size_t cells() const noexcept { return grid.size(); }
};

/// Aggregates incidents into a monthly cube on `grid`; incidents outside the grid or with
/// kNoMonth are not counted (`dropped` tells how many). Months are those present in `month`;
/// gaps follow `gaps` and are always listed in `missing_months`.
/// Throws `Error` (data) on a gap with GapPolicy::error, naming the missing months, and on
/// mismatched columns.
[[nodiscard]] SpaceTimeCube monthly_cube(std::span<const double> x, std::span<const double> y,
                                         std::span<const MonthIndex> month, std::span<const double> weight,
                                         const significance::CellGrid& grid, GapPolicy gaps,
                                         std::size_t* dropped = nullptr);

/// Which bins the mean and SD of the space-time Gi* are taken over (ArcGIS "Define Global Window").
enum class GlobalWindow {
  entire_cube,      ///< all bins of all steps (ArcGIS default)
  individual_step,  ///< the bins of the bin's own step
};

/// Options of `emerging_hot_spots` (pipeline stage `trends.emerging`).
struct EmergingOptions {
  double band = 0.0;     ///< spatial neighbourhood distance (0 <= d <= band between centres)
  int time_window = 1;   ///< previous steps in the neighbourhood (ArcGIS Neighborhood Time Step)
  GlobalWindow global_window = GlobalWindow::entire_cube;
  significance::Correction correction = significance::Correction::false_discovery_rate;
  double alpha = 0.10;   ///< significance level of a hot/cold bin and of the trend (90%)
  int threads = 0;
};

/// Per-bin space-time Gi* and per-cell trend and pattern.
struct EmergingResult {
  std::vector<MonthIndex> steps;
  std::vector<MonthIndex> missing_months;
  std::vector<double> z;           ///< [step * cells + cell], NaN outside the study area
  std::vector<double> p_adjusted;  ///< after the correction over all bins
  std::vector<std::int8_t> bin;    ///< -3..3
  std::vector<MannKendall> trend;  ///< per cell, on its z series
  std::vector<Pattern> pattern;    ///< per cell
  std::vector<std::uint8_t> analysed;  ///< 1 for study-area cells with at least one incident
};

/// ArcGIS-style Emerging Hot Spot Analysis: the space-time Gi* of every bin (neighbours are
/// the bins of cells within `band` in the same and `time_window` previous steps, the bin
/// itself included), a Mann-Kendall test of each cell's z series, and the pattern of each
/// cell from its hot/cold bins and trend (docs/trends.md). Cells with no incident in any
/// step are not analysed (pattern none), as in ArcGIS.
/// Throws `Error` (usage) for bad options and (data) for fewer than 2 steps.
[[nodiscard]] EmergingResult emerging_hot_spots(const SpaceTimeCube& cube, const EmergingOptions& options);

/// The pattern of one cell from its per-step z and adjusted p (in time order) and the trend
/// of its z series; exposed so the rules can be tested and documented on their own.
[[nodiscard]] Pattern classify_pattern(std::span<const double> z, std::span<const double> p_adjusted,
                                       const MannKendall& trend, double alpha);

}  // namespace hotspot::trends
