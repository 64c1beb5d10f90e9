#include "hotspot/clusters/dbscan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <omp.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot::clusters {
namespace {

constexpr const char* kStage = "clusters.dbscan";

// Union-find with path halving; union by smaller index keeps it deterministic.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t a) {
    while (parent_[a] != a) {
      parent_[a] = parent_[parent_[a]];
      a = parent_[a];
    }
    return a;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) parent_[b] = a;
    else parent_[a] = b;
  }

 private:
  std::vector<std::uint32_t> parent_;
};

struct SortItem {
  std::uint64_t key;
  double x;
  double y;
  std::uint32_t index;
};

// Distinct coordinates grouped in grid cells of side eps/sqrt(2). Exactly equal points have
// the same neighbourhood and therefore the same core flag and label, so they are one site.
struct SiteGrid {
  std::vector<double> x, y, weight;
  std::vector<std::uint32_t> min_index;  // lowest input index among the site's points
  std::vector<std::uint32_t> site_of;    // per input point
  std::vector<std::uint64_t> cell_key;
  std::vector<std::uint32_t> cell_begin;  // sites of cell c: [cell_begin[c], cell_begin[c+1])
  std::vector<double> cell_weight;
  std::vector<double> min_x, max_x, min_y, max_y;
  // A cell is compact when every pair of its sites is within eps *as computed in floating
  // point*; its bounding-box diagonal bounds every pair because rounded subtraction, squaring
  // and addition are monotone. Mathematically every cell is compact; the flag keeps the
  // shortcuts exact even where rounding could push a pair over eps.
  std::vector<std::uint8_t> compact;
  std::vector<std::uint32_t> nbr_begin;  // CSR list of other cells that may hold neighbours
  std::vector<std::uint32_t> nbr;
  [[nodiscard]] std::size_t cells() const { return cell_key.size(); }
};

std::uint64_t make_key(std::int64_t cx, std::int64_t cy) {
  return (static_cast<std::uint64_t>(cx) << 32) | static_cast<std::uint64_t>(cy);
}

// Squared gap between two boxes, computed so that it never exceeds the computed squared
// distance of any pair of points inside them (monotone rounding), so pruning on it is exact.
double box_gap2(const SiteGrid& g, std::size_t a, std::size_t b) {
  const double gx = std::max({0.0, g.min_x[b] - g.max_x[a], g.min_x[a] - g.max_x[b]});
  const double gy = std::max({0.0, g.min_y[b] - g.max_y[a], g.min_y[a] - g.max_y[b]});
  return gx * gx + gy * gy;
}

