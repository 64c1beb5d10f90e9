#include "hotspot/commands/demand_model.hpp"

namespace hotspot::commands {

void declare_demand(step::Declarer& d, DemandSettings& demand, bool forecast_only, bool horizon) {
  const std::string saved = d.current_group();
  d.group("Demand");
  DemandModelOptions& m = demand.model;
  d.choice<DemandSetting>(
      "demand", demand.setting, forecast_only ? kForecastDemandSettings : std::span<const step::Choice<DemandSetting>>(kDemandSettings),
      "How the demand is made. auto: a forecast of the coming months by the model a rolling-origin backtest on the "
      "data chooses (plain counts unless another model's cameras saw at least 2% more of the later demand; plain "
      "counts, noted, when the data are too short); counts, last-period (the last forecast period's counts), recency "
      "or smoothed: that model's forecast" +
          std::string(forecast_only ? "" : "; history: the sum of all the data (with --half-life, recency-weighted)"));
  d.number("demand-half-life", m.model.half_life_months, "Half-life in months of --demand recency").above(0).unit("months");
  d.number("demand-bandwidth", m.model.bandwidth_m, "Smoothing radius of --demand smoothed (quartic kernel over the locations)")
      .above(0)
      .unit("m");
  d.integer("demand-history", m.history_months,
            "Calendar months of history each forecast uses, ending at its origin (0: all earlier months)")
      .range(0, 1200)
      .unit("months");
  if (horizon) {
    d.integer("demand-horizon", m.horizon_months, "Months ahead each forecast (and each backtest origin) covers")
        .range(1, 60)
        .unit("months");
  }
  d.number("interval-level", m.interval_level, "Nominal coverage of the prediction intervals (from the backtest's errors)")
      .range(0.5, 0.99);
  d.integer("min-origins", m.min_origins,
            "Rolling origins the backtest needs to choose a model and give an interval (fewer: plain counts, no interval)")
      .range(1, 1000);
  d.group(saved);
}

std::optional<DemandModelOptions> resolve_demand(const DemandSettings& demand) {
  DemandModelOptions options = demand.model;
  DemandModel& model = options.model;
  // A fixed model keeps only its own parameter, so it is the same model (same id) as the
  // candidate the backtest compares, not a second copy of it.
  const DemandModel plain;
  switch (demand.setting) {
    case DemandSetting::history: return std::nullopt;
    case DemandSetting::automatic:
      options.mode = DemandMode::automatic;
      return options;
    case DemandSetting::counts: model = plain; break;
    case DemandSetting::last_period:
      model = plain;
      model.history_months = options.horizon_months;
      break;
    case DemandSetting::recency:
      model = DemandModel{DemandModelKind::recency, model.half_life_months, plain.bandwidth_m, 0};
      break;
    case DemandSetting::smoothed:
      model = DemandModel{DemandModelKind::smoothed, plain.half_life_months, model.bandwidth_m, 0};
      break;
  }
  options.mode = DemandMode::fixed;
  return options;
}

}  // namespace hotspot::commands
