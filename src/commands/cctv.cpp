#include "hotspot/commands/cctv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/raster_reader.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "cctv";

constexpr std::array<step::Choice<CameraPurpose>, 5> kPurposes{{{"detect", CameraPurpose::detect},
                                                                {"observe", CameraPurpose::observe},
                                                                {"recognise", CameraPurpose::recognise},
                                                                {"recognize", CameraPurpose::recognise},
                                                                {"identify", CameraPurpose::identify}}};
constexpr std::array<step::Choice<int>, 4> kHeadings{{{"4", 4}, {"8", 8}, {"16", 16}, {"32", 32}}};

}  // namespace

void declare_camera(step::Declarer& d, CameraModel& camera, VisibilityOptions& visibility, SensorSettings* sensor) {
  const std::string saved = d.current_group();
  d.group("Camera");
  auto& range = d.number("range", camera.range_m, "Camera range in metres (or derive it with --resolution)")
                    .range(1, 1000)
                    .unit("m");
  if (sensor != nullptr) {
    range.excludes("resolution");
    d.number("resolution", sensor->resolution, "Sensor horizontal resolution in pixels (range from EN 62676-4)")
        .at_least(0)
        .default_text("");
    d.number("lens-fov", sensor->lens_fov_deg,
             "Lens horizontal field of view in degrees (default: --fov, or 90 for 360° cameras)")
        .range(0.1, 179.9)
        .default_text("")
        .needs("resolution");
    d.choice<CameraPurpose>("purpose", sensor->purpose, kPurposes,
                            "EN 62676-4 purpose: detect (25 px/m), observe (62.5), recognise (125), identify (250)");
    d.flag("decay", sensor->decay, "Full weight to the recognise range, falling linearly to 0 at the detect range")
        .needs("resolution");
  }
  d.number("fov", camera.fov_deg, "Coverage field of view in degrees; 360 for domes/PTZ").range(1, 360).unit("°");
  d.choice<int>("headings", camera.headings, kHeadings, "Directions tried for a fixed camera");
  d.number("arc-step", visibility.arc_step_deg, "Angular step in degrees when drawing the range arc").range(0.05, 10);
  d.group(saved);
}

void declare_siting(step::Declarer& d, CandidateOptions& candidates, PlannerOptions& planner) {
  const std::string saved = d.current_group();
  d.group("Candidates");
  d.number("spacing", candidates.spacing_m,
           "A lattice of candidate sites at this spacing inside the study area (--within), metres; 0: none")
      .range(0, 100000)
      .unit("m");
  d.group("Optimisation");
  d.number("min-separation", planner.min_separation_m, "Least distance between new cameras, metres (0: none); cctv next: between a unit that moves and every other unit")
      .range(0, 100000)
      .unit("m");
  d.group(saved);
}