SiteGrid build_grid(std::span<const double> x, std::span<const double> y,
                    std::span<const double> weight, double eps, int threads) {
  const std::size_t n = x.size();
  const double side = eps / std::sqrt(2.0);
  const double x0 = *std::min_element(x.begin(), x.end());
  const double y0 = *std::min_element(y.begin(), y.end());
  const double x1 = *std::max_element(x.begin(), x.end());
  const double y1 = *std::max_element(y.begin(), y.end());
  constexpr double kMaxCells = 2.0e9;
  if ((x1 - x0) / side >= kMaxCells || (y1 - y0) / side >= kMaxCells) {
    throw Error(ErrorCode::usage, kStage,
                "eps " + std::to_string(eps) + " is too small for the extent of the data");
  }

  // Order points by cell (column-major, as the neighbour search expects), then by (x, y,
  // index) so exact duplicates are adjacent and the order never depends on threads. Cells
  // are ordered with a stable LSD radix sort on a compact cell number — a comparison sort of
  // all points was the largest single cost — and the few points of each cell by comparison.
  const auto rows_of_cells = static_cast<std::uint64_t>(std::floor((y1 - y0) / side)) + 1;
  std::vector<std::uint64_t> compact_key(n);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t i = 0; i < n; ++i) {
    const auto cx = static_cast<std::uint64_t>(std::floor((x[i] - x0) / side));
    const auto cy = static_cast<std::uint64_t>(std::floor((y[i] - y0) / side));
    compact_key[i] = cx * rows_of_cells + cy;
  }
  std::vector<std::uint32_t> order(n), scratch(n);
  std::iota(order.begin(), order.end(), 0u);
  {
    std::vector<std::size_t> counts(1u << 16);
    for (int shift = 0; shift < 64; shift += 16) {
      std::fill(counts.begin(), counts.end(), 0);
      for (std::size_t i = 0; i < n; ++i) ++counts[(compact_key[i] >> shift) & 0xFFFFu];
      if (counts[(compact_key[0] >> shift) & 0xFFFFu] == n) continue;  // this digit is the same everywhere
      std::size_t total = 0;
      for (auto& c : counts) {
        const std::size_t here = c;
        c = total;
        total += here;
      }
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = order[k];
        scratch[counts[(compact_key[i] >> shift) & 0xFFFFu]++] = i;
      }
      order.swap(scratch);
    }
  }
  std::vector<SortItem> items(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = order[k];
    const std::uint64_t ck = compact_key[i];
    items[k] = SortItem{make_key(static_cast<std::int64_t>(ck / rows_of_cells), static_cast<std::int64_t>(ck % rows_of_cells)),
                        x[i], y[i], i};
  }
  std::vector<std::uint64_t>().swap(compact_key);
  std::vector<std::uint32_t>().swap(scratch);
  std::vector<std::uint32_t>().swap(order);
  for (std::size_t b = 0; b < n;) {
    std::size_t e = b + 1;
    while (e < n && items[e].key == items[b].key) ++e;
    if (e - b > 1) {
      std::sort(items.begin() + static_cast<std::ptrdiff_t>(b), items.begin() + static_cast<std::ptrdiff_t>(e),
                [](const SortItem& a, const SortItem& c) {
                  if (a.x != c.x) return a.x < c.x;
                  if (a.y != c.y) return a.y < c.y;
                  return a.index < c.index;
                });
    }
    b = e;
  }

  SiteGrid g;
  g.site_of.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const SortItem& it = items[k];
    const double w = weight.empty() ? 1.0 : weight[it.index];
    const bool new_cell = g.cell_key.empty() || g.cell_key.back() != it.key;
    if (new_cell || g.x.back() != it.x || g.y.back() != it.y) {
      if (new_cell) {
        g.cell_key.push_back(it.key);
        g.cell_begin.push_back(static_cast<std::uint32_t>(g.x.size()));
        g.cell_weight.push_back(0.0);
        g.min_x.push_back(it.x);
        g.max_x.push_back(it.x);
        g.min_y.push_back(it.y);
        g.max_y.push_back(it.y);
      }
      g.x.push_back(it.x);
      g.y.push_back(it.y);
      g.weight.push_back(0.0);
      g.min_index.push_back(it.index);
    }
    g.weight.back() += w;
    g.cell_weight.back() += w;
    g.min_x.back() = std::min(g.min_x.back(), it.x);
    g.max_x.back() = std::max(g.max_x.back(), it.x);
    g.min_y.back() = std::min(g.min_y.back(), it.y);
    g.max_y.back() = std::max(g.max_y.back(), it.y);
    g.site_of[it.index] = static_cast<std::uint32_t>(g.x.size() - 1);
  }
  g.cell_begin.push_back(static_cast<std::uint32_t>(g.x.size()));
  items.clear();
  items.shrink_to_fit();

  const std::size_t cells = g.cells();
  const double eps2 = eps * eps;
  g.compact.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const double dx = g.max_x[c] - g.min_x[c];
    const double dy = g.max_y[c] - g.min_y[c];
    g.compact[c] = dx * dx + dy * dy <= eps2 ? 1 : 0;
  }

  // Points within eps are at most 1.42 cells apart on each axis, hence in cells at most two
  // apart: the 5x5 block around a cell. Cells whose boxes are farther than eps are dropped.
  // Each thread takes one contiguous block of cells (static schedule) and appends to its own
  // list; the blocks are then joined in cell order, so the CSR never depends on threads.
  g.nbr_begin.assign(cells + 1, 0);
  std::vector<std::vector<std::uint32_t>> block(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    std::vector<std::uint32_t>& mine = block[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::size_t c = 0; c < cells; ++c) {
      const auto cx = static_cast<std::int64_t>(g.cell_key[c] >> 32);
      const auto cy = static_cast<std::int64_t>(g.cell_key[c] & 0xFFFFFFFFu);
      std::uint32_t found = 0;
      for (std::int64_t dx = -2; dx <= 2; ++dx) {
        if (cx + dx < 0) continue;
        const std::uint64_t lo = make_key(cx + dx, std::max<std::int64_t>(0, cy - 2));
        const std::uint64_t hi = make_key(cx + dx, cy + 2);
        auto it = std::lower_bound(g.cell_key.begin(), g.cell_key.end(), lo);
        for (; it != g.cell_key.end() && *it <= hi; ++it) {
          const auto d = static_cast<std::size_t>(it - g.cell_key.begin());
          if (d != c && box_gap2(g, c, d) <= eps2) {
            mine.push_back(static_cast<std::uint32_t>(d));
            ++found;
          }
        }
      }
      g.nbr_begin[c + 1] = found;
    }
  }
  for (std::size_t c = 0; c < cells; ++c) g.nbr_begin[c + 1] += g.nbr_begin[c];
  g.nbr.reserve(g.nbr_begin[cells]);
  for (const auto& b : block) g.nbr.insert(g.nbr.end(), b.begin(), b.end());
  return g;
}

