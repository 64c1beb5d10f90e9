#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hotspot/patrol/road_network.hpp"

namespace hotspot::patrol {

struct BeatOptions {
  std::uint32_t units = 1;         ///< patrol units (beats) to split the stops among
  double balance_tolerance = 0.10; ///< a unit's workload may exceed the mean by this share
  int max_iterations = 100;
};

/// Stops split among units. Each unit's workload is the sum of its stops' workloads
/// (visits × minutes per visit).
struct Beats {
  std::vector<std::uint32_t> unit_of;   ///< per stop
  std::vector<std::uint32_t> medoid;    ///< per unit: the stop at its centre (UINT32_MAX when empty)
  std::vector<double> workload;         ///< per unit
  double capacity = 0;                  ///< (1 + tolerance) × total / units
  double cost = 0;                      ///< Σ workload × distance to the unit's medoid
};

/// Balanced k-medoids (a capacitated p-median heuristic): medoids start at the weighted
/// 1-median and then the stops farthest from those chosen; each round assigns stops in order of
/// regret (second-nearest minus nearest medoid distance, largest first, ties by index) to
/// the nearest medoid whose unit stays within the capacity (else the least-loaded unit),
/// then moves each medoid to the member with the least workload-weighted distance to the
/// others; stops when the medoids repeat. A swap phase (PAM) then moves any medoid to any
/// other stop while that lowers the cost (the capacitated assignment is redone for each trial).
/// Deterministic.
[[nodiscard]] Beats assign_beats(const DistanceMatrix& distances, std::span<const double> workload,
                                 const BeatOptions& options);

}  // namespace hotspot::patrol
