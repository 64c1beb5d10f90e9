#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hotspot/cctv/coverage.hpp"

namespace hotspot {

/// The maximal covering location problem with locked-in existing cameras.
struct PlannerOptions {
  int cameras = 4;                 ///< new cameras to place (ignored when `budget` is set)
  std::optional<double> budget;    ///< total cost of new sites (CameraSite::cost) instead of a count
  /// Between new cameras (0: none); existing cameras are exempt. 150 m: two 60 m cameras
  /// closer than that would watch much of the same street.
  double min_separation_m = 150;
  /// Backup coverage (Murray et al. 2007): demand seen by two or more cameras adds
  /// `backup_weight` times its weight again. 0 = plain MCLP; a tiny value (e.g. 1e-6) gives the
  /// hierarchical form: the most primary coverage, then the most backup among those.
  double backup_weight = 0;
  bool local_search = true;        ///< 1-swap improvement after the greedy pass
  bool exact = false;              ///< also solve the MIP with COIN-OR CBC
  double time_limit_s = 60;        ///< CBC wall-clock limit
};

/// The pairs of sites nearer than a separation to each other (hypot(dx, dy) < separation).
struct SiteConflicts {
  double separation_m = 0;
  std::vector<std::vector<std::uint32_t>> too_close;  ///< per site, the sites too close to it, ascending
};

/// The conflicts of `sites` at `separation_m` (none at 0). Found once, they serve every plan
/// over the same sites and separation (PlannerInput::conflicts).
[[nodiscard]] SiteConflicts site_conflicts(std::span<const CameraSite> sites, double separation_m);

/// The problem: candidate columns and (optionally) the columns of existing cameras, over the
/// same demand points.
struct PlannerInput {
  const CoverageMatrix* candidates = nullptr;
  std::span<const CameraSite> sites;   ///< the candidates' sites (x, y, cost)
  const CoverageMatrix* existing = nullptr;
  std::span<const double> demand_weight;
  /// site_conflicts(sites, options.min_separation_m), when the caller plans many times over
  /// the same sites; null: plan_cameras finds them.
  const SiteConflicts* conflicts = nullptr;
};

/// One chosen camera in rank order.
struct PlannedCamera {
  std::uint32_t column = 0;     ///< index into candidates->columns
  std::uint32_t site = 0;
  double heading_deg = 0;
  double marginal = 0;          ///< objective added, given the existing and higher-ranked cameras
  double marginal_primary = 0;  ///< demand weight newly seen (quality-weighted with decay)
  double cumulative_primary = 0;  ///< existing + this and higher-ranked cameras
};

struct Plan {
  std::vector<PlannedCamera> cameras;  ///< ranked by marginal gain, greedy order
  double existing_primary = 0;  ///< demand weight already seen by existing cameras
  double total_primary = 0;     ///< seen by existing and new cameras
  double total_backup = 0;      ///< seen by two or more cameras
  double total_demand = 0;
  double objective = 0;         ///< total_primary + backup_weight · total_backup
  double greedy_objective = 0;  ///< after the greedy pass, before local search
  double local_search_objective = 0;
  int swaps = 0;
  std::string method;           ///< "greedy", "greedy + 1-swap", "CBC (optimal)", ...
  // Exact mode:
  bool exact_ran = false;
  bool exact_optimal = false;
  std::optional<double> exact_objective;  ///< CBC's best integer solution
  std::optional<double> exact_bound;      ///< CBC's upper bound on the optimum
  /// (bound − heuristic) / (bound − existing): the share of the best possible gain from new
  /// cameras that the greedy + swap answer may miss.
  std::optional<double> heuristic_gap;
  std::vector<std::string> notes;
};

/// Chooses new cameras: greedy with lazy evaluation (CELF priority queue; ties to the lower
/// column index), then 1-swap local search, then (exact mode) CBC from the heuristic's answer.
/// The result is the best answer found. At most one heading per site; new cameras at least
/// `min_separation_m` apart; sites inside obstacles are never chosen. Deterministic.
[[nodiscard]] Plan plan_cameras(const PlannerInput& input, const PlannerOptions& options);

/// The objective of a set of candidate columns with the existing ones (for tests and reports):
/// Σ w·(best quality seen) + backup_weight · Σ w·[seen by ≥ 2 cameras].
[[nodiscard]] double coverage_objective(const PlannerInput& input, std::span<const std::uint32_t> columns,
                                        double backup_weight);

}  // namespace hotspot
