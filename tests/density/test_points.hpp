#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "hotspot/core/incidents.hpp"

namespace hotspot::density::test {

/// Fixed-seed clustered points (a few Gaussian blobs plus a uniform background) in
/// [x0, x0 + size] × [y0, y0 + size]: what crime points look like, deterministically.
inline WeightedPoints clustered_points(std::size_t n, double x0, double y0, double size,
                                       std::uint32_t seed = 42) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> g(0.0, 1.0);
  WeightedPoints p;
  const double cx[] = {0.3, 0.6, 0.7, 0.45};
  const double cy[] = {0.4, 0.7, 0.3, 0.5};
  const double sd[] = {0.05, 0.08, 0.03, 0.12};
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0.0;
    double y = 0.0;
    const std::size_t c = i % 5;
    do {
      if (c == 4) {
        x = u(rng);
        y = u(rng);
      } else {
        x = cx[c] + sd[c] * g(rng);
        y = cy[c] + sd[c] * g(rng);
      }
    } while (x < 0.0 || x > 1.0 || y < 0.0 || y > 1.0);
    p.x.push_back(x0 + x * size);
    p.y.push_back(y0 + y * size);
    p.weight.push_back(1.0 + static_cast<double>(i % 3));
    p.count.push_back(1);
  }
  return p;
}

}  // namespace hotspot::density::test
