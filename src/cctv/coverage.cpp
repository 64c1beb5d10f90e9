#include "hotspot/cctv/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numbers>

#include <omp.h>

#include "cctv/view_geometry.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot {
namespace {

// Demand points bucketed on a square grid so a camera only tests the points within its range.
class PointGrid {
 public:
  PointGrid(const WeightedPoints& points, double cell) : points_(points), cell_(cell) {
    if (points.size() == 0) return;
    min_x_ = *std::min_element(points.x.begin(), points.x.end());
    min_y_ = *std::min_element(points.y.begin(), points.y.end());
    const double max_x = *std::max_element(points.x.begin(), points.x.end());
    const double max_y = *std::max_element(points.y.begin(), points.y.end());
    nx_ = static_cast<std::size_t>((max_x - min_x_) / cell_) + 1;
    ny_ = static_cast<std::size_t>((max_y - min_y_) / cell_) + 1;
    start_.assign(nx_ * ny_ + 1, 0);
    for (std::size_t i = 0; i < points.size(); ++i) ++start_[cell_of(points.x[i], points.y[i]) + 1];
    for (std::size_t c = 0; c < nx_ * ny_; ++c) start_[c + 1] += start_[c];
    items_.resize(points.size());
    std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < points.size(); ++i) items_[fill[cell_of(points.x[i], points.y[i])]++] = static_cast<std::uint32_t>(i);
  }

  // Points within `r` of (x, y), ascending.
  [[nodiscard]] std::vector<std::uint32_t> within(double x, double y, double r) const {
    std::vector<std::uint32_t> out;
    if (items_.empty()) return out;
    const auto lo = [&](double v, double m) { return static_cast<long>(std::floor((v - r - m) / cell_)); };
    const auto hi = [&](double v, double m) { return static_cast<long>(std::floor((v + r - m) / cell_)); };
    const long x0 = std::max(0L, lo(x, min_x_)), x1 = std::min(static_cast<long>(nx_) - 1, hi(x, min_x_));
    const long y0 = std::max(0L, lo(y, min_y_)), y1 = std::min(static_cast<long>(ny_) - 1, hi(y, min_y_));
    for (long cy = y0; cy <= y1; ++cy) {
      for (long cx = x0; cx <= x1; ++cx) {
        const std::size_t c = static_cast<std::size_t>(cy) * nx_ + static_cast<std::size_t>(cx);
        for (std::size_t k = start_[c]; k < start_[c + 1]; ++k) {
          const std::uint32_t i = items_[k];
          const double dx = points_.x[i] - x, dy = points_.y[i] - y;
          if (dx * dx + dy * dy <= r * r) out.push_back(i);
        }
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  [[nodiscard]] std::size_t cell_of(double x, double y) const {
    const auto cx = std::min(nx_ - 1, static_cast<std::size_t>((x - min_x_) / cell_));
    const auto cy = std::min(ny_ - 1, static_cast<std::size_t>((y - min_y_) / cell_));
    return cy * nx_ + cx;
  }
  const WeightedPoints& points_;
  double cell_;
  double min_x_ = 0, min_y_ = 0;
  std::size_t nx_ = 0, ny_ = 0;
  std::vector<std::size_t> start_;
  std::vector<std::uint32_t> items_;
};

// For an all-round view cast from (x, y): a radius within which every point lies inside the
// view polygon. The rays' hits, in strictly increasing angle all round and at positive
// distance, make a ring star-shaped around the camera with the camera inside, so a disc around
// it that meets no edge is inside. The radius stops short of the nearest edge by a margin far
// above the rounding of these differences, so a point within it is inside for GEOS as well.
// 0 when a ray ends at the camera (a camera on a wall) or there is no polygon.
double clear_radius(const detail::StarView& view, double x, double y) {
  const std::size_t n = view.x.size();
  if (n < 3) return 0;
  double nearest = INFINITY;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t l = k + 1 == n ? 0 : k + 1;
    const double ax = view.x[k] - x, ay = view.y[k] - y;
    const double dx = view.x[l] - view.x[k], dy = view.y[l] - view.y[k];
    const double len2 = dx * dx + dy * dy;
    const double u = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
    nearest = std::min(nearest, std::hypot(ax + u * dx, ay + u * dy));
  }
  if (!std::isfinite(nearest)) return 0;
  const double margin = 1e-9 * (nearest + std::abs(x) + std::abs(y)) + 1e-9;
  return std::max(0.0, nearest - margin);
}

}  // namespace

WeightedPoints demand_points(const Incidents& incidents, const DemandOptions& options) {
  WeightedPoints points = collapse_locations(incidents);
  if (!options.half_life_months) return points;
  if (!(*options.half_life_months > 0)) throw Error(ErrorCode::usage, "cctv.demand", "the half-life must be positive");
  MonthIndex reference = options.reference_month;
  if (reference == kNoMonth) {
    for (const MonthIndex m : incidents.month) {
      if (m != kNoMonth) reference = std::max(reference, m);
    }
  }
  std::fill(points.weight.begin(), points.weight.end(), 0.0);
  for (std::size_t row = 0; row < incidents.size(); ++row) {
    double factor = 1.0;
    const MonthIndex m = incidents.month[row];
    if (m != kNoMonth && reference != kNoMonth && m < reference) {
      factor = std::pow(0.5, static_cast<double>(reference - m) / *options.half_life_months);
    }
    points.weight[points.point_of[row]] += incidents.weight[row] * factor;
  }
  return points;
}

bool CoverageMatrix::any_decay() const {
  for (const auto& c : columns) {
    for (const double q : c.quality) {
      if (q < 1.0) return true;
    }
  }
  return false;
}

CoverageMatrix build_coverage(const std::vector<CameraSite>& sites, const WeightedPoints& demand,
                              const ObstacleSet& obstacles, const CoverageOptions& options) {
  options.camera.validate();
  CoverageMatrix matrix;
  matrix.sites = sites.size();
  matrix.site_inside_obstacle.assign(sites.size(), 0);
  // Column layout first (serial), so threads only fill their own columns.
  std::vector<std::size_t> first_column(sites.size() + 1, 0);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const CameraModel& model = sites[s].model ? *sites[s].model : options.camera;
    model.validate();
    const std::vector<double> headings =
        sites[s].heading_deg && !model.all_round() ? std::vector<double>{*sites[s].heading_deg} : model.heading_list();
    for (const double h : headings) {
      CoverageColumn column;
      column.site = static_cast<std::uint32_t>(s);
      column.heading_deg = h;
      column.fov_deg = model.fov_deg;
      column.range_m = model.range_m;
      matrix.columns.push_back(std::move(column));
    }
    first_column[s + 1] = matrix.columns.size();
  }
  double max_range = options.camera.range_m;
  for (const auto& site : sites) {
    if (site.model) max_range = std::max(max_range, site.model->range_m);
  }
  const PointGrid grid(demand, std::max(max_range, 1.0));
  const double step = options.visibility.arc_step_deg * std::numbers::pi / 180.0;
  const int threads = effective_threads(options.threads);

