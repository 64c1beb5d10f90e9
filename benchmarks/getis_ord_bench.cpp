// Gi* on a 2000 x 2000 grid (4 million cells) for bands from 1.5 to 200 cells, with the
// band-sum path chosen automatically (BM_GiStarBand) and forced (BM_GiStarBandDirect,
// BM_GiStarBandFft), the band sums alone on either path (BM_BandSums*), plus permutation inference and the incremental Moran's I search on a
// smaller grid.
// `getis_ord_bench --dump=cols:rows:path.csv` writes a benchmark grid (x,y,count) and exits
// (benchmarks/compare_gistar_spdep.sh uses it).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include <benchmark/benchmark.h>
#include <omp.h>

#include "hotspot/significance/getis_ord.hpp"
#include "hotspot/significance/spatial_autocorrelation.hpp"
#include "significance/band_convolution.hpp"
#include "significance/band_sums.hpp"

namespace {

using namespace hotspot::significance;

// Counts with hot spots: Poisson noise plus 200 Gaussian bumps, fixed seed.
CellValues make_cells(std::int32_t cols, std::int32_t rows, CellShape shape) {
  CellValues c;
  c.grid.shape = shape;
  c.grid.cell_size = 100;
  c.grid.origin_x = 500050;
  c.grid.origin_y = 200050;
  c.grid.columns = cols;
  c.grid.rows = rows;
  c.value.assign(c.grid.size(), 0.0);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::tuple<double, double, double>> bumps(200);
  for (auto& [bx, by, amp] : bumps) {
    bx = u(rng) * cols;
    by = u(rng) * rows;
    amp = 1 + 9 * u(rng);
  }
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int32_t col = 0; col < cols; ++col) {
      double lambda = 0.2;
      for (const auto& [bx, by, amp] : bumps) {
        const double dx = col - bx, dy = r - by;
        if (std::fabs(dx) < 15 && std::fabs(dy) < 15) lambda += amp * std::exp(-(dx * dx + dy * dy) / 20.0);
      }
      c.value[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col)] =
          std::poisson_distribution<int>(lambda)(rng);
    }
  }
  return c;
}

// Band in tenths of a cell: 1.5, 5, 10, 25, 50, 100 and 200 cells.
void band_series(benchmark::internal::Benchmark* b) {
  for (const int tenths : {15, 50, 100, 250, 500, 1000, 2000}) b->Arg(tenths);
  b->Unit(benchmark::kMillisecond);
}

void run_band(benchmark::State& state, CellShape shape, BandSums method) {
  static const CellValues squares = make_cells(2000, 2000, CellShape::square);
  static const CellValues hexagons = make_cells(2000, 2000, CellShape::hexagon);
  const CellValues& cells = shape == CellShape::square ? squares : hexagons;
  GiStarOptions o;
  o.band = static_cast<double>(state.range(0)) / 10.0 * cells.grid.cell_size;
  o.band_sums = method;
  std::size_t hot = 0;
  BandSums used = BandSums::direct;
  for (auto _ : state) {
    const GiStarResult r = getis_ord_gi_star(cells, o);
    hot = static_cast<std::size_t>(std::count(r.bin.begin(), r.bin.end(), std::int8_t{3}));
    used = r.band_sums;
    benchmark::DoNotOptimize(r.z.data());
  }
  state.counters["band_cells"] = static_cast<double>(state.range(0)) / 10.0;
  state.counters["hot99"] = static_cast<double>(hot);
  state.counters["fft"] = used == BandSums::fft ? 1.0 : 0.0;  // the path taken
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cells.grid.size()));
}

void BM_GiStarBand(benchmark::State& state) { run_band(state, CellShape::square, BandSums::automatic); }
BENCHMARK(BM_GiStarBand)->Apply(band_series);
void BM_GiStarBandDirect(benchmark::State& state) { run_band(state, CellShape::square, BandSums::direct); }
BENCHMARK(BM_GiStarBandDirect)->Apply(band_series);
void BM_GiStarBandFft(benchmark::State& state) { run_band(state, CellShape::square, BandSums::fft); }
BENCHMARK(BM_GiStarBandFft)->Apply(band_series);

