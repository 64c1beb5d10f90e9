#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/kernel.hpp"
#include "hotspot/core/rolling_origin.hpp"

namespace hotspot::evaluation {

/// The hotspot methods a backtest compares. Each ranks the study-area cells from its
/// training months; the top cells make up each area share.
enum class MethodKind {
  kde_fixed,        ///< kernel density at a fixed bandwidth
  kde_auto,         ///< kernel density at the bandwidth temporal CV picks on the training months
  gi_star,          ///< significant Gi* hot cells by z, then the other cells by z
  previous_period,  ///< the last h training months' weight per cell
  uniform_random,   ///< k cells drawn uniformly (mean of `random_draws` draws)
};

/// Options of `run_backtest` (pipeline stage `evaluation.backtest`).
struct BacktestOptions {
  /// The grid to rank. cols == 0: a grid of `cell_size` cells snapped over all incidents.
  GridSpec grid;
  double cell_size = 100.0;
  /// Optional study area: one byte per cell of `grid` (row-major from the north-west, as in
  /// DensityOptions), 1 inside. Area shares are of the cells inside; only incidents in them
  /// are scored. Empty: every grid cell.
  std::vector<std::uint8_t> study_area;
  RollingOriginOptions origins;
  std::vector<double> area_shares = {0.01, 0.05, 0.10};  ///< a/A, each in (0, 1]
  density::Kernel kernel = density::Kernel::quartic;
  std::vector<double> bandwidths = {50.0, 100.0, 200.0, 400.0};  ///< fixed KDE bandwidths, metres
  bool auto_bandwidth = true;
  double auto_max_bandwidth = 3000.0;  ///< largest candidate of the temporal CV
  bool gi_star = true;
  double gi_star_band = 0.0;  ///< distance band in metres; 0 = 1.5 cells (the cell and its 8 neighbours)
  bool previous_period = true;
  bool uniform_random = true;
  int random_draws = 200;
  std::uint64_t seed = 20240101;
  int threads = 0;  ///< OpenMP threads (KDE, Gi*); never changes the result
};

/// One method of the comparison.
struct BacktestMethod {
  MethodKind kind = MethodKind::kde_fixed;
  double bandwidth = 0.0;  ///< metres, for kde_fixed
  std::string id;          ///< "kde_200m", "kde_auto", "gistar", "previous_period", "uniform_random"
  std::string label;       ///< "KDE 200 m", "KDE auto (temporal CV)", ...
};

/// One rolling origin as scored.
struct BacktestFold {
  RollingOrigin origin;
  double train_weight = 0.0;  ///< R: training weight in study-area cells
  double test_weight = 0.0;   ///< N: test weight in study-area cells
  double test_outside = 0.0;  ///< test weight off the grid or outside the study area (not scored)
  /// The bandwidth temporal CV chose for kde_auto (metres; 0 = the per-cell count model);
  /// NaN when kde_auto is off.
  double auto_bandwidth = 0.0;
};

/// One origin × method × area share. Ratios are NaN when undefined (N = 0, or for RRI no
/// training weight in the selected cells).
struct BacktestScore {
  std::size_t fold = 0, method = 0, share = 0;  ///< indices into folds, methods, area_shares
  std::size_t cells = 0;     ///< k = cells_for_share(A, share)
  double area_share = 0.0;   ///< k / A, the share actually taken
  double hits = 0.0;         ///< n: test weight in the selected cells
  double best_hits = 0.0;    ///< n*: test weight in the k fullest test cells
  double train_hits = 0.0;   ///< r: training weight in the selected cells
  double hit_rate = 0.0;     ///< n / N
  double pai = 0.0;          ///< (n / N) / (k / A)
  double pei = 0.0;          ///< PAI / PAI* = n / n*
  double rri = 0.0;          ///< (n / r) / (N / R)
};

/// One method × area share over all origins: means of the per-origin values (undefined
/// values left out) and pooled ratios of the summed weights.
struct BacktestSummary {
  std::size_t method = 0, share = 0;
  std::size_t origins = 0;  ///< origins with a defined hit rate
  double hit_rate = 0.0, pai = 0.0, pei = 0.0, rri = 0.0;  ///< means (NaN when no origin defines them)
  /// Σn / ΣN, its PAI, Σn / Σn*, and (Σn / Σr) / (ΣN / ΣR).
  double pooled_hit_rate = 0.0, pooled_pai = 0.0, pooled_pei = 0.0, pooled_rri = 0.0;
};

struct BacktestResult {
  GridSpec grid;
  std::size_t study_cells = 0;  ///< A
  std::vector<double> area_shares;
  std::vector<BacktestMethod> methods;
  std::vector<BacktestFold> folds;
  std::vector<BacktestScore> scores;      ///< fold-major, then method, then share
  std::vector<BacktestSummary> summary;   ///< method-major, then share
  int horizon = 1;
  std::vector<std::string> notes;
  [[nodiscard]] const BacktestScore& score(std::size_t fold, std::size_t method, std::size_t share) const;
  [[nodiscard]] const BacktestSummary& summary_of(std::size_t method, std::size_t share) const;
};

/// Rolling-origin evaluation of the hotspot methods: for each origin t (rolling_origins),
/// each method ranks the study-area cells from the training months only and the top k cells
/// of each area share are scored against the weight (Incidents::weight: counts or harm) of
/// months t+1 … t+h. Ties in every ranking go to the lower cell index. Deterministic for
/// any thread count. Throws Error(usage) on bad options, Error(data) when there are no
/// origins or no study-area cells.
[[nodiscard]] BacktestResult run_backtest(const Incidents& incidents, const BacktestOptions& options);

/// Long format, one row per origin × method × share:
/// origin,train_first,train_last,test_first,test_last,method,bandwidth_m,area_share,cells,
/// test_weight,hits,best_hits,train_weight,train_hits,hit_rate,pai,pei,rri
/// (origin is the origin month t; bandwidth_m is the fixed or the CV-chosen bandwidth).
[[nodiscard]] std::string backtest_csv(const BacktestResult& result);

/// One row per method × share: method,area_share,origins,hit_rate,pai,pei,rri,
/// pooled_hit_rate,pooled_pai,pooled_pei,pooled_rri.
[[nodiscard]] std::string backtest_summary_csv(const BacktestResult& result);

/// A Markdown summary: a line on the origins and grid, then one row per method with the
/// mean hit rate, PAI, PEI and RRI at each area share.
[[nodiscard]] std::string backtest_markdown(const BacktestResult& result);

}  // namespace hotspot::evaluation
