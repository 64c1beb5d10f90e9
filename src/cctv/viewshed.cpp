#include "hotspot/cctv/viewshed.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <type_traits>
#include <vector>

#include <cpl_conv.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.viewshed";

using DatasetPtr = detail::DatasetHandle;

struct OgrGeometryDeleter {
  void operator()(OGRGeometryH g) const { OGR_G_DestroyGeometry(g); }
};
using OgrGeometryPtr = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, OgrGeometryDeleter>;

[[noreturn]] void gdal_failed(const std::string& what) {
  const char* gdal = CPLGetLastErrorMsg();
  throw Error(ErrorCode::internal, kStage, what + (gdal != nullptr && gdal[0] != '\0' ? std::string(": ") + gdal : ""));
}

GDALDriverH driver(const char* name) {
  hotspot::detail::register_gdal_drivers();
  GDALDriverH d = GDALGetDriverByName(name);
  if (d == nullptr) throw Error(ErrorCode::internal, kStage, std::string("GDAL has no ") + name + " driver");
  return d;
}

}  // namespace

std::string visible_cells(std::span<const HeightedFootprint> footprints, double x, double y, double range_m,
                          const ViewshedOptions& options) {
  if (!(options.cell_size_m > 0) || !(options.camera_height_m >= 0) || !(options.target_height_m >= 0) || !(range_m > 0)) {
    throw Error(ErrorCode::usage, kStage, "the cell size and range must be positive and the heights not negative");
  }
  // A grid centred on the camera cell, one cell wider than the range on every side.
  const double cell = options.cell_size_m;
  const int half = static_cast<int>(std::ceil(range_m / cell)) + 1;
  const int size = 2 * half + 1;
  const double x_min = x - (half + 0.5) * cell;
  const double y_max = y + (half + 0.5) * cell;
  CPLErrorReset();
  DatasetPtr dsm(GDALCreate(driver("MEM"), "", size, size, 1, GDT_Float32, nullptr));
  if (!dsm) gdal_failed("cannot create the surface model");
  double transform[6] = {x_min, cell, 0, y_max, 0, -cell};
  GDALSetGeoTransform(dsm.get(), transform);
  GDALRasterBandH band = GDALGetRasterBand(dsm.get(), 1);
  if (GDALFillRaster(band, 0.0, 0.0) != CE_None) gdal_failed("cannot clear the surface model");

  // Lowest first, so where footprints overlap the tallest is burnt last and wins.
  std::vector<std::size_t> order(footprints.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return footprints[a].height_m < footprints[b].height_m; });
  std::vector<OgrGeometryPtr> owned;
  std::vector<OGRGeometryH> geometries;
  std::vector<double> burn;
  for (const auto i : order) {
    OGRGeometryH g = nullptr;
    const auto& wkb = footprints[i].wkb;
    if (OGR_G_CreateFromWkb(reinterpret_cast<const unsigned char*>(wkb.data()), nullptr, &g,
                            static_cast<int>(wkb.size())) != OGRERR_NONE || g == nullptr) {
      throw Error(ErrorCode::internal, kStage, "footprint " + std::to_string(i) + " is not valid WKB");
    }
    owned.emplace_back(g);
    geometries.push_back(g);
    burn.push_back(footprints[i].height_m);
  }
  if (!geometries.empty()) {
    const int bands[] = {1};
    if (GDALRasterizeGeometries(dsm.get(), 1, bands, static_cast<int>(geometries.size()), geometries.data(), nullptr,
                                nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None) {
      gdal_failed("cannot rasterise the footprints");
    }
  }

  // Curvature coefficient 0: within camera ranges the earth is flat to well under a millimetre.
  DatasetPtr seen(GDALViewshedGenerate(band, "MEM", "", nullptr, x, y, options.camera_height_m, options.target_height_m,
                                       255, 0, 0, 0, 0.0, GVM_Edge, range_m, nullptr, nullptr, GVOT_NORMAL, nullptr));
  if (!seen) gdal_failed("GDALViewshedGenerate failed");

  // Polygonise the visible cells (the band is its own mask, so invisible cells give nothing).
  GDALDatasetH vector = GDALCreate(driver("Memory"), "", 0, 0, 0, GDT_Unknown, nullptr);
  if (vector == nullptr) gdal_failed("cannot create the polygon layer");
  DatasetPtr vector_owner(vector);
  OGRLayerH layer = GDALDatasetCreateLayer(vector, "visible", nullptr, wkbPolygon, nullptr);
  OGRFieldDefnH field = OGR_Fld_Create("value", OFTInteger);
  OGR_L_CreateField(layer, field, TRUE);
  OGR_Fld_Destroy(field);
  GDALRasterBandH visible_band = GDALGetRasterBand(seen.get(), 1);
  if (GDALPolygonize(visible_band, visible_band, layer, 0, nullptr, nullptr, nullptr) != CE_None) {
    gdal_failed("GDALPolygonize failed");
  }

  detail::GeosContext context;
  auto* ctx = context.get();
  std::vector<GEOSGeometry*> parts;
  OGR_L_ResetReading(layer);
  for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f != nullptr; f = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g != nullptr && OGR_F_GetFieldAsInteger(f, 0) == 255) {
      std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
      OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
      if (auto p = detail::geom_from_wkb(ctx, wkb)) parts.push_back(p.release());
    }
    OGR_F_Destroy(f);
  }
  if (parts.empty()) return {};
  detail::GeomPtr collection = detail::own(
      ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned int>(parts.size())));
  detail::GeomPtr cells = detail::own(ctx, GEOSUnaryUnion_r(ctx, collection.get()));
  if (!cells) throw Error(ErrorCode::internal, kStage, "GEOS could not merge the visible cells");
  return detail::geom_to_wkb(ctx, cells.get());
}

