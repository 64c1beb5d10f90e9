#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace hotspot::clusters {

/// Options of `nearest_neighbour_hierarchical` (pipeline stage `clusters.nnh`), after
/// CrimeStat's Nearest Neighbor Hierarchical Spatial Clustering (Levine, CrimeStat IV ch. 7).
struct NnhOptions {
  /// One-tailed probability of the threshold under complete spatial randomness: two points
  /// are linked when closer than the quantile `probability` of the sampling distribution of
  /// the mean random nearest-neighbour distance, i.e. threshold = d_ran + z_p * SE with
  /// d_ran = 0.5 sqrt(A/N), SE = 0.26136 sqrt(A/N^2) (Clark & Evans) and z_p the standard
  /// normal quantile. 0.5 gives the mean random distance (CrimeStat's default); smaller is stricter.
  double probability = 0.5;
  /// > 0: use this fixed threshold distance for the first order instead.
  double fixed_threshold = 0.0;
  /// Minimum incidents (summed weight) in a first-order cluster (CrimeStat default 10).
  double min_points = 10.0;
  /// Minimum lower-order clusters in a higher-order cluster.
  int min_clusters = 2;
  /// Study-area size A in CRS units squared; <= 0 uses the points' bounding rectangle.
  double area = 0.0;
  int max_order = 10;
  int threads = 0;
};

/// One cluster at some order.
struct NnhCluster {
  std::vector<std::uint32_t> members;  ///< point indices (order 1) or cluster indices of the order below
  double weight = 0.0;                 ///< incidents (summed weight) in the cluster, over all orders
  double centre_x = 0.0;               ///< weighted mean centre of the incidents
  double centre_y = 0.0;
  std::int32_t parent = -1;            ///< index of the cluster of the order above, or -1
};

/// All clusters of one order.
struct NnhLevel {
  int order = 1;
  double threshold = 0.0;              ///< linking distance used
  double mean_random_distance = 0.0;   ///< d_ran of the points clustered at this order
  std::size_t points = 0;              ///< points (order 1) or clusters (higher) that were clustered
  std::vector<NnhCluster> clusters;    ///< ordered by their lowest member index
};

/// Result: levels from order 1 upwards; stops when an order forms no cluster.
struct NnhResult {
  std::vector<NnhLevel> levels;
  std::vector<std::int32_t> first_order_label;  ///< per input point: its order-1 cluster, or -1
};

/// Nearest-neighbour hierarchical clustering. At each order, points (the incidents' points,
/// weighted; then the mean centres of the clusters of the order below, weight 1 each when
/// counting N and min_clusters) are linked when within the threshold of each other (single
/// linkage: a chain of close pairs is one cluster), and groups below the minimum size are
/// dropped. N at order 1 is the summed weight (incidents), so snap points with many incidents
/// count fully. Throws `Error` (usage) for bad options, (data) for bad coordinates.
[[nodiscard]] NnhResult nearest_neighbour_hierarchical(std::span<const double> x, std::span<const double> y,
                                                       std::span<const double> weight, const NnhOptions& options);

/// Standard normal quantile (Acklam's rational approximation refined by one Halley step on
/// erfc; relative error below 1e-15 in (0, 1)).
[[nodiscard]] double normal_quantile(double p);

}  // namespace hotspot::clusters
