#include "io/gdal_handles.hpp"

#include <atomic>
#include <mutex>
#include <string_view>

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <cpl_string.h>
#include <ogr_geometry.h>

#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/network_sources.hpp"

namespace hotspot::detail {

void register_gdal_drivers() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    GDALAllRegister();
    apply_network_policy();
  });
}

DatasetHandle open_vector(const std::string& path, const std::vector<std::string>& drivers,
                          const std::vector<std::string>& open_options) {
  check_source_is_local(path, "input");
  register_gdal_drivers();
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

WorkingLayer open_working_layer(const std::string& path, const std::string& layer_name, const std::string& where,
                                const std::string& working_crs, const ErrorContext& context,
                                const std::string& layer_flag, const std::string& assumed_crs) {
  WorkingLayer out;
  out.dataset = open_vector(path, {}, {});
  if (!out.dataset) {
    throw Error(ErrorCode::input, context, "cannot open: " + last_gdal_error("not a vector dataset GDAL can read"));
  }
  auto* handle = static_cast<GDALDatasetH>(out.dataset.get());
  if (!layer_name.empty()) {
    out.layer = GDALDatasetGetLayerByName(handle, layer_name.c_str());
  } else if (GDALDatasetGetLayerCount(handle) == 1) {
    out.layer = GDALDatasetGetLayer(handle, 0);
  }
  if (out.layer == nullptr) {
    throw Error(ErrorCode::usage, context,
                layer_name.empty() ? "has several layers; choose one with " + layer_flag
                                   : "has no layer \"" + layer_name + "\"");
  }
  if (!where.empty() && OGR_L_SetAttributeFilter(out.layer, where.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::usage, context, "attribute filter \"" + where + "\" is not valid");
  }
  OGRSpatialReference target;
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (target.SetFromUserInput(working_crs.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, context, "working CRS \"" + working_crs + "\" is not understood");
  }
  OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef(out.layer);
  OGRSpatialReference assumed;
  if (layer_srs == nullptr && !assumed_crs.empty()) {
    if (assumed.SetFromUserInput(assumed_crs.c_str()) != OGRERR_NONE) {
      throw Error(ErrorCode::usage, context, "the layer's CRS \"" + assumed_crs + "\" is not understood");
    }
    layer_srs = OGRSpatialReference::ToHandle(&assumed);
  }
  if (layer_srs != nullptr) {
    out.has_crs = true;
    OGRSpatialReference from(*OGRSpatialReference::FromHandle(layer_srs));
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!from.IsSame(&target)) {
      out.to_working.reset(OGRCreateCoordinateTransformation(&from, &target));
      if (!out.to_working) throw Error(ErrorCode::crs, context, "cannot be projected to " + working_crs);
    }
  }
  return out;
}

std::unique_ptr<OGRGeometry> working_geometry(OGRFeatureH feature, const WorkingLayer& layer,
                                              const ErrorContext& context) {
  OGRGeometryH g = OGR_F_GetGeometryRef(feature);
  if (g == nullptr || OGR_G_IsEmpty(g)) return nullptr;
  std::unique_ptr<OGRGeometry> copy(OGRGeometry::FromHandle(g)->getLinearGeometry());
  if (layer.to_working && copy->transform(layer.to_working.get()) != OGRERR_NONE) {
    ErrorContext at = context;
    at.row = static_cast<std::uint64_t>(OGR_F_GetFID(feature));
    throw Error(ErrorCode::crs, at, "geometry cannot be projected to the working CRS");
  }
  copy->flattenTo2D();
  return copy;
}

std::string working_wkb(OGRFeatureH feature, const WorkingLayer& layer, const ErrorContext& context) {
  const std::unique_ptr<OGRGeometry> copy = working_geometry(feature, layer, context);
  if (!copy) return {};
  std::string wkb(static_cast<std::size_t>(copy->WkbSize()), '\0');
  copy->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  return wkb;
}

MemoryOutput::MemoryOutput(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  static std::atomic<unsigned long> counter{0};
  memory_path_ = "/vsimem/hotspot_output_" + std::to_string(counter.fetch_add(1)) + "_" +
                 final_path_.filename().string();
}

MemoryOutput::~MemoryOutput() { VSIUnlink(memory_path_.c_str()); }

void MemoryOutput::commit() {
  vsi_l_offset size = 0;
  const GByte* data = VSIGetMemFileBuffer(memory_path_.c_str(), &size, FALSE);
  if (data == nullptr) {
    throw Error(ErrorCode::output, ErrorContext{"writers", final_path_.string(), std::nullopt, {}},
                "nothing was written");
  }
  write_file_atomically(final_path_, std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)));
}

}  // namespace hotspot::detail
