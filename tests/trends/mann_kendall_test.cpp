#include "hotspot/trends/mann_kendall.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace hotspot::trends {
namespace {

TEST(MannKendall, HandComputedSeries) {
  // 1..10: S = 45, Var = 10*9*25/18 = 125, Z = 44/sqrt(125) = 3.9355, tau 1.
  std::vector<double> up;
  for (int i = 1; i <= 10; ++i) up.push_back(i);
  const MannKendall a = mann_kendall(up);
  EXPECT_EQ(a.s, 45);
  EXPECT_DOUBLE_EQ(a.variance, 125.0);
  EXPECT_NEAR(a.z, 44.0 / std::sqrt(125.0), 1e-14);
  EXPECT_DOUBLE_EQ(a.tau, 1.0);
  // 1,2,2,3: five concordant pairs, one tie: S = 5; Var = (4*3*13 - 2*1*9)/18 = 138/18.
  const MannKendall b = mann_kendall(std::vector<double>{1, 2, 2, 3});
  EXPECT_EQ(b.s, 5);
  EXPECT_NEAR(b.variance, 138.0 / 18.0, 1e-14);
  EXPECT_NEAR(b.z, 4.0 / std::sqrt(138.0 / 18.0), 1e-14);
  // Decreasing: sign flips, continuity moves towards 0.
  const MannKendall c = mann_kendall(std::vector<double>{3, 2, 2, 1});
  EXPECT_EQ(c.s, -5);
  EXPECT_NEAR(c.z, -4.0 / std::sqrt(138.0 / 18.0), 1e-14);
  // Constant: all tied, no variance, no trend.
  const MannKendall d = mann_kendall(std::vector<double>{2, 2, 2, 2, 2});
  EXPECT_EQ(d.s, 0);
  EXPECT_EQ(d.p, 1.0);
  EXPECT_EQ(mann_kendall(std::vector<double>{1, 2}).p, 1.0);
}

TEST(MannKendall, MatchesRKendallCorrelationTest) {
  // R 4.2.2: cor.test(x, seq_along(x), method = "kendall", exact = FALSE, continuity = TRUE)
  // gives the tie-corrected Mann-Kendall z (statistic), its two-sided p and tau-b.
  struct Case {
    std::vector<double> x;
    double z, p, tau;
  };
  const std::vector<Case> cases{
      {{1, 2, 2, 3}, 1.44463023702923, 0.148561774891869, 0.912870929175277},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3.93547964039963, 8.30307033264498e-05, 1},
      {{5, 3, 4, 4, 2, 6, 1, 1, 1, 0, 2, 3}, -1.74183253572904, 0.0815377517339361, -0.413167122006423},
      {{-1.2, 0.3, 0.3, 2.5, 1.1, 1.1, 1.1, 3.0, 2.2, 4.0, 4.0, 3.9}, 3.19722101554181, 0.00138758563934529,
       0.740731771210253},
      {{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3}, 2.14227336725624, 0.0321714906635013, 0.417786374293675}};
  for (const Case& c : cases) {
    const MannKendall r = mann_kendall(c.x);
    EXPECT_NEAR(r.z, c.z, 1e-12);
    EXPECT_NEAR(r.p, c.p, 1e-12);
    EXPECT_NEAR(r.tau, c.tau, 1e-12);
  }
}

TEST(MannKendall, NaNIsDropped) {
  const MannKendall r = mann_kendall(std::vector<double>{1, std::nan(""), 2, 2, 3});
  EXPECT_EQ(r.n, 4);
  EXPECT_EQ(r.s, 5);
}

}  // namespace
}  // namespace hotspot::trends
