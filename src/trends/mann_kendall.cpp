#include "hotspot/trends/mann_kendall.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hotspot::trends {

MannKendall mann_kendall(std::span<const double> series) {
  std::vector<double> x;
  for (double v : series) {
    if (!std::isnan(v)) x.push_back(v);
  }
  MannKendall r;
  r.n = static_cast<int>(x.size());
  if (x.size() < 3) return r;
  const auto n = static_cast<double>(x.size());
  // Series are months of one cell (tens to hundreds), so the O(n^2) sum is cheap and exact.
  long long s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) s += (x[j] > x[i]) - (x[j] < x[i]);
  }
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  double tie_term = 0.0, tied_pairs = 0.0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const auto t = static_cast<double>(j - i);
    tie_term += t * (t - 1) * (2 * t + 5);
    tied_pairs += t * (t - 1) / 2;
    i = j;
  }
  r.s = static_cast<double>(s);
  r.variance = (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0;
  const double sd = std::sqrt(r.variance);
  if (sd > 0.0) {
    r.z = s > 0 ? (r.s - 1.0) / sd : s < 0 ? (r.s + 1.0) / sd : 0.0;
    r.p = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
  }
  const double pairs = n * (n - 1) / 2;
  const double denominator = std::sqrt(pairs * (pairs - tied_pairs));
  r.tau = denominator > 0.0 ? r.s / denominator : 0.0;
  return r;
}

}  // namespace hotspot::trends
