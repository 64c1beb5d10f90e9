#include "hotspot/commands/next_moves.hpp"

#include <charconv>

#include "hotspot/core/error.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "cctv next";

}  // namespace

CctvStepOptions agreed_sites_scene() {
  CctvStepOptions scene;
  scene.cctv.candidates.spacing_m = 0;
  return scene;
}

void declare_next(step::Declarer& d, NextStepOptions& options) {
  NextMovesOptions& n = options.next;
  d.group("Units");
  d.text("unit-sites", n.units.path,
         "CSV or OGR layer of the redeployable units and where each stands now: id, site, date placed; the location is the "
         "geometry, longitude/latitude or easting/northing fields, or the candidate site of that name")
      .required()
      .role(step::Role::layer);
  d.text("unit-sites-layer", n.units.layer, "Layer of --unit-sites").needs("unit-sites");
  d.text("unit-field", n.unit_fields.unit, "Field of --unit-sites with each unit's id (unique)").needs("unit-sites");
  d.text("unit-site-field", n.unit_fields.site,
         "Field of --unit-sites with the name of the site each unit stands at (a candidate's name, or any name with a "
         "location)")
      .needs("unit-sites");
  d.text("placed-field", n.unit_fields.placed,
         "Field of --unit-sites with the month each unit was placed (YYYY-MM or a date)")
      .needs("unit-sites");
  step::declare_layer(d, "deployments", n.deployments,
                      "Deployments log (CSV or OGR layer: site, installed, removed; empty removed: still there), for the "
                      "no-return rule");

  declare_scene(d, options.scene, false);
  d.find("spacing")->override_of_default("0: the units move between the agreed candidate sites (docs/cctv.md)");
  declare_demand(d, options.scene.demand, true, false);
  d.find("demand")->override_of_default("auto without history: the units are placed for the coming months");

  d.group("Moves");
  declare_period(d, n.period_months);
  d.integer("min-stay", n.rules.min_stay_months, "A unit placed fewer months than this before the period stays (0: none)")
      .range(0, 120)
      .unit("months");
  d.integer("no-return", n.rules.no_return_months,
            "No move to a site a camera left (deployments log) or leaves now within this many months (0: none)")
      .range(0, 120)
      .unit("months");
  d.custom("max-moves", step::ValueKind::integer, "",
           [&n](const std::string& v) {
             int moves = -1;
             const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), moves);
             if (v.empty() || ec != std::errc() || end != v.data() + v.size() || moves < 0) {
               throw Error(ErrorCode::usage, kStage, "--max-moves \"" + v + "\" is not a whole number of 0 or more");
             }
             n.rules.max_moves = moves;
           },
           "At most this many units move this period (default: any number)");
  d.number("max-move-distance", n.rules.max_move_m, "A unit moves at most this far (default: anywhere)").at_least(0).unit("m");
  d.number("move-threshold", n.rules.move_threshold,
           "A move must add this share of what the unit (or the average unit) would see by staying; 0.2: 20%")
      .range(0, 10);
  d.number("same-site", n.same_site_m,
           "A unit or deployment located within this distance of a candidate site stands at that site")
      .at_least(0)
      .unit("m");
  declare_solver(d, options.scene.cctv.planner, options.scene.cctv.threads);
}

ResolvedNext resolve_next(const NextStepOptions& in) {
  if (in.scene.demand.setting == DemandSetting::history) {
    throw Error(ErrorCode::usage, kStage, "the units' next moves need a forecast of the coming period: choose a demand model");
  }
  CctvStepOptions scene = in.scene;
  scene.demand.model.horizon_months = in.next.period_months;  // the forecast is for the coming period
  ResolvedNext out{resolve_cctv(scene), in.next};
  if (!out.scene.demand_model) {
    throw Error(ErrorCode::usage, kStage, "planning the units' next moves needs dated incidents; a demand raster has no months");
  }
  out.next.demand = *out.scene.demand_model;
  out.scene.demand_model.reset();
  // One separation, one --exact and one time limit for every camera command.
  out.next.rules.min_separation_m = out.scene.planner.min_separation_m;
  out.next.exact = out.scene.planner.exact;
  out.next.time_limit_s = out.scene.planner.time_limit_s;
  return out;
}

NextMovesReport run_next_moves(const PreparedIncidents& prepared, const NextStepOptions& options, step::OutputSink& sink) {
  const ResolvedNext resolved = resolve_next(options);
  NextMovesReport report = plan_next_moves(prepared, resolved.scene, resolved.next);
  constexpr const char* kPlaces = "it places the redeployable cameras";
  sink.layer(report.moves, std::nullopt, kPlaces);
  sink.layer(report.unit_sites, std::nullopt, kPlaces);
  sink.layer(report.coverage, std::nullopt, kPlaces);
  sink.file("moves.csv", report.moves_csv, kPlaces);
  sink.file("demand_backtest.csv", report.demand_csv, "unchecked counts seen by the backtest's cameras");
  step::Messages& messages = sink.messages();
  for (const auto& note : report.notes) messages.note(note);
  messages.print(report.summary_text);
  return report;
}

namespace {

void check_next_command(const step::FolderCommand<NextStepOptions>& c, const step::Declarer& d, step::Messages&) {
  require_within_for_spacing(d, c.options.scene.cctv.candidates.spacing_m, c.input, kStage);
}

}  // namespace

step::CommandSpec next_command() {
  return step::folder_command<NextStepOptions>(
      "cctv next",
      "Where the redeployable cameras go next period: stay or move to an agreed site, under a minimum stay, no return, "
      "at most K moves, a maximum distance and a separation, on the demand model a backtest chooses, with intervals",
      {{"moves", step::OutputKind::vector, "moves.geojson", "an arrow from each moving unit's site to its next one", false},
       {"units", step::OutputKind::vector, "units.geojson", "every unit where it stands next period, with the reason", false},
       {"unit_coverage", step::OutputKind::vector, "unit_coverage.geojson",
        "the units' views next period and the fixed network's", false},
       {"moves.csv", step::OutputKind::table, "moves.csv",
        "per unit: stay or move, expected incidents seen with the interval, gain over staying, crime types, reason", false},
       {"demand_backtest.csv", step::OutputKind::table, "demand_backtest.csv",
        "the demand models' backtest, origin by origin", false},
       {"moves.gpkg", step::OutputKind::vector, "moves.gpkg", "the layers, styled for QGIS", false}},
      {.declare = declare_next,
       .run = [](const PreparedIncidents& p, const NextStepOptions& o, step::OutputSink& s) { (void)run_next_moves(p, o, s); },
       .output = {"Folder for moves.csv, moves.geojson, units.geojson, unit_coverage.geojson, demand_backtest.csv, moves.gpkg",
                  "Do not print the summary", false},
       .geopackage = "moves.gpkg",
       .without_input = "give the incident files to plan for",
       .check = check_next_command,
       .prepare = {}});
}

}  // namespace hotspot::commands
