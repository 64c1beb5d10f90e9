// GDAL viewshed over footprints with heights, on hand-built scenes whose answers follow from
// similar triangles: a camera h_c above ground sees a target h_t tall at distance d over an
// obstacle of height h at distance a when h_c − (h_c − h_t)·a/d > h.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "cctv_test_support.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/cctv/viewshed.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::all_round;
using testing::rect;


// A block east of the camera at x ∈ [10, 14], y ∈ [−3, 3]; targets straight behind it at
// (25, 0), beside it at (0, 25) and the other way at (−25, 0).
std::vector<HeightedFootprint> block(double height) { return {{rect(10, -3, 14, 3), height}}; }

TEST(Viewshed, TallBuildingBlocksWhatIsBehindIt) {
  testing::Geos geos;
  const auto v = viewshed_polygon(block(20), 0, 0, 0, all_round(40));
  ASSERT_FALSE(v.wkb.empty());
  EXPECT_FALSE(geos.covers(v.wkb, 25, 0));  // 6 − 4.5·10/25 = 4.2 m < 20 m: blocked
  EXPECT_FALSE(geos.covers(v.wkb, 35, 1));
  EXPECT_TRUE(geos.covers(v.wkb, 0, 25));
  EXPECT_TRUE(geos.covers(v.wkb, -25, 0));
  EXPECT_TRUE(geos.covers(v.wkb, 5, 0));    // in front of the block
  EXPECT_FALSE(geos.covers(v.wkb, 0, 45));  // beyond the range
}

TEST(Viewshed, LowWallDoesNotBlockAHigherCamera) {
  testing::Geos geos;
  ViewshedOptions high;
  high.camera_height_m = 6;
  // Over a 2 m wall: at the wall's near face the sight line to (25, 0) is 6 − 4.5·10/25 = 4.2 m.
  const auto v = viewshed_polygon(block(2), 0, 0, 0, all_round(40), high);
  EXPECT_TRUE(geos.covers(v.wkb, 25, 0));
  EXPECT_TRUE(geos.covers(v.wkb, 35, 1));
  // A camera at 1.8 m, below the wall: 1.8 − 0.3·10/25 = 1.68 m < 2 m, blocked.
  ViewshedOptions low;
  low.camera_height_m = 1.8;
  const auto w = viewshed_polygon(block(2), 0, 0, 0, all_round(40), low);
  EXPECT_FALSE(geos.covers(w.wkb, 25, 0));
  EXPECT_TRUE(geos.covers(w.wkb, 0, 25));
}

TEST(Viewshed, OpenGroundIsTheSectorAndTheSectorStillCuts) {
  testing::Geos geos;
  const std::vector<HeightedFootprint> none;
  const auto v = viewshed_polygon(none, 0, 0, 0, all_round(30));
  // The whole range circle (the sector polygon's area) up to cell rounding at the edge.
  EXPECT_NEAR(v.area_m2, 0.5 * 360 * 30 * 30 * std::sin(M_PI / 180), 0.01 * M_PI * 900);
  CameraModel north = all_round(30);
  north.fov_deg = 90;
  const auto n = viewshed_polygon(none, 0, 0, 0, north);
  EXPECT_TRUE(geos.covers(n.wkb, 0, 20));
  EXPECT_FALSE(geos.covers(n.wkb, 0, -20));
  EXPECT_FALSE(geos.covers(n.wkb, 20, 0));
}

// Buildings taller than the camera block like 2D walls (the sight line to a target lower than
// the camera only descends), so the viewshed must match the ray-cast visibility polygon up to
// the cells its edges cross: the symmetric difference is at most the polygon's boundary length
// times one cell diagonal. (At 50 m, eight times the camera height, GDAL's horizon
// interpolation widens the shadows past this bound: see viewshed.hpp.)
TEST(Viewshed, TallBuildingsAgreeWithTheTwoDimensionalPolygon) {
  testing::Geos geos;
  const std::vector<HeightedFootprint> scene{{rect(10, -3, 14, 3), 12}, {rect(-20, 8, -6, 12), 12}, {rect(-4, -18, 4, -15), 12}};
  std::vector<std::string> wkbs;
  for (const auto& f : scene) wkbs.push_back(f.wkb);
  std::vector<std::string> notes;
  const ObstacleSet walls = ObstacleSet::from_wkb(wkbs, notes);
  ViewshedOptions options;
  options.cell_size_m = 0.25;
  const auto raster = viewshed_polygon(scene, 0.1, 0.2, 0, all_round(30), options);
  const auto vector = visibility_polygon(walls, 0.1, 0.2, 0, all_round(30));
  // The faces towards the camera are visible cells of the surface model but not street; the
  // 2D polygon stops at them.
  GEOSGeometry* seen = geos.read(raster.wkb);
  GEOSGeometry* footprints = geos.read(wkbs[0]);
  for (std::size_t i = 1; i < wkbs.size(); ++i) {
    GEOSGeometry* next = geos.read(wkbs[i]);
    GEOSGeometry* merged = GEOSUnion_r(geos.get(), footprints, next);
    GEOSGeom_destroy_r(geos.get(), footprints);
    GEOSGeom_destroy_r(geos.get(), next);
    footprints = merged;
  }
  GEOSGeometry* a = GEOSDifference_r(geos.get(), seen, footprints);
  GEOSGeom_destroy_r(geos.get(), seen);
  GEOSGeom_destroy_r(geos.get(), footprints);
  GEOSGeometry* b = geos.read(vector.wkb);
  GEOSGeometry* d = GEOSSymDifference_r(geos.get(), a, b);
  GEOSGeometry* boundary = GEOSBoundary_r(geos.get(), b);
  double diff = 0, perimeter = 0;
  GEOSArea_r(geos.get(), d, &diff);
  GEOSLength_r(geos.get(), boundary, &perimeter);
  EXPECT_GT(vector.area_m2, 1000);
  EXPECT_LT(diff, perimeter * options.cell_size_m * std::sqrt(2.0)) << diff << " m² differ; perimeter " << perimeter;
  for (GEOSGeometry* g : {a, b, d, boundary}) GEOSGeom_destroy_r(geos.get(), g);
}

