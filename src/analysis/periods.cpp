#include "hotspot/analysis/periods.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "areas.periods";
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::optional<int> digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string short_month(MonthIndex m) { return std::string(kMonthNames[month_of(m) - 1]) + " " + std::to_string(year_of(m)); }

int covered(std::span<const MonthIndex> data_months, const MonthRange& range, std::vector<MonthIndex>& missing) {
  missing.clear();
  int present = 0;
  for (MonthIndex m = range.first; range.valid() && m <= range.last; ++m) {
    if (std::binary_search(data_months.begin(), data_months.end(), m)) {
      ++present;
    } else {
      missing.push_back(m);
    }
  }
  return present;
}

std::string cover_note(const std::string& which, const MonthRange& range, int present,
                       const std::vector<MonthIndex>& missing) {
  return "the data cover " + std::to_string(present) + " of the " + std::to_string(range.months()) + " months of " +
         which + " " + period_label(range) + " (none in " + month_runs(missing) +
         "): its counts are for the months covered, and rates and the test allow for the shorter time";
}

}  // namespace

MonthRange parse_month_range(std::string_view text, const std::string& what) {
  const auto fail = [&]() -> MonthRange {
    throw Error(ErrorCode::usage, kStage,
                what + " \"" + std::string(text) +
                    "\" is not a period: give months as 2018-04..2019-03, one month as 2018-04, a financial "
                    "year as 2018/19 or a calendar year as 2018");
  };
  if (const auto dots = text.find(".."); dots != std::string_view::npos) {
    const auto first = parse_month(text.substr(0, dots));
    const auto last = parse_month(text.substr(dots + 2));
    if (!first || !last) return fail();
    if (*first > *last) {
      throw Error(ErrorCode::usage, kStage, what + " \"" + std::string(text) + "\" ends before it starts");
    }
    return {*first, *last};
  }
  if (const auto month = parse_month(text)) return {*month, *month};
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    const auto year = digits(text.substr(0, slash), 4);
    const std::string_view end = text.substr(slash + 1);
    if (!year) return fail();
    const auto end_year = end.size() == 2 ? digits(end, 2) : digits(end, 4);
    if (!end_year || *end_year != (end.size() == 2 ? (*year + 1) % 100 : *year + 1)) return fail();
    return financial_year(*year);
  }
  if (const auto year = digits(text, 4)) return {make_month(*year, 1), make_month(*year, 12)};
  return fail();
}

std::string format_month_range(const MonthRange& range) {
  if (!range.valid()) return {};
  if (range.first == range.last) return format_month(range.first);
  return format_month(range.first) + ".." + format_month(range.last);
}

std::string period_label(const MonthRange& range) {
  if (!range.valid()) return {};
  const int y0 = year_of(range.first), y1 = year_of(range.last);
  if (range == financial_year(y0)) {
    const int next = (y0 + 1) % 100;
    return std::to_string(y0) + "/" + (next < 10 ? "0" : "") + std::to_string(next);
  }
  if (month_of(range.first) == 1 && month_of(range.last) == 12 && y0 == y1) return std::to_string(y0);
  if (range.first == range.last) return short_month(range.first);
  if (y0 == y1) return std::string(kMonthNames[month_of(range.first) - 1]) + "–" + short_month(range.last);
  return short_month(range.first) + "–" + short_month(range.last);
}

