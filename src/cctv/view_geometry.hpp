#pragma once

// The ray-casting core shared by visibility_polygon and build_coverage.

#include <cstddef>
#include <vector>

#include "cctv/geos_support.hpp"
#include "hotspot/cctv/visibility.hpp"

namespace hotspot {

struct ObstacleSet::Impl {
  detail::GeosContext context;
  std::vector<detail::GeomPtr> polygons;
  // Edges of every polygon (all rings), flattened: edges of polygon k are
  // [edge_begin[k], edge_begin[k + 1]).
  std::vector<std::size_t> edge_begin{0};
  std::vector<double> ax, ay, bx, by;
  std::vector<double> min_x, min_y, max_x, max_y;  // envelope of each polygon
  std::vector<std::size_t> ids;                    // STRtree items point into this
  GEOSSTRtree* tree = nullptr;
  std::string description = "open ground (no obstacles given)";

  Impl() = default;
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  /// Indices of the polygons whose envelope meets the box (sorted, so results are stable).
  [[nodiscard]] std::vector<std::size_t> query(GEOSContextHandle_t context, double x0, double y0, double x1,
                                               double y1) const;
  /// Even-odd point-in-polygon over all rings of polygon k; points within 1e-9 m of an edge
  /// count as outside (a camera on a wall stands outside the building).
  [[nodiscard]] bool strictly_inside(std::size_t k, double x, double y) const;
};

namespace detail {

/// All-round view from one point: the hit of every ray in angular order (absolute coordinates).
struct StarView {
  bool inside_obstacle = false;
  std::size_t obstacles_considered = 0;
  std::vector<double> x, y;
};

[[nodiscard]] StarView cast_view(const ObstacleSet::Impl& obstacles, GEOSContextHandle_t context, double x, double y,
                                 double range, double arc_step_rad);

/// The view polygon cut to the sector (heading clockwise from north, fov in degrees); null when
/// nothing is seen.
[[nodiscard]] GeomPtr view_polygon(GEOSContextHandle_t context, const StarView& view, double x, double y,
                                   double heading_deg, double fov_deg, double range, double arc_step_rad);

}  // namespace detail
}  // namespace hotspot
