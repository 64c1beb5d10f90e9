#include "hotspot/patrol/patrol_planner.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/patrol/road_network.hpp"

namespace hotspot::patrol {
namespace {

constexpr const char* kStage = "patrol.plan";
constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr double kSegmentHalfWidthM = 10;  // a street's width either side, for area outlines

/// A street segment drawn as an area: the line buffered with flat ends.
std::vector<std::pair<double, double>> buffered_outline(const std::vector<std::pair<double, double>>& line) {
  const hotspot::detail::GeosContext context;
  GEOSContextHandle_t h = context.get();
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(line.size()), 2);
  for (std::size_t i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), line[i].first, line[i].second);
  GEOSGeometry* g = GEOSGeom_createLineString_r(h, seq);
  GEOSGeometry* buffer = GEOSBufferWithStyle_r(h, g, kSegmentHalfWidthM, 4, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_ROUND, 5);
  std::vector<std::pair<double, double>> ring;
  if (buffer != nullptr && GEOSGeomTypeId_r(h, buffer) == GEOS_POLYGON) {
    const GEOSGeometry* exterior = GEOSGetExteriorRing_r(h, buffer);
    const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, exterior);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(h, cs, &size);
    for (unsigned i = 0; i < size; ++i) {
      double x = 0, y = 0;
      GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
      ring.emplace_back(x, y);
    }
  }
  if (buffer != nullptr) GEOSGeom_destroy_r(h, buffer);
  GEOSGeom_destroy_r(h, g);
  return ring;
}

std::string most_common_location(const Incidents& incidents, const std::vector<std::uint32_t>& rows) {
  if (incidents.location.empty()) return {};
  std::map<std::string, std::uint32_t> counts;  // by text, so ties resolve alphabetically
  for (std::uint32_t r : rows) {
    const std::uint32_t code = incidents.location[r];
    if (code != Incidents::kNoCode) counts[incidents.locations[code]] += 1;
  }
  std::string best;
  std::uint32_t best_n = 0;
  for (const auto& [text, n] : counts) {
    if (n > best_n) {
      best = text;
      best_n = n;
    }
  }
  return best;
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string clock_time(int minute) {
  char buf[16];
  const int m = ((minute % 1440) + 1440) % 1440;
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}


std::string routing_words(const PatrolPlan& plan) {
  return plan.routed_on_roads ? "road network (shortest paths)" : "straight line (no roads layer)";
}

}  // namespace

std::string place_label(const MicroPlaces& places, const MicroPlace& place) {
  if (places.kind == PlaceKind::street_segment) return "segment " + std::to_string(place.id);
  return "cell " + std::to_string(place.col) + "_" + std::to_string(place.row);
}

