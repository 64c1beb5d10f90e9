#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hotspot/density/density_scale.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/hotspot_polygons.hpp"
#include "hotspot/density/kernel.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "hotspot/density/temporal_cv.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/privacy/raster_suppression.hpp"

namespace hotspot::density {

/// How the bandwidth of a density map is chosen.
enum class BandwidthRule {
  fixed,             ///< DensityMapOptions::bandwidth metres
  scott,             ///< scott_bandwidth
  silverman,         ///< silverman_bandwidth
  arcgis,            ///< arcgis_bandwidth
  cross_validation,  ///< temporal cross-validation on held-out months (select_bandwidth_temporal_cv)
};

enum class AdaptiveRule { none, knn, abramson };

/// Everything the density step needs after the shared input step (`hotspot density`, and
/// `hotspot plan` with cross-validation).
struct DensityMapOptions {
  double cell = 10.0;
  BandwidthRule rule = BandwidthRule::fixed;
  double bandwidth = 200.0;  ///< metres, for BandwidthRule::fixed
  double cv_max = 3000.0;    ///< largest bandwidth cross-validation tries
  Kernel kernel = Kernel::quartic;
  DensityUnits units = DensityUnits::per_km2;
  DensityMethod method = DensityMethod::automatic;
  AdaptiveRule adaptive = AdaptiveRule::none;
  double knn = 30.0;
  bool per_month = false;
  /// Another map's scale (--scale-like): lattice, thresholds; the caller has already put its
  /// kernel, bandwidth, units, cell and per-month choice into these options.
  std::optional<DensityScale> scale;
  std::string scale_name;  ///< the reference's file name, for metadata and level names
  /// Hotspot polygons: percentages of the area (ignored with `scale`, whose thresholds are
  /// used) and density values; both empty: no polygons.
  std::vector<double> levels = {1.0, 5.0, 10.0};
  std::vector<double> contours;
  /// Hotspot polygons also at these multiples of the mean cell value over the study area
  /// (e.g. 1, 2, 3: the UK practice of thematic thresholds at multiples of the mean, Chainey &
  /// Ratcliffe 2005), levels named "2x mean".
  std::vector<double> mean_multiples;
  bool polygons = true;  ///< make the hotspot polygons (false: thresholds only)
  /// The hotspot thresholds reported (DensityMap::levels), written into the raster's metadata
  /// and reused by --scale-like: percentages of the area, as `levels`.
  std::vector<double> threshold_levels = {1.0, 5.0, 10.0};
  /// Publishing (--publish): > 0 sets to nodata every cell made from fewer than this many
  /// incidents (within the kernel's support) before the thresholds and polygons are cut.
  std::int64_t publish_min_count = 0;
  int threads = 0;
};

/// The map, how it was made, and its hotspot polygons.
struct DensityMap {
  GridSpec grid;
  DensityResult result;
  DensityOptions options;   ///< as used (for a second surface on the same terms)
  double bandwidth = 0.0;   ///< metres (the pilot with an adaptive rule)
  bool count_model = false; ///< cross-validation chose counts per cell: no kernel
  std::optional<TemporalCvResult> cv;
  /// Cells outside the study area when adaptive bandwidths (not edge corrected) were used.
  std::vector<std::uint8_t> nodata_mask;
  std::vector<HotspotLevel> levels;  ///< this map's own top 0.1..10% thresholds
  /// The mean cell value over the study area (nodata cells left out; before any publish
  /// suppression), and the value levels at `mean_multiples` of it: name, value, cells at or above.
  double mean_value = 0.0;
  /// The mean the levels are multiples of: `mean_value`, or with a scale the reference's.
  double mean_base = 0.0;
  struct ValueLevel {
    std::string name;
    double value = 0.0;
    std::size_t cells = 0;
  };
  std::vector<ValueLevel> mean_levels;
  RasterWriteOptions raster;         ///< CRS, band description, units and every parameter
  std::vector<HotspotPolygon> polygons;
  VectorLayer polygon_layer;         ///< "hotspots", in the working CRS
  /// With publish_min_count: the cells withheld, and the radius the incidents were counted in.
  std::optional<privacy::RasterSuppression> suppression;
  double publish_support_radius = 0.0;
  std::vector<std::string> notes;
};

/// Grid (the study area's bounds, or the incidents' widened by the kernel's support),
/// bandwidth, surface, thresholds and hotspot polygons. Throws Error(data) without incidents,
/// (usage) for a bandwidth beyond the data's extent.
[[nodiscard]] DensityMap density_map(const PreparedIncidents& prepared, const DensityMapOptions& options);

/// A note when the surface has fewer cells with any density (> 0) than some of the area
/// shares ask for (a count model or a narrow kernel on snap points): those levels then hold
/// only the cells with density. `values` NaN = outside the study area. None when every share
/// can be filled.
[[nodiscard]] std::optional<std::string> underfilled_levels_note(std::span<const double> values,
                                                                 std::span<const double> area_shares);

/// The hotspot polygons as a layer in the incidents' CRS; the surface's parameters go into
/// its metadata so a polygon file says what it was cut from.
[[nodiscard]] VectorLayer hotspot_polygon_layer(const std::vector<HotspotPolygon>& polygons, const Incidents& incidents,
                                                const DensityResult& result);

}  // namespace hotspot::density
