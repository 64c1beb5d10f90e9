#include "hotspot/patrol/beats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace hotspot::patrol {
namespace {

TEST(Beats, WellSeparatedEqualClustersAreRecovered) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> jitter(0, 30);
  const std::vector<std::pair<double, double>> centres{{0, 0}, {5000, 0}, {0, 5000}};
  std::vector<std::pair<double, double>> pts;
  std::vector<int> truth;
  for (int i = 0; i < 30; ++i) {
    const auto& c = centres[static_cast<std::size_t>(i % 3)];
    pts.emplace_back(c.first + jitter(rng), c.second + jitter(rng));
    truth.push_back(i % 3);
  }
  const std::vector<double> work(30, 15.0);
  BeatOptions options;
  options.units = 3;
  const Beats b = assign_beats(straight_line_distances(pts), work, options);
  // Same partition as the truth, whatever the unit numbers.
  for (std::size_t i = 0; i < 30; ++i) {
    for (std::size_t j = 0; j < 30; ++j) {
      EXPECT_EQ(truth[i] == truth[j], b.unit_of[i] == b.unit_of[j]) << i << " " << j;
    }
  }
  for (double w : b.workload) EXPECT_DOUBLE_EQ(w, 150);
}

TEST(Beats, WorkloadStaysWithinTheCapacity) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 2000);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<std::pair<double, double>> pts;
    std::vector<double> work;
    for (int i = 0; i < 60; ++i) {
      // A dense centre and a sparse fringe: unbalanced unless the capacity bites.
      const double s = i < 40 ? 0.1 : 1.0;
      pts.emplace_back(u(rng) * s, u(rng) * s);
      work.push_back(15.0 * static_cast<double>(1 + rng() % 4));
    }
    BeatOptions options;
    options.units = 4;
    options.balance_tolerance = 0.15;
    const Beats b = assign_beats(straight_line_distances(pts), work, options);
    double total = 0;
    for (double w : work) total += w;
    EXPECT_NEAR(b.capacity, 1.15 * total / 4, 1e-9);
    double sum = 0;
    for (double w : b.workload) {
      // At most one stop over: a unit only overflows when nothing fits anywhere.
      EXPECT_LE(w, b.capacity + 60.0);
      sum += w;
    }
    EXPECT_NEAR(sum, total, 1e-9);
    // Recount the loads from the assignment.
    std::vector<double> recount(4, 0);
    for (std::size_t i = 0; i < pts.size(); ++i) recount[b.unit_of[i]] += work[i];
    for (std::size_t u2 = 0; u2 < 4; ++u2) EXPECT_NEAR(recount[u2], b.workload[u2], 1e-9);
  }
}

TEST(Beats, CloseToTheExactPMedianOnSmallInstances) {
  // With a capacity that never binds, the problem is the weighted p-median; brute force over
  // every choice of 3 medoids among 10 stops is the oracle.
  std::mt19937_64 rng(6);
  std::uniform_real_distribution<double> u(0, 1000);
  double ratio_sum = 0;
  const int trials = 40;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<std::pair<double, double>> pts;
    std::vector<double> work;
    for (int i = 0; i < 10; ++i) {
      pts.emplace_back(u(rng), u(rng));
      work.push_back(static_cast<double>(1 + rng() % 5));
    }
    const DistanceMatrix d = straight_line_distances(pts);
    BeatOptions options;
    options.units = 3;
    options.balance_tolerance = 100;  // capacity never binds
    const Beats b = assign_beats(d, work, options);
    double best = 1e300;
    for (std::uint32_t a = 0; a < 10; ++a) {
      for (std::uint32_t c = a + 1; c < 10; ++c) {
        for (std::uint32_t e = c + 1; e < 10; ++e) {
          double cost = 0;
          for (std::uint32_t i = 0; i < 10; ++i) cost += work[i] * std::min({d(i, a), d(i, c), d(i, e)});
          best = std::min(best, cost);
        }
      }
    }
    EXPECT_GE(b.cost, best - 1e-9);
    EXPECT_LE(b.cost, 1.2 * best) << trial;
    ratio_sum += b.cost / best;
  }
  EXPECT_LE(ratio_sum / trials, 1.02);
}

TEST(Beats, MoreUnitsThanStopsLeavesSomeEmpty) {
  const std::vector<std::pair<double, double>> pts{{0, 0}, {100, 0}};
  BeatOptions options;
  options.units = 4;
  const Beats b = assign_beats(straight_line_distances(pts), std::vector<double>{15, 15}, options);
  EXPECT_NE(b.unit_of[0], b.unit_of[1]);
  EXPECT_EQ(b.medoid[2], UINT32_MAX);
  EXPECT_EQ(b.workload[3], 0);
}

}  // namespace
}  // namespace hotspot::patrol
