#include "hotspot/io/vector_writer.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hotspot {
namespace {

VectorLayer utm_layer() {
  VectorLayer layer;
  layer.name = "sites";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:32630";  // UTM zone 30N: central meridian 3°W, false easting 500 km
  layer.fields = {{"label", FieldType::string}, {"count", FieldType::integer}};
  layer.features.push_back({wkb_point(500000.0, 0.0), {std::string("on the equator"), std::int64_t{7}}});
  layer.metadata = {{"made_by", "test"}};
  return layer;
}

TEST(GeojsonText, SameBytesAsTheWrittenFile) {
  const VectorLayer layer = utm_layer();
  testing::ScratchDir dir("geojson_text");
  write_geojson(layer, dir.path() / "sites.geojson");
  std::ifstream in(dir.path() / "sites.geojson", std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(geojson_text(layer), file.str());
}

TEST(GeojsonText, ReprojectsToLonLat) {
  // On the central meridian at the equator, UTM 30N's (500000, 0) is exactly (3°W, 0°).
  const auto json = nlohmann::json::parse(geojson_text(utm_layer()));
  ASSERT_EQ(json["features"].size(), 1u);
  const auto& feature = json["features"][0];
  EXPECT_NEAR(feature["geometry"]["coordinates"][0].get<double>(), -3.0, 1e-7);
  EXPECT_NEAR(feature["geometry"]["coordinates"][1].get<double>(), 0.0, 1e-7);
  EXPECT_EQ(feature["properties"]["label"], "on the equator");
  EXPECT_EQ(feature["properties"]["count"], 7);
  EXPECT_EQ(json["description"], "made_by=test");
}

TEST(GeojsonText, EmptyLayerIsAnEmptyCollection) {
  VectorLayer layer = utm_layer();
  layer.features.clear();
  const auto json = nlohmann::json::parse(geojson_text(layer));
  EXPECT_EQ(json["type"], "FeatureCollection");
  EXPECT_TRUE(json["features"].empty());
}

}  // namespace
}  // namespace hotspot
