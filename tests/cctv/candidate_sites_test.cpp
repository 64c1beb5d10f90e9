#include "hotspot/cctv/candidate_sites.hpp"

#include <geos_c.h>

#include <cmath>

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/cctv/layer_source.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::rect;
using testing::ScratchDir;
using testing::write_text;

// A GeoJSON file in British National Grid (old-style "crs" member, which GDAL reads).
std::string bng_geojson(const std::string& features) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[)" +
         features + "]}";
}

TEST(Candidates, LatticePointsCostsExclusionsAndBuildings) {
  ScratchDir dir("cctv-candidates");
  write_text(dir.file("points.geojson"),
             bng_geojson(R"({"type":"Feature","properties":{"cost":2.5},"geometry":{"type":"Point","coordinates":[150,50]}},
                            {"type":"Feature","properties":{"cost":1},"geometry":{"type":"Point","coordinates":[455,255]}})"));
  write_text(dir.file("exclude.geojson"),
             bng_geojson(R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-1,-1],[250,-1],[250,150],[-1,150],[-1,-1]]]}})"));
  std::vector<std::string> notes;
  const StudyArea area = StudyArea::from_wkb(rect(0, 0, 1000, 500), "EPSG:27700", notes);
  const ObstacleSet buildings = ObstacleSet::from_wkb({rect(420, 220, 480, 280), rect(690, 390, 710, 410)}, notes);
  CandidateOptions o;
  o.points = AreaSource{dir.file("points.geojson"), "", ""};
  o.cost_field = "cost";
  o.spacing_m = 100;
  o.lattice_area = &area;
  o.exclusions = {AreaSource{dir.file("exclude.geojson"), "", ""}};
  CandidateReport report;
  const auto sites = generate_candidates(o, buildings, "EPSG:27700", report, notes);
  EXPECT_EQ(report.from_points, 2U);
  EXPECT_EQ(report.from_lattice, 11U * 6U);
  // Excluded: the first point and lattice nodes with x ≤ 200, y ≤ 100 (3 × 2).
  EXPECT_EQ(report.excluded, 1U + 6U);
  // In buildings: point (455, 255) and lattice node (700, 400).
  EXPECT_EQ(report.inside_obstacles, 2U);
  EXPECT_EQ(sites.size(), 2U + 66U - 7U - 2U);
  for (const auto& s : sites) {
    EXPECT_FALSE(buildings.inside(s.x, s.y));
    EXPECT_EQ(std::fmod(s.x, 100.0), 0.0);  // only lattice nodes remain
  }
}

TEST(Candidates, NamedSitesWithTheirOwnCamerasAndMountFlags) {
  ScratchDir dir("cctv-candidates-named");
  write_text(dir.file("sites.geojson"),
             bng_geojson(R"({"type":"Feature","properties":{"name":"KGV car park","range":80,"fov":90,"heading":45,"power":"yes"},"geometry":{"type":"Point","coordinates":[100,100]}},
                            {"type":"Feature","properties":{"name":"Station forecourt","range":null,"fov":null,"heading":null,"power":"0"},"geometry":{"type":"Point","coordinates":[300,100]}},
                            {"type":"Feature","properties":{"name":"","range":null,"fov":null,"heading":null,"power":null},"geometry":{"type":"Point","coordinates":[500,100]}})"));
  CameraModel shared;
  shared.range_m = 40;
  shared.fov_deg = 360;
  CandidateOptions o;
  o.points = AreaSource{dir.file("sites.geojson"), "", ""};
  o.name_field = "name";
  o.range_field = "range";
  o.fov_field = "fov";
  o.heading_field = "heading";
  o.usable_field = "power";
  o.default_camera = &shared;
  o.spacing_m = 0;  // the named points only (the default lattice needs a study area)
  CandidateReport report;
  std::vector<std::string> notes;
  const auto sites = generate_candidates(o, ObstacleSet(), "EPSG:27700", report, notes);
  ASSERT_EQ(sites.size(), 2U);
  EXPECT_EQ(report.unusable, 1U);
  EXPECT_EQ(sites[0].label, "KGV car park");
  ASSERT_TRUE(sites[0].model.has_value());
  EXPECT_DOUBLE_EQ(sites[0].model->range_m, 80);
  EXPECT_DOUBLE_EQ(sites[0].model->fov_deg, 90);
  ASSERT_TRUE(sites[0].heading_deg.has_value());
  EXPECT_DOUBLE_EQ(*sites[0].heading_deg, 45);
  // No name and no camera fields: labelled by feature id, the shared camera, noted.
  EXPECT_EQ(sites[1].label, "points fid 2");
  EXPECT_FALSE(sites[1].model.has_value());
  EXPECT_EQ(notes.size(), 2U);

  // A repeated name, a flag that is neither yes nor no, and a missing field are refused.
  write_text(dir.file("twice.geojson"),
             bng_geojson(R"({"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[0,0]}},
                            {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[9,9]}})"));
  CandidateOptions twice;
  twice.points = AreaSource{dir.file("twice.geojson"), "", ""};
  twice.name_field = "name";
  try {
    (void)generate_candidates(twice, ObstacleSet(), "EPSG:27700", report, notes);
    FAIL() << "a repeated site name was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("\"A\" is also used by fid 0"), std::string::npos) << e.what();
  }
  twice.name_field = "site_name";
  try {
    (void)generate_candidates(twice, ObstacleSet(), "EPSG:27700", report, notes);
    FAIL() << "a missing name field was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("has no field \"site_name\"; its fields are: name"), std::string::npos) << e.what();
  }
  o.usable_field = "name";
  EXPECT_THROW((void)generate_candidates(o, ObstacleSet(), "EPSG:27700", report, notes), Error);
}

