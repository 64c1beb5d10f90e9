#include "hotspot/clusters/hdbscan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include <omp.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot::clusters {
namespace {

constexpr const char* kStage = "clusters.hdbscan";

struct Edge {
  double distance;
  std::uint32_t a, b;
};

// A row of the condensed tree: `child` (a point, or a cluster when `is_cluster`) left
// cluster `parent` at `lambda`, taking `size` incidents with it.
struct CondensedRow {
  std::uint32_t parent;
  std::uint32_t child;
  bool is_cluster;
  double lambda;
  double size;
};

}  // namespace

HdbscanResult hdbscan(std::span<const double> x, std::span<const double> y, std::span<const double> weight,
                      const HdbscanOptions& options) {
  const std::size_t n = x.size();
  if (!(options.min_cluster_size >= 1.0) || !std::isfinite(options.min_cluster_size) ||
      !std::isfinite(options.min_samples) || !(options.resolution > 0.0) || !std::isfinite(options.resolution) ||
      options.threads < 0) {
    throw Error(ErrorCode::usage, kStage, "min cluster size >= 1, finite min samples and a positive resolution needed");
  }
  if (y.size() != n || (!weight.empty() && weight.size() != n)) {
    throw Error(ErrorCode::data, kStage, "x, y and weight columns differ in length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "x/y"}, "coordinate is not finite");
    }
    if (!weight.empty() && (!(weight[i] >= 1.0) || !std::isfinite(weight[i]))) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "weight"}, "weight must be a count >= 1");
    }
  }
  HdbscanResult result;
  result.label.assign(n, -1);
  result.probability.assign(n, 0.0);
  result.core_distance.assign(n, 0.0);
  if (n == 0) return result;
  const int threads = effective_threads(options.threads);
  const double min_samples = options.min_samples > 0.0 ? options.min_samples : options.min_cluster_size;
  const double mcs = options.min_cluster_size;
  auto w = [&](std::size_t i) { return weight.empty() ? 1.0 : weight[i]; };
  // sqrt of the squared sum, as R's dist() computes it: equal distances must come out
  // exactly equal for ties to be ordered as R orders them.
  auto dist = [&](std::size_t i, std::size_t j) {
    const double dx = x[i] - x[j], dy = y[i] - y[j];
    return std::sqrt(dx * dx + dy * dy);
  };

  // Core distances: the distance at which the neighbours' weights, the point's own first,
  // reach min_samples. Every other point weighs at least 1, so only the nearest
  // ceil(min_samples) others can matter.
  const auto candidates = static_cast<std::size_t>(std::ceil(min_samples));
