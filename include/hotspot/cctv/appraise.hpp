#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot {

/// Options of `appraise_sites` (pipeline stage `cctv.appraise`).
struct AppraiseOptions {
  std::vector<std::string> sites;                        ///< candidate sites, by name
  std::vector<std::pair<double, double>> points;         ///< and/or places (x, y) in `points_crs`
  std::string points_crs = "EPSG:4326";                  ///< x = longitude, y = latitude by default
  int horizon_months = 12;    ///< "expected next year": the months after the data's last month
  /// Better sites within this straight-line distance are named as alternatives: 400 m is
  /// about five minutes' walk, near enough to serve the same place.
  double walk_m = 400;
  std::size_t alternatives = 3;  ///< at most this many alternatives per site
  /// The demand model (chosen by its backtest, whose horizon is the model's own: a quarter).
  DemandModelOptions demand;
};

/// A better site near an appraised one.
struct SiteAlternative {
  std::string name;
  double distance_m = 0;
  /// Forecast over the horizon beyond the existing cameras, times the appraised site's median
  /// backtest ratio (so it compares with that site's expected figure).
  double expected_incidents = 0;
  double value = 0;               ///< the same in weight (the rank key)
};

/// One appraised site. "New" means not in view of an existing camera.
struct SiteAppraisal {
  std::string name;
  double x = 0, y = 0;
  bool candidate = true;              ///< false: given as a place, not on the candidate list
  std::optional<double> heading_deg;  ///< the best heading of a fixed camera; none: all round
  MonthIndex past_first = kNoMonth, past_last = kNoMonth;
  std::size_t past_incidents = 0, past_incidents_new = 0;
  double past_harm = 0, past_harm_new = 0;  ///< crime-harm table totals, whatever the weighting
  ForecastFigure expected_incidents;  ///< new incidents in view over the horizon, with interval
  ForecastFigure expected_weight;
  /// The interval's backtest: the candidate sites whose quarter forecasts were like this
  /// site's (within a factor of 2, widened to 4 when fewer than 30 pairs), pooled over origins.
  ForecastInterval interval;
  double value = 0;                   ///< forecast new weight over the horizon: the rank key
  std::size_t rank = 0, of = 0;       ///< 1 = best, among the candidates (and this site)
  double share_of_best = 0;           ///< value / the best candidate's value
  std::string best_site;
  std::string main_types;             ///< in view over all the data
  std::vector<SiteAlternative> alternatives;  ///< better sites within walk_m, best first
  std::string paragraph;              ///< for a committee paper
};

struct AppraisalReport {
  DemandChoice demand;
  std::vector<SiteAppraisal> sites;
  std::string csv;          ///< one row per site (see docs/cctv.md)
  report::Table table;
  report::Section section;  ///< the paragraphs and the table
  std::string summary_text;
  std::vector<std::string> notes;
};

/// Does a named site earn a camera? The same scene as plan_cctv (demand, obstacles,
/// candidates, existing cameras; `scene.demand`'s half-life is not used: the demand model
/// decides recency). Each site is scored alone, at its best heading, beyond the existing
/// cameras, and ranked against every candidate scored the same way. Throws Error(usage) for a
/// name no candidate has (listing some that exist), no site asked for, a demand raster or
/// bad options; Error(crs) for a place that cannot be projected.
[[nodiscard]] AppraisalReport appraise_sites(const PreparedIncidents& prepared, const CctvOptions& scene,
                                             const AppraiseOptions& options);

}  // namespace hotspot
