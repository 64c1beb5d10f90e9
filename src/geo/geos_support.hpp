#pragma once

// RAII for the GEOS C API handles the library uses (cctv, density, clusters, patrol); for the
// library's own sources (src/), never in the public headers.

#include <memory>
#include <string>
#include <vector>

#include <geos_c.h>

namespace hotspot::detail {

/// One re-entrant GEOS context. GEOS notices and errors are turned into our errors at the call
/// sites, so its handlers stay silent.
class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  [[nodiscard]] GEOSContextHandle_t get() const { return handle_; }

 private:
  GEOSContextHandle_t handle_;
};

struct GeomDeleter {
  GEOSContextHandle_t context = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g != nullptr) GEOSGeom_destroy_r(context, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t context = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g != nullptr) GEOSPreparedGeom_destroy_r(context, g);
  }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

[[nodiscard]] inline GeomPtr own(GEOSContextHandle_t context, GEOSGeometry* g) { return GeomPtr(g, GeomDeleter{context}); }

/// Geometry from ISO WKB, or null.
[[nodiscard]] GeomPtr geom_from_wkb(GEOSContextHandle_t context, const std::string& wkb);
/// Copies of the polygons in `g` (a polygon, a multipolygon, or a collection whose polygons and
/// multipolygons are taken apart; points and lines, which an overlay may add where shapes touch,
/// are left out). The caller owns them.
[[nodiscard]] std::vector<GEOSGeometry*> polygon_copies(GEOSContextHandle_t context, const GEOSGeometry* g);
/// ISO WKB (little-endian, 2D) of a geometry.
[[nodiscard]] std::string geom_to_wkb(GEOSContextHandle_t context, const GEOSGeometry* g);

}  // namespace hotspot::detail
