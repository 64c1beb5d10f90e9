#include "hotspot/cctv/visibility.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>

#include <gdal.h>

#include "cctv/view_geometry.hpp"
#include "hotspot/cctv/layer_source.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.visibility";
constexpr double kPi = std::numbers::pi;
// Rays either side of a corner: far enough apart to fall on different edges, close enough that
// the polygon vertex moves by micrometres at camera ranges.
constexpr double kCornerDelta = 1e-7;
// The height given to footprints whose height is unknown: above any sight line.
constexpr double kUnlimitedHeight = 1e4;
// Hits closer than this are the wall a camera is mounted on, not something blocking it.
constexpr double kMinHit = 1e-6;

void query_callback(void* item, void* userdata) {
  static_cast<std::vector<std::size_t>*>(userdata)->push_back(*static_cast<const std::size_t*>(item));
}

// Polygonal parts of a GEOS result (an intersection may add points or lines where shapes touch).
detail::GeomPtr polygonal_part(GEOSContextHandle_t context, detail::GeomPtr g) {
  if (!g || GEOSisEmpty_r(context, g.get()) == 1) return nullptr;
  const int type = GEOSGeomTypeId_r(context, g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<GEOSGeometry*> parts = detail::polygon_copies(context, g.get());
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return detail::own(context, parts.front());
  return detail::own(context, GEOSGeom_createCollection_r(context, GEOS_MULTIPOLYGON, parts.data(),
                                                           static_cast<unsigned>(parts.size())));
}

GEOSGeometry* ring_polygon(GEOSContextHandle_t context, const std::vector<double>& xs, const std::vector<double>& ys) {
  const auto n = static_cast<unsigned>(xs.size());
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(context, n + 1, 2);
  for (unsigned i = 0; i <= n; ++i) {
    GEOSCoordSeq_setXY_r(context, seq, i, xs[i % n], ys[i % n]);
  }
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(context, seq);
  return GEOSGeom_createPolygon_r(context, shell, nullptr, 0);
}

}  // namespace

ObstacleSet::Impl::~Impl() {
  if (tree != nullptr) GEOSSTRtree_destroy_r(context.get(), tree);
}

std::vector<std::size_t> ObstacleSet::Impl::query(GEOSContextHandle_t ctx, double x0, double y0, double x1,
                                                  double y1) const {
  std::vector<std::size_t> found;
  if (tree == nullptr) return found;
  detail::GeomPtr box = detail::own(ctx, GEOSGeom_createRectangle_r(ctx, x0, y0, x1, y1));
  GEOSSTRtree_query_r(ctx, tree, box.get(), query_callback, &found);
  std::sort(found.begin(), found.end());
  return found;
}

bool ObstacleSet::Impl::strictly_inside(std::size_t k, double x, double y) const {
  bool in = false;
  for (std::size_t e = edge_begin[k]; e < edge_begin[k + 1]; ++e) {
    const double x0 = ax[e], y0 = ay[e], x1 = bx[e], y1 = by[e];
    // On the edge (within 1e-9 m): outside by our convention.
    const double ex = x1 - x0, ey = y1 - y0;
    const double len2 = ex * ex + ey * ey;
    double u = len2 > 0 ? ((x - x0) * ex + (y - y0) * ey) / len2 : 0.0;
    u = std::clamp(u, 0.0, 1.0);
    const double dx = x0 + u * ex - x, dy = y0 + u * ey - y;
    if (dx * dx + dy * dy < 1e-18) return false;
    if ((y0 > y) != (y1 > y)) {
      const double cross_x = x0 + (y - y0) * ex / ey;
      if (x < cross_x) in = !in;
    }
  }
  return in;
}

ObstacleSet::ObstacleSet() : impl_(std::make_unique<Impl>()) {}
ObstacleSet::ObstacleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ObstacleSet::ObstacleSet(ObstacleSet&&) noexcept = default;
ObstacleSet& ObstacleSet::operator=(ObstacleSet&&) noexcept = default;
ObstacleSet::~ObstacleSet() = default;

std::size_t ObstacleSet::size() const { return impl_->polygons.size(); }
const std::string& ObstacleSet::description() const { return impl_->description; }

