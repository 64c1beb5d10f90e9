// CLI tests of `hotspot cctv` on the committed samples: real Oxford buildings, and open-ground
// Welwyn Hatfield with a lattice of candidates.

#include <geos_c.h>

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;

const std::string kSample = HOTSPOT_SAMPLE_DIR;
const std::string kOsm = kSample + "/oxford/oxford_centre_osm.gpkg";

std::string oxford_command(const std::string& out, const std::string& extra) {
  return cli() + " cctv '" + kSample + "/oxford/' --buildings '" + kOsm + "' --buildings-layer buildings --candidates '" +
         kOsm + "' --candidates-layer parking_points --roads '" + kOsm +
         "' --roads-layer roads --road-step 25 --fov 90 --headings 8 --range 40 --cameras 4 -o '" + out + "' " + extra;
}

// Every lon/lat of the Oxford police.uk CSVs (Longitude, Latitude are columns 5 and 6).
std::vector<std::pair<double, double>> oxford_incidents() {
  std::vector<std::pair<double, double>> out;
  for (const char* m : {"01", "02", "03", "04", "05", "06", "08", "09"}) {
    std::ifstream in(kSample + "/oxford/2025-" + m + "-thames-valley-street-oxford.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::string cell;
      bool quoted = false;
      for (const char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) cells.push_back(cell), cell.clear();
        else cell += c;
      }
      cells.push_back(cell);
      if (cells.size() > 5 && !cells[4].empty()) out.emplace_back(std::stod(cells[4]), std::stod(cells[5]));
    }
  }
  return out;
}

TEST(CctvCommand, OxfordCountsMatchAnIndependentRecountOfTheWrittenPolygons) {
  ScratchDir dir("cctv-oxford");
  const auto r = run(oxford_command(dir.path().string(), "--indoor-snap 0 --weight harm"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("obstacle polygons"), std::string::npos);
  EXPECT_NE(r.out.find("inside building footprints"), std::string::npos) << r.out;
  const auto cameras = nlohmann::json::parse(read_text(dir.file("cameras.geojson")));
  const auto coverage = nlohmann::json::parse(read_text(dir.file("coverage.geojson")));
  ASSERT_EQ(cameras["features"].size(), 4U);
  ASSERT_EQ(coverage["features"].size(), 4U);
  long previous_cum = 0;
  double previous_marginal = 1e300;
  for (std::size_t k = 0; k < 4; ++k) {
    const auto& p = cameras["features"][k]["properties"];
    EXPECT_EQ(p["rank"].get<int>(), static_cast<int>(k + 1));
    EXPECT_EQ(p["fov_deg"].get<double>(), 90.0);
    EXPECT_GE(p["incidents_cumulative"].get<long>(), previous_cum);
    EXPECT_LE(p["weight_new"].get<double>(), previous_marginal + 1e-9);  // greedy order
    previous_cum = p["incidents_cumulative"].get<long>();
    previous_marginal = p["weight_new"].get<double>();
    EXPECT_FALSE(p["reason"].get<std::string>().empty());
    EXPECT_EQ(p["nearest_location"].get<std::string>().rfind("On or near", 0), 0U);
  }
  // Recount: raw CSV points inside the union of the written (WGS84) visibility polygons.
  GEOSContextHandle_t ctx = GEOS_init_r();
  std::vector<GEOSGeometry*> polys;
  for (const auto& f : coverage["features"]) {
    GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(ctx);
    polys.push_back(GEOSGeoJSONReader_readGeometry_r(ctx, reader, f["geometry"].dump().c_str()));
    GEOSGeoJSONReader_destroy_r(ctx, reader);
    ASSERT_NE(polys.back(), nullptr);
  }
  long seen = 0;
  const auto incidents = oxford_incidents();
  ASSERT_EQ(incidents.size(), 388U);
  for (const auto& [lon, lat] : incidents) {
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx, lon, lat);
    for (GEOSGeometry* g : polys) {
      if (GEOSIntersects_r(ctx, g, pt) == 1) {
        ++seen;
        break;
      }
    }
    GEOSGeom_destroy_r(ctx, pt);
  }
  for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(ctx, g);
  GEOS_finish_r(ctx);
  EXPECT_EQ(seen, previous_cum);
  const std::string csv = read_text(dir.file("cctv_summary.csv"));
  EXPECT_EQ(csv.rfind("rank,site,easting", 0), 0U);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
}

