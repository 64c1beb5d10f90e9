#pragma once

#include "hotspot/cctv/next_moves.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// The scene of the commands that work on agreed candidate sites (cctv next, cctv appraise):
/// cctv's, without the candidate lattice, so units move between (and appraisals rank) the
/// agreed sites unless a spacing is given.
[[nodiscard]] CctvStepOptions agreed_sites_scene();

/// `hotspot cctv next`: where the redeployable units go in the coming period.
struct NextStepOptions {
  /// Camera, candidates, obstacles, existing cameras (the fixed network) and the demand model
  /// (`scene.demand`, never `history`). The separation, --exact and the CBC time limit are the
  /// planner's (`scene.cctv.planner`), shared with cctv.
  CctvStepOptions scene = agreed_sites_scene();
  /// The units, the deployments log, the rules and the period. Its demand, separation, exact
  /// and time limit are set from `scene`.
  NextMovesOptions next;
};

/// Every option of `cctv next`.
void declare_next(step::Declarer& d, NextStepOptions& options);

/// The library's options: the scene (no demand raster) and the moves' options with the
/// demand model, the separation and the solver settings taken from the scene.
struct ResolvedNext {
  CctvOptions scene;
  NextMovesOptions next;
};
[[nodiscard]] ResolvedNext resolve_next(const NextStepOptions& options);

/// Plans the moves and writes moves.csv, demand_backtest.csv and the layers moves, units and
/// unit_coverage (none under --publish: they place the units); prints the plan, the demand
/// model's sentence and the intervals.
NextMovesReport run_next_moves(const PreparedIncidents& prepared, const NextStepOptions& options, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec next_command();

}  // namespace hotspot::commands
