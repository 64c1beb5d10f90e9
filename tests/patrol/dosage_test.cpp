#include "hotspot/patrol/dosage.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace hotspot::patrol {
namespace {

TEST(Dosage, ProportionalWithMinimumAndLargestRemainderByHand) {
  // 3 h at 15 min = 12 visits. One each leaves 9, shared 5:3:2 -> quotas 4.5, 2.7, 1.8.
  // Integer parts 4, 2, 1 (7); the 2 left go to the largest fractions .8 and .7.
  const std::vector<double> risk{5, 3, 2};
  DosageOptions options;
  options.patrol_hours_per_week = 3;
  const Dosage d = allocate_visits(risk, options);
  EXPECT_EQ(d.budget_visits, 12u);
  EXPECT_EQ(d.visits_per_week, (std::vector<std::uint32_t>{5, 4, 3}));
  EXPECT_EQ(d.allocated_visits, 12u);
  EXPECT_TRUE(d.notes.empty());
}

TEST(Dosage, TiesInRemaindersGoToTheEarlierPlace) {
  // 10 min visits, 70 min = 7 visits; one each leaves 4 over equal risks: 4/3 each -> 1 each,
  // 1 left, fractions equal -> first place.
  DosageOptions options;
  options.minutes_per_visit = 10;
  options.patrol_hours_per_week = 70.0 / 60.0;
  const Dosage d = allocate_visits(std::vector<double>{2, 2, 2}, options);
  EXPECT_EQ(d.visits_per_week, (std::vector<std::uint32_t>{3, 2, 2}));
}

TEST(Dosage, TooFewHoursServeTheRiskiestPlacesFirst) {
  // 0.5 h at 15 min = 2 visits for 3 places: the two highest risks.
  DosageOptions options;
  options.patrol_hours_per_week = 0.5;
  const Dosage d = allocate_visits(std::vector<double>{1, 9, 4}, options);
  EXPECT_EQ(d.visits_per_week, (std::vector<std::uint32_t>{0, 1, 1}));
  ASSERT_EQ(d.notes.size(), 1u);
}

TEST(Dosage, TotalAlwaysEqualsTheBudget) {
  DosageOptions options;
  options.minutes_per_visit = 12;
  for (double hours : {5.0, 17.5, 40.0, 123.0}) {
    options.patrol_hours_per_week = hours;
    const Dosage d = allocate_visits(std::vector<double>{0.3, 7.1, 2.2, 2.2, 9.9, 0.01}, options);
    EXPECT_EQ(d.allocated_visits, static_cast<std::uint32_t>(hours * 60 / 12)) << hours;
    for (std::uint32_t v : d.visits_per_week) EXPECT_GE(v, 1u);
  }
}

TEST(Schedule, VisitsSpreadOverDistinctDaysWithoutOverlap) {
  const std::vector<std::uint32_t> visits{3, 7, 9, 1};
  ScheduleOptions options;
  std::vector<std::string> notes;
  const auto week = schedule_visits(visits, 15, options, 0, notes);
  EXPECT_TRUE(notes.empty());
  ASSERT_EQ(week.size(), 20u);
  std::map<std::uint32_t, std::multiset<int>> days_of;
  for (std::size_t i = 0; i < week.size(); ++i) {
    const auto& v = week[i];
    days_of[v.stop].insert(v.day);
    EXPECT_GE(v.start_minute, options.shift_start_minute);
    EXPECT_LE(v.start_minute + 15, options.shift_start_minute + options.shift_minutes);
    if (i > 0 && week[i - 1].day == v.day) {
      EXPECT_GE(v.start_minute - week[i - 1].start_minute, 15);
    }
  }
  EXPECT_EQ(std::set<int>(days_of[0].begin(), days_of[0].end()).size(), 3u);  // 3 visits, 3 days
  EXPECT_EQ(std::set<int>(days_of[1].begin(), days_of[1].end()).size(), 7u);  // one a day
  // 9 visits: every day once, and two days twice.
  EXPECT_EQ(std::set<int>(days_of[2].begin(), days_of[2].end()).size(), 7u);
  EXPECT_EQ(days_of[2].size(), 9u);
}

TEST(Schedule, SeededAndDifferentPerUnit) {
  const std::vector<std::uint32_t> visits{4, 4, 4};
  std::vector<std::string> notes;
  ScheduleOptions options;
  const auto a = schedule_visits(visits, 15, options, 0, notes);
  const auto b = schedule_visits(visits, 15, options, 0, notes);
  const auto c = schedule_visits(visits, 15, options, 1, notes);
  auto same = [](const auto& x, const auto& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].stop != y[i].stop || x[i].day != y[i].day || x[i].start_minute != y[i].start_minute) return false;
    }
    return true;
  };
  EXPECT_TRUE(same(a, b));
  EXPECT_FALSE(same(a, c));
}

TEST(Schedule, TravelTimeIsKeptFreeBetweenVisits) {
  // Two stops 20.5 minutes apart: consecutive visits on one day start at least 15 + 21 apart.
  const std::vector<double> travel{0, 20.5, 20.5, 0};
  ScheduleOptions options;
  options.days = 1;
  std::vector<std::string> notes;
  const auto week = schedule_visits(std::vector<std::uint32_t>{3, 3}, 15, options, 0, notes, travel);
  ASSERT_EQ(week.size(), 6u);
  EXPECT_TRUE(notes.empty());
  for (std::size_t i = 1; i < week.size(); ++i) {
    const int gap = week[i].start_minute - week[i - 1].start_minute;
    EXPECT_GE(gap, week[i].stop == week[i - 1].stop ? 15 : 36) << i;
  }
  EXPECT_LE(week.back().start_minute + 15, options.shift_start_minute + options.shift_minutes);
}

TEST(Schedule, OverfullDaysArePackedAndNoted) {
  ScheduleOptions options;
  options.shift_minutes = 60;
  options.days = 1;
  std::vector<std::string> notes;
  const auto week = schedule_visits(std::vector<std::uint32_t>{6}, 15, options, 0, notes);
  ASSERT_EQ(week.size(), 6u);
  EXPECT_EQ(notes.size(), 1u);
  // Squeezed so the last visit still ends with the shift: 6 starts 9 minutes apart (45/5).
  EXPECT_EQ(week.back().start_minute, options.shift_start_minute + 45);
}

}  // namespace
}  // namespace hotspot::patrol
