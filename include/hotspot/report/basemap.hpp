#pragma once

#include <cstddef>
#include <string>

#include "hotspot/geo/crs.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot::report {

struct BasemapOptions {
  /// Drawn around the extent too, so the map does not stop at the study area's edge.
  double margin_m = 500;
  /// Lines and outlines are simplified to this tolerance (topology kept): 2 m is finer than a
  /// screen pixel at street level and keeps a district's roads to a few MB.
  double simplify_m = 2;
  /// More vertices than this after simplifying: simplified again at twice the tolerance, until
  /// under or no coarser tolerance removes any more (a report must open on a council laptop).
  std::size_t max_vertices = 300000;
  /// Legend name; empty: "Background: " and the layer's name (or the file's, without folder;
  /// never a connection string).
  std::string name;
};

/// A user's own vector layer (roads, buildings, OS OpenMap Local, OpenStreetMap exported to a
/// GeoPackage: any OGR source) as a background map layer, so a report has streets offline:
/// the features inside `extent` (working CRS) and its margin, clipped to it, projected from
/// the source's CRS to `working_crs`, simplified; no attributes are copied (nothing of the
/// file reaches the page but shapes). Drawn plainly in greys (lines thin, polygons light, points
/// small), under everything, never clickable. Deterministic: the source's feature order.
/// Throws Error(input) when the source cannot be read, (usage) for a missing layer or a bad
/// filter, (crs) when it cannot be projected, (data) when nothing of it lies in the extent.
[[nodiscard]] MapLayer basemap_layer(const AreaSource& source, const std::string& working_crs, const Bounds& extent,
                                     const BasemapOptions& options = {});

}  // namespace hotspot::report
