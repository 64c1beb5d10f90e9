#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"
#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/cctv/visibility.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/rolling_origin.hpp"

namespace hotspot::evaluation {

/// Options of `backtest_cameras` (pipeline stage `evaluation.camera_backtest`).
struct CameraBacktestOptions {
  CoverageOptions coverage;  ///< the camera model, visibility and threads
  /// cameras (N), min_separation_m, local_search, ... as for `hotspot cctv`. A budget is
  /// refused: the busiest-locations baseline is a count of cameras.
  PlannerOptions planner;
  RollingOriginOptions origins;
};

/// One rolling origin: shares of the training and the later (test) weight seen by N cameras
/// planned on the training months, by N cameras at the busiest training locations, and by N
/// cameras planned on the test months themselves (the hindsight ceiling).
struct CameraBacktestFold {
  RollingOrigin origin;
  double train_weight = 0.0;  ///< all training weight of located incidents
  double test_weight = 0.0;   ///< all test weight of located incidents
  double planned_train_share = 0.0, planned_test_share = 0.0;
  double busiest_train_share = 0.0, busiest_test_share = 0.0;
  double hindsight_test_share = 0.0;
  std::vector<std::uint32_t> planned_sites;     ///< indices into the candidate sites, by rank
  std::vector<std::uint32_t> busiest_points;    ///< indices into collapse_locations(incidents), by training weight
};

struct CameraBacktestResult {
  std::vector<CameraBacktestFold> folds;
  int cameras = 0;
  /// Means of the per-origin test shares (origins with test weight), and pooled shares
  /// Σ seen / Σ test weight.
  double planned_mean = 0.0, busiest_mean = 0.0, hindsight_mean = 0.0;
  double planned_pooled = 0.0, busiest_pooled = 0.0, hindsight_pooled = 0.0;
  std::vector<std::string> notes;
};

/// For each rolling origin, plans `planner.cameras` cameras among `candidates` with the
/// coverage planner on the training months' weight (Incidents::weight: counts or harm) and
/// reports the share of the test months' weight inside the chosen cameras' coverage
/// (quality-weighted when the camera model decays, as the planner counts it), against the
/// same number of cameras, same model and separation, standing on the busiest training
/// locations (police.uk snap points; ties by (x, y)), and against cameras planned with
/// hindsight on the test months. Demand points are the incidents' distinct locations; the
/// coverage of the candidates is computed once. Throws Error(usage) on a budget or no
/// candidates, Error(data) when there is no origin.
[[nodiscard]] CameraBacktestResult backtest_cameras(const Incidents& incidents, const std::vector<CameraSite>& candidates,
                                                    const ObstacleSet& obstacles, const CameraBacktestOptions& options);

/// origin,train_first,train_last,test_first,test_last,cameras,train_weight,test_weight,
/// planned_train_share,planned_test_share,busiest_train_share,busiest_test_share,hindsight_test_share
[[nodiscard]] std::string camera_backtest_csv(const CameraBacktestResult& result);

/// A short Markdown table: planned vs busiest vs hindsight, mean and pooled share of later weight seen.
[[nodiscard]] std::string camera_backtest_markdown(const CameraBacktestResult& result);

}  // namespace hotspot::evaluation
