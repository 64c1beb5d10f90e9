#include "hotspot/plan/plan.hpp"

#include "hotspot/plan/plan_report.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/project.hpp"
#include "hotspot/qgis/standard_styles.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/geo/context_layer.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/privacy/layer_rules.hpp"

namespace hotspot::plan {
namespace {

constexpr const char* kStage = "plan";

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string percent(double share) { return format("%.1f%%", 100.0 * share); }

double share_of(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

/// Runs the stages in order, timing them and telling the progress sink.
class StageRunner {
 public:
  StageRunner(std::vector<StageRecord>& records, Progress* progress, std::size_t count)
      : records_(records), progress_(progress), count_(count) {}

  template <typename Body>
  void run(const std::string& name, Body&& body) {
    const std::size_t index = records_.size();
    if (progress_) progress_->started(index, count_, name);
    const auto start = std::chrono::steady_clock::now();
    StageRecord record;
    record.name = name;
    body(record);
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    records_.push_back(record);
    if (progress_) progress_->finished(index, count_, name, record.summary);
  }

 private:
  std::vector<StageRecord>& records_;
  Progress* progress_;
  std::size_t count_;
};

/// Puts harm weights on the incidents for the planning stages and restores the map weights
/// afterwards. Incidents whose type has no harm weight weigh 0 there (they still count in maps).
class HarmWeighting {
 public:
  HarmWeighting(PreparedIncidents& prepared, bool enabled, std::vector<std::string>& notes, bool note = true)
      : incidents_(prepared.incidents) {
    if (!enabled) return;
    active_ = true;
    const std::vector<double> harm = prepared.harm.per_category(incidents_.categories);
    std::vector<double> weight(incidents_.size(), 0.0);
    std::size_t unweighted = 0;
    for (std::size_t i = 0; i < incidents_.size(); ++i) {
      const std::uint32_t c = incidents_.category[i];
      const double w = c == Incidents::kNoCode ? std::nan("") : harm[c];
      if (std::isnan(w)) {
        ++unweighted;
      } else {
        weight[i] = w;
      }
    }
    if (unweighted > 0 && note) {
      notes.push_back(std::to_string(unweighted) + " incidents have a crime type without a harm weight (" +
                      prepared.harm.source() + "): they weigh 0 in the camera and patrol plans");
    }
    saved_ = std::exchange(incidents_.weight, std::move(weight));
  }
  ~HarmWeighting() {
    if (active_) incidents_.weight = std::move(saved_);
  }
  HarmWeighting(const HarmWeighting&) = delete;
  HarmWeighting& operator=(const HarmWeighting&) = delete;

 private:
  Incidents& incidents_;
  std::vector<double> saved_;
  bool active_ = false;
};

VectorLayer study_area_layer(const StudyArea& area, const std::string& crs) {
  VectorLayer layer;
  layer.name = "study_area";
  const std::string wkb = area.wkb();
  layer.geometry = wkb_geometry_kind(wkb);
  layer.crs = crs;
  layer.fields = {{"source", FieldType::string}, {"area_km2", FieldType::real}};
  layer.metadata = {{"hotspot_stage", "plan.study_area"}};
  VectorFeature f;
  f.wkb = wkb;
  f.values = {area.description(), area.area_m2() / 1.0e6};
  layer.features.push_back(std::move(f));
  return layer;
}

std::string layer_title(const std::string& name) {
  if (name == "study_area") return "Study area";
  if (name == "hotspots") return "Hotspots (density)";
  if (name == "gistar") return "Gi* hot and cold spots";
  if (name == "emerging_hot_spots") return "Emerging hot spots";
  if (name == "patrol_areas") return "Patrol places";
  if (name == "patrol_routes") return "Patrol routes";
  if (name == "coverage") return "Camera coverage";
  if (name == "cameras") return "Recommended cameras";
  if (name == "uncovered_hotspots") return "Hotspots the cameras miss";
  if (name == "roads") return "Roads";
  return name;
}

std::filesystem::path make_out_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::output, kStage, "cannot create " + dir.string() + ": " + ec.message());
  return dir;
}

/// Publish mode's layer step: each layer goes through privacy::publish_layer with its
/// standard rules (the single commands' own) and the plan's k and grid, and what was withheld
/// is kept for the summary and the report. Without publish mode layers pass unchanged.
class LayerPublisher {
 public:
  LayerPublisher(const PublishSettings& settings, PlanResult& out) : settings_(settings), out_(out) {}

