#include "hotspot/plan/plan.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <utility>

#include "hotspot/commands/backtest.hpp"
#include "hotspot/commands/evaluate.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/report/basemap.hpp"
#include "hotspot/report/png_export.hpp"
#include "hotspot/commands/profile.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/density/density_scale.hpp"
#include "hotspot/geo/context_layer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/plan/plan_report.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/project.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot::plan {
namespace {

constexpr const char* kStage = "plan";
constexpr std::size_t kStages = 9;

std::string percent(double share) { return format("%.1f%%", 100.0 * share); }

double share_of(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

/// The plan's parts, in the order a single thread would run them: notes, publishing reports
/// and withheld files are listed in this order whichever thread finished first. (The write
/// stage runs alone, after them, through the sink's own messages.)
enum Part : std::size_t {
  kSetup,
  kRead,
  kProfile,
  kDensity,
  kSignificance,
  kTrends,
  kCctv,
  kPatrol,
  kBacktestMaps,
  kBacktestCameras,
  kBacktestPatrol,
  kBacktestEvaluation,
  kParts
};

/// What one part of the plan says while it runs: its notes are kept for the summary (once
/// each); the steps' own printed results and status lines are the single commands' and stay
/// quiet here; the stages go to the caller, one line at a time.
class PartMessages final : public step::Messages {
 public:
  PartMessages(step::Messages& outer, std::mutex& outer_mutex) : outer_(outer), outer_mutex_(outer_mutex) {}
  void note(std::string_view text) override {
    const std::string rendered = render_option_refs(text);
    if (std::find(notes->begin(), notes->end(), rendered) == notes->end()) notes->push_back(rendered);
  }
  void status(std::string_view) override {}
  void print(std::string_view) override {}
  void stage_started(std::size_t index, std::size_t count, std::string_view stage) override {
    const std::lock_guard lock(outer_mutex_);
    outer_.stage_started(index, count, stage);
  }
  void stage_finished(std::size_t index, std::size_t count, std::string_view stage, std::string_view summary,
                      double seconds) override {
    const std::lock_guard lock(outer_mutex_);
    outer_.stage_finished(index, count, stage, summary, seconds);
  }

  std::vector<std::string> own_notes;
  /// Where the notes go: the part's own, gathered in the parts' order once they have all run.
  std::vector<std::string>* notes = &own_notes;

 private:
  step::Messages& outer_;
  std::mutex& outer_mutex_;
};

/// The stages of the plan, each made of one part or more, timed and told to the messages. A
/// stage starts with its first part; its time is the sum of its parts'.
class StageRunner {
 public:
  StageRunner(std::vector<StageRecord>& records, step::Messages& messages) : records_(records), messages_(messages) {
    records_.resize(kStages);
    for (std::size_t i = 0; i < kStages; ++i) records_[i].name = kStageNames[i];
  }

  /// The whole of stage `index`.
  template <typename Body>
  void run(std::size_t index, Body&& body) {
    run_part(index, [&] { body(records_[index]); });
    finish(index);
  }
  /// One part of stage `index`; finish() ends the stage.
  template <typename Body>
  void run_part(std::size_t index, Body&& body) {
    {
      const std::lock_guard lock(mutex_);
      if (!started_[index]) messages_.stage_started(index, kStages, records_[index].name);
      started_[index] = true;
    }
    const auto start = std::chrono::steady_clock::now();
    body();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::lock_guard lock(mutex_);
    records_[index].seconds += seconds;
  }
  void finish(std::size_t index) {
    const StageRecord& r = records_[index];
    messages_.stage_finished(index, kStages, r.name, r.summary, r.seconds);
  }
  [[nodiscard]] StageRecord& record(std::size_t index) { return records_[index]; }

  static constexpr std::array<const char*, kStages> kStageNames = {
      "read", "profile", "density", "significance", "trends", "cctv", "patrol", "backtest", "write"};
  enum : std::size_t { read, profile, density, significance, trends, cctv, patrol, backtest, write };

 private:
  std::vector<StageRecord>& records_;
  step::Messages& messages_;
  std::mutex mutex_;
  std::array<bool, kStages> started_{};
};

VectorLayer study_area_layer(const StudyArea& area, const std::string& crs, const std::string& source, bool publish) {
  VectorLayer layer;
  layer.name = "study_area";
  const std::string wkb = area.wkb();
  layer.geometry = wkb_geometry_kind(wkb);
  layer.crs = crs;
  layer.fields = {{"source", FieldType::string}, {"area_km2", FieldType::real}};
  layer.metadata = {{"hotspot_stage", "plan.study_area"}};
  VectorFeature f;
  f.wkb = wkb;
  // Published: the kind of source only; the folder and file names can say more than the data.
  f.values = {publish ? describe_source(source, true) : redact_credentials(area.description()), area.area_m2() / 1.0e6};
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
  const auto& within = options.input.prepare.filter.within;
  if (within) {
    const std::string& where = within->where;
    const auto a = where.find('\'');
    const auto b = a == std::string::npos ? a : where.find('\'', a + 1);
    if (b != std::string::npos && where.find('\'', b + 1) == std::string::npos) {
      return "Hot spots and plans: " + where.substr(a + 1, b - a - 1);
    }
    if (!options.publish.enabled) {
      return "Hot spots and plans: " + std::filesystem::path(redact_credentials(within->path)).stem().string();
    }
  }
  return "Hot spots and plans";
}

/// What the plans weigh, in words for the summary and the report.
std::string weight_words(WeightMode mode) {
  switch (mode) {
    case WeightMode::harm: return "harm";
    case WeightMode::field: return "the weight field";
    case WeightMode::count: break;
  }
  return "incidents";
}

}  // namespace

commands::DensityOptions plan_density_options() {
  commands::DensityOptions o;
  o.map.cell = 25.0;
  o.map.rule = density::BandwidthRule::cross_validation;
  o.map.cv_max = 1500.0;
  o.map.threshold_levels = {0.1, 0.5, 1.0};
  return o;
}

commands::TrendsOptions plan_trends_options() {
  commands::TrendsOptions o;
  o.analysis.gaps = trends::GapPolicy::skip;
  return o;
}

evaluation::EvaluateOptions plan_evaluate_options() {
  evaluation::EvaluateOptions o;
  o.skip_outside_months = true;
  return o;
}

PlanOptions default_plan_options() { return PlanOptions{}; }

PlanResult run_plan(const PlanOptions& options, step::Messages& outer) {
  if (options.out_dir.empty()) throw Error(ErrorCode::usage, kStage, "the plan needs an output folder");
  const auto& filter = options.input.prepare.filter;
  const CctvOptions& camera_options = options.cctv.cctv;
  if (!filter.within && !camera_options.candidates.points && !camera_options.candidates.roads && !options.roads) {
    throw Error(ErrorCode::usage, kStage,
                "a plan needs a study area (" + option_ref("within") + ") or camera candidates (" + option_ref("candidates") + " or " + option_ref("roads") + ")");
  }
  const PublishSettings& publish = options.publish;
  PlanResult out;
  // Each part's own messages (a deque: they stay where they are); the setup part's are the
  // sink's own and carry the stage lines.
  std::mutex outer_mutex;
  std::deque<PartMessages> part_messages;
  for (std::size_t i = 0; i < kParts; ++i) part_messages.emplace_back(outer, outer_mutex);
  PartMessages& messages = part_messages[kSetup];
  out.title = default_title(options);
  out.weight_words = weight_words(step::resolve_input(options.input).weight);
  StageRunner stages(out.stages, messages);

  // Every layer also goes into plan.gpkg, in drawing order from the bottom.
  step::SinkLayout layout;
  layout.folder = options.out_dir;
  layout.geopackage = "plan.gpkg";
  for (const auto& c : options.context) layout.geopackage_layers.push_back(c.name);
  if (options.roads) layout.geopackage_layers.push_back("roads");
  for (const char* name : {"study_area", "evaluation_areas", "hotspots", "gistar", "emerging_hot_spots", "patrol_areas", "patrol_routes",
                           "uncovered_hotspots", "coverage", "cameras"}) {
    layout.geopackage_layers.emplace_back(name);
  }
  layout.skip = {commands::kDensityCv};
  step::FileSink sink("plan", layout, publish, options.styled, messages);

  PreparedIncidents prepared;
  stages.run(StageRunner::read, [&](StageRecord& r) {
    prepared = step::prepare_input(options.input, part_messages[kRead]);
    out.account = prepared.account;
    out.crs = prepared.crs.definition;
    if (prepared.incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
    r.summary = std::to_string(prepared.account.read) + " rows read, " + std::to_string(prepared.account.used()) +
                " used, " + std::to_string(prepared.account.rejected()) + " rejected";
  });
  const Incidents& incidents = prepared.incidents;
  const std::string& crs = prepared.crs.definition;

  // plan.gpkg is written on a thread of its own while the stages run, each layer in drawing
  // order once it and the layers below it are ready; each stage settles the layers it makes.
  // First the context for maps without a basemap: the layers the user named, the roads, the
  // study area.
  sink.stream_geopackage();
  for (const auto& c : options.context) sink.reference_layer(read_context_layer(c.source, crs, c.name, c.label_field));
  if (options.roads) sink.reference_layer(read_context_layer(*options.roads, crs, "roads"));
  if (prepared.area && filter.within) {
    sink.reference_layer(study_area_layer(*prepared.area, crs, filter.within->path, publish.enabled));
  }
  for (const auto& c : options.context) sink.settle({c.name});
  sink.settle({"roads", "study_area"});
  if (!options.evaluate.deployments) sink.settle({"evaluation_areas"});

  stages.run(StageRunner::profile, [&](StageRecord& r) {
    auto part = sink.part(kProfile, part_messages[kProfile]);
    out.profile = commands::run_profile(prepared, commands::ProfileOptions{}, part);
    r.summary = std::to_string(out.profile.incidents) + " incidents at " +
                std::to_string(out.profile.distinct_locations) + " locations";
  });

  // The stages after the profile in two chains, side by side: the density map, the cameras
  // planned on its hotspots and their backtest on this thread; Gi*, trends, patrols and the
  // other backtests on the other. Each stage writes through its own part of the sink and keeps
  // its own notes, so the outputs are the same bytes whichever finishes first.
  const std::string& weighs = out.weight_words;
  std::array<std::string, 4> backtest_parts;  // maps, cameras, patrols, evaluation: the summary's order
  SideThread other_chain([&] {
    stages.run(StageRunner::significance, [&](StageRecord& r) {
      auto part = sink.part(kSignificance, part_messages[kSignificance]);
      commands::GistarOptions o = options.gistar;
      o.analysis.threads = options.threads;
      const significance::HotSpotAnalysis a = commands::run_gistar(prepared, o, part);
      out.gistar_cells = a.layer.features.size();
      out.gistar_hot = a.hot;
      out.gistar_cold = a.cold;
      r.summary = std::to_string(a.hot) + " hot and " + std::to_string(a.cold) + " cold cells of " +
                  format("%g", a.cells.grid.cell_size) + " m at 90%+ (FDR), band " + format("%.0f", a.band) + " m";
    });
    sink.settle({"gistar"});
    stages.run(StageRunner::trends, [&](StageRecord& r) {
      auto part = sink.part(kTrends, part_messages[kTrends]);
      commands::TrendsOptions o = options.trends;
      o.analysis.emerging.threads = options.threads;
      try {
        const trends::EmergingAnalysis a = commands::run_trends(prepared, o, part);
        out.emerging_cells = a.layer.features.size();
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
    sink.settle({"emerging_hot_spots"});
    stages.run(StageRunner::patrol, [&](StageRecord& r) {
      auto part = sink.part(kPatrol, part_messages[kPatrol]);
      commands::PatrolStepOptions o = options.patrol;
      if (options.roads && !o.roads) o.roads = options.roads;
      o.backtest = false;  // the plan's backtest stage scores the patrol places
      const patrol::PatrolPlan plan = commands::run_patrol(prepared, o, part);
      out.patrol_places = plan.selected.size();
      out.patrol_summary = std::to_string(plan.selected.size()) + " places hold " + percent(plan.selection.harm_share) +
                           " of the " + weighs + " of the last " + std::to_string(o.patrol.places.window_months) +
                           " months in " + format("%.2g", 100 * plan.selection.area_share) + "% of the area; " +
                           std::to_string(plan.dosage.allocated_visits) + " visits a week of " +
                           format("%g", o.patrol.dosage.minutes_per_visit) +
                           " minutes (Koper curve), in the order of each unit's route." +
                           (publish.enabled ? std::string()
                                            : " The briefing_unit_N.csv files list the places, visits and peak times "
                                              "for each unit.");
      out.patrol_units = plan.routes.size();
      r.summary = std::to_string(out.patrol_places) + " places holding " + percent(plan.selection.harm_share) + " of " +
                  weighs + " in " + format("%.2g", 100 * plan.selection.area_share) + "% of the area, " +
                  std::to_string(out.patrol_units) + (out.patrol_units == 1 ? " unit" : " units");
    });
    sink.settle({"patrol_areas", "patrol_routes"});
    // Evidence: each method and plan fitted on earlier months, scored on the months after.
    // Maps: KDE at fixed and CV bandwidths, Gi*, last period, random: `hotspot backtest`.
    stages.run_part(StageRunner::backtest, [&] {
      auto part = sink.part(kBacktestMaps, part_messages[kBacktestMaps]);
      commands::BacktestStepOptions o;
      o.maps.cell_size = options.backtest_cell;
      o.maps.origins.horizon = 1;
      o.maps.threads = options.threads;
      try {
        out.map_backtest = commands::run_backtest(prepared, o, part).maps;
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
        backtest_parts[0] = std::string("maps skipped: ") + e.what();
      }
      if (out.map_backtest) {
        const auto& m = *out.map_backtest;
        // The best method at 1% of the area by mean PAI (ties: the first listed).
        std::size_t share = 0;
        for (std::size_t k = 0; k < m.area_shares.size(); ++k) {
          if (std::abs(m.area_shares[k] - 0.01) < 1e-12) share = k;
        }
        std::size_t best = 0;
        for (std::size_t method = 0; method < m.methods.size(); ++method) {
          if (m.summary_of(method, share).pai > m.summary_of(best, share).pai) best = method;
        }
        backtest_parts[0] = "maps over " + std::to_string(m.folds.size()) + " months: best at " +
                            percent(m.area_shares[share]) + " of the area " + m.methods[best].label + " (PAI " +
                            format("%.1f", m.summary_of(best, share).pai) + ")";
      }
    });
    stages.run_part(StageRunner::backtest, [&] {
      auto part = sink.part(kBacktestPatrol, part_messages[kBacktestPatrol]);
      patrol::BacktestOptions o;
      o.places = options.patrol.patrol.places;
      o.places.last_month = kNoMonth;
      o.selection = options.patrol.patrol.selection;
      if (prepared.area) o.selection.study_area_m2 = prepared.area->area_m2();
      try {
        out.patrol_backtest = patrol::backtest_patrol(prepared.incidents, o);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
      }
      if (out.patrol_backtest && !out.patrol_backtest->months.empty()) {
        part.file("patrol_backtest.csv", patrol::backtest_csv(*out.patrol_backtest), "unchecked weights per month");
        const auto& b = *out.patrol_backtest;
        backtest_parts[2] = "patrol places held " + percent(b.mean_share) + " of next month's " + weighs + " over " +
                            std::to_string(b.months.size()) + " months (last month's busiest cells: " +
                            percent(b.mean_baseline_share) + ")";
      } else {
        out.patrol_backtest.reset();
      }
    });
    // With a deployments log: did the last placements work (`hotspot evaluate`)?
    if (options.evaluate.deployments) {
      stages.run_part(StageRunner::backtest, [&] {
        auto part = sink.part(kBacktestEvaluation, part_messages[kBacktestEvaluation]);
        evaluation::EvaluateOptions o = commands::resolve_evaluate(options.evaluate);
        if (o.study_area_name.empty()) o.study_area_name = out.title.substr(out.title.rfind(": ") == std::string::npos ? 0 : out.title.rfind(": ") + 2);
        out.evaluation = evaluation::evaluate_interventions(prepared, o);
        const evaluation::EvaluationResult& e = *out.evaluation;
        for (const auto& note : e.notes) part.messages().note(note);
        const char* unchecked = "unchecked counts per intervention and month";
        part.file("evaluation.csv", evaluation::evaluation_csv(e), unchecked);
        part.file("evaluation_pooled.csv", evaluation::evaluation_pooled_csv(e));
        VectorLayer areas = evaluation::evaluation_areas_layer(e);
        if (publish.enabled) privacy::withhold_evaluation_complements(areas, publish.min_count);
        part.layer(areas, privacy::evaluation_area_rules());
        backtest_parts[3] = std::to_string(e.interventions.size()) + (e.interventions.size() == 1 ? " past camera placement" : " past camera placements") + " evaluated";
      });
      sink.settle({"evaluation_areas"});
    }
  });

  std::vector<std::pair<std::string, double>> density_thresholds;
  bool have_hotspots = false;
  stages.run(StageRunner::density, [&](StageRecord& r) {
    auto part = sink.part(kDensity, part_messages[kDensity]);
    commands::DensityOptions o = options.density;
    o.map.threads = options.threads;
    const density::DensityMap map = commands::run_density(prepared, o, part);
    if (map.suppression) {
      out.raster_suppression = map.suppression;
      out.raster_support_radius = map.publish_support_radius;
    }
    out.bandwidth_m = map.bandwidth;
    out.count_model = map.count_model;
    density_thresholds = density::named_thresholds(map.levels);
    out.hotspot_polygons = map.polygons.size();
    const VectorLayer* hotspots = sink.find_layer("hotspots");
    have_hotspots = hotspots != nullptr && !hotspots->features.empty();
    r.summary = (map.count_model ? std::string("counts per cell (cross-validation)")
                                 : "bandwidth " + format("%.0f", map.bandwidth) + " m") +
                ", " + std::to_string(map.polygons.size()) + " hotspot polygons";
  });
  sink.settle({"hotspots"});

  // Cameras weigh incidents as the maps do (--weight, --focus).
  std::optional<CctvReport> cctv;
  stages.run(StageRunner::cctv, [&](StageRecord& r) {
    auto part = sink.part(kCctv, part_messages[kCctv]);
    if (camera_options.planner.cameras < 1 && !camera_options.planner.budget) {
      r.skipped = true;
      r.summary = "skipped: no cameras asked for";
      return;
    }
    commands::CctvStepOptions o = options.cctv;
    o.cctv.threads = options.threads;
    // Every hotspot polygon's centroid is a candidate too (in publish mode, the published ones).
    if (have_hotspots && !o.cctv.candidates.hotspots) o.cctv.candidates.hotspot_layer = sink.find_layer("hotspots");
    if (options.roads && !o.cctv.candidates.roads) o.cctv.candidates.roads = options.roads;
    cctv = commands::run_cctv(prepared, o, part);
    out.cameras = cctv->plan.cameras.size();
    out.cctv_summary = cctv->summary_text;
    if (publish.enabled) {
      // The planner's own text carries unchecked counts.
      out.cctv_summary = "Camera sites are ranked by the " + weighs + " they would see; sites seeing fewer than " +
                         std::to_string(publish.min_count) + " incidents are not published and the others are "
                         "rounded to " + format("%g", publish.grid_m) + " m.";
    }
    out.coverage_polygons = cctv->coverage.features.size();
    r.summary = std::to_string(out.cameras) + " cameras from " + std::to_string(cctv->candidates.size()) +
                " candidates would see " +
                percent(share_of(cctv->plan.total_primary - cctv->plan.existing_primary, cctv->plan.total_demand)) +
                " of " + weighs +
                (cctv->existing_cameras > 0 ? " not already seen by the " + std::to_string(cctv->existing_cameras) +
                                                  " existing cameras (" +
                                                  percent(share_of(cctv->plan.existing_primary, cctv->plan.total_demand)) + ")"
                                            : std::string());
    // Which demand model the cameras were planned on, and why (--demand).
    if (cctv->demand_choice) r.summary += "; " + cctv->demand_choice->summary;
  });
  sink.settle({"uncovered_hotspots", "coverage", "cameras"});

  // Cameras: the plan's own candidates and obstacles, planned on earlier months and scored on
  // the following ones (the backtest's other parts run on the other chain).
  if (cctv && !cctv->candidates.empty() && camera_options.planner.cameras > 0) {
    stages.run_part(StageRunner::backtest, [&] {
      auto part = sink.part(kBacktestCameras, part_messages[kBacktestCameras]);
      const CctvOptions resolved = commands::resolve_cctv(options.cctv);
      evaluation::CameraBacktestOptions o;
      o.coverage.camera = resolved.camera;
      o.coverage.visibility = resolved.visibility;
      o.coverage.threads = options.threads;
      o.planner = resolved.planner;
      o.planner.budget.reset();
      o.origins.horizon = options.holdout_months;
      std::vector<std::string> notes;
      const ObstacleSet obstacles =
          resolved.obstacles ? ObstacleSet::from_source(*resolved.obstacles, crs, notes) : ObstacleSet();
      try {
        out.camera_backtest = evaluation::backtest_cameras(incidents, cctv->candidates, obstacles, o);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::data) throw;
        backtest_parts[1] = std::string("cameras skipped: ") + e.what();
      }
      if (out.camera_backtest) {
        const auto& c = *out.camera_backtest;
        part.file("camera_backtest.csv", evaluation::camera_backtest_csv(c), "unchecked weights per month");
        backtest_parts[1] = std::to_string(c.cameras) + " cameras planned on earlier months saw " +
                            percent(c.planned_mean) + " of the next " + std::to_string(options.holdout_months) +
                            " months' " + weighs + " (busiest places: " + percent(c.busiest_mean) + ")";
      }
    });
  }
  other_chain.join();
  {
    StageRecord& r = stages.record(StageRunner::backtest);
    if (!out.map_backtest && !out.camera_backtest && !out.patrol_backtest && !out.evaluation) {
      r.skipped = true;
      r.summary = "skipped: too few months to train on earlier months and test on later ones";
    } else {
      for (const auto& text : backtest_parts) {
        if (!text.empty()) r.summary += (r.summary.empty() ? "" : "; ") + text;
      }
    }
    stages.finish(StageRunner::backtest);
  }
  for (const PartMessages& part : part_messages) {
    for (const auto& note : part.own_notes) {
      if (std::find(out.notes.begin(), out.notes.end(), note) == out.notes.end()) out.notes.push_back(note);
    }
  }
  messages.notes = &out.notes;  // the write stage's, in order after them

  stages.run(StageRunner::write, [&](StageRecord& r) {
    // QGIS: a project opening every layer of plan.gpkg in order (the top drawn last), styled as
    // in the GeoPackage, over the density raster.
    std::vector<qgis::ProjectLayer> project;
    std::vector<const VectorLayer*> in_gpkg;
    for (const auto& name : layout.geopackage_layers) {
      if (const VectorLayer* l = sink.find_layer(name)) in_gpkg.push_back(l);
    }
    for (std::size_t i = in_gpkg.size(); i-- > 0;) {
      const VectorLayer& l = *in_gpkg[i];
      const bool shown = l.name != "gistar" && l.name != "emerging_hot_spots";
      project.push_back({layer_title(l.name), "plan.gpkg", l.name, qgis::standard_style(l), shown, ""});
    }
    if (!density_thresholds.empty()) {
      project.push_back({"Density", "density.tif", "", qgis::density_style("density", density_thresholds), true, ""});
    }
    const Bounds b = published_extent(prepared.area ? prepared.area->bounds() : out.profile.bounds, publish);
    if (const auto qgs = sink.writer_path("plan.qgs"); !qgs.empty()) {
      qgis::write_project(qgs, out.title, crs, qgis::Extent{b.min_x, b.min_y, b.max_x, b.max_y}, project);
    }

    PlanLayers report_layers;
    for (const auto& c : options.context) {
      if (const VectorLayer* l = sink.find_layer(c.name)) report_layers.context.push_back(l);
    }
    if (const VectorLayer* l = sink.find_layer("roads")) report_layers.context.push_back(l);
    report_layers.study_area = sink.find_layer("study_area");
    report_layers.hotspots = sink.find_layer("hotspots");
    report_layers.gistar = sink.find_layer("gistar");
    report_layers.emerging = sink.find_layer("emerging_hot_spots");
    report_layers.coverage = sink.find_layer("coverage");
    report_layers.cameras = sink.find_layer("cameras");
    report_layers.patrol_areas = sink.find_layer("patrol_areas");
    report_layers.patrol_routes = sink.find_layer("patrol_routes");
    report_layers.evaluation_areas = sink.find_layer("evaluation_areas");
    // The layers' GeoJSON files hold the same bytes the map would write again.
    for (const VectorLayer* l : {report_layers.study_area, report_layers.hotspots, report_layers.coverage,
                                 report_layers.cameras, report_layers.patrol_areas, report_layers.patrol_routes,
                                 report_layers.evaluation_areas}) {
      if (l == nullptr) continue;
      const std::filesystem::path staged = sink.staged(l->name);
      if (staged.extension() != ".geojson" || !std::filesystem::is_regular_file(staged)) continue;
      std::ifstream in(staged, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.size() == std::filesystem::file_size(staged)) report_layers.written_geojson.emplace(l, std::move(text));
    }
    const Bounds extent = prepared.area ? prepared.area->bounds() : out.profile.bounds;
    for (const auto& source : options.basemap) report_layers.basemap.push_back(report::basemap_layer(source, crs, extent));
    std::optional<VectorLayer> places;
    if (options.places) places = read_context_layer(*options.places, crs, "places", options.places_field);
    if (places) report_layers.places = &*places;
    if (publish.enabled) (void)monthly_chart(incidents, publish.min_count, &out.chart_values_withheld);
    out.suppression = sink.suppression();
    out.withheld_files = sink.withheld();
    if (const auto html = sink.writer_path("report.html"); !html.empty()) {
      const report::Report page = plan_report(options, out, report_layers, incidents);
      report::write_html(page, html);
      if (options.png) {
        // The map and each chart as pictures for Word or PDF papers, made by headless
        // Chromium from the page just written; each is checked not blank.
        const std::filesystem::path pictures = html.parent_path() / "png";
        for (const auto& png : report::export_pngs(html, report::figure_ids(page), pictures)) {
          (void)sink.writer_path("png/" + png.path.filename().string());
        }
      }
    }
    sink.finish_geopackage();
    r.summary = std::to_string(in_gpkg.size()) + " layers in plan.gpkg, report.html";
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
  sink.file("summary.txt", s);
  sink.commit();
  out.files = sink.written();
  return out;
}

}  // namespace hotspot::plan
