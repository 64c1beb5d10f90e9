#pragma once

#include <cstdint>
#include <vector>

#include "hotspot/significance/cell_grid.hpp"

namespace hotspot::significance::detail {

/// Columns c+lo .. c+hi of row r+dr are neighbours of cell (c, r).
struct StencilRow {
  std::int32_t dr;
  std::int32_t lo;
  std::int32_t hi;
};

/// The disc of cells within a distance band, as one column interval per row offset. Hexagon
/// rows alternate their shift, so the disc depends on the parity of the centre row.
struct BandStencil {
  std::vector<StencilRow> by_parity[2];
};

[[nodiscard]] BandStencil band_stencil(const CellGrid& grid, double band);

/// For every cell, the sum of study-area values and the number of study-area cells in its
/// band neighbourhood (itself included), from per-row prefix sums. Cells outside the study
/// area get 0 for both. Each cell adds its stencil rows in a fixed order, so the result does
/// not depend on `threads`.
void band_sums(const CellValues& cells, const BandStencil& stencil, int threads,
               std::vector<double>& lag, std::vector<std::uint32_t>& count);

/// Neighbour lists (self first, then the k nearest study-area cells by centre distance, ties
/// by row then column), for study-area cells; empty lists elsewhere.
[[nodiscard]] std::vector<std::vector<std::uint32_t>> nearest_cells(const CellValues& cells, int k);

}  // namespace hotspot::significance::detail
