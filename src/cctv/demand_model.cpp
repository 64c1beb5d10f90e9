#include "hotspot/cctv/demand_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <set>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.demand_model";

std::string fixed(double value, int decimals) { return format("%.*f", decimals, value); }

// Pairs of points within `radius`, found through a square grid of that cell size.
std::vector<std::vector<std::pair<std::uint32_t, double>>> neighbours(const WeightedPoints& points, double radius) {
  std::vector<std::vector<std::pair<std::uint32_t, double>>> out(points.size());
  if (points.size() == 0) return out;
  const double min_x = *std::min_element(points.x.begin(), points.x.end());
  const double min_y = *std::min_element(points.y.begin(), points.y.end());
  const auto cell = [&](double v, double m) { return static_cast<long>(std::floor((v - m) / radius)); };
  std::vector<std::pair<std::pair<long, long>, std::uint32_t>> keyed(points.size());
  for (std::uint32_t i = 0; i < points.size(); ++i) keyed[i] = {{cell(points.x[i], min_x), cell(points.y[i], min_y)}, i};
  std::sort(keyed.begin(), keyed.end());
  const auto range_of = [&](long cx, long cy) {
    const auto lo = std::lower_bound(keyed.begin(), keyed.end(), std::pair{std::pair{cx, cy}, std::uint32_t{0}});
    auto hi = lo;
    while (hi != keyed.end() && hi->first == std::pair{cx, cy}) ++hi;
    return std::pair{lo, hi};
  };
  const double r2 = radius * radius;
  for (std::uint32_t i = 0; i < points.size(); ++i) {
    const long cx = cell(points.x[i], min_x), cy = cell(points.y[i], min_y);
    for (long dy = -1; dy <= 1; ++dy) {
      for (long dx = -1; dx <= 1; ++dx) {
        const auto [lo, hi] = range_of(cx + dx, cy + dy);
        for (auto it = lo; it != hi; ++it) {
          const std::uint32_t j = it->second;
          const double ddx = points.x[j] - points.x[i], ddy = points.y[j] - points.y[i];
          const double d2 = ddx * ddx + ddy * ddy;
          if (d2 < r2) out[i].push_back({j, d2});
        }
      }
    }
    std::sort(out[i].begin(), out[i].end());
  }
  return out;
}


// Each camera's marginal weight in rank order (beyond the fixed network and the cameras above).
std::vector<double> marginals(const CameraScene& scene, std::span<const double> weight,
                              const std::vector<std::uint32_t>& columns) {
  const PlannerInput input{scene.candidates, scene.sites, scene.fixed, weight};
  std::vector<double> out;
  double before = coverage_objective(input, {}, 0.0);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const double after = coverage_objective(input, std::span(columns.data(), k + 1), 0.0);
    out.push_back(after - before);
    before = after;
  }
  return out;
}

double quantile_sorted(const std::vector<double>& sorted, double p) {
  // Linear interpolation between order statistics (Hyndman and Fan type 7), for the median.
  if (sorted.empty()) return 0;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Split conformal ranks (1-based) for n ratios at `level`, clamped to [1, n].
std::pair<std::size_t, std::size_t> conformal_ranks(std::size_t n, double level) {
  const double alpha = 1 - level;
  const double np1 = static_cast<double>(n + 1);
  auto lo = static_cast<long>(std::floor(np1 * alpha / 2));
  auto hi = static_cast<long>(std::ceil(np1 * (1 - alpha / 2)));
  lo = std::max(1L, lo);
  hi = std::min(static_cast<long>(n), hi);
  return {static_cast<std::size_t>(lo), static_cast<std::size_t>(std::max(lo, hi))};
}

std::vector<std::uint32_t> plan_columns(const CameraScene& scene, std::span<const double> weight,
                                        const PlannerOptions& planner, const SiteConflicts& conflicts) {
  const Plan plan = plan_cameras(PlannerInput{scene.candidates, scene.sites, scene.fixed, weight, &conflicts}, planner);
  std::vector<std::uint32_t> out;
  for (const auto& c : plan.cameras) out.push_back(c.column);
  return out;
}

}  // namespace

