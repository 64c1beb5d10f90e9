#include "hotspot/io/line_reader.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

TEST(LineReader, ReadsOxfordRoadsIntoBritishNationalGrid) {
  const std::string gpkg = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg";
  const auto lines = read_lines(LineSource{gpkg, "roads", ""}, "EPSG:27700");
  // ogrinfo: 619 LINESTRING features with 2,804 vertices in all.
  ASSERT_EQ(lines.size(), 619u);
  std::size_t vertices = 0;
  for (const auto& l : lines) {
    vertices += l.points.size();
    for (const auto& [x, y] : l.points) {
      // Central Oxford in BNG: about E 450,000–452,000, N 205,000–208,000.
      EXPECT_GT(x, 449000);
      EXPECT_LT(x, 453000);
      EXPECT_GT(y, 205000);
      EXPECT_LT(y, 208500);
    }
  }
  EXPECT_EQ(vertices, 2804u);
}

TEST(LineReader, MissingLayerAndPolygonOnlyLayersAreErrors) {
  const std::string gpkg = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg";
  EXPECT_THROW((void)read_lines(LineSource{gpkg, "no_such_layer", ""}, "EPSG:27700"), Error);
  EXPECT_THROW((void)read_lines(LineSource{gpkg, "buildings", ""}, "EPSG:27700"), Error);
  EXPECT_THROW((void)read_lines(LineSource{gpkg, "", ""}, "EPSG:27700"), Error);  // several layers
}

}  // namespace
}  // namespace hotspot
