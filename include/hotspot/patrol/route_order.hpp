#pragma once

#include <cstdint>
#include <vector>

#include "hotspot/patrol/road_network.hpp"

namespace hotspot::patrol {

/// A closed tour through stops (it returns to the first stop: a beat walked round and round).
struct Tour {
  std::vector<std::uint32_t> order;  ///< indexes into the distance matrix
  double length = 0;                 ///< including the leg back to the start
};

/// Length of the closed tour `order`.
[[nodiscard]] double tour_length(const DistanceMatrix& d, const std::vector<std::uint32_t>& order);

/// Nearest-neighbour tour from `start` (ties: lower index).
[[nodiscard]] Tour nearest_neighbour_tour(const DistanceMatrix& d, std::uint32_t start);

/// Improves a tour with 2-opt (reverse a stretch) and Or-opt (move a run of 1–3 stops, either
/// way round, elsewhere) until neither shortens it; never lengthens it.
[[nodiscard]] Tour improve_tour(const DistanceMatrix& d, Tour tour);

/// The route heuristic: nearest neighbour from every start (at most 64 starts, spread evenly),
/// each improved; the shortest wins (ties: earliest start), rotated to begin at stop 0.
/// Never longer than the nearest-neighbour tour from stop 0.
[[nodiscard]] Tour plan_tour(const DistanceMatrix& d);

}  // namespace hotspot::patrol