void validate(std::span<const double> x, std::span<const double> y,
              std::span<const double> weight, const DbscanOptions& options) {
  if (!(options.eps > 0.0) || !std::isfinite(options.eps)) {
    throw Error(ErrorCode::usage, kStage, "eps must be a positive finite distance");
  }
  if (!(options.min_points > 0.0) || !std::isfinite(options.min_points)) {
    throw Error(ErrorCode::usage, kStage, "min_points must be positive and finite");
  }
  if (options.threads < 0) throw Error(ErrorCode::usage, kStage, "threads must be >= 0");
  if (x.size() != y.size() || (!weight.empty() && weight.size() != x.size())) {
    throw Error(ErrorCode::data, kStage, "x, y and weight columns differ in length");
  }
  if (x.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw Error(ErrorCode::data, kStage, "too many points");
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "x/y"},
                  "coordinate is not finite");
    }
    if (!weight.empty() && (!std::isfinite(weight[i]) || weight[i] < 0.0)) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "weight"},
                  "weight must be finite and >= 0");
    }
  }
}

}  // namespace

DbscanResult dbscan(std::span<const double> x, std::span<const double> y,
                    std::span<const double> weight, const DbscanOptions& options) {
  validate(x, y, weight, options);
  DbscanResult result;
  const std::size_t n = x.size();
  if (n == 0) return result;
  const int threads = effective_threads(options.threads);
  const double eps2 = options.eps * options.eps;
  const double min_points = options.min_points;

  SiteGrid g = build_grid(x, y, weight, options.eps, threads);
  const std::size_t cells = g.cells();
  const std::size_t sites = g.x.size();
  auto within = [&](std::uint32_t a, std::uint32_t b) {
    const double dx = g.x[a] - g.x[b];
    const double dy = g.y[a] - g.y[b];
    return dx * dx + dy * dy <= eps2;
  };

  // Core flags. Non-negative weights make partial sums monotone, so stopping as soon as the
  // threshold is reached cannot change the answer.
  std::vector<std::uint8_t> core(sites, 0);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (std::size_t c = 0; c < cells; ++c) {
    const std::uint32_t b = g.cell_begin[c], e = g.cell_begin[c + 1];
    if (g.compact[c] && g.cell_weight[c] >= min_points) {
      std::fill(core.begin() + b, core.begin() + e, std::uint8_t{1});
      continue;
    }
    for (std::uint32_t s = b; s < e; ++s) {
      double sum = 0.0;
      if (g.compact[c]) {
        sum = g.cell_weight[c];
      } else {
        for (std::uint32_t t = b; t < e; ++t) {
          if (within(s, t)) sum += g.weight[t];
        }
      }
      for (std::uint32_t k = g.nbr_begin[c]; k < g.nbr_begin[c + 1] && sum < min_points; ++k) {
        const std::uint32_t d = g.nbr[k];
        for (std::uint32_t t = g.cell_begin[d]; t < g.cell_begin[d + 1]; ++t) {
          if (within(s, t)) {
            sum += g.weight[t];
            if (sum >= min_points) break;
          }
        }
      }
      core[s] = sum >= min_points ? 1 : 0;
    }
  }

  std::vector<std::uint32_t> first_core(cells, UINT32_MAX);
  for (std::size_t c = 0; c < cells; ++c) {
    for (std::uint32_t s = g.cell_begin[c]; s < g.cell_begin[c + 1]; ++s) {
      if (core[s]) {
        first_core[c] = s;
        break;
      }
    }
  }

  // Which neighbouring cells of core points are joined, decided in parallel; joined into
  // components serially after. Between compact cells one connecting pair decides it.
  std::vector<std::uint8_t> joined(g.nbr.size(), 0);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (std::size_t c = 0; c < cells; ++c) {
    if (first_core[c] == UINT32_MAX || !g.compact[c]) continue;
    for (std::uint32_t k = g.nbr_begin[c]; k < g.nbr_begin[c + 1]; ++k) {
      const std::uint32_t d = g.nbr[k];
      if (d < c || first_core[d] == UINT32_MAX || !g.compact[d]) continue;
      bool found = false;
      for (std::uint32_t s = first_core[c]; s < g.cell_begin[c + 1] && !found; ++s) {
        if (!core[s]) continue;
        for (std::uint32_t t = first_core[d]; t < g.cell_begin[d + 1]; ++t) {
          if (core[t] && within(s, t)) {
            found = true;
            break;
          }
        }
      }
      joined[k] = found ? 1 : 0;
    }
  }

  DisjointSets sets(sites);
  for (std::size_t c = 0; c < cells; ++c) {
    if (first_core[c] == UINT32_MAX) continue;
    const std::uint32_t b = g.cell_begin[c], e = g.cell_begin[c + 1];
    if (g.compact[c]) {
      for (std::uint32_t s = first_core[c] + 1; s < e; ++s) {
        if (core[s]) sets.unite(first_core[c], s);
      }
    } else {
      for (std::uint32_t s = b; s < e; ++s) {
        for (std::uint32_t t = s + 1; t < e; ++t) {
          if (core[s] && core[t] && within(s, t)) sets.unite(s, t);
        }
      }
    }
    for (std::uint32_t k = g.nbr_begin[c]; k < g.nbr_begin[c + 1]; ++k) {
      const std::uint32_t d = g.nbr[k];
      if (d < c || first_core[d] == UINT32_MAX) continue;
      if (g.compact[c] && g.compact[d]) {
        if (joined[k]) sets.unite(first_core[c], first_core[d]);
        continue;
      }
      for (std::uint32_t s = b; s < e; ++s) {
        if (!core[s]) continue;
        for (std::uint32_t t = g.cell_begin[d]; t < g.cell_begin[d + 1]; ++t) {
          if (core[t] && within(s, t)) sets.unite(s, t);
        }
      }
    }
  }

  // scikit-learn starts clusters at core points in index order, so clusters are numbered by
  // their lowest-index core point.
  std::vector<std::uint32_t> component_min(sites, UINT32_MAX);
  for (std::uint32_t s = 0; s < sites; ++s) {
    if (!core[s]) continue;
    const std::uint32_t r = sets.find(s);
    component_min[r] = std::min(component_min[r], g.min_index[s]);
  }
  std::vector<std::uint32_t> roots;
  for (std::uint32_t s = 0; s < sites; ++s) {
    if (component_min[s] != UINT32_MAX) roots.push_back(s);
  }
  std::sort(roots.begin(), roots.end(), [&](std::uint32_t a, std::uint32_t b) {
    return component_min[a] < component_min[b];
  });
  std::vector<std::int32_t> root_label(sites, -1);
  for (std::size_t k = 0; k < roots.size(); ++k) root_label[roots[k]] = static_cast<std::int32_t>(k);
  std::vector<std::int32_t> site_label(sites, -1);
  for (std::uint32_t s = 0; s < sites; ++s) {
    if (core[s]) site_label[s] = root_label[sets.find(s)];
  }

  // A border point joins the first-discovered cluster that reaches it: scikit-learn expands
  // each cluster completely before starting the next.
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (std::size_t c = 0; c < cells; ++c) {
    for (std::uint32_t s = g.cell_begin[c]; s < g.cell_begin[c + 1]; ++s) {
      if (core[s]) continue;
      std::int32_t best = std::numeric_limits<std::int32_t>::max();
      auto scan = [&](std::size_t d) {
        if (first_core[d] == UINT32_MAX) return;
        if (g.compact[d] && site_label[first_core[d]] >= best) return;
        for (std::uint32_t t = first_core[d]; t < g.cell_begin[d + 1]; ++t) {
          if (core[t] && within(s, t)) {
            best = std::min(best, site_label[t]);
            if (g.compact[d]) return;
          }
        }
      };
      scan(c);
      for (std::uint32_t k = g.nbr_begin[c]; k < g.nbr_begin[c + 1]; ++k) scan(g.nbr[k]);
      if (best != std::numeric_limits<std::int32_t>::max()) site_label[s] = best;
    }
  }

  result.label.resize(n);
  result.core.resize(n);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t i = 0; i < n; ++i) {
    result.label[i] = site_label[g.site_of[i]];
    result.core[i] = core[g.site_of[i]];
  }
  result.cluster_count = static_cast<std::int32_t>(roots.size());
  return result;
}

DbscanResult dbscan(const WeightedPoints& points, const DbscanOptions& options) {
  return dbscan(points.x, points.y, points.weight, options);
}

}  // namespace hotspot::clusters
