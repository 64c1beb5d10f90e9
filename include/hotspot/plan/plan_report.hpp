#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/plan/plan.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot::plan {

/// The layers a plan made, for its report (any may be missing when a stage was skipped).
struct PlanLayers {
  /// The user's own background layers (roads, buildings: report::basemap_layer), drawn first.
  std::vector<report::MapLayer> basemap;
  std::vector<const VectorLayer*> context;  ///< drawn next (roads, districts)
  const VectorLayer* study_area = nullptr;
  const VectorLayer* hotspots = nullptr;
  const VectorLayer* gistar = nullptr;
  const VectorLayer* emerging = nullptr;
  const VectorLayer* coverage = nullptr;
  const VectorLayer* cameras = nullptr;
  const VectorLayer* patrol_areas = nullptr;
  const VectorLayer* patrol_routes = nullptr;
  const VectorLayer* evaluation_areas = nullptr;  ///< with a deployments log
  /// Named places (shops, pubs, car parks: a `name` field, as read_context_layer reads them):
  /// the camera table names the nearest within 150 m. None: police.uk's location text.
  const VectorLayer* places = nullptr;
  /// The GeoJSON already written for some of these layers (their files' bytes, which are
  /// geojson_text of the layer): the map takes it instead of writing the layer again.
  std::map<const VectorLayer*, std::string> written_geojson;
};

/// The report a partnership or committee reads: plain-English findings first (each number
/// taken from the result or a layer), a map of every layer with popups, charts of monthly
/// incidents by type, concentration, camera coverage and the backtests, tables and sources.
[[nodiscard]] report::Report plan_report(const PlanOptions& options, const PlanResult& result, const PlanLayers& layers,
                                         const Incidents& incidents);

/// Charts drawn from incidents (shared with tests' fixtures).
/// With `min_count` > 0 (publish mode) no bar of fewer than `min_count` incidents is shown:
/// such values are withheld (NaN), and further small values too until the withheld ones could
/// each hold `min_count` or more as far as the report's total tells, so no withheld value can
/// be worked out from the total. `withheld` (if given) receives how many were withheld.
[[nodiscard]] report::Chart monthly_chart(const Incidents& incidents, std::int64_t min_count = 0,
                                          std::size_t* withheld = nullptr);
[[nodiscard]] report::Chart concentration_chart(const Incidents& incidents);
/// The cameras layer's share_cumulative, camera by camera.
[[nodiscard]] report::Chart camera_chart(const VectorLayer& cameras);

/// The recommended cameras as a committee reads them, best first: where (the police.uk
/// location, the nearest named place of `places` when given, the OS grid reference when the
/// layer is in British National Grid), what it would see (incidents in view, their main types,
/// the share of all harm it adds) and why it ranks there. Columns whose fields publish mode
/// dropped are left out. Sortable.
/// `weighed` names what the cameras were planned on ("harm-weighted incidents").
[[nodiscard]] report::Table camera_table(const VectorLayer& cameras, const VectorLayer* places = nullptr,
                                         const std::string& weighed = "harm-weighted incidents");

/// The patrol places, best first: place, unit and stop, visits a week and minutes a visit,
/// incidents and share of harm, busiest month (and peak times when the data have times).
/// Sortable.
/// `harm_total` (all harm in the study area) gives each place's share; NaN leaves it out.
[[nodiscard]] report::Table patrol_table(const VectorLayer& patrol_areas, double harm_total);

}  // namespace hotspot::plan
