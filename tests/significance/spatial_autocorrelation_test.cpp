#include "hotspot/significance/spatial_autocorrelation.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "significance/significance_oracle.hpp"

namespace hotspot::significance {
namespace {

TEST(MoransI, MatchesBruteForceDefinition) {
  for (CellShape shape : {CellShape::square, CellShape::hexagon}) {
    const CellValues cells = testing::random_cells(shape, 14, 11, 21, true);
    for (double band : {101.0, 180.0, 330.0}) {
      const auto nb = testing::brute_band_neighbours(cells, band, false);
      double n = 0, sum = 0;
      for (std::size_t i = 0; i < cells.value.size(); ++i) {
        if (cells.in_study_area(i)) {
          n += 1;
          sum += cells.value[i];
        }
      }
      const double mean = sum / n;
      double num = 0, den = 0, s0 = 0;
      for (std::size_t i = 0; i < cells.value.size(); ++i) {
        if (!cells.in_study_area(i)) continue;
        den += (cells.value[i] - mean) * (cells.value[i] - mean);
        for (std::size_t j : nb[i]) {
          num += (cells.value[i] - mean) * (cells.value[j] - mean);
          s0 += 1;
        }
      }
      double isolated = 0;
      for (std::size_t i = 0; i < nb.size(); ++i) isolated += cells.in_study_area(i) && nb[i].empty() ? 1 : 0;
      const MoransI m = global_morans_i(cells, band);
      EXPECT_NEAR(m.i, (n - isolated) / s0 * num / den, 1e-12);
      EXPECT_NEAR(m.expectation, -1.0 / (n - isolated - 1.0), 1e-15);
    }
  }
}

TEST(MoransI, IncrementalPicksFirstSignificantPeak) {
  // Blobs of radius ~3 cells on a 60x60 grid: clustering is strongest near the blob scale.
  CellValues c;
  c.grid.cell_size = 10;
  c.grid.columns = 60;
  c.grid.rows = 60;
  c.value.assign(3600, 0.0);
  for (int r = 0; r < 60; ++r) {
    for (int col = 0; col < 60; ++col) {
      for (auto [bx, by] : {std::pair{12, 12}, {40, 18}, {25, 45}, {50, 50}}) {
        const double d = std::hypot(col - bx, r - by);
        c.value[static_cast<std::size_t>(r * 60 + col)] += std::max(0.0, 4.0 - d);
      }
      c.value[static_cast<std::size_t>(r * 60 + col)] += ((r * 7 + col * 13) % 5) * 0.1;
    }
  }
  IncrementalOptions o;
  o.steps = 12;
  const IncrementalResult r = incremental_spatial_autocorrelation(c, o);
  ASSERT_EQ(r.curve.size(), 12u);
  EXPECT_DOUBLE_EQ(r.curve[0].band, 10.0);
  EXPECT_DOUBLE_EQ(r.curve[11].band, 120.0);
  // The rule, checked on the curve itself.
  ASSERT_TRUE(r.peak);
  const std::size_t s = r.chosen;
  ASSERT_GT(s, 0u);
  ASSERT_LT(s + 1, r.curve.size());
  EXPECT_GT(r.curve[s].z, r.curve[s - 1].z);
  EXPECT_GT(r.curve[s].z, r.curve[s + 1].z);
  EXPECT_GT(r.curve[s].z, 1.96);
  for (std::size_t t = 1; t < s; ++t) {
    EXPECT_FALSE(r.curve[t].z > r.curve[t - 1].z && r.curve[t].z > r.curve[t + 1].z);
  }
  EXPECT_EQ(r.band, r.curve[s].band);
  EXPECT_NE(r.reason.find("first peak"), std::string::npos) << r.reason;
}

TEST(MoransI, NoClusteringFallsBackToFirstBand) {
  CellValues c;
  c.grid.cell_size = 10;
  c.grid.columns = 20;
  c.grid.rows = 20;
  std::mt19937 rng(4);
  std::poisson_distribution<int> noise(3.0);
  for (int i = 0; i < 400; ++i) c.value.push_back(noise(rng));  // no spatial structure
  IncrementalOptions o;
  o.steps = 6;
  const IncrementalResult r = incremental_spatial_autocorrelation(c, o);
  for (const MoransI& m : r.curve) ASSERT_LT(m.z, 1.96) << "seed gives chance clustering";
  EXPECT_FALSE(r.peak);
  EXPECT_NE(r.reason.find("no peak"), std::string::npos);
  // ArcGIS's fallback: K = 5% of 400 cells = 20; the average distance to the 20th nearest
  // cell, by brute force over all cells.
  const auto nb = testing::brute_band_neighbours(c, 1e9, false);
  double total = 0;
  for (std::size_t i = 0; i < 400; ++i) {
    const auto [xi, yi] = c.grid.centre(static_cast<std::int32_t>(i % 20), static_cast<std::int32_t>(i / 20));
    std::vector<double> d;
    for (std::size_t j : nb[i]) {
      const auto [xj, yj] = c.grid.centre(static_cast<std::int32_t>(j % 20), static_cast<std::int32_t>(j / 20));
      d.push_back(std::hypot(xi - xj, yi - yj));
    }
    std::sort(d.begin(), d.end());
    total += d[19];
  }
  EXPECT_NEAR(r.band, total / 400, 1e-9);
  EXPECT_NEAR(mean_kth_neighbour_distance(c, 20), total / 400, 1e-9);
}

}  // namespace
}  // namespace hotspot::significance
