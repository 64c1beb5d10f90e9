#pragma once

#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/density/kernel.hpp"

namespace hotspot::density {

/// Weighted spread statistics of points, the inputs of the bandwidth rules.
struct PointSpread {
  double n = 0.0;                  ///< Σ weights (the number of incidents when unweighted)
  double mean_x = 0.0, mean_y = 0.0;
  double sd_x = 0.0, sd_y = 0.0;   ///< weighted standard deviations (divisor Σw)
  double iqr_x = 0.0, iqr_y = 0.0; ///< weighted interquartile ranges
  double standard_distance = 0.0; ///< sqrt(Σ w ((x − x̄)² + (y − ȳ)²) / Σ w)
  double median_distance = 0.0;   ///< weighted median distance to the weighted mean centre
};

/// Spread of weighted points. Throws Error(data) when the total weight is not positive.
[[nodiscard]] PointSpread point_spread(const WeightedPoints& points);

/// Scott's rule in 2-D for a Gaussian: σ = σ̄ n^(−1/6), σ̄ = sqrt((sd_x² + sd_y²)/2), then
/// converted to `kernel` by matching the per-coordinate variance (a compact kernel of
/// radius R has variance v_K R², so R = σ / sqrt(v_K)). For the Gaussian it is σ itself.
[[nodiscard]] double scott_bandwidth(const WeightedPoints& points, Kernel kernel);

/// Silverman's rule of thumb in 2-D: as Scott's (in two dimensions Silverman's constant
/// (4/(d+2))^(1/(d+4)) is 1) but with the robust spread min(σ̄, IQR̄/1.349), so one far
/// outlier does not widen the kernel. Converted to `kernel` like scott_bandwidth.
[[nodiscard]] double silverman_bandwidth(const WeightedPoints& points, Kernel kernel);

/// ArcGIS Pro's default search radius ("How Kernel Density works"):
/// 0.9 · min(SD, sqrt(1/ln 2) · Dm) · n^(−0.2), SD the standard distance, Dm the weighted
/// median distance to the weighted mean centre, n the total weight. Used as the radius of
/// the compact kernels as ArcGIS does (and as σ for the Gaussian).
[[nodiscard]] double arcgis_bandwidth(const WeightedPoints& points);

/// Adaptive bandwidths by k nearest neighbours (CrimeStat's "minimum sample size"): each
/// point's bandwidth is the smallest radius around it holding at least `k` incidents
/// (weights, counting the point's own), divided by the kernel's support factor, and at least
/// `min_bandwidth`. Throws Error(usage) when k < 1 or the total weight is below k.
[[nodiscard]] std::vector<double> knn_bandwidths(const WeightedPoints& points, double k,
                                                 Kernel kernel, double min_bandwidth);

/// Abramson's square-root law as spatstat's bw.abram: h_i = h0 · min(sqrt(γ / f̃(x_i)), trim)
/// with f̃ a fixed-bandwidth pilot estimate (bandwidth `pilot`) at the points and γ the
/// weighted geometric mean of f̃ over the points. spatstat's default trim is 5.
[[nodiscard]] std::vector<double> abramson_bandwidths(const WeightedPoints& points, Kernel kernel,
                                                      double h0, double pilot, double trim = 5.0);

}  // namespace hotspot::density
