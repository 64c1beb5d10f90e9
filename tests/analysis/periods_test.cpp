#include "hotspot/analysis/periods.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

std::vector<MonthIndex> months_from_to(MonthIndex first, MonthIndex last) {
  std::vector<MonthIndex> out;
  for (MonthIndex m = first; m <= last; ++m) out.push_back(m);
  return out;
}

TEST(Periods, ReadsTheFourFormsAndWritesThemBack) {
  EXPECT_EQ(parse_month_range("2018-04..2019-03", "the period"), (MonthRange{make_month(2018, 4), make_month(2019, 3)}));
  EXPECT_EQ(parse_month_range("2018-04", "the period"), (MonthRange{make_month(2018, 4), make_month(2018, 4)}));
  EXPECT_EQ(parse_month_range("2018/19", "the period"), financial_year(2018));
  EXPECT_EQ(parse_month_range("2019/2020", "the period"), financial_year(2019));
  EXPECT_EQ(parse_month_range("1999/00", "the period"), financial_year(1999));
  EXPECT_EQ(parse_month_range("2018", "the period"), (MonthRange{make_month(2018, 1), make_month(2018, 12)}));
  EXPECT_EQ(financial_year(2018).first, make_month(2018, 4));  // April ...
  EXPECT_EQ(financial_year(2018).last, make_month(2019, 3));   // ... to March
  EXPECT_EQ(financial_year(2018).months(), 12);
  EXPECT_EQ(format_month_range(financial_year(2018)), "2018-04..2019-03");
  EXPECT_EQ(format_month_range({make_month(2018, 4), make_month(2018, 4)}), "2018-04");
  EXPECT_EQ(period_label(financial_year(2018)), "2018/19");
  EXPECT_EQ(period_label(financial_year(2009)), "2009/10");
  EXPECT_EQ(period_label({make_month(2018, 1), make_month(2018, 12)}), "2018");
  EXPECT_EQ(period_label({make_month(2018, 7), make_month(2018, 12)}), "Jul–Dec 2018");
  EXPECT_EQ(period_label({make_month(2018, 11), make_month(2019, 2)}), "Nov 2018–Feb 2019");
  EXPECT_EQ(period_label({make_month(2018, 4), make_month(2018, 4)}), "Apr 2018");
  const std::vector<MonthIndex> gaps{make_month(2018, 1), make_month(2018, 2), make_month(2018, 3), make_month(2018, 6)};
  EXPECT_EQ(month_runs(gaps), "2018-01..2018-03, 2018-06");
  for (const char* bad : {"2018/20", "18/19", "2018-13", "2018-04..", "April 2018", "2019-03..2018-04", ""}) {
    try {
      (void)parse_month_range(bad, "the period");
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::usage) << bad;
      EXPECT_NE(std::string(e.what()).find("the period"), std::string::npos) << e.what();
    }
  }
}

TEST(Periods, FinancialYearsByDefaultTheLatestCompleteAgainstTheOneBefore) {
  // Data from January 2017 to December 2019: 2017/18 and 2018/19 are complete, 2019/20 is not.
  const auto months = months_from_to(make_month(2017, 1), make_month(2019, 12));
  const PeriodChoice c = choose_periods(months, "", "", false);
  EXPECT_EQ(c.rule, PeriodRule::financial_years);
  EXPECT_EQ(c.current, financial_year(2018));
  EXPECT_EQ(c.compare, financial_year(2017));
  EXPECT_EQ(c.current_covered, 12);
  EXPECT_EQ(c.compare_covered, 12);
  EXPECT_TRUE(c.compared());
  ASSERT_EQ(c.notes.size(), 1u);  // the months after March 2019 are in no period
  EXPECT_NE(c.notes[0].find("2019-04..2019-12"), std::string::npos) << c.notes[0];
}

TEST(Periods, OneCompleteFinancialYearIsNotCompared) {
  // April 2018 to March 2019 plus January–March 2018: 2017/18 is covered for 3 months only.
  const auto months = months_from_to(make_month(2018, 1), make_month(2019, 3));
  const PeriodChoice c = choose_periods(months, "", "", false);
  EXPECT_EQ(c.rule, PeriodRule::one_financial_year);
  EXPECT_EQ(c.current, financial_year(2018));
  EXPECT_FALSE(c.compared());
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("covered for 3 of its 12 months"), std::string::npos) << c.notes[0];
}

