// CCTV siting at the scale: 2,000 candidate sites, 100,000 incidents, 5,000 building
// footprints, 10 new cameras; and greedy + swap against CBC's optimum on instances CBC can
// finish. Fixed seeds: every run sees the same town.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>

#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot {
namespace {

struct Town {
  std::vector<std::string> buildings;
  Incidents incidents;
  std::vector<CameraSite> candidates;
};

// A square town of `buildings` footprints on a jittered 56 m block grid; incidents at ~4,000
// police.uk-style snap points outside buildings, most around 40 hot spots; candidates at random
// open-ground positions.
Town make_town(std::size_t buildings, std::size_t incidents, std::size_t candidates, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  Town town;
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(buildings))));
  const double block = 56;
  const double extent = static_cast<double>(side) * block;
  std::vector<std::array<double, 4>> boxes;
  for (std::size_t k = 0; k < buildings; ++k) {
    const double cx = (static_cast<double>(k % side) + 0.5) * block + (unit(rng) - 0.5) * 10;
    const double cy = (static_cast<double>(k / side) + 0.5) * block + (unit(rng) - 0.5) * 10;
    const double w = 10 + unit(rng) * 25, h = 10 + unit(rng) * 25;
    boxes.push_back({cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2});
    const std::vector<std::vector<std::pair<double, double>>> ring{
        {{cx - w / 2, cy - h / 2}, {cx + w / 2, cy - h / 2}, {cx + w / 2, cy + h / 2}, {cx - w / 2, cy + h / 2}}};
    town.buildings.push_back(wkb_polygon(ring));
  }
  const auto in_building = [&](double x, double y) {
    const auto i = std::min(side - 1, static_cast<std::size_t>(x / block));
    const auto j = std::min(side - 1, static_cast<std::size_t>(y / block));
    for (std::size_t dj = j == 0 ? 0 : j - 1; dj <= std::min(side - 1, j + 1); ++dj) {
      for (std::size_t di = i == 0 ? 0 : i - 1; di <= std::min(side - 1, i + 1); ++di) {
        const std::size_t k = dj * side + di;
        if (k < boxes.size() && x >= boxes[k][0] && x <= boxes[k][2] && y >= boxes[k][1] && y <= boxes[k][3]) return true;
      }
    }
    return false;
  };
  // Around (x, y) with the given spread; a negative spread means anywhere in town.
  const auto open_point = [&](double x, double y, double spread) {
    std::normal_distribution<double> n(0, std::abs(spread));
    for (;;) {
      const double px = spread < 0 ? unit(rng) * extent : std::clamp(x + n(rng), 0.0, extent);
      const double py = spread < 0 ? unit(rng) * extent : std::clamp(y + n(rng), 0.0, extent);
      if (!in_building(px, py)) return std::pair{px, py};
    }
  };
  std::vector<std::pair<double, double>> centres;
  for (int c = 0; c < 40; ++c) centres.emplace_back(unit(rng) * extent, unit(rng) * extent);
  std::vector<std::pair<double, double>> snaps;
  for (int s = 0; s < 4000; ++s) {
    if (s % 10 < 7) {
      const auto& c = centres[static_cast<std::size_t>(s) % centres.size()];
      snaps.push_back(open_point(c.first, c.second, 120));
    } else {
      snaps.push_back(open_point(0, 0, -1));
    }
  }
  std::vector<double> popularity;
  for (std::size_t s = 0; s < snaps.size(); ++s) popularity.push_back(1.0 / (1.0 + static_cast<double>(s % 97)));
  std::discrete_distribution<std::size_t> pick(popularity.begin(), popularity.end());
  for (std::size_t i = 0; i < incidents; ++i) {
    const auto& p = snaps[pick(rng)];
    town.incidents.x.push_back(p.first);
    town.incidents.y.push_back(p.second);
    town.incidents.month.push_back(make_month(2024, 1 + static_cast<int>(i % 12)));
    town.incidents.weight.push_back(1.0 + static_cast<double>(i % 5));
  }
  for (std::size_t c = 0; c < candidates; ++c) {
    const auto p = open_point(0, 0, -1);
    town.candidates.push_back({p.first, p.second, 1, "bench", {}, {}});
  }
  return town;
}

CoverageOptions camera_options() {
  CoverageOptions o;
  o.camera.range_m = 50;
  o.camera.fov_deg = 90;
  o.camera.headings = 8;
  return o;
}