void declare_scene(step::Declarer& d, CctvStepOptions& options, bool costs) {
  CctvOptions& o = options.cctv;
  declare_camera(d, o.camera, o.visibility, &options.sensor);
  d.group("Candidates");
  step::declare_layer(d, "candidates", o.candidates.points, "OGR point layer of candidate sites");
  if (costs) {
    d.text("cost-field", o.candidates.cost_field, "Field of --candidates with each site's cost (for --budget)")
        .needs("candidates");
  }
  d.text("site-name-field", o.candidates.name_field,
         "Field of --candidates naming each site (names must be unique; units and appraisals refer to sites by it)")
      .needs("candidates");
  d.text("site-range-field", o.candidates.range_field, "Field of --candidates with the range (m) of the camera each site takes")
      .needs("candidates");
  d.text("site-fov-field", o.candidates.fov_field,
         "Field of --candidates with each site's field of view (degrees; 360 for a dome/PTZ)")
      .needs("candidates");
  d.text("site-heading-field", o.candidates.heading_field,
         "Field of --candidates with each site's fixed heading (degrees clockwise from north)")
      .needs("candidates");
  d.text("site-mount-field", o.candidates.usable_field,
         "Field of --candidates saying whether a site has a mount and power: 0/no/false/n/f drop it (counted)")
      .needs("candidates");
  declare_siting(d, o.candidates, o.planner);
  d.group("Candidates");
  step::declare_layer(d, "roads", o.candidates.roads, "OGR line layer: candidates along each line", false);
  d.number("road-step", o.candidates.road_step_m, "Metres between candidates along --roads").range(1, 100000).unit("m");
  step::declare_layer(d, "hotspots", o.candidates.hotspots, "OGR polygon layer: a candidate at each polygon's centroid",
                      false);
  d.texts("exclude", options.exclude, "OGR polygon layer(s) where no camera may go").no_split().role(step::Role::layer);
  d.text("exclude-layer", options.exclude_layer, "Layer of --exclude").needs("exclude");

  d.group("Obstacles and existing cameras");
  step::declare_layer(d, "buildings", o.obstacles, "OGR polygon layer of building footprints (obstacles)", false);
  d.text("height-field", o.height_field,
         "Field of --buildings with heights (m): GDAL viewshed over a surface model instead of 2D footprints")
      .needs("buildings");
  d.number("camera-height", o.viewshed.camera_height_m, "Camera height above ground (m), with --height-field")
      .at_least(0)
      .unit("m")
      .needs("height-field");
  d.number("target-height", o.viewshed.target_height_m, "Height a target must show to be seen (m), with --height-field")
      .at_least(0)
      .unit("m")
      .needs("height-field");
  d.number("dsm-cell", o.viewshed.cell_size_m, "Surface model cell size (m), with --height-field")
      .range(0.05, 10)
      .unit("m")
      .needs("height-field");
  step::declare_layer(d, "existing", o.existing, "OGR point layer of existing cameras (locked in)");
  d.text("existing-range-field", o.existing_fields.range, "Field with each existing camera's range (m)").needs("existing");
  d.text("existing-fov-field", o.existing_fields.fov, "Field with each existing camera's field of view (deg)")
      .needs("existing");
  d.text("existing-heading-field", o.existing_fields.heading, "Field with each existing camera's heading (deg)")
      .needs("existing");
  d.number("indoor-snap", o.indoor_snap_m,
           "Move incidents mapped inside a building to the nearest open ground within this many metres (0: leave)")
      .at_least(0)
      .unit("m");
}

void declare_solver(step::Declarer& d, PlannerOptions& planner, int& threads) {
  const std::string saved = d.current_group();
  d.group("Optimisation");
  d.flag("exact", planner.exact, "Also solve the MIP with COIN-OR CBC; reports the greedy answer's gap");
  d.number("time-limit", planner.time_limit_s, "CBC time limit in seconds").above(0).unit("s");
  declare_threads(d, threads);
  d.group(saved);
}

void declare_threads(step::Declarer& d, int& threads) {
  d.integer("threads", threads, "Threads for coverage (0: all); output does not depend on it").at_least(0);
}

void declare_period(step::Declarer& d, int& months) {
  d.integer("period-months", months, "Months each placement of a redeployable camera stays").range(1, 120).unit("months");
}

