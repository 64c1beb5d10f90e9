#pragma once

#include <optional>
#include <string>

#include "hotspot/geo/study_area.hpp"
#include "hotspot/patrol/patrol_planner.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// `hotspot patrol`: micro-places ranked by stable harm, the few holding a share of it, visits
/// dosed on the Koper curve, split among units and routed.
struct PatrolStepOptions {
  patrol::PatrolOptions patrol;
  std::optional<AreaSource> roads;  ///< routes along them; street segments as places with `segments`
  bool segments = false;            ///< street segments of the roads as places instead of grid cells
  bool drive = false;               ///< units drive (25 km/h unless a speed is given)
  std::optional<double> speed_kmh;  ///< unset: 5 walking, 25 driving
  /// Also backtest the selection month by month (patrol_backtest.csv); the command sets it
  /// when a file is named for it.
  bool backtest = false;
};

/// The patrol options (groups "Patrol places", "Selection and dosage", "Beats, routes and
/// schedule"). `plan` declares the same with fewer of them.
void declare_patrol(step::Declarer& d, PatrolStepOptions& options);

/// The patrol plan: places (layer patrol_areas), routes (patrol_routes) and one briefing per
/// unit (briefing_unit_N.csv), the last two withheld under --publish; with `backtest`, the
/// month-by-month backtest too (patrol_backtest.csv). Prints the plan.
patrol::PatrolPlan run_patrol(const PreparedIncidents& prepared, const PatrolStepOptions& options, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec patrol_command();

}  // namespace hotspot::commands
