#include "hotspot/qgis/class_breaks.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/qgis/standard_styles.hpp"

namespace hotspot::qgis {
namespace {

// Within-class sum of squared deviations of sorted values cut after the given upper bounds.
double total_sse(const std::vector<double>& sorted, const std::vector<double>& breaks) {
  double total = 0;
  std::size_t i = 0;
  for (const double upper : breaks) {
    std::vector<double> group;
    while (i < sorted.size() && sorted[i] <= upper) group.push_back(sorted[i++]);
    double mean = 0;
    for (const double v : group) mean += v;
    mean /= static_cast<double>(group.size());
    for (const double v : group) total += (v - mean) * (v - mean);
  }
  return total;
}

// Every way to cut between distinct values into k groups: the least sum of squares of `all`
// (sorted, repeats included).
double brute_force_best(const std::vector<double>& all, const std::vector<double>& distinct, std::size_t k) {
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> breaks;
  const std::function<void(std::size_t)> cut = [&](std::size_t from) {
    if (breaks.size() == k - 1) {
      breaks.push_back(distinct.back());
      best = std::min(best, total_sse(all, breaks));
      breaks.pop_back();
      return;
    }
    for (std::size_t end = from; end + (k - 1 - breaks.size()) < distinct.size(); ++end) {
      breaks.push_back(distinct[end]);
      cut(end + 1);
      breaks.pop_back();
    }
  };
  cut(0);
  return best;
}

TEST(ClassBreaks, NaturalBreaksAreTheBestSplitFoundByBruteForce) {
  std::mt19937 random(7);
  std::lognormal_distribution<double> rate(2.0, 0.8);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<double> values(5 + static_cast<std::size_t>(trial % 8));
    for (double& v : values) v = std::round(rate(random) * 10) / 10;
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (std::size_t k = 1; k <= 5 && k <= sorted.size(); ++k) {
      const std::vector<double> breaks = natural_breaks(values, k);
      ASSERT_EQ(breaks.size(), k);
      EXPECT_EQ(breaks.back(), sorted.back());
      EXPECT_TRUE(std::is_sorted(breaks.begin(), breaks.end()));
      std::vector<double> all = values;
      std::sort(all.begin(), all.end());
      // Repeated values weigh as often as they occur.
      const double best = brute_force_best(all, sorted, k);
      EXPECT_NEAR(total_sse(all, breaks), best, 1e-9 * (1 + best)) << "trial " << trial << " k " << k;
    }
  }
  // Distinct values only: the same oracle without repeats.
  const std::vector<double> distinct{1, 2, 4, 7, 11, 16, 22, 29};
  EXPECT_NEAR(total_sse(distinct, natural_breaks(distinct, 3)), brute_force_best(distinct, distinct, 3), 1e-12);
}

TEST(ClassBreaks, ObviousGroupsAndEdgeCases) {
  const std::vector<double> values{1, 2, 3, 10, 11, 12, 30, 31, std::nan(""), std::numeric_limits<double>::infinity()};
  EXPECT_EQ(natural_breaks(values, 3), (std::vector<double>{3, 12, 31}));
  EXPECT_EQ(natural_breaks(values, 1), (std::vector<double>{31}));
  EXPECT_EQ(natural_breaks(std::vector<double>{5, 5, 5}, 4), (std::vector<double>{5}));  // one distinct value
  EXPECT_TRUE(natural_breaks(std::vector<double>{}, 3).empty());
  // Quantiles (R: quantile(c(1,2,3,4,5,6,7,8,9,10), c(.25,.5,.75,1)) = 3.25 5.5 7.75 10).
  const std::vector<double> ten{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_EQ(quantile_breaks(ten, 4), (std::vector<double>{3.25, 5.5, 7.75, 10}));
  EXPECT_EQ(quantile_breaks(std::vector<double>{2, 2, 2, 9}, 4), (std::vector<double>{2, 3.75, 9}));
}

TEST(ClassBreaks, RateStyleClassesCoverEveryValueAndChangeClassesAreSymmetric) {
  const std::vector<double> rates{1, 2, 3, 10, 11, 12, 30, 31, std::nan("")};
  const LayerStyle style = rate_style("area_rates", "per_km2", rates, 3, "a year per km²");
  EXPECT_EQ(style.renderer, Renderer::graduated);
  ASSERT_EQ(style.classes.size(), 3u);
  EXPECT_DOUBLE_EQ(style.classes[0].lower, 1);  // QGIS: the first class includes its lower bound
  EXPECT_DOUBLE_EQ(style.classes[0].upper, 3);
  EXPECT_DOUBLE_EQ(style.classes[1].lower, 3);
  EXPECT_DOUBLE_EQ(style.classes[2].upper, 31);
  EXPECT_EQ(style.classes[1].label, "3 – 12 a year per km²");
  EXPECT_THROW((void)rate_style("x", "f", std::vector<double>{std::nan("")}), Error);

  EXPECT_EQ(change_class(10, 10, 0), "about the same (within 5%)");
  EXPECT_EQ(change_class(100, 104.9, 4.9), "about the same (within 5%)");
  EXPECT_EQ(change_class(100, 95, -5), "down 5% to 20%");  // a bound goes away from 0
  EXPECT_EQ(change_class(100, 105, 5), "up 5% to 20%");
  EXPECT_EQ(change_class(100, 80, -20), "down 20% to 50%");
  EXPECT_EQ(change_class(100, 120, 20), "up 20% to 50%");
  EXPECT_EQ(change_class(100, 50, -50), "down 50% or more");
  EXPECT_EQ(change_class(100, 150, 50), "up 50% or more");
  EXPECT_EQ(change_class(0, 3, std::nan("")), "new (none before)");
  EXPECT_EQ(change_class(0, 0, std::nan("")), "none in either period");
  const LayerStyle change = change_style("area_change");
  ASSERT_EQ(change.classes.size(), change_class_labels().size());
  // Colours mirror about "about the same": the same lightness step on each side.
  for (std::size_t i = 0; i < 3; ++i) {
    const Colour down = change.classes[i].colour, up = change.classes[6 - i].colour;
    EXPECT_GT(down.b, down.r) << i;  // blues for falls
    EXPECT_GT(up.r, up.b) << i;      // reds for rises
  }
  EXPECT_EQ(change.classes[8].colour.a, 0);  // nothing in either period: no fill
}

}  // namespace
}  // namespace hotspot::qgis
