#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hotspot::patrol {

/// Koper-curve dosage: short visits, as many per week as the patrol hours allow, shared out
/// in proportion to risk.
struct DosageOptions {
  double minutes_per_visit = 15;     ///< 10–15 minutes (Koper 1995: benefit levels off past ~15)
  double patrol_hours_per_week = 40; ///< on-site hours available to all units together
  std::uint32_t min_visits = 1;      ///< each selected place gets at least this many, budget allowing
};

struct Dosage {
  std::vector<std::uint32_t> visits_per_week;  ///< one per place, in the order given
  std::uint32_t budget_visits = 0;             ///< floor(hours·60 / minutes)
  std::uint32_t allocated_visits = 0;          ///< equals the budget unless there are no places
  std::vector<std::string> notes;
};

/// Allocation rule: the weekly budget is B = floor(hours × 60 / minutes) visits. Every place
/// first gets `min_visits`; the remaining B − n·min are shared in proportion to risk by the
/// largest-remainder (Hamilton) method — integer parts first, then one more visit to the places
/// with the largest fractional parts, ties to the earlier place — so the total is exactly B.
/// When B < n·min, the places with the highest risk (ties: earlier) get `min_visits` until
/// the budget runs out, and a note says how many places get none. Zero total risk shares equally.
[[nodiscard]] Dosage allocate_visits(std::span<const double> risk, const DosageOptions& options);

/// When a unit's shift runs: every day of the week from `shift_start_minute` for `shift_minutes`.
struct ScheduleOptions {
  std::uint64_t seed = 20240101;     ///< fixed default so plans are reproducible (the tool's one seed)
  int shift_start_minute = 18 * 60;  ///< minutes after midnight (18:00)
  int shift_minutes = 8 * 60;        ///< may cross midnight
  int days = 7;                      ///< days per week the unit patrols (day 0 = Monday)
};

/// One visit: which stop, on which day, starting at which minute after that day's midnight
/// (values ≥ 1440 fall after midnight at the end of the shift).
struct ScheduledVisit {
  std::uint32_t stop = 0;
  int day = 0;
  int start_minute = 0;
};

/// A randomised (seeded) week for one unit: each stop's visits go on distinct days as far as
/// possible (v > days: ⌊v/days⌋ every day plus the rest on random distinct days); within a day
/// the visits take random, non-overlapping start times in the shift in random order, so the
/// pattern cannot be learned. `travel_minutes` (stops × stops, row-major; empty: none) is
/// kept free between consecutive visits so the unit can get from one to the next.
/// `stream` (e.g. the unit number) gives each unit its own sequence.
/// Sorted by (day, start). A note is added when a day's visits do not fit the shift.
[[nodiscard]] std::vector<ScheduledVisit> schedule_visits(std::span<const std::uint32_t> visits_per_stop,
                                                          double minutes_per_visit, const ScheduleOptions& options,
                                                          std::uint64_t stream, std::vector<std::string>& notes,
                                                          std::span<const double> travel_minutes = {});

namespace detail {
/// SplitMix64: a tiny generator whose sequence is fixed by its definition, unlike the
/// standard library's distributions, so schedules are identical on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// Uniform in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n);
  /// Uniform in [0, 1).
  double unit();

 private:
  std::uint64_t state_;
};
}  // namespace detail

}  // namespace hotspot::patrol
