#include "hotspot/filter/incident_filter.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/vector_writer.hpp"

namespace hotspot {
namespace {

struct Row {
  double x, y;
  const char* type;
  MonthIndex month;
  LocalTime time;
};

Incidents make(const std::vector<Row>& rows) {
  Incidents inc;
  inc.crs = "EPSG:27700";
  inc.sources.intern("s.csv");
  std::uint64_t n = 0;
  for (const auto& r : rows) {
    inc.push_back({.x = r.x,
                   .y = r.y,
                   .month = r.month,
                   .time = r.time,
                   .category = r.type ? inc.categories.intern(r.type) : Incidents::kNoCode,
                   .row = ++n});
  }
  return inc;
}

RowAccount account_for(const Incidents& inc) {
  RowAccount account;
  account.sources = {"s.csv"};
  account.read = inc.size();
  return account;
}

std::uint64_t count(const RowAccount& a, RejectReason r) { return a.rejected_by_reason[static_cast<std::size_t>(r)]; }

TEST(IncidentFilter, TypesAreCaseInsensitiveAndUnknownNamesAreErrors) {
  Incidents inc = make({{0, 0, "Anti-social behaviour", make_month(2021, 1), kNoTime},
                        {0, 0, "Burglary", make_month(2021, 1), kNoTime},
                        {0, 0, "Drugs", make_month(2021, 1), kNoTime}});
  RowAccount account = account_for(inc);
  std::vector<std::string> notes;
  FilterOptions options;
  options.types = {"anti-social BEHAVIOUR", " burglary", "Robbery"};
  filter_incidents(inc, options, {}, account, notes);
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_EQ(count(account, RejectReason::excluded_type), 1u);
  EXPECT_EQ(account.rejections[0].row, 3u);
  ASSERT_EQ(notes.size(), 1u);  // Robbery is a police.uk type that simply is not in the data
  EXPECT_NE(notes[0].find("Robbery"), std::string::npos);

  options.types = {"Anti social behaviour"};
  try {
    filter_incidents(inc, options, {}, account, notes);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("Anti-social behaviour"), std::string::npos) << e.what();
  }
}

TEST(IncidentFilter, PeriodIsInclusiveForMonthsAndTimestamps) {
  const LocalTime mar31_late = days_from_civil(2021, 3, 31) * 86400 + 23 * 3600 + 59 * 60;
  const LocalTime apr1 = days_from_civil(2021, 4, 1) * 86400;
  Incidents inc = make({{0, 0, "Drugs", make_month(2021, 1), kNoTime},   // 1 in (month)
                        {0, 0, "Drugs", make_month(2021, 3), kNoTime},   // 2 in
                        {0, 0, "Drugs", make_month(2021, 4), kNoTime},   // 3 out
                        {0, 0, "Drugs", make_month(2020, 12), kNoTime},  // 4 out
                        {0, 0, "Drugs", make_month(2021, 3), mar31_late},  // 5 in
                        {0, 0, "Drugs", make_month(2021, 4), apr1},        // 6 out
                        {0, 0, "Drugs", kNoMonth, kNoTime}});              // 7 no date
  RowAccount account = account_for(inc);
  std::vector<std::string> notes;
  FilterOptions options;
  options.from = "2021-01";
  options.to = "2021-03";
  filter_incidents(inc, options, {}, account, notes);
  EXPECT_EQ(inc.row, (std::vector<std::uint64_t>{1, 2, 5}));
  EXPECT_EQ(count(account, RejectReason::outside_period), 3u);
  EXPECT_EQ(count(account, RejectReason::no_date), 1u);

  const Period day = parse_period("2021-03-14", "14/03/2021");
  EXPECT_EQ(day.from_time, days_from_civil(2021, 3, 14) * 86400);
  EXPECT_EQ(day.to_time, days_from_civil(2021, 3, 14) * 86400 + 86399);
  EXPECT_THROW((void)parse_period("2021-04", "2021-03"), Error);
  EXPECT_THROW((void)parse_period("March", ""), Error);
}

TEST(IncidentFilter, AreaAndBboxRejectWithTheirOwnReasonsInOrder) {
  const std::vector<std::pair<double, double>> square{{0, 0}, {100, 0}, {100, 100}, {0, 100}};
  const std::vector<std::pair<double, double>> left{{0, 0}, {50, 0}, {50, 100}, {0, 100}};
  std::vector<std::string> notes;
  const StudyArea area = StudyArea::from_wkb(wkb_polygon(std::span(&square, 1)), "EPSG:27700", notes);
  const StudyArea box = StudyArea::from_wkb(wkb_polygon(std::span(&left, 1)), "EPSG:27700", notes);
  Incidents inc = make({{10, 10, "Drugs", make_month(2021, 1), kNoTime},
                        {70, 10, "Drugs", make_month(2021, 1), kNoTime},
                        {170, 10, "Drugs", make_month(2021, 1), kNoTime},
                        {170, 10, "Burglary", make_month(2021, 1), kNoTime}});
  RowAccount account = account_for(inc);
  FilterOptions options;
  options.types = {"Drugs"};
  filter_incidents(inc, options, FilterAreas{&area, &box}, account, notes);
  EXPECT_EQ(inc.row, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(count(account, RejectReason::outside_bbox), 1u);
  EXPECT_EQ(count(account, RejectReason::outside_area), 1u);
  EXPECT_EQ(count(account, RejectReason::excluded_type), 1u);  // type is tested first
  EXPECT_EQ(account.used(), 1u);
}

}  // namespace
}  // namespace hotspot
