#pragma once

#include <cstdint>
#include <vector>

#include "hotspot/patrol/micro_places.hpp"

namespace hotspot::patrol {

/// How many places to patrol: the fewest covering a share of the harm, or a fixed number.
struct SelectionOptions {
  double harm_share = 0.25;  ///< used when `count` is 0: target share of the window's harm, (0, 1]
  std::uint32_t count = 0;   ///< a fixed number of places (the top of the ranking) when > 0
  /// Study area in m² for the area share of grid cells; 0: the bounding box of the places
  /// met (cells) — say which in outputs.
  double study_area_m2 = 0;
};

struct Selection {
  std::vector<std::uint32_t> places;  ///< indexes into MicroPlaces::places, in ranking order
  double harm = 0;                    ///< harm in the selected places
  double harm_share = 0;              ///< harm / MicroPlaces::total_harm
  double area_share = 0;              ///< cells: n·cell² / study area; segments: length / road length
  double concentration = 0;           ///< harm_share / area_share (1 = no concentration)
  bool target_reached = true;         ///< false when every place together holds less than the target
};

/// Selects places. With a share target, the result is the smallest number of places whose harm
/// reaches `harm_share` of the total: places are taken by harm (descending), ties by ranking
/// order, which is optimal for the cardinality; the selection is then reported in ranking order.
/// With `count`, the top `count` places of the ranking (stability-weighted score).
[[nodiscard]] Selection select_places(const MicroPlaces& places, const SelectionOptions& options);

}  // namespace hotspot::patrol
