#include "band_sums.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <omp.h>

#include "hotspot/core/huge_pages.hpp"

namespace hotspot::significance::detail {
namespace {

double row_shift(const CellGrid& grid, std::int64_t row) {
  return grid.shape == CellShape::hexagon && (row & 1) != 0 ? 0.5 : 0.0;
}

}  // namespace

BandStencil band_stencil(const CellGrid& grid, double band) {
  BandStencil stencil;
  const double h = grid.row_spacing();
  const double band2 = band * band;
  const auto max_dr = static_cast<std::int32_t>(std::floor(band / h)) + 1;
  const auto max_dc = static_cast<std::int32_t>(std::ceil(band / grid.cell_size)) + 2;
  for (int parity = 0; parity < 2; ++parity) {
    for (std::int32_t dr = -max_dr; dr <= max_dr; ++dr) {
      const double dy = dr * h;
      const double shift = row_shift(grid, parity + dr) - row_shift(grid, parity);
      std::int32_t lo = max_dc + 1, hi = -max_dc - 1;
      for (std::int32_t dc = -max_dc; dc <= max_dc; ++dc) {
        const double dx = (dc + shift) * grid.cell_size;
        if (dx * dx + dy * dy <= band2) {
          lo = std::min(lo, dc);
          hi = std::max(hi, dc);
        }
      }
      if (lo <= hi) stencil.by_parity[parity].push_back({dr, lo, hi});
    }
  }
  return stencil;
}

void band_sums(const CellValues& cells, const BandStencil& stencil, int threads,
               std::vector<double>& lag, std::vector<std::uint32_t>& count) {
  const std::int64_t cols = cells.grid.columns, rows = cells.grid.rows;
  const std::size_t stride = static_cast<std::size_t>(cols) + 1;
  std::vector<double> prefix;
  std::vector<std::uint32_t> prefix_count;
  assign_huge(prefix, stride * static_cast<std::size_t>(rows), 0.0);
  assign_huge(prefix_count, prefix.size(), std::uint32_t{0});
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t r = 0; r < rows; ++r) {
    double* p = prefix.data() + static_cast<std::size_t>(r) * stride;
    std::uint32_t* q = prefix_count.data() + static_cast<std::size_t>(r) * stride;
    p[0] = 0.0;
    q[0] = 0;
    for (std::int64_t c = 0; c < cols; ++c) {
      const std::size_t cell = static_cast<std::size_t>(r * cols + c);
      const bool in = cells.in_study_area(cell);
      p[c + 1] = p[c] + (in ? cells.value[cell] : 0.0);
      q[c + 1] = q[c] + (in ? 1u : 0u);
    }
  }
  assign_huge(lag, cells.grid.size(), 0.0);
  assign_huge(count, cells.grid.size(), std::uint32_t{0});
  const bool everywhere = cells.mask.empty();
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (std::int64_t r = 0; r < rows; ++r) {
    double* out = lag.data() + static_cast<std::size_t>(r * cols);
    std::uint32_t* out_count = count.data() + static_cast<std::size_t>(r * cols);
    for (const StencilRow& s : stencil.by_parity[r & 1]) {
      const std::int64_t rr = r + s.dr;
      if (rr < 0 || rr >= rows) continue;
      const double* p = prefix.data() + static_cast<std::size_t>(rr) * stride;
      const std::uint32_t* q = prefix_count.data() + static_cast<std::size_t>(rr) * stride;
      // Interior columns need no clamping; this loop vectorises.
      const std::int64_t first = std::clamp<std::int64_t>(-s.lo, 0, cols);
      const std::int64_t last = std::clamp<std::int64_t>(cols - 1 - s.hi, first, cols);
      auto clamped = [&](std::int64_t c) {
        const std::int64_t a = std::clamp<std::int64_t>(c + s.lo, 0, cols);
        const std::int64_t b = std::clamp<std::int64_t>(c + s.hi + 1, 0, cols);
        out[c] += p[b] - p[a];
        out_count[c] += q[b] - q[a];
      };
      for (std::int64_t c = 0; c < first; ++c) clamped(c);
      const double* pa = p + s.lo;
      const double* pb = p + s.hi + 1;
      if (everywhere) {
        // Without a mask an interior row segment always holds hi - lo + 1 cells.
        const auto width = static_cast<std::uint32_t>(s.hi - s.lo + 1);
        for (std::int64_t c = first; c < last; ++c) {
          out[c] += pb[c] - pa[c];
          out_count[c] += width;
        }
      } else {
        const std::uint32_t* qa = q + s.lo;
        const std::uint32_t* qb = q + s.hi + 1;
        for (std::int64_t c = first; c < last; ++c) {
          out[c] += pb[c] - pa[c];
          out_count[c] += qb[c] - qa[c];
        }
      }
      for (std::int64_t c = last; c < cols; ++c) clamped(c);
    }
  }
  // Cells outside the study area are not observations.
  if (!cells.mask.empty()) {
    for (std::size_t i = 0; i < lag.size(); ++i) {
      if (!cells.mask[i]) {
        lag[i] = 0.0;
        count[i] = 0;
      }
    }
  }
}

