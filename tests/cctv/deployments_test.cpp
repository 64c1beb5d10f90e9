#include "hotspot/cctv/deployments.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/geo/crs.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::ScratchDir;
using testing::write_text;

std::string message_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Deployments, UnitsFromACsvWithLongitudeLatitude) {
  ScratchDir dir("cctv-units");
  write_text(dir.file("units.csv"),
             "unit,site,placed,longitude,latitude\n"
             "U1,Parking Area off London Road,2018-10,-0.337202,51.754385\n"
             "U2,Market Place,2018-11-14,,\n");
  std::vector<std::string> notes;
  const auto units = read_units(AreaSource{dir.file("units.csv"), "", ""}, UnitFields{}, "EPSG:27700", notes);
  ASSERT_EQ(units.size(), 2U);
  EXPECT_EQ(units[0].unit, "U1");
  EXPECT_EQ(units[0].site, "Parking Area off London Road");
  EXPECT_EQ(units[0].placed, make_month(2018, 10));
  EXPECT_EQ(units[0].row, 1);  // the first data row
  ASSERT_TRUE(units[0].location.has_value());
  // The same point through PROJ directly.
  double x = -0.337202, y = 51.754385;
  ASSERT_TRUE(CoordinateTransformer("EPSG:4326", "EPSG:27700").transform(x, y));
  EXPECT_NEAR(units[0].location->first, x, 1e-6);
  EXPECT_NEAR(units[0].location->second, y, 1e-6);
  EXPECT_EQ(units[1].placed, make_month(2018, 11));
  EXPECT_FALSE(units[1].location.has_value());  // found later by its site name
}

TEST(Deployments, UnitsAndLogsFromLayersAndEastingNorthing) {
  ScratchDir dir("cctv-units-layers");
  write_text(dir.file("units.geojson"),
             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
               {"type":"Feature","properties":{"id":"A","where":"KGV car park","since":"2025-01"},"geometry":{"type":"Point","coordinates":[527000,204000]}}]})");
  UnitFields fields;
  fields.unit = "id";
  fields.site = "where";
  fields.placed = "since";
  std::vector<std::string> notes;
  const auto units = read_units(AreaSource{dir.file("units.geojson"), "", ""}, fields, "EPSG:27700", notes);
  ASSERT_EQ(units.size(), 1U);
  EXPECT_DOUBLE_EQ(units[0].location->first, 527000);
  EXPECT_DOUBLE_EQ(units[0].location->second, 204000);

  write_text(dir.file("log.csv"),
             "site,installed,removed,Easting,Northing\n"
             "Station Road,2024-01,2024-03,527100,204100\n"
             "KGV car park,2025-01,,,\n");
  const auto log = read_deployments(AreaSource{dir.file("log.csv"), "", ""}, DeploymentFields{}, "EPSG:27700", notes);
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].installed, make_month(2024, 1));
  EXPECT_EQ(log[0].removed, make_month(2024, 3));
  EXPECT_DOUBLE_EQ(log[0].location->first, 527100);
  EXPECT_EQ(log[1].removed, kNoMonth);
  EXPECT_FALSE(log[1].location.has_value());
}

TEST(Deployments, BadTablesGetClearErrors) {
  ScratchDir dir("cctv-units-bad");
  const auto units = [&](const std::string& csv) {
    write_text(dir.file("u.csv"), csv);
    std::vector<std::string> notes;
    return message_of([&] { (void)read_units(AreaSource{dir.file("u.csv"), "", ""}, UnitFields{}, "EPSG:27700", notes); });
  };
  EXPECT_NE(units("unit,site,placed\nA,X,2018-01\nB,Y,2018-02\nA,Z,2018-03\n")
                .find("row 3: unit id \"A\" is also on row 1; each unit must appear once"),
            std::string::npos);
  EXPECT_NE(units("unit,site,when\nA,X,2018-01\n").find("has no field \"placed\"; its fields are: unit, site, when"),
            std::string::npos);
  EXPECT_NE(units("unit,site,placed\nA,X,last autumn\n").find("row 1: placed \"last autumn\" is not a month or date"),
            std::string::npos)
      << units("unit,site,placed\nA,X,last autumn\n");
  EXPECT_NE(units("unit,site,placed,x,y\nA,X,2018-01,1,2\n").find("need their CRS"), std::string::npos);
  EXPECT_NE(units("unit,site,placed,lon,lat\nA,X,2018-01,west,51.7\n").find("\"west\" is not a number"), std::string::npos);
  EXPECT_NE(units("unit,site,placed\n,X,2018-01\n").find("the unit has no id"), std::string::npos);

  write_text(dir.file("log.csv"), "site,installed,removed\nS,2024-05,2024-02\n");
  std::vector<std::string> notes;
  EXPECT_NE(message_of([&] {
              (void)read_deployments(AreaSource{dir.file("log.csv"), "", ""}, DeploymentFields{}, "EPSG:27700", notes);
            }).find("removed (2024-02) before it was installed (2024-05)"),
            std::string::npos);
}

TEST(Deployments, PlacementMonths) {
  EXPECT_EQ(parse_placement_month("2021-07"), make_month(2021, 7));
  EXPECT_EQ(parse_placement_month("2021-07-31"), make_month(2021, 7));
  EXPECT_EQ(parse_placement_month("31/07/2021"), make_month(2021, 7));
  EXPECT_FALSE(parse_placement_month("July").has_value());
}

}  // namespace
}  // namespace hotspot
