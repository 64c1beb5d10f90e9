#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "hotspot/core/grid.hpp"

namespace hotspot {

/// What a single-band raster says about itself, without its cells.
struct RasterInfo {
  GridSpec grid;  ///< from the geotransform (north-up, square cells)
  std::string crs;         ///< "AUTHORITY:CODE" when GDAL knows one, else WKT; empty when none
  std::string units;       ///< band 1's unit type
  std::map<std::string, std::string> metadata;  ///< the dataset's default-domain metadata
};

/// Reads the grid, CRS, unit type and metadata of a raster (e.g. a GeoTIFF `hotspot density`
/// wrote). Throws Error(input) when GDAL cannot open it, Error(data) when it is rotated or its
/// cells are not square.
[[nodiscard]] RasterInfo read_raster_info(const std::filesystem::path& path);

}  // namespace hotspot