TEST(CctvCommand, UncoveredHotspotsReportWhatTheCamerasMiss) {
  ScratchDir dir("cctv-hotspots");
  // One hotspot polygon around the whole Oxford extract (every incident inside it).
  testing::write_text(dir.file("hotspots.geojson"),
                      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)"
                      R"({"type":"Polygon","coordinates":[[[-1.28,51.75],[-1.24,51.75],[-1.24,51.77],[-1.28,51.77],[-1.28,51.75]]]}}]})");
  const auto r = run(oxford_command(dir.path().string(), "--hotspots '" + dir.file("hotspots.geojson") + "'"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto cameras = nlohmann::json::parse(read_text(dir.file("cameras.geojson")));
  const auto hotspots = nlohmann::json::parse(read_text(dir.file("uncovered_hotspots.geojson")));
  ASSERT_EQ(hotspots["features"].size(), 1U);
  const auto& p = hotspots["features"][0]["properties"];
  EXPECT_EQ(p["incidents"].get<long>(), 388);
  // Count weights: the share seen is the cumulative count of the last-ranked camera over all.
  const long seen = cameras["features"].back()["properties"]["incidents_cumulative"].get<long>();
  EXPECT_EQ(p["incidents_seen"].get<long>(), seen);
  EXPECT_NEAR(p["share_seen"].get<double>(), static_cast<double>(seen) / 388.0, 1e-12);
}

TEST(CctvCommand, ExistingCamerasAreLockedIn) {
  ScratchDir dir("cctv-existing");
  // The 23 bus stops of the extract stand in for an existing network of 360° cameras.
  const auto r = run(oxford_command(dir.path().string(), "--existing '" + kOsm +
                                                             "' --existing-layer street_points --existing-where "
                                                             "\"highway = 'bus_stop'\""));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("23 existing cameras"), std::string::npos) << r.out;
  const auto cameras = nlohmann::json::parse(read_text(dir.file("cameras.geojson")));
  const auto coverage = nlohmann::json::parse(read_text(dir.file("coverage.geojson")));
  std::size_t existing = 0;
  for (const auto& f : coverage["features"]) existing += f["properties"]["kind"] == "existing" ? 1U : 0U;
  EXPECT_GT(existing, 0U);
  EXPECT_LE(existing, 23U);  // bus stops inside footprints see nothing and draw no polygon
  // Cumulative counts start from what the existing cameras already see.
  const auto& first = cameras["features"][0]["properties"];
  EXPECT_GT(first["incidents_cumulative"].get<long>(), first["incidents_new"].get<long>());
}

TEST(CctvCommand, SameBytesWhateverTheThreadCount) {
  ScratchDir a("cctv-a");
  ScratchDir b("cctv-b");
  ASSERT_EQ(run(oxford_command(a.path().string(), "--threads 1 --exact --time-limit 20")).exit_code, 0);
  const auto r = run(oxford_command(b.path().string(), "--threads 2 --exact --time-limit 20"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("CBC proved optimality"), std::string::npos) << r.out;
  for (const char* f : {"cameras.geojson", "coverage.geojson", "cctv_summary.csv", "cctv.gpkg"}) {
    EXPECT_EQ(read_text(a.file(f)), read_text(b.file(f))) << f;
  }
}

TEST(CctvCommand, WelwynHatfieldOpenGroundLattice) {
  ScratchDir dir("cctv-wh");
  const std::string command = cli() + " cctv '" + kSample + "/police_uk/' --within '" + kSample +
                              "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" "
                              "--spacing 400 --range 60 --cameras 3 --min-separation 500 --types \"Anti-social behaviour\" "
                              "-o '" + dir.path().string() + "'";
  const auto r = run(command);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("open ground (no obstacles given)"), std::string::npos) << r.out;
  const auto cameras = nlohmann::json::parse(read_text(dir.file("cameras.geojson")));
  ASSERT_EQ(cameras["features"].size(), 3U);
  for (const auto& f : cameras["features"]) {
    EXPECT_NE(f["properties"]["reason"].get<std::string>().find("open ground"), std::string::npos);
    EXPECT_TRUE(f["properties"]["heading_deg"].is_null());  // 360° cameras
    EXPECT_EQ(f["properties"]["site"].get<std::string>(), "lattice");
  }
}

