// A user's own vector layer drawn under a report: clipped to the study area and its margin,
// simplified within a vertex budget, no attribute of the file copied.
#include "hotspot/report/basemap.hpp"

#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot::report {
namespace {

// A layer in lon/lat (working CRS EPSG:4326 too, so the page's coordinates are the file's):
// a line from x = 0 to x = 1 along y = 51.5, a square with a secret name far away, a point.
const char* kLayer = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Private Road","owner":"secret"},
  "geometry":{"type":"LineString","coordinates":[[0,51.5],[1,51.5]]}},
 {"type":"Feature","properties":{"name":"Far away"},
  "geometry":{"type":"Polygon","coordinates":[[[5,55],[6,55],[6,56],[5,56],[5,55]]]}},
 {"type":"Feature","properties":{"name":"Inside"},
  "geometry":{"type":"Point","coordinates":[0.3,51.51]}}]})";

nlohmann::json features_of(const MapLayer& m) { return nlohmann::json::parse(m.geojson)["features"]; }

/// Every vertex of a GeoJSON geometry's coordinates (any nesting), each ring's closing point too.
std::size_t vertices_of(const nlohmann::json& coordinates) {
  if (coordinates.is_array() && !coordinates.empty() && coordinates[0].is_number()) return 1;
  std::size_t n = 0;
  for (const auto& part : coordinates) n += vertices_of(part);
  return n;
}

void each_position(const nlohmann::json& coordinates, const std::function<void(double, double)>& visit) {
  if (coordinates.is_array() && !coordinates.empty() && coordinates[0].is_number()) {
    visit(coordinates[0].get<double>(), coordinates[1].get<double>());
    return;
  }
  for (const auto& part : coordinates) each_position(part, visit);
}

std::size_t vertices_of(const MapLayer& m) {
  std::size_t n = 0;
  for (const auto& f : features_of(m)) n += vertices_of(f["geometry"]["coordinates"]);
  return n;
}


TEST(BasemapLayer, ClipsToTheExtentAndItsMargin) {
  testing::ScratchDir dir("basemap");
  testing::write_text(dir.file("roads.geojson"), kLayer);
  // Extent x 0.2..0.4, y 51.4..51.6; margin 0.1 (degrees here): the line is cut at 0.1 and 0.5.
  const MapLayer m = basemap_layer({dir.file("roads.geojson"), "", ""}, "EPSG:4326", Bounds{0.2, 51.4, 0.4, 51.6},
                                   {.margin_m = 0.1, .simplify_m = 0});
  const auto features = features_of(m);
  ASSERT_EQ(features.size(), 2U);  // the far square is left out
  const auto& line = features[0]["geometry"];
  EXPECT_EQ(line["type"], "LineString");
  ASSERT_EQ(line["coordinates"].size(), 2U);
  EXPECT_NEAR(line["coordinates"][0][0].get<double>(), 0.1, 1e-7);
  EXPECT_NEAR(line["coordinates"][1][0].get<double>(), 0.5, 1e-7);
  EXPECT_NEAR(line["coordinates"][1][1].get<double>(), 51.5, 1e-7);
  EXPECT_EQ(features[1]["geometry"]["type"], "Point");
  // Nothing of the file but shapes: no name, no owner, not clickable.
  EXPECT_EQ(m.geojson.find("secret"), std::string::npos);
  EXPECT_EQ(m.geojson.find("Private Road"), std::string::npos);
  EXPECT_TRUE(m.popup_fields.empty());
  EXPECT_EQ(m.name, "Background: roads");
  EXPECT_EQ(m.style.fill_opacity, 0);  // most features are lines (one line, one point: lines first)
}

TEST(BasemapLayer, TheSamplesOpenStreetMapRoadsAndBuildings) {
  const std::string gpkg = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg";
  // Central Oxford in British National Grid, a 400 m box.
  const Bounds box{451000, 206600, 451400, 207000};
  const MapLayer roads = basemap_layer({gpkg, "roads", ""}, "EPSG:27700", box, {.margin_m = 50});
  const MapLayer buildings = basemap_layer({gpkg, "buildings", ""}, "EPSG:27700", box, {.margin_m = 50, .name = "Buildings"});
  EXPECT_GT(features_of(roads).size(), 10U);
  EXPECT_GT(features_of(buildings).size(), 10U);
  EXPECT_LT(features_of(buildings).size(), 993U);  // clipped: not the whole layer
  EXPECT_EQ(buildings.name, "Buildings");
  EXPECT_GT(buildings.style.fill_opacity, 0);  // polygons are filled, roads are not
  EXPECT_EQ(roads.style.fill_opacity, 0);
  // Every coordinate within the box and margin (in lon/lat, a little wider than the box).
  for (const auto& f : features_of(roads)) {
    each_position(f["geometry"]["coordinates"], [](double lon, double lat) {
      EXPECT_GT(lon, -1.27);
      EXPECT_LT(lon, -1.25);
      EXPECT_GT(lat, 51.75);
      EXPECT_LT(lat, 51.77);
    });
  }
}

TEST(BasemapLayer, SimplifiedFurtherToStayWithinItsBudget) {
  const std::string gpkg = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg";
  const Bounds box{450500, 206000, 452000, 207500};
  const MapLayer fine = basemap_layer({gpkg, "buildings", ""}, "EPSG:27700", box);
  const std::size_t budget = vertices_of(fine) * 8 / 10;
  const MapLayer light = basemap_layer({gpkg, "buildings", ""}, "EPSG:27700", box, {.max_vertices = budget});
  EXPECT_LE(vertices_of(light), budget);
  EXPECT_EQ(features_of(light).size(), features_of(fine).size());  // every building kept, outlines coarser
  EXPECT_NE(light.description.find("simplified to"), std::string::npos) << light.description;
  EXPECT_EQ(fine.description.find("simplified to"), std::string::npos);
  // A budget no simplification can meet (a ring keeps four points) ends, simplified as far as
  // it goes.
  const MapLayer coarsest = basemap_layer({gpkg, "buildings", ""}, "EPSG:27700", box, {.max_vertices = 10});
  EXPECT_EQ(features_of(coarsest).size(), features_of(fine).size());
  EXPECT_LT(vertices_of(coarsest), vertices_of(light));
}

TEST(BasemapLayer, RefusesWhatItCannotDraw) {
  const std::string gpkg = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg";
  const Bounds far_away{100000, 100000, 101000, 101000};
  try {
    (void)basemap_layer({gpkg, "roads", ""}, "EPSG:27700", far_away);
    FAIL() << "nothing in the extent";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
  }
  try {
    (void)basemap_layer({gpkg, "", ""}, "EPSG:27700", far_away);  // five layers: which one?
    FAIL() << "no layer chosen";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
  }
  try {
    (void)basemap_layer({gpkg + ".missing", "roads", ""}, "EPSG:27700", far_away);
    FAIL() << "no such file";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::input);
  }
}

}  // namespace
}  // namespace hotspot::report
