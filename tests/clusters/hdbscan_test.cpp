#include "hotspot/clusters/hdbscan.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot::clusters {
namespace {

std::vector<std::vector<double>> read_numbers(const std::string& name) {
  std::ifstream in(std::string(HOTSPOT_TEST_DATA) + "/clusters/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::vector<double> v;
    while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
    rows.push_back(v);
  }
  return rows;
}

// R dbscan::hdbscan (tests/data/clusters/make_hdbscan_reference.R) on 700 distinct points.
TEST(Hdbscan, MatchesRDbscanPackage) {
  const auto input = read_numbers("hdbscan_input.csv");
  const auto reference = read_numbers("hdbscan_r_labels.csv");
  ASSERT_EQ(input.size(), 700u);
  ASSERT_EQ(reference.size(), 700u);
  std::vector<double> x, y;
  for (const auto& r : input) {
    x.push_back(r[0]);
    y.push_back(r[1]);
  }
  const std::vector<int> min_pts{5, 15, 40};
  for (std::size_t k = 0; k < min_pts.size(); ++k) {
    HdbscanOptions o;
    o.min_cluster_size = min_pts[k];
    o.resolution = 1e-9;  // below every mutual reachability distance here: standard HDBSCAN
    const HdbscanResult r = hdbscan(x, y, {}, o);
    std::map<int, int> ours_to_r, r_to_ours;
    int r_clusters = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const int want = static_cast<int>(reference[i][1 + 3 * k]);  // 0 = noise in R
      r_clusters = std::max(r_clusters, want);
      ASSERT_NEAR(r.core_distance[i], reference[i][3 + 3 * k], 1e-9) << "minPts " << min_pts[k] << " point " << i;
      ASSERT_EQ(r.label[i] < 0, want == 0) << "minPts " << min_pts[k] << " point " << i;
      if (want != 0) {
        const auto [a, fresh_a] = ours_to_r.emplace(r.label[i], want);
        const auto [b, fresh_b] = r_to_ours.emplace(want, r.label[i]);
        ASSERT_EQ(a->second, want) << "point " << i;
        ASSERT_EQ(b->second, r.label[i]) << "point " << i;
      }
      // R 1.1-11's membership_prob is (max core distance - core distance) / max core distance
      // in the cluster, not hdbscan's lambda ratio; probabilities are checked by hand below.
    }
    EXPECT_EQ(r.cluster_count, r_clusters) << "minPts " << min_pts[k];
    EXPECT_GE(r.cluster_count, 4);
  }
}

TEST(Hdbscan, HandComputedTreeAndProbabilities) {
  // min size 2, min samples 2 (core = distance to the nearest other point).
  // Points 0, 1, 3 | 10, 12 | 100. Cores 1, 1, 2 | 2, 2 | 88.
  // Mutual-reachability MST: (0,1) 1, (1,3) 2, (10,12) 2, (3,10) 7, (12,100) 88.
  // Root splits off 100 at lambda 1/88; at 1/7 a true split into {0,1,3} and {10,12}.
  // {0,1,3}: point 3 leaves at 1/2, points 0 and 1 at 1: stability (1/2 - 1/7) + 2 (1 - 1/7).
  // {10,12}: both leave at 1/2: stability 2 (1/2 - 1/7). Probabilities lambda / max lambda.
  const std::vector<double> x{0, 1, 3, 10, 12, 100}, y(6, 0.0);
  HdbscanOptions o;
  o.min_cluster_size = 2;
  o.resolution = 1e-6;
  const HdbscanResult r = hdbscan(x, y, {}, o);
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0, 0, 1, 1, -1}));
  EXPECT_EQ(r.core_distance, (std::vector<double>{1, 1, 2, 2, 2, 88}));
  EXPECT_EQ(r.probability, (std::vector<double>{1, 1, 0.5, 1, 1, 0}));
  ASSERT_EQ(r.cluster_stability.size(), 2u);
  EXPECT_NEAR(r.cluster_stability[0], (0.5 - 1.0 / 7) + 2 * (1 - 1.0 / 7), 1e-12);
  EXPECT_NEAR(r.cluster_stability[1], 2 * (0.5 - 1.0 / 7), 1e-12);
}