std::string month_runs(std::span<const MonthIndex> months) {
  std::string out;
  for (std::size_t i = 0; i < months.size();) {
    std::size_t j = i;
    while (j + 1 < months.size() && months[j + 1] == months[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += format_month_range({months[i], months[j]});
    i = j + 1;
  }
  return out;
}

PeriodChoice choose_periods(std::span<const MonthIndex> data_months, const std::string& period,
                            const std::string& compare_period, bool rolling_12_months) {
  if (!period.empty() && rolling_12_months) {
    throw Error(ErrorCode::usage, kStage, "a period and rolling 12 months both choose the period: give one");
  }
  if (!compare_period.empty() && period.empty()) {
    throw Error(ErrorCode::usage, kStage, "a compare period needs the period it is compared with");
  }
  // Fail on a bad period before looking at the data.
  const MonthRange given = period.empty() ? MonthRange{} : parse_month_range(period, "the period");
  const MonthRange given_compare =
      compare_period.empty() ? MonthRange{} : parse_month_range(compare_period, "the compare period");
  if (data_months.empty()) throw Error(ErrorCode::data, kStage, "no incident has a month: there is no period to count");
  const MonthIndex first = data_months.front(), last = data_months.back();
  const MonthRange data_range{first, last};

  PeriodChoice out;
  if (!period.empty()) {
    out.rule = PeriodRule::given;
    out.current = given;
    out.compare = given_compare.valid() ? given_compare
                                        : MonthRange{given.first - given.months(), given.first - 1};
  } else if (rolling_12_months) {
    out.rule = PeriodRule::rolling_12_months;
    out.current = {last - 11, last};
    out.compare = {last - 23, last - 12};
  } else {
    // The latest financial year with all 12 months in the data.
    std::optional<int> latest;
    for (int year = year_of(last); year >= year_of(first) - 1 && !latest; --year) {
      std::vector<MonthIndex> missing;
      if (covered(data_months, financial_year(year), missing) == 12) latest = year;
    }
    if (!latest) {
      out.rule = PeriodRule::whole_data;
      out.current = data_range;
      out.notes.push_back("the data (" + period_label(data_range) +
                          ") cover no financial year (April to March) in full: the counts are for all their months, "
                          "with no comparison; give a period and a compare period to compare parts of years");
    } else {
      out.current = financial_year(*latest);
      const MonthRange before = financial_year(*latest - 1);
      std::vector<MonthIndex> missing;
      const int before_months = covered(data_months, before, missing);
      if (before_months == 12) {
        out.rule = PeriodRule::financial_years;
        out.compare = before;
      } else {
        out.rule = PeriodRule::one_financial_year;
        out.notes.push_back("the financial year " + period_label(out.current) +
                            " is the latest the data cover in full; the one before (" + period_label(before) +
                            ") is covered for " + std::to_string(before_months) +
                            " of its 12 months, so there is no comparison (give it as the compare period to compare "
                            "anyway)");
      }
      if (last > out.current.last) {
        out.notes.push_back("the months after the financial year " + period_label(out.current) + " (" +
                            format_month_range({out.current.last + 1, last}) +
                            ") are in no period: their financial year is not complete (rolling 12 months would "
                            "include them)");
      }
    }
  }

  if (out.compare.valid()) {
    const bool overlap = out.compare.first <= out.current.last && out.current.first <= out.compare.last;
    if (overlap) {
      throw Error(ErrorCode::usage, kStage,
                  "the period " + format_month_range(out.current) + " and the compare period " +
                      format_month_range(out.compare) + " overlap");
    }
  }
  out.current_covered = covered(data_months, out.current, out.current_missing);
  if (out.current_covered == 0) {
    throw Error(ErrorCode::data, kStage,
                "no incident in the period " + period_label(out.current) + " (the data cover " + period_label(data_range) +
                    ")");
  }
  if (out.current_covered < out.current.months()) {
    out.notes.push_back(cover_note("the period", out.current, out.current_covered, out.current_missing));
  }
  if (out.compare.valid()) {
    out.compare_covered = covered(data_months, out.compare, out.compare_missing);
    if (out.compare_covered == 0) {
      out.notes.push_back("the data hold no month of the compare period " + period_label(out.compare) +
                          " (they cover " + period_label(data_range) + "): no comparison");
    } else if (out.compare_covered < out.compare.months()) {
      out.notes.push_back(cover_note("the compare period", out.compare, out.compare_covered, out.compare_missing));
    }
  }
  return out;
}

}  // namespace hotspot
