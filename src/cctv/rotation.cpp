#include "hotspot/cctv/rotation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.rotate";

// Demand weight per point from incidents in [from, to], optionally decayed from `to`.
std::vector<double> window_weights(const Incidents& incidents, const WeightedPoints& points, MonthIndex from, MonthIndex to,
                                   std::optional<double> half_life) {
  std::vector<double> w(points.size(), 0.0);
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const MonthIndex m = incidents.month[r];
    if (m == kNoMonth || m < from || m > to) continue;
    const double factor = half_life ? std::pow(0.5, static_cast<double>(to - m) / *half_life) : 1.0;
    w[points.point_of[r]] += incidents.weight[r] * factor;
  }
  return w;
}

std::vector<std::uint32_t> columns_of(const Plan& plan) {
  std::vector<std::uint32_t> out;
  for (const auto& c : plan.cameras) out.push_back(c.column);
  return out;
}

}  // namespace

RotationResult backtest_rotation(const Incidents& incidents, const WeightedPoints& points, const CoverageMatrix& coverage,
                                 std::span<const CameraSite> sites, const CoverageMatrix& fixed,
                                 const RotationOptions& options) {
  if (options.units < 1 || options.period_months < 1 || options.min_history_months < 1 ||
      options.max_history_months < options.min_history_months) {
    throw Error(ErrorCode::usage, kStage, "units, period and history lengths must be positive (max history >= min history)");
  }
  MonthIndex first = kNoMonth, last = kNoMonth;
  for (const MonthIndex m : incidents.month) {
    if (m == kNoMonth) continue;
    first = first == kNoMonth ? m : std::min(first, m);
    last = last == kNoMonth ? m : std::max(last, m);
  }
  if (first == kNoMonth || first + options.min_history_months > last) {
    throw Error(ErrorCode::data, kStage,
                "the incidents span too few months for a backtest (need more than " +
                    std::to_string(options.min_history_months) + " months with data)");
  }
  PlannerOptions planner = options.planner;
  planner.cameras = options.units;
  planner.budget.reset();

  RotationResult result;
  std::vector<std::uint32_t> first_plan;
  for (MonthIndex start = first + options.min_history_months; start <= last; start += options.period_months) {
    RotationPeriod period;
    period.start = start;
    period.end = std::min(last, start + options.period_months - 1);
    const std::vector<double> past = window_weights(incidents, points, std::max(first, start - options.max_history_months),
                                                    start - 1, options.half_life_months);
    const std::vector<double> next = window_weights(incidents, points, period.start, period.end, std::nullopt);
    period.demand = std::accumulate(next.begin(), next.end(), 0.0);

    const Plan plan = plan_cameras(PlannerInput{&coverage, sites, &fixed, past}, planner);
    period.plan = plan.cameras;
    const std::vector<std::uint32_t> planned = columns_of(plan);
    if (first_plan.empty()) first_plan = planned;

    // (b) density peaks: the sites that individually saw the most past demand, one column per site.
    std::vector<std::pair<double, std::uint32_t>> alone;
    for (std::uint32_t c = 0; c < coverage.columns.size(); ++c) {
      const auto& col = coverage.columns[c];
      if (coverage.site_inside_obstacle[col.site] != 0) continue;
      double g = 0;
      for (std::size_t k = 0; k < col.points.size(); ++k) g += past[col.points[k]] * col.quality[k];
      alone.push_back({-g, c});
    }
    std::sort(alone.begin(), alone.end());
    std::vector<std::uint32_t> peaks;
    std::vector<std::uint8_t> site_used(coverage.sites, 0);
    for (const auto& [neg, c] : alone) {
      if (peaks.size() >= static_cast<std::size_t>(options.units)) break;
      if (site_used[coverage.columns[c].site] != 0) continue;
      site_used[coverage.columns[c].site] = 1;
      peaks.push_back(c);
    }
    const Plan hindsight = plan_cameras(PlannerInput{&coverage, sites, &fixed, next}, planner);

    const PlannerInput evaluation{&coverage, sites, &fixed, next};
    const double base = coverage_objective(evaluation, {}, 0.0);
    const auto share = [&](const std::vector<std::uint32_t>& cols) {
      return period.demand > 0 ? (coverage_objective(evaluation, cols, 0.0) - base) / period.demand : 0.0;
    };
    period.fixed_share = period.demand > 0 ? base / period.demand : 0.0;
    period.planned_share = share(planned);
    period.stay_share = share(first_plan);
    period.peaks_share = share(peaks);
    period.hindsight_share = std::max(share(columns_of(hindsight)), period.planned_share);
    result.periods.push_back(std::move(period));
  }
  const auto mean = [&](double RotationPeriod::*field) {
    double total = 0;
    for (const auto& p : result.periods) total += p.*field;
    return total / static_cast<double>(result.periods.size());
  };
  result.planned_mean = mean(&RotationPeriod::planned_share);
  result.stay_mean = mean(&RotationPeriod::stay_share);
  result.peaks_mean = mean(&RotationPeriod::peaks_share);
  result.hindsight_mean = mean(&RotationPeriod::hindsight_share);
  return result;
}

}  // namespace hotspot
