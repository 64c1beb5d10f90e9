#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/memory_limit.hpp"

namespace hotspot::density {
namespace {

TEST(Grid, SnapsOutwardToWholeCells) {
  const GridSpec g = snap_grid(1003.0, 2001.0, 1047.0, 2019.0, 10.0);
  EXPECT_EQ(g.x_min, 1000.0);
  EXPECT_EQ(g.y_max, 2020.0);
  EXPECT_EQ(g.cols, 5);
  EXPECT_EQ(g.rows, 2);
  EXPECT_EQ(g.y_min(), 2000.0);
  EXPECT_EQ(g.x_max(), 1050.0);
  EXPECT_EQ(g.col_x(0), 1005.0);
  EXPECT_EQ(g.row_y(0), 2015.0);  // row 0 is the north row
  const GridSpec m = snap_grid(1003.0, 2001.0, 1047.0, 2019.0, 10.0, 25.0);
  EXPECT_EQ(m.x_min, 970.0);
  EXPECT_EQ(m.y_max, 2050.0);
  EXPECT_EQ(m.cols, 11);
  EXPECT_EQ(m.rows, 8);
}

TEST(Grid, OnePointGivesOneCell) {
  const GridSpec g = snap_grid(5.0, 5.0, 5.0, 5.0, 10.0);
  EXPECT_EQ(g.cols, 1);
  EXPECT_EQ(g.rows, 1);
  EXPECT_EQ(g.cell_of(5.0, 5.0), 0);
}

TEST(Grid, CellOfFollowsRowMajorFromTheNorthWest) {
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 30.0;
  g.cell_size = 10.0;
  g.cols = 4;
  g.rows = 3;
  EXPECT_EQ(g.cell_of(1.0, 29.0), 0);
  EXPECT_EQ(g.cell_of(39.0, 29.0), 3);
  EXPECT_EQ(g.cell_of(1.0, 1.0), 8);
  EXPECT_EQ(g.cell_of(10.0, 20.0), 5);   // shared edges go east / south
  EXPECT_EQ(g.cell_of(40.0, 0.0), 11);   // the outer east and south edges are inside
  EXPECT_EQ(g.cell_of(-0.1, 5.0), -1);
  EXPECT_EQ(g.cell_of(5.0, 30.1), -1);
  const auto t = g.geotransform();
  EXPECT_EQ(t[0], 0.0);
  EXPECT_EQ(t[3], 30.0);
  EXPECT_EQ(t[5], -10.0);
}

TEST(Grid, RejectsBadCellSize) {
  EXPECT_THROW((void)snap_grid(0, 0, 1, 1, 0.0), Error);
  EXPECT_THROW((void)snap_grid(0, 0, 1, 1, -1.0), Error);
}

}  // namespace
}  // namespace hotspot::density

namespace hotspot::density {
namespace {

// Issue 21: a 5 cm grid on a square kilometre ended in "internal error: std::bad_alloc".
// The grid's memory is estimated first and refused with the numbers and what to change.
TEST(Grid, AGridAboveTheMemoryLimitIsRefusedWithTheNumbers) {
  set_max_memory(std::uint64_t{1} << 30);  // 1 GiB, whatever the machine
  try {
    (void)snap_grid(0, 0, 1000, 1000, 0.05);
    set_max_memory(0);
    FAIL() << "a 20000 x 20000 grid was accepted under a 1 GiB limit";
  } catch (const Error& e) {
    set_max_memory(0);
    EXPECT_EQ(e.code(), ErrorCode::usage);
    const std::string text = e.what();
    EXPECT_NE(text.find("a grid of 20000 x 20000 cells of 0.05 m needs about 25.6 GB"), std::string::npos) << text;
    EXPECT_NE(text.find("memory limit of 1.1 GB"), std::string::npos) << text;
    EXPECT_NE(text.find("larger cell size"), std::string::npos) << text;
  }
  // The same area at 10 m is 100 x 100 cells: well inside.
  EXPECT_EQ(snap_grid(0, 0, 1000, 1000, 10).size(), 10000u);
}

}  // namespace
}  // namespace hotspot::density
