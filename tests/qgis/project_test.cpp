#include "hotspot/qgis/project.hpp"

#include <string>
#include <vector>

#include <cpl_minixml.h>
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "qgis/xml_test_support.hpp"

namespace hotspot::qgis {
namespace {

using testing::children;
using testing::Xml;

std::vector<ProjectLayer> sample_layers(const std::filesystem::path& folder) {
  const std::vector<density::HotspotLevel> levels{{0.01, 9.0, 1, 1}, {0.05, 4.0, 5, 5}};
  return {
      {"Cameras & <sites>", folder / "plan.gpkg", "cameras", cameras_style(), true, ""},
      {"Gi* hot spots", folder / "plan.gpkg", "gistar", gistar_style("gistar"), false, ""},
      {"hotspots (GeoJSON)", "copies/hotspots.geojson", "", hotspot_polygons_style("hotspots", std::vector<std::string>{"top 1%"}),
       true, "EPSG:4326"},
      {"density", folder / "density.tif", "", density_style("density", levels), true, ""},
  };
}

TEST(ProjectQgs, LayersInOrderWithRelativeSourcesAndEmbeddedStyles) {
  const std::filesystem::path folder = "/data/out/plan";
  const auto layers = sample_layers(folder);
  const std::string text = project_qgs(folder, "Welwyn & Hatfield plan", "EPSG:27700", {520000, 205000, 530000, 215000}, layers);
  Xml xml(text);
  ASSERT_NE(xml.root, nullptr) << text;
  CPLXMLNode* qgis = CPLGetXMLNode(xml.root, "=qgis");
  ASSERT_NE(qgis, nullptr);
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectname", ""), "Welwyn & Hatfield plan");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.authid", ""), "EPSG:27700");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.srid", ""), "27700");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.projectionacronym", ""), "tmerc");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.ellipsoidacronym", ""), "EPSG:7001");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.geographicflag", ""), "false");
  EXPECT_NE(std::string(CPLGetXMLValue(qgis, "projectCrs.spatialrefsys.wkt", "")).find("British National Grid"),
            std::string::npos);
  EXPECT_STREQ(CPLGetXMLValue(qgis, "properties.Paths.Absolute", ""), "false");

  const auto tree = children(CPLGetXMLNode(qgis, "layer-tree-group"), "layer-tree-layer");
  ASSERT_EQ(tree.size(), 4U);
  EXPECT_STREQ(CPLGetXMLValue(tree[0], "name", ""), "Cameras & <sites>");
  EXPECT_STREQ(CPLGetXMLValue(tree[0], "source", ""), "./plan.gpkg|layername=cameras");
  EXPECT_STREQ(CPLGetXMLValue(tree[0], "checked", ""), "Qt::Checked");
  EXPECT_STREQ(CPLGetXMLValue(tree[1], "checked", ""), "Qt::Unchecked");
  EXPECT_STREQ(CPLGetXMLValue(tree[2], "source", ""), "./copies/hotspots.geojson");
  EXPECT_STREQ(CPLGetXMLValue(tree[3], "source", ""), "./density.tif");
  EXPECT_STREQ(CPLGetXMLValue(tree[3], "providerKey", ""), "gdal");

  const auto maplayers = children(CPLGetXMLNode(qgis, "projectlayers"), "maplayer");
  const auto order = children(CPLGetXMLNode(qgis, "layerorder"), "layer");
  ASSERT_EQ(maplayers.size(), 4U);
  ASSERT_EQ(order.size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string id = CPLGetXMLValue(tree[i], "id", "");
    EXPECT_EQ(id, CPLGetXMLValue(maplayers[i], "id", ""));
    EXPECT_EQ(id, CPLGetXMLValue(order[i], "id", ""));
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(id, CPLGetXMLValue(tree[j], "id", ""));
  }
  EXPECT_STREQ(CPLGetXMLValue(maplayers[0], "type", ""), "vector");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[0], "geometry", ""), "Point");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[0], "renderer-v2.type", ""), "singleSymbol");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[1], "renderer-v2.type", ""), "graduatedSymbol");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[2], "srs.spatialrefsys.authid", ""), "EPSG:4326");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[2], "srs.spatialrefsys.geographicflag", ""), "true");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[3], "type", ""), "raster");
  EXPECT_STREQ(CPLGetXMLValue(maplayers[3], "pipe.rasterrenderer.type", ""), "singlebandpseudocolor");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "ProjectViewSettings.DefaultViewExtent.xmin", ""), "520000");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "mapcanvas.extent.ymax", ""), "215000");
}

TEST(ProjectQgs, SourcesOutsideTheFolderClimbUp) {
  std::vector<ProjectLayer> layers{{"area", "/data/boundaries/area.gpkg", "districts", study_area_style("districts"), true, ""}};
  const std::string text = project_qgs("/data/out/plan", "t", "EPSG:27700", {0, 0, 1, 1}, layers);
  EXPECT_NE(text.find("source=\"../../boundaries/area.gpkg|layername=districts\""), std::string::npos);
}

TEST(ProjectQgs, RejectsBadInput) {
  const auto layers = sample_layers("/x");
  EXPECT_THROW((void)project_qgs("/x", "t", "EPSG:27700", {1, 0, 1, 1}, layers), Error);     // empty extent
  EXPECT_THROW((void)project_qgs("/x", "t", "EPSG:999999", {0, 0, 1, 1}, layers), Error);    // unknown CRS
  std::vector<ProjectLayer> twice{layers[0], layers[0]};
  EXPECT_THROW((void)project_qgs("/x", "t", "EPSG:27700", {0, 0, 1, 1}, twice), Error);      // duplicate names
}

TEST(ProjectQgs, SameInputSameBytes) {
  const auto layers = sample_layers("/x");
  EXPECT_EQ(project_qgs("/x", "t", "EPSG:27700", {0, 0, 1, 1}, layers),
            project_qgs("/x", "t", "EPSG:27700", {0, 0, 1, 1}, layers));
}

}  // namespace
}  // namespace hotspot::qgis
