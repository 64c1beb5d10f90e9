#include "hotspot/io/vector_writer.hpp"

#include <fstream>
#include <sstream>

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>
#include <omp.h>
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

TEST(GeojsonText, LargeLayerWrittenInPiecesIsTheSameBytes) {
  // 20,000 cells of 100 m, enough to be written in pieces: the layer's extremes fall in
  // different pieces (the west and south edges in the last, the east and north in the first),
  // and one cell has no properties so fields vary from feature to feature.
  VectorLayer layer;
  layer.name = "cells";
  layer.geometry = GeometryKind::polygon;
  layer.crs = "EPSG:27700";
  layer.fields = {{"id", FieldType::integer}, {"z", FieldType::real}, {"label", FieldType::string}};
  layer.metadata = {{"made_by", "test"}};
  for (int i = 0; i < 20000; ++i) {
    const double x = 530000.0 - 100.0 * (i % 200) + (i == 12345 ? -5000.0 : 0.0);
    const double y = 200000.0 - 100.0 * (i / 200) + 0.123456789 * i;
    const std::vector<std::vector<std::pair<double, double>>> ring{{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}}};
    VectorFeature f;
    f.wkb = wkb_polygon(ring);
    if (i != 777) f.values = {std::int64_t{i}, 0.1 * i - 1000.0, std::string("cell ") + std::to_string(i)};
    layer.features.push_back(std::move(f));
  }
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const std::string whole = geojson_text(layer);
  omp_set_num_threads(3);
  const std::string pieces = geojson_text(layer);
  testing::ScratchDir dir("geojson_pieces");
  write_geojson(layer, dir.path() / "cells.geojson");
  omp_set_num_threads(threads);
  std::ifstream in(dir.path() / "cells.geojson", std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(whole.size(), pieces.size());
  EXPECT_TRUE(whole == pieces);
  EXPECT_TRUE(file.str() == whole);
  EXPECT_EQ(nlohmann::json::parse(pieces)["features"].size(), 20000u);
}

// GDAL's own RFC 7946 output of `layer`: a GeoJSON layer created in the layer's CRS, each
// feature projected to WGS84 by the driver itself (the path the writer used before it projected
// the geometries with one transformation of its own).
std::string gdal_reprojected_geojson(const VectorLayer& layer) {
  GDALAllRegister();
  const std::string path = "/vsimem/gdal_own_reprojection.geojson";
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  srs.SetFromUserInput(layer.crs.c_str());
  const char* options[] = {"RFC7946=YES", "WRITE_BBOX=YES", "COORDINATE_PRECISION=7", nullptr};
  OGRLayer* out = ds->CreateLayer(layer.name.c_str(), &srs, wkbPolygon, const_cast<char**>(options));
  for (const auto& field : layer.fields) {
    OGRFieldDefn defn(field.name.c_str(), field.type == FieldType::integer ? OFTInteger64 : OFTReal);
    EXPECT_EQ(out->CreateField(&defn), OGRERR_NONE);
  }
  for (const auto& feature : layer.features) {
    OGRFeature f(out->GetLayerDefn());
    f.SetField(0, static_cast<GIntBig>(std::get<std::int64_t>(feature.values[0])));
    f.SetField(1, std::get<double>(feature.values[1]));
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkb(feature.wkb.data(), &srs, &geometry, feature.wkb.size());
    f.SetGeometryDirectly(geometry);
    EXPECT_EQ(out->CreateFeature(&f), OGRERR_NONE);
  }
  GDALClose(ds);
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(path.c_str(), &size, TRUE);
  std::string text(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  CPLFree(bytes);
  return text;
}

TEST(GeojsonText, SameBytesAsGdalProjectingEachFeatureItself) {
  // British National Grid cells across Hertfordshire, at odd offsets so the seventh decimal
  // of the longitudes and latitudes varies.
  VectorLayer layer;
  layer.name = "cells";
  layer.geometry = GeometryKind::polygon;
  layer.crs = "EPSG:27700";
  layer.fields = {{"id", FieldType::integer}, {"z", FieldType::real}};
  for (int i = 0; i < 500; ++i) {
    const double x = 500000.0 + 137.13 * (i % 25) + 0.0371 * i;
    const double y = 200000.0 + 211.7 * (i / 25) - 0.0173 * i;
    const std::vector<std::vector<std::pair<double, double>>> ring{{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}}};
    layer.features.push_back({wkb_polygon(ring), {std::int64_t{i}, 0.25 * i}});
  }
  EXPECT_TRUE(geojson_text(layer) == gdal_reprojected_geojson(layer));
}

}  // namespace
}  // namespace hotspot
