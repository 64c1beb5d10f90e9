#pragma once

#include <array>
#include <optional>
#include <span>

#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {

/// `--demand`: how the cameras' demand is made. `history` is the sum of the data as it was
/// before demand models (with `--half-life`, recency-weighted); the others forecast the coming
/// months (docs/cctv.md, "Demand for the coming months").
enum class DemandSetting {
  history,      ///< the history's sum (cctv only: the other commands plan for a coming period)
  automatic,    ///< the model a rolling-origin backtest on the data chooses
  counts,       ///< plain counts over the history window
  last_period,  ///< counts of the last forecast period only
  recency,      ///< recency-weighted counts (`--demand-half-life`)
  smoothed,     ///< counts smoothed over `--demand-bandwidth`
};

/// The words of --demand. `history` comes first so the commands that need a forecast take the
/// rest of the same table (kForecastDemandSettings).
inline constexpr std::array<step::Choice<DemandSetting>, 6> kDemandSettings{{{"history", DemandSetting::history},
                                                                             {"auto", DemandSetting::automatic},
                                                                             {"counts", DemandSetting::counts},
                                                                             {"last-period", DemandSetting::last_period},
                                                                             {"recency", DemandSetting::recency},
                                                                             {"smoothed", DemandSetting::smoothed}}};
inline constexpr std::span<const step::Choice<DemandSetting>> kForecastDemandSettings =
    std::span<const step::Choice<DemandSetting>>(kDemandSettings).subspan(1);

/// The demand options of cctv, cctv next, cctv appraise (and plan): the setting and the
/// library's model options, whose in-class defaults are the only defaults.
struct DemandSettings {
  DemandSetting setting = DemandSetting::automatic;
  DemandModelOptions model;
};

/// Declares --demand, --demand-half-life, --demand-bandwidth, --demand-history,
/// --demand-horizon (with `horizon`: next takes its horizon from --period-months),
/// --interval-level and --min-origins (group "Demand"). `forecast_only`: --demand without
/// `history`.
void declare_demand(step::Declarer& d, DemandSettings& demand, bool forecast_only, bool horizon = true);

/// The library's model options for the setting: none for `history`; automatic choice for
/// `auto`; a fixed model otherwise (`last-period`: counts over the forecast period
/// `model.horizon_months`).
[[nodiscard]] std::optional<DemandModelOptions> resolve_demand(const DemandSettings& demand);

}  // namespace hotspot::commands