  void apply(VectorLayer& layer, privacy::PublishOptions rules) const {
    if (!settings_.enabled) return;
    rules.min_count = settings_.min_count;
    rules.grid_m = settings_.grid_m;
    privacy::PublishResult published = privacy::publish_layer(layer, rules);
    out_.suppression.push_back(std::move(published.report));
    layer = std::move(published.layer);
  }

  /// In publish mode: records that `file` is not written, and why; true when it may be written.
  bool may_write(const std::string& file, const std::string& why) const {
    if (!settings_.enabled) return true;
    out_.withheld_files.push_back(file + ": " + why);
    return false;
  }

 private:
  const PublishSettings& settings_;
  PlanResult& out_;
};

/// Where a density cell's incidents are counted for publishing: the kernel's support, or the
/// cell itself (radius 0: counts per cell).
std::string support_text(double radius) {
  return radius > 0 ? "within " + format("%.0f", radius) + " m of the cell centre" : "in the cell";
}

/// The extent of the QGIS project, widened to the publishing grid in publish mode: without a
/// study area it is the incidents' own extent, whose edges are incident coordinates.
Bounds published_extent(Bounds b, const PublishSettings& publish) {
  if (!publish.enabled) return b;
  const double g = publish.grid_m;
  return Bounds{std::floor(b.min_x / g) * g, std::floor(b.min_y / g) * g, std::ceil(b.max_x / g) * g,
                std::ceil(b.max_y / g) * g};
}

/// "Welwyn Hatfield" from a --within filter like "lad17nm = 'Welwyn Hatfield'", else the file.
std::string default_title(const PlanOptions& options) {
  if (!options.title.empty()) return options.title;
  if (options.input.filter.within) {
    const std::string& where = options.input.filter.within->where;
    const auto a = where.find('\'');
    const auto b = a == std::string::npos ? a : where.find('\'', a + 1);
    if (b != std::string::npos && where.find('\'', b + 1) == std::string::npos) {
      return "Hot spots and plans: " + where.substr(a + 1, b - a - 1);
    }
    return "Hot spots and plans: " + std::filesystem::path(options.input.filter.within->path).stem().string();
  }
  return "Hot spots and plans";
}

}  // namespace

PlanOptions default_plan_options() {
  PlanOptions o;
  o.density.cell = 25.0;
  o.density.rule = density::BandwidthRule::cross_validation;
  o.density.cv_max = 1500.0;
  // Micro-places: the top 0.1% of a district is a few town-centre streets; 1% already holds
  // every police.uk snap point's cell when cross-validation picks counts per cell.
  o.density.levels = {0.1, 0.5, 1.0};
  o.trends.gaps = trends::GapPolicy::skip;
  o.cctv.camera.range_m = 60.0;
  o.cctv.camera.fov_deg = 360.0;
  o.cctv.planner.cameras = 4;
  o.cctv.planner.min_separation_m = 150.0;
  o.cctv.candidates.spacing_m = 100.0;
  return o;
}

