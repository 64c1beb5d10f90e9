#include "hotspot/clusters/dbscan.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::clusters {
namespace {

// scikit-learn's algorithm written out literally: all eps-neighbourhoods (d^2 <= eps^2, self
// included), weighted core test, then depth-first expansion from core points in index order
// (sklearn/cluster/_dbscan_inner.pyx). O(n^2), for small inputs only.
DbscanResult sklearn_oracle(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& w, double eps, double min_points) {
  const std::size_t n = x.size();
  std::vector<std::vector<std::size_t>> nbrs(n);
  DbscanResult r;
  r.core.assign(n, 0);
  r.label.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx * dx + dy * dy <= eps * eps) {
        nbrs[i].push_back(j);
        sum += w.empty() ? 1.0 : w[j];
      }
    }
    r.core[i] = sum >= min_points;
  }
  std::int32_t label = 0;
  std::vector<std::size_t> stack;
  for (std::size_t start = 0; start < n; ++start) {
    if (r.label[start] != -1 || !r.core[start]) continue;
    std::size_t i = start;
    while (true) {
      if (r.label[i] == -1) {
        r.label[i] = label;
        if (r.core[i]) {
          for (std::size_t v : nbrs[i]) {
            if (r.label[v] == -1) stack.push_back(v);
          }
        }
      }
      if (stack.empty()) break;
      i = stack.back();
      stack.pop_back();
    }
    ++label;
  }
  r.cluster_count = label;
  return r;
}

struct Cloud {
  std::vector<double> x, y, w;
};

// Integer coordinates and an integer eps make distances of exactly eps common (3-4-5
// triangles, axis steps) and exactly representable, so ties are really tested.
Cloud random_cloud(std::uint32_t seed, std::size_t n, int extent, bool weighted) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> coord(0, extent);
  std::uniform_int_distribution<int> weight(0, 4);
  std::uniform_int_distribution<int> pick(0, 9);
  Cloud c;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && pick(rng) < 3) {  // duplicate an earlier point, as police.uk snap points do
      std::uniform_int_distribution<std::size_t> earlier(0, i - 1);
      const std::size_t j = earlier(rng);
      c.x.push_back(c.x[j]);
      c.y.push_back(c.y[j]);
    } else {
      c.x.push_back(coord(rng));
      c.y.push_back(coord(rng));
    }
    if (weighted) c.w.push_back(weight(rng));
  }
  return c;
}

TEST(Dbscan, MatchesBruteForceSklearnAlgorithmExactlyIncludingBorders) {
  int compared = 0;
  const std::uint32_t seeds = hotspot::testing::kSanitized ? 12 : 60;
  for (std::uint32_t seed = 1; seed <= seeds; ++seed) {
    const bool weighted = seed % 2 == 0;
    const Cloud c = random_cloud(seed, 300 + seed * 7, 60 + static_cast<int>(seed) * 3, weighted);
    for (double eps : {2.0, 5.0, 10.0}) {
      for (double min_points : {1.0, 3.0, 6.0, 15.0}) {
        const DbscanResult want = sklearn_oracle(c.x, c.y, c.w, eps, min_points);
        DbscanOptions options;
        options.eps = eps;
        options.min_points = min_points;
        const DbscanResult got = dbscan(c.x, c.y, c.w, options);
        ASSERT_EQ(got.cluster_count, want.cluster_count) << "seed " << seed << " eps " << eps;
        ASSERT_EQ(got.core, want.core) << "seed " << seed << " eps " << eps;
        ASSERT_EQ(got.label, want.label) << "seed " << seed << " eps " << eps;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, static_cast<int>(seeds) * 12);
}

TEST(Dbscan, NonIntegerCoordinatesMatchBruteForce) {
  std::mt19937 rng(7);
  std::normal_distribution<double> blob(0.0, 30.0);
  std::uniform_real_distribution<double> centre(0.0, 1000.0);
  std::vector<double> x, y;
  for (int b = 0; b < 12; ++b) {
    const double cx = 530000 + centre(rng), cy = 180000 + centre(rng);
    for (int i = 0; i < 120; ++i) {
      x.push_back(cx + blob(rng));
      y.push_back(cy + blob(rng));
    }
  }
  DbscanOptions options;
  options.eps = 12.5;
  options.min_points = 8;
  const DbscanResult want = sklearn_oracle(x, y, {}, options.eps, options.min_points);
  const DbscanResult got = dbscan(x, y, {}, options);
  EXPECT_EQ(got.core, want.core);
  EXPECT_EQ(got.label, want.label);
  EXPECT_GT(got.cluster_count, 5);
}

TEST(Dbscan, WeightCountsLikeCopies) {
  // One snap point with 40 incidents is a cluster on its own at min_points 40; as one
  // unweighted point it is noise.
  const std::vector<double> x{0, 100, 100.5}, y{0, 0, 0};
  DbscanOptions options;
  options.eps = 1;
  options.min_points = 40;
  const std::vector<double> w{40, 20, 19};
  const DbscanResult r = dbscan(x, y, w, options);
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, -1, -1}));
  const std::vector<double> w2{40, 20, 20};
  EXPECT_EQ(dbscan(x, y, w2, options).label, (std::vector<std::int32_t>{0, 1, 1}));
  EXPECT_EQ(dbscan(x, y, {}, options).label, (std::vector<std::int32_t>{-1, -1, -1}));
}

