// `hotspot trends`: ArcGIS-style Emerging Hot Spot Analysis over monthly steps.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/trends/emerging_analysis.hpp"

namespace hotspot::cli {
namespace {

struct TrendsFlags {
  InputFlags input;
  std::string shape = "square";
  double cell_size = 0.0;
  double band = 0.0;
  trends::EmergingOptions emerging;
  std::string gaps = "error";
  std::string correction = "fdr";
  std::string global_window = "cube";
  std::string output;
  PublishFlags publish;
  bool no_style = false;
};

void run_trends(const TrendsFlags& flags) {
  using namespace significance;
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  trends::EmergingAnalysisOptions options;
  options.shape = flags.shape == "hexagon" ? CellShape::hexagon : CellShape::square;
  options.cell_size = flags.cell_size;
  options.band = flags.band;
  options.gaps = flags.gaps == "skip"        ? trends::GapPolicy::skip
                 : flags.gaps == "zero-fill" ? trends::GapPolicy::zero_fill
                                             : trends::GapPolicy::error;
  options.emerging = flags.emerging;
  options.emerging.correction = flags.correction == "bonferroni" ? Correction::bonferroni
                                : flags.correction == "none"     ? Correction::none
                                                                 : Correction::false_discovery_rate;
  options.emerging.global_window =
      flags.global_window == "step" ? trends::GlobalWindow::individual_step : trends::GlobalWindow::entire_cube;
  const trends::EmergingAnalysis analysis = trends::emerging_analysis(prepared, options);
  const trends::SpaceTimeCube& cube = analysis.cube;
  if (!cube.missing_months.empty()) {
    std::fprintf(stderr, "hotspot: warning: %zu month(s) missing from the data, %s: %s\n", cube.missing_months.size(),
                 options.gaps == trends::GapPolicy::skip ? "skipped (steps are the months present)"
                                                         : "counted as months without incidents",
                 trends::month_list(cube.missing_months).c_str());
  }
  if (analysis.dropped > 0) {
    std::fprintf(stderr, "hotspot: %zu incidents without a month were not counted\n", analysis.dropped);
  }
  if (flags.publish.publish) {
    const VectorLayer published = publish_for_output(analysis.layer, privacy::emerging_rules(), flags.publish);
    write_layers({&published}, flags.output, !flags.no_style);
  } else {
    write_layers({&analysis.layer}, flags.output, !flags.no_style);
  }
  const auto& steps = analysis.result.steps;
  std::fprintf(stderr, "hotspot: %zu monthly steps %s..%s, %zu cells analysed; wrote %s\n", steps.size(),
               format_month(steps.front()).c_str(), format_month(steps.back()).c_str(),
               analysis.layer.features.size(), flags.output.c_str());
  for (std::size_t p = 1; p < analysis.per_pattern.size(); ++p) {
    if (analysis.per_pattern[p] > 0) {
      std::fprintf(stderr, "hotspot:   %s: %zu\n",
                   std::string(trends::pattern_name(static_cast<trends::Pattern>(p))).c_str(),
                   analysis.per_pattern[p]);
    }
  }
}

}  // namespace

void register_trends_command(CLI::App& app) {
  auto flags = std::make_shared<TrendsFlags>();
  auto* sub = app.add_subcommand("trends",
                                 "Emerging hot spot analysis over months: space-time Gi*, Mann-Kendall trend and the "
                                 "ArcGIS patterns (new, consecutive, intensifying, persistent, ...) per cell");
  add_input_options(*sub, flags->input);
  auto* g = "Trends";
  sub->add_option("--shape", flags->shape, "Cell shape")
      ->check(CLI::IsMember({"square", "hexagon"}))
      ->default_val("square")
      ->group(g);
  sub->add_option("--cell-size", flags->cell_size, "Cell size in metres; default: mean nearest-neighbour distance")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--band", flags->band, "Neighbourhood distance in metres (default 1.5 cells)")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--time-window", flags->emerging.time_window, "Previous months in the neighbourhood")
      ->default_val(1)
      ->check(CLI::Range(0, 120))
      ->group(g);
  sub->add_option("--global-window", flags->global_window, "Mean and SD over the whole cube or each month")
      ->check(CLI::IsMember({"cube", "step"}))
      ->default_val("cube")
      ->group(g);
  sub->add_option("--alpha", flags->emerging.alpha, "Significance level of hot/cold bins and trends")
      ->default_val(0.10)
      ->check(CLI::Range(1e-9, 0.5))
      ->group(g);
  sub->add_option("--correction", flags->correction, "Multiple-testing correction over all bins")
      ->check(CLI::IsMember({"fdr", "bonferroni", "none"}))
      ->default_val("fdr")
      ->group(g);
  sub->add_option("--gaps", flags->gaps,
                  "Months missing between the first and last: error, skip (steps = months present) or zero-fill")
      ->check(CLI::IsMember({"error", "skip", "zero-fill"}))
      ->default_val("error")
      ->group(g);
  sub->add_option("--threads", flags->emerging.threads, "Threads (0 = all); results do not depend on it")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber)
      ->group(g);
  sub->add_option("--output,-o", flags->output, "Output .gpkg or .geojson (one polygon per analysed cell)")
      ->required()
      ->group("Output");
  add_publish_options(*sub, flags->publish);
  add_style_option(*sub, flags->no_style);
  sub->callback([flags] { run_trends(*flags); });
}

}  // namespace hotspot::cli
