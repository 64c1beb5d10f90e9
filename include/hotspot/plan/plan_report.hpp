#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/plan/plan.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot::plan {

/// The layers a plan made, for its report (any may be missing when a stage was skipped).
struct PlanLayers {
  std::vector<const VectorLayer*> context;  ///< drawn first (roads, districts)
  const VectorLayer* study_area = nullptr;
  const VectorLayer* hotspots = nullptr;
  const VectorLayer* gistar = nullptr;
  const VectorLayer* emerging = nullptr;
  const VectorLayer* coverage = nullptr;
  const VectorLayer* cameras = nullptr;
  const VectorLayer* patrol_areas = nullptr;
  const VectorLayer* patrol_routes = nullptr;
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

}  // namespace hotspot::plan
