#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/dual_density.hpp"

namespace hotspot::density {
namespace {

DensityResult surface(std::vector<double> values, const std::string& units = "incidents per km2") {
  DensityResult r;
  r.grid.cols = static_cast<int>(values.size());
  r.grid.rows = 1;
  r.grid.cell_size = 10.0;
  r.values = std::move(values);
  r.metadata["units_description"] = units;
  return r;
}

TEST(DualDensity, DifferenceAndRatioWithZeroDenominators) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const DensityResult a = surface({4.0, 0.0, 3.0, 0.0, nan});
  const DensityResult b = surface({2.0, 5.0, 0.0, 0.0, 1.0});
  const DualDensityResult d = compare_densities(a, b);
  EXPECT_EQ(d.difference[0], 2.0);
  EXPECT_EQ(d.difference[1], -5.0);
  EXPECT_EQ(d.difference[2], 3.0);
  EXPECT_EQ(d.difference[3], 0.0);
  EXPECT_TRUE(std::isnan(d.difference[4]));
  EXPECT_EQ(d.ratio[0], 2.0);
  EXPECT_EQ(d.ratio[1], 0.0);
  EXPECT_TRUE(std::isnan(d.ratio[2]));  // x / 0: nodata, never inf
  EXPECT_TRUE(std::isnan(d.ratio[3]));  // 0 / 0
  EXPECT_TRUE(std::isnan(d.ratio[4]));
  EXPECT_EQ(d.undefined_ratio_cells, 2u);
  DualDensityOptions floor;
  floor.min_denominator = 2.0;
  const DualDensityResult f = compare_densities(a, b, floor);
  EXPECT_TRUE(std::isnan(f.ratio[0]));  // 2 is not above the floor
  EXPECT_EQ(f.ratio[1], 0.0);
  EXPECT_EQ(f.undefined_ratio_cells, 3u);
  EXPECT_EQ(f.metadata.at("ratio_nodata_when_denominator_at_most"), "2");
  floor.min_denominator = 1e-7;  // written in full, not as 0.000000
  EXPECT_EQ(compare_densities(a, b, floor).metadata.at("ratio_nodata_when_denominator_at_most"), "9.9999999999999995e-08");
}

TEST(DualDensity, RefusesDifferentGridsOrUnits) {
  EXPECT_THROW((void)compare_densities(surface({1.0, 2.0}), surface({1.0})), Error);
  EXPECT_THROW((void)compare_densities(surface({1.0}), surface({1.0}, "probability")), Error);
}

}  // namespace
}  // namespace hotspot::density
