#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/style.hpp"

/// The standard look of hotspot's layers in QGIS, for `hotspot plan` and the other commands
/// that write styled outputs. Field names are those the library's layers carry.
namespace hotspot::qgis {

/// One class of a density raster: cells with value ≥ `threshold` (up to the next class).
struct DensityClass {
  double threshold = 0;
  std::string label;  ///< e.g. "top 5%"
};

/// A density surface in discrete YlOrRd classes from `classes` (any order; sorted by
/// threshold): a class covers [threshold, next threshold). Cells of 0 are transparent, cells
/// above 0 but under the lowest class pale yellow, so the hotspots stand out over the
/// spread. Classes start at their thresholds rounded to float (the GeoTIFF's cells), so the
/// cell at a threshold lies in its class. Classes at or below 0 (levels a sparse surface
/// cannot fill) merge into one class "any density" from the smallest positive float, so
/// empty cells stay transparent. Throws Error(usage) on no classes or non-finite / repeated
/// positive thresholds.
[[nodiscard]] RasterStyle density_style(const std::string& layer, std::span<const DensityClass> classes);
/// The same with named thresholds (e.g. density::named_thresholds, or a --scale-like
/// reference's); equal thresholds (a flat surface) are one class, under the first name.
[[nodiscard]] RasterStyle density_style(const std::string& layer,
                                        std::span<const std::pair<std::string, double>> thresholds);
/// The same with the hotspot levels as classes, labelled "top 1%", "top 5%", ...
[[nodiscard]] RasterStyle density_style(const std::string& layer, std::span<const density::HotspotLevel> levels);

/// A difference of two density surfaces (`hotspot density --compare`: this − other) in five
/// discrete diverging classes, symmetric about 0 and scaled by `largest`, the largest
/// |difference| on the map: blues where this map is lower, reds where it is higher, and
/// "little change" (|difference| ≤ 10% of `largest`, empty cells included) transparent.
/// Labels give the bounds in `units` (e.g. "incidents per km2"). `largest` ≤ 0 or not finite
/// (identical surfaces) draws every cell as little change.
[[nodiscard]] RasterStyle difference_style(const std::string& layer, double largest, const std::string& units);

/// A ratio of two density surfaces (this / other) in seven fixed, multiplicatively symmetric
/// classes: ≤ 0.25, 0.25–0.5, 0.5–0.8, 0.8–1.25 ("about the same", transparent), 1.25–2,
/// 2–4, > 4; blues where this map is lower, reds where it is higher.
[[nodiscard]] RasterStyle ratio_style(const std::string& layer);

/// Hotspot polygons categorized on `level`: `levels` from the most concentrated (e.g.
/// "top 1%", darkest) to the broadest; semi-transparent fills so nested levels show.
[[nodiscard]] LayerStyle hotspot_polygons_style(const std::string& layer, std::span<const std::string> levels);

/// Gi* cells graduated on `field` (−3..3, ArcGIS's Gi_Bin) in the ArcGIS/QGIS blue–white–red
/// convention: "Cold Spot - 99% Confidence" ... "Not Significant" ... "Hot Spot - 99% Confidence".
[[nodiscard]] LayerStyle gistar_style(const std::string& layer, const std::string& field = "gi_bin");

/// Emerging hot spot cells categorized on `pattern` (trends::pattern_name), reds for hot
/// patterns, blues for cold, no fill for "No Pattern Detected".
[[nodiscard]] LayerStyle emerging_hotspots_style(const std::string& layer, const std::string& field = "pattern");

/// Planned camera sites: red stars labelled with their rank.
[[nodiscard]] LayerStyle cameras_style(const std::string& layer = "cameras", const std::string& label_field = "rank");

/// Camera coverage polygons categorized on `kind` ("new", "existing"), semi-transparent.
[[nodiscard]] LayerStyle coverage_style(const std::string& layer = "coverage");

/// Redeployable camera moves (`cctv next`): dark red arrows from each unit's current site to
/// its next one.
[[nodiscard]] LayerStyle moves_style(const std::string& layer = "moves");

/// Redeployable units where they stand next period, categorized on `recommendation`
/// ("move": red stars, "stay": grey stars), labelled with the unit id.
[[nodiscard]] LayerStyle units_style(const std::string& layer = "units");

/// The units' views next period categorized on `kind` ("moved", "stays", "existing").
[[nodiscard]] LayerStyle unit_coverage_style(const std::string& layer = "unit_coverage");

/// Patrol areas: orange fills labelled "P<rank>" (a QGIS expression on `rank_field`).
[[nodiscard]] LayerStyle patrol_areas_style(const std::string& layer = "patrol_areas",
                                            const std::string& rank_field = "rank");

/// Patrol routes: purple lines.
[[nodiscard]] LayerStyle patrol_routes_style(const std::string& layer = "patrol_routes");

/// An intervention evaluation's areas (evaluation::evaluation_areas_layer) categorized on
/// `area`: the treated area red, the displacement buffer orange, the control a pale blue wash
/// (the controls of several interventions overlap), treated areas labelled with the
/// intervention's name.
[[nodiscard]] LayerStyle evaluation_areas_style(const std::string& layer = "evaluation_areas");
/// A choropleth of a rate (incidents per 1,000 residents, per km²): polygons graduated on
/// `field` into up to `classes` natural-breaks classes of `values` (natural_breaks; quantile
/// classes above 5,000 distinct values, where the exact breaks get slow), YlOrRd from light to
/// dark, labelled with their bounds and `units` ("12.5 – 30.1 per 1,000 residents").
/// QGIS draws no symbol for a feature with no value in `field` (an area without a population).
/// Throws Error(usage) when there is no finite value.
[[nodiscard]] LayerStyle rate_style(const std::string& layer, const std::string& field, std::span<const double> values,
                                    std::size_t classes = 5, const std::string& units = {});

/// The fixed classes of a change between two periods, symmetric about no change, as labels
/// in legend order: "down 50% or more", "down 20% to 50%", "down 5% to 20%", "about the same
/// (within 5%)", "up 5% to 20%", "up 20% to 50%", "up 50% or more", then "new (none before)"
/// and "none in either period".
[[nodiscard]] const std::vector<std::string>& change_class_labels();

/// The class of a percentage change (e.g. +23.1 → "up 20% to 50%"); a change from nothing is
/// "new (none before)" and nothing in either period "none in either period". A bound belongs
/// to the class further from 0 (−20 is "down 20% to 50%", +5 "up 5% to 20%").
[[nodiscard]] std::string change_class(double before, double now, double change_pct);

/// A choropleth of change: polygons categorized on `field` (values from change_class) in a
/// diverging blue–red scheme centred on "about the same" (pale grey), "new" dark red and
/// "none in either period" unfilled.
[[nodiscard]] LayerStyle change_style(const std::string& layer, const std::string& field = "change_class");

/// The named hot spot list: points labelled by `rank`, categorized on `status` ("new to the
/// list" red, "on the list before" orange).
[[nodiscard]] LayerStyle named_places_style(const std::string& layer = "named_hotspots");

/// The study area: a dark grey outline, no fill.
[[nodiscard]] LayerStyle study_area_style(const std::string& layer = "study_area");

/// The standard style of a layer the library writes, by its name: "hotspots" (the levels in
/// its `level` field, most concentrated first: area shares from the smallest, then value
/// levels from the highest), "gistar", "emerging_hot_spots", "cameras", "rotation" (camera
/// stars labelled by unit), "coverage", "moves", "units", "unit_coverage", "patrol_areas",
/// "patrol_routes", "evaluation_areas", "area_rates" (rate_style on its `rate_field` metadata,
/// the values read from the layer), "area_change" (change_style), "named_hotspots"; any other
/// layer (the
/// study area, uncovered hotspots, clusters, context) an outline, "uncovered_hotspots" red.
[[nodiscard]] LayerStyle standard_style(const VectorLayer& layer);

}  // namespace hotspot::qgis