Visibility cut_to_sector(const std::string& cells_wkb, double x, double y, double heading_deg, const CameraModel& model,
                         const VisibilityOptions& visibility) {
  Visibility out;
  if (cells_wkb.empty()) return out;
  // The sector on open ground bounds what any surface can let the camera see.
  const Visibility sector = visibility_polygon(ObstacleSet(), x, y, heading_deg, model, visibility);
  if (sector.wkb.empty()) return out;
  detail::GeosContext context;
  auto* ctx = context.get();
  detail::GeomPtr cells = detail::geom_from_wkb(ctx, cells_wkb);
  detail::GeomPtr cut_to = detail::geom_from_wkb(ctx, sector.wkb);
  if (!cells || !cut_to) throw Error(ErrorCode::internal, kStage, "GEOS could not read the visible cells");
  detail::GeomPtr visible = detail::own(ctx, GEOSIntersection_r(ctx, cells.get(), cut_to.get()));
  if (!visible) throw Error(ErrorCode::internal, kStage, "GEOS could not cut the visible cells to the sector");
  if (GEOSisEmpty_r(ctx, visible.get()) == 1) return out;
  // Keep only the polygonal part, as one multipolygon like visibility_polygon writes.
  std::vector<GEOSGeometry*> polygons = detail::polygon_copies(ctx, visible.get());
  if (polygons.empty()) return out;
  detail::GeomPtr result = detail::own(
      ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned int>(polygons.size())));
  GEOSArea_r(ctx, result.get(), &out.area_m2);
  out.wkb = detail::geom_to_wkb(ctx, result.get());
  return out;
}

Visibility viewshed_polygon(std::span<const HeightedFootprint> footprints, double x, double y, double heading_deg,
                            const CameraModel& model, const ViewshedOptions& options, const VisibilityOptions& visibility) {
  model.validate();
  Visibility out = cut_to_sector(visible_cells(footprints, x, y, model.range_m, options), x, y, heading_deg, model, visibility);
  out.obstacles_considered = footprints.size();
  return out;
}

}  // namespace hotspot
