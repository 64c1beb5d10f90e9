#pragma once

#include <string>

#include "hotspot/cctv/appraise.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/commands/next_moves.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// `hotspot cctv appraise`: does a named site (or a place) earn a camera?
struct AppraiseStepOptions {
  /// Camera, candidates (ranked against), obstacles, existing cameras and the demand model
  /// (`scene.demand`, never `history`; its horizon is the backtest's quarter).
  CctvStepOptions scene = agreed_sites_scene();
  /// The sites, places, horizon, walking distance and alternatives. Its demand is set from
  /// `scene`.
  AppraiseOptions appraise;
};

/// Every option of `cctv appraise`.
void declare_appraise(step::Declarer& d, AppraiseStepOptions& options);

/// The library's options: the scene (no demand raster) and the appraisal's options with the
/// demand model taken from the scene.
struct ResolvedAppraise {
  CctvOptions scene;
  AppraiseOptions appraise;
};
[[nodiscard]] ResolvedAppraise resolve_appraise(const AppraiseStepOptions& options);

/// The short table printed for the sites: site, incidents seen, not seen by existing
/// cameras, expected over `horizon_months` (with the interval), rank and share of the best, in
/// aligned columns under a line saying what each means.
[[nodiscard]] std::string appraisal_text_table(const AppraisalReport& report, int horizon_months);

/// Appraises the sites and writes appraisal.csv (withheld under --publish: unchecked counts);
/// prints the short table and each site's paragraph.
AppraisalReport run_appraise(const PreparedIncidents& prepared, const AppraiseStepOptions& options, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec appraise_command();

}  // namespace hotspot::commands
