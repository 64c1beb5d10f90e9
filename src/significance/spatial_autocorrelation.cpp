#include "hotspot/significance/spatial_autocorrelation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <vector>

#include <omp.h>

#include "band_sums.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"

namespace hotspot::significance {
namespace {
constexpr const char* kStage = "significance.moran";
}

MoransI global_morans_i(const CellValues& cells, double band, int threads) {
  if (!(band >= 0.0) || !std::isfinite(band)) throw Error(ErrorCode::usage, kStage, "band must be finite and >= 0");
  threads = effective_threads(threads);
  const std::size_t size = cells.grid.size();
  if (cells.value.size() != size) throw Error(ErrorCode::data, kStage, "cell values do not match the grid size");
  std::vector<double> lag;
  std::vector<std::uint32_t> count;
  detail::band_sums(cells, detail::band_stencil(cells.grid, band), threads, lag, count);

  // As spdep's moran.test(adjust.n = TRUE): cells without neighbours leave n, but the mean
  // is over all study-area cells.
  double sum = 0.0;
  std::size_t all = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (cells.in_study_area(i)) {
      sum += cells.value[i];
      ++all;
    }
  }
  if (all < 4) throw Error(ErrorCode::data, kStage, "fewer than 4 cells in the study area");
  const double mean = sum / static_cast<double>(all);
  double m2 = 0.0, m4 = 0.0, cross = 0.0, s0 = 0.0, sum_d2 = 0.0;
  std::size_t isolated = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (!cells.in_study_area(i)) continue;
    const double z = cells.value[i] - mean;
    m2 += z * z;
    m4 += z * z * z * z;
    const double d = static_cast<double>(count[i]) - 1.0;  // neighbours without the cell itself
    if (d == 0.0) ++isolated;
    cross += z * ((lag[i] - cells.value[i]) - d * mean);
    s0 += d;
    sum_d2 += d * d;
  }
  if (!(m2 > 0.0)) throw Error(ErrorCode::data, kStage, "all cells have the same value");
  if (s0 == 0.0) throw Error(ErrorCode::data, kStage, "no cell has a neighbour within the band");
  const auto n = static_cast<double>(all - isolated);
  MoransI r;
  r.band = band;
  r.i = n / s0 * cross / m2;
  r.expectation = -1.0 / (n - 1.0);
  const double s1 = 2.0 * s0;      // symmetric binary weights: (w_ij + w_ji)^2 = 4 w_ij
  const double s2 = 4.0 * sum_d2;  // (row sum + column sum)^2 = (2 d_i)^2
  const double k = n * m4 / (m2 * m2);
  const double ei2 = (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) -
                      k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) /
                     ((n - 1) * (n - 2) * (n - 3) * s0 * s0);
  r.variance = ei2 - r.expectation * r.expectation;
  r.z = (r.i - r.expectation) / std::sqrt(r.variance);
  r.mean_neighbours = s0 / static_cast<double>(all);
  return r;
}

IncrementalResult incremental_spatial_autocorrelation(const CellValues& cells, const IncrementalOptions& options) {
  if (options.steps < 1) throw Error(ErrorCode::usage, kStage, "steps must be at least 1");
  const double begin = options.begin > 0.0 ? options.begin : cells.grid.cell_size;
  const double step = options.increment > 0.0 ? options.increment : cells.grid.cell_size;
  IncrementalResult result;
  for (int s = 0; s < options.steps; ++s) {
    result.curve.push_back(global_morans_i(cells, begin + step * s, options.threads));
  }
  constexpr double kSignificant = 1.96;  // two-sided 95%
  const auto& c = result.curve;
  std::ostringstream why;
  bool found = false;
  for (std::size_t s = 1; s + 1 < c.size(); ++s) {
    if (c[s].z > c[s - 1].z && c[s].z > c[s + 1].z && c[s].z > kSignificant) {
      result.chosen = s;
      why << "first peak of Moran's I z-score (z = " << c[s].z << " at band " << c[s].band
          << ", above " << c[s - 1].z << " before and " << c[s + 1].z << " after)";
      found = true;
      break;
    }
  }
  if (found) {
    result.peak = true;
    result.band = c[result.chosen].band;
  } else {
    std::size_t n = 0;
    double mx = 0, my = 0;
    const CellGrid& g = cells.grid;
    for (std::int32_t r = 0; r < g.rows; ++r) {
      for (std::int32_t col = 0; col < g.columns; ++col) {
        if (!cells.in_study_area(static_cast<std::size_t>(r) * g.columns + col)) continue;
        const auto [x, y] = g.centre(col, r);
        mx += x;
        my += y;
        ++n;
      }
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double ss = 0;
    for (std::int32_t r = 0; r < g.rows; ++r) {
      for (std::int32_t col = 0; col < g.columns; ++col) {
        if (!cells.in_study_area(static_cast<std::size_t>(r) * g.columns + col)) continue;
        const auto [x, y] = g.centre(col, r);
        ss += (x - mx) * (x - mx) + (y - my) * (y - my);
      }
    }
    const double standard_distance = std::sqrt(ss / static_cast<double>(n));
    const int k = std::clamp(static_cast<int>(0.05 * static_cast<double>(n)), 3, 30);
    const double kth = mean_kth_neighbour_distance(cells, k);
    result.band = std::min(kth, standard_distance);
    double best = c[0].z;
    for (const auto& m : c) best = std::max(best, m.z);
    why << "no peak of Moran's I z-score (a significant z above the bands either side) over bands " << c.front().band << ".." << c.back().band
        << " (largest z = " << best << "); using the average distance to the " << k
        << " nearest cells (" << kth << ")";
    if (standard_distance < kth) why << " capped at the standard distance " << standard_distance;
  }
  result.reason = why.str();
  return result;
}

double mean_kth_neighbour_distance(const CellValues& cells, int k) {
  const auto lists = detail::nearest_cells(cells, k);
  const CellGrid& g = cells.grid;
  double total = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    if (lists[i].size() < 2) continue;
    const std::size_t j = lists[i].back();
    const auto [xi, yi] = g.centre(static_cast<std::int32_t>(i % static_cast<std::size_t>(g.columns)),
                                   static_cast<std::int32_t>(i / static_cast<std::size_t>(g.columns)));
    const auto [xj, yj] = g.centre(static_cast<std::int32_t>(j % static_cast<std::size_t>(g.columns)),
                                   static_cast<std::int32_t>(j / static_cast<std::size_t>(g.columns)));
    total += std::hypot(xi - xj, yi - yj);
    ++n;
  }
  return n > 0 ? total / static_cast<double>(n) : 0.0;
}

}  // namespace hotspot::significance
