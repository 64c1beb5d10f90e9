#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

/// Vector layers as the analyses make them: our own types, no GDAL (the writers in io/ turn
/// them into GeoJSON and GeoPackage). Shared by io, privacy, qgis and every analysis.
namespace hotspot {

enum class FieldType { integer, real, string };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::string;
};

/// A field value; std::monostate writes a null.
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class GeometryKind { point, linestring, polygon, multipolygon, unknown };

struct VectorFeature {
  std::string wkb;                  ///< ISO WKB of the geometry, in the layer's CRS
  std::vector<FieldValue> values;   ///< one per FieldSpec, in order
};

/// A layer ready to write: our own types in, GDAL only inside the writer.
struct VectorLayer {
  std::string name;
  GeometryKind geometry = GeometryKind::unknown;
  std::string crs;  ///< CRS of the geometries, e.g. "EPSG:27700" (any definition GDAL accepts)
  std::vector<FieldSpec> fields;
  std::vector<VectorFeature> features;
  /// Parameters used to make the layer, recorded with it (GeoPackage metadata; the GeoJSON
  /// `description` member).
  std::vector<std::pair<std::string, std::string>> metadata;
};

}  // namespace hotspot
