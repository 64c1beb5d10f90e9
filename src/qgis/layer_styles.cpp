#include "hotspot/qgis/layer_styles.hpp"

#include <vector>

#include "hotspot/io/atomic_file.hpp"
#include "hotspot/qgis/standard_styles.hpp"

namespace hotspot::qgis {
namespace {

std::vector<GeoPackageStyle> records(std::span<const LayerStyle> styles) {
  std::vector<GeoPackageStyle> out;
  out.reserve(styles.size());
  for (const auto& style : styles) out.push_back(geopackage_style(style));
  return out;
}

std::filesystem::path qml_path(const std::filesystem::path& data_file) {
  std::filesystem::path path = data_file;
  path.replace_extension(".qml");
  return path;
}

}  // namespace

GeoPackageStyle geopackage_style(const LayerStyle& style) {
  GeoPackageStyle record;
  record.layer = style.layer;
  record.name = style.layer;
  record.qml = layer_qml(style);
  record.description = "hotspot style for " + style.layer;
  record.use_as_default = true;
  return record;
}

void write_layer_styles(const std::filesystem::path& gpkg, std::span<const LayerStyle> styles) {
  const auto rows = records(styles);
  add_geopackage_styles(gpkg, rows);
}

void write_styled_geopackage(std::span<const VectorLayer* const> layers, std::span<const LayerStyle> styles,
                             const std::filesystem::path& gpkg) {
  const auto rows = records(styles);
  write_geopackage(layers, gpkg, rows);
}

void write_qml_beside(const std::filesystem::path& data_file, const LayerStyle& style) {
  write_file_atomically(qml_path(data_file), layer_qml(style));
}

void write_qml_beside(const std::filesystem::path& data_file, const RasterStyle& style) {
  write_file_atomically(qml_path(data_file), raster_qml(style));
}

void write_geojson_with_style(const VectorLayer& layer, const std::filesystem::path& geojson) {
  write_geojson(layer, geojson);
  write_qml_beside(geojson, standard_style(layer));
}

void write_geopackage_with_styles(std::span<const VectorLayer* const> layers, const std::filesystem::path& gpkg) {
  std::vector<LayerStyle> styles;
  styles.reserve(layers.size());
  for (const VectorLayer* layer : layers) styles.push_back(standard_style(*layer));
  write_styled_geopackage(layers, styles, gpkg);
}

}  // namespace hotspot::qgis
