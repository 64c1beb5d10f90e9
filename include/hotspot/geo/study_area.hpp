#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hotspot/geo/crs.hpp"

namespace hotspot {

/// Where to find a study-area polygon layer (`--within`).
struct AreaSource {
  std::string path;   ///< any OGR polygon source (GeoJSON, GeoPackage, Shapefile, PG:...)
  std::string layer;  ///< layer name; default: the only layer
  std::string where;  ///< attribute filter, e.g. "lad17nm = 'St Albans'"
  /// CRS of a layer that declares none (a shapefile without its .prj). Such a layer is
  /// refused without it: taking it to be in the working CRS silently rejected every incident
  /// when it was not.
  std::string crs;
};

/// A study area in the working CRS: the union of a layer's polygons (repaired with a note
/// when invalid), tested with a GEOS prepared geometry. Points on the boundary are inside.
class StudyArea {
 public:
  /// Reads, unions and projects the polygons of `source`. Throws Error for an unreadable
  /// source, no polygons, or an empty result; `notes` receives repairs made.
  static StudyArea from_source(const AreaSource& source, const std::string& working_crs,
                               std::vector<std::string>& notes);
  /// A rectangle given in `bbox_crs`, projected (densified) into the working CRS.
  static StudyArea from_bbox(const Bounds& bbox, const std::string& bbox_crs, const std::string& working_crs);
  /// Polygon(s) from ISO WKB already in the working CRS (tests, other stages).
  static StudyArea from_wkb(const std::string& wkb, const std::string& working_crs, std::vector<std::string>& notes);

  StudyArea(StudyArea&&) noexcept;
  StudyArea& operator=(StudyArea&&) noexcept;
  ~StudyArea();

  [[nodiscard]] bool contains(double x, double y) const;
  [[nodiscard]] const Bounds& bounds() const;
  [[nodiscard]] double area_m2() const;
  [[nodiscard]] std::string wkb() const;  ///< ISO WKB in the working CRS
  [[nodiscard]] const std::string& crs() const;
  [[nodiscard]] const std::string& description() const;  ///< e.g. "herts_districts.geojson (2 features)"

 private:
  struct Impl;
  explicit StudyArea(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotspot
