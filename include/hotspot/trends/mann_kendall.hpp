#pragma once

#include <span>

namespace hotspot::trends {

/// Mann-Kendall trend test of a series in time order.
struct MannKendall {
  int n = 0;
  double s = 0.0;         ///< S = sum over i < j of sign(x_j - x_i)
  double variance = 0.0;  ///< Var(S) with the tie correction
  double z = 0.0;         ///< (S - 1)/sd for S > 0, (S + 1)/sd for S < 0, else 0 (continuity)
  double p = 1.0;         ///< two-sided normal p of z
  double tau = 0.0;       ///< Kendall's tau-b between the series and time
};

/// The test with Var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 over groups of t equal
/// values (Kendall 1975; Hirsch, Slack & Smith 1982), the form ArcGIS and R's Kendall
/// package use. NaN values are dropped first. Fewer than 3 values give S = 0 and p = 1.
[[nodiscard]] MannKendall mann_kendall(std::span<const double> series);

}  // namespace hotspot::trends
