#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/density_map.hpp"
#include "hotspot/density/hotspot_levels.hpp"

namespace hotspot::density {
namespace {

GridSpec ten_by_ten() {
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 10.0;
  g.cell_size = 1.0;
  g.cols = 10;
  g.rows = 10;
  return g;
}

TEST(HotspotLevels, RanksWithTiesByCellIndex) {
  const std::vector<double> v = {1.0, 3.0, std::numeric_limits<double>::quiet_NaN(), 3.0, 2.0};
  EXPECT_EQ(rank_cells(v), (std::vector<std::size_t>{1, 3, 4, 0}));
  const auto mask = top_cells(v, 0.25);  // 1 of 4 valid cells
  EXPECT_EQ(mask, (std::vector<std::uint8_t>{0, 1, 0, 0, 0}));
}

TEST(HotspotLevels, ThresholdsForTopShares) {
  std::vector<double> v(200);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i);
  v[150] = 197.0;  // a tie at the 1% threshold
  const std::vector<HotspotLevel> levels = hotspot_levels(v);
  ASSERT_EQ(levels.size(), 3u);
  EXPECT_EQ(levels[0].cells, 2u);          // 1% of 200
  EXPECT_EQ(levels[0].threshold, 198.0);   // values 199, 198
  EXPECT_EQ(levels[0].cells_at_or_above, 2u);
  EXPECT_EQ(levels[1].cells, 10u);
  EXPECT_EQ(levels[1].threshold, 191.0);   // 199,198,197,197,196,...,191
  EXPECT_EQ(levels[1].cells_at_or_above, 10u);
  EXPECT_EQ(levels[2].cells, 20u);
  const double shares[] = {0.015};
  const auto tied = hotspot_levels(v, shares);  // 3 cells: 199, 198, 197 and a tie at 197
  EXPECT_EQ(tied[0].cells, 3u);
  EXPECT_EQ(tied[0].threshold, 197.0);
  EXPECT_EQ(tied[0].cells_at_or_above, 4u);
  const double bad[] = {0.0};
  EXPECT_THROW((void)hotspot_levels(v, bad), Error);
}

// Hand example: the surface ranks cells 0..99 in order (cell 0 highest); the top 10% is
// cells 0..9. Later incidents: 6 in cells 0..5 (one each) and 14 elsewhere (12 in cell 50,
// one each in 60 and 70). n = 6, N = 20, a/A = 0.1: hit rate 0.3, PAI = (6/20)/0.1 = 3.
TEST(HotspotEvaluation, PaiPeiAndHitRateByHand) {
  const GridSpec g = ten_by_ten();
  std::vector<double> surface(100);
  for (std::size_t i = 0; i < 100; ++i) surface[i] = 100.0 - static_cast<double>(i);
  WeightedPoints later;
  const auto add = [&](std::size_t cell, double w) {
    later.x.push_back(static_cast<double>(cell % 10) + 0.5);
    later.y.push_back(10.0 - static_cast<double>(cell / 10) - 0.5);
    later.weight.push_back(w);
  };
  for (std::size_t c = 0; c < 6; ++c) add(c, 1.0);  // 6 hits, one per cell
  add(50, 12.0);                                   // 12 in one cell outside the top 10%
  add(60, 1.0);
  add(70, 1.0);
  later.x.push_back(-5.0);  // off the grid: not in N
  later.y.push_back(5.0);
  later.weight.push_back(1.0);
  const HotspotEvaluation e = evaluate_hotspots(g, surface, later, 0.10);
  EXPECT_EQ(e.cells, 10u);
  EXPECT_DOUBLE_EQ(e.area_share, 0.1);
  EXPECT_DOUBLE_EQ(e.total, 20.0);
  EXPECT_DOUBLE_EQ(e.outside, 1.0);
  EXPECT_DOUBLE_EQ(e.hits, 6.0);
  EXPECT_DOUBLE_EQ(e.hit_rate, 0.3);
  EXPECT_DOUBLE_EQ(e.pai, 3.0);
  // Best 10 cells: cell 50 (12) and the nine cells holding 1 each (cells 0..5, 60, 70 = 8):
  // n* = 20, best PAI = (20/20)/0.1 = 10, PEI = 3/10.
  EXPECT_DOUBLE_EQ(e.best_hits, 20.0);
  EXPECT_DOUBLE_EQ(e.best_pai, 10.0);
  EXPECT_DOUBLE_EQ(e.pei, 0.3);
}

// A sparse surface (counts per cell): 3 of 100 cells have density, fewer than the 10 the top
// 10% asks for. The hotspot scored is those 3 cells, as its polygons are; before, 7 empty cells
// were taken in index order (cells 0, 1, 2, ...) and caught the later incident in cell 0.
// Later: 2 in cell 40 (value 3), 1 in cell 77 (value 1), 1 in cell 0 (no density), 1 in cell
// 99 (no density). N = 5, n = 3, a/A = 0.03: hit rate 0.6, PAI 20. Best 3 cells: 40 (2), 77,
// 0 (1 each) = 4: best PAI (4/5)/0.03, PEI 0.75.
TEST(HotspotEvaluation, SparseSurfacesAreScoredOnTheCellsWithDensity) {
  const GridSpec g = ten_by_ten();
  std::vector<double> surface(100, 0.0);
  surface[40] = 3.0;
  surface[55] = 2.0;
  surface[77] = 1.0;
  WeightedPoints later;
  for (std::size_t cell : {40, 40, 77, 0, 99}) {
    later.x.push_back(static_cast<double>(cell % 10) + 0.5);
    later.y.push_back(10.0 - static_cast<double>(cell / 10) - 0.5);
    later.weight.push_back(1.0);
  }
  const HotspotEvaluation e = evaluate_hotspots(g, surface, later, 0.10);
  EXPECT_DOUBLE_EQ(e.requested_share, 0.10);
  EXPECT_EQ(e.requested_cells, 10u);
  EXPECT_EQ(e.cells, 3u);
  EXPECT_DOUBLE_EQ(e.area_share, 0.03);
  EXPECT_DOUBLE_EQ(e.total, 5.0);
  EXPECT_DOUBLE_EQ(e.hits, 3.0);
  EXPECT_DOUBLE_EQ(e.hit_rate, 0.6);
  EXPECT_NEAR(e.pai, 20.0, 1e-12);
  EXPECT_DOUBLE_EQ(e.best_hits, 4.0);
  EXPECT_NEAR(e.best_pai, 0.8 / 0.03, 1e-12);
  EXPECT_DOUBLE_EQ(e.pei, 0.75);

  // A share the surface fills is scored on exactly its cells, as before: top 2% = cells 40, 55.
  const HotspotEvaluation two = evaluate_hotspots(g, surface, later, 0.02);
  EXPECT_EQ(two.cells, 2u);
  EXPECT_EQ(two.requested_cells, 2u);
  EXPECT_DOUBLE_EQ(two.area_share, 0.02);
  EXPECT_DOUBLE_EQ(two.hits, 2.0);

  // No density anywhere: nothing is a hotspot, and nothing is divided by zero.
  const HotspotEvaluation none = evaluate_hotspots(g, std::vector<double>(100, 0.0), later, 0.10);
  EXPECT_EQ(none.cells, 0u);
  EXPECT_DOUBLE_EQ(none.hits, 0.0);
  EXPECT_DOUBLE_EQ(none.pai, 0.0);
  EXPECT_DOUBLE_EQ(none.total, 5.0);
}

TEST(HotspotEvaluation, NodataCellsAreOutsideTheStudyArea) {
  const GridSpec g = ten_by_ten();
  std::vector<double> surface(100, 1.0);
  for (std::size_t i = 50; i < 100; ++i) surface[i] = std::numeric_limits<double>::quiet_NaN();
  surface[3] = 5.0;
  WeightedPoints later;
  later.x = {3.5, 3.5};
  later.y = {9.5, 0.5};  // cell 3, and cell 93 (nodata)
  later.weight = {1.0, 1.0};
  const HotspotEvaluation e = evaluate_hotspots(g, surface, later, 0.02);  // 1 of 50 valid cells
  EXPECT_EQ(e.cells, 1u);
  EXPECT_DOUBLE_EQ(e.area_share, 0.02);
  EXPECT_DOUBLE_EQ(e.total, 1.0);
  EXPECT_DOUBLE_EQ(e.outside, 1.0);
  EXPECT_DOUBLE_EQ(e.pai, 50.0);
  EXPECT_DOUBLE_EQ(e.pei, 1.0);
}

}  // namespace
}  // namespace hotspot::density

