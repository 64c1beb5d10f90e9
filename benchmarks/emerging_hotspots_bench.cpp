// Emerging hot spot analysis on a fixed-seed cube: 500 x 500 cells x 36 months (9 million bins).
#include <cmath>
#include <random>

#include <benchmark/benchmark.h>

#include "hotspot/trends/emerging_hotspots.hpp"

namespace {

using namespace hotspot;

trends::SpaceTimeCube make_cube(std::int32_t side, int months) {
  trends::SpaceTimeCube cube;
  cube.grid.cell_size = 100;
  cube.grid.columns = side;
  cube.grid.rows = side;
  for (int m = 0; m < months; ++m) cube.steps.push_back(make_month(2020, 1) + m);
  const std::size_t cells = cube.grid.size();
  cube.value.resize(cells * static_cast<std::size_t>(months));
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // Hot spots that grow, fade or stay, on a Poisson background.
  std::vector<std::tuple<double, double, double>> spots(60);
  for (auto& [sx, sy, trend] : spots) {
    sx = u(rng) * side;
    sy = u(rng) * side;
    trend = u(rng) * 2 - 1;
  }
  for (int t = 0; t < months; ++t) {
    for (std::int32_t r = 0; r < side; ++r) {
      for (std::int32_t c = 0; c < side; ++c) {
        double lambda = 0.3;
        for (const auto& [sx, sy, trend] : spots) {
          const double dx = c - sx, dy = r - sy;
          if (std::fabs(dx) < 10 && std::fabs(dy) < 10) {
            lambda += (3 + 2 * trend * t / months) * std::exp(-(dx * dx + dy * dy) / 8);
          }
        }
        cube.value[static_cast<std::size_t>(t) * cells + static_cast<std::size_t>(r) * side + c] =
            std::poisson_distribution<int>(std::max(lambda, 0.01))(rng);
      }
    }
  }
  return cube;
}

void BM_EmergingHotSpots(benchmark::State& state) {
  static const trends::SpaceTimeCube cube = make_cube(500, 36);
  trends::EmergingOptions o;
  o.band = 150;
  o.time_window = 1;
  std::size_t patterned = 0;
  for (auto _ : state) {
    const auto r = trends::emerging_hot_spots(cube, o);
    patterned = 0;
    for (auto p : r.pattern) patterned += p != trends::Pattern::none ? 1 : 0;
    benchmark::DoNotOptimize(r.z.data());
  }
  state.counters["cells_with_pattern"] = static_cast<double>(patterned);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cube.value.size()));
}
BENCHMARK(BM_EmergingHotSpots)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
