#include "hotspot/clusters/cluster_summary.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot::clusters {
namespace {

using Point = std::pair<double, double>;

double cross(const Point& o, const Point& a, const Point& b) {
  return (a.first - o.first) * (b.second - o.second) - (a.second - o.second) * (b.first - o.first);
}

// Andrew's monotone chain: the oracle for GEOS's convex hull.
std::vector<Point> monotone_chain(std::vector<Point> p) {
  std::sort(p.begin(), p.end());
  p.erase(std::unique(p.begin(), p.end()), p.end());
  std::vector<Point> h(2 * p.size());
  std::size_t k = 0;
  for (const Point& q : p) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], q) <= 0) --k;
    h[k++] = q;
  }
  for (std::size_t i = p.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  h.resize(k - 1);
  return h;
}

double shoelace(const std::vector<Point>& ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) a += ring[i].first * ring[i + 1].second - ring[i + 1].first * ring[i].second;
  if (ring.front() != ring.back()) a += ring.back().first * ring.front().second - ring.front().first * ring.back().second;
  return std::fabs(a) / 2;
}

// Inside or within 1e-6 of the boundary.
bool covers(const std::vector<Point>& ring, const Point& p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point &a = ring[i], &b = ring[j];
    const double len2 = (b.first - a.first) * (b.first - a.first) + (b.second - a.second) * (b.second - a.second);
    if (len2 > 0) {
      const double t = std::clamp(((p.first - a.first) * (b.first - a.first) + (p.second - a.second) * (b.second - a.second)) / len2, 0.0, 1.0);
      if (std::hypot(p.first - (a.first + t * (b.first - a.first)), p.second - (a.second + t * (b.second - a.second))) < 1e-6) return true;
    }
    if ((a.second > p.second) != (b.second > p.second) &&
        p.first < (b.first - a.first) * (p.second - a.second) / (b.second - a.second) + a.first) {
      inside = !inside;
    }
  }
  return inside;
}

Incidents make_incidents() {
  Incidents in;
  const auto burglary = in.categories.intern("Burglary");
  const auto asb = in.categories.intern("Anti-social behaviour");
  const auto parking = in.locations.intern("On or near Parking Area");
  const auto high_street = in.locations.intern("On or near High Street");
  std::mt19937 rng(3);
  std::normal_distribution<double> spread(0, 40);
  // Cluster 0: 300 incidents around (1000, 1000) on 60 snap points; cluster 1: 5 incidents
  // at one point; 20 noise incidents.
  std::vector<Point> snaps;
  for (int s = 0; s < 60; ++s) snaps.emplace_back(std::round(1000 + spread(rng)), std::round(1000 + spread(rng)));
  for (int i = 0; i < 300; ++i) {
    const Point& p = snaps[static_cast<std::size_t>(i * 7 % 60)];
    in.x.push_back(p.first);
    in.y.push_back(p.second);
    in.month.push_back(make_month(2021, 1 + i % 4));
    in.category.push_back(i % 3 == 0 ? burglary : asb);
    in.location.push_back(i % 5 == 0 ? high_street : parking);
    in.weight.push_back(i % 2 == 0 ? 2.0 : 1.0);
  }
  for (int i = 0; i < 5; ++i) {
    in.x.push_back(5000);
    in.y.push_back(5000);
    in.month.push_back(make_month(2021, 6));
    in.category.push_back(burglary);
    in.location.push_back(high_street);
    in.weight.push_back(1.0);
  }
  for (int i = 0; i < 20; ++i) {
    in.x.push_back(9000 + i * 100.0);
    in.y.push_back(0);
    in.month.push_back(make_month(2021, 1));
    in.category.push_back(asb);
    in.location.push_back(Incidents::kNoCode);
    in.weight.push_back(1.0);
  }
  return in;
}

std::vector<std::int32_t> make_labels() {
  std::vector<std::int32_t> label(325, -1);
  std::fill(label.begin(), label.begin() + 300, 0);
  std::fill(label.begin() + 300, label.begin() + 305, 1);
  return label;
}

TEST(ClusterSummary, PropertiesAreCountedFromTheIncidents) {
  const Incidents in = make_incidents();
  const auto label = make_labels();
  const auto s = summarise_clusters(in, label, ClusterSummaryOptions{});
  ASSERT_EQ(s.size(), 2u);
  const ClusterSummary& a = s[0];
  EXPECT_EQ(a.label, 0);
  EXPECT_EQ(a.incidents, 300u);
  EXPECT_DOUBLE_EQ(a.weight, 450.0);  // 150 x 2 + 150 x 1
  EXPECT_DOUBLE_EQ(a.share, 300.0 / 325.0);
  EXPECT_DOUBLE_EQ(a.weight_share, 450.0 / 475.0);
  EXPECT_EQ(a.months_active, 4u);
  EXPECT_EQ(a.first_month, make_month(2021, 1));
  EXPECT_EQ(a.last_month, make_month(2021, 4));
  ASSERT_EQ(a.crime_types.size(), 2u);
  EXPECT_EQ(in.categories[a.crime_types[0].first], "Anti-social behaviour");
  EXPECT_EQ(a.crime_types[0].second, 200u);
  EXPECT_EQ(a.crime_types[1].second, 100u);
  ASSERT_EQ(a.top_locations.size(), 2u);
  EXPECT_EQ(in.locations[a.top_locations[0].first], "On or near Parking Area");
  EXPECT_EQ(a.top_locations[0].second, 240u);
  EXPECT_FALSE(a.hull_buffered);
  EXPECT_NEAR(a.density, 300.0 / (a.area / 1e6), 1e-9);

  const ClusterSummary& b = s[1];
  EXPECT_EQ(b.incidents, 5u);
  EXPECT_EQ(b.locations, 1u);
  EXPECT_TRUE(b.hull_buffered);
  // A 10 m buffer with 8 segments per quarter: a 32-gon of circumradius 10.
  EXPECT_NEAR(b.area, 16 * 100 * std::sin(2 * std::numbers::pi / 32), 1e-6);
  EXPECT_EQ(b.months_active, 1u);
}

