#include "hotspot/io/line_reader.hpp"

#include <memory>

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "hotspot/core/error.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "readers.lines";

void add_linestring(const OGRLineString& line, std::int64_t fid, std::vector<Polyline>& out) {
  Polyline polyline;
  polyline.feature_id = fid;
  polyline.points.reserve(static_cast<std::size_t>(line.getNumPoints()));
  for (int i = 0; i < line.getNumPoints(); ++i) polyline.points.emplace_back(line.getX(i), line.getY(i));
  // A line of one distinct point has no length to patrol or walk along.
  if (polyline.points.size() >= 2) out.push_back(std::move(polyline));
}

}  // namespace

std::vector<Polyline> read_lines(const LineSource& source, const std::string& working_crs) {
  const ErrorContext where{kStage, source.path, std::nullopt, {}};
  auto ds = detail::open_vector(source.path, {}, {});
  if (!ds) throw Error(ErrorCode::input, where, "cannot open: " + detail::last_gdal_error("not a vector dataset"));
  auto* handle = static_cast<GDALDatasetH>(ds.get());
  OGRLayerH layer = nullptr;
  if (!source.layer.empty()) {
    layer = GDALDatasetGetLayerByName(handle, source.layer.c_str());
  } else if (GDALDatasetGetLayerCount(handle) == 1) {
    layer = GDALDatasetGetLayer(handle, 0);
  }
  if (layer == nullptr) {
    throw Error(ErrorCode::usage, where,
                source.layer.empty() ? "has several layers; choose one" : "has no layer \"" + source.layer + "\"");
  }
  if (!source.where.empty() && OGR_L_SetAttributeFilter(layer, source.where.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::usage, where, "filter \"" + source.where + "\" is not valid");
  }
  OGRSpatialReference target;
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (target.SetFromUserInput(working_crs.c_str()) != OGRERR_NONE) {
    throw Error(ErrorCode::crs, where, "working CRS \"" + working_crs + "\" is not a CRS");
  }
  std::unique_ptr<OGRCoordinateTransformation> to_working;
  if (OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef(layer); layer_srs != nullptr) {
    OGRSpatialReference from(*OGRSpatialReference::FromHandle(layer_srs));
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to_working.reset(OGRCreateCoordinateTransformation(&from, &target));
    if (!to_working) throw Error(ErrorCode::crs, where, "cannot be projected to " + working_crs);
  }
  std::vector<Polyline> lines;
  OGR_L_ResetReading(layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g == nullptr || OGR_G_IsEmpty(g)) continue;
    std::unique_ptr<OGRGeometry> copy(OGRGeometry::FromHandle(g)->clone());
    if (to_working && copy->transform(to_working.get()) != OGRERR_NONE) {
      throw Error(ErrorCode::crs, ErrorContext{kStage, source.path, static_cast<std::uint64_t>(OGR_F_GetFID(f)), {}},
                  "line cannot be projected to " + working_crs);
    }
    const std::int64_t fid = OGR_F_GetFID(f);
    switch (wkbFlatten(copy->getGeometryType())) {
      case wkbLineString:
        add_linestring(*copy->toLineString(), fid, lines);
        break;
      case wkbMultiLineString:
        for (const OGRLineString* part : *copy->toMultiLineString()) add_linestring(*part, fid, lines);
        break;
      default:
        break;  // points or polygons in a mixed layer are not roads
    }
  }
  if (lines.empty()) throw Error(ErrorCode::data, where, "has no line geometries");
  return lines;
}

}  // namespace hotspot