PatrolPlan plan_patrol(const Incidents& incidents, const PatrolOptions& options, const std::vector<Polyline>* roads) {
  if (!(options.speed_kmh > 0)) throw Error(ErrorCode::usage, kStage, "speed must be positive");
  PatrolPlan plan;
  plan.options = options;
  plan.crs = incidents.crs;
  std::unique_ptr<RoadNetwork> network;
  if (roads != nullptr && !roads->empty()) network = std::make_unique<RoadNetwork>(*roads);

  if (options.place_kind == PlaceKind::street_segment) {
    if (roads == nullptr || roads->empty()) throw Error(ErrorCode::usage, kStage, "street segments need a roads layer");
    plan.places = segment_places(incidents, split_lines(*roads, options.places.segment_length_m), options.places);
    if (plan.places.unplaced > 0) {
      plan.notes.push_back(std::to_string(plan.places.unplaced) + " of " + std::to_string(plan.places.total_incidents) +
                           " incidents lie more than " + fmt("%g", options.places.snap_distance_m) +
                           " m from any road and are in no segment (they still count in the total harm)");
    }
  } else {
    plan.places = grid_places(incidents, options.places);
  }
  plan.selection = select_places(plan.places, options.selection);
  if (!plan.selection.target_reached) plan.notes.push_back("the selection target could not be reached; every place is selected");

  const auto& places = plan.places.places;
  const double top_score = places.empty() ? 0 : places.front().score;
  std::vector<double> risk;
  for (std::uint32_t index : plan.selection.places) {
    PlannedPlace p;
    p.place = index;
    p.rank = index + 1;
    p.priority = top_score > 0 ? places[index].score / top_score : 0;
    p.minutes_per_visit = options.dosage.minutes_per_visit;
    p.peak = peak_times(incidents, places[index].members);
    p.location = most_common_location(incidents, places[index].members);
    plan.time_of_day_known = plan.time_of_day_known || p.peak.time_known;
    plan.selected.push_back(std::move(p));
    risk.push_back(places[index].score);
  }
  if (!plan.time_of_day_known) plan.notes.push_back("time of day is unknown in police.uk data: only seasonality is reported");
  plan.dosage = allocate_visits(risk, options.dosage);
  for (std::size_t i = 0; i < plan.selected.size(); ++i) plan.selected[i].visits_per_week = plan.dosage.visits_per_week[i];
  plan.notes.insert(plan.notes.end(), plan.dosage.notes.begin(), plan.dosage.notes.end());

  // Travel distances between all selected places, along roads when there are any.
  const std::size_t n = plan.selected.size();
  std::vector<std::pair<double, double>> points;
  for (const PlannedPlace& p : plan.selected) points.emplace_back(places[p.place].visit_x, places[p.place].visit_y);
  std::vector<std::uint32_t> nodes;
  DistanceMatrix all;
  plan.routed_on_roads = network != nullptr;
  if (network) {
    for (const auto& [x, y] : points) nodes.push_back(network->nearest_node(x, y));
    all = network->distances_between(nodes);
  } else {
    all = straight_line_distances(points);
  }
  std::vector<double> workload;
  for (const PlannedPlace& p : plan.selected) workload.push_back(p.visits_per_week * p.minutes_per_visit);
  const Beats beats = assign_beats(all, workload, options.beats);
  for (std::uint32_t u = 0; u < options.beats.units; ++u) {
    if (u < beats.workload.size() && beats.medoid[u] == UINT32_MAX) {
      plan.notes.push_back("unit " + std::to_string(u + 1) + " has no places (more units than places)");
    }
  }

  const double metres_per_minute = options.speed_kmh * 1000.0 / 60.0;
  for (std::uint32_t u = 0; u < options.beats.units; ++u) {
    UnitRoute route;
    route.unit = u + 1;
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (beats.unit_of[i] == u) members.push_back(i);
    }
    if (!members.empty()) {
      DistanceMatrix sub;
      sub.n = members.size();
      sub.d.resize(sub.n * sub.n);
      for (std::size_t a = 0; a < sub.n; ++a) {
        for (std::size_t b = 0; b < sub.n; ++b) sub.d[a * sub.n + b] = all(members[a], members[b]);
      }
      const Tour tour = plan_tour(sub);
      route.length_m = tour.length;
      route.travel_minutes = tour.length / metres_per_minute;
      double clock = 0;
      std::vector<std::uint32_t> visits;
      for (std::size_t k = 0; k < tour.order.size(); ++k) {
        const std::uint32_t stop = members[tour.order[k]];
        route.stops.push_back(stop);
        route.arrival_minute.push_back(clock);
        plan.selected[stop].unit = u + 1;
        plan.selected[stop].stop = static_cast<std::uint32_t>(k + 1);
        route.visit_minutes_per_week += workload[stop];
        visits.push_back(plan.selected[stop].visits_per_week);
        const std::uint32_t next = members[tour.order[(k + 1) % tour.order.size()]];
        clock += options.dosage.minutes_per_visit + all(stop, next) / metres_per_minute;
      }
      // The drawn line: each leg along its shortest road path, or straight.
      for (std::size_t k = 0; k < route.stops.size(); ++k) {
        const std::uint32_t a = route.stops[k];
        const std::uint32_t b = route.stops[(k + 1) % route.stops.size()];
        std::vector<std::pair<double, double>> leg;
        if (network) leg = network->path(nodes[a], nodes[b]);
        if (leg.empty()) leg = {points[a], points[b]};
        for (const auto& pt : leg) {
          if (route.line.empty() || route.line.back() != pt) route.line.push_back(pt);
        }
      }
      if (route.line.size() == 1) route.line.push_back(route.line.front());  // one stop: a degenerate lap
      std::vector<double> travel(route.stops.size() * route.stops.size());
      for (std::size_t a = 0; a < route.stops.size(); ++a) {
        for (std::size_t b = 0; b < route.stops.size(); ++b) {
          travel[a * route.stops.size() + b] = all(route.stops[a], route.stops[b]) / metres_per_minute;
        }
      }
      const double lap_minutes =
          route.travel_minutes + static_cast<double>(route.stops.size()) * options.dosage.minutes_per_visit;
      if (lap_minutes > options.schedule.shift_minutes) {
        plan.notes.push_back("unit " + std::to_string(u + 1) + ": one lap takes " + fmt("%.0f", lap_minutes) +
                             " minutes " + options.travel_mode + ", longer than the " +
                             std::to_string(options.schedule.shift_minutes) +
                             "-minute shift; consider more units, driving or a smaller area");
      }
      route.week = schedule_visits(visits, options.dosage.minutes_per_visit, options.schedule, u, plan.notes, travel);
    }
    plan.routes.push_back(std::move(route));
  }
  return plan;
}