bool ObstacleSet::inside(double x, double y) const {
  auto* ctx = impl_->context.get();
  for (const std::size_t k : impl_->query(ctx, x, y, x, y)) {
    if (impl_->strictly_inside(k, x, y)) return true;
  }
  return false;
}

std::optional<std::pair<double, double>> ObstacleSet::nearest_open_ground(double x, double y, double max_distance) const {
  auto* ctx = impl_->context.get();
  const auto near = impl_->query(ctx, x - max_distance, y - max_distance, x + max_distance, y + max_distance);
  // Closest points on every nearby wall, nearest first; the first one that, stepped 5 cm
  // further outward, is not inside any obstacle is open ground.
  std::vector<std::pair<double, std::pair<double, double>>> options;
  for (const std::size_t k : near) {
    for (std::size_t e = impl_->edge_begin[k]; e < impl_->edge_begin[k + 1]; ++e) {
      const double ex = impl_->bx[e] - impl_->ax[e], ey = impl_->by[e] - impl_->ay[e];
      const double len2 = ex * ex + ey * ey;
      const double u = std::clamp(((x - impl_->ax[e]) * ex + (y - impl_->ay[e]) * ey) / len2, 0.0, 1.0);
      const double cx = impl_->ax[e] + u * ex, cy = impl_->ay[e] + u * ey;
      const double d = std::hypot(cx - x, cy - y);
      if (d <= max_distance && d > 0) options.push_back({d, {cx, cy}});
    }
  }
  std::sort(options.begin(), options.end());
  constexpr double kStep = 0.05;
  for (const auto& [d, c] : options) {
    const double px = c.first + kStep * (c.first - x) / d, py = c.second + kStep * (c.second - y) / d;
    if (!inside(px, py)) return std::pair{px, py};
  }
  return std::nullopt;
}

ObstacleSet ObstacleSet::from_wkb(const std::vector<std::string>& polygons, std::vector<std::string>& notes) {
  auto impl = std::make_unique<Impl>();
  auto* ctx = impl->context.get();
  std::size_t skipped = 0, repaired = 0;
  auto add_polygon = [&](const GEOSGeometry* poly) {
    if (GEOSisEmpty_r(ctx, poly) == 1) return;
    impl->polygons.push_back(detail::own(ctx, GEOSGeom_clone_r(ctx, poly)));
    const int holes = GEOSGetNumInteriorRings_r(ctx, poly);
    for (int r = -1; r < holes; ++r) {
      const GEOSGeometry* ring = r < 0 ? GEOSGetExteriorRing_r(ctx, poly) : GEOSGetInteriorRingN_r(ctx, poly, r);
      const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
      unsigned n = 0;
      GEOSCoordSeq_getSize_r(ctx, seq, &n);
      for (unsigned i = 0; i + 1 < n; ++i) {
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x0, &y0);
        GEOSCoordSeq_getXY_r(ctx, seq, i + 1, &x1, &y1);
        if (x0 == x1 && y0 == y1) continue;
        impl->ax.push_back(x0);
        impl->ay.push_back(y0);
        impl->bx.push_back(x1);
        impl->by.push_back(y1);
      }
    }
    impl->edge_begin.push_back(impl->ax.size());
  };
  for (const auto& wkb : polygons) {
    detail::GeomPtr g = detail::geom_from_wkb(ctx, wkb);
    if (!g) {
      ++skipped;
      continue;
    }
    int type = GEOSGeomTypeId_r(ctx, g.get());
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
      ++skipped;
      continue;
    }
    if (GEOSisValid_r(ctx, g.get()) != 1) {
      g = polygonal_part(ctx, detail::own(ctx, GEOSMakeValid_r(ctx, g.get())));
      ++repaired;
      if (!g) continue;
      type = GEOSGeomTypeId_r(ctx, g.get());
    }
    if (type == GEOS_POLYGON) {
      add_polygon(g.get());
    } else {
      for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g.get()); ++i) add_polygon(GEOSGetGeometryN_r(ctx, g.get(), i));
    }
  }
  if (skipped > 0) notes.push_back(std::to_string(skipped) + " obstacle features are not polygons and were skipped");
  if (repaired > 0) notes.push_back(std::to_string(repaired) + " invalid obstacle polygons were repaired with GEOS MakeValid");
  if (!impl->polygons.empty()) {
    impl->tree = GEOSSTRtree_create_r(ctx, 10);
    impl->ids.resize(impl->polygons.size());
    for (std::size_t k = 0; k < impl->polygons.size(); ++k) {
      impl->ids[k] = k;
      GEOSSTRtree_insert_r(ctx, impl->tree, impl->polygons[k].get(), &impl->ids[k]);
    }
    // The tree is built on its first query; do it now so later queries from several threads
    // only read it.
    (void)impl->query(ctx, 0, 0, 0, 0);
    impl->description = std::to_string(impl->polygons.size()) + " obstacle polygons";
  }
  return ObstacleSet(std::move(impl));
}

