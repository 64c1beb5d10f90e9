#include "hotspot/report/html_report.hpp"

#include <cmath>
#include <fstream>
#include <future>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::report {
namespace {

constexpr const char* kHostile = "</script><img src=x onerror=alert(1)>";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The JSON the page script reads, taken out of its <script type="application/json">.
nlohmann::json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"hs-data\">";
  const std::size_t begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const std::size_t start = begin + open.size();
  const std::size_t end = html.find("</script>", start);
  return nlohmann::json::parse(html.substr(start, end - start));
}

VectorLayer points_layer(const std::string& location) {
  VectorLayer layer;
  layer.name = "cameras";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:4326";
  layer.fields = {{"rank", FieldType::integer}, {"location", FieldType::string}, {"share", FieldType::real},
                  {"unused", FieldType::string}};
  layer.features.push_back({wkb_point(-0.2, 51.8), {std::int64_t{1}, location, 0.31, std::string("drop me")}});
  layer.features.push_back({wkb_point(-0.21, 51.81), {std::int64_t{2}, std::string("On or near Parking Area"), 0.12,
                                                      std::string("drop me")}});
  return layer;
}

Report small_report(const VectorLayer& cameras) {
  Report report;
  report.title = "Welwyn Hatfield";
  report.summary = {"These 2 sites would have covered 31% of incidents."};
  MapLayer map_layer;
  map_layer.name = "Cameras";
  map_layer.layer = &cameras;
  map_layer.popup_fields = {{"rank", "Rank"}, {"location", "Location"}, {"share", "Share", 2}};
  map_layer.title_field = "location";
  map_layer.fit_bounds = true;
  report.layers.push_back(map_layer);
  Chart chart;
  chart.id = "monthly";
  chart.title = "Incidents by month";
  chart.kind = ChartKind::bar;
  chart.x_title = "Month";
  chart.labels = {"2018-01", "2018-02", "2018-03"};
  chart.series = {{"ASB", {1, 2.5, std::numeric_limits<double>::quiet_NaN()}, "#aa3300", {}}};
  chart.caption = "Counts per month.";
  report.charts.push_back(chart);
  report.sections.push_back({"Trends", {"Paragraph."}, {"monthly"}, {}});
  return report;
}

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(html_escape(kHostile), "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html_escape("St Albans \u2013 caf\u00e9"), "St Albans \u2013 caf\u00e9");
}

