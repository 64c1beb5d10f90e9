#pragma once

#include "hotspot/cctv/camera_model.hpp"
#include "hotspot/cctv/candidate_sites.hpp"
#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/cctv/visibility.hpp"
#include "hotspot/evaluation/backtest.hpp"
#include "hotspot/evaluation/camera_backtest.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// `hotspot backtest`: which map predicts next month best here, and (with cameras) planned
/// cameras against cameras at the busiest places.
struct BacktestStepOptions {
  evaluation::BacktestOptions maps;
  int cameras = 0;  ///< cameras to backtest; 0: no camera backtest
  CameraModel camera;
  VisibilityOptions visibility;
  CandidateOptions candidates;  ///< the lattice spacing
  PlannerOptions planner;       ///< the separation
};

void declare_backtest(step::Declarer& d, BacktestStepOptions& options);

/// Both backtests; writes backtest.csv, backtest_summary.csv, backtest.md and
/// camera_backtest.csv where the sink wants them, and prints the Markdown table.
struct BacktestOutcome {
  evaluation::BacktestResult maps;
  std::optional<evaluation::CameraBacktestResult> cameras;
};
BacktestOutcome run_backtest(const PreparedIncidents& prepared, const BacktestStepOptions& options, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec backtest_command();

}  // namespace hotspot::commands
