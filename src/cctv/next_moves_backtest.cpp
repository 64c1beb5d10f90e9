#include "hotspot/cctv/next_moves_backtest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cctv/camera_outlook.hpp"
#include "cctv/cctv_scene.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.next_backtest";

std::vector<std::uint32_t> planned(const CoverageMatrix& coverage, std::span<const CameraSite> sites, const CoverageMatrix* fixed,
                                   std::span<const double> weight, const PlannerOptions& planner) {
  const Plan plan = plan_cameras(PlannerInput{&coverage, sites, fixed, weight}, planner);
  std::vector<std::uint32_t> out;
  for (const auto& c : plan.cameras) out.push_back(c.column);
  return out;
}

}  // namespace

NextMovesBacktest backtest_next_moves(const Incidents& incidents, const WeightedPoints& points, const CoverageMatrix& coverage,
                                      std::span<const CameraSite> sites, const CoverageMatrix* fixed,
                                      const NextMovesBacktestOptions& options) {
  if (options.units < 1 || options.period_months < 1) {
    throw Error(ErrorCode::usage, kStage, "the backtest needs at least one unit and a period of at least one month");
  }
  NextMovesBacktest out;
  out.interval_level = options.demand.interval_level;
  const int period = options.period_months;
  DemandModelOptions demand = options.demand;
  demand.horizon_months = period;
  demand.cameras = options.units;
  PlannerOptions planner = options.planner;
  planner.cameras = options.units;
  planner.budget.reset();
  const std::vector<double> base = detail::fixed_quality(fixed, points.size());
  const auto seen = [&](const std::vector<std::uint32_t>& columns, const std::vector<double>& weight) {
    return detail::seen_beyond(base, coverage, columns, weight);
  };

  std::vector<MonthIndex> months;
  for (const MonthIndex m : incidents.month) {
    if (m != kNoMonth) months.push_back(m);
  }
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  // The same incidents with the months after each origin hidden (kNoMonth is never used).
  Incidents masked = incidents;

  for (std::size_t b = 0; b < months.size();) {
    std::size_t e = b;
    while (e + 1 < months.size() && months[e + 1] == months[e] + 1) ++e;
    const MonthIndex block_first = months[b], block_last = months[e];
    b = e + 1;
    const MonthIndex t0 = block_first + demand.min_training_months - 1;
    std::vector<std::uint32_t> initial, current;
    std::vector<MonthIndex> placed;
    std::vector<MonthIndex> left_at(coverage.sites, kNoMonth);
    for (MonthIndex t = t0; t + period <= block_last; t += period) {
      for (std::size_t r = 0; r < incidents.size(); ++r) {
        masked.month[r] = incidents.month[r] != kNoMonth && incidents.month[r] > t ? kNoMonth : incidents.month[r];
      }
      const DemandChoice choice = choose_demand_model(masked, points, CameraScene{&coverage, sites, fixed}, demand, planner);
      const auto forecast = forecast_demand(masked, points, choice.model, t, demand.history_months, period);
      const auto forecast_count = forecast_demand(masked, points, choice.model, t, demand.history_months, period, true);
      const auto later = window_sum(incidents, points, t + 1, t + period, false);
      const auto later_count = window_sum(incidents, points, t + 1, t + period, true);
      NextMovesBacktestPeriod p;
      p.first = t + 1;
      p.last = t + period;
      p.model = choice.model.id();
      p.demand = std::accumulate(later.begin(), later.end(), 0.0);
      if (t == t0) {
        initial = planned(coverage, sites, fixed, forecast, planner);
        current = initial;
        placed.assign(current.size(), t + 1);
        p.chain_start = true;
      } else if (!current.empty()) {
        std::vector<std::uint8_t> destination(coverage.sites, 1);
        const int no_return = options.rules.no_return_months;
        for (std::size_t s = 0; s < coverage.sites; ++s) {
          if (no_return > 0 && left_at[s] != kNoMonth && left_at[s] >= t + 1 - no_return) destination[s] = 0;
        }
        MoveProblem problem{&coverage, sites, fixed, forecast, destination, {}};
        for (std::size_t u = 0; u < current.size(); ++u) {
          const std::uint32_t site = coverage.columns[current[u]].site;
          if (no_return > 0) problem.destination[site] = 0;
          problem.units.push_back({site, t + 1 - placed[u] < options.rules.min_stay_months});
        }
        const MoveSolution solution = solve_moves(problem, options.rules, options.exact, options.time_limit_s);
        for (std::size_t u = 0; u < current.size(); ++u) {
          if (solution.moved[u] == 0) continue;
          left_at[coverage.columns[current[u]].site] = t;
          placed[u] = t + 1;
        }
        current = solution.columns;
        p.moves = solution.moves;
      }
      // Last period's busiest sites: each site alone at its best heading, overlap ignored.
      const auto past = window_sum(incidents, points, t - period + 1, t, false);
      std::vector<std::pair<double, std::uint32_t>> alone;
      for (std::uint32_t c = 0; c < coverage.columns.size(); ++c) {
        if (coverage.site_inside_obstacle.size() > coverage.columns[c].site &&
            coverage.site_inside_obstacle[coverage.columns[c].site] != 0) {
          continue;
        }
        const double v = seen({c}, past);
        if (v > 0) alone.push_back({-v, c});
      }
      std::sort(alone.begin(), alone.end());
      std::vector<std::uint32_t> busiest;
      for (const auto& entry : alone) {
        const std::uint32_t c = entry.second;  // a plain variable: lambdas cannot capture bindings before C++20 in clang 14
        if (busiest.size() >= static_cast<std::size_t>(options.units)) break;
        const CameraSite& site = sites[coverage.columns[c].site];
        const bool clash = std::any_of(busiest.begin(), busiest.end(), [&](std::uint32_t other) {
          const CameraSite& o = sites[coverage.columns[other].site];
          return coverage.columns[other].site == coverage.columns[c].site ||
                 std::hypot(o.x - site.x, o.y - site.y) < std::max(options.rules.min_separation_m, planner.min_separation_m);
        });
        if (!clash) busiest.push_back(c);
      }
      const auto fresh = planned(coverage, sites, fixed, forecast, planner);
      const auto hindsight = planned(coverage, sites, fixed, later, planner);
      p.policy = seen(current, later);
      p.stay = seen(initial, later);
      p.busiest = seen(busiest, later);
      p.fresh = seen(fresh, later);
      p.hindsight = std::max({seen(hindsight, later), p.policy, p.stay, p.busiest, p.fresh});
      if (choice.backtested && !current.empty()) {
        p.has_interval = true;
        p.forecast = apply_interval(choice.total_count, seen(current, forecast_count));
        p.realised = seen(current, later_count);
        const double tol = 1e-9 * std::max(1.0, p.realised);
        const bool inside = p.realised >= p.forecast.low - tol && p.realised <= p.forecast.high + tol;
        ++out.interval_trials;
        out.interval_inside += inside ? 1 : 0;
        const auto unit_forecast = detail::shared_seen(base, coverage, current, forecast_count);
        const auto unit_realised = detail::shared_seen(base, coverage, current, later_count);
        for (std::size_t u = 0; u < current.size(); ++u) {
          if (!(unit_forecast[u] > 0)) continue;
          const ForecastFigure f = apply_interval(choice.per_camera_count, unit_forecast[u]);
          ++p.unit_trials;
          const double t_u = 1e-9 * std::max(1.0, unit_realised[u]);
          p.unit_inside += unit_realised[u] >= f.low - t_u && unit_realised[u] <= f.high + t_u ? 1 : 0;
        }
        out.unit_trials += p.unit_trials;
        out.unit_inside += p.unit_inside;
      }
      out.demand += p.demand;
      out.policy += p.policy;
      out.stay += p.stay;
      out.busiest += p.busiest;
      out.fresh += p.fresh;
      out.hindsight += p.hindsight;
      out.moves += p.moves;
      out.periods.push_back(std::move(p));
    }
  }
  return out;
}

