// Demand from a density raster: cell masses against hand-computed values, and the mass a
// camera covers against a hand sum over the cells it can see.

#include <cmath>
#include <functional>
#include <optional>
#include <tuple>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cctv_test_support.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/cctv/raster_demand.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/raster_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::ScratchDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 8 × 8 cells of 10 m over [-40, 40]²; cell (c, r) holds (1 + c + 8r) · 1000 (exact in
// float32), except two nodata cells and one zero.
hotspot::GridSpec scene_grid() { return hotspot::GridSpec{-40, 40, 10, 8, 8}; }

std::vector<double> scene_values() {
  std::vector<double> v(64);
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) v[static_cast<std::size_t>(r * 8 + c)] = (1 + c + 8 * r) * 1000.0;
  }
  v[0] = kNaN;
  v[27] = kNaN;  // cell (3, 3): centre (-5, 5), next to the camera
  v[36] = 0;     // cell (4, 4): centre (5, -5)
  return v;
}

std::string write_raster(const ScratchDir& dir, const std::string& name, const std::string& units,
                         const std::string& crs = "EPSG:27700", const std::vector<double>& values = scene_values()) {
  RasterWriteOptions w;
  w.crs = crs;
  if (!units.empty()) w.metadata["units"] = units;
  const std::string path = dir.file(name);
  write_geotiff(path, scene_grid(), values, w);
  return path;
}

TEST(RasterDemand, CellsBecomeCentresWithTheirMassInEachUnit) {
  ScratchDir dir("raster-demand-units");
  const auto values = scene_values();
  const auto grid = scene_grid();
  const double km2 = grid.cell_area() / 1e6;  // 100 m² = 1e-4 km²
  struct UnitCase {
    std::string units;
    std::optional<double> total;
    double factor;
  };
  for (const UnitCase& k : {UnitCase{"per_km2", std::nullopt, km2}, UnitCase{"per_cell", std::nullopt, 1.0},
                        UnitCase{"probability", 250.0, 250.0}}) {
    const std::string path = write_raster(dir, k.units + ".tif", k.units);
    const RasterDemand d = read_raster_demand({path, k.total}, "EPSG:27700");
    EXPECT_EQ(d.cells, 64U);
    EXPECT_EQ(d.nodata_cells, 2U);
    EXPECT_EQ(d.empty_cells, 1U);
    ASSERT_EQ(d.points.size(), 61U) << k.units;
    EXPECT_DOUBLE_EQ(d.cell_area_m2, 100.0);
    double hand_total = 0;
    for (const double v : values) hand_total += std::isnan(v) ? 0.0 : v * k.factor;
    EXPECT_NEAR(d.total_mass, hand_total, 1e-9 * hand_total);
    // Every point is a cell centre carrying that cell's value times the unit factor.
    for (std::size_t i = 0; i < d.points.size(); ++i) {
      const double c = (d.points.x[i] - grid.x_min) / grid.cell_size - 0.5;
      const double r = (grid.y_max - d.points.y[i]) / grid.cell_size - 0.5;
      ASSERT_EQ(c, std::round(c));
      ASSERT_EQ(r, std::round(r));
      const double v = values[static_cast<std::size_t>(r * 8 + c)];
      EXPECT_NEAR(d.points.weight[i], v * k.factor, 1e-12 * v * k.factor);
      EXPECT_EQ(d.points.count[i], 0U);
      if (i > 0) {
        EXPECT_TRUE(d.points.x[i - 1] < d.points.x[i] ||
                    (d.points.x[i - 1] == d.points.x[i] && d.points.y[i - 1] < d.points.y[i]));
      }
    }
  }
  // Cell (1, 0) of a per-km² raster: 2000 per km² over 100 m² = 0.2 expected incidents.
  const RasterDemand d = read_raster_demand({dir.file("per_km2.tif"), std::nullopt}, "EPSG:27700");
  bool found = false;
  for (std::size_t i = 0; i < d.points.size(); ++i) {
    if (d.points.x[i] == -25 && d.points.y[i] == 35) {
      EXPECT_NEAR(d.points.weight[i], 0.2, 1e-15);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

ErrorCode code_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message != nullptr) *message = e.what();
    return e.code();
  }
  return static_cast<ErrorCode>(0);
}

