#pragma once

#include <cstdint>
#include <vector>

#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/significance/multiple_testing.hpp"

namespace hotspot::significance {

/// How the neighbours of a cell are chosen. The cell itself is always one of them (Gi*).
enum class Neighbourhood {
  distance_band,      ///< cells whose centres are within `band` (0 <= d <= band)
  nearest_neighbours, ///< the cell and its `k` nearest cells (ties by row, then column)
};

/// How the p-value of each cell is obtained.
enum class Inference {
  normal,       ///< from the Gi* z-score, two-sided (as ArcGIS Hot Spot Analysis)
  permutation,  ///< conditional randomisation: the cell's value fixed, the others permuted
};

/// How the neighbourhood sums of a distance band are computed. Both give the same sums to
/// the bit for integer values (counts); see `getis_ord_gi_star`.
enum class BandSums {
  automatic,  ///< whichever of the two a cost model expects to be faster
  direct,     ///< per-row prefix sums: O(cells x rows of the band's disc)
  fft,        ///< FFT convolution with the disc: O(padded cells x log), whatever the band
};

/// Options of `getis_ord_gi_star` (pipeline stage `significance.gistar`).
struct GiStarOptions {
  Neighbourhood neighbourhood = Neighbourhood::distance_band;
  /// Distance band in CRS units for `distance_band`. Pick one that is not an exact distance
  /// between cell centres if results are to be compared with other tools: there, rounding
  /// decides the ties.
  double band = 0.0;
  int k = 8;  ///< neighbours besides the cell itself, for `nearest_neighbours`
  BandSums band_sums = BandSums::automatic;  ///< for `distance_band`; never changes counts' results
  Correction correction = Correction::false_discovery_rate;
  Inference inference = Inference::normal;
  int permutations = 999;
  std::uint64_t seed = 20240101;
  int threads = 0;  ///< OpenMP threads, 0 = OpenMP default; never changes the result
};

/// Gi* per cell; NaN (and bin 0) for cells outside the study area, and z NaN / p 1 where the
/// neighbourhood covers the whole study area (the statistic has no variance there).
struct GiStarResult {
  std::vector<double> z;           ///< Gi* z-score (spdep::localG with include.self)
  std::vector<double> p;           ///< two-sided p (normal) or pseudo p (permutation)
  std::vector<double> p_adjusted;  ///< after `correction`
  std::vector<std::int8_t> bin;    ///< -3..3 as ArcGIS's Gi_Bin, from `p_adjusted`
  std::vector<std::uint32_t> neighbours;  ///< number of neighbours, the cell included
  std::size_t cells_in_study_area = 0;
  double mean = 0.0;               ///< mean value over the study area
  double standard_deviation = 0.0; ///< population standard deviation over the study area
  /// How the band sums were computed (`direct` or `fft`; `direct` for nearest neighbours).
  BandSums band_sums = BandSums::direct;
};

/// Getis-Ord Gi* with binary weights:
///   z_i = (sum_j w_ij x_j - xbar W_i) / (S sqrt((n W_i - W_i^2) / (n - 1)))
/// with W_i = number of neighbours (self included), xbar and S the mean and population SD of
/// the n study-area cells — the formula of spdep::localG and ArcGIS.
///
/// For a distance band, the neighbourhood sums (sum_j w_ij x_j and W_i) are either taken from
/// per-row prefix sums over the rows of the band's disc of cells, O(cells x rows of the disc)
/// time and O(cells) memory, or computed as convolutions of the values and of the study-area
/// mask with the disc by FFT (FFTW), O(P log P) time in the zero-padded grid size P (the grid
/// plus the band's reach on each axis, up to twice the grid; hexagons on their axial lattice,
/// about 1.5 times wider) and about 24 bytes per padded cell, whatever the band.
/// `BandSums::automatic` picks the path a cost model expects to be faster (the FFT for wide
/// bands), so the cost is bounded for any band. Integer values (counts) give the same sums to
/// the bit on both paths, hence the same z, p and bins; other values differ between the paths
/// by the FFT's rounding, ~1e-13 relative to the largest value.
/// Permutation inference draws, per cell and permutation, W_i - 1 values without
/// replacement from the other cells (cost O(cells x permutations x W_i)); the pseudo p is
/// 2 (1 + #{permuted sums at least as extreme on the observed side}) / (permutations + 1),
/// capped at 1. Each cell has its own random stream derived from `seed`, so results do not
/// depend on threads.
/// Throws `Error` (usage) for bad options and (data) when fewer than 3 cells are in the
/// study area or all their values are equal.
[[nodiscard]] GiStarResult getis_ord_gi_star(const CellValues& cells, const GiStarOptions& options);

}  // namespace hotspot::significance
