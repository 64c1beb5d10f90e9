#pragma once

#include <string>

#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/report/html_report.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// Ids of what `evaluate` writes (its file names in the output folder).
inline constexpr const char* kEvaluationCsv = "evaluation.csv";
inline constexpr const char* kEvaluationPooledCsv = "evaluation_pooled.csv";
inline constexpr const char* kEvaluationAreasLayer = "evaluation_areas";
inline constexpr const char* kEvaluationReport = "report.html";

/// Declares every option of the evaluation onto the library's own struct (groups
/// "Interventions", "Areas compared", "Periods", "What is counted", "Statistics"): the
/// struct's in-class values are the defaults shown.
void declare_evaluate(step::Declarer& d, evaluation::EvaluateOptions& options);

/// The options as the evaluation takes them: a control polygon means a polygon control and
/// candidate areas a matched one. Throws Error(usage) when a control polygon and matched
/// candidates are both given.
[[nodiscard]] evaluation::EvaluateOptions resolve_evaluate(const evaluation::EvaluateOptions& options);

/// The self-contained page of an evaluation: the findings, the map of `areas` (the layer of
/// evaluation_areas_layer), a section per intervention with its monthly chart, the forest
/// plot when there are several, and how it was worked out.
[[nodiscard]] report::Report evaluation_page(const evaluation::EvaluationResult& result, const VectorLayer& areas,
                                             const PreparedIncidents& prepared);

/// Evaluates the interventions of `options` on the prepared incidents and writes
/// evaluation.csv, evaluation_pooled.csv, the layer evaluation_areas and report.html; prints
/// the key rows and the findings. Under --publish only the areas layer (small counts
/// suppressed, docs/evaluate.md "Publishing") and the pooled odds ratios are written.
evaluation::EvaluationResult run_evaluate(const PreparedIncidents& prepared, const evaluation::EvaluateOptions& options,
                                          step::OutputSink& sink);

[[nodiscard]] step::CommandSpec evaluate_command();

}  // namespace hotspot::commands
