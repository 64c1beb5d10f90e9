#include "hotspot/cctv/demand_model.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

const MonthIndex kJan = make_month(2024, 1);

void add(Incidents& in, double x, double y, MonthIndex m, int n, double weight = 1) {
  for (int k = 0; k < n; ++k) {
    in.x.push_back(x);
    in.y.push_back(y);
    in.month.push_back(m);
    in.weight.push_back(weight);
  }
}

// One column per site seeing exactly the demand point at the site (sites listed in point order).
CoverageMatrix one_point_per_site(std::size_t n) {
  CoverageMatrix m;
  m.sites = n;
  m.site_inside_obstacle.assign(n, 0);
  for (std::uint32_t s = 0; s < n; ++s) m.columns.push_back(CoverageColumn{s, 0, 360, 10, {s}, {1.0}});
  return m;
}

TEST(DemandModel, ForecastsAgainstHandSums) {
  Incidents in;
  // Point A (0,0): 2 incidents in Jan, 4 in Mar (weight 1.5 each); Feb has no data at all.
  add(in, 0, 0, kJan, 2, 1.5);
  add(in, 0, 0, kJan + 2, 4, 1.5);
  // Point B (30,0): 1 in Mar. Point C (500,0): 6 in Apr (after the origin: never used).
  add(in, 30, 0, kJan + 2, 1, 1.5);
  add(in, 500, 0, kJan + 3, 6, 1.5);
  const WeightedPoints points = collapse_locations(in);
  ASSERT_EQ(points.size(), 3U);  // A, B, C in x order
  const MonthIndex origin = kJan + 2;

  // Counts: two months with data (Jan, Mar), so the monthly rate is the sum over 2; a quarter is 3 months.
  auto f = forecast_demand(in, points, DemandModel{}, origin, 12, 3);
  EXPECT_DOUBLE_EQ(f[0], (6 * 1.5) / 2 * 3);
  EXPECT_DOUBLE_EQ(f[1], 1.5 / 2 * 3);
  EXPECT_DOUBLE_EQ(f[2], 0);
  auto c = forecast_demand(in, points, DemandModel{}, origin, 12, 3, true);
  EXPECT_DOUBLE_EQ(c[0], 6.0 / 2 * 3);

  // A one-month window holds March only.
  f = forecast_demand(in, points, DemandModel{}, origin, 1, 3);
  EXPECT_DOUBLE_EQ(f[0], 4 * 1.5 * 3);

  // A model with its own one-month window ignores the 12 given.
  f = forecast_demand(in, points, DemandModel{DemandModelKind::counts, 6, 100, 1}, origin, 12, 3);
  EXPECT_DOUBLE_EQ(f[0], 4 * 1.5 * 3);

  // Recency, half-life 2: January weighs 0.5^(2/2) = 0.5, March 1.
  const DemandModel recency{DemandModelKind::recency, 2, 100};
  f = forecast_demand(in, points, recency, origin, 12, 1);
  EXPECT_DOUBLE_EQ(f[0], (2 * 1.5 * 0.5 + 4 * 1.5) / (0.5 + 1));
  EXPECT_DOUBLE_EQ(f[1], 1.5 / 1.5);

  // Smoothed over 100 m: A and B are 30 m apart, C is known only after the origin.
  const DemandModel smoothed{DemandModelKind::smoothed, 6, 100};
  f = forecast_demand(in, points, smoothed, origin, 12, 2);
  const double k = (1 - 0.09) * (1 - 0.09);  // (1 − 30²/100²)²
  const double a = 6 * 1.5 / 2 * 2, b = 1.5 / 2 * 2;
  EXPECT_NEAR(f[0], a / (1 + k) + b * k / (1 + k), 1e-12);
  EXPECT_NEAR(f[1], a * k / (1 + k) + b / (1 + k), 1e-12);
  EXPECT_DOUBLE_EQ(f[2], 0);
  EXPECT_NEAR(f[0] + f[1], a + b, 1e-12);  // mass kept

  EXPECT_THROW((void)forecast_demand(in, points, DemandModel{DemandModelKind::recency, 0, 100}, origin, 12, 3), Error);
  EXPECT_THROW((void)forecast_demand(in, points, DemandModel{}, origin, 12, 0), Error);
}

