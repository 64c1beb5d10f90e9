#include "geo/geos_support.hpp"

namespace hotspot::detail {
namespace {
void silent(const char* /*fmt*/, ...) {}
}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setNoticeHandler_r(handle_, silent);
  GEOSContext_setErrorHandler_r(handle_, silent);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

GeomPtr geom_from_wkb(GEOSContextHandle_t context, const std::string& wkb) {
  return own(context, GEOSGeomFromWKB_buf_r(context, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size()));
}

std::vector<GEOSGeometry*> polygon_copies(GEOSContextHandle_t context, const GEOSGeometry* g) {
  std::vector<GEOSGeometry*> polygons;
  const int n = GEOSGetNumGeometries_r(context, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(context, g, i);
    const int type = GEOSGeomTypeId_r(context, part);
    if (type == GEOS_POLYGON) {
      polygons.push_back(GEOSGeom_clone_r(context, part));
    } else if (type == GEOS_MULTIPOLYGON) {
      for (int k = 0; k < GEOSGetNumGeometries_r(context, part); ++k) {
        polygons.push_back(GEOSGeom_clone_r(context, GEOSGetGeometryN_r(context, part, k)));
      }
    }
  }
  return polygons;
}

std::string geom_to_wkb(GEOSContextHandle_t context, const GEOSGeometry* g) {
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(context);
  GEOSWKBWriter_setByteOrder_r(context, writer, GEOS_WKB_NDR);
  GEOSWKBWriter_setOutputDimension_r(context, writer, 2);
  std::size_t size = 0;
  unsigned char* buffer = GEOSWKBWriter_write_r(context, writer, g, &size);
  std::string out;
  if (buffer != nullptr) out.assign(reinterpret_cast<const char*>(buffer), size);
  GEOSFree_r(context, buffer);
  GEOSWKBWriter_destroy_r(context, writer);
  return out;
}

}  // namespace hotspot::detail
