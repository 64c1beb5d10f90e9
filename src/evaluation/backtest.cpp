#include "hotspot/evaluation/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numeric>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/core/splitmix.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/density/hotspot_levels.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "hotspot/density/temporal_cv.hpp"
#include "hotspot/significance/getis_ord.hpp"

namespace hotspot::evaluation {
namespace {

constexpr const char* kStage = "evaluation.backtest";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double v, const char* pattern = "%.10g") {
  if (std::isnan(v)) return "";
  return format(pattern, v);
}

void check_options(const BacktestOptions& o) {
  if (o.area_shares.empty()) throw Error(ErrorCode::usage, kStage, "no area shares given");
  for (double s : o.area_shares) {
    if (!(s > 0.0 && s <= 1.0)) throw Error(ErrorCode::usage, kStage, "an area share must be in (0, 1]");
  }
  for (double h : o.bandwidths) {
    if (!(h > 0.0) || !std::isfinite(h)) throw Error(ErrorCode::usage, kStage, "bandwidths must be positive");
  }
  if (o.grid.cols == 0 && !(o.cell_size > 0.0)) throw Error(ErrorCode::usage, kStage, "the cell size must be positive");
  if (o.uniform_random && o.random_draws < 1) throw Error(ErrorCode::usage, kStage, "need at least one random draw");
  if (o.gi_star_band < 0.0) throw Error(ErrorCode::usage, kStage, "the Gi* band must not be negative");
  if (o.auto_bandwidth && o.origins.min_training_months < 2) {
    throw Error(ErrorCode::usage, kStage,
                "the automatic bandwidth cross-validates inside the training months, so it needs at least 2 of them "
                "(raise the minimum training months or turn the automatic bandwidth off)");
  }
}

std::vector<BacktestMethod> method_list(const BacktestOptions& o) {
  std::vector<double> bandwidths = o.bandwidths;
  std::sort(bandwidths.begin(), bandwidths.end());
  bandwidths.erase(std::unique(bandwidths.begin(), bandwidths.end()), bandwidths.end());
  std::vector<BacktestMethod> methods;
  for (double h : bandwidths) {
    methods.push_back({MethodKind::kde_fixed, h, "kde_" + number(h, "%g") + "m", "KDE " + number(h, "%g") + " m"});
  }
  if (o.auto_bandwidth) methods.push_back({MethodKind::kde_auto, 0.0, "kde_auto", "KDE auto (temporal CV)"});
  if (o.gi_star) methods.push_back({MethodKind::gi_star, 0.0, "gistar", "Gi* hot cells"});
  if (o.previous_period) methods.push_back({MethodKind::previous_period, 0.0, "previous_period", "previous period"});
  if (o.uniform_random) methods.push_back({MethodKind::uniform_random, 0.0, "uniform_random", "uniform random"});
  if (methods.empty()) throw Error(ErrorCode::usage, kStage, "no method to evaluate");
  return methods;
}

/// Higher value first, NaN after every number; equal values (and NaN with NaN) tie.
bool value_above(double va, double vb) {
  const bool na = std::isnan(va), nb = std::isnan(vb);
  if (na != nb) return nb;
  return !na && va > vb;
}

struct FoldCells {
  std::vector<double> train;  // weight per cell over the training window
  std::vector<double> last;   // weight per cell over the last h training months
  std::vector<double> test;
  std::vector<std::size_t> train_rows;  // incidents of the window, for KDE and CV
};

FoldCells fold_cells(const Incidents& in, const GridSpec& grid, const std::vector<std::uint8_t>& inside,
                     const RollingOrigin& origin, int horizon, BacktestFold& fold) {
  FoldCells c;
  c.train.assign(grid.size(), 0.0);
  c.last.assign(grid.size(), 0.0);
  c.test.assign(grid.size(), 0.0);
  const MonthIndex last_first = origin.train_last - horizon + 1;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const OriginPart part = origin_part(origin, in.month[i]);
    if (part == OriginPart::none) continue;
    const std::ptrdiff_t cell = grid.cell_of(in.x[i], in.y[i]);
    const bool in_area = cell >= 0 && inside[static_cast<std::size_t>(cell)] != 0;
    const double w = in.weight[i];
    if (part == OriginPart::training) {
      c.train_rows.push_back(i);
      if (!in_area) continue;
      c.train[static_cast<std::size_t>(cell)] += w;
      if (in.month[i] >= last_first) c.last[static_cast<std::size_t>(cell)] += w;
    } else if (in_area) {
      c.test[static_cast<std::size_t>(cell)] += w;
    } else {
      fold.test_outside += w;
    }
  }
  return c;
}

