#include "hotspot/evaluation/camera_backtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot::evaluation {
namespace {

constexpr const char* kStage = "evaluation.camera_backtest";

/// Primary coverage (quality-weighted, each point once) of `weight` by the chosen columns.
double seen(const CoverageMatrix& matrix, std::span<const CameraSite> sites, std::span<const std::uint32_t> columns,
            const std::vector<double>& weight) {
  PlannerInput input;
  input.candidates = &matrix;
  input.sites = sites;
  input.demand_weight = weight;
  return coverage_objective(input, columns, 0.0);
}

std::vector<std::uint32_t> columns_of(const Plan& plan) {
  std::vector<std::uint32_t> out;
  for (const PlannedCamera& c : plan.cameras) out.push_back(c.column);
  return out;
}

/// The busiest points by weight (ties by index, i.e. by (x, y)), each at least `separation`
/// from those already taken, up to `n`.
std::vector<std::uint32_t> busiest_points(const WeightedPoints& points, const std::vector<double>& weight, int n,
                                          double separation) {
  std::vector<std::uint32_t> order(points.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return weight[a] > weight[b]; });
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t p : order) {
    if (static_cast<int>(chosen.size()) == n || !(weight[p] > 0.0)) break;
    const bool far = std::all_of(chosen.begin(), chosen.end(), [&](std::uint32_t q) {
      return std::hypot(points.x[p] - points.x[q], points.y[p] - points.y[q]) >= separation;
    });
    if (far) chosen.push_back(p);
  }
  return chosen;
}

}  // namespace

CameraBacktestResult backtest_cameras(const Incidents& incidents, const std::vector<CameraSite>& candidates,
                                      const ObstacleSet& obstacles, const CameraBacktestOptions& options) {
  if (options.planner.budget) {
    throw Error(ErrorCode::usage, kStage, "the camera backtest compares a number of cameras, not a budget");
  }
  if (options.planner.cameras < 1) throw Error(ErrorCode::usage, kStage, "at least one camera is needed");
  if (candidates.empty()) throw Error(ErrorCode::usage, kStage, "no candidate camera sites");
  const std::vector<RollingOrigin> origins = rolling_origins(incidents, options.origins);
  if (origins.empty()) throw Error(ErrorCode::data, kStage, "no rolling origin in the incidents' months");

  const WeightedPoints points = collapse_locations(incidents);
  const CoverageMatrix coverage = build_coverage(candidates, points, obstacles, options.coverage);
  // The planned and hindsight cameras of every origin stand on the same sites: their
  // conflicts at the separation are found once.
  const SiteConflicts conflicts = site_conflicts(candidates, options.planner.min_separation_m);

  CameraBacktestResult result;
  result.cameras = options.planner.cameras;
  double planned_sum = 0, busiest_sum = 0, hindsight_sum = 0, test_sum = 0;
  std::size_t with_test = 0;
  for (const RollingOrigin& origin : origins) {
    CameraBacktestFold fold;
    fold.origin = origin;
    std::vector<double> train(points.size(), 0.0), test(points.size(), 0.0);
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      const OriginPart part = origin_part(origin, incidents.month[i]);
      if (part == OriginPart::training) train[points.point_of[i]] += incidents.weight[i];
      if (part == OriginPart::test) test[points.point_of[i]] += incidents.weight[i];
    }
    for (std::size_t p = 0; p < points.size(); ++p) {
      fold.train_weight += train[p];
      fold.test_weight += test[p];
    }

    PlannerInput input;
    input.candidates = &coverage;
    input.sites = candidates;
    input.demand_weight = train;
    input.conflicts = &conflicts;
    const Plan plan = plan_cameras(input, options.planner);
    const std::vector<std::uint32_t> planned = columns_of(plan);
    for (const PlannedCamera& c : plan.cameras) fold.planned_sites.push_back(c.site);

    // The baseline cameras stand on the busiest locations; the planner only picks their
    // headings (all of them are taken: they are already far enough apart).
    fold.busiest_points = busiest_points(points, train, options.planner.cameras, options.planner.min_separation_m);
    std::vector<CameraSite> busiest_sites;
    for (std::uint32_t p : fold.busiest_points) busiest_sites.push_back({points.x[p], points.y[p], 1, "busiest", {}, {}});
    std::vector<std::uint32_t> busiest_columns;
    CoverageMatrix busiest_coverage;
    if (!busiest_sites.empty()) {
      busiest_coverage = build_coverage(busiest_sites, points, obstacles, options.coverage);
      PlannerInput b;
      b.candidates = &busiest_coverage;
      b.sites = busiest_sites;
      b.demand_weight = train;
      PlannerOptions bo = options.planner;
      bo.cameras = static_cast<int>(busiest_sites.size());
      bo.exact = false;
      busiest_columns = columns_of(plan_cameras(b, bo));
    }

    input.demand_weight = test;
    PlannerOptions hindsight_options = options.planner;
    hindsight_options.exact = false;
    const std::vector<std::uint32_t> hindsight = columns_of(plan_cameras(input, hindsight_options));

    const double planned_test = seen(coverage, candidates, planned, test);
    const double busiest_test = busiest_sites.empty() ? 0.0 : seen(busiest_coverage, busiest_sites, busiest_columns, test);
    const double hindsight_test = seen(coverage, candidates, hindsight, test);
    if (fold.train_weight > 0.0) {
      fold.planned_train_share = seen(coverage, candidates, planned, train) / fold.train_weight;
      fold.busiest_train_share =
          busiest_sites.empty() ? 0.0 : seen(busiest_coverage, busiest_sites, busiest_columns, train) / fold.train_weight;
    }
    if (fold.test_weight > 0.0) {
      fold.planned_test_share = planned_test / fold.test_weight;
      fold.busiest_test_share = busiest_test / fold.test_weight;
      fold.hindsight_test_share = hindsight_test / fold.test_weight;
      result.planned_mean += fold.planned_test_share;
      result.busiest_mean += fold.busiest_test_share;
      result.hindsight_mean += fold.hindsight_test_share;
      ++with_test;
    }
    planned_sum += planned_test;
    busiest_sum += busiest_test;
    hindsight_sum += hindsight_test;
    test_sum += fold.test_weight;
    result.folds.push_back(std::move(fold));
  }
  if (with_test > 0) {
    const auto n = static_cast<double>(with_test);
    result.planned_mean /= n;
    result.busiest_mean /= n;
    result.hindsight_mean /= n;
  }
  if (test_sum > 0.0) {
    result.planned_pooled = planned_sum / test_sum;
    result.busiest_pooled = busiest_sum / test_sum;
    result.hindsight_pooled = hindsight_sum / test_sum;
  }
  return result;
}

