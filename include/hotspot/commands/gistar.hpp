#pragma once

#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/significance/hot_spot_analysis.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// `hotspot gistar`: Getis-Ord Gi* hot and cold spots on a square or hexagonal grid.
struct GistarOptions {
  /// Cell shape and size, band or k nearest cells, band sums, correction, permutations, seed,
  /// significant cells only, threads.
  significance::HotSpotAnalysisOptions analysis;
};

/// Declares the Gi* options (group "Hot spots"; --significant-only in "Output").
void declare_gistar(step::Declarer& d, GistarOptions& options);

/// The layer the step writes: one polygon per study-area cell with its z, p and bin.
inline constexpr const char* kGistarLayer = "gistar";

/// Runs Gi* on the incidents, writes the cells (kGistarLayer, published with
/// privacy::gistar_rules()) and says how many cells are hot and cold.
significance::HotSpotAnalysis run_gistar(const PreparedIncidents& prepared, const GistarOptions& options,
                                         step::OutputSink& sink);

[[nodiscard]] step::CommandSpec gistar_command();

}  // namespace hotspot::commands
