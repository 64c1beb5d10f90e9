#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/cctv/move_solver.hpp"

namespace hotspot {

/// Options of `backtest_next_moves`.
struct NextMovesBacktestOptions {
  int units = 4;
  int period_months = 3;
  MoveRules rules;
  /// Chosen afresh at every period from the months before it; horizon and cameras are set
  /// from `period_months` and `units`.
  DemandModelOptions demand;
  PlannerOptions planner;  ///< the first placement, the fresh plan and hindsight (cameras = units)
  bool exact = true;       ///< CBC for the moves
  double time_limit_s = 60;
};

/// One period of the chain: what each way of placing the units saw of the period's demand
/// (weight, beyond the fixed network).
struct NextMovesBacktestPeriod {
  MonthIndex first = kNoMonth, last = kNoMonth;
  bool chain_start = false;  ///< the first period after a gap: every way starts from one plan
  std::string model;         ///< the demand model in force
  double demand = 0;         ///< all the period's weight
  double policy = 0;         ///< the units moved by solve_moves each period
  double stay = 0;           ///< the units left where the chain's first plan put them
  double busiest = 0;        ///< the units at last period's busiest sites (overlap ignored)
  double fresh = 0;          ///< a fresh plan each period, every unit free to move, no margin
  double hindsight = 0;      ///< planned on the period's own demand
  int moves = 0;
  /// The policy's forecast of incidents seen (all units together, counts) with its interval,
  /// and what they saw; `has_interval` false when the model's backtest was too short.
  ForecastFigure forecast;
  double realised = 0;
  bool has_interval = false;
  std::size_t unit_trials = 0, unit_inside = 0;  ///< the units' own intervals
};

struct NextMovesBacktest {
  std::vector<NextMovesBacktestPeriod> periods;
  double demand = 0, policy = 0, stay = 0, busiest = 0, fresh = 0, hindsight = 0;  ///< sums
  int moves = 0;
  std::size_t interval_trials = 0, interval_inside = 0;  ///< totals inside their interval
  std::size_t unit_trials = 0, unit_inside = 0;
  double interval_level = 0.8;
};

/// A rolling backtest of `cctv next` over the monthly history. In each run of consecutive
/// months, the units are first placed by the coverage planner on the forecast made at the
/// run's `demand.min_training_months`-th month; then every `period_months` the demand model
/// is chosen again from the months before (later months hidden) and solve_moves decides the
/// moves under `rules`, with the placements and departures of the chain as its deployments
/// log. Each period is scored on what the placements saw of the period's own demand, against
/// staying put, last period's busiest sites, a fresh plan and hindsight. `points` are the
/// incidents' locations and `coverage`/`fixed` are over them. Deterministic.
[[nodiscard]] NextMovesBacktest backtest_next_moves(const Incidents& incidents, const WeightedPoints& points,
                                                    const CoverageMatrix& coverage, std::span<const CameraSite> sites,
                                                    const CoverageMatrix* fixed, const NextMovesBacktestOptions& options);

/// One row per period and a total row, Markdown; shares of the period's demand in %.
[[nodiscard]] std::string next_moves_backtest_markdown(const NextMovesBacktest& backtest);

}  // namespace hotspot
