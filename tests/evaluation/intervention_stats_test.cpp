#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/evaluation/intervention_stats.hpp"

namespace hotspot::evaluation::stats_test {
namespace {

// --- WDD --------------------------------------------------------------------------------

// The worked example of Wheeler & Ratcliffe (2018, Crime Science 7:11): treated 207 → 110,
// control 308 → 318, displacement 178 → 157, displacement control 150 → 140; the paper gives
// WDD = −118, variance 1568 (SE 39.6), z = −2.98 and a 95% interval of −196 to −40. The same
// numbers are the expected values of R ptools' own test "Est & Variance Paper"
// (apwheele/ptools, tests/testthat/test-wdd.R).
TEST(InterventionWdd, ReproducesThePapersWorkedExample) {
  WddInput in;
  in.treatment = {207, 110};
  in.control = {308, 318};
  in.displacement = {178, 157};
  in.displacement_control = {150, 140};
  const WddResult r = wdd(in, 0.95);
  EXPECT_DOUBLE_EQ(r.total, -118.0);
  EXPECT_DOUBLE_EQ(r.total_se, std::sqrt(1568.0));
  EXPECT_DOUBLE_EQ(std::round(r.z * 100) / 100, -2.98);
  EXPECT_DOUBLE_EQ(std::round(r.low), -196.0);
  EXPECT_DOUBLE_EQ(std::round(r.high), -40.0);
  // By hand: local (110 − 207) − (318 − 308) = −107 with variance 207 + 110 + 308 + 318 = 943;
  // displacement (157 − 178) − (140 − 150) = −11 with variance 178 + 157 + 150 + 140 = 625.
  EXPECT_DOUBLE_EQ(r.local, -107.0);
  EXPECT_DOUBLE_EQ(r.local_se, std::sqrt(943.0));
  EXPECT_DOUBLE_EQ(r.displacement, -11.0);
  EXPECT_DOUBLE_EQ(r.displacement_se, 25.0);
  EXPECT_NEAR(r.p_value, std::erfc(118.0 / std::sqrt(1568.0) / std::sqrt(2.0)), 1e-15);
}

// ptools' weighted forms (tests/testthat/test-wdd.R): different pre/post lengths ("Time
// Weights", from andrewpwheeler.com 2021-01-09: estimate −20, variance 20 + 80/4 + 50 + 100/4 =
// 115) and areas of different sizes ("Area Weights", 2021-02-23).
TEST(InterventionWdd, ReproducesPtoolsTimeAndAreaWeights) {
  WddInput time;
  time.control = {100, 50};
  time.treatment = {80, 20};
  time.before_weight = 2;
  const WddResult t = wdd(time, 0.95);
  EXPECT_DOUBLE_EQ(t.total, -20.0);
  EXPECT_DOUBLE_EQ(t.total_se, std::sqrt(115.0));

  WddInput area;
  area.control = {308, 318};
  area.treatment = {207, 110};
  area.displacement_control = {150, 140};
  area.displacement = {178, 157};
  area.control_weight = 0.9;
  area.treatment_weight = 1.2;
  area.displacement_control_weight = 1.6;
  area.displacement_weight = 1.5;
  const WddResult a = wdd(area, 0.95);
  EXPECT_NEAR(a.total, -99.69444444, 1e-7);
  EXPECT_NEAR(a.total_se, 35.4280755, 1e-6);
  EXPECT_NEAR(a.z, -2.813995483, 1e-8);
  EXPECT_NEAR(a.low, -169.1321965, 1e-6);
  EXPECT_NEAR(a.high, -30.25669241, 1e-6);

  WddInput simple;  // ptools' "Local -10": wdd(c(20,20), c(20,10))
  simple.control = {20, 20};
  simple.treatment = {20, 10};
  EXPECT_DOUBLE_EQ(wdd(simple).local, -10.0);
}

// One control for both the treated area and the buffer (the evaluation's design): its counts
// enter both differences, so its variance carries (1/w_c + 1/w_cd)², not 1/w_c² + 1/w_cd².
TEST(InterventionWdd, SharedControlCountsTheControlOnce) {
  WddInput in;
  in.treatment = {20, 10};
  in.displacement = {30, 36};
  in.control = {200, 180};
  in.control_weight = 10;              // the control at the treated area's level
  in.displacement_control_weight = 5;  // ... and at the buffer's
  in.shared_control = true;
  const WddResult r = wdd(in);
  // local (10 − 20) − (18 − 20) = −8; displacement (36 − 30) − (36 − 40) = 10; total 2.
  EXPECT_DOUBLE_EQ(r.local, -8.0);
  EXPECT_DOUBLE_EQ(r.displacement, 10.0);
  EXPECT_DOUBLE_EQ(r.total, 2.0);
  // 10 + 20 + 36 + 30 + (180 + 200)·(1/10 + 1/5)² = 96 + 34.2 = 130.2
  EXPECT_NEAR(r.total_se * r.total_se, 130.2, 1e-9);
  in.shared_control = false;
  in.displacement_control = in.control;
  // independent areas: 96 + 380/100 + 380/25 = 115
  EXPECT_NEAR(wdd(in).total_se * wdd(in).total_se, 115.0, 1e-9);
}

TEST(InterventionWdd, DispersionMultipliesTheVariance) {
  WddInput in;
  in.treatment = {40, 20};
  in.control = {40, 40};
  in.treatment_dispersion = 3;
  in.control_dispersion = 2;
  // 3·(40 + 20) + 2·(40 + 40) = 340
  EXPECT_NEAR(wdd(in).total_se * wdd(in).total_se, 340.0, 1e-9);
}

TEST(InterventionWdd, RefusesBadInput) {
  WddInput in;
  in.treatment = {-1, 2};
  EXPECT_THROW((void)wdd(in), Error);
  in.treatment = {1, 2};
  in.before_weight = 0;
  EXPECT_THROW((void)wdd(in), Error);
  in.before_weight = 1;
  EXPECT_THROW((void)wdd(in, 1.0), Error);
  // All zeros is no error and no division by zero: no change, no evidence.
  const WddResult zero = wdd(WddInput{});
  EXPECT_EQ(zero.total, 0.0);
  EXPECT_EQ(zero.z, 0.0);
  EXPECT_EQ(zero.p_value, 1.0);
}

// --- Odds ratio ---------------------------------------------------------------------------

// By hand: treatment 50 → 30, control 1000 → 950. OR = (50·950)/(30·1000) = 1.58333;
// log OR = 0.459532; Poisson SE = sqrt(1/50 + 1/30 + 1/1000 + 1/950) = 0.235342; 95% interval
// exp(0.459532 ± 1.959964·0.235342) = 0.998272 to 2.511285: just not significant.
TEST(InterventionOddsRatio, HandWorkedPoisson) {
  const OddsRatioResult r = odds_ratio({{50, 30}, {1000, 950}, 1, 1});
  EXPECT_NEAR(r.odds_ratio, 1.5833333333, 1e-9);
  EXPECT_NEAR(r.log_odds_ratio, 0.4595323294, 1e-9);
  EXPECT_NEAR(r.se_poisson, 0.2353422293, 1e-9);
  EXPECT_DOUBLE_EQ(r.se, r.se_poisson);
  EXPECT_NEAR(r.low, 0.9982715313, 1e-9);
  EXPECT_NEAR(r.high, 2.5112851220, 1e-9);
  EXPECT_FALSE(r.significant);
  EXPECT_FALSE(r.continuity_corrected);
  // 1/OR − 1 = (30/50)/(950/1000) − 1 = −0.368421: 37% fewer than the control's trend predicts.
  EXPECT_NEAR(r.relative_change, 0.6 / 0.95 - 1, 1e-12);
  EXPECT_NEAR(r.relative_change_low, 1 / 2.5112851220 - 1, 1e-9);
  EXPECT_NEAR(r.relative_change_high, 1 / 0.9982715313 - 1, 1e-9);
}

// With over-dispersion 2 in the treatment area and 1.5 in the control: SE =
// sqrt(2·(1/50 + 1/30) + 1.5·(1/1000 + 1/950)) = 0.331279; interval 0.827156 to 3.030800.
TEST(InterventionOddsRatio, HandWorkedOverDispersed) {
  const OddsRatioResult r = odds_ratio({{50, 30}, {1000, 950}, 2, 1.5});
  EXPECT_NEAR(r.se, 0.3312787558, 1e-9);
  EXPECT_NEAR(r.low, 0.8271558903, 1e-9);
  EXPECT_NEAR(r.high, 3.0308004500, 1e-9);
  EXPECT_NEAR(r.z, 1.3871469913, 1e-9);
  // Local variation τ² = 0.05 adds to the variance of the log odds ratio: sqrt(0.109745 + 0.05).
  OddsRatioInput local{{50, 30}, {1000, 950}, 2, 1.5};
  local.extra_variance = 0.05;
  EXPECT_NEAR(odds_ratio(local).se, std::sqrt(0.3312787558 * 0.3312787558 + 0.05), 1e-9);
}

// A zero cell: 0.5 is added to every cell (4.5, 0.5, 100.5, 100.5): OR = 9, SE =
// sqrt(1/4.5 + 2 + 2/100.5) = 1.497372; finite, flagged, never a division by zero.
TEST(InterventionOddsRatio, ZeroCellIsCorrectedNotDivided) {
  const OddsRatioResult r = odds_ratio({{4, 0}, {100, 100}, 1, 1});
  EXPECT_TRUE(r.continuity_corrected);
  EXPECT_NEAR(r.odds_ratio, 9.0, 1e-12);
  EXPECT_NEAR(r.se, 1.4973719377, 1e-9);
  EXPECT_TRUE(std::isfinite(r.low) && std::isfinite(r.high));
  const OddsRatioResult all_zero = odds_ratio({{0, 0}, {0, 0}, 1, 1});
  EXPECT_DOUBLE_EQ(all_zero.odds_ratio, 1.0);
  EXPECT_FALSE(all_zero.significant);
}

TEST(InterventionOddsRatio, RefusesBadInput) {
  EXPECT_THROW((void)odds_ratio({{-1, 3}, {4, 5}, 1, 1}), Error);
  EXPECT_THROW((void)odds_ratio({{1, 3}, {4, 5}, 0, 1}), Error);
  EXPECT_THROW((void)odds_ratio({{1, 3}, {4, std::nan("")}, 1, 1}), Error);
}

// --- Dispersion -----------------------------------------------------------------------------

// By hand: {2, 4, 6} (mean 4): (4 + 0 + 4)/4 = 2 over 2 df; {0, 0, 0} has no mean and is
// skipped; {5, 5}: 0 over 1 df. Pooled 2/3 = 0.667, never deflating: value 1.
// {0, 10} (mean 5): (25 + 25)/5 = 10 over 1 df.
TEST(InterventionDispersion, PooledPearsonRatio) {
  const std::vector<std::vector<double>> calm{{2, 4, 6}, {0, 0, 0}, {5, 5}};
  const Dispersion d = monthly_dispersion(calm);
  EXPECT_NEAR(d.estimate, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(d.degrees_of_freedom, 3);
  EXPECT_EQ(d.value, 1.0);
  const std::vector<std::vector<double>> lumpy{{0, 10}};
  EXPECT_NEAR(monthly_dispersion(lumpy).value, 10.0, 1e-12);
  const std::vector<std::vector<double>> nothing{{3}};
  EXPECT_EQ(monthly_dispersion(nothing).degrees_of_freedom, 0);
  EXPECT_EQ(monthly_dispersion(nothing).value, 1.0);
}

// --- WDQ ---------------------------------------------------------------------------------------

// By hand: response 40 → 20, buffer 60 → 50, control 1000 → 1000. Success measure
// 20/1000 − 40/1000 = −0.02; buffer measure 50/1000 − 60/1000 = −0.01; WDQ = 0.5 (diffusion
// of benefits); total net effect (40·1 − 20) + (60·1 − 50) = 30.
TEST(InterventionWdq, HandWorkedDiffusion) {
  const WdqResult r = wdq({40, 20}, {60, 50}, {1000, 1000});
  ASSERT_TRUE(r.wdq.has_value());
  EXPECT_NEAR(*r.success_measure, -0.02, 1e-15);
  EXPECT_NEAR(*r.buffer_measure, -0.01, 1e-15);
  EXPECT_NEAR(*r.wdq, 0.5, 1e-12);
  EXPECT_NEAR(*r.total_net_effect, 30.0, 1e-12);
  EXPECT_EQ(r.reading, "diffusion of benefits");
}

// Buffer 60 → 70 with the control falling 1000 → 800: S = 20/800 − 40/1000 = −0.015,
// B = 70/800 − 60/1000 = 0.0275, WDQ = −1.8333 (displacement larger than the direct effect);
// net effects: 40·0.8 − 20 = 12 prevented, 60·0.8 − 70 = −22 displaced, total −10.
TEST(InterventionWdq, HandWorkedDisplacement) {
  const WdqResult r = wdq({40, 20}, {60, 70}, {1000, 800});
  ASSERT_TRUE(r.wdq.has_value());
  EXPECT_NEAR(*r.wdq, -0.0275 / 0.015, 1e-12);
  EXPECT_NEAR(*r.treatment_net_effect, 12.0, 1e-12);
  EXPECT_NEAR(*r.buffer_net_effect, -22.0, 1e-12);
  EXPECT_NEAR(*r.total_net_effect, -10.0, 1e-12);
  EXPECT_EQ(r.reading, "displacement larger than the direct effect (a net loss)");
}

TEST(InterventionWdq, NoQuotientWithoutAnImprovementOrAControl) {
  const WdqResult worse = wdq({20, 40}, {60, 70}, {1000, 1000});
  EXPECT_FALSE(worse.wdq.has_value());
  EXPECT_TRUE(worse.total_net_effect.has_value());
  EXPECT_NE(worse.reading.find("did not improve"), std::string::npos);
  const WdqResult empty = wdq({20, 10}, {6, 7}, {0, 10});
  EXPECT_FALSE(empty.success_measure.has_value());
  EXPECT_FALSE(empty.total_net_effect.has_value());
}

// --- Random-effects pooling -----------------------------------------------------------------

// The 13 BCG vaccine trials (Colditz et al. 1994; metafor's dat.bcg: tpos, tneg, cpos, cneg),
// pooled as log odds ratios with DerSimonian–Laird. Expected values from metafor's test
// tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r ("RE model w/ DL estimator,
// measure='OR'", checked there against Stata's metan): estimate −0.7474, interval −1.1242 to
// −0.3706, z −3.8873, τ² 0.3663, I² 92.6455%; the fixed-effect Q is 163.1649.
TEST(InterventionPooling, ReproducesMetaforDerSimonianLaird) {
  const double trials[13][4] = {{4, 119, 11, 128},     {6, 300, 29, 274},      {3, 228, 11, 209},
                                {62, 13536, 248, 12619}, {33, 5036, 47, 5761},   {180, 1361, 372, 1079},
                                {8, 2537, 10, 619},     {505, 87886, 499, 87892}, {29, 7470, 45, 7232},
                                {17, 1699, 65, 1600},   {186, 50448, 141, 27197}, {5, 2493, 3, 2338},
                                {27, 16886, 29, 17825}};
  std::vector<LogEffect> effects;
  for (const auto& t : trials) {
    effects.push_back({std::log(t[0] * t[3] / (t[1] * t[2])), 1 / t[0] + 1 / t[1] + 1 / t[2] + 1 / t[3]});
  }
  const PooledEffect p = pool_random_effects(effects, 0.95);
  EXPECT_EQ(p.studies, 13u);
  EXPECT_NEAR(p.log_estimate, -0.7474, 5e-5);
  EXPECT_NEAR(std::log(p.low), -1.1242, 5e-5);
  EXPECT_NEAR(std::log(p.high), -0.3706, 5e-5);
  EXPECT_NEAR(p.z, -3.8873, 5e-5);
  EXPECT_NEAR(p.tau2, 0.3663, 5e-5);
  EXPECT_NEAR(p.i2 * 100, 92.6455, 5e-5);
  EXPECT_NEAR(p.q, 163.1649, 5e-5);
  EXPECT_EQ(p.q_df, 12);
  EXPECT_LT(p.q_p_value, 1e-20);
}

// Identical studies: no heterogeneity, τ² = 0, the pooled estimate is theirs with variance v/k.
TEST(InterventionPooling, HomogeneousStudiesPoolToTheFixedEffect) {
  const std::vector<LogEffect> same{{0.3, 0.04}, {0.3, 0.04}, {0.3, 0.04}, {0.3, 0.04}};
  const PooledEffect p = pool_random_effects(same);
  EXPECT_DOUBLE_EQ(p.tau2, 0.0);
  EXPECT_DOUBLE_EQ(p.i2, 0.0);
  EXPECT_NEAR(p.log_estimate, 0.3, 1e-15);
  EXPECT_NEAR(p.se, 0.1, 1e-15);
  EXPECT_THROW((void)pool_random_effects(std::vector<LogEffect>{}), Error);
  EXPECT_THROW((void)pool_random_effects(std::vector<LogEffect>{{0.1, 0.0}}), Error);
}

// Analytic tails: P(χ²_2 ≥ x) = e^{−x/2}, P(χ²_4 ≥ x) = e^{−x/2}(1 + x/2); the 5% points of
// χ²_1 (3.841459) and χ²_10 (18.307038).
TEST(InterventionPooling, ChiSquareTail) {
  EXPECT_NEAR(chi_square_upper_tail(5.0, 2), std::exp(-2.5), 1e-14);
  EXPECT_NEAR(chi_square_upper_tail(6.0, 4), std::exp(-3.0) * 4, 1e-14);
  EXPECT_NEAR(chi_square_upper_tail(0.5, 4), std::exp(-0.25) * 1.25, 1e-14);
  EXPECT_NEAR(chi_square_upper_tail(3.841458821, 1), 0.05, 1e-9);
  EXPECT_NEAR(chi_square_upper_tail(18.30703805, 10), 0.05, 1e-9);
  EXPECT_EQ(chi_square_upper_tail(0.0, 3), 1.0);
}

// --- Power ------------------------------------------------------------------------------------

// Tb = 100, Cb = Ca = 1000, no over-dispersion: E = 100 and the fall r = 1 − e^{−δ} solves
// δ = 2.801585·sqrt(0.01 + 0.002 + e^δ/100) (z_0.975 + z_0.8 = 1.959964 + 0.841621), checked
// here by putting the answer back into the equation: δ = 0.468608, a 37.4% fall.
TEST(InterventionPower, SmallestDetectableReduction) {
  const double z_sum = 1.959963984540054 + 0.8416212335729143;
  const double r = smallest_detectable_reduction(100, 1000, 1000, 1, 1);
  EXPECT_NEAR(r, 0.3741271468, 1e-9);
  const double delta = -std::log(1 - r);
  EXPECT_NEAR(delta, z_sum * std::sqrt(0.012 + std::exp(delta) / 100), 1e-12);
  // Over-dispersion 2 in the treatment area doubles its terms.
  const double r2 = smallest_detectable_reduction(100, 1000, 1000, 2, 1);
  const double delta2 = -std::log(1 - r2);
  EXPECT_NEAR(delta2, z_sum * std::sqrt(2 * (0.01 + std::exp(delta2) / 100) + 0.002), 1e-12);
  EXPECT_NEAR(r2, 0.5028592689, 1e-9);
  // Local variation adds to the variance under the square root.
  const double r3 = smallest_detectable_reduction(100, 1000, 1000, 1, 1, 0.95, 0.8, 0.03);
  const double delta3 = -std::log(1 - r3);
  EXPECT_NEAR(delta3, z_sum * std::sqrt(0.042 + std::exp(delta3) / 100), 1e-12);
  // Fewer incidents: a larger fall is needed; with 10 before not even a 99.9% fall is detected
  // with 80% power (10 → 1 gives z = 2.2 at best); none at all: nothing can be told.
  EXPECT_NEAR(smallest_detectable_reduction(20, 1000, 1000, 1, 1), 0.7613073234, 1e-9);
  EXPECT_EQ(smallest_detectable_reduction(10, 1000, 1000, 1, 1), 1.0);
  EXPECT_EQ(smallest_detectable_reduction(0, 1000, 1000, 1, 1), 1.0);
}

}  // namespace
}  // namespace hotspot::evaluation::stats_test
