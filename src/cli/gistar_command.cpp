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
#include "hotspot/significance/hot_spot_analysis.hpp"

namespace hotspot::cli {
namespace {

struct GistarFlags {
  InputFlags input;
  std::string shape = "square";
  double cell_size = 0.0;
  std::string band = "auto";
  int k = 0;
  std::string band_sums = "auto";
  std::string correction = "fdr";
  int permutations = 0;
  std::uint64_t seed = 20240101;
  bool significant_only = false;
  std::string output;
  int threads = 0;
  PublishFlags publish;
  bool no_style = false;
};

void run_gistar(const GistarFlags& flags) {
  using namespace significance;
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  HotSpotAnalysisOptions options;
  options.shape = flags.shape == "hexagon" ? CellShape::hexagon : CellShape::square;
  options.cell_size = flags.cell_size;
  options.k = flags.k;
  options.band_sums = flags.band_sums == "direct" ? BandSums::direct
                      : flags.band_sums == "fft"  ? BandSums::fft
                                                  : BandSums::automatic;
  if (flags.k == 0 && flags.band != "auto") {
    try {
      std::size_t used = 0;
      options.band = std::stod(flags.band, &used);
      if (used != flags.band.size() || !(options.band > 0)) throw std::invalid_argument(flags.band);
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, "gistar", "--band \"" + flags.band + "\" is not a positive distance or \"auto\"");
    }
  }
  options.correction = flags.correction == "bonferroni" ? Correction::bonferroni
                       : flags.correction == "none"     ? Correction::none
                                                        : Correction::false_discovery_rate;
  options.permutations = flags.permutations;
  options.seed = flags.seed;
  options.significant_only = flags.significant_only;
  options.threads = flags.threads;
  const HotSpotAnalysis analysis = hot_spot_analysis(prepared, options);
  if (flags.k == 0 && flags.band == "auto") {
    std::fprintf(stderr, "hotspot: band %g m: %s\n", analysis.band, analysis.band_reason.c_str());
  }
  if (flags.publish.publish) {
    const VectorLayer published = publish_for_output(analysis.layer, privacy::gistar_rules(), flags.publish);
    write_layers({&published}, flags.output, !flags.no_style);
  } else {
    write_layers({&analysis.layer}, flags.output, !flags.no_style);
  }
  std::fprintf(stderr, "hotspot: %zu cells (%g m %s), %zu hot and %zu cold at 90%%+; wrote %s\n",
               analysis.result.cells_in_study_area, analysis.cells.grid.cell_size, flags.shape.c_str(), analysis.hot,
               analysis.cold, flags.output.c_str());
}

}  // namespace

void register_gistar_command(CLI::App& app) {
  auto flags = std::make_shared<GistarFlags>();
  auto* sub = app.add_subcommand("gistar",
                                 "Getis-Ord Gi* hot and cold spots on a grid of counts, with z, p, FDR-corrected "
                                 "p and the ArcGIS confidence bin per cell");
  add_input_options(*sub, flags->input);
  add_stream_options(*sub, flags->input);
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
  sub->add_option("--band-sums", flags->band_sums,
                  "How band sums are computed: direct (prefix sums, cost grows with the band), fft "
                  "(convolution, cost independent of the band) or auto (the cheaper); same results for counts")
      ->check(CLI::IsMember({"auto", "direct", "fft"}))
      ->default_val("auto")
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
  add_style_option(*sub, flags->no_style);
  sub->callback([flags] { run_gistar(*flags); });
}

}  // namespace hotspot::cli
