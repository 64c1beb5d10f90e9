#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot::cli {
namespace {

struct CctvFlags {
  InputFlags input;
  CctvOptions options;
  std::string out_dir;
  bool quiet = false;
  // Camera
  double range = 0;
  double resolution = 0;
  double lens_fov = 0;
  std::string purpose = "recognise";
  bool decay = false;
  // Layers given as FILE plus an optional layer name.
  std::string candidates, candidates_layer, roads, roads_layer, hotspots, hotspots_layer, buildings, buildings_layer,
      existing, existing_layer, existing_where;
  std::vector<std::string> exclude;
  std::string exclude_layer;
  std::string reference_month;
  double half_life = 0;
  double budget = 0;
  bool no_swap = false;
  std::string demand_raster;
  double demand_total = 0;
  PublishFlags publish;
  bool no_style = false;
};

void run_published(const CctvFlags& flags, const CctvReport& report, const std::filesystem::path& dir) {
  const bool locations_public = location_text_is_public(flags.input.prepare);
  const VectorLayer cameras = publish_for_output(report.cameras, privacy::camera_rules(locations_public), flags.publish);
  VectorLayer views = report.coverage;
  privacy::move_views_with_cameras(views, report.cameras, flags.publish.grid_m);
  const VectorLayer coverage = publish_for_output(views, privacy::coverage_rules(), flags.publish);
  const bool styled = !flags.no_style;
  write_geojson_output(cameras, dir / "cameras.geojson", styled);
  write_geojson_output(coverage, dir / "coverage.geojson", styled);
  std::vector<const VectorLayer*> layers{&cameras, &coverage};
  std::optional<VectorLayer> uncovered;
  if (report.uncovered_hotspots) {
    uncovered = publish_for_output(*report.uncovered_hotspots, privacy::uncovered_hotspot_rules(), flags.publish);
    write_geojson_output(*uncovered, dir / "uncovered_hotspots.geojson", styled);
    layers.push_back(&*uncovered);
  }
  write_geopackage_output(layers, dir / "cctv.gpkg", styled);
  std::fprintf(stderr, "hotspot: publish: cctv_summary.csv and the printed summary are not written (they carry "
                       "unchecked counts); use cameras.geojson\n");
}

std::optional<AreaSource> layer_of(const std::string& path, const std::string& layer) {
  if (path.empty()) return std::nullopt;
  return AreaSource{path, layer, ""};
}

CctvOptions resolve(const CctvFlags& flags) {
  CctvOptions options = flags.options;
  CameraModel& camera = options.camera;
  if (flags.resolution > 0) {
    const auto purpose = parse_purpose(flags.purpose);
    if (!purpose) throw Error(ErrorCode::usage, "cctv", "--purpose must be detect, observe, recognise or identify");
    const SensorSpec sensor{flags.resolution, flags.lens_fov > 0 ? flags.lens_fov : (camera.fov_deg < 180 ? camera.fov_deg : 90.0),
                            *purpose, flags.decay};
    const CameraModel derived = camera_from_sensor(sensor, camera.fov_deg, camera.headings);
    camera.range_m = derived.range_m;
    camera.full_range_m = derived.full_range_m;
  } else {
    if (flags.decay) throw Error(ErrorCode::usage, "cctv", "--decay needs --resolution (ranges come from EN 62676-4 densities)");
    camera.range_m = flags.range > 0 ? flags.range : 40.0;
  }
  camera.validate();
  if (flags.half_life > 0) options.demand.half_life_months = flags.half_life;
  if (!flags.reference_month.empty()) {
    const auto m = parse_month(flags.reference_month);
    if (!m) throw Error(ErrorCode::usage, "cctv", "--reference-month \"" + flags.reference_month + "\" is not YYYY-MM");
    options.demand.reference_month = *m;
  }
  options.candidates.points = layer_of(flags.candidates, flags.candidates_layer);
  options.candidates.roads = layer_of(flags.roads, flags.roads_layer);
  options.candidates.hotspots = layer_of(flags.hotspots, flags.hotspots_layer);
  for (const auto& path : flags.exclude) options.candidates.exclusions.push_back(AreaSource{path, flags.exclude_layer, ""});
  options.obstacles = layer_of(flags.buildings, flags.buildings_layer);
  options.existing = layer_of(flags.existing, flags.existing_layer);
  if (options.existing) options.existing->where = flags.existing_where;
  if (flags.budget > 0) options.planner.budget = flags.budget;
  options.planner.local_search = !flags.no_swap;
  if (options.candidates.spacing_m > 0 && flags.input.within.empty()) {
    throw Error(ErrorCode::usage, "cctv", "--spacing needs --within (the lattice fills the study area)");
  }

  if (!flags.demand_raster.empty()) {
    options.demand_raster = RasterDemandOptions{flags.demand_raster, std::nullopt};
    if (flags.demand_total > 0) options.demand_raster->probability_total = flags.demand_total;
  }
  if (flags.input.prepare.read.inputs.empty() && !options.demand_raster) {
    throw Error(ErrorCode::usage, "cctv", "give the incident files to plan for, or --demand-raster");
  }
  if (flags.out_dir.empty()) throw Error(ErrorCode::usage, "cctv", "--out is required");
  return options;
}

std::filesystem::path output_dir(const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::output, "cctv", "cannot create " + dir.string() + ": " + ec.message());
  return dir;
}

