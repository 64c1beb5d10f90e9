#include "hotspot/privacy/raster_suppression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "hotspot/core/error.hpp"

namespace hotspot::privacy {

RasterSuppression suppress_sparse_cells(const GridSpec& grid, std::span<double> values,
                                        const WeightedPoints& points, double radius, std::int64_t min_count) {
  if (values.size() != grid.size()) throw Error(ErrorCode::internal, "privacy.publish", "raster size mismatch");
  if (!(radius >= 0) || !std::isfinite(radius)) throw Error(ErrorCode::usage, "privacy.publish", "bad support radius");
  // Each distinct location adds its incidents to the cells whose centre lies within the
  // radius: cost is locations x cells per disk, not cells x locations.
  std::vector<std::int64_t> count(grid.size(), 0);
  const double s = grid.cell_size;
  const double r2 = radius * radius;
  for (std::size_t p = 0; p < points.size(); ++p) {
    const double px = points.x[p], py = points.y[p];
    const std::int64_t n = points.count[p];
    if (radius <= 0) {
      const std::ptrdiff_t cell = grid.cell_of(px, py);
      if (cell >= 0) count[static_cast<std::size_t>(cell)] += n;
      continue;
    }
    // Columns whose centre x_min + (c + 0.5) s lies in [px - r, px + r]; rows likewise.
    const int c0 = std::max(0, static_cast<int>(std::ceil((px - radius - grid.x_min) / s - 0.5)));
    const int c1 = std::min(grid.cols - 1, static_cast<int>(std::floor((px + radius - grid.x_min) / s - 0.5)));
    const int r0 = std::max(0, static_cast<int>(std::ceil((grid.y_max - py - radius) / s - 0.5)));
    const int r1 = std::min(grid.rows - 1, static_cast<int>(std::floor((grid.y_max - py + radius) / s - 0.5)));
    for (int r = r0; r <= r1; ++r) {
      const double dy = grid.row_y(r) - py;
      for (int c = c0; c <= c1; ++c) {
        const double dx = grid.col_x(c) - px;
        if (dx * dx + dy * dy < r2) count[static_cast<std::size_t>(r) * grid.cols + c] += n;
      }
    }
  }
  RasterSuppression out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    ++out.cells_with_data;
    if (count[i] < min_count) {
      values[i] = std::numeric_limits<double>::quiet_NaN();
      ++out.cells_suppressed;
    }
  }
  return out;
}

}  // namespace hotspot::privacy
