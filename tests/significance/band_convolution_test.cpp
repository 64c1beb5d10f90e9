// The FFT band sums against the direct prefix-sum path (itself checked against brute force in
// getis_ord_test.cpp): equal to the bit on counts, for bands from one cell to wider than the
// grid, square and hexagonal, with and without a study-area mask.
#include "significance/band_convolution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/significance/getis_ord.hpp"
#include "significance/band_sums.hpp"
#include "significance/significance_oracle.hpp"

namespace hotspot::significance {
namespace {

struct Sums {
  std::vector<double> lag;
  std::vector<std::uint32_t> count;
};

Sums direct_sums(const CellValues& cells, double band, int threads = 1) {
  Sums s;
  detail::band_sums(cells, detail::band_stencil(cells.grid, band), threads, s.lag, s.count);
  return s;
}

Sums fft_sums(const CellValues& cells, double band, int threads = 1) {
  Sums s;
  detail::band_sums_fft(cells, detail::band_stencil(cells.grid, band), threads, s.lag, s.count);
  return s;
}

// Bands in cells: within one cell, a ring, crossing the edges, as wide as the grid, wider.
const std::vector<double> kBandsInCells{0.0, 1.0, 1.5, 2.3, 4.7, 11.2, 23.9, 37.0, 80.0};

TEST(BandConvolution, CountsEqualDirectSumsToTheBit) {
  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    for (const bool masked : {false, true}) {
      // Odd sizes and a tall grid, so the hexagonal skew and the padding are both exercised,
      // and grids of one row or column, smaller than a block of transforms.
      for (const auto& [cols, rows] :
           {std::pair{37, 23}, std::pair{16, 41}, std::pair{1, 9}, std::pair{7, 1}, std::pair{3, 3}}) {
        const CellValues cells = testing::random_cells(shape, cols, rows, 11 + cols, masked);
        for (const double band : kBandsInCells) {
          SCOPED_TRACE(std::string(shape == CellShape::square ? "square" : "hexagon") +
                       (masked ? " masked " : " ") + std::to_string(cols) + "x" + std::to_string(rows) +
                       " band " + std::to_string(band));
          const Sums direct = direct_sums(cells, band * cells.grid.cell_size);
          const Sums fft = fft_sums(cells, band * cells.grid.cell_size);
          ASSERT_EQ(fft.count, direct.count);
          ASSERT_EQ(fft.lag, direct.lag);  // rounded integer sums: exact equality
        }
      }
    }
  }
}

TEST(BandConvolution, CountsMatchBruteForceNeighbourLists) {
  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    const CellValues cells = testing::random_cells(shape, 19, 14, 5, true);
    for (const double band : {1.05, 3.2, 30.0}) {  // no band at an exact centre distance
      const auto nb = testing::brute_band_neighbours(cells, band * cells.grid.cell_size, true);
      const Sums fft = fft_sums(cells, band * cells.grid.cell_size);
      for (std::size_t i = 0; i < cells.grid.size(); ++i) {
        double lag = 0;
        for (std::size_t j : nb[i]) lag += cells.value[j];
        ASSERT_EQ(fft.count[i], nb[i].size()) << "cell " << i << " band " << band;
        ASSERT_EQ(fft.lag[i], lag) << "cell " << i << " band " << band;
      }
    }
  }
}

TEST(BandConvolution, NonIntegerValuesWithinRoundingOfDirectSums) {
  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    CellValues cells = testing::random_cells(shape, 61, 47, 3, true);
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> harm(0.0, 250.0);
    for (double& v : cells.value) v *= harm(rng);
    double largest = 0;
    for (double v : cells.value) largest = std::max(largest, v);
    for (const double band : {1.5, 7.3, 70.0}) {
      const Sums direct = direct_sums(cells, band * cells.grid.cell_size);
      const Sums fft = fft_sums(cells, band * cells.grid.cell_size);
      ASSERT_EQ(fft.count, direct.count);
      for (std::size_t i = 0; i < direct.lag.size(); ++i) {
        ASSERT_NEAR(fft.lag[i], direct.lag[i], 1e-12 * largest) << "cell " << i << " band " << band;
      }
    }
  }
}

TEST(BandConvolution, ThreadCountDoesNotChangeBytes) {
  // Non-integer values, so no rounding can hide a difference in the transforms.
  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    CellValues cells = testing::random_cells(shape, 203, 157, 17, true);
    for (std::size_t i = 0; i < cells.value.size(); ++i) cells.value[i] += 0.001 * static_cast<double>(i % 97);
    for (const double band : {2.5, 40.0}) {
      const Sums one = fft_sums(cells, band * cells.grid.cell_size, 1);
      const Sums two = fft_sums(cells, band * cells.grid.cell_size, 2);
      ASSERT_EQ(one.count, two.count);
      ASSERT_EQ(0, std::memcmp(one.lag.data(), two.lag.data(), one.lag.size() * sizeof(double)));
    }
  }
}

TEST(BandConvolution, GiStarIsTheSameOnBothPaths) {
  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    const CellValues cells = testing::random_cells(shape, 90, 70, 23, true);
    for (const double band : {1.5, 12.0, 150.0}) {
      GiStarOptions o;
      o.band = band * cells.grid.cell_size;
      o.band_sums = BandSums::direct;
      const GiStarResult direct = getis_ord_gi_star(cells, o);
      o.band_sums = BandSums::fft;
      const GiStarResult fft = getis_ord_gi_star(cells, o);
      EXPECT_EQ(direct.band_sums, BandSums::direct);
      EXPECT_EQ(fft.band_sums, BandSums::fft);
      ASSERT_EQ(fft.neighbours, direct.neighbours);
      for (std::size_t i = 0; i < direct.z.size(); ++i) {
        // Same sums, same arithmetic afterwards: identical z (NaN outside the study area).
        ASSERT_TRUE(std::isnan(direct.z[i]) ? std::isnan(fft.z[i]) : direct.z[i] == fft.z[i]) << i;
      }
      EXPECT_EQ(fft.bin, direct.bin);
    }
  }
}

TEST(BandConvolution, AutomaticChoosesFftForWideBands) {
  const CellValues cells = testing::random_cells(CellShape::square, 400, 400, 1, false);
  GiStarOptions o;
  o.band = 1.5 * cells.grid.cell_size;
  EXPECT_EQ(getis_ord_gi_star(cells, o).band_sums, BandSums::direct);
  o.band = 150 * cells.grid.cell_size;
  EXPECT_EQ(getis_ord_gi_star(cells, o).band_sums, BandSums::fft);

  for (const CellShape shape : {CellShape::square, CellShape::hexagon}) {
    CellGrid grid;
    grid.shape = shape;
    grid.columns = 2000;
    grid.rows = 2000;
    const auto narrow = detail::band_sum_costs(grid, detail::band_stencil(grid, 1.5 * grid.cell_size));
    const auto wide = detail::band_sum_costs(grid, detail::band_stencil(grid, 200 * grid.cell_size));
    EXPECT_LT(narrow.direct, narrow.fft);
    EXPECT_LT(wide.fft, wide.direct);
  }
}

}  // namespace
}  // namespace hotspot::significance
