#include "hotspot/geo/study_area.hpp"

#include <geos_c.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "filters.within";

void geos_message(const char* fmt, ...) {
  // GEOS notices and errors are turned into our errors at the call sites; do not print them.
  (void)fmt;
}

}  // namespace

struct StudyArea::Impl {
  GEOSContextHandle_t context = nullptr;
  GEOSGeometry* geometry = nullptr;
  const GEOSPreparedGeometry* prepared = nullptr;
  Bounds bounds;
  double area = 0;
  std::string crs;
  std::string description;
  /// One GEOS context serves every query: the stages that run side by side (plan) take turns.
  std::mutex mutex;

  Impl() {
    context = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(context, geos_message);
    GEOSContext_setErrorHandler_r(context, geos_message);
  }
  ~Impl() {
    if (prepared != nullptr) GEOSPreparedGeom_destroy_r(context, prepared);
    if (geometry != nullptr) GEOSGeom_destroy_r(context, geometry);
    GEOS_finish_r(context);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Takes ownership of `g`: validates, repairs, keeps only polygonal parts, prepares.
  void adopt(GEOSGeometry* g, const std::string& what, std::vector<std::string>& notes) {
    if (g == nullptr) throw Error(ErrorCode::data, kStage, what + ": GEOS could not build the area");
    if (GEOSisValid_r(context, g) != 1) {
      char* reason = GEOSisValidReason_r(context, g);
      notes.push_back(what + ": the area polygon is invalid (" + std::string(reason ? reason : "?") +
                      "); repaired with GEOS MakeValid");
      GEOSFree_r(context, reason);
      GEOSGeometry* fixed = GEOSMakeValid_r(context, g);
      GEOSGeom_destroy_r(context, g);
      if (fixed == nullptr) throw Error(ErrorCode::data, kStage, what + ": the area polygon cannot be repaired");
      g = fixed;
    }
    const int type = GEOSGeomTypeId_r(context, g);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION) {
      GEOSGeom_destroy_r(context, g);
      throw Error(ErrorCode::data, kStage, what + ": the area is not a polygon");
    }
    if (GEOSisEmpty_r(context, g) == 1 || GEOSArea_r(context, g, &area) != 1 || area <= 0) {
      GEOSGeom_destroy_r(context, g);
      throw Error(ErrorCode::data, kStage, what + ": the area is empty (zero area)");
    }
    geometry = g;
    GEOSGeom_getXMin_r(context, g, &bounds.min_x);
    GEOSGeom_getYMin_r(context, g, &bounds.min_y);
    GEOSGeom_getXMax_r(context, g, &bounds.max_x);
    GEOSGeom_getYMax_r(context, g, &bounds.max_y);
    prepared = GEOSPrepare_r(context, geometry);
    if (prepared == nullptr) throw Error(ErrorCode::internal, kStage, "GEOS cannot prepare the study area");
  }

  GEOSGeometry* from_wkb(const std::string& wkb) const {
    return GEOSGeomFromWKB_buf_r(context, reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
  }
};

StudyArea::StudyArea(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StudyArea::StudyArea(StudyArea&&) noexcept = default;
StudyArea& StudyArea::operator=(StudyArea&&) noexcept = default;
StudyArea::~StudyArea() = default;

StudyArea StudyArea::from_source(const AreaSource& source, const std::string& working_crs,
                                 std::vector<std::string>& notes) {
  const ErrorContext where{kStage, source.path, std::nullopt, {}};
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, option_ref("within-layer"),
                                 source.crs);
  OGRLayerH layer = opened.layer;
  if (!opened.has_crs) {
    // As for incident layers: a layer without a CRS (a shapefile whose .prj is missing) is
    // refused, since guessing wrong puts every incident outside the area.
    throw Error(ErrorCode::crs, where,
                "the study area layer has no CRS (a shapefile without its .prj file?); give the layer's CRS "
                "(the study area CRS setting) or restore the .prj");
  }

  auto impl = std::make_unique<Impl>();
  impl->crs = working_crs;
  std::vector<GEOSGeometry*> parts;
  OGR_L_ResetReading(layer);
  std::size_t features = 0;
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(feature.get()));
    if (g == nullptr || OGR_G_IsEmpty(g)) continue;
    const auto flat = wkbFlatten(OGR_G_GetGeometryType(g));
    if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbCurvePolygon && flat != wkbMultiSurface) {
      throw Error(ErrorCode::data,
                  ErrorContext{kStage, source.path, static_cast<std::uint64_t>(OGR_F_GetFID(static_cast<OGRFeatureH>(feature.get()))), {}},
                  std::string("is a ") + OGR_G_GetGeometryName(g) + ", not a polygon");
    }
    const std::string wkb = detail::working_wkb(static_cast<OGRFeatureH>(feature.get()), opened, where);
    GEOSGeometry* part = impl->from_wkb(wkb);
    if (part == nullptr) throw Error(ErrorCode::data, ErrorContext{kStage, source.path, std::nullopt, {}}, "unreadable polygon");
    if (GEOSisValid_r(impl->context, part) != 1) {
      GEOSGeometry* fixed = GEOSMakeValid_r(impl->context, part);
      GEOSGeom_destroy_r(impl->context, part);
      part = fixed;
      notes.push_back(redact_credentials(source.path) + ": feature " + std::to_string(features + 1) +
                      " was an invalid polygon; repaired with GEOS MakeValid");
    }
    parts.push_back(part);
    ++features;
  }
  if (parts.empty()) {
    throw Error(ErrorCode::data, ErrorContext{kStage, source.path, std::nullopt, {}},
                source.where.empty() ? "holds no polygons" : "no polygon matches " + option_ref("within-where") + " \"" + source.where + "\"");
  }
  GEOSGeometry* collection = GEOSGeom_createCollection_r(impl->context, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                         static_cast<unsigned>(parts.size()));
  GEOSGeometry* merged = GEOSUnaryUnion_r(impl->context, collection);
  GEOSGeom_destroy_r(impl->context, collection);
  impl->description = redact_credentials(source.path) + (source.where.empty() ? "" : " where " + source.where) + " (" +
                      std::to_string(features) + (features == 1 ? " polygon)" : " polygons)");
  impl->adopt(merged, redact_credentials(source.path), notes);
  return StudyArea(std::move(impl));
}