void declare_cctv(step::Declarer& d, CctvStepOptions& options, bool rotate) {
  CctvOptions& o = options.cctv;
  declare_scene(d, options);

  d.group("Demand");
  if (!rotate) declare_demand(d, options.demand, false);
  d.number("half-life", o.demand.half_life_months,
           rotate ? "Recency half-life in months within each period's history: w = 0.5^(age / half-life)"
                  : "Recency half-life in months of --demand history: w = 0.5^(age / half-life)")
      .above(0);
  d.custom("reference-month", step::ValueKind::text, "",
           [&o](const std::string& v) {
             const auto m = parse_month(v);
             if (!m) throw Error(ErrorCode::usage, kStage, "--reference-month \"" + v + "\" is not YYYY-MM");
             o.demand.reference_month = *m;
           },
           "Month ages count from (YYYY-MM; default: latest)")
      .needs("half-life");
  if (!rotate) {
    d.custom("demand-raster", step::ValueKind::text, "",
             [&o](const std::string& v) {
               if (!o.demand_raster) o.demand_raster = RasterDemandOptions{};
               o.demand_raster->path = v;
             },
             "GeoTIFF from `hotspot density` as demand (cell mass = expected incidents); incidents, if given, only fill "
             "the report's counts, crime types and locations")
        .role(step::Role::raster);
    d.custom("demand-total", step::ValueKind::number, "",
             [&o](const std::string& v) {
               double total = 0;
               try {
                 std::size_t used = 0;
                 total = std::stod(v, &used);
                 if (used != v.size() || !(total > 0) || !std::isfinite(total)) throw std::invalid_argument(v);
               } catch (const std::exception&) {
                 throw Error(ErrorCode::usage, kStage, "--demand-total \"" + v + "\" is not a number above 0");
               }
               if (!o.demand_raster) o.demand_raster = RasterDemandOptions{};
               o.demand_raster->probability_total = total;
             },
             "Incidents a probability raster stands for (mass = probability x total)")
        .needs("demand-raster");
  }

  d.group("Optimisation");
  if (!rotate) {
    d.integer("cameras", o.planner.cameras, "New cameras to place").range(0, 10000).short_name('n');
    d.number("budget", o.planner.budget, "Total cost of new sites instead of a count (costs from --cost-field, else 1)")
        .above(0);
  }
  d.number("backup-weight", o.planner.backup_weight,
           "Weight of backup coverage (demand seen by 2+ cameras), 0..1; tiny = hierarchical")
      .range(0, 1);
  d.negated_flag("no-swap", o.planner.local_search, "Skip the 1-swap local search after greedy");
  declare_solver(d, o.planner, o.threads);
}

CctvOptions resolve_cctv(const CctvStepOptions& in) {
  CctvOptions options = in.cctv;
  CameraModel& camera = options.camera;
  if (in.sensor.resolution > 0) {
    const SensorSpec sensor{in.sensor.resolution,
                            in.sensor.lens_fov_deg > 0 ? in.sensor.lens_fov_deg : (camera.fov_deg < 180 ? camera.fov_deg : 90.0),
                            in.sensor.purpose, in.sensor.decay};
    const CameraModel derived = camera_from_sensor(sensor, camera.fov_deg, camera.headings);
    camera.range_m = derived.range_m;
    camera.full_range_m = derived.full_range_m;
  } else if (in.sensor.decay) {
    throw Error(ErrorCode::usage, kStage, "decay needs a sensor resolution (ranges come from EN 62676-4 densities)");
  }
  camera.validate();
  for (const auto& path : in.exclude) options.candidates.exclusions.push_back(AreaSource{path, in.exclude_layer, ""});
  if (options.demand_raster) {
    // The raster is the demand: `auto` (the default) leaves it so; a model forecasts from
    // dated incidents, which a raster is not.
    if (in.demand.setting != DemandSetting::automatic && in.demand.setting != DemandSetting::history) {
      throw Error(ErrorCode::usage, kStage,
                  "a demand model forecasts from dated incidents; it cannot be used with a demand raster");
    }
  } else {
    options.demand_model = resolve_demand(in.demand);
  }
  return options;
}

