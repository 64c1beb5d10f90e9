// `hotspot plan`: the steps' own declarations, adopted under the plan's names.
#include <cstdio>
#include <string>

#include "hotspot/commands/evaluate.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/plan/plan.hpp"

namespace hotspot::plan {
namespace {

struct PlanCommand {
  PlanOptions plan = default_plan_options();
  PlanOptions::Context context;
  bool quiet = false;
  bool count_plans = false;  // old flag: plans now always weigh as the maps do
};

void declare_plan_command(step::Declarer& d, PlanCommand& c) {
  PlanOptions& o = c.plan;
  step::declare_input(d, o.input);

  d.group("Output");
  d.custom("out", step::ValueKind::text, "", [&o](const std::string& v) { o.out_dir = v; },
           "Folder for every output (replaced as a whole by the new outputs; required)")
      .short_name('o')
      .required()
      .deprecated("out-dir")
      .role(step::Role::output_folder);
  // The context layer: the plan's first context entry once a path is given (see run).
  d.custom("context", step::ValueKind::text, "", [&c](const std::string& v) { c.context.source.path = v; },
           "A reference layer drawn under the maps (districts, wards): any OGR source")
      .role(step::Role::layer);
  d.custom("context-layer", step::ValueKind::text, "", [&c](const std::string& v) { c.context.source.layer = v; },
           "Layer of --context")
      .needs("context");
  d.custom("context-where", step::ValueKind::text, "", [&c](const std::string& v) { c.context.source.where = v; },
           "Attribute filter on --context")
      .needs("context");
  d.text("context-label", c.context.label_field, "Field of --context naming each feature").needs("context");
  d.text("title", o.title, "Title of the report and project (default: from the study area)");
  step::declare_quiet(d, c.quiet, "No progress and no summary");
  d.text("tile-url", o.tile_url,
         "Basemap tiles for the report when read online, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: "
         "none; the report then fetches nothing)");
  d.text("tile-attribution", o.tile_attribution, "Attribution of --tile-url, shown on the map").needs("tile-url");
  d.negated_flag("no-style", o.styled,
                 "Do not write QGIS styles (layer_styles in GeoPackages, a .qml beside each GeoJSON or GeoTIFF)");
  step::declare_publish(d, o.publish);

  // Maps: the density step's own options (with the plan's overrides as their defaults), and
  // Gi*'s cell under the step's prefix.
  {
    step::Declarer density("plan");
    commands::declare_density(density, o.density);
    d.adopt(density, "density", {{"cell"}, {"bandwidth"}, {"cv-max"}, {"kernel"}, {"levels"}, {"mean-multiples"}}, "Maps");
    d.find("cell")->override_of_default("25 m: micro-places, and fine enough for snap points (docs/plan.md)");
    d.find("bandwidth")->override_of_default("cv: chosen by how well it predicts held-out months (docs/plan.md)");
    d.find("cv-max")->override_of_default("1500 m: a district's hotspots, not its towns (docs/plan.md)");
    d.find("levels")->override_of_default("0.1,0.5,1: a few town-centre streets at the top level (docs/plan.md)");
    step::Declarer gistar("plan");
    commands::declare_gistar(gistar, o.gistar);
    d.adopt(gistar, "gistar", {{"cell", "gistar-cell"}}, "Maps");
  }
  // Cameras: the cctv step's options, its demand model among them.
  {
    step::Declarer cctv("plan");
    commands::declare_cctv(cctv, o.cctv);
    d.adopt(cctv, "cctv",
            {{"cameras"}, {"range"}, {"fov"}, {"headings"}, {"min-separation"}, {"spacing"}, {"candidates"},
             {"candidates-layer"}, {"candidates-where"}, {"site-name-field"}, {"existing"}, {"existing-layer"},
             {"existing-where"}, {"buildings"}, {"buildings-layer"}},
            "Cameras");
    d.adopt(cctv, "cctv",
            {{"demand"}, {"demand-half-life"}, {"demand-bandwidth"}, {"demand-history"}, {"demand-horizon"},
             {"interval-level"}, {"min-origins"}},
            "Demand");
  }
  // The track record: the evaluation of past camera placements from a deployments log.
  {
    step::Declarer evaluate("plan");
    commands::declare_evaluate(evaluate, o.evaluate);
    d.adopt(evaluate, "evaluate",
            {{"deployments"}, {"deployments-layer"}, {"deployments-where"}, {"site-radius"}, {"buffer"},
             {"before-months"}, {"after-months"}, {"start-field"}, {"end-field"}},
            "Evaluation of past placements");
    for (const char* name : {"site-radius", "buffer", "before-months", "after-months", "start-field", "end-field"}) {
      d.find(name)->needs("deployments");
    }
  }
  // Patrols: the patrol step's options; the roads serve patrols, cameras and the maps.
  {
    step::Declarer patrol("plan");
    commands::declare_patrol(patrol, o.patrol);
    d.adopt(patrol, "patrol", {{"units"}, {"harm-share"}, {"patrol-hours-per-week"}, {"minutes-per-visit"}, {"window-months"}},
            "Patrols");
  }
  d.group("Patrols");
  step::declare_layer(d, "roads", o.roads, "Roads (OGR lines): patrol routes along them, camera candidates on them");
  d.flag("count-plans", c.count_plans, "Old flag, no longer needed: cameras and patrols weigh incidents as --weight says")
      .hidden();
  d.group("Report");
  d.custom("basemap", step::ValueKind::texts, "", [&o](const std::string& v) { o.basemap.push_back(AreaSource{v, "", ""}); },
           "Your own map layer (roads, buildings, OS OpenMap Local, OSM in a GeoPackage) drawn in grey under the "
           "report's map, so it has streets offline; repeatable")
      .no_split()
      .role(step::Role::layer);
  d.custom("basemap-layer", step::ValueKind::text, "",
           [&o](const std::string& v) {
             if (o.basemap.empty()) throw Error(ErrorCode::usage, "plan", "--basemap-layer needs --basemap first");
             o.basemap.back().layer = v;
           },
           "Layer of the --basemap given just before it")
      .needs("basemap");
  step::declare_layer(d, "named-places", o.places,
                      "Named places (shops, pubs, car parks): the camera table names the nearest within 150 m", false);
  d.text("named-places-field", o.places_field, "Field of --named-places naming each place").needs("named-places");
  d.flag("png", o.png,
         "Also write png/map.png and png/<chart>.png for Word or PDF papers (needs Debian's chromium)");
  d.group("Maps");
  d.integer("threads", o.threads, "Threads (0: all cores); never changes the outputs").at_least(0);
}

void run_plan_command(const PlanCommand& c, const step::Declarer& d, step::Messages& messages) {
  PlanOptions options = c.plan;
  if (!c.context.source.path.empty()) {
    PlanOptions::Context context = c.context;
    context.name = "context";
    options.context.push_back(context);
  }
  if (d.given("count-plans")) {
    messages.note("--count-plans is no longer needed: cameras and patrols weigh incidents as --weight (or --focus) says");
  }
  step::QuietMessages shown(messages, c.quiet);
  const PlanResult result = run_plan(options, shown);
  if (!c.quiet) {
    for (const auto& note : result.notes) messages.note(note);
    messages.print(result.summary_text);
    messages.print("\nwrote " + std::to_string(result.files.size()) + " files to " + options.out_dir.string() + "\n");
  }
}

}  // namespace

step::CommandSpec plan_command() {
  return step::make_command<PlanCommand>(
      "plan",
      "The whole job for a study area: profile, density (bandwidth by temporal cross-validation), hotspot polygons, Gi*, "
      "emerging trends, CCTV sites, patrol plan and backtest, written to one folder",
      {{"report.html", step::OutputKind::report, "report.html", "the report for the partnership and committee", true},
       {"plan.gpkg", step::OutputKind::vector, "plan.gpkg", "every layer, styled for QGIS", true},
       {"plan.qgs", step::OutputKind::project, "plan.qgs", "a QGIS project opening every layer, styled", true},
       {"density.tif", step::OutputKind::raster, "density.tif", "the density surface", true},
       {"hotspots", step::OutputKind::vector, "hotspots.geojson", "hotspot polygons", true},
       {"gistar", step::OutputKind::vector, "gistar.geojson", "Gi* hot and cold cells", true},
       {"emerging_hot_spots", step::OutputKind::vector, "emerging_hot_spots.geojson", "emerging hot spots", true},
       {"cameras", step::OutputKind::vector, "cameras.geojson", "recommended camera sites", true},
       {"coverage", step::OutputKind::vector, "coverage.geojson", "what each camera sees", true},
       {"patrol_areas", step::OutputKind::vector, "patrol_areas.geojson", "places to patrol", true},
       {"patrol_routes", step::OutputKind::vector, "patrol_routes.geojson", "each unit's route", false},
       {"cctv_summary.csv", step::OutputKind::table, "cctv_summary.csv", "ranked camera sites with reasons", false},
       {"briefing_unit_N.csv", step::OutputKind::table, "briefing_unit_N.csv", "each patrol unit's briefing", false},
       {"backtest.md", step::OutputKind::text, "backtest.md", "which map predicts best here", false},
       {"summary.txt", step::OutputKind::text, "summary.txt", "the plain-English summary", true}},
      declare_plan_command, run_plan_command);
}

}  // namespace hotspot::plan