#pragma omp parallel num_threads(threads)
  {
    std::vector<std::pair<double, std::uint32_t>> d;
#pragma omp for schedule(dynamic, 64)
    for (std::size_t i = 0; i < n; ++i) {
      double reached = w(i);
      if (reached >= min_samples) continue;  // core distance 0
      d.clear();
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i) d.emplace_back(dist(i, j), static_cast<std::uint32_t>(j));
      }
      const std::size_t take = std::min(candidates, d.size());
      std::partial_sort(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(take), d.end());
      double core = std::numeric_limits<double>::infinity();
      for (std::size_t k = 0; k < take; ++k) {
        reached += w(d[k].second);
        if (reached >= min_samples) {
          core = d[k].first;
          break;
        }
      }
      result.core_distance[i] = core;
    }
  }
  // Prim's algorithm on the complete mutual-reachability graph, serial: a parallel region
  // per step costs more in synchronisation than the O(m) scan it would split (and stalls
  // badly when the machine is busy). Ties go to the lower index.
  std::vector<Edge> edges;
  edges.reserve(n - 1);
  {
    const std::vector<double>& core = result.core_distance;
    std::vector<double> best(n, std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> from(n, 0);
    std::vector<std::uint8_t> in_tree(n, 0);
    std::size_t current = 0;
    in_tree[0] = 1;
    for (std::size_t step = 1; step < n; ++step) {
      double next_d = std::numeric_limits<double>::infinity();
      std::size_t next = n;
      const double cc = std::max(core[current], options.resolution);
      for (std::size_t j = 0; j < n; ++j) {
        if (in_tree[j]) continue;
        const double m = std::max({cc, core[j], dist(current, j)});
        if (m < best[j]) {
          best[j] = m;
          from[j] = static_cast<std::uint32_t>(current);
        }
        if (best[j] < next_d) {
          next_d = best[j];
          next = j;
        }
      }
      if (next == n) {  // only unreachable points left (infinite core distances)
        for (std::size_t j = 0; j < n; ++j) {
          if (!in_tree[j]) {
            next = j;
            break;
          }
        }
      }
      in_tree[next] = 1;
      edges.push_back({best[next], from[next], static_cast<std::uint32_t>(next)});
      current = next;
    }
  }
  // Equal mutual-reachability distances are common (a core distance often dominates), and
  // the order of equal merges shapes the binary tree the condensed tree is read from. Keep
  // Prim's order among equals, as R's dbscan::hdbscan does (a stable order() of its MST).
  std::stable_sort(edges.begin(), edges.end(), [](const Edge& p, const Edge& q) { return p.distance < q.distance; });

  // Single-linkage tree: leaves 0..n-1, internal nodes n.. in merge order.
  const std::size_t nodes = 2 * n - 1;
  std::vector<std::uint32_t> left(nodes, 0), right(nodes, 0);
  std::vector<double> height(nodes, 0.0), size(nodes, 0.0);
  for (std::size_t i = 0; i < n; ++i) size[i] = w(i);
  {
    std::vector<std::uint32_t> parent(nodes), top(n);
    std::iota(parent.begin(), parent.end(), 0u);
    std::iota(top.begin(), top.end(), 0u);  // union-find root -> tree node
    auto find = [&](std::uint32_t a) {
      while (parent[a] != a) a = parent[a] = parent[parent[a]];
      return a;
    };
    for (std::size_t k = 0; k < edges.size(); ++k) {
      const std::uint32_t ra = find(edges[k].a), rb = find(edges[k].b);
      const auto node = static_cast<std::uint32_t>(n + k);
      left[node] = top[ra];
      right[node] = top[rb];
      height[node] = edges[k].distance;
      size[node] = size[top[ra]] + size[top[rb]];
      parent[rb] = ra;
      top[ra] = node;
    }
  }

  // Condensed tree, top-down from the root as hdbscan's _condense_tree does.
  const double lambda_floor_point = 1.0 / options.resolution;
  std::vector<CondensedRow> rows;
  std::vector<double> birth{0.0};  // cluster 0 is the root
  std::vector<std::uint32_t> cluster_of(nodes, UINT32_MAX);
  const auto root = static_cast<std::uint32_t>(nodes - 1);
  cluster_of[root] = 0;
  std::vector<std::uint32_t> stack;
  auto leave = [&](std::uint32_t subtree, std::uint32_t cluster, double lambda) {
    stack.assign(1, subtree);
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      if (v < n) {
        rows.push_back({cluster, v, false, lambda, size[v]});
      } else {
        stack.push_back(left[v]);
        stack.push_back(right[v]);
      }
    }
  };
  std::vector<std::uint32_t> queue{root};
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const std::uint32_t v = queue[q];
    const std::uint32_t cluster = cluster_of[v];
    if (v < n) {
      // A single location carrying a cluster: its incidents leave at the resolution.
      rows.push_back({cluster, v, false, lambda_floor_point, size[v]});
      continue;
    }
    const double lambda = 1.0 / height[v];
    const std::uint32_t a = left[v], b = right[v];
    const bool big_a = size[a] >= mcs, big_b = size[b] >= mcs;
    if (big_a && big_b) {
      for (std::uint32_t child : {a, b}) {
        const auto id = static_cast<std::uint32_t>(birth.size());
        birth.push_back(lambda);
        cluster_of[child] = id;
        rows.push_back({cluster, id, true, lambda, size[child]});
        queue.push_back(child);
      }
    } else if (!big_a && !big_b) {
      leave(a, cluster, lambda);
      leave(b, cluster, lambda);
    } else {
      const std::uint32_t small = big_a ? b : a, big = big_a ? a : b;
      leave(small, cluster, lambda);
      cluster_of[big] = cluster;
      queue.push_back(big);
    }
  }

  // Stabilities and excess-of-mass selection, bottom-up (children have larger ids).
  const std::size_t clusters = birth.size();
  std::vector<double> stability(clusters, 0.0), max_lambda(clusters, 0.0);
  std::vector<std::vector<std::uint32_t>> children(clusters);
  for (const CondensedRow& r : rows) {
    stability[r.parent] += (r.lambda - birth[r.parent]) * r.size;
    max_lambda[r.parent] = std::max(max_lambda[r.parent], r.lambda);
    if (r.is_cluster) children[r.parent].push_back(r.child);
  }
  std::vector<std::uint8_t> selected(clusters, 0);
  std::vector<double> subtree_stability = stability;
  for (std::size_t c = clusters; c-- > 1;) {
    double from_children = 0.0;
    for (std::uint32_t child : children[c]) from_children += subtree_stability[child];
    if (from_children > subtree_stability[c]) {
      subtree_stability[c] = from_children;
    } else {
      selected[c] = 1;
      std::vector<std::uint32_t> below(children[c].begin(), children[c].end());
      while (!below.empty()) {
        const std::uint32_t d = below.back();
        below.pop_back();
        selected[d] = 0;
        below.insert(below.end(), children[d].begin(), children[d].end());
      }
    }
  }

  // Each point's selected ancestor cluster; labels numbered by first point index.
  std::vector<std::uint32_t> cluster_parent(clusters, UINT32_MAX);
  for (const CondensedRow& r : rows) {
    if (r.is_cluster) cluster_parent[r.child] = r.parent;
  }
  std::vector<std::uint32_t> selected_of(clusters, UINT32_MAX);
  for (std::size_t c = 0; c < clusters; ++c) {
    for (std::size_t a = c; a != UINT32_MAX; a = cluster_parent[a]) {
      if (selected[a]) {
        selected_of[c] = static_cast<std::uint32_t>(a);
        break;
      }
    }
  }
  std::vector<std::uint32_t> point_cluster(n, UINT32_MAX);
  std::vector<double> point_lambda(n, 0.0);
  for (const CondensedRow& r : rows) {
    if (!r.is_cluster) {
      point_cluster[r.child] = selected_of[r.parent];
      point_lambda[r.child] = r.lambda;
    }
  }
  std::vector<std::int32_t> label_of(clusters, -1);
  std::int32_t next_label = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t c = point_cluster[i];
    if (c == UINT32_MAX) continue;
    if (label_of[c] < 0) {
      label_of[c] = next_label++;
      result.cluster_stability.push_back(stability[c]);
    }
    result.label[i] = label_of[c];
    const double top = max_lambda[c];
    result.probability[i] = top > 0.0 && std::isfinite(top) ? std::min(point_lambda[i], top) / top : 1.0;
  }
  result.cluster_count = next_label;
  return result;
}

}  // namespace hotspot::clusters
