// Kernel density benchmarks (issue 3):
//   BM_KdeBinned/1000000, BM_KdeExact/1000000: 1,000,000 fixed-seed incidents over
//     20 km × 20 km, 10 m cells (2000 × 2000), quartic 250 m. Targets: binned < 0.5 s and
//     exact < 5 s wall on 2 cores.
//   BM_CollapseSnapped, BM_CollapseDistinct: collapse_locations alone (200,000 and 1,000,000 rows).
//   BM_KdeSnapped*/200000: 200,000 incidents snapped to ~3,000 police.uk-like points,
//     1241 × 1241 grid at 10 m, radius 200 m (the QGIS comparison case in PEERS.md).
//   BM_KdeDistinct*/200000: the same grid and radius with 200,000 distinct uniform points
//     (POINTS=distinct in compare_density_peers.sh); `auto` must pick the faster path here.
// Run: build/release/benchmarks/kernel_density_bench --benchmark_min_time=1
#include <cstdint>
#include <random>

#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include "hotspot/core/incidents.hpp"
#include "hotspot/density/kernel_density.hpp"

namespace {

using namespace hotspot;
using namespace hotspot::density;

/// Clustered incidents (Gaussian blobs of 100-800 m over a uniform background), continuous
/// positions: every incident its own point, the hardest case for the exact path.
const WeightedPoints& city_points(std::size_t n) {
  static WeightedPoints points;
  if (points.size() == n) return points;
  points = WeightedPoints{};
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> u(0.0, 20000.0);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> cx, cy, sd;
  for (int i = 0; i < 60; ++i) {
    cx.push_back(u(rng));
    cy.push_back(u(rng));
    sd.push_back(100.0 + 700.0 * (u(rng) / 20000.0));
  }
  points.x.reserve(n);
  points.y.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0.0;
    double y = 0.0;
    do {
      if (i % 4 == 3) {
        x = u(rng);
        y = u(rng);
      } else {
        const std::size_t c = i % 60;
        x = cx[c] + sd[c] * g(rng);
        y = cy[c] + sd[c] * g(rng);
      }
    } while (x < 0.0 || x >= 20000.0 || y < 0.0 || y >= 20000.0);
    points.x.push_back(x);
    points.y.push_back(y);
    points.weight.push_back(1.0);
    points.count.push_back(1);
  }
  return points;
}

/// police.uk-like incidents: ~3,000 snap points over 12.41 km, incidents drawn with
/// clustered popularity, then collapsed into weighted points as the readers do.
const Incidents& snapped_incidents(std::size_t n) {
  static Incidents in;
  if (in.size() == n) return in;
  in = Incidents{};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 12410.0);
  std::vector<double> sx, sy;
  for (int i = 0; i < 3000; ++i) {
    sx.push_back(std::round(u(rng)));
    sy.push_back(std::round(u(rng)));
  }
  std::lognormal_distribution<double> pop(0.0, 1.2);
  std::vector<double> popularity;
  for (int i = 0; i < 3000; ++i) popularity.push_back(pop(rng));
  std::discrete_distribution<int> pick(popularity.begin(), popularity.end());
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = static_cast<std::size_t>(pick(rng));
    in.x.push_back(sx[s]);
    in.y.push_back(sy[s]);
    in.weight.push_back(1.0);
  }
  return in;
}

GridSpec grid_20km() {
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 20000.0;
  g.cell_size = 10.0;
  g.cols = 2000;
  g.rows = 2000;
  return g;
}

GridSpec grid_1241() {
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 12410.0;
  g.cell_size = 10.0;
  g.cols = 1241;
  g.rows = 1241;
  return g;
}

/// CPU seconds of all threads of the process so far. The machine is shared; this (divided by
/// the 2 cores) bounds the wall time an idle machine would show.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

