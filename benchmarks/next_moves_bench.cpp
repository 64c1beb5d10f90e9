// The quality backtest of `cctv next` on the shared Hertfordshire police.uk archive (not a
// timing benchmark): the demand models compared, the next-moves policy chained quarter by
// quarter against staying put, last quarter's busiest sites, a fresh plan and hindsight, and
// how often the stated intervals held. Prints Markdown for benchmarks/RESULTS.md.
//
//   next_moves_bench [DATA_DIR] [DISTRICT ...]
//
// DATA_DIR defaults to ../shared/data beside the source tree; districts default to St Albans.
// Setup: 4 units, 360° cameras of 50 m range (the library's default camera), candidates on a
// 100 m lattice inside the district, no fixed network, counts (every incident weighs 1).

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cctv/cctv_scene.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/cctv/next_moves_backtest.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace {

using namespace hotspot;

// Sums over districts, per variant of the rules, and of the model backtest's intervals.
struct Pooled {
  std::vector<std::string> names;
  std::vector<NextMovesBacktest> sums;
  std::size_t total_trials = 0, total_inside = 0, unit_trials = 0, unit_inside = 0;
  std::size_t total_samples = 0, unit_samples = 0;
  void add(std::size_t v, const std::string& name, const NextMovesBacktest& b) {
    if (sums.size() <= v) {
      sums.resize(v + 1);
      names.resize(v + 1);
    }
    names[v] = name;
    NextMovesBacktest& s = sums[v];
    s.demand += b.demand;
    s.policy += b.policy;
    s.stay += b.stay;
    s.busiest += b.busiest;
    s.fresh += b.fresh;
    s.hindsight += b.hindsight;
    s.moves += b.moves;
    s.interval_trials += b.interval_trials;
    s.interval_inside += b.interval_inside;
    s.unit_trials += b.unit_trials;
    s.unit_inside += b.unit_inside;
    s.periods.insert(s.periods.end(), b.periods.begin(), b.periods.end());
  }
};

std::string pct(double v, double d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", d > 0 ? 100 * v / d : 0.0);
  return buffer;
}

void run(const std::filesystem::path& data, const std::string& district, Pooled& pooled) {
  const auto started = std::chrono::steady_clock::now();
  PrepareOptions prepare;
  for (const char* glob : {"2018-*.csv", "2019-*.csv", "2021-*.csv", "2025-*.csv"}) {
    prepare.read.inputs.push_back((data / "police_uk_hertfordshire" / "street" / glob).string());
  }
  prepare.filter.within =
      AreaSource{(data / "boundaries_hertfordshire" / "herts_lad17_districts.geojson").string(), "", "lad17nm = '" + district + "'"};
  const PreparedIncidents prepared = prepare_incidents(prepare);

  CctvOptions scene_options;
  scene_options.candidates.spacing_m = 100;
  CctvReport scratch;
  const detail::Scene scene = detail::build_scene(prepared, scene_options, scratch);
  std::printf("### %s\n\n%zu incidents at %zu locations; %zu lattice sites (100 m); 4 units, 360° cameras of %.0f m.\n\n",
              district.c_str(), prepared.incidents.size(), scene.demand.size(), scratch.candidates.size(),
              scene_options.camera.range_m);

  // The demand models on the whole history, as `cctv next` would choose today.
  DemandModelOptions demand;
  demand.cameras = 4;
  const DemandChoice choice = choose_demand_model(
      prepared.incidents, scene.demand, CameraScene{&scene.candidate_coverage, scratch.candidates, &scene.existing_coverage},
      demand, scene_options.planner);
  std::printf("%s\n\n%s\n", choice.summary.c_str(), demand_backtest_markdown(choice).c_str());
  const auto interval_line = [](const char* what, const ForecastInterval& i) {
    std::printf("| %s | %zu | %.2f–%.2f (median %.2f) | %.0f%% | %.0f%% of %zu |\n", what, i.samples, i.low_ratio, i.high_ratio,
                i.median_ratio, 100 * i.guaranteed_level, 100 * i.coverage, i.coverage_trials);
  };
  std::printf("| interval (80%%) | ratios | realised / forecast range | guaranteed | held-out coverage |\n"
              "| --- | ---: | --- | ---: | ---: |\n");
  interval_line("4 units together, incidents", choice.total_count);
  interval_line("one unit, incidents", choice.per_camera_count);
  pooled.total_trials += choice.total_count.coverage_trials;
  pooled.total_inside += static_cast<std::size_t>(std::lround(choice.total_count.coverage * static_cast<double>(choice.total_count.coverage_trials)));
  pooled.unit_trials += choice.per_camera_count.coverage_trials;
  pooled.unit_inside +=
      static_cast<std::size_t>(std::lround(choice.per_camera_count.coverage * static_cast<double>(choice.per_camera_count.coverage_trials)));
  std::printf("\n");

  // The policy chained over the archive, with the default rules and some variants.
  struct Variant {
    const char* name;
    MoveRules rules;
  };
  std::vector<Variant> variants;
  variants.push_back({"default rules (threshold 20%, 3-month stay, 6-month no-return)", MoveRules{}});
  MoveRules zero;
  zero.move_threshold = 0;
  variants.push_back({"threshold 0", zero});
  MoveRules half;
  half.move_threshold = 0.5;
  variants.push_back({"threshold 50%", half});
  MoveRules one;
  one.max_moves = 1;
  variants.push_back({"at most 1 move a quarter", one});
  MoveRules apart;
  apart.min_separation_m = 300;
  variants.push_back({"300 m between units", apart});
  std::printf("| rules | moves | `next` | stay put | last quarter's busiest | fresh plan | hindsight | totals inside interval | units inside interval |\n"
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  std::string detail_table;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    NextMovesBacktestOptions o;
    o.units = 4;
    o.rules = variants[v].rules;
    o.planner = scene_options.planner;
    const NextMovesBacktest b = backtest_next_moves(prepared.incidents, scene.demand, scene.candidate_coverage, scratch.candidates,
                                                    &scene.existing_coverage, o);
    std::printf("| %s | %d | %s | %s | %s | %s | %s | %zu of %zu | %zu of %zu |\n", variants[v].name, b.moves,
                pct(b.policy, b.demand).c_str(), pct(b.stay, b.demand).c_str(), pct(b.busiest, b.demand).c_str(),
                pct(b.fresh, b.demand).c_str(), pct(b.hindsight, b.demand).c_str(), b.interval_inside, b.interval_trials,
                b.unit_inside, b.unit_trials);
    if (v == 0) detail_table = next_moves_backtest_markdown(b);
    pooled.add(v, variants[v].name, b);
  }
  std::printf("\nPer quarter, default rules (shares of the quarter's incidents seen by the 4 units):\n\n%s\n", detail_table.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("(%s: %.0f s wall)\n\n", district.c_str(), seconds);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data = std::filesystem::path(HOTSPOT_SOURCE_DIR) / ".." / "shared" / "data";
  std::vector<std::string> districts;
  if (argc > 1) data = argv[1];
  for (int i = 2; i < argc; ++i) districts.emplace_back(argv[i]);
  if (districts.empty()) districts = {"St Albans"};
  if (!std::filesystem::exists(data / "police_uk_hertfordshire")) {
    std::fprintf(stderr, "next_moves_bench: no police.uk archive under %s\n", data.string().c_str());
    return 1;
  }
  Pooled pooled;
  try {
    for (const auto& d : districts) run(data, d, pooled);
    if (districts.size() > 1) {
      std::printf("### All %zu districts pooled\n\n", districts.size());
      std::printf("Model backtest intervals held out: 4 units together %zu of %zu inside, one unit %zu of %zu inside.\n\n",
                  pooled.total_inside, pooled.total_trials, pooled.unit_inside, pooled.unit_trials);
      std::printf("| rules | quarters | moves | `next` | stay put | last quarter's busiest | fresh plan | hindsight | totals inside interval | units inside interval |\n"
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (std::size_t v = 0; v < pooled.sums.size(); ++v) {
        const auto& b = pooled.sums[v];
        std::size_t decided = 0;
        for (const auto& p : b.periods) decided += p.chain_start ? 0 : 1;
        std::printf("| %s | %zu (%zu decided) | %d | %s | %s | %s | %s | %s | %zu of %zu | %zu of %zu |\n", pooled.names[v].c_str(),
                    b.periods.size(), decided, b.moves, pct(b.policy, b.demand).c_str(), pct(b.stay, b.demand).c_str(),
                    pct(b.busiest, b.demand).c_str(), pct(b.fresh, b.demand).c_str(), pct(b.hindsight, b.demand).c_str(),
                    b.interval_inside, b.interval_trials, b.unit_inside, b.unit_trials);
      }
      // The quarters where the policy decided (not a chain's first), where the ways differ.
      double demand = 0, policy = 0, stay = 0, busiest = 0, fresh = 0, hindsight = 0;
      for (const auto& p : pooled.sums.front().periods) {
        if (p.chain_start) continue;
        demand += p.demand;
        policy += p.policy;
        stay += p.stay;
        busiest += p.busiest;
        fresh += p.fresh;
        hindsight += p.hindsight;
      }
      std::printf("\nDefault rules, decided quarters only: `next` %s, stay put %s, last quarter's busiest %s, fresh plan %s, "
                  "hindsight %s.\n",
                  pct(policy, demand).c_str(), pct(stay, demand).c_str(), pct(busiest, demand).c_str(), pct(fresh, demand).c_str(),
                  pct(hindsight, demand).c_str());
    }
  } catch (const hotspot::Error& e) {
    std::fprintf(stderr, "next_moves_bench: %s\n", e.what());
    return e.exit_code();
  }
  return 0;
}
