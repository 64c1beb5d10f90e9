#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/temporal_cv.hpp"

namespace hotspot::density {
namespace {

void add_at(Incidents& in, double x, double y, MonthIndex month) {
  in.x.push_back(x);
  in.y.push_back(y);
  in.month.push_back(month);
  in.weight.push_back(1.0);
}

/// Crime at micro-places: 40 snap points 250 m apart, each with its own steady monthly rate
/// (a few hot places, many quiet ones), 12 months. The next month's incidents land on the
/// same points, so counting per cell predicts best.
Incidents concentrated() {
  Incidents in;
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> rate_of(1.0, 1.0);
  std::vector<double> rate;
  for (int i = 0; i < 40; ++i) rate.push_back(rate_of(rng));
  for (int m = 0; m < 12; ++m) {
    for (int i = 0; i < 40; ++i) {
      std::poisson_distribution<int> count(rate[static_cast<std::size_t>(i)]);
      const int n = count(rng);
      for (int k = 0; k < n; ++k) add_at(in, 125.0 + 250.0 * (i % 8), 125.0 + 250.0 * (i / 8), make_month(2020, 1) + m);
    }
  }
  return in;
}

/// A smooth process: 120 incidents a month at continuous positions from one broad Gaussian
/// (σ = 500 m). No place repeats, so only a smooth surface predicts the next month.
Incidents smooth() {
  Incidents in;
  std::mt19937_64 rng(12);
  std::normal_distribution<double> g(1000.0, 500.0);
  for (int m = 0; m < 12; ++m) {
    for (int k = 0; k < 120; ++k) add_at(in, g(rng), g(rng), make_month(2020, 1) + m);
  }
  return in;
}

GridSpec study_grid() { return snap_grid(-1000.0, -1000.0, 3000.0, 3000.0, 20.0); }

TEST(TemporalCv, PicksTheCountModelForMicroPlaces) {
  TemporalCvOptions o;
  o.max_bandwidth = 2000.0;
  const TemporalCvResult r = select_bandwidth_temporal_cv(concentrated(), study_grid(), o);
  ASSERT_EQ(r.curve.size(), 13u);  // count model + 12 bandwidths
  EXPECT_TRUE(r.curve[0].count_model);
  EXPECT_DOUBLE_EQ(r.curve[1].bandwidth, 20.0);  // from the cell size
  EXPECT_NEAR(r.curve.back().bandwidth, 2000.0, 1e-9);
  EXPECT_TRUE(r.pick().count_model || r.pick().bandwidth <= 40.0) << r.pick().bandwidth;
  // The micro-place prediction also concentrates better: PAI of the pick beats the widest.
  EXPECT_GT(r.pick().pai, r.curve.back().pai);
  ASSERT_EQ(r.folds.size(), 3u);
  EXPECT_EQ(r.folds[0].train_first, make_month(2020, 1));
  EXPECT_EQ(r.folds[0].train_last, make_month(2020, 9));
  EXPECT_EQ(r.folds[0].test_first, make_month(2020, 10));
  EXPECT_EQ(r.folds[2].test_last, make_month(2020, 12));
  for (const CvScore& s : r.curve) EXPECT_EQ(s.fold_log_likelihood.size(), 3u);
}

TEST(TemporalCv, PicksAWideBandwidthForASmoothProcess) {
  TemporalCvOptions o;
  o.max_bandwidth = 3000.0;
  const TemporalCvResult r = select_bandwidth_temporal_cv(smooth(), study_grid(), o);
  EXPECT_FALSE(r.pick().count_model);
  // σ = 500 m with ~1000 training incidents: the best quartic radius is several hundred
  // metres (Scott's rule gives 2.8 · 500 · 1080^(-1/6) ≈ 440 m).
  EXPECT_GE(r.pick().bandwidth, 200.0);
  EXPECT_LE(r.pick().bandwidth, 2000.0);
  // The curve rises to the pick and falls after it (a single interior maximum).
  EXPECT_LT(r.curve[1].log_likelihood, r.pick().log_likelihood);
  EXPECT_LT(r.curve.back().log_likelihood, r.pick().log_likelihood);
}

/// A 2×2 grid of 10 m cells from (0, 0) to (20, 20): cell 0 north-west, cell 2 south-west.
GridSpec two_by_two_10m() { return GridSpec{.x_min = 0.0, .y_max = 20.0, .cell_size = 10.0, .cols = 2, .rows = 2}; }

/// One fold (the last month held out), the count model and a 10 m kernel.
TemporalCvOptions one_fold_at_10m() {
  TemporalCvOptions o;
  o.folds = 1;
  o.bandwidths = {10.0};
  return o;
}

// The score is the held-out mean log-likelihood of the ε-mixture, recomputed here for the
// count model from its definition.
TEST(TemporalCv, CountModelScoreMatchesDefinition) {
  Incidents in;
  const MonthIndex m0 = make_month(2021, 1);
  add_at(in, 5.0, 5.0, m0);       // cell (0, 1) of a 2×2 grid of 10 m cells
  add_at(in, 5.0, 5.0, m0);
  add_at(in, 15.0, 15.0, m0);     // cell (1, 0)
  add_at(in, 5.0, 5.0, m0 + 1);   // held out: p = 2/3
  add_at(in, 15.0, 5.0, m0 + 1);  // held out: p = 0
  const GridSpec g = two_by_two_10m();
  TemporalCvOptions o = one_fold_at_10m();
  o.pai_area_share = 0.25;
  const TemporalCvResult r = select_bandwidth_temporal_cv(in, g, o);
  const double eps = 1e-3;
  const double expected = 0.5 * (std::log((1 - eps) * 2.0 / 3.0 + eps / 4) + std::log(eps / 4));
  EXPECT_NEAR(r.curve[0].log_likelihood, expected, 1e-12);
  // Top 25% = the cell with 2 training incidents, holding 1 of 2 held out: PAI = 0.5/0.25.
  EXPECT_DOUBLE_EQ(r.curve[0].pai, 2.0);
}

// Fewer cells have counts than the PAI area asks for: the count model's top 50% of a 2×2 grid
// is its one cell with counts plus one of the three empty cells, which are tied at 0. The tie
// is scored as its expected value, 1/3 of each empty cell, not as the first empty cell in
// index order (cell 0, north-west, which holds a held-out incident here and would give PAI 2).
// Hits = 1 (the cell with counts) + 1/3 (the held-out incident in empty cell 0): hit rate 2/3,
// PAI (2/3) / 0.5 = 4/3.
TEST(TemporalCv, TiesAtTheAreaShareAreScoredAsTheirExpectedValue) {
  Incidents in;
  const MonthIndex m0 = make_month(2021, 1);
  add_at(in, 5.0, 5.0, m0);  // cell 2 (south-west)
  add_at(in, 5.0, 5.0, m0);
  add_at(in, 5.0, 5.0, m0 + 1);   // held out in cell 2
  add_at(in, 5.0, 15.0, m0 + 1);  // held out in cell 0, empty in training
  const GridSpec g = two_by_two_10m();
  TemporalCvOptions o = one_fold_at_10m();
  o.pai_area_share = 0.5;
  const TemporalCvResult r = select_bandwidth_temporal_cv(in, g, o);
  ASSERT_TRUE(r.curve[0].count_model);
  EXPECT_NEAR(r.curve[0].pai, 4.0 / 3.0, 1e-12);
}

TEST(TemporalCv, NeedsEnoughMonths) {
  Incidents in;
  add_at(in, 0.0, 0.0, make_month(2021, 1));
  add_at(in, 1.0, 1.0, make_month(2021, 2));
  TemporalCvOptions o;
  EXPECT_THROW((void)select_bandwidth_temporal_cv(in, snap_grid(0, 0, 10, 10, 1.0), o), Error);
}

}  // namespace
}  // namespace hotspot::density
