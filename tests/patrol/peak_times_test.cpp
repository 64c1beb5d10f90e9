#include "hotspot/patrol/peak_times.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "patrol/patrol_fixtures.hpp"

namespace hotspot::patrol {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(Circular, SymmetricPairsGiveKnownMeanAndLength) {
  // Angles μ ± δ: mean direction μ, R̄ = cos δ exactly.
  const double mu = 5.5;  // wraps past 2π with δ
  const double delta = 1.0;
  const std::vector<double> angles{mu - delta, mu + delta, mu - delta, mu + delta};
  const CircularSummary s = circular_summary(angles);
  EXPECT_NEAR(s.mean_angle, mu, 1e-12);
  EXPECT_NEAR(s.resultant_length, std::cos(delta), 1e-12);
  EXPECT_NEAR(s.circular_sd, std::sqrt(-2 * std::log(std::cos(delta))), 1e-12);
}

TEST(Circular, EvenlySpreadAnglesHaveNoDirection) {
  std::vector<double> angles;
  for (int k = 0; k < 24; ++k) angles.push_back(2 * kPi * k / 24);
  const CircularSummary s = circular_summary(angles);
  EXPECT_NEAR(s.resultant_length, 0, 1e-12);
  EXPECT_NEAR(s.rayleigh_p, 1.0, 1e-9);
}

TEST(Circular, RayleighPAgreesWithTheSeriesApproximation) {
  // Independent oracle: the Greenwood–Durand series in Z = nR̄² (Batschelet 1981, Fisher 1993
  // eq. 4.17), accurate to O(n⁻³).
  for (std::uint32_t n : {10u, 30u, 100u}) {
    for (double r : {0.1, 0.3, 0.5}) {
      const double z = n * r * r;
      const double nn = n;
      const double series = std::exp(-z) * (1 + (2 * z - z * z) / (4 * nn) -
                                            (24 * z - 132 * z * z + 76 * z * z * z - 9 * z * z * z * z) / (288 * nn * nn));
      EXPECT_NEAR(rayleigh_p_value(n, r), series, 2e-3 + 0.02 * series) << n << " " << r;
    }
  }
  // Zar's worked value: n = 10, R̄ = 0.5 -> exp(√341 − 21).
  EXPECT_NEAR(rayleigh_p_value(10, 0.5), std::exp(std::sqrt(341.0) - 21), 1e-12);
}

/// Best & Fisher (1979) von Mises sampler: an independent way to draw from a known law.
double von_mises(std::mt19937_64& rng, double mu, double kappa) {
  std::uniform_real_distribution<double> u(0, 1);
  const double tau = 1 + std::sqrt(1 + 4 * kappa * kappa);
  const double rho = (tau - std::sqrt(2 * tau)) / (2 * kappa);
  const double r = (1 + rho * rho) / (2 * rho);
  while (true) {
    const double z = std::cos(kPi * u(rng));
    const double f = (1 + r * z) / (r + z);
    const double c = kappa * (r - f);
    const double u2 = u(rng);
    if (c * (2 - c) - u2 > 0 || std::log(c / u2) + 1 - c >= 0) {
      const double theta = (u(rng) > 0.5 ? 1 : -1) * std::acos(f);
      return std::fmod(mu + theta + 4 * kPi, 2 * kPi);
    }
  }
}

TEST(PeakTimes, VonMisesHoursRecoverThePeakAndConcentration) {
  // Incidents at von Mises times around 22:30 with κ = 2: E[R̄] = I1(2)/I0(2) = 0.697775.
  std::mt19937_64 rng(5);
  Incidents in;
  const LocalTime monday = days_from_civil(2024, 1, 1) * 86400;  // 2024-01-01 was a Monday
  const double mu = 2 * kPi * 22.5 / 24;
  std::vector<std::uint32_t> rows;
  for (int i = 0; i < 4000; ++i) {
    const double angle = von_mises(rng, mu, 2.0);
    const auto seconds = static_cast<LocalTime>(angle / (2 * kPi) * 86400);
    const LocalTime day = 4 + (i % 2);  // Friday or Saturday
    hotspot::testing::add_incident(in, 0, 0, make_month(2024, 1), 1.0, monday + day * 86400 + seconds);
    rows.push_back(static_cast<std::uint32_t>(i));
  }
  const PeakTimes p = peak_times(in, rows);
  ASSERT_TRUE(p.time_known);
  EXPECT_EQ(p.timed, 4000u);
  EXPECT_NEAR(p.peak_hour, 22.5, 0.15);
  EXPECT_NEAR(p.hour.resultant_length, 0.697775, 0.02);
  EXPECT_LT(p.hour.rayleigh_p, 1e-10);
  EXPECT_NE(p.text.find("peak 22:"), std::string::npos) << p.text;
  EXPECT_EQ(p.peak_month, 1);
}

TEST(PeakTimes, WeekdayOfSymmetricTimesIsExact) {
  // Friday 19:00 and 21:00 (2024-01-05): weekday mean Fri 20:00 = 4 + 20/24.
  Incidents in;
  const LocalTime friday = days_from_civil(2024, 1, 5) * 86400;
  hotspot::testing::add_incident(in, 0, 0, make_month(2024, 1), 1.0, friday + 19 * 3600);
  hotspot::testing::add_incident(in, 0, 0, make_month(2024, 1), 1.0, friday + 21 * 3600);
  const std::vector<std::uint32_t> rows{0, 1};
  const PeakTimes p = peak_times(in, rows);
  EXPECT_NEAR(p.peak_hour, 20.0, 1e-9);
  EXPECT_NEAR(p.hour.resultant_length, std::cos(2 * kPi / 24), 1e-12);
  EXPECT_NEAR(p.peak_weekday, 4 + 20.0 / 24, 1e-9);
  EXPECT_NE(p.text.find("peak 20:00"), std::string::npos) << p.text;
  EXPECT_NE(p.text.find("Fri"), std::string::npos) << p.text;
}

TEST(PeakTimes, MonthOnlyDataSaysTimeIsUnknownAndGivesSeasonality) {
  Incidents in;
  hotspot::testing::add_incident(in, 0, 0, make_month(2018, 7), 2.0);
  hotspot::testing::add_incident(in, 0, 0, make_month(2018, 7), 1.0);
  hotspot::testing::add_incident(in, 0, 0, make_month(2018, 12), 2.5);
  const std::vector<std::uint32_t> rows{0, 1, 2};
  const PeakTimes p = peak_times(in, rows);
  EXPECT_FALSE(p.time_known);
  EXPECT_EQ(p.peak_month, 7);
  EXPECT_DOUBLE_EQ(p.month_harm[6], 3.0);
  EXPECT_DOUBLE_EQ(p.month_harm[11], 2.5);
  EXPECT_EQ(p.text, "unknown (police.uk monthly data); busiest month Jul");
}

}  // namespace
}  // namespace hotspot::patrol
