#include "hotspot/patrol/route_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace hotspot::patrol {
namespace {

std::vector<std::pair<double, double>> random_points(std::mt19937_64& rng, std::size_t n) {
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<std::pair<double, double>> p(n);
  for (auto& q : p) q = {u(rng), u(rng)};
  return p;
}

/// Exact optimum by Held–Karp dynamic programming over subsets: the independent oracle.
double held_karp(const DistanceMatrix& d) {
  const std::size_t n = d.n;
  if (n < 2) return 0;
  const std::size_t full = std::size_t{1} << (n - 1);  // subsets of stops 1..n-1
  std::vector<double> best(full * n, 1e300);
  for (std::size_t j = 1; j < n; ++j) best[(std::size_t{1} << (j - 1)) * n + j] = d(0, j);
  for (std::size_t s = 1; s < full; ++s) {
    for (std::size_t j = 1; j < n; ++j) {
      if (!(s & (std::size_t{1} << (j - 1)))) continue;
      const double here = best[s * n + j];
      if (here >= 1e300) continue;
      for (std::size_t k = 1; k < n; ++k) {
        if (s & (std::size_t{1} << (k - 1))) continue;
        const std::size_t t = s | (std::size_t{1} << (k - 1));
        best[t * n + k] = std::min(best[t * n + k], here + d(j, k));
      }
    }
  }
  double answer = 1e300;
  for (std::size_t j = 1; j < n; ++j) answer = std::min(answer, best[(full - 1) * n + j] + d(j, 0));
  return answer;
}

double brute_force(const DistanceMatrix& d) {
  std::vector<std::uint32_t> perm(d.n);
  std::iota(perm.begin(), perm.end(), 0u);
  double best = 1e300;
  do {
    best = std::min(best, tour_length(d, perm));
  } while (std::next_permutation(perm.begin() + 1, perm.end()));
  return best;
}

TEST(RouteOrder, HeldKarpOracleAgreesWithPermutations) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 5; ++trial) {
    const auto d = straight_line_distances(random_points(rng, 7));
    EXPECT_NEAR(held_karp(d), brute_force(d), 1e-9);
  }
}

TEST(RouteOrder, NeverWorseThanNearestNeighbourAndWithinFivePercentOfOptimal) {
  std::mt19937_64 rng(2);
  double worst_ratio = 1;
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 4 + trial % 7;  // 4..10 stops
    const auto d = straight_line_distances(random_points(rng, n));
    const Tour nn = nearest_neighbour_tour(d, 0);
    const Tour t = plan_tour(d);
    ASSERT_EQ(t.order.size(), n);
    std::vector<std::uint32_t> sorted = t.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t i = 0; i < n; ++i) ASSERT_EQ(sorted[i], i);  // a permutation
    EXPECT_EQ(t.order.front(), 0u);
    EXPECT_NEAR(t.length, tour_length(d, t.order), 1e-9);
    EXPECT_LE(t.length, nn.length + 1e-9);
    const double opt = held_karp(d);
    EXPECT_LE(t.length, 1.05 * opt + 1e-9) << "trial " << trial;
    worst_ratio = std::max(worst_ratio, t.length / opt);
  }
  RecordProperty("worst_ratio_to_optimal", std::to_string(worst_ratio));
}

TEST(RouteOrder, ImproveNeverLengthensLargerTours) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 10; ++trial) {
    const auto d = straight_line_distances(random_points(rng, 80));
    const Tour nn = nearest_neighbour_tour(d, 0);
    const Tour better = improve_tour(d, nn);
    EXPECT_LE(better.length, nn.length);
    EXPECT_LE(plan_tour(d).length, nn.length);
  }
}

TEST(RouteOrder, PointsOnACircleAreVisitedInCircleOrder) {
  // The optimum round a convex polygon is its perimeter order.
  std::vector<std::pair<double, double>> p;
  const std::vector<int> shuffled{0, 5, 2, 7, 1, 4, 6, 3, 9, 8, 11, 10};
  for (int k : shuffled) p.emplace_back(std::cos(k * 0.5235987755982988), std::sin(k * 0.5235987755982988));
  const Tour t = plan_tour(straight_line_distances(p));
  EXPECT_NEAR(t.length, 12 * 2 * std::sin(0.5235987755982988 / 2), 1e-9);
}

}  // namespace
}  // namespace hotspot::patrol