TEST(Hdbscan, WeightIsMultiplicityForCoreDistanceAndSize) {
  // Two groups of 3 locations 1 m apart, 100 m between groups. Unweighted with min size 5,
  // neither group is big enough; at 2 incidents per location (6 per group) both are
  // clusters, and core distances shrink (each location fills 2 of 5 neighbours).
  const std::vector<double> x{0, 1, 2, 100, 101, 102}, y(6, 0.0);
  HdbscanOptions o;
  o.min_cluster_size = 3;
  o.min_samples = 3;
  o.resolution = 0.01;
  const HdbscanResult plain = hdbscan(x, y, {}, o);
  EXPECT_EQ(plain.cluster_count, 2);
  EXPECT_DOUBLE_EQ(plain.core_distance[0], 2.0);  // third neighbour counting itself
  o.min_cluster_size = 5;
  o.min_samples = 5;
  const HdbscanResult none = hdbscan(x, y, {}, o);
  EXPECT_EQ(none.cluster_count, 0);
  const std::vector<double> w(6, 2.0);
  const HdbscanResult weighted = hdbscan(x, y, w, o);
  EXPECT_DOUBLE_EQ(weighted.core_distance[0], 2.0);  // 2 (self) + 2 (1 m) + 2 (2 m) >= 5
  EXPECT_DOUBLE_EQ(weighted.core_distance[1], 1.0);  // 2 + 2 + 2 at 1 m
  EXPECT_EQ(weighted.label, (std::vector<std::int32_t>{0, 0, 0, 1, 1, 1}));
}

TEST(Hdbscan, ThreadsDoNotChangeResultAndBadInputIsRejected) {
  const auto input = read_numbers("hdbscan_input.csv");
  std::vector<double> x, y;
  for (const auto& r : input) {
    x.push_back(r[0]);
    y.push_back(r[1]);
  }
  HdbscanOptions o;
  o.threads = 1;
  const HdbscanResult one = hdbscan(x, y, {}, o);
  o.threads = 2;
  const HdbscanResult two = hdbscan(x, y, {}, o);
  EXPECT_EQ(one.label, two.label);
  EXPECT_EQ(one.probability, two.probability);
  o.resolution = 0;
  EXPECT_THROW((void)hdbscan(x, y, {}, o), Error);
  o.resolution = 1;
  const std::vector<double> bad_w(x.size(), 0.5);
  EXPECT_THROW((void)hdbscan(x, y, bad_w, o), Error);
}

}  // namespace
}  // namespace hotspot::clusters

namespace hotspot::clusters {
namespace {

TEST(Hdbscan, TinyInputs) {
  HdbscanOptions o;
  o.min_cluster_size = 2;
  EXPECT_TRUE(hdbscan(std::vector<double>{}, std::vector<double>{}, {}, o).label.empty());
  const HdbscanResult one = hdbscan(std::vector<double>{5}, std::vector<double>{5}, {}, o);
  EXPECT_EQ(one.label, (std::vector<std::int32_t>{-1}));
  const HdbscanResult two = hdbscan(std::vector<double>{0, 3}, std::vector<double>{0, 4}, {}, o);
  EXPECT_EQ(two.label, (std::vector<std::int32_t>{-1, -1}));  // one cluster = the root, never selected
  EXPECT_EQ(two.core_distance, (std::vector<double>{5, 5}));
  // Fewer incidents than min_samples: infinite core distances, all noise, no crash.
  o.min_samples = 10;
  const HdbscanResult sparse = hdbscan(std::vector<double>{0, 1, 2}, std::vector<double>{0, 0, 0}, {}, o);
  EXPECT_EQ(sparse.cluster_count, 0);
}

}  // namespace
}  // namespace hotspot::clusters
