// suppress_sparse_cells against counts worked out by hand on a 10 x 10 grid of 10 m cells.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "hotspot/privacy/raster_suppression.hpp"

namespace hotspot::privacy {
namespace {

hotspot::GridSpec grid10() { return hotspot::GridSpec{0.0, 100.0, 10.0, 10, 10}; }

WeightedPoints two_places() {
  // 4 incidents at (15, 85) (centre of cell col 1, row 1) and 3 at (35, 85) (col 3, row 1).
  WeightedPoints p;
  p.x = {15.0, 35.0};
  p.y = {85.0, 85.0};
  p.weight = {40.0, 3.0};  // weights must not matter
  p.count = {4, 3};
  return p;
}

TEST(RasterSuppression, KeepsOnlyCellsWhoseSupportHoldsKIncidents) {
  const auto grid = grid10();
  std::vector<double> values(grid.size(), 1.0);
  values[99] = std::nan("");  // already nodata: not counted
  // Radius 15 m: a cell centre within 15 m of both places needs |x - 15| < 15 and |x - 35| < 15
  // on row 1 (dy = 0): only x = 25 (col 2). Rows 0 and 2 at col 2 are sqrt(10² + 10²) = 14.1 m
  // from both, so they hold 7 too. Every other cell holds at most 4.
  const RasterSuppression r = suppress_sparse_cells(grid, values, two_places(), 15.0, 5);
  EXPECT_EQ(r.cells_with_data, 99u);
  EXPECT_EQ(r.cells_suppressed, 96u);
  for (int row = 0; row < 10; ++row) {
    for (int col = 0; col < 10; ++col) {
      const bool kept = col == 2 && row <= 2;
      EXPECT_EQ(!std::isnan(values[static_cast<std::size_t>(row) * 10 + col]), kept) << col << "," << row;
    }
  }
}

TEST(RasterSuppression, ACellOnTheSupportEdgeDoesNotCount) {
  // Radius exactly 20 m: the two places are 20 m from the cell centre at x = 15 / 35 only
  // along the row, and the edge is excluded (the kernel is zero there).
  const auto grid = grid10();
  std::vector<double> values(grid.size(), 1.0);
  const RasterSuppression r = suppress_sparse_cells(grid, values, two_places(), 20.0, 7);
  // Cells within < 20 m of both: row 1 col 2 (10 m each), rows 0/2 col 2 (14.1 m). Col 1 / 3 are
  // exactly 20 m from the other place: not counted.
  EXPECT_EQ(r.cells_with_data - r.cells_suppressed, 3u);
}

TEST(RasterSuppression, RadiusZeroCountsTheCellItself) {
  const auto grid = grid10();
  std::vector<double> values(grid.size(), 2.0);
  const RasterSuppression r = suppress_sparse_cells(grid, values, two_places(), 0.0, 4);
  EXPECT_EQ(r.cells_suppressed, 99u);
  EXPECT_EQ(values[11], 2.0);  // col 1 row 1 holds 4
}

}  // namespace
}  // namespace hotspot::privacy
