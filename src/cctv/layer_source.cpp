#include "hotspot/cctv/layer_source.hpp"

#include <memory>

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {

std::vector<LayerFeature> read_layer(const AreaSource& source, const std::string& working_crs,
                                     const std::vector<std::string>& fields, const std::string& stage,
                                     std::vector<std::string>& notes) {
  const ErrorContext where{stage, source.path, std::nullopt, {}};
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, "the option naming its layer (e.g. " + option_ref("buildings-layer") + ")");
  OGRLayerH layer = opened.layer;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  std::vector<int> field_index;
  for (const auto& name : fields) {
    const int index = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (index < 0) {
      // Name what is there: a misspelt or differently cased field is the usual cause.
      std::string present;
      for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        present += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
      }
      throw Error(ErrorCode::usage, where,
                  "has no field \"" + name + "\"; its fields are: " + (present.empty() ? "(none)" : present));
    }
    field_index.push_back(index);
  }
  if (!opened.has_crs) notes.push_back(redact_credentials(source.path) + ": layer has no CRS; taken to be in the working CRS " + working_crs);

  std::vector<LayerFeature> out;
  OGR_L_ResetReading(layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    LayerFeature item;
    item.wkb = detail::working_wkb(f, opened, where);
    if (item.wkb.empty()) continue;
    item.fid = OGR_F_GetFID(f);
    for (const int index : field_index) {
      item.values.emplace_back(OGR_F_IsFieldSetAndNotNull(f, index) ? OGR_F_GetFieldAsString(f, index) : "");
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace hotspot
