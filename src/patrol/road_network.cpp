#include "hotspot/patrol/road_network.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <tuple>

#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = UINT32_MAX;
}  // namespace

DistanceMatrix straight_line_distances(const std::vector<std::pair<double, double>>& points) {
  DistanceMatrix m;
  m.n = points.size();
  m.d.assign(m.n * m.n, 0.0);
  for (std::size_t i = 0; i < m.n; ++i) {
    for (std::size_t j = 0; j < m.n; ++j) {
      m.d[i * m.n + j] = std::hypot(points[i].first - points[j].first, points[i].second - points[j].second);
    }
  }
  return m;
}

RoadNetwork::RoadNetwork(const std::vector<Polyline>& lines, double node_tolerance_m) {
  if (!(node_tolerance_m > 0)) throw Error(ErrorCode::usage, "patrol.roads", "node tolerance must be positive");
  std::map<std::pair<std::int64_t, std::int64_t>, std::uint32_t> node_of;
  std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> edges;
  auto node = [&](double x, double y) {
    const std::pair<std::int64_t, std::int64_t> key{std::llround(x / node_tolerance_m), std::llround(y / node_tolerance_m)};
    auto [it, added] = node_of.emplace(key, static_cast<std::uint32_t>(x_.size()));
    if (added) {
      x_.push_back(x);
      y_.push_back(y);
    }
    return it->second;
  };
  for (const Polyline& line : lines) {
    std::uint32_t prev = node(line.points.front().first, line.points.front().second);
    for (std::size_t i = 1; i < line.points.size(); ++i) {
      const std::uint32_t cur = node(line.points[i].first, line.points[i].second);
      if (cur != prev) {
        const double len = std::hypot(x_[cur] - x_[prev], y_[cur] - y_[prev]);
        edges.emplace_back(prev, cur, len);
        edges.emplace_back(cur, prev, len);
      }
      prev = cur;
    }
  }
  if (x_.empty()) throw Error(ErrorCode::data, "patrol.roads", "the roads layer has no usable lines");
  std::sort(edges.begin(), edges.end());
  edges_ = edges.size();
  offsets_.assign(x_.size() + 1, 0);
  for (const auto& [a, b, len] : edges) offsets_[a + 1] += 1;
  for (std::size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  targets_.reserve(edges.size());
  lengths_.reserve(edges.size());
  for (const auto& [a, b, len] : edges) {
    targets_.push_back(b);
    lengths_.push_back(len);
  }
  // Connected parts by breadth-first search; the largest (ties: the one met first) is "main".
  component_.assign(x_.size(), kNone);
  std::vector<std::size_t> sizes;
  for (std::uint32_t s = 0; s < x_.size(); ++s) {
    if (component_[s] != kNone) continue;
    const auto c = static_cast<std::uint32_t>(sizes.size());
    std::size_t size = 0;
    std::vector<std::uint32_t> stack{s};
    component_[s] = c;
    while (!stack.empty()) {
      const std::uint32_t u = stack.back();
      stack.pop_back();
      ++size;
      for (std::uint32_t e = offsets_[u]; e < offsets_[u + 1]; ++e) {
        if (component_[targets_[e]] == kNone) {
          component_[targets_[e]] = c;
          stack.push_back(targets_[e]);
        }
      }
    }
    sizes.push_back(size);
  }
  main_component_ = static_cast<std::uint32_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
}

std::uint32_t RoadNetwork::nearest_node(double x, double y) const {
  std::uint32_t best = kNone;
  double best_d = kInf;
  for (std::uint32_t i = 0; i < x_.size(); ++i) {
    if (component_[i] != main_component_) continue;
    const double d = (x_[i] - x) * (x_[i] - x) + (y_[i] - y) * (y_[i] - y);
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

void RoadNetwork::dijkstra(std::uint32_t from, std::vector<double>& dist, std::vector<std::uint32_t>* previous) const {
  dist.assign(x_.size(), kInf);
  if (previous != nullptr) previous->assign(x_.size(), kNone);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  dist[from] = 0;
  heap.emplace(0.0, from);
  while (!heap.empty()) {
    const auto [du, u] = heap.top();
    heap.pop();
    if (du > dist[u]) continue;
    for (std::uint32_t e = offsets_[u]; e < offsets_[u + 1]; ++e) {
      const std::uint32_t v = targets_[e];
      const double dv = du + lengths_[e];
      if (dv < dist[v]) {
        dist[v] = dv;
        if (previous != nullptr) (*previous)[v] = u;
        heap.emplace(dv, v);
      }
    }
  }
}

std::vector<double> RoadNetwork::distances_from(std::uint32_t from) const {
  std::vector<double> dist;
  dijkstra(from, dist, nullptr);
  return dist;
}

std::vector<std::pair<double, double>> RoadNetwork::path(std::uint32_t from, std::uint32_t to) const {
  std::vector<double> dist;
  std::vector<std::uint32_t> previous;
  dijkstra(from, dist, &previous);
  if (dist[to] == kInf) return {};
  std::vector<std::pair<double, double>> out;
  for (std::uint32_t v = to; v != kNone; v = previous[v]) out.emplace_back(x_[v], y_[v]);
  std::reverse(out.begin(), out.end());
  return out;
}

DistanceMatrix RoadNetwork::distances_between(const std::vector<std::uint32_t>& nodes) const {
  DistanceMatrix m;
  m.n = nodes.size();
  m.d.assign(m.n * m.n, 0.0);
  std::vector<double> dist;
  for (std::size_t i = 0; i < m.n; ++i) {
    dijkstra(nodes[i], dist, nullptr);
    for (std::size_t j = 0; j < m.n; ++j) m.d[i * m.n + j] = dist[nodes[j]];
  }
  // Floating-point sums along a path and its reverse can differ in the last bit; the routing
  // heuristics assume symmetry, so use the smaller of the two.
  for (std::size_t i = 0; i < m.n; ++i) {
    for (std::size_t j = i + 1; j < m.n; ++j) {
      const double v = std::min(m.d[i * m.n + j], m.d[j * m.n + i]);
      m.d[i * m.n + j] = m.d[j * m.n + i] = v;
    }
  }
  return m;
}

}  // namespace hotspot::patrol
