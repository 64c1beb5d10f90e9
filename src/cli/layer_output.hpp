#pragma once

#include <string>
#include <vector>

#include "hotspot/io/vector_writer.hpp"

namespace hotspot::cli {

/// Writes analysis layers to `path`: a GeoPackage (.gpkg) takes them all; GeoJSON (.geojson,
/// .json) takes one layer, the first. Throws Error (usage) for another extension.
void write_layers(const std::vector<const VectorLayer*>& layers, const std::string& path);

}  // namespace hotspot::cli