// Demand moves from A (3 a month, months 0–5) to B (2 a month, months 6–11). With all the
// history, counts keep the camera at A; recency with a one-month half-life follows the move.
TEST(DemandModel, BacktestChoosesRecencyWhenDemandMoves) {
  Incidents in;
  for (int m = 0; m < 6; ++m) add(in, 0, 0, kJan + m, 3);
  for (int m = 6; m < 12; ++m) add(in, 1000, 0, kJan + m, 2);
  const WeightedPoints points = collapse_locations(in);
  const CoverageMatrix coverage = one_point_per_site(2);
  const std::vector<CameraSite> sites{{0, 0, 1, "A", {}, {}}, {1000, 0, 1, "B", {}, {}}};
  DemandModelOptions o;
  o.history_months = 0;
  o.horizon_months = 1;
  o.min_training_months = 1;
  o.min_origins = 1;
  o.half_lives_months = {1};
  o.bandwidths_m = {};
  o.last_period = false;
  o.cameras = 1;
  const DemandChoice choice = choose_demand_model(in, points, CameraScene{&coverage, sites, nullptr}, o, PlannerOptions{});
  ASSERT_TRUE(choice.backtested);
  ASSERT_EQ(choice.origins.size(), 11U);
  ASSERT_EQ(choice.scores.size(), 2U);
  // Counts: A always; it sees 3 at origins 0–4 and nothing after.
  EXPECT_DOUBLE_EQ(choice.scores[0].realised_seen, 15);
  // Recency: A up to origin 6 (A 2.95 > B 2), B from origin 7 (A 1.48 < B 3): 15 + 4 × 2.
  EXPECT_DOUBLE_EQ(choice.scores[1].realised_seen, 23);
  EXPECT_EQ(choice.chosen, 1U);
  EXPECT_EQ(choice.model.id(), "recency_1m");
  EXPECT_NEAR(choice.scores[1].vs_counts, 23.0 / 15 - 1, 1e-12);
  EXPECT_EQ(choice.scores[1].origins_better, 4U);
  EXPECT_EQ(choice.scores[1].origins_worse, 0U);
  // The counts forecast at origin 7 (8 months with data): A's 18 over 8 months.
  const auto& row = choice.rows[7 * 2];
  EXPECT_EQ(row.model, 0U);
  EXPECT_DOUBLE_EQ(row.forecast, 18.0 / 8);
  EXPECT_DOUBLE_EQ(row.realised, 0);
  EXPECT_NE(choice.summary.find("53.3% more"), std::string::npos) << choice.summary;

  // A winner below the minimum improvement leaves plain counts in force.
  o.min_improvement = 0.6;
  EXPECT_EQ(choose_demand_model(in, points, CameraScene{&coverage, sites, nullptr}, o, PlannerOptions{}).chosen, 0U);
  // Too few origins: plain counts, no interval, and a note that says why.
  o.min_origins = 12;
  const DemandChoice short_data = choose_demand_model(in, points, CameraScene{&coverage, sites, nullptr}, o, PlannerOptions{});
  EXPECT_FALSE(short_data.backtested);
  EXPECT_FALSE(short_data.total.available());
  EXPECT_EQ(short_data.model.id(), "counts");
  EXPECT_NE(short_data.summary.find("allow 11 rolling origins"), std::string::npos) << short_data.summary;
}

