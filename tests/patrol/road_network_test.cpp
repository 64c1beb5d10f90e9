#include "hotspot/patrol/road_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace hotspot::patrol {
namespace {

TEST(RoadNetwork, ShortestPathFollowsTheRoadsAndAvoidsFragments) {
  // A square block 0..100 with a diagonal missing; plus a far fragment.
  Polyline a;
  a.points = {{0, 0}, {100, 0}, {100, 100}};
  Polyline b;
  b.points = {{100, 100}, {0, 100}, {0, 0}};
  Polyline fragment;
  fragment.points = {{49, 51}, {51, 51}};
  const RoadNetwork net({a, b, fragment});
  EXPECT_EQ(net.node_count(), 6u);
  EXPECT_EQ(net.edge_count(), 5u);
  const std::uint32_t origin = net.nearest_node(1, 1);
  const std::uint32_t corner = net.nearest_node(99, 99);
  EXPECT_EQ(net.node_point(origin), (std::pair<double, double>{0, 0}));
  EXPECT_DOUBLE_EQ(net.distances_from(origin)[corner], 200);
  const auto path = net.path(origin, corner);
  ASSERT_EQ(path.size(), 3u);
  // The fragment is closer to the centre but not reachable, so it is never chosen.
  const auto centre = net.node_point(net.nearest_node(50, 50));
  EXPECT_TRUE(centre.first == 0 || centre.first == 100);
  const DistanceMatrix m = net.distances_between({origin, corner});
  EXPECT_DOUBLE_EQ(m(0, 1), 200);
  EXPECT_DOUBLE_EQ(m(1, 0), 200);
}

TEST(RoadNetwork, DijkstraMatchesFloydWarshallOnRandomStreetGrids) {
  // Streets along a jittered 6×6 lattice with random gaps; the oracle is Floyd–Warshall on
  // the same vertices, built independently from the lines.
  std::mt19937_64 rng(12);
  for (int trial = 0; trial < 10; ++trial) {
    std::vector<std::pair<double, double>> v;
    for (int r = 0; r < 6; ++r) {
      for (int c = 0; c < 6; ++c) v.emplace_back(c * 100.0 + static_cast<double>(rng() % 20), r * 100.0 + static_cast<double>(rng() % 20));
    }
    std::vector<Polyline> lines;
    const std::size_t n = v.size();
    std::vector<double> fw(n * n, 1e300);
    for (std::size_t i = 0; i < n; ++i) fw[i * n + i] = 0;
    auto link = [&](std::size_t a, std::size_t b) {
      if (rng() % 4 == 0) return;  // a missing street
      Polyline l;
      l.points = {v[a], v[b]};
      lines.push_back(l);
      const double d = std::hypot(v[a].first - v[b].first, v[a].second - v[b].second);
      fw[a * n + b] = std::min(fw[a * n + b], d);
      fw[b * n + a] = std::min(fw[b * n + a], d);
    };
    for (std::size_t r = 0; r < 6; ++r) {
      for (std::size_t c = 0; c < 6; ++c) {
        if (c + 1 < 6) link(r * 6 + c, r * 6 + c + 1);
        if (r + 1 < 6) link(r * 6 + c, (r + 1) * 6 + c);
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) fw[i * n + j] = std::min(fw[i * n + j], fw[i * n + k] + fw[k * n + j]);
      }
    }
    const RoadNetwork net(lines);
    for (std::size_t a = 0; a < n; a += 5) {
      const std::uint32_t na = net.nearest_node(v[a].first, v[a].second);
      if (net.node_point(na) != v[a]) continue;  // v[a] is off the main part of the network
      const auto dist = net.distances_from(na);
      for (std::size_t b = 0; b < n; ++b) {
        const std::uint32_t nb = net.nearest_node(v[b].first, v[b].second);
        if (net.node_point(nb) != v[b]) continue;
        EXPECT_NEAR(dist[nb], fw[a * n + b], 1e-9) << trial << " " << a << " " << b;
        const auto path = net.path(na, nb);
        double along = 0;
        for (std::size_t k = 1; k < path.size(); ++k) {
          along += std::hypot(path[k].first - path[k - 1].first, path[k].second - path[k - 1].second);
        }
        EXPECT_NEAR(along, fw[a * n + b], 1e-9);
      }
    }
  }
}

}  // namespace
}  // namespace hotspot::patrol