// plan_cctv with --height-field: a 360° camera at the origin, the block east of it, three
// incidents behind the block at (25, 0) and one in the open at (−10, 0).
std::int64_t incidents_in_view(double block_height, const std::string& height_field, double camera_height) {
  testing::ScratchDir dir("viewshed-plan");
  const std::vector<FieldSpec> no_fields;
  VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", no_fields, {{wkb_point(0, 0), {}}}, {}};
  VectorLayer walls{"walls", GeometryKind::polygon, "EPSG:27700", {{"height", FieldType::real}},
                    {{rect(10, -3, 14, 3), {block_height}}}, {}};
  const VectorLayer* layers[] = {&sites, &walls};
  write_geopackage(layers, dir.file("scene.gpkg"));
  CctvOptions options;
  options.candidates.points = AreaSource{dir.file("scene.gpkg"), "sites", ""};
  options.obstacles = AreaSource{dir.file("scene.gpkg"), "walls", ""};
  options.height_field = height_field;
  options.viewshed.camera_height_m = camera_height;
  options.camera = all_round(40);
  options.planner.cameras = 1;
  PreparedIncidents prepared;
  prepared.crs = WorkingCrsChoice{"EPSG:27700", "EPSG:27700", "test"};
  prepared.harm = HarmWeights::bundled();
  prepared.incidents.crs = "EPSG:27700";
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{{25, 0}, {25, 0}, {25, 0}, {-10, 0}}) {
    IncidentRecord rec;
    rec.x = x;
    rec.y = y;
    prepared.incidents.push_back(rec);
  }
  const CctvReport report = plan_cctv(prepared, options);
  if (!height_field.empty()) {
    EXPECT_NE(report.obstacles.find("GDAL viewshed"), std::string::npos) << report.obstacles;
  }
  return std::get<std::int64_t>(report.cameras.features.at(0).values[15]);  // incidents_in_view
}

TEST(Viewshed, PlanSeesOverALowWallOnlyWithHeights) {
  EXPECT_EQ(incidents_in_view(2, "", 6), 1);          // 2D: every footprint blocks
  EXPECT_EQ(incidents_in_view(2, "height", 6), 4);    // 6 m camera over a 2 m wall
  EXPECT_EQ(incidents_in_view(2, "height", 1.8), 1);  // camera lower than the wall
  EXPECT_EQ(incidents_in_view(20, "height", 6), 1);   // tall building
}

// The viewshed path of build_coverage (once per site, cut per heading, GDAL in each thread)
// gives the same matrix on 1 and 2 threads, and each column holds exactly the demand points
// inside viewshed_polygon for that site and heading.
TEST(Viewshed, CoverageMatrixMatchesThePolygonsOnAnyThreadCount) {
  testing::ScratchDir dir("viewshed-threads");
  VectorLayer walls{"walls", GeometryKind::polygon, "EPSG:27700", {{"height", FieldType::real}},
                    {{rect(10, -5, 11, 5), {2.0}}, {rect(-30, -30, -20, -10), {12.0}}, {rect(30, 20, 40, 24), {4.5}}}, {}};
  const VectorLayer* layers[] = {&walls};
  write_geopackage(layers, dir.file("walls.gpkg"));
  std::vector<std::string> notes;
  ViewshedOptions viewshed;
  viewshed.camera_height_m = 4;
  viewshed.cell_size_m = 1;
  const ObstacleSet obstacles =
      ObstacleSet::from_source_with_heights(AreaSource{dir.file("walls.gpkg"), "walls", ""}, "EPSG:27700", "height", viewshed, notes);
  WeightedPoints demand;
  for (double x = -60; x <= 60; x += 3.7) {
    for (double y = -60; y <= 60; y += 3.7) {
      demand.x.push_back(x);
      demand.y.push_back(y);
      demand.weight.push_back(1);
      demand.count.push_back(1);
    }
  }
  std::vector<CameraSite> sites;
  for (double x = -40; x <= 40; x += 20) {
    for (double y = -40; y <= 40; y += 20) sites.push_back({x + 0.3, y + 0.6, 1, "", {}, {}});
  }
  CoverageOptions options;
  options.camera.range_m = 30;
  options.camera.fov_deg = 90;
  options.camera.headings = 4;
  options.threads = 1;
  const CoverageMatrix one = build_coverage(sites, demand, obstacles, options);
  options.threads = 2;
  const CoverageMatrix two = build_coverage(sites, demand, obstacles, options);
  ASSERT_EQ(one.columns.size(), two.columns.size());
  testing::Geos geos;
  std::size_t total = 0;
  for (std::size_t c = 0; c < one.columns.size(); ++c) {
    EXPECT_EQ(one.columns[c].points, two.columns[c].points);
    const CameraSite& site = sites[one.columns[c].site];
    const Visibility seen = visibility_polygon(obstacles, site.x, site.y, one.columns[c].heading_deg, options.camera);
    std::vector<std::uint32_t> inside;
    for (std::uint32_t i = 0; i < demand.size(); ++i) {
      if (geos.covers(seen.wkb, demand.x[i], demand.y[i])) inside.push_back(i);
    }
    EXPECT_EQ(one.columns[c].points, inside) << "column " << c;
    total += inside.size();
  }
  EXPECT_GT(total, 100U);
}

}  // namespace
}  // namespace hotspot
