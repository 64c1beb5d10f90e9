#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/patrol/micro_places.hpp"
#include "hotspot/patrol/place_selection.hpp"

namespace hotspot::patrol {

struct BacktestOptions {
  MicroPlaceOptions places;      ///< grid cells; `last_month` is set per step
  SelectionOptions selection;    ///< how the patrol places are chosen each month
  int min_history_months = 3;    ///< first step: the month with this many months of data up to it
};

/// One step: places chosen from months ≤ `month`, scored on `month` + 1.
struct BacktestMonth {
  MonthIndex month = kNoMonth;
  std::uint32_t places = 0;        ///< cells selected (the baseline takes as many)
  double next_weight = 0;          ///< the following month's incidents, weighted as the plan (--weight)
  double share = 0;                ///< of it, the share in the selected cells
  double baseline_share = 0;       ///< the share in the top cells by the month's own weight alone
};

struct BacktestResult {
  std::vector<BacktestMonth> months;
  double mean_share = 0;           ///< average over steps
  double mean_baseline_share = 0;
  double pooled_share = 0;         ///< Σ captured weight / Σ next-month weight
  double pooled_baseline_share = 0;
};

/// Rolling-origin backtest of the patrol selection on grid cells: for each month t that has
/// at least `min_history_months` months of data up to it and data in t + 1, select places from
/// the window ending at t and measure the share of month t + 1's weight (incidents, harm or a
/// field, as the incidents are weighted) that fell in them, against a baseline of the same
/// number of cells ranked by month t's weight alone (ties by cell id).
[[nodiscard]] BacktestResult backtest_patrol(const Incidents& incidents, const BacktestOptions& options);

/// The result as CSV: month,places,next_month_weight,patrol_share,baseline_share.
[[nodiscard]] std::string backtest_csv(const BacktestResult& result);

}  // namespace hotspot::patrol
