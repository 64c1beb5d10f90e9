#include "hotspot/density/hotspot_levels.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "hotspot/core/error.hpp"
#include "hotspot/core/huge_pages.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.hotspots";

void check_share(double share) {
  if (!(share > 0.0 && share <= 1.0)) {
    throw Error(ErrorCode::usage, kStage, "an area share must be in (0, 1]");
  }
}

std::size_t count_valid(std::span<const double> values) {
  std::size_t n = 0;
  for (double x : values) n += std::isnan(x) ? 0 : 1;
  return n;
}

}  // namespace

KthLargest kth_largest(std::span<const double> values, std::size_t k) {
  TopValueHistogram histogram;
  for (double x : values) histogram.add(x);
  return histogram.kth(values, k);
}

KthLargest TopValueHistogram::kth(std::span<const double> values, std::size_t k) const {
  KthLargest out;
  k = std::min(k, valid_);
  if (k == 0) return out;
  // The bucket holding the k-th largest: the buckets above it hold fewer than k values.
  std::size_t bucket = counts_.size() - 1;
  std::size_t above_bucket = 0;
  while (above_bucket + counts_[bucket] < k) above_bucket += counts_[bucket--];
  std::vector<double> in_bucket;
  in_bucket.reserve(counts_[bucket]);
  for (double x : values) {
    if (x == x && order_key(x) >> kShift == bucket) in_bucket.push_back(x);
  }
  const auto kth = in_bucket.begin() + static_cast<std::ptrdiff_t>(k - above_bucket - 1);
  std::nth_element(in_bucket.begin(), kth, in_bucket.end(), std::greater<>());
  out.value = *kth;
  out.above = above_bucket;
  for (double x : in_bucket) {
    out.above += x > out.value ? 1 : 0;
    out.tied += x == out.value ? 1 : 0;
  }
  return out;
}

std::vector<std::size_t> rank_cells(std::span<const double> values) {
  std::vector<std::size_t> order;
  order.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  return order;
}

std::size_t cells_for_share(std::size_t valid_cells, double area_share) {
  if (valid_cells == 0) return 0;
  const auto k = static_cast<std::size_t>(std::llround(area_share * static_cast<double>(valid_cells)));
  return std::clamp<std::size_t>(k, 1, valid_cells);
}

std::vector<HotspotLevel> hotspot_levels(std::span<const double> values,
                                         std::span<const double> area_shares) {
  std::vector<HotspotLevel> levels;
  for (double share : area_shares) {
    check_share(share);
    levels.push_back(HotspotLevel{.area_share = share});
  }
  // One copy of the valid values; the largest k first, then each smaller k within the k
  // largest already in front: O(G) in all, where one selection per level costs O(G) each.
  std::vector<double> v;
  v.reserve(values.size());
  advise_huge_pages(v.data(), values.size() * sizeof(double));
  for (double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  std::vector<std::size_t> by_cells(levels.size());
  std::iota(by_cells.begin(), by_cells.end(), std::size_t{0});
  for (auto& level : levels) level.cells = cells_for_share(v.size(), level.area_share);
  std::stable_sort(by_cells.begin(), by_cells.end(),
                   [&](std::size_t a, std::size_t b) { return levels[a].cells > levels[b].cells; });
  auto end = v.end();
  for (std::size_t index : by_cells) {
    HotspotLevel& level = levels[index];
    if (level.cells == 0) continue;
    const auto kth = v.begin() + static_cast<std::ptrdiff_t>(level.cells - 1);
    std::nth_element(v.begin(), kth, end, std::greater<>());
    level.threshold = *kth;
    end = kth + 1;
  }
  for (auto& level : levels) {
    if (level.cells == 0) continue;
    for (double x : values) level.cells_at_or_above += !std::isnan(x) && x >= level.threshold ? 1 : 0;
  }
  return levels;
}

std::vector<HotspotLevel> hotspot_levels(std::span<const double> values) {
  static constexpr double kDefault[] = {0.01, 0.05, 0.10};
  return hotspot_levels(values, kDefault);
}

std::vector<std::uint8_t> top_cells(std::span<const double> values, double area_share) {
  check_share(area_share);
  const std::size_t k = cells_for_share(count_valid(values), area_share);
  std::vector<std::uint8_t> mask(values.size(), 0);
  if (k == 0) return mask;
  const double threshold = kth_largest(values, k).value;
  // Everything above the threshold, then cells equal to it in index order (rank_cells' tie rule).
  std::size_t taken = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i]) && values[i] > threshold) {
      mask[i] = 1;
      ++taken;
    }
  }
  for (std::size_t i = 0; i < values.size() && taken < k; ++i) {
    if (values[i] == threshold) {
      mask[i] = 1;
      ++taken;
    }
  }
  return mask;
}

HotspotEvaluation evaluate_hotspots(const GridSpec& grid, std::span<const double> values,
                                    const WeightedPoints& later, double area_share) {
  check_share(area_share);
  if (values.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the surface does not match the grid");
  }
  const std::size_t valid = count_valid(values);
  HotspotEvaluation e;
  e.requested_share = area_share;
  e.requested_cells = cells_for_share(valid, area_share);
  if (valid == 0) return e;
  // The hotspot polygons' cells: the top share, less any cell without density (a sparse
  // surface may have fewer cells with density than the share asks for; hotspot_polygons leaves
  // such cells out, so the area scored is the area drawn).
  std::vector<std::uint8_t> hot = top_cells(values, area_share);
  for (std::size_t c = 0; c < hot.size(); ++c) {
    if (hot[c] != 0 && !(values[c] > 0.0)) hot[c] = 0;
    e.cells += hot[c];
  }
  e.area_share = static_cast<double>(e.cells) / static_cast<double>(valid);

  std::vector<double> per_cell(grid.size(), 0.0);
  for (std::size_t i = 0; i < later.size(); ++i) {
    const std::ptrdiff_t cell = grid.cell_of(later.x[i], later.y[i]);
    if (cell < 0 || std::isnan(values[static_cast<std::size_t>(cell)])) {
      e.outside += later.weight[i];
    } else {
      per_cell[static_cast<std::size_t>(cell)] += later.weight[i];
      e.total += later.weight[i];
    }
  }
  std::vector<double> counts;
  for (std::size_t c = 0; c < per_cell.size(); ++c) {
    if (hot[c] != 0) e.hits += per_cell[c];
    if (per_cell[c] > 0.0) counts.push_back(per_cell[c]);
  }
  // The best k cells are the k fullest; summed in descending order for stable bytes.
  std::sort(counts.begin(), counts.end(), std::greater<>());
  for (std::size_t i = 0; i < std::min(e.cells, counts.size()); ++i) e.best_hits += counts[i];

  if (e.total > 0.0 && e.cells > 0) {
    e.hit_rate = e.hits / e.total;
    e.pai = e.hit_rate / e.area_share;
    e.best_pai = e.best_hits / e.total / e.area_share;
    e.pei = e.best_hits > 0.0 ? e.hits / e.best_hits : 0.0;
  }
  return e;
}

}  // namespace hotspot::density
