#include "cctv/cctv_scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot::detail {
namespace {

constexpr const char* kStage = "cctv";

std::string fixed(double value, int decimals) { return fixed_text(value, decimals); }

// Moves points mapped strictly inside a footprint to the nearest open ground (indoor_snap_m)
// and notes how many incidents were inside and moved.
void snap_indoor_points(WeightedPoints& points, const ObstacleSet& obstacles, const CctvOptions& options,
                        CctvReport& report) {
  if (obstacles.empty()) return;
  std::vector<double> moved_by;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!obstacles.inside(points.x[i], points.y[i])) continue;
    report.incidents_in_obstacles += points.count[i];
    if (options.indoor_snap_m <= 0) continue;
    if (const auto open = obstacles.nearest_open_ground(points.x[i], points.y[i], options.indoor_snap_m)) {
      moved_by.push_back(std::hypot(open->first - points.x[i], open->second - points.y[i]));
      points.x[i] = open->first;
      points.y[i] = open->second;
      report.incidents_moved += points.count[i];
    }
  }
  if (report.incidents_in_obstacles > 0) {
    std::sort(moved_by.begin(), moved_by.end());
    const std::size_t left = report.incidents_in_obstacles - report.incidents_moved;
    report.notes.push_back(
        std::to_string(report.incidents_in_obstacles) + " incidents are mapped inside building footprints (police.uk snap points); " +
        std::to_string(report.incidents_moved) + " were moved to the nearest open ground" +
        (moved_by.empty() ? std::string() : " (median " + fixed(moved_by[moved_by.size() / 2], 1) + " m)") +
        (left > 0 ? ", " + std::to_string(left) + " stay inside where no street camera can see them" : std::string()));
  }
}

// The steps plan_cctv and plan_rotation share: demand, obstacles, candidates, existing cameras
// and both coverage matrices. Fills the report's descriptive fields and notes.
}  // namespace

Scene build_scene(const PreparedIncidents& prepared, const CctvOptions& options, CctvReport& report) {
  Scene scene;
  const Incidents& incidents = prepared.incidents;
  const bool raster = options.demand_raster.has_value();
  if (incidents.empty() && !raster) throw Error(ErrorCode::data, kStage, "no incidents left to cover after filtering");
  const std::string& crs = prepared.crs.definition;
  report.incidents = incidents.size();

  if (!options.height_field.empty() && !options.obstacles) {
    throw Error(ErrorCode::usage, kStage, option_ref("height-field") + " needs " + option_ref("buildings"));
  }
  scene.obstacles = !options.obstacles ? ObstacleSet()
                    : options.height_field.empty()
                        ? ObstacleSet::from_source(*options.obstacles, crs, report.notes)
                        : ObstacleSet::from_source_with_heights(*options.obstacles, crs, options.height_field,
                                                                options.viewshed, report.notes);
  const ObstacleSet& obstacles = scene.obstacles;
  report.obstacles = obstacles.description();
  if (raster) {
    RasterDemand grid = read_raster_demand(*options.demand_raster, crs);
    scene.demand = std::move(grid.points);
    grid.points = WeightedPoints{};
    if (scene.demand.size() == 0) {
      throw Error(ErrorCode::data, kStage, options.demand_raster->path.filename().string() + " has no cell with positive demand");
    }
    report.notes.push_back("demand from " + options.demand_raster->path.filename().string() + ": " +
                           std::to_string(scene.demand.size()) + " cells with positive mass (of " + std::to_string(grid.cells) +
                           "; " + std::to_string(grid.nodata_cells) + " nodata), " + fixed(grid.total_mass, 2) +
                           " expected incidents (" + raster_demand_units_name(grid.units) + ")");
    // Cell centres are not snap points: the kernel already spread indoor snap points onto the
    // streets around them, and moving cells would stack their mass on the footprint edges.
    if (!incidents.empty()) {
      scene.incident_points = demand_points(incidents, options.demand);
      snap_indoor_points(scene.incident_points, obstacles, options, report);
    }
    report.raster = std::move(grid);
  } else {
    scene.demand = demand_points(incidents, options.demand);
    snap_indoor_points(scene.demand, obstacles, options, report);
  }
  const WeightedPoints& demand = scene.demand;
  report.demand_points = demand.size();

  CandidateOptions candidate_options = options.candidates;
  candidate_options.lattice_area = prepared.area.get();
  candidate_options.default_camera = &options.camera;
  candidate_options.hotspot_features = &scene.hotspots;
  report.candidates = generate_candidates(candidate_options, obstacles, crs, report.candidate_report, report.notes);
  if (report.candidates.empty()) {
    throw Error(ErrorCode::usage, kStage,
                "no candidate sites: give candidate points, a lattice spacing with a study area, roads or hotspot "
                "polygons (sites inside buildings or exclusion areas are dropped)");
  }
  std::vector<CameraSite>& existing = scene.existing;
  if (options.existing) {
    existing = read_existing_cameras(*options.existing, options.existing_fields, options.camera, crs, report.notes);
  }
  report.existing_cameras = existing.size();

  CoverageOptions coverage_options;
  coverage_options.camera = options.camera;
  coverage_options.visibility = options.visibility;
  coverage_options.threads = options.threads;
  scene.candidate_coverage = build_coverage(report.candidates, demand, obstacles, coverage_options);
  scene.existing_coverage = build_coverage(existing, demand, obstacles, coverage_options);
  if (scene.incident_points.size() > 0) {
    scene.incident_candidate_coverage = build_coverage(report.candidates, scene.incident_points, obstacles, coverage_options);
    scene.incident_existing_coverage = build_coverage(existing, scene.incident_points, obstacles, coverage_options);
  }
  const CoverageMatrix& existing_coverage = scene.existing_coverage;
  std::size_t existing_inside = 0;
  for (const auto flag : existing_coverage.site_inside_obstacle) existing_inside += flag;
  if (existing_inside > 0) {
    report.notes.push_back(std::to_string(existing_inside) +
                           " existing cameras stand inside building footprints; they are counted as seeing nothing");
  }

  return scene;
}

std::string fixed_text(double value, int decimals) {
  return format("%.*f", decimals, value);
}

}  // namespace hotspot::detail
