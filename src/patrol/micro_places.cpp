#include "hotspot/patrol/micro_places.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {

constexpr const char* kStage = "patrol.places";

struct Window {
  MonthIndex first = kNoMonth;
  MonthIndex last = kNoMonth;
  int months = 0;
};

Window window_of(const Incidents& incidents, const MicroPlaceOptions& options) {
  if (options.window_months < 1) throw Error(ErrorCode::usage, kStage, "the window must be at least one month");
  Window w;
  w.months = options.window_months;
  w.last = options.last_month;
  if (w.last == kNoMonth) {
    for (MonthIndex m : incidents.month) {
      if (m != kNoMonth && (w.last == kNoMonth || m > w.last)) w.last = m;
    }
  }
  if (w.last == kNoMonth) throw Error(ErrorCode::data, kStage, "no incident has a month");
  w.first = w.last - w.months + 1;
  return w;
}

/// A sum that does not depend on the order of its terms.
double sorted_sum(std::vector<double> terms) {
  std::sort(terms.begin(), terms.end());
  double sum = 0;
  for (double t : terms) sum += t;
  return sum;
}

bool in_window(const Window& w, MonthIndex m) { return m != kNoMonth && m >= w.first && m <= w.last; }

/// Fills the per-place statistics from the member rows and ranks the places.
void finish(MicroPlaces& result, const Incidents& incidents, const Window& w) {
  for (MicroPlace& place : result.places) {
    place.monthly_harm.assign(static_cast<std::size_t>(w.months), 0.0);
    place.monthly_count.assign(static_cast<std::size_t>(w.months), 0);
    // Weights are added in sorted order within each month, so sums do not depend on the
    // order rows were read in (floating-point addition is not associative).
    std::vector<std::pair<std::size_t, double>> terms;
    terms.reserve(place.members.size());
    for (std::uint32_t r : place.members) {
      terms.emplace_back(static_cast<std::size_t>(incidents.month[r] - w.first), incidents.weight[r]);
    }
    std::sort(terms.begin(), terms.end());
    for (const auto& [slot, weight] : terms) {
      place.monthly_harm[slot] += weight;
      place.monthly_count[slot] += 1;
    }
    place.harm = 0;
    for (double h : place.monthly_harm) place.harm += h;
    place.incidents = static_cast<std::uint32_t>(place.members.size());
    place.active_months = static_cast<int>(
        std::count_if(place.monthly_count.begin(), place.monthly_count.end(), [](std::uint32_t c) { return c > 0; }));
    place.stability = static_cast<double>(place.active_months) / w.months;
    place.score = place.harm * place.stability;
  }
  std::sort(result.places.begin(), result.places.end(), [](const MicroPlace& a, const MicroPlace& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.harm != b.harm) return a.harm > b.harm;
    return a.id < b.id;
  });
  result.first_month = w.first;
  result.last_month = w.last;
  result.window_months = w.months;
}

double point_segment_distance(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

double polyline_distance(const StreetSegment& s, double x, double y) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < s.points.size(); ++i) {
    best = std::min(best, point_segment_distance(x, y, s.points[i - 1].first, s.points[i - 1].second,
                                                 s.points[i].first, s.points[i].second));
  }
  return best;
}

/// The point halfway along a line, so a patrol's stop lies on the street itself.
std::pair<double, double> midpoint(const StreetSegment& s) {
  double half = s.length_m / 2;
  for (std::size_t i = 1; i < s.points.size(); ++i) {
    const auto [ax, ay] = s.points[i - 1];
    const auto [bx, by] = s.points[i];
    const double d = std::hypot(bx - ax, by - ay);
    if (d >= half && d > 0) return {ax + (bx - ax) * half / d, ay + (by - ay) * half / d};
    half -= d;
  }
  return s.points.back();
}

GEOSGeometry* make_line(GEOSContextHandle_t h, const std::vector<std::pair<double, double>>& pts) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(pts.size()), 2);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), pts[i].first, pts[i].second);
  }
  return GEOSGeom_createLineString_r(h, seq);
}

}  // namespace

