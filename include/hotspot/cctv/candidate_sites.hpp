#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"
#include "hotspot/cctv/layer_source.hpp"
#include "hotspot/cctv/visibility.hpp"
#include "hotspot/core/vector_layer.hpp"
#include "hotspot/geo/study_area.hpp"

namespace hotspot {

/// Where candidate camera sites come from; any combination, in this order.
struct CandidateOptions {
  std::optional<AreaSource> points;   ///< an OGR point layer (lamp columns, poles, car-park entrances)
  std::string cost_field;             ///< numeric field of `points` with each site's cost (default 1)
  /// Field of `points` naming each site ("Parking Area off Hatfield Road"): the name becomes
  /// the site's label, and names must be unique (units and appraisals refer to sites by it).
  /// Empty: labels say where a site came from ("points fid 12").
  std::string name_field;
  /// Optional fields of `points` describing the camera that site can take: its range (m),
  /// field of view (degrees; 360 for a dome/PTZ) and fixed heading (degrees clockwise from
  /// north). Empty values fall back to `default_camera`.
  std::string range_field, fov_field, heading_field;
  /// Optional field of `points` saying whether the site has a mount and power: sites whose
  /// value is 0, no, false, n or f are dropped (counted); 1, yes, true, y, t or empty keep them.
  std::string usable_field;
  const CameraModel* default_camera = nullptr;  ///< the shared model the per-site fields modify
  /// > 0: a square lattice at this spacing inside `lattice_area` (none without an area).
  double spacing_m = 100;
  const StudyArea* lattice_area = nullptr;
  std::optional<AreaSource> roads;    ///< an OGR line layer: a site every `road_step_m` along each line
  double road_step_m = 50;
  std::optional<AreaSource> hotspots; ///< an OGR polygon layer: a site at each polygon's centroid
  /// Instead of reading `hotspots` (when it is not set): the polygons themselves, in the working
  /// CRS, the i-th (from 0) taken as fid i + 1, as a GeoPackage numbers them. The plan passes the
  /// layer its density step made (plan.gpkg's `hotspots` layer, fid for fid) rather than reading
  /// back the GeoJSON copy, whose lon/lat coordinates are rounded to 1e-7 degrees.
  const VectorLayer* hotspot_layer = nullptr;
  /// When set, receives the features of `hotspots` as read (so a caller that needs the
  /// polygons again does not read the layer twice).
  std::vector<LayerFeature>* hotspot_features = nullptr;
  std::vector<AreaSource> exclusions; ///< polygons where no camera may go
  std::size_t max_sites = 200000;     ///< refuse more (a spacing given in degrees, say)
};

/// What happened to the candidates.
struct CandidateReport {
  std::size_t from_points = 0, from_lattice = 0, from_roads = 0, from_hotspots = 0;
  std::size_t excluded = 0;          ///< inside an exclusion polygon
  std::size_t inside_obstacles = 0;  ///< inside a building footprint: dropped
  std::size_t duplicates = 0;        ///< same position as an earlier candidate
  std::size_t unusable = 0;          ///< no mount or power (CandidateOptions::usable_field)
};

/// Builds the candidate sites in the working CRS. Sites inside exclusion polygons or
/// obstacles, and exact duplicates, are dropped and counted. Labels say where each came from
/// ("points fid 12", "lattice", "roads fid 3", "hotspots fid 7"), or are the site's name with
/// `name_field`. Throws Error(usage) naming the layer's fields when a named field is missing,
/// Error(data) naming the feature on a repeated name or a value that is not a number.
[[nodiscard]] std::vector<CameraSite> generate_candidates(const CandidateOptions& options, const ObstacleSet& obstacles,
                                                          const std::string& working_crs, CandidateReport& report,
                                                          std::vector<std::string>& notes);

/// Fields of an existing-camera layer; empty names use `defaults`.
struct ExistingCameraFields {
  std::string range;    ///< metres
  std::string fov;      ///< degrees; 360 for a dome/PTZ
  std::string heading;  ///< degrees clockwise from north
};

/// Reads existing cameras (an OGR point layer) as locked-in sites, each with its own model
/// when the fields give one; a fixed camera without a heading field looks all round (noted).
[[nodiscard]] std::vector<CameraSite> read_existing_cameras(const AreaSource& source, const ExistingCameraFields& fields,
                                                            const CameraModel& defaults, const std::string& working_crs,
                                                            std::vector<std::string>& notes);

}  // namespace hotspot
