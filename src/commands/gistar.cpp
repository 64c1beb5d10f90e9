#include "hotspot/commands/gistar.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "hotspot/core/numbers.hpp"
#include "hotspot/commands/cells.hpp"
#include "hotspot/commands/choices.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "gistar";

constexpr std::array<step::Choice<significance::BandSums>, 3> kBandSums{{{"auto", significance::BandSums::automatic},
                                                                         {"direct", significance::BandSums::direct},
                                                                         {"fft", significance::BandSums::fft}}};

}  // namespace

void declare_gistar(step::Declarer& d, GistarOptions& options) {
  significance::HotSpotAnalysisOptions& a = options.analysis;
  d.group("Hot spots");
  declare_cells(d, a.shape, a.cell_size, a.band, "Cell size in metres (hexagons: centre spacing); default: mean nearest-neighbour distance",
                "Distance band in metres between cell centres, or auto (first peak of incremental Moran's I)", kStage);
  d.integer("k", a.k, "Use the k nearest cells instead of a distance band").range(1, 10000).excludes("band").default_text("");
  d.choice<significance::BandSums>("band-sums", a.band_sums, kBandSums,
                                   "How band sums are computed: direct (prefix sums, cost grows with the band), fft "
                                   "(convolution, cost independent of the band) or auto (the cheaper); same results for "
                                   "counts");
  d.choice<significance::Correction>("correction", a.correction, kCorrections, "Multiple-testing correction");
  d.integer("permutations", a.permutations, "Conditional permutations for pseudo p-values (0 = normal theory, e.g. 999)")
      .range(0, 1000000);
  d.integer("seed", a.seed, "Seed of the permutations");
  d.integer("threads", a.threads, "Threads (0 = all); results do not depend on it").at_least(0);
  d.group("Output");
  d.flag("significant-only", a.significant_only, "Write only cells with a non-zero bin");
}

significance::HotSpotAnalysis run_gistar(const PreparedIncidents& prepared, const GistarOptions& options,
                                         step::OutputSink& sink) {
  const significance::HotSpotAnalysisOptions& a = options.analysis;
  significance::HotSpotAnalysis analysis = significance::hot_spot_analysis(prepared, a);
  step::Messages& out = sink.messages();
  if (a.k == 0 && a.band <= 0) out.status(format("band %g m: %s", analysis.band, analysis.band_reason.c_str()));
  sink.layer(analysis.layer, privacy::gistar_rules());
  out.status(format("%zu cells (%g m %s), %zu hot and %zu cold at 90%%+", analysis.result.cells_in_study_area,
                    analysis.cells.grid.cell_size, significance::shape_name(a.shape), analysis.hot, analysis.cold));
  return analysis;
}

step::CommandSpec gistar_command() {
  return step::vector_file_command<GistarOptions>(
      "gistar",
      "Getis-Ord Gi* hot and cold spots on a grid of counts, with z, p, FDR-corrected p and the ArcGIS confidence bin "
      "per cell",
      {{kGistarLayer, step::OutputKind::vector, "gistar.geojson", "one polygon per cell: z, p, adjusted p, bin", true}},
      step::VectorFileStep<GistarOptions, significance::HotSpotAnalysis>{
          declare_gistar, run_gistar, /*streamable=*/true, "Output .gpkg or .geojson (one polygon per cell)",
          [](const step::VectorFileOutput&) { return std::string(kGistarLayer); }});
}

}  // namespace hotspot::commands
