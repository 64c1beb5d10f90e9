#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotspot {

/// Where to find a line layer (roads, footpaths) for street-segment places and routing.
struct LineSource {
  std::string path;   ///< any OGR source
  std::string layer;  ///< layer name; default: the only layer
  std::string where;  ///< attribute filter
};

/// One line of a layer in the working CRS; multi-lines come back as one entry per part.
struct Polyline {
  std::vector<std::pair<double, double>> points;
  std::int64_t feature_id = 0;  ///< OGR FID of the feature it came from
};

/// Reads every (multi)linestring of `source`, projected into `working_crs`, in layer order.
/// Throws Error for an unreadable source, a missing layer or a layer without lines.
[[nodiscard]] std::vector<Polyline> read_lines(const LineSource& source, const std::string& working_crs);

}  // namespace hotspot
