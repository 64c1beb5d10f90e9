// Any vector source GDAL reads (io/ogr_reader.hpp): the layer, its CRS, point geometries.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::run;
using testing::ScratchDir;

VectorLayer incident_layer(const std::string& name) {
  VectorLayer layer;
  layer.name = name;
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.fields = {{"kind", FieldType::string}, {"when", FieldType::string}, {"harm", FieldType::real}};
  const double xs[] = {523000, 523010, 523020, 523030};
  const char* kinds[] = {"Noise", "Fire", "Noise", "Graffiti"};
  for (int i = 0; i < 4; ++i) {
    layer.features.push_back({wkb_point(xs[i], 209000), {std::string(kinds[i]), std::string("2021-03-0") + std::to_string(i + 1) + " 23:00", 1.0 + i}});
  }
  return layer;
}

// A GeoPackage holding incident_layer("incidents") alone.
std::string incident_geopackage(const ScratchDir& dir) {
  const std::string gpkg = dir.file("log.gpkg");
  const VectorLayer layer = incident_layer("incidents");
  const VectorLayer* layers[] = {&layer};
  write_geopackage(layers, gpkg);
  return gpkg;
}

TEST(OgrReader, ReadsGeoPackageWithTheLayersCrsAndWhereFilter) {
  ScratchDir dir("ogr");
  const std::string gpkg = dir.file("log.gpkg");
  const VectorLayer layer = incident_layer("incidents");
  VectorLayer other = incident_layer("other");
  const VectorLayer* layers[] = {&layer, &other};
  write_geopackage(layers, gpkg);

  ReadOptions options;
  options.inputs = {gpkg};
  try {
    (void)read_incidents(options);
    FAIL() << "two layers and no --layer must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("incidents, other"), std::string::npos) << e.what();
  }
  options.layer = "incidents";
  options.where = "kind = 'Noise'";
  options.category_field = "kind";
  options.time_field = "when";
  options.weight_field = "harm";
  const ReadResult r = read_incidents(options);
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.crs, "EPSG:27700");
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_DOUBLE_EQ(inc.x[1], 523020);
  EXPECT_DOUBLE_EQ(inc.weight[1], 3.0);
  EXPECT_EQ(inc.time[0], days_from_civil(2021, 3, 1) * 86400 + 23 * 3600);
  EXPECT_EQ(r.account.read, 2u);  // --where is applied by OGR: rows it excludes are never read

  options.where = "kind = ";
  EXPECT_THROW((void)read_incidents(options), Error);
}

// The reader tells drivers to skip the columns it does not keep; a --where filter must still
// see them.
TEST(OgrReader, WhereFiltersOnColumnsTheReaderDoesNotKeep) {
  ScratchDir dir("ogr");
  const std::string gpkg = incident_geopackage(dir);
  const std::string csv = dir.file("log.csv");
  testing::write_text(csv, "x,y,status,kind\n523000,209000,open,Noise\n523010,209000,closed,Fire\n"
                           "523020,209000,open,Noise\n");

  ReadOptions options;
  options.inputs = {gpkg};
  options.where = "kind = 'Noise' AND harm > 2";
  ReadResult r = read_incidents(options);
  ASSERT_EQ(r.parts.at(0).incidents.size(), 1u);
  EXPECT_DOUBLE_EQ(r.parts.at(0).incidents.x[0], 523020);

  options.inputs = {csv};
  options.x_field = "x";
  options.y_field = "y";
  options.crs = "EPSG:27700";
  options.category_field = "kind";
  options.where = "status = 'closed'";
  r = read_incidents(options);
  ASSERT_EQ(r.parts.at(0).incidents.size(), 1u);
  EXPECT_DOUBLE_EQ(r.parts.at(0).incidents.x[0], 523010);
  EXPECT_EQ(r.parts.at(0).incidents.categories[r.parts.at(0).incidents.category[0]], "Fire");

  // Without a filter, the kept columns are read in full whatever else the file holds.
  options.where.clear();
  r = read_incidents(options);
  ASSERT_EQ(r.parts.at(0).incidents.size(), 3u);
  EXPECT_EQ(r.parts.at(0).incidents.categories[r.parts.at(0).incidents.category[2]], "Noise");
}