std::vector<StreetSegment> split_lines(const std::vector<Polyline>& lines, double max_length_m) {
  if (!(max_length_m > 0)) throw Error(ErrorCode::usage, kStage, "segment length must be positive");
  std::vector<StreetSegment> segments;
  for (const Polyline& line : lines) {
    const auto& pts = line.points;
    std::vector<double> cum(pts.size(), 0.0);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      cum[i] = cum[i - 1] + std::hypot(pts[i].first - pts[i - 1].first, pts[i].second - pts[i - 1].second);
    }
    const double total = cum.back();
    if (!(total > 0)) continue;
    // Equal pieces rather than N-metre pieces plus a stub: a 105 m street becomes two
    // 52.5 m segments, not 100 m and 5 m.
    const auto pieces = static_cast<std::size_t>(std::max(1.0, std::ceil(total / max_length_m - 1e-9)));
    const double piece = total / static_cast<double>(pieces);
    auto at = [&](double d) -> std::pair<double, double> {
      const auto it = std::upper_bound(cum.begin(), cum.end(), d);
      const std::size_t i = it == cum.end() ? pts.size() - 1 : static_cast<std::size_t>(it - cum.begin());
      if (i == 0) return pts.front();
      const double span = cum[i] - cum[i - 1];
      const double f = span > 0 ? (d - cum[i - 1]) / span : 0.0;
      return {pts[i - 1].first + (pts[i].first - pts[i - 1].first) * f,
              pts[i - 1].second + (pts[i].second - pts[i - 1].second) * f};
    };
    for (std::size_t k = 0; k < pieces; ++k) {
      const double s = piece * static_cast<double>(k);
      const bool last = k + 1 == pieces;
      const double e = last ? total : piece * static_cast<double>(k + 1);
      StreetSegment seg;
      seg.points.push_back(k == 0 ? pts.front() : at(s));
      for (std::size_t i = 0; i < pts.size(); ++i) {
        if (cum[i] > s && cum[i] < e) seg.points.push_back(pts[i]);
      }
      seg.points.push_back(last ? pts.back() : at(e));
      seg.length_m = e - s;
      segments.push_back(std::move(seg));
    }
  }
  return segments;
}

std::vector<std::int64_t> snap_to_segments(const std::vector<StreetSegment>& segments, const std::vector<double>& x,
                                           const std::vector<double>& y, double snap_distance_m) {
  std::vector<std::int64_t> out(x.size(), -1);
  if (segments.empty() || x.empty()) return out;
  const hotspot::detail::GeosContext geos;
  GEOSSTRtree* tree = GEOSSTRtree_create_r(geos.get(), 10);
  std::vector<GEOSGeometry*> geoms(segments.size(), nullptr);
  std::vector<std::size_t> ids(segments.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    ids[i] = i;
    geoms[i] = make_line(geos.get(), segments[i].points);
    GEOSSTRtree_insert_r(geos.get(), tree, geoms[i], &ids[i]);
  }
  std::vector<std::size_t> candidates;
  auto collect = [](void* item, void* userdata) {
    static_cast<std::vector<std::size_t>*>(userdata)->push_back(*static_cast<std::size_t*>(item));
  };
  for (std::size_t p = 0; p < x.size(); ++p) {
    candidates.clear();
    GEOSGeometry* box = GEOSGeom_createRectangle_r(geos.get(), x[p] - snap_distance_m, y[p] - snap_distance_m,
                                                   x[p] + snap_distance_m, y[p] + snap_distance_m);
    GEOSSTRtree_query_r(geos.get(), tree, box, collect, &candidates);
    GEOSGeom_destroy_r(geos.get(), box);
    double best = snap_distance_m;
    std::int64_t best_id = -1;
    for (std::size_t c : candidates) {
      const double d = polyline_distance(segments[c], x[p], y[p]);
      if (d < best || (d == best && (best_id < 0 || static_cast<std::int64_t>(c) < best_id))) {
        best = d;
        best_id = static_cast<std::int64_t>(c);
      }
    }
    out[p] = best_id;
  }
  GEOSSTRtree_destroy_r(geos.get(), tree);
  for (GEOSGeometry* g : geoms) GEOSGeom_destroy_r(geos.get(), g);
  return out;
}

