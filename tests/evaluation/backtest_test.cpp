#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "evaluation/evaluation_test_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/evaluation/backtest.hpp"

namespace hotspot::evaluation {
namespace {

// A 3 × 3 grid of 100 m cells, row 0 at the north: cell d = row · 3 + col has its centre at
// (50 + 100 col, 250 − 100 row).
hotspot::GridSpec grid3() { return {0.0, 300.0, 100.0, 3, 3}; }

void add(Incidents& in, std::size_t cell, MonthIndex month, int n = 1, double weight = 1.0) {
  for (int i = 0; i < n; ++i) {
    in.x.push_back(50.0 + 100.0 * static_cast<double>(cell % 3));
    in.y.push_back(250.0 - 100.0 * static_cast<double>(cell / 3));
    in.month.push_back(month);
    in.weight.push_back(weight);
  }
}

using testing::kFeb;
using testing::kJan;
using testing::kMar;

// Training: January cell 0 ×3, cell 4 ×1; February cell 4 ×3, cell 8 ×1
//   → training weight per cell 0: 3, 4: 4, 8: 1 (R = 8); February alone 4: 3, 8: 1.
// Test (March): cell 4 ×2, cell 0 ×1, cell 5 ×1 (N = 4).
Incidents tiny(double cell5_weight = 1.0) {
  Incidents in;
  add(in, 0, kJan, 3);
  add(in, 4, kJan, 1);
  add(in, 4, kFeb, 3);
  add(in, 8, kFeb, 1);
  add(in, 4, kMar, 2);
  add(in, 0, kMar, 1);
  add(in, 5, kMar, 1, cell5_weight);
  return in;
}

BacktestOptions only(MethodKind kind) {
  BacktestOptions o;
  o.grid = grid3();
  o.origins.min_training_months = 2;
  o.origins.training_months = 0;
  o.area_shares = {1.0 / 9.0, 2.0 / 9.0, 3.0 / 9.0};  // k = 1, 2, 3 cells
  o.bandwidths.clear();
  o.auto_bandwidth = kind == MethodKind::kde_auto;
  o.gi_star = kind == MethodKind::gi_star;
  o.previous_period = kind == MethodKind::previous_period;
  o.uniform_random = kind == MethodKind::uniform_random;
  return o;
}

TEST(Backtest, PreviousPeriodByHand) {
  const BacktestResult r = run_backtest(tiny(), only(MethodKind::previous_period));
  ASSERT_EQ(r.folds.size(), 1u);  // t = February; January alone has too few training months
  EXPECT_EQ(r.folds[0].origin.train_last, kFeb);
  EXPECT_DOUBLE_EQ(r.folds[0].train_weight, 8.0);
  EXPECT_DOUBLE_EQ(r.folds[0].test_weight, 4.0);
  EXPECT_EQ(r.study_cells, 9u);
  // Ranking by February's weight: cell 4 (3), cell 8 (1), then ties at 0 by the whole
  // window: cell 0 (3), then by index.
  const BacktestScore& k1 = r.score(0, 0, 0);
  EXPECT_EQ(k1.cells, 1u);
  EXPECT_DOUBLE_EQ(k1.hits, 2.0);
  EXPECT_DOUBLE_EQ(k1.train_hits, 4.0);
  EXPECT_DOUBLE_EQ(k1.best_hits, 2.0);
  EXPECT_DOUBLE_EQ(k1.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(k1.pai, 4.5);                          // 0.5 / (1/9)
  EXPECT_DOUBLE_EQ(k1.pei, 1.0);
  EXPECT_DOUBLE_EQ(k1.rri, 1.0);                          // (2/4) / (4/8)
  const BacktestScore& k2 = r.score(0, 0, 1);             // cells 4, 8
  EXPECT_DOUBLE_EQ(k2.hits, 2.0);
  EXPECT_DOUBLE_EQ(k2.train_hits, 5.0);
  EXPECT_DOUBLE_EQ(k2.best_hits, 3.0);
  EXPECT_DOUBLE_EQ(k2.pai, 2.25);                         // 0.5 / (2/9)
  EXPECT_DOUBLE_EQ(k2.pei, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(k2.rri, 0.8);                          // (2/5) / (4/8)
  const BacktestScore& k3 = r.score(0, 0, 2);             // cells 4, 8, 0
  EXPECT_DOUBLE_EQ(k3.hits, 3.0);
  EXPECT_DOUBLE_EQ(k3.best_hits, 4.0);
  EXPECT_DOUBLE_EQ(k3.hit_rate, 0.75);
  EXPECT_DOUBLE_EQ(k3.pai, 2.25);                         // 0.75 / (3/9)
  EXPECT_DOUBLE_EQ(k3.pei, 0.75);
  EXPECT_DOUBLE_EQ(k3.rri, 0.75);                         // (3/8) / (4/8)
  // One origin: means and pooled values are the origin's own.
  EXPECT_DOUBLE_EQ(r.summary_of(0, 1).pai, 2.25);
  EXPECT_DOUBLE_EQ(r.summary_of(0, 1).pooled_rri, 0.8);
}

TEST(Backtest, CellsTiedAtTheCutCountWithTheShareTaken) {
  // Previous period ranks cells 4, 8, 0; the six others (1, 2, 3, 5, 6, 7) have no training
  // weight at all and tie. Taking them by index would score cells 1 and 2 (no test weight);
  // each tied cell instead counts with the share of the tie the cut takes: k = 4 takes 1 of
  // 6, k = 5 takes 2 of 6, and the tie holds cell 5's test incident (weight 3 here).
  BacktestOptions o = only(MethodKind::previous_period);
  o.area_shares = {4.0 / 9.0, 5.0 / 9.0, 1.0};
  const BacktestResult r = run_backtest(tiny(3.0), o);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hits, 3.0 + 3.0 / 6.0);  // cells 4 (2), 0 (1), 8 (0), 1/6 of 3
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).train_hits, 8.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hit_rate, 3.5 / 6.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).pai, (3.5 / 6.0) / (4.0 / 9.0));
  EXPECT_DOUBLE_EQ(r.score(0, 0, 1).hits, 3.0 + 2.0 * 3.0 / 6.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 2).hits, 6.0);  // every cell: no tie is split
  EXPECT_DOUBLE_EQ(r.score(0, 0, 2).pai, 1.0);
}

