#pragma once

#include <filesystem>
#include <map>
#include <span>
#include <string>

#include "hotspot/core/grid.hpp"

namespace hotspot {

/// How a single-band float32 GeoTIFF is written.
struct RasterWriteOptions {
  /// Cloud-Optimized GeoTIFF through GDAL's COG driver (tiles, overviews, IFDs first).
  bool cloud_optimized = false;
  int block_size = 256;            ///< tile width and height (a multiple of 16)
  double nodata = -9999.0;         ///< written where the values are NaN
  std::string crs;                 ///< anything OGRSpatialReference::SetFromUserInput takes; empty: none
  std::string band_description;    ///< e.g. "kernel density"
  std::string units;               ///< band unit type, e.g. "incidents per km2"
  /// Written as dataset metadata (GDAL_METADATA TIFF tag): kernel, bandwidth, method, ...
  std::map<std::string, std::string> metadata;
};

/// Writes `values` (row-major from the north-west cell, NaN = nodata) as a tiled,
/// DEFLATE-compressed float32 GeoTIFF, atomically (temporary file renamed into place). The
/// bytes depend only on the inputs: GDAL writes no creation time into GeoTIFFs.
/// Throws Error(output) when GDAL fails, Error(crs) on an unknown CRS, Error(usage) when
/// the values do not match the grid.
void write_geotiff(const std::filesystem::path& path, const GridSpec& grid,
                   std::span<const double> values, const RasterWriteOptions& options);

}  // namespace hotspot