  std::exception_ptr failure;
#pragma omp parallel num_threads(threads)
  {
    detail::GeosContext context;
    auto* ctx = context.get();
#pragma omp for schedule(dynamic, 4)
    for (std::size_t s = 0; s < sites.size(); ++s) {
      const CameraSite& site = sites[s];
      const CameraModel& model = site.model ? *site.model : options.camera;
      const std::vector<std::uint32_t> near = grid.within(site.x, site.y, model.range_m);
      if (near.empty()) {
        // Nothing in range: the columns stay empty whatever the view; only say whether the site
        // stands in a building (most lattice sites of a county see no incident at all).
        matrix.site_inside_obstacle[s] = detail::stands_inside(obstacles.impl(), ctx, site.x, site.y, model.range_m) ? 1 : 0;
        continue;
      }
      std::vector<double> sides;
      if (!model.all_round()) {
        for (std::size_t c = first_column[s]; c < first_column[s + 1]; ++c) {
          const auto [first, second] = detail::sector_sides(matrix.columns[c].heading_deg, model.fov_deg);
          sides.push_back(first);
          sides.push_back(second);
        }
      }
      const detail::StarView view = detail::cast_view(obstacles.impl(), ctx, site.x, site.y, model.range_m, step, sides);
      matrix.site_inside_obstacle[s] = view.inside_obstacle ? 1 : 0;
      if (view.inside_obstacle) continue;
      // The viewshed does not depend on the heading: once per site, cut per column.
      std::string cells;
      if (obstacles.impl().viewshed) {
        // An exception must not leave an OpenMP region: keep the first and rethrow after it.
        try {
          cells = visible_cells(obstacles.impl().heighted, site.x, site.y, model.range_m, *obstacles.impl().viewshed);
        } catch (...) {
#pragma omp critical(hotspot_coverage_failure)
          if (!failure) failure = std::current_exception();
          continue;
        }
      }
      // An all-round 2D view: the points well inside it need no GEOS test, and the polygon is
      // built only for the others (most columns have none).
      const bool all_round = model.all_round() && !obstacles.impl().viewshed;
      const double clear = all_round ? clear_radius(view, site.x, site.y) : 0.0;
      for (std::size_t c = first_column[s]; c < first_column[s + 1]; ++c) {
        CoverageColumn& column = matrix.columns[c];
        detail::GeomPtr polygon;
        if (all_round) {
          if (view.x.size() < 3) continue;  // view_polygon's null
        } else if (obstacles.impl().viewshed) {
          Visibility seen;
          try {
            seen = cut_to_sector(cells, site.x, site.y, column.heading_deg, model, options.visibility);
          } catch (...) {
#pragma omp critical(hotspot_coverage_failure)
            if (!failure) failure = std::current_exception();
            continue;
          }
          if (!seen.wkb.empty()) polygon = detail::geom_from_wkb(ctx, seen.wkb);
        } else {
          polygon = detail::view_polygon(ctx, view, site.x, site.y, column.heading_deg, model.fov_deg);
        }
        if (!all_round && !polygon) continue;
        detail::PreparedPtr prepared(nullptr, detail::PreparedDeleter{ctx});
        for (const std::uint32_t i : near) {
          const double dx = demand.x[i] - site.x, dy = demand.y[i] - site.y;
          if (!(dx * dx + dy * dy < clear * clear)) {
            if (!polygon) polygon = detail::view_polygon(ctx, view, site.x, site.y, column.heading_deg, model.fov_deg);
            if (!polygon) break;
            if (!prepared) prepared.reset(GEOSPrepare_r(ctx, polygon.get()));
            detail::GeomPtr point = detail::own(ctx, GEOSGeom_createPointFromXY_r(ctx, demand.x[i], demand.y[i]));
            if (GEOSPreparedIntersects_r(ctx, prepared.get(), point.get()) != 1) continue;
          }
          const double q = model.quality(std::hypot(demand.x[i] - site.x, demand.y[i] - site.y));
          if (q <= 0) continue;
          column.points.push_back(i);
          column.quality.push_back(q);
        }
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  return matrix;
}

}  // namespace hotspot
