#include "hotspot/patrol/patrol_planner.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "hotspot/pipeline/prepare.hpp"
#include "patrol/patrol_fixtures.hpp"
#include "test_support.hpp"

namespace hotspot::patrol {
namespace {

using hotspot::testing::add_incident;

/// Three busy spots far apart, each with timestamps around a known hour, plus background noise.
Incidents three_spots() {
  Incidents in;
  std::mt19937_64 rng(9);
  const std::vector<std::tuple<double, double, int>> spots{{1050, 1050, 22}, {3050, 1050, 14}, {1050, 3050, 2}};
  const LocalTime jan1 = days_from_civil(2024, 1, 1) * 86400;
  for (int m = 1; m <= 12; ++m) {
    for (const auto& [x, y, hour] : spots) {
      for (int k = 0; k < 5; ++k) {
        const LocalTime t = jan1 + (static_cast<LocalTime>((m - 1) * 30 + k)) * 86400 + hour * 3600 +
                            static_cast<LocalTime>(rng() % 1800) - 900;
        add_incident(in, x + static_cast<double>(rng() % 40), y + static_cast<double>(rng() % 40),
                     month_of_time(t), 1.0, t);
      }
    }
    for (int k = 0; k < 10; ++k) {
      add_incident(in, 5000 + static_cast<double>(rng() % 4000), 5000 + static_cast<double>(rng() % 4000), make_month(2024, m));
    }
  }
  return in;
}

TEST(PatrolPlanner, EndToEndOnConstructedSpots) {
  const Incidents in = three_spots();
  PatrolOptions options;
  options.selection.count = 3;
  options.beats.units = 3;
  options.dosage.patrol_hours_per_week = 6;  // 24 visits of 15 min
  const PatrolPlan plan = plan_patrol(in, options);
  ASSERT_EQ(plan.selected.size(), 3u);
  EXPECT_TRUE(plan.time_of_day_known);
  EXPECT_FALSE(plan.routed_on_roads);
  std::set<std::pair<std::int64_t, std::int64_t>> cells;
  std::set<long> hours;
  std::uint32_t visits = 0;
  for (const PlannedPlace& p : plan.selected) {
    const MicroPlace& place = plan.places.places[p.place];
    cells.insert({place.col, place.row});
    hours.insert(std::lround(p.peak.peak_hour) % 24);
    EXPECT_EQ(p.visits_per_week, 8u);  // equal risk: 24 visits shared 8/8/8
    EXPECT_EQ(p.stop, 1u);             // one place per unit
    visits += p.visits_per_week;
    EXPECT_LT(p.peak.hour.rayleigh_p, 1e-6);
  }
  EXPECT_EQ(cells, (std::set<std::pair<std::int64_t, std::int64_t>>{{10, 10}, {30, 10}, {10, 30}}));
  EXPECT_EQ(hours, (std::set<long>{22, 14, 2}));
  EXPECT_EQ(visits, 24u);
  ASSERT_EQ(plan.routes.size(), 3u);
  std::set<std::uint32_t> units;
  for (const UnitRoute& r : plan.routes) {
    ASSERT_EQ(r.stops.size(), 1u);
    units.insert(plan.selected[r.stops[0]].unit);
    EXPECT_EQ(r.week.size(), 8u);
    EXPECT_DOUBLE_EQ(r.length_m, 0);
  }
  EXPECT_EQ(units.size(), 3u);
}

TEST(PatrolPlanner, RouteLengthsMatchTheirOwnLines) {
  Incidents in;
  std::mt19937_64 rng(10);
  for (int i = 0; i < 3000; ++i) {
    add_incident(in, static_cast<double>(rng() % 3000), static_cast<double>(rng() % 3000), make_month(2018, 1 + i % 12));
  }
  PatrolOptions options;
  options.selection.count = 30;
  options.beats.units = 2;
  const PatrolPlan plan = plan_patrol(in, options);
  double visit_minutes = 0;
  for (const UnitRoute& r : plan.routes) {
    double drawn = 0;
    for (std::size_t i = 1; i < r.line.size(); ++i) {
      drawn += std::hypot(r.line[i].first - r.line[i - 1].first, r.line[i].second - r.line[i - 1].second);
    }
    EXPECT_NEAR(drawn, r.length_m, 1e-6);
    EXPECT_NEAR(r.travel_minutes, r.length_m / (5000.0 / 60), 1e-9);
    visit_minutes += r.visit_minutes_per_week;
  }
  EXPECT_DOUBLE_EQ(visit_minutes, 160 * 15.0);  // 40 h at 15 min
  // Same inputs, same plan: the layers' features are identical.
  const PatrolPlan again = plan_patrol(in, options);
  const VectorLayer a = patrol_routes_layer(plan);
  const VectorLayer b = patrol_routes_layer(again);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (std::size_t i = 0; i < a.features.size(); ++i) EXPECT_EQ(a.features[i].wkb, b.features[i].wkb);
  EXPECT_EQ(briefing_csv(plan, 1), briefing_csv(again, 1));
}

TEST(PatrolPlanner, LapsLongerThanTheShiftAreNoted) {
  // Two places 30 km apart, one walking unit: a 60 km lap is 720 minutes at 5 km/h (+30 on site).
  Incidents in;
  for (int m = 1; m <= 12; ++m) {
    add_incident(in, 50, 50, make_month(2018, m));
    add_incident(in, 30050, 50, make_month(2018, m));
  }
  PatrolOptions options;
  options.selection.count = 2;
  const PatrolPlan plan = plan_patrol(in, options);
  ASSERT_EQ(plan.routes.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.routes[0].length_m, 60000);
  EXPECT_DOUBLE_EQ(plan.routes[0].travel_minutes, 720);
  bool noted = false;
  for (const auto& note : plan.notes) noted = noted || note.find("one lap takes 750 minutes walking") != std::string::npos;
  EXPECT_TRUE(noted);
  // Driving at 25 km/h: 144 + 30 minutes fits an 8-hour shift.
  options.speed_kmh = 25;
  options.travel_mode = "driving";
  const PatrolPlan driving = plan_patrol(in, options);
  for (const auto& note : driving.notes) EXPECT_EQ(note.find("one lap takes"), std::string::npos) << note;
}

TEST(PatrolPlanner, StreetSegmentsAndRoadRoutesOnOxford) {
  const std::string dir = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford";
  PrepareOptions prepare;
  prepare.read.inputs = {dir};
  prepare.working_crs = "EPSG:27700";
  prepare.weight = WeightMode::harm;
  const PreparedIncidents prepared = prepare_incidents(prepare);
  const auto roads = read_lines(LineSource{dir + "/oxford_centre_osm.gpkg", "roads", ""}, "EPSG:27700");
  ASSERT_GT(roads.size(), 100u);
  PatrolOptions options;
  options.place_kind = PlaceKind::street_segment;
  options.beats.units = 2;
  const PatrolPlan plan = plan_patrol(prepared.incidents, options, &roads);
  EXPECT_TRUE(plan.routed_on_roads);
  EXPECT_EQ(plan.places.kind, PlaceKind::street_segment);
  ASSERT_GT(plan.selected.size(), 1u);
  // Every placed incident lies within the snap distance of its segment's line.
  const auto segments = split_lines(roads, options.places.segment_length_m);
  for (const MicroPlace& place : plan.places.places) {
    const StreetSegment& s = segments[place.id];
    for (std::uint32_t r : place.members) {
      double best = 1e300;
      for (std::size_t i = 1; i < s.points.size(); ++i) {
        const auto [ax, ay] = s.points[i - 1];
        const auto [bx, by] = s.points[i];
        const double dx = bx - ax, dy = by - ay;
        const double t = std::clamp(((prepared.incidents.x[r] - ax) * dx + (prepared.incidents.y[r] - ay) * dy) /
                                        std::max(1e-12, dx * dx + dy * dy), 0.0, 1.0);
        best = std::min(best, std::hypot(prepared.incidents.x[r] - ax - t * dx, prepared.incidents.y[r] - ay - t * dy));
      }
      EXPECT_LE(best, options.places.snap_distance_m + 1e-9);
    }
  }
  // Road distance is never shorter than the straight line between the same points.
  for (const UnitRoute& r : plan.routes) {
    if (r.stops.size() < 2) continue;
    double straight = 0;
    for (std::size_t i = 0; i + 1 < r.line.size(); ++i) {
      straight += std::hypot(r.line[i + 1].first - r.line[i].first, r.line[i + 1].second - r.line[i].second);
    }
    EXPECT_NEAR(straight, r.length_m, 1e-6 * r.length_m + 1e-6);  // the drawn path is the road path
  }
  const VectorLayer areas = patrol_areas_layer(plan);
  EXPECT_EQ(areas.features.size(), plan.selected.size());
  const VectorLayer routes = patrol_routes_layer(plan);
  EXPECT_EQ(std::get<std::string>(routes.features.front().values[9]), "road network (shortest paths)");
}

}  // namespace
}  // namespace hotspot::patrol

namespace hotspot::patrol {
namespace {

// Issue 21: `=HYPERLINK(...)` in a police.uk Location came through raw in briefing_unit_N.csv,
// which a CSP officer opens in Excel.
TEST(PatrolPlanner, BriefingsNeutraliseFormulaeFromTheData) {
  Incidents in = three_spots();
  const std::uint32_t evil = in.locations.intern("=HYPERLINK(\"http://x\",\"On or near Parking Area\")");
  for (auto& code : in.location) code = evil;
  PatrolOptions options;
  options.selection.count = 3;
  options.beats.units = 3;
  options.dosage.patrol_hours_per_week = 6;
  const PatrolPlan plan = plan_patrol(in, options);
  const std::string csv = briefing_csv(plan, 1);
  EXPECT_NE(csv.find("\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos) << csv;
}

}  // namespace
}  // namespace hotspot::patrol
