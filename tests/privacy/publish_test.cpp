// publish_layer on hand-made layers whose every published value is worked out by hand.

#include <gtest/gtest.h>

#include <cstring>

#include "hotspot/core/error.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/publish.hpp"

namespace hotspot::privacy {
namespace {

std::pair<double, double> point_of(const std::string& wkb) {
  EXPECT_EQ(wkb.size(), 21u);
  double x = 0, y = 0;
  std::memcpy(&x, wkb.data() + 5, 8);
  std::memcpy(&y, wkb.data() + 13, 8);
  return {x, y};
}

/// Five camera-like points: incidents 12, 4, 5, 0, null; secondary counts, a breakdown,
/// free text and easting/northing fields.
VectorLayer camera_layer() {
  VectorLayer layer;
  layer.name = "cameras";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.metadata = {{"method", "greedy"}};
  layer.fields = {{"rank", FieldType::integer},          {"easting", FieldType::real},
                  {"northing", FieldType::real},         {"incidents_in_view", FieldType::integer},
                  {"incidents_new", FieldType::integer}, {"weight_new", FieldType::real},
                  {"top_types", FieldType::string},      {"reason", FieldType::string}};
  const double xs[] = {523849.9, 523850.1, 524049.0, 525000.0, 526000.0};
  const double ys[] = {212950.0, 212949.99, 213150.0, 214000.0, 215000.0};
  const FieldValue in_view[] = {std::int64_t{12}, std::int64_t{4}, std::int64_t{5}, std::int64_t{0}, FieldValue{}};
  const FieldValue fresh[] = {std::int64_t{3}, std::int64_t{4}, std::int64_t{5}, std::int64_t{0}, FieldValue{}};
  const char* types[] = {"Anti-social behaviour 7; Burglary 1; Violence and sexual offences 4", "Burglary 4",
                         "Anti-social behaviour 5", "", ""};
  for (int i = 0; i < 5; ++i) {
    layer.features.push_back({wkb_point(xs[i], ys[i]),
                              {std::int64_t{i + 1}, xs[i], ys[i], in_view[i], fresh[i], 2.5 * (i + 1),
                               std::string(types[i]), std::string("Sees a burglary at 12 High St")}});
  }
  return layer;
}

PublishOptions camera_options() {
  PublishOptions options;
  options.min_count = 5;
  options.grid_m = 100;
  options.count_field = "incidents_in_view";
  options.other_counts = {{"incidents_new", {"weight_new"}}};
  options.count_lists = {"top_types"};
  options.drop_fields = {"reason"};
  options.coordinate_fields = {{"easting", "northing"}};
  return options;
}

TEST(Publish, SuppressesFeaturesBelowKAndReportsTheirIncidents) {
  const PublishResult r = publish_layer(camera_layer(), camera_options());
  // Kept: 12 and 5 (5 is not below k). Suppressed: 4, 0 and the null count.
  ASSERT_EQ(r.layer.features.size(), 2u);
  EXPECT_EQ(r.report.features_in, 5u);
  EXPECT_EQ(r.report.features_published, 2u);
  EXPECT_EQ(r.report.features_suppressed, 3u);
  EXPECT_DOUBLE_EQ(r.report.incidents_in, 12 + 4 + 5 + 0);
  EXPECT_DOUBLE_EQ(r.report.incidents_suppressed, 4);
  // "reason" is gone from the schema and every feature.
  ASSERT_EQ(r.layer.fields.size(), 7u);
  for (const auto& f : r.layer.fields) EXPECT_NE(f.name, "reason");
  for (const auto& f : r.layer.features) EXPECT_EQ(f.values.size(), 7u);
  EXPECT_EQ(r.report.fields_dropped, std::vector<std::string>{"reason"});
  EXPECT_EQ(std::get<std::int64_t>(r.layer.features[0].values[0]), 1);
  EXPECT_EQ(std::get<std::int64_t>(r.layer.features[1].values[0]), 3);
}

TEST(Publish, NullsSmallSecondaryCountsWithTheFieldsDerivedFromThem) {
  const PublishResult r = publish_layer(camera_layer(), camera_options());
  // Camera 1: 3 new incidents < 5: count and weight_new nulled. Camera 3: 5 kept.
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.layer.features[0].values[4]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.layer.features[0].values[5]));
  EXPECT_EQ(std::get<std::int64_t>(r.layer.features[1].values[4]), 5);
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[1].values[5]), 7.5);
  EXPECT_EQ(r.report.values_nulled, 1u);
}

TEST(Publish, WithholdsBreakdownEntriesBelowK) {
  const PublishResult r = publish_layer(camera_layer(), camera_options());
  EXPECT_EQ(std::get<std::string>(r.layer.features[0].values[6]),
            "Anti-social behaviour 7; 2 more withheld (fewer than 5 each)");
  EXPECT_EQ(std::get<std::string>(r.layer.features[1].values[6]), "Anti-social behaviour 5");
  EXPECT_EQ(r.report.list_entries_removed, 2u);
}