CctvReport run_cctv(const PreparedIncidents& prepared, const CctvStepOptions& in, step::OutputSink& sink) {
  CctvOptions options = resolve_cctv(in);
  if (options.planner.cameras < 1 && !options.planner.budget) {
    throw Error(ErrorCode::usage, kStage, "no cameras to place: give a number of cameras of at least 1, or a budget");
  }
  step::Messages& messages = sink.messages();
  if (options.demand_model && in.demand.setting == DemandSetting::automatic &&
      std::none_of(prepared.incidents.month.begin(), prepared.incidents.month.end(),
                   [](MonthIndex m) { return m != kNoMonth; })) {
    options.demand_model.reset();
    messages.note("no incident has a month, so no demand model can forecast: the demand is the incidents' sum");
  }
  CctvReport report = plan_cctv(prepared, options);
  const bool locations_public = privacy::location_text_is_public(prepared.options);
  sink.layer(report.cameras, privacy::camera_rules(locations_public));
  VectorLayer views = report.coverage;
  // Published camera points move to the publishing grid; their views move with them, so a
  // view does not give the exact site back.
  if (sink.publish().enabled) privacy::move_views_with_cameras(views, report.cameras, sink.publish().grid_m);
  sink.layer(views, privacy::coverage_rules());
  if (report.uncovered_hotspots) sink.layer(*report.uncovered_hotspots, privacy::uncovered_hotspot_rules());
  sink.file("cctv_summary.csv", report.summary_csv, "unchecked counts and the camera reasons");
  for (const auto& note : report.notes) messages.note(note);
  if (sink.publish().enabled) {
    messages.status("publish: cctv_summary.csv and the printed summary are not written (they carry unchecked counts); "
                    "use cameras.geojson");
  } else {
    messages.print(report.summary_text);
  }
  return report;
}

void declare_rotate(step::Declarer& d, RotateStepOptions& options) {
  declare_cctv(d, options.cctv, true);
  d.group("Rotation");
  d.integer("cameras", options.rotation.units, "Redeployable cameras").range(0, 10000).deprecated("units");
  declare_period(d, options.rotation.period_months);
  d.integer("min-history", options.rotation.min_history_months, "Months of data before the first plan").range(1, 240);
  d.integer("max-history", options.rotation.max_history_months, "Months of data each plan looks back at most")
      .range(1, 240);
}

RotationReport run_rotate(const PreparedIncidents& prepared, const RotateStepOptions& in, step::OutputSink& sink) {
  CctvOptions options = resolve_cctv(in.cctv);
  options.demand_model.reset();  // each period plans from its own history
  RotationOptions rotation = in.rotation;
  rotation.planner = options.planner;
  RotationReport report = plan_rotation(prepared, options, rotation);
  sink.layer(report.placements, std::nullopt, "rotation placements are not published");
  sink.file("rotation_backtest.csv", report.periods_csv);
  for (const auto& note : report.notes) sink.messages().note(note);
  sink.messages().print(report.summary_text);
  return report;
}

void require_within_for_spacing(const step::Declarer& d, double spacing_m, const step::InputSettings& input,
                                const std::string& command) {
  if (d.given("spacing") && spacing_m > 0 && !input.prepare.filter.within) {
    throw Error(ErrorCode::usage, command, "--spacing needs --within (the lattice fills the study area)");
  }
}

