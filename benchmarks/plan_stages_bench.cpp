// The plan's stages at county scale (issue 22), on fixed-seed synthetic data shaped like the
// Hertfordshire plan (79,618 incidents at ~11,000 police.uk snap points over 9 months,
// a 40 km × 32 km oval study area):
//   BM_TemporalCvCounty: the density stage's bandwidth choice, temporal CV on 25 m cells
//     (12 bandwidths up to 1500 m and the count model, 3 folds).
//   BM_MapBacktestCounty: the backtest stage's maps (`hotspot backtest` on 100 m cells: KDE at
//     fixed and CV bandwidths, Gi*, previous period, random; one month ahead).
//   BM_TopCellsCut: the CV's top-5% cut of one surface, nth_element on a copy vs kth_largest.
//   BM_GeoJsonGiStarLayer: the significance and write stages' GeoJSON, a layer of 113,000
//     square 120 m cells with the Gi* fields (RFC 7946, reprojected to WGS84).
//   BM_GeoPackageGiStarLayer: the same layer into a GeoPackage with its spatial index.
// Run: build/release/benchmarks/plan_stages_bench (each case runs a few seconds).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "hotspot/core/grid.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/temporal_cv.hpp"
#include "hotspot/evaluation/backtest.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/report/html_report.hpp"

namespace {

using namespace hotspot;

constexpr double kWidth = 40000.0;
constexpr double kHeight = 32000.0;
constexpr double kX0 = 500000.0;
constexpr double kY0 = 190000.0;

const Incidents& county_incidents() {
  static Incidents in;
  if (!in.empty()) return in;
  std::mt19937_64 rng(22);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> g(0.0, 1.0);
  // Snap points clustered around 12 towns, popularity lognormal.
  std::vector<double> tx, ty;
  for (int t = 0; t < 12; ++t) {
    tx.push_back(kX0 + kWidth * (0.15 + 0.7 * u(rng)));
    ty.push_back(kY0 + kHeight * (0.15 + 0.7 * u(rng)));
  }
  std::vector<double> sx, sy, popularity;
  std::lognormal_distribution<double> pop(0.0, 1.2);
  for (int i = 0; i < 11000; ++i) {
    const int t = i % 12;
    sx.push_back(std::round(tx[static_cast<std::size_t>(t)] + 1500.0 * g(rng)));
    sy.push_back(std::round(ty[static_cast<std::size_t>(t)] + 1500.0 * g(rng)));
    popularity.push_back(pop(rng));
  }
  std::discrete_distribution<int> pick(popularity.begin(), popularity.end());
  for (int i = 0; i < 79618; ++i) {
    const auto s = static_cast<std::size_t>(pick(rng));
    in.x.push_back(sx[s]);
    in.y.push_back(sy[s]);
    in.month.push_back(make_month(2025, 1 + i % 9));
    in.weight.push_back(1.0);
  }
  return in;
}

GridSpec county_grid(double cell) { return snap_grid(kX0, kY0, kX0 + kWidth, kY0 + kHeight, cell); }

/// An oval inside the grid, like a county boundary.
std::vector<std::uint8_t> oval(const GridSpec& grid) {
  std::vector<std::uint8_t> mask(grid.size(), 0);
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const double x = (c + 0.5) / grid.cols - 0.5;
      const double y = (r + 0.5) / grid.rows - 0.5;
      mask[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(c)] =
          x * x + y * y < 0.24 ? 1 : 0;
    }
  }
  return mask;
}

void BM_TemporalCvCounty(benchmark::State& state) {
  const Incidents& in = county_incidents();
  const GridSpec grid = county_grid(25.0);
  density::TemporalCvOptions o;
  o.max_bandwidth = 1500.0;
  o.study_area = oval(grid);
  for (auto _ : state) {
    benchmark::DoNotOptimize(density::select_bandwidth_temporal_cv(in, grid, o));
  }
  state.counters["cells"] = static_cast<double>(grid.size());
}
BENCHMARK(BM_TemporalCvCounty)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

void BM_MapBacktestCounty(benchmark::State& state) {
  const Incidents& in = county_incidents();
  evaluation::BacktestOptions o;
  o.grid = county_grid(100.0);
  o.study_area = oval(o.grid);
  o.origins.horizon = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evaluation::run_backtest(in, o));
  }
}
BENCHMARK(BM_MapBacktestCounty)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

