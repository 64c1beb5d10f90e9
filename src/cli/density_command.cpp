#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/density/bandwidth.hpp"
#include "hotspot/density/density_scale.hpp"
#include "hotspot/density/dual_density.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/hotspot_polygons.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/density/temporal_cv.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/raster_reader.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/raster_suppression.hpp"

namespace hotspot::cli {
namespace {

constexpr const char* kStage = "density";

struct DensityFlags {
  InputFlags input;
  std::string out;
  double cell = 10.0;
  std::string bandwidth = "200";
  std::string kernel = "quartic";
  std::string units = "per-km2";
  std::string method = "auto";
  std::string adaptive = "none";
  double knn = 30.0;
  bool per_month = false;
  bool cog = false;
  int threads = 0;
  std::string cv_json;
  double cv_max = 3000.0;
  std::vector<std::string> evaluate_on;
  std::vector<std::string> compare;
  std::string compare_out;
  std::string polygons;
  std::string gpkg;
  std::vector<double> levels = {1.0, 5.0, 10.0};
  std::vector<double> contours;
  std::string scale_like;
  /// Scale flags given on the command line (they would contradict --scale-like).
  std::vector<std::string> explicit_scale_flags;
  PublishFlags publish;
};

density::DensityUnits parse_units(const std::string& s) {
  if (s == "per-cell") return density::DensityUnits::per_cell;
  if (s == "probability") return density::DensityUnits::probability;
  return density::DensityUnits::per_km2;
}

density::DensityMethod parse_method(const std::string& s) {
  if (s == "exact") return density::DensityMethod::exact;
  if (s == "binned") return density::DensityMethod::binned;
  return density::DensityMethod::automatic;
}

std::string cv_to_json(const density::TemporalCvResult& cv) {
  std::string out = "{\n  \"folds\": [";
  for (std::size_t i = 0; i < cv.folds.size(); ++i) {
    const auto& f = cv.folds[i];
    out += std::string(i ? ", " : "") + "{\"train\": [\"" + format_month(f.train_first) + "\", \"" +
           format_month(f.train_last) + "\"], \"test\": [\"" + format_month(f.test_first) + "\", \"" +
           format_month(f.test_last) + "\"]}";
  }
  out += "],\n  \"curve\": [\n";
  char line[256];
  for (std::size_t i = 0; i < cv.curve.size(); ++i) {
    const auto& s = cv.curve[i];
    std::snprintf(line, sizeof line, "    {\"bandwidth_m\": %.6g, \"count_model\": %s, \"log_likelihood\": %.9g, \"pai\": %.6g}%s\n",
                  s.bandwidth, s.count_model ? "true" : "false", s.log_likelihood, s.pai,
                  i + 1 < cv.curve.size() ? "," : "");
    out += line;
  }
  std::snprintf(line, sizeof line, "  ],\n  \"pick\": %zu\n}\n", cv.best);
  out += line;
  return out;
}

std::string metadata_value(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string ranked_text(const std::vector<std::pair<std::uint32_t, std::size_t>>& ranked, const StringDictionary& names) {
  std::string out;
  for (const auto& [code, count] : ranked) {
    if (!out.empty()) out += "; ";
    out += names[code] + ": " + std::to_string(count);
  }
  return out;
}

/// The hotspot polygons as a layer in the working CRS; the parameters of the surface go into
/// the layer's metadata so a polygon file says what it was cut from.
VectorLayer polygon_layer(const std::vector<density::HotspotPolygon>& polygons, const Incidents& incidents,
                          const density::DensityResult& result) {
  VectorLayer layer;
  layer.name = "hotspots";
  layer.geometry = GeometryKind::polygon;
  layer.crs = incidents.crs;
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

/// Other incidents (later months, or another crime type) read with the same flags, projected to
/// the same working CRS. The period filter is dropped: --from/--to choose the fitted months,
/// and the evaluation set is by definition another period.
WeightedPoints other_points(const DensityFlags& flags, const std::vector<std::string>& inputs,
                            const std::string& crs, bool keep_period) {
  PrepareOptions options = resolve_input_options(flags.input);
  options.read.inputs = inputs;
  options.working_crs = crs;
  if (!keep_period) {
    options.filter.from.clear();
    options.filter.to.clear();
  }
  const PreparedIncidents other = prepare_incidents(options);
  std::fprintf(stderr, "hotspot: other input: %zu incidents\n", other.incidents.size());
  return collapse_locations(other.incidents);
}

/// Reads --scale-like and puts its kernel, bandwidth, units, cell size and per-month choice into
/// the flags, so the rest of the run is the same as if they had been typed.
std::optional<density::DensityScale> apply_scale_like(DensityFlags& flags) {
  if (flags.scale_like.empty()) return std::nullopt;
  if (!flags.explicit_scale_flags.empty()) {
    throw Error(ErrorCode::usage, kStage, flags.explicit_scale_flags.front() +
                                              " cannot be combined with --scale-like, which takes it from " +
                                              flags.scale_like);
  }
  const RasterInfo info = read_raster_info(flags.scale_like);
  density::DensityScale scale = density::scale_from_metadata(info.grid, info.metadata);
  flags.kernel = std::string(density::kernel_name(scale.kernel));
  char bandwidth[40];
  std::snprintf(bandwidth, sizeof bandwidth, "%.17g", scale.bandwidth);
  flags.bandwidth = bandwidth;
  flags.units = scale.units == density::DensityUnits::per_cell      ? "per-cell"
                : scale.units == density::DensityUnits::probability ? "probability"
                                                                    : "per-km2";
  flags.cell = scale.lattice.cell_size;
  flags.per_month = scale.per_month;
  return scale;
}

void run(DensityFlags flags) {
  if (flags.publish.publish && !flags.compare.empty()) {
    throw Error(ErrorCode::usage, kStage, "--compare cannot be combined with --publish (the other surface is not "
                                          "checked for small counts)");
  }
  const std::optional<density::DensityScale> scale = apply_scale_like(flags);
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& incidents = prepared.incidents;
  if (incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
  const WeightedPoints points = collapse_locations(incidents);

  density::DensityOptions options;
  options.kernel = *density::parse_kernel(flags.kernel);
  options.units = parse_units(flags.units);
  options.method = parse_method(flags.method);
  options.threads = flags.threads;

  // The bandwidth: a number, a rule, or temporal cross-validation (which needs the grid).
  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  const double diagonal = std::hypot(*xmax - *xmin, *ymax - *ymin);
  double bandwidth = 0.0;
  bool cross_validate = false;
  bool count_model = false;
  if (flags.bandwidth == "scott") {
    bandwidth = density::scott_bandwidth(points, options.kernel);
  } else if (flags.bandwidth == "silverman") {
    bandwidth = density::silverman_bandwidth(points, options.kernel);
  } else if (flags.bandwidth == "arcgis") {
    bandwidth = density::arcgis_bandwidth(points);
  } else if (flags.bandwidth == "cv") {
    cross_validate = true;
  } else {
    try {
      std::size_t used = 0;
      bandwidth = std::stod(flags.bandwidth, &used);
      if (used != flags.bandwidth.size()) throw std::invalid_argument(flags.bandwidth);
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, kStage,
                  "--bandwidth \"" + flags.bandwidth + "\" is neither metres nor scott, silverman, arcgis or cv");
    }
    check_distance(bandwidth, "--bandwidth", diagonal);
  }

  // Grid: the study area's bounds when --within is given, else the incidents' widened by the
  // largest support so no kernel is cut off.
  const double margin_h = cross_validate ? 0.0 : bandwidth * density::kernel_support_factor(options.kernel);
  density::GridSpec grid;
  if (prepared.area) {
    const Bounds& b = prepared.area->bounds();
    grid = density::snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, flags.cell);
    if (scale) grid = density::align_grid(grid, scale->lattice);
    options.study_area = density::rasterize_study_area(prepared.area->wkb(), grid);
  } else {
    grid = density::snap_grid(*xmin, *ymin, *xmax, *ymax, flags.cell, margin_h);
    if (scale) grid = density::align_grid(grid, scale->lattice);
  }

  if (cross_validate) {
    density::TemporalCvOptions cv;
    cv.kernel = options.kernel;
    cv.max_bandwidth = flags.cv_max;
    cv.study_area = options.study_area;
    cv.threads = flags.threads;
    const density::TemporalCvResult result = density::select_bandwidth_temporal_cv(incidents, grid, cv);
    if (!flags.cv_json.empty()) write_file_atomically(flags.cv_json, cv_to_json(result));
    std::printf("temporal cross-validation (held-out log-likelihood per incident, PAI at 5%%):\n");
    for (std::size_t i = 0; i < result.curve.size(); ++i) {
      const auto& s = result.curve[i];
      std::printf("  %s%-14s %12.5f %8.3f\n", i == result.best ? "* " : "  ",
                  s.count_model ? "count model" : (std::to_string(static_cast<long>(std::lround(s.bandwidth))) + " m").c_str(),
                  s.log_likelihood, s.pai);
    }
    count_model = result.pick().count_model;
    if (count_model) {
      std::printf("the per-cell count model predicts best: the map shows counts per cell\n");
      bandwidth = flags.cell;  // only for the adaptive pilot; counts use no kernel
    } else {
      bandwidth = result.pick().bandwidth;
    }
  }
  options.bandwidth = bandwidth;
  if (cross_validate && !prepared.area && !count_model) {
    // Scored on the incidents' own extent; the map is widened so no kernel is cut off.
    grid = density::snap_grid(*xmin, *ymin, *xmax, *ymax, flags.cell,
                              bandwidth * density::kernel_support_factor(options.kernel));
  }

  if (flags.adaptive == "knn") {
    options.point_bandwidths = density::knn_bandwidths(points, flags.knn, options.kernel, flags.cell);
  } else if (flags.adaptive == "abramson") {
    options.point_bandwidths = density::abramson_bandwidths(points, options.kernel, bandwidth, bandwidth);
  }
  if (!options.point_bandwidths.empty() && !options.study_area.empty()) {
    std::fprintf(stderr, "hotspot: note: adaptive bandwidths are not edge corrected; cells outside the area are "
                         "still nodata\n");
  }
  std::vector<std::uint8_t> mask_for_nodata;
  if (!options.point_bandwidths.empty()) mask_for_nodata.swap(options.study_area);

  if (flags.per_month) {
    MonthIndex first = kNoMonth;
    MonthIndex last = kNoMonth;
    for (MonthIndex m : incidents.month) {
      if (m == kNoMonth) continue;
      first = first == kNoMonth ? m : std::min(first, m);
      last = last == kNoMonth ? m : std::max(last, m);
    }
    if (first == kNoMonth) throw Error(ErrorCode::data, kStage, "--per-month needs incidents with months");
    options.period_months = static_cast<double>(last - first + 1);
  }

  density::DensityResult result = count_model && options.point_bandwidths.empty()
                                      ? density::cell_counts(points, grid, options)
                                      : density::kernel_density(points, grid, options);
  if (!mask_for_nodata.empty()) {
    for (std::size_t i = 0; i < result.values.size(); ++i) {
      if (mask_for_nodata[i] == 0) result.values[i] = std::nan("");
    }
  }
  for (const auto& note : result.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());

  // Publishing: a cell's value is made from the incidents within the kernel's support (the
  // smallest adaptive one, so no cell is credited with more incidents than shaped it); cells
  // made from fewer than k incidents become nodata before hotspot levels are cut.
  std::optional<privacy::RasterSuppression> suppression;
  double support_radius = 0.0;
  if (flags.publish.publish) {
    if (count_model && options.point_bandwidths.empty()) {
      support_radius = 0.0;
    } else {
      double h = bandwidth;
      if (!options.point_bandwidths.empty()) {
        h = *std::min_element(options.point_bandwidths.begin(), options.point_bandwidths.end());
      }
      support_radius = h * density::kernel_support_factor(options.kernel);
    }
    suppression = privacy::suppress_sparse_cells(grid, result.values, points, support_radius, flags.publish.min_count);
    std::fprintf(stderr,
                 "hotspot: publish %s: %zu of %zu cells set to nodata (fewer than %lld incidents within %g m of the "
                 "cell centre)\n",
                 std::filesystem::path(flags.out).filename().c_str(), suppression->cells_suppressed,
                 suppression->cells_with_data, static_cast<long long>(flags.publish.min_count), support_radius);
  }

  RasterWriteOptions write;
  write.cloud_optimized = flags.cog;
  write.crs = incidents.crs;
  write.band_description = "kernel density";
  write.units = result.metadata.at("units_description");
  write.metadata = result.metadata;
  char exact_bandwidth[40];
  std::snprintf(exact_bandwidth, sizeof exact_bandwidth, "%.17g", bandwidth);
  if (result.metadata.count("bandwidth_m") != 0 && result.metadata.at("bandwidth_m") != "adaptive" && !count_model) {
    write.metadata["bandwidth_m_exact"] = exact_bandwidth;
  }
  // The thresholds in force: this run's own, or the reference's with --scale-like, so a chain
  // of runs keeps the first one's hotspot definition.
  const std::vector<density::HotspotLevel> own_levels = density::hotspot_levels(result.values);
  const std::vector<std::pair<std::string, double>> thresholds =
      scale ? scale->thresholds : density::named_thresholds(own_levels);
  for (const auto& [key, value] : density::threshold_metadata(thresholds)) write.metadata[key] = value;
  if (scale) write.metadata["scale_like"] = std::filesystem::path(flags.scale_like).filename().string();
  if (suppression) {
    write.metadata["publish_min_count"] = std::to_string(flags.publish.min_count);
    write.metadata["publish_support_radius_m"] = metadata_value(support_radius);
    write.metadata["publish_cells_suppressed"] = std::to_string(suppression->cells_suppressed);
    write.metadata["publish_cells_with_data"] = std::to_string(suppression->cells_with_data);
  }
  write_geotiff(flags.out, grid, result.values, write);

  if (!flags.polygons.empty() || !flags.gpkg.empty()) {
    density::HotspotPolygonOptions polygon_options;
    polygon_options.area_shares.clear();
    if (scale) {
      // The reference's thresholds, so "top 1%" means the same density in both maps.
      for (const auto& [name, value] : scale->thresholds) {
        polygon_options.value_levels.push_back(value);
        polygon_options.value_level_names.push_back(name + " of " + write.metadata.at("scale_like"));
      }
    } else {
      for (double percent : flags.levels) polygon_options.area_shares.push_back(percent / 100.0);
    }
    for (double v : flags.contours) {
      polygon_options.value_levels.push_back(v);
      if (scale) polygon_options.value_level_names.push_back(">= " + metadata_value(v));
    }
    const std::vector<double> harm = prepared.harm.per_category(incidents.categories);
    const auto polygons = density::hotspot_polygons(grid, result.values, incidents, harm, polygon_options);
    VectorLayer layer = polygon_layer(polygons, incidents, result);
    if (flags.publish.publish) {
      privacy::PublishOptions rules;
      rules.count_field = "incidents";
      rules.count_lists = {"crime_types"};
      layer = publish_for_output(layer, rules, flags.publish);
    }
    if (!flags.polygons.empty()) write_geojson(layer, flags.polygons);
    if (!flags.gpkg.empty()) {
      const VectorLayer* layers[] = {&layer};
      write_geopackage(layers, flags.gpkg);
    }
    std::printf("hotspot polygons: %zu\n", polygons.size());
  }

  if (!flags.evaluate_on.empty()) {
    const WeightedPoints later = other_points(flags, flags.evaluate_on, incidents.crs, false);
    std::printf("evaluation on later incidents (Chainey et al. 2008 PAI; PEI = PAI / best PAI):\n");
    for (double share : {0.01, 0.05, 0.10}) {
      const density::HotspotEvaluation e = density::evaluate_hotspots(grid, result.values, later, share);
      std::printf("  top %4.1f%%: hit rate %.4f (%g of %g), PAI %.3f, PEI %.3f, best PAI %.3f\n", share * 100.0,
                  e.hit_rate, e.hits, e.total, e.pai, e.pei, e.best_pai);
    }
  }
  if (!flags.compare.empty()) {
    const WeightedPoints second = other_points(flags, flags.compare, incidents.crs, true);
    density::DensityOptions second_options = options;
    // Adaptive bandwidths belong to the first set's points; the comparison uses the fixed one.
    second_options.point_bandwidths.clear();
    if (!mask_for_nodata.empty()) second_options.study_area = mask_for_nodata;
    density::DensityResult other = count_model ? density::cell_counts(second, grid, second_options)
                                               : density::kernel_density(second, grid, second_options);
    const density::DualDensityResult dual = density::compare_densities(result, other);
    RasterWriteOptions dual_write = write;
    dual_write.metadata.insert(dual.metadata.begin(), dual.metadata.end());
    const std::string prefix = flags.compare_out.empty() ? flags.out + ".compare" : flags.compare_out;
    dual_write.band_description = "difference (this - other)";
    write_geotiff(prefix + "_difference.tif", grid, dual.difference, dual_write);
    dual_write.band_description = "ratio (this / other)";
    dual_write.units = "ratio";
    write_geotiff(prefix + "_ratio.tif", grid, dual.ratio, dual_write);
    std::printf("compare: wrote %s_difference.tif and %s_ratio.tif (%zu cells with a zero denominator are nodata)\n",
                prefix.c_str(), prefix.c_str(), dual.undefined_ratio_cells);
  }

  std::printf("density: %d x %d cells of %g m, kernel %s, bandwidth %s m, method %s, units %s\n", grid.cols,
              grid.rows, grid.cell_size, result.metadata.at("kernel").c_str(), result.metadata.at("bandwidth_m").c_str(),
              result.metadata.at("method").c_str(), result.metadata.at("units_description").c_str());
  for (const auto& level : own_levels) {
    std::printf("  top %4.1f%% of the area: value >= %.6g (%zu cells)\n", level.area_share * 100.0, level.threshold,
                level.cells);
  }
  if (scale) {
    std::printf("scale like %s: kernel, bandwidth, units, cell lattice%s and hotspot thresholds reused:\n",
                flags.scale_like.c_str(), scale->per_month ? ", per-month rates" : "");
    for (const auto& [name, value] : scale->thresholds) {
      std::size_t cells = 0;
      for (double v : result.values) cells += v >= value ? 1U : 0U;
      std::printf("  %s there: value >= %.6g (%zu cells here)\n", name.c_str(), value, cells);
    }
  }
}

}  // namespace

void register_density_command(CLI::App& app) {
  auto flags = std::make_shared<DensityFlags>();
  auto* sub = app.add_subcommand("density", "Kernel density surface of incidents as a GeoTIFF");
  add_input_options(*sub, flags->input);
  auto* g = "Density";
  sub->add_option("--out,-o", flags->out, "GeoTIFF to write")->required()->group("Output");
  sub->add_flag("--cog", flags->cog, "Write a Cloud-Optimized GeoTIFF")->group("Output");
  sub->add_option("--cell", flags->cell, "Cell size in metres")->check(CLI::PositiveNumber)->default_val(10.0)->group(g);
  sub->add_option("--bandwidth", flags->bandwidth,
                  "Kernel radius in metres (σ for gaussian), or a rule: scott, silverman, arcgis, or cv "
                  "(temporal cross-validation)")
      ->default_val("200")
      ->group(g);
  sub->add_option("--kernel", flags->kernel, "Kernel")
      ->check(CLI::IsMember({"quartic", "biweight", "epanechnikov", "triweight", "triangular", "uniform", "gaussian"}))
      ->default_val("quartic")
      ->group(g);
  sub->add_option("--units", flags->units, "per-km2: incidents per km²; per-cell: expected incidents per cell; "
                                           "probability: sums to 1")
      ->check(CLI::IsMember({"per-km2", "per-cell", "probability"}))
      ->default_val("per-km2")
      ->group(g);
  sub->add_option("--method", flags->method, "exact, binned (FFT) or auto")
      ->check(CLI::IsMember({"auto", "exact", "binned"}))
      ->default_val("auto")
      ->group(g);
  sub->add_option("--adaptive", flags->adaptive, "Adaptive bandwidth: none, knn (CrimeStat) or abramson (spatstat)")
      ->check(CLI::IsMember({"none", "knn", "abramson"}))
      ->default_val("none")
      ->group(g);
  sub->add_option("--knn", flags->knn, "Incidents within each point's kernel for --adaptive knn")
      ->check(CLI::PositiveNumber)
      ->default_val(30.0)
      ->group(g);
  sub->add_flag("--per-month", flags->per_month, "Divide by the number of months covered")->group(g);
  sub->add_option("--cv-max", flags->cv_max, "Largest bandwidth tried by --bandwidth cv, metres")
      ->check(CLI::PositiveNumber)
      ->default_val(3000.0)
      ->group(g);
  sub->add_option("--cv-json", flags->cv_json, "Write the cross-validation score curve to this JSON file")
      ->group("Output");
  sub->add_option("--evaluate-on", flags->evaluate_on,
                  "Later incidents (same forms as the inputs): print hit rate, PAI and PEI of the top 1/5/10%")
      ->group("Evaluation");
  sub->add_option("--compare", flags->compare,
                  "Other incidents (e.g. last quarter, or all crime): write difference and ratio surfaces")
      ->group("Evaluation");
  sub->add_option("--compare-out", flags->compare_out,
                  "Path prefix of the --compare rasters (default: <out>.compare_difference.tif / _ratio.tif)")
      ->group("Output");
  sub->add_option("--polygons", flags->polygons, "Write the hotspot polygons as GeoJSON (RFC 7946, WGS84)")
      ->group("Output");
  sub->add_option("--gpkg", flags->gpkg, "Write the hotspot polygons to a GeoPackage (working CRS)")->group("Output");
  sub->add_option("--levels", flags->levels, "Hotspot polygons: percentages of the area with the highest density")
      ->check(CLI::Range(0.0, 100.0))
      ->check([](const std::string& s) { return std::stod(s) > 0.0 ? std::string() : "a level must be above 0%"; })
      ->delimiter(',')
      ->default_str("1,5,10")
      ->group("Output");
  sub->add_option("--contours", flags->contours,
                  "Hotspot polygons also for these density values (in the output units): cells >= each value")
      ->delimiter(',')
      ->group("Output");
  sub->add_option("--scale-like", flags->scale_like,
                  "Reuse the kernel, bandwidth, units, cell lattice, per-month rates and hotspot thresholds of a "
                  "GeoTIFF written by hotspot density, so maps of different periods are comparable")
      ->check(CLI::ExistingFile)
      ->group(g);
  sub->add_option("--threads", flags->threads, "Threads (0: all cores); never changes the output")
      ->check(CLI::NonNegativeNumber)
      ->default_val(0)
      ->group(g);
  add_publish_options(*sub, flags->publish);
  sub->callback([flags, sub] {
    flags->explicit_scale_flags.clear();
    for (const char* name : {"--cell", "--bandwidth", "--kernel", "--units", "--per-month", "--adaptive"}) {
      if (sub->count(name) > 0) flags->explicit_scale_flags.emplace_back(name);
    }
    run(*flags);
  });
}

}  // namespace hotspot::cli
