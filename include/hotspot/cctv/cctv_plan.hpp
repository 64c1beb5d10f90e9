#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hotspot/cctv/candidate_sites.hpp"
#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/cctv/raster_demand.hpp"
#include "hotspot/cctv/rotation.hpp"
#include "hotspot/cctv/viewshed.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace hotspot {

/// Everything `hotspot cctv` needs after the shared input step.
struct CctvOptions {
  CameraModel camera;
  VisibilityOptions visibility;
  DemandOptions demand;
  /// Demand from a `hotspot density` raster instead of the incidents: each cell with positive
  /// mass becomes a demand point at its centre. Incidents, when given too, still fill the
  /// report fields that need them (counts, crime types, nearest Location).
  std::optional<RasterDemandOptions> demand_raster;
  CandidateOptions candidates;          ///< lattice_area is taken from the prepared --within area
  std::optional<AreaSource> obstacles;  ///< building footprints; none: open ground
  /// Field of `obstacles` with building heights (m): coverage then comes from GDAL's viewshed
  /// over a surface model (viewshed_polygon) instead of 2D footprints; empty: 2D.
  std::string height_field;
  ViewshedOptions viewshed;  ///< camera and target heights, surface model cell (with height_field)
  std::optional<AreaSource> existing;   ///< existing cameras (locked in)
  ExistingCameraFields existing_fields;
  PlannerOptions planner;
  /// Demand mapped strictly inside a building footprint is moved to the nearest open ground
  /// within this distance (police.uk snap points often sit inside buildings, the incidents
  /// "on or near" them); 0 leaves it inside, where no street camera can see it.
  double indoor_snap_m = 30;
  /// Set: the demand is a forecast of the coming `horizon_months` by the demand model
  /// (chosen by its backtest in automatic mode, or plain counts when the data are too short,
  /// noted), instead of the sum of the history; `demand.half_life_months` is then not used.
  /// Unset: the history's sum, as before. Not with a demand raster.
  std::optional<DemandModelOptions> demand_model;
  int threads = 0;
};

/// The plan and its layers, ready to write.
struct CctvReport {
  Plan plan;
  /// With CctvOptions::demand_model: the model used and how it was chosen (its summary is a line
  /// of summary_text, the layers' `demand_model` metadata, and a column of summary_csv).
  std::optional<DemandChoice> demand_choice;
  std::vector<CameraSite> candidates;
  CandidateReport candidate_report;
  std::size_t existing_cameras = 0;
  std::string obstacles;          ///< ObstacleSet::description()
  std::size_t incidents = 0;      ///< incidents used as demand
  std::size_t demand_points = 0;  ///< distinct locations (raster cells with --demand-raster)
  /// With a demand raster: what it held (its `points` emptied: they became the demand, whose
  /// weights are then expected incidents).
  std::optional<RasterDemand> raster;
  std::size_t incidents_in_obstacles = 0;  ///< incidents mapped inside a footprint
  std::size_t incidents_moved = 0;         ///< of those, moved to open ground (indoor_snap_m)
  VectorLayer cameras;   ///< ranked recommended sites (points)
  VectorLayer coverage;  ///< visibility polygons of new (and existing) cameras
  /// With --hotspots: the hotspot polygons of which less than half the demand weight is seen
  /// by the existing and recommended cameras together.
  std::optional<VectorLayer> uncovered_hotspots;
  std::string summary_csv;  ///< one row per recommended camera, by rank
  std::string summary_text; ///< a short human summary for the terminal
  std::vector<std::string> notes;
};

/// Demand → candidates → obstacles → coverage → optimisation → report. Throws Error.
[[nodiscard]] CctvReport plan_cctv(const PreparedIncidents& prepared, const CctvOptions& options);

/// Redeployable-camera rotation and its backtest, with layers ready to write.
struct RotationReport {
  RotationResult result;
  VectorLayer placements;   ///< one point per unit per period
  std::string periods_csv;  ///< one row per period: shares of the period's demand seen
  std::string summary_text;
  std::vector<std::string> notes;
};

/// Same scene as plan_cctv (existing cameras are the fixed network); the recency half-life
/// of `options.demand` is applied inside each period's history instead of to all data.
/// Refuses a demand raster: the backtest needs dated incidents.
[[nodiscard]] RotationReport plan_rotation(const PreparedIncidents& prepared, const CctvOptions& options,
                                           const RotationOptions& rotation);

}  // namespace hotspot
