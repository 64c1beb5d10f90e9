#include "hotspot/significance/cell_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>

#include "hotspot/core/error.hpp"
#include "hotspot/core/memory_limit.hpp"

namespace hotspot::significance {
namespace {

constexpr const char* kStage = "significance.cells";

// Mean distance from each distinct point to its nearest distinct neighbour, with a uniform
// bucket grid searched in growing rings.
double mean_nearest_neighbour_distance(std::vector<std::pair<double, double>> pts) {
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  const std::size_t n = pts.size();
  if (n < 2) return 0.0;
  double x0 = pts[0].first, x1 = x0, y0 = pts[0].second, y1 = y0;
  for (const auto& [x, y] : pts) {
    x0 = std::min(x0, x); x1 = std::max(x1, x);
    y0 = std::min(y0, y); y1 = std::max(y1, y);
  }
  const double side = std::max(std::sqrt((x1 - x0) * (y1 - y0) / static_cast<double>(n)) * 2.0,
                               std::max(x1 - x0, y1 - y0) / 4096.0 + 1e-9);
  const auto cols = static_cast<std::int64_t>((x1 - x0) / side) + 1;
  const auto rows = static_cast<std::int64_t>((y1 - y0) / side) + 1;
  std::vector<std::vector<std::uint32_t>> bucket(static_cast<std::size_t>(cols * rows));
  auto cell_of = [&](double x, double y) {
    return std::pair{static_cast<std::int64_t>((x - x0) / side), static_cast<std::int64_t>((y - y0) / side)};
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto [c, r] = cell_of(pts[i].first, pts[i].second);
    bucket[static_cast<std::size_t>(r * cols + c)].push_back(static_cast<std::uint32_t>(i));
  }
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto [c, r] = cell_of(pts[i].first, pts[i].second);
    double best = std::numeric_limits<double>::infinity();
    for (std::int64_t ring = 0;; ++ring) {
      // Points in ring `ring` are at least (ring - 1) * side away.
      if (ring > 0 && static_cast<double>(ring - 1) * side > best) break;
      for (std::int64_t rr = r - ring; rr <= r + ring; ++rr) {
        for (std::int64_t cc = c - ring; cc <= c + ring; ++cc) {
          if (std::max(std::llabs(rr - r), std::llabs(cc - c)) != ring) continue;
          if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
          for (std::uint32_t j : bucket[static_cast<std::size_t>(rr * cols + cc)]) {
            if (j == i) continue;
            best = std::min(best, std::hypot(pts[i].first - pts[j].first, pts[i].second - pts[j].second));
          }
        }
      }
      if (ring > std::max(cols, rows)) break;
    }
    total += best;
  }
  return total / static_cast<double>(n);
}

double two_significant_figures(double v) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(v)) - 1.0);
  return std::round(v / magnitude) * magnitude;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> CellGrid::locate(double x, double y) const noexcept {
  if (shape == CellShape::square) {
    return {static_cast<std::int64_t>(std::floor((x - origin_x) / cell_size + 0.5)),
            static_cast<std::int64_t>(std::floor((y - origin_y) / cell_size + 0.5))};
  }
  const double h = row_spacing();
  const auto r0 = static_cast<std::int64_t>(std::floor((y - origin_y) / h + 0.5));
  std::pair<std::int64_t, std::int64_t> best{0, 0};
  double best_d2 = std::numeric_limits<double>::infinity();
  for (std::int64_t r = r0 - 1; r <= r0 + 1; ++r) {
    const double shift = (r & 1) != 0 ? 0.5 : 0.0;
    const auto c0 = static_cast<std::int64_t>(std::floor((x - origin_x) / cell_size - shift + 0.5));
    for (std::int64_t c = c0 - 1; c <= c0 + 1; ++c) {
      const double dx = x - (origin_x + (static_cast<double>(c) + shift) * cell_size);
      const double dy = y - (origin_y + static_cast<double>(r) * h);
      const double d2 = dx * dx + dy * dy;
      if (d2 < best_d2) {  // strict: scanning rows then columns upwards keeps the lower one
        best_d2 = d2;
        best = {c, r};
      }
    }
  }
  return best;
}

