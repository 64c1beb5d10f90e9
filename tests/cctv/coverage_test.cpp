#include "hotspot/cctv/coverage.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

using testing::Geos;
using testing::rect;

TEST(Demand, HalfLifeWeighting) {
  Incidents in;
  in.x = {0, 0, 5};
  in.y = {0, 0, 5};
  in.month = {make_month(2024, 12), make_month(2024, 6), kNoMonth};
  in.weight = {2, 4, 3};
  const WeightedPoints plain = demand_points(in, {});
  ASSERT_EQ(plain.size(), 2U);
  EXPECT_DOUBLE_EQ(plain.weight[0], 6);
  DemandOptions o;
  o.half_life_months = 6;
  const WeightedPoints recent = demand_points(in, o);
  // Reference = latest month (2024-12): the June incident is one half-life old.
  EXPECT_DOUBLE_EQ(recent.weight[0], 2 + 4 * 0.5);
  EXPECT_EQ(recent.count[0], 2U);
  EXPECT_DOUBLE_EQ(recent.weight[1], 3);  // no month: full weight
  o.reference_month = make_month(2025, 6);
  const WeightedPoints later = demand_points(in, o);
  EXPECT_NEAR(later.weight[0], 2 * 0.5 + 4 * 0.25, 1e-12);
  o.half_life_months = 0;
  EXPECT_THROW((void)demand_points(in, o), Error);
}

WeightedPoints grid_points(double spacing, double half) {
  WeightedPoints p;
  for (double x = -half; x <= half; x += spacing) {
    for (double y = -half; y <= half; y += spacing) {
      p.x.push_back(x + 0.013);  // off the lattice so no point sits exactly on a shadow edge
      p.y.push_back(y + 0.007);
      p.weight.push_back(1);
      p.count.push_back(1);
    }
  }
  return p;
}

TEST(Coverage, ColumnsMatchTheVisibilityPolygonAndDecay) {
  std::vector<std::string> notes;
  const ObstacleSet walls = ObstacleSet::from_wkb({rect(10, -5, 11, 5), rect(-20, 15, -10, 30)}, notes);
  const WeightedPoints demand = grid_points(2.5, 60);
  CoverageOptions options;
  options.camera.range_m = 40;
  options.camera.full_range_m = 15;
  options.camera.fov_deg = 120;
  options.camera.headings = 4;
  std::vector<CameraSite> sites{{0, 0, 1, "a", {}, {}}, {-15, 20, 1, "inside", {}, {}}, {30, 30, 1, "b", {}, {}}};
  // An existing-style site with its own model and heading.
  CameraModel own;
  own.range_m = 25;
  own.fov_deg = 90;
  sites.push_back({5, -30, 1, "own", own, 45.0});
  const CoverageMatrix m = build_coverage(sites, demand, walls, options);
  ASSERT_EQ(m.columns.size(), 4U * 3 + 1);
  EXPECT_EQ(m.site_inside_obstacle, (std::vector<std::uint8_t>{0, 1, 0, 0}));
  Geos geos;
  for (const auto& column : m.columns) {
    const CameraSite& site = sites[column.site];
    const CameraModel& model = site.model ? *site.model : options.camera;
    const Visibility v = visibility_polygon(walls, site.x, site.y, column.heading_deg, model);
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < demand.size(); ++i) {
      const double d = std::hypot(demand.x[i] - site.x, demand.y[i] - site.y);
      const bool seen = geos.covers(v.wkb, demand.x[i], demand.y[i]) && model.quality(d) > 0;
      const bool listed = k < column.points.size() && column.points[k] == i;
      EXPECT_EQ(seen, listed) << "site " << column.site << " heading " << column.heading_deg << " point " << i;
      if (listed) {
        // Full weight to 15 m, linear to 0 at 40 m (own model: no decay).
        const double expected = site.model ? 1.0 : (d <= 15 ? 1.0 : (40 - d) / 25);
        EXPECT_NEAR(column.quality[k], expected, 1e-12);
        ++k;
      }
    }
    if (column.site == 1) {
      EXPECT_TRUE(column.points.empty());
    }
  }
  EXPECT_TRUE(m.any_decay());
  EXPECT_EQ(m.columns.back().heading_deg, 45.0);
  EXPECT_FALSE(m.columns.back().points.empty());
}

