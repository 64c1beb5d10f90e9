#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"

namespace hotspot::density {

/// The cells of a surface ranked from highest to lowest value; ties go to the lower cell
/// index (row-major from the north-west), so the ranking is the same on every run. NaN
/// (nodata) cells are left out: they are outside the study area.
[[nodiscard]] std::vector<std::size_t> rank_cells(std::span<const double> values);

/// The number of cells making up `area_share` of the valid cells: round(share · valid),
/// at least 1 when there is any valid cell.
[[nodiscard]] std::size_t cells_for_share(std::size_t valid_cells, double area_share);

/// The k-th largest value of a surface and how many cells are above it and equal to it
/// (NaN cells left out; -0 equals 0).
struct KthLargest {
  double value = 0.0;
  std::size_t above = 0;
  std::size_t tied = 0;
};
/// The same value std::nth_element finds in a copy of the valid values, without the copy: a
/// histogram of the top 16 bits of the values' order-preserving bit patterns finds the bucket
/// holding the k-th value, and only that bucket's values are selected from (two passes over
/// the surface). k is clamped to the number of valid values; none: value 0, nothing above.
[[nodiscard]] KthLargest kth_largest(std::span<const double> values, std::size_t k);

/// kth_largest in two steps, for a caller that already runs a pass over the values: add() each
/// value to the histogram in it, then kth() makes the one further pass.
class TopValueHistogram {
 public:
  TopValueHistogram() : counts_(std::size_t{1} << (64 - kShift), 0) {}
  /// A double's bits as an unsigned key in the same order as the values (-0 as 0): negative
  /// values have every bit flipped, the others only the sign bit.
  [[nodiscard]] static std::uint64_t order_key(double x) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(x == 0.0 ? 0.0 : x);
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
  }
  void add(double x) noexcept {
    if (x != x) return;  // NaN
    ++counts_[order_key(x) >> kShift];
    ++valid_;
  }
  /// The k-th largest of `values`, which must be the values added.
  [[nodiscard]] KthLargest kth(std::span<const double> values, std::size_t k) const;

 private:
  static constexpr int kShift = 48;  // 65,536 buckets: sign, exponent, the top 4 mantissa bits
  std::vector<std::size_t> counts_;
  std::size_t valid_ = 0;
};

/// One hotspot level: the top `area_share` of the study area by value.
struct HotspotLevel {
  double area_share = 0.0;
  double threshold = 0.0;      ///< value of the last cell taken (the k-th highest)
  std::size_t cells = 0;       ///< k, exactly cells_for_share(valid, share)
  std::size_t cells_at_or_above = 0;  ///< cells with value ≥ threshold (≥ k when tied)
};

/// Thresholds for the top shares of the study area (default 1%, 5%, 10%). A cell whose
/// value equals the threshold is in the level for contouring; `top_cells` gives the exact k.
/// Throws Error(usage) for a share outside (0, 1].
[[nodiscard]] std::vector<HotspotLevel> hotspot_levels(std::span<const double> values,
                                                       std::span<const double> area_shares);
[[nodiscard]] std::vector<HotspotLevel> hotspot_levels(std::span<const double> values);

/// A mask (1 = hotspot) of exactly cells_for_share(valid, share) cells, first by rank_cells.
[[nodiscard]] std::vector<std::uint8_t> top_cells(std::span<const double> values, double area_share);

/// How well the top `area_share` of a surface captured later incidents.
struct HotspotEvaluation {
  double requested_share = 0.0;  ///< the share asked for
  std::size_t requested_cells = 0;  ///< the cells it asks for: cells_for_share(valid cells, share)
  double area_share = 0.0;     ///< a / A, cells taken over valid cells (below the share asked for
                               ///< when fewer cells than that have any density)
  std::size_t cells = 0;       ///< the top cells by rank_cells that have density (> 0)
  double hits = 0.0;           ///< n: weight of later incidents inside the hotspot cells
  double total = 0.0;          ///< N: weight of later incidents in valid cells of the grid
  double outside = 0.0;        ///< weight of later incidents off the grid or in nodata cells
  double hit_rate = 0.0;       ///< n / N
  double pai = 0.0;            ///< (n / N) / (a / A), Chainey, Tompson & Uhlig (2008)
  double best_hits = 0.0;      ///< n*: the most any choice of the same number of cells catches
  double best_pai = 0.0;       ///< (n* / N) / (a / A)
  double pei = 0.0;            ///< PAI / best PAI = n / n* (Hunt 2016)
};

/// PAI, PEI and hit rate of the surface's top `area_share` against later incidents
/// (weighted points, e.g. collapse_locations of the next months). Cells are taken by
/// rank_cells, and only those with density (> 0): the cells of the hotspot polygons at that
/// level, so a sparse surface is scored on the area it marks. Throws Error(usage) when the
/// surface does not match the grid.
[[nodiscard]] HotspotEvaluation evaluate_hotspots(const GridSpec& grid, std::span<const double> values,
                                                  const WeightedPoints& later, double area_share);

}  // namespace hotspot::density
