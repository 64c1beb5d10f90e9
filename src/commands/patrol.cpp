#include "hotspot/commands/patrol.hpp"

#include "hotspot/core/numbers.hpp"

#include <cstdio>
#include <filesystem>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/line_reader.hpp"
#include "hotspot/patrol/patrol_backtest.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "patrol";

/// "HH:MM" → minutes after midnight; -1 when it is not a clock time.
int parse_clock(const std::string& text) {
  int h = -1;
  int m = -1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

std::string clock_text(int minute) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return text;
}

}  // namespace

void declare_patrol(step::Declarer& d, PatrolStepOptions& options) {
  patrol::PatrolOptions& o = options.patrol;
  d.group("Patrol places");
  d.number("cell", o.places.cell_size_m, "Grid cell size in metres (cells align to multiples of it)")
      .range(50, 150)
      .unit("m")
      .deprecated("cell-size")
      .override_of_default("100 m: patrol places are street-block cells of 50 to 150 m");
  step::declare_layer(d, "roads", options.roads, "Roads line layer (any OGR source): route along it");
  d.flag("segments", options.segments, "Use street segments of the roads as places instead of grid cells").needs("roads");
  d.number("segment-length", o.places.segment_length_m, "Longest street segment in metres").range(20, 500).unit("m");
  d.number("snap-distance", o.places.snap_distance_m, "Farthest an incident may lie from its street segment (m)")
      .range(1, 500)
      .unit("m");
  d.integer("window-months", o.places.window_months, "Months of incidents counted, ending at --last-month").range(1, 120);
  d.custom("last-month", step::ValueKind::text, "",
           [&o](const std::string& v) {
             const auto m = parse_month(v);
             if (!m) throw Error(ErrorCode::usage, kStage, "--last-month \"" + v + "\": expected YYYY-MM");
             o.places.last_month = *m;
           },
           "Last month counted, YYYY-MM (default: the latest in the data)");

  d.group("Selection and dosage");
  d.number("harm-share", o.selection.harm_share, "Select the fewest places holding this share of harm")
      .range(0.001, 1)
      .excludes("places");
  d.integer("places", o.selection.count, "Select this many top-ranked places instead (0: by --harm-share)")
      .range(0, 100000);
  d.number("minutes-per-visit", o.dosage.minutes_per_visit, "Minutes per visit (Koper curve: 10-15)").range(5, 60);
  d.number("patrol-hours-per-week", o.dosage.patrol_hours_per_week,
           "On-site patrol hours per week, all units together (caps the visits)")
      .range(0.25, 10000);
  d.integer("min-visits", o.dosage.min_visits, "Visits per week every selected place gets first").range(0, 50);

  d.group("Beats, routes and schedule");
  d.integer("units", o.beats.units, "Patrol units to split the places among").range(1, 100);
  d.number("balance-tolerance", o.beats.balance_tolerance, "Share a unit's workload may exceed the mean").range(0, 2);
  d.number("speed-kmh", options.speed_kmh, "Travel speed (default 5 walking, 25 with --drive)").range(1, 130);
  d.flag("drive", options.drive, "Units drive between places (25 km/h unless --speed-kmh)");
  d.integer("seed", o.schedule.seed, "Seed of the randomised visit times");
  d.custom("shift-start", step::ValueKind::text, clock_text(o.schedule.shift_start_minute),
           [&o](const std::string& v) {
             const int minute = parse_clock(v);
             if (minute < 0) throw Error(ErrorCode::usage, kStage, "--shift-start \"" + v + "\": expected HH:MM");
             o.schedule.shift_start_minute = minute;
           },
           "Shift start, HH:MM");
  d.custom("shift-hours", step::ValueKind::number, step::number_text(o.schedule.shift_minutes / 60.0),
           [&o](const std::string& v) {
             double hours = 0;
             try {
               std::size_t used = 0;
               hours = std::stod(v, &used);
               if (used != v.size() || !(hours >= 0.5 && hours <= 24)) throw std::invalid_argument(v);
             } catch (const std::exception&) {
               throw Error(ErrorCode::usage, kStage, "--shift-hours \"" + v + "\": expected hours from 0.5 to 24");
             }
             o.schedule.shift_minutes = static_cast<int>(hours * 60);
           },
           "Shift length in hours");
  d.integer("days", o.schedule.days, "Days a week the units patrol").range(1, 7);
}

