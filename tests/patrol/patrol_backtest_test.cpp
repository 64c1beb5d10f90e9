#include "hotspot/patrol/patrol_backtest.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "hotspot/pipeline/prepare.hpp"
#include "patrol/patrol_fixtures.hpp"

namespace hotspot::patrol {
namespace {

using hotspot::testing::add_incident;

TEST(PatrolBacktest, SteadyPlacesBeatLastMonthsSpikeByHand) {
  // Cell A: 3 incidents every month. Cell B: 4 incidents in each odd month only.
  // Cell C: 1 incident every month. Selection: the single top place by stable harm.
  Incidents in;
  for (int m = 1; m <= 6; ++m) {
    for (int k = 0; k < 3; ++k) add_incident(in, 50, 50, make_month(2018, m));
    if (m % 2 == 1) {
      for (int k = 0; k < 4; ++k) add_incident(in, 550, 50, make_month(2018, m));
    }
    add_incident(in, 950, 950, make_month(2018, m));
  }
  BacktestOptions options;
  options.selection.count = 1;
  options.min_history_months = 2;
  const BacktestResult r = backtest_patrol(in, options);
  // Steps t = Feb..May (Jan has 1 month of history, Jun has no next month).
  ASSERT_EQ(r.months.size(), 4u);
  for (const auto& m : r.months) {
    const bool next_odd = (month_of(m.month) + 1) % 2 == 1;
    const double next = next_odd ? 8.0 : 4.0;
    EXPECT_DOUBLE_EQ(m.next_weight, next);
    EXPECT_DOUBLE_EQ(m.share, 3.0 / next);  // A is always chosen
    // Baseline: last month's top cell is B after an odd month (4 > 3), which is empty in the
    // following even month; A after an even month.
    const bool this_odd = month_of(m.month) % 2 == 1;
    EXPECT_DOUBLE_EQ(m.baseline_share, this_odd ? 0.0 : 3.0 / next) << format_month(m.month);
  }
  EXPECT_DOUBLE_EQ(r.pooled_share, (3.0 * 4) / (8 + 4 + 8 + 4));
}

// The CSV names the month's weight as what it is: incidents when counted (the default), harm
// or a field's values when weighted (--weight); it used to say "harm" whatever the weighting.
TEST(PatrolBacktest, CsvGivesTheWeightOfTheNextMonth) {
  BacktestResult r;
  r.months.push_back({make_month(2025, 3), 223, 8424.0, 0.2098, 0.1865});
  EXPECT_EQ(backtest_csv(r),
            "month,places,next_month_weight,patrol_share,baseline_share\n"
            "2025-03,223,8424.00,0.2098,0.1865\n");
}

TEST(PatrolBacktest, SampleYearAgainstAnIndependentRecount) {
  PrepareOptions prepare;
  prepare.read.inputs = {std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk"};
  prepare.weight = WeightMode::harm;
  const PreparedIncidents prepared = prepare_incidents(prepare);
  const Incidents& in = prepared.incidents;
  BacktestOptions options;
  const BacktestResult r = backtest_patrol(in, options);
  ASSERT_EQ(r.months.size(), 9u);  // t = 2018-03 .. 2018-11
  for (const auto& m : r.months) {
    EXPECT_GT(m.share, 0);
    EXPECT_LE(m.share, 1);
    EXPECT_GE(m.baseline_share, 0);
  }
  // Recount one step without the library's aggregation: harm per cell from raw rows.
  const BacktestMonth& step = r.months[4];  // t = 2018-07
  ASSERT_EQ(step.month, make_month(2018, 7));
  std::map<std::pair<long, long>, double> window, next;
  double total = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::pair<long, long> cell{static_cast<long>(std::floor(in.x[i] / 100)), static_cast<long>(std::floor(in.y[i] / 100))};
    if (in.month[i] <= step.month && in.month[i] > step.month - 12) {
      window[cell] += in.weight[i];
      total += in.weight[i];
    }
    if (in.month[i] == step.month + 1) next[cell] += in.weight[i];
  }
  // The fewest cells reaching 25% of harm are the largest; ties at the margin do not arise here.
  std::vector<std::pair<double, std::pair<long, long>>> by_harm;
  for (const auto& [cell, harm] : window) by_harm.emplace_back(-harm, cell);
  std::sort(by_harm.begin(), by_harm.end());
  double sum = 0;
  std::set<std::pair<long, long>> chosen;
  for (const auto& [neg, cell] : by_harm) {
    if (sum >= 0.25 * total * (1 - 1e-12)) break;
    sum -= neg;
    chosen.insert(cell);
  }
  EXPECT_EQ(step.places, chosen.size());
  double captured = 0, all = 0;
  for (const auto& [cell, harm] : next) {
    all += harm;
    if (chosen.count(cell)) captured += harm;
  }
  EXPECT_NEAR(step.next_weight, all, 1e-6 * all);
  EXPECT_NEAR(step.share, captured / all, 1e-9);
}

}  // namespace
}  // namespace hotspot::patrol