VectorLayer patrol_areas_layer(const PatrolPlan& plan) {
  VectorLayer layer{.name = "patrol_areas", .geometry = GeometryKind::polygon, .crs = plan.crs};
  layer.fields = {{"rank", FieldType::integer},          {"place", FieldType::string},
                  {"priority", FieldType::real},         {"harm", FieldType::real},
                  {"incidents", FieldType::integer},     {"stability", FieldType::real},
                  {"active_months", FieldType::integer}, {"score", FieldType::real},
                  {"visits_per_week", FieldType::integer}, {"minutes_per_visit", FieldType::real},
                  {"unit", FieldType::integer},          {"stop", FieldType::integer},
                  {"peak_times", FieldType::string},     {"busiest_month", FieldType::string},
                  {"location", FieldType::string},       {"peak_hour", FieldType::real},
                  {"peak_hour_r", FieldType::real},      {"peak_hour_p", FieldType::real},
                  {"peak_weekday", FieldType::real},     {"peak_weekday_p", FieldType::real}};
  static constexpr const char* kMonths[] = {"", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (const PlannedPlace& p : plan.selected) {
    const MicroPlace& place = plan.places.places[p.place];
    std::vector<std::vector<std::pair<double, double>>> rings;
    rings.push_back(plan.places.kind == PlaceKind::grid_cell ? place.outline : buffered_outline(place.outline));
    VectorFeature f;
    f.wkb = wkb_polygon(rings);
    f.values = {static_cast<std::int64_t>(p.rank), place_label(plan.places, place), p.priority, place.harm,
                static_cast<std::int64_t>(place.incidents), place.stability,
                static_cast<std::int64_t>(place.active_months), place.score,
                static_cast<std::int64_t>(p.visits_per_week), p.minutes_per_visit, static_cast<std::int64_t>(p.unit),
                static_cast<std::int64_t>(p.stop),
                p.peak.time_known ? p.peak.text : std::string(kTimeUnknown),
                std::string(kMonths[p.peak.peak_month]), p.location};
    // Numbers for other tools; null when time of day is unknown rather than a misleading 0.
    if (p.peak.time_known) {
      f.values.insert(f.values.end(), {p.peak.peak_hour, p.peak.hour.resultant_length, p.peak.hour.rayleigh_p,
                                       p.peak.peak_weekday, p.peak.weekday.rayleigh_p});
    } else {
      f.values.resize(layer.fields.size());
    }
    layer.features.push_back(std::move(f));
  }
  const PatrolOptions& o = plan.options;
  layer.metadata = {
      {"places", plan.places.kind == PlaceKind::grid_cell ? "grid cells of " + fmt("%g", o.places.cell_size_m) + " m"
                                                          : "street segments of at most " + fmt("%g", o.places.segment_length_m) + " m"},
      {"window", format_month(plan.places.first_month) + " to " + format_month(plan.places.last_month)},
      {"score", "harm x stability; stability = share of window months with at least one incident"},
      {"harm_share", fmt("%.4f", plan.selection.harm_share)},
      {"area_share", fmt("%.6f", plan.selection.area_share)},
      {"concentration", fmt("%.2f", plan.selection.concentration)},
      {"time_of_day", plan.time_of_day_known ? "from incident timestamps" : "time of day is unknown in police.uk data"},
  };
  return layer;
}

VectorLayer patrol_routes_layer(const PatrolPlan& plan) {
  VectorLayer layer{.name = "patrol_routes", .geometry = GeometryKind::linestring, .crs = plan.crs};
  layer.fields = {{"unit", FieldType::integer},          {"stops", FieldType::integer},
                  {"visit_order", FieldType::string},    {"lap_times", FieldType::string},
                  {"length_m", FieldType::real},         {"travel_minutes", FieldType::real},
                  {"lap_minutes", FieldType::real},      {"visits_per_week", FieldType::integer},
                  {"visit_minutes_per_week", FieldType::real}, {"routing", FieldType::string},
                  {"travel", FieldType::string}};
  for (const UnitRoute& r : plan.routes) {
    if (r.stops.empty()) continue;
    std::string order;
    std::string times;
    for (std::size_t k = 0; k < r.stops.size(); ++k) {
      const PlannedPlace& p = plan.selected[r.stops[k]];
      order += (k ? " > " : "") + std::string("#") + std::to_string(p.rank);
      times += (k ? ", " : "") + std::string("#") + std::to_string(p.rank) + " +" + fmt("%.0f", r.arrival_minute[k]) + " min";
    }
    const double lap = r.travel_minutes + static_cast<double>(r.stops.size()) * plan.options.dosage.minutes_per_visit;
    VectorFeature f;
    f.wkb = wkb_linestring(r.line);
    f.values = {static_cast<std::int64_t>(r.unit), static_cast<std::int64_t>(r.stops.size()), order, times, r.length_m,
                r.travel_minutes, lap, static_cast<std::int64_t>(r.week.size()), r.visit_minutes_per_week,
                routing_words(plan), plan.options.travel_mode + " at " + fmt("%g", plan.options.speed_kmh) + " km/h"};
    layer.features.push_back(std::move(f));
  }
  layer.metadata = {{"routing", routing_words(plan)}, {"route", "closed lap starting at the unit's highest-ranked place"}};
  return layer;
}

std::string briefing_csv(const PatrolPlan& plan, std::uint32_t unit) {
  std::ostringstream out;
  out << "unit,stop,rank,place,location,easting,northing,arrive_min_into_lap,visits_per_week,minutes_per_visit,"
         "harm,incidents,stability,peak_times,this_week\n";
  if (unit < 1 || unit > plan.routes.size()) return out.str();
  const UnitRoute& r = plan.routes[unit - 1];
  for (std::size_t k = 0; k < r.stops.size(); ++k) {
    const PlannedPlace& p = plan.selected[r.stops[k]];
    const MicroPlace& place = plan.places.places[p.place];
    std::string week;
    for (const ScheduledVisit& v : r.week) {
      if (v.stop != k) continue;
      if (!week.empty()) week += "; ";
      // A shift that runs past midnight names the calendar day the visit falls on.
      week += std::string(kWeekdays[(v.day + v.start_minute / 1440) % 7]) + " " + clock_time(v.start_minute);
    }
    out << unit << ',' << k + 1 << ',' << p.rank << ',' << csv_cell(place_label(plan.places, place)) << ','
        << csv_cell(p.location) << ',' << fmt("%.0f", place.visit_x) << ',' << fmt("%.0f", place.visit_y) << ','
        << fmt("%.0f", r.arrival_minute[k]) << ',' << p.visits_per_week << ',' << fmt("%g", p.minutes_per_visit) << ','
        << fmt("%.2f", place.harm) << ',' << place.incidents << ',' << fmt("%.3f", place.stability) << ','
        << csv_cell(p.peak.text)
        << ',' << csv_cell(week) << '\n';
  }
  return out.str();
}

}  // namespace hotspot::patrol
