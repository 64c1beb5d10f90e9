// DBSCAN on police.uk-like data. `dbscan_bench --dump=N:snapped:path.csv` writes the input of
// one case (x,y) and exits; benchmarks/compare_dbscan_sklearn.sh uses it.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "hotspot/clusters/dbscan.hpp"

namespace {

struct Points {
  std::vector<double> x, y;
};

// Towns (Gaussian blobs of snap points) over a 40 km square, snap points 10 m apart at
// least, incidents drawn with a heavy-tailed popularity per snap point as police.uk shows.
// `snapped`: incidents sit exactly on snap points (many duplicates); otherwise each has a
// 15 m Gaussian jitter and all are distinct.
Points make_points(std::size_t n, bool snapped) {
  std::mt19937_64 rng(42);
  const std::size_t snap_count = std::max<std::size_t>(100, n / 20);
  std::uniform_real_distribution<double> uni(0.0, 40000.0);
  std::vector<std::pair<double, double>> towns(40);
  for (auto& t : towns) t = {500000 + uni(rng), 200000 + uni(rng)};
  std::normal_distribution<double> spread(0.0, 1200.0);
  std::uniform_int_distribution<std::size_t> town(0, towns.size() - 1);
  std::vector<double> sx(snap_count), sy(snap_count);
  for (std::size_t i = 0; i < snap_count; ++i) {
    const auto& t = towns[town(rng)];
    sx[i] = std::round((t.first + spread(rng)) / 10.0) * 10.0;
    sy[i] = std::round((t.second + spread(rng)) / 10.0) * 10.0;
  }
  std::exponential_distribution<double> pop(1.0);
  std::vector<double> cum(snap_count);
  double total = 0;
  for (std::size_t i = 0; i < snap_count; ++i) cum[i] = total += std::pow(pop(rng), 3.0);
  std::uniform_real_distribution<double> pick(0.0, total);
  std::normal_distribution<double> jitter(0.0, 15.0);
  Points p;
  p.x.resize(n);
  p.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(std::lower_bound(cum.begin(), cum.end(), pick(rng)) - cum.begin());
    const std::size_t s = std::min(k, snap_count - 1);
    p.x[i] = sx[s] + (snapped ? 0.0 : jitter(rng));
    p.y[i] = sy[s] + (snapped ? 0.0 : jitter(rng));
  }
  return p;
}

void run(benchmark::State& state, bool snapped, int threads) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Points p = make_points(n, snapped);
  hotspot::clusters::DbscanOptions options;
  options.eps = 50;
  options.min_points = 20;
  options.threads = threads;
  std::int32_t clusters = 0;
  for (auto _ : state) {
    auto r = hotspot::clusters::dbscan(p.x, p.y, {}, options);
    clusters = r.cluster_count;
    benchmark::DoNotOptimize(r.label.data());
  }
  state.counters["clusters"] = clusters;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_DbscanSnapped(benchmark::State& state) { run(state, true, 0); }
void BM_DbscanDistinct(benchmark::State& state) { run(state, false, 0); }
void BM_DbscanDistinctOneThread(benchmark::State& state) { run(state, false, 1); }

BENCHMARK(BM_DbscanSnapped)->Arg(200000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DbscanDistinct)->Arg(200000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DbscanDistinctOneThread)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--dump=", 7) == 0) {
      // --dump=N:snapped|distinct:path
      const std::string spec(argv[i] + 7);
      const auto a = spec.find(':'), b = spec.find(':', a + 1);
      const std::size_t n = std::stoul(spec.substr(0, a));
      const bool snapped = spec.substr(a + 1, b - a - 1) == "snapped";
      const Points p = make_points(n, snapped);
      std::FILE* f = std::fopen(spec.substr(b + 1).c_str(), "w");
      if (f == nullptr) return 1;
      std::fprintf(f, "x,y\n");
      for (std::size_t k = 0; k < n; ++k) std::fprintf(f, "%.17g,%.17g\n", p.x[k], p.y[k]);
      std::fclose(f);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
