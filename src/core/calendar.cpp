#include "hotspot/core/calendar.hpp"

#include <charconv>
#include <cstdio>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot {
namespace {

// Reads exactly `width` digits at `pos`.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t width, int& value) {
  if (pos + width > text.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

// Reads one or two digits (UK dates are often written 1/3/2021).
bool read_1or2_digits(std::string_view text, std::size_t& pos, int& value) {
  if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') return false;
  value = text[pos++] - '0';
  if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') value = value * 10 + (text[pos++] - '0');
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool valid_date(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// HH:MM[:SS[.fff]] from pos; accepts 24:00:00 only as the ISO end of day.
bool read_clock(std::string_view text, std::size_t& pos, int& seconds_of_day) {
  int hh = 0, mm = 0, ss = 0;
  if (!read_digits(text, pos, 2, hh) || !expect(text, pos, ':') || !read_digits(text, pos, 2, mm)) {
    return false;
  }
  if (expect(text, pos, ':')) {
    if (!read_digits(text, pos, 2, ss)) return false;
    if (expect(text, pos, '.') || expect(text, pos, ',')) {
      std::size_t digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
        ++digits;
      }
      if (digits == 0) return false;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  seconds_of_day = hh * 3600 + mm * 60 + ss;
  return true;
}

}  // namespace

std::string format_month(MonthIndex month) {
  return format("%04d-%02d", year_of(month), month_of(month));
}

std::optional<MonthIndex> parse_month(std::string_view text) {
  text = trim(text);
  std::size_t pos = 0;
  int year = 0, month = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
      pos != text.size() || month < 1 || month > 12 || year < 1) {
    return std::nullopt;
  }
  return make_month(year, month);
}

std::int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<ParsedTime> parse_timestamp(std::string_view text) {
  text = trim(text);
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (text.size() >= 10 && text[4] == '-') {
    if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !read_digits(text, pos, 2, day)) {
      return std::nullopt;
    }
  } else {
    if (!read_1or2_digits(text, pos, day) || !expect(text, pos, '/') || !read_1or2_digits(text, pos, month) ||
        !expect(text, pos, '/') || !read_digits(text, pos, 4, year)) {
      return std::nullopt;
    }
  }
  if (!valid_date(year, month, day)) return std::nullopt;
  ParsedTime parsed;
  int seconds_of_day = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_clock(text, pos, seconds_of_day)) return std::nullopt;
    parsed.has_time_of_day = true;
    // An ISO offset is validated, then deliberately not applied (see LocalTime).
    if (pos < text.size()) {
      if (text[pos] == 'Z') {
        ++pos;
      } else if (text[pos] == '+' || text[pos] == '-') {
        ++pos;
        int oh = 0, om = 0;
        if (!read_digits(text, pos, 2, oh)) return std::nullopt;
        if (expect(text, pos, ':')) {
          if (!read_digits(text, pos, 2, om)) return std::nullopt;
        } else if (pos < text.size()) {
          if (!read_digits(text, pos, 2, om)) return std::nullopt;
        }
        if (oh > 14 || om > 59) return std::nullopt;
      }
    }
    if (pos != text.size()) return std::nullopt;
  }
  parsed.time = days_from_civil(year, month, day) * 86400 + seconds_of_day;
  return parsed;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

MonthIndex month_of_time(LocalTime time) {
  const CivilDate date = civil_from_days((time >= 0 ? time : time - 86399) / 86400);
  return make_month(date.year, date.month);
}

std::string format_time(LocalTime time) {
  const std::int64_t days = (time >= 0 ? time : time - 86399) / 86400;
  const std::int64_t seconds = time - days * 86400;
  const MonthIndex month = month_of_time(time);
  const std::int64_t day = days - days_from_civil(year_of(month), month_of(month), 1) + 1;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", year_of(month), month_of(month),
                static_cast<int>(day), static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60));
  return buffer;
}

void check_month_span(MonthIndex first, MonthIndex last, const std::string& stage) {
  if (last - first < kMaxMonthSpan) return;
  throw Error(ErrorCode::data, stage,
              "the months run from " + format_month(first) + " to " + format_month(last) + " (" +
                  std::to_string(last - first + 1) + " months); a time series may span at most " +
                  std::to_string(kMaxMonthSpan) +
                  " months (100 years). Check the month column for damaged values, or keep a period (from/to)");
}

}  // namespace hotspot
