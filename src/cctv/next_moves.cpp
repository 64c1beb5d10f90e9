#include "hotspot/cctv/next_moves.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "cctv/camera_outlook.hpp"
#include "cctv/cctv_scene.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.next";

using detail::fixed_text;

std::string pct(double v) { return fixed_text(100 * v, 0) + "%"; }

// A whole number of incidents or a weight with one decimal below 10.
std::string amount(double v) { return fixed_text(v, std::abs(v) < 10 ? 1 : 0); }

}  // namespace

NextMovesReport plan_next_moves(const PreparedIncidents& prepared, const CctvOptions& scene_options,
                                const NextMovesOptions& options) {
  if (scene_options.demand_raster) {
    throw Error(ErrorCode::usage, kStage, "planning the units' next moves needs dated incidents; a demand raster has no months");
  }
  if (options.period_months < 1) throw Error(ErrorCode::usage, kStage, "the coming period must be at least one month");
  if (!(options.same_site_m >= 0)) throw Error(ErrorCode::usage, kStage, "the same-site distance must not be negative");
  NextMovesReport report;
  CctvOptions scene_opts = scene_options;
  if (scene_opts.demand.half_life_months) {
    report.notes.push_back("the recency half-life of the camera demand is not used here: the demand model decides recency");
    scene_opts.demand.half_life_months.reset();
  }
  CctvReport scratch;
  const detail::Scene scene = detail::build_scene(prepared, scene_opts, scratch);
  report.notes.insert(report.notes.end(), scratch.notes.begin(), scratch.notes.end());
  const Incidents& incidents = prepared.incidents;
  const std::string& crs = prepared.crs.definition;
  const WeightedPoints& points = scene.demand;
  const MonthIndex last = detail::last_month(incidents, kStage);
  report.period_first = last + 1;
  report.period_last = last + options.period_months;

  // Where each unit stands: a candidate by name, a candidate at its location, or its own site.
  const std::vector<CameraSite>& candidates = scratch.candidates;
  std::vector<CameraSite> extra;
  const std::vector<UnitPlacement> placements = read_units(options.units, options.unit_fields, crs, report.notes);
  std::vector<std::size_t> site_of_unit;
  std::vector<std::string> site_name;
  std::size_t off_list = 0;
  for (const auto& unit : placements) {
    const ErrorContext at{kStage, options.units.path, static_cast<std::uint64_t>(unit.row), {}};
    if (unit.placed > last) {
      throw Error(ErrorCode::data, at,
                  "unit \"" + unit.unit + "\" was placed in " + format_month(unit.placed) + ", after the incidents' last month (" +
                      format_month(last) + "); give the incidents up to the placement at least");
    }
    std::optional<std::size_t> site = detail::candidate_named(candidates, unit.site);
    if (site && unit.location) {
      const double d = std::hypot(candidates[*site].x - unit.location->first, candidates[*site].y - unit.location->second);
      if (d > options.same_site_m) {
        report.notes.push_back("unit " + unit.unit + ": the location given is " + fixed_text(d, 0) + " m from the candidate site \"" +
                               unit.site + "\"; the candidate's location is used");
      }
    }
    if (!site && unit.location) {
      site = detail::candidate_near(candidates, unit.location->first, unit.location->second, options.same_site_m);
      if (site) {
        report.notes.push_back("unit " + unit.unit + ": \"" + unit.site + "\" is taken to be the candidate site \"" +
                               candidates[*site].label + "\" (" +
                               fixed_text(std::hypot(candidates[*site].x - unit.location->first,
                                                     candidates[*site].y - unit.location->second),
                                          0) +
                               " m away)");
      }
    }
    if (!site) {
      if (!unit.location) {
        throw Error(ErrorCode::data, at,
                    "unit \"" + unit.unit + "\" stands at \"" + unit.site +
                        "\", which is not a candidate site's name, and the units table gives no location for it");
      }
      site = candidates.size() + extra.size();
      extra.push_back({unit.location->first, unit.location->second, 1, unit.site, {}, {}});
      ++off_list;
      report.notes.push_back("unit " + unit.unit + " stands at \"" + unit.site +
                             "\", which is not among the candidate sites: it may stay there or move to a candidate");
    }
    for (std::size_t v = 0; v < site_of_unit.size(); ++v) {
      if (site_of_unit[v] == *site) {
        throw Error(ErrorCode::data, at,
                    "units \"" + placements[v].unit + "\" and \"" + unit.unit + "\" both stand at \"" +
                        (*site < candidates.size() ? candidates[*site].label : unit.site) + "\"");
      }
    }
    site_of_unit.push_back(*site);
  }
  report.sites = candidates;
  report.sites.insert(report.sites.end(), extra.begin(), extra.end());
  CoverageOptions coverage_options;
  coverage_options.camera = scene_opts.camera;
  coverage_options.visibility = scene_opts.visibility;
  coverage_options.threads = scene_opts.threads;
  const CoverageMatrix all = extra.empty() ? scene.candidate_coverage
                                           : detail::merge_coverage(scene.candidate_coverage, build_coverage(extra, points, scene.obstacles,
                                                                                           coverage_options));

  // Sites no unit may move to: left by a camera within the no-return months, or still occupied
  // by a camera the units table does not list; with the rule on, also the sites units leave now.
  std::vector<std::uint8_t> destination(report.sites.size(), 0);
  for (std::size_t s = 0; s < candidates.size(); ++s) destination[s] = 1;
  const int no_return = options.rules.no_return_months;
  if (options.deployments) {
    const auto log = read_deployments(*options.deployments, options.deployment_fields, crs, report.notes);
    std::size_t barred = 0, unmatched = 0;
    for (const auto& d : log) {
      std::optional<std::size_t> s = detail::candidate_named(candidates, d.site);
      if (!s && d.location) s = detail::candidate_near(candidates, d.location->first, d.location->second, options.same_site_m);
      if (!s) {
        ++unmatched;
        continue;
      }
      const bool still_there = d.removed == kNoMonth;
      const bool ours = std::find(site_of_unit.begin(), site_of_unit.end(), *s) != site_of_unit.end();
      const bool recent = !still_there && no_return > 0 && d.removed >= report.period_first - no_return;
      if ((still_there && !ours) || recent) {
        barred += destination[*s];
        destination[*s] = 0;
      }
    }
    if (barred > 0) {
      report.notes.push_back(std::to_string(barred) + " candidate sites are barred: a camera is there or left within the last " +
                             std::to_string(no_return) + " months (deployments log)");
    }
    if (unmatched > 0) {
      report.notes.push_back(std::to_string(unmatched) +
                             " deployments in the log are at no candidate site (by name, or within " +
                             fixed_text(options.same_site_m, 0) + " m); they bar nothing");
    }
  } else if (no_return > 0) {
    report.notes.push_back("no deployments log: the no-return rule covers only the sites the units leave now");
  }
  if (no_return > 0) {
    for (const auto s : site_of_unit) destination[s] = 0;
  }

  // The demand model and the forecast of the coming period.
  DemandModelOptions demand_options = options.demand;
  demand_options.horizon_months = options.period_months;
  demand_options.cameras = static_cast<int>(placements.size());
  report.demand = choose_demand_model(incidents, points,
                                      CameraScene{&scene.candidate_coverage, candidates, &scene.existing_coverage},
                                      demand_options, scene_opts.planner);
  const DemandChoice& choice = report.demand;
  const std::vector<double> forecast =
      forecast_demand(incidents, points, choice.model, last, demand_options.history_months, options.period_months);
  const std::vector<double> forecast_count =
      forecast_demand(incidents, points, choice.model, last, demand_options.history_months, options.period_months, true);

  MoveProblem problem{&all, report.sites, &scene.existing_coverage, forecast, destination, {}};
  for (std::size_t u = 0; u < placements.size(); ++u) {
    const bool must_stay = report.period_first - placements[u].placed < options.rules.min_stay_months;
    problem.units.push_back({static_cast<std::uint32_t>(site_of_unit[u]), must_stay});
  }
  report.solution = solve_moves(problem, options.rules, options.exact, options.time_limit_s);
  const MoveSolution& solution = report.solution;

  // Figures per unit and in total.
  const std::vector<double> base = detail::fixed_quality(&scene.existing_coverage, points.size());
  const auto seen = [&](const std::vector<std::uint32_t>& columns, const std::vector<double>& weight) {
    return detail::seen_beyond(base, all, columns, weight);
  };
  const std::vector<double> share = detail::shared_seen(base, all, solution.columns, forecast);
  const std::vector<double> share_count = detail::shared_seen(base, all, solution.columns, forecast_count);
  report.total_weight = apply_interval(choice.total, solution.seen);
  report.total_incidents = apply_interval(choice.total_count, seen(solution.columns, forecast_count));
  report.stay_weight = apply_interval(choice.total, solution.stay_seen);
  report.stay_incidents = apply_interval(choice.total_count, seen(solution.stay_columns, forecast_count));
  const MonthIndex history_first = demand_options.history_months > 0 ? last - demand_options.history_months + 1 : kNoMonth + 1;
  const double threshold = options.rules.move_threshold;
  std::string rule_names;
  if (options.rules.max_moves) {
    rule_names += "at most " + std::to_string(*options.rules.max_moves) + (*options.rules.max_moves == 1 ? " move" : " moves");
  }
  if (options.rules.min_separation_m > 0) {
    rule_names += (rule_names.empty() ? "" : ", ") + fixed_text(options.rules.min_separation_m, 0) + " m between units";
  }
  for (std::size_t u = 0; u < placements.size(); ++u) {
    const auto& placement = placements[u];
    const CameraSite& here = report.sites[site_of_unit[u]];
    const std::uint32_t column = solution.columns[u];
    const CameraSite& there = report.sites[all.columns[column].site];
    const CameraModel& model = there.model ? *there.model : scene_opts.camera;
    UnitRecommendation rec;
    rec.unit = placement.unit;
    rec.current_site = here.label;
    rec.current_x = here.x;
    rec.current_y = here.y;
    rec.current_is_candidate = site_of_unit[u] < candidates.size();
    rec.placed = placement.placed;
    rec.moves = solution.moved[u] != 0;
    rec.next_site = there.label;
    rec.next_x = there.x;
    rec.next_y = there.y;
    if (!model.all_round()) rec.heading_deg = all.columns[column].heading_deg;
    rec.move_m = std::hypot(there.x - here.x, there.y - here.y);
    rec.weight = apply_interval(choice.per_camera, share[u]);
    rec.incidents = apply_interval(choice.per_camera_count, share_count[u]);
    rec.main_types = detail::main_types(incidents, points, all.columns[column], history_first, last, 3);
    const std::string expected = detail::figure_text(rec.incidents, choice.per_camera_count);
    const auto with_column = [&](std::uint32_t c) {
      std::vector<std::uint32_t> cols = solution.columns;
      cols[u] = c;
      return cols;
    };
    const double stay_alone = seen({solution.stay_columns[u]}, forecast);
    if (rec.moves) {
      const auto stay_cols = with_column(solution.stay_columns[u]);
      // On the expected figures' scale: the forecast's gain times the backtest's median ratio.
      const auto scale = [](const ForecastInterval& i) { return i.available() ? i.median_ratio : 1.0; };
      rec.gain_weight = (solution.seen - seen(stay_cols, forecast)) * scale(choice.per_camera);
      rec.gain_incidents = (seen(solution.columns, forecast_count) - seen(stay_cols, forecast_count)) * scale(choice.per_camera_count);
      rec.reason = "Moves " + fixed_text(rec.move_m, 0) + " m to " + there.label + ": expected to see " + expected +
                   " next period, " + amount(rec.gain_incidents) + " more than by staying" +
                   (stay_alone > 0 ? " (+" + pct((solution.seen - seen(stay_cols, forecast)) / stay_alone) + ")" : std::string()) +
                   ".";
    } else if (problem.units[u].must_stay) {
      rec.reason = "Stays: placed in " + detail::month_name(placement.placed) + ", under the " +
                   std::to_string(options.rules.min_stay_months) + "-month minimum stay. Expected to see " + expected + ".";
    } else {
      // The best single move for this unit alone, the others where they go.
      std::optional<std::uint32_t> best;
      double best_gain = 0;
      for (std::uint32_t c = 0; c < all.columns.size(); ++c) {
        const std::uint32_t s = all.columns[c].site;
        if (s == site_of_unit[u] || destination[s] == 0) continue;
        if (all.site_inside_obstacle.size() > s && all.site_inside_obstacle[s] != 0) continue;
        if (options.rules.max_move_m && std::hypot(report.sites[s].x - here.x, report.sites[s].y - here.y) > *options.rules.max_move_m) {
          continue;
        }
        bool taken = false;
        for (std::size_t v = 0; v < placements.size(); ++v) taken = taken || (v != u && all.columns[solution.columns[v]].site == s);
        if (taken) continue;
        const double g = seen(with_column(c), forecast) - solution.seen;
        if (g > best_gain) {
          best_gain = g;
          best = c;
        }
      }
      rec.reason = "Stays at " + here.label + ": expected to see " + expected + ".";
      if (!best) {
        rec.reason += " No free candidate site within reach would see more.";
      } else {
        const CameraSite& alt = report.sites[all.columns[*best].site];
        const std::string where = alt.label + " (" + fixed_text(std::hypot(alt.x - here.x, alt.y - here.y), 0) + " m)";
        const double relative = stay_alone > 0 ? best_gain / stay_alone : 0.0;
        if (best_gain <= solution.margin[u] + 1e-9) {
          rec.reason += " The best move, to " + where + ", would add " +
                        (stay_alone > 0 ? pct(relative) + " to what it sees" : amount(best_gain) + " to the weighted demand") +
                        "; a move must add " + pct(threshold) + ".";
        } else {
          rec.reason += " Moving to " + where + " would add " + (stay_alone > 0 ? pct(relative) : amount(best_gain)) +
                        ", but the rules" + (rule_names.empty() ? std::string() : " (" + rule_names + ")") +
                        " give the move to units that gain more.";
        }
      }
    }
    report.units.push_back(std::move(rec));
  }

  // The moves table.
  std::string csv =
      "unit,current_site,current_easting,current_northing,placed,recommendation,next_site,next_easting,next_northing,"
      "heading_deg,move_m,expected_incidents,incidents_low,incidents_high,expected_weight,weight_low,weight_high,"
      "gain_incidents,gain_weight,main_crime_types,reason\n";
  for (const auto& r : report.units) {
    csv += csv_cell(r.unit) + "," + csv_cell(r.current_site) + "," + fixed_text(r.current_x, 2) + "," + fixed_text(r.current_y, 2) +
           "," + format_month(r.placed) + "," + (r.moves ? "move" : "stay") + "," + csv_cell(r.next_site) + "," +
           fixed_text(r.next_x, 2) + "," + fixed_text(r.next_y, 2) + "," + (r.heading_deg ? fixed_text(*r.heading_deg, 1) : "") +
           "," + fixed_text(r.move_m, 1) + "," + fixed_text(r.incidents.expected, 2) + "," + fixed_text(r.incidents.low, 2) + "," +
           fixed_text(r.incidents.high, 2) + "," + fixed_text(r.weight.expected, 2) + "," + fixed_text(r.weight.low, 2) + "," +
           fixed_text(r.weight.high, 2) + "," + fixed_text(r.gain_incidents, 2) + "," + fixed_text(r.gain_weight, 2) + "," +
           csv_cell(r.main_types) + "," + csv_cell(r.reason) + "\n";
  }
  report.moves_csv = std::move(csv);
  report.demand_csv = demand_backtest_csv(choice);

  // Layers.
  const std::vector<std::pair<std::string, std::string>> metadata{
      {"period", format_month(report.period_first) + "/" + format_month(report.period_last)},
      {"demand_model", choice.model.id()},
      {"move_threshold", metadata_number(threshold)},
      {"method", solution.method},
      {"obstacles", scratch.obstacles}};
  report.moves = VectorLayer{"moves", GeometryKind::linestring, crs,
                             {{"unit", FieldType::string}, {"from_site", FieldType::string}, {"to_site", FieldType::string},
                              {"move_m", FieldType::real}, {"expected_incidents", FieldType::real},
                              {"incidents_low", FieldType::real}, {"incidents_high", FieldType::real},
                              {"gain_incidents", FieldType::real}},
                             {}, metadata};
  report.unit_sites = VectorLayer{"units", GeometryKind::point, crs,
                                  {{"unit", FieldType::string}, {"site", FieldType::string},
                                   {"recommendation", FieldType::string}, {"expected_incidents", FieldType::real},
                                   {"incidents_low", FieldType::real}, {"incidents_high", FieldType::real},
                                   {"main_crime_types", FieldType::string}, {"reason", FieldType::string}},
                                  {}, metadata};
  report.coverage = VectorLayer{"unit_coverage", GeometryKind::multipolygon, crs,
                                {{"kind", FieldType::string}, {"unit", FieldType::string}, {"site", FieldType::string},
                                 {"heading_deg", FieldType::real}, {"fov_deg", FieldType::real}, {"range_m", FieldType::real},
                                 {"area_m2", FieldType::real}},
                                {}, metadata};
  const auto view = [&](const std::string& kind, const FieldValue& unit, const CameraSite& site, const CoverageColumn& column) {
    const CameraModel& model = site.model ? *site.model : scene_opts.camera;
    const Visibility v = visibility_polygon(scene.obstacles, site.x, site.y, column.heading_deg, model, scene_opts.visibility);
    if (v.wkb.empty()) return;
    report.coverage.features.push_back(
        {v.wkb,
         {kind, unit, site.label, model.all_round() ? FieldValue(std::monostate{}) : FieldValue(column.heading_deg), model.fov_deg,
          model.range_m, v.area_m2}});
  };
  for (std::size_t u = 0; u < report.units.size(); ++u) {
    const auto& r = report.units[u];
    if (r.moves) {
      const std::pair<double, double> ends[2] = {{r.current_x, r.current_y}, {r.next_x, r.next_y}};
      report.moves.features.push_back({wkb_linestring(ends),
                                       {r.unit, r.current_site, r.next_site, r.move_m, r.incidents.expected, r.incidents.low,
                                        r.incidents.high, r.gain_incidents}});
    }
    report.unit_sites.features.push_back({wkb_point(r.next_x, r.next_y),
                                          {r.unit, r.next_site, std::string(r.moves ? "move" : "stay"), r.incidents.expected,
                                           r.incidents.low, r.incidents.high, r.main_types, r.reason}});
    const CoverageColumn& column = all.columns[solution.columns[u]];
    view(r.moves ? "moved" : "stays", r.unit, report.sites[column.site], column);
  }
  for (const auto& column : scene.existing_coverage.columns) {
    view("existing", std::monostate{}, scene.existing[column.site], column);
  }

  // Text and report section.
  const std::string period = detail::month_span(report.period_first, report.period_last);
  const std::string total = detail::figure_text(report.total_incidents, choice.total_count);
  const std::string stay_total = detail::figure_text(report.stay_incidents, choice.total_count);
  const int moves = solution.moves;
  std::string headline = std::to_string(placements.size()) + " units, " + period + ": " +
                         (moves == 0 ? std::string("every unit stays") : std::to_string(moves) + (moves == 1 ? " unit moves" : " units move")) +
                         ". Together they are expected to see " + total + " not already in view of the fixed cameras" +
                         (moves > 0 ? "; " + stay_total + " if all stayed." : ".");
  std::string text = "cctv next: " + headline + "\n";
  for (const auto& r : report.units) text += "  " + r.unit + " (" + r.current_site + "): " + r.reason + "\n";
  text += "cctv next: " + choice.summary + "\n";
  text += "cctv next: solved by " + solution.method + "\n";
  report.summary_text = std::move(text);

  report.section.heading = "Redeployable cameras: where the units go in " + period;
  report.section.paragraphs.push_back(headline);
  report.section.paragraphs.push_back(choice.summary);
  report.section.paragraphs.push_back(detail::interval_sentence(choice.per_camera_count, "each unit") + " " +
                                      detail::interval_sentence(choice.total_count, "all units together"));
  report.section.paragraphs.push_back(
      "A move is recommended only when it adds at least " + pct(threshold) +
      " to what the unit would see by staying (and to what the average unit sees), because moving a camera costs money and "
      "goodwill. Units placed less than " + std::to_string(options.rules.min_stay_months) + " months before the period stay." +
      (off_list > 0 ? " " + std::to_string(off_list) + (off_list == 1 ? " unit stands at a site" : " units stand at sites") +
                           " not on the candidate list." : std::string()));
  report::Table table;
  table.title = "The units next period";
  table.header = {"Unit", "Now at", "Recommendation", "Expected incidents seen", "Gain over staying", "Main crime types", "Why"};
  for (const auto& r : report.units) {
    table.rows.push_back({r.unit, r.current_site, r.moves ? "Move to " + r.next_site + " (" + fixed_text(r.move_m, 0) + " m)" : "Stay",
                          detail::figure_text(r.incidents, choice.per_camera_count),
                          r.moves ? amount(r.gain_incidents) : std::string("–"), r.main_types, r.reason});
  }
  report.section.tables.push_back(std::move(table));
  if (choice.backtested) {
    report::Table models;
    models.title = "Demand models compared (backtest)";
    models.header = {"Model", "Later demand seen", "Against plain counts", "Origins better / worse"};
    for (std::size_t k = 0; k < choice.scores.size(); ++k) {
      const auto& s = choice.scores[k];
      models.rows.push_back({s.model.label() + (k == choice.chosen ? " (used)" : ""), fixed_text(s.realised_seen, 1),
                             k == 0 ? std::string("–") : (s.vs_counts >= 0 ? "+" : "") + fixed_text(100 * s.vs_counts, 1) + "%",
                             std::to_string(s.origins_better) + " / " + std::to_string(s.origins_worse)});
    }
    report.section.tables.push_back(std::move(models));
  }
  // The first note is the summary, already in the text.
  if (choice.notes.size() > 1) report.notes.insert(report.notes.end(), choice.notes.begin() + 1, choice.notes.end());
  return report;
}

}  // namespace hotspot
