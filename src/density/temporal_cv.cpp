#include "hotspot/density/temporal_cv.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include <omp.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/huge_pages.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "binned_transform.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.temporal_cv";

std::vector<double> candidate_bandwidths(const TemporalCvOptions& o, const GridSpec& grid) {
  if (!o.bandwidths.empty()) {
    std::vector<double> b = o.bandwidths;
    for (double h : b) {
      if (!(h > 0.0) || !std::isfinite(h)) {
        throw Error(ErrorCode::usage, kStage, "candidate bandwidths must be positive");
      }
    }
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    return b;
  }
  const double lo = o.min_bandwidth > 0.0 ? o.min_bandwidth : grid.cell_size;
  const double hi = o.max_bandwidth;
  if (!(hi >= lo) || o.candidate_count < 1) {
    throw Error(ErrorCode::usage, kStage, "need max bandwidth >= min bandwidth and at least one candidate");
  }
  std::vector<double> b;
  const int n = o.candidate_count;
  for (int i = 0; i < n; ++i) {
    b.push_back(n == 1 ? lo : lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1)));
  }
  return b;
}

/// The `k` top cells of a surface as weights: 1 for a cell above the k-th value, and for the
/// cells tied at it the share of them still needed, (k − above) / tied, so a tie is scored as
/// the expected value of a random choice among the tied cells. A sparse surface (the count
/// model, a narrow kernel) ties every empty cell at 0 when fewer than k cells have density:
/// taking them in index order would credit it with the later incidents of whichever empty
/// cells come first (the north-west). The k-th value by kth_largest, no sort of the grid.
class TopCells {
 public:
  /// `histogram`: of p's values.
  TopCells(const std::vector<double>& p, const TopValueHistogram& histogram, std::size_t k) : p_(p) {
    if (k == 0) return;
    const KthLargest kth = histogram.kth(p, k);
    if (kth.tied == 0) return;  // no valid cell
    threshold_ = kth.value;
    tie_share_ = static_cast<double>(std::min(k, kth.above + kth.tied) - kth.above) / static_cast<double>(kth.tied);
    any_ = true;
  }
  /// The cell's part in the top k: 1, the tie share, or 0.
  [[nodiscard]] double weight(std::size_t cell) const {
    if (!any_ || std::isnan(p_[cell])) return 0.0;
    return p_[cell] > threshold_ ? 1.0 : p_[cell] == threshold_ ? tie_share_ : 0.0;
  }

 private:
  const std::vector<double>& p_;
  double threshold_ = 0.0;
  double tie_share_ = 0.0;
  bool any_ = false;
};

/// Scores a per-cell probability surface p (NaN outside the area; `histogram` of its values)
/// against held-out weights given sparsely as (cell, weight).
void score(const std::vector<double>& p, const TopValueHistogram& histogram,
           const std::vector<std::pair<std::size_t, double>>& held_out, std::size_t valid, const TemporalCvOptions& o,
           double& log_likelihood_sum, double& pai) {
  const double eps = o.uniform_share;
  const double floor = eps / static_cast<double>(valid);
  double ll = 0.0;
  for (const auto& [cell, w] : held_out) ll += w * std::log((1.0 - eps) * p[cell] + floor);
  log_likelihood_sum = ll;
  const std::size_t k = cells_for_share(valid, o.pai_area_share);
  const TopCells top(p, histogram, k);
  double hits = 0.0;
  double total = 0.0;
  for (const auto& [cell, w] : held_out) {
    hits += w * top.weight(cell);
    total += w;
  }
  pai = total > 0.0 ? (hits / total) / (static_cast<double>(k) / static_cast<double>(valid)) : 0.0;
}

/// One rolling origin's data, with held-out and training counts kept sparse (a city grid at
/// 10 m has tens of millions of cells but a month has a few thousand incidents).
struct FoldData {
  CvFold fold;
  WeightedPoints train;
  std::vector<std::pair<std::size_t, double>> held_out;     // (cell, weight), by cell
  std::vector<std::pair<std::size_t, double>> train_cells;  // (cell, weight) inside the area
};

