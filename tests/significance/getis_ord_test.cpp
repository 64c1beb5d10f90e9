#include "hotspot/significance/getis_ord.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "significance/significance_oracle.hpp"

namespace hotspot::significance {
namespace {

CellValues three_by_three() {
  CellValues c;
  c.grid.cell_size = 10;
  c.grid.columns = 3;
  c.grid.rows = 3;
  c.value = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  return c;
}

TEST(GetisOrd, HandComputedCells) {
  // Values 1..9 on a 3x3 grid, band = one cell (the cell and its rook neighbours).
  // n = 9, mean 5, population variance 60/9.
  // Corner (0,0): neighbours {1,2,4}, sum 7, W 3: z = (7 - 15) / sqrt(60/9 * (27 - 9) / 8) = -8/sqrt(15).
  // Centre: {2,4,5,6,8}, sum 25 = 5 * 5: z = 0.
  // Edge (1,0) value 2: {1,2,3,5}, sum 11, W 4: z = (11 - 20) / sqrt(60/9 * (36 - 16) / 8) = -9/sqrt(50/3).
  GiStarOptions o;
  o.band = 10.0;
  o.correction = Correction::none;
  const GiStarResult r = getis_ord_gi_star(three_by_three(), o);
  EXPECT_NEAR(r.z[0], -8.0 / std::sqrt(15.0), 1e-14);
  EXPECT_NEAR(r.z[4], 0.0, 1e-14);
  EXPECT_NEAR(r.z[1], -9.0 / std::sqrt(50.0 / 3.0), 1e-14);
  EXPECT_NEAR(r.z[8], (23.0 - 15.0) / std::sqrt(15.0), 1e-14);  // {9,8,6}
  EXPECT_EQ(r.neighbours[0], 3u);
  EXPECT_EQ(r.neighbours[4], 5u);
  EXPECT_NEAR(r.p[0], std::erfc(8.0 / std::sqrt(15.0) / std::sqrt(2.0)), 1e-15);
  EXPECT_NEAR(r.p[0], 0.03886, 1e-5);  // z = -2.0656, from a normal table
  EXPECT_EQ(r.bin[0], -2);
  EXPECT_EQ(r.bin[8], 2);
  EXPECT_EQ(r.bin[4], 0);
  EXPECT_DOUBLE_EQ(r.mean, 5.0);
  EXPECT_DOUBLE_EQ(r.standard_deviation, std::sqrt(60.0 / 9.0));
}

TEST(GetisOrd, DistanceBandMatchesBruteForce) {
  for (CellShape shape : {CellShape::square, CellShape::hexagon}) {
    for (bool masked : {false, true}) {
      const CellValues cells = testing::random_cells(shape, 23, 17, masked ? 5u : 6u, masked);
      for (double band : {0.0, 99.0, 150.0, 260.0, 455.0, 1234.0}) {
        GiStarOptions o;
        o.band = band;
        const GiStarResult r = getis_ord_gi_star(cells, o);
        const auto nb = testing::brute_band_neighbours(cells, band, true);
        const auto want = testing::brute_gi_star(cells, nb);
        for (std::size_t i = 0; i < want.size(); ++i) {
          if (!cells.in_study_area(i)) {
            EXPECT_TRUE(std::isnan(r.z[i]));
            continue;
          }
          ASSERT_EQ(r.neighbours[i], nb[i].size()) << "cell " << i << " band " << band;
          if (nb[i].size() == 1 && band < 100) {
            ASSERT_NEAR(r.z[i], want[i], 1e-10);
          } else {
            ASSERT_NEAR(r.z[i], want[i], 1e-10) << "cell " << i << " band " << band;
          }
        }
      }
    }
  }
}

TEST(GetisOrd, NearestNeighboursMatchBruteForce) {
  for (CellShape shape : {CellShape::square, CellShape::hexagon}) {
    const CellValues cells = testing::random_cells(shape, 15, 12, 9, true);
    for (int k : {1, 4, 8, 20}) {
      GiStarOptions o;
      o.neighbourhood = Neighbourhood::nearest_neighbours;
      o.k = k;
      const GiStarResult r = getis_ord_gi_star(cells, o);
      // Oracle: sort all other study-area cells by (distance, row, column), take k.
      std::vector<std::vector<std::size_t>> nb(cells.grid.size());
      const auto cols = static_cast<std::size_t>(cells.grid.columns);
      for (std::size_t i = 0; i < nb.size(); ++i) {
        if (!cells.in_study_area(i)) continue;
        std::vector<std::tuple<double, std::size_t, std::size_t>> others;
        const auto [xi, yi] = cells.grid.centre(static_cast<std::int32_t>(i % cols), static_cast<std::int32_t>(i / cols));
        for (std::size_t j = 0; j < nb.size(); ++j) {
          if (j == i || !cells.in_study_area(j)) continue;
          const auto [xj, yj] = cells.grid.centre(static_cast<std::int32_t>(j % cols), static_cast<std::int32_t>(j / cols));
          // Squared distances in cell units are what decide ties; round away float noise.
          const double d2 = std::round(((xi - xj) * (xi - xj) + (yi - yj) * (yi - yj)) / 25.0);
          others.emplace_back(d2, j / cols, j % cols);
        }
        std::sort(others.begin(), others.end());
        nb[i].push_back(i);
        for (int m = 0; m < k; ++m) nb[i].push_back(std::get<1>(others[m]) * cols + std::get<2>(others[m]));
      }
      const auto want = testing::brute_gi_star(cells, nb);
      for (std::size_t i = 0; i < want.size(); ++i) {
        if (!cells.in_study_area(i)) continue;
        ASSERT_EQ(r.neighbours[i], static_cast<std::uint32_t>(k + 1));
        ASSERT_NEAR(r.z[i], want[i], 1e-10) << "cell " << i << " k " << k;
      }
    }
  }
}

TEST(GetisOrd, ThreadCountDoesNotChangeResult) {
  const CellValues cells = testing::random_cells(CellShape::hexagon, 120, 90, 3, true);
  GiStarOptions o;
  o.band = 333;
  o.threads = 1;
  const GiStarResult one = getis_ord_gi_star(cells, o);
  o.threads = 2;
  const GiStarResult two = getis_ord_gi_star(cells, o);
  for (std::size_t i = 0; i < one.z.size(); ++i) {
    if (std::isnan(one.z[i])) {
      ASSERT_TRUE(std::isnan(two.z[i]));
    } else {
      ASSERT_EQ(one.z[i], two.z[i]);
    }
  }
  EXPECT_EQ(one.bin, two.bin);

  o.inference = Inference::permutation;
  o.permutations = 99;
  o.threads = 1;
  const GiStarResult p1 = getis_ord_gi_star(cells, o);
  o.threads = 2;
  const GiStarResult p2 = getis_ord_gi_star(cells, o);
  for (std::size_t i = 0; i < p1.p.size(); ++i) {
    if (!std::isnan(p1.p[i])) {
      ASSERT_EQ(p1.p[i], p2.p[i]);
    }
  }
}

TEST(GetisOrd, PermutationPValueApproachesExactConditionalProbability) {
  // 8 cells on a line, band one cell: cell 3 (value 9) has 2 other neighbours drawn from the 7
  // other values under conditional randomisation. Exact one-sided probability by enumerating
  // the 21 pairs; the pseudo p is twice it, up to sampling error.
  CellValues c;
  c.grid.cell_size = 1;
  c.grid.columns = 8;
  c.grid.rows = 1;
  c.value = {0, 1, 7, 9, 6, 0, 2, 1};
  const std::vector<double> others{0, 1, 7, 6, 0, 2, 1};
  const double observed = 7 + 6;
  int at_least = 0, pairs = 0;
  for (std::size_t a = 0; a < others.size(); ++a) {
    for (std::size_t b = a + 1; b < others.size(); ++b) {
      ++pairs;
      if (others[a] + others[b] >= observed) ++at_least;
    }
  }
  const double exact = 2.0 * at_least / pairs;  // 2 * 2/21
  GiStarOptions o;
  o.band = 1.0;
  o.inference = Inference::permutation;
  o.permutations = 39999;
  o.correction = Correction::none;
  const GiStarResult r = getis_ord_gi_star(c, o);
  const double sd = 2.0 * std::sqrt(exact / 2 * (1 - exact / 2) / o.permutations);
  EXPECT_NEAR(r.p[3], exact, 4 * sd + 2.0 / 40000);
  o.seed = 7;
  const GiStarResult other_seed = getis_ord_gi_star(c, o);
  EXPECT_NE(r.p[3], other_seed.p[3]);
  EXPECT_NEAR(other_seed.p[3], exact, 4 * sd + 2.0 / 40000);
  // Normal-theory z is unchanged by the inference method.
  o.inference = Inference::normal;
  EXPECT_EQ(getis_ord_gi_star(c, o).z[3], r.z[3]);
}

TEST(GetisOrd, CorrectionChangesBinsNotScores) {
  const CellValues cells = testing::random_cells(CellShape::square, 40, 40, 11, false);
  GiStarOptions o;
  o.band = 250;
  o.correction = Correction::none;
  const GiStarResult none = getis_ord_gi_star(cells, o);
  o.correction = Correction::false_discovery_rate;
  const GiStarResult fdr = getis_ord_gi_star(cells, o);
  o.correction = Correction::bonferroni;
  const GiStarResult bonf = getis_ord_gi_star(cells, o);
  auto significant = [](const GiStarResult& r) {
    return std::count_if(r.bin.begin(), r.bin.end(), [](std::int8_t b) { return b != 0; });
  };
  EXPECT_EQ(none.z, fdr.z);
  EXPECT_GE(significant(none), significant(fdr));
  EXPECT_GE(significant(fdr), significant(bonf));
  EXPECT_GT(significant(none), 0);
  for (std::size_t i = 0; i < none.p.size(); ++i) {
    EXPECT_LE(none.p[i], fdr.p_adjusted[i]);
    EXPECT_LE(fdr.p_adjusted[i], bonf.p_adjusted[i] + 1e-15);
  }
}

TEST(GetisOrd, RejectsBadInput) {
  CellValues c = three_by_three();
  GiStarOptions o;
  o.band = -1;
  EXPECT_THROW((void)getis_ord_gi_star(c, o), Error);
  o.band = 10;
  c.value.assign(9, 2.0);
  EXPECT_THROW((void)getis_ord_gi_star(c, o), Error);
  c = three_by_three();
  c.mask = {1, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_THROW((void)getis_ord_gi_star(c, o), Error);
  c = three_by_three();
  c.value.pop_back();
  EXPECT_THROW((void)getis_ord_gi_star(c, o), Error);
}

}  // namespace
}  // namespace hotspot::significance