TEST(RasterDemand, RefusesWhatItCannotTurnIntoIncidents) {
  ScratchDir dir("raster-demand-refuse");
  const std::string probability = write_raster(dir, "p.tif", "probability");
  const std::string per_cell = write_raster(dir, "c.tif", "per_cell");
  const std::string no_units = write_raster(dir, "n.tif", "");
  const std::string utm = write_raster(dir, "utm.tif", "per_cell", "EPSG:32630");
  std::string message;
  EXPECT_EQ(code_of([&] { (void)read_raster_demand({probability, std::nullopt}, "EPSG:27700"); }, &message), ErrorCode::usage);
  EXPECT_NE(message.find("--demand-total"), std::string::npos) << message;
  EXPECT_EQ(code_of([&] { (void)read_raster_demand({per_cell, 10.0}, "EPSG:27700"); }), ErrorCode::usage);
  EXPECT_EQ(code_of([&] { (void)read_raster_demand({no_units, std::nullopt}, "EPSG:27700"); }), ErrorCode::data);
  EXPECT_EQ(code_of([&] { (void)read_raster_demand({utm, std::nullopt}, "EPSG:27700"); }, &message), ErrorCode::crs);
  EXPECT_NE(message.find("EPSG:32630"), std::string::npos) << message;
  EXPECT_NE(message.find("EPSG:27700"), std::string::npos) << message;
  EXPECT_EQ(code_of([&] { (void)read_raster_demand({dir.file("missing.tif"), std::nullopt}, "EPSG:27700"); }),
            ErrorCode::input);
  EXPECT_EQ(raster_crs(utm), "EPSG:32630");
}

// A 360° camera at the origin with range 33 m and a wall [8, 10] × [−3, 3] east of it; a
// second candidate far outside the raster sees nothing.
struct Scene {
  CctvOptions options;
  PreparedIncidents prepared;
};

Scene make_scene(const ScratchDir& dir, const std::string& raster) {
  Scene s;
  const std::vector<FieldSpec> no_fields;
  VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", no_fields,
                    {{wkb_point(0, 0), {}}, {wkb_point(500, 500), {}}}, {}};
  VectorLayer walls{"walls", GeometryKind::polygon, "EPSG:27700", no_fields, {{testing::rect(8, -3, 10, 3), {}}}, {}};
  const VectorLayer* layers[] = {&sites, &walls};
  write_geopackage(layers, dir.file("scene.gpkg"));
  s.options.candidates.points = AreaSource{dir.file("scene.gpkg"), "sites", ""};
  s.options.obstacles = AreaSource{dir.file("scene.gpkg"), "walls", ""};
  s.options.camera.range_m = 33;
  s.options.camera.fov_deg = 360;
  s.options.planner.cameras = 1;
  s.options.demand_raster = RasterDemandOptions{raster, std::nullopt};
  s.prepared.crs = WorkingCrsChoice{"EPSG:27700", "EPSG:27700", "test"};
  s.prepared.harm = HarmWeights::bundled();
  return s;
}

// The oracle: cells whose centre is within range and whose sight line from the camera does
// not cross the wall (GEOS on the segment; no ray casting).
double hand_covered_mass(double factor) {
  testing::Geos geos;
  const auto values = scene_values();
  const auto grid = scene_grid();
  GEOSGeometry* wall = geos.read(testing::rect(8, -3, 10, 3));
  double sum = 0;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      const double v = values[static_cast<std::size_t>(r * 8 + c)];
      if (std::isnan(v) || v <= 0) continue;
      const double x = grid.col_x(c), y = grid.row_y(r);
      if (std::hypot(x, y) > 33) continue;
      GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos.get(), 2, 2);
      GEOSCoordSeq_setXY_r(geos.get(), seq, 0, 0, 0);
      GEOSCoordSeq_setXY_r(geos.get(), seq, 1, x, y);
      GEOSGeometry* line = GEOSGeom_createLineString_r(geos.get(), seq);
      const bool blocked = GEOSIntersects_r(geos.get(), line, wall) == 1;
      GEOSGeom_destroy_r(geos.get(), line);
      if (!blocked) sum += v * factor;
    }
  }
  GEOSGeom_destroy_r(geos.get(), wall);
  return sum;
}

