#include "hotspot/significance/multiple_testing.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace hotspot::significance {
namespace {

// Benjamini & Hochberg (1995), section 4.1: 15 p-values from a study of myocardial infarction
// treatment. At q = 0.05 the BH procedure rejects the four smallest; Bonferroni the three
// smallest (p <= 0.05/15).
const std::vector<double> kBH1995{0.0201, 0.7590, 0.0001, 0.0298, 0.0004, 0.0459, 0.0019, 0.3240,
                                  0.0095, 0.4262, 0.0278, 0.5719, 0.0344, 0.6528, 1.0000};

TEST(MultipleTesting, BenjaminiHochbergTextbookExample) {
  const std::vector<double> q = benjamini_hochberg(kBH1995);
  int rejected = 0;
  for (double v : q) rejected += v <= 0.05 ? 1 : 0;
  EXPECT_EQ(rejected, 4);
  // Hand values: q_(i) = min_{j >= i} p_(j) 15 / j.
  EXPECT_NEAR(q[2], 0.0001 * 15 / 1, 1e-15);   // 0.0015
  EXPECT_NEAR(q[4], 0.0004 * 15 / 2, 1e-15);   // 0.003
  EXPECT_NEAR(q[6], 0.0019 * 15 / 3, 1e-15);   // 0.0095
  EXPECT_NEAR(q[8], 0.0095 * 15 / 4, 1e-15);   // 0.035625
  EXPECT_NEAR(q[0], 0.0603, 1e-12);            // 0.0201 * 15 / 5
  EXPECT_NEAR(q[10], 0.0298 * 15 / 7, 1e-12);  // p = 0.0278 (6th): the 7th gives the minimum
  EXPECT_NEAR(q[5], 0.0765, 1e-12);
  EXPECT_NEAR(q[1], 0.7590 * 15 / 14, 1e-12);
  EXPECT_DOUBLE_EQ(q[14], 1.0);
}

TEST(MultipleTesting, BonferroniTextbookExample) {
  const std::vector<double> q = bonferroni(kBH1995);
  int rejected = 0;
  for (double v : q) rejected += v <= 0.05 ? 1 : 0;
  EXPECT_EQ(rejected, 3);
  EXPECT_NEAR(q[6], 0.0285, 1e-15);
  EXPECT_DOUBLE_EQ(q[1], 1.0);
}

TEST(MultipleTesting, NaNIsSkippedAndNotCounted) {
  const std::vector<double> p{0.01, std::nan(""), 0.04};
  const auto q = benjamini_hochberg(p);
  EXPECT_TRUE(std::isnan(q[1]));
  EXPECT_DOUBLE_EQ(q[0], 0.02);
  EXPECT_DOUBLE_EQ(q[2], 0.04);
  EXPECT_DOUBLE_EQ(bonferroni(p)[2], 0.08);
}

TEST(MultipleTesting, BinsAndTwoSidedP) {
  EXPECT_NEAR(two_sided_p(1.959963984540054), 0.05, 1e-15);
  EXPECT_NEAR(two_sided_p(-2.5758293035489), 0.01, 1e-14);
  EXPECT_EQ(confidence_bin(3.0, 0.005), 3);
  EXPECT_EQ(confidence_bin(-2.0, 0.04), -2);
  EXPECT_EQ(confidence_bin(1.7, 0.09), 1);
  EXPECT_EQ(confidence_bin(1.0, 0.3), 0);
  EXPECT_EQ(confidence_bin(std::nan(""), 0.001), 0);
}

}  // namespace
}  // namespace hotspot::significance

namespace hotspot::significance {
namespace {

TEST(MultipleTesting, BenjaminiHochbergMatchesDirectDefinitionOnManyTies) {
  std::vector<double> p;
  for (int i = 0; i < 5000; ++i) p.push_back(((i * 7919) % 1000) / 1000.0 + (i % 3 == 0 ? 0.0 : 1e-6 * (i % 17)));
  const auto q = benjamini_hochberg(p);
  std::vector<double> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  const double m = static_cast<double>(p.size());
  std::vector<double> suffix_min(p.size() + 1, 1.0);
  for (std::size_t j = p.size(); j-- > 0;) suffix_min[j] = std::min(suffix_min[j + 1], sorted[j] * m / static_cast<double>(j + 1));
  for (std::size_t i = 0; i < p.size(); ++i) {
    // Rank of p[i]: with ties any tied rank gives the same q (the suffix minimum covers them).
    const auto rank = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), p[i]) - sorted.begin()) - 1;
    ASSERT_DOUBLE_EQ(q[i], suffix_min[rank]) << i;
  }
}

}  // namespace
}  // namespace hotspot::significance

namespace hotspot::significance {
namespace {

TEST(MultipleTesting, LargeInputsUseTheParallelRankingAndStayExact) {
  // 300,000 p-values (several radix blocks), many ties and some NaN.
  std::vector<double> p;
  for (std::size_t i = 0; i < 300000; ++i) {
    p.push_back(i % 97 == 0 ? std::nan("") : static_cast<double>((i * 2654435761u) % 100003) / 100003.0);
  }
  const auto q = benjamini_hochberg(p);
  std::vector<double> sorted;
  for (double v : p) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  const double m = static_cast<double>(sorted.size());
  std::vector<double> suffix_min(sorted.size() + 1, 1.0);
  for (std::size_t j = sorted.size(); j-- > 0;) suffix_min[j] = std::min(suffix_min[j + 1], sorted[j] * m / static_cast<double>(j + 1));
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) {
      ASSERT_TRUE(std::isnan(q[i]));
      continue;
    }
    const auto rank = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), p[i]) - sorted.begin()) - 1;
    ASSERT_DOUBLE_EQ(q[i], suffix_min[rank]) << i;
  }
}

}  // namespace
}  // namespace hotspot::significance
