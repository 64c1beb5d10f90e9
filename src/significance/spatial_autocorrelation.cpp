#include "hotspot/significance/spatial_autocorrelation.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <vector>

#include <omp.h>

#include "band_sums.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::significance {
namespace {
constexpr const char* kStage = "significance.moran";
}

MoransI global_morans_i(const CellValues& cells, double band, int threads) {
  if (!(band >= 0.0) || !std::isfinite(band)) throw Error(ErrorCode::usage, kStage, "band must be finite and >= 0");
  if (threads <= 0) threads = omp_get_max_threads();
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
  if (!found) {
    std::size_t best = 0;
    for (std::size_t s = 1; s < c.size(); ++s) {
      if (c[s].z > c[best].z) best = s;
    }
    if (c[best].z > kSignificant) {
      result.chosen = best;
      why << "no peak within the bands tried; largest significant z-score (z = " << c[best].z
          << " at band " << c[best].band << ")";
    } else {
      result.chosen = 0;
      why << "no significant clustering at any band tried (largest z = " << c[best].z
          << "); using the first band " << c[0].band;
    }
  }
  result.band = c[result.chosen].band;
  result.reason = why.str();
  return result;
}

}  // namespace hotspot::significance