std::vector<std::pair<std::size_t, double>> merge_cells(std::vector<std::pair<std::size_t, double>> cells) {
  std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::size_t, double>> merged;
  for (const auto& [cell, w] : cells) {
    if (!merged.empty() && merged.back().first == cell) {
      merged.back().second += w;
    } else {
      merged.emplace_back(cell, w);
    }
  }
  return merged;
}

/// A fold's identity across runs: its months, its data's sums and the FFT sizes of its surfaces.
using FoldKey = std::tuple<MonthIndex, MonthIndex, MonthIndex, MonthIndex, std::size_t, double, double, double, int, int>;

FoldKey fold_key(const FoldData& data, int widest, int widest_binned) {
  const CvFold& f = data.fold;
  return {f.train_first, f.train_last, f.test_first, f.test_last, data.train.size(), f.train_weight,
          f.test_weight, f.test_outside, widest, widest_binned};
}

/// The options that make two runs' candidates, surfaces and scores comparable (not the folds:
/// a fold is known by its months).
bool same_scoring(const TemporalCvOptions& a, const TemporalCvOptions& b) {
  return a.kernel == b.kernel && a.bandwidths == b.bandwidths && a.min_bandwidth == b.min_bandwidth &&
         a.max_bandwidth == b.max_bandwidth && a.candidate_count == b.candidate_count &&
         a.include_count_model == b.include_count_model && a.uniform_share == b.uniform_share &&
         a.pai_area_share == b.pai_area_share && a.study_area == b.study_area;
}

}  // namespace

struct TemporalCvShared::Impl {
  bool bound = false;
  GridSpec grid;
  TemporalCvOptions options;
  // The study area's transform (padded for `mask_widest` cells) and its convolutions by
  // (bandwidth, padding); filled by candidates running side by side.
  int mask_widest = -1;
  std::unique_ptr<detail::BinnedTransform> mask_transform;
  std::mutex mass_mutex;
  std::map<std::pair<double, int>, std::shared_ptr<const std::vector<double>>> mass;
  // Per fold: (log-likelihood sum, PAI) of each curve entry.
  std::map<FoldKey, std::vector<std::pair<double, double>>> folds;
  std::size_t scored = 0;
  std::size_t reused = 0;

  void bind(const GridSpec& g, const TemporalCvOptions& o) {
    if (!bound) {
      grid = g;
      options = o;
      bound = true;
    } else if (grid != g || !same_scoring(options, o)) {
      throw Error(ErrorCode::usage, kStage, "runs sharing their folds must use the same grid and candidates");
    }
  }
};

TemporalCvShared::TemporalCvShared() : impl_(std::make_unique<Impl>()) {}
TemporalCvShared::~TemporalCvShared() = default;
std::size_t TemporalCvShared::folds_scored() const noexcept { return impl_->scored; }
std::size_t TemporalCvShared::folds_reused() const noexcept { return impl_->reused; }