TEST(Backtest, KdeRanksByTrainingSurface) {
  // A 10 m kernel at points on cell centres reaches no other centre: the surface is the
  // training weight per cell times K(0), so the order is cell 4 (4), cell 0 (3), cell 8 (1).
  BacktestOptions o = only(MethodKind::kde_fixed);
  o.bandwidths = {10.0};
  const BacktestResult r = run_backtest(tiny(), o);
  ASSERT_EQ(r.methods.size(), 1u);
  EXPECT_EQ(r.methods[0].id, "kde_10m");
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hits, 2.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 1).hits, 3.0);         // cells 4, 0
  EXPECT_DOUBLE_EQ(r.score(0, 0, 1).pai, 3.375);        // 0.75 / (2/9)
  EXPECT_DOUBLE_EQ(r.score(0, 0, 1).pei, 1.0);          // n* = 2 + 1
  EXPECT_DOUBLE_EQ(r.score(0, 0, 1).rri, 6.0 / 7.0);    // (3/7) / (4/8)
  EXPECT_DOUBLE_EQ(r.score(0, 0, 2).hits, 3.0);         // cells 4, 0, 8
}

TEST(Backtest, UsesIncidentWeights) {
  // Cell 5's March incident weighs 3 (harm): N = 6, and the top cell (4) catches 2 of it.
  const BacktestResult r = run_backtest(tiny(3.0), only(MethodKind::previous_period));
  EXPECT_DOUBLE_EQ(r.folds[0].test_weight, 6.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hit_rate, 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).best_hits, 3.0);  // the best single cell is now cell 5
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).pei, 2.0 / 3.0);
}

TEST(Backtest, StudyAreaDecidesCellsAndScoredIncidents) {
  BacktestOptions o = only(MethodKind::previous_period);
  o.study_area = {1, 1, 1, 1, 1, 0, 1, 1, 1};  // cell 5 outside
  o.area_shares = {1.0 / 8.0};
  const BacktestResult r = run_backtest(tiny(), o);
  EXPECT_EQ(r.study_cells, 8u);
  EXPECT_DOUBLE_EQ(r.folds[0].test_weight, 3.0);
  EXPECT_DOUBLE_EQ(r.folds[0].test_outside, 1.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hit_rate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).pai, (2.0 / 3.0) * 8.0);
}

