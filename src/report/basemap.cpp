#include "hotspot/report/basemap.hpp"

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include <ogr_geometry.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/core/vector_layer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/report/readable_text.hpp"

#include "io/gdal_handles.hpp"

namespace hotspot::report {
namespace {

constexpr const char* kStage = "report.basemap";

std::size_t vertex_count(const OGRGeometry& g) {
  const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
  if (type == wkbPoint) return 1;
  if (OGR_GT_IsSubClassOf(type, wkbCurve)) return static_cast<std::size_t>(g.toSimpleCurve()->getNumPoints());
  if (type == wkbPolygon) {
    std::size_t n = 0;
    for (const auto* ring : g.toPolygon()) n += static_cast<std::size_t>(ring->getNumPoints());
    return n;
  }
  if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    std::size_t n = 0;
    for (const auto* part : g.toGeometryCollection()) n += vertex_count(*part);
    return n;
  }
  return 0;
}

GeometryKind kind_of(const OGRGeometry& g) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::point;
    case wkbLineString:
    case wkbMultiLineString: return GeometryKind::linestring;
    case wkbPolygon:
    case wkbMultiPolygon: return GeometryKind::polygon;
    default: return GeometryKind::unknown;
  }
}

std::string iso_wkb(const OGRGeometry& g) {
  std::string wkb(static_cast<std::size_t>(g.WkbSize()), '\0');
  g.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  return wkb;
}

/// The rectangle as a polygon.
std::unique_ptr<OGRPolygon> rectangle(const Bounds& b) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->addPoint(b.min_x, b.min_y);
  ring->addPoint(b.max_x, b.min_y);
  ring->addPoint(b.max_x, b.max_y);
  ring->addPoint(b.min_x, b.max_y);
  ring->addPoint(b.min_x, b.min_y);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(ring.release());
  return polygon;
}

}  // namespace

MapLayer basemap_layer(const AreaSource& source, const std::string& working_crs, const Bounds& extent,
                       const BasemapOptions& options) {
  const ErrorContext where{kStage, redact_credentials(source.path), std::nullopt, {}};
  if (!(options.margin_m >= 0) || !(options.simplify_m >= 0) || options.max_vertices == 0) {
    throw Error(ErrorCode::usage, where, "the basemap's margin and simplification must be 0 or more, its vertex budget above 0");
  }
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, "the basemap's layer name",
                                 source.crs);
  const Bounds clip{extent.min_x - options.margin_m, extent.min_y - options.margin_m, extent.max_x + options.margin_m,
                    extent.max_y + options.margin_m};
  const std::unique_ptr<OGRPolygon> clip_polygon = rectangle(clip);

  // Only the features near the extent are read: the filter is the clip box in the source's
  // own CRS (densified, so a curved edge of the projected box is still covered).
  if (opened.to_working) {
    std::unique_ptr<OGRGeometry> box(clip_polygon->clone());
    box->segmentize(std::max(clip.width(), clip.height()) / 64.0);
    std::unique_ptr<OGRCoordinateTransformation> back(opened.to_working->GetInverse());
    if (back && box->transform(back.get()) == OGRERR_NONE) {
      OGREnvelope e;
      box->getEnvelope(&e);
      OGR_L_SetSpatialFilterRect(opened.layer, e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
  } else {
    OGR_L_SetSpatialFilterRect(opened.layer, clip.min_x, clip.min_y, clip.max_x, clip.max_y);
  }

  std::vector<std::unique_ptr<OGRGeometry>> shapes;
  OGR_L_ResetReading(opened.layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(opened.layer)}) {
    std::unique_ptr<OGRGeometry> g = detail::working_geometry(static_cast<OGRFeatureH>(feature.get()), opened, where);
    if (!g) continue;
    OGREnvelope e;
    g->getEnvelope(&e);
    if (e.MaxX < clip.min_x || e.MinX > clip.max_x || e.MaxY < clip.min_y || e.MinY > clip.max_y) continue;
    if (!(e.MinX >= clip.min_x && e.MaxX <= clip.max_x && e.MinY >= clip.min_y && e.MaxY <= clip.max_y)) {
      g.reset(g->Intersection(clip_polygon.get()));
      if (!g || g->IsEmpty()) continue;
    }
    if (kind_of(*g) == GeometryKind::unknown) {  // a clip can leave a collection of mixed parts
      continue;
    }
    shapes.push_back(std::move(g));
  }
  if (shapes.empty()) {
    throw Error(ErrorCode::data, where, "has no feature within " + count_text(options.margin_m) + " m of the study area");
  }

  // Simplified until the page stays light enough.
  VectorLayer layer;
  layer.crs = working_crs;
  double tolerance = options.simplify_m;
  std::size_t previous = SIZE_MAX;
  for (;;) {
    layer.features.clear();
    std::size_t vertices = 0;
    for (const auto& g : shapes) {
      std::unique_ptr<OGRGeometry> simple;
      if (tolerance > 0 && kind_of(*g) != GeometryKind::point) simple.reset(g->SimplifyPreserveTopology(tolerance));
      const OGRGeometry& shown = simple && !simple->IsEmpty() ? *simple : *g;
      vertices += vertex_count(shown);
      layer.features.push_back({iso_wkb(shown), {}});
    }
    // Rings keep four points however coarse the tolerance: stop when it no longer helps.
    if (vertices <= options.max_vertices || vertices >= previous) break;
    previous = vertices;
    tolerance = tolerance > 0 ? 2 * tolerance : 1;
  }
  // One geometry kind styles the layer: the kind most features have.
  std::size_t points = 0, lines = 0, polygons = 0;
  for (const auto& g : shapes) {
    const GeometryKind k = kind_of(*g);
    points += k == GeometryKind::point ? 1 : 0;
    lines += k == GeometryKind::linestring ? 1 : 0;
    polygons += k == GeometryKind::polygon ? 1 : 0;
  }
  const GeometryKind kind = polygons >= lines && polygons >= points ? GeometryKind::polygon
                            : lines >= points                       ? GeometryKind::linestring
                                                                    : GeometryKind::point;

  MapLayer m;
  // The layer's own name, else the file's without its folder; never a connection string.
  const bool connection = source.path.rfind("PG:", 0) == 0 || source.path.find("://") != std::string::npos;
  const std::string label = !source.layer.empty() ? source.layer
                            : connection          ? std::string("map layer")
                                                  : std::filesystem::path(source.path).stem().string();
  m.name = options.name.empty() ? "Background: " + label : options.name;
  m.geojson = geojson_text(layer);
  m.description = tolerance > options.simplify_m
                      ? "your own map layer, for orientation (simplified to " + count_text(tolerance) + " m)"
                      : "your own map layer, for orientation";
  m.style.stroke_opacity = 1;
  if (kind == GeometryKind::polygon) {
    m.style.stroke = "#b4b4b4";
    m.style.fill = "#dcdcdc";
    m.style.stroke_width = 0.5;
    m.style.fill_opacity = 0.7;
  } else if (kind == GeometryKind::linestring) {
    m.style.stroke = "#a0a0a0";
    m.style.fill = "#a0a0a0";
    m.style.stroke_width = 1.2;
    m.style.fill_opacity = 0;
  } else {
    m.style.stroke = "#969696";
    m.style.fill = "#c8c8c8";
    m.style.stroke_width = 0.5;
    m.style.fill_opacity = 1;
    m.style.point_radius = 2;
  }
  return m;
}

}  // namespace hotspot::report