ObstacleSet ObstacleSet::from_source(const AreaSource& source, const std::string& working_crs,
                                     std::vector<std::string>& notes) {
  const auto features = read_layer(source, working_crs, {}, kStage, notes);
  std::vector<std::string> wkbs;
  wkbs.reserve(features.size());
  for (const auto& f : features) wkbs.push_back(f.wkb);
  ObstacleSet set = from_wkb(wkbs, notes);
  if (set.empty()) throw Error(ErrorCode::data, ErrorContext{kStage, source.path, std::nullopt, {}}, "has no obstacle polygons");
  set.impl_->description = std::to_string(set.size()) + " obstacle polygons from " + redact_credentials(source.path) +
                           (source.layer.empty() ? "" : " layer " + source.layer);
  return set;
}

ObstacleSet ObstacleSet::from_source_with_heights(const AreaSource& source, const std::string& working_crs,
                                                  const std::string& height_field, const ViewshedOptions& viewshed,
                                                  std::vector<std::string>& notes) {
  const auto features = read_layer(source, working_crs, {height_field}, kStage, notes);
  std::vector<std::string> wkbs;
  std::vector<HeightedFootprint> heighted;
  std::size_t unknown = 0;
  for (const auto& f : features) {
    wkbs.push_back(f.wkb);
    const std::string& text = f.values.at(0);
    char* end = nullptr;
    const double h = text.empty() ? NAN : std::strtod(text.c_str(), &end);
    const bool usable = !text.empty() && end != nullptr && *end == '\0' && std::isfinite(h) && h >= 0;
    // Unknown heights block everything, as a footprint does without heights.
    if (!usable) ++unknown;
    heighted.push_back({f.wkb, usable ? h : kUnlimitedHeight});
  }
  ObstacleSet set = from_wkb(wkbs, notes);
  if (set.empty()) throw Error(ErrorCode::data, ErrorContext{kStage, source.path, std::nullopt, {}}, "has no obstacle polygons");
  if (unknown > 0) {
    notes.push_back(std::to_string(unknown) + " of " + std::to_string(features.size()) + " footprints have no usable " +
                    height_field + "; they block sight at any height");
  }
  hotspot::detail::register_gdal_drivers();  // once here, not first inside build_coverage's threads
  set.impl_->heighted = std::move(heighted);
  set.impl_->viewshed = viewshed;
  char camera[32];
  std::snprintf(camera, sizeof camera, "%g", viewshed.camera_height_m);
  set.impl_->description = std::to_string(set.size()) + " obstacle polygons with heights (" + height_field + ") from " +
                           redact_credentials(source.path) + (source.layer.empty() ? "" : " layer " + source.layer) +
                           "; GDAL viewshed, cameras " + camera + " m above ground";
  return set;
}

