#include "hotspot/trends/emerging_hotspots.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot::trends {
namespace {

using significance::CellGrid;

// ---- The rules on their own ---------------------------------------------------------------

// 'H' hot (z 3, p 0.001), 'C' cold (z -3, p 0.001), '.' neither (z 0.5, p 0.6).
Pattern classify(const std::string& states, double trend_s, double trend_p) {
  std::vector<double> z, p;
  for (char ch : states) {
    z.push_back(ch == 'H' ? 3.0 : ch == 'C' ? -3.0 : 0.5);
    p.push_back(ch == '.' ? 0.6 : 0.001);
  }
  MannKendall trend;
  trend.s = trend_s;
  trend.p = trend_p;
  return classify_pattern(z, p, trend, 0.10);
}

TEST(EmergingPatterns, RulesOnSeries) {
  EXPECT_EQ(classify("..........", 0, 1), Pattern::none);
  EXPECT_EQ(classify(".........H", 9, 0.01), Pattern::new_hot);
  EXPECT_EQ(classify(".......HHH", 20, 0.01), Pattern::consecutive_hot);
  EXPECT_EQ(classify("HHHHHHHHHH", 30, 0.01), Pattern::intensifying_hot);
  EXPECT_EQ(classify(".HHHHHHHHH", 30, 0.01), Pattern::intensifying_hot);  // 9 of 10 = 90%
  EXPECT_EQ(classify("HHHHHHHHHH", 3, 0.5), Pattern::persistent_hot);
  EXPECT_EQ(classify("HHHHHHHHHH", -30, 0.01), Pattern::diminishing_hot);
  EXPECT_EQ(classify("H..H...H.H", 0, 1), Pattern::sporadic_hot);
  EXPECT_EQ(classify("HH.....HHH", 0, 1), Pattern::sporadic_hot);  // earlier hot before the final run
  EXPECT_EQ(classify("C.......HH", 0, 1), Pattern::oscillating_hot);
  EXPECT_EQ(classify("C........H", 0, 1), Pattern::oscillating_hot);  // prior cold: not "new"
  EXPECT_EQ(classify("HHHHHHHHH.", 0, 1), Pattern::historical_hot);
  EXPECT_EQ(classify("HHHHHHHH..", 0, 1), Pattern::none);  // 80%: not historical
  EXPECT_EQ(classify(".........C", -9, 0.01), Pattern::new_cold);
  EXPECT_EQ(classify("........CC", 0, 1), Pattern::consecutive_cold);
  EXPECT_EQ(classify("CCCCCCCCCC", -30, 0.01), Pattern::intensifying_cold);
  EXPECT_EQ(classify("CCCCCCCCCC", 0, 1), Pattern::persistent_cold);
  EXPECT_EQ(classify("CCCCCCCCCC", 30, 0.01), Pattern::diminishing_cold);
  EXPECT_EQ(classify("C.C...C..C", 0, 1), Pattern::sporadic_cold);
  EXPECT_EQ(classify("H.......CC", 0, 1), Pattern::oscillating_cold);
  EXPECT_EQ(classify("CCCCCCCCC.", 0, 1), Pattern::historical_cold);
  // Significant trend needs p <= alpha.
  EXPECT_EQ(classify("HHHHHHHHHH", 30, 0.2), Pattern::persistent_hot);
  EXPECT_EQ(pattern_name(Pattern::intensifying_hot), "Intensifying Hot Spot");
  EXPECT_EQ(pattern_name(Pattern::none), "No Pattern Detected");
}

// ---- A constructed space-time cube --------------------------------------------------------

// 40 x 40 cells of 100 m, 10 monthly steps. Background counts 4..6; each planted location is a
// 3x3 block whose value per step follows its script. With a 150 m band a block's centre cell
// has exactly the block as neighbourhood.
struct Plant {
  Pattern expected;
  std::vector<double> values;  // block value per step; < 0 = background
};

constexpr double kBg = -1;

SpaceTimeCube constructed_cube(const std::vector<Plant>& plants, std::vector<std::size_t>& centres) {
  SpaceTimeCube cube;
  cube.grid.cell_size = 100;
  cube.grid.columns = 40;
  cube.grid.rows = 40;
  for (int m = 0; m < 10; ++m) cube.steps.push_back(make_month(2021, 1 + m));
  const std::size_t cells = cube.grid.size();
  cube.value.resize(cells * 10);
  for (std::size_t t = 0; t < 10; ++t) {
    for (std::size_t i = 0; i < cells; ++i) cube.value[t * cells + i] = 4.0 + static_cast<double>((i * 7 + t * 3) % 3);
  }
  centres.clear();
  for (std::size_t k = 0; k < plants.size(); ++k) {
    const std::size_t col = 3 + 7 * (k % 5), row = 3 + 7 * (k / 5);
    centres.push_back(row * 40 + col);
    for (std::size_t t = 0; t < 10; ++t) {
      if (plants[k].values[t] < 0) continue;
      for (std::size_t dr = 0; dr < 3; ++dr) {
        for (std::size_t dc = 0; dc < 3; ++dc) {
          cube.value[t * cells + (row + dr - 1) * 40 + (col + dc - 1)] = plants[k].values[t];
        }
      }
    }
  }
  return cube;
}

std::vector<double> script(const std::string& states) {
  std::vector<double> v;
  for (char ch : states) v.push_back(ch == 'H' ? 14.0 : ch == 'C' ? 0.0 : kBg);
  return v;
}

TEST(EmergingHotSpots, EveryPatternOnAConstructedCube) {
  const std::vector<Plant> plants{
      {Pattern::new_hot, script(".........H")},
      {Pattern::consecutive_hot, script(".......HHH")},
      {Pattern::intensifying_hot, {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
      {Pattern::persistent_hot, script("HHHHHHHHHH")},
      {Pattern::diminishing_hot, {19, 18, 17, 16, 15, 14, 13, 12, 11, 10}},
      {Pattern::sporadic_hot, script("H..H...H.H")},
      {Pattern::oscillating_hot, script("CC......HH")},
      {Pattern::historical_hot, script("HHHHHHHHH.")},
      {Pattern::new_cold, script(".........C")},
      {Pattern::consecutive_cold, script(".......CCC")},
      {Pattern::intensifying_cold, {1.8, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6, 0.4, 0.2, 0.0}},
      // Low but not zero: a cell without any incident is not analysed (as in ArcGIS).
      {Pattern::persistent_cold, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
      {Pattern::diminishing_cold, {0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8}},
      {Pattern::sporadic_cold, script("C..C...C.C")},
      {Pattern::oscillating_cold, script("HH......CC")},
      {Pattern::historical_cold, script("CCCCCCCCC.")},
      {Pattern::none, script("..H..C....")},
  };
  std::vector<std::size_t> centres;
  const SpaceTimeCube cube = constructed_cube(plants, centres);
  EmergingOptions o;
  o.band = 150;
  o.time_window = 0;
  const EmergingResult r = emerging_hot_spots(cube, o);
  const std::size_t cells = cube.cells();
  for (std::size_t k = 0; k < plants.size(); ++k) {
    std::string seen;
    for (std::size_t t = 0; t < 10; ++t) {
      const std::size_t b = t * cells + centres[k];
      seen += r.bin[b] > 0 ? 'H' : r.bin[b] < 0 ? 'C' : '.';
    }
    EXPECT_EQ(r.pattern[centres[k]], plants[k].expected)
        << "plant " << k << " expected " << pattern_name(plants[k].expected) << " got "
        << pattern_name(r.pattern[centres[k]]) << "; bins " << seen << " trend p " << r.trend[centres[k]].p;
  }
  // Background cells far from any plant show no pattern.
  EXPECT_EQ(r.pattern[39 * 40 + 39], Pattern::none);
  EXPECT_EQ(r.analysed[39 * 40 + 39], 1);
  // A cell with no incident in any step is not analysed.
  SpaceTimeCube empty_cell = cube;
  for (std::size_t t = 0; t < 10; ++t) empty_cell.value[t * cells + 39 * 40 + 39] = 0.0;
  const EmergingResult e = emerging_hot_spots(empty_cell, o);
  EXPECT_EQ(e.analysed[39 * 40 + 39], 0);
  EXPECT_EQ(e.pattern[39 * 40 + 39], Pattern::none);
}

TEST(EmergingHotSpots, SpaceTimeGiStarMatchesBruteForce) {
  std::vector<std::size_t> centres;
  SpaceTimeCube cube = constructed_cube({{Pattern::none, script("HH..CC..HH")}}, centres);
  cube.grid.columns = 10;  // a smaller cube: 10 x 40
  cube.value.resize(400 * 10);
  for (std::size_t i = 0; i < cube.value.size(); ++i) cube.value[i] = static_cast<double>((i * 2654435761u) % 7);
  cube.mask.assign(400, 1);
  for (std::size_t i = 0; i < 400; i += 9) cube.mask[i] = 0;
  EmergingOptions o;
  o.band = 230;
  o.time_window = 2;
  const EmergingResult r = emerging_hot_spots(cube, o);
  // Oracle: all study-area bins are observations; neighbours of (i, t) are (j, s) with
  // centre distance <= band and t - 2 <= s <= t.
  const std::size_t cells = 400, steps = 10;
  double n = 0, sum = 0;
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t i = 0; i < cells; ++i) {
      if (cube.mask[i]) {
        n += 1;
        sum += cube.value[t * cells + i];
      }
    }
  }
  const double mean = sum / n;
  double ss = 0;
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t i = 0; i < cells; ++i) {
      if (cube.mask[i]) ss += std::pow(cube.value[t * cells + i] - mean, 2);
    }
  }
  const double sd = std::sqrt(ss / n);
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t i = 0; i < cells; ++i) {
      if (!cube.mask[i]) {
        EXPECT_TRUE(std::isnan(r.z[t * cells + i]));
        continue;
      }
      const auto [xi, yi] = cube.grid.centre(static_cast<std::int32_t>(i % 10), static_cast<std::int32_t>(i / 10));
      double lag = 0, w = 0;
      for (std::size_t s = t >= 2 ? t - 2 : 0; s <= t; ++s) {
        for (std::size_t j = 0; j < cells; ++j) {
          if (!cube.mask[j]) continue;
          const auto [xj, yj] = cube.grid.centre(static_cast<std::int32_t>(j % 10), static_cast<std::int32_t>(j / 10));
          if (std::hypot(xi - xj, yi - yj) <= 230) {
            lag += cube.value[s * cells + j];
            w += 1;
          }
        }
      }
      const double z = (lag - mean * w) / (sd * std::sqrt((n * w - w * w) / (n - 1)));
      ASSERT_NEAR(r.z[t * cells + i], z, 1e-10) << "cell " << i << " step " << t;
    }
  }
  o.threads = 1;
  const EmergingResult one = emerging_hot_spots(cube, o);
  o.threads = 2;
  const EmergingResult two = emerging_hot_spots(cube, o);
  EXPECT_EQ(one.pattern, two.pattern);
  EXPECT_EQ(one.bin, two.bin);
}

