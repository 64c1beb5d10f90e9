// The standard layers' rules: camera views follow their rounded cameras, and WKB of every
// kind moves by the offset given.

#include <gtest/gtest.h>

#include <cstring>
#include <utility>
#include <variant>
#include <vector>

#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/privacy/publish.hpp"

namespace hotspot::privacy {
namespace {

using Ring = std::vector<std::pair<double, double>>;

/// Every vertex of a WKB polygon made by wkb_polygon (one ring, little-endian on x86).
Ring ring_of(const std::string& wkb) {
  std::uint32_t n = 0;
  std::memcpy(&n, wkb.data() + 9, 4);
  Ring ring;
  for (std::uint32_t i = 0; i < n; ++i) {
    double x = 0, y = 0;
    std::memcpy(&x, wkb.data() + 13 + 16 * i, 8);
    std::memcpy(&y, wkb.data() + 21 + 16 * i, 8);
    ring.emplace_back(x, y);
  }
  return ring;
}

Ring square(double x, double y, double half) {
  return {{x - half, y - half}, {x + half, y - half}, {x + half, y + half}, {x - half, y + half}, {x - half, y - half}};
}

TEST(TranslateWkb, MovesEveryVertexOfAPolygonAndAPoint) {
  const std::vector<Ring> rings{square(10, 20, 5)};
  std::string polygon = wkb_polygon(rings);
  translate_wkb(polygon, 1.5, -2.0);
  const Ring moved = ring_of(polygon);
  ASSERT_EQ(moved.size(), 5U);
  for (std::size_t i = 0; i < moved.size(); ++i) {
    EXPECT_DOUBLE_EQ(moved[i].first, rings[0][i].first + 1.5);
    EXPECT_DOUBLE_EQ(moved[i].second, rings[0][i].second - 2.0);
  }
  std::string point = wkb_point(3, 4);
  translate_wkb(point, -3, 6);
  const auto xy = wkb_point_xy(point);
  ASSERT_TRUE(xy.has_value());
  EXPECT_DOUBLE_EQ(xy->first, 0.0);
  EXPECT_DOUBLE_EQ(xy->second, 10.0);
  EXPECT_FALSE(wkb_point_xy(polygon).has_value());
}

TEST(MoveViewsWithCameras, EachNewViewIsCentredOnItsRoundedCamera) {
  VectorLayer cameras;
  cameras.name = "cameras";
  cameras.geometry = GeometryKind::point;
  cameras.fields = {{"rank", FieldType::integer}};
  cameras.features.push_back({wkb_point(523849.9, 212960.0), {std::int64_t{1}}});
  cameras.features.push_back({wkb_point(524020.0, 213149.0), {std::int64_t{2}}});
  VectorLayer coverage;
  coverage.name = "coverage";
  coverage.geometry = GeometryKind::polygon;
  coverage.fields = {{"kind", FieldType::string}, {"rank", FieldType::integer}};
  const std::vector<Ring> view1{square(523849.9, 212960.0, 30)}, view2{square(524020.0, 213149.0, 30)},
      existing{square(523000.3, 212000.7, 30)};
  coverage.features.push_back({wkb_polygon(view2), {std::string("new"), std::int64_t{2}}});
  coverage.features.push_back({wkb_polygon(existing), {std::string("existing"), std::int64_t{1}}});
  coverage.features.push_back({wkb_polygon(view1), {std::string("new"), std::int64_t{1}}});

  EXPECT_EQ(move_views_with_cameras(coverage, cameras, 100.0), 2U);
  // Camera 2 rounds to (524000, 213100): its view moved by (-20, -49), centred there.
  EXPECT_EQ(ring_of(coverage.features[0].wkb), square(524000.0, 213100.0, 30));
  EXPECT_EQ(ring_of(coverage.features[1].wkb), existing[0]);  // an existing camera's view stays
  const Ring first = ring_of(coverage.features[2].wkb);
  EXPECT_NEAR(first[0].first, 523800.0 - 30, 1e-6);
  EXPECT_NEAR(first[0].second, 213000.0 - 30, 1e-6);
}

TEST(WithholdEvaluationComplements, AControlCountGoesWithASmallCountBesideIt) {
  // The layer of evaluation::evaluation_areas_layer, reduced to the fields the rule reads.
  VectorLayer areas;
  areas.name = "evaluation_areas";
  areas.geometry = GeometryKind::multipolygon;
  areas.fields = {{"intervention", FieldType::string}, {"area_code", FieldType::integer}, {"before", FieldType::real},
                  {"after", FieldType::real},          {"change_pct", FieldType::real}, {"finding", FieldType::string}};
  const auto add = [&](const char* name, std::int64_t code, double before, double after) {
    areas.features.push_back({wkb_polygon(std::vector<Ring>{square(0, 0, 10)}),
                              {std::string(name), code, before, after, 100 * (after - before) / before, std::string("f")}});
  };
  // The camera's circle had 3 before (below k = 5): its control's count before must go too,
  // or the study area's total less the buffer and the control would give the 3 back.
  add("camera", 1, 3, 20);
  add("camera", 2, 30, 40);
  add("camera", 3, 500, 600);
  // The town centre's counts are all 5 or more: its control stays whole.
  add("town centre", 1, 50, 45);
  add("town centre", 2, 5, 6);
  add("town centre", 3, 500, 600);
  EXPECT_EQ(withhold_evaluation_complements(areas, 5), 1U);
  const auto& control = areas.features[2].values;
  EXPECT_TRUE(std::holds_alternative<std::monostate>(control[2]));  // before
  EXPECT_EQ(std::get<double>(control[3]), 600.0);                    // after: nothing small beside it
  EXPECT_TRUE(std::holds_alternative<std::monostate>(control[4]));   // the change gives before back
  EXPECT_TRUE(std::holds_alternative<std::monostate>(control[5]));   // so does the finding
  for (std::size_t f = 3; f < 6; ++f) {
    for (std::size_t v = 2; v < 6; ++v) EXPECT_FALSE(std::holds_alternative<std::monostate>(areas.features[f].values[v]));
  }
  // Published, the camera's circle goes (before below k) and so does its control (before null).
  PublishOptions rules = evaluation_area_rules();
  rules.min_count = 5;
  const PublishResult published = publish_layer(areas, rules);
  EXPECT_EQ(published.layer.features.size(), 4U);
  EXPECT_EQ(published.report.features_suppressed, 2U);
}

}  // namespace
}  // namespace hotspot::privacy
