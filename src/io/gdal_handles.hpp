#pragma once

// RAII for the GDAL/OGR handles the readers use; nothing outside src/io sees these types.

#include <memory>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>

namespace hotspot::detail {

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using DatasetHandle = std::unique_ptr<void, DatasetCloser>;

struct FeatureDestroyer {
  void operator()(void* f) const { OGR_F_Destroy(static_cast<OGRFeatureH>(f)); }
};
using FeatureHandle = std::unique_ptr<void, FeatureDestroyer>;

/// Opens a vector dataset read-only, or returns null (CPLGetLastErrorMsg() tells why).
DatasetHandle open_vector(const std::string& path, const std::vector<std::string>& drivers,
                          const std::vector<std::string>& open_options);

/// The text of GDAL's last error, or `fallback` when there is none.
std::string last_gdal_error(const std::string& fallback);

}  // namespace hotspot::detail
