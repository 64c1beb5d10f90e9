#include "hotspot/significance/hot_spot_analysis.hpp"

#include <cmath>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/significance/spatial_autocorrelation.hpp"

namespace hotspot::significance {

const char* shape_name(CellShape shape) noexcept { return shape == CellShape::hexagon ? "hexagon" : "square"; }

const char* correction_name(Correction correction) noexcept {
  switch (correction) {
    case Correction::none: return "none";
    case Correction::bonferroni: return "bonferroni";
    case Correction::false_discovery_rate: break;
  }
  return "fdr";
}

std::vector<std::uint8_t> cells_in_area(const CellGrid& grid, const StudyArea& area) {
  std::vector<std::uint8_t> mask(grid.size(), 0);
  for (std::int32_t r = 0; r < grid.rows; ++r) {
    for (std::int32_t c = 0; c < grid.columns; ++c) {
      const auto [x, y] = grid.centre(c, r);
      mask[static_cast<std::size_t>(r) * grid.columns + c] = area.contains(x, y) ? 1 : 0;
    }
  }
  return mask;
}

HotSpotAnalysis hot_spot_analysis(const PreparedIncidents& prepared, const HotSpotAnalysisOptions& options) {
  const Incidents& in = prepared.incidents;
  if (in.empty()) throw Error(ErrorCode::data, "gistar", "no incidents left after filtering");
  HotSpotAnalysis out;
  CellGridOptions grid_options;
  grid_options.shape = options.shape;
  grid_options.cell_size = options.cell_size;
  // Rows are summed per location first (in row order), then per cell: the same sums, to the
  // bit, whether the rows were read at once or streamed and collapsed batch by batch.
  const WeightedPoints points = collapse_locations(in);
  out.cells = aggregate_to_cells(points.x, points.y, points.weight, grid_options);
  // Incidents per cell (counts, whatever the weights), for readers and for publishing.
  const std::vector<double> counts_per_point(points.count.begin(), points.count.end());
  grid_options.cell_size = out.cells.grid.cell_size;
  const std::vector<double> counts = aggregate_to_cells(points.x, points.y, counts_per_point, grid_options).value;
  const CellGrid& grid = out.cells.grid;
  const double diagonal = std::hypot(grid.columns * grid.cell_size, grid.rows * grid.row_spacing());
  if (prepared.area) out.cells.mask = cells_in_area(grid, *prepared.area);

  GiStarOptions gi;
  gi.threads = options.threads;
  gi.band_sums = options.band_sums;
  gi.seed = options.seed;
  gi.correction = options.correction;
  if (options.permutations > 0) {
    gi.inference = Inference::permutation;
    gi.permutations = options.permutations;
  }
  std::vector<std::pair<std::string, std::string>> metadata{
      {"hotspot_stage", "significance.gistar"},
      {"crs", prepared.crs.definition},
      {"cell_shape", shape_name(options.shape)},
      {"cell_size_m", metadata_number(grid.cell_size)},
      {"cell_size_reason", options.cell_size > 0 ? "given" : "mean nearest-neighbour distance of incident locations"},
      {"correction", correction_name(options.correction)},
      {"inference", options.permutations > 0 ? "permutation (" + std::to_string(options.permutations) + ", seed " +
                                                   std::to_string(options.seed) + ")"
                                             : "normal"}};
  if (options.k > 0) {
    gi.neighbourhood = Neighbourhood::nearest_neighbours;
    gi.k = options.k;
    out.band_reason = std::to_string(options.k) + " nearest cells and the cell itself";
    metadata.emplace_back("neighbourhood", out.band_reason);
  } else if (options.band <= 0) {
    IncrementalOptions search;
    search.threads = options.threads;
    const IncrementalResult chosen = incremental_spatial_autocorrelation(out.cells, search);
    out.band = chosen.band;
    out.band_reason = chosen.reason;
    std::string curve;
    for (const auto& m : chosen.curve) {
      if (!curve.empty()) curve += "; ";
      curve += metadata_number(m.band) + " m: I " + metadata_number(m.i) + ", z " + metadata_number(m.z);
    }
    metadata.emplace_back("band_m", metadata_number(out.band));
    metadata.emplace_back("band_reason", chosen.reason);
    metadata.emplace_back("morans_i_curve", curve);
  } else {
    check_distance(options.band, option_ref("band"), diagonal);
    out.band = options.band;
    out.band_reason = "given";
    metadata.emplace_back("band_m", metadata_number(out.band));
    metadata.emplace_back("band_reason", "given");
  }
  gi.band = out.band;
  out.result = getis_ord_gi_star(out.cells, gi);
  const GiStarResult& r = out.result;
  metadata.emplace_back("cells_in_study_area", std::to_string(r.cells_in_study_area));

  VectorLayer& layer = out.layer;
  layer.name = "gistar";
  layer.geometry = GeometryKind::polygon;
  layer.crs = prepared.crs.definition;
  layer.metadata = std::move(metadata);
  layer.fields = {{"column", FieldType::integer},     {"row", FieldType::integer},
                  {"value", FieldType::real},         {"incidents", FieldType::integer},
                  {"neighbours", FieldType::integer}, {"gi_z", FieldType::real},
                  {"gi_p", FieldType::real},          {"gi_p_adjusted", FieldType::real},
                  {"gi_bin", FieldType::integer}};
  for (std::int32_t row = 0; row < grid.rows; ++row) {
    for (std::int32_t col = 0; col < grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.columns + col;
      if (!out.cells.in_study_area(i)) continue;
      out.hot += r.bin[i] > 0 ? 1 : 0;
      out.cold += r.bin[i] < 0 ? 1 : 0;
      if (options.significant_only && r.bin[i] == 0) continue;
      VectorFeature f;
      const std::vector<std::vector<std::pair<double, double>>> rings{grid.outline(col, row)};
      f.wkb = wkb_polygon(rings);
      auto real = [](double v) { return std::isnan(v) ? FieldValue{} : FieldValue{v}; };
      f.values = {std::int64_t{col},        std::int64_t{row},         out.cells.value[i],
                  static_cast<std::int64_t>(counts[i]), std::int64_t{r.neighbours[i]}, real(r.z[i]),
                  real(r.p[i]),              real(r.p_adjusted[i]),     std::int64_t{r.bin[i]}};
      layer.features.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace hotspot::significance