// Stationary Poisson demand at 6 places, 4 of them busy: the interval's order statistics,
// median and held-out coverage recomputed here from the backtest rows.
TEST(DemandModel, IntervalFromTheBacktestErrors) {
  std::mt19937_64 rng(7);
  Incidents in;
  const double rate[6] = {9, 7, 6, 5, 2, 1};
  for (int m = 0; m < 40; ++m) {
    for (int p = 0; p < 6; ++p) {
      std::poisson_distribution<int> draw(rate[p]);
      add(in, 100.0 * p, 0, kJan + m, draw(rng));
    }
  }
  const WeightedPoints points = collapse_locations(in);
  ASSERT_EQ(points.size(), 6U);
  const CoverageMatrix coverage = one_point_per_site(6);
  std::vector<CameraSite> sites;
  for (int p = 0; p < 6; ++p) sites.push_back({100.0 * p, 0, 1, "", {}, {}});
  DemandModelOptions o;
  o.cameras = 2;
  o.bandwidths_m = {};
  o.last_period = false;
  const DemandChoice choice = choose_demand_model(in, points, CameraScene{&coverage, sites, nullptr}, o, PlannerOptions{});
  ASSERT_TRUE(choice.backtested);
  const std::size_t n = choice.origins.size();
  ASSERT_EQ(n, 40U - 3 - 2);  // origins 2..36: 3 months of history, 3 to test

  std::vector<double> ratios;
  for (const auto& row : choice.rows) {
    if (row.model == choice.chosen && row.forecast > 0) ratios.push_back(row.realised / row.forecast);
  }
  std::sort(ratios.begin(), ratios.end());
  ASSERT_EQ(ratios.size(), n);
  // 35 ratios at 80%: ranks ⌊36 · 0.1⌋ = 3 and ⌈36 · 0.9⌉ = 33, guaranteeing 30/36.
  EXPECT_DOUBLE_EQ(choice.total.low_ratio, ratios[2]);
  EXPECT_DOUBLE_EQ(choice.total.high_ratio, ratios[32]);
  EXPECT_DOUBLE_EQ(choice.total.median_ratio, ratios[17]);
  EXPECT_NEAR(choice.total.guaranteed_level, 30.0 / 36, 1e-12);
  EXPECT_EQ(choice.per_camera.samples, 2 * n);

  // Held-out coverage, recomputed: origin k against the origins at least 3 months away.
  std::size_t inside = 0, trials = 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<double> rest;
    for (const auto& row : choice.rows) {
      if (row.model != choice.chosen || row.forecast <= 0) continue;
      if (std::abs(choice.origins[row.origin].train_last - choice.origins[k].train_last) >= 3) {
        rest.push_back(row.realised / row.forecast);
      }
    }
    std::sort(rest.begin(), rest.end());
    const double np1 = static_cast<double>(rest.size() + 1);
    const auto lo = static_cast<std::size_t>(std::max(1.0, std::floor(np1 * 0.1)));
    const auto hi = static_cast<std::size_t>(std::min(np1 - 1, std::ceil(np1 * 0.9)));
    const auto& row = choice.rows[k * choice.scores.size() + choice.chosen];
    ++trials;
    if (row.realised >= row.forecast * rest[lo - 1] - 1e-9 && row.realised <= row.forecast * rest[hi - 1] + 1e-9) ++inside;
  }
  EXPECT_EQ(choice.total.coverage_trials, trials);
  EXPECT_DOUBLE_EQ(choice.total.coverage, static_cast<double>(inside) / static_cast<double>(trials));
  // Stationary data: the held-out coverage is near its nominal 80%.
  EXPECT_GE(choice.total.coverage, 0.65);
  EXPECT_LE(choice.total.coverage, 0.97);

  const ForecastFigure figure = apply_interval(choice.total, 10);
  EXPECT_DOUBLE_EQ(figure.low, 10 * ratios[2]);
  EXPECT_DOUBLE_EQ(figure.expected, 10 * ratios[17]);
  EXPECT_LE(figure.low, figure.expected);
  EXPECT_LE(figure.expected, figure.high);
}

TEST(DemandModel, IdsLabelsAndCandidates) {
  DemandModelOptions o;
  auto models = candidate_demand_models(o);
  ASSERT_EQ(models.size(), 7U);
  EXPECT_EQ(models[0].id(), "counts");
  EXPECT_EQ(models[1].id(), "counts_last_3m");
  EXPECT_EQ(models[1].label(), "counts of the last 3 months only");
  EXPECT_EQ(models[3].id(), "recency_6m");
  EXPECT_EQ(models[3].label(), "recency-weighted counts (half-life 6 months)");
  EXPECT_EQ(models[6].id(), "smoothed_200m");
  EXPECT_EQ(models[6].label(), "counts smoothed over 200 m");
  o.mode = DemandMode::fixed;
  o.model = DemandModel{DemandModelKind::recency, 1.5, 100};
  models = candidate_demand_models(o);
  ASSERT_EQ(models.size(), 8U);
  EXPECT_EQ(models.back().id(), "recency_1.5m");
}

}  // namespace
}  // namespace hotspot