TEST(Backtest, UniformRandomExpectsTheAreaShare) {
  BacktestOptions o = only(MethodKind::uniform_random);
  o.random_draws = 20000;
  const BacktestResult r = run_backtest(tiny(), o);
  // The mean of many uniform draws of k cells catches k/9 of the test weight; with 20,000
  // draws its standard error is about 0.0012 (k = 1), so 0.005 is four of them.
  for (std::size_t s = 0; s < 3; ++s) {
    const double share = static_cast<double>(s + 1) / 9.0;
    EXPECT_NEAR(r.score(0, 0, s).hit_rate, share, 0.005) << s;
    EXPECT_NEAR(r.score(0, 0, s).pai, 1.0, 0.05) << s;
    EXPECT_NEAR(r.score(0, 0, s).rri, 1.0, 0.05) << s;
    EXPECT_NEAR(r.score(0, 0, s).train_hits, share * 8.0, 0.05) << s;
  }
  // The same seed gives the same bytes; another seed other draws.
  EXPECT_EQ(backtest_csv(run_backtest(tiny(), o)), backtest_csv(r));
  o.seed = 7;
  EXPECT_NE(run_backtest(tiny(), o).score(0, 0, 0).hits, r.score(0, 0, 0).hits);
}

/// Scattered incidents on a 2 km square: 6 months, hot places that persist plus noise.
Incidents synthetic(bool repeat_each_month) {
  Incidents in;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 2000.0);
  std::vector<std::pair<double, double>> hot;
  for (int i = 0; i < 15; ++i) hot.emplace_back(u(rng), u(rng));
  std::vector<std::pair<double, double>> month_points;
  for (int k = 0; k < 150; ++k) {
    const auto& h = hot[static_cast<std::size_t>(k) % hot.size()];
    month_points.emplace_back(k % 3 == 0 ? u(rng) : h.first, k % 3 == 0 ? u(rng) : h.second);
  }
  for (int m = 0; m < 6; ++m) {
    for (int k = 0; k < 150; ++k) {
      const auto p = repeat_each_month ? month_points[static_cast<std::size_t>(k)]
                                       : (k % 3 == 0 ? std::pair(u(rng), u(rng)) : hot[static_cast<std::size_t>(k) % hot.size()]);
      in.x.push_back(p.first);
      in.y.push_back(p.second);
      in.month.push_back(make_month(2021, 1) + m);
      in.weight.push_back(1.0);
    }
  }
  return in;
}

BacktestOptions all_methods() {
  BacktestOptions o;
  o.cell_size = 100.0;
  o.origins.min_training_months = 3;
  o.random_draws = 50;
  return o;
}

TEST(Backtest, PeiAtMostOneAndOneWhenTheMethodIsTheTestData) {
  // Every month repeats the same incidents, so the previous month is the test month itself.
  const BacktestResult r = run_backtest(synthetic(true), all_methods());
  ASSERT_EQ(r.folds.size(), 3u);  // t = Mar, Apr, May
  for (const BacktestScore& s : r.scores) {
    EXPECT_LE(s.pei, 1.0 + 1e-12);
    EXPECT_LE(s.hits, s.best_hits + 1e-9);
    EXPECT_LE(s.hit_rate, 1.0 + 1e-12);
    if (r.methods[s.method].kind == MethodKind::previous_period) {
      EXPECT_DOUBLE_EQ(s.pei, 1.0);
    }
  }
}

TEST(Backtest, RowAndFoldBookkeeping) {
  const Incidents in = synthetic(false);
  const BacktestResult r = run_backtest(in, all_methods());
  // Methods: KDE 50/100/200/400, auto, Gi*, previous, random.
  ASSERT_EQ(r.methods.size(), 8u);
  EXPECT_EQ(r.methods[4].kind, MethodKind::kde_auto);
  ASSERT_EQ(r.folds.size(), 3u);
  EXPECT_EQ(r.scores.size(), 3u * 8u * 3u);
  EXPECT_EQ(r.summary.size(), 8u * 3u);
  for (std::size_t f = 0; f < r.folds.size(); ++f) {
    const BacktestFold& fold = r.folds[f];
    EXPECT_EQ(fold.origin.train_first, make_month(2021, 1));
    EXPECT_EQ(fold.origin.train_last, make_month(2021, 3) + static_cast<int>(f));
    EXPECT_EQ(fold.origin.test_first, fold.origin.train_last + 1);
    EXPECT_DOUBLE_EQ(fold.train_weight, 150.0 * (3.0 + static_cast<double>(f)));
    EXPECT_DOUBLE_EQ(fold.test_weight + fold.test_outside, 150.0);
    EXPECT_FALSE(std::isnan(fold.auto_bandwidth));
    for (std::size_t m = 0; m < r.methods.size(); ++m) {
      for (std::size_t s = 0; s < 3; ++s) {
        const BacktestScore& sc = r.score(f, m, s);
        EXPECT_EQ(sc.fold, f);
        EXPECT_EQ(sc.method, m);
        EXPECT_EQ(sc.share, s);
      }
    }
  }
  // The mean is the mean of the origins.
  const double mean = (r.score(0, 0, 1).pai + r.score(1, 0, 1).pai + r.score(2, 0, 1).pai) / 3.0;
  EXPECT_NEAR(r.summary_of(0, 1).pai, mean, 1e-12);
  // CSV: header + one line per score; summary CSV: header + one per method × share.
  const std::string csv = backtest_csv(r);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 72);
  EXPECT_EQ(csv.substr(0, 7), "origin,");
  EXPECT_NE(csv.find("\n2021-03,2021-01,2021-03,2021-04,2021-04,kde_50m,50,0.01,"), std::string::npos);
  const std::string summary = backtest_summary_csv(r);
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 1 + 24);
  const std::string md = backtest_markdown(r);
  EXPECT_NE(md.find("| KDE 200 m |"), std::string::npos);
  EXPECT_NE(md.find("| uniform random |"), std::string::npos);
  EXPECT_NE(md.find("hit 5% | PAI 5% | PEI 5% | RRI 5%"), std::string::npos);
}

