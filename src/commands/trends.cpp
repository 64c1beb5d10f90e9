#include "hotspot/commands/trends.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "hotspot/core/numbers.hpp"
#include "hotspot/commands/cells.hpp"
#include "hotspot/commands/choices.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "trends";

constexpr std::array<step::Choice<trends::GlobalWindow>, 2> kGlobalWindows{
    {{"cube", trends::GlobalWindow::entire_cube}, {"step", trends::GlobalWindow::individual_step}}};
constexpr std::array<step::Choice<trends::GapPolicy>, 3> kGaps{{{"error", trends::GapPolicy::error},
                                                               {"skip", trends::GapPolicy::skip},
                                                               {"zero-fill", trends::GapPolicy::zero_fill}}};

}  // namespace

void declare_trends(step::Declarer& d, TrendsOptions& options) {
  trends::EmergingAnalysisOptions& a = options.analysis;
  d.group("Trends");
  declare_cells(d, a.shape, a.cell_size, a.band, "Cell size in metres; default: mean nearest-neighbour distance",
                "Neighbourhood distance in metres, or auto: 1.5 cells (the cell and its 8 neighbours)", kStage);
  d.integer("time-window", a.emerging.time_window, "Previous months in the neighbourhood").range(0, 120);
  d.choice<trends::GlobalWindow>("global-window", a.emerging.global_window, kGlobalWindows,
                                 "Mean and SD over the whole cube or each month");
  d.number("alpha", a.emerging.alpha, "Significance level of hot/cold bins and trends")
      .above(0)
      .at_most(0.5)
      .override_of_default("0.1: the 90% level of ArcGIS's emerging hot spot analysis, so the patterns match");
  d.choice<significance::Correction>("correction", a.emerging.correction, kCorrections,
                                     "Multiple-testing correction over all bins");
  d.choice<trends::GapPolicy>("gaps", a.gaps, kGaps,
                              "Months missing between the first and last: error, skip (steps = months present) or "
                              "zero-fill");
  d.integer("threads", a.emerging.threads, "Threads (0 = all); results do not depend on it").at_least(0);
}

trends::EmergingAnalysis run_trends(const PreparedIncidents& prepared, const TrendsOptions& options,
                                    step::OutputSink& sink) {
  const trends::EmergingAnalysisOptions& a = options.analysis;
  trends::EmergingAnalysis analysis = trends::emerging_analysis(prepared, a);
  step::Messages& out = sink.messages();
  const trends::SpaceTimeCube& cube = analysis.cube;
  if (!cube.missing_months.empty()) {
    out.note(format("%zu month(s) missing from the data, %s: %s", cube.missing_months.size(),
                    a.gaps == trends::GapPolicy::skip ? "skipped (steps are the months present)"
                                                      : "counted as months without incidents",
                    trends::month_list(cube.missing_months).c_str()));
  }
  if (analysis.dropped > 0) out.note(format("%zu incidents without a month were not counted", analysis.dropped));
  sink.layer(analysis.layer, privacy::emerging_rules());
  const auto& steps = analysis.result.steps;
  out.status(format("%zu monthly steps %s..%s, %zu cells analysed", steps.size(), format_month(steps.front()).c_str(),
                    format_month(steps.back()).c_str(), analysis.layer.features.size()));
  for (std::size_t p = 1; p < analysis.per_pattern.size(); ++p) {
    if (analysis.per_pattern[p] > 0) {
      out.status(format("  %s: %zu", std::string(trends::pattern_name(static_cast<trends::Pattern>(p))).c_str(),
                        analysis.per_pattern[p]));
    }
  }
  return analysis;
}

step::CommandSpec trends_command() {
  return step::vector_file_command<TrendsOptions>(
      "trends",
      "Emerging hot spot analysis over months: space-time Gi*, Mann-Kendall trend and the ArcGIS patterns (new, "
      "consecutive, intensifying, persistent, ...) per cell",
      {{kTrendsLayer, step::OutputKind::vector, "emerging_hot_spots.geojson",
        "one polygon per analysed cell: its pattern, trend and final bin", true}},
      // Not streamable: the cube needs each row's month.
      step::VectorFileStep<TrendsOptions, trends::EmergingAnalysis>{
          declare_trends, run_trends, /*streamable=*/false, "Output .gpkg or .geojson (one polygon per analysed cell)",
          [](const step::VectorFileOutput&) { return std::string(kTrendsLayer); }});
}

}  // namespace hotspot::commands
