#include "hotspot/density/density_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/density/bandwidth.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/geo/crs.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density";

}  // namespace

std::optional<std::string> underfilled_levels_note(std::span<const double> values, std::span<const double> area_shares) {
  std::size_t valid = 0, positive = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++valid;
    positive += v > 0.0 ? 1 : 0;
  }
  std::string names;
  std::size_t underfilled = 0;
  for (double share : area_shares) {
    if (positive >= cells_for_share(valid, share)) continue;
    char name[32];
    std::snprintf(name, sizeof name, "%stop %g%%", names.empty() ? "" : ", ", share * 100.0);
    names += name;
    ++underfilled;
  }
  if (underfilled == 0) return std::nullopt;
  const bool one = underfilled == 1;
  char text[320];
  std::snprintf(text, sizeof text,
                "only %zu of the %zu cells (%.3g%% of the area) have any density, fewer than the hotspot %s %s %s: "
                "%s just these cells and %s less than %s",
                positive, valid, 100.0 * static_cast<double>(positive) / static_cast<double>(valid),
                one ? "level" : "levels", names.c_str(), one ? "asks for" : "ask for", one ? "it holds" : "they hold",
                one ? "covers" : "cover", one ? "its name says" : "their names say");
  return std::string(text);
}

VectorLayer hotspot_polygon_layer(const std::vector<HotspotPolygon>& polygons, const Incidents& incidents,
                                  const DensityResult& result) {
  VectorLayer layer{.name = "hotspots", .geometry = GeometryKind::polygon, .crs = incidents.crs};
  for (const auto& [key, value] : result.metadata) layer.metadata.emplace_back(key, value);
  layer.metadata.emplace_back("rank", "by density mass (sum of the cell values) within each level, 1 = largest");
  layer.fields = {{"level", FieldType::string},        {"area_share", FieldType::real},
                  {"threshold", FieldType::real},      {"rank", FieldType::integer},
                  {"mass", FieldType::real},           {"peak", FieldType::real},
                  {"cells", FieldType::integer},       {"area_m2", FieldType::real},
                  {"incidents", FieldType::integer},   {"weight", FieldType::real},
                  {"harm", FieldType::real},           {"share", FieldType::real},
                  {"crime_types", FieldType::string},  {"months_active", FieldType::integer},
                  {"first_month", FieldType::string},  {"last_month", FieldType::string}};
  for (const auto& p : polygons) {
    VectorFeature f;
    f.wkb = p.wkb;
    f.values = {p.level,
                p.area_share,
                p.threshold,
                static_cast<std::int64_t>(p.rank),
                p.mass,
                p.peak,
                static_cast<std::int64_t>(p.cells),
                p.area_m2,
                static_cast<std::int64_t>(p.incidents),
                p.weight,
                p.harm,
                p.share,
                ranked_text(p.crime_types, incidents.categories),
                static_cast<std::int64_t>(p.months_active),
                p.first_month == kNoMonth ? FieldValue{} : FieldValue{format_month(p.first_month)},
                p.last_month == kNoMonth ? FieldValue{} : FieldValue{format_month(p.last_month)}};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

DensityMap density_map(const PreparedIncidents& prepared, const DensityMapOptions& options) {
  const Incidents& incidents = prepared.incidents;
  if (incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
  for (double k : options.mean_multiples) {
    if (!(k > 0.0) || !std::isfinite(k)) throw Error(ErrorCode::usage, kStage, "a multiple of the mean must be above 0");
  }
  const WeightedPoints points = collapse_locations(incidents);
  const std::optional<DensityScale>& scale = options.scale;

  DensityMap map;
  DensityOptions& dens = map.options;
  dens.kernel = options.kernel;
  dens.units = options.units;
  dens.method = options.method;
  dens.threads = options.threads;

  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  const double diagonal = std::hypot(*xmax - *xmin, *ymax - *ymin);
  double bandwidth = 0.0;
  const bool cross_validate = options.rule == BandwidthRule::cross_validation;
  switch (options.rule) {
    case BandwidthRule::scott: bandwidth = scott_bandwidth(points, dens.kernel); break;
    case BandwidthRule::silverman: bandwidth = silverman_bandwidth(points, dens.kernel); break;
    case BandwidthRule::arcgis: bandwidth = arcgis_bandwidth(points); break;
    case BandwidthRule::cross_validation: break;
    case BandwidthRule::fixed:
      bandwidth = options.bandwidth;
      check_distance(bandwidth, option_ref("bandwidth"), diagonal);
      break;
  }

  // Grid: the study area's bounds when there is one, else the incidents' widened by the
  // largest support so no kernel is cut off.
  const double margin_h = cross_validate ? 0.0 : bandwidth * kernel_support_factor(dens.kernel);
  GridSpec& grid = map.grid;
  if (prepared.area) {
    const Bounds& b = prepared.area->bounds();
    grid = snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, options.cell);
    if (scale) grid = align_grid(grid, scale->lattice);
    dens.study_area = rasterize_study_area(prepared.area->wkb(), grid);
  } else {
    grid = snap_grid(*xmin, *ymin, *xmax, *ymax, options.cell, margin_h);
    if (scale) grid = align_grid(grid, scale->lattice);
  }

  if (cross_validate) {
    TemporalCvOptions cv;
    cv.kernel = dens.kernel;
    cv.max_bandwidth = options.cv_max;
    cv.study_area = dens.study_area;
    cv.threads = options.threads;
    map.cv = select_bandwidth_temporal_cv(incidents, grid, cv);
    map.count_model = map.cv->pick().count_model;
    // With the count model the bandwidth is only the adaptive pilot: counts use no kernel.
    bandwidth = map.count_model ? options.cell : map.cv->pick().bandwidth;
  }
  dens.bandwidth = bandwidth;
  map.bandwidth = bandwidth;
  if (cross_validate && !prepared.area && !map.count_model) {
    // Scored on the incidents' own extent; the map is widened so no kernel is cut off.
    grid = snap_grid(*xmin, *ymin, *xmax, *ymax, options.cell, bandwidth * kernel_support_factor(dens.kernel));
  }

  if (options.adaptive == AdaptiveRule::knn) {
    dens.point_bandwidths = knn_bandwidths(points, options.knn, dens.kernel, options.cell);
  } else if (options.adaptive == AdaptiveRule::abramson) {
    dens.point_bandwidths = abramson_bandwidths(points, dens.kernel, bandwidth, bandwidth);
  }
  if (!dens.point_bandwidths.empty() && !dens.study_area.empty()) {
    map.notes.emplace_back("adaptive bandwidths are not edge corrected; cells outside the area are still nodata");
    map.nodata_mask.swap(dens.study_area);
  }

  if (options.per_month) {
    MonthIndex first = kNoMonth;
    MonthIndex last = kNoMonth;
    for (MonthIndex m : incidents.month) {
      if (m == kNoMonth) continue;
      first = first == kNoMonth ? m : std::min(first, m);
      last = last == kNoMonth ? m : std::max(last, m);
    }
    if (first == kNoMonth) throw Error(ErrorCode::data, kStage, option_ref("per-month") + " needs incidents with months");
    dens.period_months = static_cast<double>(last - first + 1);
  }

  map.result = map.count_model && dens.point_bandwidths.empty() ? cell_counts(points, grid, dens)
                                                                 : kernel_density(points, grid, dens);
  DensityResult& result = map.result;
  if (!map.nodata_mask.empty()) {
    for (std::size_t i = 0; i < result.values.size(); ++i) {
      if (map.nodata_mask[i] == 0) result.values[i] = std::nan("");
    }
  }
  map.notes.insert(map.notes.end(), result.notes.begin(), result.notes.end());

  // Multiples of the mean, taken over the whole study area before publishing withholds cells.
  if (!options.mean_multiples.empty()) {
    double sum = 0.0;
    std::size_t valid = 0;
    for (double v : result.values) {
      if (std::isnan(v)) continue;
      sum += v;
      ++valid;
    }
    map.mean_value = valid > 0 ? sum / static_cast<double>(valid) : 0.0;
    // With a scale whose reference recorded its mean, "2x mean" is the reference's, as the
    // other thresholds are; this map's own mean is still the one in its metadata.
    const bool reference_mean = scale && scale->mean_value;
    map.mean_base = reference_mean ? *scale->mean_value : map.mean_value;
    const std::string suffix = reference_mean ? "x mean of " + options.scale_name : "x mean";
    for (double k : options.mean_multiples) map.mean_levels.push_back({short_number(k) + suffix, k * map.mean_base, 0});
    if (!prepared.area && !reference_mean) {
      char area[32];
      std::snprintf(area, sizeof area, "%.4g", static_cast<double>(valid) * grid.cell_size * grid.cell_size / 1e6);
      map.notes.push_back(std::string("the multiples of the mean are of the whole grid (") + area +
                          " km², the incidents' box widened by the kernel), not of a district: give " + option_ref("within") + " for "
                          "the study area's mean");
    }
  }

  // Publishing: a cell's value is made from the incidents within the kernel's support (the
  // smallest adaptive one, so no cell is credited with more incidents than shaped it); cells
  // made from fewer than k incidents become nodata before hotspot levels are cut.
  if (options.publish_min_count > 0) {
    double radius = 0.0;
    if (!(map.count_model && dens.point_bandwidths.empty())) {
      const double h = dens.point_bandwidths.empty()
                           ? bandwidth
                           : *std::min_element(dens.point_bandwidths.begin(), dens.point_bandwidths.end());
      radius = h * kernel_support_factor(dens.kernel);
    }
    map.publish_support_radius = radius;
    map.suppression = privacy::suppress_sparse_cells(grid, result.values, points, radius, options.publish_min_count);
  }

  RasterWriteOptions& write = map.raster;
  write.crs = incidents.crs;
  write.band_description = "kernel density";
  write.units = result.metadata.at("units_description");
  write.metadata = result.metadata;
  char exact_bandwidth[40];
  std::snprintf(exact_bandwidth, sizeof exact_bandwidth, "%.17g", bandwidth);
  if (result.metadata.count("bandwidth_m") != 0 && result.metadata.at("bandwidth_m") != "adaptive" &&
      !map.count_model) {
    write.metadata["bandwidth_m_exact"] = exact_bandwidth;
  }
  // The thresholds in force: this run's own, or the reference's with a scale, so a chain of
  // runs keeps the first one's hotspot definition.
  std::vector<double> threshold_shares;
  for (double percent : options.threshold_levels) threshold_shares.push_back(percent / 100.0);
  map.levels = hotspot_levels(result.values, threshold_shares);
  const std::vector<std::pair<std::string, double>> thresholds =
      scale ? scale->thresholds : named_thresholds(map.levels);
  for (const auto& [key, value] : threshold_metadata(thresholds)) write.metadata[key] = value;
  if (scale) write.metadata["scale_like"] = options.scale_name;
  if (!options.mean_multiples.empty()) {
    char mean[40];
    std::snprintf(mean, sizeof mean, "%.17g", map.mean_value);
    write.metadata["mean_cell_value"] = mean;
    if (map.mean_base != map.mean_value) {
      std::snprintf(mean, sizeof mean, "%.17g", map.mean_base);
      write.metadata["mean_multiple_base"] = mean;
    }
  }

  HotspotPolygonOptions polygon_options;
  polygon_options.area_shares.clear();
  if (scale) {
    // The reference's thresholds, so "top 1%" means the same density in both maps.
    for (const auto& [name, value] : scale->thresholds) {
      polygon_options.value_levels.push_back(value);
      polygon_options.value_level_names.push_back(name + " of " + options.scale_name);
    }
  } else {
    for (double percent : options.levels) polygon_options.area_shares.push_back(percent / 100.0);
  }
  // Names for every value level once any is named (the scale's, the mean's).
  const bool named = scale.has_value() || !map.mean_levels.empty();
  for (double v : options.contours) {
    polygon_options.value_levels.push_back(v);
    if (named) polygon_options.value_level_names.push_back(">= " + short_number(v));
  }
  for (DensityMap::ValueLevel& level : map.mean_levels) {
    for (double v : result.values) level.cells += v >= level.value ? 1U : 0U;  // NaN: never
    polygon_options.value_levels.push_back(level.value);
    polygon_options.value_level_names.push_back(level.name);
  }
  if (options.polygons && (!polygon_options.area_shares.empty() || !polygon_options.value_levels.empty())) {
    const std::vector<double> harm = prepared.harm.per_category_or_default(incidents.categories);
    map.polygons = hotspot_polygons(grid, result.values, incidents, harm, polygon_options);
  }
  if (const std::optional<std::string> note = underfilled_levels_note(result.values, polygon_options.area_shares)) {
    map.notes.push_back(*note);
  }
  map.polygon_layer = hotspot_polygon_layer(map.polygons, incidents, result);
  return map;
}

}  // namespace hotspot::density
