#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/cctv/demand_model.hpp"
#include "hotspot/cctv/deployments.hpp"
#include "hotspot/cctv/move_solver.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/report/html_report.hpp"

namespace hotspot {

/// Options of `plan_next_moves` (pipeline stage `cctv.next`).
struct NextMovesOptions {
  AreaSource units;  ///< the units and where each stands now (a CSV or any OGR layer)
  UnitFields unit_fields;
  std::optional<AreaSource> deployments;  ///< past placements, for the no-return rule
  DeploymentFields deployment_fields;
  MoveRules rules;
  int period_months = 3;  ///< the coming period: the months after the data's last month
  /// The demand model; its horizon is `period_months` and its backtest plans as many cameras
  /// as there are units (both set for you).
  DemandModelOptions demand;
  /// A site given by location only is the candidate within this distance (the nearest), and
  /// a deployment at a candidate's location is a deployment there.
  double same_site_m = 25;
  bool exact = true;        ///< run CBC after the local search
  double time_limit_s = 60;
};

/// One unit's recommendation. Weights are the incidents' weights (count, harm or field);
/// incidents are counts. Each unit's figure counts demand seen by several units once, shared
/// equally among the units seeing it at the best quality, so the units' figures add up to
/// the total.
struct UnitRecommendation {
  std::string unit;
  std::string current_site;
  double current_x = 0, current_y = 0;
  bool current_is_candidate = true;
  MonthIndex placed = kNoMonth;
  bool moves = false;
  std::string next_site;
  double next_x = 0, next_y = 0;
  std::optional<double> heading_deg;  ///< none: all round
  double move_m = 0;
  ForecastFigure incidents;  ///< expected incidents seen next period, with the interval
  ForecastFigure weight;     ///< the same in the objective's weight
  /// Weight gained over this unit staying, on the expected figures' scale (the forecast's gain
  /// times the backtest's median ratio); 0 when it stays.
  double gain_weight = 0;
  double gain_incidents = 0;
  std::string main_types;    ///< "Anti-social behaviour 34; Shoplifting 9" in view, last history months
  std::string reason;        ///< one line
};

/// The coming period's plan, with layers and report parts ready to write.
struct NextMovesReport {
  MonthIndex period_first = kNoMonth, period_last = kNoMonth;
  DemandChoice demand;
  MoveSolution solution;
  std::vector<UnitRecommendation> units;
  ForecastFigure total_incidents, total_weight;  ///< all units together, next period
  ForecastFigure stay_incidents, stay_weight;    ///< if every unit stayed
  std::vector<CameraSite> sites;  ///< candidates, then the units' sites that are not candidates
  VectorLayer moves;              ///< "moves": an arrow (line) from each moving unit's site to its next one
  VectorLayer unit_sites;         ///< "units": every unit where it stands next period
  VectorLayer coverage;           ///< "unit_coverage": the units' views next period, and the fixed network's
  std::string moves_csv;          ///< one row per unit (see docs/cctv.md)
  std::string demand_csv;         ///< the demand model backtest (demand_backtest_csv)
  std::string summary_text;       ///< a few lines for the terminal
  report::Section section;        ///< for the HTML report
  std::vector<std::string> notes;
};

/// Where the redeployable units go next: the same scene as plan_cctv (demand points,
/// obstacles, candidates, existing cameras as the fixed network; `scene.demand`'s half-life
/// is not used: the demand model decides recency), the units' current sites (off-list sites
/// allowed, noted), the demand model chosen by backtest, then solve_moves. Throws
/// Error(usage) for a demand raster or bad options; Error(data) for duplicate unit ids, two
/// units at one site, a placement after the data's last month, or a unit whose site is
/// neither a candidate nor located.
[[nodiscard]] NextMovesReport plan_next_moves(const PreparedIncidents& prepared, const CctvOptions& scene,
                                              const NextMovesOptions& options);

}  // namespace hotspot