TEST(Backtest, SameBytesForAnyThreadCount) {
  const Incidents in = synthetic(false);
  BacktestOptions o = all_methods();
  o.threads = 1;
  const std::string one = backtest_csv(run_backtest(in, o));
  o.threads = 2;
  EXPECT_EQ(backtest_csv(run_backtest(in, o)), one);
  o.threads = 3;
  EXPECT_EQ(backtest_csv(run_backtest(in, o)), one);
}

TEST(Backtest, GiStarPutsTheClusterCentreFirst) {
  // A 9 × 9 grid with a 3 × 3 block of busy cells around cell (4, 4) and single incidents
  // scattered elsewhere: the block centre has the highest Gi* z.
  Incidents in;
  const auto put = [&](int col, int row, MonthIndex m, int n) {
    for (int i = 0; i < n; ++i) {
      in.x.push_back(50.0 + 100.0 * col);
      in.y.push_back(850.0 - 100.0 * row);
      in.month.push_back(m);
      in.weight.push_back(1.0);
    }
  };
  for (MonthIndex m = kJan; m <= kMar; ++m) {
    for (int dc = -1; dc <= 1; ++dc) {
      for (int dr = -1; dr <= 1; ++dr) put(4 + dc, 4 + dr, m, dc == 0 && dr == 0 ? 2 : 3);
    }
    put(0, 0, m, 1);
    put(8, 1, m, 1);
    put(2, 7, m, 1);
  }
  add(in, 0, make_month(2020, 4));  // a test month: one incident at cell (0, 0)
  in.x.back() = 450.0;              // moved to the block centre, cell (4, 4)
  in.y.back() = 450.0;
  BacktestOptions o = only(MethodKind::gi_star);
  o.grid = {0.0, 900.0, 100.0, 9, 9};
  o.area_shares = {1.0 / 81.0};
  const BacktestResult r = run_backtest(in, o);
  ASSERT_EQ(r.folds.size(), 2u);  // t = Feb (tests March), t = Mar (tests April)
  // The block centre holds fewer incidents than its neighbours but the highest Gi*, so the
  // one April incident there is caught with one cell.
  EXPECT_DOUBLE_EQ(r.score(1, 0, 0).hit_rate, 1.0);
  // In March, the centre's 2 incidents of 29 are caught; previous-period counts would take
  // a 3-incident cell instead.
  EXPECT_DOUBLE_EQ(r.score(0, 0, 0).hits, 2.0);
}

TEST(Backtest, RefusesBadOptions) {
  BacktestOptions o = only(MethodKind::previous_period);
  o.area_shares = {0.0};
  EXPECT_THROW((void)run_backtest(tiny(), o), Error);
  o = only(MethodKind::previous_period);
  o.study_area = {1, 1};
  EXPECT_THROW((void)run_backtest(tiny(), o), Error);
  o = only(MethodKind::kde_auto);
  o.origins.min_training_months = 1;
  EXPECT_THROW((void)run_backtest(tiny(), o), Error);
  o = only(MethodKind::previous_period);
  o.origins.min_training_months = 3;  // only two training months exist
  try {
    (void)run_backtest(tiny(), o);
    FAIL() << "no origin should be an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
  }
}

}  // namespace
}  // namespace hotspot::evaluation