std::string camera_backtest_csv(const CameraBacktestResult& result) {
  std::string out =
      "origin,train_first,train_last,test_first,test_last,cameras,train_weight,test_weight,planned_train_share,"
      "planned_test_share,busiest_train_share,busiest_test_share,hindsight_test_share\n";
  for (const CameraBacktestFold& f : result.folds) {
    out += format_month(f.origin.train_last) + ',' + format_month(f.origin.train_first) + ',' +
           format_month(f.origin.train_last) + ',' + format_month(f.origin.test_first) + ',' +
           format_month(f.origin.test_last) + ',' + std::to_string(result.cameras);
    for (const double v : {f.train_weight, f.test_weight, f.planned_train_share, f.planned_test_share,
                           f.busiest_train_share, f.busiest_test_share, f.hindsight_test_share}) {
      out += ',' + short_number(v, 10);
    }
    out += '\n';
  }
  return out;
}

std::string camera_backtest_markdown(const CameraBacktestResult& result) {
  const auto pct = [](double v) {
    return format("%.1f%%", 100.0 * v);
  };
  std::string out = std::to_string(result.cameras) + " cameras at each of " + std::to_string(result.folds.size()) +
                    " rolling origins; share of the later months' weight inside their coverage.\n\n";
  out += "| cameras | mean share of later weight seen | pooled |\n| --- | ---: | ---: |\n";
  out += "| planned on training months | " + pct(result.planned_mean) + " | " + pct(result.planned_pooled) + " |\n";
  out += "| busiest training locations | " + pct(result.busiest_mean) + " | " + pct(result.busiest_pooled) + " |\n";
  out += "| hindsight (planned on the later months) | " + pct(result.hindsight_mean) + " | " +
         pct(result.hindsight_pooled) + " |\n";
  return out;
}

}  // namespace hotspot::evaluation