TEST(OgrReader, ReadsShapefileGeoJsonAndFlatGeobufAndRejectsNonPoints) {
  ScratchDir dir("ogr");
  const std::string gpkg = dir.file("log.gpkg");
  VectorLayer layer = incident_layer("incidents");
  const std::vector<std::pair<double, double>> square{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
  layer.geometry = GeometryKind::unknown;
  layer.features.push_back({wkb_polygon(std::span(&square, 1)), {std::string("Area"), std::monostate{}, 1.0}});
  const VectorLayer* layers[] = {&layer};
  write_geopackage(layers, gpkg);
  for (const char* format : {"ESRI Shapefile", "GeoJSON", "FlatGeobuf"}) {
    const std::string ext = std::string(format) == "GeoJSON" ? ".geojson" : std::string(format) == "FlatGeobuf" ? ".fgb" : ".shp";
    const std::string out = dir.file(std::string("copy") + ext);
    const auto converted = run("ogr2ogr -f '" + std::string(format) + "' '" + out + "' '" + gpkg + "' incidents" +
                               (ext == ".shp" ? " -nlt POINT -skipfailures" : "") +
                               (ext == ".geojson" ? " -t_srs EPSG:4326" : ""));
    ASSERT_EQ(converted.exit_code, 0) << converted.out;
    ReadOptions options;
    options.inputs = {out};
    options.category_field = "kind";
    const ReadResult r = read_incidents(options);
    const Incidents& inc = r.parts.at(0).incidents;
    EXPECT_EQ(inc.size(), 4u) << format;
    EXPECT_EQ(r.account.used() + r.account.rejected(), r.account.read) << format;
    if (ext != ".shp") {
      EXPECT_EQ(r.account.rejected_by_reason[static_cast<std::size_t>(RejectReason::not_a_point)], 1u) << format;
    }
    if (ext == ".geojson") {
      EXPECT_EQ(inc.crs, "EPSG:4326");  // GeoJSON is WGS84 by definition; the reader takes the layer's CRS
      EXPECT_NEAR(inc.x[0], -0.25, 0.3);
    } else {
      EXPECT_EQ(inc.crs, "EPSG:27700") << format;
      // FlatGeobuf stores features in spatial-index order, so compare the set, not the order.
      EXPECT_NEAR(*std::min_element(inc.x.begin(), inc.x.end()), 523000, 1e-6) << format;
    }
  }
}

// The CRS given overrides the layer's own; a layer without one cannot be read without it.
TEST(OgrReader, TheLayersCrsUnlessOneIsGivenAndNoneIsAnError) {
  ScratchDir dir("ogr");
  const std::string gpkg = incident_geopackage(dir);
  const std::string shp = dir.file("log.shp");
  const auto converted = run("ogr2ogr -f 'ESRI Shapefile' '" + shp + "' '" + gpkg + "'");
  ASSERT_EQ(converted.exit_code, 0) << converted.out;
  std::filesystem::remove(dir.file("log.prj"));

  ReadOptions options;
  options.inputs = {shp};
  const auto no_crs = testing::read_error(options);
  ASSERT_TRUE(no_crs) << "a layer without a CRS needs one given";
  EXPECT_EQ(no_crs->code(), ErrorCode::crs);
  EXPECT_EQ(no_crs->context().stage, "readers.ogr");
  EXPECT_NE(no_crs->detail().find("the layer has no CRS"), std::string::npos) << no_crs->what();
  options.crs = "EPSG:27700";
  const ReadResult given = read_incidents(options);
  EXPECT_EQ(given.parts.at(0).incidents.crs, "EPSG:27700");
  EXPECT_EQ(given.parts[0].incidents.size(), 4u);

  options.inputs = {gpkg};
  options.crs = "EPSG:3857";
  EXPECT_EQ(read_incidents(options).parts.at(0).incidents.crs, "EPSG:3857");
  options.crs.clear();
  options.layer = "other";
  const auto no_layer = testing::read_error(options);
  ASSERT_TRUE(no_layer) << "no layer of that name";
  EXPECT_EQ(no_layer->code(), ErrorCode::input);
  EXPECT_EQ(no_layer->detail(), "no layer named \"other\"");
}

}  // namespace
}  // namespace hotspot
