#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "hotspot/cctv/camera_model.hpp"
#include "hotspot/geo/study_area.hpp"

namespace hotspot {

struct ViewshedOptions;

/// Polygons that block sight (building footprints), in the working CRS, indexed with a GEOS
/// STRtree so a camera only looks at the obstacles within its range. Empty = open ground.
class ObstacleSet {
 public:
  ObstacleSet();  ///< no obstacles: open ground
  /// Polygons and multipolygons as ISO WKB in the working CRS; other geometries are skipped
  /// (counted in `notes`), invalid ones repaired with GEOS MakeValid (noted).
  static ObstacleSet from_wkb(const std::vector<std::string>& polygons, std::vector<std::string>& notes);
  /// Reads an OGR polygon layer (e.g. the `buildings` layer of a GeoPackage) into the working CRS.
  static ObstacleSet from_source(const AreaSource& source, const std::string& working_crs,
                                 std::vector<std::string>& notes);
  /// Like from_source, with each footprint's height in metres from `height_field`: cameras
  /// then see over what is lower than their sight lines (viewshed_polygon, GDAL's viewshed on
  /// a surface model) instead of being blocked by every footprint. Footprints without a
  /// usable height block like walls of unlimited height (noted), as without heights.
  static ObstacleSet from_source_with_heights(const AreaSource& source, const std::string& working_crs,
                                              const std::string& height_field, const ViewshedOptions& viewshed,
                                              std::vector<std::string>& notes);

  ObstacleSet(ObstacleSet&&) noexcept;
  ObstacleSet& operator=(ObstacleSet&&) noexcept;
  ~ObstacleSet();

  /// Number of polygons (a multipolygon counts once per part).
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] bool empty() const { return size() == 0; }
  /// True when (x, y) lies strictly inside an obstacle (a point on a wall is outside).
  [[nodiscard]] bool inside(double x, double y) const;
  /// "open ground (no obstacles given)" or "993 obstacle polygons from buildings.gpkg".
  [[nodiscard]] const std::string& description() const;
  /// For a point strictly inside an obstacle: the nearest point of open ground (just outside
  /// a wall, not inside a neighbouring footprint) within `max_distance`; nothing when there is
  /// none. police.uk maps many incidents to snap points inside buildings ("On or near Shopping
  /// Area"), while the incident happened on or near it; a street camera can see the frontage.
  [[nodiscard]] std::optional<std::pair<double, double>> nearest_open_ground(double x, double y,
                                                                            double max_distance) const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  explicit ObstacleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// How finely the range circle is drawn. Obstacle corners are always exact.
struct VisibilityOptions {
  double arc_step_deg = 1.0;  ///< angular step along the range arc (chord error r·(1-cos(step/2)))
};

/// What one camera sees.
struct Visibility {
  std::string wkb;              ///< multipolygon in the working CRS; empty when nothing is seen
  double area_m2 = 0;
  bool inside_obstacle = false;  ///< the camera stands inside an obstacle, so it sees nothing
  std::size_t obstacles_considered = 0;  ///< obstacles within range (after the STRtree query)
};

/// The visibility polygon of a camera at (x, y) facing `heading_deg` (clockwise from grid
/// north; ignored for a 360° model): the points within `model.range_m` and the sector whose
/// straight line from the camera crosses no obstacle. Computed by casting rays at every
/// obstacle corner (and just either side of it), where an obstacle edge meets the range
/// circle, and every `arc_step_deg` along the arc; between two consecutive rays the nearest
/// edge does not change, so joining the hits is exact apart from the arc's chords.
[[nodiscard]] Visibility visibility_polygon(const ObstacleSet& obstacles, double x, double y, double heading_deg,
                                            const CameraModel& model, const VisibilityOptions& options = {});

}  // namespace hotspot