TEST(ScriptSafeJson, NoMarkupAndTheSameValue) {
  const nlohmann::json value = {{"text", std::string(kHostile) + " & <!-- \u2028\u2029"}};
  const std::string safe = script_safe_json(value.dump());
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(safe.find("\u2028"), std::string::npos);
  EXPECT_EQ(safe.find("\u2029"), std::string::npos);
  EXPECT_NE(safe.find("\\u003c/script\\u003e"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(safe), value);
}

TEST(RenderHtml, HostileTextNeverBecomesMarkup) {
  const VectorLayer cameras = points_layer(kHostile);
  Report report = small_report(cameras);
  report.title = kHostile;
  report.subtitle = kHostile;
  report.summary.push_back(kHostile);
  report.layers[0].name = kHostile;
  report.layers[0].description = kHostile;
  report.charts[0].title = kHostile;
  report.charts[0].caption = kHostile;
  report.charts[0].labels[1] = kHostile;
  report.charts[0].series[0].name = kHostile;
  report.sections[0].heading = kHostile;
  report.sections[0].paragraphs.push_back(kHostile);
  report.sections[0].tables.push_back({kHostile, {kHostile, "n"}, {{kHostile, "4"}}});
  report.footnotes = {kHostile};
  report.tile_url = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
  report.tile_attribution = kHostile;
  const std::string html = render_html(report);

  // Five script elements (error trap, data, Leaflet, Chart.js, page) and no other </script.
  EXPECT_EQ(count(html, "</script"), 5u);
  EXPECT_EQ(count(html, "<script"), 5u);
  EXPECT_EQ(count(html, "<img"), 0u);
  // Every copy of the handler text sits inside escaped text: HTML (&lt;), JSON (\u003c), or
  // HTML-escaped text inside JSON for Leaflet's innerHTML (\u0026lt;).
  EXPECT_EQ(count(html, "onerror=alert"),
            count(html, "&lt;img src=x onerror=alert(1)&gt;") + count(html, "\\u003cimg src=x onerror=alert(1)\\u003e") +
                count(html, "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;"));
  EXPECT_GE(count(html, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"), 12u);

  const auto data = page_data(html);
  const auto& layer = data["layers"][0];
  EXPECT_EQ(layer["name"], kHostile);
  // Leaflet's layer switcher and attribution use innerHTML: they get escaped text.
  EXPECT_EQ(layer["name_html"], html_escape(kHostile));
  EXPECT_EQ(data["tile_attribution_html"], html_escape(kHostile));
  EXPECT_EQ(layer["geojson"]["features"][0]["properties"]["location"], kHostile);
  EXPECT_EQ(data["charts"][0]["labels"][1], kHostile);
}

TEST(RenderHtml, SameReportSameBytesOnAnyThread) {
  const VectorLayer cameras = points_layer("On or near Station");
  const Report report = small_report(cameras);
  const std::string first = render_html(report);
  auto other = std::async(std::launch::async, [&] { return render_html(report); });
  auto third = std::async(std::launch::async, [&] { return render_html(report); });
  EXPECT_EQ(first, other.get());
  EXPECT_EQ(first, third.get());
}

// The page's data is made a layer per thread and put together by hand: it must be the text
// dumping the whole object gives (nlohmann's sorted keys, compact, the same escapes), so it is
// recomputed here from what the page holds, with layers, charts, a basemap and hostile text.
TEST(RenderHtml, PageDataIsTheWholeObjectDumped) {
  const VectorLayer cameras = points_layer(kHostile);
  Report report = small_report(cameras);
  for (int i = 0; i < 5; ++i) {
    MapLayer area;
    area.name = "Area " + std::to_string(i) + " \u2028 <b>";
    area.geojson = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},)"
                   R"("geometry":{"type":"Point","coordinates":[-0.2,51.)" + std::to_string(i) + "]}}]}";
    area.title_field = "name";
    report.layers.push_back(area);
  }
  report.tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  report.tile_attribution = "© OpenStreetMap contributors <a>";
  const std::string html = render_html(report);
  const std::string open = "<script type=\"application/json\" id=\"hs-data\">";
  const std::size_t start = html.find(open) + open.size();
  const std::string embedded = html.substr(start, html.find("</script>", start) - start);
  const nlohmann::json data = nlohmann::json::parse(embedded);
  ASSERT_EQ(data["layers"].size(), 6u);
  EXPECT_EQ(data["layers"][3]["name"], "Area 2 \u2028 <b>");
  EXPECT_EQ(embedded, script_safe_json(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

// Layers are made side by side, but a page with two layers it cannot draw names the first.
TEST(RenderHtml, TheFirstLayerItCannotDrawIsTheOneNamed) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  for (const char* name : {"fine", "first broken", "fine too", "second broken"}) {
    MapLayer layer;
    layer.name = name;
    layer.geojson = std::string(name).find("broken") == std::string::npos
                        ? R"({"type":"FeatureCollection","features":[]})"
                        : R"({"type":"Feature"})";
    report.layers.push_back(layer);
  }
  for (int round = 0; round < 5; ++round) {
    try {
      (void)render_html(report);
      ADD_FAILURE() << "a broken layer was drawn";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("\"first broken\""), std::string::npos) << e.what();
    }
  }
}

TEST(RenderHtml, LayerDataInLonLatWithOnlyTheFieldsUsed) {
  VectorLayer cameras = points_layer("On or near Station");
  cameras.crs = "EPSG:32630";
  cameras.features[0].wkb = wkb_point(500000.0, 0.0);  // UTM 30N: exactly (3°W, 0°)
  const auto data = page_data(render_html(small_report(cameras)));
  const auto& features = data["layers"][0]["geojson"]["features"];
  ASSERT_EQ(features.size(), 2u);
  EXPECT_NEAR(features[0]["geometry"]["coordinates"][0].get<double>(), -3.0, 1e-7);
  EXPECT_NEAR(features[0]["geometry"]["coordinates"][1].get<double>(), 0.0, 1e-7);
  const auto& properties = features[0]["properties"];
  EXPECT_EQ(properties.size(), 3u);  // rank, location, share: "unused" is left out
  EXPECT_EQ(properties["rank"], 1);
  EXPECT_DOUBLE_EQ(properties["share"].get<double>(), 0.31);
  EXPECT_FALSE(properties.contains("unused"));
  EXPECT_EQ(data["layers"][0]["popup"][2]["decimals"], 2);
  EXPECT_EQ(data["layers"][0]["fit_bounds"], true);
}

TEST(RenderHtml, GeojsonTextLayers) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  MapLayer area;
  area.name = "Study area";
  area.geojson = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
    {"type":"Feature","properties":{},"geometry":null}]})";
  report.layers.insert(report.layers.begin(), area);
  const auto data = page_data(render_html(report));
  ASSERT_EQ(data["layers"].size(), 2u);
  EXPECT_EQ(data["layers"][0]["name"], "Study area");
  EXPECT_EQ(data["layers"][0]["geojson"]["features"].size(), 1u);  // the null geometry is dropped
  EXPECT_TRUE(data["layers"][0]["geojson"]["features"][0]["properties"].empty());
}

