#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/density/kernel_density.hpp"

namespace hotspot {

/// What a density raster's cell values mean, read from the `units` metadata item that
/// `hotspot density` writes: per_km2 (mass = value × cell area in km²), per_cell (mass = value)
/// or probability (mass = value × a total the user gives).
using RasterDemandUnits = density::DensityUnits;

/// A density raster used as camera demand instead of (or beside) incident points.
struct RasterDemandOptions {
  std::filesystem::path path;  ///< a single-band GeoTIFF from `hotspot density`
  /// Incidents the probability surface stands for; required for probability rasters,
  /// refused for the others (their mass is already in incidents).
  std::optional<double> probability_total;
};

/// The raster's cells as demand points.
struct RasterDemand {
  /// One point per cell with positive mass, at the cell centre, ordered by (x, y) like
  /// collapse_locations; `weight` is the cell's expected incidents, `count` is 0 (a cell
  /// has no individual incidents) and `point_of` is empty.
  WeightedPoints points;
  RasterDemandUnits units = RasterDemandUnits::per_km2;
  std::string units_description;  ///< the band's unit type, e.g. "incidents per km2"
  double cell_area_m2 = 0;
  std::size_t cells = 0;          ///< all cells of the raster
  std::size_t nodata_cells = 0;   ///< nodata or NaN
  std::size_t empty_cells = 0;    ///< zero or negative (FFT round-off) values, not demand
  double total_mass = 0;          ///< sum of `points.weight`
};

[[nodiscard]] const char* raster_demand_units_name(RasterDemandUnits units) noexcept;

/// Reads the raster through GDAL and converts each valid cell to expected incidents. The
/// raster must be north-up and in `working_crs` (cell areas, and so the masses, would change
/// under reprojection, so a raster in another CRS is refused with the command that fixes it).
/// Throws Error(input) when GDAL cannot read it, Error(crs) on a CRS mismatch or none,
/// Error(data) on unknown units or a rotated grid, Error(usage) on a missing or stray total.
[[nodiscard]] RasterDemand read_raster_demand(const RasterDemandOptions& options, const std::string& working_crs);

/// The raster's CRS as "AUTHORITY:CODE" when it has one, else as WKT: the working CRS of a
/// plan made from the raster alone. Throws Error(input) or Error(crs) like read_raster_demand.
[[nodiscard]] std::string raster_crs(const std::filesystem::path& path);

}  // namespace hotspot