std::string DemandModel::id() const {
  switch (kind) {
    case DemandModelKind::counts:
      return history_months > 0 ? "counts_last_" + std::to_string(history_months) + "m" : std::string("counts");
    case DemandModelKind::recency: return "recency_" + short_number(half_life_months) + "m";
    case DemandModelKind::smoothed: return "smoothed_" + short_number(bandwidth_m) + "m";
  }
  return "counts";
}

std::string DemandModel::label() const {
  switch (kind) {
    case DemandModelKind::counts:
      return history_months > 0 ? "counts of the last " + std::to_string(history_months) + " months only"
                                : std::string("plain counts");
    case DemandModelKind::recency:
      return "recency-weighted counts (half-life " + short_number(half_life_months) + " months)";
    case DemandModelKind::smoothed: return "counts smoothed over " + short_number(bandwidth_m) + " m";
  }
  return "plain counts";
}

std::vector<DemandModel> candidate_demand_models(const DemandModelOptions& options) {
  std::vector<DemandModel> models{DemandModel{}};
  if (options.last_period) models.push_back({DemandModelKind::counts, 6, 100, options.horizon_months});
  for (const double h : options.half_lives_months) models.push_back({DemandModelKind::recency, h, 100});
  for (const double b : options.bandwidths_m) models.push_back({DemandModelKind::smoothed, 6, b});
  if (options.mode == DemandMode::fixed) {
    const auto same = [&](const DemandModel& m) { return m.id() == options.model.id(); };
    if (std::none_of(models.begin(), models.end(), same)) models.push_back(options.model);
  }
  return models;
}

std::vector<double> forecast_demand(const Incidents& incidents, const WeightedPoints& points, const DemandModel& model,
                                    MonthIndex origin, int history_months, int horizon_months, bool counts) {
  if (points.point_of.size() != incidents.size()) {
    throw Error(ErrorCode::internal, kStage, "demand points do not belong to these incidents");
  }
  if (horizon_months < 1 || history_months < 0 || model.history_months < 0) {
    throw Error(ErrorCode::usage, kStage, "the forecast period must be at least a month and the history not negative");
  }
  if (model.kind == DemandModelKind::recency && !(model.half_life_months > 0)) {
    throw Error(ErrorCode::usage, kStage, "the recency half-life must be positive");
  }
  if (model.kind == DemandModelKind::smoothed && !(model.bandwidth_m > 0)) {
    throw Error(ErrorCode::usage, kStage, "the smoothing bandwidth must be positive");
  }
  const int window = model.history_months > 0 ? model.history_months : history_months;
  const MonthIndex from = window > 0 ? origin - window + 1 : std::numeric_limits<MonthIndex>::min() + 1;
  const auto factor = [&](MonthIndex m) {
    return model.kind == DemandModelKind::recency ? std::pow(0.5, static_cast<double>(origin - m) / model.half_life_months)
                                                  : 1.0;
  };
  std::vector<double> w(points.size(), 0.0);
  std::set<MonthIndex> months;
  std::vector<std::uint8_t> known(points.size(), 0);
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const MonthIndex m = incidents.month[r];
    if (m == kNoMonth || m > origin) continue;
    known[points.point_of[r]] = 1;
    if (m < from) continue;
    months.insert(m);
    w[points.point_of[r]] += (counts ? 1.0 : incidents.weight[r]) * factor(m);
  }
  double month_weight = 0;
  for (const MonthIndex m : months) month_weight += factor(m);
  if (month_weight <= 0) return std::vector<double>(points.size(), 0.0);
  const double scale = static_cast<double>(horizon_months) / month_weight;
  for (double& v : w) v *= scale;
  if (model.kind != DemandModelKind::smoothed) return w;

  // Each known location shares its weight among the known locations within the bandwidth.
  const auto near = neighbours(points, model.bandwidth_m);
  const double h2 = model.bandwidth_m * model.bandwidth_m;
  std::vector<double> spread(points.size(), 0.0);
  for (std::size_t j = 0; j < points.size(); ++j) {
    if (w[j] == 0 || known[j] == 0) continue;
    double total = 0;
    for (const auto& [i, d2] : near[j]) {
      if (known[i] != 0) total += (1 - d2 / h2) * (1 - d2 / h2);
    }
    for (const auto& [i, d2] : near[j]) {
      if (known[i] != 0) spread[i] += w[j] * (1 - d2 / h2) * (1 - d2 / h2) / total;
    }
  }
  return spread;
}

