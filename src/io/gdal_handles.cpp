#include "io/gdal_handles.hpp"

#include <cpl_error.h>
#include <cpl_string.h>

namespace hotspot::detail {

DatasetHandle open_vector(const std::string& path, const std::vector<std::string>& drivers,
                          const std::vector<std::string>& open_options) {
  GDALAllRegister();
  std::vector<const char*> driver_list;
  for (const auto& d : drivers) driver_list.push_back(d.c_str());
  driver_list.push_back(nullptr);
  std::vector<const char*> option_list;
  for (const auto& o : open_options) option_list.push_back(o.c_str());
  option_list.push_back(nullptr);
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                               drivers.empty() ? nullptr : driver_list.data(), option_list.data(), nullptr);
  CPLPopErrorHandler();
  return DatasetHandle(ds);
}

std::string last_gdal_error(const std::string& fallback) {
  const char* message = CPLGetLastErrorMsg();
  return message != nullptr && message[0] != '\0' ? std::string(message) : fallback;
}

}  // namespace hotspot::detail
