#pragma once

// The ray-casting core shared by visibility_polygon and build_coverage.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/geos_support.hpp"
#include "hotspot/cctv/visibility.hpp"
#include "hotspot/cctv/viewshed.hpp"

namespace hotspot {

struct ObstacleSet::Impl {
  detail::GeosContext context;
  std::vector<detail::GeomPtr> polygons;
  // Edges of every polygon (all rings), flattened: edges of polygon k are
  // [edge_begin[k], edge_begin[k + 1]).
  std::vector<std::size_t> edge_begin{0};
  std::vector<double> ax, ay, bx, by;
  std::vector<std::size_t> ids;                    // STRtree items point into this
  GEOSSTRtree* tree = nullptr;
  std::string description = "open ground (no obstacles given)";
  // With heights (from_source_with_heights): the footprints and how to run the viewshed.
  std::vector<HeightedFootprint> heighted;
  std::optional<ViewshedOptions> viewshed;

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

/// All-round view from one point: the hit of every ray in angular order (absolute coordinates),
/// with the ray angles (radians, math convention, in [-pi, pi)).
struct StarView {
  bool inside_obstacle = false;
  std::size_t obstacles_considered = 0;
  std::vector<double> angle, x, y;
};

/// Math-convention angles (radians) of the two straight sides of a sector.
[[nodiscard]] std::pair<double, double> sector_sides(double heading_deg, double fov_deg);

/// Whether (x, y) stands strictly inside an obstacle: cast_view's inside_obstacle, without
/// casting the rays.
[[nodiscard]] bool stands_inside(const ObstacleSet::Impl& obstacles, GEOSContextHandle_t context, double x, double y,
                                 double range);

/// Casts the rays; `extra_angles` (radians) get rays of their own: the sector sides, so that
/// cutting the view to a sector is exact.
[[nodiscard]] StarView cast_view(const ObstacleSet::Impl& obstacles, GEOSContextHandle_t context, double x, double y,
                                 double range, double arc_step_rad, const std::vector<double>& extra_angles);

/// The view polygon cut to the sector (heading clockwise from north, fov in degrees): the
/// camera, then the hits of the rays from one side of the sector to the other. Both sides must
/// have been among cast_view's extra angles. Null when nothing is seen.
[[nodiscard]] GeomPtr view_polygon(GEOSContextHandle_t context, const StarView& view, double x, double y,
                                   double heading_deg, double fov_deg);

}  // namespace detail
}  // namespace hotspot
