#include "hotspot/cctv/visibility.hpp"

#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/cctv/layer_source.hpp"

namespace hotspot {
namespace {

using testing::Geos;
using testing::all_round;
using testing::rect;

constexpr double kPi = std::numbers::pi;


// Area of the regular 360-gon the ray caster draws for an unobstructed circle.
double drawn_circle_area(double r) { return 0.5 * 360 * r * r * std::sin(2 * kPi / 360); }

ObstacleSet scene(const std::vector<std::string>& polygons) {
  std::vector<std::string> notes;
  return ObstacleSet::from_wkb(polygons, notes);
}

TEST(Visibility, OpenGroundIsTheRangeCircle) {
  const ObstacleSet none;
  EXPECT_EQ(none.description(), "open ground (no obstacles given)");
  const Visibility v = visibility_polygon(none, 1000, 2000, 0, all_round(50));
  EXPECT_EQ(v.wkb[1], 6);  // little-endian WKB type 6: always a multipolygon
  EXPECT_NEAR(v.area_m2, drawn_circle_area(50), 1e-6);
  EXPECT_NEAR(v.area_m2, kPi * 2500, 2.0);  // chord error of 1° steps
  Geos geos;
  EXPECT_TRUE(geos.covers(v.wkb, 1049, 2000));
  EXPECT_FALSE(geos.covers(v.wkb, 1051, 2000));  // range cuts
}

TEST(Visibility, WallBlocksWhatIsBehindIt) {
  // Wall 1 m thick, 10 m wide, 10 m east of the camera.
  const ObstacleSet walls = scene({rect(10, -5, 11, 5)});
  const Visibility v = visibility_polygon(walls, 0, 0, 0, all_round(50));
  Geos geos;
  EXPECT_TRUE(geos.covers(v.wkb, 5, 0));
  EXPECT_FALSE(geos.covers(v.wkb, 20, 0));
  EXPECT_FALSE(geos.covers(v.wkb, 45, 20));   // inside the shadow (angle 24° < 26.57°)
  EXPECT_TRUE(geos.covers(v.wkb, 40, 25));    // outside it (32°)
  EXPECT_TRUE(geos.covers(v.wkb, -30, 0));
  // Hidden: the circular sector of half-angle atan(1/2) beyond the wall's front face.
  const double alpha = std::atan(0.5);
  const double hidden = alpha * 2500 - 50;
  EXPECT_NEAR(v.area_m2, kPi * 2500 - hidden, 3.0);
}

TEST(Visibility, GapBetweenBuildingsLetsARayThrough) {
  const ObstacleSet blocks = scene({rect(10, 1, 12, 10), rect(10, -10, 12, -1)});
  const Visibility v = visibility_polygon(blocks, 0, 0, 0, all_round(60));
  Geos geos;
  EXPECT_TRUE(geos.covers(v.wkb, 40, 0));    // through the 2 m gap
  EXPECT_TRUE(geos.covers(v.wkb, 50, 3));    // still inside the wedge: 3/50 < 1/12
  EXPECT_FALSE(geos.covers(v.wkb, 40, 5));   // behind the northern block
  EXPECT_FALSE(geos.covers(v.wkb, 40, -5));  // behind the southern block
  EXPECT_FALSE(geos.covers(v.wkb, 11, 5));   // inside a block
}

TEST(Visibility, SectorLimits) {
  CameraModel m = all_round(40);
  m.fov_deg = 90;
  const ObstacleSet none;
  const Visibility east = visibility_polygon(none, 0, 0, 90, m);  // heading 90° = east
  Geos geos;
  EXPECT_TRUE(geos.covers(east.wkb, 20, 5));
  EXPECT_TRUE(geos.covers(east.wkb, 20, -19));
  EXPECT_FALSE(geos.covers(east.wkb, 5, 20));
  EXPECT_FALSE(geos.covers(east.wkb, -20, 0));
  EXPECT_NEAR(east.area_m2, drawn_circle_area(40) / 4, 1.0);
  const Visibility north = visibility_polygon(none, 0, 0, 0, m);
  EXPECT_TRUE(geos.covers(north.wkb, 5, 20));
  EXPECT_FALSE(geos.covers(north.wkb, 20, 5));
  // A 270° camera facing south sees everything but the northern quadrant.
  m.fov_deg = 270;
  const Visibility wide = visibility_polygon(none, 0, 0, 180, m);
  EXPECT_TRUE(geos.covers(wide.wkb, 20, -5));
  EXPECT_TRUE(geos.covers(wide.wkb, -20, 5));
  EXPECT_FALSE(geos.covers(wide.wkb, 3, 20));
  EXPECT_NEAR(wide.area_m2, drawn_circle_area(40) * 0.75, 2.0);
}

// The sector cut (the camera plus the rays between the sector's sides) against GEOS's overlay of
// the all-round view with a wide wedge, among real buildings, for 16 headings.
TEST(Visibility, SectorCutMatchesGeosIntersection) {
  std::vector<std::string> notes;
  const AreaSource source{std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg", "buildings", ""};
  const ObstacleSet buildings = ObstacleSet::from_source(source, "EPSG:27700", notes);
  const double cx = 451257, cy = 206518;
  ASSERT_FALSE(buildings.inside(cx, cy));
  CameraModel m = all_round(80);
  const Visibility full = visibility_polygon(buildings, cx, cy, 0, m);
  Geos geos;
  GEOSGeometry* all = geos.read(full.wkb);
  m.fov_deg = 70;
  for (int h = 0; h < 16; ++h) {
    const double heading = 22.5 * h;
    const Visibility cut = visibility_polygon(buildings, cx, cy, heading, m);
    // Wedge with straight sides well beyond the range.
    const double c = (90 - heading) * kPi / 180, half = 35 * kPi / 180;
    std::vector<std::pair<double, double>> ring{{cx, cy}};
    for (int k = 0; k <= 70; ++k) {
      const double a = c - half + 2 * half * k / 70;
      ring.emplace_back(cx + 200 * std::cos(a), cy + 200 * std::sin(a));
    }
    GEOSGeometry* wedge = geos.read(wkb_polygon(std::vector<std::vector<std::pair<double, double>>>{ring}));
    GEOSGeometry* expected = GEOSIntersection_r(geos.get(), all, wedge);
    double area = 0;
    GEOSArea_r(geos.get(), expected, &area);
    // Not identical: the all-round view has no ray on the sector sides, so its chord there
    // differs slightly from the exact cut.
    EXPECT_NEAR(cut.area_m2, area, 0.002 * area + 0.5) << "heading " << heading;
    GEOSGeometry* got = geos.read(cut.wkb);
    GEOSGeometry* sym = GEOSSymDifference_r(geos.get(), got, expected);
    GEOSGeom_destroy_r(geos.get(), got);
    double diff = 0;
    GEOSArea_r(geos.get(), sym, &diff);
    EXPECT_LT(diff, 0.01 * area + 1.0) << "heading " << heading;
    GEOSGeom_destroy_r(geos.get(), sym);
    GEOSGeom_destroy_r(geos.get(), expected);
    GEOSGeom_destroy_r(geos.get(), wedge);
  }
  GEOSGeom_destroy_r(geos.get(), all);
}

TEST(Visibility, CameraInsideABuildingSeesNothing) {
  const ObstacleSet building = scene({rect(-5, -5, 5, 5)});
  EXPECT_TRUE(building.inside(0, 0));
  EXPECT_FALSE(building.inside(5, 0));  // on the wall: outside
  const Visibility v = visibility_polygon(building, 0, 0, 0, all_round(30));
  EXPECT_TRUE(v.inside_obstacle);
  EXPECT_TRUE(v.wkb.empty());
  EXPECT_EQ(v.area_m2, 0.0);
}

TEST(Visibility, IndoorPointsMoveToTheNearestOpenGround) {
  const ObstacleSet one = scene({rect(0, 0, 10, 10)});
  const auto a = one.nearest_open_ground(2, 5, 30);
  ASSERT_TRUE(a.has_value());
  EXPECT_NEAR(a->first, -0.05, 1e-12);
  EXPECT_NEAR(a->second, 5, 1e-12);
  // A terrace: the nearest wall is shared with the neighbour, so the point goes out the front.
  const ObstacleSet terrace = scene({rect(0, 0, 10, 10), rect(-10, 0, 0, 10)});
  const auto b = terrace.nearest_open_ground(2, 4, 30);
  ASSERT_TRUE(b.has_value());
  EXPECT_NEAR(b->first, 2, 1e-12);
  EXPECT_NEAR(b->second, -0.05, 1e-12);
  EXPECT_FALSE(terrace.nearest_open_ground(2, 4, 3).has_value());  // no open ground within 3 m
}

TEST(Visibility, WallMountedCameraLooksAwayFromItsWall) {
  const ObstacleSet building = scene({rect(0, -5, 10, 5)});
  const Visibility v = visibility_polygon(building, 0, 0, 0, all_round(30));
  EXPECT_FALSE(v.inside_obstacle);
  Geos geos;
  EXPECT_TRUE(geos.covers(v.wkb, -20, 0));
  EXPECT_TRUE(geos.covers(v.wkb, -5, 20));
  EXPECT_FALSE(geos.covers(v.wkb, 20, 0));  // beyond the building
  EXPECT_FALSE(geos.covers(v.wkb, 5, 0));   // inside it
  // Mounted mid-wall, every ray with an eastward component enters the building at once: it
  // sees exactly the half-disc west of its wall.
  EXPECT_FALSE(geos.covers(v.wkb, 5, 6));
  EXPECT_TRUE(geos.covers(v.wkb, -1, 29));
  EXPECT_NEAR(v.area_m2, drawn_circle_area(30) / 2, 1.0);
}

TEST(Visibility, BuildingWithCourtyardHoleBlocks) {
  const std::vector<std::vector<std::pair<double, double>>> rings{
      {{10, -10}, {30, -10}, {30, 10}, {10, 10}}, {{15, -5}, {25, -5}, {25, 5}, {15, 5}}};
  const ObstacleSet b = scene({wkb_polygon(rings)});
  EXPECT_FALSE(b.inside(20, 0));  // in the courtyard
  EXPECT_TRUE(b.inside(12, 0));
  const Visibility v = visibility_polygon(b, 0, 0, 0, all_round(50));
  Geos geos;
  EXPECT_FALSE(geos.covers(v.wkb, 20, 0));
  EXPECT_FALSE(geos.covers(v.wkb, 40, 0));
}

// Oracle: a point is visible iff the segment from the camera to it does not pass through an
// obstacle's interior (GEOS relate), on the real Oxford OSM buildings.
TEST(Visibility, MatchesSegmentOracleOnOxfordBuildings) {
  std::vector<std::string> notes;
  const AreaSource source{std::string(HOTSPOT_SAMPLE_DIR) + "/oxford/oxford_centre_osm.gpkg", "buildings", ""};
  const auto features = read_layer(source, "EPSG:27700", {}, "test", notes);
  ASSERT_EQ(features.size(), 993U);
  const ObstacleSet buildings = ObstacleSet::from_source(source, "EPSG:27700", notes);
  EXPECT_GE(buildings.size(), 993U);
  Geos geos;
  std::vector<GEOSGeometry*> polys;
  for (const auto& f : features) polys.push_back(geos.read(f.wkb));
  // Camera positions on a small grid in the centre; those inside buildings are skipped.
  std::mt19937_64 rng(7);
  int cameras = 0, checked = 0;
  for (double cx = 451000; cx <= 451500 && cameras < 6; cx += 97) {
    for (double cy = 206300; cy <= 206800 && cameras < 6; cy += 89) {
      if (buildings.inside(cx, cy)) continue;
      ++cameras;
      const Visibility v = visibility_polygon(buildings, cx, cy, 0, all_round(60));
      ASSERT_FALSE(v.wkb.empty());
      std::uniform_real_distribution<double> unit(-60, 60);
      for (int k = 0; k < 150; ++k) {
        const double px = cx + unit(rng), py = cy + unit(rng);
        if (std::hypot(px - cx, py - cy) > 59) continue;
        if (geos.distance_to_boundary(v.wkb, px, py) < 1e-3) continue;
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos.get(), 2, 2);
        GEOSCoordSeq_setXY_r(geos.get(), seq, 0, cx, cy);
        GEOSCoordSeq_setXY_r(geos.get(), seq, 1, px, py);
        GEOSGeometry* line = GEOSGeom_createLineString_r(geos.get(), seq);
        bool blocked = false;
        for (GEOSGeometry* poly : polys) {
          // Interior of the line meets interior of the polygon: T********
          if (GEOSRelatePattern_r(geos.get(), line, poly, "T********") == 1) {
            blocked = true;
            break;
          }
        }
        GEOSGeom_destroy_r(geos.get(), line);
        EXPECT_EQ(geos.covers(v.wkb, px, py), !blocked) << "camera " << cx << "," << cy << " point " << px << "," << py;
        ++checked;
      }
    }
  }
  EXPECT_EQ(cameras, 6);
  EXPECT_GT(checked, 500);
  for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(geos.get(), g);
}

}  // namespace
}  // namespace hotspot