StudyArea StudyArea::from_bbox(const Bounds& bbox, const std::string& bbox_crs, const std::string& working_crs) {
  if (!(bbox.max_x > bbox.min_x) || !(bbox.max_y > bbox.min_y)) {
    throw Error(ErrorCode::usage, "filters.bbox", option_ref("bbox") + " needs min_x < max_x and min_y < max_y");
  }
  // Densify the edges so a rectangle in degrees keeps its true shape in metres.
  constexpr int kSteps = 64;
  std::vector<double> xs, ys;
  auto edge = [&](double x0, double y0, double x1, double y1) {
    for (int i = 0; i < kSteps; ++i) {
      const double t = static_cast<double>(i) / kSteps;
      xs.push_back(x0 + (x1 - x0) * t);
      ys.push_back(y0 + (y1 - y0) * t);
    }
  };
  edge(bbox.min_x, bbox.min_y, bbox.max_x, bbox.min_y);
  edge(bbox.max_x, bbox.min_y, bbox.max_x, bbox.max_y);
  edge(bbox.max_x, bbox.max_y, bbox.min_x, bbox.max_y);
  edge(bbox.min_x, bbox.max_y, bbox.min_x, bbox.min_y);
  CoordinateTransformer transformer(bbox_crs, working_crs);
  std::vector<bool> ok;
  transformer.transform(xs, ys, ok);
  for (bool b : ok) {
    if (!b) throw Error(ErrorCode::crs, "filters.bbox", option_ref("bbox") + " cannot be projected to " + working_crs);
  }
  std::vector<std::pair<double, double>> ring;
  for (std::size_t i = 0; i < xs.size(); ++i) ring.emplace_back(xs[i], ys[i]);
  ring.push_back(ring.front());
  auto impl = std::make_unique<Impl>();
  impl->crs = working_crs;
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(impl->context, static_cast<unsigned>(ring.size()), 2);
  for (std::size_t i = 0; i < ring.size(); ++i) {
    GEOSCoordSeq_setXY_r(impl->context, seq, static_cast<unsigned>(i), ring[i].first, ring[i].second);
  }
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(impl->context, seq);
  GEOSGeometry* polygon = GEOSGeom_createPolygon_r(impl->context, shell, nullptr, 0);
  char text[160];
  std::snprintf(text, sizeof text, "bbox %g,%g,%g,%g (%s)", bbox.min_x, bbox.min_y, bbox.max_x, bbox.max_y,
                bbox_crs.c_str());
  impl->description = text;
  std::vector<std::string> notes;
  impl->adopt(polygon, option_ref("bbox"), notes);
  return StudyArea(std::move(impl));
}

StudyArea StudyArea::from_wkb(const std::string& wkb, const std::string& working_crs, std::vector<std::string>& notes) {
  auto impl = std::make_unique<Impl>();
  impl->crs = working_crs;
  impl->description = "polygon";
  impl->adopt(impl->from_wkb(wkb), "area", notes);
  return StudyArea(std::move(impl));
}

bool StudyArea::contains(double x, double y) const {
  if (!impl_->bounds.contains(x, y)) return false;
  const std::lock_guard lock(impl_->mutex);
  GEOSGeometry* point = GEOSGeom_createPointFromXY_r(impl_->context, x, y);
  const char inside = GEOSPreparedIntersects_r(impl_->context, impl_->prepared, point);
  GEOSGeom_destroy_r(impl_->context, point);
  return inside == 1;
}

const Bounds& StudyArea::bounds() const { return impl_->bounds; }
double StudyArea::area_m2() const { return impl_->area; }
const std::string& StudyArea::crs() const { return impl_->crs; }
const std::string& StudyArea::description() const { return impl_->description; }

std::string StudyArea::wkb() const {
  const std::lock_guard lock(impl_->mutex);
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(impl_->context);
  GEOSWKBWriter_setByteOrder_r(impl_->context, writer, GEOS_WKB_NDR);
  std::size_t size = 0;
  unsigned char* buffer = GEOSWKBWriter_write_r(impl_->context, writer, impl_->geometry, &size);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  GEOSFree_r(impl_->context, buffer);
  GEOSWKBWriter_destroy_r(impl_->context, writer);
  return out;
}

}  // namespace hotspot