std::vector<double> masked(std::vector<double> values, const std::vector<std::uint8_t>& inside) {
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (inside[c] == 0) values[c] = kNaN;
  }
  return values;
}

std::vector<double> kde_surface(const Incidents& in, const FoldCells& cells, const GridSpec& grid,
                                const BacktestOptions& o, double bandwidth) {
  density::DensityOptions d;
  d.kernel = o.kernel;
  d.bandwidth = bandwidth;
  d.units = density::DensityUnits::per_cell;
  d.threads = o.threads;
  d.study_area = o.study_area;
  d.spacing_note = false;  // only the values are read
  const WeightedPoints points = density::collapse_rows(in, cells.train_rows);
  if (points.size() == 0) return std::vector<double>(grid.size(), 0.0);
  return density::kernel_density(points, grid, d).values;
}

/// Temporal CV on the training months alone: the origin's test months are never seen. The
/// origins' training windows overlap, so their CV folds do too: `shared` scores each fold once.
double auto_bandwidth(const Incidents& in, const FoldCells& cells, const GridSpec& grid,
                      const BacktestOptions& o, int months_with_data, density::TemporalCvShared& shared) {
  // Temporal CV reads positions, months and weights only.
  Incidents training;
  for (std::size_t i : cells.train_rows) {
    training.x.push_back(in.x[i]);
    training.y.push_back(in.y[i]);
    training.month.push_back(in.month[i]);
    training.weight.push_back(in.weight[i]);
  }
  density::TemporalCvOptions cv;
  cv.kernel = o.kernel;
  cv.max_bandwidth = o.auto_max_bandwidth;
  cv.min_bandwidth = grid.cell_size;
  cv.study_area = o.study_area;
  cv.threads = o.threads;
  cv.folds = std::min(3, months_with_data - 1);
  cv.test_months = 1;
  return density::select_bandwidth_temporal_cv(training, grid, cv, shared).pick().bandwidth;
}

/// Gi* z per cell of the density grid (row 0 north) from the training weights; the
/// significance grid runs from the south-west, so rows are flipped on the way in and out.
void gi_star_scores(const FoldCells& cells, const GridSpec& grid, const std::vector<std::uint8_t>& inside,
                    const BacktestOptions& o, std::vector<double>& z, std::vector<std::uint8_t>& hot,
                    std::vector<std::string>& notes, const std::string& origin_name) {
  significance::CellValues values;
  values.grid.shape = significance::CellShape::square;
  values.grid.cell_size = grid.cell_size;
  values.grid.origin_x = grid.x_min + 0.5 * grid.cell_size;
  values.grid.origin_y = grid.y_min() + 0.5 * grid.cell_size;
  values.grid.columns = grid.cols;
  values.grid.rows = grid.rows;
  values.value.assign(grid.size(), 0.0);
  values.mask.assign(grid.size(), 0);
  const auto cols = static_cast<std::size_t>(grid.cols);
  const auto flip = [&](std::size_t d) {
    const std::size_t r = d / cols, c = d % cols;
    return (static_cast<std::size_t>(grid.rows) - 1 - r) * cols + c;
  };
  for (std::size_t d = 0; d < grid.size(); ++d) {
    values.value[flip(d)] = cells.train[d];
    values.mask[flip(d)] = inside[d];
  }
  significance::GiStarOptions g;
  g.band = o.gi_star_band > 0.0 ? o.gi_star_band : 1.5 * grid.cell_size;
  g.threads = o.threads;
  z.assign(grid.size(), kNaN);
  hot.assign(grid.size(), 0);
  try {
    const significance::GiStarResult r = significance::getis_ord_gi_star(values, g);
    for (std::size_t d = 0; d < grid.size(); ++d) {
      z[d] = r.z[flip(d)];
      hot[d] = r.bin[flip(d)] > 0 ? 1 : 0;
    }
  } catch (const Error& e) {
    if (e.code() != ErrorCode::data) throw;
    notes.push_back("origin " + origin_name + ": Gi* could not be computed (" + e.detail() +
                    "); its cells were ranked by training weight");
  }
}

struct Prefix {
  double hits = 0.0, train_hits = 0.0;
};

