#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"
#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/rolling_origin.hpp"

namespace hotspot {

/// How the coming period's demand is forecast from the months before it.
enum class DemandModelKind {
  counts,    ///< each location's incidents in the history window, all months alike
  recency,   ///< the same, each month weighted 0.5^(age / half-life)
  smoothed,  ///< counts spread over neighbouring locations with a quartic kernel
};

/// One forecasting model. Every model gives each demand point its expected weight (count,
/// harm or field, as the incidents weigh) over the `horizon` months after an origin: the
/// point's weighted monthly rate over the history window times the horizon. The rate divides
/// by the months that have data (or their recency weights), not calendar months, so gaps in
/// a police.uk archive do not read as quiet months.
struct DemandModel {
  DemandModelKind kind = DemandModelKind::counts;
  double half_life_months = 6;  ///< recency only
  /// smoothed only: quartic kernel radius. Each location's weight is shared among the
  /// locations (police.uk snap points) within this distance, in proportion to (1 − d²/h²)²,
  /// itself included, so the total is kept and demand stays where incidents are recorded.
  double bandwidth_m = 100;
  /// > 0: this model's own history window in months instead of the options' (the "last
  /// period" model: counts of the last quarter only, what "move to last quarter's busiest
  /// places" goes by).
  int history_months = 0;

