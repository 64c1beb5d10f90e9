// Reads incidents from a real PostgreSQL + PostGIS server, started on 127.0.0.1 for the test
// run by tools/postgis_test_server.sh (the CTest fixture `postgis`).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "hotspot/io/incident_reader.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::read_text;
using testing::run;
using testing::ScratchDir;

std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST(PostgisReader, ReadsALayerFromARealServer) {
  const char* state = std::getenv("HOTSPOT_PG_STATE");
  ASSERT_NE(state, nullptr) << "HOTSPOT_PG_STATE is not set: run through ctest";
  const std::filesystem::path dir(state);
  if (std::filesystem::exists(dir / "skip_reason")) {
    GTEST_SKIP() << "PostGIS server unavailable: " << trim_line(read_text((dir / "skip_reason").string()));
  }
  if (!std::filesystem::exists(dir / "conninfo")) GTEST_SKIP() << "PostGIS server was not started (run through ctest)";
  const std::string conninfo = trim_line(read_text((dir / "conninfo").string()));

  // Load a council incident log into PostGIS with GDAL's own tools.
  ScratchDir scratch("postgis");
  VectorLayer layer;
  layer.name = "asb_log";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.fields = {{"category", FieldType::string}, {"reported", FieldType::string}};
  for (int i = 0; i < 20; ++i) {
    layer.features.push_back({wkb_point(523000.0 + i, 209000.0 + 2 * i),
                              {std::string(i % 4 == 0 ? "Vehicle nuisance" : "Rowdy behaviour"),
                               std::string("2021-05-") + (i < 9 ? "0" : "") + std::to_string(i + 1) + "T21:30:00"}});
  }
  layer.features.push_back({"", {std::string("Rowdy behaviour"), std::string("2021-05-30T21:30:00")}});  // no geometry
  const VectorLayer* layers[] = {&layer};
  write_geopackage(layers, scratch.file("log.gpkg"));
  const auto loaded = run("ogr2ogr -overwrite -f PostgreSQL '" + conninfo + "' '" + scratch.file("log.gpkg") + "' -nln asb_log");
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out;

  ReadOptions options;
  options.inputs = {conninfo};
  options.layer = "asb_log";
  options.category_field = "category";
  options.time_field = "reported";
  options.where = "category = 'Rowdy behaviour'";
  const ReadResult r = read_incidents(options);
  ASSERT_EQ(r.parts.size(), 1u);
  const Incidents& inc = r.parts[0].incidents;
  EXPECT_EQ(inc.crs, "EPSG:27700");
  EXPECT_EQ(r.account.read, 16u);  // 15 with points + 1 without, after --where
  EXPECT_EQ(inc.size(), 15u);
  EXPECT_EQ(r.account.rejected_by_reason[static_cast<std::size_t>(RejectReason::no_coordinates)], 1u);
  EXPECT_DOUBLE_EQ(inc.x[0], 523001.0);
  EXPECT_DOUBLE_EQ(inc.y[0], 209002.0);
  EXPECT_EQ(inc.time[0], days_from_civil(2021, 5, 2) * 86400 + 21 * 3600 + 30 * 60);
  EXPECT_EQ(inc.categories[inc.category[0]], "Rowdy behaviour");
}

}  // namespace
}  // namespace hotspot