// The band sums alone (lag and neighbour count per cell), without the p-values and the
// correction that every Gi* run pays: the part whose cost the band decides.
void run_band_sums(benchmark::State& state, CellShape shape, BandSums method) {
  static const CellValues squares = make_cells(2000, 2000, CellShape::square);
  static const CellValues hexagons = make_cells(2000, 2000, CellShape::hexagon);
  const CellValues& cells = shape == CellShape::square ? squares : hexagons;
  const auto stencil = detail::band_stencil(cells.grid, static_cast<double>(state.range(0)) / 10.0 * cells.grid.cell_size);
  const int threads = omp_get_max_threads();
  std::vector<double> lag;
  std::vector<std::uint32_t> count;
  for (auto _ : state) {
    if (method == BandSums::fft) {
      detail::band_sums_fft(cells, stencil, threads, lag, count);
    } else {
      detail::band_sums(cells, stencil, threads, lag, count);
    }
    benchmark::DoNotOptimize(lag.data());
  }
  const auto costs = detail::band_sum_costs(cells.grid, stencil);
  state.counters["band_cells"] = static_cast<double>(state.range(0)) / 10.0;
  state.counters["model_s"] = method == BandSums::fft ? costs.fft : costs.direct;
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cells.grid.size()));
}
void BM_BandSumsDirect(benchmark::State& state) { run_band_sums(state, CellShape::square, BandSums::direct); }
BENCHMARK(BM_BandSumsDirect)->Apply(band_series);
void BM_BandSumsFft(benchmark::State& state) { run_band_sums(state, CellShape::square, BandSums::fft); }
BENCHMARK(BM_BandSumsFft)->Apply(band_series);
void BM_HexBandSumsDirect(benchmark::State& state) { run_band_sums(state, CellShape::hexagon, BandSums::direct); }
BENCHMARK(BM_HexBandSumsDirect)->Apply(band_series);
void BM_HexBandSumsFft(benchmark::State& state) { run_band_sums(state, CellShape::hexagon, BandSums::fft); }
BENCHMARK(BM_HexBandSumsFft)->Apply(band_series);

void BM_GiStarHexBand(benchmark::State& state) { run_band(state, CellShape::hexagon, BandSums::automatic); }
BENCHMARK(BM_GiStarHexBand)->Apply(band_series);
void BM_GiStarHexBandDirect(benchmark::State& state) { run_band(state, CellShape::hexagon, BandSums::direct); }
BENCHMARK(BM_GiStarHexBandDirect)->Apply(band_series);
void BM_GiStarHexBandFft(benchmark::State& state) { run_band(state, CellShape::hexagon, BandSums::fft); }
BENCHMARK(BM_GiStarHexBandFft)->Apply(band_series);

void BM_GiStarNearest8(benchmark::State& state) {
  static const CellValues cells = make_cells(500, 500, CellShape::square);
  GiStarOptions o;
  o.neighbourhood = Neighbourhood::nearest_neighbours;
  o.k = 8;
  for (auto _ : state) benchmark::DoNotOptimize(getis_ord_gi_star(cells, o).z.data());
}
BENCHMARK(BM_GiStarNearest8)->Unit(benchmark::kMillisecond);

void BM_GiStarPermutation999(benchmark::State& state) {
  static const CellValues cells = make_cells(100, 100, CellShape::square);
  GiStarOptions o;
  o.band = 150;
  o.inference = Inference::permutation;
  for (auto _ : state) benchmark::DoNotOptimize(getis_ord_gi_star(cells, o).p.data());
}
BENCHMARK(BM_GiStarPermutation999)->Unit(benchmark::kMillisecond);

void BM_IncrementalMoran10Bands(benchmark::State& state) {
  static const CellValues cells = make_cells(1000, 1000, CellShape::square);
  for (auto _ : state) benchmark::DoNotOptimize(incremental_spatial_autocorrelation(cells, IncrementalOptions{}).band);
}
BENCHMARK(BM_IncrementalMoran10Bands)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--gistar=", 9) == 0) {
      // --gistar=cols:rows:band:path writes our z per cell and prints the seconds taken.
      const std::string spec(argv[i] + 9);
      const auto a = spec.find(':'), b = spec.find(':', a + 1), c3 = spec.find(':', b + 1);
      const CellValues c = make_cells(std::stoi(spec.substr(0, a)), std::stoi(spec.substr(a + 1, b - a - 1)),
                                      CellShape::square);
      GiStarOptions o;
      o.band = std::stod(spec.substr(b + 1, c3 - b - 1));
      const auto start = std::chrono::steady_clock::now();
      const GiStarResult r = getis_ord_gi_star(c, o);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      std::FILE* f = std::fopen(spec.substr(c3 + 1).c_str(), "w");
      if (f == nullptr) return 1;
      std::fprintf(f, "z\n");
      for (double z : r.z) std::fprintf(f, "%.17g\n", z);
      std::fclose(f);
      std::printf("%.6f\n", took.count());
      return 0;
    }
    if (std::strncmp(argv[i], "--dump=", 7) == 0) {
      const std::string spec(argv[i] + 7);
      const auto a = spec.find(':'), b = spec.find(':', a + 1);
      const CellValues c = make_cells(std::stoi(spec.substr(0, a)), std::stoi(spec.substr(a + 1, b - a - 1)),
                                      CellShape::square);
      std::FILE* f = std::fopen(spec.substr(b + 1).c_str(), "w");
      if (f == nullptr) return 1;
      std::fprintf(f, "x,y,count\n");
      for (std::int32_t r = 0; r < c.grid.rows; ++r) {
        for (std::int32_t col = 0; col < c.grid.columns; ++col) {
          const auto [x, y] = c.grid.centre(col, r);
          std::fprintf(f, "%.17g,%.17g,%.17g\n", x, y,
                       c.value[static_cast<std::size_t>(r * c.grid.columns + col)]);
        }
      }
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