// Without incident files the raster sets the working CRS; --within and --crs still apply.
PreparedIncidents prepare_raster_only(const InputFlags& input, const std::string& raster) {
  const PrepareOptions options = resolve_input_options(input);
  PreparedIncidents prepared;
  const std::string crs = options.working_crs.empty() ? raster_crs(raster) : options.working_crs;
  prepared.crs = WorkingCrsChoice{crs, crs, "the CRS of --demand-raster"};
  prepared.harm = options.harm_weights_path.empty() ? HarmWeights::bundled() : HarmWeights::load(options.harm_weights_path);
  if (options.filter.within) {
    prepared.area = std::make_unique<StudyArea>(StudyArea::from_source(*options.filter.within, crs, prepared.notes));
  }
  for (const auto& note : prepared.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
  return prepared;
}

void run(const CctvFlags& flags) {
  const CctvOptions options = resolve(flags);
  const PreparedIncidents prepared = flags.input.prepare.read.inputs.empty()
                                         ? prepare_raster_only(flags.input, flags.demand_raster)
                                         : prepare_from_flags(flags.input);
  const CctvReport report = plan_cctv(prepared, options);
  const std::filesystem::path dir = output_dir(flags.out_dir);
  if (flags.publish.publish) {
    run_published(flags, report, dir);
    for (const auto& note : report.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
    return;
  }
  const bool styled = !flags.no_style;
  write_geojson_output(report.cameras, dir / "cameras.geojson", styled);
  write_geojson_output(report.coverage, dir / "coverage.geojson", styled);
  write_file_atomically(dir / "cctv_summary.csv", report.summary_csv);
  std::vector<const VectorLayer*> layers{&report.cameras, &report.coverage};
  if (report.uncovered_hotspots) {
    write_geojson_output(*report.uncovered_hotspots, dir / "uncovered_hotspots.geojson", styled);
    layers.push_back(&*report.uncovered_hotspots);
  }
  write_geopackage_output(layers, dir / "cctv.gpkg", styled);
  for (const auto& note : report.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
  if (!flags.quiet) std::fputs(report.summary_text.c_str(), stdout);
}

struct RotateFlags {
  CctvFlags cctv;
  RotationOptions rotation;
};

void run_rotate(const RotateFlags& flags) {
  const CctvOptions options = resolve(flags.cctv);
  RotationOptions rotation = flags.rotation;
  rotation.planner = options.planner;
  const PreparedIncidents prepared = prepare_from_flags(flags.cctv.input);
  const RotationReport report = plan_rotation(prepared, options, rotation);
  const std::filesystem::path dir = output_dir(flags.cctv.out_dir);
  write_geojson_output(report.placements, dir / "rotation.geojson", !flags.cctv.no_style);
  write_file_atomically(dir / "rotation_backtest.csv", report.periods_csv);
  write_geopackage_output({&report.placements}, dir / "rotation.gpkg", !flags.cctv.no_style);
  for (const auto& note : report.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
  if (!flags.cctv.quiet) std::fputs(report.summary_text.c_str(), stdout);
}

// The flags `cctv` and `cctv rotate` share.
void add_cctv_options(CLI::App* sub, const std::shared_ptr<CctvFlags>& flags, bool rotate) {
  add_input_options(*sub, flags->input);
  // Checked when the command runs, so `hotspot cctv rotate ...` need not repeat them for `cctv`.
  sub->get_option("inputs")->required(false);
  CctvOptions& o = flags->options;

  const char* out = "Output";
  sub->add_option("--out,-o", flags->out_dir,
                  rotate ? "Folder for rotation.geojson, rotation_backtest.csv, rotation.gpkg"
                         : "Folder for cameras.geojson, coverage.geojson, cctv_summary.csv, cctv.gpkg")
      ->group(out);
  sub->add_flag("--quiet,-q", flags->quiet, "Do not print the summary")->group(out);

  const char* cam = "Camera";
  sub->add_option("--range", flags->range, "Camera range in metres (default 40; or derive it with --resolution)")
      ->check(CLI::PositiveNumber)
      ->group(cam);
  sub->add_option("--resolution", flags->resolution, "Sensor horizontal resolution in pixels (range from EN 62676-4)")
      ->check(CLI::PositiveNumber)
      ->excludes("--range")
      ->group(cam);
  sub->add_option("--lens-fov", flags->lens_fov, "Lens horizontal field of view in degrees (default: --fov, or 90 for 360° cameras)")
      ->check(CLI::Range(0.1, 179.9))
      ->needs("--resolution")
      ->group(cam);
  sub->add_option("--purpose", flags->purpose, "EN 62676-4 purpose: detect (25 px/m), observe (62.5), recognise (125), identify (250)")
      ->check(CLI::IsMember({"detect", "observe", "recognise", "recognize", "identify"}))
      ->default_val("recognise")
      ->group(cam);
  sub->add_flag("--decay", flags->decay, "Full weight to the recognise range, falling linearly to 0 at the detect range")
      ->group(cam);
  sub->add_option("--fov", o.camera.fov_deg, "Coverage field of view in degrees; 360 for domes/PTZ")
      ->check(CLI::Range(1.0, 360.0))
      ->default_val(360)
      ->group(cam);
  sub->add_option("--headings", o.camera.headings, "Directions tried for a fixed camera")
      ->check(CLI::IsMember({4, 8, 16, 32}))
      ->default_val(8)
      ->group(cam);
  sub->add_option("--arc-step", o.visibility.arc_step_deg, "Angular step in degrees when drawing the range arc")
      ->check(CLI::Range(0.05, 10.0))
      ->default_val(1.0)
      ->group(cam);

  const char* cand = "Candidates";
  sub->add_option("--candidates", flags->candidates, "OGR point layer of candidate sites")->group(cand);
  sub->add_option("--candidates-layer", flags->candidates_layer, "Layer of --candidates")->needs("--candidates")->group(cand);
  sub->add_option("--cost-field", o.candidates.cost_field, "Field of --candidates with each site's cost (for --budget)")
      ->needs("--candidates")
      ->group(cand);
  sub->add_option("--spacing", o.candidates.spacing_m, "Also a lattice of candidates at this spacing (m) inside --within")
      ->check(CLI::Range(1.0, 100000.0))
      ->group(cand);
  sub->add_option("--roads", flags->roads, "OGR line layer: candidates along each line")->group(cand);
  sub->add_option("--roads-layer", flags->roads_layer, "Layer of --roads")->needs("--roads")->group(cand);
  sub->add_option("--road-step", o.candidates.road_step_m, "Metres between candidates along --roads")
      ->check(CLI::Range(1.0, 100000.0))
      ->default_val(50)
      ->group(cand);
  sub->add_option("--hotspots", flags->hotspots, "OGR polygon layer: a candidate at each polygon's centroid")->group(cand);
  sub->add_option("--hotspots-layer", flags->hotspots_layer, "Layer of --hotspots")->needs("--hotspots")->group(cand);
  sub->add_option("--exclude", flags->exclude, "OGR polygon layer(s) where no camera may go")->group(cand);
  sub->add_option("--exclude-layer", flags->exclude_layer, "Layer of --exclude")->needs("--exclude")->group(cand);

  const char* obs = "Obstacles and existing cameras";
  sub->add_option("--buildings", flags->buildings, "OGR polygon layer of building footprints (obstacles)")->group(obs);
  sub->add_option("--buildings-layer", flags->buildings_layer, "Layer of --buildings (e.g. buildings)")
      ->needs("--buildings")
      ->group(obs);
  sub->add_option("--height-field", o.height_field,
                  "Field of --buildings with heights (m): GDAL viewshed over a surface model instead of 2D footprints")
      ->needs("--buildings")
      ->group(obs);
  sub->add_option("--camera-height", o.viewshed.camera_height_m, "Camera height above ground (m), with --height-field")
      ->check(CLI::NonNegativeNumber)
      ->needs("--height-field")
      ->default_val(6.0)
      ->group(obs);
  sub->add_option("--target-height", o.viewshed.target_height_m,
                  "Height a target must show to be seen (m), with --height-field")
      ->check(CLI::NonNegativeNumber)
      ->needs("--height-field")
      ->default_val(1.5)
      ->group(obs);
  sub->add_option("--dsm-cell", o.viewshed.cell_size_m, "Surface model cell size (m), with --height-field")
      ->check(CLI::Range(0.05, 10.0))
      ->needs("--height-field")
      ->default_val(0.5)
      ->group(obs);
  sub->add_option("--existing", flags->existing, "OGR point layer of existing cameras (locked in)")->group(obs);
  sub->add_option("--existing-layer", flags->existing_layer, "Layer of --existing")->needs("--existing")->group(obs);
  sub->add_option("--existing-where", flags->existing_where,
                  "OGR attribute filter on --existing, e.g. \"man_made = 'surveillance'\"")
      ->needs("--existing")
      ->group(obs);
  sub->add_option("--existing-range-field", o.existing_fields.range, "Field with each existing camera's range (m)")
      ->needs("--existing")
      ->group(obs);
  sub->add_option("--existing-fov-field", o.existing_fields.fov, "Field with each existing camera's field of view (deg)")
      ->needs("--existing")
      ->group(obs);
  sub->add_option("--existing-heading-field", o.existing_fields.heading, "Field with each existing camera's heading (deg)")
      ->needs("--existing")
      ->group(obs);

  sub->add_option("--indoor-snap", o.indoor_snap_m,
                  "Move incidents mapped inside a building to the nearest open ground within this many metres (0: leave)")
      ->check(CLI::NonNegativeNumber)
      ->default_val(30)
      ->group(obs);

  const char* dem = "Demand";
  sub->add_option("--half-life", flags->half_life, "Recency half-life in months: w = 0.5^(age / half-life)")
      ->check(CLI::PositiveNumber)
      ->group(dem);
  sub->add_option("--reference-month", flags->reference_month, "Month ages count from (YYYY-MM; default: latest)")
      ->needs("--half-life")
      ->group(dem);

  if (!rotate) {
    sub->add_option("--demand-raster", flags->demand_raster,
                    "GeoTIFF from `hotspot density` as demand (cell mass = expected incidents); incidents, if given, "
                    "only fill the report's counts, crime types and locations")
        ->check(CLI::ExistingFile)
        ->group(dem);
    sub->add_option("--demand-total", flags->demand_total,
                    "Incidents a probability raster stands for (mass = probability x total)")
        ->check(CLI::PositiveNumber)
        ->needs("--demand-raster")
        ->group(dem);
  }

  const char* opt = "Optimisation";
  if (!rotate) {
    sub->add_option("--cameras,-n", o.planner.cameras, "New cameras to place")
        ->check(CLI::Range(1, 10000))
        ->default_val(5)
        ->group(opt);
    sub->add_option("--budget", flags->budget, "Total cost of new sites instead of a count (costs from --cost-field, else 1)")
        ->check(CLI::PositiveNumber)
        ->group(opt);
  }
  sub->add_option("--min-separation", o.planner.min_separation_m, "Minimum distance between new cameras (m)")
      ->check(CLI::NonNegativeNumber)
      ->group(opt);
  sub->add_option("--backup-weight", o.planner.backup_weight,
                  "Weight of backup coverage (demand seen by 2+ cameras), 0..1; tiny = hierarchical")
      ->check(CLI::Range(0.0, 1.0))
      ->group(opt);
  sub->add_flag("--no-swap", flags->no_swap, "Skip the 1-swap local search after greedy")->group(opt);
  sub->add_flag("--exact", o.planner.exact, "Also solve the MIP with COIN-OR CBC; reports the greedy answer's gap")->group(opt);
  sub->add_option("--time-limit", o.planner.time_limit_s, "CBC time limit in seconds")
      ->check(CLI::PositiveNumber)
      ->default_val(60)
      ->group(opt);
  sub->add_option("--threads", o.threads, "Threads for coverage (0: all); output does not depend on it")
      ->check(CLI::NonNegativeNumber)
      ->group(opt);

  add_style_option(*sub, flags->no_style);
}

}  // namespace

void register_cctv_command(CLI::App& app) {
  auto flags = std::make_shared<CctvFlags>();
  auto* sub = app.add_subcommand("cctv",
                                 "Recommend CCTV sites that see the most (harm-weighted) incidents, with visibility "
                                 "polygons around buildings, existing cameras locked in, greedy + swap or exact (CBC)");
  add_cctv_options(sub, flags, false);
  add_publish_options(*sub, flags->publish);

  auto rotate = std::make_shared<RotateFlags>();
  auto cctv_flags = std::shared_ptr<CctvFlags>(rotate, &rotate->cctv);
  auto* rot = sub->add_subcommand("rotate",
                                  "Plan redeployable cameras period by period from the data before each period, and "
                                  "backtest against staying put, top past-demand sites and hindsight");
  add_cctv_options(rot, cctv_flags, true);
  const char* r = "Rotation";
  rot->add_option("--units", rotate->rotation.units, "Redeployable cameras")->check(CLI::Range(1, 1000))->default_val(4)->group(r);
  rot->add_option("--period-months", rotate->rotation.period_months, "Months each placement stays")
      ->check(CLI::Range(1, 120))
      ->default_val(3)
      ->group(r);
  rot->add_option("--min-history", rotate->rotation.min_history_months, "Months of data before the first plan")
      ->check(CLI::Range(1, 240))
      ->default_val(3)
      ->group(r);
  rot->add_option("--max-history", rotate->rotation.max_history_months, "Months of data each plan looks back at most")
      ->check(CLI::Range(1, 240))
      ->default_val(12)
      ->group(r);
  rot->callback([rotate, flags] {
    // --publish is an option of `cctv`; given after `rotate` it falls through to it.
    if (flags->publish.publish) {
      throw Error(ErrorCode::usage, "cctv", "--publish is not available for cctv rotate (its layers carry no "
                                            "incident counts to check)");
    }
    run_rotate(*rotate);
  });

  sub->callback([flags, sub] {
    if (sub->got_subcommand("rotate")) return;
    run(*flags);
  });
}

}  // namespace hotspot::cli
