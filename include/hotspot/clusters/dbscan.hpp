#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hotspot/core/incidents.hpp"

namespace hotspot::clusters {

/// Options of `dbscan` (pipeline stage `clusters.dbscan`).
struct DbscanOptions {
  /// Neighbourhood radius in CRS units (metres once projected). A neighbour at distance
  /// exactly `eps` counts (d <= eps), as in scikit-learn, QGIS and PostGIS.
  double eps = 50.0;
  /// A point is core when the summed weight of its eps-neighbourhood, itself included, is at
  /// least this (scikit-learn's `min_samples` with `sample_weight`). With unit weights it is
  /// the usual minimum number of points. 10, as CrimeStat's nearest-neighbour clustering and
  /// HDBSCAN's smallest cluster here: `hotspot clusters` has one --min-points for all three.
  double min_points = 10.0;
  /// OpenMP threads; 0 uses the OpenMP default. The result never depends on it.
  int threads = 0;
};

/// Labels of `dbscan`, one entry per input point.
struct DbscanResult {
  /// Cluster label from 0, in order of discovery (the cluster holding the lowest-index core
  /// point is 0, and so on); -1 is noise. Equal to scikit-learn's `DBSCAN.labels_`.
  std::vector<std::int32_t> label;
  /// 1 for core points (scikit-learn's `core_sample_indices_` as a mask).
  std::vector<std::uint8_t> core;
  std::int32_t cluster_count = 0;
};

/// Exact weighted DBSCAN with scikit-learn's semantics, including which cluster a border
/// point joins: the one discovered first among those whose core points reach it, which is
/// what scikit-learn's depth-first expansion in index order produces.
///
/// Uses a grid index of cells of side eps/sqrt(2) and collapses exactly equal coordinates
/// first, so it runs in O(n log n) time and O(n) memory however dense the data are.
/// Weights must be finite and >= 0 (an empty span means weight 1 for every point). Core
/// sums are added in a different order from scikit-learn's, so with non-integer weights a
/// sum within rounding error of `min_points` may be decided differently; integer weights
/// (incident counts) are exact.
///
/// Throws `Error` (code `usage`) for eps <= 0, min_points <= 0 or non-finite options, and
/// (code `data`) for non-finite coordinates, bad weights or mismatched lengths.
[[nodiscard]] DbscanResult dbscan(std::span<const double> x, std::span<const double> y,
                                  std::span<const double> weight, const DbscanOptions& options);

/// DBSCAN on collapsed snap points, each weighted by its summed incident weight.
[[nodiscard]] DbscanResult dbscan(const WeightedPoints& points, const DbscanOptions& options);

}  // namespace hotspot::clusters
