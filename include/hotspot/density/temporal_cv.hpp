#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/kernel.hpp"

namespace hotspot::density {

/// Options of bandwidth selection by temporal (rolling-origin) cross-validation.
struct TemporalCvOptions {
  Kernel kernel = Kernel::quartic;
  /// Candidate bandwidths in metres; empty means `candidate_count` log-spaced values from
  /// `min_bandwidth` (0: the cell size) to `max_bandwidth`.
  std::vector<double> bandwidths;
  double min_bandwidth = 0.0;
  double max_bandwidth = 3000.0;
  int candidate_count = 12;
  /// Also score the plain per-cell count model (reported as bandwidth 0): the training
  /// incidents counted per cell, the "micro-place" prediction of crime concentration research.
  bool include_count_model = true;
  int folds = 3;            ///< rolling origins; fold f tests the f-th last block of months
  int test_months = 1;      ///< distinct months per held-out block
  int training_months = 0;  ///< distinct months before the block used to fit; 0 = all of them
  /// ε of the scored surface (1 − ε) p + ε / G: a uniform share so a held-out incident in a
  /// cell the model gave 0 costs log(ε / G), not −∞. 10⁻³ changes no ranking of sensible
  /// surfaces but keeps the count model comparable.
  double uniform_share = 1.0e-3;
  double pai_area_share = 0.05;  ///< the area share a/A at which PAI is reported
  std::vector<std::uint8_t> study_area;  ///< optional mask as in DensityOptions
  int threads = 0;
};

/// One rolling origin: fit on [train_first, train_last], score [test_first, test_last].
struct CvFold {
  MonthIndex train_first = kNoMonth, train_last = kNoMonth;
  MonthIndex test_first = kNoMonth, test_last = kNoMonth;
  double train_weight = 0.0;
  double test_weight = 0.0;   ///< held-out weight inside the grid / study area (scored)
  double test_outside = 0.0;  ///< held-out weight off the grid or outside the area (not scored)
};

/// The scores of one candidate.
struct CvScore {
  double bandwidth = 0.0;    ///< metres; 0 for the count model
  bool count_model = false;
  /// Mean held-out log-likelihood per incident, Σ_folds Σ w log p / Σ_folds Σ w (nats).
  double log_likelihood = 0.0;
  double pai = 0.0;          ///< mean PAI over the folds at pai_area_share
  std::vector<double> fold_log_likelihood;
  std::vector<double> fold_pai;
};

/// The whole score curve and the pick (the highest log-likelihood; ties go to the smaller
/// bandwidth, the count model first).
struct TemporalCvResult {
  std::vector<CvFold> folds;
  std::vector<CvScore> curve;  ///< count model first, then bandwidths ascending
  std::size_t best = 0;        ///< index into curve
  [[nodiscard]] const CvScore& pick() const { return curve.at(best); }
};

/// What several temporal cross-validations of one incident set share when each runs on the
/// incidents of a span of whole months (the backtest's rolling origins: each origin's training
/// window). A fold is then the same data in every run whose months hold it: its scores are
/// computed by the first run and taken by the others, and the study area's edge correction is
/// transformed and convolved once per candidate bandwidth. The scores are the same numbers as
/// separate runs give: a fold is taken only when its months, its training and held-out
/// weights and the FFT size its candidates were computed at match. Every run sharing one must
/// pass the same grid and options (checked: Error(usage) otherwise). Holds one surface per
/// candidate bandwidth (the edge correction) for as long as it lives. Not for concurrent runs.
class TemporalCvShared {
 public:
  TemporalCvShared();
  ~TemporalCvShared();
  TemporalCvShared(const TemporalCvShared&) = delete;
  TemporalCvShared& operator=(const TemporalCvShared&) = delete;
  /// Folds scored so far, and folds taken from an earlier run instead (tests, benchmarks).
  [[nodiscard]] std::size_t folds_scored() const noexcept;
  [[nodiscard]] std::size_t folds_reused() const noexcept;
  struct Impl;
  [[nodiscard]] Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// Scores each candidate by fitting on earlier months and predicting later ones on `grid`.
/// Incidents with an unknown month are ignored. Throws Error(data) when there are fewer
/// than folds · test_months + 1 distinct months, Error(usage) on bad options.
[[nodiscard]] TemporalCvResult select_bandwidth_temporal_cv(const Incidents& incidents,
                                                            const GridSpec& grid,
                                                            const TemporalCvOptions& options);
/// The same, sharing folds and the edge correction with earlier runs through `shared`.
[[nodiscard]] TemporalCvResult select_bandwidth_temporal_cv(const Incidents& incidents, const GridSpec& grid,
                                                            const TemporalCvOptions& options,
                                                            TemporalCvShared& shared);

}  // namespace hotspot::density
