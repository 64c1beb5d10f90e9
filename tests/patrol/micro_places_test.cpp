#include "hotspot/patrol/micro_places.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "hotspot/core/error.hpp"
#include "patrol/patrol_fixtures.hpp"

namespace hotspot::patrol {
namespace {

using hotspot::testing::add_incident;

constexpr MonthIndex kJan = make_month(2018, 1);

TEST(GridPlaces, CellsAlignToWholeMultiplesOfTheSize) {
  Incidents in;
  add_incident(in, 99.999, 10, kJan);   // col 0
  add_incident(in, 100.0, 10, kJan);    // col 1: the lower edge belongs to the cell
  add_incident(in, 199.9, 99.9, kJan);  // col 1, row 0
  add_incident(in, -0.5, -0.5, kJan);   // col -1, row -1
  MicroPlaceOptions options;
  options.cell_size_m = 100;
  const MicroPlaces places = grid_places(in, options);
  ASSERT_EQ(places.places.size(), 3u);
  // Ranked by score: cell (1, 0) holds two incidents.
  EXPECT_EQ(places.places[0].col, 1);
  EXPECT_EQ(places.places[0].row, 0);
  EXPECT_EQ(places.places[0].incidents, 2u);
  EXPECT_DOUBLE_EQ(places.places[0].visit_x, 150.0);
  EXPECT_DOUBLE_EQ(places.places[0].visit_y, 50.0);
  EXPECT_DOUBLE_EQ(places.places[0].size, 10000.0);
  // Ties (one incident each) go by id, which follows (row, col): row -1 comes first.
  EXPECT_EQ(places.places[1].row, -1);
  EXPECT_EQ(places.places[1].col, -1);
  EXPECT_EQ(places.places[2].col, 0);
  EXPECT_LT(places.places[1].id, places.places[2].id);
  EXPECT_EQ(places.places[1].outline.front(), (std::pair<double, double>{-100.0, -100.0}));
}

TEST(GridPlaces, SteadyPlacesOutrankOneOffSpikes) {
  Incidents in;
  // Place A: one incident every month of 2018 (harm 12, stability 1, score 12).
  for (int m = 1; m <= 12; ++m) add_incident(in, 50, 50, make_month(2018, m));
  // Place B: 20 incidents in one month (harm 20, stability 1/12, score 20/12).
  for (int k = 0; k < 20; ++k) add_incident(in, 550, 50, make_month(2018, 6));
  // Place C: harm-weighted: 3 months of weight 2 (harm 6, stability 0.25, score 1.5).
  for (int m = 1; m <= 3; ++m) add_incident(in, 50, 550, make_month(2018, m), 2.0);
  const MicroPlaces places = grid_places(in, MicroPlaceOptions{});
  ASSERT_EQ(places.places.size(), 3u);
  EXPECT_EQ(places.first_month, make_month(2018, 1));
  EXPECT_EQ(places.last_month, make_month(2018, 12));
  const MicroPlace& a = places.places[0];
  const MicroPlace& b = places.places[1];
  const MicroPlace& c = places.places[2];
  EXPECT_EQ(a.col, 0);
  EXPECT_DOUBLE_EQ(a.harm, 12);
  EXPECT_DOUBLE_EQ(a.stability, 1.0);
  EXPECT_DOUBLE_EQ(a.score, 12.0);
  EXPECT_EQ(b.col, 5);
  EXPECT_DOUBLE_EQ(b.harm, 20);
  EXPECT_EQ(b.active_months, 1);
  EXPECT_DOUBLE_EQ(b.score, 20.0 / 12.0);
  EXPECT_EQ(b.monthly_count[5], 20u);
  EXPECT_DOUBLE_EQ(c.harm, 6);
  EXPECT_DOUBLE_EQ(c.stability, 0.25);
  EXPECT_DOUBLE_EQ(c.score, 1.5);
  EXPECT_EQ(c.monthly_harm, (std::vector<double>{2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(places.total_harm, 38);
  EXPECT_EQ(places.total_incidents, 35u);
}

TEST(GridPlaces, WindowEndsAtLastMonthAndDropsOlderRows) {
  Incidents in;
  add_incident(in, 10, 10, make_month(2017, 12));  // before a 3-month window ending 2018-03
  add_incident(in, 10, 10, make_month(2018, 1));
  add_incident(in, 10, 10, make_month(2018, 3));
  add_incident(in, 10, 10, make_month(2018, 4));  // after it
  add_incident(in, 10, 10, kNoMonth);
  MicroPlaceOptions options;
  options.window_months = 3;
  options.last_month = make_month(2018, 3);
  const MicroPlaces places = grid_places(in, options);
  ASSERT_EQ(places.places.size(), 1u);
  EXPECT_EQ(places.places[0].members, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(places.places[0].monthly_count, (std::vector<std::uint32_t>{1, 0, 1}));
  EXPECT_NEAR(places.places[0].stability, 2.0 / 3.0, 1e-15);
  EXPECT_EQ(places.total_incidents, 2u);
}

TEST(GridPlaces, InputOrderDoesNotChangeTheResult) {
  Incidents a;
  Incidents b;
  std::mt19937_64 rng(7);
  std::vector<std::tuple<double, double, int, double>> rows;
  for (int i = 0; i < 500; ++i) {
    rows.emplace_back(static_cast<double>(rng() % 1000), static_cast<double>(rng() % 1000),
                      static_cast<int>(rng() % 12) + 1, 0.1 * static_cast<double>(rng() % 30));
  }
  for (const auto& [x, y, m, w] : rows) add_incident(a, x, y, make_month(2018, m), w);
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    add_incident(b, std::get<0>(*it), std::get<1>(*it), make_month(2018, std::get<2>(*it)), std::get<3>(*it));
  }
  const MicroPlaces pa = grid_places(a, MicroPlaceOptions{});
  const MicroPlaces pb = grid_places(b, MicroPlaceOptions{});
  ASSERT_EQ(pa.places.size(), pb.places.size());
  for (std::size_t i = 0; i < pa.places.size(); ++i) {
    EXPECT_EQ(pa.places[i].id, pb.places[i].id);
    EXPECT_EQ(pa.places[i].harm, pb.places[i].harm);  // bitwise: sums are per month first
  }
}

TEST(StreetSegments, SplitIntoEqualPiecesNoLongerThanTheLimit) {
  Polyline line;
  line.points = {{0, 0}, {150, 0}, {150, 100}};  // 250 m, bends at 150 m
  const auto segments = split_lines({line}, 100);
  ASSERT_EQ(segments.size(), 3u);
  for (const auto& s : segments) EXPECT_NEAR(s.length_m, 250.0 / 3, 1e-9);
  EXPECT_EQ(segments[0].points.front(), (std::pair<double, double>{0, 0}));
  EXPECT_NEAR(segments[0].points.back().first, 250.0 / 3, 1e-9);
  // The second piece runs round the bend, so it keeps the corner vertex.
  ASSERT_EQ(segments[1].points.size(), 3u);
  EXPECT_EQ(segments[1].points[1], (std::pair<double, double>{150, 0}));
  EXPECT_NEAR(segments[1].points.back().second, 500.0 / 3 - 150, 1e-9);
  EXPECT_EQ(segments[2].points.back(), (std::pair<double, double>{150, 100}));
  // A line shorter than the limit stays whole.
  Polyline short_line;
  short_line.points = {{0, 0}, {30, 40}};
  const auto one = split_lines({short_line}, 100);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_DOUBLE_EQ(one[0].length_m, 50);
}

double brute_distance(const StreetSegment& s, double x, double y) {
  // Dense sampling along the line: an independent (approximate) oracle.
  double best = 1e300;
  for (std::size_t i = 1; i < s.points.size(); ++i) {
    for (int k = 0; k <= 2000; ++k) {
      const double t = k / 2000.0;
      const double px = s.points[i - 1].first + t * (s.points[i].first - s.points[i - 1].first);
      const double py = s.points[i - 1].second + t * (s.points[i].second - s.points[i - 1].second);
      best = std::min(best, std::hypot(px - x, py - y));
    }
  }
  return best;
}

TEST(StreetSegments, SnapFindsTheNearestSegmentWithinTheDistance) {
  std::mt19937_64 rng(11);
  auto uni = [&](double lo, double hi) { return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  std::vector<StreetSegment> segments;
  for (int i = 0; i < 40; ++i) {
    StreetSegment s;
    s.points = {{uni(0, 1000), uni(0, 1000)}, {uni(0, 1000), uni(0, 1000)}, {uni(0, 1000), uni(0, 1000)}};
    segments.push_back(s);
  }
  std::vector<double> xs;
  std::vector<double> ys;
  for (int i = 0; i < 300; ++i) {
    xs.push_back(uni(-50, 1050));
    ys.push_back(uni(-50, 1050));
  }
  const auto snapped = snap_to_segments(segments, xs, ys, 30);
  for (std::size_t p = 0; p < xs.size(); ++p) {
    double best = 1e300;
    for (const auto& s : segments) best = std::min(best, brute_distance(s, xs[p], ys[p]));
    if (best > 30.01) {
      EXPECT_EQ(snapped[p], -1) << p;
    } else if (best < 29.99) {
      ASSERT_GE(snapped[p], 0) << p;
      EXPECT_NEAR(brute_distance(segments[static_cast<std::size_t>(snapped[p])], xs[p], ys[p]), best, 0.01) << p;
    }
  }
}

TEST(StreetSegments, IncidentsBeyondTheSnapDistanceAreUnplaced) {
  Polyline a;
  a.points = {{0, 0}, {200, 0}};
  const auto segments = split_lines({a}, 100);
  Incidents in;
  add_incident(in, 20, 5, kJan);
  add_incident(in, 150, -10, kJan, 3.0);
  add_incident(in, 150, 80, kJan);  // 80 m away: unplaced at snap 50
  MicroPlaceOptions options;
  const MicroPlaces places = segment_places(in, segments, options);
  EXPECT_EQ(places.kind, PlaceKind::street_segment);
  ASSERT_EQ(places.places.size(), 2u);
  EXPECT_EQ(places.places[0].id, 1u);  // harm 3 ranks first
  EXPECT_DOUBLE_EQ(places.places[0].visit_x, 150);
  EXPECT_DOUBLE_EQ(places.places[0].visit_y, 0);
  EXPECT_EQ(places.unplaced, 1u);
  EXPECT_DOUBLE_EQ(places.total_harm, 5);
  EXPECT_DOUBLE_EQ(places.total_road_length_m, 200);
}

TEST(GridPlaces, RejectsBadOptions) {
  Incidents in;
  add_incident(in, 0, 0, kJan);
  MicroPlaceOptions options;
  options.cell_size_m = 0;
  EXPECT_THROW((void)grid_places(in, options), Error);
  options.cell_size_m = 100;
  options.window_months = 0;
  EXPECT_THROW((void)grid_places(in, options), Error);
}

}  // namespace
}  // namespace hotspot::patrol
