#pragma once

#include <string>

#include <gdal.h>
#include <ogr_api.h>

#include "hotspot/io/incident_reader.hpp"
#include "io/layer_rows.hpp"

// Any vector source GDAL reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, PostGIS):
// coordinates from each feature's point geometry, in the layer's own CRS.
namespace hotspot::detail {

inline constexpr const char* kOgrStage = "readers.ogr";

/// The layer to read: the one ReadOptions::layer names (Error(input) when there is none by
/// that name), else the source's only layer (Error(usage) naming up to 20 when it has more).
[[nodiscard]] OGRLayerH pick_layer(GDALDatasetH ds, const ReadOptions& options, const std::string& source);

/// The CRS of the layer's coordinates: ReadOptions::crs, which overrides the layer's own,
/// else the layer's (its authority code, or WKT2); Error(crs) when there is neither.
[[nodiscard]] std::string ogr_crs(OGRLayerH layer, const ReadOptions& options, const std::string& source);

/// Binds an OGR source: coordinates from the geometry, the attribute columns by name.
[[nodiscard]] ColumnBinding bind_ogr_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& source);

}  // namespace hotspot::detail