patrol::PatrolPlan run_patrol(const PreparedIncidents& prepared, const PatrolStepOptions& in, step::OutputSink& sink) {
  patrol::PatrolOptions options = in.patrol;
  if (in.drive) options.travel_mode = "driving";
  if (in.speed_kmh) {
    options.speed_kmh = *in.speed_kmh;
  } else if (in.drive) {
    options.speed_kmh = 25;
  }
  if (in.segments && !in.roads) throw Error(ErrorCode::usage, kStage, "street segments need roads");
  options.place_kind = in.segments ? patrol::PlaceKind::street_segment : patrol::PlaceKind::grid_cell;
  if (prepared.area) options.selection.study_area_m2 = prepared.area->area_m2();
  std::vector<Polyline> roads;
  if (in.roads) roads = read_lines(LineSource{in.roads->path, in.roads->layer, in.roads->where}, prepared.incidents.crs);
  patrol::PatrolPlan plan = plan_patrol(prepared.incidents, options, roads.empty() ? nullptr : &roads);

  // Only the patrol places leave the partnership: routes and briefings are operational and
  // would show places suppressed from the areas (a high-harm place can hold one incident).
  const char* operational = "operational; they visit places suppressed from patrol_areas";
  sink.layer(patrol::patrol_areas_layer(plan), privacy::patrol_area_rules(privacy::location_text_is_public(prepared.options)));
  sink.layer(patrol::patrol_routes_layer(plan), std::nullopt, operational);
  for (const auto& route : plan.routes) {
    sink.file("briefing_unit_" + std::to_string(route.unit) + ".csv", patrol::briefing_csv(plan, route.unit), operational);
  }
  step::Messages& messages = sink.messages();
  if (sink.publish().enabled) {
    messages.status("publish: patrol routes, briefings and the backtest are not written");
    for (const auto& note : plan.notes) messages.note(note);
    return plan;
  }
  const auto& s = plan.selection;
  std::string text;
  text += format("patrol places: %zu %s, window %s to %s, total harm %.1f\n", plan.places.places.size(),
                 plan.places.kind == patrol::PlaceKind::grid_cell ? "grid cells" : "street segments",
                 format_month(plan.places.first_month).c_str(), format_month(plan.places.last_month).c_str(),
                 plan.places.total_harm);
  text += format("selected %zu places holding %.1f%% of harm in %.3g%% of the %s (concentration %.1f)\n",
                 plan.selected.size(), 100 * s.harm_share, 100 * s.area_share,
                 plan.places.kind == patrol::PlaceKind::street_segment ? "road length"
                 : options.selection.study_area_m2 > 0                 ? "study area"
                                                                       : "cells' bounding box",
                 s.concentration);
  text += format("visits per week: %u of %g minutes (%g patrol hours)\n", plan.dosage.allocated_visits,
                 options.dosage.minutes_per_visit, options.dosage.patrol_hours_per_week);
  for (const auto& r : plan.routes) {
    text += format("unit %u: %zu places, lap %.0f m (%.0f min %s, %s)\n", r.unit, r.stops.size(), r.length_m,
                   r.travel_minutes, options.travel_mode.c_str(), plan.routed_on_roads ? "along roads" : "straight line");
  }
  if (in.backtest) {
    patrol::BacktestOptions backtest;
    backtest.places = options.places;
    backtest.places.last_month = kNoMonth;
    backtest.selection = options.selection;
    const patrol::BacktestResult result = patrol::backtest_patrol(prepared.incidents, backtest);
    sink.file("patrol_backtest.csv", patrol::backtest_csv(result), "unchecked weights per month");
    const char* weighed = prepared.options.weight == WeightMode::harm    ? "harm"
                          : prepared.options.weight == WeightMode::field ? "weight"
                                                                         : "incidents";
    text += format("backtest over %zu months: next month's %s in the patrol places %.1f%% (pooled %.1f%%), "
                   "previous-month-counts baseline %.1f%% (pooled %.1f%%)\n",
                   result.months.size(), weighed, 100 * result.mean_share, 100 * result.pooled_share,
                   100 * result.mean_baseline_share, 100 * result.pooled_baseline_share);
  }
  if (!plan.time_of_day_known) text += "time of day is unknown in police.uk data: seasonality only\n";
  messages.print(text);
  for (const auto& note : plan.notes) messages.note(note);
  return plan;
}

namespace {

struct PatrolCommand {
  PatrolCommand() { input.prepare.weight = WeightMode::harm; }
  step::InputSettings input;
  PatrolStepOptions patrol;
  std::string out, gpkg, backtest;
  bool no_style = false;
  step::PublishSettings publish;
};

void declare_patrol_command(step::Declarer& d, PatrolCommand& c) {
  step::declare_input(d, c.input);
  d.find("weight")->override_of_default("harm: patrol places are chosen and dosed by harm");
  declare_patrol(d, c.patrol);
  d.group("Output");
  d.text("out", c.out, "Folder for patrol_areas.geojson, patrol_routes.geojson, briefing_unit_N.csv")
      .short_name('o')
      .required()
      .deprecated("out-dir")
      .role(step::Role::output_folder);
  d.text("gpkg", c.gpkg, "Also write both layers into this GeoPackage (working CRS)").role(step::Role::output_vector);
  d.text("backtest", c.backtest,
         "Also backtest the selection month by month (grid cells) against last month's counts; write CSV here")
      .role(step::Role::output_file);
  step::declare_publish(d, c.publish);
  step::declare_no_style(d, c.no_style);
}

void run_patrol_command(const PatrolCommand& c, const step::Declarer&, step::Messages& messages) {
  PatrolStepOptions options = c.patrol;
  options.backtest = !c.backtest.empty();
  step::SinkLayout layout;
  layout.folder = c.out;
  layout.paths["patrol_backtest.csv"] = c.backtest.empty() ? std::filesystem::path() : std::filesystem::absolute(c.backtest);
  if (!c.gpkg.empty()) layout.geopackage = std::filesystem::absolute(c.gpkg);
  step::FileSink sink("patrol", layout, c.publish, !c.no_style, messages);
  const PreparedIncidents prepared = step::prepare_input(c.input, messages);
  (void)run_patrol(prepared, options, sink);
  sink.commit();
}

}  // namespace

step::CommandSpec patrol_command() {
  return step::make_command<PatrolCommand>(
      "patrol",
      "Plan hot-spot patrols: rank micro-places (grid cells or street segments) by stable harm, select the few holding a "
      "share of it, dose visits (Koper curve), split them among units and route each beat",
      {{"patrol_areas", step::OutputKind::vector, "patrol_areas.geojson", "the places to patrol, ranked, with visits", true},
       {"patrol_routes", step::OutputKind::vector, "patrol_routes.geojson", "each unit's route", false},
       {"briefing_unit_N.csv", step::OutputKind::table, "briefing_unit_N.csv",
        "each unit's places, visits, peak times and order", false},
       {"patrol_backtest.csv", step::OutputKind::table, "patrol_backtest.csv", "the selection scored month by month",
        false}},
      declare_patrol_command, run_patrol_command);
}

}  // namespace hotspot::commands
