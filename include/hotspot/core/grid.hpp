#pragma once

#include <array>
#include <cstddef>

#include "hotspot/core/incidents.hpp"

namespace hotspot {

/// A north-up raster grid in a projected CRS (metres). Cells are stored row-major with row 0
/// at the north edge, as GDAL and GeoTIFF store them. Cell (col, row) covers
/// [x_min + col·s, x_min + (col+1)·s] × [y_max − (row+1)·s, y_max − row·s].
struct GridSpec {
  double x_min = 0.0;      ///< west edge
  double y_max = 0.0;      ///< north edge
  double cell_size = 1.0;  ///< square cells, metres
  int cols = 0;
  int rows = 0;

  [[nodiscard]] double x_max() const noexcept { return x_min + cols * cell_size; }
  [[nodiscard]] double y_min() const noexcept { return y_max - rows * cell_size; }
  [[nodiscard]] double col_x(int col) const noexcept { return x_min + (col + 0.5) * cell_size; }
  [[nodiscard]] double row_y(int row) const noexcept { return y_max - (row + 0.5) * cell_size; }
  [[nodiscard]] std::size_t size() const noexcept {
    return static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
  }
  [[nodiscard]] double cell_area() const noexcept { return cell_size * cell_size; }
  /// GDAL's affine geotransform {x_min, s, 0, y_max, 0, −s}.
  [[nodiscard]] std::array<double, 6> geotransform() const noexcept {
    return {x_min, cell_size, 0.0, y_max, 0.0, -cell_size};
  }
  /// The index of the cell containing (x, y), or −1 when outside. A point on a shared edge
  /// belongs to the cell east / south of it, except on the grid's east and south borders.
  [[nodiscard]] std::ptrdiff_t cell_of(double x, double y) const noexcept;

  friend bool operator==(const GridSpec&, const GridSpec&) = default;
};

/// The grid of `cell_size` cells covering [x_min, x_max] × [y_min, y_max] widened by
/// `margin` on every side, with edges snapped outward to whole multiples of the cell size
/// (so two runs over overlapping data share cell boundaries). At least one cell each way.
/// Throws Error(usage) when the cell size is not positive or the extent is not finite.
[[nodiscard]] GridSpec snap_grid(double x_min, double y_min, double x_max, double y_max,
                                 double cell_size, double margin = 0.0);

/// snap_grid over the points' bounding box. Throws Error(data) when there are no points.
[[nodiscard]] GridSpec grid_covering(const WeightedPoints& points, double cell_size,
                                     double margin = 0.0);

/// `grid` widened outward to the cell lattice of `reference` (same cell size; edges on
/// reference.x_min + i·s and reference.y_max − j·s), so the cells of two rasters coincide
/// wherever they overlap. Throws Error(usage) when the cell sizes differ.
[[nodiscard]] GridSpec align_grid(const GridSpec& grid, const GridSpec& reference);

}  // namespace hotspot