TEST(ClusterSummary, ConvexHullMatchesMonotoneChainAndConcaveHullCoversPoints) {
  const Incidents in = make_incidents();
  const auto label = make_labels();
  const auto s = summarise_clusters(in, label, ClusterSummaryOptions{});
  std::vector<Point> pts;
  for (std::size_t i = 0; i < 300; ++i) pts.emplace_back(in.x[i], in.y[i]);
  const auto hull = monotone_chain(pts);
  EXPECT_NEAR(shoelace(s[0].convex_hull[0]), shoelace(hull), 1e-6);
  EXPECT_EQ(s[0].convex_hull[0].size(), hull.size() + 1);  // closed ring
  EXPECT_LE(s[0].area, shoelace(hull) + 1e-6);
  EXPECT_GT(s[0].area, 0.3 * shoelace(hull));
  for (const Point& p : pts) EXPECT_TRUE(covers(s[0].concave_hull[0], p));
  ClusterSummaryOptions convex;
  convex.concave_ratio = 1.0;
  EXPECT_NEAR(summarise_clusters(in, label, convex)[0].area, shoelace(hull), 1e-6);
}

TEST(ClusterSummary, DeviationalEllipseIsTheDirectionOfLargestSpread) {
  std::mt19937 rng(5);
  std::normal_distribution<double> n01(0, 1);
  std::vector<double> x, y;
  const double angle = 0.6, sa = 30, sb = 10;
  for (int i = 0; i < 200000; ++i) {
    const double u = sa * n01(rng), v = sb * n01(rng);
    x.push_back(500 + u * std::cos(angle) - v * std::sin(angle));
    y.push_back(800 + u * std::sin(angle) + v * std::cos(angle));
  }
  const DeviationalEllipse e = deviational_ellipse(x, y);
  // Oracle: scan directions for the largest and smallest projected variance.
  double best = -1, best_angle = 0, least = 1e300;
  for (int k = 0; k < 18000; ++k) {
    const double t = k * std::numbers::pi / 18000;
    double v = 0;
    for (std::size_t i = 0; i < x.size(); i += 10) {
      const double p = (x[i] - e.centre_x) * std::cos(t) + (y[i] - e.centre_y) * std::sin(t);
      v += p * p;
    }
    v /= static_cast<double>((x.size() + 9) / 10);
    if (v > best) {
      best = v;
      best_angle = t;
    }
    least = std::min(least, v);
  }
  EXPECT_NEAR(e.rotation, best_angle, 0.01);
  EXPECT_NEAR(e.semi_major, std::sqrt(2 * best), 0.02 * e.semi_major);
  EXPECT_NEAR(e.semi_minor, std::sqrt(2 * least), 0.02 * e.semi_minor);
  EXPECT_NEAR(e.semi_major, std::sqrt(2.0) * sa, 0.3);
  EXPECT_NEAR(e.rotation, angle, 0.01);
  // Coverage of a bivariate normal: 1 - exp(-k^2) for the sqrt 2-scaled k-SD ellipse.
  for (double k : {1.0, 2.0}) {
    std::size_t inside = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double dx = x[i] - e.centre_x, dy = y[i] - e.centre_y;
      const double u = dx * std::cos(e.rotation) + dy * std::sin(e.rotation);
      const double v = -dx * std::sin(e.rotation) + dy * std::cos(e.rotation);
      if ((u * u) / std::pow(k * e.semi_major, 2) + (v * v) / std::pow(k * e.semi_minor, 2) <= 1) ++inside;
    }
    EXPECT_NEAR(static_cast<double>(inside) / static_cast<double>(x.size()), 1 - std::exp(-k * k), 0.005);
  }
  const auto ring = e.ring(2.0, 360);
  EXPECT_EQ(ring.size(), 361u);
  EXPECT_NEAR(shoelace(ring), std::numbers::pi * 4 * e.semi_major * e.semi_minor, 0.001 * shoelace(ring));
}

TEST(ClusterSummary, RejectsMismatchedLabels) {
  const Incidents in = make_incidents();
  const std::vector<std::int32_t> short_labels(3, 0);
  EXPECT_THROW((void)summarise_clusters(in, short_labels, ClusterSummaryOptions{}), Error);
}

}  // namespace
}  // namespace hotspot::clusters
