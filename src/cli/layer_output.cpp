#include "cli/layer_output.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "hotspot/core/error.hpp"
#include "hotspot/qgis/layer_styles.hpp"

namespace hotspot::cli {

void write_geojson_output(const VectorLayer& layer, const std::filesystem::path& path, bool styled) {
  if (styled) {
    qgis::write_geojson_with_style(layer, path);
  } else {
    write_geojson(layer, path);
  }
}

void write_geopackage_output(const std::vector<const VectorLayer*>& layers, const std::filesystem::path& path,
                             bool styled) {
  if (styled) {
    qgis::write_geopackage_with_styles(layers, path);
  } else {
    write_geopackage(layers, path);
  }
}

void add_style_option(CLI::App& command, bool& no_style) {
  command
      .add_flag("--no-style", no_style,
                "Do not write QGIS styles (layer_styles in GeoPackages, a .qml beside each GeoJSON or GeoTIFF)")
      ->group("Output");
}

void write_layers(const std::vector<const VectorLayer*>& layers, const std::string& path, bool styled) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".gpkg") {
    write_geopackage_output(layers, path, styled);
  } else if (ext == ".geojson" || ext == ".json") {
    write_geojson_output(*layers.front(), path, styled);
  } else {
    throw Error(ErrorCode::usage, "writers", "--output " + path + ": use a .gpkg or .geojson file name");
  }
}

void add_publish_options(CLI::App& command, PublishFlags& flags) {
  const char* g = "Publishing (docs/publishing.md)";
  auto* publish = command.add_flag("--publish", flags.publish,
                                   "Outputs for outside the partnership: features of fewer than --min-count incidents "
                                   "suppressed, small counts withheld, points rounded to --publish-grid, no raw "
                                   "incidents or user text; the report is printed and kept in the layers' metadata")
                      ->group(g);
  command.add_option("--min-count", flags.min_count, "Publishing: fewest incidents a published feature or count may hold")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}))
      ->default_val(5)
      ->needs(publish)
      ->group(g);
  command.add_option("--publish-grid", flags.grid_m, "Publishing: point coordinates are rounded to this many metres")
      ->check(CLI::Range(1.0, 100000.0))
      ->default_val(100)
      ->needs(publish)
      ->group(g);
  if (auto* rejects = command.get_option_no_throw("--rejects")) publish->excludes(rejects);
}

VectorLayer publish_for_output(const VectorLayer& layer, privacy::PublishOptions rules, const PublishFlags& flags) {
  rules.min_count = flags.min_count;
  rules.grid_m = flags.grid_m;
  privacy::PublishResult result = privacy::publish_layer(layer, rules);
  std::fprintf(stderr, "hotspot: %s\n", result.report.summary().c_str());
  return std::move(result.layer);
}

std::vector<double> incident_counts(const Incidents& incidents, const significance::CellGridOptions& options,
                                    const significance::CellGrid& grid) {
  significance::CellGridOptions same = options;
  same.cell_size = grid.cell_size;
  significance::CellValues counts = significance::aggregate_to_cells(incidents.x, incidents.y, {}, same);
  const significance::CellGrid& g = counts.grid;
  if (g.columns != grid.columns || g.rows != grid.rows || g.origin_x != grid.origin_x || g.origin_y != grid.origin_y) {
    throw Error(ErrorCode::internal, "writers", "incident count grid differs from the analysis grid");
  }
  return std::move(counts.value);
}

bool location_text_is_public(const PrepareOptions& input) { return privacy::location_text_is_public(input); }

}  // namespace hotspot::cli
