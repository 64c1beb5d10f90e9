#include "hotspot/commands/density.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "hotspot/core/numbers.hpp"
#include "hotspot/commands/choices.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/density/density_scale.hpp"
#include "hotspot/density/dual_density.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/io/raster_reader.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/qgis/standard_styles.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "density";

constexpr std::array<step::Choice<density::DensityUnits>, 3> kUnits{{{"per-km2", density::DensityUnits::per_km2},
                                                                     {"per-cell", density::DensityUnits::per_cell},
                                                                     {"probability", density::DensityUnits::probability}}};
constexpr std::array<step::Choice<density::DensityMethod>, 3> kMethods{{{"auto", density::DensityMethod::automatic},
                                                                        {"exact", density::DensityMethod::exact},
                                                                        {"binned", density::DensityMethod::binned}}};
constexpr std::array<step::Choice<density::AdaptiveRule>, 3> kAdaptive{{{"none", density::AdaptiveRule::none},
                                                                        {"knn", density::AdaptiveRule::knn},
                                                                        {"abramson", density::AdaptiveRule::abramson}}};
constexpr std::array<step::Choice<density::BandwidthRule>, 4> kRules{{{"scott", density::BandwidthRule::scott},
                                                                      {"silverman", density::BandwidthRule::silverman},
                                                                      {"arcgis", density::BandwidthRule::arcgis},
                                                                      {"cv", density::BandwidthRule::cross_validation}}};

/// A level for the printed lines: one decimal as levels are usually given (" 1.0%", "10.0%"),
/// more when the level needs it ("0.25%").
std::string level_text(double percent) {
  char text[32];
  const bool one_decimal = std::abs(percent * 10.0 - std::round(percent * 10.0)) < 1e-9;
  std::snprintf(text, sizeof text, one_decimal ? "%4.1f%%" : "%g%%", percent);
  return text;
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

}  // namespace