// The whole planning step at the scale: index the footprints, collapse the incidents,
// build every visibility polygon and coverage column (8 headings), greedy + 1-swap.
void BM_CoveragePlanner(benchmark::State& state) {
  const Town town = make_town(5000, 100000, static_cast<std::size_t>(state.range(0)), 42);
  Plan plan;
  std::size_t columns = 0;
  for (auto _ : state) {
    std::vector<std::string> notes;
    const ObstacleSet obstacles = ObstacleSet::from_wkb(town.buildings, notes);
    const WeightedPoints demand = demand_points(town.incidents, DemandOptions{6.0, kNoMonth});
    const CoverageMatrix matrix = build_coverage(town.candidates, demand, obstacles, camera_options());
    PlannerOptions o;
    o.cameras = 10;
    plan = plan_cameras(PlannerInput{&matrix, town.candidates, nullptr, demand.weight}, o);
    columns = matrix.columns.size();
    benchmark::DoNotOptimize(plan.objective);
  }
  state.counters["columns"] = static_cast<double>(columns);
  state.counters["share_covered"] = plan.total_primary / plan.total_demand;
}
BENCHMARK(BM_CoveragePlanner)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(1);

// Greedy (+ swap) against CBC on the same coverage matrix; CBC gets 60 s. Arguments:
// candidates, seed, buildings, new cameras. Small towns with many cameras make cameras
// compete for the same demand, which is where greedy can go wrong.
void BM_GreedyVsCbc(benchmark::State& state) {
  const Town town = make_town(static_cast<std::size_t>(state.range(2)), 100000, static_cast<std::size_t>(state.range(0)),
                              42 + static_cast<std::uint64_t>(state.range(1)));
  std::vector<std::string> notes;
  const ObstacleSet obstacles = ObstacleSet::from_wkb(town.buildings, notes);
  const WeightedPoints demand = demand_points(town.incidents, {});
  const CoverageMatrix matrix = build_coverage(town.candidates, demand, obstacles, camera_options());
  Plan plan;
  double greedy_only = 0;
  double cbc_seconds = 0;
  for (auto _ : state) {
    PlannerOptions o;
    o.cameras = static_cast<int>(state.range(3));
    o.local_search = false;
    greedy_only = plan_cameras(PlannerInput{&matrix, town.candidates, nullptr, demand.weight}, o).objective;
    o.local_search = true;
    o.exact = true;
    o.time_limit_s = 60;
    const auto start = std::chrono::steady_clock::now();
    plan = plan_cameras(PlannerInput{&matrix, town.candidates, nullptr, demand.weight}, o);
    cbc_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const double best = plan.exact_objective.value_or(plan.objective);
  state.counters["greedy_over_cbc"] = greedy_only / best;
  state.counters["greedy_swap_over_cbc"] = plan.local_search_objective / best;
  state.counters["cbc_optimal"] = plan.exact_optimal ? 1 : 0;
  state.counters["gap_of_bound"] = plan.heuristic_gap.value_or(-1);
  state.counters["cbc_seconds"] = cbc_seconds;
}
BENCHMARK(BM_GreedyVsCbc)
    ->Args({2000, 1, 5000, 10})->Args({2000, 2, 5000, 10})
    ->Args({500, 3, 400, 20})->Args({500, 4, 400, 40})->Args({1000, 5, 900, 30})->Args({2000, 6, 1600, 60})
    ->Args({300, 7, 100, 15})->Args({300, 8, 100, 25})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

// A county-like scene for `hotspot plan`'s cctv stage (issue 22): a square of `side_km` with a
// lattice of candidate sites every 100 m (the plan's default spacing), and `incidents` over
// `months` months at ~one snap point per 7 incidents, most around 25 towns, the rest anywhere.
// Open ground, the plan's default camera (60 m dome). Hertfordshire: ~40 km, 175,190 sites,
// 79,618 incidents at 11,103 locations.
struct County {
  Incidents incidents;
  std::vector<CameraSite> lattice;
};

County make_county(double side_km, std::size_t incidents, int months, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  const double extent = side_km * 1000;
  County county;
  for (double y = 0; y <= extent; y += 100) {
    for (double x = 0; x <= extent; x += 100) county.lattice.push_back({x, y, 1, "lattice", {}, {}});
  }
  std::vector<std::pair<double, double>> towns;
  for (int t = 0; t < 25; ++t) towns.emplace_back(unit(rng) * extent, unit(rng) * extent);
  std::normal_distribution<double> spread(0, 1500);
  std::vector<std::pair<double, double>> snaps;
  for (std::size_t s = 0; s < incidents / 7 + 1; ++s) {
    if (s % 5 != 0) {
      const auto& c = towns[s % towns.size()];
      snaps.emplace_back(std::clamp(c.first + spread(rng), 0.0, extent), std::clamp(c.second + spread(rng), 0.0, extent));
    } else {
      snaps.emplace_back(unit(rng) * extent, unit(rng) * extent);
    }
  }
  std::vector<double> popularity;
  for (std::size_t s = 0; s < snaps.size(); ++s) popularity.push_back(1.0 / (1.0 + static_cast<double>(s % 89)));
  std::discrete_distribution<std::size_t> pick(popularity.begin(), popularity.end());
  for (std::size_t i = 0; i < incidents; ++i) {
    const auto& p = snaps[pick(rng)];
    county.incidents.x.push_back(p.first);
    county.incidents.y.push_back(p.second);
    county.incidents.month.push_back(make_month(2024, 1) + static_cast<int>(i % static_cast<std::size_t>(months)));
    county.incidents.weight.push_back(1.0);
  }
  return county;
}

// The plan's cctv core at county scale: demand points, coverage of every lattice site (most
// see no incident), greedy + swap for 4 cameras 150 m apart.
void BM_CountyLatticeCctv(benchmark::State& state) {
  const County county = make_county(static_cast<double>(state.range(0)), 80000, 9, 22);
  Plan plan;
  std::size_t nonempty = 0;
  for (auto _ : state) {
    const WeightedPoints demand = demand_points(county.incidents, {});
    CoverageOptions o;
    const CoverageMatrix matrix = build_coverage(county.lattice, demand, ObstacleSet(), o);
    plan = plan_cameras(PlannerInput{&matrix, county.lattice, nullptr, demand.weight}, PlannerOptions{});
    nonempty = static_cast<std::size_t>(
        std::count_if(matrix.columns.begin(), matrix.columns.end(), [](const auto& c) { return !c.points.empty(); }));
    benchmark::DoNotOptimize(plan.objective);
  }
  state.counters["sites"] = static_cast<double>(county.lattice.size());
  state.counters["sites_seeing_demand"] = static_cast<double>(nonempty);
  state.counters["share_covered"] = plan.total_primary / plan.total_demand;
}
BENCHMARK(BM_CountyLatticeCctv)->Arg(40)->Unit(benchmark::kMillisecond)->Iterations(1);

// The sites too close to each other (the plan's 150 m separation) on a county's lattice.
void BM_SiteConflicts(benchmark::State& state) {
  const County county = make_county(static_cast<double>(state.range(0)), 1, 1, 22);
  std::size_t pairs = 0;
  for (auto _ : state) {
    const SiteConflicts conflicts = site_conflicts(county.lattice, 150);
    pairs = 0;
    for (const auto& list : conflicts.too_close) pairs += list.size();
    benchmark::DoNotOptimize(pairs);
  }
  state.counters["sites"] = static_cast<double>(county.lattice.size());
  state.counters["pairs"] = static_cast<double>(pairs / 2);
}
BENCHMARK(BM_SiteConflicts)->Arg(40)->Unit(benchmark::kMillisecond);

// `--demand auto`: the rolling-origin backtest of every candidate demand model (plans at every
// origin for every model), on a district-like scene with two years of data.
void BM_DemandModelChoice(benchmark::State& state) {
  const County district = make_county(static_cast<double>(state.range(0)), 13000, 24, 7);
  const WeightedPoints demand = demand_points(district.incidents, {});
  const CoverageMatrix matrix = build_coverage(district.lattice, demand, ObstacleSet(), CoverageOptions{});
  DemandChoice choice;
  for (auto _ : state) {
    choice = choose_demand_model(district.incidents, demand, CameraScene{&matrix, district.lattice, nullptr},
                                 DemandModelOptions{}, PlannerOptions{});
    benchmark::DoNotOptimize(choice.chosen);
  }
  state.counters["sites"] = static_cast<double>(district.lattice.size());
  state.counters["origins"] = static_cast<double>(choice.origins.size());
  state.counters["plans"] = static_cast<double>(choice.rows.size());
  state.counters["chosen"] = static_cast<double>(choice.chosen);
  state.counters["counts_realised_seen"] = choice.scores.front().realised_seen;
}
BENCHMARK(BM_DemandModelChoice)->Arg(12)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace hotspot

BENCHMARK_MAIN();