namespace {

TemporalCvResult run_temporal_cv(const Incidents& incidents, const GridSpec& grid, const TemporalCvOptions& options,
                                 TemporalCvShared::Impl* shared) {
  if (options.folds < 1 || options.test_months < 1 || options.training_months < 0) {
    throw Error(ErrorCode::usage, kStage, "need at least one fold and one test month");
  }
  if (!(options.uniform_share > 0.0 && options.uniform_share < 1.0)) {
    throw Error(ErrorCode::usage, kStage, "the uniform share must be in (0, 1)");
  }
  if (!options.study_area.empty() && options.study_area.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  }
  const std::vector<double> bandwidths = candidate_bandwidths(options, grid);

  std::vector<MonthIndex> months;
  for (MonthIndex m : incidents.month) {
    if (m != kNoMonth) months.push_back(m);
  }
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  const int needed = options.folds * options.test_months + 1;
  if (static_cast<int>(months.size()) < needed) {
    throw Error(ErrorCode::data, kStage,
                "temporal cross-validation needs at least " + std::to_string(needed) +
                    " distinct months; the incidents have " + std::to_string(months.size()));
  }

  std::vector<std::uint8_t> inside(grid.size(), 1);
  if (!options.study_area.empty()) inside = options.study_area;
  std::size_t valid = 0;
  for (std::uint8_t v : inside) valid += v != 0 ? 1 : 0;
  if (valid == 0) throw Error(ErrorCode::usage, kStage, "the study area has no cells");

  TemporalCvResult result;
  if (options.include_count_model) {
    CvScore s;
    s.count_model = true;
    result.curve.push_back(s);
  }
  for (double h : bandwidths) {
    CvScore s;
    s.bandwidth = h;
    result.curve.push_back(s);
  }

  const auto month_count = static_cast<int>(months.size());
  std::vector<FoldData> folds;
  double held_out_total = 0.0;
  for (int f = 0; f < options.folds; ++f) {
    const int test_begin = month_count - (options.folds - f) * options.test_months;
    const int test_end = test_begin + options.test_months;
    const int train_begin = options.training_months > 0 ? std::max(0, test_begin - options.training_months) : 0;
    FoldData data;
    CvFold& fold = data.fold;
    fold.train_first = months[static_cast<std::size_t>(train_begin)];
    fold.train_last = months[static_cast<std::size_t>(test_begin - 1)];
    fold.test_first = months[static_cast<std::size_t>(test_begin)];
    fold.test_last = months[static_cast<std::size_t>(test_end - 1)];
    std::vector<std::size_t> train_rows;
    std::vector<std::pair<std::size_t, double>> held_out;
    std::vector<std::pair<std::size_t, double>> train_cells;
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      const MonthIndex m = incidents.month[i];
      if (m == kNoMonth) continue;
      const std::ptrdiff_t cell = grid.cell_of(incidents.x[i], incidents.y[i]);
      const bool in_area = cell >= 0 && inside[static_cast<std::size_t>(cell)] != 0;
      if (m >= fold.train_first && m <= fold.train_last) {
        train_rows.push_back(i);
        fold.train_weight += incidents.weight[i];
        if (in_area) train_cells.emplace_back(static_cast<std::size_t>(cell), incidents.weight[i]);
      } else if (m >= fold.test_first && m <= fold.test_last) {
        if (in_area) {
          held_out.emplace_back(static_cast<std::size_t>(cell), incidents.weight[i]);
          fold.test_weight += incidents.weight[i];
        } else {
          fold.test_outside += incidents.weight[i];
        }
      }
    }
    held_out_total += fold.test_weight;
    data.train = collapse_rows(incidents, train_rows);
    data.held_out = merge_cells(std::move(held_out));
    data.train_cells = merge_cells(std::move(train_cells));
    folds.push_back(std::move(data));
  }

  // Transforms made once and shared by every candidate bandwidth: the study-area mask (its
  // kernel mass inside the area, the edge correction) and each fold's training points binned,
  // for the candidates kernel_density would compute by its binned method. Padded for the widest
  // such kernel, so every candidate's sums come from the same FFT size.
  const int threads = effective_threads(options.threads);
  std::vector<std::vector<bool>> binned(folds.size(), std::vector<bool>(result.curve.size(), false));
  int widest = 0;
  int widest_binned = 0;
  for (std::size_t k = 0; k < result.curve.size(); ++k) {
    const CvScore& s = result.curve[k];
    if (s.count_model) continue;
    const int half = detail::kernel_half_width(options.kernel, s.bandwidth, grid.cell_size);
    widest = std::max(widest, half);
    for (std::size_t f = 0; f < folds.size(); ++f) {
      binned[f][k] = choose_method(folds[f].train.size(), grid, options.kernel, s.bandwidth) == DensityMethod::binned;
      if (binned[f][k]) widest_binned = std::max(widest_binned, half);
    }
  }
  // With runs sharing folds: the folds an earlier run scored are taken as they are.
  std::vector<const std::vector<std::pair<double, double>>*> taken(folds.size(), nullptr);
  if (shared) {
    shared->bind(grid, options);
    for (std::size_t f = 0; f < folds.size(); ++f) {
      const auto it = shared->folds.find(fold_key(folds[f], widest, widest_binned));
      if (it != shared->folds.end()) taken[f] = &it->second;
    }
  }
  const bool any_to_score = std::find(taken.begin(), taken.end(), nullptr) != taken.end();
  std::unique_ptr<detail::BinnedTransform> own_mask_transform;
  const detail::BinnedTransform* mask_transform = nullptr;
  if (!options.study_area.empty() && widest > 0 && any_to_score) {
    if (!shared) {
      own_mask_transform = std::make_unique<detail::BinnedTransform>(options.study_area, grid, widest, threads);
      mask_transform = own_mask_transform.get();
    } else {
      if (shared->mask_widest != widest) {
        shared->mask_transform = std::make_unique<detail::BinnedTransform>(options.study_area, grid, widest, threads);
        shared->mask_widest = widest;
      }
      mask_transform = shared->mask_transform.get();
    }
  }
  std::vector<std::unique_ptr<detail::BinnedTransform>> fold_transform(folds.size());
  for (std::size_t f = 0; f < folds.size(); ++f) {
    if (taken[f] == nullptr && std::find(binned[f].begin(), binned[f].end(), true) != binned[f].end()) {
      fold_transform[f] = std::make_unique<detail::BinnedTransform>(folds[f].train, grid, widest_binned, threads);
    }
  }
  // (log-likelihood sum, PAI) of each fold and curve entry.
  std::vector<std::vector<std::pair<double, double>>> fold_scores(
      folds.size(), std::vector<std::pair<double, double>>(result.curve.size()));

