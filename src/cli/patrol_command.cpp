#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/line_reader.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/patrol/patrol_backtest.hpp"
#include "hotspot/patrol/patrol_planner.hpp"

namespace hotspot::cli {
namespace {

struct PatrolFlags {
  InputFlags input;
  patrol::PatrolOptions plan;
  std::string out_dir;
  std::string roads;
  std::string roads_layer;
  std::string roads_where;
  bool segments = false;
  bool drive = false;
  std::string last_month;
  std::string backtest_path;
  std::string gpkg_path;
  std::string shift_start = "18:00";
  double shift_hours = 8;
  PublishFlags publish;
  bool no_style = false;
};

/// "HH:MM" → minutes after midnight; CLI11 calls it while parsing.
int parse_clock(const std::string& text) {
  int h = -1;
  int m = -1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace

void register_patrol_command(CLI::App& app) {
  auto flags = std::make_shared<PatrolFlags>();
  auto* sub = app.add_subcommand(
      "patrol",
      "Plan hot-spot patrols: rank micro-places (grid cells or street segments) by stable harm, select the few "
      "holding a share of it, dose visits (Koper curve), split them among units and route each beat");
  add_input_options(*sub, flags->input);
  auto& o = flags->plan;
  const char* places = "Patrol places";
  sub->add_option("--cell-size", o.places.cell_size_m, "Grid cell size in metres (cells align to multiples of it)")
      ->check(CLI::Range(50.0, 150.0))->default_val(100)->group(places);
  sub->add_option("--roads", flags->roads, "Roads line layer (any OGR source): route along it")->check(CLI::ExistingPath)->group(places);
  sub->add_option("--roads-layer", flags->roads_layer, "Layer of the --roads source")->needs("--roads")->group(places);
  sub->add_option("--roads-where", flags->roads_where, "Attribute filter on the roads")->needs("--roads")->group(places);
  sub->add_flag("--segments", flags->segments, "Use street segments of the roads as places instead of grid cells")
      ->needs("--roads")->group(places);
  sub->add_option("--segment-length", o.places.segment_length_m, "Longest street segment in metres")
      ->check(CLI::Range(20.0, 500.0))->default_val(100)->group(places);
  sub->add_option("--snap-distance", o.places.snap_distance_m, "Farthest an incident may lie from its street segment (m)")
      ->check(CLI::Range(1.0, 500.0))->default_val(50)->group(places);
  sub->add_option("--window-months", o.places.window_months, "Months of incidents counted, ending at --last-month")
      ->check(CLI::Range(1, 120))->default_val(12)->group(places);
  sub->add_option("--last-month", flags->last_month, "Last month counted, YYYY-MM (default: the latest in the data)")
      ->check([](const std::string& s) { return parse_month(s) ? std::string() : "expected YYYY-MM"; })
      ->group(places);

  const char* sel = "Selection and dosage";
  auto* share = sub->add_option("--harm-share", o.selection.harm_share, "Select the fewest places holding this share of harm")
                    ->check(CLI::Range(0.001, 1.0))->default_val(0.25)->group(sel);
  sub->add_option("--places", o.selection.count, "Select this many top-ranked places instead")
      ->check(CLI::Range(1u, 100000u))->excludes(share)->group(sel);
  sub->add_option("--minutes-per-visit", o.dosage.minutes_per_visit, "Minutes per visit (Koper curve: 10-15)")
      ->check(CLI::Range(5.0, 60.0))->default_val(15)->group(sel);
  sub->add_option("--patrol-hours-per-week", o.dosage.patrol_hours_per_week,
                  "On-site patrol hours per week, all units together (caps the visits)")
      ->check(CLI::Range(0.25, 10000.0))->default_val(40)->group(sel);
  sub->add_option("--min-visits", o.dosage.min_visits, "Visits per week every selected place gets first")
      ->check(CLI::Range(0u, 50u))->default_val(1)->group(sel);

  const char* beats = "Beats, routes and schedule";
  sub->add_option("--units", o.beats.units, "Patrol units to split the places among")
      ->check(CLI::Range(1u, 100u))->default_val(1)->group(beats);
  sub->add_option("--balance-tolerance", o.beats.balance_tolerance, "Share a unit's workload may exceed the mean")
      ->check(CLI::Range(0.0, 2.0))->default_val(0.1)->group(beats);
  sub->add_option("--speed-kmh", o.speed_kmh, "Travel speed (default 5 walking, 25 with --drive)")
      ->check(CLI::Range(1.0, 130.0))->group(beats);
  sub->add_flag("--drive", flags->drive, "Units drive between places (25 km/h unless --speed-kmh)")->group(beats);
  sub->add_option("--seed", o.schedule.seed, "Seed of the randomised visit times")->default_val(20240601)->group(beats);
  sub->add_option("--shift-start", flags->shift_start, "Shift start, HH:MM")
      ->check([](const std::string& s) { return parse_clock(s) >= 0 ? std::string() : "expected HH:MM"; })
      ->default_val("18:00")->group(beats);
  sub->add_option("--shift-hours", flags->shift_hours, "Shift length in hours")
      ->check(CLI::Range(0.5, 24.0))->default_val(8)->group(beats);
  sub->add_option("--days", o.schedule.days, "Days a week the units patrol")->check(CLI::Range(1, 7))->default_val(7)->group(beats);

  sub->add_option("--out-dir", flags->out_dir, "Folder for patrol_areas.geojson, patrol_routes.geojson, briefing_unit_N.csv")
      ->required()->group("Output");
  sub->add_option("--gpkg", flags->gpkg_path, "Also write both layers into this GeoPackage (working CRS)")
      ->group("Output");
  sub->add_option("--backtest", flags->backtest_path,
                  "Also backtest the selection month by month (grid cells) against last month's counts; write CSV here")
      ->group("Output");

  add_publish_options(*sub, flags->publish);
  add_style_option(*sub, flags->no_style);
  sub->callback([flags, sub] {
    // Patrol dosage follows harm, so harm weighting is the default here unless --weight says otherwise.
    if (sub->count("--weight") == 0 && flags->input.prepare.read.weight_field.empty()) flags->input.weight = "harm";
    patrol::PatrolOptions options = flags->plan;
    if (flags->drive) {
      options.travel_mode = "driving";
      if (sub->count("--speed-kmh") == 0) options.speed_kmh = 25;
    }
    if (!flags->last_month.empty()) options.places.last_month = *parse_month(flags->last_month);
    options.schedule.shift_start_minute = parse_clock(flags->shift_start);
    options.schedule.shift_minutes = static_cast<int>(flags->shift_hours * 60);
    options.place_kind = flags->segments ? patrol::PlaceKind::street_segment : patrol::PlaceKind::grid_cell;

    const PreparedIncidents prepared = prepare_from_flags(flags->input);
    if (prepared.area) options.selection.study_area_m2 = prepared.area->area_m2();
    std::vector<Polyline> roads;
    if (!flags->roads.empty()) {
      roads = read_lines(LineSource{flags->roads, flags->roads_layer, flags->roads_where}, prepared.incidents.crs);
    }
    const patrol::PatrolPlan plan = plan_patrol(prepared.incidents, options, roads.empty() ? nullptr : &roads);

    const std::filesystem::path dir(flags->out_dir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::output, "patrol", "cannot create " + dir.string() + ": " + ec.message());
    if (flags->publish.publish) {
      // Only the patrol places leave the partnership: routes and briefings are operational
      // and would show places suppressed here (a high-harm place can hold one incident).
      const VectorLayer areas = publish_for_output(
          patrol::patrol_areas_layer(plan), privacy::patrol_area_rules(location_text_is_public(flags->input.prepare)),
          flags->publish);
      write_geojson_output(areas, dir / "patrol_areas.geojson", !flags->no_style);
      if (!flags->gpkg_path.empty()) write_geopackage_output({&areas}, flags->gpkg_path, !flags->no_style);
      std::fprintf(stderr, "hotspot: publish: patrol routes, briefings and the backtest are not written\n");
      return;
    }
    const VectorLayer areas = patrol::patrol_areas_layer(plan);
    const VectorLayer routes = patrol::patrol_routes_layer(plan);
    write_geojson_output(areas, dir / "patrol_areas.geojson", !flags->no_style);
    write_geojson_output(routes, dir / "patrol_routes.geojson", !flags->no_style);
    if (!flags->gpkg_path.empty()) write_geopackage_output({&areas, &routes}, flags->gpkg_path, !flags->no_style);
    for (const auto& route : plan.routes) {
      write_file_atomically(dir / ("briefing_unit_" + std::to_string(route.unit) + ".csv"),
                            patrol::briefing_csv(plan, route.unit));
    }
    const auto& s = plan.selection;
    std::printf("patrol places: %zu %s, window %s to %s, total harm %.1f\n", plan.places.places.size(),
                plan.places.kind == patrol::PlaceKind::grid_cell ? "grid cells" : "street segments",
                format_month(plan.places.first_month).c_str(), format_month(plan.places.last_month).c_str(),
                plan.places.total_harm);
    std::printf("selected %zu places holding %.1f%% of harm in %.3g%% of the %s (concentration %.1f)\n",
                plan.selected.size(), 100 * s.harm_share, 100 * s.area_share,
                plan.places.kind == patrol::PlaceKind::street_segment ? "road length"
                : options.selection.study_area_m2 > 0                 ? "study area"
                                                                      : "cells' bounding box",
                s.concentration);
    std::printf("visits per week: %u of %g minutes (%g patrol hours)\n", plan.dosage.allocated_visits,
                options.dosage.minutes_per_visit, options.dosage.patrol_hours_per_week);
    for (const auto& r : plan.routes) {
      std::printf("unit %u: %zu places, lap %.0f m (%.0f min %s, %s)\n", r.unit, r.stops.size(), r.length_m,
                  r.travel_minutes, options.travel_mode.c_str(),
                  plan.routed_on_roads ? "along roads" : "straight line");
    }
    if (!flags->backtest_path.empty()) {
      patrol::BacktestOptions backtest;
      backtest.places = options.places;
      backtest.places.last_month = kNoMonth;
      backtest.selection = options.selection;
      const patrol::BacktestResult result = patrol::backtest_patrol(prepared.incidents, backtest);
      write_file_atomically(flags->backtest_path, patrol::backtest_csv(result));
      std::printf("backtest over %zu months: next month's harm in the patrol places %.1f%% (pooled %.1f%%), "
                  "previous-month-counts baseline %.1f%% (pooled %.1f%%)\n",
                  result.months.size(), 100 * result.mean_share, 100 * result.pooled_share,
                  100 * result.mean_baseline_share, 100 * result.pooled_baseline_share);
    }
    if (!plan.time_of_day_known) std::printf("time of day is unknown in police.uk data: seasonality only\n");
    for (const auto& note : plan.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
  });
}

}  // namespace hotspot::cli