TEST(Publish, RoundsPointsAndCoordinateFieldsToTheGrid) {
  const PublishResult r = publish_layer(camera_layer(), camera_options());
  // 523849.9 -> 523800, 212950.0 -> 213000 (half away from zero); 524049 -> 524000, 213150 -> 213200.
  EXPECT_EQ(point_of(r.layer.features[0].wkb), std::make_pair(523800.0, 213000.0));
  EXPECT_EQ(point_of(r.layer.features[1].wkb), std::make_pair(524000.0, 213200.0));
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[0].values[1]), 523800.0);
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[0].values[2]), 213000.0);
  EXPECT_EQ(r.report.points_rounded, 2u);
}

TEST(Publish, RecordsTheReportInTheMetadata) {
  const PublishResult r = publish_layer(camera_layer(), camera_options());
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : r.layer.metadata) {
      if (k == key) return v;
    }
    return std::string("missing");
  };
  EXPECT_EQ(value("method"), "greedy");
  EXPECT_EQ(value("publish_min_count"), "5");
  EXPECT_EQ(value("publish_features_suppressed"), "3");
  // Issue 21: the incidents in the suppressed features are never published: with the
  // published counts they give the suppressed counts back by subtraction.
  EXPECT_EQ(value("publish_incidents_suppressed"), "missing");
  EXPECT_EQ(value("publish_grid_m"), "100");
  EXPECT_EQ(value("publish_fields_dropped"), "reason");
  EXPECT_EQ(r.report.summary(),
            "publish cameras: 3 of 5 features suppressed (incidents_in_view below 5), "
            "1 small counts nulled, 2 breakdown entries withheld, 2 points rounded to 100 m, fields not published: "
            "reason");
}

TEST(Publish, KOfOneKeepsEveryCountedFeature) {
  PublishOptions options = camera_options();
  options.min_count = 1;
  const PublishResult r = publish_layer(camera_layer(), options);
  EXPECT_EQ(r.layer.features.size(), 3u);  // 12, 4, 5; zero and null still go
  EXPECT_DOUBLE_EQ(r.report.incidents_suppressed, 0);
}

TEST(Publish, RefusesALayerWithoutItsCountField) {
  PublishOptions options = camera_options();
  options.count_field = "incidents";
  try {
    (void)publish_layer(camera_layer(), options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("incidents"), std::string::npos) << e.what();
  }
  options.count_field.clear();
  EXPECT_THROW((void)publish_layer(camera_layer(), options), Error);
}

TEST(Publish, RefusesAnUndeclaredCountField) {
  PublishOptions options = camera_options();
  options.other_counts.clear();  // incidents_new would go out unchecked
  try {
    (void)publish_layer(camera_layer(), options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::internal);
    EXPECT_NE(std::string(e.what()).find("incidents_new"), std::string::npos) << e.what();
  }
}

TEST(Publish, RawIncidentPointsNeverPass) {
  // One feature per incident: every count is 1, so nothing is published at k = 5.
  VectorLayer layer;
  layer.name = "incidents";
  layer.geometry = GeometryKind::point;
  layer.fields = {{"incidents", FieldType::integer}};
  for (int i = 0; i < 50; ++i) layer.features.push_back({wkb_point(i, i), {std::int64_t{1}}});
  const PublishResult r = publish_layer(layer, PublishOptions{});
  EXPECT_TRUE(r.layer.features.empty());
  EXPECT_DOUBLE_EQ(r.report.incidents_suppressed, 50);
}

TEST(Publish, RealCountsAndPolygonsPassUnrounded) {
  VectorLayer layer;
  layer.name = "cells";
  layer.geometry = GeometryKind::polygon;
  layer.fields = {{"incidents", FieldType::real}};
  const std::vector<std::vector<std::pair<double, double>>> rings{{{0.5, 0.5}, {10.5, 0.5}, {10.5, 10.5}}};
  layer.features.push_back({wkb_polygon(rings), {4.999}});
  layer.features.push_back({wkb_polygon(rings), {5.0}});
  const PublishResult r = publish_layer(layer, PublishOptions{});
  ASSERT_EQ(r.layer.features.size(), 1u);
  EXPECT_EQ(r.layer.features[0].wkb, wkb_polygon(rings));
  EXPECT_EQ(r.report.points_rounded, 0u);
}

TEST(Publish, RoundToGrid) {
  EXPECT_DOUBLE_EQ(round_to_grid(149.9, 100), 100);
  EXPECT_DOUBLE_EQ(round_to_grid(150, 100), 200);
  EXPECT_DOUBLE_EQ(round_to_grid(-150, 100), -200);
  EXPECT_DOUBLE_EQ(round_to_grid(523849.9, 50), 523850);
}