ForecastInterval interval_from_samples(std::span<const ForecastSample> samples, double level, int horizon_months) {
  if (!(level > 0 && level < 1)) throw Error(ErrorCode::usage, kStage, "the interval level must lie strictly between 0 and 1");
  ForecastInterval out;
  out.level = level;
  const auto ratios_of = [&](auto keep) {
    std::vector<double> r;
    for (const ForecastSample& s : samples) {
      if (s.forecast > 0 && keep(s)) r.push_back(s.realised / s.forecast);
    }
    std::sort(r.begin(), r.end());
    return r;
  };
  const std::vector<double> all = ratios_of([](const ForecastSample&) { return true; });
  out.samples = all.size();
  if (all.empty()) return out;
  const auto [lo, hi] = conformal_ranks(all.size(), level);
  out.low_ratio = all[lo - 1];
  out.high_ratio = all[hi - 1];
  out.median_ratio = quantile_sorted(all, 0.5);
  out.guaranteed_level = static_cast<double>(hi - lo) / static_cast<double>(all.size() + 1);
  std::set<MonthIndex> origins;
  for (const ForecastSample& s : samples) origins.insert(s.origin);
  std::size_t inside = 0;
  for (const MonthIndex held_out : origins) {
    const std::vector<double> rest =
        ratios_of([&](const ForecastSample& s) { return std::abs(s.origin - held_out) >= horizon_months; });
    if (rest.size() < 2) continue;
    const auto [l, h] = conformal_ranks(rest.size(), level);
    for (const ForecastSample& s : samples) {
      if (s.origin != held_out || s.forecast <= 0) continue;
      ++out.coverage_trials;
      const double tol = 1e-9 * std::max(1.0, s.realised);
      if (s.realised >= s.forecast * rest[l - 1] - tol && s.realised <= s.forecast * rest[h - 1] + tol) ++inside;
    }
  }
  out.coverage = out.coverage_trials > 0 ? static_cast<double>(inside) / static_cast<double>(out.coverage_trials) : 0.0;
  return out;
}

ForecastFigure apply_interval(const ForecastInterval& interval, double forecast) {
  if (!interval.available()) return {forecast, forecast, forecast, forecast};
  return {forecast, forecast * interval.median_ratio, forecast * interval.low_ratio, forecast * interval.high_ratio};
}

