#include "hotspot/density/temporal_cv.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "hotspot/core/error.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/kernel_density.hpp"

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

/// Scores a per-cell probability surface p (NaN outside the area) against held-out weights.
void score(const std::vector<double>& p, const std::vector<double>& held_out, std::size_t valid,
           const TemporalCvOptions& o, double& log_likelihood_sum, double& pai) {
  const double eps = o.uniform_share;
  const double floor = eps / static_cast<double>(valid);
  double ll = 0.0;
  for (std::size_t c = 0; c < p.size(); ++c) {
    if (held_out[c] > 0.0) ll += held_out[c] * std::log((1.0 - eps) * p[c] + floor);
  }
  log_likelihood_sum = ll;
  const std::vector<std::size_t> order = rank_cells(p);
  const std::size_t k = cells_for_share(order.size(), o.pai_area_share);
  double hits = 0.0;
  double total = 0.0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i < k) hits += held_out[order[i]];
    total += held_out[order[i]];
  }
  pai = total > 0.0 ? (hits / total) / (static_cast<double>(k) / static_cast<double>(order.size())) : 0.0;
}

}  // namespace

TemporalCvResult select_bandwidth_temporal_cv(const Incidents& incidents, const GridSpec& grid,
                                              const TemporalCvOptions& options) {
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
  std::vector<double> ll_sum(result.curve.size(), 0.0);
  double held_out_total = 0.0;

  const auto month_count = static_cast<int>(months.size());
  for (int f = 0; f < options.folds; ++f) {
    const int test_begin = month_count - (options.folds - f) * options.test_months;
    const int test_end = test_begin + options.test_months;
    const int train_begin = options.training_months > 0 ? std::max(0, test_begin - options.training_months) : 0;
    CvFold fold;
    fold.train_first = months[static_cast<std::size_t>(train_begin)];
    fold.train_last = months[static_cast<std::size_t>(test_begin - 1)];
    fold.test_first = months[static_cast<std::size_t>(test_begin)];
    fold.test_last = months[static_cast<std::size_t>(test_end - 1)];

    std::vector<std::size_t> train_rows;
    std::vector<double> held_out(grid.size(), 0.0);
    std::vector<double> train_counts(grid.size(), 0.0);
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      const MonthIndex m = incidents.month[i];
      if (m == kNoMonth) continue;
      const std::ptrdiff_t cell = grid.cell_of(incidents.x[i], incidents.y[i]);
      const bool in_area = cell >= 0 && inside[static_cast<std::size_t>(cell)] != 0;
      if (m >= fold.train_first && m <= fold.train_last) {
        train_rows.push_back(i);
        fold.train_weight += incidents.weight[i];
        if (in_area) train_counts[static_cast<std::size_t>(cell)] += incidents.weight[i];
      } else if (m >= fold.test_first && m <= fold.test_last) {
        if (in_area) {
          held_out[static_cast<std::size_t>(cell)] += incidents.weight[i];
          fold.test_weight += incidents.weight[i];
        } else {
          fold.test_outside += incidents.weight[i];
        }
      }
    }
    held_out_total += fold.test_weight;
    const WeightedPoints train = collapse_rows(incidents, train_rows);

    for (std::size_t k = 0; k < result.curve.size(); ++k) {
      CvScore& s = result.curve[k];
      std::vector<double> p(grid.size(), std::numeric_limits<double>::quiet_NaN());
      if (s.count_model) {
        double total = 0.0;
        for (std::size_t c = 0; c < p.size(); ++c) {
          if (inside[c] != 0) total += train_counts[c];
        }
        for (std::size_t c = 0; c < p.size(); ++c) {
          if (inside[c] != 0) p[c] = total > 0.0 ? train_counts[c] / total : 1.0 / static_cast<double>(valid);
        }
      } else {
        DensityOptions d;
        d.kernel = options.kernel;
        d.bandwidth = s.bandwidth;
        d.units = DensityUnits::probability;
        d.threads = options.threads;
        d.study_area = options.study_area;
        p = kernel_density(train, grid, d).values;
        double sum = 0.0;
        for (double v : p) {
          if (!std::isnan(v)) sum += v;
        }
        // No training incident reaches the grid: the model says nothing, so it is uniform.
        if (!(sum > 0.0)) {
          for (std::size_t c = 0; c < p.size(); ++c) {
            if (inside[c] != 0) p[c] = 1.0 / static_cast<double>(valid);
          }
        }
      }
      double ll = 0.0;
      double pai = 0.0;
      score(p, held_out, valid, options, ll, pai);
      ll_sum[k] += ll;
      s.fold_log_likelihood.push_back(fold.test_weight > 0.0 ? ll / fold.test_weight : 0.0);
      s.fold_pai.push_back(pai);
    }
    result.folds.push_back(fold);
  }
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

}  // namespace hotspot::density
