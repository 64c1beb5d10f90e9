#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/core/calendar.hpp"

namespace hotspot {

/// Whole calendar months from `first` to `last`, both included.
struct MonthRange {
  MonthIndex first = kNoMonth;
  MonthIndex last = kNoMonth;
  [[nodiscard]] bool valid() const noexcept { return first != kNoMonth && last != kNoMonth && first <= last; }
  [[nodiscard]] int months() const noexcept { return valid() ? last - first + 1 : 0; }
  [[nodiscard]] bool contains(MonthIndex m) const noexcept { return valid() && m >= first && m <= last; }
  friend bool operator==(const MonthRange&, const MonthRange&) = default;
};

/// The UK financial year that starts in April of `year`: April `year` to March `year + 1`.
[[nodiscard]] constexpr MonthRange financial_year(int year) { return {make_month(year, 4), make_month(year + 1, 3)}; }

/// Reads a period in one of four forms: "2018-04..2019-03" (months, both included), "2018-04"
/// (one month), "2018/19" (the financial year April 2018 to March 2019) or "2018" (a calendar
/// year). Throws Error(usage) naming `what` ("the period") and the forms it accepts.
[[nodiscard]] MonthRange parse_month_range(std::string_view text, const std::string& what);

/// The form parse_month_range reads back: "2018-04..2019-03", or "2018-04" for one month.
[[nodiscard]] std::string format_month_range(const MonthRange& range);

/// A label for readers: "2018/19" (a financial year), "2018" (a calendar year), "Apr 2018"
/// (one month), "Jul–Dec 2018", "Nov 2018–Feb 2019".
[[nodiscard]] std::string period_label(const MonthRange& range);

/// Months as short runs: "2018-01..2018-03, 2018-06".
[[nodiscard]] std::string month_runs(std::span<const MonthIndex> months);

/// How the compared periods were chosen.
enum class PeriodRule {
  financial_years,      ///< automatic: the latest financial year the data cover in full, and the one before
  one_financial_year,   ///< automatic: the latest complete financial year, with nothing complete before it
  whole_data,           ///< automatic: no complete financial year, so all the months of the data, not compared
  given,                ///< the period (and compare period) as given
  rolling_12_months,    ///< the latest 12 months of the data and the 12 before
};

/// The months an area summary counts and compares, and how much of each the data cover.
struct PeriodChoice {
  PeriodRule rule = PeriodRule::whole_data;
  MonthRange current;
  MonthRange compare;  ///< not valid: no comparison
  /// Months of each period present in the data (a month holding at least one incident): the
  /// exposure of the rate test and the divisor of monthly rates.
  int current_covered = 0;
  int compare_covered = 0;
  std::vector<MonthIndex> current_missing;  ///< months of `current` absent from the data
  std::vector<MonthIndex> compare_missing;
  std::vector<std::string> notes;           ///< plain sentences on the choice and on partial cover
  [[nodiscard]] bool compared() const noexcept { return compare.valid() && compare_covered > 0; }
};

/// Chooses the periods (docs/areas.md, "Periods"). `data_months` are the months present in
/// the data, ascending and distinct. Without a period: UK financial years (April–March) when
/// the data cover at least one in full (the latest complete one against the one before, when
/// that is complete too); a year covered in part is never chosen on its own. With
/// `rolling_12_months`: the latest 12 months of the data against the 12 before. With a
/// period and no compare period: the same number of months just before it. Throws
/// Error(usage) for unreadable or overlapping periods, a compare period without a period,
/// or a period together with rolling months; Error(data) when the data have no month or
/// none in the period.
[[nodiscard]] PeriodChoice choose_periods(std::span<const MonthIndex> data_months, const std::string& period,
                                          const std::string& compare_period, bool rolling_12_months);

}  // namespace hotspot
