// `hotspot gistar`: Getis-Ord Gi* hot and cold spots on a square or hexagonal grid.
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
#include "hotspot/significance/getis_ord.hpp"
#include "hotspot/significance/spatial_autocorrelation.hpp"

namespace hotspot::cli {
namespace {

struct GistarFlags {
  InputFlags input;
  std::string shape = "square";
  double cell_size = 0.0;
  std::string band = "auto";
  int k = 0;
  std::string correction = "fdr";
  int permutations = 0;
  std::uint64_t seed = 20240101;
  bool significant_only = false;
  std::string output;
  int threads = 0;
  PublishFlags publish;
};

void run_gistar(const GistarFlags& flags) {
  using namespace significance;
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& in = prepared.incidents;
  if (in.empty()) throw Error(ErrorCode::data, "gistar", "no incidents left after filtering");
  CellGridOptions grid_options;
  grid_options.shape = flags.shape == "hexagon" ? CellShape::hexagon : CellShape::square;
  grid_options.cell_size = flags.cell_size;
  CellValues cells = aggregate_to_cells(in.x, in.y, in.weight, grid_options);
  const CellGrid& grid = cells.grid;
  const std::vector<double> counts = incident_counts(in, grid_options, grid);
  const double diagonal = std::hypot(grid.columns * grid.cell_size, grid.rows * grid.row_spacing());
  // The study area decides which cells are observations: without --within, every cell of
  // the data's bounding grid counts (zero cells included, as spdep and ArcGIS's fishnets do).
  if (prepared.area) {
    cells.mask.assign(grid.size(), 0);
    for (std::int32_t r = 0; r < grid.rows; ++r) {
      for (std::int32_t c = 0; c < grid.columns; ++c) {
        const auto [x, y] = grid.centre(c, r);
        cells.mask[static_cast<std::size_t>(r) * grid.columns + c] = prepared.area->contains(x, y) ? 1 : 0;
      }
    }
  }

  GiStarOptions options;
  options.threads = flags.threads;
  options.seed = flags.seed;
  options.correction = flags.correction == "bonferroni" ? Correction::bonferroni
                       : flags.correction == "none"     ? Correction::none
                                                        : Correction::false_discovery_rate;
  if (flags.permutations > 0) {
    options.inference = Inference::permutation;
    options.permutations = flags.permutations;
  }
  std::vector<std::pair<std::string, std::string>> metadata{
      {"hotspot_stage", "significance.gistar"},
      {"crs", prepared.crs.definition},
      {"cell_shape", flags.shape},
      {"cell_size_m", metadata_number(grid.cell_size)},
      {"cell_size_reason", flags.cell_size > 0 ? "given" : "mean nearest-neighbour distance of incident locations"},
      {"correction", flags.correction},
      {"inference", flags.permutations > 0 ? "permutation (" + std::to_string(flags.permutations) + ", seed " +
                                                 std::to_string(flags.seed) + ")"
                                           : "normal"}};
  if (flags.k > 0) {
    options.neighbourhood = Neighbourhood::nearest_neighbours;
    options.k = flags.k;
    metadata.push_back({"neighbourhood", std::to_string(flags.k) + " nearest cells and the cell itself"});
  } else if (flags.band == "auto") {
    IncrementalOptions search;
    search.threads = flags.threads;
    const IncrementalResult chosen = incremental_spatial_autocorrelation(cells, search);
    options.band = chosen.band;
    std::string curve;
    for (const auto& m : chosen.curve) {
      if (!curve.empty()) curve += "; ";
      curve += metadata_number(m.band) + " m: I " + metadata_number(m.i) + ", z " + metadata_number(m.z);
    }
    metadata.push_back({"band_m", metadata_number(options.band)});
    metadata.push_back({"band_reason", chosen.reason});
    metadata.push_back({"morans_i_curve", curve});
    std::fprintf(stderr, "hotspot: band %g m: %s\n", options.band, chosen.reason.c_str());
  } else {
    try {
      options.band = std::stod(flags.band);
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, "gistar", "--band \"" + flags.band + "\" is not a distance or \"auto\"");
    }
    check_distance(options.band, "--band", diagonal);
    metadata.push_back({"band_m", metadata_number(options.band)});
    metadata.push_back({"band_reason", "given"});
  }
  const GiStarResult r = getis_ord_gi_star(cells, options);
  metadata.push_back({"cells_in_study_area", std::to_string(r.cells_in_study_area)});