namespace {

// Without incident files the raster sets the working CRS; --within and --crs still apply.
PreparedIncidents prepare_raster_only(const step::InputSettings& input, const std::string& raster, step::Messages& messages) {
  const PrepareOptions options = step::resolve_input(input);
  PreparedIncidents prepared;
  prepared.options = options;
  const std::string crs = options.working_crs.empty() ? raster_crs(raster) : options.working_crs;
  prepared.crs = WorkingCrsChoice{crs, crs, "the CRS of --demand-raster"};
  prepared.harm = options.harm_weights_path.empty() ? HarmWeights::bundled() : HarmWeights::load(options.harm_weights_path);
  if (options.filter.within) {
    prepared.area = std::make_unique<StudyArea>(StudyArea::from_source(*options.filter.within, crs, prepared.notes));
  }
  for (const auto& note : prepared.notes) messages.note(note);
  return prepared;
}

using CctvCommand = step::FolderCommand<CctvStepOptions>;

void check_cctv_command(const CctvCommand& c, const step::Declarer& d, step::Messages&) {
  if (c.input.prepare.read.inputs.empty() && !c.options.cctv.demand_raster) {
    throw Error(ErrorCode::usage, kStage, "give the incident files to plan for, or --demand-raster");
  }
  require_within_for_spacing(d, c.options.cctv.candidates.spacing_m, c.input, kStage);
  if (d.given("half-life") && c.options.demand.setting != DemandSetting::history && !c.options.cctv.demand_raster) {
    throw Error(ErrorCode::usage, kStage,
                "--half-life weighs the history's sum (--demand history); a demand model sets its own recency: "
                "--demand recency --demand-half-life N");
  }
}

PreparedIncidents prepare_cctv_command(const CctvCommand& c, step::Messages& messages) {
  return c.input.prepare.read.inputs.empty()
             ? prepare_raster_only(c.input, c.options.cctv.demand_raster->path.string(), messages)
             : step::prepare_input(c.input, messages);
}

using RotateCommand = step::FolderCommand<RotateStepOptions>;

void check_rotate_command(const RotateCommand& c, const step::Declarer& d, step::Messages&) {
  if (c.output.publish.enabled) {
    throw Error(ErrorCode::usage, "cctv rotate",
                "--publish is not available for cctv rotate (its layers carry no incident counts to check)");
  }
  require_within_for_spacing(d, c.options.cctv.cctv.candidates.spacing_m, c.input, "cctv rotate");
}

}  // namespace

step::CommandSpec cctv_command() {
  return step::folder_command<CctvStepOptions>(
      "cctv",
      "Recommend CCTV sites that see the most (harm-weighted) incidents, with visibility polygons around buildings, "
      "existing cameras locked in, greedy + swap or exact (CBC)",
      {{"cameras", step::OutputKind::vector, "cameras.geojson", "recommended camera sites, ranked, with their reasons", true},
       {"coverage", step::OutputKind::vector, "coverage.geojson", "what each new and existing camera sees", true},
       {"uncovered_hotspots", step::OutputKind::vector, "uncovered_hotspots.geojson",
        "hotspot polygons the cameras mostly miss (with --hotspots)", true},
       {"cctv_summary.csv", step::OutputKind::table, "cctv_summary.csv", "one row per recommended camera", false},
       {"cctv.gpkg", step::OutputKind::vector, "cctv.gpkg", "every layer, styled for QGIS", true}},
      {.declare = [](step::Declarer& d, CctvStepOptions& o) { declare_cctv(d, o); },
       .run = [](const PreparedIncidents& p, const CctvStepOptions& o, step::OutputSink& s) { (void)run_cctv(p, o, s); },
       .output = {"Folder for cameras.geojson, coverage.geojson, cctv_summary.csv, cctv.gpkg"},
       .geopackage = "cctv.gpkg",
       .without_input = {},
       .check = check_cctv_command,
       .prepare = prepare_cctv_command});
}

step::CommandSpec rotate_command() {
  return step::folder_command<RotateStepOptions>(
      "cctv rotate",
      "Plan redeployable cameras period by period from the data before each period, and backtest against staying put, "
      "top past-demand sites and hindsight",
      {{"rotation", step::OutputKind::vector, "rotation.geojson", "each unit's site in each period", false},
       {"rotation_backtest.csv", step::OutputKind::table, "rotation_backtest.csv", "shares seen per period", false},
       {"rotation.gpkg", step::OutputKind::vector, "rotation.gpkg", "the placements, styled for QGIS", false}},
      {.declare = declare_rotate,
       .run = [](const PreparedIncidents& p, const RotateStepOptions& o, step::OutputSink& s) { (void)run_rotate(p, o, s); },
       .output = {"Folder for rotation.geojson, rotation_backtest.csv, rotation.gpkg"},
       .geopackage = "rotation.gpkg",
       .without_input = "give the incident files to plan for",
       .check = check_rotate_command,
       .prepare = {}});
}

}  // namespace hotspot::commands
