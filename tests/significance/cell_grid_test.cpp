#include "hotspot/significance/cell_grid.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace hotspot::significance {
namespace {

TEST(CellGrid, HexagonLocateIsNearestCentre) {
  CellGrid g;
  g.shape = CellShape::hexagon;
  g.cell_size = 50;
  g.origin_x = 1000;
  g.origin_y = 2000;
  g.columns = 20;
  g.rows = 20;
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(1100, 1800);
  for (int t = 0; t < 5000; ++t) {
    const double x = u(rng), y = u(rng) + 1000;
    const auto [c, r] = g.locate(x, y);
    double best = 1e300;
    for (int rr = 0; rr < g.rows; ++rr) {
      for (int cc = 0; cc < g.columns; ++cc) {
        const auto [cx, cy] = g.centre(cc, rr);
        best = std::min(best, std::hypot(x - cx, y - cy));
      }
    }
    const auto [cx, cy] = g.centre(static_cast<std::int32_t>(c), static_cast<std::int32_t>(r));
    ASSERT_NEAR(std::hypot(x - cx, y - cy), best, 1e-9);
    ASSERT_LE(best, 50 / std::sqrt(3.0) + 1e-9);  // within the circumradius
  }
}

TEST(CellGrid, AggregateCountsEveryPointOnce) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<double> x, y, w;
  for (int i = 0; i < 3000; ++i) {
    x.push_back(510000 + u(rng));
    y.push_back(200000 + u(rng) * 0.7);
    w.push_back(i % 3);
  }
  for (CellShape shape : {CellShape::square, CellShape::hexagon}) {
    CellGridOptions o;
    o.shape = shape;
    o.cell_size = 75;
    const CellValues c = aggregate_to_cells(x, y, w, o);
    double total = 0;
    for (double v : c.value) total += v;
    EXPECT_DOUBLE_EQ(total, 3000.0);  // 0+1+2 per three points
    // Each point's cell is the one whose centre is nearest / whose square contains it.
    for (std::size_t i = 0; i < x.size(); i += 97) {
      const auto [col, row] = c.grid.locate(x[i], y[i]);
      ASSERT_GE(col, 0);
      ASSERT_GE(row, 0);
      ASSERT_LT(col, c.grid.columns);
      ASSERT_LT(row, c.grid.rows);
      const auto [cx, cy] = c.grid.centre(static_cast<std::int32_t>(col), static_cast<std::int32_t>(row));
      if (shape == CellShape::square) {
        EXPECT_LE(std::fabs(x[i] - cx), 37.5 + 1e-9);
        EXPECT_LE(std::fabs(y[i] - cy), 37.5 + 1e-9);
      }
    }
    // Centres sit on multiples of the spacing (grids from subsets line up).
    EXPECT_NEAR(std::remainder(c.grid.origin_x, 75.0), 0.0, 1e-6);
    EXPECT_NEAR(std::remainder(c.grid.origin_y, c.grid.row_spacing()), 0.0, 1e-6);
  }
}

TEST(CellGrid, AutomaticSizeIsMeanNearestNeighbourDistance) {
  // A 10 m lattice: every point's nearest neighbour is 10 m away.
  std::vector<double> x, y;
  for (int i = 0; i < 30; ++i) {
    for (int j = 0; j < 30; ++j) {
      x.push_back(i * 10.0);
      y.push_back(j * 10.0);
      x.push_back(i * 10.0);  // duplicates are ignored
      y.push_back(j * 10.0);
    }
  }
  const CellValues c = aggregate_to_cells(x, y, {}, CellGridOptions{});
  EXPECT_DOUBLE_EQ(c.grid.cell_size, 10.0);
}

}  // namespace
}  // namespace hotspot::significance
