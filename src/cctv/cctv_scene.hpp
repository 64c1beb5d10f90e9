#pragma once

// The scene every camera step builds first (demand points, obstacles, candidates, existing
// cameras and their coverage): shared by plan_cctv, plan_rotation, plan_next_moves and
// appraise_sites so the same inputs give the same scene. Internal to src/.

#include <string>

#include "hotspot/cctv/cctv_plan.hpp"

namespace hotspot::detail {

/// What build_scene made.
struct Scene {
  WeightedPoints demand;
  ObstacleSet obstacles;
  std::vector<CameraSite> existing;
  CoverageMatrix candidate_coverage;
  CoverageMatrix existing_coverage;
  // With a demand raster and incidents too: the incidents' own points and what each column
  // sees of them, for the report fields that count incidents. Empty otherwise.
  WeightedPoints incident_points;
  CoverageMatrix incident_candidate_coverage;
  CoverageMatrix incident_existing_coverage;
  // The hotspot polygons the candidates came from (with CandidateOptions::hotspots), as read.
  std::vector<LayerFeature> hotspots;
};


/// Demand → obstacles → candidates → existing cameras → both coverage matrices, with the
/// report's descriptive fields and notes filled. Throws Error.
[[nodiscard]] Scene build_scene(const PreparedIncidents& prepared, const CctvOptions& options, CctvReport& report);

/// "%.*f".
[[nodiscard]] std::string fixed_text(double value, int decimals);

}  // namespace hotspot::detail
