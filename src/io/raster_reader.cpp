#include "hotspot/io/raster_reader.hpp"

#include <cmath>
#include <memory>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/network_sources.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {

RasterInfo read_raster_info(const std::filesystem::path& path) {
  constexpr const char* kStage = "readers.raster";
  const ErrorContext where{kStage, path.string(), std::nullopt, {}};
  check_source_is_local(path.string(), "raster");
  hotspot::detail::register_gdal_drivers();
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY), [](GDALDataset* d) { GDALClose(d); });
  if (!ds) throw Error(ErrorCode::input, where, "GDAL cannot open the raster");
  double t[6];
  if (ds->GetGeoTransform(t) != CE_None) throw Error(ErrorCode::data, where, "the raster has no geotransform");
  if (t[2] != 0.0 || t[4] != 0.0 || t[1] <= 0.0 || std::abs(t[1] + t[5]) > 1e-9 * t[1]) {
    throw Error(ErrorCode::data, where, "the raster is rotated or its cells are not square and north-up");
  }
  RasterInfo info;
  info.grid = GridSpec{t[0], t[3], t[1], ds->GetRasterXSize(), ds->GetRasterYSize()};
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    const char* name = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (name != nullptr && code != nullptr) {
      info.crs = std::string(name) + ":" + code;
    } else {
      char* wkt = nullptr;
      srs->exportToWkt(&wkt);
      if (wkt != nullptr) info.crs = wkt;
      CPLFree(wkt);
    }
  }
  if (ds->GetRasterCount() >= 1) info.units = ds->GetRasterBand(1)->GetUnitType();
  if (char** items = ds->GetMetadata()) {
    for (char** item = items; *item != nullptr; ++item) {
      char* key = nullptr;
      const char* value = CPLParseNameValue(*item, &key);
      if (key != nullptr && value != nullptr) info.metadata[key] = value;
      CPLFree(key);
    }
  }
  return info;
}

}  // namespace hotspot