/// The temporal CV's top-5% cut of one normalised surface on the county's 25 m cells (2.0M
/// cells, NaN outside the oval): arg 0 selects from a copy with nth_element (the previous
/// way), arg 1 by density::kth_largest's histogram of bit patterns. Same value.
void BM_TopCellsCut(benchmark::State& state) {
  const GridSpec grid = county_grid(25.0);
  const std::vector<std::uint8_t> inside = oval(grid);
  std::vector<double> p(grid.size());
  std::mt19937_64 rng(9);
  std::gamma_distribution<double> spread(0.3, 1.0);
  for (std::size_t c = 0; c < p.size(); ++c) p[c] = inside[c] != 0 ? spread(rng) : std::nan("");
  const std::size_t k = p.size() / 20;
  for (auto _ : state) {
    double kth = 0.0;
    if (state.range(0) == 0) {
      std::vector<double> valid;
      valid.reserve(p.size());
      for (double v : p) {
        if (!std::isnan(v)) valid.push_back(v);
      }
      std::nth_element(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(k - 1), valid.end(), std::greater<>());
      kth = valid[k - 1];
    } else {
      kth = density::kth_largest(p, k).value;
    }
    benchmark::DoNotOptimize(kth);
  }
  state.counters["cells"] = static_cast<double>(p.size());
}
BENCHMARK(BM_TopCellsCut)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

VectorLayer gistar_layer() {
  VectorLayer layer;
  layer.name = "gistar";
  layer.geometry = GeometryKind::polygon;
  layer.crs = "EPSG:27700";
  layer.fields = {{"column", FieldType::integer}, {"row", FieldType::integer}, {"value", FieldType::real},
                  {"gi_z", FieldType::real}, {"gi_p", FieldType::real}, {"gi_bin", FieldType::integer}};
  std::mt19937_64 rng(5);
  std::normal_distribution<double> g(0.0, 1.0);
  const int cols = 340;
  for (int i = 0; i < 113000; ++i) {
    const int c = i % cols, r = i / cols;
    const double x = kX0 + 120.0 * c, y = kY0 + 120.0 * r;
    const std::vector<std::vector<std::pair<double, double>>> ring{{{x, y}, {x + 120, y}, {x + 120, y + 120}, {x, y + 120}}};
    const double z = g(rng);
    layer.features.push_back({wkb_polygon(ring),
                              {std::int64_t{c}, std::int64_t{r}, std::abs(z) * 3.0, z, std::erfc(std::abs(z) / std::sqrt(2.0)),
                               std::int64_t{z > 1.645 ? 1 : 0}}});
  }
  return layer;
}

void BM_GeoJsonGiStarLayer(benchmark::State& state) {
  const VectorLayer layer = gistar_layer();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = geojson_text(layer);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1.0e6;
}
BENCHMARK(BM_GeoJsonGiStarLayer)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

/// The same layer into a GeoPackage with its spatial index (the write stage's plan.gpkg holds
/// it): GDAL 3.6 fills the R-tree row by row after the inserts.
void BM_GeoPackageGiStarLayer(benchmark::State& state) {
  const VectorLayer layer = gistar_layer();
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "hotspot_bench_gistar.gpkg";
  const VectorLayer* layers[] = {&layer};
  for (auto _ : state) write_geopackage(layers, path);
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1.0e6;
  std::filesystem::remove(path);
}
BENCHMARK(BM_GeoPackageGiStarLayer)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

/// The plan's report page: its map layers as the plan hands them over (GeoJSON text), sized as
/// the county plan's: 24,000 hotspot polygons, 8,800 significant Gi* cells, 2,600 emerging
/// hot spot cells, and a chart. Most of the time is parsing each layer and dumping it again.
void BM_ReportPageCounty(benchmark::State& state) {
  const VectorLayer cells = gistar_layer();
  std::vector<VectorLayer> parts;
  for (const std::size_t n : {std::size_t{24000}, std::size_t{8800}, std::size_t{2600}}) {
    VectorLayer part = cells;
    part.features.resize(n);
    parts.push_back(std::move(part));
  }
  report::Report page;
  page.title = "County plan";
  for (const VectorLayer& part : parts) {
    report::MapLayer m;
    m.name = "Layer of " + std::to_string(part.features.size());
    m.geojson = geojson_text(part);
    m.popup_fields = {{"gi_z", "z", 2}, {"gi_bin", "Bin"}};
    page.layers.push_back(std::move(m));
  }
  report::Chart chart;
  chart.id = "monthly";
  chart.title = "Incidents by month";
  chart.labels = {"2025-01", "2025-02", "2025-03"};
  chart.series = {{"All", {1.0, 2.0, 3.0}, "#aa3300", {}}};
  page.charts.push_back(chart);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string html = report::render_html(page);
    bytes = html.size();
    benchmark::DoNotOptimize(html.data());
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1.0e6;
}
BENCHMARK(BM_ReportPageCounty)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
