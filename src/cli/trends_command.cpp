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
#include "hotspot/geo/crs.hpp"
#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/trends/emerging_hotspots.hpp"

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
};

std::string month_list(const std::vector<MonthIndex>& months) {
  std::string out;
  for (MonthIndex m : months) {
    if (!out.empty()) out += ",";
    out += format_month(m);
  }
  return out;
}

void run_trends(const TrendsFlags& flags) {
  using namespace significance;
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& in = prepared.incidents;
  if (in.empty()) throw Error(ErrorCode::data, "trends", "no incidents left after filtering");
  CellGridOptions grid_options;
  grid_options.shape = flags.shape == "hexagon" ? CellShape::hexagon : CellShape::square;
  grid_options.cell_size = flags.cell_size;
  const CellGrid grid = aggregate_to_cells(in.x, in.y, in.weight, grid_options).grid;
  const std::vector<double> counts = incident_counts(in, grid_options, grid);
  const trends::GapPolicy gaps = flags.gaps == "skip"        ? trends::GapPolicy::skip
                                 : flags.gaps == "zero-fill" ? trends::GapPolicy::zero_fill
                                                             : trends::GapPolicy::error;
  std::size_t dropped = 0;
  trends::SpaceTimeCube cube = trends::monthly_cube(in.x, in.y, in.month, in.weight, grid, gaps, &dropped);
  if (!cube.missing_months.empty()) {
    std::fprintf(stderr, "hotspot: warning: %zu month(s) missing from the data, %s: %s\n", cube.missing_months.size(),
                 gaps == trends::GapPolicy::skip ? "skipped (steps are the months present)"
                                                 : "counted as months without incidents",
                 month_list(cube.missing_months).c_str());
  }
  if (dropped > 0) std::fprintf(stderr, "hotspot: %zu incidents without a month were not counted\n", dropped);
  if (prepared.area) {
    cube.mask.assign(grid.size(), 0);
    for (std::int32_t r = 0; r < grid.rows; ++r) {
      for (std::int32_t c = 0; c < grid.columns; ++c) {
        const auto [x, y] = grid.centre(c, r);
        cube.mask[static_cast<std::size_t>(r) * grid.columns + c] = prepared.area->contains(x, y) ? 1 : 0;
      }
    }
  }
  trends::EmergingOptions options = flags.emerging;
  // Default band: the ring of adjacent cells (1.5 cells reaches the 8 neighbours of a square).
  options.band = flags.band > 0 ? flags.band : 1.5 * grid.cell_size;
  check_distance(options.band, "--band", std::hypot(grid.columns * grid.cell_size, grid.rows * grid.row_spacing()));
  options.correction = flags.correction == "bonferroni" ? Correction::bonferroni
                       : flags.correction == "none"     ? Correction::none
                                                        : Correction::false_discovery_rate;
  options.global_window =
      flags.global_window == "step" ? trends::GlobalWindow::individual_step : trends::GlobalWindow::entire_cube;
  const trends::EmergingResult r = trends::emerging_hot_spots(cube, options);

  VectorLayer layer;
  layer.name = "emerging_hot_spots";
  layer.geometry = GeometryKind::polygon;
  layer.crs = prepared.crs.definition;
  layer.metadata = {{"hotspot_stage", "trends.emerging"},
                    {"crs", prepared.crs.definition},
                    {"cell_shape", flags.shape},
                    {"cell_size_m", metadata_number(grid.cell_size)},
                    {"band_m", metadata_number(options.band)},
                    {"time_window_steps", std::to_string(options.time_window)},
                    {"global_window", flags.global_window == "step" ? "individual step" : "entire cube"},
                    {"alpha", metadata_number(options.alpha)},
                    {"correction", flags.correction},
                    {"steps", month_list(r.steps)},
                    {"missing_months", cube.missing_months.empty() ? "none" : month_list(cube.missing_months)},
                    {"gap_policy", flags.gaps},
                    {"rules", "docs/trends.md"}};
  layer.fields = {{"column", FieldType::integer},     {"row", FieldType::integer},
                  {"pattern", FieldType::string},     {"incidents", FieldType::real},
                  {"incident_count", FieldType::integer}, {"hot_steps", FieldType::integer},  {"cold_steps", FieldType::integer},
                  {"trend_z", FieldType::real},       {"trend_p", FieldType::real},
                  {"trend_tau", FieldType::real},     {"final_z", FieldType::real},
                  {"final_bin", FieldType::integer}};
  const std::size_t cells = grid.size(), steps = r.steps.size();
  std::vector<std::size_t> per_pattern(17, 0);
  for (std::int32_t row = 0; row < grid.rows; ++row) {
    for (std::int32_t col = 0; col < grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.columns + col;
      if (!r.analysed[i]) continue;
      double total = 0;
      std::int64_t hot = 0, cold = 0;
      for (std::size_t t = 0; t < steps; ++t) {
        total += cube.value[t * cells + i];
        // Hot and cold as the patterns count them: significant at --alpha.
        const double z = r.z[t * cells + i], p = r.p_adjusted[t * cells + i];
        hot += z > 0 && p <= options.alpha ? 1 : 0;
        cold += z < 0 && p <= options.alpha ? 1 : 0;
      }
      ++per_pattern[static_cast<std::size_t>(r.pattern[i])];
      VectorFeature f;
      const std::vector<std::vector<std::pair<double, double>>> rings{grid.outline(col, row)};
      f.wkb = wkb_polygon(rings);
      const double final_z = r.z[(steps - 1) * cells + i];
      f.values = {std::int64_t{col}, std::int64_t{row}, std::string(trends::pattern_name(r.pattern[i])), total,
                  static_cast<std::int64_t>(counts[i]), hot,
                  cold, r.trend[i].z, r.trend[i].p, r.trend[i].tau,
                  std::isnan(final_z) ? FieldValue{} : FieldValue{final_z},
                  std::int64_t{r.bin[(steps - 1) * cells + i]}};
      layer.features.push_back(std::move(f));
    }
  }
  if (flags.publish.publish) {
    // "incidents" is the summed weight (harm with --weight harm); incident_count counts.
    privacy::PublishOptions rules;
    rules.count_field = "incident_count";
    rules.other_counts = {{"incidents", {}}};
    const VectorLayer published = publish_for_output(layer, rules, flags.publish);
    write_layers({&published}, flags.output);
  } else {
    write_layers({&layer}, flags.output);
  }
  std::fprintf(stderr, "hotspot: %zu monthly steps %s..%s, %zu cells analysed; wrote %s\n", steps,
               format_month(r.steps.front()).c_str(), format_month(r.steps.back()).c_str(), layer.features.size(),
               flags.output.c_str());
  for (std::size_t p = 1; p < per_pattern.size(); ++p) {
    if (per_pattern[p] > 0) {
      std::fprintf(stderr, "hotspot:   %s: %zu\n",
                   std::string(trends::pattern_name(static_cast<trends::Pattern>(p))).c_str(), per_pattern[p]);
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
  sub->callback([flags] { run_trends(*flags); });
}

}  // namespace hotspot::cli
