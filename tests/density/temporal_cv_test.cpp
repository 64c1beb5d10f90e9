#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/kernel_density.hpp"
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

// A kernel candidate's score recomputed from its definition with the public surfaces: the
// training months' kernel density (kernel_density, by the method it picks itself), divided by
// the kernel's mass inside the study area (kernel_mass_inside), normalised over the area; the
// held-out mean log-likelihood of the ε-mixture. The CV computes the binned candidates from
// transforms it shares between bandwidths (the widest one's FFT size), so the scores agree to
// round-off; 4,000 training points on 20 m cells make the widest candidates binned.
TEST(TemporalCv, KernelScoresMatchTheirDefinitionWithSharedTransforms) {
  Incidents in;
  std::mt19937_64 rng(21);
  std::normal_distribution<double> g(1000.0, 450.0);
  for (int m = 0; m < 4; ++m) {
    for (int k = 0; k < 1500; ++k) add_at(in, g(rng), g(rng), make_month(2020, 1) + m);
  }
  const GridSpec grid = study_grid();
  std::vector<std::uint8_t> area(grid.size(), 0);
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const double x = grid.x_min + (c + 0.5) * grid.cell_size - 1000.0, y = grid.y_max - (r + 0.5) * grid.cell_size - 1000.0;
      area[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(c)] =
          x * x + y * y < 1600.0 * 1600.0 ? 1 : 0;
    }
  }
  TemporalCvOptions o;
  o.folds = 1;
  o.bandwidths = {60.0, 250.0, 900.0};
  o.study_area = area;
  const TemporalCvResult r = select_bandwidth_temporal_cv(in, grid, o);
  ASSERT_EQ(r.curve.size(), 4u);

  std::vector<std::size_t> train_rows;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.month[i] < make_month(2020, 4)) train_rows.push_back(i);
  }
  const WeightedPoints train = collapse_rows(in, train_rows);
  ASSERT_EQ(choose_method(train.size(), grid, Kernel::quartic, 900.0), DensityMethod::binned);
  std::size_t valid = 0;
  for (std::uint8_t v : area) valid += v;
  const double eps = o.uniform_share;
  for (std::size_t k = 1; k < r.curve.size(); ++k) {
    const double h = r.curve[k].bandwidth;
    DensityOptions d;
    d.bandwidth = h;
    d.units = DensityUnits::per_cell;
    d.spacing_note = false;
    std::vector<double> p = kernel_density(train, grid, d).values;
    const std::vector<double> mass = kernel_mass_inside(grid, area, Kernel::quartic, h, 1);
    double sum = 0.0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      if (mass[c] > 0.0) p[c] /= mass[c];
      if (area[c] != 0) sum += p[c];
    }
    double ll = 0.0, weight = 0.0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in.month[i] != make_month(2020, 4)) continue;
      const std::ptrdiff_t cell = grid.cell_of(in.x[i], in.y[i]);
      if (cell < 0 || area[static_cast<std::size_t>(cell)] == 0) continue;
      ll += std::log((1.0 - eps) * p[static_cast<std::size_t>(cell)] / sum + eps / static_cast<double>(valid));
      weight += 1.0;
    }
    EXPECT_NEAR(r.curve[k].log_likelihood, ll / weight, 1e-9) << h << " m";
  }
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

/// The incidents of months [first, last] (offsets from the first month of `in`).
Incidents months_of(const Incidents& in, int first, int last) {
  Incidents out;
  const MonthIndex m0 = make_month(2020, 1);
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.month[i] >= m0 + first && in.month[i] <= m0 + last) add_at(out, in.x[i], in.y[i], in.month[i]);
  }
  return out;
}

/// Snap points and a smooth process together, so some candidates are computed exactly and
/// some binned, inside a disc-shaped study area (the edge correction).
struct SharedCase {
  Incidents incidents;
  GridSpec grid = study_grid();
  TemporalCvOptions options;
  SharedCase() {
    incidents = concentrated();
    const Incidents more = smooth();
    for (std::size_t i = 0; i < more.size(); ++i) add_at(incidents, more.x[i], more.y[i], more.month[i]);
    options.max_bandwidth = 1500.0;
    options.candidate_count = 6;
    options.study_area.assign(grid.size(), 0);
    for (std::size_t c = 0; c < grid.size(); ++c) {
      const double x = grid.x_min + (static_cast<double>(c % static_cast<std::size_t>(grid.cols)) + 0.5) * grid.cell_size;
      const double y = grid.y_max - (static_cast<double>(c / static_cast<std::size_t>(grid.cols)) + 0.5) * grid.cell_size;
      options.study_area[c] = std::hypot(x - 1000.0, y - 1000.0) < 1700.0 ? 1 : 0;
    }
  }
};

