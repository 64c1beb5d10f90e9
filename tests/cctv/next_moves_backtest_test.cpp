#include "hotspot/cctv/next_moves_backtest.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

// Demand at A (3 a month) in months 0–5, then at B (3 a month) in months 6–11; one unit,
// quarters, a three-month history, plain counts.
TEST(NextMovesBacktest, TheChainAgainstHandCountedPeriods) {
  Incidents in;
  const MonthIndex m0 = make_month(2024, 1);
  for (int m = 0; m < 12; ++m) {
    for (int k = 0; k < 3; ++k) {
      in.x.push_back(m < 6 ? 0 : 1000);
      in.y.push_back(0);
      in.month.push_back(m0 + m);
      in.weight.push_back(1);
    }
  }
  const WeightedPoints points = collapse_locations(in);
  CoverageMatrix coverage;
  coverage.sites = 2;
  coverage.site_inside_obstacle = {0, 0};
  coverage.columns = {CoverageColumn{0, 0, 360, 10, {0}, {1.0}}, CoverageColumn{1, 0, 360, 10, {1}, {1.0}}};
  const std::vector<CameraSite> sites{{0, 0, 1, "A", {}, {}}, {1000, 0, 1, "B", {}, {}}};
  NextMovesBacktestOptions o;
  o.units = 1;
  o.demand.history_months = 3;
  o.demand.min_origins = 1;
  o.demand.half_lives_months = {};
  o.demand.bandwidths_m = {};
  const NextMovesBacktest r = backtest_next_moves(in, points, coverage, sites, nullptr, o);
  ASSERT_EQ(r.periods.size(), 3U);
  // Months 3–5: everyone at A, which sees the 9.
  EXPECT_TRUE(r.periods[0].chain_start);
  EXPECT_DOUBLE_EQ(r.periods[0].policy, 9);
  EXPECT_DOUBLE_EQ(r.periods[0].stay, 9);
  EXPECT_FALSE(r.periods[0].has_interval);  // no origin before month 2 can be tested
  // Months 6–8: the forecast (months 3–5) still says A; B happens. Last quarter's busiest is A too.
  EXPECT_EQ(r.periods[1].moves, 0);
  EXPECT_DOUBLE_EQ(r.periods[1].policy, 0);
  EXPECT_DOUBLE_EQ(r.periods[1].busiest, 0);
  EXPECT_DOUBLE_EQ(r.periods[1].hindsight, 9);
  // One backtest ratio (1): the interval is the forecast 9, and 0 was seen.
  EXPECT_TRUE(r.periods[1].has_interval);
  EXPECT_DOUBLE_EQ(r.periods[1].forecast.low, 9);
  EXPECT_DOUBLE_EQ(r.periods[1].realised, 0);
  // Months 9–11: the forecast (months 6–8) says B, A sees nothing, so the unit moves.
  EXPECT_EQ(r.periods[2].moves, 1);
  EXPECT_DOUBLE_EQ(r.periods[2].policy, 9);
  EXPECT_DOUBLE_EQ(r.periods[2].stay, 0);
  EXPECT_DOUBLE_EQ(r.periods[2].busiest, 9);
  // Ratios at origins 2–5: 9/9, 6/9, 3/9, 0/9; four ratios at 80% give their whole range, and
  // their median 0.5.
  EXPECT_DOUBLE_EQ(r.periods[2].forecast.low, 0);
  EXPECT_DOUBLE_EQ(r.periods[2].forecast.expected, 4.5);
  EXPECT_DOUBLE_EQ(r.periods[2].forecast.high, 9);
  EXPECT_DOUBLE_EQ(r.policy, 18);
  EXPECT_DOUBLE_EQ(r.stay, 9);
  EXPECT_DOUBLE_EQ(r.busiest, 18);
  EXPECT_DOUBLE_EQ(r.fresh, 18);
  EXPECT_DOUBLE_EQ(r.hindsight, 27);
  EXPECT_DOUBLE_EQ(r.demand, 27);
  EXPECT_EQ(r.interval_trials, 2U);
  EXPECT_EQ(r.interval_inside, 1U);
  const std::string table = next_moves_backtest_markdown(r);
  EXPECT_NE(table.find("| **all periods** | | 1 | **66.7** | 33.3 | 66.7 | 66.7 | 100.0 | 1 of 2 inside | |"), std::string::npos)
      << table;

  o.units = 0;
  EXPECT_THROW((void)backtest_next_moves(in, points, coverage, sites, nullptr, o), Error);
}

// One unit: A busy in months 0–2, B in 3–5, A again from month 6 (C a little in 9–11). The
// unit goes A → B after month 5; after month 8 the forecast says A again, which it left three
// months before: the six-month no-return rule keeps it at B.
TEST(NextMovesBacktest, TheChainRemembersWhereUnitsLeft) {
  Incidents in;
  const MonthIndex m0 = make_month(2024, 1);
  const auto add = [&](double x, int month, int n) {
    for (int k = 0; k < n; ++k) {
      in.x.push_back(x);
      in.y.push_back(0);
      in.month.push_back(m0 + month);
      in.weight.push_back(1);
    }
  };
  for (int m = 0; m < 12; ++m) add(m >= 3 && m < 6 ? 1000 : 0, m, 3);
  for (int m = 9; m < 12; ++m) add(2000, m, 1);
  const WeightedPoints points = collapse_locations(in);
  ASSERT_EQ(points.size(), 3U);
  CoverageMatrix coverage;
  coverage.sites = 3;
  coverage.site_inside_obstacle = {0, 0, 0};
  for (std::uint32_t s = 0; s < 3; ++s) coverage.columns.push_back(CoverageColumn{s, 0, 360, 10, {s}, {1.0}});
  const std::vector<CameraSite> sites{{0, 0, 1, "A", {}, {}}, {1000, 0, 1, "B", {}, {}}, {2000, 0, 1, "C", {}, {}}};
  NextMovesBacktestOptions o;
  o.units = 1;
  o.demand.history_months = 3;
  o.demand.min_origins = 100;  // plain counts throughout
  NextMovesBacktest r = backtest_next_moves(in, points, coverage, sites, nullptr, o);
  ASSERT_EQ(r.periods.size(), 3U);
  EXPECT_EQ(r.periods[1].moves, 1);           // A → B after month 5
  EXPECT_DOUBLE_EQ(r.periods[1].policy, 0);   // and A is busy again
  EXPECT_EQ(r.periods[2].moves, 0);           // A was left in month 5: barred
  EXPECT_DOUBLE_EQ(r.periods[2].policy, 0);
  EXPECT_DOUBLE_EQ(r.periods[2].busiest, 9);  // months 6–8: A
  o.rules.no_return_months = 0;
  r = backtest_next_moves(in, points, coverage, sites, nullptr, o);
  EXPECT_EQ(r.periods[2].moves, 1);
  EXPECT_DOUBLE_EQ(r.periods[2].policy, 9);
}

}  // namespace
}  // namespace hotspot