PlanResult run_plan(const PlanOptions& options, Progress* progress) {
  if (options.out_dir.empty()) throw Error(ErrorCode::usage, kStage, "--out-dir is required");
  if (!options.input.filter.within && !options.cctv.candidates.points && !options.cctv.candidates.roads &&
      !options.roads) {
    throw Error(ErrorCode::usage, kStage,
                "a plan needs a study area (--within) or camera candidates (--candidates or --roads)");
  }
  const PublishSettings& publish = options.publish;
  if (publish.enabled && (publish.min_count < 1 || !(publish.grid_m > 0) || !std::isfinite(publish.grid_m))) {
    throw Error(ErrorCode::usage, kStage, "--min-count must be at least 1 and --publish-grid a positive number of metres");
  }
  PlanResult out;
  const LayerPublisher publisher(publish, out);
  const bool locations_public = privacy::location_text_is_public(options.input);
  out.title = default_title(options);
  StageRunner stages(out.stages, progress, 9);
  const std::filesystem::path dir = make_out_dir(options.out_dir);
  std::vector<std::string>& files = out.files;
  const auto wrote = [&](const std::string& name) { files.push_back(name); };

  PreparedIncidents prepared;
  stages.run("read", [&](StageRecord& r) {
    prepared = prepare_incidents(options.input);
    out.account = prepared.account;
    out.crs = prepared.crs.definition;
    if (prepared.incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
    r.summary = std::to_string(prepared.account.read) + " rows read, " + std::to_string(prepared.account.used()) +
                " used, " + std::to_string(prepared.account.rejected()) + " rejected";
  });
  const Incidents& incidents = prepared.incidents;
  out.notes.insert(out.notes.end(), prepared.notes.begin(), prepared.notes.end());
  const std::string& crs = prepared.crs.definition;

  std::vector<VectorLayer> layers;  // for the GeoPackage, in drawing order bottom to top
  layers.reserve(16);
  std::optional<VectorLayer> area_layer;
  if (prepared.area) area_layer = study_area_layer(*prepared.area, crs);
  // Context for maps without a basemap: the layers the user named, and the roads.
  std::vector<VectorLayer> context;
  for (const auto& c : options.context) context.push_back(read_context_layer(c.source, crs, c.name, c.label_field));
  if (options.roads) {
    context.push_back(read_context_layer(AreaSource{options.roads->path, options.roads->layer, options.roads->where},
                                         crs, "roads"));
  }

  stages.run("profile", [&](StageRecord& r) {
    out.profile = profile_incidents(prepared);
    if (publisher.may_write("profile.json", "counts by month, type and location, and the incidents' extent")) {
      write_file_atomically(dir / "profile.json", profile_to_json(out.profile));
      wrote("profile.json");
    }
    r.summary = std::to_string(out.profile.incidents) + " incidents at " +
                std::to_string(out.profile.distinct_locations) + " locations";
  });

  std::optional<VectorLayer> hotspots;
  std::vector<density::HotspotLevel> density_levels;
  stages.run("density", [&](StageRecord& r) {
    density::DensityMapOptions o = options.density;
    o.threads = options.threads;
    // The raster's hotspot thresholds (its metadata, --scale-like, the legend) are the plan's
    // levels, as `hotspot density --levels` makes them.
    o.threshold_levels = o.levels;
    // Publish mode: cells made from fewer than k incidents are nodata before the hotspot
    // thresholds and polygons are cut, as in `hotspot density --publish`.
    o.publish_min_count = publish.enabled ? publish.min_count : 0;
    const density::DensityMap map = density::density_map(prepared, o);
    RasterWriteOptions raster = map.raster;
    if (map.suppression) {
      out.raster_suppression = map.suppression;
      out.raster_support_radius = map.publish_support_radius;
      raster.metadata["publish_min_count"] = std::to_string(publish.min_count);
      raster.metadata["publish_support_radius_m"] = format("%.17g", map.publish_support_radius);
      raster.metadata["publish_cells_suppressed"] = std::to_string(map.suppression->cells_suppressed);
      raster.metadata["publish_cells_with_data"] = std::to_string(map.suppression->cells_with_data);
    }
    write_geotiff(dir / "density.tif", map.grid, map.result.values, raster);
    wrote("density.tif");
    out.bandwidth_m = map.bandwidth;
    // The raster's colour classes: the plan's hotspot levels (a level a sparse surface cannot
    // fill, threshold 0, is the class of every cell with density, as in `hotspot density`).
    density_levels = map.levels;
    out.count_model = map.count_model;
    hotspots = map.polygon_layer;
    publisher.apply(*hotspots, privacy::hotspot_polygon_rules());
    write_geojson(*hotspots, dir / "hotspots.geojson");
    wrote("hotspots.geojson");
    out.hotspot_polygons = map.polygons.size();
    out.notes.insert(out.notes.end(), map.notes.begin(), map.notes.end());
    r.summary = (map.count_model ? std::string("counts per cell (cross-validation)")
                                 : "bandwidth " + format("%.0f", map.bandwidth) + " m") +
                ", " + std::to_string(map.polygons.size()) + " hotspot polygons";
  });

  std::optional<VectorLayer> gistar;
  stages.run("significance", [&](StageRecord& r) {
    significance::HotSpotAnalysisOptions o = options.gistar;
    o.threads = options.threads;
    significance::HotSpotAnalysis a = significance::hot_spot_analysis(prepared, o);
    out.gistar_cells = a.layer.features.size();
    out.gistar_hot = a.hot;
    out.gistar_cold = a.cold;
    gistar = std::move(a.layer);
    publisher.apply(*gistar, privacy::gistar_rules());
    write_geojson(*gistar, dir / "gistar.geojson");
    wrote("gistar.geojson");
    r.summary = std::to_string(a.hot) + " hot and " + std::to_string(a.cold) + " cold cells of " +
                format("%g", a.cells.grid.cell_size) + " m at 90%+ (FDR), band " + format("%.0f", a.band) + " m";
  });

  std::optional<VectorLayer> emerging;
  stages.run("trends", [&](StageRecord& r) {
    trends::EmergingAnalysisOptions o = options.trends;
    o.emerging.threads = options.threads;
    try {
      trends::EmergingAnalysis a = trends::emerging_analysis(prepared, o);
      out.emerging_cells = a.layer.features.size();
      emerging = std::move(a.layer);
      publisher.apply(*emerging, privacy::emerging_rules());
      write_geojson(*emerging, dir / "emerging_hot_spots.geojson");
      wrote("emerging_hot_spots.geojson");
      std::size_t patterned = 0;
      for (std::size_t p = 1; p < a.per_pattern.size(); ++p) patterned += a.per_pattern[p];
      r.summary = std::to_string(a.result.steps.size()) + " months, " + std::to_string(patterned) + " of " +
                  std::to_string(out.emerging_cells) + " cells with a pattern";
    } catch (const Error& e) {
      if (e.code() != ErrorCode::data) throw;
      r.skipped = true;
      r.summary = std::string("skipped: ") + e.what();
    }
  });

  // Cameras and patrols weigh incidents by harm (unless told otherwise).
  std::optional<CctvReport> cctv;
  std::optional<patrol::PatrolPlan> patrol_plan;
  std::optional<VectorLayer> patrol_areas, patrol_routes;
  {
    HarmWeighting harm(prepared, options.harm_for_plans, out.notes);
    stages.run("cctv", [&](StageRecord& r) {
      CctvOptions o = options.cctv;
      o.threads = options.threads;
      o.candidates.lattice_area = prepared.area.get();
      if (!prepared.area) o.candidates.spacing_m = 0;
      // Every hotspot polygon's centroid is a candidate too (in publish mode, the published ones).
      if (hotspots && !hotspots->features.empty() && !o.candidates.hotspots) {
        o.candidates.hotspots = AreaSource{(dir / "hotspots.geojson").string(), "", ""};
      }
      if (options.roads && !o.candidates.roads) {
        o.candidates.roads = AreaSource{options.roads->path, options.roads->layer, options.roads->where};
      }
      cctv = plan_cctv(prepared, o);
      out.cameras = cctv->plan.cameras.size();
      out.cctv_summary = cctv->summary_text;
      // The views first, while the cameras still hold their exact sites.
      if (publish.enabled) privacy::move_views_with_cameras(cctv->coverage, cctv->cameras, publish.grid_m);
      publisher.apply(cctv->cameras, privacy::camera_rules(locations_public));
      publisher.apply(cctv->coverage, privacy::coverage_rules());
      if (cctv->uncovered_hotspots) publisher.apply(*cctv->uncovered_hotspots, privacy::uncovered_hotspot_rules());
      write_geojson(cctv->cameras, dir / "cameras.geojson");
      write_geojson(cctv->coverage, dir / "coverage.geojson");
      wrote("cameras.geojson");
      wrote("coverage.geojson");
      if (publisher.may_write("cctv_summary.csv", "unchecked counts and the camera reasons")) {
        write_file_atomically(dir / "cctv_summary.csv", cctv->summary_csv);
        wrote("cctv_summary.csv");
      } else {
        // The planner's own text carries the same unchecked counts.
        out.cctv_summary = "Camera sites are ranked by the harm they would see; sites seeing fewer than " +
                           std::to_string(publish.min_count) + " incidents are not published and the others are "
                           "rounded to " + format("%g", publish.grid_m) + " m.";
      }
      out.coverage_polygons = cctv->coverage.features.size();
      out.notes.insert(out.notes.end(), cctv->notes.begin(), cctv->notes.end());
      r.summary = std::to_string(out.cameras) + " cameras from " + std::to_string(cctv->candidates.size()) +
                  " candidates would see " +
                  percent(share_of(cctv->plan.total_primary - cctv->plan.existing_primary, cctv->plan.total_demand)) +
                  " of " + (options.harm_for_plans ? "harm" : "weight") +
                  (cctv->existing_cameras > 0 ? " not already seen by the " + std::to_string(cctv->existing_cameras) +
                                                    " existing cameras (" +
                                                    percent(share_of(cctv->plan.existing_primary, cctv->plan.total_demand)) + ")"
                                              : std::string());
    });

    stages.run("patrol", [&](StageRecord& r) {
      patrol::PatrolOptions o = options.patrol;
      if (prepared.area) o.selection.study_area_m2 = prepared.area->area_m2();
      std::vector<Polyline> roads;
      if (options.roads) roads = read_lines(*options.roads, crs);
      patrol_plan = plan_patrol(incidents, o, roads.empty() ? nullptr : &roads);
      patrol_areas = patrol::patrol_areas_layer(*patrol_plan);
      publisher.apply(*patrol_areas, privacy::patrol_area_rules(locations_public));
      write_geojson(*patrol_areas, dir / "patrol_areas.geojson");
      wrote("patrol_areas.geojson");
      // Routes and briefings are operational, and would show places suppressed from the
      // areas (a high-harm place can hold one incident): `hotspot patrol --publish` alike.
      if (publisher.may_write("patrol_routes.geojson and briefing_unit_N.csv",
                              "operational; they visit places suppressed from patrol_areas")) {
        patrol_routes = patrol::patrol_routes_layer(*patrol_plan);
        write_geojson(*patrol_routes, dir / "patrol_routes.geojson");
        wrote("patrol_routes.geojson");
        for (const auto& route : patrol_plan->routes) {
          const std::string name = "briefing_unit_" + std::to_string(route.unit) + ".csv";
          write_file_atomically(dir / name, patrol::briefing_csv(*patrol_plan, route.unit));
          wrote(name);
        }
      }
      out.patrol_places = patrol_plan->selected.size();
      out.patrol_summary = std::to_string(patrol_plan->selected.size()) + " places hold " +
                           percent(patrol_plan->selection.harm_share) + " of the harm of the last " +
                           std::to_string(options.patrol.places.window_months) + " months in " +
                           format("%.2g", 100 * patrol_plan->selection.area_share) + "% of the area; " +
                           std::to_string(patrol_plan->dosage.allocated_visits) + " visits a week of " +
                           format("%g", options.patrol.dosage.minutes_per_visit) +
                           " minutes (Koper curve), in the order of each unit's route." +
                           (publish.enabled ? std::string()
                                            : " The briefing_unit_N.csv files list the places, visits and peak times "
                                              "for each unit.");
      out.patrol_units = patrol_plan->routes.size();
      out.notes.insert(out.notes.end(), patrol_plan->notes.begin(), patrol_plan->notes.end());
      r.summary = std::to_string(out.patrol_places) + " places holding " +
                  percent(patrol_plan->selection.harm_share) + " of harm in " +
                  format("%.2g", 100 * patrol_plan->selection.area_share) + "% of the area, " +
                  std::to_string(out.patrol_units) + (out.patrol_units == 1 ? " unit" : " units");
    });

  }

  // Evidence: each method and plan fitted on earlier months, scored on the months after.
  stages.run("backtest", [&](StageRecord& r) {
    std::vector<std::string> parts;
    // Maps, on the maps' own weights: KDE at fixed and CV bandwidths, Gi*, last period, random.
    {
      evaluation::BacktestOptions o;
      o.cell_size = options.backtest_cell;
      o.origins.horizon = 1;
      o.threads = options.threads;
      if (prepared.area) {
        const Bounds& b = prepared.area->bounds();
        o.grid = snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, options.backtest_cell);
        o.study_area = density::rasterize_study_area(prepared.area->wkb(), o.grid);
      }
      try {
        out.map_backtest = evaluation::run_backtest(incidents, o);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
        parts.push_back(std::string("maps skipped: ") + e.what());
      }
      if (out.map_backtest) {
        const auto& m = *out.map_backtest;
        if (publisher.may_write("backtest.csv, backtest_summary.csv and backtest.md", "unchecked counts per month")) {
          write_file_atomically(dir / "backtest.csv", evaluation::backtest_csv(m));
          write_file_atomically(dir / "backtest_summary.csv", evaluation::backtest_summary_csv(m));
          write_file_atomically(dir / "backtest.md", evaluation::backtest_markdown(m));
          wrote("backtest.csv");
          wrote("backtest_summary.csv");
          wrote("backtest.md");
        }
        // The best method at 1% of the area by mean PAI (ties: the first listed).
        std::size_t share = 0;
        for (std::size_t k = 0; k < m.area_shares.size(); ++k) {
          if (std::abs(m.area_shares[k] - 0.01) < 1e-12) share = k;
        }
        std::size_t best = 0;
        for (std::size_t method = 0; method < m.methods.size(); ++method) {
          if (m.summary_of(method, share).pai > m.summary_of(best, share).pai) best = method;
        }
        parts.push_back("maps over " + std::to_string(m.folds.size()) + " months: best at " +
                        percent(m.area_shares[share]) + " of the area " + m.methods[best].label + " (PAI " +
                        format("%.1f", m.summary_of(best, share).pai) + ")");
      }
    }
    // Cameras and patrols, on harm: planned on earlier months, scored on the following ones.
    HarmWeighting harm(prepared, options.harm_for_plans, out.notes, /*note=*/false);
    if (cctv && !cctv->candidates.empty() && options.cctv.planner.cameras > 0) {
      evaluation::CameraBacktestOptions o;
      o.coverage.camera = options.cctv.camera;
      o.coverage.visibility = options.cctv.visibility;
      o.coverage.threads = options.threads;
      o.planner = options.cctv.planner;
      o.planner.budget.reset();
      o.origins.horizon = options.holdout_months;
      const ObstacleSet obstacles =
          options.cctv.obstacles ? ObstacleSet::from_source(*options.cctv.obstacles, crs, out.notes) : ObstacleSet();
      try {
        out.camera_backtest = evaluation::backtest_cameras(incidents, cctv->candidates, obstacles, o);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
        parts.push_back(std::string("cameras skipped: ") + e.what());
      }
      if (out.camera_backtest) {
        const auto& c = *out.camera_backtest;
        if (publisher.may_write("camera_backtest.csv", "unchecked weights per month")) {
          write_file_atomically(dir / "camera_backtest.csv", evaluation::camera_backtest_csv(c));
          wrote("camera_backtest.csv");
        }
        parts.push_back(std::to_string(c.cameras) + " cameras planned on earlier months saw " +
                        percent(c.planned_mean) + " of the next " + std::to_string(options.holdout_months) +
                        " months' harm (busiest places: " + percent(c.busiest_mean) + ")");
      }
    }
    {
      patrol::BacktestOptions o;
      o.places = options.patrol.places;
      o.places.last_month = kNoMonth;
      o.selection = options.patrol.selection;
      if (prepared.area) o.selection.study_area_m2 = prepared.area->area_m2();
      try {
        out.patrol_backtest = patrol::backtest_patrol(incidents, o);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
      }
      if (out.patrol_backtest && !out.patrol_backtest->months.empty()) {
        if (publisher.may_write("patrol_backtest.csv", "unchecked harm per month")) {
          write_file_atomically(dir / "patrol_backtest.csv", patrol::backtest_csv(*out.patrol_backtest));
          wrote("patrol_backtest.csv");
        }
        const auto& b = *out.patrol_backtest;
        parts.push_back("patrol places held " + percent(b.mean_share) + " of next month's harm over " +
                        std::to_string(b.months.size()) + " months (last month's busiest cells: " +
                        percent(b.mean_baseline_share) + ")");
      } else {
        out.patrol_backtest.reset();
      }
    }
    if (!out.map_backtest && !out.camera_backtest && !out.patrol_backtest) {
      r.skipped = true;
      r.summary = "skipped: too few months to train on earlier months and test on later ones";
      return;
    }
    for (const auto& part : parts) r.summary += (r.summary.empty() ? "" : "; ") + part;
  });

  stages.run("write", [&](StageRecord& r) {
    std::vector<const VectorLayer*> gpkg;
    for (const VectorLayer& layer : context) {
      write_geojson(layer, dir / (layer.name + ".geojson"));
      wrote(layer.name + ".geojson");
      gpkg.push_back(&layer);
    }
    if (area_layer) {
      write_geojson(*area_layer, dir / "study_area.geojson");
      wrote("study_area.geojson");
      gpkg.push_back(&*area_layer);
    }
    for (const auto* layer : {&hotspots, &gistar, &emerging, &patrol_areas, &patrol_routes}) {
      if (*layer) gpkg.push_back(&**layer);
    }
    if (cctv) {
      if (cctv->uncovered_hotspots) gpkg.push_back(&*cctv->uncovered_hotspots);
      gpkg.push_back(&cctv->coverage);
      gpkg.push_back(&cctv->cameras);
    }
    // QGIS: every layer's style in the GeoPackage (layer_styles) and as .qml beside its
    // GeoJSON copy, the raster's beside it, and a project opening them all in order.
    std::vector<qgis::LayerStyle> styles;
    for (const VectorLayer* layer : gpkg) styles.push_back(qgis::standard_style(*layer));
    qgis::write_styled_geopackage(gpkg, styles, dir / "plan.gpkg");
    wrote("plan.gpkg");
    for (std::size_t i = 0; i < gpkg.size(); ++i) {
      const std::string name = gpkg[i]->name + ".geojson";
      if (std::find(files.begin(), files.end(), name) == files.end()) continue;
      qgis::write_qml_beside(dir / name, styles[i]);
      wrote(gpkg[i]->name + ".qml");
    }
    std::vector<qgis::ProjectLayer> project;
    for (std::size_t i = gpkg.size(); i-- > 0;) {
      const bool shown = gpkg[i]->name != "gistar" && gpkg[i]->name != "emerging_hot_spots";
      project.push_back({layer_title(gpkg[i]->name), "plan.gpkg", gpkg[i]->name, styles[i], shown, ""});
    }
    if (!density_levels.empty()) {
      const qgis::RasterStyle raster = qgis::density_style("density", density_levels);
      qgis::write_qml_beside(dir / "density.tif", raster);
      wrote("density.qml");
      project.push_back({"Density", "density.tif", "", raster, true, ""});
    }
    const Bounds b = published_extent(prepared.area ? prepared.area->bounds() : out.profile.bounds, publish);
    qgis::write_project(dir / "plan.qgs", out.title, crs, qgis::Extent{b.min_x, b.min_y, b.max_x, b.max_y}, project);
    wrote("plan.qgs");

    PlanLayers report_layers;
    for (const VectorLayer& layer : context) report_layers.context.push_back(&layer);
    if (area_layer) report_layers.study_area = &*area_layer;
    if (hotspots) report_layers.hotspots = &*hotspots;
    if (gistar) report_layers.gistar = &*gistar;
    if (emerging) report_layers.emerging = &*emerging;
    if (cctv) {
      report_layers.coverage = &cctv->coverage;
      report_layers.cameras = &cctv->cameras;
    }
    if (patrol_areas) report_layers.patrol_areas = &*patrol_areas;
    if (patrol_routes) report_layers.patrol_routes = &*patrol_routes;
    if (publish.enabled) (void)monthly_chart(incidents, publish.min_count, &out.chart_values_withheld);
    report::write_html(plan_report(options, out, report_layers, incidents), dir / "report.html");
    wrote("report.html");
    r.summary = std::to_string(gpkg.size()) + " layers in plan.gpkg, report.html";
  });

  // The plain-English summary.
  std::string& s = out.summary_text;
  s += out.title + "\n\n";
  s += std::to_string(out.profile.incidents) + " incidents";
  if (!out.profile.by_month.empty()) {
    s += " from " + out.profile.by_month.front().key + " to " + out.profile.by_month.back().key;
  }
  s += "; " + std::to_string(out.account.read) + " rows read";
  for (const auto& [reason, rows] : out.profile.rejected_by_reason) {
    s += ", " + std::to_string(rows) + " " + reason;
  }
  s += publish.enabled ? ".\n" : " (profile.json).\n";
  for (const auto& c : out.profile.concentration) {
    if (std::abs(c.location_share - 0.05) < 1e-9) {
      s += "The busiest 5% of locations (" + std::to_string(c.locations) + ") hold " + percent(c.incident_share) +
           " of them.\n";
    }
  }
  for (const auto& stage : out.stages) {
    if (stage.name == "read" || stage.name == "write") continue;
    s += "- " + stage.name + ": " + stage.summary + "\n";
  }
  if (publish.enabled) {
    s += "\nPublished outside the partnership (--publish, k = " + std::to_string(publish.min_count) + ", grid " +
         format("%g", publish.grid_m) + " m):\n";
    if (out.raster_suppression) {
      s += "- density.tif: " + std::to_string(out.raster_suppression->cells_suppressed) + " of " +
           std::to_string(out.raster_suppression->cells_with_data) + " cells set to nodata (fewer than " +
           std::to_string(publish.min_count) + " incidents " + support_text(out.raster_support_radius) + ")\n";
    }
    for (const auto& report : out.suppression) s += "- " + report.summary() + "\n";
    s += "- report.html: " + std::to_string(out.chart_values_withheld) + " monthly chart values withheld\n";
    for (const auto& file : out.withheld_files) s += "- not written: " + file + "\n";
  }
  write_file_atomically(dir / "summary.txt", s);
  wrote("summary.txt");
  std::sort(files.begin(), files.end());
  return out;
}

}  // namespace hotspot::plan
