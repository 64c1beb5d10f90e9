#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/row_account.hpp"
#include "hotspot/filter/focus.hpp"
#include "hotspot/filter/incident_filter.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/harm/harm_weights.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot {

/// What each incident weighs in the analyses: one each, its crime type's harm weight, or the
/// value of a field (ReadOptions::weight_field).
enum class WeightMode { count, harm, field };

/// The first pipeline step every command shares: read → project → filter → weight.
struct PrepareOptions {
  ReadOptions read;
  FilterOptions filter;
  std::string working_crs;        ///< empty: chosen automatically (EPSG:27700 in Great Britain)
  WeightMode weight = WeightMode::count;
  std::string harm_weights_path;  ///< empty: the bundled table
  /// A preset of crime types and weighting (docs/focus.md), applied by apply_focus before
  /// anything is read; Focus::all changes nothing.
  Focus focus = Focus::all;
};

struct PreparedIncidents {
  Incidents incidents;        ///< projected, filtered, weighted
  RowAccount account;         ///< read = used + rejected, by reason
  WorkingCrsChoice crs;
  HarmWeights harm;           ///< the table in force (for harm totals even when not weighting)
  std::unique_ptr<StudyArea> area;  ///< --within, when given
  /// Under harm weighting, the crime types the harm table does not list: their incidents
  /// weigh HarmWeights::kMissingWeight, and one note names them with their counts.
  std::vector<UnweightedType> without_harm_weight;
  std::vector<std::string> notes;
  /// The options these incidents were prepared with (a step reads other incidents, such as
  /// later months to evaluate on, the same way).
  PrepareOptions options;
};

/// `options` with its focus resolved: the preset's crime types become the type filter and the
/// harm focus sets harm weighting; the focus becomes Focus::all. Throws Error(usage) when the
/// options already choose crime types and the focus does too, or when the harm focus meets
/// weighting by a field.
[[nodiscard]] PrepareOptions apply_focus(PrepareOptions options);

/// Runs the shared first step. Throws Error for unusable inputs or options; rows that cannot
/// be used are rejected with a reason and never lost.
[[nodiscard]] PreparedIncidents prepare_incidents(const PrepareOptions& options);

}  // namespace hotspot