// Issue 21: months 0001-01 and 9999-12 in one file made trends run away (3.3 GB).
TEST(EmergingHotSpots, AnAbsurdMonthSpanIsRefusedNamingTheMonths) {
  CellGrid grid;
  grid.cell_size = 100;
  grid.columns = 2;
  grid.rows = 2;
  const std::vector<double> x{0, 100};
  const std::vector<double> y{0, 0};
  const std::vector<MonthIndex> month{make_month(1, 1), make_month(9999, 12)};
  for (GapPolicy gaps : {GapPolicy::error, GapPolicy::skip, GapPolicy::zero_fill}) {
    try {
      (void)monthly_cube(x, y, month, {}, grid, gaps);
      FAIL() << "a span of 9999 years was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::data);
      EXPECT_NE(std::string(e.what()).find("from 0001-01 to 9999-12 (119988 months)"), std::string::npos) << e.what();
    }
  }
  // 100 years exactly is still a series.
  const std::vector<MonthIndex> century{make_month(1925, 1), make_month(2024, 12)};
  EXPECT_EQ(monthly_cube(x, y, century, {}, grid, GapPolicy::skip).steps.size(), 2u);
}

TEST(EmergingHotSpots, MonthlyCubeReportsGapsAndNeverBridgesThemSilently) {
  CellGrid grid;
  grid.cell_size = 100;
  grid.columns = 3;
  grid.rows = 3;
  const std::vector<double> x{0, 100, 200, 0, 100};
  const std::vector<double> y{0, 0, 100, 200, 500};  // the last is outside the grid
  const std::vector<MonthIndex> month{make_month(2019, 1), make_month(2019, 2), make_month(2019, 5),
                                      make_month(2019, 7), make_month(2019, 1)};
  try {
    (void)monthly_cube(x, y, month, {}, grid, GapPolicy::error);
    FAIL() << "a gap must be an error by default";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("2019-03..2019-04, 2019-06"), std::string::npos) << e.what();
  }
  std::size_t dropped = 0;
  const SpaceTimeCube skip = monthly_cube(x, y, month, {}, grid, GapPolicy::skip, &dropped);
  EXPECT_EQ(skip.steps, (std::vector<MonthIndex>{make_month(2019, 1), make_month(2019, 2), make_month(2019, 5),
                                                 make_month(2019, 7)}));
  EXPECT_EQ(skip.missing_months,
            (std::vector<MonthIndex>{make_month(2019, 3), make_month(2019, 4), make_month(2019, 6)}));
  EXPECT_EQ(dropped, 1u);
  EXPECT_EQ(skip.value[0 * 9 + 0], 1.0);
  EXPECT_EQ(skip.value[2 * 9 + 1 * 3 + 2], 1.0);  // 2019-05 is step 2 at (2, 1)
  const SpaceTimeCube filled = monthly_cube(x, y, month, {}, grid, GapPolicy::zero_fill);
  EXPECT_EQ(filled.steps.size(), 7u);
  EXPECT_EQ(filled.missing_months.size(), 3u);
  double total = 0;
  for (std::size_t i = 2 * 9; i < 4 * 9; ++i) total += filled.value[i];  // 2019-03, 2019-04
  EXPECT_EQ(total, 0.0);
  EXPECT_EQ(filled.value[4 * 9 + 1 * 3 + 2], 1.0);  // 2019-05 is step 4 here
}

TEST(EmergingHotSpots, RejectsBadOptions) {
  std::vector<std::size_t> centres;
  const SpaceTimeCube cube = constructed_cube({}, centres);
  EmergingOptions o;
  o.band = 150;
  o.global_window = GlobalWindow::individual_step;
  EXPECT_THROW((void)emerging_hot_spots(cube, o), Error);  // needs time window 0
  o.time_window = 0;
  EXPECT_NO_THROW((void)emerging_hot_spots(cube, o));
  o.alpha = 0;
  EXPECT_THROW((void)emerging_hot_spots(cube, o), Error);
}

}  // namespace
}  // namespace hotspot::trends