  std::vector<double> ll_sum(result.curve.size(), 0.0);
  const double uniform = 1.0 / static_cast<double>(valid);
  // One candidate: its surface on each fold, scored. The candidates are independent, so with
  // more than one thread they run side by side, one thread each (largest bandwidth first, the
  // costliest), and every call inside runs single-threaded: the surfaces do not depend on the
  // thread count, and each candidate's sums run in the same order, so the scores are the same.
  // One surface buffer per thread, handed from surface to surface: a grid of millions of cells
  // is not page-faulted afresh for each of the candidates' folds.
  std::vector<std::vector<double>> buffers(static_cast<std::size_t>(std::max(threads, 1)));
  const auto run_candidate = [&](std::size_t k, int inner_threads, std::vector<double>& buffer) {
    CvScore& s = result.curve[k];
    // The edge-correction divisor depends on the bandwidth only: once per candidate (and
    // once for every run sharing folds).
    std::shared_ptr<const std::vector<double>> mass_held;
    if (!s.count_model && mask_transform) {
      if (!shared) {
        mass_held = std::make_shared<const std::vector<double>>(
            mask_transform->mass_inside(options.kernel, s.bandwidth, inner_threads));
      } else {
        const std::pair<double, int> key{s.bandwidth, widest};
        {
          const std::lock_guard lock(shared->mass_mutex);
          if (const auto it = shared->mass.find(key); it != shared->mass.end()) mass_held = it->second;
        }
        if (!mass_held) {
          mass_held = std::make_shared<const std::vector<double>>(
              mask_transform->mass_inside(options.kernel, s.bandwidth, inner_threads));
          const std::lock_guard lock(shared->mass_mutex);
          shared->mass.emplace(key, mass_held);
        }
      }
    }
    static const std::vector<double> no_mass;
    const std::vector<double>& mass = mass_held ? *mass_held : no_mass;
    // The candidate's surface on fold f, scored: (log-likelihood sum, PAI).
    const auto score_fold = [&](std::size_t f) {
      const FoldData& data = folds[f];
      std::vector<double> p = std::move(buffer);
      TopValueHistogram histogram;  // of p, made in its last pass
      if (s.count_model) {
        assign_huge(p, grid.size(), 0.0);
        double total = 0.0;
        for (const auto& [cell, w] : data.train_cells) total += w;
        for (const auto& [cell, w] : data.train_cells) p[cell] = w / total;
        if (!(total > 0.0)) std::fill(p.begin(), p.end(), uniform);
        for (std::size_t c = 0; c < p.size(); ++c) {
          if (inside[c] == 0) p[c] = std::numeric_limits<double>::quiet_NaN();
          histogram.add(p[c]);
        }
      } else {
        if (binned[f][k]) {
          p = fold_transform[f]->density_per_cell(options.kernel, s.bandwidth, inner_threads);
        } else {
          DensityOptions d;
          d.kernel = options.kernel;
          d.bandwidth = s.bandwidth;
          d.units = DensityUnits::per_cell;
          d.method = DensityMethod::exact;
          d.threads = inner_threads;
          d.spacing_note = false;
          p = kernel_density(data.train, grid, d, std::move(p)).values;
        }
        double sum = 0.0;
        for (std::size_t c = 0; c < p.size(); ++c) {
          if (!mass.empty() && mass[c] > 0.0) p[c] /= mass[c];
          if (inside[c] != 0) sum += p[c];
        }
        for (std::size_t c = 0; c < p.size(); ++c) {
          p[c] = inside[c] == 0 ? std::numeric_limits<double>::quiet_NaN() : sum > 0.0 ? p[c] / sum : uniform;
          histogram.add(p[c]);
        }
      }
      std::pair<double, double> scores;
      score(p, histogram, data.held_out, valid, options, scores.first, scores.second);
      buffer = std::move(p);
      return scores;
    };
    for (std::size_t f = 0; f < folds.size(); ++f) {
      // A fold an earlier run sharing folds scored is taken as it is.
      const auto [ll, pai] = taken[f] != nullptr ? (*taken[f])[k] : score_fold(f);
      fold_scores[f][k] = {ll, pai};
      ll_sum[k] += ll;
      const double test_weight = folds[f].fold.test_weight;
      s.fold_log_likelihood.push_back(test_weight > 0.0 ? ll / test_weight : 0.0);
      s.fold_pai.push_back(pai);
    }
  };
  const auto candidates = static_cast<std::ptrdiff_t>(result.curve.size());
  if (threads <= 1 || candidates <= 1) {
    for (std::ptrdiff_t k = 0; k < candidates; ++k) run_candidate(static_cast<std::size_t>(k), threads, buffers[0]);
  } else {
    std::vector<std::exception_ptr> failed(result.curve.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < candidates; ++i) {
      const auto k = static_cast<std::size_t>(candidates - 1 - i);
      try {
        run_candidate(k, 1, buffers[static_cast<std::size_t>(omp_get_thread_num())]);
      } catch (...) {
        failed[k] = std::current_exception();
      }
    }
    for (const auto& e : failed) {
      if (e) std::rethrow_exception(e);
    }
  }
  if (shared) {
    for (std::size_t f = 0; f < folds.size(); ++f) {
      if (taken[f] != nullptr) {
        ++shared->reused;
      } else {
        shared->folds.emplace(fold_key(folds[f], widest, widest_binned), std::move(fold_scores[f]));
        ++shared->scored;
      }
    }
  }
  for (FoldData& data : folds) result.folds.push_back(data.fold);
  if (!(held_out_total > 0.0)) {
    throw Error(ErrorCode::data, kStage, "no held-out incident falls inside the grid");
  }
  for (std::size_t k = 0; k < result.curve.size(); ++k) {
    CvScore& s = result.curve[k];
    s.log_likelihood = ll_sum[k] / held_out_total;
    double pai = 0.0;
    for (double v : s.fold_pai) pai += v;
    s.pai = pai / static_cast<double>(s.fold_pai.size());
    // Strictly greater: ties keep the earlier (smaller) candidate.
    if (s.log_likelihood > result.curve[result.best].log_likelihood) result.best = k;
  }
  return result;
}

}  // namespace

TemporalCvResult select_bandwidth_temporal_cv(const Incidents& incidents, const GridSpec& grid,
                                              const TemporalCvOptions& options) {
  return run_temporal_cv(incidents, grid, options, nullptr);
}

TemporalCvResult select_bandwidth_temporal_cv(const Incidents& incidents, const GridSpec& grid,
                                              const TemporalCvOptions& options, TemporalCvShared& shared) {
  return run_temporal_cv(incidents, grid, options, &shared.impl());
}

}  // namespace hotspot::density
