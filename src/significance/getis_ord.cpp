#include "hotspot/significance/getis_ord.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <omp.h>

#include "band_convolution.hpp"
#include "band_sums.hpp"
#include "hotspot/core/huge_pages.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/splitmix.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot::significance {
namespace {

constexpr const char* kStage = "significance.gistar";

void validate(const CellValues& cells, const GiStarOptions& o) {
  const CellGrid& g = cells.grid;
  if (!(g.cell_size > 0.0) || !std::isfinite(g.cell_size) || g.columns <= 0 || g.rows <= 0) {
    throw Error(ErrorCode::usage, kStage, "grid needs a positive cell size and at least one row and column");
  }
  if (cells.value.size() != g.size() || (!cells.mask.empty() && cells.mask.size() != g.size())) {
    throw Error(ErrorCode::data, kStage, "cell values or mask do not match the grid size");
  }
  if (o.neighbourhood == Neighbourhood::distance_band && (!(o.band >= 0.0) || !std::isfinite(o.band))) {
    throw Error(ErrorCode::usage, kStage, "distance band must be finite and >= 0");
  }
  if (o.neighbourhood == Neighbourhood::nearest_neighbours && o.k < 1) {
    throw Error(ErrorCode::usage, kStage, "k must be at least 1");
  }
  if (o.inference == Inference::permutation && o.permutations < 1) {
    throw Error(ErrorCode::usage, kStage, "permutations must be at least 1");
  }
  if (o.threads < 0) throw Error(ErrorCode::usage, kStage, "threads must be >= 0");
  for (std::size_t i = 0; i < cells.value.size(); ++i) {
    if (cells.in_study_area(i) && !std::isfinite(cells.value[i])) {
      throw Error(ErrorCode::data, ErrorContext{kStage, "", i + 1, "value"}, "cell value is not finite");
    }
  }
}

}  // namespace

GiStarResult getis_ord_gi_star(const CellValues& cells, const GiStarOptions& options) {
  validate(cells, options);
  const int threads = effective_threads(options.threads);
  const std::size_t size = cells.grid.size();
  GiStarResult r;

  // Mean and the population variance in two passes, as spdep computes them.
  std::size_t n = 0;
  double sum = 0.0;
  for (std::size_t i = 0; i < size; ++i) {
    if (cells.in_study_area(i)) {
      ++n;
      sum += cells.value[i];
    }
  }
  if (n < 3) throw Error(ErrorCode::data, kStage, "fewer than 3 cells in the study area");
  const auto nd = static_cast<double>(n);
  const double mean = sum / nd;
  double ss = 0.0;
  for (std::size_t i = 0; i < size; ++i) {
    if (cells.in_study_area(i)) ss += (cells.value[i] - mean) * (cells.value[i] - mean);
  }
  const double variance = ss / nd;
  if (!(variance > 0.0)) throw Error(ErrorCode::data, kStage, "all cells have the same value");
  r.cells_in_study_area = n;
  r.mean = mean;
  r.standard_deviation = std::sqrt(variance);

  std::vector<double> lag;
  std::vector<std::uint32_t> count;
  std::vector<std::vector<std::uint32_t>> lists;
  if (options.neighbourhood == Neighbourhood::distance_band) {
    const detail::BandStencil stencil = detail::band_stencil(cells.grid, options.band);
    r.band_sums = options.band_sums;
    if (r.band_sums == BandSums::automatic) {
      const detail::BandSumCosts costs = detail::band_sum_costs(cells.grid, stencil);
      r.band_sums = costs.fft < costs.direct ? BandSums::fft : BandSums::direct;
    }
    if (r.band_sums == BandSums::fft) {
      detail::band_sums_fft(cells, stencil, threads, lag, count);
    } else {
      detail::band_sums(cells, stencil, threads, lag, count);
    }
  } else {
    lists = detail::nearest_cells(cells, options.k);
    lag.assign(size, 0.0);
    count.assign(size, 0);
    for (std::size_t i = 0; i < size; ++i) {
      for (std::uint32_t j : lists[i]) lag[i] += cells.value[j];
      count[i] = static_cast<std::uint32_t>(lists[i].size());
    }
  }

  assign_huge(r.z, size, std::nan(""));
  assign_huge(r.p, size, std::nan(""));  // stays NaN outside the study area: not tested
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t i = 0; i < size; ++i) {
    if (!cells.in_study_area(i)) continue;
    const double w = count[i];
    const double var = variance * (nd * w - w * w) / (nd - 1.0);
    if (var > 0.0) {
      r.z[i] = (lag[i] - mean * w) / std::sqrt(var);
      r.p[i] = two_sided_p(r.z[i]);
    } else {
      r.p[i] = 1.0;
    }
  }

  if (options.inference == Inference::permutation) {
    std::vector<double> values;
    std::vector<std::size_t> position(size, SIZE_MAX);
    for (std::size_t i = 0; i < size; ++i) {
      if (cells.in_study_area(i)) {
        position[i] = values.size();
        values.push_back(cells.value[i]);
      }
    }
    const auto permutations = static_cast<std::uint64_t>(options.permutations);
#pragma omp parallel num_threads(threads)
    {
      std::vector<double> pool = values;
      std::vector<std::uint64_t> swaps;
#pragma omp for schedule(dynamic, 64)
      for (std::size_t i = 0; i < size; ++i) {
        if (!cells.in_study_area(i) || std::isnan(r.z[i])) continue;
        // The cell's own value stays; move it to the end so draws come from the others.
        const std::size_t last = pool.size() - 1;
        std::swap(pool[position[i]], pool[last]);
        const std::uint64_t draws = count[i] - 1;
        const double observed = lag[i] - cells.value[i];
        // Extremes are counted on the side of the mean the observed sum lies on.
        const bool high = lag[i] - mean * count[i] >= 0.0;
        SplitMix64 rng(options.seed ^ (0xD1B54A32D192ED03ull * (i + 1)));
        std::uint64_t extreme = 0;
        for (std::uint64_t p = 0; p < permutations; ++p) {
          double s = 0.0;
          swaps.clear();
          for (std::uint64_t d = 0; d < draws; ++d) {
            const std::uint64_t j = d + rng.below(last - d);
            std::swap(pool[d], pool[j]);
            swaps.push_back(j);
            s += pool[d];
          }
          // Undo the swaps so the pool's order, and hence the next cell's draws, do not
          // depend on which cells this thread handled before.
          for (std::uint64_t d = draws; d-- > 0;) std::swap(pool[d], pool[swaps[d]]);
          if (high ? s >= observed : s <= observed) ++extreme;
        }
        std::swap(pool[position[i]], pool[last]);
        r.p[i] = std::min(1.0, 2.0 * static_cast<double>(extreme + 1) / static_cast<double>(permutations + 1));
      }
    }
  }

  r.neighbours = std::move(count);
  lag = std::vector<double>();  // 4 million cells hold about 50 MB in these two
  r.p_adjusted = adjust_p_values(r.p, options.correction);
  r.bin.assign(size, 0);
  for (std::size_t i = 0; i < size; ++i) r.bin[i] = confidence_bin(r.z[i], r.p_adjusted[i]);
  return r;
}

}  // namespace hotspot::significance
