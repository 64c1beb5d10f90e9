#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"

namespace hotspot {

/// The rules the coming period's moves keep. Each is optional; the defaults are stated.
struct MoveRules {
  /// A unit placed fewer than this many months before the period starts stays: placements are
  /// agreed for about a quarter. 0: none.
  int min_stay_months = 3;
  /// No unit moves to a site a redeployable camera left fewer than this many months before
  /// the period (from the deployments log), nor to a site another unit leaves now. 0: none.
  /// Six months: a return the next quarter but one is allowed.
  int no_return_months = 6;
  std::optional<int> max_moves;      ///< at most this many units move; none: any number
  std::optional<double> max_move_m;  ///< a unit moves at most this far; none: anywhere
  /// A unit that moves stands at least this far from every other unit (two units that stay
  /// are exempt: they are there already). 0: none; overlapping views already gain nothing.
  double min_separation_m = 0;
  /// A move must add at least this share of what the unit would see by staying, and of what
  /// the average unit sees by staying, so a unit at a quiet site does not move for crumbs. The
  /// plan maximises demand seen minus that margin for each move. 0.2: a move costs money and
  /// goodwill; the backtest in docs/cctv.md compares 0, 0.2 and 0.5.
  double move_threshold = 0.2;
};

/// One unit for the solver: where it stands and whether it may move.
struct MoveUnit {
  std::uint32_t site = 0;  ///< index into the problem's sites
  bool must_stay = false;
};

/// The moves problem over coverage that is already computed.
struct MoveProblem {
  const CoverageMatrix* coverage = nullptr;  ///< every site a unit stands at or may move to
  std::span<const CameraSite> sites;
  const CoverageMatrix* fixed = nullptr;     ///< the fixed network; may be null
  std::span<const double> demand;            ///< forecast weight per demand point
  std::vector<std::uint8_t> destination;     ///< per site: 1 when a unit may move there
  std::vector<MoveUnit> units;
};

/// The best moves found.
struct MoveSolution {
  std::vector<std::uint32_t> columns;  ///< per unit: its column next period
  std::vector<std::uint8_t> moved;     ///< per unit: 1 when it moves
  std::vector<double> margin;          ///< per unit: what a move of it must add (the penalty)
  std::vector<std::uint32_t> stay_columns;  ///< per unit: its best column if it stays
  double seen = 0;       ///< forecast weight seen beyond the fixed network
  double stay_seen = 0;  ///< the same if every unit stays
  double objective = 0;  ///< seen − the margins of the moves
  int moves = 0;
  std::string method;    ///< "local search", "local search (proven optimal by CBC)", "CBC ..."
  bool optimal = false;  ///< proven by CBC
};

/// Chooses, for every unit, to stay (at its site, best heading) or to move to a destination,
/// maximising the forecast demand the units see beyond the fixed network minus the margin of
/// each move, under: one unit per site, units that must stay stay, at most `max_moves` moves,
/// moves of at most `max_move_m`, and `min_separation_m` between a moved unit and any other.
/// Destinations whose view holds no forecast demand beyond the fixed network are not
/// considered. Best-improvement local search from everyone staying, then (exact) a MIP solved
/// by COIN-OR CBC from that answer; the better is kept and re-evaluated by our own code.
/// Deterministic (ties to the lower unit and column). Throws Error(usage) on bad rules.
[[nodiscard]] MoveSolution solve_moves(const MoveProblem& problem, const MoveRules& rules, bool exact = true,
                                       double time_limit_s = 60);

}  // namespace hotspot