// Issue 21: a running total over a suppressed camera gave its count back by subtraction
// (cumulative at rank 3 minus cumulative at rank 1 minus new at rank 3). Once a step is
// withheld, the totals from there on are withheld too, with the fields derived from them.
TEST(Publish, RunningTotalsAfterAWithheldStepAreWithheld) {
  VectorLayer layer;
  layer.name = "cameras";
  layer.geometry = GeometryKind::point;
  layer.fields = {{"rank", FieldType::integer},
                  {"incidents_in_view", FieldType::integer},
                  {"incidents_new", FieldType::integer},
                  {"incidents_cumulative", FieldType::integer},
                  {"harm_cumulative", FieldType::real}};
  // rank, in view, new, cumulative: camera 2 is suppressed (3 in view < 5).
  const std::int64_t rows[4][4] = {{1, 12, 10, 10}, {2, 3, 2, 12}, {3, 9, 8, 20}, {4, 7, 6, 26}};
  for (const auto& r : rows) {
    layer.features.push_back({wkb_point(0, 0), {r[0], r[1], r[2], r[3], 10.0 * static_cast<double>(r[3])}});
  }
  PublishOptions options;
  options.count_field = "incidents_in_view";
  options.other_counts = {{"incidents_new", {}}};
  options.cumulative_counts = {{"incidents_cumulative", "incidents_new", {"harm_cumulative"}}};
  const PublishResult r = publish_layer(layer, options);
  ASSERT_EQ(r.layer.features.size(), 3u);
  EXPECT_EQ(std::get<std::int64_t>(r.layer.features[0].values[3]), 10);  // before the gap: kept
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[0].values[4]), 100.0);
  for (std::size_t f : {1u, 2u}) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(r.layer.features[f].values[3])) << f;
    EXPECT_TRUE(std::holds_alternative<std::monostate>(r.layer.features[f].values[4])) << f;
    EXPECT_FALSE(std::holds_alternative<std::monostate>(r.layer.features[f].values[2])) << f;  // steps >= k stay
  }
  EXPECT_EQ(r.report.cumulative_withheld, 2u);
  EXPECT_NE(r.report.summary().find("2 running totals withheld"), std::string::npos) << r.report.summary();

  // A published camera whose own step is nulled breaks the total in the same way.
  layer.features[1].values[1] = std::int64_t{6};
  const PublishResult nulled = publish_layer(layer, options);
  ASSERT_EQ(nulled.layer.features.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(nulled.layer.features[1].values[2]));
  for (std::size_t f : {1u, 2u, 3u}) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(nulled.layer.features[f].values[3])) << f;
  }
}

// Issue 21: 23 of 24 published cluster centres sat on an incident's exact position.
TEST(Publish, ShapesAroundAnIncidentPositionAreCentredOnTheGrid) {
  VectorLayer layer;
  layer.name = "clusters";
  layer.geometry = GeometryKind::polygon;
  layer.fields = {{"incidents", FieldType::integer}, {"centre_x", FieldType::real}, {"centre_y", FieldType::real}};
  const double cx = 523049.9, cy = 212950.0;
  std::vector<std::vector<std::pair<double, double>>> rings{
      {{cx - 1, cy - 1}, {cx + 1, cy - 1}, {cx + 1, cy + 1}, {cx - 1, cy + 1}}};
  layer.features.push_back({wkb_polygon(rings), {std::int64_t{9}, cx, cy}});
  PublishOptions options;
  options.coordinate_fields = {{"centre_x", "centre_y"}};
  options.anchor_fields = std::make_pair(std::string("centre_x"), std::string("centre_y"));
  const PublishResult r = publish_layer(layer, options);
  ASSERT_EQ(r.layer.features.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[0].values[1]), 523000.0);
  EXPECT_DOUBLE_EQ(std::get<double>(r.layer.features[0].values[2]), 213000.0);
  // The square keeps its shape, centred on the rounded point: its first corner moved by
  // (-49.9, +50).
  std::vector<std::vector<std::pair<double, double>>> moved{
      {{523000 - 1, 213000 - 1}, {523000 + 1, 213000 - 1}, {523000 + 1, 213000 + 1}, {523000 - 1, 213000 + 1}}};
  const std::string expected = wkb_polygon(moved);
  ASSERT_EQ(r.layer.features[0].wkb.size(), expected.size());
  for (std::size_t at = 13; at + 8 <= expected.size(); at += 8) {
    double a = 0, b = 0;
    std::memcpy(&a, r.layer.features[0].wkb.data() + at, 8);
    std::memcpy(&b, expected.data() + at, 8);
    EXPECT_NEAR(a, b, 1e-6) << at;
  }
  EXPECT_EQ(r.report.shapes_moved, 1u);
}

TEST(Publish, AMinimumCountOfOneIsWarnedAbout) {
  PublishOptions options;
  options.min_count = 1;
  ASSERT_EQ(publish_settings_warnings(options).size(), 1u);
  EXPECT_NE(publish_settings_warnings(options)[0].find("suppresses nothing"), std::string::npos);
  options.min_count = 5;
  EXPECT_TRUE(publish_settings_warnings(options).empty());
}

}  // namespace
}  // namespace hotspot::privacy
