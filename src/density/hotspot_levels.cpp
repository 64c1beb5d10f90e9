#include "hotspot/density/hotspot_levels.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "hotspot/core/error.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.hotspots";

void check_share(double share) {
  if (!(share > 0.0 && share <= 1.0)) {
    throw Error(ErrorCode::usage, kStage, "an area share must be in (0, 1]");
  }
}

}  // namespace

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
  const std::vector<std::size_t> order = rank_cells(values);
  std::vector<HotspotLevel> levels;
  for (double share : area_shares) {
    check_share(share);
    HotspotLevel level;
    level.area_share = share;
    level.cells = cells_for_share(order.size(), share);
    if (level.cells > 0) {
      level.threshold = values[order[level.cells - 1]];
      // Cells tied with the threshold follow it directly in the ranking.
      std::size_t k = level.cells;
      while (k < order.size() && values[order[k]] >= level.threshold) ++k;
      level.cells_at_or_above = k;
    }
    levels.push_back(level);
  }
  return levels;
}

std::vector<HotspotLevel> hotspot_levels(std::span<const double> values) {
  static constexpr double kDefault[] = {0.01, 0.05, 0.10};
  return hotspot_levels(values, kDefault);
}

std::vector<std::uint8_t> top_cells(std::span<const double> values, double area_share) {
  check_share(area_share);
  const std::vector<std::size_t> order = rank_cells(values);
  const std::size_t k = cells_for_share(order.size(), area_share);
  std::vector<std::uint8_t> mask(values.size(), 0);
  for (std::size_t i = 0; i < k; ++i) mask[order[i]] = 1;
  return mask;
}

HotspotEvaluation evaluate_hotspots(const GridSpec& grid, std::span<const double> values,
                                    const WeightedPoints& later, double area_share) {
  check_share(area_share);
  if (values.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the surface does not match the grid");
  }
  const std::vector<std::size_t> order = rank_cells(values);
  HotspotEvaluation e;
  e.cells = cells_for_share(order.size(), area_share);
  if (order.empty()) return e;
  e.area_share = static_cast<double>(e.cells) / static_cast<double>(order.size());

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
  for (std::size_t i = 0; i < e.cells; ++i) e.hits += per_cell[order[i]];

  std::vector<double> counts;
  counts.reserve(order.size());
  for (std::size_t c : order) counts.push_back(per_cell[c]);
  std::partial_sort(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(e.cells), counts.end(),
                    std::greater<>());
  // Summed in descending order so the same counts always give the same bytes.
  for (std::size_t i = 0; i < e.cells; ++i) e.best_hits += counts[i];

  if (e.total > 0.0) {
    e.hit_rate = e.hits / e.total;
    e.pai = e.hit_rate / e.area_share;
    e.best_pai = e.best_hits / e.total / e.area_share;
    e.pei = e.best_hits > 0.0 ? e.hits / e.best_hits : 0.0;
  }
  return e;
}

}  // namespace hotspot::density
