#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include <gdal.h>
#include <nlohmann/json.hpp>
#include <ogr_api.h>

#include "test_support.hpp"

namespace hotspot::testing {
namespace {

std::string welwyn_hatfield_args() {
  const std::string sample = HOTSPOT_SAMPLE_DIR;
  return " patrol '" + sample + "/police_uk' --within '" + sample +
         "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\"";
}

TEST(PatrolCommand, WelwynHatfieldWritesAreasRoutesAndBriefings) {
  ScratchDir dir("patrol-cli");
  const auto result = run(cli() + welwyn_hatfield_args() + " --units 3 --harm-share 0.25 --out-dir '" +
                          dir.path().string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("time of day is unknown in police.uk data"), std::string::npos) << result.out;
  const auto areas = nlohmann::json::parse(read_text(dir.file("patrol_areas.geojson")));
  const auto routes = nlohmann::json::parse(read_text(dir.file("patrol_routes.geojson")));
  ASSERT_GT(areas["features"].size(), 5u);
  ASSERT_EQ(routes["features"].size(), 3u);
  std::int64_t visits = 0;
  double harm = 0;
  std::int64_t previous_rank = 0;
  for (const auto& f : areas["features"]) {
    const auto& p = f["properties"];
    EXPECT_EQ(p["peak_times"], "unknown (police.uk monthly data)");
    EXPECT_EQ(f["geometry"]["type"], "Polygon");
    EXPECT_GE(p["visits_per_week"].get<std::int64_t>(), 1);
    EXPECT_GT(p["rank"].get<std::int64_t>(), previous_rank);  // written in ranking order
    previous_rank = p["rank"].get<std::int64_t>();
    visits += p["visits_per_week"].get<std::int64_t>();
    harm += p["harm"].get<double>();
  }
  EXPECT_EQ(visits, 160);  // 40 h × 60 / 15
  std::int64_t stops = 0;
  for (const auto& f : routes["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "LineString");
    EXPECT_EQ(f["properties"]["routing"], "straight line (no roads layer)");
    stops += f["properties"]["stops"].get<std::int64_t>();
  }
  EXPECT_EQ(stops, static_cast<std::int64_t>(areas["features"].size()));
  for (int unit = 1; unit <= 3; ++unit) {
    const std::string briefing = read_text(dir.file("briefing_unit_" + std::to_string(unit) + ".csv"));
    EXPECT_EQ(briefing.rfind("unit,stop,rank,place,location", 0), 0u);
    EXPECT_NE(briefing.find("unknown (police.uk monthly data)"), std::string::npos);
  }
  EXPECT_GT(harm, 0);
}

TEST(PatrolCommand, SameInputsGiveTheSameBytes) {
  ScratchDir a("patrol-a");
  ScratchDir b("patrol-b");
  for (const auto* d : {&a, &b}) {
    const auto r = run(cli() + welwyn_hatfield_args() + " --units 2 --places 20 --out-dir '" + d->path().string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  for (const char* name : {"patrol_areas.geojson", "patrol_routes.geojson", "briefing_unit_1.csv", "briefing_unit_2.csv"}) {
    EXPECT_EQ(read_text(a.file(name)), read_text(b.file(name))) << name;
  }
}

TEST(PatrolCommand, StreetSegmentsAlongOxfordRoads) {
  ScratchDir dir("patrol-oxford");
  const std::string oxford = std::string(HOTSPOT_SAMPLE_DIR) + "/oxford";
  const auto r = run(cli() + " patrol '" + oxford + "' --roads '" + oxford +
                     "/oxford_centre_osm.gpkg' --roads-layer roads --segments --units 2 --drive --gpkg '" + dir.file("patrol.gpkg") +
                     "' --out-dir '" +
                     dir.path().string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto routes = nlohmann::json::parse(read_text(dir.file("patrol_routes.geojson")));
  ASSERT_FALSE(routes["features"].empty());
  // The GeoPackage holds the same two layers.
  GDALAllRegister();
  GDALDatasetH gpkg = GDALOpenEx(dir.file("patrol.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(gpkg, nullptr);
  OGRLayerH areas = GDALDatasetGetLayerByName(gpkg, "patrol_areas");
  OGRLayerH route_layer = GDALDatasetGetLayerByName(gpkg, "patrol_routes");
  EXPECT_NE(areas, nullptr);
  ASSERT_NE(route_layer, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(route_layer, TRUE), static_cast<GIntBig>(routes["features"].size()));
  GDALClose(gpkg);
  EXPECT_EQ(routes["features"][0]["properties"]["routing"], "road network (shortest paths)");
  EXPECT_EQ(routes["features"][0]["properties"]["travel"], "driving at 25 km/h");
}

TEST(PatrolCommand, TimestampedCsvGivesPeakTimes) {
  // A council log with full timestamps: 40 incidents at one spot, 21:00–23:00 on Saturdays.
  ScratchDir dir("patrol-times");
  std::string csv = "id,lon,lat,when,type\n";
  for (int i = 0; i < 40; ++i) {
    const int day = 6 + 7 * (i % 4);  // 2024-01-06 and following Saturdays
    const int minute = 21 * 60 + (i * 37) % 120;
    char line[160];
    std::snprintf(line, sizeof line, "%d,-0.2237,51.7637,2024-01-%02d %02d:%02d,Anti-social behaviour\n", i, day,
                  minute / 60, minute % 60);
    csv += line;
  }
  write_text(dir.file("log.csv"), csv);
  const auto r = run(cli() + " patrol '" + dir.file("log.csv") +
                     "' --x-field lon --y-field lat --time-field when --category-field type --places 1 --out-dir '" +
                     dir.path().string() + "/out'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("time of day is unknown"), std::string::npos) << r.out;
  const auto areas = nlohmann::json::parse(read_text(dir.file("out/patrol_areas.geojson")));
  const auto& p = areas["features"][0]["properties"];
  EXPECT_NE(p["peak_times"].get<std::string>().find("peak 2"), std::string::npos) << p["peak_times"];
  EXPECT_NE(p["peak_times"].get<std::string>().find("Sat"), std::string::npos) << p["peak_times"];
  EXPECT_NEAR(p["peak_hour"].get<double>(), 22.0, 0.3);
  EXPECT_LT(p["peak_hour_p"].get<double>(), 1e-6);
}

TEST(PatrolCommand, BadValuesFailWhileParsing) {
  ScratchDir dir("patrol-bad");
  const std::string out = " --out-dir '" + dir.path().string() + "'";
  EXPECT_EQ(run(cli() + welwyn_hatfield_args() + " --cell-size 20" + out).exit_code, 2);
  EXPECT_EQ(run(cli() + welwyn_hatfield_args() + " --units 0" + out).exit_code, 2);
  EXPECT_EQ(run(cli() + welwyn_hatfield_args() + " --shift-start 25:00" + out).exit_code, 2);
  EXPECT_EQ(run(cli() + welwyn_hatfield_args() + " --segments" + out).exit_code, 2);  // needs --roads
  EXPECT_EQ(run(cli() + welwyn_hatfield_args() + " --places 5 --harm-share 0.3" + out).exit_code, 2);
}

}  // namespace
}  // namespace hotspot::testing
