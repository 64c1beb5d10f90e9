#pragma once
// Brute-force oracles for the significance tests: explicit O(n^2) neighbour sums from cell
// centre distances, written without the stencil or prefix sums of the library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

#include "hotspot/significance/cell_grid.hpp"

namespace hotspot::significance::testing {

inline std::vector<std::vector<std::size_t>> brute_band_neighbours(const CellValues& cells, double band,
                                                                   bool include_self) {
  const CellGrid& g = cells.grid;
  std::vector<std::vector<std::size_t>> nb(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (!cells.in_study_area(i)) continue;
    const auto [xi, yi] = g.centre(static_cast<std::int32_t>(i % g.columns), static_cast<std::int32_t>(i / g.columns));
    for (std::size_t j = 0; j < g.size(); ++j) {
      if (!cells.in_study_area(j) || (i == j && !include_self)) continue;
      const auto [xj, yj] = g.centre(static_cast<std::int32_t>(j % g.columns), static_cast<std::int32_t>(j / g.columns));
      if (std::hypot(xi - xj, yi - yj) <= band) nb[i].push_back(j);
    }
  }
  return nb;
}

// Gi* from the textbook formula over explicit neighbour lists (self included in the lists).
inline std::vector<double> brute_gi_star(const CellValues& cells, const std::vector<std::vector<std::size_t>>& nb) {
  double n = 0, sum = 0;
  for (std::size_t i = 0; i < cells.value.size(); ++i) {
    if (cells.in_study_area(i)) {
      n += 1;
      sum += cells.value[i];
    }
  }
  const double mean = sum / n;
  double ss = 0;
  for (std::size_t i = 0; i < cells.value.size(); ++i) {
    if (cells.in_study_area(i)) ss += (cells.value[i] - mean) * (cells.value[i] - mean);
  }
  const double s = std::sqrt(ss / n);
  std::vector<double> z(cells.value.size(), std::nan(""));
  for (std::size_t i = 0; i < cells.value.size(); ++i) {
    if (!cells.in_study_area(i)) continue;
    double lag = 0;
    for (std::size_t j : nb[i]) lag += cells.value[j];
    const double w = static_cast<double>(nb[i].size());
    z[i] = (lag - mean * w) / (s * std::sqrt((n * w - w * w) / (n - 1)));
  }
  return z;
}

inline CellValues random_cells(CellShape shape, std::int32_t cols, std::int32_t rows, std::uint32_t seed,
                               bool masked) {
  CellValues c;
  c.grid.shape = shape;
  c.grid.cell_size = 100;
  c.grid.origin_x = 500050;
  c.grid.origin_y = 200050;
  c.grid.columns = cols;
  c.grid.rows = rows;
  std::mt19937 rng(seed);
  std::poisson_distribution<int> count(1.5);
  std::uniform_int_distribution<int> coin(0, 4);
  for (std::size_t i = 0; i < c.grid.size(); ++i) {
    c.value.push_back(count(rng));
    if (masked) c.mask.push_back(coin(rng) != 0 ? 1 : 0);
  }
  return c;
}

}  // namespace hotspot::significance::testing