namespace hotspot::density {
namespace {

// top_cells and hotspot_levels select by nth_element; rank_cells sorts. They must agree,
// ties and nodata included.
// 200 cells in the study area (one NaN outside), 3 with density: top 1% (2 cells) can be
// filled, top 5% (10 cells) and top 10% (20 cells) cannot.
TEST(HotspotLevels, NoteWhenFewerCellsHaveDensityThanALevelAsksFor) {
  std::vector<double> values(201, 0.0);
  values[7] = 4.0;
  values[50] = 1.0;
  values[120] = 0.5;
  values[200] = std::nan("");
  const std::vector<double> shares{0.01, 0.05, 0.10};
  const std::optional<std::string> note = density::underfilled_levels_note(values, shares);
  ASSERT_TRUE(note.has_value());
  EXPECT_EQ(*note,
            "only 3 of the 200 cells (1.5% of the area) have any density, fewer than the hotspot levels top 5%, top 10% "
            "ask for: they hold just these cells and cover less than their names say");
  const std::vector<double> five_percent{0.01, 0.05};
  EXPECT_EQ(density::underfilled_levels_note(values, five_percent),
            "only 3 of the 200 cells (1.5% of the area) have any density, fewer than the hotspot level top 5% asks "
            "for: it holds just these cells and covers less than its name says");
  const std::vector<double> one_percent{0.01};
  EXPECT_FALSE(density::underfilled_levels_note(values, one_percent).has_value());
  EXPECT_FALSE(density::underfilled_levels_note(values, {}).has_value());
}

TEST(HotspotLevels, SelectionAgreesWithFullRanking) {
  std::vector<double> v(5000);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>((i * 7919) % 97);  // many ties
  for (std::size_t i = 0; i < v.size(); i += 13) v[i] = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::size_t> order = rank_cells(v);
  for (double share : {0.001, 0.01, 0.05, 0.1, 0.5, 1.0}) {
    const std::size_t k = cells_for_share(order.size(), share);
    std::vector<std::uint8_t> expected(v.size(), 0);
    for (std::size_t i = 0; i < k; ++i) expected[order[i]] = 1;
    EXPECT_EQ(top_cells(v, share), expected) << share;
    const double shares[] = {share};
    const HotspotLevel level = hotspot_levels(v, shares)[0];
    EXPECT_EQ(level.threshold, v[order[k - 1]]);
    std::size_t at_or_above = 0;
    for (std::size_t c : order) at_or_above += v[c] >= level.threshold ? 1 : 0;
    EXPECT_EQ(level.cells_at_or_above, at_or_above);
  }
}

// kth_largest's histogram of bit patterns against nth_element on a copy, on values that test
// its buckets: negatives, -0 and 0, NaN, subnormals, infinities, values sharing a bucket and
// many ties.
TEST(HotspotLevels, KthLargestByHistogramIsNthElement) {
  std::vector<double> v;
  std::mt19937_64 rng(22);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int i = 0; i < 3000; ++i) v.push_back(u(rng) * std::pow(10.0, static_cast<int>(rng() % 40) - 20));
  for (int i = 0; i < 500; ++i) v.push_back(1.0 + 1e-9 * static_cast<double>(rng() % 50));  // one bucket, ties
  for (int i = 0; i < 300; ++i) v.push_back(i % 2 == 0 ? 0.0 : -0.0);
  for (int i = 0; i < 100; ++i) v.push_back(std::numeric_limits<double>::quiet_NaN());
  v.push_back(std::numeric_limits<double>::denorm_min());
  v.push_back(-std::numeric_limits<double>::denorm_min());
  v.push_back(std::numeric_limits<double>::infinity());
  v.push_back(-std::numeric_limits<double>::infinity());
  std::shuffle(v.begin(), v.end(), rng);
  std::vector<double> valid;
  for (double x : v) {
    if (!std::isnan(x)) valid.push_back(x);
  }
  for (std::size_t k = 1; k <= valid.size(); k += 1 + k / 7) {
    std::vector<double> copy = valid;
    std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(k - 1), copy.end(), std::greater<>());
    const double expected = copy[k - 1];
    std::size_t above = 0, tied = 0;
    for (double x : valid) {
      above += x > expected ? 1 : 0;
      tied += x == expected ? 1 : 0;
    }
    const KthLargest got = kth_largest(v, k);
    ASSERT_EQ(got.value, expected) << "k = " << k;
    EXPECT_EQ(got.above, above) << "k = " << k;
    EXPECT_EQ(got.tied, tied) << "k = " << k;
  }
  // k past the valid values: the smallest; no valid value: nothing.
  EXPECT_EQ(kth_largest(v, v.size() + 5).value, -std::numeric_limits<double>::infinity());
  const std::vector<double> none(4, std::numeric_limits<double>::quiet_NaN());
  const KthLargest empty = kth_largest(none, 1);
  EXPECT_EQ(empty.tied, 0u);
  EXPECT_EQ(empty.above, 0u);
}

}  // namespace
}  // namespace hotspot::density
