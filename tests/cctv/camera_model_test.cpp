#include "hotspot/cctv/camera_model.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

TEST(CameraModel, EnPixelDensities) {
  EXPECT_DOUBLE_EQ(pixel_density(CameraPurpose::detect), 25.0);
  EXPECT_DOUBLE_EQ(pixel_density(CameraPurpose::observe), 62.5);
  EXPECT_DOUBLE_EQ(pixel_density(CameraPurpose::recognise), 125.0);
  EXPECT_DOUBLE_EQ(pixel_density(CameraPurpose::identify), 250.0);
  EXPECT_EQ(parse_purpose("recognize"), CameraPurpose::recognise);
  EXPECT_FALSE(parse_purpose("spot").has_value());
}

TEST(CameraModel, RangeWorkedNumbers) {
  // 1920 px over a 90° lens: scene width at d is 2d (tan 45° = 1), so 125 px/m needs
  // 1920 / (2 · 125) = 7.68 m; detect (25 px/m) reaches 38.4 m.
  EXPECT_NEAR(range_for_purpose(1920, 90, CameraPurpose::recognise), 7.68, 1e-12);
  EXPECT_NEAR(range_for_purpose(1920, 90, CameraPurpose::detect), 38.4, 1e-12);
  // 3840 px over 60°: tan 30° = 1/√3, so 3840·√3 / 250 = 26.604 m for recognition.
  EXPECT_NEAR(range_for_purpose(3840, 60, CameraPurpose::recognise), 3840 * std::sqrt(3.0) / 250.0, 1e-9);
  // Identification needs twice recognition's density: half the range.
  EXPECT_NEAR(range_for_purpose(2560, 40, CameraPurpose::identify) * 2,
              range_for_purpose(2560, 40, CameraPurpose::recognise), 1e-12);
  EXPECT_THROW((void)range_for_purpose(1920, 180, CameraPurpose::detect), Error);
  EXPECT_THROW((void)range_for_purpose(0, 90, CameraPurpose::detect), Error);
}

TEST(CameraModel, SensorWithDecayUsesRecogniseThenDetect) {
  const CameraModel m = camera_from_sensor({1920, 90, CameraPurpose::observe, true}, 90, 8);
  EXPECT_NEAR(m.range_m, 38.4, 1e-12);
  EXPECT_NEAR(m.full_range_m, 7.68, 1e-12);
  EXPECT_TRUE(m.decays());
  EXPECT_DOUBLE_EQ(m.quality(5), 1.0);
  EXPECT_DOUBLE_EQ(m.quality(7.68), 1.0);
  // Halfway between 7.68 and 38.4 m: weight one half.
  EXPECT_NEAR(m.quality((7.68 + 38.4) / 2), 0.5, 1e-12);
  EXPECT_NEAR(m.quality(38.4), 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.quality(40), 0.0);
  const CameraModel plain = camera_from_sensor({1920, 90, CameraPurpose::observe, false}, 360, 8);
  EXPECT_NEAR(plain.range_m, 1920 / (2 * 62.5), 1e-12);
  EXPECT_FALSE(plain.decays());
  EXPECT_DOUBLE_EQ(plain.quality(plain.range_m), 1.0);
}

TEST(CameraModel, Headings) {
  CameraModel m;
  m.fov_deg = 360;
  EXPECT_EQ(m.heading_list(), std::vector<double>{0.0});
  m.fov_deg = 60;
  m.headings = 8;
  const auto h = m.heading_list();
  ASSERT_EQ(h.size(), 8U);
  EXPECT_DOUBLE_EQ(h[1], 45.0);
  EXPECT_DOUBLE_EQ(h[7], 315.0);
  m.range_m = -1;
  EXPECT_THROW(m.validate(), Error);
}

}  // namespace
}  // namespace hotspot
