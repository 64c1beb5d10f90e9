#include "hotspot/geo/study_area.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using Ring = std::vector<std::pair<double, double>>;

TEST(StudyArea, ContainsInteriorAndBoundaryPointsOnly) {
  const Ring square{{0, 0}, {100, 0}, {100, 100}, {0, 100}};
  std::vector<std::string> notes;
  const StudyArea area = StudyArea::from_wkb(wkb_polygon(std::span(&square, 1)), "EPSG:27700", notes);
  EXPECT_TRUE(area.contains(50, 50));
  EXPECT_TRUE(area.contains(0, 50));     // on the boundary counts as inside
  EXPECT_TRUE(area.contains(100, 100));  // corner
  EXPECT_FALSE(area.contains(100.001, 50));
  EXPECT_FALSE(area.contains(-1, -1));
  EXPECT_DOUBLE_EQ(area.area_m2(), 10000);
  EXPECT_TRUE(notes.empty());
}

TEST(StudyArea, RepairsSelfIntersectingPolygonsWithANote) {
  const Ring bowtie{{0, 0}, {100, 100}, {100, 0}, {0, 100}};
  std::vector<std::string> notes;
  const StudyArea area = StudyArea::from_wkb(wkb_polygon(std::span(&bowtie, 1)), "EPSG:27700", notes);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("repaired"), std::string::npos);
  EXPECT_DOUBLE_EQ(area.area_m2(), 5000);  // two triangles
  EXPECT_TRUE(area.contains(20, 50));   // left triangle (0,0) (0,100) (50,50)
  EXPECT_FALSE(area.contains(50, 20));  // between the triangles
}

TEST(StudyArea, EmptyAreaIsAnError) {
  const Ring flat{{0, 0}, {100, 0}, {200, 0}};
  std::vector<std::string> notes;
  EXPECT_THROW((void)StudyArea::from_wkb(wkb_polygon(std::span(&flat, 1)), "EPSG:27700", notes), Error);
}

TEST(StudyArea, ReadsAreaLayersWithWhereAndProjectsThem) {
  const std::string districts = std::string(HOTSPOT_SAMPLE_DIR) + "/boundaries/herts_districts.geojson";
  std::vector<std::string> notes;
  const StudyArea both = StudyArea::from_source({districts, "", "lad17nm IN ('Welwyn Hatfield', 'St Albans')"},
                                                "EPSG:27700", notes);
  const StudyArea wh = StudyArea::from_source({districts, "", "lad17nm = 'Welwyn Hatfield'"}, "EPSG:27700", notes);
  // ONS gives Welwyn Hatfield 129.6 km² and St Albans 161.2 km²; the generalised boundary is close.
  EXPECT_NEAR(wh.area_m2() / 1e6, 129.6, 3.0);
  EXPECT_NEAR(both.area_m2() / 1e6, 129.6 + 161.2, 6.0);
  EXPECT_TRUE(wh.contains(523200, 209300));  // Hatfield town centre
  EXPECT_FALSE(wh.contains(515000, 207000)); // St Albans city centre
  EXPECT_TRUE(both.contains(515000, 207000));
  EXPECT_THROW((void)StudyArea::from_source({districts, "", "lad17nm = 'Atlantis'"}, "EPSG:27700", notes), Error);
}

// Issue 21: a study area without a CRS (a shapefile without its .prj) was taken to be in the
// working CRS, and when it was not every incident fell outside, silently. Refused, as
// incident layers without a CRS are; a CRS given for it is used.
TEST(StudyArea, ALayerWithoutACrsIsRefusedUnlessOneIsGiven) {
  testing::ScratchDir dir("study_area");
  const std::string area = dir.file("area.csv");
  testing::write_text(area, "id,WKT\n1,\"POLYGON ((-0.3 51.7,-0.1 51.7,-0.1 51.8,-0.3 51.8,-0.3 51.7))\"\n");
  std::vector<std::string> notes;
  try {
    (void)StudyArea::from_source({area, "", ""}, "EPSG:27700", notes);
    FAIL() << "a layer without a CRS was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::crs);
    EXPECT_NE(std::string(e.what()).find("has no CRS"), std::string::npos) << e.what();
  }
  AreaSource source{area, "", ""};
  source.crs = "EPSG:4326";
  const StudyArea a = StudyArea::from_source(source, "EPSG:27700", notes);
  // (-0.2, 51.75) is about (522300, 210000) in British National Grid.
  EXPECT_TRUE(a.contains(522300, 210000));
  EXPECT_FALSE(a.contains(-0.2, 51.75));
}

TEST(StudyArea, BboxInDegreesIsProjected) {
  const StudyArea box = StudyArea::from_bbox(Bounds{-0.25, 51.75, -0.2, 51.78}, "EPSG:4326", "EPSG:27700");
  EXPECT_TRUE(box.contains(523200, 209300));
  EXPECT_FALSE(box.contains(515000, 207000));
  EXPECT_THROW((void)StudyArea::from_bbox(Bounds{1, 1, 0, 2}, "EPSG:4326", "EPSG:27700"), Error);
}

}  // namespace
}  // namespace hotspot
