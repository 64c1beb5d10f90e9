// Reading police.uk street-level CSVs: rows per second and peak memory.
//
// Input: HOTSPOT_BENCH_POLICE_UK (a folder of monthly *-street.csv files), or 1,000,000 rows
// generated once by tools/generate_police_uk.py into the build tree.

#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "hotspot/io/incident_reader.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace {

std::string input_folder(long rows) {
  if (const char* given = std::getenv("HOTSPOT_BENCH_POLICE_UK")) return given;
  const std::string folder = std::string(HOTSPOT_BENCH_DATA) + "/police_uk_" + std::to_string(rows);
  if (!std::filesystem::exists(folder)) {
    const std::string command = "/usr/bin/python3 '" + std::string(HOTSPOT_SOURCE_DIR) +
                                "/tools/generate_police_uk.py' --rows " + std::to_string(rows) +
                                " --months 12 --per-month --extent national --out '" + folder + "'";
    if (std::system(command.c_str()) != 0) std::abort();
  }
  return folder;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_ReadPoliceUk(benchmark::State& state) {
  hotspot::ReadOptions options;
  options.inputs = {input_folder(state.range(0))};
  options.threads = static_cast<int>(state.range(1));
  std::uint64_t rows = 0;
  for (auto _ : state) {
    const auto result = hotspot::read_incidents(options);
    rows = result.account.read;
    benchmark::DoNotOptimize(result.parts.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_ReadPoliceUk)->Args({1000000, 1})->Args({1000000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole shared first step: read, project to EPSG:27700, filter, weight by harm.
void BM_PreparePoliceUk(benchmark::State& state) {
  hotspot::PrepareOptions options;
  options.read.inputs = {input_folder(state.range(0))};
  options.weight = hotspot::WeightMode::harm;
  std::uint64_t rows = 0;
  for (auto _ : state) {
    const auto prepared = hotspot::prepare_incidents(options);
    rows = prepared.account.read;
    benchmark::DoNotOptimize(prepared.incidents.x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
  state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_PreparePoliceUk)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
