#include "hotspot/density/study_area_mask.hpp"

#include <memory>

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>

#include "hotspot/core/error.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot::density {

std::vector<std::uint8_t> rasterize_study_area(const std::string& wkb, const GridSpec& grid) {
  constexpr const char* kStage = "density.study_area";
  hotspot::detail::register_gdal_drivers();
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || raw == nullptr) {
    throw Error(ErrorCode::data, kStage, "the study area is not valid WKB");
  }
  std::unique_ptr<OGRGeometry> geometry(raw);
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (mem == nullptr) throw Error(ErrorCode::internal, kStage, "GDAL has no MEM driver");
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
      mem->Create("", grid.cols, grid.rows, 1, GDT_Byte, nullptr), [](GDALDataset* d) { GDALClose(d); });
  if (!ds) throw Error(ErrorCode::internal, kStage, "cannot create the in-memory mask");
  auto transform = grid.geotransform();
  ds->SetGeoTransform(transform.data());
  int band = 1;
  double burn = 1.0;
  OGRGeometryH handle = OGRGeometry::ToHandle(geometry.get());
  if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band, 1, &handle, nullptr, nullptr, &burn,
                              nullptr, nullptr, nullptr) != CE_None) {
    throw Error(ErrorCode::internal, kStage, "GDAL could not rasterise the study area");
  }
  std::vector<std::uint8_t> mask(grid.size());
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid.cols, grid.rows, mask.data(), grid.cols, grid.rows,
                                     GDT_Byte, 0, 0, nullptr) != CE_None) {
    throw Error(ErrorCode::internal, kStage, "cannot read the rasterised study area");
  }
  return mask;
}

}  // namespace hotspot::density
