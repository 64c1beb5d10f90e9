#include "hotspot/analysis/rate_change.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

TEST(RateChange, ExactTestEqualsTwiceTheSmallerBinomialTail) {
  // Whole counts, φ = 1: the p-values are sums of binomial probabilities, here as exact
  // fractions (Python: 2 * min(P(X <= x), P(X >= x)) with math.comb).
  // 7 now against 3 before over 12 months each: 2 P(X >= 7 | Bin(10, 1/2)) = 2 (120+45+10+1)/1024.
  EXPECT_NEAR(poisson_rate_p_value(7, 12, 3, 12), 11.0 / 32.0, 1e-13);
  // 5 new against none: 2 (1/2)^5.
  EXPECT_NEAR(poisson_rate_p_value(5, 1, 0, 1), 1.0 / 16.0, 1e-14);
  EXPECT_NEAR(poisson_rate_p_value(0, 12, 6, 12), 1.0 / 32.0, 1e-14);
  // 10 against 20: R's poisson.test(c(10, 20)) gives 0.09874 (for p0 = 1/2 the central and
  // R's minimum-likelihood two-sided p-values agree).
  EXPECT_NEAR(poisson_rate_p_value(10, 1, 20, 1), 0.09873714670538902, 1e-13);
  // Unequal exposures: 15 in 9 months against 10 in 12, p0 = 9/21; and 3 in 6 months
  // against 9 in 12: exactly 139264/177147 (p0 = 1/3).
  EXPECT_NEAR(poisson_rate_p_value(15, 9, 10, 12), 0.12752826330610373, 1e-13);
  EXPECT_NEAR(poisson_rate_p_value(3, 6, 9, 12), 139264.0 / 177147.0, 1e-13);
  EXPECT_NEAR(poisson_rate_p_value(120, 12, 100, 12), 0.200092229028271, 1e-12);
  EXPECT_DOUBLE_EQ(poisson_rate_p_value(0, 12, 0, 12), 1.0);
  EXPECT_DOUBLE_EQ(poisson_rate_p_value(4, 12, 4, 12), 1.0);
}

TEST(RateChange, OverDispersionDividesTheCountsFirst) {
  // φ = 2 on 20 against 10 is the plain test on 10 against 5: 2 (3003+1365+455+105+15+1)/2^15.
  EXPECT_NEAR(poisson_rate_p_value(20, 1, 10, 1, 2.0), 309.0 / 1024.0, 1e-13);
  EXPECT_NEAR(poisson_rate_p_value(20, 1, 10, 1, 2.0), poisson_rate_p_value(10, 1, 5, 1), 1e-13);
  // Scaled counts that are not whole: the incomplete beta function, checked with mpmath
  // (betainc(x, n - x + 1, 0, p0, regularized=True), 30 digits).
  EXPECT_NEAR(poisson_rate_p_value(20, 1, 10, 1, 1.5), 0.20406619791573496, 1e-12);
  EXPECT_NEAR(poisson_rate_p_value(15, 9, 10, 12, 1.7), 0.2873475190604813, 1e-12);
  EXPECT_NEAR(poisson_rate_p_value(120, 12, 100, 12, 2.3), 0.431522143153424, 1e-12);
  EXPECT_NEAR(poisson_rate_p_value(3, 6, 0, 6, 1.25), 0.37892914162759952, 1e-12);
  // More dispersion, less evidence.
  EXPECT_LT(poisson_rate_p_value(20, 1, 10, 1, 1.0), poisson_rate_p_value(20, 1, 10, 1, 1.5));
  EXPECT_LT(poisson_rate_p_value(20, 1, 10, 1, 1.5), poisson_rate_p_value(20, 1, 10, 1, 2.0));
  EXPECT_THROW((void)poisson_rate_p_value(1, 1, 1, 1, 0.5), Error);
  EXPECT_THROW((void)poisson_rate_p_value(-1, 1, 1, 1), Error);
  EXPECT_THROW((void)poisson_rate_p_value(1, 0, 1, 1), Error);
}