void declare_density(step::Declarer& d, DensityOptions& options) {
  density::DensityMapOptions& m = options.map;
  d.group("Density");
  d.number("cell", m.cell, "Cell size in metres").above(0).unit("m");
  d.custom(
       "bandwidth", step::ValueKind::text,
       m.rule == density::BandwidthRule::fixed ? step::number_text(m.bandwidth)
                                               : std::string(step::choice_name<density::BandwidthRule>(kRules, m.rule)),
       [&m](const std::string& v) {
         for (const auto& c : kRules) {
           if (c.name == v) {
             m.rule = c.value;
             return;
           }
         }
         try {
           std::size_t used = 0;
           const double metres = std::stod(v, &used);
           if (used != v.size() || !(metres > 0) || !std::isfinite(metres)) throw std::invalid_argument(v);
           m.bandwidth = metres;
           m.rule = density::BandwidthRule::fixed;
         } catch (const std::exception&) {
           throw Error(ErrorCode::usage, kStage,
                       "--bandwidth \"" + v + "\" is neither metres (above 0) nor scott, silverman, arcgis or cv");
         }
       },
       "Kernel radius in metres (σ for gaussian), or a rule: scott, silverman, arcgis, or cv (temporal cross-validation)");
  d.choice<density::Kernel>("kernel", m.kernel, kKernels, "Kernel");
  d.choice<density::DensityUnits>("density-units", m.units, kUnits,
                                  "Units of the density surface (per-km2: incidents per km²; per-cell: expected "
                                  "incidents per cell; probability: sums to 1)")
      .deprecated("units");
  d.choice<density::DensityMethod>("method", m.method, kMethods,
                                   "How the surface is computed: exact, binned (FFT) or auto (the faster for the data)");
  d.choice<density::AdaptiveRule>("adaptive", m.adaptive, kAdaptive,
                                  "Adaptive bandwidth: none, knn (CrimeStat) or abramson (spatstat)");
  d.number("knn", m.knn, "Incidents within each point's kernel for --adaptive knn").above(0);
  d.flag("per-month", m.per_month, "Divide by the number of months covered");
  d.number("cv-max", m.cv_max, "Largest bandwidth tried by --bandwidth cv, metres").above(0).unit("m");
  d.text("scale-like", options.scale_like,
         "Reuse the kernel, bandwidth, units, cell lattice, per-month rates and hotspot thresholds of a GeoTIFF written "
         "by hotspot density, so maps of different periods are comparable")
      .role(step::Role::raster);
  d.integer("threads", m.threads, "Threads (0: all cores); never changes the output").at_least(0);

  d.group("Evaluation");
  d.texts("evaluate-on", options.evaluate_on,
          "Later incidents (same forms as the inputs): print hit rate, PAI and PEI of the hotspots at each --levels share")
      .no_split()
      .role(step::Role::incidents);
  d.texts("compare", options.compare,
          "Other incidents (e.g. last quarter, or all crime): write difference and ratio surfaces")
      .no_split()
      .role(step::Role::incidents);
  d.number("ratio-floor", options.ratio_floor,
           "With --compare: the ratio is nodata where the other surface is at or below this value (output units); on the "
           "near-empty fringes of the kernels a single incident swings it from 0 to far above 4")
      .at_least(0);

  d.group("Output");
  d.flag("cog", options.cloud_optimized, "Write a Cloud-Optimized GeoTIFF");
  d.numbers("levels", m.threshold_levels,
            "Hotspot levels: percentages of the area with the highest density (the thresholds printed and kept in the "
            "raster, the polygons, --evaluate-on)")
      .above(0)
      .at_most(100)
      .unit("%");
  d.numbers("contours", m.contours,
            "Hotspot polygons also for these density values (in the output units): cells >= each value");
  d.numbers("mean-multiples", m.mean_multiples,
            "Hotspot polygons also at these multiples of the mean cell value over the study area, e.g. 1,2,3 (the UK "
            "practice of thresholds at multiples of the mean); printed, and the mean kept in the metadata")
      .above(0);
}

