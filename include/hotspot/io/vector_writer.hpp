#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hotspot/core/vector_layer.hpp"

namespace hotspot {

/// Writes one layer as GeoJSON per RFC 7946 (reprojected to WGS84 lon/lat, 7 decimals,
/// counter-clockwise exteriors), atomically.
void write_geojson(const VectorLayer& layer, const std::filesystem::path& path);

/// The text write_geojson would write for `layer` (RFC 7946: WGS84 lon/lat, 7 decimals),
/// made in memory (GDAL /vsimem/), for pages that embed layers.
[[nodiscard]] std::string geojson_text(const VectorLayer& layer);

/// Writes the layers into one GeoPackage in their own CRS, atomically. Timestamps GDAL would
/// put in the file are pinned so the same layers give the same bytes.
void write_geopackage(std::span<const VectorLayer* const> layers, const std::filesystem::path& path);

/// The kind of an ISO WKB geometry (unknown for the types our layers do not use).
[[nodiscard]] GeometryKind wkb_geometry_kind(std::string_view wkb);

/// A number for layer metadata: the shortest text that reads back to the same double.
[[nodiscard]] std::string metadata_number(double value);

/// A style kept in a GeoPackage's `layer_styles` table, QGIS's own convention (the table
/// QgsOgrProvider::saveStyle creates): QGIS applies a layer's default style when it opens it.
struct GeoPackageStyle {
  std::string layer;         ///< f_table_name: the styled layer, which must be in the GeoPackage
  std::string name;          ///< styleName; empty: the layer's name (as QGIS does)
  std::string qml;           ///< styleQML
  std::string sld;           ///< styleSLD (may be empty)
  std::string description;
  bool use_as_default = true;
};

/// write_geopackage plus `styles` in its `layer_styles` table (registered in gpkg_contents as
/// attributes), before the file is renamed into place.
void write_geopackage(std::span<const VectorLayer* const> layers, const std::filesystem::path& path,
                      std::span<const GeoPackageStyle> styles);

/// A GeoPackage written a layer at a time, as the layers become ready (plan writes plan.gpkg
/// on a thread of its own while its stages run): the same bytes as write_geopackage of the same
/// layers in the same order. finish() adds the styles and puts the file in place; without it
/// nothing is left. GDAL's settings for the file are the thread's own: make, use and drop a
/// writer on one thread.
class GeoPackageWriter {
 public:
  explicit GeoPackageWriter(const std::filesystem::path& path);
  ~GeoPackageWriter();
  GeoPackageWriter(const GeoPackageWriter&) = delete;
  GeoPackageWriter& operator=(const GeoPackageWriter&) = delete;
  void add(const VectorLayer& layer);
  void finish(std::span<const GeoPackageStyle> styles);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Adds `styles` to an existing GeoPackage, atomically (a copy is updated and renamed over
/// it). A default style replaces the layer's previous default flag, and a style with the
/// name of an existing style of that layer replaces it, as QGIS does. update_time is pinned
/// to 2000-01-01 so the bytes depend on content only. Throws Error(output) when the
/// GeoPackage cannot be updated or a styled layer is not in it.
void add_geopackage_styles(const std::filesystem::path& gpkg, std::span<const GeoPackageStyle> styles);

/// WKB builders for the geometries our algorithms produce.
[[nodiscard]] std::string wkb_point(double x, double y);
[[nodiscard]] std::string wkb_linestring(std::span<const std::pair<double, double>> points);
/// Rings: the first is the exterior; each ring is closed by the builder if it is not already.
[[nodiscard]] std::string wkb_polygon(std::span<const std::vector<std::pair<double, double>>> rings);

}  // namespace hotspot
