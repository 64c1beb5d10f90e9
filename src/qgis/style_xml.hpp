#pragma once

// The parts of a style QGIS writes both into a .qml file and into a project's <maplayer>.

#include "hotspot/qgis/style.hpp"
#include "qgis/xml_writer.hpp"

namespace hotspot::qgis::detail {

/// The version QGIS writes into its files; ours are made for QGIS 3.22 (Debian 12).
inline constexpr const char* kQgisVersion = "3.22.16-Białowieża";
inline constexpr const char* kQgisDoctype = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>";

/// Throws Error(usage) when the style cannot be written.
void check_style(const LayerStyle& style);
void check_style(const RasterStyle& style);

/// "Point", "Line" or "Polygon" (the maplayer geometry attribute) and QGIS's geometry type
/// number (0, 1, 2).
[[nodiscard]] const char* geometry_name(GeometryKind kind);
[[nodiscard]] int geometry_type_number(GeometryKind kind);

/// The renderer-v2, labeling, opacity and blend elements of a vector layer.
void write_vector_style(XmlWriter& xml, const LayerStyle& style);
/// The pipe (renderer) and blend elements of a raster layer.
void write_raster_style(XmlWriter& xml, const RasterStyle& style);

}  // namespace hotspot::qgis::detail
