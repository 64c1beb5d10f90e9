#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

/// A calendar month as a single integer, `year * 12 + (month - 1)`, so consecutive months
/// differ by one and a gap in a monthly series is a jump of more than one.
using MonthIndex = std::int32_t;
inline constexpr MonthIndex kNoMonth = INT32_MIN;

/// Seconds since 1970-01-01T00:00:00 of the *local clock time written in the data*.
/// Offsets in ISO 8601 strings are checked but not applied: hour-of-day analysis needs the
/// local time at which things happened, not UTC.
using LocalTime = std::int64_t;
inline constexpr LocalTime kNoTime = INT64_MIN;

[[nodiscard]] constexpr MonthIndex make_month(int year, int month) { return year * 12 + (month - 1); }
[[nodiscard]] constexpr int year_of(MonthIndex m) { return m / 12; }
[[nodiscard]] constexpr int month_of(MonthIndex m) { return m % 12 + 1; }

/// "YYYY-MM".
[[nodiscard]] std::string format_month(MonthIndex month);

/// The longest run of months a time series may span: 100 years. police.uk data begins in
/// 2010; a span beyond this is a damaged month column (0001-01 and 9999-12 in one file made a
/// monthly series of 120,000 steps and a 1 MB gaps line).
inline constexpr MonthIndex kMaxMonthSpan = 1200;

/// Throws Error(data) at `stage` when first..last spans more than kMaxMonthSpan months,
/// naming both months and how to narrow the period.
void check_month_span(MonthIndex first, MonthIndex last, const std::string& stage);
/// Parses "YYYY-MM" (police.uk's Month column). Returns nothing on anything else.
[[nodiscard]] std::optional<MonthIndex> parse_month(std::string_view text);

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);
/// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of
/// days_from_civil; Howard Hinnant's civil_from_days).
struct CivilDate {
  int year = 0;
  int month = 0;  ///< 1-12
  int day = 0;    ///< 1-31
};
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

/// A parsed timestamp and how precise the text was.
struct ParsedTime {
  LocalTime time = kNoTime;
  bool has_time_of_day = false;
};

/// Parses the timestamp forms councils' incident logs use:
/// ISO 8601 `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH[:MM]]` (also with a space for T),
/// and UK `dd/mm/yyyy`, `dd/mm/yyyy HH:MM[:SS]`. Returns nothing when the text is none of these
/// or names an impossible date or time.
[[nodiscard]] std::optional<ParsedTime> parse_timestamp(std::string_view text);

/// The month a local time falls in.
[[nodiscard]] MonthIndex month_of_time(LocalTime time);

/// "YYYY-MM-DDTHH:MM:SS".
[[nodiscard]] std::string format_time(LocalTime time);

}  // namespace hotspot