  VectorLayer layer;
  layer.name = "gistar";
  layer.geometry = GeometryKind::polygon;
  layer.crs = prepared.crs.definition;
  layer.metadata = metadata;
  layer.fields = {{"column", FieldType::integer}, {"row", FieldType::integer},    {"value", FieldType::real},
                  {"incidents", FieldType::integer}, {"neighbours", FieldType::integer}, {"gi_z", FieldType::real}, {"gi_p", FieldType::real},
                  {"gi_p_adjusted", FieldType::real}, {"gi_bin", FieldType::integer}};
  std::size_t hot = 0, cold = 0;
  for (std::int32_t row = 0; row < grid.rows; ++row) {
    for (std::int32_t col = 0; col < grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.columns + col;
      if (!cells.in_study_area(i)) continue;
      hot += r.bin[i] > 0 ? 1 : 0;
      cold += r.bin[i] < 0 ? 1 : 0;
      if (flags.significant_only && r.bin[i] == 0) continue;
      VectorFeature f;
      const std::vector<std::vector<std::pair<double, double>>> rings{grid.outline(col, row)};
      f.wkb = wkb_polygon(rings);
      auto real = [](double v) { return std::isnan(v) ? FieldValue{} : FieldValue{v}; };
      f.values = {std::int64_t{col},        std::int64_t{row},         cells.value[i],
                  static_cast<std::int64_t>(counts[i]), std::int64_t{r.neighbours[i]}, real(r.z[i]),         real(r.p[i]),
                  real(r.p_adjusted[i]),     std::int64_t{r.bin[i]}};
      layer.features.push_back(std::move(f));
    }
  }
  if (flags.publish.publish) {
    privacy::PublishOptions rules;
    rules.count_field = "incidents";
    const VectorLayer published = publish_for_output(layer, rules, flags.publish);
    write_layers({&published}, flags.output);
  } else {
    write_layers({&layer}, flags.output);
  }
  std::fprintf(stderr, "hotspot: %zu cells (%g m %s), %zu hot and %zu cold at 90%%+; wrote %s\n",
               r.cells_in_study_area, grid.cell_size, flags.shape.c_str(), hot, cold, flags.output.c_str());
}

}  // namespace

void register_gistar_command(CLI::App& app) {
  auto flags = std::make_shared<GistarFlags>();
  auto* sub = app.add_subcommand("gistar",
                                 "Getis-Ord Gi* hot and cold spots on a grid of counts, with z, p, FDR-corrected "
                                 "p and the ArcGIS confidence bin per cell");
  add_input_options(*sub, flags->input);
  auto* g = "Hot spots";
  sub->add_option("--shape", flags->shape, "Cell shape")
      ->check(CLI::IsMember({"square", "hexagon"}))
      ->default_val("square")
      ->group(g);
  sub->add_option("--cell-size", flags->cell_size,
                  "Cell size in metres (hexagons: centre spacing); default: mean nearest-neighbour distance")
      ->check(CLI::PositiveNumber)
      ->group(g);
  sub->add_option("--band", flags->band,
                  "Distance band in metres between cell centres, or auto (first peak of incremental Moran's I)")
      ->default_val("auto")
      ->group(g);
  sub->add_option("--k", flags->k, "Use the k nearest cells instead of a distance band")
      ->check(CLI::Range(1, 10000))
      ->excludes("--band")
      ->group(g);
  sub->add_option("--correction", flags->correction, "Multiple-testing correction")
      ->check(CLI::IsMember({"fdr", "bonferroni", "none"}))
      ->default_val("fdr")
      ->group(g);
  sub->add_option("--permutations", flags->permutations,
                  "Conditional permutations for pseudo p-values (0 = normal theory, e.g. 999)")
      ->check(CLI::Range(0, 1000000))
      ->default_val(0)
      ->group(g);
  sub->add_option("--seed", flags->seed, "Seed of the permutations")->default_val(20240101)->group(g);
  sub->add_flag("--significant-only", flags->significant_only, "Write only cells with a non-zero bin")->group("Output");
  sub->add_option("--threads", flags->threads, "Threads (0 = all); results do not depend on it")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber)
      ->group(g);
  sub->add_option("--output,-o", flags->output, "Output .gpkg or .geojson (one polygon per cell)")
      ->required()
      ->group("Output");
  add_publish_options(*sub, flags->publish);
  sub->callback([flags] { run_gistar(*flags); });
}

}  // namespace hotspot::cli
