#include "hotspot/analysis/rate_change.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include <unsupported/Eigen/SpecialFunctions>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "areas.statistics";

// I_x(a, b), the regularized incomplete beta function (Eigen's port of Cephes' incbet).
double incomplete_beta(double a, double b, double x) { return Eigen::numext::betainc(a, b, x); }

}  // namespace

double poisson_rate_p_value(double now, double exposure_now, double before, double exposure_before, double dispersion) {
  if (!(now >= 0) || !(before >= 0) || !std::isfinite(now) || !std::isfinite(before)) {
    throw Error(ErrorCode::usage, kStage, "counts compared must be finite and >= 0");
  }
  if (!(exposure_now > 0) || !(exposure_before > 0) || !std::isfinite(exposure_now) || !std::isfinite(exposure_before)) {
    throw Error(ErrorCode::usage, kStage, "the periods compared must each cover some time");
  }
  if (!(dispersion >= 1) || !std::isfinite(dispersion)) {
    throw Error(ErrorCode::usage, kStage, "the dispersion must be a finite number >= 1");
  }
  const double x = now / dispersion;
  const double n = (now + before) / dispersion;
  if (n <= 0) return 1.0;
  const double p0 = exposure_now / (exposure_now + exposure_before);
  // P(X <= x) = I_{1-p0}(n - x, x + 1) and P(X >= x) = I_{p0}(x, n - x + 1), which are the
  // binomial tails when x and n are whole; a tail reaching the end of the support is 1.
  const double lower = x >= n ? 1.0 : incomplete_beta(n - x, x + 1, 1 - p0);
  const double upper = x <= 0 ? 1.0 : incomplete_beta(x, n - x + 1, p0);
  return std::min(1.0, 2.0 * std::min(lower, upper));
}

Dispersion quasi_poisson_dispersion(const std::vector<std::vector<double>>& groups) {
  Dispersion out;
  for (const std::vector<double>& group : groups) {
    if (group.empty()) continue;
    const double mean = std::accumulate(group.begin(), group.end(), 0.0) / static_cast<double>(group.size());
    ++out.groups;
    out.observations += group.size();
    if (mean <= 0) continue;  // all zeros: fitted exactly, nothing to add
    for (const double y : group) out.pearson_chi2 += (y - mean) * (y - mean) / mean;
  }
  if (out.observations > out.groups) {
    out.estimate = out.pearson_chi2 / static_cast<double>(out.observations - out.groups);
    out.applied = std::max(1.0, out.estimate);
  } else {
    out.estimate = std::numeric_limits<double>::quiet_NaN();
    out.applied = 1.0;
  }
  return out;
}

OffenseDispersion offense_dispersion(std::span<const double> before, std::span<const double> now) {
  if (before.size() != now.size()) {
    throw Error(ErrorCode::usage, kStage,
                "the offense dispersion index needs one count per area in each period (" + std::to_string(before.size()) +
                    " and " + std::to_string(now.size()) + ")");
  }
  OffenseDispersion out;
  out.areas = now.size();
  if (out.areas == 0) return out;
  std::vector<double> change(now.size());
  double total = 0, scale = 0;
  for (std::size_t i = 0; i < now.size(); ++i) {
    change[i] = now[i] - before[i];
    total += change[i];
    scale += std::abs(now[i]) + std::abs(before[i]);
    out.increases += change[i] > 0 ? 1 : 0;
  }
  // Counts scaled to unequal periods are not whole: a remainder below rounding is no increase.
  const double tolerance = 1e-9 * std::max(1.0, scale);
  out.overall_increase = total > tolerance;
  if (out.overall_increase) {
    std::vector<std::size_t> by_increase(now.size());
    std::iota(by_increase.begin(), by_increase.end(), std::size_t{0});
    std::stable_sort(by_increase.begin(), by_increase.end(),
                     [&](std::size_t a, std::size_t b) { return change[a] > change[b]; });
    double remaining = total;
    for (const std::size_t area : by_increase) {
      if (remaining <= tolerance) break;
      remaining -= change[area];
      out.order.push_back(area);
    }
    out.contributing = out.order.size();
  }
  const auto areas = static_cast<double>(out.areas);
  out.odi = static_cast<double>(out.contributing) / areas;
  out.ncdi = static_cast<double>(out.increases - out.contributing) / areas;
  return out;
}

}  // namespace hotspot
