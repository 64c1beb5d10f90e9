// --scale-like's library parts: aligning a grid to another's cell lattice, and reading the
// scale back from the metadata a run writes (round trip through threshold_metadata).
#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/density_scale.hpp"
#include "hotspot/core/grid.hpp"

namespace hotspot::density {
namespace {

TEST(AlignGrid, WidensOutwardOntoTheReferenceLattice) {
  const GridSpec reference{503.0, 2007.0, 10.0, 5, 5};  // lattice x = 503 + 10 i, y = 2007 − 10 j
  const GridSpec own = snap_grid(1000.0, 1000.0, 1100.0, 1050.0, 10.0);
  const GridSpec aligned = align_grid(own, reference);
  EXPECT_DOUBLE_EQ(aligned.x_min, 993.0);
  EXPECT_DOUBLE_EQ(aligned.y_max, 1057.0);
  EXPECT_DOUBLE_EQ(aligned.x_max(), 1103.0);
  EXPECT_DOUBLE_EQ(aligned.y_min(), 997.0);
  EXPECT_EQ(aligned.cols, 11);
  EXPECT_EQ(aligned.rows, 6);
  // Already on the lattice: unchanged.
  EXPECT_EQ(align_grid(aligned, reference), aligned);
  EXPECT_THROW((void)align_grid(own, GridSpec{0.0, 0.0, 20.0, 1, 1}), Error);
}

TEST(DensityScale, ReadsBackWhatARunRecords) {
  const GridSpec grid{500000.0, 200000.0, 20.0, 100, 80};
  std::map<std::string, std::string> m = {{"kernel", "epanechnikov"}, {"bandwidth_m", "333.3333333"},
                                          {"bandwidth_m_exact", "333.33333333333331"}, {"units", "per_cell"},
                                          {"cell_size_m", "20"}, {"period_months", "6"}};
  const double t1 = 0.1 + 0.2;  // not a short decimal: the 17-digit text must round-trip
  for (const auto& [k, v] : threshold_metadata({{"top 1%", t1}, {"top 10%", 0.01}, {"top 5%", 0.05}})) m[k] = v;
  const DensityScale s = scale_from_metadata(grid, m);
  EXPECT_EQ(s.kernel, Kernel::epanechnikov);
  EXPECT_DOUBLE_EQ(s.bandwidth, 1000.0 / 3.0);
  EXPECT_EQ(s.units, DensityUnits::per_cell);
  EXPECT_TRUE(s.per_month);
  EXPECT_EQ(s.lattice, grid);
  ASSERT_EQ(s.thresholds.size(), 3U);
  EXPECT_EQ(s.thresholds[0].first, "top 1%");
  EXPECT_EQ(s.thresholds[0].second, t1);  // bit for bit
  EXPECT_EQ(s.thresholds[2].first, "top 10%");
}

// --mean-multiples against a reference: its base (a scale-like map's own reference's mean,
// so chains keep the first map's), else its own mean, else none.
TEST(DensityScale, MeanOfTheReferenceForMultiplesOfTheMean) {
  const GridSpec grid{0.0, 0.0, 10.0, 1, 1};
  std::map<std::string, std::string> m = {{"kernel", "quartic"}, {"bandwidth_m", "200"}, {"units", "per_km2"},
                                          {"cell_size_m", "10"}, {"hotspot_threshold_top 1%", "3"}};
  EXPECT_FALSE(scale_from_metadata(grid, m).mean_value.has_value());
  m["mean_cell_value"] = "1.2143844721066186";
  EXPECT_EQ(scale_from_metadata(grid, m).mean_value, 1.2143844721066186);
  m["mean_multiple_base"] = "0.75";
  EXPECT_EQ(scale_from_metadata(grid, m).mean_value, 0.75);
}

TEST(DensityScale, RefusesWhatCannotBeReused) {
  const GridSpec grid{0.0, 0.0, 10.0, 1, 1};
  std::map<std::string, std::string> m = {{"kernel", "quartic"}, {"bandwidth_m", "adaptive"}, {"units", "per_km2"},
                                          {"cell_size_m", "10"}, {"hotspot_threshold_top 1%", "3"}};
  EXPECT_THROW((void)scale_from_metadata(grid, m), Error);  // adaptive
  m["bandwidth_m"] = "200";
  EXPECT_NO_THROW((void)scale_from_metadata(grid, m));
  m["cell_size_m"] = "20";
  EXPECT_THROW((void)scale_from_metadata(grid, m), Error);  // contradicts the geotransform
  m["cell_size_m"] = "10";
  m["kernel"] = "none (counts per cell)";
  EXPECT_THROW((void)scale_from_metadata(grid, m), Error);
  m["kernel"] = "quartic";
  m.erase("hotspot_threshold_top 1%");
  EXPECT_THROW((void)scale_from_metadata(grid, m), Error);  // not written by hotspot density
}

}  // namespace
}  // namespace hotspot::density
