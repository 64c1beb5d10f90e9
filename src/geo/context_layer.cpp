#include "hotspot/geo/context_layer.hpp"

#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {

VectorLayer read_context_layer(const AreaSource& source, const std::string& working_crs,
                               const std::string& layer_name, const std::string& label_field) {
  const ErrorContext where{"readers.context", source.path, std::nullopt, {}};
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, option_ref("context-layer"));
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(opened.layer);
  int label = -1;
  if (!label_field.empty()) {
    label = OGR_FD_GetFieldIndex(definition, label_field.c_str());
    if (label < 0) {
      throw Error(ErrorCode::usage, ErrorContext{"readers.context", source.path, std::nullopt, label_field},
                  "is not a field of the layer");
    }
  }
  VectorLayer layer;
  layer.name = layer_name;
  layer.crs = working_crs;
  layer.fields = {{"name", FieldType::string}};
  layer.metadata = {{"hotspot_stage", "readers.context"}, {"source", redact_credentials(source.path)}};
  if (!source.where.empty()) layer.metadata.emplace_back("where", source.where);
  OGR_L_ResetReading(opened.layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(opened.layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    VectorFeature out;
    out.wkb = detail::working_wkb(f, opened, where);
    if (out.wkb.empty()) continue;
    out.values.push_back(label >= 0 && OGR_F_IsFieldSetAndNotNull(f, label) ? FieldValue{std::string(OGR_F_GetFieldAsString(f, label))}
                                                                             : FieldValue{});
    layer.features.push_back(std::move(out));
  }
  // The layer's type when every feature has the same one (GeoJSON layers report none).
  layer.geometry = layer.features.empty() ? GeometryKind::unknown : wkb_geometry_kind(layer.features.front().wkb);
  for (const auto& f : layer.features) {
    if (wkb_geometry_kind(f.wkb) != layer.geometry) layer.geometry = GeometryKind::unknown;
  }
  return layer;
}

}  // namespace hotspot
