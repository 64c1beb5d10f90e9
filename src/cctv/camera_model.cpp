#include "hotspot/cctv/camera_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {
constexpr const char* kStage = "cctv.camera";
}

double pixel_density(CameraPurpose purpose) {
  switch (purpose) {
    case CameraPurpose::detect: return 25.0;
    case CameraPurpose::observe: return 62.5;
    case CameraPurpose::recognise: return 125.0;
    case CameraPurpose::identify: return 250.0;
  }
  return 125.0;
}

std::string purpose_name(CameraPurpose purpose) {
  switch (purpose) {
    case CameraPurpose::detect: return "detect";
    case CameraPurpose::observe: return "observe";
    case CameraPurpose::recognise: return "recognise";
    case CameraPurpose::identify: return "identify";
  }
  return "recognise";
}

std::optional<CameraPurpose> parse_purpose(const std::string& text) {
  if (text == "detect") return CameraPurpose::detect;
  if (text == "observe") return CameraPurpose::observe;
  if (text == "recognise" || text == "recognize") return CameraPurpose::recognise;
  if (text == "identify") return CameraPurpose::identify;
  return std::nullopt;
}

double range_for_purpose(double horizontal_pixels, double fov_deg, CameraPurpose purpose) {
  if (!(horizontal_pixels > 0) || !std::isfinite(horizontal_pixels)) {
    throw Error(ErrorCode::usage, kStage, "sensor resolution must be a positive number of pixels");
  }
  if (!(fov_deg > 0 && fov_deg < 180)) {
    throw Error(ErrorCode::usage, kStage, "lens field of view must be between 0 and 180 degrees (exclusive)");
  }
  // The scene width at distance d is 2·d·tan(fov/2); it holds `horizontal_pixels` pixels.
  const double half = fov_deg * std::numbers::pi / 360.0;
  return horizontal_pixels / (2.0 * std::tan(half) * pixel_density(purpose));
}

double CameraModel::quality(double distance) const {
  if (distance > range_m) return 0.0;
  if (!decays() || distance <= full_range_m) return 1.0;
  return std::clamp((range_m - distance) / (range_m - full_range_m), 0.0, 1.0);
}

std::vector<double> CameraModel::heading_list() const {
  if (all_round()) return {0.0};
  std::vector<double> list;
  for (int k = 0; k < headings; ++k) list.push_back(360.0 * k / headings);
  return list;
}

void CameraModel::validate() const {
  if (!(range_m > 0) || !std::isfinite(range_m)) throw Error(ErrorCode::usage, kStage, "camera range must be positive");
  if (!(fov_deg > 0 && fov_deg <= 360)) throw Error(ErrorCode::usage, kStage, "field of view must be in (0, 360] degrees");
  if (!all_round() && headings < 1) throw Error(ErrorCode::usage, kStage, "a fixed camera needs at least one heading");
  if (full_range_m < 0 || full_range_m > range_m) {
    throw Error(ErrorCode::usage, kStage, "full-quality range must lie between 0 and the camera range");
  }
}

CameraModel camera_from_sensor(const SensorSpec& sensor, double coverage_fov_deg, int headings) {
  CameraModel model;
  model.fov_deg = coverage_fov_deg;
  model.headings = headings;
  if (sensor.decay) {
    model.range_m = range_for_purpose(sensor.horizontal_pixels, sensor.lens_fov_deg, CameraPurpose::detect);
    model.full_range_m = range_for_purpose(sensor.horizontal_pixels, sensor.lens_fov_deg, CameraPurpose::recognise);
  } else {
    model.range_m = range_for_purpose(sensor.horizontal_pixels, sensor.lens_fov_deg, sensor.purpose);
  }
  model.validate();
  return model;
}

}  // namespace hotspot
