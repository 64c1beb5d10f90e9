// Patrol planning at county scale: 100,000 incidents, 500 hot spots selected, 6 units.
// Fixed-seed synthetic incidents: 60% around 800 hot-spot centres (σ = 30 m), the rest spread
// over 10 km × 10 km, 12 months, with times of day (so peak-time statistics run too).

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "hotspot/core/incidents.hpp"
#include "hotspot/patrol/patrol_planner.hpp"

namespace {

hotspot::Incidents synthetic_incidents(std::size_t n) {
  hotspot::Incidents in;
  in.crs = "EPSG:27700";
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> area(500000, 510000);
  std::normal_distribution<double> jitter(0, 30);
  std::vector<std::pair<double, double>> centres(800);
  for (auto& c : centres) c = {area(rng), area(rng)};
  const hotspot::LocalTime jan1 = hotspot::days_from_civil(2024, 1, 1) * 86400;
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0, y = 0;
    if (rng() % 10 < 6) {
      const auto& c = centres[rng() % centres.size()];
      x = c.first + jitter(rng);
      y = c.second + jitter(rng);
    } else {
      x = area(rng);
      y = area(rng);
    }
    const hotspot::LocalTime t = jan1 + static_cast<hotspot::LocalTime>(rng() % (365ull * 86400));
    in.x.push_back(x);
    in.y.push_back(y);
    in.month.push_back(hotspot::month_of_time(t));
    in.time.push_back(t);
    in.category.push_back(hotspot::Incidents::kNoCode);
    in.weight.push_back(1.0 + static_cast<double>(rng() % 5));
    in.location.push_back(hotspot::Incidents::kNoCode);
    in.lsoa.push_back(hotspot::Incidents::kNoCode);
    in.source.push_back(0);
    in.row.push_back(i + 1);
    in.crime_id.push_back("");
  }
  return in;
}

void BM_PatrolPlan(benchmark::State& state) {
  const hotspot::Incidents in = synthetic_incidents(static_cast<std::size_t>(state.range(0)));
  hotspot::patrol::PatrolOptions options;
  options.selection.count = 500;
  options.beats.units = 6;
  options.dosage.patrol_hours_per_week = 240;  // 960 visits: every place at least once
  for (auto _ : state) {
    const auto plan = hotspot::patrol::plan_patrol(in, options);
    benchmark::DoNotOptimize(plan.routes.data());
    state.counters["places"] = static_cast<double>(plan.selected.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PatrolPlan)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
