#include "hotspot/significance/multiple_testing.hpp"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <numeric>

namespace hotspot::significance {

namespace {

// Indices of the non-NaN p-values in increasing order of p, ties in index order. A stable LSD
// radix sort on the bit patterns (monotone for non-negative doubles): a comparison sort of
// 4 million p-values took longer than the Gi* statistic itself.
std::vector<std::size_t> rank_order(std::span<const double> p) {
  std::vector<std::uint64_t> key;
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    const double v = p[i] <= 0.0 ? 0.0 : p[i];  // -0.0 and 0.0 sort together
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    key.push_back(bits);
    order.push_back(i);
  }
  std::vector<std::uint64_t> key2(key.size());
  std::vector<std::size_t> order2(order.size());
  std::vector<std::size_t> counts(1u << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(counts.begin(), counts.end(), 0);
    for (std::uint64_t k : key) ++counts[(k >> shift) & 0xFFFFu];
    if (!key.empty() && counts[(key[0] >> shift) & 0xFFFFu] == key.size()) continue;  // one digit only
    std::size_t total = 0;
    for (auto& c : counts) {
      const std::size_t here = c;
      c = total;
      total += here;
    }
    for (std::size_t j = 0; j < key.size(); ++j) {
      const std::size_t to = counts[(key[j] >> shift) & 0xFFFFu]++;
      key2[to] = key[j];
      order2[to] = order[j];
    }
    key.swap(key2);
    order.swap(order2);
  }
  return order;
}

}  // namespace

std::vector<double> benjamini_hochberg(std::span<const double> p) {
  std::vector<double> q(p.begin(), p.end());
  const std::vector<std::size_t> order = rank_order(p);
  const auto m = static_cast<double>(order.size());
  double running = 1.0;
  for (std::size_t k = order.size(); k-- > 0;) {
    const double candidate = p[order[k]] * m / static_cast<double>(k + 1);
    running = std::min(running, candidate);
    q[order[k]] = running;
  }
  return q;
}

std::vector<double> bonferroni(std::span<const double> p) {
  const auto m = static_cast<double>(std::count_if(p.begin(), p.end(), [](double v) { return !std::isnan(v); }));
  std::vector<double> q(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) q[i] = std::isnan(p[i]) ? p[i] : std::min(1.0, p[i] * m);
  return q;
}

std::vector<double> adjust_p_values(std::span<const double> p, Correction correction) {
  switch (correction) {
    case Correction::false_discovery_rate: return benjamini_hochberg(p);
    case Correction::bonferroni: return bonferroni(p);
    case Correction::none: break;
  }
  return {p.begin(), p.end()};
}

std::int8_t confidence_bin(double z, double adjusted_p) noexcept {
  if (std::isnan(z) || std::isnan(adjusted_p) || z == 0.0) return 0;
  const std::int8_t level = adjusted_p <= 0.01 ? 3 : adjusted_p <= 0.05 ? 2 : adjusted_p <= 0.10 ? 1 : 0;
  return static_cast<std::int8_t>(z > 0 ? level : -level);
}

double two_sided_p(double z) noexcept { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

}  // namespace hotspot::significance