std::string next_moves_backtest_markdown(const NextMovesBacktest& backtest) {
  const auto share = [](double v, double d) { return d > 0 ? detail::fixed_text(100 * v / d, 1) : std::string("–"); };
  std::string out =
      "| period | model | moves | `next` | stay put | last period's busiest | fresh plan | hindsight | forecast incidents (interval) | seen |\n"
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n";
  for (const auto& p : backtest.periods) {
    out += "| " + format_month(p.first) + " to " + format_month(p.last) + (p.chain_start ? " (start)" : "") + " | " + p.model +
           " | " + std::to_string(p.moves) + " | " + share(p.policy, p.demand) + " | " + share(p.stay, p.demand) + " | " +
           share(p.busiest, p.demand) + " | " + share(p.fresh, p.demand) + " | " + share(p.hindsight, p.demand) + " | " +
           (p.has_interval ? detail::fixed_text(p.forecast.expected, 0) + " (" + detail::fixed_text(p.forecast.low, 0) + "–" +
                                 detail::fixed_text(p.forecast.high, 0) + ")"
                           : std::string("–")) +
           " | " + (p.has_interval ? detail::fixed_text(p.realised, 0) : std::string("–")) + " |\n";
  }
  out += "| **all periods** | | " + std::to_string(backtest.moves) + " | **" + share(backtest.policy, backtest.demand) + "** | " +
         share(backtest.stay, backtest.demand) + " | " + share(backtest.busiest, backtest.demand) + " | " +
         share(backtest.fresh, backtest.demand) + " | " + share(backtest.hindsight, backtest.demand) + " | " +
         std::to_string(backtest.interval_inside) + " of " + std::to_string(backtest.interval_trials) + " inside | |\n";
  return out;
}

}  // namespace hotspot