namespace hotspot {
namespace {

// plan_cctv with a demand model: 5 a month at A in months 0–5, then 4 a month at B in months
// 6–11. The year's sum says A (30 against 24); the last quarter's counts, which win the
// backtest (54 against 30 for plain counts: A sees 15 + 10 + 5 after origins 2–4 under both,
// and only the last quarter follows the move, seeing 12 after origins 7 and 8), say B.
TEST(DemandModel, PlanCctvPlansOnTheForecast) {
  testing::ScratchDir dir("cctv-demand-model");
  VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", {}, {{wkb_point(0, 0), {}}, {wkb_point(1000, 0), {}}}, {}};
  const VectorLayer* layers[] = {&sites};
  write_geopackage(layers, dir.file("sites.gpkg"));
  PreparedIncidents prepared;
  prepared.crs = WorkingCrsChoice{"EPSG:27700", "EPSG:27700", "test"};
  prepared.harm = HarmWeights::bundled();
  prepared.incidents.crs = "EPSG:27700";
  for (int m = 0; m < 12; ++m) {
    for (int k = 0; k < (m < 6 ? 5 : 4); ++k) {
      IncidentRecord rec;
      rec.x = m < 6 ? 3 : 1003;
      rec.month = kJan + m;
      prepared.incidents.push_back(rec);
    }
  }
  CctvOptions options;
  options.candidates.points = AreaSource{dir.file("sites.gpkg"), "", ""};
  options.camera = testing::all_round(40);
  options.planner.cameras = 1;
  const CctvReport history = plan_cctv(prepared, options);
  ASSERT_EQ(history.plan.cameras.size(), 1U);
  EXPECT_EQ(history.plan.cameras[0].site, 0U);
  EXPECT_FALSE(history.demand_choice.has_value());

  options.demand_model = DemandModelOptions{};
  const CctvReport forecast = plan_cctv(prepared, options);
  ASSERT_TRUE(forecast.demand_choice.has_value());
  EXPECT_EQ(forecast.demand_choice->model.id(), "counts_last_3m");
  EXPECT_DOUBLE_EQ(forecast.demand_choice->scores[0].realised_seen, 30);
  EXPECT_DOUBLE_EQ(forecast.demand_choice->scores[1].realised_seen, 54);
  ASSERT_EQ(forecast.plan.cameras.size(), 1U);
  EXPECT_EQ(forecast.plan.cameras[0].site, 1U);
  EXPECT_DOUBLE_EQ(forecast.plan.total_demand, 12);  // B's 4 a month, for January to March 2025
  // The model is said in the printed summary, the layers' metadata and each CSV row; the
  // history's plan says nothing of a model.
  EXPECT_NE(forecast.summary_text.find("The demand is its forecast for January to March 2025.\n"), std::string::npos)
      << forecast.summary_text;
  const auto said = std::find_if(forecast.cameras.metadata.begin(), forecast.cameras.metadata.end(),
                                 [](const auto& kv) { return kv.first == "demand_model"; });
  ASSERT_NE(said, forecast.cameras.metadata.end());
  EXPECT_NE(said->second.find("January to March 2025"), std::string::npos) << said->second;
  const std::string header = forecast.summary_csv.substr(0, forecast.summary_csv.find('\n'));
  EXPECT_EQ(header.substr(header.rfind(',') + 1), "demand_model");
  EXPECT_NE(forecast.summary_csv.find(",counts_last_3m\n"), std::string::npos) << forecast.summary_csv;
  EXPECT_EQ(history.summary_csv.find("demand_model"), std::string::npos);
  EXPECT_EQ(history.summary_text.find("Demand model"), std::string::npos);
  for (const auto& note : forecast.notes) EXPECT_EQ(note.find("Demand model"), std::string::npos) << note;
}

}  // namespace
}  // namespace hotspot