density::DensityMap run_density(const PreparedIncidents& prepared, const DensityOptions& in, step::OutputSink& sink,
                                const std::vector<std::string>& given_scale_flags) {
  step::Messages& out = sink.messages();
  density::DensityMapOptions options = in.map;
  std::optional<density::DensityScale> scale;
  if (!in.scale_like.empty()) {
    if (!given_scale_flags.empty()) {
      throw Error(ErrorCode::usage, kStage,
                  given_scale_flags.front() + " cannot be combined with --scale-like, which takes it from " + in.scale_like);
    }
    // The reference's kernel, bandwidth, units, cell size and per-month choice, as if typed.
    const RasterInfo info = read_raster_info(in.scale_like);
    scale = density::scale_from_metadata(info.grid, info.metadata);
    options.kernel = scale->kernel;
    options.rule = density::BandwidthRule::fixed;
    options.bandwidth = scale->bandwidth;
    options.units = scale->units;
    options.cell = scale->lattice.cell_size;
    options.per_month = scale->per_month;
    options.scale = scale;
    options.scale_name = std::filesystem::path(in.scale_like).filename().string();
  }
  if (sink.publish().enabled && !in.compare.empty()) {
    throw Error(ErrorCode::usage, kStage,
                "--compare cannot be combined with --publish (the other surface is not checked for small counts)");
  }
  const bool want_polygons = sink.wants("hotspots");
  options.levels = want_polygons ? options.threshold_levels : std::vector<double>{};
  options.contours = want_polygons ? options.contours : std::vector<double>{};
  options.polygons = want_polygons;
  if (want_polygons && scale) options.levels.clear();
  options.publish_min_count = sink.publish().enabled ? sink.publish().min_count : 0;

  const Incidents& incidents = prepared.incidents;
  const density::DensityMap map = density::density_map(prepared, options);
  if (map.suppression) {
    out.status(format("publish density: %zu of %zu cells set to nodata (fewer than %lld incidents within %g m of the "
                      "cell centre)",
                      map.suppression->cells_suppressed, map.suppression->cells_with_data,
                      static_cast<long long>(sink.publish().min_count), map.publish_support_radius));
  }
  const GridSpec& grid = map.grid;
  const density::DensityResult& result = map.result;
  std::string text;
  if (map.cv) {
    const density::TemporalCvResult& cv = *map.cv;
    sink.file(kDensityCv, cv_to_json(cv), "the held-out months' scores per bandwidth");
    text += "temporal cross-validation (held-out log-likelihood per incident, PAI at 5%):\n";
    for (std::size_t i = 0; i < cv.curve.size(); ++i) {
      const auto& s = cv.curve[i];
      text += format("  %s%-14s %12.5f %8.3f\n", i == cv.best ? "* " : "  ",
                     s.count_model ? "count model"
                                   : (std::to_string(static_cast<long>(std::lround(s.bandwidth))) + " m").c_str(),
                     s.log_likelihood, s.pai);
    }
    if (map.count_model) text += "the per-cell count model predicts best: the map shows counts per cell\n";
  }
  out.print(text);
  text.clear();
  for (const auto& note : map.notes) out.note(note);

  RasterWriteOptions write = map.raster;
  write.cloud_optimized = in.cloud_optimized;
  if (map.suppression) {
    write.metadata["publish_min_count"] = std::to_string(sink.publish().min_count);
    write.metadata["publish_support_radius_m"] = metadata_number(map.publish_support_radius);
    write.metadata["publish_cells_suppressed"] = std::to_string(map.suppression->cells_suppressed);
    write.metadata["publish_cells_with_data"] = std::to_string(map.suppression->cells_with_data);
  }
  // QGIS opens the raster styled: classes from the hotspot thresholds in force (the
  // reference's with --scale-like).
  std::optional<qgis::RasterStyle> style;
  {
    std::vector<std::pair<std::string, double>> thresholds;
    if (scale) {
      for (const auto& [name, value] : scale->thresholds) thresholds.emplace_back(name + " of " + options.scale_name, value);
    } else {
      thresholds = density::named_thresholds(map.levels);
    }
    if (!thresholds.empty()) {
      style = qgis::density_style(sink.path_of(kDensityRaster).stem().string(), thresholds);
    }
  }
  sink.raster(kDensityRaster, grid, result.values, write, style);

  if (want_polygons) {
    sink.layer(map.polygon_layer, privacy::hotspot_polygon_rules());
    text += "hotspot polygons: " + std::to_string(map.polygons.size()) + "\n";
  }

  if (!in.evaluate_on.empty()) {
    out.print(text);
    text.clear();
    const WeightedPoints later =
        collapse_locations(step::prepare_other(prepared, in.evaluate_on, false, out, "--evaluate-on input: ").incidents);
    text += "evaluation on later incidents (Chainey et al. 2008 PAI; PEI = PAI / best PAI):\n";
    for (double percent : in.map.threshold_levels) {
      const density::HotspotEvaluation e = density::evaluate_hotspots(grid, result.values, later, percent / 100.0);
      text += format("  top %s: hit rate %.4f (%g of %g), PAI %.3f, PEI %.3f, best PAI %.3f", level_text(percent).c_str(),
                     e.hit_rate, e.hits, e.total, e.pai, e.pei, e.best_pai);
      if (e.cells < e.requested_cells) {
        // A sparse surface: the hotspot is the cells with density, as its polygons are.
        text += format(" (only %zu cells have density: %.3g%% of the area)", e.cells, e.area_share * 100.0);
      }
      text += "\n";
    }
  }
  if (!in.compare.empty()) {
    out.print(text);
    text.clear();
    const WeightedPoints second =
        collapse_locations(step::prepare_other(prepared, in.compare, true, out, "--compare input: ").incidents);
    density::DensityOptions second_options = map.options;
    // Adaptive bandwidths belong to the first set's points; the comparison uses the fixed one.
    second_options.point_bandwidths.clear();
    if (!map.nodata_mask.empty()) second_options.study_area = map.nodata_mask;
    const density::DensityResult other = map.count_model ? density::cell_counts(second, grid, second_options)
                                                         : density::kernel_density(second, grid, second_options);
    density::DualDensityOptions dual_options;
    dual_options.min_denominator = in.ratio_floor;
    const density::DualDensityResult dual = density::compare_densities(result, other, dual_options);
    RasterWriteOptions dual_write = write;
    dual_write.metadata.insert(dual.metadata.begin(), dual.metadata.end());
    // Diverging classes: the difference's scaled by its largest magnitude on this map.
    double largest = 0.0;
    for (double v : dual.difference) {
      if (std::isfinite(v)) largest = std::max(largest, std::abs(v));
    }
    dual_write.band_description = "difference (this - other)";
    sink.raster(kDensityDifference, grid, dual.difference, dual_write,
                qgis::difference_style(sink.path_of(kDensityDifference).stem().string(), largest,
                                       result.metadata.at("units_description")));
    dual_write.band_description = "ratio (this / other)";
    dual_write.units = "ratio";
    sink.raster(kDensityRatio, grid, dual.ratio, dual_write, qgis::ratio_style(sink.path_of(kDensityRatio).stem().string()));
    const std::string floor_text =
        in.ratio_floor > 0.0 ? "of " + metadata_number(in.ratio_floor) + " or less" : "of zero";
    text += format("compare: wrote %s and %s (%zu cells with a denominator %s are nodata in the ratio)\n",
                   sink.path_of(kDensityDifference).c_str(), sink.path_of(kDensityRatio).c_str(),
                   dual.undefined_ratio_cells, floor_text.c_str());
  }

  text += format("density: %d x %d cells of %g m, kernel %s, bandwidth %s m, method %s, units %s\n", grid.cols, grid.rows,
                 grid.cell_size, result.metadata.at("kernel").c_str(), result.metadata.at("bandwidth_m").c_str(),
                 result.metadata.at("method").c_str(), result.metadata.at("units_description").c_str());
  std::size_t cells_with_density = 0;
  for (double v : result.values) cells_with_density += v > 0.0 ? 1U : 0U;
  for (const auto& level : map.levels) {
    if (cells_with_density < level.cells) {
      text += format("  top %s of the area: value > 0 (only %zu cells have density, not the %zu the share asks for)\n",
                     level_text(level.area_share * 100.0).c_str(), cells_with_density, level.cells);
    } else {
      text += format("  top %s of the area: value >= %.6g (%zu cells)\n", level_text(level.area_share * 100.0).c_str(),
                     level.threshold, level.cells);
    }
  }
  if (!map.mean_levels.empty()) {
    text += format("mean cell value over the study area: %.6g", map.mean_value);
    if (map.mean_base != map.mean_value) {
      text += format(" (levels are multiples of %s's mean, %.6g)", in.scale_like.c_str(), map.mean_base);
    }
    text += "\n";
    for (const auto& level : map.mean_levels) {
      text += format("  %s: value >= %.6g (%zu cells)\n", level.name.c_str(), level.value, level.cells);
    }
  }
  if (scale) {
    text += format("scale like %s: kernel, bandwidth, units, cell lattice%s and hotspot thresholds reused:\n",
                   in.scale_like.c_str(), scale->per_month ? ", per-month rates" : "");
    for (const auto& [name, value] : scale->thresholds) {
      std::size_t cells = 0;
      for (double v : result.values) cells += v >= value ? 1U : 0U;
      text += format("  %s there: value >= %.6g (%zu cells here)\n", name.c_str(), value, cells);
    }
  }
  out.print(text);
  (void)incidents;
  return map;
}

