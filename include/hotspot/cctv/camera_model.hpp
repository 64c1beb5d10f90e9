#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hotspot {

/// EN 62676-4 (IEC 62676-4) operational purposes and their minimum pixel densities on the
/// target, in pixels per metre of scene width.
enum class CameraPurpose { detect, observe, recognise, identify };

/// 25, 62.5, 125 or 250 px/m.
[[nodiscard]] double pixel_density(CameraPurpose purpose);
/// "detect", "observe", "recognise", "identify".
[[nodiscard]] std::string purpose_name(CameraPurpose purpose);
/// Parses a purpose name (also "recognize"); nothing for anything else.
[[nodiscard]] std::optional<CameraPurpose> parse_purpose(const std::string& text);

/// The distance at which a camera still delivers `purpose`'s pixel density:
/// range = resolution / (2 · tan(fov / 2) · density). A 360° camera (PTZ, dome) is modelled by
/// its lens's own field of view `fov_deg` (< 180°), because its pixels are spread over that
/// lens at any moment, not over the whole circle. Throws Error(usage) for values outside
/// 0 < fov < 180 or a resolution that is not positive.
[[nodiscard]] double range_for_purpose(double horizontal_pixels, double fov_deg, CameraPurpose purpose);

/// How a camera sees: how far, over what angle, which directions the planner may choose, and
/// (optionally) where its picture quality starts to fall off.
struct CameraModel {
  /// Coverage ends here (with decay: the detect range). 60 m: a town-centre dome or PTZ
  /// camera recognising a person by day (docs/cctv.md, "Camera range").
  double range_m = 60;
  double fov_deg = 360;       ///< horizontal field of view of the coverage sector; 360 = all round
  int headings = 8;           ///< directions tried for a fixed camera (ignored for 360°)
  /// Distance decay: full weight up to `full_range_m`, falling linearly to 0 at `range_m`.
  /// Equal to range_m (the default when not set) means no decay.
  double full_range_m = 0;

  [[nodiscard]] bool all_round() const { return fov_deg >= 360.0; }
  [[nodiscard]] bool decays() const { return full_range_m > 0 && full_range_m < range_m; }
  /// Coverage weight of a point at `distance` metres (1 inside the full range, linear to 0).
  [[nodiscard]] double quality(double distance) const;
  /// Headings tried, in degrees clockwise from grid north: {0} for 360°, else k·360/headings.
  [[nodiscard]] std::vector<double> heading_list() const;
  /// Throws Error(usage) when the model is unusable (range <= 0, fov outside (0, 360], ...).
  void validate() const;
};

/// The sensor description a camera model can be derived from.
struct SensorSpec {
  double horizontal_pixels = 1920;
  double lens_fov_deg = 90;                       ///< horizontal field of view of the lens
  CameraPurpose purpose = CameraPurpose::recognise;
  bool decay = false;  ///< full weight to the recognise range, down to 0 at the detect range
};

/// Range from the sensor (and, with decay, full range = recognise range, range = detect
/// range). `coverage_fov_deg` is the sector swept (360 for PTZ/dome, else the lens fov).
[[nodiscard]] CameraModel camera_from_sensor(const SensorSpec& sensor, double coverage_fov_deg, int headings);

}  // namespace hotspot
