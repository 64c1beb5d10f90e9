#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/rolling_origin.hpp"

namespace hotspot::evaluation {
namespace {

Incidents months_of(const std::vector<MonthIndex>& months) {
  Incidents in;
  for (MonthIndex m : months) {
    in.x.push_back(0.0);
    in.y.push_back(0.0);
    in.month.push_back(m);
    in.weight.push_back(1.0);
  }
  return in;
}

// 2018-01..03 and 2018-05..06 with data, April missing (police.uk archives have such gaps),
// plus one incident without a month.
Incidents gappy() {
  return months_of({make_month(2018, 3), make_month(2018, 1), make_month(2018, 2), make_month(2018, 5),
                    make_month(2018, 6), make_month(2018, 2), kNoMonth});
}

TEST(RollingOrigin, SkipsOriginsWhoseTestMonthsAreMissing) {
  RollingOriginOptions o;
  o.horizon = 1;
  o.min_training_months = 2;
  o.training_months = 12;
  const std::vector<RollingOrigin> r = rolling_origins(gappy(), o);
  ASSERT_EQ(r.size(), 2u);
  // t = 2018-02: trains on Jan–Feb, tests March.
  EXPECT_EQ(r[0].train_first, make_month(2018, 1));
  EXPECT_EQ(r[0].train_last, make_month(2018, 2));
  EXPECT_EQ(r[0].test_first, make_month(2018, 3));
  EXPECT_EQ(r[0].test_last, make_month(2018, 3));
  EXPECT_EQ(r[0].training_months_with_data, 2);
  // t = 2018-03 is skipped (April has no data); t = 2018-05 trains on Jan–May (4 months with data).
  EXPECT_EQ(r[1].train_first, make_month(2018, 1));
  EXPECT_EQ(r[1].train_last, make_month(2018, 5));
  EXPECT_EQ(r[1].test_first, make_month(2018, 6));
  EXPECT_EQ(r[1].training_months_with_data, 4);
}

TEST(RollingOrigin, WindowLimitsTrainingMonths) {
  RollingOriginOptions o;
  o.min_training_months = 2;
  o.training_months = 2;
  const std::vector<RollingOrigin> r = rolling_origins(gappy(), o);
  // t = 2018-05 has only May in its window [Apr, May], so only t = 2018-02 remains.
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].train_last, make_month(2018, 2));
}

TEST(RollingOrigin, HorizonNeedsEveryTestMonth) {
  RollingOriginOptions o;
  o.horizon = 2;
  o.min_training_months = 1;
  o.training_months = 0;
  const std::vector<RollingOrigin> r = rolling_origins(gappy(), o);
  // Only t = 2018-01 has both following months (Feb, Mar) with data.
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].train_last, make_month(2018, 1));
  EXPECT_EQ(r[0].test_first, make_month(2018, 2));
  EXPECT_EQ(r[0].test_last, make_month(2018, 3));
  EXPECT_EQ(origin_part(r[0], make_month(2018, 1)), OriginPart::training);
  EXPECT_EQ(origin_part(r[0], make_month(2018, 3)), OriginPart::test);
  EXPECT_EQ(origin_part(r[0], make_month(2018, 5)), OriginPart::none);
  EXPECT_EQ(origin_part(r[0], kNoMonth), OriginPart::none);
}

TEST(RollingOrigin, RefusesImpossibleOptions) {
  RollingOriginOptions o;
  o.horizon = 0;
  EXPECT_THROW((void)rolling_origins(gappy(), o), Error);
  o.horizon = 1;
  o.min_training_months = 6;
  o.training_months = 3;
  EXPECT_THROW((void)rolling_origins(gappy(), o), Error);
}

}  // namespace
}  // namespace hotspot::evaluation