TEST(RenderHtml, ChartNumbersAlsoInATable) {
  const VectorLayer cameras = points_layer("x");
  const std::string html = render_html(small_report(cameras));
  // 1 → "1", 2.5 → "2.50" (auto: two decimals under 100), NaN → "–" and null in the chart data.
  EXPECT_NE(html.find("<tr><th scope=\"row\">2018-01</th><td class=\"num\">1</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">2018-02</th><td class=\"num\">2.50</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">2018-03</th><td>\u2013</td></tr>"), std::string::npos);
  const auto data = page_data(html);
  EXPECT_TRUE(data["charts"][0]["series"][0]["values"][2].is_null());
  EXPECT_NE(html.find("<canvas id=\"hs-chart-monthly\""), std::string::npos);
  EXPECT_NE(html.find("<p class=\"caption\">Counts per month.</p>"), std::string::npos);
}

TEST(RenderHtml, SignedPercentagesAlignAsNumbers) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.sections.push_back({"Change", {}, {}, {{"Change", {"Area", "Change", "Note"}, {{"A", "+12.5%", "+"}, {"B", "-3%", "up"}}}}});
  const std::string html = render_html(report);
  // A rise is as much a number as a fall: both right-aligned; a lone sign and words are not.
  EXPECT_NE(html.find("<td class=\"num\">+12.5%</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">-3%</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>+</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>up</td>"), std::string::npos);
}

TEST(RenderHtml, ScatterTableListsEachPoint) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  Chart curve;
  curve.id = "concentration";
  curve.title = "Concentration";
  curve.kind = ChartKind::scatter_line;
  curve.x_title = "% of places";
  curve.y_title = "% of incidents";
  curve.series = {{"All", {0, 50, 100}, "#000000", {0, 10, 100}}};
  curve.decimals = 1;
  report.charts.push_back(curve);  // in no section: goes to the closing "Charts" section
  const std::string html = render_html(report);
  EXPECT_NE(html.find("<h2>Charts</h2>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">All</th><td class=\"num\">10.0</td><td class=\"num\">50.0</td></tr>"),
            std::string::npos);
}

TEST(RenderHtml, OfflineUnlessATileUrlIsGiven) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  const std::string offline = render_html(report);
  EXPECT_NE(offline.find("content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "),
            std::string::npos);
  EXPECT_EQ(page_data(offline)["tile_url"], "");
  // Nothing in the page names a file it would fetch.
  EXPECT_EQ(offline.find("url(images/"), std::string::npos);
  EXPECT_EQ(offline.find("sourceMappingURL"), std::string::npos);

  report.tile_url = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
  report.tile_attribution = "\u00a9 OpenStreetMap contributors";
  const std::string online = render_html(report);
  EXPECT_NE(online.find("img-src data: https://*.tile.openstreetmap.org;"), std::string::npos);
  EXPECT_EQ(page_data(online)["tile_url"], report.tile_url);
}

TEST(RenderHtml, EmbedsTheLibrariesAndNamesTheirLicences) {
  const VectorLayer cameras = points_layer("x");
  const std::string html = render_html(small_report(cameras));
  EXPECT_NE(html.find("Chart.js v3.9"), std::string::npos);
  EXPECT_NE(html.find(".leaflet-control-layers"), std::string::npos);
  EXPECT_NE(html.find("BSD 2-Clause"), std::string::npos);
  EXPECT_NE(html.find("MIT licence"), std::string::npos);
  EXPECT_GT(html.size(), 300000u);  // Leaflet (~140 kB) and Chart.js (~200 kB) are in the file
}

TEST(RenderHtml, LegendShowsGraduatedClasses) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.layers[0].style.graduated = Graduated{"share", {0.1, 0.2}, {"#eeeeee", "#888888", "#000000"}, {}, "Share", false};
  const std::string html = render_html(report);
  EXPECT_NE(html.find("below 0.100"), std::string::npos);
  EXPECT_NE(html.find("0.100 to under 0.200"), std::string::npos);
  EXPECT_NE(html.find("0.200 or more"), std::string::npos);
  EXPECT_NE(html.find("background:#888888"), std::string::npos);
  EXPECT_EQ(page_data(html)["layers"][0]["style"]["graduated"]["breaks"], nlohmann::json({0.1, 0.2}));
}

