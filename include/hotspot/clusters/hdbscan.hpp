#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hotspot::clusters {

/// Options of `hdbscan` (pipeline stage `clusters.hdbscan`).
struct HdbscanOptions {
  /// Smallest cluster, in incidents (summed weight) (hdbscan's min_cluster_size, R's minPts).
  double min_cluster_size = 10.0;
  /// Neighbours for the core distance, in incidents with the point itself counted (hdbscan's
  /// min_samples); <= 0 means min_cluster_size, as R dbscan::hdbscan and hdbscan do.
  double min_samples = 0.0;
  /// Distances below this are not told apart (CRS units): mutual reachability is floored at
  /// it. Exactly equal locations — police.uk snap points — would otherwise be infinitely
  /// dense (lambda = 1/0) and every busy snap point a cluster of infinite stability.
  double resolution = 1.0;
  int threads = 0;
};

/// Labels, membership probabilities and cluster stabilities of `hdbscan`.
struct HdbscanResult {
  std::vector<std::int32_t> label;  ///< per point, clusters from 0 in order of their first point; -1 noise
  std::vector<double> probability;  ///< per point, membership strength in [0, 1]; 0 for noise
  std::vector<double> core_distance;
  std::vector<double> cluster_stability;  ///< per label
  std::int32_t cluster_count = 0;
};

/// HDBSCAN* (Campello, Moulavi & Sander 2013) with excess-of-mass cluster selection, the
/// root excluded (hdbscan's allow_single_cluster = False), as R's dbscan::hdbscan and the
/// Python hdbscan package compute it: core distance to the min_samples-th neighbour (the
/// point itself first), minimum spanning tree of mutual reachability, condensed tree,
/// stabilities, and probabilities min(lambda_p, lambda_max) / lambda_max as the Python
/// hdbscan package and scikit-learn define them (R's membership_prob uses core distances).
///
/// Weights are multiplicities: a point of weight w stands for w incidents at one place. They
/// count towards the core distance (the point itself fills the first w neighbours) and towards
/// cluster sizes and stabilities; the w incidents leave a cluster together when the point does,
/// or at 1/resolution when the point itself carries the cluster. With unit weights and all
/// mutual reachability distances above `resolution` this is exactly standard HDBSCAN.
///
/// Cost: O(m^2) time and O(m) memory in the m distinct points (Prim's algorithm on the
/// complete mutual-reachability graph), so collapse snap points first; meant for up to a few
/// tens of thousands of distinct locations. Deterministic and independent of `threads`.
/// Throws `Error` (usage) for bad options and (data) for bad coordinates or weights.
[[nodiscard]] HdbscanResult hdbscan(std::span<const double> x, std::span<const double> y,
                                    std::span<const double> weight, const HdbscanOptions& options);

}  // namespace hotspot::clusters
