// Builds HTML reports for tests/scripts/check_html_report.py and writes the number of features
// each map layer must show. (The sample plan's real report is checked by the
// plan_sample_report_in_chromium test.)
//
//   report_sample SAMPLE_DIR OUT_DIR
//
// OUT_DIR/hostile_report.html + hostile_report.expected.json: every kind of content made of
//   hostile strings (`</script><img src=x onerror=alert(1)>` as a Location and elsewhere).
// OUT_DIR/basemap_report.html + basemap_report.expected.json: central Oxford's police.uk
//   incidents over the sample's OpenStreetMap roads and buildings (report::basemap_layer), a
//   sortable table and the data caveats.
//
//   report_sample png REPORT.html OUT_DIR [FIGURE...]
//
// Exports each figure ("map", chart ids; none given: every figure of the page) of a written
// report as OUT_DIR/FIGURE.png with report::export_pngs; exits 77 (skipped) when Chromium is
// not installed.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/report/basemap.hpp"
#include "hotspot/report/data_caveats.hpp"
#include "hotspot/report/html_report.hpp"
#include "hotspot/report/png_export.hpp"
#include "hotspot/report/readable_text.hpp"
#include "hotspot/report/record_table.hpp"

namespace {

using namespace hotspot;
using hotspot::report::Chart;
using hotspot::report::ChartKind;
using hotspot::report::MapLayer;
using hotspot::report::Report;

void write_expected(const std::string& path, const Report& report) {
  nlohmann::json expected = nlohmann::json::object();
  for (const auto& layer : report.layers) {
    expected[layer.name] = layer.layer != nullptr ? layer.layer->features.size()
                                                  : nlohmann::json::parse(layer.geojson)["features"].size();
  }
  write_file_atomically(path, expected.dump(2) + "\n");
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

/// Oxford's incidents as points over the user's own roads and buildings.
void basemap_report(const std::string& sample, const std::string& out) {
  PrepareOptions options;
  options.read.inputs = {sample + "/oxford"};
  options.working_crs = "EPSG:27700";
  const PreparedIncidents prepared = prepare_incidents(options);
  const Incidents& in = prepared.incidents;
  const WeightedPoints points = collapse_locations(in);
  VectorLayer incidents;
  incidents.name = "incidents";
  incidents.geometry = GeometryKind::point;
  incidents.crs = "EPSG:27700";
  incidents.fields = {{"location", FieldType::string}, {"incidents", FieldType::integer}};
  Bounds extent{1e300, 1e300, -1e300, -1e300};
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::string location;
    for (std::size_t k = 0; k < in.size(); ++k) {
      if (points.point_of[k] == i && in.location[k] != Incidents::kNoCode) {
        location = in.locations[in.location[k]];
        break;
      }
    }
    incidents.features.push_back({wkb_point(points.x[i], points.y[i]), {location, std::int64_t{points.count[i]}}});
    extent = {std::min(extent.min_x, points.x[i]), std::min(extent.min_y, points.y[i]), std::max(extent.max_x, points.x[i]),
              std::max(extent.max_y, points.y[i])};
  }
  const std::string gpkg = sample + "/oxford/oxford_centre_osm.gpkg";
  Report r;
  r.title = "Central Oxford: incidents over the sample's own map";
  r.subtitle = report::count_text(static_cast<double>(in.size())) + " incidents in central Oxford";
  r.summary = {"A report with a basemap drawn from the user's own vector layers, offline."};
  r.caveats = report::data_caveats(report::facts_of(in));
  r.layers.push_back(report::basemap_layer({gpkg, "buildings", ""}, "EPSG:27700", extent, {.margin_m = 100}));
  r.layers.push_back(report::basemap_layer({gpkg, "roads", ""}, "EPSG:27700", extent, {.margin_m = 100}));
  MapLayer dots;
  dots.name = "Incidents";
  dots.layer = &incidents;
  dots.description = "police.uk snap points, by incidents";
  dots.style.fill = "#0072b2";
  dots.style.stroke = "#000000";
  dots.style.fill_opacity = 0.8;
  dots.style.point_radius = 4;
  dots.title_field = "location";
  dots.popup_fields = {{"incidents", "Incidents"}};
  dots.fit_bounds = true;
  r.layers.push_back(dots);
  // The busiest places, as a sortable table and a chart.
  std::vector<std::size_t> order(points.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return points.count[a] > points.count[b]; });
  order.resize(std::min<std::size_t>(order.size(), 10));
  const auto location_of = [&](std::size_t i) { return std::get<std::string>(incidents.features[i].values[0]); };
  const double total = static_cast<double>(in.size());
  r.charts.push_back(report::record_chart<std::size_t>(
      {.id = "busiest", .title = "The ten busiest places", .kind = ChartKind::bar, .x_title = "Place", .y_title = "Incidents"},
      order, location_of, {{"Incidents", "#0072b2", [&](std::size_t i) { return double(points.count[i]); }}}));
  report::Table busiest = report::record_table<std::size_t>(
      "The ten busiest places", order,
      {{"Place", location_of},
       {"Incidents", [&](std::size_t i) { return report::count_text(points.count[i]); },
        [&](std::size_t i) { return double(points.count[i]); }},
       {"Share", [&](std::size_t i) { return report::percent_text(points.count[i] / total); },
        [&](std::size_t i) { return points.count[i] / total; }}});
  // A total row stays at the foot whatever the sorting.
  busiest.rows.push_back({"All places", report::count_text(total), "100%"});
  busiest.sort_keys.push_back({std::nan(""), total, 1.0});
  busiest.footer_rows = 1;
  r.sections.push_back({"Busiest places", {"The places with the most incidents."}, {"busiest"}, {busiest}});
  r.footnotes = {"Map: OpenStreetMap contributors (ODbL), the sample's own extract."};
  report::write_html(r, out + "/basemap_report.html");
  write_expected(out + "/basemap_report.expected.json", r);
}

int export_figures(int argc, char** argv) {
  std::vector<std::string> figures(argv + 4, argv + argc);
  if (figures.empty()) {  // every figure the page has, in order
    std::ifstream in(argv[2], std::ios::binary);
    const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string marker = "id=\"figure-";
    for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
      const std::size_t start = at + marker.size();
      figures.push_back(page.substr(start, page.find('"', start) - start));
    }
  }
  try {
    for (const auto& png : report::export_pngs(argv[2], figures, argv[3])) {
      std::printf("%s: %d x %d, %.1f%% ink, %zu colours\n", png.path.string().c_str(), png.check.width, png.check.height,
                  100 * png.check.ink_share, png.check.colours);
    }
  } catch (const hotspot::Error& e) {
    if (e.code() == ErrorCode::usage && std::string(e.what()).find("needs headless Chromium") != std::string::npos) {
      std::printf("SKIP: %s\n", e.what());
      return 77;
    }
    throw;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "png") {
    try {
      return export_figures(argc, argv);
    } catch (const hotspot::Error& e) {
      std::fprintf(stderr, "report_sample: %s\n", e.what());
      return e.exit_code();
    }
  }
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SAMPLE_DIR OUT_DIR\n       %s png REPORT.html OUT_DIR FIGURE...\n", argv[0], argv[0]);
    return 2;
  }
  try {
    std::filesystem::create_directories(argv[2]);
    hostile_report(argv[2]);
    basemap_report(argv[1], argv[2]);
  } catch (const hotspot::Error& e) {
    std::fprintf(stderr, "report_sample: %s\n", e.what());
    return e.exit_code();
  }
  return 0;
}
