#include "hotspot/patrol/peak_times.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <vector>

namespace hotspot::patrol {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr std::int64_t kDay = 86400;
constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string confidence(const CircularSummary& s) {
  char buf[64];
  if (s.rayleigh_p < 0.001) {
    std::snprintf(buf, sizeof buf, "R=%.2f, p<0.001", s.resultant_length);
  } else {
    std::snprintf(buf, sizeof buf, "R=%.2f, p=%.3f", s.resultant_length, s.rayleigh_p);
  }
  return buf;
}

}  // namespace

double rayleigh_p_value(std::uint32_t n, double resultant_length) {
  if (n == 0) return 1.0;
  const double nn = n;
  const double rn = nn * resultant_length;
  const double p = std::exp(std::sqrt(1 + 4 * nn + 4 * (nn * nn - rn * rn)) - (1 + 2 * nn));
  return std::clamp(p, 0.0, 1.0);
}

CircularSummary circular_summary(std::span<const double> angles) {
  CircularSummary s;
  s.n = static_cast<std::uint32_t>(angles.size());
  if (angles.empty()) {
    s.circular_sd = std::numeric_limits<double>::infinity();
    return s;
  }
  double c = 0;
  double si = 0;
  for (double a : angles) {
    c += std::cos(a);
    si += std::sin(a);
  }
  const double n = static_cast<double>(angles.size());
  c /= n;
  si /= n;
  s.resultant_length = std::min(1.0, std::hypot(c, si));
  double mean = std::atan2(si, c);
  if (mean < 0) mean += kTwoPi;
  s.mean_angle = mean >= kTwoPi ? 0 : mean;
  s.circular_sd = s.resultant_length > 0 ? std::sqrt(-2 * std::log(s.resultant_length))
                                         : std::numeric_limits<double>::infinity();
  s.rayleigh_p = rayleigh_p_value(s.n, s.resultant_length);
  return s;
}

PeakTimes peak_times(const Incidents& incidents, std::span<const std::uint32_t> rows) {
  PeakTimes out;
  std::vector<double> hours;
  std::vector<double> days;
  for (std::uint32_t r : rows) {
    if (incidents.month[r] != kNoMonth) out.month_harm[static_cast<std::size_t>(month_of(incidents.month[r]) - 1)] += incidents.weight[r];
    const LocalTime t = incidents.time[r];
    if (t == kNoTime) continue;
    const std::int64_t day = floor_div(t, kDay);
    const auto seconds = static_cast<double>(t - day * kDay);
    // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) mod 7.
    const auto weekday = static_cast<double>(((day + 3) % 7 + 7) % 7);
    hours.push_back(kTwoPi * seconds / kDay);
    days.push_back(kTwoPi * (weekday + seconds / kDay) / 7);
  }
  double best = 0;
  for (int m = 0; m < 12; ++m) {
    if (out.month_harm[static_cast<std::size_t>(m)] > best) {
      best = out.month_harm[static_cast<std::size_t>(m)];
      out.peak_month = m + 1;
    }
  }
  out.timed = static_cast<std::uint32_t>(hours.size());
  out.time_known = !hours.empty();
  const std::string season = out.peak_month > 0 ? std::string("; busiest month ") + kMonths[out.peak_month - 1] : "";
  if (!out.time_known) {
    out.text = std::string(kTimeUnknown) + season;
    return out;
  }
  out.hour = circular_summary(hours);
  out.weekday = circular_summary(days);
  out.peak_hour = out.hour.mean_angle * 24 / kTwoPi;
  out.peak_weekday = out.weekday.mean_angle * 7 / kTwoPi;
  const int minutes = static_cast<int>(std::lround(out.peak_hour * 60)) % (24 * 60);
  char buf[160];
  std::snprintf(buf, sizeof buf, "peak %02d:%02d (%s), %s (%s), n=%u", minutes / 60, minutes % 60,
                confidence(out.hour).c_str(), kWeekdays[static_cast<int>(out.peak_weekday) % 7],
                confidence(out.weekday).c_str(), out.timed);
  out.text = buf + season;
  return out;
}

}  // namespace hotspot::patrol
