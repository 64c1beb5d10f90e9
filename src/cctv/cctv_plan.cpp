#include "hotspot/cctv/cctv_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "cctv/camera_outlook.hpp"
#include "cctv/cctv_scene.hpp"
#include "geo/geos_support.hpp"
#include "hotspot/cctv/layer_source.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/harm/harm_weights.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv";

std::string fixed(double value, int decimals) {
  // Never "nan" or "inf" in a summary a committee reads (a share of no demand at all).
  if (!std::isfinite(value)) return "n/a";
  return format("%.*f", decimals, value);
}


// The most frequent strings, ties alphabetical: "Anti-social behaviour 34; Shoplifting 9".
std::vector<std::pair<std::string, std::size_t>> top(const std::map<std::string, std::size_t>& counts, std::size_t n) {
  std::vector<std::pair<std::string, std::size_t>> items(counts.begin(), counts.end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (items.size() > n) items.resize(n);
  return items;
}

struct Envelope {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

// Points sorted by x, to list those in an envelope without testing every point.
class XOrderedPoints {
 public:
  explicit XOrderedPoints(const WeightedPoints& points) : points_(points) {
    for (std::uint32_t i = 0; i < points.size(); ++i) {
      if (std::isfinite(points.x[i]) && std::isfinite(points.y[i])) order_.push_back(i);
    }
    std::sort(order_.begin(), order_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return std::pair(points.x[a], a) < std::pair(points.x[b], b); });
  }
  // The points inside `box` or on its edge, ascending by index.
  [[nodiscard]] std::vector<std::uint32_t> in(const Envelope& box) const {
    std::vector<std::uint32_t> out;
    auto it = std::lower_bound(order_.begin(), order_.end(), box.min_x,
                               [&](std::uint32_t i, double x) { return points_.x[i] < x; });
    for (; it != order_.end() && points_.x[*it] <= box.max_x; ++it) {
      if (points_.y[*it] >= box.min_y && points_.y[*it] <= box.max_y) out.push_back(*it);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  const WeightedPoints& points_;
  std::vector<std::uint32_t> order_;
};

}  // namespace

CctvReport plan_cctv(const PreparedIncidents& prepared, const CctvOptions& options) {
  CctvReport report;
  if (options.demand_model && options.demand_raster) {
    throw Error(ErrorCode::usage, kStage, "a demand model forecasts from dated incidents; it cannot be used with a demand raster");
  }
  CctvOptions scene_options = options;
  if (options.demand_model) scene_options.demand.half_life_months.reset();
  std::string demand_sentence;
  detail::Scene scene = detail::build_scene(prepared, scene_options, report);
  if (options.demand_model) {
    // The forecast replaces the history's sum as each demand point's weight.
    DemandModelOptions model_options = *options.demand_model;
    if (!options.planner.budget) model_options.cameras = options.planner.cameras;
    report.demand_choice = choose_demand_model(
        prepared.incidents, scene.demand, CameraScene{&scene.candidate_coverage, report.candidates, &scene.existing_coverage},
        model_options, options.planner);
    const MonthIndex last = detail::last_month(prepared.incidents, kStage);
    scene.demand.weight = forecast_demand(prepared.incidents, scene.demand, report.demand_choice->model, last,
                                          model_options.history_months, model_options.horizon_months);
    // Said in the summary, the layers' metadata and the CSV rather than as a note: which
    // model made the demand is part of the result.
    demand_sentence = report.demand_choice->summary + " The demand is its forecast for " +
                      detail::month_span(last + 1, last + model_options.horizon_months) + ".";
    if (options.demand.half_life_months) report.notes.push_back("the recency half-life is not used: the demand model decides recency");
  }
  const Incidents& incidents = prepared.incidents;
  const std::string& crs = prepared.crs.definition;
  const WeightedPoints& demand = scene.demand;
  const ObstacleSet& obstacles = scene.obstacles;
  const std::vector<CameraSite>& existing = scene.existing;
  const CoverageMatrix& candidate_coverage = scene.candidate_coverage;
  const CoverageMatrix& existing_coverage = scene.existing_coverage;
  const PlannerInput input{&candidate_coverage, report.candidates, &existing_coverage, demand.weight};
  report.plan = plan_cameras(input, options.planner);
  const Plan& plan = report.plan;
  report.notes.insert(report.notes.end(), plan.notes.begin(), plan.notes.end());

  // The points that carry incidents and what each column sees of them: the demand itself, or
  // with a raster the incidents' own points (none when only the raster was given).
  const bool raster = report.raster.has_value();
  const bool have_incidents = !incidents.empty();
  const WeightedPoints& points = raster ? scene.incident_points : demand;
  const CoverageMatrix& incident_candidates = raster ? scene.incident_candidate_coverage : candidate_coverage;
  const CoverageMatrix& incident_existing = raster ? scene.incident_existing_coverage : existing_coverage;
  const auto column_points = [&](const CoverageMatrix& matrix, std::size_t column) -> const std::vector<std::uint32_t>& {
    static const std::vector<std::uint32_t> none;
    return column < matrix.columns.size() ? matrix.columns[column].points : none;
  };
  const std::string not_available = "n/a (raster demand)";

  // Incidents of each demand point, for counts, crime types and Location strings.
  std::vector<std::size_t> first(points.size() + 1, 0);
  for (const auto p : points.point_of) ++first[p + 1];
  for (std::size_t i = 0; i < points.size(); ++i) first[i + 1] += first[i];
  std::vector<std::size_t> rows(incidents.size());
  {
    std::vector<std::size_t> fill(first.begin(), first.end() - 1);
    for (std::size_t r = 0; r < incidents.size(); ++r) rows[fill[points.point_of[r]]++] = r;
  }
  std::vector<double> harm_of_category = prepared.harm.per_category_or_default(incidents.categories);
  std::vector<double> point_harm(points.size(), 0.0);
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const auto c = incidents.category[r];
    const double h = c < harm_of_category.size() ? harm_of_category[c] : HarmWeights::kMissingWeight;
    point_harm[points.point_of[r]] += h;
  }

  std::vector<std::uint8_t> seen(points.size(), 0);
  std::vector<std::uint8_t> demand_seen(demand.size(), 0);
  std::size_t cumulative_incidents = 0;
  double cumulative_harm = 0;
  for (std::size_t c = 0; c < existing_coverage.columns.size(); ++c) {
    for (const auto i : existing_coverage.columns[c].points) demand_seen[i] = 1;
    for (const auto i : column_points(incident_existing, c)) {
      if (seen[i] == 0) {
        seen[i] = 1;
        cumulative_incidents += points.count[i];
        cumulative_harm += point_harm[i];
      }
    }
  }
  const std::size_t existing_incidents = cumulative_incidents;

  const std::vector<FieldSpec> camera_fields{
      {"rank", FieldType::integer},          {"site", FieldType::string},
      {"easting", FieldType::real},          {"northing", FieldType::real},
      {"heading_deg", FieldType::real},      {"fov_deg", FieldType::real},
      {"range_m", FieldType::real},          {"incidents_new", FieldType::integer},
      {"incidents_cumulative", FieldType::integer}, {"weight_new", FieldType::real},
      {"weight_cumulative", FieldType::real}, {"harm_new", FieldType::real},
      {"harm_cumulative", FieldType::real},  {"share_new", FieldType::real},
      {"share_cumulative", FieldType::real}, {"incidents_in_view", FieldType::integer},
      {"top_types", FieldType::string},      {"nearest_location", FieldType::string},
      {"reason", FieldType::string}};
  std::vector<std::pair<std::string, std::string>> metadata{
      {"obstacles", report.obstacles},
      {"camera", "range " + fixed(options.camera.range_m, 1) + " m, field of view " + fixed(options.camera.fov_deg, 0) +
                     "°" + (options.camera.decays() ? ", full quality to " + fixed(options.camera.full_range_m, 1) + " m" : "")},
      {"method", plan.method},
      {"optimality_gap", plan.heuristic_gap ? fixed(*plan.heuristic_gap, 6) : "not computed (no --exact)"},
      {"existing_cameras", std::to_string(existing.size())},
      {"candidate_sites", std::to_string(report.candidates.size())}};
  if (report.demand_choice) metadata.emplace_back("demand_model", demand_sentence);
  report.cameras = VectorLayer{"cameras", GeometryKind::point, crs, camera_fields, {}, metadata};
  report.coverage = VectorLayer{"coverage", GeometryKind::multipolygon, crs,
                                {{"kind", FieldType::string}, {"rank", FieldType::integer}, {"site", FieldType::string},
                                 {"heading_deg", FieldType::real}, {"fov_deg", FieldType::real},
                                 {"range_m", FieldType::real}, {"area_m2", FieldType::real},
                                 {"incidents_in_view", FieldType::integer}, {"weight_in_view", FieldType::real},
                                 {"obstacles", FieldType::string}},
                                {}, metadata};
  std::string csv;
  for (std::size_t f = 0; f < camera_fields.size(); ++f) csv += (f ? "," : "") + camera_fields[f].name;
  // With a demand model each row says which one made the weights it ranks by.
  const std::string model_cell = report.demand_choice ? "," + report.demand_choice->model.id() : std::string();
  if (report.demand_choice) csv += ",demand_model";
  csv += '\n';

  const double total_weight = plan.total_demand > 0 ? plan.total_demand : 1.0;
  // Incident counts are null in the layers (and empty in the CSV) when only a raster was given.
  const auto count_value = [&](std::size_t n) { return have_incidents ? FieldValue(static_cast<std::int64_t>(n)) : FieldValue(std::monostate{}); };
  const auto count_text = [&](std::size_t n) { return have_incidents ? std::to_string(n) : std::string(); };
  auto coverage_feature = [&](const std::string& kind, std::optional<std::int64_t> rank, const CameraSite& site,
                              const CoverageColumn& column, const std::vector<std::uint32_t>& incident_points) {
    const CameraModel& model = site.model ? *site.model : options.camera;
    const Visibility v = visibility_polygon(obstacles, site.x, site.y, column.heading_deg, model, options.visibility);
    if (v.wkb.empty()) return;
    std::size_t in_view = 0;
    for (const auto i : incident_points) in_view += points.count[i];
    double weight_in_view = 0;
    for (std::size_t k = 0; k < column.points.size(); ++k) weight_in_view += demand.weight[column.points[k]] * column.quality[k];
    report.coverage.features.push_back(
        {v.wkb,
         {kind, rank ? FieldValue(*rank) : FieldValue(std::monostate{}), site.label,
          model.all_round() ? FieldValue(std::monostate{}) : FieldValue(column.heading_deg), model.fov_deg, model.range_m,
          v.area_m2, count_value(in_view), weight_in_view, report.obstacles}});
  };

  int rank = 0;
  for (const PlannedCamera& camera : plan.cameras) {
    ++rank;
    const CameraSite& site = report.candidates[camera.site];
    const CoverageColumn& column = candidate_coverage.columns[camera.column];
    for (const auto i : column.points) demand_seen[i] = 1;
    std::size_t new_incidents = 0, in_view = 0;
    double new_harm = 0;
    std::map<std::string, std::size_t> types;
    std::map<std::string, std::size_t> new_types;
    const auto& seen_points = column_points(incident_candidates, camera.column);
    for (const auto i : seen_points) {
      in_view += points.count[i];
      const bool fresh = seen[i] == 0;
      if (fresh) {
        seen[i] = 1;
        new_incidents += points.count[i];
        new_harm += point_harm[i];
      }
      for (std::size_t k = first[i]; k < first[i + 1]; ++k) {
        const auto c = incidents.category[rows[k]];
        const std::string name = c == Incidents::kNoCode ? "(no type)" : incidents.categories[c];
        ++types[name];
        if (fresh) ++new_types[name];
      }
    }
    cumulative_incidents += new_incidents;
    cumulative_harm += new_harm;
    // Nearest incident location (police.uk "On or near ..."), most frequent there, ties alphabetical.
    std::size_t nearest = 0;
    double best = INFINITY;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double d = std::hypot(points.x[i] - site.x, points.y[i] - site.y);
      if (d < best) {
        best = d;
        nearest = i;
      }
    }
    std::map<std::string, std::size_t> names;
    if (points.size() > 0) {
      for (std::size_t k = first[nearest]; k < first[nearest + 1]; ++k) {
        const auto l = incidents.location[rows[k]];
        if (l != Incidents::kNoCode && !incidents.locations[l].empty()) ++names[incidents.locations[l]];
      }
    }
    const auto top_names = top(names, 1);
    const std::string location = !have_incidents ? not_available : top_names.empty() ? "" : top_names.front().first;
    std::string top_types;
    for (const auto& [name, n] : top(types, 3)) top_types += (top_types.empty() ? "" : "; ") + name + " " + std::to_string(n);
    if (!have_incidents) top_types = not_available;
    std::string mostly;
    for (const auto& [name, n] : top(new_types, 2)) mostly += (mostly.empty() ? "" : ", ") + name + " (" + std::to_string(n) + ")";
    const double share_new = camera.marginal_primary / total_weight;
    const double share_cum = camera.cumulative_primary / total_weight;
    const CameraModel& model = options.camera;
    const std::string not_seen_by = rank == 1 ? std::string(existing.empty() ? "any camera" : "existing cameras")
                                              : std::string("existing or higher-ranked cameras");
    std::string reason = raster ? "Sees " + fixed(camera.marginal_primary, 1) + " expected incidents (" + fixed(100 * share_new, 1) +
                                      "% of the raster's demand) not seen by " + not_seen_by +
                                      (have_incidents ? "; " + std::to_string(new_incidents) + " recorded incidents newly in view" : std::string())
                                : "Sees " + std::to_string(new_incidents) + " incidents (" + fixed(100 * share_new, 1) +
                                      "% of all demand weight) not seen by " + not_seen_by;
    if (!mostly.empty()) reason += ", mostly " + mostly;
    if (have_incidents && !location.empty()) reason += "; nearest incidents: " + location + " (" + fixed(best, 0) + " m)";
    if (obstacles.empty()) reason += "; open ground (no obstacles given)";
    const FieldValue heading = model.all_round() ? FieldValue(std::monostate{}) : FieldValue(column.heading_deg);
    std::vector<FieldValue> values{static_cast<std::int64_t>(rank), site.label, site.x, site.y, heading, model.fov_deg,
                                   model.range_m, count_value(new_incidents), count_value(cumulative_incidents),
                                   camera.marginal_primary, camera.cumulative_primary,
                                   have_incidents ? FieldValue(new_harm) : FieldValue(std::monostate{}),
                                   have_incidents ? FieldValue(cumulative_harm) : FieldValue(std::monostate{}), share_new,
                                   share_cum, count_value(in_view), top_types, location, reason};
    std::string line = std::to_string(rank) + "," + csv_cell(site.label) + "," + fixed(site.x, 2) + "," + fixed(site.y, 2) + "," +
                       (model.all_round() ? "" : fixed(column.heading_deg, 1)) + "," + fixed(model.fov_deg, 1) + "," +
                       fixed(model.range_m, 2) + "," + count_text(new_incidents) + "," + count_text(cumulative_incidents) + "," +
                       fixed(camera.marginal_primary, 4) + "," + fixed(camera.cumulative_primary, 4) + "," +
                       (have_incidents ? fixed(new_harm, 4) : "") + "," + (have_incidents ? fixed(cumulative_harm, 4) : "") + "," +
                       fixed(share_new, 6) + "," + fixed(share_cum, 6) + "," + count_text(in_view) + "," +
                       csv_cell(top_types) + "," + csv_cell(location) + "," + csv_cell(reason) + model_cell + "\n";
    csv += line;
    report.cameras.features.push_back({wkb_point(site.x, site.y), std::move(values)});
    coverage_feature("new", rank, site, column, seen_points);
  }
  for (std::size_t c = 0; c < existing_coverage.columns.size(); ++c) {
    const auto& column = existing_coverage.columns[c];
    coverage_feature("existing", std::nullopt, existing[column.site], column, column_points(incident_existing, c));
  }
  report.summary_csv = std::move(csv);

  if (options.candidates.hotspots || options.candidates.hotspot_layer != nullptr) {
    // Demand inside each hotspot polygon and the part of it any camera sees.
    detail::GeosContext context;
    auto* ctx = context.get();
    VectorLayer layer{"uncovered_hotspots", GeometryKind::multipolygon, crs,
                      {{"fid", FieldType::integer}, {"incidents", FieldType::integer}, {"incidents_seen", FieldType::integer},
                       {"weight", FieldType::real}, {"weight_seen", FieldType::real}, {"share_seen", FieldType::real}},
                      {}, metadata};
    const XOrderedPoints demand_index(demand);
    const XOrderedPoints points_index(points);
    for (const auto& f : scene.hotspots) {  // read once, for the candidates
      detail::GeomPtr g = detail::geom_from_wkb(ctx, f.wkb);
      if (!g) continue;
      const int type = GEOSGeomTypeId_r(ctx, g.get());
      if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) continue;
      detail::PreparedPtr prepared_g(GEOSPrepare_r(ctx, g.get()), detail::PreparedDeleter{ctx});
      Envelope box;
      if (GEOSGeom_getXMin_r(ctx, g.get(), &box.min_x) != 1 || GEOSGeom_getXMax_r(ctx, g.get(), &box.max_x) != 1 ||
          GEOSGeom_getYMin_r(ctx, g.get(), &box.min_y) != 1 || GEOSGeom_getYMax_r(ctx, g.get(), &box.max_y) != 1) {
        continue;  // empty: no point inside, so no demand (skipped below in any case)
      }
      std::size_t n = 0, n_seen = 0;
      double w = 0, w_seen = 0;
      const auto inside = [&](double x, double y) {
        detail::GeomPtr p = detail::own(ctx, GEOSGeom_createPointFromXY_r(ctx, x, y));
        return GEOSPreparedIntersects_r(ctx, prepared_g.get(), p.get()) == 1;
      };
      // Only the points in the polygon's envelope (edges included) can intersect it; they are
      // visited in index order, so the sums are the same as over every point.
      for (const std::uint32_t i : demand_index.in(box)) {
        if (!inside(demand.x[i], demand.y[i])) continue;
        w += demand.weight[i];
        if (demand_seen[i] != 0) w_seen += demand.weight[i];
      }
      for (const std::uint32_t i : points_index.in(box)) {
        if (!inside(points.x[i], points.y[i])) continue;
        n += points.count[i];
        if (seen[i] != 0) n_seen += points.count[i];
      }
      const double share = w > 0 ? w_seen / w : 0.0;
      if (w <= 0 || share >= 0.5) continue;
      if (type == GEOS_POLYGON) {
        GEOSGeometry* part = g.release();
        g = detail::own(ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, &part, 1));
      }
      layer.features.push_back({detail::geom_to_wkb(ctx, g.get()),
                                {static_cast<std::int64_t>(f.fid), count_value(n), count_value(n_seen), w, w_seen, share}});
    }
    report.uncovered_hotspots = std::move(layer);
  }

  std::string text;
  if (raster) {
    text += "cctv: demand from a " + std::string(raster_demand_units_name(report.raster->units)) + " raster: " +
            fixed(plan.total_demand, 2) + " expected incidents in " + std::to_string(report.demand_points) + " cells; " +
            (have_incidents ? std::to_string(report.incidents) + " incidents for the report; " : std::string("no incidents given; ")) +
            std::to_string(report.candidates.size()) + " candidate sites; " + std::to_string(existing.size()) +
            " existing cameras; obstacles: " + report.obstacles + "\n";
  } else {
    text += "cctv: " + std::to_string(report.incidents) + " incidents at " + std::to_string(report.demand_points) +
            " locations; " + std::to_string(report.candidates.size()) + " candidate sites; " +
            std::to_string(existing.size()) + " existing cameras; obstacles: " + report.obstacles + "\n";
  }
  if (report.demand_choice) text += "cctv: " + demand_sentence + "\n";
  text += "cctv: method: " + plan.method + "\n";
  if (!existing.empty()) {
    text += "cctv: existing cameras see " + (have_incidents ? std::to_string(existing_incidents) + " incidents (" : std::string("(")) +
            fixed(100 * plan.existing_primary / total_weight, 1) + "% of demand)\n";
  }
  for (const auto& f : report.cameras.features) {
    text += "  #" + std::to_string(std::get<std::int64_t>(f.values[0])) + " " + std::get<std::string>(f.values[1]) +
            ": " + std::get<std::string>(f.values[18]) + "\n";
  }
  text += "cctv: all cameras together see " + fixed(100 * plan.total_primary / total_weight, 1) + "% of demand" +
          (have_incidents ? " (" + std::to_string(cumulative_incidents) + " of " + std::to_string(report.incidents) + " incidents)"
                          : std::string()) +
          "\n";
  if (plan.exact_ran) {
    text += "cctv: CBC " + std::string(plan.exact_optimal ? "proved optimality" : "stopped at the time limit");
    if (plan.heuristic_gap) text += "; greedy + swap answer is within " + fixed(100 * *plan.heuristic_gap, 2) + "% of the best possible gain";
    text += "\n";
  }
  report.summary_text = terminal_safe(text);  // site labels and place names come from data
  return report;
}

