#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"

namespace hotspot::privacy {

struct RasterSuppression {
  std::size_t cells_with_data = 0;   ///< cells that had a value (not nodata) before
  std::size_t cells_suppressed = 0;  ///< of those, set to nodata
};

/// Publishing a density surface: sets to nodata (NaN) every cell whose value is made from
/// fewer than `min_count` incidents, i.e. fewer than k incidents lie within `radius` metres
/// of the cell centre (strictly: the kernel is 0 on its edge). `radius` 0 counts the incidents inside the cell
/// itself (a per-cell count surface). Counts are `points.count`, never weights.
RasterSuppression suppress_sparse_cells(const GridSpec& grid, std::span<double> values,
                                        const WeightedPoints& points, double radius, std::int64_t min_count);

}  // namespace hotspot::privacy
