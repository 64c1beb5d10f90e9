// Builds a hostile HTML report for tests/scripts/check_html_report.py and writes the number
// of features each map layer must show. (The sample plan's real report is checked by the
// plan_sample_report_in_chromium test.)
//
//   report_sample SAMPLE_DIR OUT_DIR
//
// OUT_DIR/hostile_report.html + hostile_report.expected.json: every kind of content made of
//   hostile strings (`</script><img src=x onerror=alert(1)>` as a Location and elsewhere).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/report/html_report.hpp"

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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SAMPLE_DIR OUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    std::filesystem::create_directories(argv[2]);
    hostile_report(argv[2]);
  } catch (const hotspot::Error& e) {
    std::fprintf(stderr, "report_sample: %s\n", e.what());
    return e.exit_code();
  }
  return 0;
}