/// Test and training weight in the first k of `ranked` for each k in `ks` (ascending).
std::vector<Prefix> prefix_sums(const std::vector<std::size_t>& ranked, const std::vector<std::size_t>& ks,
                                const FoldCells& cells) {
  std::vector<Prefix> out(ks.size());
  Prefix running;
  std::size_t taken = 0;
  for (std::size_t s = 0; s < ks.size(); ++s) {
    for (; taken < ks[s] && taken < ranked.size(); ++taken) {
      running.hits += cells.test[ranked[taken]];
      running.train_hits += cells.train[ranked[taken]];
    }
    out[s] = running;
  }
  return out;
}

/// Test and training weight in a method's top k cells for each k in `ks` (ascending), the
/// cells ranked by `above` (a strict weak order: the method's score). Where the k-th cell
/// ties with cells left out (the count model's empty cells, all 0, when fewer than k cells
/// have counts), no order among the tied cells is better founded than another, and taking
/// them by index would credit whichever corner of the grid comes first: the tied cells count
/// with the share of them the cut takes, (k − above) / tied, the expected weight of a random
/// choice among them, as the temporal cross-validation and `--evaluate-on` score ties.
template <class Above>
std::vector<Prefix> expected_top_sums(const std::vector<std::size_t>& valid, const std::vector<std::size_t>& ks,
                                      const FoldCells& cells, Above above) {
  const auto tied = [&](std::size_t a, std::size_t b) { return !above(a, b) && !above(b, a); };
  // The top ks.back() cells, ties by index so the order is total.
  std::vector<std::size_t> ranked = valid;
  const std::size_t k_max = std::min(ks.back(), ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k_max), ranked.end(),
                    [&](std::size_t a, std::size_t b) {
                      if (above(a, b)) return true;
                      if (above(b, a)) return false;
                      return a < b;
                    });
  ranked.resize(k_max);
  std::vector<Prefix> out = prefix_sums(ranked, ks, cells);
  for (std::size_t s = 0; s < ks.size(); ++s) {
    const std::size_t k = std::min(ks[s], ranked.size());
    if (k == 0) continue;
    const std::size_t cut = ranked[k - 1];
    std::size_t first_tied = k - 1;  // tied cells are contiguous in the ranking
    while (first_tied > 0 && tied(ranked[first_tied - 1], cut)) --first_tied;
    std::size_t tied_cells = 0;
    Prefix tied_sum;
    for (std::size_t c : valid) {
      if (!tied(c, cut)) continue;
      ++tied_cells;
      tied_sum.hits += cells.test[c];
      tied_sum.train_hits += cells.train[c];
    }
    if (tied_cells == k - first_tied) continue;  // the cut splits no tie
    Prefix expected;
    for (std::size_t j = 0; j < first_tied; ++j) {
      expected.hits += cells.test[ranked[j]];
      expected.train_hits += cells.train[ranked[j]];
    }
    const double taken = static_cast<double>(k - first_tied) / static_cast<double>(tied_cells);
    expected.hits += taken * tied_sum.hits;
    expected.train_hits += taken * tied_sum.train_hits;
    out[s] = expected;
  }
  return out;
}

std::string month_text(MonthIndex m) { return m == kNoMonth ? "" : format_month(m); }

}  // namespace

const BacktestScore& BacktestResult::score(std::size_t fold, std::size_t method, std::size_t share) const {
  return scores.at((fold * methods.size() + method) * area_shares.size() + share);
}

const BacktestSummary& BacktestResult::summary_of(std::size_t method, std::size_t share) const {
  return summary.at(method * area_shares.size() + share);
}