DemandChoice choose_demand_model(const Incidents& incidents, const WeightedPoints& points, const CameraScene& scene,
                                 const DemandModelOptions& options, const PlannerOptions& planner) {
  if (scene.candidates == nullptr) throw Error(ErrorCode::internal, kStage, "no candidate coverage");
  if (!(options.interval_level > 0 && options.interval_level < 1)) {
    throw Error(ErrorCode::usage, kStage, "the interval level must lie strictly between 0 and 1");
  }
  if (options.cameras < 1 || options.min_origins < 1 || options.min_improvement < 0) {
    throw Error(ErrorCode::usage, kStage,
                "the backtest needs at least one camera and one origin, and a minimum improvement of 0 or more");
  }
  DemandChoice choice;
  choice.history_months = options.history_months;
  choice.horizon_months = options.horizon_months;
  choice.model = options.mode == DemandMode::fixed ? options.model : DemandModel{};
  const std::vector<DemandModel> models = candidate_demand_models(options);
  for (const auto& m : models) choice.scores.push_back({m, 0, 0, 0, 0, 0});
  evaluation::RollingOriginOptions ro;
  ro.horizon = options.horizon_months;
  ro.min_training_months = options.min_training_months;
  ro.training_months = options.history_months;
  choice.origins = evaluation::rolling_origins(incidents, ro);
  const std::size_t n_origins = choice.origins.size();
  const std::string period = std::to_string(options.horizon_months) + "-month";
  if (n_origins < static_cast<std::size_t>(options.min_origins)) {
    choice.summary = "Demand model: " + choice.model.label() + ". The data allow " + std::to_string(n_origins) +
                     " rolling origins for a " + period + " forecast; choosing a model and giving an interval needs " +
                     std::to_string(options.min_origins) + " (about " +
                     std::to_string(options.min_origins + options.horizon_months + options.min_training_months - 1) +
                     " consecutive months of data), so " +
                     (options.mode == DemandMode::automatic ? "plain counts are used" : "the model given is used") +
                     " and no interval is given.";
    choice.notes.push_back(choice.summary);
    return choice;
  }
  choice.backtested = true;
  PlannerOptions plan_options = planner;
  plan_options.cameras = options.cameras;
  plan_options.budget.reset();
  plan_options.exact = false;
  // The same sites and separation at every origin and for every model: found once.
  const SiteConflicts conflicts = site_conflicts(scene.sites, plan_options.min_separation_m);

  for (std::size_t o = 0; o < n_origins; ++o) {
    const auto& origin = choice.origins[o];
    const std::vector<double> later = window_sum(incidents, points, origin.test_first, origin.test_last, false);
    const std::vector<double> later_count = window_sum(incidents, points, origin.test_first, origin.test_last, true);
    for (std::size_t k = 0; k < models.size(); ++k) {
      const std::vector<double> f = forecast_demand(incidents, points, models[k], origin.train_last,
                                                    options.history_months, options.horizon_months, false);
      const std::vector<double> fc = forecast_demand(incidents, points, models[k], origin.train_last,
                                                     options.history_months, options.horizon_months, true);
      const std::vector<std::uint32_t> columns = plan_columns(scene, f, plan_options, conflicts);
      DemandBacktestRow row;
      row.origin = o;
      row.model = k;
      row.camera_forecast = marginals(scene, f, columns);
      row.camera_realised = marginals(scene, later, columns);
      row.camera_forecast_count = marginals(scene, fc, columns);
      row.camera_realised_count = marginals(scene, later_count, columns);
      row.forecast = std::accumulate(row.camera_forecast.begin(), row.camera_forecast.end(), 0.0);
      row.realised = std::accumulate(row.camera_realised.begin(), row.camera_realised.end(), 0.0);
      row.forecast_count = std::accumulate(row.camera_forecast_count.begin(), row.camera_forecast_count.end(), 0.0);
      row.realised_count = std::accumulate(row.camera_realised_count.begin(), row.camera_realised_count.end(), 0.0);
      choice.scores[k].realised_seen += row.realised;
      choice.scores[k].forecast_seen += row.forecast;
      choice.rows.push_back(std::move(row));
    }
  }
  const double base = choice.scores[0].realised_seen;
  for (std::size_t k = 0; k < models.size(); ++k) {
    auto& s = choice.scores[k];
    s.vs_counts = base > 0 ? s.realised_seen / base - 1 : 0.0;
    for (std::size_t o = 0; o < n_origins; ++o) {
      const double mine = choice.rows[o * models.size() + k].realised;
      const double counts = choice.rows[o * models.size()].realised;
      const double tol = 1e-9 * std::max(1.0, counts);
      if (mine > counts + tol) ++s.origins_better;
      if (mine < counts - tol) ++s.origins_worse;
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < models.size(); ++k) {
    if (choice.scores[k].realised_seen > choice.scores[best].realised_seen) best = k;
  }
  const auto pct = [](double v) { return fixed(100 * v, 1) + "%"; };
  const std::string over = "over " + std::to_string(n_origins) + " rolling origins, each forecasting the next " +
                           std::to_string(options.horizon_months) + " months (" + format_month(choice.origins.front().train_last) +
                           " to " + format_month(choice.origins.back().train_last) + ")";
  if (options.mode == DemandMode::automatic) {
    const bool wins = best != 0 && choice.scores[best].realised_seen > base * (1 + options.min_improvement);
    choice.chosen = wins ? best : 0;
    choice.model = models[choice.chosen];
    const auto& s = choice.scores[best];
    if (wins) {
      choice.summary = "Demand model: " + s.model.label() + ", chosen by a backtest " + over + ": cameras planned with it saw " +
                       pct(s.vs_counts) + " more of the following months' demand than with plain counts (more at " +
                       std::to_string(s.origins_better) + ", less at " + std::to_string(s.origins_worse) + " of " +
                       std::to_string(n_origins) + " origins).";
    } else if (best == 0) {
      choice.summary = "Demand model: plain counts, chosen by a backtest " + over +
                       ": no other model's cameras saw more of the following months' demand.";
    } else {
      choice.summary = "Demand model: plain counts, chosen by a backtest " + over + ": the best other model (" + s.model.label() +
                       ") saw " + pct(s.vs_counts) + " more, under the " + pct(options.min_improvement) +
                       " a model needs to replace plain counts.";
    }
  } else {
    for (std::size_t k = 0; k < models.size(); ++k) {
      if (models[k].id() == options.model.id()) choice.chosen = k;
    }
    const auto& s = choice.scores[choice.chosen];
    choice.summary = "Demand model: " + s.model.label() + " (as asked). In a backtest " + over + " its cameras saw " +
                     (choice.chosen == 0 ? std::string("the baseline amount") : pct(s.vs_counts) + " more than with plain counts") +
                     "; the best model was " + choice.scores[best].model.label() + ".";
  }
  choice.notes.push_back(choice.summary);

  std::vector<ForecastSample> total, camera, total_count, camera_count;
  for (const auto& row : choice.rows) {
    if (row.model != choice.chosen) continue;
    const MonthIndex origin = choice.origins[row.origin].train_last;
    total.push_back({origin, row.forecast, row.realised});
    total_count.push_back({origin, row.forecast_count, row.realised_count});
    for (std::size_t c = 0; c < row.camera_forecast.size(); ++c) {
      camera.push_back({origin, row.camera_forecast[c], row.camera_realised[c]});
      camera_count.push_back({origin, row.camera_forecast_count[c], row.camera_realised_count[c]});
    }
  }
  const double level = options.interval_level;
  const int h = options.horizon_months;
  choice.total = interval_from_samples(total, level, h);
  choice.per_camera = interval_from_samples(camera, level, h);
  choice.total_count = interval_from_samples(total_count, level, h);
  choice.per_camera_count = interval_from_samples(camera_count, level, h);
  if (choice.total.available() && choice.total.guaranteed_level + 1e-12 < options.interval_level) {
    choice.notes.push_back("With " + std::to_string(choice.total.samples) + " origins the interval for all units together is the " +
                           "range of the backtest's errors, which can promise only " + pct(choice.total.guaranteed_level) +
                           " coverage, not the " + pct(options.interval_level) + " asked for.");
  }
  return choice;
}

std::string demand_backtest_csv(const DemandChoice& choice) {
  std::string out = "origin,model,forecast,realised,forecast_incidents,realised_incidents\n";
  for (const auto& row : choice.rows) {
    out += format_month(choice.origins[row.origin].train_last) + "," + choice.scores[row.model].model.id() + "," +
           fixed(row.forecast, 4) + "," + fixed(row.realised, 4) + "," + fixed(row.forecast_count, 4) + "," +
           fixed(row.realised_count, 4) + "\n";
  }
  return out;
}

std::string demand_backtest_markdown(const DemandChoice& choice) {
  std::string out = "| model | later demand seen | vs plain counts | origins better / worse | forecast / realised |\n"
                    "| --- | ---: | ---: | ---: | ---: |\n";
  for (std::size_t k = 0; k < choice.scores.size(); ++k) {
    const auto& s = choice.scores[k];
    out += "| " + s.model.label() + (k == choice.chosen && choice.backtested ? " **(used)**" : "") + " | " +
           fixed(s.realised_seen, 1) + " | " + (k == 0 ? std::string("–") : fixed(100 * s.vs_counts, 1) + "%") + " | " +
           std::to_string(s.origins_better) + " / " + std::to_string(s.origins_worse) + " | " +
           (s.realised_seen > 0 ? fixed(s.forecast_seen / s.realised_seen, 2) : std::string("–")) + " |\n";
  }
  return out;
}

std::vector<double> window_sum(const Incidents& incidents, const WeightedPoints& points, MonthIndex from, MonthIndex to,
                               bool counts) {
  std::vector<double> w(points.size(), 0.0);
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const MonthIndex m = incidents.month[r];
    if (m == kNoMonth || m < from || m > to) continue;
    w[points.point_of[r]] += counts ? 1.0 : incidents.weight[r];
  }
  return w;
}

}  // namespace hotspot
