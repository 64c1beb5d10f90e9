#pragma once

#include <map>
#include <string>
#include <vector>

#include "hotspot/density/kernel_density.hpp"

namespace hotspot::density {

/// Options of a dual kernel density comparison (CrimeStat's "dual KDE").
struct DualDensityOptions {
  /// The ratio is nodata (NaN) where the denominator is ≤ this value. With the default 0 only
  /// exact zeros are nodata; a small positive floor hides ratios of near-empty cells.
  double min_denominator = 0.0;
};

/// Difference and ratio of two surfaces on the same grid and in the same units.
struct DualDensityResult {
  GridSpec grid;
  std::vector<double> difference;  ///< first − second; NaN where either is nodata
  std::vector<double> ratio;       ///< first / second; NaN where either is nodata or second ≤ floor
  std::size_t undefined_ratio_cells = 0;  ///< valid cells whose ratio is nodata for the floor
  std::map<std::string, std::string> metadata;
};

/// Compares `first` with `second`. Throws Error(usage) when grids or units differ.
[[nodiscard]] DualDensityResult compare_densities(const DensityResult& first, const DensityResult& second,
                                                  const DualDensityOptions& options = {});

}  // namespace hotspot::density