std::vector<std::vector<std::uint32_t>> nearest_cells(const CellValues& cells, int k) {
  const CellGrid& grid = cells.grid;
  const std::int64_t cols = grid.columns, rows = grid.rows;
  std::vector<std::vector<std::uint32_t>> result(grid.size());
  std::int64_t in_area = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) in_area += cells.in_study_area(i) ? 1 : 0;
  const std::int64_t want = std::min<std::int64_t>(k, in_area - 1);
  // Offsets sorted by distance for each row parity; the radius grows until k are found.
  // Distances are ranked by an exact integer key so ties break by row and column, not by
  // rounding: (dr^2 + dc^2) for squares, and for hexagons 4 d^2 / size^2 = u^2 + 3 dr^2 with
  // u = 2 (dc + shift), an integer.
  struct Offset {
    std::int64_t key;
    std::int32_t dr, dc;
  };
  const bool hex = grid.shape == CellShape::hexagon;
  std::int32_t radius = static_cast<std::int32_t>(std::ceil(std::sqrt(static_cast<double>(k)))) + 2;
  std::vector<Offset> offsets[2];
  auto build = [&] {
    for (int parity = 0; parity < 2; ++parity) {
      offsets[parity].clear();
      for (std::int32_t dr = -radius; dr <= radius; ++dr) {
        for (std::int32_t dc = -radius; dc <= radius; ++dc) {
          std::int64_t key = 0;
          if (hex) {
            const std::int64_t u = 2 * dc + (((parity + dr) & 1) != 0 ? 1 : 0) - (parity != 0 ? 1 : 0);
            key = u * u + 3 * std::int64_t{dr} * dr;
          } else {
            key = std::int64_t{dr} * dr + std::int64_t{dc} * dc;
          }
          offsets[parity].push_back({key, dr, dc});
        }
      }
      std::sort(offsets[parity].begin(), offsets[parity].end(), [](const Offset& a, const Offset& b) {
        return std::tie(a.key, a.dr, a.dc) < std::tie(b.key, b.dr, b.dc);
      });
    }
  };
  build();
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c) {
      const auto cell = static_cast<std::size_t>(r * cols + c);
      if (!cells.in_study_area(cell)) continue;
      while (true) {
        auto& list = result[cell];
        list.assign(1, static_cast<std::uint32_t>(cell));
        // Only offsets within a disc of `radius` rows are complete in the square of offsets.
        const std::int64_t limit = hex ? 3 * std::int64_t{radius} * radius : std::int64_t{radius} * radius;
        for (const Offset& o : offsets[r & 1]) {
          if (static_cast<std::int64_t>(list.size()) > want) break;
          if (o.key > limit) break;
          if (o.dr == 0 && o.dc == 0) continue;
          const std::int64_t rr = r + o.dr, cc = c + o.dc;
          if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
          const auto other = static_cast<std::size_t>(rr * cols + cc);
          if (cells.in_study_area(other)) list.push_back(static_cast<std::uint32_t>(other));
        }
        if (static_cast<std::int64_t>(list.size()) > want) break;
        radius *= 2;
        build();
      }
    }
  }
  return result;
}

}  // namespace hotspot::significance::detail
