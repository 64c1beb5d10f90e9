#pragma once

#include <filesystem>
#include <span>

#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/style.hpp"

namespace hotspot::qgis {

/// The GeoPackage record of a style: its QML, named after the layer, used as the default.
[[nodiscard]] GeoPackageStyle geopackage_style(const LayerStyle& style);

/// Stores `styles` in the GeoPackage's `layer_styles` table (QGIS's schema; useAsDefault = 1,
/// f_table_name = LayerStyle::layer), so QGIS styles each layer when it is opened. The file is
/// updated atomically. Throws Error(usage) for an unusable style, Error(output) when a styled
/// layer is not in the GeoPackage or it cannot be written.
void write_layer_styles(const std::filesystem::path& gpkg, std::span<const LayerStyle> styles);

/// write_geopackage with the layers' styles stored in it, in one atomic write.
void write_styled_geopackage(std::span<const VectorLayer* const> layers, std::span<const LayerStyle> styles,
                             const std::filesystem::path& gpkg);

/// Writes `style` as `<path without extension>.qml` beside a GeoJSON (or any file) so QGIS
/// picks it up as the file's default style, atomically.
void write_qml_beside(const std::filesystem::path& data_file, const LayerStyle& style);
void write_qml_beside(const std::filesystem::path& data_file, const RasterStyle& style);

/// write_geojson, and the layer's standard_style as a .qml beside it.
void write_geojson_with_style(const VectorLayer& layer, const std::filesystem::path& geojson);

/// write_geopackage with each layer's standard_style in layer_styles, in one atomic write.
void write_geopackage_with_styles(std::span<const VectorLayer* const> layers, const std::filesystem::path& gpkg);

}  // namespace hotspot::qgis