TEST(RateChange, DispersionIsPearsonChiSquareOverResidualDegreesOfFreedom) {
  // Means 5 and 3: ((0-5)^2 + (10-5)^2) / 5 = 10, the second group adds 0; 6 counts, 2 means.
  Dispersion d = quasi_poisson_dispersion({{0, 10}, {3, 3, 3, 3}});
  EXPECT_DOUBLE_EQ(d.pearson_chi2, 10);
  EXPECT_EQ(d.observations, 6u);
  EXPECT_EQ(d.groups, 2u);
  EXPECT_DOUBLE_EQ(d.estimate, 2.5);
  EXPECT_DOUBLE_EQ(d.applied, 2.5);
  // Under-dispersed counts are not used to make the test bolder: φ applied is 1.
  // Means 4, 0, 5: (4 + 0 + 4) / 4 = 2 over 8 - 3 = 5 degrees of freedom.
  d = quasi_poisson_dispersion({{2, 4, 6}, {0, 0, 0}, {5, 5}});
  EXPECT_DOUBLE_EQ(d.estimate, 0.4);
  EXPECT_DOUBLE_EQ(d.applied, 1.0);
  // No degree of freedom: no estimate.
  d = quasi_poisson_dispersion({{3}, {4}, {}});
  EXPECT_TRUE(std::isnan(d.estimate));
  EXPECT_DOUBLE_EQ(d.applied, 1.0);
}

TEST(RateChange, OffenseDispersionIndexOnAHandExample) {
  // Changes +6, +4, -2, +1, 0: total +9. Undo +6 (3 left), then +4 (-1): 2 of 5 areas
  // contribute (ODI 0.4); the +1 area rose without being needed (NCDI 1/5).
  const std::vector<double> before{10, 5, 8, 3, 6}, now{16, 9, 6, 4, 6};
  OffenseDispersion o = offense_dispersion(before, now);
  EXPECT_TRUE(o.overall_increase);
  EXPECT_EQ(o.areas, 5u);
  EXPECT_EQ(o.increases, 3u);
  EXPECT_EQ(o.contributing, 2u);
  EXPECT_DOUBLE_EQ(o.odi, 0.4);
  EXPECT_DOUBLE_EQ(o.ncdi, 0.2);
  EXPECT_EQ(o.order, (std::vector<std::size_t>{0, 1}));
  // +3, +3, -1 needs both +3s (5 → 2 → -1); +4, +2, -2 needs one (4 → 0: exactly no increase).
  o = offense_dispersion(std::vector<double>{0, 0, 1}, std::vector<double>{3, 3, 0});
  EXPECT_EQ(o.contributing, 2u);
  EXPECT_EQ(o.order, (std::vector<std::size_t>{0, 1}));
  o = offense_dispersion(std::vector<double>{0, 0, 2}, std::vector<double>{4, 2, 0});
  EXPECT_EQ(o.contributing, 1u);
  // Ties go to the earlier area.
  o = offense_dispersion(std::vector<double>{0, 0, 0}, std::vector<double>{2, 2, 2});
  EXPECT_EQ(o.order, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(o.odi, 1.0);
  // No overall increase: nothing contributes; areas that rose anyway are non-contributory.
  o = offense_dispersion(std::vector<double>{5, 5}, std::vector<double>{7, 2});
  EXPECT_FALSE(o.overall_increase);
  EXPECT_EQ(o.contributing, 0u);
  EXPECT_DOUBLE_EQ(o.odi, 0.0);
  EXPECT_DOUBLE_EQ(o.ncdi, 0.5);
  EXPECT_THROW((void)offense_dispersion(std::vector<double>{1}, std::vector<double>{1, 2}), Error);
}

}  // namespace
}  // namespace hotspot
