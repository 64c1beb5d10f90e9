#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <variant>

#include "hotspot/qgis/style.hpp"

namespace hotspot::qgis {

/// A rectangle in the project's CRS.
struct Extent {
  double x_min = 0;
  double y_min = 0;
  double x_max = 0;
  double y_max = 0;
};

/// One layer of a QGIS project, with its style embedded in the project.
struct ProjectLayer {
  std::string name;               ///< shown in the layers panel
  /// The file: absolute, or relative to the project's folder. Written relative to the
  /// project file, so the output folder can be moved as a whole.
  std::filesystem::path source;
  std::string layer;              ///< GeoPackage layer name; empty for a single-layer file (GeoJSON, GeoTIFF)
  std::variant<LayerStyle, RasterStyle> style;  ///< a raster style makes a raster (GDAL) layer
  bool visible = true;
  std::string crs;                ///< the layer's CRS (e.g. "EPSG:4326" for GeoJSON); empty: the project's
};

/// The text of a QGIS 3.22 project (.qgs) holding `top_to_bottom` in that drawing order, in
/// `crs` (written as a full spatialrefsys, so QGIS does not ask), opening on `extent`, with
/// paths relative to `project_dir`. Throws Error(crs) on an unknown CRS and Error(usage) on
/// an unusable style or duplicate layer names.
[[nodiscard]] std::string project_qgs(const std::filesystem::path& project_dir, const std::string& title,
                                      const std::string& crs, const Extent& extent,
                                      std::span<const ProjectLayer> top_to_bottom);

/// Writes project_qgs(...) to `qgs` atomically, paths relative to its folder.
void write_project(const std::filesystem::path& qgs, const std::string& title, const std::string& crs,
                   const Extent& extent, std::span<const ProjectLayer> top_to_bottom);

}  // namespace hotspot::qgis