  /// "counts", "counts_last_3m", "recency_6m", "smoothed_100m".
  [[nodiscard]] std::string id() const;
  /// "plain counts", "counts of the last 3 months only", "recency-weighted counts (half-life 6
  /// months)", "counts smoothed over 100 m".
  [[nodiscard]] std::string label() const;
  friend bool operator==(const DemandModel&, const DemandModel&) = default;
};

/// Whether the model is chosen by the backtest or given.
enum class DemandMode { automatic, fixed };

/// How the demand model is chosen and its forecasts' interval made.
struct DemandModelOptions {
  /// automatic: the candidate that sees most of the later demand in the backtest (plain
  /// counts unless another beats it by `min_improvement`); fixed: `model`, still backtested
  /// (when the data allow) for the interval and for the comparison.
  DemandMode mode = DemandMode::automatic;
  DemandModel model;
  std::vector<double> half_lives_months = {3, 6, 12};  ///< recency candidates
  std::vector<double> bandwidths_m = {100, 200};       ///< smoothed candidates
  /// Also try counts of the last `horizon_months` only: police.uk snap points that were busy
  /// last quarter are often busy the next.
  bool last_period = true;
  /// Calendar months of history a forecast uses, ending at its origin; 0: all earlier months.
  /// 12 keeps a full year of seasons without reaching back to a different town.
  int history_months = 12;
  int horizon_months = 3;    ///< the period forecast (a redeployable placement: a quarter)
  int min_training_months = 3;  ///< months with data an origin's window must hold
  /// Rolling origins the backtest needs before it can choose a model or give an interval; with
  /// fewer, plain counts (or the fixed model) are used without an interval, with a note. Six
  /// origins need 11 consecutive months of data for a quarter ahead (3 of history, 6 origins,
  /// 3 to test the last).
  int min_origins = 6;
  /// Another model replaces plain counts only when its plans saw at least this share more of
  /// the later demand over all origins: a small win over a dozen origins is noise.
  double min_improvement = 0.02;
  double interval_level = 0.8;  ///< nominal coverage of the prediction interval
  int cameras = 4;              ///< cameras planned at each origin to score a model
};

/// The candidate models in the order they are compared: plain counts first (the baseline the
/// others must beat), then the last period's counts, recency at each half-life, smoothed at
/// each bandwidth, then the fixed model if it is none of these.
[[nodiscard]] std::vector<DemandModel> candidate_demand_models(const DemandModelOptions& options);

/// Expected weight per demand point over the `horizon_months` after `origin`, from the
/// incidents in the `history_months` ending at `origin` (0: all up to it; the model's own
/// window when it has one). `points` must be
/// the incidents' locations (`point_of` filled, as collapse_locations makes them); with
/// `counts` every incident weighs 1 (the expected number of incidents). The smoothed model
/// spreads weight only over locations that have an incident by `origin`, so no forecast uses
/// where later incidents were recorded. Incidents without a month are not used.
[[nodiscard]] std::vector<double> forecast_demand(const Incidents& incidents, const WeightedPoints& points,
                                                  const DemandModel& model, MonthIndex origin, int history_months,
                                                  int horizon_months, bool counts = false);

/// The cameras' side of a backtest: candidate coverage and the fixed network over the same
/// demand points.
struct CameraScene {
  const CoverageMatrix* candidates = nullptr;
  std::span<const CameraSite> sites;
  const CoverageMatrix* fixed = nullptr;  ///< may be null: no fixed network
};

/// A prediction interval from backtest errors: the realised / forecast ratios of the rolling
/// origins. The interval of a new forecast F is [F · low_ratio, F · high_ratio] with the split
/// conformal order statistics of the n ratios, ranks ⌊(n+1)·α/2⌋ and ⌈(n+1)·(1 − α/2)⌉
/// (α = 1 − level), which cover a new ratio exchangeable with them with probability at
/// least (hi − lo)/(n + 1) = `guaranteed_level`; with too few ratios for the level the
/// ranks are clamped to the smallest and largest and the guarantee is lower (said in notes).
/// The expected figure is F · median_ratio: planned sites are chosen because they were busy,
/// and busy places tend to be less busy next time (regression to the mean), which the ratio
/// corrects.
struct ForecastInterval {
  double level = 0.8;
  std::size_t samples = 0;
  double low_ratio = 0, median_ratio = 0, high_ratio = 0;
  double guaranteed_level = 0;
  /// Measured coverage: each origin in turn held out, with the origins whose test months
  /// overlap it; the share of held-out realised figures inside their interval.
  double coverage = 0;
  std::size_t coverage_trials = 0;
  [[nodiscard]] bool available() const { return samples > 0; }
};

/// One backtest pair: what was forecast at an origin (its last month of history) and what
/// happened.
struct ForecastSample {
  MonthIndex origin = kNoMonth;
  double forecast = 0, realised = 0;
};

/// The interval of `samples` (the ratios of those with a positive forecast) at `level`, with
/// its held-out coverage: each origin in turn against the ratios of the origins whose test
/// months (`horizon_months` after each origin) do not overlap its own.
[[nodiscard]] ForecastInterval interval_from_samples(std::span<const ForecastSample> samples, double level,
                                                     int horizon_months);

/// A forecast figure with its interval (all equal to the raw forecast when no interval).
struct ForecastFigure {
  double forecast = 0;  ///< the model's own figure
  double expected = 0;  ///< forecast · median ratio
  double low = 0, high = 0;
};
[[nodiscard]] ForecastFigure apply_interval(const ForecastInterval& interval, double forecast);

/// One candidate model's backtest.
struct DemandModelScore {
  DemandModel model;
  double realised_seen = 0;  ///< Σ over origins: later weight seen by cameras planned with it
  double forecast_seen = 0;  ///< Σ over origins: what it forecast those cameras would see
  double vs_counts = 0;      ///< realised_seen / plain counts' − 1
  std::size_t origins_better = 0, origins_worse = 0;  ///< than plain counts
};

/// One origin × model: what the planned cameras were forecast to see and saw (weights and
/// incident counts), in total and camera by camera (in the planner's rank order, each beyond
/// the fixed network and the cameras ranked above it).
struct DemandBacktestRow {
  std::size_t origin = 0, model = 0;
  double forecast = 0, realised = 0;              ///< weight
  double forecast_count = 0, realised_count = 0;  ///< incidents
  std::vector<double> camera_forecast, camera_realised, camera_forecast_count, camera_realised_count;
};

/// The model in force and how it was chosen.
struct DemandChoice {
  DemandModel model;
  bool backtested = false;  ///< false: too few origins; no interval
  std::vector<evaluation::RollingOrigin> origins;
  std::vector<DemandModelScore> scores;  ///< candidate_demand_models order
  std::vector<DemandBacktestRow> rows;   ///< origin-major, then model
  std::size_t chosen = 0;                ///< index of `model` in scores (when backtested)
  /// Intervals for the weight (harm, or incidents when counting) and for incident counts:
  /// for all the planned cameras together, and for one camera.
  ForecastInterval total, per_camera, total_count, per_camera_count;
  int history_months = 12, horizon_months = 3;
  std::string summary;  ///< one plain-English sentence: which model and why
  std::vector<std::string> notes;
};

/// Runs the rolling-origin backtest (evaluation::rolling_origins with the horizon, history
/// window and minimum training months of `options`): at each origin every candidate model
/// forecasts the next `horizon_months`, `options.cameras` cameras are planned on that
/// forecast (plan_cameras with `planner`, greedy + swap, without CBC), and the model is scored
/// by the later weight those cameras actually see beyond the fixed network: the quantity the
/// tool recommends on, rather than a fit statistic at places no camera will stand. Then
/// chooses (automatic) or keeps (fixed) the model and builds the intervals from the chosen
/// model's ratios. Deterministic. Throws Error(usage) on bad options.
[[nodiscard]] DemandChoice choose_demand_model(const Incidents& incidents, const WeightedPoints& points,
                                               const CameraScene& scene, const DemandModelOptions& options,
                                               const PlannerOptions& planner);

/// origin,model,forecast,realised,forecast_incidents,realised_incidents: one row per origin
/// and model (origin = the last month of history).
[[nodiscard]] std::string demand_backtest_csv(const DemandChoice& choice);

/// A Markdown table: one row per model, later demand seen over all origins, against counts.
[[nodiscard]] std::string demand_backtest_markdown(const DemandChoice& choice);

/// Weight (or, with `counts`, the number of incidents) per point of `points` over the months
/// [from, to], all months alike; incidents without a month are left out.
[[nodiscard]] std::vector<double> window_sum(const Incidents& incidents, const WeightedPoints& points, MonthIndex from,
                                             MonthIndex to, bool counts);

}  // namespace hotspot