TEST(RasterDemand, CoveredMassIsTheHandSumOfVisibleCells) {
  ScratchDir dir("raster-demand-plan");
  const Scene s = make_scene(dir, write_raster(dir, "d.tif", "per_km2"));
  const CctvReport report = plan_cctv(s.prepared, s.options);
  const double expected = hand_covered_mass(1e-4);
  ASSERT_GT(expected, 0);
  ASSERT_EQ(report.plan.cameras.size(), 1U);
  EXPECT_EQ(report.candidates[report.plan.cameras[0].site].x, 0.0);
  EXPECT_NEAR(report.plan.total_primary, expected, 1e-9);
  double all = 0;
  for (const double value : scene_values()) all += std::isnan(value) ? 0.0 : value * 1e-4;
  EXPECT_NEAR(report.plan.total_demand, all, 1e-9);
  ASSERT_TRUE(report.raster.has_value());
  EXPECT_EQ(report.demand_points, 61U);
  // Without incidents the incident fields say so, and counts are null.
  const auto& values = report.cameras.features.at(0).values;
  EXPECT_NEAR(std::get<double>(values[10]), expected, 1e-9);                 // weight_cumulative
  EXPECT_TRUE(std::holds_alternative<std::monostate>(values[7]));            // incidents_new
  EXPECT_EQ(std::get<std::string>(values[16]), "n/a (raster demand)");       // top_types
  EXPECT_EQ(std::get<std::string>(values[17]), "n/a (raster demand)");       // nearest_location
  EXPECT_NE(report.summary_csv.find("n/a (raster demand)"), std::string::npos);
  // The written polygon contains exactly the cells the oracle counted.
  testing::Geos geos;
  const std::string& polygon = report.coverage.features.at(0).wkb;
  double in_polygon = 0;
  const auto v = scene_values();
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      const double value = v[static_cast<std::size_t>(r * 8 + c)];
      if (!std::isnan(value) && value > 0 && geos.covers(polygon, scene_grid().col_x(c), scene_grid().row_y(r))) {
        in_polygon += value * 1e-4;
      }
    }
  }
  EXPECT_NEAR(in_polygon, expected, 1e-9);
}

TEST(RasterDemand, IncidentsGivenTooFillTheReportFields) {
  ScratchDir dir("raster-demand-incidents");
  Scene s = make_scene(dir, write_raster(dir, "d.tif", "per_cell"));
  Incidents& incidents = s.prepared.incidents;
  incidents.crs = "EPSG:27700";
  const auto asb = incidents.categories.intern("Anti-social behaviour");
  const auto theft = incidents.categories.intern("Shoplifting");
  const auto park = incidents.locations.intern("On or near Parking Area");
  const auto road = incidents.locations.intern("On or near High Street");
  // Seen: 3 ASB and 1 shoplifting near the camera. Unseen: 2 behind the wall, 1 out of range.
  for (const auto& [x, y, c, l] : std::vector<std::tuple<double, double, std::uint32_t, std::uint32_t>>{
           {2, 1, asb, park}, {2, 1, asb, park}, {-10, 12, asb, road}, {-10, 12, theft, road},
           {20, 0, asb, road}, {20, 1, theft, road}, {38, 38, asb, road}}) {
    IncidentRecord rec;
    rec.x = x;
    rec.y = y;
    rec.category = c;
    rec.location = l;
    incidents.push_back(rec);
  }
  const CctvReport report = plan_cctv(s.prepared, s.options);
  EXPECT_NEAR(report.plan.total_primary, hand_covered_mass(1.0), 1e-9);  // demand is still the raster
  const auto& values = report.cameras.features.at(0).values;
  EXPECT_EQ(std::get<std::int64_t>(values[7]), 4);  // incidents_new
  EXPECT_EQ(std::get<std::int64_t>(values[15]), 4);  // incidents_in_view
  EXPECT_EQ(std::get<std::string>(values[16]), "Anti-social behaviour 3; Shoplifting 1");
  EXPECT_EQ(std::get<std::string>(values[17]), "On or near Parking Area");
  EXPECT_NE(std::get<std::string>(values[18]).find("expected incidents"), std::string::npos);
}

TEST(RasterDemand, RotationRefusesARaster) {
  ScratchDir dir("raster-demand-rotate");
  const Scene s = make_scene(dir, write_raster(dir, "d.tif", "per_cell"));
  EXPECT_EQ(code_of([&] { (void)plan_rotation(s.prepared, s.options, RotationOptions{}); }), ErrorCode::usage);
}

}  // namespace
}  // namespace hotspot
