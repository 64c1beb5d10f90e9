// Hotspot polygons on hand-built surfaces: the polygons are exactly the cells of each level
// (area = cells × cell², checked with GEOS), valid, and the incidents inside are re-counted
// independently with GEOS point-in-polygon rather than the cell lookup the library uses.
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <geos_c.h>
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/hotspot_polygons.hpp"

namespace hotspot::density {
namespace {

const GridSpec kGrid{1000.0, 2000.0, 10.0, 20, 10};  // 200 m × 100 m

std::vector<double> flat(double v = 0.0) { return std::vector<double>(kGrid.size(), v); }
void set(std::vector<double>& values, int col, int row, double v) {
  values[static_cast<std::size_t>(row) * kGrid.cols + static_cast<std::size_t>(col)] = v;
}

/// Incidents at given points, all in category `type` of month `month`.
void add(Incidents& inc, double x, double y, const std::string& type, MonthIndex month, int times = 1) {
  const std::uint32_t code = inc.categories.intern(type);
  for (int i = 0; i < times; ++i) inc.push_back(IncidentRecord{.x = x, .y = y, .month = month, .category = code});
}

struct Geos {
  GEOSContextHandle_t ctx = GEOS_init_r();
  ~Geos() { GEOS_finish_r(ctx); }
  GEOSGeometry* read(const std::string& wkb) const {
    return GEOSGeomFromWKB_buf_r(ctx, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
  }
};

/// Incidents inside the polygon by GEOS (points on cell edges are avoided by the tests).
std::size_t count_inside(const Geos& geos, const HotspotPolygon& p, const Incidents& inc) {
  GEOSGeometry* g = geos.read(p.wkb);
  std::size_t n = 0;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(geos.ctx, inc.x[i], inc.y[i]);
    n += GEOSContains_r(geos.ctx, g, pt) == 1 ? 1U : 0U;
    GEOSGeom_destroy_r(geos.ctx, pt);
  }
  GEOSGeom_destroy_r(geos.ctx, g);
  return n;
}

double geos_area(const Geos& geos, const std::string& wkb, int& valid) {
  GEOSGeometry* g = geos.read(wkb);
  double area = -1.0;
  GEOSArea_r(geos.ctx, g, &area);
  valid = GEOSisValid_r(geos.ctx, g);
  GEOSGeom_destroy_r(geos.ctx, g);
  return area;
}

TEST(HotspotPolygons, TwoSeparatedBumpsGiveTwoPolygonsWithTheirIncidents) {
  std::vector<double> v = flat(0.0);
  // West bump: a 3 × 3 block peaking at 9; east bump: a 2 × 2 block of 5 (larger mass: 9 + 8×6 = 57 vs 20).
  for (int c = 2; c <= 4; ++c) {
    for (int r = 3; r <= 5; ++r) set(v, c, r, 6.0);
  }
  set(v, 3, 4, 9.0);
  for (int c = 14; c <= 15; ++c) {
    for (int r = 6; r <= 7; ++r) set(v, c, r, 5.0);
  }
  Incidents inc;
  add(inc, kGrid.col_x(3) + 1.0, kGrid.row_y(4) - 2.0, "Burglary", 100, 4);
  add(inc, kGrid.col_x(2) - 3.0, kGrid.row_y(5) + 1.0, "Robbery", 102, 1);
  add(inc, kGrid.col_x(14), kGrid.row_y(7), "Anti-social behaviour", 101, 3);
  add(inc, kGrid.col_x(10), kGrid.row_y(1), "Burglary", 103, 2);  // outside both
  const std::vector<double> harm = {10.0, 100.0, std::nan("")};  // Burglary, Robbery, ASB (no weight)

  HotspotPolygonOptions options;
  options.area_shares.clear();
  options.value_levels = {4.0};
  const auto polygons = hotspot_polygons(kGrid, v, inc, harm, options);
  ASSERT_EQ(polygons.size(), 2U);
  Geos geos;
  const HotspotPolygon& west = polygons[0];
  const HotspotPolygon& east = polygons[1];
  EXPECT_EQ(west.rank, 1U);
  EXPECT_EQ(east.rank, 2U);
  EXPECT_EQ(west.level, ">= 4");
  EXPECT_DOUBLE_EQ(west.threshold, 4.0);
  EXPECT_EQ(west.cells, 9U);
  EXPECT_EQ(east.cells, 4U);
  EXPECT_DOUBLE_EQ(west.mass, 57.0);
  EXPECT_DOUBLE_EQ(west.peak, 9.0);
  int valid = 0;
  EXPECT_DOUBLE_EQ(geos_area(geos, west.wkb, valid), 9 * 100.0);
  EXPECT_EQ(valid, 1);
  EXPECT_DOUBLE_EQ(west.area_m2, 900.0);
  EXPECT_DOUBLE_EQ(east.area_m2, 400.0);
  EXPECT_EQ(west.incidents, count_inside(geos, west, inc));
  EXPECT_EQ(east.incidents, count_inside(geos, east, inc));
  EXPECT_EQ(west.incidents, 5U);
  EXPECT_EQ(east.incidents, 3U);
  EXPECT_DOUBLE_EQ(west.share, 5.0 / 10.0);
  EXPECT_DOUBLE_EQ(west.harm, 4 * 10.0 + 100.0);
  EXPECT_DOUBLE_EQ(east.harm, 0.0);
  EXPECT_DOUBLE_EQ(west.weight, 5.0);
  ASSERT_EQ(west.crime_types.size(), 2U);
  EXPECT_EQ(inc.categories[west.crime_types[0].first], "Burglary");
  EXPECT_EQ(west.crime_types[0].second, 4U);
  EXPECT_EQ(west.months_active, 2U);
  EXPECT_EQ(west.first_month, 100);
  EXPECT_EQ(west.last_month, 102);
  EXPECT_EQ(east.months_active, 1U);
}

TEST(HotspotPolygons, AreaShareLevelsTakeExactlyTheTopCells) {
  // A ramp with distinct values: the top 5% of 200 cells is exactly 10 cells.
  std::vector<double> v(kGrid.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i % 37) + 0.001 * static_cast<double>(i);
  Incidents inc;
  HotspotPolygonOptions options;
  options.area_shares = {0.05, 0.10};
  const auto polygons = hotspot_polygons(kGrid, v, inc, {}, options);
  Geos geos;
  for (double share : {0.05, 0.10}) {
    std::size_t cells = 0;
    double area = 0.0;
    for (const auto& p : polygons) {
      if (p.area_share != share) continue;
      cells += p.cells;
      int valid = 0;
      area += geos_area(geos, p.wkb, valid);
      EXPECT_EQ(valid, 1);
      EXPECT_DOUBLE_EQ(p.area_m2, static_cast<double>(p.cells) * 100.0);
    }
    EXPECT_EQ(cells, static_cast<std::size_t>(std::lround(share * 200.0))) << share;
    EXPECT_DOUBLE_EQ(area, static_cast<double>(cells) * 100.0) << share;
  }
}

TEST(HotspotPolygons, DiagonalCellsAndRingsGiveValidPolygons) {
  std::vector<double> v = flat(0.0);
  // Two cells touching at a corner: 4-connected groups, so two valid polygons, not one bow-tie.
  set(v, 1, 1, 1.0);
  set(v, 2, 2, 1.0);
  // A ring of 8 cells around an empty one: one polygon with a hole.
  for (int c = 10; c <= 12; ++c) {
    for (int r = 4; r <= 6; ++r) {
      if (c != 11 || r != 5) set(v, c, r, 2.0);
    }
  }
  Incidents inc;
  add(inc, kGrid.col_x(11), kGrid.row_y(5), "Burglary", 100);  // in the hole
  add(inc, kGrid.col_x(10), kGrid.row_y(5), "Burglary", 100);  // on the ring
  HotspotPolygonOptions options;
  options.area_shares.clear();
  options.value_levels = {0.5};
  const auto polygons = hotspot_polygons(kGrid, v, inc, {}, options);
  ASSERT_EQ(polygons.size(), 3U);
  Geos geos;
  EXPECT_EQ(polygons[0].cells, 8U);  // the ring has the largest mass
  EXPECT_EQ(polygons[0].incidents, 1U);
  EXPECT_EQ(count_inside(geos, polygons[0], inc), 1U);
  for (const auto& p : polygons) {
    int valid = 0;
    EXPECT_DOUBLE_EQ(geos_area(geos, p.wkb, valid), static_cast<double>(p.cells) * 100.0);
    EXPECT_EQ(valid, 1);
  }
}

TEST(HotspotPolygons, NodataCellsAreNeverHotspots) {
  std::vector<double> v = flat(std::nan(""));
  set(v, 5, 5, 3.0);
  set(v, 6, 5, 1.0);
  const auto polygons = hotspot_polygons(kGrid, v, Incidents{}, {}, HotspotPolygonOptions{});
  // 2 valid cells: every share rounds to 1 cell, the peak.
  ASSERT_EQ(polygons.size(), 3U);
  for (const auto& p : polygons) {
    EXPECT_EQ(p.cells, 1U);
    EXPECT_DOUBLE_EQ(p.peak, 3.0);
  }
}

TEST(HotspotPolygons, CellsWithoutDensityAreNeverHotspots) {
  // A sparse surface (counts per cell): 3 of 200 cells hold anything, so the top 10% (20
  // cells) is those 3, not 17 empty cells taken by the tie rule.
  std::vector<double> v = flat(0.0);
  set(v, 2, 2, 5.0);
  set(v, 3, 2, 4.0);
  set(v, 15, 8, 1.0);
  HotspotPolygonOptions options;
  options.area_shares = {0.10};
  options.value_levels = {0.0};
  const auto polygons = hotspot_polygons(kGrid, v, Incidents{}, {}, options);
  std::size_t share_cells = 0, value_cells = 0;
  for (const auto& p : polygons) (p.area_share > 0 ? share_cells : value_cells) += p.cells;
  EXPECT_EQ(share_cells, 3U);
  EXPECT_EQ(value_cells, 3U);
  EXPECT_EQ(polygons.size(), 4U);  // two groups per level
}

TEST(HotspotPolygons, BadInputsAreUsageErrors) {
  HotspotPolygonOptions options;
  EXPECT_THROW((void)hotspot_polygons(kGrid, std::vector<double>(3), Incidents{}, {}, options), Error);
  options.area_shares = {1.5};
  EXPECT_THROW((void)hotspot_polygons(kGrid, flat(1.0), Incidents{}, {}, options), Error);
}

}  // namespace
}  // namespace hotspot::density
