#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "hotspot/io/vector_writer.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/privacy/publish.hpp"
#include "hotspot/significance/cell_grid.hpp"

namespace hotspot::cli {

/// Writes analysis layers to `path`: a GeoPackage (.gpkg) takes them all; GeoJSON (.geojson,
/// .json) takes one layer, the first. With `styled`, each layer's QGIS style goes with it
/// (layer_styles in the GeoPackage, a .qml beside the GeoJSON). Throws Error (usage) for
/// another extension.
void write_layers(const std::vector<const VectorLayer*>& layers, const std::string& path, bool styled);

/// A GeoJSON file, with its QGIS style beside it when `styled`.
void write_geojson_output(const VectorLayer& layer, const std::filesystem::path& path, bool styled);

/// A GeoPackage, with the layers' QGIS styles in it when `styled`.
void write_geopackage_output(const std::vector<const VectorLayer*>& layers, const std::filesystem::path& path,
                             bool styled);

/// Adds `--no-style`: no QGIS styles beside or in the vector outputs.
void add_style_option(CLI::App& command, bool& no_style);

/// `--publish`, `--min-count K`, `--publish-grid M`: outputs made safe to leave the
/// partnership (docs/publishing.md).
struct PublishFlags {
  bool publish = false;
  std::int64_t min_count = 5;
  double grid_m = 100.0;
};

/// Adds the publish flags; call after add_input_options (--publish refuses --rejects, whose
/// rows are raw input).
void add_publish_options(CLI::App& command, PublishFlags& flags);

/// `layer` as published under `rules` (k and grid taken from the flags), with the suppression
/// report printed on stderr and recorded in the layer's metadata.
[[nodiscard]] VectorLayer publish_for_output(const VectorLayer& layer, privacy::PublishOptions rules,
                                             const PublishFlags& flags);

/// Incidents (not weights) per cell of `grid`, which aggregate_to_cells made with `options`
/// from the same incidents. Throws Error (internal) if the grids differ.
[[nodiscard]] std::vector<double> incident_counts(const Incidents& incidents,
                                                  const significance::CellGridOptions& options,
                                                  const significance::CellGrid& grid);

/// True when location texts (police.uk "Location") may be published: they come from police.uk
/// files, which are public, and not from a user's --location-field.
[[nodiscard]] bool location_text_is_public(const PrepareOptions& input);

}  // namespace hotspot::cli