RotationReport plan_rotation(const PreparedIncidents& prepared, const CctvOptions& options,
                             const RotationOptions& rotation) {
  if (options.demand_raster) {
    throw Error(ErrorCode::usage, kStage, "cctv rotate backtests on dated incidents; a demand raster has no months");
  }
  CctvOptions scene_options = options;
  RotationOptions rotation_options = rotation;
  if (scene_options.demand.half_life_months) rotation_options.half_life_months = scene_options.demand.half_life_months;
  scene_options.demand.half_life_months.reset();
  CctvReport scratch;
  const detail::Scene scene = detail::build_scene(prepared, scene_options, scratch);
  RotationReport report;
  report.notes = scratch.notes;
  report.result = backtest_rotation(prepared.incidents, scene.demand, scene.candidate_coverage, scratch.candidates,
                                    scene.existing_coverage, rotation_options);
  report.placements = VectorLayer{"rotation", GeometryKind::point, prepared.crs.definition,
                                  {{"period_start", FieldType::string}, {"period_end", FieldType::string},
                                   {"unit", FieldType::integer}, {"site", FieldType::string},
                                   {"heading_deg", FieldType::real}, {"fov_deg", FieldType::real},
                                   {"range_m", FieldType::real}, {"past_weight_new", FieldType::real}},
                                  {},
                                  {{"obstacles", scratch.obstacles},
                                   {"units", std::to_string(rotation_options.units)},
                                   {"period_months", std::to_string(rotation_options.period_months)}}};
  std::string csv = "period_start,period_end,demand,fixed_share,planned_share,stay_share,peaks_share,hindsight_share\n";
  for (const auto& period : report.result.periods) {
    int unit = 0;
    for (const auto& camera : period.plan) {
      const CameraSite& site = scratch.candidates[camera.site];
      report.placements.features.push_back(
          {wkb_point(site.x, site.y),
           {format_month(period.start), format_month(period.end), static_cast<std::int64_t>(++unit), site.label,
            options.camera.all_round() ? FieldValue(std::monostate{}) : FieldValue(camera.heading_deg),
            options.camera.fov_deg, options.camera.range_m, camera.marginal_primary}});
    }
    csv += format_month(period.start) + "," + format_month(period.end) + "," + fixed(period.demand, 4) + "," +
           fixed(period.fixed_share, 6) + "," + fixed(period.planned_share, 6) + "," + fixed(period.stay_share, 6) + "," +
           fixed(period.peaks_share, 6) + "," + fixed(period.hindsight_share, 6) + "\n";
  }
  report.periods_csv = std::move(csv);
  const auto pct = [](double v) { return fixed(100 * v, 1) + "%"; };
  std::string text = "cctv rotate: " + std::to_string(rotation_options.units) + " units moved every " +
                     std::to_string(rotation_options.period_months) + " months; " +
                     std::to_string(report.result.periods.size()) + " periods backtested; obstacles: " + scratch.obstacles + "\n";
  text += "  share of each next period's demand seen by the units (beyond the fixed network), mean over periods:\n";
  text += "    planned from data before each period: " + pct(report.result.planned_mean) + "\n";
  text += "    (a) left where the first plan put them: " + pct(report.result.stay_mean) + "\n";
  text += "    (b) top past-demand sites, overlap ignored: " + pct(report.result.peaks_mean) + "\n";
  text += "    (c) hindsight (planned with the period's own data): " + pct(report.result.hindsight_mean) + "\n";
  report.summary_text = terminal_safe(text);  // site labels and place names come from data
  return report;
}

}  // namespace hotspot