void run(benchmark::State& state, const WeightedPoints& points, const GridSpec& grid, double radius,
         DensityMethod method) {
  DensityOptions o;
  o.bandwidth = radius;
  o.method = method;
  o.threads = 2;
  double checksum = 0.0;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    const DensityResult r = kernel_density(points, grid, o);
    checksum = r.values[r.values.size() / 2];
    benchmark::DoNotOptimize(checksum);
  }
  state.counters["cpu_all_threads_s"] =
      (process_cpu_seconds() - cpu_before) / static_cast<double>(state.iterations());
  state.counters["points"] = static_cast<double>(points.size());
  state.counters["cells"] = static_cast<double>(grid.size());
}

void BM_KdeBinned(benchmark::State& state) {
  run(state, city_points(static_cast<std::size_t>(state.range(0))), grid_20km(), 250.0, DensityMethod::binned);
}
void BM_KdeExact(benchmark::State& state) {
  run(state, city_points(static_cast<std::size_t>(state.range(0))), grid_20km(), 250.0, DensityMethod::exact);
}
void BM_KdeSnappedBinned(benchmark::State& state) {
  const WeightedPoints points = collapse_locations(snapped_incidents(static_cast<std::size_t>(state.range(0))));
  run(state, points, grid_1241(), 200.0, DensityMethod::binned);
}
void BM_KdeSnappedExact(benchmark::State& state) {
  const WeightedPoints points = collapse_locations(snapped_incidents(static_cast<std::size_t>(state.range(0))));
  run(state, points, grid_1241(), 200.0, DensityMethod::exact);
}
const WeightedPoints& distinct_points(std::size_t n) {
  static WeightedPoints points;
  if (points.size() == n) return points;
  points = WeightedPoints{};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 12410.0);
  for (std::size_t i = 0; i < n; ++i) {
    points.x.push_back(u(rng));
    points.y.push_back(u(rng));
    points.weight.push_back(1.0);
    points.count.push_back(1);
  }
  return points;
}
void BM_KdeDistinctBinned(benchmark::State& state) {
  run(state, distinct_points(static_cast<std::size_t>(state.range(0))), grid_1241(), 200.0, DensityMethod::binned);
}
void BM_KdeDistinctExact(benchmark::State& state) {
  run(state, distinct_points(static_cast<std::size_t>(state.range(0))), grid_1241(), 200.0, DensityMethod::exact);
}
void BM_KdeDistinctAuto(benchmark::State& state) {
  run(state, distinct_points(static_cast<std::size_t>(state.range(0))), grid_1241(), 200.0, DensityMethod::automatic);
}

/// The whole library call from incidents, collapsing the snap points included.
void BM_KdeSnappedFromIncidents(benchmark::State& state) {
  const Incidents& in = snapped_incidents(static_cast<std::size_t>(state.range(0)));
  DensityOptions o;
  o.bandwidth = 200.0;
  o.threads = 2;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    const DensityResult r = kernel_density(in, grid_1241(), o);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.counters["cpu_all_threads_s"] =
      (process_cpu_seconds() - cpu_before) / static_cast<double>(state.iterations());
}

/// collapse_locations alone: police.uk-like snapped incidents (~3,000 places) and distinct ones.
void BM_CollapseSnapped(benchmark::State& state) {
  const Incidents& in = snapped_incidents(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const WeightedPoints p = collapse_locations(in);
    benchmark::DoNotOptimize(p.x.data());
  }
}
void BM_CollapseDistinct(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  static Incidents in;
  if (in.size() != n) {
    in = Incidents{};
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0.0, 12410.0);
    for (std::size_t i = 0; i < n; ++i) {
      in.x.push_back(std::round(u(rng) * 100.0) / 100.0);
      in.y.push_back(std::round(u(rng) * 100.0) / 100.0);
      in.weight.push_back(1.0);
    }
  }
  for (auto _ : state) {
    const WeightedPoints p = collapse_locations(in);
    benchmark::DoNotOptimize(p.x.data());
  }
}

BENCHMARK(BM_CollapseSnapped)->Arg(200000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CollapseDistinct)->Arg(200000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeBinned)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeExact)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_KdeSnappedBinned)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeSnappedExact)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeDistinctBinned)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeDistinctExact)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeDistinctAuto)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeSnappedFromIncidents)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
