#include "hotspot/core/grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/core/memory_limit.hpp"

namespace hotspot {

std::ptrdiff_t GridSpec::cell_of(double x, double y) const noexcept {
  const double fc = std::floor((x - x_min) / cell_size);
  const double fr = std::floor((y_max - y) / cell_size);
  auto col = static_cast<std::ptrdiff_t>(std::clamp(fc, -1.0, static_cast<double>(cols)));
  auto row = static_cast<std::ptrdiff_t>(std::clamp(fr, -1.0, static_cast<double>(rows)));
  // The outer east and south edges are closed, so a point on them still has a cell.
  if (col == cols && x == x_max()) col = cols - 1;
  if (row == rows && y == y_min()) row = rows - 1;
  if (col < 0 || col >= cols || row < 0 || row >= rows) return -1;
  return row * static_cast<std::ptrdiff_t>(cols) + col;
}

namespace {

std::string format_cell(double cell_size) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", cell_size);
  return text;
}

}  // namespace

GridSpec snap_grid(double x_min, double y_min, double x_max, double y_max, double cell_size,
                   double margin) {
  if (!(cell_size > 0.0) || !std::isfinite(cell_size)) {
    throw Error(ErrorCode::usage, "density.grid", "cell size must be a positive number of metres");
  }
  if (!std::isfinite(x_min) || !std::isfinite(y_min) || !std::isfinite(x_max) ||
      !std::isfinite(y_max) || x_max < x_min || y_max < y_min || !(margin >= 0.0)) {
    throw Error(ErrorCode::usage, "density.grid", "the grid extent is not a finite rectangle");
  }
  // Snapping to multiples of the cell size (not to the data) makes the grid depend only on
  // the extent rounded outward, so the same data always gives the same cells.
  const double west = std::floor((x_min - margin) / cell_size) * cell_size;
  const double south = std::floor((y_min - margin) / cell_size) * cell_size;
  const double east = std::ceil((x_max + margin) / cell_size) * cell_size;
  const double north = std::ceil((y_max + margin) / cell_size) * cell_size;
  const double cols = std::max(1.0, std::round((east - west) / cell_size));
  const double rows = std::max(1.0, std::round((north - south) / cell_size));
  if (cols * rows > 4.0e9 || cols > std::numeric_limits<int>::max() / 2 ||
      rows > std::numeric_limits<int>::max() / 2) {
    throw Error(ErrorCode::usage, "density.grid",
                "the grid would have more than 4 billion cells; use a larger cell size");
  }
  // The surface, the binned FFT's padded real and complex buffers and the edge-correction
  // mass: about 64 bytes a cell. Refused up front: the allocation itself would end in
  // std::bad_alloc or the out-of-memory killer, with no word of what to change.
  check_memory(cols * rows * 64.0, "density.grid",
               "a grid of " + std::to_string(static_cast<long long>(cols)) + " x " +
                   std::to_string(static_cast<long long>(rows)) + " cells of " + format_cell(cell_size) + " m",
               "use a larger cell size or a smaller area");
  GridSpec grid;
  grid.x_min = west;
  grid.y_max = north;
  grid.cell_size = cell_size;
  grid.cols = static_cast<int>(cols);
  grid.rows = static_cast<int>(rows);
  return grid;
}

GridSpec grid_covering(const WeightedPoints& points, double cell_size, double margin) {
  if (points.size() == 0) {
    throw Error(ErrorCode::data, "density.grid", "no points to cover with a grid");
  }
  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  return snap_grid(*xmin, *ymin, *xmax, *ymax, cell_size, margin);
}

GridSpec align_grid(const GridSpec& grid, const GridSpec& reference) {
  const double s = reference.cell_size;
  if (std::abs(grid.cell_size - s) > 1e-9 * s) {
    throw Error(ErrorCode::usage, "density.grid", "grids with different cell sizes cannot be aligned");
  }
  // Whole cells from the reference's origin; the 1e-9 slack keeps an edge that is already on the
  // lattice (up to round-off) where it is instead of adding a cell.
  const double west = reference.x_min + std::floor((grid.x_min - reference.x_min) / s + 1e-9) * s;
  const double north = reference.y_max - std::floor((reference.y_max - grid.y_max) / s + 1e-9) * s;
  const double east = reference.x_min + std::ceil((grid.x_max() - reference.x_min) / s - 1e-9) * s;
  const double south = reference.y_max - std::ceil((reference.y_max - grid.y_min()) / s - 1e-9) * s;
  GridSpec out;
  out.x_min = west;
  out.y_max = north;
  out.cell_size = s;
  out.cols = std::max(1, static_cast<int>(std::lround((east - west) / s)));
  out.rows = std::max(1, static_cast<int>(std::lround((north - south) / s)));
  return out;
}

}  // namespace hotspot
