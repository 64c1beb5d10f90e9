#include "hotspot/pipeline/projection.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

SourceIncidents part_with(const std::vector<std::pair<double, double>>& points, const std::string& crs) {
  SourceIncidents part;
  Incidents& inc = part.incidents;
  inc.crs = crs;
  inc.sources.intern("test.csv");
  std::uint64_t row = 0;
  for (const auto& [x, y] : points) inc.push_back({.x = x, .y = y, .row = ++row});
  return part;
}

TEST(Projection, ChoosesBritishNationalGridAndRejectsImpossiblePoints) {
  std::vector<SourceIncidents> parts;
  parts.push_back(part_with({{-0.2, 51.7}, {-0.3, 51.8}, {-0.25, 51.75}, {-0.22, 51.72}, {51.75, -0.25}, {-0.25, 95.0}, {151.2, -33.87}}, "EPSG:4326"));
  RowAccount account;
  account.sources = {"test.csv"};
  account.read = 7;
  std::vector<std::string> notes;
  const ProjectedIncidents out = project_incidents(parts, "", account, notes);
  EXPECT_EQ(out.crs.definition, "EPSG:27700");
  // The median location decides, so two far-away points do not move the choice.
  ASSERT_EQ(out.incidents.size(), 4u);
  EXPECT_EQ(account.rejected_by_reason[static_cast<std::size_t>(RejectReason::coordinate_out_of_range)], 1u);
  EXPECT_EQ(account.rejected_by_reason[static_cast<std::size_t>(RejectReason::outside_crs_area)], 2u);
  EXPECT_EQ(account.used(), 4u);
  // (-0.25, 95) has a latitude beyond 90 that would be a valid longitude: flagged as swapped.
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("swapped"), std::string::npos);
  EXPECT_GT(out.incidents.x[0], 500000);
  EXPECT_EQ(out.incidents.crs, "EPSG:27700");
}

// A council log in British National Grid read without --crs (CSV defaults to WGS84): every
// row is out of range, and the note says what the numbers look like and what to pass.
TEST(Projection, EastingsAndNorthingsTakenForDegreesGetANote) {
  std::vector<SourceIncidents> parts;
  parts.push_back(part_with({{530000, 210000}, {530010, 210020.5}, {-0.25, 51.75}}, "EPSG:4326"));
  RowAccount account;
  account.sources = {"test.csv"};
  account.read = 3;
  std::vector<std::string> notes;
  (void)project_incidents(parts, "", account, notes);
  EXPECT_EQ(account.rejected_by_reason[static_cast<std::size_t>(RejectReason::coordinate_out_of_range)], 2u);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(render_option_refs(notes[0]), "2 rows have coordinates far beyond ±180° (e.g. x 530000, y 210000) that look like metres, not "
                      "degrees of longitude and latitude (rejected as out of range): if they are British National Grid "
                      "eastings and northings, pass --crs EPSG:27700");

  // Metres elsewhere (UTM 33S northings): the general advice.
  std::vector<SourceIncidents> far;
  far.push_back(part_with({{500000, 6200000}, {-0.25, 51.75}}, "EPSG:4326"));
  notes.clear();
  (void)project_incidents(far, "", account, notes);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(render_option_refs(notes[0]).find("pass the coordinates' own CRS with --crs"), std::string::npos) << notes[0];
}

TEST(Projection, MergesSourcesInDifferentCrsAndHonoursRequestedCrs) {
  std::vector<SourceIncidents> parts;
  parts.push_back(part_with({{-0.2, 51.7}}, "EPSG:4326"));
  parts.push_back(part_with({{523000, 209000}}, "EPSG:27700"));
  parts[1].source = 1;
  RowAccount account;
  account.sources = {"a.csv", "b.gpkg"};
  account.read = 2;
  std::vector<std::string> notes;
  const ProjectedIncidents out = project_incidents(parts, "EPSG:32630", account, notes);
  EXPECT_EQ(out.crs.reason, "given with --crs");
  ASSERT_EQ(out.incidents.size(), 2u);
  EXPECT_EQ(out.incidents.source[1], 1u);
  EXPECT_EQ(out.incidents.sources[1], "b.gpkg");
  EXPECT_GT(out.incidents.x[1], 600000);  // UTM 30N eastings around Hertfordshire are ~ 690 km

  std::vector<SourceIncidents> again;
  again.push_back(part_with({{-0.2, 51.7}}, "EPSG:4326"));
  EXPECT_THROW((void)project_incidents(again, "EPSG:4326", account, notes), Error);
}

// A projected source is checked against the working CRS's area of use by the lon/lat box of its
// points, not point by point: the result must be the same as taking every point to lon/lat.
TEST(Projection, ProjectedSourceGivesTheSameResultWithoutPerPointLonLat) {
  auto project = [](const std::vector<std::pair<double, double>>& points, const std::string& crs,
                    const std::string& requested) {
    std::vector<SourceIncidents> parts;
    parts.push_back(part_with(points, crs));
    RowAccount account;
    account.sources = {"test.csv"};
    account.read = points.size();
    std::vector<std::string> notes;
    ProjectedIncidents out = project_incidents(parts, requested, account, notes);
    return std::pair{std::move(out), account};
  };
  // Hatfield and St Albans in British National Grid: chosen automatically, kept as they are.
  const std::vector<std::pair<double, double>> herts = {{523000, 209000}, {515000, 207000}, {522750.5, 208900.25}};
  auto [bng, bng_account] = project(herts, "EPSG:27700", "");
  EXPECT_EQ(bng.crs.definition, "EPSG:27700");
  EXPECT_EQ(bng.crs.reason,
            "the data's median location (x 522750.5, y 208900.25 in EPSG:27700) lies in Great Britain");
  ASSERT_EQ(bng.incidents.size(), 3u);
  EXPECT_EQ(bng.incidents.x[2], 522750.5);
  EXPECT_EQ(bng.incidents.y[2], 208900.25);
  EXPECT_EQ(bng_account.used(), 3u);

  // The same points in UTM 30N, projected to the grid: within millimetres of the originals.
  std::vector<std::pair<double, double>> utm = herts;
  CoordinateTransformer to_utm("EPSG:27700", "EPSG:32630");
  for (auto& [x, y] : utm) ASSERT_TRUE(to_utm.transform(x, y));
  auto [back, back_account] = project(utm, "EPSG:32630", "EPSG:27700");
  ASSERT_EQ(back.incidents.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(back.incidents.x[i], herts[i].first, 1e-3);
    EXPECT_NEAR(back.incidents.y[i], herts[i].second, 1e-3);
  }

  // A box reaching outside the area of use falls back to the point-by-point check: only the
  // point in France (UTM 31N, outside Great Britain's grid) is rejected.
  std::vector<std::pair<double, double>> mixed = utm;
  double paris_x = 2.35, paris_y = 48.86;
  ASSERT_TRUE(CoordinateTransformer("EPSG:4326", "EPSG:32630").transform(paris_x, paris_y));
  mixed.emplace_back(paris_x, paris_y);
  auto [kept, kept_account] = project(mixed, "EPSG:32630", "EPSG:27700");
  EXPECT_EQ(kept.incidents.size(), 3u);
  EXPECT_EQ(kept_account.rejected_by_reason[static_cast<std::size_t>(RejectReason::outside_crs_area)], 1u);
  EXPECT_EQ(kept_account.rejections.at(0).row, 4u);
}

}  // namespace
}  // namespace hotspot
