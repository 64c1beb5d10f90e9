#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

/// Statistics on before/after incident counts for evaluating a place-based intervention (a
/// camera, a patrol area, a PSPO): the weighted displacement difference test, the odds ratio
/// of the Campbell CCTV reviews, the weighted displacement quotient and a random-effects pooled
/// odds ratio. Pure functions of counts; docs/evaluate.md gives every formula in words.
namespace hotspot::evaluation {

/// Incidents in one area in the period before and the period after an intervention.
struct BeforeAfter {
  double before = 0;
  double after = 0;
};

/// Inputs of the weighted displacement difference test (Wheeler & Ratcliffe 2018, Crime
/// Science 7:11), in the general form of R `ptools::wdd`. Counts are divided by their time and
/// area weights before differencing (weights 1: the paper's test on raw counts).
struct WddInput {
  BeforeAfter treatment;             ///< T: the treated area
  BeforeAfter control;               ///< Ct: the control of the treated area
  BeforeAfter displacement;          ///< D: the displacement buffer (zeros: none)
  BeforeAfter displacement_control;  ///< Cd: the control of the buffer (zeros: none)
  double before_weight = 1;          ///< time weight of the before period (e.g. 2 for two years before, one after)
  double after_weight = 1;
  double treatment_weight = 1;       ///< area weights, as ptools' area_weights
  double control_weight = 1;
  double displacement_weight = 1;
  double displacement_control_weight = 1;
  /// The buffer's control is the treated area's control (one control area for both): its
  /// counts enter both differences, so they are read from `control` and their variance is
  /// counted once with the two weights combined, not twice as two independent areas.
  bool shared_control = false;
  /// Over-dispersion factors (variance / mean of the counts; 1 = Poisson, the paper's
  /// assumption) that multiply each area's variance terms.
  double treatment_dispersion = 1;
  double control_dispersion = 1;
  double displacement_dispersion = 1;
  double displacement_control_dispersion = 1;
};

/// The WDD estimates: negative = fewer incidents than the control's change predicts.
struct WddResult {
  double local = 0;          ///< (T1 − T0) − (Ct1 − Ct0), weighted
  double local_se = 0;
  double displacement = 0;   ///< (D1 − D0) − (Cd1 − Cd0), weighted
  double displacement_se = 0;
  double total = 0;          ///< local + displacement: the WDD
  double total_se = 0;
  double z = 0;              ///< total / total_se; 0 when the variance is 0
  double p_value = 1;        ///< two-sided, normal approximation
  double low = 0;            ///< confidence interval of total
  double high = 0;
};

/// The WDD and its normal-approximation test. Variance: each count divided by the square of its
/// weights (times its dispersion), summed, as in the paper (weights 1: T0 + T1 + Ct0 + Ct1 +
/// D0 + D1 + Cd0 + Cd1). Throws Error(usage) for a negative count, a weight that is not
/// positive, a dispersion below 0 or a confidence outside (0, 1).
[[nodiscard]] WddResult wdd(const WddInput& input, double confidence = 0.95);

/// Over-dispersion of monthly counts: Pearson's dispersion pooled over periods,
/// Σ_p Σ_m (x_pm − x̄_p)² / x̄_p  ÷  Σ_p (n_p − 1), over periods with x̄_p > 0 and n_p ≥ 2
/// (each period about its own mean, so a real change at the intervention is not counted as
/// noise). This is the variance/mean ratio of Farrington et al. (2007) with the quasi-Poisson
/// degrees of freedom.
struct Dispersion {
  double estimate = 1;         ///< the pooled ratio (1 when there is nothing to estimate from)
  double value = 1;            ///< max(1, estimate): what inflates variances (never deflated)
  int degrees_of_freedom = 0;  ///< Σ (n_p − 1) over the periods used
};

/// `periods`: the monthly counts of each period (e.g. the before months, the after months).
/// Throws Error(usage) for a negative or non-finite count.
[[nodiscard]] Dispersion monthly_dispersion(std::span<const std::vector<double>> periods);

/// Inputs of the odds ratio: counts and each area's over-dispersion (1 = Poisson).
struct OddsRatioInput {
  BeforeAfter treatment;
  BeforeAfter control;
  double treatment_dispersion = 1;
  double control_dispersion = 1;
  /// Variance added to the log odds ratio: how much places like the treated one change by
  /// themselves beyond chance (τ² of the local variation, docs/evaluate.md); 0: none.
  double extra_variance = 0;
};

/// The odds ratio of the Campbell CCTV reviews (Welsh & Farrington 2009; Farrington et al.
/// 2007; Piza et al. 2019) from the 2 × 2 table treatment (a before, b after), control
/// (c before, d after): OR = (a·d)/(b·c) = (Tb·Ca)/(Ta·Cb). OR > 1: relatively fewer incidents
/// in the treatment area after (a desirable effect); OR = 1.15 is about 13% fewer.
struct OddsRatioResult {
  double odds_ratio = 1;
  double log_odds_ratio = 0;
  double se_poisson = 0;            ///< sqrt(1/a + 1/b + 1/c + 1/d)
  double se = 0;                    ///< sqrt(D_t (1/a + 1/b) + D_c (1/c + 1/d) + extra): over-dispersion inflated
  double low = 1, high = 1;         ///< confidence interval of the odds ratio (from se)
  double z = 0, p_value = 1;        ///< log OR / se, two-sided
  /// 1/OR − 1 = (Ta/Tb)/(Ca/Cb) − 1: the change in the treatment area relative to the control's
  /// trend, −0.3 = 30% fewer incidents than expected; with its interval (from high, low).
  double relative_change = 0;
  double relative_change_low = 0, relative_change_high = 0;
  bool significant = false;         ///< the interval excludes 1
  /// A cell was 0: 0.5 was added to all four cells (the Haldane–Anscombe correction), so the
  /// ratio and its variance stay finite; the result is then rough and says so.
  bool continuity_corrected = false;
};

/// Throws Error(usage) for a negative or non-finite count, a dispersion that is not positive,
/// a negative extra variance, or a confidence outside (0, 1).
[[nodiscard]] OddsRatioResult odds_ratio(const OddsRatioInput& input, double confidence = 0.95);

/// The weighted displacement quotient of Bowers & Johnson (2003), R = treatment (response)
/// area, D = buffer, C = control, b/a = before/after:
///   success measure  S = Ra/Ca − Rb/Cb   (negative: the treatment area improved relative to control)
///   buffer measure   B = Da/Ca − Db/Cb
///   WDQ = B / S
/// WDQ > 0: diffusion of benefits into the buffer; < 0: displacement; |WDQ| > 1: the buffer
/// effect is larger than the direct effect. The total net effect (Guerette 2009) counts
/// incidents prevented net of displacement: [Rb·Ca/Cb − Ra] + [Db·Ca/Cb − Da].
struct WdqResult {
  std::optional<double> success_measure;  ///< none when a control count is 0
  std::optional<double> buffer_measure;
  /// None when either measure is, or S ≥ 0: with no improvement there is nothing that could
  /// have been displaced and the quotient has no meaning.
  std::optional<double> wdq;
  std::optional<double> treatment_net_effect;  ///< Rb·Ca/Cb − Ra: incidents prevented in the treatment area
  std::optional<double> buffer_net_effect;     ///< Db·Ca/Cb − Da: incidents prevented in the buffer (negative: displaced)
  std::optional<double> total_net_effect;      ///< their sum
  std::string reading;  ///< "diffusion of benefits", "displacement", ... or why there is no quotient
};

[[nodiscard]] WdqResult wdq(const BeforeAfter& treatment, const BeforeAfter& buffer, const BeforeAfter& control);

/// One study's effect for pooling: a log odds ratio and its variance.
struct LogEffect {
  double log_effect = 0;
  double variance = 0;
};

/// A random-effects pooled effect (DerSimonian & Laird 1986): τ² = max(0, (Q − (k−1)) /
/// (Σw − Σw²/Σw)) with w = 1/v and Q = Σ w (y − ȳ_fixed)²; pooled = Σ w* y / Σ w* with
/// w* = 1/(v + τ²); I² = max(0, (Q − (k−1))/Q).
struct PooledEffect {
  std::size_t studies = 0;
  double log_estimate = 0, se = 0;
  double estimate = 1, low = 1, high = 1;  ///< exp of the log estimate and of its interval
  double z = 0, p_value = 1;
  double fixed_log_estimate = 0, fixed_se = 0;  ///< the inverse-variance fixed-effect estimate
  double tau2 = 0;
  double q = 0;
  int q_df = 0;
  double q_p_value = 1;  ///< P(χ²_{k−1} ≥ Q)
  double i2 = 0;         ///< share of the variation due to heterogeneity, 0..1
};

/// Throws Error(usage) with no study, a variance that is not positive and finite, or a
/// confidence outside (0, 1).
[[nodiscard]] PooledEffect pool_random_effects(std::span<const LogEffect> effects, double confidence = 0.95);

/// The smallest fall in the treatment area, relative to the control's trend, that a two-sided
/// Wald test of the log odds ratio at level 1 − confidence detects with probability `power`,
/// given the counts before (treatment and control), the control's count after and the
/// dispersions: r = 1 − e^{−δ} for the smallest δ > 0 with
///   δ = (z_{1−α/2} + z_power) · sqrt(D_t (1/Tb + 1/(E·e^{−δ})) + D_c (1/Cb + 1/Ca) + extra),
/// E = Tb·Ca/Cb the treatment area's count after expected with no effect (so the standard error
/// is the one expected at that fall). Returns 1 (no fall short of all incidents could be told
/// from chance) when Tb, Cb or Ca is 0 or no δ below a 99.9% fall solves it.
[[nodiscard]] double smallest_detectable_reduction(double treatment_before, double control_before,
                                                   double control_after, double treatment_dispersion,
                                                   double control_dispersion, double confidence = 0.95,
                                                   double power = 0.8, double extra_variance = 0);

/// P(χ²_df ≥ x), the upper tail of the chi-square distribution (regularised incomplete gamma
/// Q(df/2, x/2), by its series or continued fraction). 1 for x ≤ 0.
[[nodiscard]] double chi_square_upper_tail(double x, int df);

}  // namespace hotspot::evaluation
