#pragma once

#include <cstdint>
#include <vector>

#include "band_sums.hpp"
#include "hotspot/significance/cell_grid.hpp"

namespace hotspot::significance::detail {

/// The same sums as `band_sums` (lag and neighbour count per cell, zero outside the study
/// area), as two linear convolutions with the band's disc of cells, by FFT: the values and
/// the study-area mask are packed as the real and imaginary parts of one complex grid, so
/// one forward and one inverse 2-D transform give both. The cost is O(P log P) in the padded
/// grid size P, whatever the band's width. Hexagons are convolved on their axial lattice
/// (column - floor(row / 2)), on which the disc is the same for every cell.
///
/// When every study-area value is an integer (counts) and their absolute sum is at most 2^30,
/// the sums are rounded to integers and equal `band_sums` to the bit. Otherwise lag carries
/// the FFT's rounding error, of the order of 1e-16 x log2(P) x the largest |value| per cell
/// (within 1e-12 of the largest value in the tests). Counts are always exact.
///
/// Plans are made with FFTW_ESTIMATE under the library's FFTW planner lock, and each fixed
/// block of rows or columns is transformed by one plan whichever thread runs it, so the
/// output does not depend on `threads`.
void band_sums_fft(const CellValues& cells, const BandStencil& stencil, int threads,
                   std::vector<double>& lag, std::vector<std::uint32_t>& count);

/// Estimated run times, in seconds on one core, of `band_sums` and `band_sums_fft` on this
/// grid and stencil; `automatic` picks the smaller. The direct path costs per cell and row of
/// the disc, the FFT path per padded cell and log2 of the padded size.
struct BandSumCosts {
  double direct = 0.0;
  double fft = 0.0;
};
[[nodiscard]] BandSumCosts band_sum_costs(const CellGrid& grid, const BandStencil& stencil);

}  // namespace hotspot::significance::detail