namespace detail {

std::pair<double, double> sector_sides(double heading_deg, double fov_deg) {
  const double centre = (90.0 - heading_deg) * kPi / 180.0;  // compass heading → math angle
  const double half = fov_deg * kPi / 360.0;
  const auto wrap = [](double a) {
    a = std::fmod(a + kPi, 2 * kPi);
    if (a < 0) a += 2 * kPi;
    return a - kPi;
  };
  return {wrap(centre - half), wrap(centre + half)};
}

namespace {

bool inside_any(const ObstacleSet::Impl& obstacles, const std::vector<std::size_t>& near, double x, double y) {
  return std::any_of(near.begin(), near.end(), [&](std::size_t k) { return obstacles.strictly_inside(k, x, y); });
}

}  // namespace

bool stands_inside(const ObstacleSet::Impl& obstacles, GEOSContextHandle_t context, double x, double y, double range) {
  return inside_any(obstacles, obstacles.query(context, x - range, y - range, x + range, y + range), x, y);
}

StarView cast_view(const ObstacleSet::Impl& obstacles, GEOSContextHandle_t context, double x, double y, double range,
                   double arc_step_rad, const std::vector<double>& extra_angles) {
  StarView view;
  const auto near = obstacles.query(context, x - range, y - range, x + range, y + range);
  view.obstacles_considered = near.size();
  if (inside_any(obstacles, near, x, y)) {
    view.inside_obstacle = true;
    return view;
  }
  // Edges relative to the camera, keeping those that come within range.
  std::vector<double> px, py, ex, ey;
  std::vector<double> angles;
  const double r2 = range * range;
  for (const std::size_t k : near) {
    for (std::size_t e = obstacles.edge_begin[k]; e < obstacles.edge_begin[k + 1]; ++e) {
      const double x0 = obstacles.ax[e] - x, y0 = obstacles.ay[e] - y;
      const double dx = obstacles.bx[e] - obstacles.ax[e], dy = obstacles.by[e] - obstacles.ay[e];
      const double len2 = dx * dx + dy * dy;
      const double u = std::clamp(-(x0 * dx + y0 * dy) / len2, 0.0, 1.0);
      const double cx = x0 + u * dx, cy = y0 + u * dy;
      if (cx * cx + cy * cy > r2) continue;
      px.push_back(x0);
      py.push_back(y0);
      ex.push_back(dx);
      ey.push_back(dy);
      for (const auto& [vx, vy] : {std::pair{x0, y0}, std::pair{x0 + dx, y0 + dy}}) {
        if (vx * vx + vy * vy <= r2 && vx * vx + vy * vy > 0) {
          const double a = std::atan2(vy, vx);
          angles.insert(angles.end(), {a - kCornerDelta, a, a + kCornerDelta});
        }
      }
      // Where the edge crosses the range circle: |p + u·d|² = r².
      const double b = 2 * (x0 * dx + y0 * dy), c = x0 * x0 + y0 * y0 - r2;
      const double disc = b * b - 4 * len2 * c;
      if (disc >= 0) {
        for (const double s : {-1.0, 1.0}) {
          const double uu = (-b + s * std::sqrt(disc)) / (2 * len2);
          if (uu >= 0 && uu <= 1) {
            const double a = std::atan2(y0 + uu * dy, x0 + uu * dx);
            angles.insert(angles.end(), {a - kCornerDelta, a, a + kCornerDelta});
          }
        }
      }
    }
  }
  const int steps = std::max(8, static_cast<int>(std::ceil(2 * kPi / arc_step_rad)));
  for (int i = 0; i < steps; ++i) angles.push_back(-kPi + 2 * kPi * i / steps);
  angles.insert(angles.end(), extra_angles.begin(), extra_angles.end());
  for (double& a : angles) {
    if (a < -kPi) a += 2 * kPi;
    if (a >= kPi) a -= 2 * kPi;
  }
  std::sort(angles.begin(), angles.end());
  angles.erase(std::unique(angles.begin(), angles.end()), angles.end());

  // A camera on a wall (within kMinHit of an edge): rays pointing into that building are
  // blocked at once; the others ignore the wall they start on.
  std::vector<std::size_t> touching;
  for (const std::size_t k : near) {
    for (std::size_t e = obstacles.edge_begin[k]; e < obstacles.edge_begin[k + 1]; ++e) {
      const double x0 = obstacles.ax[e] - x, y0 = obstacles.ay[e] - y;
      const double dx = obstacles.bx[e] - obstacles.ax[e], dy = obstacles.by[e] - obstacles.ay[e];
      const double u = std::clamp(-(x0 * dx + y0 * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      if (std::hypot(x0 + u * dx, y0 + u * dy) < kMinHit) {
        touching.push_back(k);
        break;
      }
    }
  }
  view.angle = angles;
  view.x.reserve(angles.size());
  view.y.reserve(angles.size());
  const std::size_t m = px.size();
  for (const double a : angles) {
    const double c = std::cos(a), s = std::sin(a);
    const bool into_wall = std::any_of(touching.begin(), touching.end(), [&](std::size_t k) {
      return obstacles.strictly_inside(k, x + 1e-3 * c, y + 1e-3 * s);
    });
    if (into_wall) {
      view.x.push_back(x);
      view.y.push_back(y);
      continue;
    }
    double t = range;
    for (std::size_t e = 0; e < m; ++e) {
      // Ray t·(c, s) meets p + u·d where cross(d, e) ≠ 0.
      const double denom = c * ey[e] - s * ex[e];
      if (std::abs(denom) < 1e-15) continue;
      const double tt = (px[e] * ey[e] - py[e] * ex[e]) / denom;
      if (tt < kMinHit || tt >= t) continue;
      const double u = (px[e] * s - py[e] * c) / denom;
      if (u < -1e-12 || u > 1 + 1e-12) continue;
      t = tt;
    }
    view.x.push_back(x + t * c);
    view.y.push_back(y + t * s);
  }
  return view;
}

GeomPtr view_polygon(GEOSContextHandle_t context, const StarView& view, double x, double y, double heading_deg,
                     double fov_deg) {
  if (view.inside_obstacle || view.x.size() < 3) return nullptr;
  std::vector<double> xs, ys;
  if (fov_deg >= 360.0) {
    xs = view.x;
    ys = view.y;
  } else {
    // The rays from the first side counter-clockwise to the second, after the camera itself.
    // Both sides are rays of their own (cast_view's extra angles), so the cut is exact.
    const double first = sector_sides(heading_deg, fov_deg).first;
    const double span = fov_deg * kPi / 180.0;
    const std::size_t n = view.angle.size();
    const std::size_t start = static_cast<std::size_t>(
        std::lower_bound(view.angle.begin(), view.angle.end(), first) - view.angle.begin());
    xs.push_back(x);
    ys.push_back(y);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (start + k) % n;
      double offset = view.angle[i] - first;
      if (offset < 0) offset += 2 * kPi;
      if (offset > span + 1e-12) break;
      xs.push_back(view.x[i]);
      ys.push_back(view.y[i]);
    }
    if (xs.size() < 3) return nullptr;
  }
  GeomPtr polygon = own(context, ring_polygon(context, xs, ys));
  if (!polygon) throw Error(ErrorCode::internal, kStage, "GEOS cannot build the view polygon");
  // No validity check (it would cost more than everything else): hits of rays in strictly
  // increasing angle, all at positive distance, joined in order, form a polygon that is
  // star-shaped around the camera, and such a ring cannot cross itself. The tests check the
  // result against GEOS's own relate on real buildings.
  return polygon;
}

}  // namespace detail

Visibility visibility_polygon(const ObstacleSet& obstacles, double x, double y, double heading_deg,
                              const CameraModel& model, const VisibilityOptions& options) {
  model.validate();
  detail::GeosContext context;
  const double step = options.arc_step_deg * kPi / 180.0;
  std::vector<double> sides;
  if (!model.all_round()) {
    const auto [first, second] = detail::sector_sides(heading_deg, model.fov_deg);
    sides = {first, second};
  }
  const detail::StarView view = detail::cast_view(obstacles.impl(), context.get(), x, y, model.range_m, step, sides);
  if (obstacles.impl().viewshed && !view.inside_obstacle) {
    return viewshed_polygon(obstacles.impl().heighted, x, y, heading_deg, model, *obstacles.impl().viewshed, options);
  }
  Visibility out;
  out.inside_obstacle = view.inside_obstacle;
  out.obstacles_considered = view.obstacles_considered;
  detail::GeomPtr polygon =
      detail::view_polygon(context.get(), view, x, y, heading_deg, model.fov_deg);
  if (polygon) {
    GEOSArea_r(context.get(), polygon.get(), &out.area_m2);
    if (GEOSGeomTypeId_r(context.get(), polygon.get()) == GEOS_POLYGON) {
      // Always a multipolygon, so a GeoPackage layer holds one geometry type.
      GEOSGeometry* part = polygon.release();
      polygon = detail::own(context.get(), GEOSGeom_createCollection_r(context.get(), GEOS_MULTIPOLYGON, &part, 1));
    }
    out.wkb = detail::geom_to_wkb(context.get(), polygon.get());
  }
  return out;
}

}  // namespace hotspot
