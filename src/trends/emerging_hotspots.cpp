#include "hotspot/trends/emerging_hotspots.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <omp.h>

#include "../significance/band_sums.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/memory_limit.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/significance/multiple_testing.hpp"

namespace hotspot::trends {
namespace {

constexpr const char* kStage = "trends.emerging";

// "2019-01..2019-08, 2019-10" for the log and the error message.
std::string describe_months(const std::vector<MonthIndex>& months) {
  std::string out;
  for (std::size_t i = 0; i < months.size();) {
    std::size_t j = i;
    while (j + 1 < months.size() && months[j + 1] == months[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += format_month(months[i]);
    if (j > i) out += ".." + format_month(months[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string_view pattern_name(Pattern pattern) noexcept {
  switch (pattern) {
    case Pattern::none: return "No Pattern Detected";
    case Pattern::new_hot: return "New Hot Spot";
    case Pattern::consecutive_hot: return "Consecutive Hot Spot";
    case Pattern::intensifying_hot: return "Intensifying Hot Spot";
    case Pattern::persistent_hot: return "Persistent Hot Spot";
    case Pattern::diminishing_hot: return "Diminishing Hot Spot";
    case Pattern::sporadic_hot: return "Sporadic Hot Spot";
    case Pattern::oscillating_hot: return "Oscillating Hot Spot";
    case Pattern::historical_hot: return "Historical Hot Spot";
    case Pattern::new_cold: return "New Cold Spot";
    case Pattern::consecutive_cold: return "Consecutive Cold Spot";
    case Pattern::intensifying_cold: return "Intensifying Cold Spot";
    case Pattern::persistent_cold: return "Persistent Cold Spot";
    case Pattern::diminishing_cold: return "Diminishing Cold Spot";
    case Pattern::sporadic_cold: return "Sporadic Cold Spot";
    case Pattern::oscillating_cold: return "Oscillating Cold Spot";
    case Pattern::historical_cold: return "Historical Cold Spot";
  }
  return "No Pattern Detected";
}

SpaceTimeCube monthly_cube(std::span<const double> x, std::span<const double> y, std::span<const MonthIndex> month,
                           std::span<const double> weight, const significance::CellGrid& grid, GapPolicy gaps,
                           std::size_t* dropped) {
  if (x.size() != y.size() || x.size() != month.size() || (!weight.empty() && weight.size() != x.size())) {
    throw Error(ErrorCode::data, kStage, "x, y, month and weight columns differ in length");
  }
  std::vector<MonthIndex> present;
  for (MonthIndex m : month) {
    if (m != kNoMonth) present.push_back(m);
  }
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  if (present.empty()) throw Error(ErrorCode::data, kStage, "no incident has a month");
  check_month_span(present.front(), present.back(), kStage);
  const double steps = gaps == GapPolicy::zero_fill ? static_cast<double>(present.back() - present.front() + 1)
                                                    : static_cast<double>(present.size());
  // The cube, its Gi* z-scores and the per-step neighbour sums: three doubles per cell-month.
  check_memory(static_cast<double>(grid.size()) * steps * 24.0, kStage,
               "a space-time cube of " + std::to_string(grid.size()) + " cells x " +
                   std::to_string(static_cast<long long>(steps)) + " months",
               "use a larger cell size or a shorter period");
  SpaceTimeCube cube;
  cube.grid = grid;
  for (MonthIndex m = present.front(), k = 0; m <= present.back(); ++m) {
    if (present[static_cast<std::size_t>(k)] == m) {
      ++k;
    } else {
      cube.missing_months.push_back(m);
    }
  }
  if (!cube.missing_months.empty() && gaps == GapPolicy::error) {
    throw Error(ErrorCode::data, kStage,
                "months missing from the data: " + describe_months(cube.missing_months) +
                    " (choose how to handle gaps: skip them, or treat them as months without incidents)");
  }
  if (gaps == GapPolicy::zero_fill) {
    for (MonthIndex m = present.front(); m <= present.back(); ++m) cube.steps.push_back(m);
  } else {
    cube.steps = present;
  }
  const std::size_t cells = grid.size();
  cube.value.assign(cells * cube.steps.size(), 0.0);
  std::size_t lost = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (month[i] == kNoMonth) {
      ++lost;
      continue;
    }
    const auto [c, r] = grid.locate(x[i], y[i]);
    if (c < 0 || r < 0 || c >= grid.columns || r >= grid.rows) {
      ++lost;
      continue;
    }
    const auto step = static_cast<std::size_t>(std::lower_bound(cube.steps.begin(), cube.steps.end(), month[i]) -
                                                cube.steps.begin());
    cube.value[step * cells + static_cast<std::size_t>(r * grid.columns + c)] += weight.empty() ? 1.0 : weight[i];
  }
  if (dropped != nullptr) *dropped = lost;
  return cube;
}

Pattern classify_pattern(std::span<const double> z, std::span<const double> p_adjusted, const MannKendall& trend,
                         double alpha) {
  const std::size_t t_count = z.size();
  if (t_count == 0 || p_adjusted.size() != t_count) return Pattern::none;
  auto hot = [&](std::size_t t) { return z[t] > 0 && p_adjusted[t] <= alpha; };
  auto cold = [&](std::size_t t) { return z[t] < 0 && p_adjusted[t] <= alpha; };
  std::size_t h = 0, c = 0;
  for (std::size_t t = 0; t < t_count; ++t) {
    h += hot(t) ? 1 : 0;
    c += cold(t) ? 1 : 0;
  }
  // "At least 90 percent of the time-step intervals", in integers.
  const bool mostly_hot = 10 * h >= 9 * t_count;
  const bool mostly_cold = 10 * c >= 9 * t_count;
  const bool trend_significant = trend.p <= alpha && trend.s != 0.0;
  const std::size_t last = t_count - 1;

  // The family follows the final step: a significant final step decides between the
  // hot (or cold) patterns; otherwise only the historical patterns are possible.
  auto family = [&](bool final_is_hot) {
    auto same = [&](std::size_t t) { return final_is_hot ? hot(t) : cold(t); };
    const std::size_t count = final_is_hot ? h : c;
    const std::size_t opposite = final_is_hot ? c : h;
    const bool mostly = final_is_hot ? mostly_hot : mostly_cold;
    const int offset = final_is_hot ? 0 : static_cast<int>(Pattern::new_cold) - static_cast<int>(Pattern::new_hot);
    auto pick = [&](Pattern hot_pattern) { return static_cast<Pattern>(static_cast<int>(hot_pattern) + offset); };
    if (mostly) {
      // Intensifying = clustering of the spot's kind getting stronger: z rising for hot spots,
      // falling (more negative) for cold spots.
      if (trend_significant) {
        const bool stronger = final_is_hot ? trend.s > 0 : trend.s < 0;
        return pick(stronger ? Pattern::intensifying_hot : Pattern::diminishing_hot);
      }
      return pick(Pattern::persistent_hot);
    }
    if (opposite > 0) return pick(Pattern::oscillating_hot);
    std::size_t run = 0;
    for (std::size_t t = last + 1; t-- > 0 && same(t);) ++run;
    if (run == count) return pick(run == 1 ? Pattern::new_hot : Pattern::consecutive_hot);
    return pick(Pattern::sporadic_hot);
  };
  if (hot(last)) return family(true);
  if (cold(last)) return family(false);
  if (mostly_hot) return Pattern::historical_hot;
  if (mostly_cold) return Pattern::historical_cold;
  return Pattern::none;
}

EmergingResult emerging_hot_spots(const SpaceTimeCube& cube, const EmergingOptions& options) {
  const std::size_t cells = cube.cells();
  const std::size_t steps = cube.steps.size();
  if (!(options.band >= 0.0) || !std::isfinite(options.band)) throw Error(ErrorCode::usage, kStage, "band must be finite and >= 0");
  if (options.time_window < 0) throw Error(ErrorCode::usage, kStage, "time window must be >= 0");
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) throw Error(ErrorCode::usage, kStage, "alpha must be in (0, 1)");
  if (options.global_window == GlobalWindow::individual_step && options.time_window > 0) {
    throw Error(ErrorCode::usage, kStage,
                "an individual-step global window compares bins with their own step only; use time window 0");
  }
  if (steps < 2) throw Error(ErrorCode::data, kStage, "need at least 2 time steps for a trend");
  if (cube.value.size() != cells * steps || (!cube.mask.empty() && cube.mask.size() != cells)) {
    throw Error(ErrorCode::data, kStage, "cube values or mask do not match the grid and steps");
  }
  const int threads = effective_threads(options.threads);
  auto in_area = [&](std::size_t cell) { return cube.mask.empty() || cube.mask[cell] != 0; };

  // Spatial band sums per step, then summed over the time window.
  const auto stencil = significance::detail::band_stencil(cube.grid, options.band);
  std::vector<double> lag(cells * steps);
  std::vector<double> weight(cells * steps);
  significance::CellValues slice;
  slice.grid = cube.grid;
  slice.mask = cube.mask;
  std::vector<double> step_lag;
  std::vector<std::uint32_t> step_count;
  for (std::size_t t = 0; t < steps; ++t) {
    slice.value.assign(cube.value.begin() + static_cast<std::ptrdiff_t>(t * cells),
                       cube.value.begin() + static_cast<std::ptrdiff_t>((t + 1) * cells));
    significance::detail::band_sums(slice, stencil, threads, step_lag, step_count);
    for (std::size_t i = 0; i < cells; ++i) {
      lag[t * cells + i] = step_lag[i];
      weight[t * cells + i] = step_count[i];
    }
  }
  const auto window = static_cast<std::size_t>(options.time_window);
  std::vector<double> st_lag(cells * steps, 0.0), st_weight(cells * steps, 0.0);
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t s = t >= window ? t - window : 0; s <= t; ++s) {
      for (std::size_t i = 0; i < cells; ++i) {
        st_lag[t * cells + i] += lag[s * cells + i];
        st_weight[t * cells + i] += weight[s * cells + i];
      }
    }
  }

  // Mean and population variance over the global window.
  auto moments = [&](std::size_t first_step, std::size_t last_step, double& n, double& mean, double& variance) {
    n = 0;
    double sum = 0;
    for (std::size_t t = first_step; t < last_step; ++t) {
      for (std::size_t i = 0; i < cells; ++i) {
        if (in_area(i)) {
          n += 1;
          sum += cube.value[t * cells + i];
        }
      }
    }
    mean = sum / n;
    double ss = 0;
    for (std::size_t t = first_step; t < last_step; ++t) {
      for (std::size_t i = 0; i < cells; ++i) {
        if (in_area(i)) ss += (cube.value[t * cells + i] - mean) * (cube.value[t * cells + i] - mean);
      }
    }
    variance = ss / n;
  };

  EmergingResult r;
  r.steps = cube.steps;
  r.missing_months = cube.missing_months;
  r.z.assign(cells * steps, std::nan(""));
  std::vector<double> p(cells * steps, std::nan(""));
  double n = 0, mean = 0, variance = 0;
  if (options.global_window == GlobalWindow::entire_cube) {
    moments(0, steps, n, mean, variance);
    if (n < 3) throw Error(ErrorCode::data, kStage, "fewer than 3 bins in the study area");
    if (!(variance > 0.0)) throw Error(ErrorCode::data, kStage, "all bins have the same value");
  }
  for (std::size_t t = 0; t < steps; ++t) {
    if (options.global_window == GlobalWindow::individual_step) moments(t, t + 1, n, mean, variance);
    if (!(variance > 0.0) || n < 3) continue;  // a step with no variation has no hot or cold spots
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::size_t i = 0; i < cells; ++i) {
      if (!in_area(i)) continue;
      const std::size_t b = t * cells + i;
      const double w = st_weight[b];
      const double var = variance * (n * w - w * w) / (n - 1.0);
      if (var > 0.0) {
        r.z[b] = (st_lag[b] - mean * w) / std::sqrt(var);
        p[b] = significance::two_sided_p(r.z[b]);
      }
    }
  }
  r.p_adjusted = significance::adjust_p_values(p, options.correction);
  r.bin.resize(cells * steps);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t b = 0; b < r.bin.size(); ++b) r.bin[b] = significance::confidence_bin(r.z[b], r.p_adjusted[b]);

  r.trend.resize(cells);
  r.pattern.assign(cells, Pattern::none);
  r.analysed.assign(cells, 0);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (std::size_t i = 0; i < cells; ++i) {
    if (!in_area(i)) continue;
    double total = 0;
    std::vector<double> zs(steps), ps(steps);
    for (std::size_t t = 0; t < steps; ++t) {
      total += cube.value[t * cells + i];
      zs[t] = r.z[t * cells + i];
      ps[t] = std::isnan(r.p_adjusted[t * cells + i]) ? 1.0 : r.p_adjusted[t * cells + i];
    }
    r.trend[i] = mann_kendall(zs);
    if (total <= 0.0) continue;
    r.analysed[i] = 1;
    for (double& v : zs) {
      if (std::isnan(v)) v = 0.0;
    }
    r.pattern[i] = classify_pattern(zs, ps, r.trend[i], options.alpha);
  }
  return r;
}

}  // namespace hotspot::trends
