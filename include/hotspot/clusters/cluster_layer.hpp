#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/clusters/cluster_summary.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/vector_layer.hpp"

namespace hotspot::clusters {

/// How a cluster is drawn.
enum class ClusterOutline {
  concave_hull,  ///< ClusterSummary::concave_hull
  convex_hull,   ///< ClusterSummary::convex_hull
  ellipse_1sd,   ///< the one-standard-deviation ellipse
  ellipse_2sd,   ///< the two-standard-deviation ellipse
};

/// One polygon per cluster of `summaries`, drawn as `outline`, with the cluster's properties:
/// cluster, incidents, weight, share, weight_share, locations, area_m2, density_per_km2,
/// months_active, first_month, last_month (null without months), crime_types and
/// top_locations (as ranked text, named from `incidents`' dictionaries), centre_x, centre_y,
/// sd_major_m, sd_minor_m and sd_rotation_deg (the ellipse, whatever the outline).
/// `incidents` are the ones the summaries were made from; `crs` is theirs.
[[nodiscard]] VectorLayer cluster_layer(const std::string& name, const std::string& crs, const Incidents& incidents,
                                        std::span<const ClusterSummary> summaries, ClusterOutline outline,
                                        std::vector<std::pair<std::string, std::string>> metadata);

}  // namespace hotspot::clusters
