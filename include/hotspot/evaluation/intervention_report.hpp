#pragma once

#include <string>
#include <vector>

#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/report/html_report.hpp"

/// What an intervention evaluation gives people: the CSV of every count and measure, the
/// areas as a styled layer, plain-English findings and report sections with charts.
namespace hotspot::evaluation {

/// "fell", "rose", "no clear change", "too few incidents to tell", "too uncertain to tell".
[[nodiscard]] std::string verdict_text(Verdict verdict);

/// One row per intervention × crime type with every count and measure (docs/evaluate.md
/// lists the columns). Same result, same bytes.
[[nodiscard]] std::string evaluation_csv(const EvaluationResult& result);

/// One row per crime type pooled over the interventions (random effects), when there are two
/// or more; the header only otherwise.
[[nodiscard]] std::string evaluation_pooled_csv(const EvaluationResult& result);

/// The treated, buffer and control areas of every intervention as multipolygons in the
/// working CRS, named `layer_name`, with the counts of `crime_type` ("All incidents" by
/// default; a crime type the rows do not have gives empty counts): fields intervention, area
/// ("treated", "buffer", "control"), crime_type, before, after, change_pct, before_months,
/// after_months, verdict, finding. qgis::evaluation_areas_style (qgis::standard_style by the
/// default name) styles it for QGIS.
[[nodiscard]] VectorLayer evaluation_areas_layer(const EvaluationResult& result,
                                                 const std::string& crime_type = "All incidents",
                                                 const std::string& layer_name = "evaluation_areas");

/// The sentence a committee reads for one row, e.g. "Anti-social behaviour in the car park
/// fell 38% (from 50 to 31) after the camera was installed in 2018-07; in the rest of Welwyn
/// Hatfield it fell 5%. The difference is larger than chance would give: 35% fewer than the
/// trend elsewhere predicts (95% interval: 2% to 57% fewer)." or "... too few incidents to
/// tell (...)".
[[nodiscard]] std::string row_finding(const EvaluationResult& result, const InterventionEvaluation& evaluation,
                                      const EvaluationRow& row);

/// What happened in the buffer for one row, e.g. "In the 200 m around it, incidents fell 10%
/// (from 40 to 36): no clear sign that they moved round the corner."
[[nodiscard]] std::string buffer_finding(const EvaluationResult& result, const InterventionEvaluation& evaluation,
                                         const EvaluationRow& row);

/// The pooled sentence for one crime type, e.g. "Over the 6 camera sites together, incidents
/// were 12% fewer than expected (95% interval: 3% more to 25% fewer): not clearly more than
/// chance would give."
[[nodiscard]] std::string pooled_finding(const EvaluationResult& result, const PooledRow& pooled);

/// The key findings: per intervention its all-incidents and ASB rows and its buffer; the
/// pooled all-incidents result when there is one.
[[nodiscard]] std::vector<std::string> evaluation_findings(const EvaluationResult& result);

/// The report parts for a page (a report of its own or a section of the plan's): summary
/// sentences, sections (one per intervention with its table; all interventions together with
/// the forest plot; how it was worked out with the caveats), the charts they name (chart ids
/// start with `id_prefix`) and footnotes with the methods' references.
struct EvaluationReport {
  std::vector<std::string> summary;
  std::vector<report::Section> sections;
  std::vector<report::Chart> charts;
  std::vector<std::string> footnotes;
};

[[nodiscard]] EvaluationReport evaluation_report(const EvaluationResult& result, const std::string& id_prefix = "evaluation");

/// A map layer of the areas layer for the report's map, styled like evaluation_areas_style,
/// with popups of the counts and the finding. `layer` must outlive the report.
[[nodiscard]] report::MapLayer evaluation_map_layer(const VectorLayer& layer);

}  // namespace hotspot::evaluation
