// HDBSCAN on distinct police.uk-like snap points with incident counts as multiplicities.
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "hotspot/clusters/hdbscan.hpp"

namespace {

void BM_HdbscanSnapPoints(benchmark::State& state) {
  const auto m = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 20000.0);
  std::normal_distribution<double> spread(0.0, 600.0);
  std::exponential_distribution<double> popularity(0.2);
  std::vector<std::pair<double, double>> towns(25);
  for (auto& t : towns) t = {u(rng), u(rng)};
  std::vector<double> x(m), y(m), w(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto& t = towns[i % towns.size()];
    x[i] = t.first + spread(rng);
    y[i] = t.second + spread(rng);
    w[i] = 1 + std::floor(popularity(rng));
  }
  hotspot::clusters::HdbscanOptions o;
  o.min_cluster_size = 40;
  std::int32_t clusters = 0;
  for (auto _ : state) {
    const auto r = hotspot::clusters::hdbscan(x, y, w, o);
    clusters = r.cluster_count;
    benchmark::DoNotOptimize(r.label.data());
  }
  state.counters["clusters"] = clusters;
}
BENCHMARK(BM_HdbscanSnapPoints)->Arg(5000)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
