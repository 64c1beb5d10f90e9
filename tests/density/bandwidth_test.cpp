#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/bandwidth.hpp"
#include "test_points.hpp"

namespace hotspot::density {
namespace {

WeightedPoints square() {
  // The corners of a 2 m square: mean centre (1, 1), every distance to it √2.
  WeightedPoints p;
  p.x = {0.0, 2.0, 0.0, 2.0};
  p.y = {0.0, 0.0, 2.0, 2.0};
  p.weight = {1.0, 1.0, 1.0, 1.0};
  p.count = {1, 1, 1, 1};
  return p;
}

TEST(Bandwidth, SpreadOfASquare) {
  const PointSpread s = point_spread(square());
  EXPECT_DOUBLE_EQ(s.n, 4.0);
  EXPECT_DOUBLE_EQ(s.mean_x, 1.0);
  EXPECT_DOUBLE_EQ(s.mean_y, 1.0);
  EXPECT_DOUBLE_EQ(s.sd_x, 1.0);
  EXPECT_DOUBLE_EQ(s.standard_distance, std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(s.median_distance, std::sqrt(2.0));
}

// ArcGIS: 0.9 · min(SD, sqrt(1/ln 2) · Dm) · n^−0.2 = 0.9 · √2 · 4^−0.2 here (SD < 1.2 Dm).
TEST(Bandwidth, ArcgisRuleByHand) {
  EXPECT_NEAR(arcgis_bandwidth(square()), 0.9 * std::sqrt(2.0) * std::pow(4.0, -0.2), 1e-14);
  EXPECT_NEAR(arcgis_bandwidth(square()), 0.9645961, 1e-6);
  // Median distance smaller than SD/1.2011: one far point pulls SD but not Dm.
  WeightedPoints p;
  for (int i = 0; i < 9; ++i) {
    p.x.push_back(i % 3);
    p.y.push_back(i / 3);
    p.weight.push_back(1.0);
  }
  p.x.push_back(1000.0);
  p.y.push_back(1.0);
  p.weight.push_back(1.0);
  const PointSpread s = point_spread(p);
  ASSERT_LT(std::sqrt(1.0 / std::log(2.0)) * s.median_distance, s.standard_distance);
  EXPECT_NEAR(arcgis_bandwidth(p), 0.9 * std::sqrt(1.0 / std::log(2.0)) * s.median_distance * std::pow(10.0, -0.2),
              1e-12);
}

TEST(Bandwidth, WeightsCountAsIncidents) {
  WeightedPoints w = square();
  w.weight = {2.0, 2.0, 2.0, 2.0};
  WeightedPoints doubled = square();
  for (int i = 0; i < 4; ++i) {
    doubled.x.push_back(doubled.x[static_cast<std::size_t>(i)]);
    doubled.y.push_back(doubled.y[static_cast<std::size_t>(i)]);
    doubled.weight.push_back(1.0);
  }
  EXPECT_NEAR(arcgis_bandwidth(w), arcgis_bandwidth(doubled), 1e-14);
  EXPECT_NEAR(scott_bandwidth(w, Kernel::gaussian), scott_bandwidth(doubled, Kernel::gaussian), 1e-14);
}

TEST(Bandwidth, ScottAndSilvermanByHand) {
  const WeightedPoints p = test::clustered_points(1000, 0.0, 0.0, 1000.0);
  const PointSpread s = point_spread(p);
  const double sigma_bar = std::sqrt(0.5 * (s.sd_x * s.sd_x + s.sd_y * s.sd_y));
  const double scott = sigma_bar * std::pow(s.n, -1.0 / 6.0);
  EXPECT_NEAR(scott_bandwidth(p, Kernel::gaussian), scott, 1e-9);
  // Quartic radius with the same per-coordinate variance: R² / 8 = σ².
  EXPECT_NEAR(scott_bandwidth(p, Kernel::quartic), scott * std::sqrt(8.0), 1e-9);
  const double robust = std::min(sigma_bar, 0.5 * (s.iqr_x + s.iqr_y) / 1.349);
  EXPECT_NEAR(silverman_bandwidth(p, Kernel::gaussian), robust * std::pow(s.n, -1.0 / 6.0), 1e-9);
  EXPECT_LE(silverman_bandwidth(p, Kernel::gaussian), scott_bandwidth(p, Kernel::gaussian));
}

TEST(Bandwidth, OnePlaceHasNoSpread) {
  WeightedPoints p;
  p.x = {5.0, 5.0};
  p.y = {5.0, 5.0};
  p.weight = {1.0, 1.0};
  EXPECT_THROW((void)arcgis_bandwidth(p), Error);
  EXPECT_THROW((void)scott_bandwidth(p, Kernel::quartic), Error);
}

// k nearest neighbours, counting weights: on a line of points 10 m apart with weights 1,
// the 3rd incident from an end point is at 20 m, from an inner point at 10 m.
TEST(Bandwidth, KnnByHand) {
  WeightedPoints p;
  for (int i = 0; i < 6; ++i) {
    p.x.push_back(10.0 * i);
    p.y.push_back(0.0);
    p.weight.push_back(1.0);
  }
  const std::vector<double> h = knn_bandwidths(p, 3.0, Kernel::quartic, 0.0);
  EXPECT_DOUBLE_EQ(h[0], 20.0);
  EXPECT_DOUBLE_EQ(h[2], 10.0);
  EXPECT_DOUBLE_EQ(h[5], 20.0);
  // A snap point holding k incidents on its own gets the floor.
  p.weight[2] = 4.0;
  EXPECT_DOUBLE_EQ(knn_bandwidths(p, 3.0, Kernel::quartic, 5.0)[2], 5.0);
  // The Gaussian bandwidth is σ: the radius over the cut-off factor.
  p.weight[2] = 1.0;
  EXPECT_DOUBLE_EQ(knn_bandwidths(p, 3.0, Kernel::gaussian, 0.0)[0], 5.0);
  EXPECT_THROW((void)knn_bandwidths(p, 100.0, Kernel::quartic, 0.0), Error);
}

// Abramson: brute-force pilot at each point, geometric mean, sqrt law, trim.
TEST(Bandwidth, AbramsonMatchesTheFormula) {
  const WeightedPoints p = test::clustered_points(300, 0.0, 0.0, 1000.0);
  const double h0 = 80.0;
  const double pilot = 120.0;
  const std::vector<double> h = abramson_bandwidths(p, Kernel::quartic, h0, pilot, 5.0);
  std::vector<double> f(p.size(), 0.0);
  double log_sum = 0.0;
  double w_sum = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < p.size(); ++j) {
      const double dx = p.x[i] - p.x[j];
      const double dy = p.y[i] - p.y[j];
      f[i] += p.weight[j] * kernel_value(Kernel::quartic, dx * dx + dy * dy, pilot);
    }
    log_sum += p.weight[i] * std::log(f[i]);
    w_sum += p.weight[i];
  }
  const double gamma = std::exp(log_sum / w_sum);
  bool trimmed = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double expected = h0 * std::min(std::sqrt(gamma / f[i]), 5.0);
    trimmed = trimmed || expected == 5.0 * h0;
    EXPECT_NEAR(h[i], expected, 1e-9 * expected);
  }
  // Dense places get narrower kernels than sparse ones.
  const auto [lo, hi] = std::minmax_element(h.begin(), h.end());
  EXPECT_LT(*lo, h0);
  EXPECT_GT(*hi, h0);
}

}  // namespace
}  // namespace hotspot::density