std::vector<std::pair<double, double>> CellGrid::outline(std::int32_t column, std::int32_t row) const {
  const auto [cx, cy] = centre(column, row);
  std::vector<std::pair<double, double>> ring;
  if (shape == CellShape::square) {
    const double h = cell_size / 2;
    ring = {{cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}, {cx - h, cy - h}};
  } else {
    // Pointy-top: circumradius = spacing / sqrt 3, vertices at 30 + 60k degrees.
    const double radius = cell_size / std::sqrt(3.0);
    for (int k = 0; k <= 6; ++k) {
      const double a = (30.0 + 60.0 * (k % 6)) * 3.14159265358979323846 / 180.0;
      ring.emplace_back(cx + radius * std::cos(a), cy + radius * std::sin(a));
    }
  }
  return ring;
}

CellValues aggregate_to_cells(std::span<const double> x, std::span<const double> y,
                              std::span<const double> weight, const CellGridOptions& options) {
  if (x.size() != y.size() || (!weight.empty() && weight.size() != x.size())) {
    throw Error(ErrorCode::data, kStage, "x, y and weight columns differ in length");
  }
  if (x.empty()) throw Error(ErrorCode::data, kStage, "no points to aggregate");
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "x/y"}, "coordinate is not finite");
    }
  }
  if (!std::isfinite(options.cell_size)) throw Error(ErrorCode::usage, kStage, "cell size must be finite");
  double size = options.cell_size;
  if (size <= 0.0) {
    std::vector<std::pair<double, double>> pts(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) pts[i] = {x[i], y[i]};
    size = std::max(1.0, two_significant_figures(std::max(mean_nearest_neighbour_distance(std::move(pts)), 1.0)));
  }
  const auto [x0, x1] = std::minmax_element(x.begin(), x.end());
  const auto [y0, y1] = std::minmax_element(y.begin(), y.end());
  CellValues cells;
  CellGrid& g = cells.grid;
  g.shape = options.shape;
  g.cell_size = size;
  const double h = g.row_spacing();
  // Cell centres on multiples of the spacing; one spare row/column keeps hexagon edges in.
  const double first_col = std::floor(*x0 / size) - 1, first_row = std::floor(*y0 / h) - 1;
  g.origin_x = first_col * size;
  g.origin_y = first_row * h;
  const double cols = std::floor(*x1 / size) + 2 - first_col, rows = std::floor(*y1 / h) + 2 - first_row;
  if (cols * rows > 4.0e8) {
    throw Error(ErrorCode::usage, kStage, "cell size " + std::to_string(size) + " makes more than 4e8 cells");
  }
  // Cell values, neighbour sums and counts, z-scores and p-values, and the FFT's padded
  // complex grid when the band is wide: about 96 bytes a cell.
  check_memory((cols + 1) * (rows + 2) * 96.0, kStage,
               "a grid of " + std::to_string(static_cast<long long>(cols + 1)) + " x " +
                   std::to_string(static_cast<long long>(rows + 2)) + " cells of " + std::to_string(size) + " m",
               "use a larger cell size");
  // Hexagon rows must keep their parity when the origin moves, so start on an even row.
  if (g.shape == CellShape::hexagon && std::fmod(std::fabs(first_row), 2.0) != 0.0) {
    g.origin_y -= h;
    g.rows = 1;
  }
  g.columns = static_cast<std::int32_t>(cols) + 1;
  g.rows += static_cast<std::int32_t>(rows) + 1;
  cells.value.assign(g.size(), 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto [c, r] = g.locate(x[i], y[i]);
    cells.value[static_cast<std::size_t>(r * g.columns + c)] += weight.empty() ? 1.0 : weight[i];
  }
  return cells;
}

}  // namespace hotspot::significance