TEST(Dbscan, DistanceExactlyEpsCounts) {
  const std::vector<double> x{0, 3, 6}, y{0, 4, 8};  // 5 apart
  DbscanOptions options;
  options.eps = 5;
  options.min_points = 2;
  EXPECT_EQ(dbscan(x, y, {}, options).label, (std::vector<std::int32_t>{0, 0, 0}));
  options.eps = 4.999999;
  EXPECT_EQ(dbscan(x, y, {}, options).label, (std::vector<std::int32_t>{-1, -1, -1}));
}

TEST(Dbscan, BorderPointJoinsFirstDiscoveredCluster) {
  // Two clusters (cores at 0..2 and 10..12 on a line) both reach the border point at 6.
  // Listed so that the right-hand cluster holds the lowest-index core point.
  const std::vector<double> x{10, 11, 12, 13, 6, -1, 0, 1, 2}, y(9, 0.0);
  DbscanOptions options;
  options.eps = 4;
  options.min_points = 4;
  const DbscanResult r = dbscan(x, y, {}, options);
  EXPECT_EQ(r.label, (std::vector<std::int32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(r.core[4], 0);
  EXPECT_EQ(r.core[8], 1);
}

TEST(Dbscan, ThreadCountDoesNotChangeResult) {
  const Cloud c = random_cloud(99, 20000, 2000, true);
  DbscanOptions options;
  options.eps = 15;
  options.min_points = 12;
  options.threads = 1;
  const DbscanResult one = dbscan(c.x, c.y, c.w, options);
  options.threads = 2;
  const DbscanResult two = dbscan(c.x, c.y, c.w, options);
  EXPECT_EQ(one.label, two.label);
  EXPECT_EQ(one.core, two.core);
  EXPECT_GT(one.cluster_count, 10);
}

TEST(Dbscan, WeightedPointsOverload) {
  WeightedPoints p;
  p.x = {0, 1, 50};
  p.y = {0, 0, 0};
  p.weight = {3, 2, 9};
  DbscanOptions options;
  options.eps = 2;
  options.min_points = 5;
  EXPECT_EQ(dbscan(p, options).label, (std::vector<std::int32_t>{0, 0, 1}));
}

TEST(Dbscan, RejectsBadInput) {
  const std::vector<double> x{0, 1}, y{0, 1};
  DbscanOptions options;
  options.eps = 0;
  EXPECT_THROW((void)dbscan(x, y, {}, options), Error);
  options.eps = 1;
  options.min_points = -1;
  EXPECT_THROW((void)dbscan(x, y, {}, options), Error);
  options.min_points = 2;
  const std::vector<double> bad_w{1, -1};
  EXPECT_THROW((void)dbscan(x, y, bad_w, options), Error);
  const std::vector<double> nan_x{0, std::nan("")};
  EXPECT_THROW((void)dbscan(nan_x, y, {}, options), Error);
  const std::vector<double> short_y{0};
  EXPECT_THROW((void)dbscan(x, short_y, {}, options), Error);
  EXPECT_TRUE(dbscan(std::vector<double>{}, std::vector<double>{}, {}, options).label.empty());
}

}  // namespace
}  // namespace hotspot::clusters