TEST(CctvCommand, RotateBacktestsOnWelwynHatfield) {
  ScratchDir dir("cctv-rotate");
  const std::string command = cli() + " cctv rotate '" + kSample + "/police_uk/' --within '" + kSample +
                              "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" "
                              "--spacing 300 --range 60 --units 4 --period-months 3 --weight harm -o '" +
                              dir.path().string() + "'";
  const auto r = run(command);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("3 periods backtested"), std::string::npos) << r.out;
  const std::string csv = read_text(dir.file("rotation_backtest.csv"));
  EXPECT_NE(csv.find("\n2018-04,2018-06,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n2018-10,2018-12,"), std::string::npos) << csv;
  const auto placements = nlohmann::json::parse(read_text(dir.file("rotation.geojson")));
  EXPECT_EQ(placements["features"].size(), 12U);  // 4 units × 3 periods
}

TEST(CctvCommand, DemandRasterFromHotspotDensity) {
  ScratchDir dir("cctv-raster");
  const std::string within = " --within '" + kSample + "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\" ";
  const std::string asb = " --types \"Anti-social behaviour\" ";
  const std::string density = cli() + " density '" + kSample + "/police_uk/'" + within + asb + "--cell 25 --bandwidth 150 ";
  ASSERT_EQ(run(density + "--density-units per-cell -o '" + dir.file("cell.tif") + "'").exit_code, 0);
  ASSERT_EQ(run(density + "--units probability -o '" + dir.file("p.tif") + "'").exit_code, 0);
  const std::string plan = cli() + " cctv" + within + "--spacing 400 --range 60 --cameras 3 --min-separation 500 ";
  // Raster alone: masses drive the plan, incident fields say n/a.
  auto r = run(plan + "--demand-raster '" + dir.file("cell.tif") + "' -o '" + dir.file("alone") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto alone = nlohmann::json::parse(read_text(dir.file("alone/cameras.geojson")));
  ASSERT_EQ(alone["features"].size(), 3U);
  for (const auto& f : alone["features"]) {
    EXPECT_EQ(f["properties"]["top_types"], "n/a (raster demand)");
    EXPECT_TRUE(f["properties"]["incidents_new"].is_null());
  }
  // With the incidents too: the same sites (demand is still the raster), counts filled in.
  r = run(plan + "'" + kSample + "/police_uk/'" + asb + "--demand-raster '" + dir.file("cell.tif") + "' -o '" +
          dir.file("both") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto both = nlohmann::json::parse(read_text(dir.file("both/cameras.geojson")));
  ASSERT_EQ(both["features"].size(), 3U);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& a = alone["features"][k]["properties"];
    const auto& b = both["features"][k]["properties"];
    EXPECT_EQ(a["easting"], b["easting"]);
    EXPECT_EQ(a["northing"], b["northing"]);
    EXPECT_EQ(a["weight_cumulative"], b["weight_cumulative"]);
    EXPECT_TRUE(b["incidents_new"].is_number_integer());
    EXPECT_EQ(b["nearest_location"].get<std::string>().rfind("On or near", 0), 0U);
  }
  // A probability raster needs the total it stands for; with it, masses scale by the total.
  EXPECT_EQ(run(plan + "--demand-raster '" + dir.file("p.tif") + "' -o '" + dir.file("p") + "'").exit_code, 2);
  r = run(plan + "--demand-raster '" + dir.file("p.tif") + "' --demand-total 1000 -o '" + dir.file("p") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1000.00 expected incidents"), std::string::npos) << r.out;
  // A raster in another CRS is refused (exit 5) rather than resampled.
  EXPECT_EQ(run(plan + "--working-crs EPSG:32630 --demand-raster '" + dir.file("cell.tif") + "' -o '" + dir.file("utm") + "'").exit_code, 5);
}

TEST(CctvCommand, BadFlagsAreUsageErrors) {
  ScratchDir dir("cctv-bad");
  const std::string base = cli() + " cctv '" + kSample + "/oxford/' -o '" + dir.path().string() + "' ";
  EXPECT_EQ(run(base + "--spacing 50").exit_code, 2);                       // lattice without --within
  EXPECT_EQ(run(base + "--candidates '" + kOsm + "' --candidates-layer parking_points --decay").exit_code, 2);
  EXPECT_EQ(run(base + "--fov 400").exit_code, 2);
  EXPECT_EQ(run(base + "--headings 7").exit_code, 2);
  EXPECT_EQ(run(base + "--purpose spot --resolution 1920").exit_code, 2);
  EXPECT_EQ(run(base).exit_code, 2);  // no candidates at all
}

}  // namespace
}  // namespace hotspot
