#include "hotspot/patrol/patrol_backtest.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {

using Cell = std::pair<std::int64_t, std::int64_t>;  // (col, row)

std::set<Cell> cells_of(const MicroPlaces& places, const std::vector<std::uint32_t>& chosen) {
  std::set<Cell> out;
  for (std::uint32_t i : chosen) out.insert({places.places[i].col, places.places[i].row});
  return out;
}

}  // namespace

BacktestResult backtest_patrol(const Incidents& incidents, const BacktestOptions& options) {
  if (options.min_history_months < 1) throw Error(ErrorCode::usage, "patrol.backtest", "history must be at least one month");
  std::set<MonthIndex> months;
  for (MonthIndex m : incidents.month) {
    if (m != kNoMonth) months.insert(m);
  }
  BacktestResult result;
  const double size = options.places.cell_size_m;
  double captured_total = 0, baseline_total = 0, next_total = 0;
  for (MonthIndex t : months) {
    if (!months.count(t + 1)) continue;
    // Months with data in the window ending at t (gaps in the archive are not history).
    const auto history = std::distance(months.lower_bound(t - options.places.window_months + 1), months.upper_bound(t));
    if (history < options.min_history_months) continue;
    MicroPlaceOptions place_options = options.places;
    place_options.last_month = t;
    const MicroPlaces places = grid_places(incidents, place_options);
    const Selection selection = select_places(places, options.selection);
    MicroPlaceOptions last_only = place_options;
    last_only.window_months = 1;
    const MicroPlaces previous = grid_places(incidents, last_only);
    SelectionOptions fixed;
    fixed.count = static_cast<std::uint32_t>(selection.places.size());
    const Selection baseline = select_places(previous, fixed);
    const std::set<Cell> chosen = cells_of(places, selection.places);
    const std::set<Cell> base = cells_of(previous, baseline.places);
    BacktestMonth step;
    step.month = t;
    step.places = static_cast<std::uint32_t>(chosen.size());
    double in_chosen = 0, in_base = 0;
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      if (incidents.month[i] != t + 1) continue;
      const Cell c{static_cast<std::int64_t>(std::floor(incidents.x[i] / size)),
                   static_cast<std::int64_t>(std::floor(incidents.y[i] / size))};
      step.next_weight += incidents.weight[i];
      if (chosen.count(c)) in_chosen += incidents.weight[i];
      if (base.count(c)) in_base += incidents.weight[i];
    }
    step.share = step.next_weight > 0 ? in_chosen / step.next_weight : 0;
    step.baseline_share = step.next_weight > 0 ? in_base / step.next_weight : 0;
    captured_total += in_chosen;
    baseline_total += in_base;
    next_total += step.next_weight;
    result.months.push_back(step);
  }
  if (!result.months.empty()) {
    for (const auto& m : result.months) {
      result.mean_share += m.share;
      result.mean_baseline_share += m.baseline_share;
    }
    result.mean_share /= static_cast<double>(result.months.size());
    result.mean_baseline_share /= static_cast<double>(result.months.size());
    result.pooled_share = next_total > 0 ? captured_total / next_total : 0;
    result.pooled_baseline_share = next_total > 0 ? baseline_total / next_total : 0;
  }
  return result;
}

std::string backtest_csv(const BacktestResult& result) {
  std::string out = "month,places,next_month_weight,patrol_share,baseline_share\n";
  char buf[160];
  for (const auto& m : result.months) {
    std::snprintf(buf, sizeof buf, "%s,%u,%.2f,%.4f,%.4f\n", format_month(m.month).c_str(), m.places, m.next_weight,
                  m.share, m.baseline_share);
    out += buf;
  }
  return out;
}

}  // namespace hotspot::patrol