namespace {

/// `hotspot density` on the command line: the shared input, the step's options, and where
/// each output goes.
struct DensityCommand {
  step::InputSettings input;
  DensityOptions density;
  std::string out, polygons, gpkg, cv_json, compare_out;
  bool no_style = false;
  step::PublishSettings publish;
};

void declare_density_command(step::Declarer& d, DensityCommand& c) {
  step::declare_input(d, c.input, /*streamable=*/true);
  d.group("Output");
  d.text("out", c.out, "GeoTIFF to write").short_name('o').required().role(step::Role::output_raster);
  declare_density(d, c.density);
  d.group("Output");
  d.text("cv-json", c.cv_json, "Write the cross-validation score curve to this JSON file").role(step::Role::output_file);
  d.text("compare-out", c.compare_out,
         "Path prefix of the --compare rasters (default: <out>.compare_difference.tif / _ratio.tif)")
      .role(step::Role::output_raster);
  d.text("polygons", c.polygons, "Write the hotspot polygons as GeoJSON (RFC 7946, WGS84)").role(step::Role::output_vector);
  d.text("gpkg", c.gpkg, "Write the hotspot polygons to a GeoPackage (working CRS)").role(step::Role::output_vector);
  step::declare_publish(d, c.publish);
  step::declare_no_style(d, c.no_style);
}

void run_density_command(const DensityCommand& c, const step::Declarer& d, step::Messages& messages) {
  if (c.input.stream) {
    // Streamed incidents are one per location, without months or types.
    const char* needs_rows = c.density.map.rule == density::BandwidthRule::cross_validation ? "--bandwidth cv"
                             : c.density.map.per_month                                      ? "--per-month"
                             : !c.polygons.empty() || !c.gpkg.empty()                       ? "--polygons/--gpkg"
                                                                                            : nullptr;
    if (needs_rows != nullptr) {
      throw Error(ErrorCode::usage, kStage, std::string(needs_rows) + " needs the rows' months or counts; not with --stream");
    }
  }
  std::vector<std::string> given_scale_flags;
  for (const char* name : {"cell", "bandwidth", "kernel", "density-units", "per-month", "adaptive"}) {
    if (d.given(name)) given_scale_flags.push_back(std::string("--") + name);
  }
  step::SinkLayout layout;
  layout.paths[kDensityRaster] = c.out;
  layout.paths["hotspots"] = c.polygons;
  layout.paths[kDensityCv] = c.cv_json;
  if (!c.density.compare.empty()) {
    const std::string prefix = c.compare_out.empty() ? c.out + ".compare" : c.compare_out;
    layout.paths[kDensityDifference] = prefix + "_difference.tif";
    layout.paths[kDensityRatio] = prefix + "_ratio.tif";
  }
  layout.geopackage = c.gpkg;
  layout.geopackage_layers = {"hotspots"};
  step::FileSink sink("density", layout, c.publish, !c.no_style, messages);
  const PreparedIncidents prepared = step::prepare_input(c.input, messages);
  (void)run_density(prepared, c.density, sink, given_scale_flags);
  sink.commit();
}

}  // namespace

step::CommandSpec density_command() {
  return step::make_command<DensityCommand>(
      "density", "Kernel density surface of incidents as a GeoTIFF",
      {{kDensityRaster, step::OutputKind::raster, "density.tif", "the density surface, styled by hotspot level", true},
       {"hotspots", step::OutputKind::vector, "hotspots.geojson", "hotspot polygons of each level", true},
       {kDensityCv, step::OutputKind::text, "density_cv.json", "temporal cross-validation scores per bandwidth", false},
       {kDensityDifference, step::OutputKind::raster, "compare_difference.tif", "this surface minus the --compare one", false},
       {kDensityRatio, step::OutputKind::raster, "compare_ratio.tif", "this surface over the --compare one", false}},
      declare_density_command, run_density_command);
}

}  // namespace hotspot::commands
