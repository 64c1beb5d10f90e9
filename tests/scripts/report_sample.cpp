// Builds HTML reports for tests/scripts/check_html_report.py from the bundled sample, through
// the library's own calls, and writes the number of features each map layer must show.
//
//   report_sample SAMPLE_DIR OUT_DIR
//
// OUT_DIR/sample_report.html + sample_report.expected.json: Welwyn Hatfield 2018 (police.uk):
//   Gi* hot and cold cells, five CCTV sites with their coverage, a three-unit patrol plan,
//   charts of months by crime type, the concentration curve and camera coverage.
// OUT_DIR/hostile_report.html + hostile_report.expected.json: the same kinds of content made
//   of hostile strings (`</script><img src=x onerror=alert(1)>` as a Location and elsewhere).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotspot/plan/plan_report.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/patrol/patrol_planner.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/report/html_report.hpp"
#include "hotspot/significance/cell_grid.hpp"
#include "hotspot/significance/getis_ord.hpp"

namespace {

using namespace hotspot;
using hotspot::report::Chart;
using hotspot::report::ChartKind;
using hotspot::report::MapLayer;
using hotspot::report::Report;

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", 100.0 * share);
  return text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::input, "report_sample", "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The district boundary as the map's context, straight from the sample's WGS84 GeoJSON.
std::string district_geojson(const std::string& path, const std::string& name) {
  auto all = nlohmann::json::parse(read_text(path));
  auto kept = nlohmann::json::array();
  for (auto& f : all["features"]) {
    if (f["properties"].value("lad17nm", "") == name) kept.push_back(f);
  }
  return nlohmann::json({{"type", "FeatureCollection"}, {"features", kept}}).dump();
}

VectorLayer gistar_cells(const PreparedIncidents& prepared) {
  using namespace significance;
  const Incidents& in = prepared.incidents;
  CellGridOptions grid_options;
  grid_options.cell_size = 250;
  CellValues cells = aggregate_to_cells(in.x, in.y, in.weight, grid_options);
  const CellGrid& grid = cells.grid;
  cells.mask.assign(grid.size(), 0);
  for (std::int32_t r = 0; r < grid.rows; ++r) {
    for (std::int32_t c = 0; c < grid.columns; ++c) {
      const auto [x, y] = grid.centre(c, r);
      cells.mask[static_cast<std::size_t>(r) * grid.columns + c] = prepared.area->contains(x, y) ? 1 : 0;
    }
  }
  GiStarOptions options;
  options.band = 760;  // three cells and a bit: not an exact distance between centres
  const GiStarResult result = getis_ord_gi_star(cells, options);
  VectorLayer layer;
  layer.name = "gistar";
  layer.geometry = GeometryKind::polygon;
  layer.crs = prepared.crs.definition;
  layer.fields = {{"value", FieldType::real}, {"gi_z", FieldType::real}, {"gi_bin", FieldType::integer}};
  for (std::int32_t row = 0; row < grid.rows; ++row) {
    for (std::int32_t col = 0; col < grid.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row) * grid.columns + col;
      if (!cells.in_study_area(i) || result.bin[i] == 0) continue;
      const std::vector<std::vector<std::pair<double, double>>> rings{grid.outline(col, row)};
      layer.features.push_back({wkb_polygon(rings), {cells.value[i], result.z[i], std::int64_t{result.bin[i]}}});
    }
  }
  return layer;
}

// The charts are the plan report's own (include/hotspot/plan/plan_report.hpp).
using hotspot::plan::camera_chart;
using hotspot::plan::concentration_chart;
using hotspot::plan::monthly_chart;

void write_expected(const std::string& path, const Report& report) {
  nlohmann::json expected = nlohmann::json::object();
  for (const auto& layer : report.layers) {
    expected[layer.name] = layer.layer != nullptr ? layer.layer->features.size()
                                                  : nlohmann::json::parse(layer.geojson)["features"].size();
  }
  write_file_atomically(path, expected.dump(2) + "\n");
}

