#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/kernel.hpp"

namespace hotspot::density {

/// What one value of the surface means.
enum class DensityUnits {
  per_km2,      ///< incidents (or weight) per square kilometre
  per_cell,     ///< expected incidents per cell: per-m² density × cell area
  probability,  ///< per_cell divided by its sum over the grid (study area), so it sums to 1
};

/// How the sum of kernels is computed.
enum class DensityMethod {
  automatic,  ///< binned when it is estimated faster and accurate enough, else exact
  exact,      ///< every point adds its kernel at every cell centre within the support
  binned,     ///< linear binning onto the grid, then an FFT convolution: O(N + G log G)
};

[[nodiscard]] std::string_view units_name(DensityUnits units) noexcept;
/// The units a raster's "units" metadata item names (units_name's words); nullopt otherwise.
[[nodiscard]] std::optional<DensityUnits> units_from_name(std::string_view name) noexcept;
[[nodiscard]] std::string_view method_name(DensityMethod method) noexcept;

/// Options of a kernel density surface. Defaults follow the common practice of crime
/// mapping (quartic kernel, incidents per km²).
struct DensityOptions {
  Kernel kernel = Kernel::quartic;
  /// Metres: the support radius for the compact kernels, σ for the Gaussian. Must be > 0.
  double bandwidth = 200.0;
  DensityUnits units = DensityUnits::per_km2;
  DensityMethod method = DensityMethod::automatic;
  /// OpenMP threads; 0 uses OpenMP's default. Never changes the output bytes.
  int threads = 0;
  /// When > 0 the surface is divided by this many months (per-month rates, so maps of
  /// periods of different lengths are comparable). Ignored for probability units.
  double period_months = 0.0;
  /// Optional study area: one byte per grid cell (row-major like the values), 1 inside and
  /// 0 outside. When given, the surface is divided by the kernel mass inside the area
  /// (spatstat's edge correction) and cells outside are NaN (nodata).
  std::vector<std::uint8_t> study_area;
  /// Optional per-point bandwidths (adaptive kernel estimate, exact path only): one per
  /// point of the WeightedPoints, in metres. See bandwidth.hpp for kNN and Abramson rules.
  std::vector<double> point_bandwidths;
  /// Measure the median nearest-neighbour spacing of the points for the metadata and the
  /// snap-spacing note. Off for internal fits whose metadata and notes nobody reads (the
  /// temporal cross-validation, the backtest): it is a serial neighbour search per call.
  bool spacing_note = true;
};

/// A density surface and what it is.
struct DensityResult {
  GridSpec grid;
  /// Row-major from the north-west cell; NaN marks nodata (outside the study area).
  std::vector<double> values;
  /// Units, kernel, bandwidth, method, n, total weight, ...: written into raster metadata.
  std::map<std::string, std::string> metadata;
  /// Things the user should know (e.g. a bandwidth below the snap-point spacing).
  std::vector<std::string> notes;
  DensityMethod method = DensityMethod::exact;  ///< the path actually taken
  std::size_t points = 0;                       ///< distinct weighted points used
  double total_weight = 0.0;                    ///< Σ weights of the points used
};

/// Kernel density of weighted points on `grid`. Each point contributes weight × K_h at the
/// cell centres, so away from the edges the per-m² surface integrates to the total weight.
/// Throws Error(usage) on a non-positive bandwidth, a study-area mask or point-bandwidth
/// vector of the wrong size, or adaptive bandwidths with the binned method.
[[nodiscard]] DensityResult kernel_density(const WeightedPoints& points, const GridSpec& grid,
                                           const DensityOptions& options);
/// The same, the surface written into `storage`'s memory when it has room (a caller making
/// many surfaces of one grid, as the temporal CV does, hands the last one's values back: no
/// fresh pages each time). Same values.
[[nodiscard]] DensityResult kernel_density(const WeightedPoints& points, const GridSpec& grid,
                                           const DensityOptions& options, std::vector<double> storage);

/// The same for incidents, collapsing shared locations into weighted points first (police.uk
/// snap points then cost one point each).
[[nodiscard]] DensityResult kernel_density(const Incidents& incidents, const GridSpec& grid,
                                           const DensityOptions& options);

/// The "bandwidth 0" model: the weight in each cell (the micro-place count that temporal
/// cross-validation also scores), in the same units as a density and with the same
/// study-area nodata. Kernel, bandwidth, method and adaptive options are ignored.
[[nodiscard]] DensityResult cell_counts(const WeightedPoints& points, const GridSpec& grid,
                                        const DensityOptions& options);

/// Weighted points of a subset of incidents (row indices), collapsed by exact location and
/// ordered by (x, y); `point_of` is left empty.
[[nodiscard]] WeightedPoints collapse_rows(const Incidents& incidents,
                                           const std::vector<std::size_t>& rows);

/// The method `automatic` picks for these sizes: binned when its estimated cost is lower and
/// the bandwidth spans at least a few cells (so linear binning stays within 1% of exact).
[[nodiscard]] DensityMethod choose_method(std::size_t points, const GridSpec& grid, Kernel kernel,
                                          double bandwidth);

/// Kernel mass inside the study area seen from each cell centre, e(c) = Σ_g mask(g) K_h(c − g)
/// · cell area, by FFT convolution of the mask with the kernel. The divisor of the edge
/// correction; 0 outside the mask.
[[nodiscard]] std::vector<double> kernel_mass_inside(const GridSpec& grid,
                                                     const std::vector<std::uint8_t>& mask,
                                                     Kernel kernel, double bandwidth, int threads);

/// The median, over distinct locations, of the distance to the nearest other location: the
/// typical spacing of police.uk snap points. 0 when there are fewer than two locations.
[[nodiscard]] double median_nearest_neighbour_distance(const WeightedPoints& points);

/// The note to show when `bandwidth` (its support radius) is below the typical snap-point
/// spacing, or empty when it is not.
[[nodiscard]] std::string snap_spacing_note(double support_radius, double spacing,
                                            std::size_t locations);

}  // namespace hotspot::density