void expect_same(const TemporalCvResult& a, const TemporalCvResult& b) {
  ASSERT_EQ(a.folds.size(), b.folds.size());
  for (std::size_t f = 0; f < a.folds.size(); ++f) {
    EXPECT_EQ(a.folds[f].train_first, b.folds[f].train_first);
    EXPECT_EQ(a.folds[f].test_last, b.folds[f].test_last);
    EXPECT_EQ(a.folds[f].train_weight, b.folds[f].train_weight);
    EXPECT_EQ(a.folds[f].test_weight, b.folds[f].test_weight);
  }
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (std::size_t k = 0; k < a.curve.size(); ++k) {
    EXPECT_EQ(a.curve[k].bandwidth, b.curve[k].bandwidth);
    EXPECT_EQ(a.curve[k].log_likelihood, b.curve[k].log_likelihood) << "candidate " << k;
    EXPECT_EQ(a.curve[k].pai, b.curve[k].pai) << "candidate " << k;
    EXPECT_EQ(a.curve[k].fold_log_likelihood, b.curve[k].fold_log_likelihood) << "candidate " << k;
    EXPECT_EQ(a.curve[k].fold_pai, b.curve[k].fold_pai) << "candidate " << k;
  }
  EXPECT_EQ(a.best, b.best);
}

// The backtest's origins: growing windows from the first month, months 0..3 to 0..8. Each
// window's three folds test its last three months, trained on everything before them, so a
// fold is known by its test month: the first window scores months 1-3, and every later one
// scores one new fold and takes two (3 + 5 scored, 2 × 5 taken). Every number is the one a
// lone run gives, to the last bit.
TEST(TemporalCvShared, GrowingWindowsScoreEachFoldOnceWithTheSameResults) {
  const SharedCase c;
  TemporalCvShared shared;
  for (int last = 3; last <= 8; ++last) {
    const Incidents window = months_of(c.incidents, 0, last);
    const TemporalCvResult alone = select_bandwidth_temporal_cv(window, c.grid, c.options);
    const TemporalCvResult together = select_bandwidth_temporal_cv(window, c.grid, c.options, shared);
    SCOPED_TRACE("window 0.." + std::to_string(last));
    expect_same(alone, together);
  }
  EXPECT_EQ(shared.folds_scored(), 8u);
  EXPECT_EQ(shared.folds_reused(), 10u);
}

// Sliding windows of five months: a fold's training starts with its window, so no fold
// recurs; the edge correction is still shared, and every number is a lone run's.
TEST(TemporalCvShared, SlidingWindowsShareNoFold) {
  const SharedCase c;
  TemporalCvShared shared;
  for (int last = 4; last <= 11; ++last) {
    const Incidents window = months_of(c.incidents, last - 4, last);
    SCOPED_TRACE("window " + std::to_string(last - 4) + ".." + std::to_string(last));
    expect_same(select_bandwidth_temporal_cv(window, c.grid, c.options),
                select_bandwidth_temporal_cv(window, c.grid, c.options, shared));
  }
  EXPECT_EQ(shared.folds_scored(), 8u * 3u);
  EXPECT_EQ(shared.folds_reused(), 0u);
}

// Other incidents over the same months are other folds: months alone do not make a fold the
// same (its training and held-out weights are part of what is matched).
TEST(TemporalCvShared, OtherIncidentsOverTheSameMonthsAreNotTaken) {
  const SharedCase c;
  TemporalCvShared shared;
  const Incidents first = months_of(c.incidents, 0, 6);
  Incidents second = first;
  for (std::size_t i = 0; i < second.size(); i += 3) second.x[i] += 40.0;  // same months, moved points
  second.weight[0] = 2.0;
  (void)select_bandwidth_temporal_cv(first, c.grid, c.options, shared);
  expect_same(select_bandwidth_temporal_cv(second, c.grid, c.options),
              select_bandwidth_temporal_cv(second, c.grid, c.options, shared));
  EXPECT_EQ(shared.folds_reused(), 0u);
}

TEST(TemporalCvShared, RunsMustShareTheGridAndCandidates) {
  const SharedCase c;
  TemporalCvShared shared;
  const Incidents window = months_of(c.incidents, 0, 6);
  (void)select_bandwidth_temporal_cv(window, c.grid, c.options, shared);
  TemporalCvOptions other = c.options;
  other.max_bandwidth = 1000.0;
  EXPECT_THROW((void)select_bandwidth_temporal_cv(window, c.grid, other, shared), Error);
  GridSpec moved = c.grid;
  moved.x_min += c.grid.cell_size;
  EXPECT_THROW((void)select_bandwidth_temporal_cv(window, moved, c.options, shared), Error);
  other = c.options;
  other.folds = 2;  // the folds may differ: the backtest's first origins have fewer months
  other.threads = 1;
  EXPECT_NO_THROW((void)select_bandwidth_temporal_cv(window, c.grid, other, shared));
}

}  // namespace
}  // namespace hotspot::density
