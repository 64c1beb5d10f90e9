#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage_planner.hpp"

namespace hotspot {

/// Redeployable cameras moved every `period_months`, planned from the data available at the
/// start of each period, and backtested on what happened next.
struct RotationOptions {
  int units = 4;                  ///< movable cameras
  int period_months = 3;          ///< how long each placement stays
  int min_history_months = 3;     ///< the first plan needs this many months of data
  int max_history_months = 12;    ///< only this many months before a period are used
  std::optional<double> half_life_months;  ///< recency weighting within the history
  PlannerOptions planner;         ///< cameras = units is set for you; exact mode is honoured
};

/// One period: where the units went and what share of the period's demand they saw (beyond
/// the fixed network), against three baselines.
struct RotationPeriod {
  MonthIndex start = kNoMonth, end = kNoMonth;  ///< inclusive
  std::vector<PlannedCamera> plan;              ///< the units, from data before `start`
  double demand = 0;            ///< total demand weight in the period
  double fixed_share = 0;       ///< seen by the fixed network
  double planned_share = 0;     ///< seen by the units (and not the fixed network)
  double stay_share = 0;        ///< (a) units left where the first period put them
  double peaks_share = 0;       ///< (b) units at the sites that saw the most past demand, overlap ignored
  double hindsight_share = 0;   ///< (c) units planned with the period's own data
};

struct RotationResult {
  std::vector<RotationPeriod> periods;
  double planned_mean = 0, stay_mean = 0, peaks_mean = 0, hindsight_mean = 0;
};

/// Backtests the rotation over the monthly history. `coverage` and `fixed` are coverage
/// matrices over `points` (collapse_locations of `incidents`); weights per period come from
/// the incidents' months and weights. Throws Error(data) when the history is too short for one
/// period.
[[nodiscard]] RotationResult backtest_rotation(const Incidents& incidents, const WeightedPoints& points,
                                               const CoverageMatrix& coverage, std::span<const CameraSite> sites,
                                               const CoverageMatrix& fixed, const RotationOptions& options);

}  // namespace hotspot
