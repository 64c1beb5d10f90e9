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
#include "hotspot/density/density_map.hpp"
#include "hotspot/density/density_scale.hpp"
#include "hotspot/density/dual_density.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/raster_reader.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/standard_styles.hpp"

namespace hotspot::cli {
namespace {

constexpr const char* kDensityStage = "density";

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
  double ratio_floor = 0.0;
  std::string polygons;
  std::string gpkg;
  std::vector<double> levels = {1.0, 5.0, 10.0};
  std::vector<double> contours;
  std::vector<double> mean_multiples;
  std::string scale_like;
  bool no_style = false;
  PublishFlags publish;
  /// Scale flags given on the command line (they would contradict --scale-like).
  std::vector<std::string> explicit_scale_flags;
};

/// A level for the printed lines: one decimal as levels are usually given (" 1.0%", "10.0%"),
/// more when the level needs it ("0.25%").
std::string level_text(double percent) {
  char text[32];
  const bool one_decimal = std::abs(percent * 10.0 - std::round(percent * 10.0)) < 1e-9;
  std::snprintf(text, sizeof text, one_decimal ? "%4.1f%%" : "%g%%", percent);
  return text;
}

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

/// Other incidents (later months, or another crime type) read with the same flags, projected to
/// the same working CRS. The period filter is dropped: --from/--to choose the fitted months,
/// and the evaluation set is by definition another period.
WeightedPoints other_points(const DensityFlags& flags, const std::vector<std::string>& inputs,
                            const std::string& crs, bool keep_period, const std::string& label) {
  PrepareOptions options = resolve_input_options(flags.input);
  options.read.inputs = inputs;
  options.working_crs = crs;
  if (!keep_period) {
    options.filter.from.clear();
    options.filter.to.clear();
  }
  const PreparedIncidents other = prepare_incidents(options);
  // Every row of the second input is accounted for too, under its flag's name.
  report_account(other, label + " input: ");
  return collapse_locations(other.incidents);
}

/// Reads --scale-like and puts its kernel, bandwidth, units, cell size and per-month choice into
/// the flags, so the rest of the run is the same as if they had been typed.
std::optional<density::DensityScale> apply_scale_like(DensityFlags& flags) {
  if (flags.scale_like.empty()) return std::nullopt;
  if (!flags.explicit_scale_flags.empty()) {
    throw Error(ErrorCode::usage, kDensityStage, flags.explicit_scale_flags.front() +
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
    throw Error(ErrorCode::usage, kDensityStage, "--compare cannot be combined with --publish (the other surface is not "
                                          "checked for small counts)");
  }
  const std::optional<density::DensityScale> scale = apply_scale_like(flags);
  if (flags.input.stream) {
    // Streamed incidents are one per location, without months or types.
    const char* needs_rows = flags.bandwidth == "cv" ? "--bandwidth cv"
                             : flags.per_month      ? "--per-month"
                             : !flags.polygons.empty() || !flags.gpkg.empty() ? "--polygons/--gpkg"
                                                                              : nullptr;
    if (needs_rows != nullptr) {
      throw Error(ErrorCode::usage, kDensityStage, std::string(needs_rows) + " needs the rows' months or counts; not with --stream");
    }
  }
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& incidents = prepared.incidents;

  density::DensityMapOptions options;
  options.cell = flags.cell;
  options.kernel = *density::parse_kernel(flags.kernel);
  options.units = parse_units(flags.units);
  options.method = parse_method(flags.method);
  options.threads = flags.threads;
  options.cv_max = flags.cv_max;
  options.knn = flags.knn;
  options.per_month = flags.per_month;
  options.adaptive = flags.adaptive == "knn"        ? density::AdaptiveRule::knn
                     : flags.adaptive == "abramson" ? density::AdaptiveRule::abramson
                                                    : density::AdaptiveRule::none;
  if (flags.bandwidth == "scott") {
    options.rule = density::BandwidthRule::scott;
  } else if (flags.bandwidth == "silverman") {
    options.rule = density::BandwidthRule::silverman;
  } else if (flags.bandwidth == "arcgis") {
    options.rule = density::BandwidthRule::arcgis;
  } else if (flags.bandwidth == "cv") {
    options.rule = density::BandwidthRule::cross_validation;
  } else {
    try {
      std::size_t used = 0;
      options.bandwidth = std::stod(flags.bandwidth, &used);
      if (used != flags.bandwidth.size()) throw std::invalid_argument(flags.bandwidth);
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, kDensityStage,
                  "--bandwidth \"" + flags.bandwidth + "\" is neither metres nor scott, silverman, arcgis or cv");
    }
  }
  options.scale = scale;
  if (scale) options.scale_name = std::filesystem::path(flags.scale_like).filename().string();
  const bool want_polygons = !flags.polygons.empty() || !flags.gpkg.empty();
  options.levels = want_polygons ? flags.levels : std::vector<double>{};
  options.threshold_levels = flags.levels;
  options.contours = want_polygons ? flags.contours : std::vector<double>{};
  options.mean_multiples = flags.mean_multiples;
  options.polygons = want_polygons;
  if (want_polygons && scale) options.levels.clear();

  options.publish_min_count = flags.publish.publish ? flags.publish.min_count : 0;
  const density::DensityMap map = density::density_map(prepared, options);
  if (map.suppression) {
    std::fprintf(stderr,
                 "hotspot: publish %s: %zu of %zu cells set to nodata (fewer than %lld incidents within %g m of the "
                 "cell centre)\n",
                 std::filesystem::path(flags.out).filename().c_str(), map.suppression->cells_suppressed,
                 map.suppression->cells_with_data, static_cast<long long>(flags.publish.min_count),
                 map.publish_support_radius);
  }
  const density::GridSpec& grid = map.grid;
  const density::DensityResult& result = map.result;
  if (map.cv) {
    const density::TemporalCvResult& cv = *map.cv;
    if (!flags.cv_json.empty()) write_file_atomically(flags.cv_json, cv_to_json(cv));
    std::printf("temporal cross-validation (held-out log-likelihood per incident, PAI at 5%%):\n");
    for (std::size_t i = 0; i < cv.curve.size(); ++i) {
      const auto& s = cv.curve[i];
      std::printf("  %s%-14s %12.5f %8.3f\n", i == cv.best ? "* " : "  ",
                  s.count_model ? "count model" : (std::to_string(static_cast<long>(std::lround(s.bandwidth))) + " m").c_str(),
                  s.log_likelihood, s.pai);
    }
    if (map.count_model) std::printf("the per-cell count model predicts best: the map shows counts per cell\n");
  }
  for (const auto& note : map.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());

  RasterWriteOptions write = map.raster;
  write.cloud_optimized = flags.cog;
  if (map.suppression) {
    write.metadata["publish_min_count"] = std::to_string(flags.publish.min_count);
    write.metadata["publish_support_radius_m"] = metadata_number(map.publish_support_radius);
    write.metadata["publish_cells_suppressed"] = std::to_string(map.suppression->cells_suppressed);
    write.metadata["publish_cells_with_data"] = std::to_string(map.suppression->cells_with_data);
  }
  write_geotiff(flags.out, grid, result.values, write);
  // QGIS opens the raster styled: classes from the hotspot thresholds in force (the
  // reference's with --scale-like), from a .qml of the same name beside it.
  if (!flags.no_style) {
    std::vector<std::pair<std::string, double>> thresholds;
    if (scale) {
      for (const auto& [name, value] : scale->thresholds) thresholds.emplace_back(name + " of " + options.scale_name, value);
    } else {
      thresholds = density::named_thresholds(map.levels);
    }
    if (!thresholds.empty()) {
      qgis::write_qml_beside(flags.out, qgis::density_style(std::filesystem::path(flags.out).stem().string(), thresholds));
    }
  }

  if (want_polygons) {
    VectorLayer layer = map.polygon_layer;
    if (flags.publish.publish) {
      layer = publish_for_output(layer, privacy::hotspot_polygon_rules(), flags.publish);
    }
    const bool styled = !flags.no_style;
    if (!flags.polygons.empty()) {
      // QGIS looks for <name>.qml beside each file: a raster and a GeoJSON of the same name
      // would share one; the raster keeps it.
      const auto qml = [](const std::string& file) {
        return std::filesystem::weakly_canonical(std::filesystem::path(file).replace_extension(".qml"));
      };
      const bool clash = styled && qml(flags.polygons) == qml(flags.out);
      if (clash) {
        std::fprintf(stderr, "hotspot: note: no style written for %s: %s styles %s (name the polygons differently)\n",
                     flags.polygons.c_str(), qml(flags.out).filename().c_str(), flags.out.c_str());
      }
      write_geojson_output(layer, flags.polygons, styled && !clash);
    }
    if (!flags.gpkg.empty()) write_geopackage_output({&layer}, flags.gpkg, styled);
    std::printf("hotspot polygons: %zu\n", map.polygons.size());
  }

  if (!flags.evaluate_on.empty()) {
    const WeightedPoints later = other_points(flags, flags.evaluate_on, incidents.crs, false, "--evaluate-on");
    std::printf("evaluation on later incidents (Chainey et al. 2008 PAI; PEI = PAI / best PAI):\n");
    for (double percent : flags.levels) {
      const density::HotspotEvaluation e = density::evaluate_hotspots(grid, result.values, later, percent / 100.0);
      std::printf("  top %s: hit rate %.4f (%g of %g), PAI %.3f, PEI %.3f, best PAI %.3f", level_text(percent).c_str(),
                  e.hit_rate, e.hits, e.total, e.pai, e.pei, e.best_pai);
      if (e.cells < e.requested_cells) {
        // A sparse surface: the hotspot is the cells with density, as its polygons are.
        std::printf(" (only %zu cells have density: %.3g%% of the area)", e.cells, e.area_share * 100.0);
      }
      std::printf("\n");
    }
  }
  if (!flags.compare.empty()) {
    const WeightedPoints second = other_points(flags, flags.compare, incidents.crs, true, "--compare");
    density::DensityOptions second_options = map.options;
    // Adaptive bandwidths belong to the first set's points; the comparison uses the fixed one.
    second_options.point_bandwidths.clear();
    if (!map.nodata_mask.empty()) second_options.study_area = map.nodata_mask;
    density::DensityResult other = map.count_model ? density::cell_counts(second, grid, second_options)
                                               : density::kernel_density(second, grid, second_options);
    density::DualDensityOptions dual_options;
    dual_options.min_denominator = flags.ratio_floor;
    const density::DualDensityResult dual = density::compare_densities(result, other, dual_options);
    RasterWriteOptions dual_write = write;
    dual_write.metadata.insert(dual.metadata.begin(), dual.metadata.end());
    const std::string prefix = flags.compare_out.empty() ? flags.out + ".compare" : flags.compare_out;
    dual_write.band_description = "difference (this - other)";
    write_geotiff(prefix + "_difference.tif", grid, dual.difference, dual_write);
    dual_write.band_description = "ratio (this / other)";
    dual_write.units = "ratio";
    write_geotiff(prefix + "_ratio.tif", grid, dual.ratio, dual_write);
    if (!flags.no_style) {
      // Diverging classes: the difference's scaled by its largest magnitude on this map.
      double largest = 0.0;
      for (double d : dual.difference) {
        if (std::isfinite(d)) largest = std::max(largest, std::abs(d));
      }
      const std::string stem = std::filesystem::path(prefix).filename().string();
      qgis::write_qml_beside(prefix + "_difference.tif",
                             qgis::difference_style(stem + "_difference", largest, result.metadata.at("units_description")));
      qgis::write_qml_beside(prefix + "_ratio.tif", qgis::ratio_style(stem + "_ratio"));
    }
    const std::string floor_text = flags.ratio_floor > 0.0 ? "of " + metadata_number(flags.ratio_floor) + " or less" : "of zero";
    std::printf("compare: wrote %s_difference.tif and %s_ratio.tif (%zu cells with a denominator %s are nodata in the ratio)\n",
                prefix.c_str(), prefix.c_str(), dual.undefined_ratio_cells, floor_text.c_str());
  }

  std::printf("density: %d x %d cells of %g m, kernel %s, bandwidth %s m, method %s, units %s\n", grid.cols,
              grid.rows, grid.cell_size, result.metadata.at("kernel").c_str(), result.metadata.at("bandwidth_m").c_str(),
              result.metadata.at("method").c_str(), result.metadata.at("units_description").c_str());
  std::size_t cells_with_density = 0;
  for (double v : result.values) cells_with_density += v > 0.0 ? 1U : 0U;
  for (const auto& level : map.levels) {
    if (cells_with_density < level.cells) {
      std::printf("  top %s of the area: value > 0 (only %zu cells have density, not the %zu the share asks for)\n",
                  level_text(level.area_share * 100.0).c_str(), cells_with_density, level.cells);
    } else {
      std::printf("  top %s of the area: value >= %.6g (%zu cells)\n", level_text(level.area_share * 100.0).c_str(), level.threshold,
                  level.cells);
    }
  }
  if (!map.mean_levels.empty()) {
    std::printf("mean cell value over the study area: %.6g", map.mean_value);
    if (map.mean_base != map.mean_value) std::printf(" (levels are multiples of %s's mean, %.6g)", flags.scale_like.c_str(), map.mean_base);
    std::printf("\n");
    for (const auto& level : map.mean_levels) {
      std::printf("  %s: value >= %.6g (%zu cells)\n", level.name.c_str(), level.value, level.cells);
    }
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
  add_stream_options(*sub, flags->input);
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
                  "Later incidents (same forms as the inputs): print hit rate, PAI and PEI of the hotspots at each --levels share")
      ->group("Evaluation");
  sub->add_option("--compare", flags->compare,
                  "Other incidents (e.g. last quarter, or all crime): write difference and ratio surfaces")
      ->group("Evaluation");
  sub->add_option("--ratio-floor", flags->ratio_floor,
                  "With --compare: the ratio is nodata where the other surface is at or below this value (output "
                  "units); on the near-empty fringes of the kernels a single incident swings it from 0 to far above 4")
      ->check(CLI::NonNegativeNumber)
      ->default_val(0.0)
      ->group("Evaluation");
  sub->add_option("--compare-out", flags->compare_out,
                  "Path prefix of the --compare rasters (default: <out>.compare_difference.tif / _ratio.tif)")
      ->group("Output");
  sub->add_option("--polygons", flags->polygons, "Write the hotspot polygons as GeoJSON (RFC 7946, WGS84)")
      ->group("Output");
  sub->add_option("--gpkg", flags->gpkg, "Write the hotspot polygons to a GeoPackage (working CRS)")->group("Output");
  sub->add_option("--levels", flags->levels, "Hotspot levels: percentages of the area with the highest density (the thresholds printed and kept in the raster, the polygons, --evaluate-on)")
      ->check(CLI::Range(0.0, 100.0))
      ->check([](const std::string& s) { return std::stod(s) > 0.0 ? std::string() : "a level must be above 0%"; })
      ->delimiter(',')
      ->default_str("1,5,10")
      ->group("Output");
  sub->add_option("--contours", flags->contours,
                  "Hotspot polygons also for these density values (in the output units): cells >= each value")
      ->delimiter(',')
      ->group("Output");
  sub->add_option("--mean-multiples", flags->mean_multiples,
                  "Hotspot polygons also at these multiples of the mean cell value over the study area, e.g. 1,2,3 "
                  "(the UK practice of thresholds at multiples of the mean); printed, and the mean kept in the metadata")
      ->check(CLI::PositiveNumber)
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
  add_style_option(*sub, flags->no_style);
  sub->callback([flags, sub] {
    flags->explicit_scale_flags.clear();
    for (const char* name : {"--cell", "--bandwidth", "--kernel", "--units", "--per-month", "--adaptive"}) {
      if (sub->count(name) > 0) flags->explicit_scale_flags.emplace_back(name);
    }
    run(*flags);
  });
}

}  // namespace hotspot::cli
