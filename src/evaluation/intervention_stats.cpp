#include "hotspot/evaluation/intervention_stats.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "hotspot/clusters/nearest_neighbour_hierarchical.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/significance/multiple_testing.hpp"

namespace hotspot::evaluation {
namespace {

constexpr const char* kStage = "evaluation.intervention";

void check_count(double v, const char* what) {
  if (!std::isfinite(v) || v < 0) {
    throw Error(ErrorCode::usage, kStage, std::string(what) + " must be a count of 0 or more");
  }
}

void check_counts(const BeforeAfter& c, const char* what) {
  check_count(c.before, what);
  check_count(c.after, what);
}

void check_positive(double v, const char* what) {
  if (!std::isfinite(v) || !(v > 0)) throw Error(ErrorCode::usage, kStage, std::string(what) + " must be positive");
}

// The two-sided normal quantile for a confidence level.
double z_for(double confidence) {
  if (!(confidence > 0 && confidence < 1)) {
    throw Error(ErrorCode::usage, kStage, "the confidence level must lie between 0 and 1 (e.g. 0.95)");
  }
  return clusters::normal_quantile(1 - (1 - confidence) / 2);
}

// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1).
double gamma_p_series(double a, double x) {
  double term = 1 / a, sum = term;
  for (int n = 1; n < 10000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularised upper incomplete gamma Q(a, x) by its continued fraction (x ≥ a + 1), evaluated
// with the modified Lentz method.
double gamma_q_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-16) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

WddResult wdd(const WddInput& in, double confidence) {
  check_counts(in.treatment, "the treated area's counts");
  check_counts(in.control, "the control area's counts");
  check_counts(in.displacement, "the displacement area's counts");
  check_counts(in.displacement_control, "the displacement control's counts");
  for (double w : {in.before_weight, in.after_weight, in.treatment_weight, in.control_weight, in.displacement_weight,
                   in.displacement_control_weight}) {
    check_positive(w, "a WDD weight");
  }
  for (double d : {in.treatment_dispersion, in.control_dispersion, in.displacement_dispersion,
                   in.displacement_control_dispersion}) {
    check_positive(d, "a dispersion factor");
  }
  const double z_crit = z_for(confidence);
  const double tb = in.before_weight, ta = in.after_weight;

  // One area's weighted change and its variance (each count over the square of its weight).
  auto change = [&](const BeforeAfter& c, double area) { return c.after / (ta * area) - c.before / (tb * area); };
  auto variance = [&](const BeforeAfter& c, double area, double dispersion) {
    return dispersion * (c.after / ((ta * area) * (ta * area)) + c.before / ((tb * area) * (tb * area)));
  };

  const BeforeAfter& cd = in.shared_control ? in.control : in.displacement_control;
  const double cd_dispersion = in.shared_control ? in.control_dispersion : in.displacement_control_dispersion;

  WddResult r;
  r.local = change(in.treatment, in.treatment_weight) - change(in.control, in.control_weight);
  const double var_local =
      variance(in.treatment, in.treatment_weight, in.treatment_dispersion) +
      variance(in.control, in.control_weight, in.control_dispersion);
  r.displacement = change(in.displacement, in.displacement_weight) - change(cd, in.displacement_control_weight);
  const double var_displacement = variance(in.displacement, in.displacement_weight, in.displacement_dispersion) +
                                  variance(cd, in.displacement_control_weight, cd_dispersion);
  r.total = r.local + r.displacement;
  double var_total = var_local + var_displacement;
  if (in.shared_control) {
    // The control's counts enter both differences: its terms carry the sum of the two
    // reciprocal weights, squared, instead of two independent squares.
    const double k_after = 1 / (ta * in.control_weight) + 1 / (ta * in.displacement_control_weight);
    const double k_before = 1 / (tb * in.control_weight) + 1 / (tb * in.displacement_control_weight);
    var_total = variance(in.treatment, in.treatment_weight, in.treatment_dispersion) +
                variance(in.displacement, in.displacement_weight, in.displacement_dispersion) +
                in.control_dispersion * (in.control.after * k_after * k_after + in.control.before * k_before * k_before);
  }
  r.local_se = std::sqrt(var_local);
  r.displacement_se = std::sqrt(var_displacement);
  r.total_se = std::sqrt(var_total);
  r.z = r.total_se > 0 ? r.total / r.total_se : 0.0;
  r.p_value = r.total_se > 0 ? significance::two_sided_p(r.z) : 1.0;
  r.low = r.total - z_crit * r.total_se;
  r.high = r.total + z_crit * r.total_se;
  return r;
}

Dispersion monthly_dispersion(std::span<const std::vector<double>> periods) {
  double pearson = 0;
  int df = 0;
  for (const auto& months : periods) {
    double sum = 0;
    for (double x : months) {
      check_count(x, "a monthly count");
      sum += x;
    }
    if (months.size() < 2 || !(sum > 0)) continue;
    const double mean = sum / static_cast<double>(months.size());
    for (double x : months) pearson += (x - mean) * (x - mean) / mean;
    df += static_cast<int>(months.size()) - 1;
  }
  Dispersion d;
  d.degrees_of_freedom = df;
  if (df > 0) d.estimate = pearson / df;
  d.value = std::max(1.0, d.estimate);
  return d;
}

OddsRatioResult odds_ratio(const OddsRatioInput& in, double confidence) {
  check_counts(in.treatment, "the treated area's counts");
  check_counts(in.control, "the control area's counts");
  check_positive(in.treatment_dispersion, "a dispersion factor");
  check_positive(in.control_dispersion, "a dispersion factor");
  check_count(in.extra_variance, "the extra variance");
  const double z_crit = z_for(confidence);
  double a = in.treatment.before, b = in.treatment.after, c = in.control.before, d = in.control.after;
  OddsRatioResult r;
  if (a == 0 || b == 0 || c == 0 || d == 0) {
    a += 0.5;
    b += 0.5;
    c += 0.5;
    d += 0.5;
    r.continuity_corrected = true;
  }
  r.log_odds_ratio = std::log(a) + std::log(d) - std::log(b) - std::log(c);
  r.odds_ratio = std::exp(r.log_odds_ratio);
  r.se_poisson = std::sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  r.se = std::sqrt(in.treatment_dispersion * (1 / a + 1 / b) + in.control_dispersion * (1 / c + 1 / d) +
                   in.extra_variance);
  r.low = std::exp(r.log_odds_ratio - z_crit * r.se);
  r.high = std::exp(r.log_odds_ratio + z_crit * r.se);
  r.z = r.log_odds_ratio / r.se;
  r.p_value = significance::two_sided_p(r.z);
  r.relative_change = 1 / r.odds_ratio - 1;
  r.relative_change_low = 1 / r.high - 1;
  r.relative_change_high = 1 / r.low - 1;
  r.significant = r.low > 1 || r.high < 1;
  return r;
}

WdqResult wdq(const BeforeAfter& treatment, const BeforeAfter& buffer, const BeforeAfter& control) {
  check_counts(treatment, "the treated area's counts");
  check_counts(buffer, "the buffer's counts");
  check_counts(control, "the control area's counts");
  WdqResult r;
  if (!(control.before > 0) || !(control.after > 0)) {
    r.reading = "no quotient: the control area had no incidents in one of the periods";
    return r;
  }
  const double trend = control.after / control.before;
  r.success_measure = treatment.after / control.after - treatment.before / control.before;
  r.buffer_measure = buffer.after / control.after - buffer.before / control.before;
  r.treatment_net_effect = treatment.before * trend - treatment.after;
  r.buffer_net_effect = buffer.before * trend - buffer.after;
  r.total_net_effect = *r.treatment_net_effect + *r.buffer_net_effect;
  if (!(*r.success_measure < 0)) {
    r.reading = "no quotient: the treated area did not improve relative to the control, so nothing was displaced";
    return r;
  }
  const double q = *r.buffer_measure / *r.success_measure;
  r.wdq = q;
  if (q > 1) {
    r.reading = "diffusion of benefits larger than the direct effect";
  } else if (q > 0) {
    r.reading = "diffusion of benefits";
  } else if (q == 0) {
    r.reading = "neither displacement nor diffusion";
  } else if (q >= -1) {
    r.reading = "displacement smaller than the direct effect";
  } else {
    r.reading = "displacement larger than the direct effect (a net loss)";
  }
  return r;
}

PooledEffect pool_random_effects(std::span<const LogEffect> effects, double confidence) {
  if (effects.empty()) throw Error(ErrorCode::usage, kStage, "no effects to pool");
  const double z_crit = z_for(confidence);
  double sw = 0, sw2 = 0, swy = 0;
  for (const auto& e : effects) {
    if (!std::isfinite(e.log_effect)) throw Error(ErrorCode::usage, kStage, "an effect to pool is not finite");
    check_positive(e.variance, "the variance of an effect to pool");
    const double w = 1 / e.variance;
    sw += w;
    sw2 += w * w;
    swy += w * e.log_effect;
  }
  PooledEffect p;
  p.studies = effects.size();
  p.fixed_log_estimate = swy / sw;
  p.fixed_se = std::sqrt(1 / sw);
  for (const auto& e : effects) {
    const double dev = e.log_effect - p.fixed_log_estimate;
    p.q += dev * dev / e.variance;
  }
  p.q_df = static_cast<int>(effects.size()) - 1;
  p.q_p_value = chi_square_upper_tail(p.q, p.q_df);
  const double c = sw - sw2 / sw;
  p.tau2 = p.q_df > 0 && c > 0 ? std::max(0.0, (p.q - p.q_df) / c) : 0.0;
  p.i2 = p.q > 0 ? std::max(0.0, (p.q - p.q_df) / p.q) : 0.0;
  double sws = 0, swsy = 0;
  for (const auto& e : effects) {
    const double w = 1 / (e.variance + p.tau2);
    sws += w;
    swsy += w * e.log_effect;
  }
  p.log_estimate = swsy / sws;
  p.se = std::sqrt(1 / sws);
  p.z = p.log_estimate / p.se;
  p.p_value = significance::two_sided_p(p.z);
  p.estimate = std::exp(p.log_estimate);
  p.low = std::exp(p.log_estimate - z_crit * p.se);
  p.high = std::exp(p.log_estimate + z_crit * p.se);
  return p;
}

double smallest_detectable_reduction(double treatment_before, double control_before, double control_after,
                                     double treatment_dispersion, double control_dispersion, double confidence,
                                     double power, double extra_variance) {
  check_count(treatment_before, "the treated area's count before");
  check_count(control_before, "the control area's count before");
  check_count(control_after, "the control area's count after");
  check_positive(treatment_dispersion, "a dispersion factor");
  check_positive(control_dispersion, "a dispersion factor");
  check_count(extra_variance, "the extra variance");
  if (!(power > 0 && power < 1)) throw Error(ErrorCode::usage, kStage, "the power must lie between 0 and 1 (e.g. 0.8)");
  const double z_sum = z_for(confidence) + clusters::normal_quantile(power);
  if (!(treatment_before > 0) || !(control_before > 0) || !(control_after > 0)) return 1.0;
  // The log odds ratio δ = −ln(1 − r) is detected with the wanted power when
  // δ = (z_{1−α/2} + z_power)·se(δ), se(δ) the standard error expected at that effect: the
  // treatment area's count after is then E·e^{−δ}, E = Tb·Ca/Cb the count expected with no
  // effect. The smallest δ > 0 solving it is found by a scan and bisection; when the counts
  // are so small that none exists below a 99.9% fall, nothing short of all incidents counts.
  const double expected_after = treatment_before * control_after / control_before;
  const double fixed = treatment_dispersion / treatment_before +
                       control_dispersion * (1 / control_before + 1 / control_after) + extra_variance;
  auto gap = [&](double delta) {
    return delta - z_sum * std::sqrt(fixed + treatment_dispersion * std::exp(delta) / expected_after);
  };
  constexpr double kLargest = 6.907755278982137;  // −ln(0.001)
  constexpr int kSteps = 2000;
  for (int i = 1; i <= kSteps; ++i) {
    double lo = kLargest * (i - 1) / kSteps, hi = kLargest * i / kSteps;
    if (gap(hi) < 0) continue;
    for (int j = 0; j < 60; ++j) {
      const double mid = 0.5 * (lo + hi);
      if (gap(mid) >= 0) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return 1 - std::exp(-hi);
  }
  return 1.0;
}

double chi_square_upper_tail(double x, int df) {
  if (df < 1) throw Error(ErrorCode::usage, kStage, "a chi-square test needs at least one degree of freedom");
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x <= 0) return 1.0;
  const double a = 0.5 * df, h = 0.5 * x;
  return h < a + 1 ? 1 - gamma_p_series(a, h) : gamma_q_fraction(a, h);
}

}  // namespace hotspot::evaluation
