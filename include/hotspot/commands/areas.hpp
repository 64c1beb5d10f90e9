#pragma once

#include <string>

#include "hotspot/analysis/areas.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/report/html_report.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// Ids of what `areas` writes (its file names in the output folder; layers as
/// "<id>.geojson").
inline constexpr const char* kAreasCsv = "areas.csv";
inline constexpr const char* kNamedHotspotsCsv = "named_hotspots.csv";
inline constexpr const char* kOutsideIncidentsCsv = "outside_incidents.csv";
inline constexpr const char* kAreaRatesLayer = "area_rates";
inline constexpr const char* kAreaChangeLayer = "area_change";
inline constexpr const char* kNamedHotspotsLayer = "named_hotspots";
inline constexpr const char* kAreasReport = "report.html";

/// Declares the area summary's options onto the library's struct (groups "Areas", "Periods",
/// "Named hot spots", "Statistics").
void declare_areas(step::Declarer& d, AreasOptions& options);

/// The self-contained page of an area summary: the findings, a map of the areas (rate and
/// change) with the named hot spots, the areas table and charts, the named list and the
/// method. `layers` are areas_layers then named_places_layer; `area_name` names the study
/// area in the title ("Welwyn Hatfield"; empty: none).
[[nodiscard]] report::Report areas_page(const AreasResult& result, const std::vector<VectorLayer>& layers,
                                        const PreparedIncidents& prepared, const std::string& area_name = {});

/// Counts the prepared incidents by the polygons of `options.areas` and writes areas.csv,
/// named_hotspots.csv, outside_incidents.csv (only when an incident lies outside every
/// polygon), the layers area_rates, area_change and named_hotspots, and report.html; prints
/// the findings and the busiest areas. Under --publish only the layers are written, small
/// counts suppressed (docs/areas.md, "Publishing").
AreasResult run_areas(const PreparedIncidents& prepared, const AreasOptions& options, step::OutputSink& sink,
                      const std::string& area_name = {});

[[nodiscard]] step::CommandSpec areas_command();

}  // namespace hotspot::commands
