#include "hotspot/qgis/class_breaks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotspot::qgis {
namespace {

std::vector<double> finite_sorted(std::span<const double> values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (const double v : values) {
    if (std::isfinite(v)) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<double> natural_breaks(std::span<const double> values, std::size_t classes) {
  const std::vector<double> sorted = finite_sorted(values);
  if (sorted.empty() || classes == 0) return {};
  // Distinct values with their counts: a break between equal values would be no break.
  std::vector<double> value;
  std::vector<double> count;
  for (const double v : sorted) {
    if (value.empty() || value.back() != v) {
      value.push_back(v);
      count.push_back(0);
    }
    ++count.back();
  }
  const std::size_t m = value.size();
  const std::size_t k = std::min(classes, m);
  // Prefix sums of counts, and of values and squares about the mean (less cancellation).
  double mean = 0;
  for (const double v : sorted) mean += v;
  mean /= static_cast<double>(sorted.size());
  std::vector<double> s0(m + 1, 0), s1(m + 1, 0), s2(m + 1, 0);
  for (std::size_t i = 0; i < m; ++i) {
    const double d = value[i] - mean;
    s0[i + 1] = s0[i] + count[i];
    s1[i + 1] = s1[i] + count[i] * d;
    s2[i + 1] = s2[i] + count[i] * d * d;
  }
  // Sum of squared deviations of the group of distinct values i..j-1.
  const auto sse = [&](std::size_t i, std::size_t j) {
    const double n = s0[j] - s0[i], s = s1[j] - s1[i];
    return std::max(0.0, (s2[j] - s2[i]) - s * s / n);
  };
  // cost[c][j]: best cost of the first j values in c + 1 groups; start[c][j]: where its last group starts.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> cost(k, std::vector<double>(m + 1, kInf));
  std::vector<std::vector<std::size_t>> start(k, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t j = 1; j <= m; ++j) cost[0][j] = sse(0, j);
  for (std::size_t c = 1; c < k; ++c) {
    for (std::size_t j = c + 1; j <= m; ++j) {
      for (std::size_t i = c; i < j; ++i) {
        const double candidate = cost[c - 1][i] + sse(i, j);
        // Strictly better only: among equal splits the earliest start, i.e. the lowest break, stays.
        if (candidate < cost[c][j]) {
          cost[c][j] = candidate;
          start[c][j] = i;
        }
      }
    }
  }
  std::vector<double> breaks(k);
  std::size_t end = m;
  for (std::size_t c = k; c-- > 0;) {
    breaks[c] = value[end - 1];
    end = c == 0 ? 0 : start[c][end];
  }
  return breaks;
}

std::vector<double> quantile_breaks(std::span<const double> values, std::size_t classes) {
  const std::vector<double> sorted = finite_sorted(values);
  if (sorted.empty() || classes == 0) return {};
  std::vector<double> breaks;
  const auto n = static_cast<double>(sorted.size());
  for (std::size_t i = 1; i <= classes; ++i) {
    // Type 7: h = (n - 1) q, interpolated between the neighbouring order statistics.
    const double h = (n - 1) * static_cast<double>(i) / static_cast<double>(classes);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double q = sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
    if (breaks.empty() || q > breaks.back()) breaks.push_back(q);
  }
  breaks.back() = sorted.back();
  return breaks;
}

}  // namespace hotspot::qgis
