#include "hotspot/clusters/nearest_neighbour_hierarchical.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot::clusters {
namespace {

TEST(NormalQuantile, KnownValues) {
  EXPECT_NEAR(normal_quantile(0.05), -1.6448536269514722, 1e-15);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-13);
  EXPECT_DOUBLE_EQ(normal_quantile(0.5), 0.0);
}

// A hand-built example with a study area of 1 km^2 and 100 incidents:
//   A: 12 points 10 m apart at y = 100, x = 100..210           -> first-order cluster (12)
//   B: 8 points 20 m apart at y = 100, x = 330..470, the first
//      weighing 5 (a snap point with 5 incidents)              -> first-order cluster (12 incidents)
//   C: 4 points 10 m apart                                     -> too small (min 10)
//   D: 15 points 30 m apart at y = 900, x = 100..520           -> first-order cluster (15)
//   57 isolated points 150 m apart far away                    -> noise
// d_ran = 0.5 sqrt(1e6 / 100) = 50 m, SE = 0.26136 sqrt(1e6 / 100^2) = 2.6136 m.
// Second order: 3 centres, d_ran = 0.5 sqrt(1e6 / 3) = 288.68 m. A's centre (155, 100) and
// B's (376.67, 100) are 221.7 m apart -> one second-order cluster; D's is ~800 m away.
struct Example {
  std::vector<double> x, y, w;
};

Example hand_built() {
  Example e;
  auto add = [&](double px, double py, double pw) {
    e.x.push_back(px);
    e.y.push_back(py);
    e.w.push_back(pw);
  };
  for (int i = 0; i < 12; ++i) add(100 + 10 * i, 100, 1);
  for (int i = 0; i < 8; ++i) add(330 + 20 * i, 100, i == 0 ? 5 : 1);
  for (int i = 0; i < 4; ++i) add(1000 + 10 * i, 500, 1);
  for (int i = 0; i < 15; ++i) add(100 + 30 * i, 900, 1);
  for (int i = 0; i < 57; ++i) add(3000 + 150 * i, 3000, 1);
  return e;
}

TEST(NearestNeighbourHierarchical, HandBuiltExample) {
  const Example e = hand_built();
  NnhOptions o;
  o.area = 1.0e6;
  const NnhResult r = nearest_neighbour_hierarchical(e.x, e.y, e.w, o);
  ASSERT_EQ(r.levels.size(), 2u);
  const NnhLevel& first = r.levels[0];
  EXPECT_DOUBLE_EQ(first.mean_random_distance, 50.0);
  EXPECT_DOUBLE_EQ(first.threshold, 50.0);
  ASSERT_EQ(first.clusters.size(), 3u);
  EXPECT_EQ(first.clusters[0].members.size(), 12u);
  EXPECT_DOUBLE_EQ(first.clusters[0].weight, 12.0);
  EXPECT_DOUBLE_EQ(first.clusters[0].centre_x, 155.0);
  EXPECT_EQ(first.clusters[1].members.size(), 8u);
  EXPECT_DOUBLE_EQ(first.clusters[1].weight, 12.0);
  EXPECT_NEAR(first.clusters[1].centre_x, 4520.0 / 12.0, 1e-12);
  EXPECT_EQ(first.clusters[2].members.size(), 15u);
  EXPECT_DOUBLE_EQ(first.clusters[2].centre_x, 310.0);
  EXPECT_DOUBLE_EQ(first.clusters[2].centre_y, 900.0);
  EXPECT_EQ(r.first_order_label[0], 0);
  EXPECT_EQ(r.first_order_label[12], 1);
  EXPECT_EQ(r.first_order_label[20], -1);  // group C
  EXPECT_EQ(r.first_order_label[24], 2);
  EXPECT_EQ(r.first_order_label[50], -1);

  const NnhLevel& second = r.levels[1];
  EXPECT_EQ(second.points, 3u);
  EXPECT_NEAR(second.mean_random_distance, 0.5 * std::sqrt(1.0e6 / 3.0), 1e-12);
  ASSERT_EQ(second.clusters.size(), 1u);
  EXPECT_EQ(second.clusters[0].members, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_DOUBLE_EQ(second.clusters[0].weight, 24.0);
  EXPECT_NEAR(second.clusters[0].centre_x, (12 * 155.0 + 4520.0) / 24.0, 1e-12);
  EXPECT_EQ(first.clusters[0].parent, 0);
  EXPECT_EQ(first.clusters[1].parent, 0);
  EXPECT_EQ(first.clusters[2].parent, -1);
}

TEST(NearestNeighbourHierarchical, ProbabilityAndFixedThreshold) {
  const Example e = hand_built();
  NnhOptions o;
  o.area = 1.0e6;
  o.probability = 0.05;
  const NnhResult strict = nearest_neighbour_hierarchical(e.x, e.y, e.w, o);
  EXPECT_NEAR(strict.levels[0].threshold, 50.0 - 1.6448536269514722 * 2.6136, 1e-9);
  EXPECT_EQ(strict.levels[0].clusters.size(), 3u);
  // A fixed 15 m threshold breaks B (20 m spacing) and D (30 m) apart.
  o.fixed_threshold = 15;
  const NnhResult fixed = nearest_neighbour_hierarchical(e.x, e.y, e.w, o);
  ASSERT_EQ(fixed.levels.size(), 1u);
  ASSERT_EQ(fixed.levels[0].clusters.size(), 1u);
  EXPECT_EQ(fixed.levels[0].clusters[0].members.size(), 12u);
  // A single snap point with enough incidents is a cluster.
  o.fixed_threshold = 0;
  o.min_points = 5;
  const std::vector<double> x{0, 1000}, y{0, 0}, w{6, 1};
  const NnhResult snap = nearest_neighbour_hierarchical(x, y, w, o);
  ASSERT_EQ(snap.levels[0].clusters.size(), 1u);
  EXPECT_EQ(snap.first_order_label, (std::vector<std::int32_t>{0, -1}));
}

TEST(NearestNeighbourHierarchical, RejectsBadOptions) {
  const Example e = hand_built();
  NnhOptions o;
  o.probability = 1.5;
  EXPECT_THROW((void)nearest_neighbour_hierarchical(e.x, e.y, e.w, o), Error);
  o.probability = 0.5;
  const std::vector<double> px{1, 1}, py{2, 2};
  EXPECT_THROW((void)nearest_neighbour_hierarchical(px, py, {}, o), Error);  // no area
}

}  // namespace
}  // namespace hotspot::clusters
