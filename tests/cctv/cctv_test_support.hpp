#pragma once

// GEOS-based oracles for the cctv tests: independent of the ray caster under test.

#include <geos_c.h>

#include <string>
#include <utility>
#include <vector>

#include "hotspot/cctv/camera_model.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot::testing {

/// A camera that sees all round (360°) to `range` metres.
inline CameraModel all_round(double range) {
  CameraModel m;
  m.range_m = range;
  m.fov_deg = 360;
  return m;
}

class Geos {
 public:
  Geos() : context_(GEOS_init_r()) {}
  ~Geos() { GEOS_finish_r(context_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
  [[nodiscard]] GEOSContextHandle_t get() const { return context_; }

  [[nodiscard]] GEOSGeometry* read(const std::string& wkb) const {
    return GEOSGeomFromWKB_buf_r(context_, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
  }
  /// Point inside or on the polygon given as WKB.
  [[nodiscard]] bool covers(const std::string& wkb, double x, double y) const {
    if (wkb.empty()) return false;
    GEOSGeometry* g = read(wkb);
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(context_, x, y);
    const bool result = GEOSCovers_r(context_, g, p) == 1;
    GEOSGeom_destroy_r(context_, p);
    GEOSGeom_destroy_r(context_, g);
    return result;
  }
  [[nodiscard]] double distance_to_boundary(const std::string& wkb, double x, double y) const {
    GEOSGeometry* g = read(wkb);
    GEOSGeometry* b = GEOSBoundary_r(context_, g);
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(context_, x, y);
    double d = 0;
    GEOSDistance_r(context_, b, p, &d);
    GEOSGeom_destroy_r(context_, p);
    GEOSGeom_destroy_r(context_, b);
    GEOSGeom_destroy_r(context_, g);
    return d;
  }

 private:
  GEOSContextHandle_t context_;
};

inline std::string rect(double x0, double y0, double x1, double y1) {
  const std::vector<std::vector<std::pair<double, double>>> rings{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}};
  return wkb_polygon(rings);
}

}  // namespace hotspot::testing
