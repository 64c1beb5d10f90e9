#include "hotspot/significance/multiple_testing.hpp"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <numeric>

#include <omp.h>

#include "hotspot/core/huge_pages.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot::significance {

namespace {

// Indices of the non-NaN p-values in increasing order of p, ties in index order. A stable LSD
// radix sort on the bit patterns (monotone for non-negative doubles): a comparison sort of
// 4 million p-values took longer than the Gi* statistic itself. Each pass histograms and
// scatters contiguous blocks in parallel; blocks are placed in block order within a digit,
// which keeps the sort stable and the result independent of the number of threads.
std::vector<std::size_t> rank_order(std::span<const double> p) {
  std::vector<std::uint64_t> key;
  std::vector<std::size_t> order;
  key.reserve(p.size());
  order.reserve(p.size());
  advise_huge_pages(key.data(), p.size() * sizeof(std::uint64_t));
  advise_huge_pages(order.data(), p.size() * sizeof(std::size_t));
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    const double v = p[i] <= 0.0 ? 0.0 : p[i];  // -0.0 and 0.0 sort together
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    key.push_back(bits);
    order.push_back(i);
  }
  const std::size_t n = key.size();
  std::vector<std::uint64_t> key2;
  std::vector<std::size_t> order2;
  assign_huge(key2, n, std::uint64_t{0});
  assign_huge(order2, n, std::size_t{0});
  constexpr std::size_t kDigits = 1u << 16;
  const std::size_t blocks = n < 65536 ? 1 : static_cast<std::size_t>(effective_threads(0));
  std::vector<std::size_t> counts(blocks * kDigits);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(counts.begin(), counts.end(), 0);
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(blocks))
    for (std::size_t b = 0; b < blocks; ++b) {
      std::size_t* c = counts.data() + b * kDigits;
      for (std::size_t j = n * b / blocks; j < n * (b + 1) / blocks; ++j) ++c[(key[j] >> shift) & 0xFFFFu];
    }
    // Skip a pass whose digit is the same for every key.
    std::size_t first_digit_total = 0;
    const std::size_t d0 = n > 0 ? (key[0] >> shift) & 0xFFFFu : 0;
    for (std::size_t b = 0; b < blocks; ++b) first_digit_total += counts[b * kDigits + d0];
    if (first_digit_total == n) continue;
    std::size_t total = 0;
    for (std::size_t d = 0; d < kDigits; ++d) {
      for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t here = counts[b * kDigits + d];
        counts[b * kDigits + d] = total;
        total += here;
      }
    }
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(blocks))
    for (std::size_t b = 0; b < blocks; ++b) {
      std::size_t* c = counts.data() + b * kDigits;
      for (std::size_t j = n * b / blocks; j < n * (b + 1) / blocks; ++j) {
        const std::size_t to = c[(key[j] >> shift) & 0xFFFFu]++;
        key2[to] = key[j];
        order2[to] = order[j];
      }
    }
    key.swap(key2);
    order.swap(order2);
  }
  return order;
}

}  // namespace

std::vector<double> benjamini_hochberg(std::span<const double> p) {
  std::vector<double> q;
  q.reserve(p.size());
  advise_huge_pages(q.data(), p.size() * sizeof(double));
  q.assign(p.begin(), p.end());
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
