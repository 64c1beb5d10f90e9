#include "hotspot/clusters/cluster_summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numbers>
#include <set>
#include <string>

#include <geos_c.h>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::clusters {
namespace {

constexpr const char* kStage = "clusters.summary";

// One GEOS context per call of summarise_clusters (silent: failures surface as null results,
// checked at each call), geometries owned by unique_ptrs that destroy through it.
using hotspot::detail::GeomDeleter;
using hotspot::detail::GeomPtr;
using hotspot::detail::GeosContext;

GeomPtr checked(GEOSContextHandle_t ctx, GEOSGeometry* g, const char* what) {
  if (g == nullptr) throw Error(ErrorCode::internal, kStage, std::string("GEOS failed: ") + what);
  return GeomPtr(g, GeomDeleter{ctx});
}

GeomPtr multipoint(GEOSContextHandle_t ctx, const std::vector<std::pair<double, double>>& pts) {
  std::vector<GEOSGeometry*> points;
  points.reserve(pts.size());
  for (const auto& [x, y] : pts) points.push_back(GEOSGeom_createPointFromXY_r(ctx, x, y));
  return checked(ctx,
                 GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size())),
                 "multipoint");
}

std::vector<std::pair<double, double>> ring_coords(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
  unsigned size = 0;
  GEOSCoordSeq_getSize_r(ctx, seq, &size);
  std::vector<std::pair<double, double>> out(size);
  for (unsigned i = 0; i < size; ++i) GEOSCoordSeq_getXY_r(ctx, seq, i, &out[i].first, &out[i].second);
  return out;
}

Rings polygon_rings(GEOSContextHandle_t ctx, const GEOSGeometry* polygon) {
  Rings rings;
  rings.push_back(ring_coords(ctx, GEOSGetExteriorRing_r(ctx, polygon)));
  const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
  for (int h = 0; h < holes; ++h) rings.push_back(ring_coords(ctx, GEOSGetInteriorRingN_r(ctx, polygon, h)));
  return rings;
}

// A hull as a polygon; degenerate hulls (point, line) are buffered so the cluster has an area.
Rings as_polygon(GEOSContextHandle_t ctx, GeomPtr hull, double buffer, bool& buffered, double& area) {
  if (GEOSGeomTypeId_r(ctx, hull.get()) != GEOS_POLYGON) {
    hull = checked(ctx, GEOSBuffer_r(ctx, hull.get(), buffer, 8), "buffer");
    buffered = true;
  }
  GEOSArea_r(ctx, hull.get(), &area);
  return polygon_rings(ctx, hull.get());
}

template <typename Map>
std::vector<std::pair<std::uint32_t, std::size_t>> ranked(const Map& counts, std::size_t limit) {
  std::vector<std::pair<std::uint32_t, std::size_t>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace

std::vector<std::pair<double, double>> DeviationalEllipse::ring(double standard_deviations, int segments) const {
  std::vector<std::pair<double, double>> out;
  const double a = semi_major * standard_deviations, b = semi_minor * standard_deviations;
  const double c = std::cos(rotation), s = std::sin(rotation);
  for (int k = 0; k < segments; ++k) {
    const double t = 2.0 * std::numbers::pi * k / segments;
    const double u = a * std::cos(t), v = b * std::sin(t);
    out.emplace_back(centre_x + u * c - v * s, centre_y + u * s + v * c);
  }
  out.push_back(out.front());
  return out;
}

DeviationalEllipse deviational_ellipse(std::span<const double> x, std::span<const double> y) {
  DeviationalEllipse e;
  const std::size_t n = x.size();
  if (n == 0) return e;
  for (std::size_t i = 0; i < n; ++i) {
    e.centre_x += x[i];
    e.centre_y += y[i];
  }
  e.centre_x /= static_cast<double>(n);
  e.centre_y /= static_cast<double>(n);
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - e.centre_x, dy = y[i] - e.centre_y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx /= static_cast<double>(n);
  syy /= static_cast<double>(n);
  sxy /= static_cast<double>(n);
  // Eigen-decomposition of the symmetric 2x2 covariance, in closed form.
  const double mean = (sxx + syy) / 2, half_diff = (sxx - syy) / 2;
  const double radius = std::hypot(half_diff, sxy);
  const double major = mean + radius, minor = std::max(0.0, mean - radius);
  e.semi_major = std::sqrt(2.0 * major);
  e.semi_minor = std::sqrt(2.0 * minor);
  double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);
  if (angle < 0) angle += std::numbers::pi;
  e.rotation = angle;
  return e;
}

std::vector<ClusterSummary> summarise_clusters(const Incidents& incidents, std::span<const std::int32_t> label,
                                               const ClusterSummaryOptions& options) {
  if (label.size() != incidents.size()) {
    throw Error(ErrorCode::data, kStage, "one cluster label per incident is needed");
  }
  if (!(options.concave_ratio >= 0.0 && options.concave_ratio <= 1.0)) {
    throw Error(ErrorCode::usage, kStage, "concave hull ratio must be between 0 and 1");
  }
  std::map<std::int32_t, std::vector<std::size_t>> members;
  double total_weight = 0.0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    total_weight += incidents.weight.empty() ? 1.0 : incidents.weight[i];
    if (label[i] >= 0) members[label[i]].push_back(i);
  }
  GeosContext geos;
  GEOSContextHandle_t ctx = geos.get();
  std::vector<ClusterSummary> out;
  for (const auto& [cluster, rows] : members) {
    ClusterSummary s;
    s.label = cluster;
    s.incidents = rows.size();
    std::vector<double> xs, ys;
    std::map<std::uint32_t, std::size_t> types, places;
    std::set<MonthIndex> months;
    std::vector<std::pair<double, double>> distinct;
    for (std::size_t i : rows) {
      xs.push_back(incidents.x[i]);
      ys.push_back(incidents.y[i]);
      distinct.emplace_back(incidents.x[i], incidents.y[i]);
      s.weight += incidents.weight.empty() ? 1.0 : incidents.weight[i];
      if (!incidents.category.empty() && incidents.category[i] != Incidents::kNoCode) ++types[incidents.category[i]];
      if (!incidents.location.empty() && incidents.location[i] != Incidents::kNoCode) ++places[incidents.location[i]];
      if (!incidents.month.empty() && incidents.month[i] != kNoMonth) months.insert(incidents.month[i]);
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    s.locations = distinct.size();
    s.share = static_cast<double>(rows.size()) / static_cast<double>(incidents.size());
    s.weight_share = total_weight > 0 ? s.weight / total_weight : 0.0;
    s.crime_types = ranked(types, types.size());
    s.top_locations = ranked(places, options.top_locations);
    if (!months.empty()) {
      s.first_month = *months.begin();
      s.last_month = *months.rbegin();
      s.months_active = months.size();
    }
    s.ellipse = deviational_ellipse(xs, ys);

    const GeomPtr points = multipoint(ctx, distinct);
    double convex_area = 0.0;
    bool buffered = false;
    s.convex_hull = as_polygon(ctx, checked(ctx, GEOSConvexHull_r(ctx, points.get()), "convex hull"),
                               options.degenerate_buffer, buffered, convex_area);
    s.concave_hull = as_polygon(ctx,
                                checked(ctx, GEOSConcaveHull_r(ctx, points.get(), options.concave_ratio, 0),
                                        "concave hull"),
                                options.degenerate_buffer, buffered, s.area);
    s.hull_buffered = buffered;
    s.density = s.area > 0 ? static_cast<double>(s.incidents) / (s.area / 1.0e6) : 0.0;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace hotspot::clusters
