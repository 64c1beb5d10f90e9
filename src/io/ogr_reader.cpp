#include "io/ogr_reader.hpp"

#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "hotspot/core/error.hpp"

namespace hotspot::detail {
namespace {

std::string layer_crs(OGRLayerH layer) {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  if (srs == nullptr) return {};
  const char* name = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (name != nullptr && code != nullptr) return std::string(name) + ":" + code;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  OSRExportToWktEx(srs, &wkt, options);
  std::string text = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return text;
}

}  // namespace

OGRLayerH pick_layer(GDALDatasetH ds, const ReadOptions& options, const std::string& source) {
  if (!options.layer.empty()) {
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, options.layer.c_str());
    if (layer == nullptr) {
      throw Error(ErrorCode::input, ErrorContext{kOgrStage, source, std::nullopt, {}},
                  "no layer named \"" + options.layer + "\"");
    }
    return layer;
  }
  const int count = GDALDatasetGetLayerCount(ds);
  if (count == 1) return GDALDatasetGetLayer(ds, 0);
  std::string names;
  for (int i = 0; i < count && i < 20; ++i) {
    names += (i ? ", " : "") + std::string(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  }
  throw Error(ErrorCode::usage, ErrorContext{kOgrStage, source, std::nullopt, {}},
              count == 0 ? "has no layers" : "has " + std::to_string(count) + " layers; choose one with " + option_ref("layer") + " (" + names + ")");
}

std::string ogr_crs(OGRLayerH layer, const ReadOptions& options, const std::string& source) {
  const std::string own = layer_crs(layer);
  const std::string crs = !options.crs.empty() ? options.crs : own;
  if (crs.empty()) {
    throw Error(ErrorCode::crs, ErrorContext{kOgrStage, source, std::nullopt, {}},
                "the layer has no CRS; give the CRS of its coordinates with " + option_ref("crs"));
  }
  return crs;
}

ColumnBinding bind_ogr_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& source) {
  ColumnBinding b;
  b.geometry = true;
  bind_attribute_columns(defn, options, kOgrStage, source, b);
  return b;
}

}  // namespace hotspot::detail
