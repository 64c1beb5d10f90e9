#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "hotspot/io/line_reader.hpp"

namespace hotspot::patrol {

/// Travel distances between n stops, row-major, in metres. Symmetric for our uses.
struct DistanceMatrix {
  std::size_t n = 0;
  std::vector<double> d;
  [[nodiscard]] double operator()(std::size_t i, std::size_t j) const { return d[i * n + j]; }
};

/// Straight-line distances between points.
[[nodiscard]] DistanceMatrix straight_line_distances(const std::vector<std::pair<double, double>>& points);

/// An undirected graph of the road lines: every vertex is a node (vertices within
/// `node_tolerance_m` merge, so ways that share an OSM node connect), every line edge an edge
/// weighted by its length. Shortest paths by Dijkstra with a binary heap.
class RoadNetwork {
 public:
  explicit RoadNetwork(const std::vector<Polyline>& lines, double node_tolerance_m = 0.01);

  [[nodiscard]] std::size_t node_count() const noexcept { return x_.size(); }
  [[nodiscard]] std::size_t edge_count() const noexcept { return edges_ / 2; }
  /// The nearest node of the largest connected part of the network (ties: lower node id), so
  /// stops never land on a fragment that no route can reach.
  [[nodiscard]] std::uint32_t nearest_node(double x, double y) const;
  [[nodiscard]] std::pair<double, double> node_point(std::uint32_t node) const { return {x_[node], y_[node]}; }
  /// Shortest-path lengths from `from` to every node (infinity when unreachable).
  [[nodiscard]] std::vector<double> distances_from(std::uint32_t from) const;
  /// The node sequence of a shortest path as coordinates; empty when unreachable.
  [[nodiscard]] std::vector<std::pair<double, double>> path(std::uint32_t from, std::uint32_t to) const;
  /// Road distances between the given nodes (one Dijkstra per node).
  [[nodiscard]] DistanceMatrix distances_between(const std::vector<std::uint32_t>& nodes) const;

 private:
  void dijkstra(std::uint32_t from, std::vector<double>& dist, std::vector<std::uint32_t>* previous) const;
  std::vector<double> x_;
  std::vector<double> y_;
  std::vector<std::uint32_t> offsets_;  // CSR adjacency
  std::vector<std::uint32_t> targets_;
  std::vector<double> lengths_;
  std::vector<std::uint32_t> component_;
  std::uint32_t main_component_ = 0;
  std::size_t edges_ = 0;
};

}  // namespace hotspot::patrol