TEST(Coverage, ThreadCountDoesNotChangeTheMatrix) {
  std::vector<std::string> notes;
  const ObstacleSet walls = ObstacleSet::from_wkb({rect(10, -5, 11, 5), rect(-30, -30, -20, -10)}, notes);
  const WeightedPoints demand = grid_points(3, 90);
  std::vector<CameraSite> sites;
  for (double x = -80; x <= 80; x += 20) {
    for (double y = -80; y <= 80; y += 20) sites.push_back({x, y, 1, "", {}, {}});
  }
  CoverageOptions options;
  options.camera.range_m = 35;
  options.camera.fov_deg = 90;
  options.camera.headings = 8;
  options.threads = 1;
  const CoverageMatrix one = build_coverage(sites, demand, walls, options);
  options.threads = 2;
  const CoverageMatrix two = build_coverage(sites, demand, walls, options);
  ASSERT_EQ(one.columns.size(), two.columns.size());
  for (std::size_t c = 0; c < one.columns.size(); ++c) {
    EXPECT_EQ(one.columns[c].points, two.columns[c].points);
    EXPECT_EQ(one.columns[c].quality, two.columns[c].quality);
  }
}

TEST(Coverage, AllRoundColumnsMatchTheVisibilityPolygon) {
  // 360° cameras in the open, near walls, on a wall and in a corner: points well inside the
  // view skip the polygon test, so every point is checked against GEOS here, those close to
  // the range and to the walls' shadows included.
  std::vector<std::string> notes;
  const ObstacleSet walls =
      ObstacleSet::from_wkb({rect(10, -5, 11, 5), rect(-20, 15, -10, 30), rect(-40, -40, -30, -30)}, notes);
  const WeightedPoints demand = grid_points(0.75, 60);
  CoverageOptions options;
  options.camera.range_m = 30;
  options.camera.fov_deg = 360;
  const std::vector<CameraSite> sites{{0, 0, 1, "open, walls near", {}, {}}, {-45, 45, 1, "open", {}, {}},
                                      {11, 0, 1, "on a wall", {}, {}},     {-30, -30, 1, "corner", {}, {}},
                                      {0.25, 0.5, 1, "off the grid", {}, {}}};
  const CoverageMatrix m = build_coverage(sites, demand, walls, options);
  ASSERT_EQ(m.columns.size(), sites.size());
  Geos geos;
  for (const auto& column : m.columns) {
    const CameraSite& site = sites[column.site];
    const Visibility v = visibility_polygon(walls, site.x, site.y, column.heading_deg, options.camera);
    std::vector<std::uint32_t> expected;
    for (std::uint32_t i = 0; i < demand.size(); ++i) {
      const double d = std::hypot(demand.x[i] - site.x, demand.y[i] - site.y);
      if (geos.covers(v.wkb, demand.x[i], demand.y[i]) && options.camera.quality(d) > 0) expected.push_back(i);
    }
    EXPECT_EQ(column.points, expected) << site.label;
    EXPECT_FALSE(column.points.empty()) << site.label;
  }
}

TEST(Coverage, SiteWithNothingInRangeStillSaysWhetherItStandsInABuilding) {
  // Sites far from every demand point get empty columns without a view being cast; whether
  // they stand in a building is still reported (the planner never picks those).
  std::vector<std::string> notes;
  const ObstacleSet walls = ObstacleSet::from_wkb({rect(500, 500, 520, 520), rect(10, -5, 11, 5)}, notes);
  const WeightedPoints demand = grid_points(2.5, 30);
  CoverageOptions options;
  options.camera.range_m = 40;
  options.camera.fov_deg = 90;
  options.camera.headings = 4;
  const std::vector<CameraSite> sites{{510, 510, 1, "inside, far", {}, {}},
                                      {600, 600, 1, "open, far", {}, {}},
                                      {0, 0, 1, "open, near", {}, {}},
                                      {510, 520, 1, "on a wall, far", {}, {}}};
  const CoverageMatrix m = build_coverage(sites, demand, walls, options);
  ASSERT_EQ(m.columns.size(), 4U * 4);
  EXPECT_EQ(m.site_inside_obstacle, (std::vector<std::uint8_t>{1, 0, 0, 0}));
  for (const auto& column : m.columns) EXPECT_EQ(column.points.empty(), column.site != 2) << column.site;
}

}  // namespace
}  // namespace hotspot
