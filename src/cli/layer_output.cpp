#include "cli/layer_output.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "hotspot/core/error.hpp"

namespace hotspot::cli {

void write_layers(const std::vector<const VectorLayer*>& layers, const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".gpkg") {
    write_geopackage(layers, path);
  } else if (ext == ".geojson" || ext == ".json") {
    write_geojson(*layers.front(), path);
  } else {
    throw Error(ErrorCode::usage, "writers", "--output " + path + ": use a .gpkg or .geojson file name");
  }
}

}  // namespace hotspot::cli
