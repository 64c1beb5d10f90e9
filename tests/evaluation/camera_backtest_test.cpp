#include <gtest/gtest.h>

#include "evaluation/evaluation_test_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/evaluation/camera_backtest.hpp"

namespace hotspot::evaluation {
namespace {

void add_at(Incidents& in, double x, MonthIndex month, int n) {
  for (int i = 0; i < n; ++i) {
    in.x.push_back(x);
    in.y.push_back(0.0);
    in.month.push_back(month);
    in.weight.push_back(1.0);
  }
}

using testing::kFeb;
using testing::kJan;
using testing::kMar;

// Three snap points on a line: P1 at x = 0 (the busiest single point, 4 training incidents),
// P2 at x = 100 and P3 at x = 105 (3 each, close together). Test month: P1 1, P2 2, P3 1.
Incidents scene() {
  Incidents in;
  add_at(in, 0.0, kJan, 2);
  add_at(in, 100.0, kJan, 2);
  add_at(in, 105.0, kJan, 1);
  add_at(in, 0.0, kFeb, 2);
  add_at(in, 100.0, kFeb, 1);
  add_at(in, 105.0, kFeb, 2);
  add_at(in, 0.0, kMar, 1);
  add_at(in, 100.0, kMar, 2);
  add_at(in, 105.0, kMar, 1);
  return in;
}

CameraBacktestOptions one_camera() {
  CameraBacktestOptions o;
  o.coverage.camera.range_m = 10.0;
  o.coverage.camera.fov_deg = 360.0;
  o.planner.cameras = 1;
  o.origins.min_training_months = 2;
  o.origins.training_months = 0;
  return o;
}

TEST(CameraBacktest, PlannedCoversTheClusterTheBusiestPointMisses) {
  // Candidates: on P1, and between P2 and P3 (sees both within 10 m).
  const std::vector<CameraSite> sites{{0.0, 0.0, 1, "a", {}, {}}, {102.5, 0.0, 1, "b", {}, {}}};
  const CameraBacktestResult r = backtest_cameras(scene(), sites, ObstacleSet(), one_camera());
  ASSERT_EQ(r.folds.size(), 1u);
  const CameraBacktestFold& f = r.folds[0];
  EXPECT_EQ(f.origin.train_last, kFeb);
  EXPECT_DOUBLE_EQ(f.train_weight, 10.0);
  EXPECT_DOUBLE_EQ(f.test_weight, 4.0);
  ASSERT_EQ(f.planned_sites.size(), 1u);
  EXPECT_EQ(f.planned_sites[0], 1u);               // between P2 and P3: 6 training incidents
  EXPECT_DOUBLE_EQ(f.planned_train_share, 0.6);
  EXPECT_DOUBLE_EQ(f.planned_test_share, 0.75);   // P2 2 + P3 1 of 4
  ASSERT_EQ(f.busiest_points.size(), 1u);         // P1, point 0 in (x, y) order
  EXPECT_EQ(f.busiest_points[0], 0u);
  EXPECT_DOUBLE_EQ(f.busiest_train_share, 0.4);
  EXPECT_DOUBLE_EQ(f.busiest_test_share, 0.25);
  EXPECT_DOUBLE_EQ(f.hindsight_test_share, 0.75);
  EXPECT_DOUBLE_EQ(r.planned_mean, 0.75);
  EXPECT_DOUBLE_EQ(r.busiest_pooled, 0.25);
  const std::string csv = camera_backtest_csv(r);
  EXPECT_NE(csv.find("\n2020-02,2020-01,2020-02,2020-03,2020-03,1,10,4,0.6,0.75,0.4,0.25,0.75\n"), std::string::npos)
      << csv;
  EXPECT_NE(camera_backtest_markdown(r).find("| busiest training locations | 25.0% | 25.0% |"), std::string::npos);
}

TEST(CameraBacktest, BusiestLocationsKeepTheSeparation) {
  // Two cameras 200 m apart at least: the busiest points are P1 (4) and then P2 or P3 (3
  // each; the tie goes to P2, first in (x, y) order), both over 100 m from P1.
  CameraBacktestOptions o = one_camera();
  o.planner.cameras = 2;
  o.planner.min_separation_m = 200.0;
  const std::vector<CameraSite> sites{{0.0, 0.0, 1, "a", {}, {}}, {102.5, 0.0, 1, "b", {}, {}}};
  const CameraBacktestResult r = backtest_cameras(scene(), sites, ObstacleSet(), o);
  // Only one busiest point survives the 200 m separation, and only one planned site.
  EXPECT_EQ(r.folds[0].busiest_points.size(), 1u);
  EXPECT_EQ(r.folds[0].planned_sites.size(), 1u);
  o.planner.min_separation_m = 50.0;
  const CameraBacktestResult r2 = backtest_cameras(scene(), sites, ObstacleSet(), o);
  ASSERT_EQ(r2.folds[0].busiest_points.size(), 2u);
  EXPECT_EQ(r2.folds[0].busiest_points[1], 1u);  // P2
  EXPECT_DOUBLE_EQ(r2.folds[0].busiest_test_share, 1.0);  // P2's camera also sees P3, 5 m away
  EXPECT_DOUBLE_EQ(r2.folds[0].planned_test_share, 1.0);   // both candidates
}

TEST(CameraBacktest, RefusesBudgetsAndNoCandidates) {
  CameraBacktestOptions o = one_camera();
  EXPECT_THROW((void)backtest_cameras(scene(), {}, ObstacleSet(), o), Error);
  o.planner.budget = 3.0;
  const std::vector<CameraSite> sites{{0.0, 0.0, 1, "a", {}, {}}};
  EXPECT_THROW((void)backtest_cameras(scene(), sites, ObstacleSet(), o), Error);
}

}  // namespace
}  // namespace hotspot::evaluation
