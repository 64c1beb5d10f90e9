#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "hotspot/core/incidents.hpp"

namespace hotspot::patrol {

/// Summary of angles on a circle (Fisher 1993; Zar 2010 ch. 26–27).
struct CircularSummary {
  std::uint32_t n = 0;
  double mean_angle = 0;         ///< mean direction in radians, [0, 2π)
  double resultant_length = 0;   ///< R̄ in [0, 1]: 0 = spread evenly, 1 = all at one angle
  double circular_sd = 0;        ///< sqrt(−2 ln R̄) radians; infinite when R̄ = 0
  double rayleigh_p = 1;         ///< Rayleigh test of uniformity (Zar's approximation)
};

/// Mean direction, R̄, circular standard deviation and Rayleigh p of `angles` (radians).
[[nodiscard]] CircularSummary circular_summary(std::span<const double> angles);

/// Rayleigh test p-value for n angles with mean resultant length R̄:
/// p = exp(√(1 + 4n + 4(n² − (nR̄)²)) − (1 + 2n)) (Zar 2010 eq. 27.4), clamped to [0, 1].
[[nodiscard]] double rayleigh_p_value(std::uint32_t n, double resultant_length);

/// When a place's incidents happen.
struct PeakTimes {
  bool time_known = false;       ///< some incidents carry a time of day
  std::uint32_t timed = 0;       ///< incidents with a time
  CircularSummary hour;          ///< angle = 2π · seconds after midnight / 86400
  CircularSummary weekday;       ///< angle = 2π · (day + time of day) / 7, Monday 00:00 = 0
  double peak_hour = 0;          ///< mean hour of day, [0, 24)
  double peak_weekday = 0;       ///< [0, 7), 0 = Monday
  std::array<double, 12> month_harm{};  ///< harm by calendar month (seasonality), Jan first
  int peak_month = 0;            ///< 1–12, month with most harm (ties: earlier); 0 when none
  std::string text;              ///< one line for briefings
};

/// Peak hour and weekday from the incidents `rows` that carry a time; seasonality from
/// their months. Month-only data (police.uk) gives seasonality only and says so.
[[nodiscard]] PeakTimes peak_times(const Incidents& incidents, std::span<const std::uint32_t> rows);

/// The phrase outputs use when time of day is unknown.
inline constexpr const char* kTimeUnknown = "unknown (police.uk monthly data)";

}  // namespace hotspot::patrol