MicroPlaces grid_places(const Incidents& incidents, const MicroPlaceOptions& options) {
  if (!(options.cell_size_m > 0)) throw Error(ErrorCode::usage, kStage, "cell size must be positive");
  const Window w = window_of(incidents, options);
  const double size = options.cell_size_m;
  MicroPlaces result;
  result.kind = PlaceKind::grid_cell;
  result.cell_size_m = size;
  // Keyed (row, col) so cell ids follow a fixed reading order whatever the input order.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> cells;
  std::vector<double> window_weights;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    if (!in_window(w, incidents.month[i])) continue;
    window_weights.push_back(incidents.weight[i]);
    result.total_incidents += 1;
    const auto col = static_cast<std::int64_t>(std::floor(incidents.x[i] / size));
    const auto row = static_cast<std::int64_t>(std::floor(incidents.y[i] / size));
    cells[{row, col}].push_back(static_cast<std::uint32_t>(i));
  }
  result.total_harm = sorted_sum(std::move(window_weights));
  result.places.reserve(cells.size());
  std::uint32_t id = 0;
  for (auto& [key, members] : cells) {
    MicroPlace place;
    place.id = id++;
    place.row = key.first;
    place.col = key.second;
    const double x0 = static_cast<double>(place.col) * size;
    const double y0 = static_cast<double>(place.row) * size;
    place.outline = {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
    place.visit_x = x0 + size / 2;
    place.visit_y = y0 + size / 2;
    place.size = size * size;
    place.members = std::move(members);
    result.places.push_back(std::move(place));
  }
  finish(result, incidents, w);
  return result;
}

MicroPlaces segment_places(const Incidents& incidents, const std::vector<StreetSegment>& segments,
                           const MicroPlaceOptions& options) {
  if (!(options.snap_distance_m > 0)) throw Error(ErrorCode::usage, kStage, "snap distance must be positive");
  if (segments.empty()) throw Error(ErrorCode::data, kStage, "the roads layer gave no street segments");
  const Window w = window_of(incidents, options);
  MicroPlaces result;
  result.kind = PlaceKind::street_segment;
  for (const StreetSegment& s : segments) result.total_road_length_m += s.length_m;
  std::vector<std::uint32_t> rows;
  std::vector<double> window_weights;
  std::vector<double> xs;
  std::vector<double> ys;
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    if (!in_window(w, incidents.month[i])) continue;
    window_weights.push_back(incidents.weight[i]);
    result.total_incidents += 1;
    rows.push_back(static_cast<std::uint32_t>(i));
    xs.push_back(incidents.x[i]);
    ys.push_back(incidents.y[i]);
  }
  result.total_harm = sorted_sum(std::move(window_weights));
  const std::vector<std::int64_t> snapped = snap_to_segments(segments, xs, ys, options.snap_distance_m);
  std::map<std::int64_t, std::vector<std::uint32_t>> by_segment;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (snapped[k] < 0) {
      result.unplaced += 1;
      continue;
    }
    by_segment[snapped[k]].push_back(rows[k]);
  }
  for (auto& [index, members] : by_segment) {
    const StreetSegment& s = segments[static_cast<std::size_t>(index)];
    MicroPlace place;
    place.id = static_cast<std::uint32_t>(index);
    place.outline = s.points;
    std::tie(place.visit_x, place.visit_y) = midpoint(s);
    place.size = s.length_m;
    place.members = std::move(members);
    result.places.push_back(std::move(place));
  }
  finish(result, incidents, w);
  return result;
}

}  // namespace hotspot::patrol
