#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/kernel.hpp"
#include "hotspot/density/kernel_density.hpp"

namespace hotspot::density {

/// The scale of a density run that another run can reuse (`--scale-like`), so that maps of
/// different periods share colours and hotspot definitions: the same kernel, bandwidth,
/// units, per-month rates, cell lattice, and the same density values as hotspot thresholds.
struct DensityScale {
  Kernel kernel = Kernel::quartic;
  double bandwidth = 0.0;   ///< metres, as DensityOptions::bandwidth
  DensityUnits units = DensityUnits::per_km2;
  /// The reference was per month: this run divides by its own number of months.
  bool per_month = false;
  GridSpec lattice;         ///< the reference grid: cell size and origin to align to
  /// (level name, value): the reference's hotspot thresholds, e.g. ("top 1%", 285.3).
  std::vector<std::pair<std::string, double>> thresholds;
  /// The mean the reference's multiples were of (`mean_multiple_base`, else its own
  /// `mean_cell_value`; written with --mean-multiples), so "2x mean" is the same density in
  /// both maps; absent when the reference has none.
  std::optional<double> mean_value;
};

/// The metadata items that record hotspot thresholds in a raster:
/// `hotspot_threshold_<level name>` = the value with 17 significant digits.
[[nodiscard]] std::map<std::string, std::string> threshold_metadata(
    const std::vector<std::pair<std::string, double>>& thresholds);

/// (level name, threshold) of levels, named "top 1%" etc.
[[nodiscard]] std::vector<std::pair<std::string, double>> named_thresholds(const std::vector<HotspotLevel>& levels);

/// The scale recorded in the metadata of a raster `hotspot density` wrote on `grid`. Throws
/// Error(data) naming the missing or unusable item (adaptive bandwidths and count maps have no
/// single kernel to reuse; a raster without thresholds was not written by hotspot density).
[[nodiscard]] DensityScale scale_from_metadata(const GridSpec& grid,
                                               const std::map<std::string, std::string>& metadata);

}  // namespace hotspot::density
