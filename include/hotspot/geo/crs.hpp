#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hotspot {

/// A rectangle; for an area of use it is in degrees (west, south, east, north).
struct Bounds {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  [[nodiscard]] bool contains(double x, double y) const {
    return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
  }
  [[nodiscard]] double width() const { return max_x - min_x; }
  [[nodiscard]] double height() const { return max_y - min_y; }
  /// This box lies strictly inside `outer` (no shared edge).
  [[nodiscard]] bool strictly_inside(const Bounds& outer) const {
    return min_x > outer.min_x && max_x < outer.max_x && min_y > outer.min_y && max_y < outer.max_y;
  }
  /// This box lies strictly outside `other` (not even touching it).
  [[nodiscard]] bool strictly_outside(const Bounds& other) const {
    return max_x < other.min_x || min_x > other.max_x || max_y < other.min_y || min_y > other.max_y;
  }
};

/// What we need to know about a CRS.
struct CrsInfo {
  std::string definition;  ///< as given, e.g. "EPSG:27700"
  std::string name;        ///< e.g. "OSGB36 / British National Grid"
  bool geographic = false;
  double metres_per_unit = 1.0;  ///< linear unit of a projected CRS
  bool has_area_of_use = false;
  Bounds area_of_use;  ///< degrees
};

/// Describes a CRS given as anything GDAL accepts (EPSG:n, WKT, PROJ string); throws
/// Error(crs) when it is not a CRS.
[[nodiscard]] CrsInfo describe_crs(const std::string& definition);

/// Throws Error(crs) unless the CRS is projected with metre units, so all distances are
/// metres. A geographic CRS is refused with a message that suggests one.
void require_metric_crs(const std::string& definition);

/// The automatic working CRS: EPSG:27700 (British National Grid) when the data's centre lies
/// in Great Britain, otherwise the WGS84 UTM zone of the centre.
struct WorkingCrsChoice {
  std::string definition;
  std::string name;
  std::string reason;
};
/// `where` describes the centre in the reason; empty: its lon/lat.
[[nodiscard]] WorkingCrsChoice choose_working_crs(double centre_lon, double centre_lat, const std::string& where = {});

/// The CRS `choose_working_crs` gives for every location in the lon/lat box, or empty when
/// locations in the box would get different ones (it straddles a UTM zone, the equator, or the
/// edge of Great Britain) or the box touches such an edge.
[[nodiscard]] std::optional<std::string> working_crs_for_box(const Bounds& lonlat_box);

/// Refuses a distance (a radius, band, spacing) that cannot be meant in metres for data of
/// this extent: not positive, under 1 m (degrees given by mistake?), or more than ten times
/// the diagonal of the data's extent. `extent_diagonal` <= 0 skips the upper check.
void check_distance(double metres, const std::string& option, double extent_diagonal);

/// Transforms points between two CRSs with PROJ (through GDAL's OGR API), x = easting or
/// longitude whatever the CRS's axis order.
class CoordinateTransformer {
 public:
  CoordinateTransformer(const std::string& from, const std::string& to);
  ~CoordinateTransformer();
  CoordinateTransformer(CoordinateTransformer&&) noexcept;
  CoordinateTransformer& operator=(CoordinateTransformer&&) noexcept;

  /// From a CRS to its own geographic CRS (same datum, x = longitude): only the inverse
  /// projection, with no datum shift to look up in PROJ's database, so it is made at once.
  [[nodiscard]] static CoordinateTransformer to_own_geographic(const std::string& from);

  /// Transforms in place. Points PROJ cannot transform get `ok[i] = false` (and unchanged
  /// coordinates are not guaranteed).
  void transform(std::span<double> x, std::span<double> y, std::vector<bool>& ok) const;
  /// Transforms one point; returns false when PROJ cannot.
  bool transform(double& x, double& y) const;

 private:
  struct Impl;
  explicit CoordinateTransformer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotspot
