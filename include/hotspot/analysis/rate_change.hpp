#pragma once

#include <cstddef>
#include <span>
#include <vector>

/// Statistics for comparing counts between two periods (docs/areas.md, "Is the change larger
/// than chance?" and "How widespread is an increase?").
namespace hotspot {

/// Two-sided p-value of the exact conditional test that two Poisson counts come from one
/// rate: `now` incidents over `exposure_now` (months) against `before` over `exposure_before`.
/// Given n = now + before, `now` is Binomial(n, p0) under equal rates, p0 = exposure_now /
/// (exposure_now + exposure_before), and p = min(1, 2 × the smaller tail) (the "central"
/// two-sided p-value). Over-dispersion is allowed for by dividing both counts by
/// `dispersion` (≥ 1, a quasi-Poisson φ) first; the tails of the scaled, no longer whole
/// counts come from the regularized incomplete beta function, which equals the binomial
/// tails at whole counts: P(X ≥ x) = I_p0(x, n − x + 1). Both counts 0 give p = 1. Throws
/// Error(usage) for negative counts or exposures ≤ 0 or dispersion < 1.
[[nodiscard]] double poisson_rate_p_value(double now, double exposure_now, double before, double exposure_before,
                                          double dispersion = 1.0);

/// The quasi-Poisson dispersion of monthly counts, each group (an area in one period) with
/// its own mean.
struct Dispersion {
  double pearson_chi2 = 0;        ///< sum over groups and months of (y − mean)² / mean
  std::size_t observations = 0;   ///< monthly counts
  std::size_t groups = 0;         ///< means fitted
  double estimate = 0;            ///< pearson_chi2 / (observations − groups); NaN without a degree of freedom
  double applied = 1;             ///< max(1, estimate), 1 when the estimate is NaN: what the tests divide by
};

/// Pearson's estimate of the dispersion φ of a quasi-Poisson model with one mean per group,
/// what R gives as `summary(glm(y ~ factor(group), family = quasipoisson))$dispersion`. A group
/// of zeros adds a mean and its months but nothing to the sum, as in R. Groups of fewer than
/// one month are skipped.
[[nodiscard]] Dispersion quasi_poisson_dispersion(const std::vector<std::vector<double>>& groups);

/// Ratcliffe's (2010) offense dispersion index: how widespread an increase is.
struct OffenseDispersion {
  std::size_t areas = 0;
  std::size_t increases = 0;      ///< areas whose count went up
  bool overall_increase = false;  ///< the areas' total went up
  /// Areas whose increase, undone one at a time from the largest, must be undone before the
  /// total no longer goes up ("match" method: the area keeps its earlier count).
  std::size_t contributing = 0;
  double odi = 0;                 ///< offense dispersion index: contributing / areas
  double ncdi = 0;                ///< non-contributory dispersion index: (increases − contributing) / areas
  std::vector<std::size_t> order;  ///< the contributing areas' indexes, largest increase first (ties by index)
};

/// ODI and NCDI of counts `before` and `now` per area (equal lengths; scale `before` to the
/// length of the current period first when the periods differ). As Ratcliffe's R package
/// crimedispersion (method "match"). Throws Error(usage) on lengths that differ.
[[nodiscard]] OffenseDispersion offense_dispersion(std::span<const double> before, std::span<const double> now);

}  // namespace hotspot
