#include "hotspot/core/calendar.hpp"

#include <gtest/gtest.h>

namespace hotspot {
namespace {

TEST(Calendar, ParsesPoliceUkMonths) {
  EXPECT_EQ(parse_month("2021-03"), make_month(2021, 3));
  EXPECT_EQ(parse_month(" 2018-12 "), make_month(2018, 12));
  EXPECT_FALSE(parse_month("2021-13"));
  EXPECT_FALSE(parse_month("2021-00"));
  EXPECT_FALSE(parse_month("2021-3"));
  EXPECT_FALSE(parse_month("21-03"));
  EXPECT_FALSE(parse_month("2021-03-01"));
  EXPECT_FALSE(parse_month(""));
  EXPECT_EQ(format_month(make_month(2021, 3)), "2021-03");
  // Consecutive months differ by one across a year end, so gaps are visible.
  EXPECT_EQ(make_month(2022, 1) - make_month(2021, 12), 1);
}

TEST(Calendar, DaysFromCivilMatchesKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);  // 30 years incl. 7 leap days + Jan + Feb 2000
  EXPECT_EQ(days_from_civil(2021, 3, 14), 18700);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(Calendar, CivilFromDaysInvertsDaysFromCivil) {
  const CivilDate epoch = civil_from_days(0);
  EXPECT_EQ(epoch.year, 1970);
  EXPECT_EQ(epoch.month, 1);
  EXPECT_EQ(epoch.day, 1);
  const CivilDate leap = civil_from_days(days_from_civil(2024, 2, 29));
  EXPECT_EQ(leap.year, 2024);
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
  // Every 37th day from 0200 to 3900, before 1970 too.
  for (std::int64_t d = -650000; d <= 700000; d += 37) {
    const CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
  }
}

TEST(Calendar, ParsesIsoAndUkTimestamps) {
  const LocalTime base = days_from_civil(2021, 3, 14) * 86400;
  EXPECT_EQ(parse_timestamp("2021-03-14")->time, base);
  EXPECT_FALSE(parse_timestamp("2021-03-14")->has_time_of_day);
  EXPECT_EQ(parse_timestamp("2021-03-14T22:15")->time, base + 22 * 3600 + 15 * 60);
  EXPECT_EQ(parse_timestamp("2021-03-14 22:15:30")->time, base + 22 * 3600 + 15 * 60 + 30);
  EXPECT_EQ(parse_timestamp("2021-03-14T22:15:30.250Z")->time, base + 22 * 3600 + 15 * 60 + 30);
  // The offset is validated but the local clock time is kept.
  EXPECT_EQ(parse_timestamp("2021-03-14T22:15:30+01:00")->time, base + 22 * 3600 + 15 * 60 + 30);
  EXPECT_EQ(parse_timestamp("2021-03-14T22:15:30-0500")->time, base + 22 * 3600 + 15 * 60 + 30);
  EXPECT_EQ(parse_timestamp("14/03/2021")->time, base);
  EXPECT_EQ(parse_timestamp("14/03/2021 22:15")->time, base + 22 * 3600 + 15 * 60);
  EXPECT_EQ(parse_timestamp("4/3/2021 07:05:09")->time, days_from_civil(2021, 3, 4) * 86400 + 7 * 3600 + 5 * 60 + 9);
  EXPECT_TRUE(parse_timestamp("14/03/2021 22:15")->has_time_of_day);
}

TEST(Calendar, RejectsImpossibleTimestamps) {
  for (const char* text : {"31/02/2021", "29/02/2021", "2021-02-30", "2021-13-01", "14/03/2021 24:00",
                           "14/03/2021 22:60", "2021-03-14T22", "2021-03-14T22:15+25:00", "03/14/2021",
                           "yesterday", "", "2021-03-14X22:15", "14-03-2021"}) {
    EXPECT_FALSE(parse_timestamp(text)) << text;
  }
  EXPECT_TRUE(parse_timestamp("29/02/2020"));  // leap year
}

TEST(Calendar, MonthOfTimeInvertsDaysFromCivil) {
  for (int year : {1899, 1970, 2000, 2021, 2100}) {
    for (int month = 1; month <= 12; ++month) {
      for (int day : {1, 15, 28}) {
        const LocalTime t = days_from_civil(year, month, day) * 86400 + 3600 * 23 + 59;
        EXPECT_EQ(month_of_time(t), make_month(year, month)) << year << "-" << month << "-" << day;
      }
    }
  }
  EXPECT_EQ(format_time(days_from_civil(2021, 3, 14) * 86400 + 22 * 3600 + 15 * 60 + 30), "2021-03-14T22:15:30");
}

}  // namespace
}  // namespace hotspot