void sample_report(const std::string& sample, const std::string& out) {
  const std::string districts = sample + "/boundaries/herts_districts.geojson";
  PrepareOptions prepare;
  prepare.read.inputs = {sample + "/police_uk"};
  prepare.filter.within = AreaSource{districts, "", "lad17nm = 'Welwyn Hatfield'"};
  prepare.weight = WeightMode::harm;
  const PreparedIncidents prepared = prepare_incidents(prepare);

  const VectorLayer cells = gistar_cells(prepared);

  CctvOptions cctv;
  cctv.camera.range_m = 60;
  cctv.camera.fov_deg = 360;
  cctv.candidates.spacing_m = 150;
  cctv.planner.cameras = 5;
  cctv.planner.min_separation_m = 200;
  const CctvReport cameras = plan_cctv(prepared, cctv);

  patrol::PatrolOptions patrol_options;
  patrol_options.beats.units = 3;
  const patrol::PatrolPlan plan = patrol::plan_patrol(prepared.incidents, patrol_options);
  const VectorLayer areas = patrol::patrol_areas_layer(plan);
  const VectorLayer routes = patrol::patrol_routes_layer(plan);

  Report r;
  r.title = "Welwyn Hatfield: hot spots, CCTV sites and patrols";
  r.subtitle = "police.uk street-level crime and anti-social behaviour, January to December 2018 (bundled sample)";
  r.summary = {
      "These " + std::to_string(cameras.cameras.features.size()) + " camera sites would have seen " +
          percent(cameras.plan.total_primary / cameras.plan.total_demand) + " of harm-weighted incidents in 2018.",
      std::to_string(cells.features.size()) + " grid cells of 250 m are statistically significant hot or cold spots (Getis-Ord Gi*, 90% or more).",
      std::to_string(areas.features.size()) + " patrol places are shared among 3 units.",
  };

  MapLayer area;
  area.name = "Welwyn Hatfield";
  area.geojson = district_geojson(districts, "Welwyn Hatfield");
  area.description = "district boundary (study area)";
  area.style.stroke = "#444444";
  area.style.fill = "#ffffff";
  area.style.fill_opacity = 0;
  area.style.stroke_width = 2;
  area.fit_bounds = true;
  r.layers.push_back(area);

  MapLayer gi;
  gi.name = "Hot and cold spots (Gi*)";
  gi.layer = &cells;
  gi.description = "250 m cells where harm is significantly high or low";
  gi.style.stroke_width = 0.5;
  gi.style.fill_opacity = 0.6;
  gi.style.graduated = report::Graduated{
      "gi_bin", {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5},
      {"#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"},
      {"cold spot, 99%", "cold spot, 95%", "cold spot, 90%", "not significant", "hot spot, 90%", "hot spot, 95%", "hot spot, 99%"},
      "Gi* significance",
      true};
  gi.popup_fields = {{"value", "Harm in the cell", 0}, {"gi_z", "Gi* z-score", 2}, {"gi_bin", "Confidence bin", 0}};
  r.layers.push_back(gi);

  MapLayer coverage;
  coverage.name = "Camera coverage";
  coverage.layer = &cameras.coverage;
  coverage.description = "what each recommended camera sees (60 m, 360°)";
  coverage.style.stroke = "#c51b7d";
  coverage.style.fill = "#c51b7d";
  coverage.style.fill_opacity = 0.25;
  coverage.popup_fields = {{"rank", "Camera"}, {"incidents_in_view", "Incidents in view"}, {"area_m2", "Area (m²)", 0}};
  r.layers.push_back(coverage);

  MapLayer patrol_areas;
  patrol_areas.name = "Patrol places";
  patrol_areas.layer = &areas;
  patrol_areas.description = "micro-places to patrol, coloured by unit";
  patrol_areas.style.fill_opacity = 0.5;
  patrol_areas.style.graduated = report::Graduated{"unit", {1.5, 2.5}, {"#1b9e77", "#d95f02", "#7570b3"},
                                                   {"unit 1", "unit 2", "unit 3"}, "Patrol unit", true};
  patrol_areas.title_field = "location";
  patrol_areas.popup_fields = {{"rank", "Rank"}, {"incidents", "Incidents"}, {"visits_per_week", "Visits a week"},
                               {"minutes_per_visit", "Minutes a visit", 0}, {"peak_times", "Peak times"}, {"unit", "Unit"}};
  r.layers.push_back(patrol_areas);

  MapLayer patrol_routes;
  patrol_routes.name = "Patrol routes";
  patrol_routes.layer = &routes;
  patrol_routes.description = "each unit's beat, in visit order";
  patrol_routes.style.stroke_width = 2;
  patrol_routes.style.dash = "6 4";
  patrol_routes.style.graduated = patrol_areas.style.graduated;
  patrol_routes.popup_fields = {{"unit", "Unit"}, {"stops", "Stops"}, {"length_m", "Lap (m)", 0}, {"lap_minutes", "Lap (minutes)", 0}};
  patrol_routes.visible = false;
  r.layers.push_back(patrol_routes);

  MapLayer sites;
  sites.name = "Recommended cameras";
  sites.layer = &cameras.cameras;
  sites.description = "ranked sites for new cameras";
  sites.style.marker = report::MarkerKind::square;
  sites.style.stroke = "#000000";
  sites.style.fill = "#c51b7d";
  sites.style.fill_opacity = 1;
  sites.style.point_radius = 7;
  sites.title_field = "nearest_location";
  sites.popup_fields = {{"rank", "Rank"}, {"reason", "Why here"}, {"incidents_in_view", "Incidents in view"},
                        {"share_new", "Share of harm added", 3}, {"share_cumulative", "Share with higher ranks", 3},
                        {"top_types", "Main crime types"}};
  r.layers.push_back(sites);

  r.charts = {monthly_chart(prepared.incidents), concentration_chart(prepared.incidents), camera_chart(cameras.cameras)};
  r.sections.push_back({"What happened",
                        {"Incidents recorded by Hertfordshire Constabulary in Welwyn Hatfield, as published on data.police.uk."},
                        {"monthly", "concentration"},
                        {}});
  report::Table camera_table{"Recommended camera sites", {"Rank", "Nearest police.uk location", "Incidents in view", "Cumulative share"}, {}};
  for (const auto& f : cameras.cameras.features) {
    auto field = [&](const char* name) -> const FieldValue& {
      std::size_t i = 0;
      while (cameras.cameras.fields[i].name != name) ++i;
      return f.values[i];
    };
    camera_table.rows.push_back({std::to_string(std::get<std::int64_t>(field("rank"))), std::get<std::string>(field("nearest_location")),
                                 std::to_string(std::get<std::int64_t>(field("incidents_in_view"))),
                                 percent(std::get<double>(field("share_cumulative")))});
  }
  r.sections.push_back({"Where cameras would help", {cameras.summary_text}, {"camera_coverage"}, {camera_table}});
  r.footnotes = {"Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk).",
                 "District boundary: Office for National Statistics, Open Government Licence v3.0.",
                 "Harm weights: the bundled crime-harm table."};
  report::write_html(r, out + "/sample_report.html");
  write_expected(out + "/sample_report.expected.json", r);
}