TEST(Candidates, PointsAlongRoadsMatchTheirLengths) {
  std::vector<std::string> notes;
  const AreaSource roads{std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg", "roads", ""};
  const auto features = read_layer(roads, "EPSG:27700", {}, "test", notes);
  testing::Geos geos;
  std::size_t expected = 0;
  for (const auto& f : features) {
    GEOSGeometry* g = geos.read(f.wkb);
    for (int i = 0; i < GEOSGetNumGeometries_r(geos.get(), g); ++i) {
      double length = 0;
      GEOSLength_r(geos.get(), GEOSGetGeometryN_r(geos.get(), g, i), &length);
      expected += static_cast<std::size_t>(std::floor(length / 30.0)) + 1;
    }
    GEOSGeom_destroy_r(geos.get(), g);
  }
  CandidateOptions o;
  o.roads = roads;
  o.road_step_m = 30;
  o.spacing_m = 0;  // roads only (the default lattice needs a study area)
  CandidateReport report;
  const auto sites = generate_candidates(o, ObstacleSet(), "EPSG:27700", report, notes);
  EXPECT_EQ(report.from_roads, expected);
  EXPECT_EQ(sites.size() + report.duplicates, expected);
}

TEST(Candidates, ExistingCamerasWithTheirOwnFields) {
  ScratchDir dir("cctv-existing");
  write_text(dir.file("existing.geojson"),
             bng_geojson(R"({"type":"Feature","properties":{"r":25,"fov":90,"dir":45},"geometry":{"type":"Point","coordinates":[10,10]}},
                            {"type":"Feature","properties":{"r":null,"fov":60,"dir":null},"geometry":{"type":"Point","coordinates":[50,50]}})"));
  CameraModel defaults;
  defaults.range_m = 40;
  defaults.fov_deg = 360;
  std::vector<std::string> notes;
  const auto cams = read_existing_cameras(AreaSource{dir.file("existing.geojson"), "", ""}, {"r", "fov", "dir"}, defaults,
                                          "EPSG:27700", notes);
  ASSERT_EQ(cams.size(), 2U);
  EXPECT_DOUBLE_EQ(cams[0].model->range_m, 25);
  EXPECT_DOUBLE_EQ(cams[0].model->fov_deg, 90);
  EXPECT_DOUBLE_EQ(*cams[0].heading_deg, 45);
  EXPECT_DOUBLE_EQ(cams[1].model->range_m, 40);
  EXPECT_DOUBLE_EQ(cams[1].model->fov_deg, 360);  // no heading: taken to look all round
  EXPECT_FALSE(notes.empty());
  EXPECT_THROW((void)read_existing_cameras(AreaSource{dir.file("existing.geojson"), "", ""}, {"nope", "", ""}, defaults,
                                           "EPSG:27700", notes),
               Error);
}

}  // namespace
}  // namespace hotspot
