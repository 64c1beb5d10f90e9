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
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, "the roads layer option");
  OGRLayerH layer = opened.layer;
  std::vector<Polyline> lines;
  OGR_L_ResetReading(layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    const std::unique_ptr<OGRGeometry> copy = detail::working_geometry(f, opened, where);
    if (!copy) continue;
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
