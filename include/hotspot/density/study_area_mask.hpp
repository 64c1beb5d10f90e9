#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/core/grid.hpp"

namespace hotspot::density {

/// The study-area mask of a grid: 1 for cells whose centre lies inside the polygon(s) given
/// as ISO WKB in the grid's CRS, else 0 (GDAL's rasterizer without ALL_TOUCHED, so the rule
/// is the cell centre's, as for the density values). Throws Error(data) on invalid WKB.
[[nodiscard]] std::vector<std::uint8_t> rasterize_study_area(const std::string& wkb, const GridSpec& grid);

}  // namespace hotspot::density