BacktestResult run_backtest(const Incidents& incidents, const BacktestOptions& options) {
  check_options(options);
  BacktestResult result;
  result.methods = method_list(options);
  result.area_shares = options.area_shares;
  result.horizon = options.origins.horizon;

  if (options.grid.cols > 0 && options.grid.rows > 0) {
    result.grid = options.grid;
  } else {
    if (incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents to evaluate");
    const auto [xmin, xmax] = std::minmax_element(incidents.x.begin(), incidents.x.end());
    const auto [ymin, ymax] = std::minmax_element(incidents.y.begin(), incidents.y.end());
    result.grid = snap_grid(*xmin, *ymin, *xmax, *ymax, options.cell_size);
  }
  const GridSpec& grid = result.grid;
  if (!options.study_area.empty() && options.study_area.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  }
  const std::vector<std::uint8_t> inside =
      options.study_area.empty() ? std::vector<std::uint8_t>(grid.size(), 1) : options.study_area;
  std::vector<std::size_t> valid;
  for (std::size_t c = 0; c < grid.size(); ++c) {
    if (inside[c] != 0) valid.push_back(c);
  }
  result.study_cells = valid.size();
  if (valid.empty()) throw Error(ErrorCode::data, kStage, "the study area holds no grid cell");

  const std::vector<RollingOrigin> origins = rolling_origins(incidents, options.origins);
  if (origins.empty()) {
    throw Error(ErrorCode::data, kStage,
                "no rolling origin: need a month with " + std::to_string(options.origins.min_training_months) +
                    " months of data in its training window followed by " +
                    std::to_string(options.origins.horizon) + " months with data");
  }

  // k per share, and the shares' order by k for the prefix sums.
  const std::size_t shares = options.area_shares.size();
  std::vector<std::size_t> k_of(shares);
  for (std::size_t s = 0; s < shares; ++s) k_of[s] = density::cells_for_share(valid.size(), options.area_shares[s]);
  std::vector<std::size_t> by_k(shares);
  std::iota(by_k.begin(), by_k.end(), std::size_t{0});
  std::stable_sort(by_k.begin(), by_k.end(), [&](std::size_t a, std::size_t b) { return k_of[a] < k_of[b]; });
  std::vector<std::size_t> ks;
  for (std::size_t s : by_k) ks.push_back(k_of[s]);
  const std::size_t k_max = ks.back();
  const auto A = static_cast<double>(valid.size());

  density::TemporalCvShared shared_cv;
  for (std::size_t f = 0; f < origins.size(); ++f) {
    BacktestFold fold;
    fold.origin = origins[f];
    fold.auto_bandwidth = kNaN;
    const FoldCells cells = fold_cells(incidents, grid, inside, fold.origin, options.origins.horizon, fold);
    for (std::size_t c : valid) {
      fold.train_weight += cells.train[c];
      fold.test_weight += cells.test[c];
    }
    // n* for each k: the k fullest test cells.
    std::vector<double> test_sorted;
    for (std::size_t c : valid) test_sorted.push_back(cells.test[c]);
    std::sort(test_sorted.begin(), test_sorted.end(), std::greater<>());
    std::vector<double> best(shares, 0.0);
    for (std::size_t s = 0; s < shares; ++s) {
      for (std::size_t i = 0; i < k_of[s]; ++i) best[s] += test_sorted[i];
    }

    for (std::size_t m = 0; m < result.methods.size(); ++m) {
      const BacktestMethod& method = result.methods[m];
      std::vector<Prefix> prefix;
      if (method.kind == MethodKind::uniform_random) {
        // Partial Fisher–Yates: the first k of one draw of k_max cells is itself a uniform
        // draw of k cells, so every share comes from the same draws. Swaps are undone after
        // each draw so every draw starts from the same order.
        SplitMix64 rng(options.seed ^ (0x9E3779B97F4A7C15ULL * (f + 1)));
        std::vector<std::size_t> pool = valid;
        std::vector<Prefix> sum(shares);
        std::vector<std::size_t> swapped(k_max);
        for (int d = 0; d < options.random_draws; ++d) {
          for (std::size_t i = 0; i < k_max; ++i) {
            const std::size_t j = i + static_cast<std::size_t>(rng.below(pool.size() - i));
            swapped[i] = j;
            std::swap(pool[i], pool[j]);
          }
          const std::vector<Prefix> one = prefix_sums(pool, ks, cells);
          for (std::size_t s = 0; s < shares; ++s) {
            sum[s].hits += one[s].hits;
            sum[s].train_hits += one[s].train_hits;
          }
          for (std::size_t i = k_max; i-- > 0;) std::swap(pool[i], pool[swapped[i]]);
        }
        for (Prefix& p : sum) {
          p.hits /= options.random_draws;
          p.train_hits /= options.random_draws;
        }
        prefix = sum;
      } else {
        if (method.kind == MethodKind::kde_fixed || method.kind == MethodKind::kde_auto) {
          double h = method.bandwidth;
          if (method.kind == MethodKind::kde_auto) {
            h = auto_bandwidth(incidents, cells, grid, options, fold.origin.training_months_with_data, shared_cv);
            fold.auto_bandwidth = h;
          }
          const std::vector<double> surface =
              h > 0.0 ? masked(kde_surface(incidents, cells, grid, options, h), inside) : masked(cells.train, inside);
          prefix = expected_top_sums(valid, ks, cells,
                                     [&](std::size_t a, std::size_t b) { return value_above(surface[a], surface[b]); });
        } else if (method.kind == MethodKind::gi_star) {
          std::vector<double> z;
          std::vector<std::uint8_t> hot;
          gi_star_scores(cells, grid, inside, options, z, hot, result.notes, format_month(fold.origin.train_last));
          prefix = expected_top_sums(valid, ks, cells, [&](std::size_t a, std::size_t b) {
            if (hot[a] != hot[b]) return hot[a] > hot[b];
            const bool na = std::isnan(z[a]), nb = std::isnan(z[b]);
            if (na != nb) return nb;
            if (!na && z[a] != z[b]) return z[a] > z[b];
            return value_above(cells.train[a], cells.train[b]);
          });
        } else {  // previous_period
          prefix = expected_top_sums(valid, ks, cells, [&](std::size_t a, std::size_t b) {
            if (cells.last[a] != cells.last[b]) return cells.last[a] > cells.last[b];
            return value_above(cells.train[a], cells.train[b]);
          });
        }
      }

      std::vector<Prefix> by_share(shares);
      for (std::size_t i = 0; i < shares; ++i) by_share[by_k[i]] = prefix[i];
      for (std::size_t s = 0; s < shares; ++s) {
        BacktestScore score;
        score.fold = f;
        score.method = m;
        score.share = s;
        score.cells = k_of[s];
        score.area_share = static_cast<double>(k_of[s]) / A;
        score.hits = by_share[s].hits;
        score.train_hits = by_share[s].train_hits;
        score.best_hits = best[s];
        const double N = fold.test_weight, R = fold.train_weight;
        score.hit_rate = N > 0.0 ? score.hits / N : kNaN;
        score.pai = N > 0.0 ? score.hit_rate / score.area_share : kNaN;
        score.pei = score.best_hits > 0.0 ? score.hits / score.best_hits : kNaN;
        score.rri = N > 0.0 && R > 0.0 && score.train_hits > 0.0 ? (score.hits / score.train_hits) / (N / R) : kNaN;
        result.scores.push_back(score);
      }
    }
    result.folds.push_back(fold);
  }

  for (std::size_t m = 0; m < result.methods.size(); ++m) {
    for (std::size_t s = 0; s < shares; ++s) {
      BacktestSummary sum;
      sum.method = m;
      sum.share = s;
      double hit = 0, pai = 0, pei = 0, rri = 0;
      std::size_t n_pei = 0, n_rri = 0;
      double n = 0, N = 0, best = 0, r = 0, R = 0;
      for (std::size_t f = 0; f < result.folds.size(); ++f) {
        const BacktestScore& sc = result.score(f, m, s);
        if (!std::isnan(sc.hit_rate)) {
          ++sum.origins;
          hit += sc.hit_rate;
          pai += sc.pai;
        }
        if (!std::isnan(sc.pei)) {
          ++n_pei;
          pei += sc.pei;
        }
        if (!std::isnan(sc.rri)) {
          ++n_rri;
          rri += sc.rri;
        }
        n += sc.hits;
        best += sc.best_hits;
        r += sc.train_hits;
        N += result.folds[f].test_weight;
        R += result.folds[f].train_weight;
      }
      sum.hit_rate = sum.origins > 0 ? hit / static_cast<double>(sum.origins) : kNaN;
      sum.pai = sum.origins > 0 ? pai / static_cast<double>(sum.origins) : kNaN;
      sum.pei = n_pei > 0 ? pei / static_cast<double>(n_pei) : kNaN;
      sum.rri = n_rri > 0 ? rri / static_cast<double>(n_rri) : kNaN;
      const double a = static_cast<double>(k_of[s]) / A;
      sum.pooled_hit_rate = N > 0.0 ? n / N : kNaN;
      sum.pooled_pai = N > 0.0 ? sum.pooled_hit_rate / a : kNaN;
      sum.pooled_pei = best > 0.0 ? n / best : kNaN;
      sum.pooled_rri = N > 0.0 && R > 0.0 && r > 0.0 ? (n / r) / (N / R) : kNaN;
      result.summary.push_back(sum);
    }
  }
  return result;
}

std::string backtest_csv(const BacktestResult& result) {
  std::string out =
      "origin,train_first,train_last,test_first,test_last,method,bandwidth_m,area_share,cells,test_weight,hits,"
      "best_hits,train_weight,train_hits,hit_rate,pai,pei,rri\n";
  for (const BacktestScore& s : result.scores) {
    const BacktestFold& fold = result.folds[s.fold];
    const BacktestMethod& m = result.methods[s.method];
    const double h = m.kind == MethodKind::kde_fixed  ? m.bandwidth
                     : m.kind == MethodKind::kde_auto ? fold.auto_bandwidth
                                                      : kNaN;
    out += month_text(fold.origin.train_last) + ',' + month_text(fold.origin.train_first) + ',' +
           month_text(fold.origin.train_last) + ',' + month_text(fold.origin.test_first) + ',' +
           month_text(fold.origin.test_last) + ',' + csv_cell(m.id) + ',' + number(h, "%g") + ',' +
           number(result.area_shares[s.share], "%g") + ',' + std::to_string(s.cells) + ',' +
           number(fold.test_weight) + ',' + number(s.hits) + ',' + number(s.best_hits) + ',' +
           number(fold.train_weight) + ',' + number(s.train_hits) + ',' + number(s.hit_rate) + ',' + number(s.pai) +
           ',' + number(s.pei) + ',' + number(s.rri) + '\n';
  }
  return out;
}

std::string backtest_summary_csv(const BacktestResult& result) {
  std::string out =
      "method,area_share,origins,hit_rate,pai,pei,rri,pooled_hit_rate,pooled_pai,pooled_pei,pooled_rri\n";
  for (const BacktestSummary& s : result.summary) {
    out += csv_cell(result.methods[s.method].id) + ',' + number(result.area_shares[s.share], "%g") + ',' +
           std::to_string(s.origins) + ',' + number(s.hit_rate) + ',' + number(s.pai) + ',' + number(s.pei) + ',' +
           number(s.rri) + ',' + number(s.pooled_hit_rate) + ',' + number(s.pooled_pai) + ',' +
           number(s.pooled_pei) + ',' + number(s.pooled_rri) + '\n';
  }
  return out;
}

std::string backtest_markdown(const BacktestResult& result) {
  const auto fixed = [](double v, const char* format) { return std::isnan(v) ? std::string("–") : number(v, format); };
  std::string out;
  if (!result.folds.empty()) {
    const RollingOrigin& first = result.folds.front().origin;
    const RollingOrigin& last = result.folds.back().origin;
    out += std::to_string(result.folds.size()) + " rolling origins from " + format_month(first.train_last) + " to " +
           format_month(last.train_last) + "; each tests the next " + std::to_string(result.horizon) +
           (result.horizon == 1 ? " month" : " months") + ". " + number(result.grid.cell_size, "%g") + " m cells, " +
           std::to_string(result.study_cells) + " in the study area. Means over origins; hit rate in %.\n\n";
  }
  out += "| method |";
  std::string rule = "| --- |";
  for (double share : result.area_shares) {
    const std::string p = number(100.0 * share, "%g") + "%";
    out += " hit " + p + " | PAI " + p + " | PEI " + p + " | RRI " + p + " |";
    rule += " ---: | ---: | ---: | ---: |";
  }
  out += "\n" + rule + "\n";
  for (std::size_t m = 0; m < result.methods.size(); ++m) {
    out += "| " + result.methods[m].label + " |";
    for (std::size_t s = 0; s < result.area_shares.size(); ++s) {
      const BacktestSummary& sum = result.summary_of(m, s);
      out += ' ' + fixed(100.0 * sum.hit_rate, "%.1f") + " | " + fixed(sum.pai, "%.2f") + " | " +
             fixed(sum.pei, "%.2f") + " | " + fixed(sum.rri, "%.2f") + " |";
    }
    out += '\n';
  }
  bool any_auto = false;
  std::string picks;
  for (const BacktestFold& f : result.folds) {
    if (std::isnan(f.auto_bandwidth)) continue;
    any_auto = true;
    if (!picks.empty()) picks += ", ";
    picks += f.auto_bandwidth > 0.0 ? number(f.auto_bandwidth, "%.0f") + " m" : "counts";
  }
  if (any_auto) out += "\nBandwidths chosen by temporal CV per origin: " + picks + ".\n";
  return out;
}

}  // namespace hotspot::evaluation
