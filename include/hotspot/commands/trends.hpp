#pragma once

#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"
#include "hotspot/trends/emerging_analysis.hpp"

namespace hotspot::commands {

/// `hotspot trends`: emerging hot spot analysis (ArcGIS's patterns) over monthly steps.
struct TrendsOptions {
  /// Cell shape and size, band, gaps; time window, global window, alpha, correction, threads.
  trends::EmergingAnalysisOptions analysis;
};

/// Declares the emerging-hot-spot options (group "Trends").
void declare_trends(step::Declarer& d, TrendsOptions& options);

/// The layer the step writes: one polygon per analysed cell with its pattern and trend.
inline constexpr const char* kTrendsLayer = "emerging_hot_spots";

/// Builds the monthly cube, runs the analysis, writes the cells (kTrendsLayer, published with
/// privacy::emerging_rules()) and says which patterns it found; notes missing months.
trends::EmergingAnalysis run_trends(const PreparedIncidents& prepared, const TrendsOptions& options,
                                    step::OutputSink& sink);

[[nodiscard]] step::CommandSpec trends_command();

}  // namespace hotspot::commands
