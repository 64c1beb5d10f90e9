#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hotspot::significance {

/// How p-values of many cells are corrected for testing them all at once.
enum class Correction {
  none,
  false_discovery_rate,  ///< Benjamini & Hochberg (1995) step-up procedure
  bonferroni,
};

/// Benjamini–Hochberg adjusted p-values (q-values): q_(i) = min_{j >= i} p_(j) m / j,
/// capped at 1, where p_(1) <= ... <= p_(m). A test is rejected at level alpha by the BH
/// procedure exactly when q <= alpha. NaN p-values are skipped (and stay NaN) and do not
/// count in m. Same as R's `p.adjust(p, "BH")`.
[[nodiscard]] std::vector<double> benjamini_hochberg(std::span<const double> p);

/// Bonferroni adjusted p-values min(1, p m); NaN skipped as above. R's `p.adjust(p, "bonferroni")`.
[[nodiscard]] std::vector<double> bonferroni(std::span<const double> p);

/// `p` adjusted by `correction` (a copy for `none`).
[[nodiscard]] std::vector<double> adjust_p_values(std::span<const double> p, Correction correction);

/// ArcGIS's Gi_Bin: +3/+2/+1 for a hot spot significant at 99/95/90% confidence
/// (adjusted p <= 0.01/0.05/0.10 with z > 0), negative for cold spots, 0 otherwise.
[[nodiscard]] std::int8_t confidence_bin(double z, double adjusted_p) noexcept;

/// Two-sided p-value of a standard normal z: erfc(|z| / sqrt 2). NaN stays NaN.
[[nodiscard]] double two_sided_p(double z) noexcept;

}  // namespace hotspot::significance
