#include "hotspot/cctv/layer_source.hpp"

#include <memory>

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {

std::vector<LayerFeature> read_layer(const AreaSource& source, const std::string& working_crs,
                                     const std::vector<std::string>& fields, const std::string& stage,
                                     std::vector<std::string>& notes) {
  const ErrorContext where{stage, source.path, std::nullopt, {}};
  auto ds = detail::open_vector(source.path, {}, {});
  if (!ds) throw Error(ErrorCode::input, where, "cannot open: " + detail::last_gdal_error("not a vector dataset GDAL can read"));
  auto* handle = static_cast<GDALDatasetH>(ds.get());
  OGRLayerH layer = nullptr;
  if (!source.layer.empty()) {
    layer = GDALDatasetGetLayerByName(handle, source.layer.c_str());
  } else if (GDALDatasetGetLayerCount(handle) == 1) {
    layer = GDALDatasetGetLayer(handle, 0);
  }
  if (layer == nullptr) {
    throw Error(ErrorCode::usage, where,
                source.layer.empty() ? "has several layers; name one (e.g. FILE --buildings-layer NAME)"
                                     : "has no layer \"" + source.layer + "\"");
  }
  if (!source.where.empty() && OGR_L_SetAttributeFilter(layer, source.where.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::usage, where, "attribute filter \"" + source.where + "\" is not valid");
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  std::vector<int> field_index;
  for (const auto& name : fields) {
    const int index = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (index < 0) throw Error(ErrorCode::usage, where, "has no field \"" + name + "\"");
    field_index.push_back(index);
  }
  OGRSpatialReference target;
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (target.SetFromUserInput(working_crs.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, where, "working CRS \"" + working_crs + "\" is not understood");
  }
  std::unique_ptr<OGRCoordinateTransformation> to_working;
  if (OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef(layer); layer_srs != nullptr) {
    OGRSpatialReference from(*OGRSpatialReference::FromHandle(layer_srs));
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!from.IsSame(&target)) {
      to_working.reset(OGRCreateCoordinateTransformation(&from, &target));
      if (!to_working) throw Error(ErrorCode::crs, where, "cannot be projected to " + working_crs);
    }
  } else {
    notes.push_back(source.path + ": layer has no CRS; taken to be in the working CRS " + working_crs);
  }

  std::vector<LayerFeature> out;
  OGR_L_ResetReading(layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g == nullptr || OGR_G_IsEmpty(g)) continue;
    std::unique_ptr<OGRGeometry> copy(OGRGeometry::FromHandle(g)->getLinearGeometry());
    if (to_working && copy->transform(to_working.get()) != OGRERR_NONE) {
      throw Error(ErrorCode::crs, ErrorContext{stage, source.path, static_cast<std::uint64_t>(OGR_F_GetFID(f)), {}},
                  "geometry cannot be projected to " + working_crs);
    }
    copy->flattenTo2D();
    LayerFeature item;
    item.fid = OGR_F_GetFID(f);
    item.wkb.assign(static_cast<std::size_t>(copy->WkbSize()), '\0');
    copy->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(item.wkb.data()), wkbVariantIso);
    for (const int index : field_index) {
      item.values.emplace_back(OGR_F_IsFieldSetAndNotNull(f, index) ? OGR_F_GetFieldAsString(f, index) : "");
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace hotspot
