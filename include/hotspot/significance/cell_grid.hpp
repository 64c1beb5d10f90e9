#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace hotspot::significance {

/// Layout of the cells a Gi* analysis aggregates incidents into.
enum class CellShape {
  square,  ///< squares of side `cell_size`
  /// Pointy-top hexagons whose centres are `cell_size` apart: row r is at
  /// y = origin_y + r * cell_size * sqrt(3)/2, and odd rows are shifted by cell_size/2 in x.
  hexagon,
};

/// A regular grid of `columns` x `rows` cells, stored row-major from the south-west cell
/// (index = row * columns + column). `origin_x`, `origin_y` is the centre of cell (0, 0).
struct CellGrid {
  CellShape shape = CellShape::square;
  double origin_x = 0.0;
  double origin_y = 0.0;
  double cell_size = 100.0;
  std::int32_t columns = 0;
  std::int32_t rows = 0;

  [[nodiscard]] std::size_t size() const noexcept {
    return static_cast<std::size_t>(columns) * static_cast<std::size_t>(rows);
  }
  /// Distance between the centres of adjacent rows.
  [[nodiscard]] double row_spacing() const noexcept {
    return shape == CellShape::square ? cell_size : cell_size * std::sqrt(3.0) / 2.0;
  }
  /// Centre of cell (column, row).
  [[nodiscard]] std::pair<double, double> centre(std::int32_t column, std::int32_t row) const noexcept {
    const double shift = shape == CellShape::hexagon && (row & 1) != 0 ? 0.5 : 0.0;
    return {origin_x + (column + shift) * cell_size, origin_y + row * row_spacing()};
  }
  /// The cell containing (x, y) as (column, row), possibly outside the grid. For hexagons
  /// it is the cell with the nearest centre (ties to the lower row, then lower column).
  [[nodiscard]] std::pair<std::int64_t, std::int64_t> locate(double x, double y) const noexcept;
  /// Polygon ring (closed) of cell (column, row).
  [[nodiscard]] std::vector<std::pair<double, double>> outline(std::int32_t column, std::int32_t row) const;
};

/// One value per grid cell (e.g. incident counts) and which cells are in the study area.
/// Cells outside the mask neither count as observations nor as neighbours.
struct CellValues {
  CellGrid grid;
  std::vector<double> value;       ///< size() == grid.size()
  std::vector<std::uint8_t> mask;  ///< empty = every cell is in the study area
  [[nodiscard]] bool in_study_area(std::size_t cell) const noexcept { return mask.empty() || mask[cell] != 0; }
};

/// Options of `aggregate_to_cells`.
struct CellGridOptions {
  CellShape shape = CellShape::square;
  /// Cell size in CRS units; <= 0 chooses one automatically (see `aggregate_to_cells`).
  double cell_size = 0.0;
};

/// Sums point weights (empty = 1 each) into a grid covering the points' extent, with cells
/// aligned to multiples of the cell size so the same size gives the same cells for any
/// subset of the data. With an automatic size, the cell side is the mean distance from each
/// distinct point to its nearest distinct neighbour, rounded to 2 significant figures
/// (floored at 1), so a cell holds about one snap point — the scale ArcGIS's Optimized Hot
/// Spot Analysis aggregates to.
/// Throws `Error` on mismatched lengths, non-finite coordinates or an empty input.
[[nodiscard]] CellValues aggregate_to_cells(std::span<const double> x, std::span<const double> y,
                                            std::span<const double> weight, const CellGridOptions& options);

}  // namespace hotspot::significance
