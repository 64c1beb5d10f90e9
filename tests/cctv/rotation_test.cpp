#include "hotspot/cctv/rotation.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

// Two places, one camera site each; demand moves between them month by month.
TEST(Rotation, BacktestAgainstHandCountedShares) {
  Incidents in;
  const MonthIndex m0 = make_month(2024, 1);
  auto add = [&](double x, MonthIndex m, int n) {
    for (int k = 0; k < n; ++k) {
      in.x.push_back(x);
      in.y.push_back(0);
      in.month.push_back(m);
      in.weight.push_back(1);
    }
  };
  add(0, m0, 3);        // month 0: place A
  add(100, m0 + 1, 2);  // month 1: place B
  add(100, m0 + 2, 2);  // month 2: place B
  add(0, m0 + 3, 1);    // month 3: place A
  const WeightedPoints points = collapse_locations(in);
  ASSERT_EQ(points.size(), 2U);
  CoverageMatrix coverage;
  coverage.sites = 2;
  coverage.site_inside_obstacle = {0, 0};
  coverage.columns = {CoverageColumn{0, 0, 360, 10, {0}, {1.0}}, CoverageColumn{1, 0, 360, 10, {1}, {1.0}}};
  const std::vector<CameraSite> sites{{0, 0, 1, "A", {}, {}}, {100, 0, 1, "B", {}, {}}};
  const CoverageMatrix fixed;
  RotationOptions o;
  o.units = 1;
  o.period_months = 1;
  o.min_history_months = 1;
  o.max_history_months = 1;
  const RotationResult r = backtest_rotation(in, points, coverage, sites, fixed, o);
  ASSERT_EQ(r.periods.size(), 3U);
  // Period month 1: history month 0 says A, but B happens.
  EXPECT_EQ(r.periods[0].plan[0].site, 0U);
  EXPECT_DOUBLE_EQ(r.periods[0].planned_share, 0);
  EXPECT_DOUBLE_EQ(r.periods[0].hindsight_share, 1);
  // Month 2: history month 1 says B, and B happens; staying at A misses it.
  EXPECT_EQ(r.periods[1].plan[0].site, 1U);
  EXPECT_DOUBLE_EQ(r.periods[1].planned_share, 1);
  EXPECT_DOUBLE_EQ(r.periods[1].stay_share, 0);
  EXPECT_DOUBLE_EQ(r.periods[1].peaks_share, 1);
  // Month 3: history says B, A happens; staying at A wins.
  EXPECT_DOUBLE_EQ(r.periods[2].planned_share, 0);
  EXPECT_DOUBLE_EQ(r.periods[2].stay_share, 1);
  EXPECT_NEAR(r.planned_mean, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r.stay_mean, 1.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r.hindsight_mean, 1);
  for (const auto& p : r.periods) EXPECT_DOUBLE_EQ(p.demand, p.start == m0 + 3 ? 1 : 2);

  o.min_history_months = 5;
  EXPECT_THROW((void)backtest_rotation(in, points, coverage, sites, fixed, o), Error);
}

}  // namespace
}  // namespace hotspot