TEST(Periods, NoCompleteFinancialYearCountsAllMonthsWithoutComparing) {
  // The bundled sample: January to December 2018.
  const auto months = months_from_to(make_month(2018, 1), make_month(2018, 12));
  const PeriodChoice c = choose_periods(months, "", "", false);
  EXPECT_EQ(c.rule, PeriodRule::whole_data);
  EXPECT_EQ(c.current, (MonthRange{make_month(2018, 1), make_month(2018, 12)}));
  EXPECT_FALSE(c.compared());
  EXPECT_EQ(c.current_covered, 12);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("no financial year"), std::string::npos);
}

TEST(Periods, GivenPeriodComparesWithTheSameLengthJustBefore) {
  const auto months = months_from_to(make_month(2018, 1), make_month(2018, 12));
  const PeriodChoice c = choose_periods(months, "2018-07..2018-12", "", false);
  EXPECT_EQ(c.rule, PeriodRule::given);
  EXPECT_EQ(c.compare, (MonthRange{make_month(2018, 1), make_month(2018, 6)}));
  EXPECT_EQ(c.current_covered, 6);
  EXPECT_EQ(c.compare_covered, 6);
  EXPECT_TRUE(c.notes.empty());
  // Two given ranges of different lengths.
  const PeriodChoice d = choose_periods(months, "2018-10..2018-12", "2018-01..2018-06", false);
  EXPECT_EQ(d.current.months(), 3);
  EXPECT_EQ(d.compare.months(), 6);
  EXPECT_EQ(d.compare_covered, 6);
}

TEST(Periods, PartYearsCountTheMonthsCoveredAndSaySo) {
  // A financial year given explicitly that the data hold only in part (no January–March 2019)
  // against one with a missing month.
  auto months = months_from_to(make_month(2017, 4), make_month(2018, 12));
  months.erase(std::find(months.begin(), months.end(), make_month(2017, 8)));
  const PeriodChoice c = choose_periods(months, "2018/19", "", false);
  EXPECT_EQ(c.current, financial_year(2018));
  EXPECT_EQ(c.compare, financial_year(2017));
  EXPECT_EQ(c.current_covered, 9);
  EXPECT_EQ(c.compare_covered, 11);
  EXPECT_EQ(c.current_missing, (std::vector<MonthIndex>{make_month(2019, 1), make_month(2019, 2), make_month(2019, 3)}));
  EXPECT_EQ(c.compare_missing, (std::vector<MonthIndex>{make_month(2017, 8)}));
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_NE(c.notes[0].find("9 of the 12 months"), std::string::npos) << c.notes[0];
  EXPECT_NE(c.notes[0].find("2019-01..2019-03"), std::string::npos) << c.notes[0];
  EXPECT_NE(c.notes[1].find("11 of the 12 months"), std::string::npos) << c.notes[1];
}

TEST(Periods, RollingTwelveMonthsEndAtTheLatestMonth) {
  const auto months = months_from_to(make_month(2019, 2), make_month(2021, 1));
  const PeriodChoice c = choose_periods(months, "", "", true);
  EXPECT_EQ(c.rule, PeriodRule::rolling_12_months);
  EXPECT_EQ(c.current, (MonthRange{make_month(2020, 2), make_month(2021, 1)}));
  EXPECT_EQ(c.compare, (MonthRange{make_month(2019, 2), make_month(2020, 1)}));
  EXPECT_EQ(c.compare_covered, 12);
}

TEST(Periods, RefusesWhatCannotBeCounted) {
  const auto months = months_from_to(make_month(2018, 1), make_month(2018, 12));
  const auto code = [&](const std::string& period, const std::string& compare, bool rolling,
                        const std::vector<MonthIndex>& data) {
    try {
      (void)choose_periods(data, period, compare, rolling);
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::internal;
  };
  EXPECT_EQ(code("2018", "", true, months), ErrorCode::usage);                  // two ways to choose
  EXPECT_EQ(code("", "2017", false, months), ErrorCode::usage);                 // compare without a period
  EXPECT_EQ(code("2018-06..2018-12", "2018-01..2018-06", false, months), ErrorCode::usage);  // overlap
  EXPECT_EQ(code("2020", "", false, months), ErrorCode::data);                  // nothing in the period
  EXPECT_EQ(code("", "", false, {}), ErrorCode::data);                          // no months at all
  // A compare period the data do not reach is no comparison, with a note.
  const PeriodChoice c = choose_periods(months, "2018", "", false);
  EXPECT_FALSE(c.compared());
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("no month of the compare period 2017"), std::string::npos) << c.notes[0];
}

}  // namespace
}  // namespace hotspot
