#include "hotspot/trends/emerging_analysis.hpp"

#include <cmath>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/significance/hot_spot_analysis.hpp"

namespace hotspot::trends {

std::string month_list(const std::vector<MonthIndex>& months) {
  std::string out;
  for (MonthIndex m : months) {
    if (!out.empty()) out += ",";
    out += format_month(m);
  }
  return out;
}

EmergingAnalysis emerging_analysis(const PreparedIncidents& prepared, const EmergingAnalysisOptions& options) {
  return emerging_analysis(prepared.incidents, prepared.area.get(), prepared.crs.definition, options);
}

EmergingAnalysis emerging_analysis(const Incidents& in, const StudyArea* area, const std::string& crs,
                                   const EmergingAnalysisOptions& options) {
  using namespace significance;
  if (in.empty()) throw Error(ErrorCode::data, "trends", "no incidents left after filtering");
  EmergingAnalysis out;
  CellGridOptions grid_options;
  grid_options.shape = options.shape;
  grid_options.cell_size = options.cell_size;
  const CellGrid grid = aggregate_to_cells(in.x, in.y, in.weight, grid_options).grid;
  // Incidents per cell (counts, whatever the weights), for readers and for publishing.
  CellGridOptions same = grid_options;
  same.cell_size = grid.cell_size;
  const std::vector<double> counts = aggregate_to_cells(in.x, in.y, {}, same).value;
  out.cube = monthly_cube(in.x, in.y, in.month, in.weight, grid, options.gaps, &out.dropped);
  const SpaceTimeCube& cube = out.cube;
  if (area != nullptr) out.cube.mask = cells_in_area(grid, *area);
  EmergingOptions emerging = options.emerging;
  // Default band: the ring of adjacent cells (1.5 cells reaches the 8 neighbours of a square).
  emerging.band = options.band > 0 ? options.band : 1.5 * grid.cell_size;
  check_distance(emerging.band, option_ref("band"), std::hypot(grid.columns * grid.cell_size, grid.rows * grid.row_spacing()));
  out.band = emerging.band;
  out.result = emerging_hot_spots(cube, emerging);
  const EmergingResult& r = out.result;

  const char* gaps = options.gaps == GapPolicy::skip        ? "skip"
                     : options.gaps == GapPolicy::zero_fill ? "zero-fill"
                                                            : "error";
  VectorLayer& layer = out.layer;
  layer.name = "emerging_hot_spots";
  layer.geometry = GeometryKind::polygon;
  layer.crs = crs;
  layer.metadata = {{"hotspot_stage", "trends.emerging"},
                    {"crs", crs},
                    {"cell_shape", shape_name(options.shape)},
                    {"cell_size_m", metadata_number(grid.cell_size)},
                    {"band_m", metadata_number(emerging.band)},
                    {"time_window_steps", std::to_string(emerging.time_window)},
                    {"global_window", emerging.global_window == GlobalWindow::individual_step ? "individual step"
                                                                                              : "entire cube"},
                    {"alpha", metadata_number(emerging.alpha)},
                    {"correction", correction_name(emerging.correction)},
                    {"steps", month_list(r.steps)},
                    {"missing_months", cube.missing_months.empty() ? "none" : month_list(cube.missing_months)},
                    {"gap_policy", gaps},
                    {"rules", "docs/trends.md"}};
  layer.fields = {{"column", FieldType::integer},     {"row", FieldType::integer},
                  {"pattern", FieldType::string},     {"incidents", FieldType::real},
                  {"incident_count", FieldType::integer},
                  {"hot_steps", FieldType::integer},  {"cold_steps", FieldType::integer},
                  {"trend_z", FieldType::real},       {"trend_p", FieldType::real},
                  {"trend_tau", FieldType::real},     {"final_z", FieldType::real},
                  {"final_bin", FieldType::integer}};
  const std::size_t cells = grid.size(), steps = r.steps.size();
  out.per_pattern.assign(17, 0);
  for (std::int32_t row = 0; row < grid.rows; ++row) {
    for (std::int32_t col = 0; col < grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.columns + col;
      if (!r.analysed[i]) continue;
      double total = 0;
      std::int64_t hot = 0, cold = 0;
      for (std::size_t t = 0; t < steps; ++t) {
        total += cube.value[t * cells + i];
        // Hot and cold as the patterns count them: significant at alpha.
        const double z = r.z[t * cells + i], p = r.p_adjusted[t * cells + i];
        hot += z > 0 && p <= emerging.alpha ? 1 : 0;
        cold += z < 0 && p <= emerging.alpha ? 1 : 0;
      }
      ++out.per_pattern[static_cast<std::size_t>(r.pattern[i])];
      VectorFeature f;
      const std::vector<std::vector<std::pair<double, double>>> rings{grid.outline(col, row)};
      f.wkb = wkb_polygon(rings);
      const double final_z = r.z[(steps - 1) * cells + i];
      f.values = {std::int64_t{col}, std::int64_t{row}, std::string(pattern_name(r.pattern[i])), total,
                  static_cast<std::int64_t>(counts[i]), hot, cold, r.trend[i].z, r.trend[i].p, r.trend[i].tau,
                  std::isnan(final_z) ? FieldValue{} : FieldValue{final_z},
                  std::int64_t{r.bin[(steps - 1) * cells + i]}};
      layer.features.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace hotspot::trends
