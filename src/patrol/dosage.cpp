#include "hotspot/patrol/dosage.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {
constexpr const char* kStage = "patrol.dosage";
}

namespace detail {
std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
std::uint64_t SplitMix64::below(std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t r = next();
  while (r >= limit) r = next();
  return r % n;
}
double SplitMix64::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
}  // namespace detail

Dosage allocate_visits(std::span<const double> risk, const DosageOptions& options) {
  if (!(options.minutes_per_visit > 0)) throw Error(ErrorCode::usage, kStage, "minutes per visit must be positive");
  if (!(options.patrol_hours_per_week >= 0)) throw Error(ErrorCode::usage, kStage, "patrol hours must be >= 0");
  Dosage out;
  const std::size_t n = risk.size();
  out.visits_per_week.assign(n, 0);
  out.budget_visits =
      static_cast<std::uint32_t>(std::floor(options.patrol_hours_per_week * 60.0 / options.minutes_per_visit + 1e-9));
  if (n == 0) return out;
  const std::uint64_t floor_total = static_cast<std::uint64_t>(options.min_visits) * n;
  std::vector<std::uint32_t> by_risk(n);
  std::iota(by_risk.begin(), by_risk.end(), 0u);
  std::stable_sort(by_risk.begin(), by_risk.end(), [&](std::uint32_t a, std::uint32_t b) { return risk[a] > risk[b]; });
  if (out.budget_visits < floor_total) {
    std::uint32_t left = out.budget_visits;
    std::size_t served = 0;
    for (std::uint32_t i : by_risk) {
      const std::uint32_t give = std::min(left, options.min_visits);
      out.visits_per_week[i] = give;
      left -= give;
      if (give == options.min_visits) ++served;
    }
    char hours[32];
    std::snprintf(hours, sizeof hours, "%g", options.patrol_hours_per_week);
    out.notes.push_back(std::string(hours) + " patrol hours give " +
                        std::to_string(out.budget_visits) + " visits a week: " + std::to_string(n - served) +
                        " of " + std::to_string(n) + " places get fewer than " + std::to_string(options.min_visits));
  } else {
    const auto rest = static_cast<double>(out.budget_visits - floor_total);
    double total_risk = 0;
    for (double r : risk) total_risk += std::max(0.0, r);
    std::vector<double> fraction(n, 0.0);
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double quota = total_risk > 0 ? rest * std::max(0.0, risk[i]) / total_risk : rest / static_cast<double>(n);
      const double whole = std::floor(quota);
      fraction[i] = quota - whole;
      out.visits_per_week[i] = options.min_visits + static_cast<std::uint32_t>(whole);
      given += static_cast<std::uint64_t>(whole);
    }
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return fraction[a] > fraction[b]; });
    auto leftover = static_cast<std::uint64_t>(rest) - given;
    for (std::size_t k = 0; k < n && leftover > 0; ++k, --leftover) out.visits_per_week[order[k]] += 1;
  }
  out.allocated_visits = std::accumulate(out.visits_per_week.begin(), out.visits_per_week.end(), 0u);
  return out;
}

std::vector<ScheduledVisit> schedule_visits(std::span<const std::uint32_t> visits_per_stop, double minutes_per_visit,
                                            const ScheduleOptions& options, std::uint64_t stream,
                                            std::vector<std::string>& notes, std::span<const double> travel_minutes) {
  const std::size_t stops_n = visits_per_stop.size();
  if (!travel_minutes.empty() && travel_minutes.size() != stops_n * stops_n) {
    throw Error(ErrorCode::internal, kStage, "travel matrix does not match the stops");
  }
  if (options.days < 1 || options.days > 7) throw Error(ErrorCode::usage, kStage, "days per week must be 1–7");
  if (options.shift_minutes < 1 || options.shift_minutes > 24 * 60) {
    throw Error(ErrorCode::usage, kStage, "shift length must be 1–1440 minutes");
  }
  // Mixing the stream into the seed gives each unit an unrelated sequence.
  detail::SplitMix64 rng(options.seed ^ (0xD1B54A32D192ED03ull * (stream + 1)));
  const auto days = static_cast<std::uint32_t>(options.days);
  std::vector<std::vector<std::uint32_t>> by_day(days);
  for (std::uint32_t stop = 0; stop < visits_per_stop.size(); ++stop) {
    const std::uint32_t v = visits_per_stop[stop];
    for (std::uint32_t d = 0; d < days; ++d) {
      for (std::uint32_t k = 0; k < v / days; ++k) by_day[d].push_back(stop);
    }
    // The remainder on distinct random days: a partial Fisher–Yates shuffle of the days.
    std::vector<std::uint32_t> pool(days);
    std::iota(pool.begin(), pool.end(), 0u);
    for (std::uint32_t k = 0; k < v % days; ++k) {
      const auto j = k + static_cast<std::uint32_t>(rng.below(days - k));
      std::swap(pool[k], pool[j]);
      by_day[pool[k]].push_back(stop);
    }
  }
  std::vector<ScheduledVisit> out;
  const double length = static_cast<double>(options.shift_minutes);
  bool overflow = false;
  for (std::uint32_t d = 0; d < days; ++d) {
    auto& stops = by_day[d];
    const std::size_t k = stops.size();
    if (k == 0) continue;
    for (std::size_t i = k - 1; i > 0; --i) std::swap(stops[i], stops[rng.below(i + 1)]);
    // Each visit needs its own minutes plus the travel to the next one. k sorted uniform
    // offsets in the time left over, each pushed back by everything needed before it: random
    // start times that never overlap (order statistics of the free time).
    std::vector<double> need(k, minutes_per_visit);
    if (!travel_minutes.empty()) {
      for (std::size_t i = 0; i + 1 < k; ++i) need[i] += travel_minutes[stops[i] * stops_n + stops[i + 1]];
    }
    // Whole minutes, so start times rounded up to the minute keep every gap.
    for (double& x : need) x = std::ceil(x - 1e-9);
    double needed = 0;
    for (double x : need) needed += x;
    const double free_time = length - needed;
    if (free_time < 0) {
      overflow = true;
      // Squeeze everything in proportionally: the plan is infeasible and the note says so.
      for (double& x : need) x *= (length - minutes_per_visit) / std::max(needed - minutes_per_visit, 1e-9);
    }
    std::vector<double> offsets(k);
    for (double& o : offsets) o = rng.unit() * std::max(0.0, free_time);
    std::sort(offsets.begin(), offsets.end());
    double before = 0;
    for (std::size_t i = 0; i < k; ++i) {
      ScheduledVisit v;
      v.stop = stops[i];
      v.day = static_cast<int>(d);
      v.start_minute = options.shift_start_minute + static_cast<int>(std::ceil(offsets[i] + before - 1e-9));
      out.push_back(v);
      before += need[i];
    }
  }
  if (overflow) notes.push_back("unit " + std::to_string(stream + 1) + ": some days hold more visit and travel minutes than the shift; visits there are squeezed together");
  std::sort(out.begin(), out.end(), [](const ScheduledVisit& a, const ScheduledVisit& b) {
    return a.day != b.day ? a.day < b.day : a.start_minute < b.start_minute;
  });
  return out;
}

}  // namespace hotspot::patrol
