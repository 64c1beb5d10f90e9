#include "hotspot/qgis/layer_styles.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "test_support.hpp"

namespace hotspot::qgis {
namespace {

VectorLayer points_layer() {
  VectorLayer layer{"cameras", GeometryKind::point, "EPSG:27700", {{"rank", FieldType::integer}}, {}, {}};
  layer.features.push_back({wkb_point(520000, 210000), {std::int64_t{1}}});
  layer.features.push_back({wkb_point(520100, 210050), {std::int64_t{2}}});
  return layer;
}

VectorLayer cells_layer() {
  VectorLayer layer{"gistar", GeometryKind::polygon, "EPSG:27700", {{"gi_bin", FieldType::integer}}, {}, {}};
  const std::vector<std::vector<std::pair<double, double>>> ring{{{0, 0}, {100, 0}, {100, 100}, {0, 100}}};
  layer.features.push_back({wkb_polygon(ring), {std::int64_t{3}}});
  return layer;
}

struct Dataset {
  explicit Dataset(const std::string& path) {
    GDALAllRegister();
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  }
  std::unique_ptr<GDALDataset> ds;
  /// The rows of a SQL query, each as its fields' text joined by '|'.
  std::vector<std::string> query(const std::string& sql) {
    std::vector<std::string> rows;
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result == nullptr) return rows;
    for (auto& f : *result) {
      std::string row;
      for (int i = 0; i < f->GetFieldCount(); ++i) row += (i ? "|" : "") + std::string(f->GetFieldAsString(i));
      rows.push_back(row);
    }
    ds->ReleaseResultSet(result);
    return rows;
  }
};

TEST(LayerStyles, TableFollowsQgisSchemaAndIsRegistered) {
  testing::ScratchDir dir("qgis_layer_styles");
  const VectorLayer cameras = points_layer();
  const VectorLayer cells = cells_layer();
  const std::vector<const VectorLayer*> layers{&cameras, &cells};
  const std::vector<LayerStyle> styles{cameras_style(), gistar_style("gistar")};
  const std::string path = dir.file("plan.gpkg");
  write_styled_geopackage(layers, styles, path);

  Dataset db(path);
  ASSERT_TRUE(db.ds);
  // Column for column what QgsOgrProviderMetadata::saveStyle creates (plus the id key).
  const auto columns = db.query("SELECT name || ':' || type FROM pragma_table_info('layer_styles') ORDER BY cid");
  const std::vector<std::string> expected{"id:INTEGER",          "f_table_catalog:TEXT(256)", "f_table_schema:TEXT(256)",
                                          "f_table_name:TEXT(256)", "f_geometry_column:TEXT(256)",
                                          "styleName:TEXT(30)",  "styleQML:TEXT",             "styleSLD:TEXT",
                                          "useAsDefault:BOOLEAN", "description:TEXT",         "owner:TEXT(30)",
                                          "ui:TEXT(30)",         "update_time:DATETIME"};
  EXPECT_EQ(columns, expected);
  EXPECT_EQ(db.query("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"),
            std::vector<std::string>{"attributes"});
  const auto rows = db.query(
      "SELECT f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, useAsDefault, "
      "update_time || '' "
      "FROM layer_styles ORDER BY id");
  EXPECT_EQ(rows, (std::vector<std::string>{"||cameras|geom|cameras|1|2000-01-01T00:00:00.000Z",
                                            "||gistar|geom|gistar|1|2000-01-01T00:00:00.000Z"}));
  const auto qml = db.query("SELECT styleQML FROM layer_styles WHERE f_table_name = 'gistar'");
  ASSERT_EQ(qml.size(), 1U);
  EXPECT_EQ(qml[0], layer_qml(styles[1]));
  // GDAL's own validity check of the GeoPackage passes.
  EXPECT_EQ(db.query("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

TEST(LayerStyles, SameLayersSameBytes) {
  testing::ScratchDir dir("qgis_layer_styles_bytes");
  const VectorLayer cameras = points_layer();
  const std::vector<const VectorLayer*> layers{&cameras};
  const std::vector<LayerStyle> styles{cameras_style()};
  write_styled_geopackage(layers, styles, dir.file("a.gpkg"));
  write_styled_geopackage(layers, styles, dir.file("b.gpkg"));
  EXPECT_EQ(testing::read_text(dir.file("a.gpkg")), testing::read_text(dir.file("b.gpkg")));
}

TEST(LayerStyles, AddingToAnExistingGeoPackageReplacesTheDefault) {
  testing::ScratchDir dir("qgis_layer_styles_add");
  const VectorLayer cameras = points_layer();
  const std::vector<const VectorLayer*> layers{&cameras};
  const std::string path = dir.file("cctv.gpkg");
  write_geopackage(layers, path);
  const std::vector<LayerStyle> first{cameras_style()};
  write_layer_styles(path, first);
  // A second style of another name becomes the default; the first stays, no longer default.
  GeoPackageStyle other = geopackage_style(cameras_style("cameras", "site"));
  other.name = "by site";
  const std::vector<GeoPackageStyle> second{other};
  add_geopackage_styles(path, second);
  // The same name again replaces that row instead of adding one.
  add_geopackage_styles(path, second);
  Dataset db(path);
  ASSERT_TRUE(db.ds);
  EXPECT_EQ(db.query("SELECT styleName, useAsDefault FROM layer_styles ORDER BY id"),
            (std::vector<std::string>{"cameras|0", "by site|1"}));
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM cameras"), std::vector<std::string>{"2"});
}

TEST(LayerStyles, UnknownLayerIsAnOutputErrorAndLeavesTheFile) {
  testing::ScratchDir dir("qgis_layer_styles_unknown");
  const VectorLayer cameras = points_layer();
  const std::vector<const VectorLayer*> layers{&cameras};
  const std::string path = dir.file("cctv.gpkg");
  write_geopackage(layers, path);
  const std::string before = testing::read_text(path);
  const std::vector<LayerStyle> styles{coverage_style()};
  try {
    write_layer_styles(path, styles);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::output);
    EXPECT_NE(std::string(e.what()).find("coverage"), std::string::npos);
  }
  EXPECT_EQ(testing::read_text(path), before);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 1);
}

}  // namespace
}  // namespace hotspot::qgis