void expect_refused(const Report& report, const std::string& words) {
  try {
    (void)render_html(report);
    ADD_FAILURE() << "accepted a report that should be refused: " << words;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(RenderHtml, RefusesWhatItCannotDraw) {
  const VectorLayer cameras = points_layer("x");
  const Report good = small_report(cameras);
  {
    Report r = good;
    r.layers[0].style.fill = "red;background:url(http://x)";
    expect_refused(r, "is not a CSS colour");
  }
  {
    Report r = good;
    r.charts[0].series[0].values.pop_back();
    expect_refused(r, "2 values for 3 labels");
  }
  {
    Report r = good;
    r.sections[0].chart_ids.push_back("missing");
    expect_refused(r, "names chart \"missing\"");
  }
  {
    Report r = good;
    r.charts.push_back(r.charts[0]);
    expect_refused(r, "used twice");
  }
  {
    Report r = good;
    r.charts[0].id = "a b";
    expect_refused(r, "may hold only letters");
  }
  {
    Report r = good;
    r.layers[0].style.graduated = Graduated{"share", {0.1, 0.2}, {"#eeeeee", "#000000"}, {}, "", false};
    expect_refused(r, "needs 3 colours for 2 breaks, got 2");
  }
  {
    Report r = good;
    r.layers[0].style.graduated = Graduated{"share", {0.2, 0.1}, {"#eeeeee", "#888888", "#000000"}, {}, "", false};
    expect_refused(r, "ascending");
  }
  {
    Report r = good;
    r.tile_url = "javascript:alert(1)";
    r.tile_attribution = "x";
    expect_refused(r, "does not start with https://");
  }
  {
    Report r = good;
    r.tile_url = "https://tiles.example.org/{z}/{x}/{y}.png; script-src *";
    r.tile_attribution = "x";
    expect_refused(r, "character a URL cannot have");
  }
  {
    Report r = good;
    r.layers[0].layer = nullptr;
    r.layers[0].geojson = R"({"type":"Feature"})";
    expect_refused(r, "not a FeatureCollection");
  }
  {
    Report r = good;
    r.layers[0].layer = nullptr;
    expect_refused(r, "has no data");
  }
}

TEST(WriteHtml, WritesTheRenderedPage) {
  const VectorLayer cameras = points_layer("x");
  const Report report = small_report(cameras);
  testing::ScratchDir dir("html_report");
  const auto path = dir.path() / "report.html";
  write_html(report, path);
  std::ifstream in(path, std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(file.str(), render_html(report));
}

}  // namespace
}  // namespace hotspot::report

namespace hotspot::report {
namespace {

TEST(RenderHtml, CaveatsInTheirOwnBoxAfterTheSummary) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.caveats = {"Locations are approximate.", "Dates are months only."};
  const std::string html = render_html(report);
  const std::size_t summary = html.find("<section class=\"summary\">");
  const std::size_t caveats = html.find("<section class=\"caveats\">\n<h2>About the data</h2>");
  ASSERT_NE(caveats, std::string::npos);
  EXPECT_LT(summary, caveats);
  EXPECT_LT(caveats, html.find("id=\"hs-map\""));
  EXPECT_NE(html.find("<li>Dates are months only.</li>", caveats), std::string::npos);
  report.caveats.clear();
  EXPECT_EQ(render_html(report).find("class=\"caveats\""), std::string::npos);
}

TEST(RenderHtml, SortableTablesHaveButtonsAndSortKeys) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  Table table{"Places", {"Place", "Incidents"}, {{"High Street", "1,200"}, {"Station", "3"}}};
  report.sections[0].tables.push_back(table);  // not sortable: plain headings
  table.sortable = true;
  table.sort_keys = {{std::nan(""), 1200}, {std::nan(""), 3.5}};
  report.sections[0].tables.push_back(table);
  const std::string html = render_html(report);
  EXPECT_EQ(count(html, "<table class=\"report-table short\">"), 1U);
  EXPECT_EQ(count(html, "<table class=\"report-table sortable short\">"), 1U);
  EXPECT_NE(html.find("<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">Incidents</button></th>"),
            std::string::npos);
  // A finite key is the cell's data-sort; a NaN key (text columns) none.
  EXPECT_NE(html.find("<td class=\"num\" data-sort=\"1200\">1,200</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-sort=\"3.5\">3</td>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">High Street</th>"), std::string::npos);
  EXPECT_EQ(count(html, "data-sort="), 2U);
  EXPECT_EQ(count(html, "<button type=\"button\">"), 2U);  // only the sortable table's headings
}

TEST(RenderHtml, ChartsHaveAlternativeText) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  std::string html = render_html(report);
  // No alt given: the title and the caption.
  EXPECT_NE(html.find("role=\"img\" aria-label=\"Incidents by month. Counts per month.\""), std::string::npos);
  report.charts[0].alt = "Bar chart: ASB rose from 1 in January to 2.5 in February.";
  html = render_html(report);
  EXPECT_NE(html.find("role=\"img\" aria-label=\"Bar chart: ASB rose from 1 in January to 2.5 in February.\""),
            std::string::npos);
}

TEST(RenderHtml, ThousandsSeparatorsInChartTables) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.charts[0].series[0].values = {12711, -1234.5, 999};
  report.charts[0].decimals = -1;
  const std::string html = render_html(report);
  EXPECT_NE(html.find("<td class=\"num\">12,711</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">-1,234.5</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">999</td>"), std::string::npos);
}

TEST(RenderHtml, PopupSharesArePercentages) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.layers[0].popup_fields.push_back({"share", "Share added", -1, true});
  const auto data = page_data(render_html(report));
  const auto& popup = data["layers"][0]["popup"];
  EXPECT_EQ(popup.back()["percent"], true);
  EXPECT_EQ(popup.front()["percent"], false);
}

TEST(FigureIds, TheMapThenChartsInPageOrder) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  Chart late = report.charts[0];
  late.id = "late";
  Chart first = report.charts[0];
  first.id = "first";
  report.charts.push_back(late);   // in no section: the closing "Charts" section
  report.charts.push_back(first);
  report.sections.insert(report.sections.begin(), Section{"First", {}, {"first"}, {}});
  EXPECT_EQ(figure_ids(report), (std::vector<std::string>{"map", "first", "monthly", "late"}));
  const std::string html = render_html(report);
  for (const auto& id : figure_ids(report)) EXPECT_NE(html.find("id=\"figure-" + id + "\""), std::string::npos) << id;
  report.layers.clear();
  EXPECT_EQ(figure_ids(report).front(), "first");
  // A chart may not take the map's figure id.
  report.charts[0].id = "map";
  report.sections[1].chart_ids = {"map"};
  EXPECT_THROW((void)render_html(report), Error);
}

TEST(RenderHtml, LayersOffAtStartAreMarkedInTheLegend) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  report.layers[0].visible = false;
  const std::string html = render_html(report);
  EXPECT_NE(html.find("<li class=\"off-at-start\">"), std::string::npos);
  EXPECT_NE(html.find("(off when the page opens)"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::report

namespace hotspot::report {
namespace {

TEST(RenderHtml, TotalRowsStayAtTheFoot) {
  const VectorLayer cameras = points_layer("x");
  Report report = small_report(cameras);
  Table table{"Areas", {"Area", "Incidents"}, {{"Hatfield", "12"}, {"Welwyn", "30"}, {"All", "42"}}};
  table.sortable = true;
  table.footer_rows = 1;
  report.sections[0].tables.push_back(table);
  const std::string html = render_html(report);
  const std::size_t foot = html.find("</tbody><tfoot>\n<tr><th scope=\"row\">All</th>");
  ASSERT_NE(foot, std::string::npos);
  EXPECT_LT(html.find("<th scope=\"row\">Welwyn</th>"), foot);
  EXPECT_NE(html.find("</tfoot></table>", foot), std::string::npos);
}

}  // namespace
}  // namespace hotspot::report
