#pragma once

#include <cstdint>
#include <vector>

#include "hotspot/clusters/cluster_summary.hpp"
#include "hotspot/clusters/dbscan.hpp"
#include "hotspot/clusters/hdbscan.hpp"
#include "hotspot/clusters/nearest_neighbour_hierarchical.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/options.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// How `hotspot clusters` finds clusters.
enum class ClusterMethod {
  dbscan,   ///< clusters::dbscan on the snap points, weighted by their incidents
  hdbscan,  ///< clusters::hdbscan, with incident counts as multiplicities
  nnh,      ///< CrimeStat's nearest-neighbour hierarchical clustering; its first order is drawn
};

/// `hotspot clusters`: clusters of incidents with their hulls, ellipses and properties.
struct ClustersOptions {
  ClusterMethod method = ClusterMethod::dbscan;
  /// eps; `min_points` and `threads` serve every method (HDBSCAN's min_cluster_size, NNH's
  /// min_points): one --min-points and one --threads for all three.
  clusters::DbscanOptions dbscan;
  clusters::HdbscanOptions hdbscan;  ///< min_samples, resolution
  clusters::NnhOptions nnh;          ///< probability, fixed threshold, min_clusters, area
  clusters::ClusterSummaryOptions summary;  ///< concave ratio, locations listed
};

/// Declares the clustering options (group "Clustering").
void declare_clusters(step::Declarer& d, ClustersOptions& options);

/// Layers the step writes, in this order: the concave hulls, the convex hulls and the 1- and
/// 2-SD deviational ellipses of each cluster, with the same properties. Under --publish only
/// the ellipses are written: a hull's vertices are incident locations.
inline constexpr const char* kClustersLayer = "clusters";
inline constexpr const char* kClustersConvexLayer = "clusters_convex_hull";
inline constexpr const char* kClustersEllipse1Layer = "clusters_ellipse_1sd";
inline constexpr const char* kClustersEllipse2Layer = "clusters_ellipse_2sd";

/// The layer a single GeoJSON output holds: the concave hulls, or the 1-SD ellipses when
/// publishing (the hulls are withheld then).
[[nodiscard]] const char* clusters_geojson_layer(bool publishing) noexcept;

/// The clusters found and how they were described.
struct ClustersResult {
  std::vector<std::int32_t> label;  ///< per incident: its cluster, -1 for noise
  std::vector<clusters::ClusterSummary> summaries;
};

/// Clusters the incidents' distinct locations with `options.method`, summarises each cluster,
/// writes the four layers (the ellipses published with privacy::cluster_rules) and says how
/// many clusters hold how many incidents.
/// Throws Error(data) without incidents, (usage) for a distance beyond the data's extent.
ClustersResult run_clusters(const PreparedIncidents& prepared, const ClustersOptions& options, step::OutputSink& sink);

[[nodiscard]] step::CommandSpec clusters_command();

}  // namespace hotspot::commands
