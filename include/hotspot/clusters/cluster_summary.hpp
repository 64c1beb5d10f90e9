#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"

namespace hotspot::clusters {

/// A polygon as rings of (x, y); the first ring is the exterior, each ring closed.
using Rings = std::vector<std::vector<std::pair<double, double>>>;

/// Standard deviational ellipse (ArcGIS "Directional Distribution"): centred on the mean
/// centre, axes along the eigenvectors of the population covariance of the incidents, with
/// semi-axes sqrt(2 * eigenvalue) for one standard deviation (the sqrt 2 makes the 1-SD
/// ellipse of a bivariate normal cover ~63% of the points, as ArcGIS since 10.x).
struct DeviationalEllipse {
  double centre_x = 0.0;
  double centre_y = 0.0;
  double semi_major = 0.0;  ///< 1 SD, CRS units
  double semi_minor = 0.0;  ///< 1 SD, CRS units
  double rotation = 0.0;    ///< angle of the major axis from the x axis (east), radians, in [0, pi)
  /// Closed ring of the `standard_deviations`-SD ellipse with `segments` vertices.
  [[nodiscard]] std::vector<std::pair<double, double>> ring(double standard_deviations, int segments = 72) const;
};

/// Population-covariance deviational ellipse of points (unweighted; every incident counts once).
[[nodiscard]] DeviationalEllipse deviational_ellipse(std::span<const double> x, std::span<const double> y);

/// What each cluster of `summarise_clusters` reports.
struct ClusterSummary {
  std::int32_t label = 0;
  std::size_t incidents = 0;
  double weight = 0.0;            ///< summed incident weight (harm when weighted by harm)
  double share = 0.0;             ///< incidents / all incidents given
  double weight_share = 0.0;      ///< weight / all weight given
  std::size_t locations = 0;      ///< distinct coordinates
  Rings convex_hull;
  Rings concave_hull;
  double area = 0.0;              ///< of the concave hull, CRS units squared (m^2)
  double density = 0.0;           ///< incidents per km^2 of the concave hull
  bool hull_buffered = false;     ///< fewer than 3 non-collinear locations: hulls are buffers
  DeviationalEllipse ellipse;
  /// (category code, incidents), most frequent first, ties by code.
  std::vector<std::pair<std::uint32_t, std::size_t>> crime_types;
  /// (location code, incidents), most frequent first, ties by code; at most `top_locations`.
  std::vector<std::pair<std::uint32_t, std::size_t>> top_locations;
  MonthIndex first_month = kNoMonth;
  MonthIndex last_month = kNoMonth;
  std::size_t months_active = 0;  ///< distinct months with an incident
};

/// Options of `summarise_clusters`.
struct ClusterSummaryOptions {
  /// GEOS concave hull ratio: 0 = tightest (most concave), 1 = the convex hull.
  double concave_ratio = 0.3;
  /// Clusters with fewer than 3 non-collinear locations get hulls buffered by this distance
  /// (CRS units) so every cluster is drawn as an area.
  double degenerate_buffer = 10.0;
  std::size_t top_locations = 5;
};

/// Geometry and properties of every cluster (labels >= 0; -1 = noise is skipped), ordered by
/// label. `label` has one entry per incident (e.g. DBSCAN's point labels mapped through
/// WeightedPoints::point_of). Hulls come from the GEOS C API (GEOSConvexHull_r,
/// GEOSConcaveHull_r). Throws `Error` (data) when `label` and the incidents differ in length.
[[nodiscard]] std::vector<ClusterSummary> summarise_clusters(const Incidents& incidents,
                                                             std::span<const std::int32_t> label,
                                                             const ClusterSummaryOptions& options);

}  // namespace hotspot::clusters