void hostile_report(const std::string& out) {
  const std::string bad = "</script><img src=x onerror=alert(1)><!-- \u2028 & \"quoted\" 'single'";
  VectorLayer points;
  points.name = bad;
  points.geometry = GeometryKind::point;
  points.crs = "EPSG:4326";
  points.fields = {{"location", FieldType::string}, {"n", FieldType::integer}};
  points.features.push_back({wkb_point(-0.20, 51.80), {bad, std::int64_t{3}}});
  points.features.push_back({wkb_point(-0.19, 51.81), {std::string("On or near <b>Bold</b> Street"), std::int64_t{4}}});
  points.features.push_back({wkb_point(-0.21, 51.79), {std::string("javascript:alert(2)"), std::int64_t{5}}});
  Report r;
  r.title = bad;
  r.subtitle = bad;
  r.summary = {bad};
  MapLayer layer;
  layer.name = bad;
  layer.layer = &points;
  layer.description = bad;
  layer.title_field = "location";
  layer.popup_fields = {{"location", bad}, {"n", "Incidents"}};
  layer.style.marker = report::MarkerKind::diamond;
  r.layers.push_back(layer);
  MapLayer circles = layer;
  circles.name = "circles " + bad;
  circles.style.marker = report::MarkerKind::circle;
  r.layers.push_back(circles);
  Chart chart;
  chart.id = "hostile";
  chart.title = bad;
  chart.kind = ChartKind::bar;
  chart.labels = {bad, "b"};
  chart.series = {{bad, {1, 2}, "#333333", {}}};
  chart.caption = bad;
  r.charts.push_back(chart);
  r.sections.push_back({bad, {bad}, {"hostile"}, {{bad, {bad, bad}, {{bad, bad}}}}});
  r.footnotes = {bad};
  report::write_html(r, out + "/hostile_report.html");
  write_expected(out + "/hostile_report.expected.json", r);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SAMPLE_DIR OUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    std::filesystem::create_directories(argv[2]);
    hostile_report(argv[2]);
    sample_report(argv[1], argv[2]);
  } catch (const hotspot::Error& e) {
    std::fprintf(stderr, "report_sample: %s\n", e.what());
    return e.exit_code();
  }
  return 0;
}
