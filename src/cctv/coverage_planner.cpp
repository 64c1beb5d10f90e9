#include "hotspot/cctv/coverage_planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <unordered_map>


#include "cctv/cbc_model.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.planner";

// Per demand point: the best coverage quality seen so far and how many cameras see it.
class CoverageState {
 public:
  CoverageState(std::span<const double> weight, double backup_weight)
      : weight_(weight), backup_(backup_weight), best_(weight.size(), 0.0), count_(weight.size(), 0) {}

  void add(const CoverageColumn& column) {
    for (std::size_t k = 0; k < column.points.size(); ++k) {
      const std::uint32_t i = column.points[k];
      best_[i] = std::max(best_[i], column.quality[k]);
      ++count_[i];
    }
  }
  // Objective added by `column`. With backup_weight <= 1 it never grows as cameras are added,
  // which lazy (CELF) evaluation relies on.
  [[nodiscard]] double gain(const CoverageColumn& column) const {
    double g = 0;
    for (std::size_t k = 0; k < column.points.size(); ++k) {
      const std::uint32_t i = column.points[k];
      g += weight_[i] * (std::max(0.0, column.quality[k] - best_[i]) + (count_[i] == 1 ? backup_ : 0.0));
    }
    return g;
  }
  [[nodiscard]] double primary_gain(const CoverageColumn& column) const {
    double g = 0;
    for (std::size_t k = 0; k < column.points.size(); ++k) {
      g += weight_[column.points[k]] * std::max(0.0, column.quality[k] - best_[column.points[k]]);
    }
    return g;
  }
  [[nodiscard]] double primary() const {
    double total = 0;
    for (std::size_t i = 0; i < best_.size(); ++i) total += weight_[i] * best_[i];
    return total;
  }
  [[nodiscard]] double backup() const {
    double total = 0;
    for (std::size_t i = 0; i < best_.size(); ++i) total += count_[i] >= 2 ? weight_[i] : 0.0;
    return total;
  }
  [[nodiscard]] double objective() const { return primary() + backup_ * backup(); }
  [[nodiscard]] const std::vector<double>& best() const { return best_; }
  [[nodiscard]] const std::vector<std::uint32_t>& count() const { return count_; }

 private:
  std::span<const double> weight_;
  double backup_;
  std::vector<double> best_;
  std::vector<std::uint32_t> count_;
};

// The input's conflicts when it brings them (checked to fit), else `own` filled.
const SiteConflicts* conflicts_for(const PlannerInput& in, const PlannerOptions& options, SiteConflicts& own) {
  const double d = std::max(0.0, options.min_separation_m);
  if (in.conflicts != nullptr) {
    if (in.conflicts->too_close.size() != in.sites.size() || in.conflicts->separation_m != d) {
      throw Error(ErrorCode::internal, kStage, "the site conflicts were found for other sites or another separation");
    }
    return in.conflicts;
  }
  own = site_conflicts(in.sites, d);
  return &own;
}

struct Problem {
  const PlannerInput& input;
  const PlannerOptions& options;
  std::vector<std::vector<std::uint32_t>> columns_of_site;
  SiteConflicts own_conflicts;         // computed here when the input brings none
  const SiteConflicts* conflicts = nullptr;
  const std::vector<std::vector<std::uint32_t>>& too_close;  // sites nearer than the separation
  std::vector<std::uint8_t> eligible_site;

  Problem(const PlannerInput& in, const PlannerOptions& opt)
      : input(in), options(opt), conflicts(conflicts_for(in, opt, own_conflicts)), too_close(conflicts->too_close) {
    const auto& m = *in.candidates;
    columns_of_site.resize(m.sites);
    for (std::uint32_t c = 0; c < m.columns.size(); ++c) columns_of_site[m.columns[c].site].push_back(c);
    eligible_site.assign(m.sites, 1);
    for (std::size_t s = 0; s < m.sites; ++s) {
      if (s < m.site_inside_obstacle.size() && m.site_inside_obstacle[s] != 0) eligible_site[s] = 0;
      if (options.budget && in.sites[s].cost > *options.budget) eligible_site[s] = 0;
    }
  }

  [[nodiscard]] double cost(std::uint32_t column) const {
    return input.sites[input.candidates->columns[column].site].cost;
  }

  // Can `column` join `chosen` (ignoring `skip`, the position being swapped out)?
  [[nodiscard]] bool feasible(std::uint32_t column, const std::vector<std::uint32_t>& chosen, std::size_t skip) const {
    const auto& cols = input.candidates->columns;
    const std::uint32_t site = cols[column].site;
    if (eligible_site[site] == 0) return false;
    double spent = cost(column);
    std::size_t count = 1;
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      if (k == skip) continue;
      const std::uint32_t other = cols[chosen[k]].site;
      if (other == site) return false;
      if (std::binary_search(too_close[site].begin(), too_close[site].end(), other)) return false;
      spent += cost(chosen[k]);
      ++count;
    }
    if (options.budget) return spent <= *options.budget * (1 + 1e-12);
    return count <= static_cast<std::size_t>(options.cameras);
  }

  [[nodiscard]] CoverageState base_state() const {
    CoverageState state(input.demand_weight, options.backup_weight);
    if (input.existing != nullptr) {
      for (const auto& column : input.existing->columns) state.add(column);
    }
    return state;
  }

  [[nodiscard]] CoverageState state_of(const std::vector<std::uint32_t>& chosen, std::size_t skip) const {
    CoverageState state = base_state();
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      if (k != skip) state.add(input.candidates->columns[chosen[k]]);
    }
    return state;
  }
};

// CELF: gains only shrink as cameras are added, so a stale gain is an upper bound and the top
// of the queue, once refreshed, is the true best. Ties go to the lower column index.
void greedy(const Problem& problem, std::vector<std::uint32_t>& chosen, bool by_ratio) {
  const auto& cols = problem.input.candidates->columns;
  CoverageState state = problem.state_of(chosen, std::numeric_limits<std::size_t>::max());
  struct Entry {
    double key;
    std::uint32_t column;
    std::size_t round;
    bool operator<(const Entry& o) const { return key != o.key ? key < o.key : column > o.column; }
  };
  std::priority_queue<Entry> queue;
  const auto key_of = [&](std::uint32_t c, double g) { return by_ratio ? g / std::max(problem.cost(c), 1e-12) : g; };
  for (std::uint32_t c = 0; c < cols.size(); ++c) {
    if (cols[c].points.empty()) continue;  // gains nothing: never queued
    if (!problem.feasible(c, chosen, std::numeric_limits<std::size_t>::max())) continue;
    const double g = state.gain(cols[c]);
    if (g > 0) queue.push({key_of(c, g), c, chosen.size()});
  }
  while (!queue.empty()) {
    Entry top = queue.top();
    queue.pop();
    if (!problem.feasible(top.column, chosen, std::numeric_limits<std::size_t>::max())) continue;
    if (top.round != chosen.size()) {
      const double g = state.gain(cols[top.column]);
      if (g > 0) queue.push({key_of(top.column, g), top.column, chosen.size()});
      continue;
    }
    chosen.push_back(top.column);
    state.add(cols[top.column]);
  }
}

// Best single swap (remove one chosen, add one other) that raises the objective; repeated until
// none does. Deterministic: positions and columns are scanned in order, strict improvement only.
int local_search(const Problem& problem, std::vector<std::uint32_t>& chosen) {
  const auto& cols = problem.input.candidates->columns;
  int swaps = 0;
  double current = problem.state_of(chosen, std::numeric_limits<std::size_t>::max()).objective();
  for (int pass = 0; pass < 1000; ++pass) {
    double best_value = current;
    std::size_t best_pos = 0;
    std::uint32_t best_col = 0;
    bool found = false;
    for (std::size_t r = 0; r < chosen.size(); ++r) {
      const CoverageState without = problem.state_of(chosen, r);
      const double base = without.objective();
      for (std::uint32_t c = 0; c < cols.size(); ++c) {
        // A column that sees nothing gives `base`, never above the current objective (which
        // holds `base` and more): most lattice sites of a county see no incident.
        if (cols[c].points.empty() || c == chosen[r] || !problem.feasible(c, chosen, r)) continue;
        const double value = base + without.gain(cols[c]);
        if (value > best_value + 1e-9 * std::max(1.0, std::abs(best_value))) {
          best_value = value;
          best_pos = r;
          best_col = c;
          found = true;
        }
      }
    }
    if (!found) break;
    chosen[best_pos] = best_col;
    current = best_value;
    ++swaps;
  }
  return swaps;
}

struct ExactResult {
  bool optimal = false;
  std::optional<double> objective;
  std::optional<double> bound;
  std::vector<std::uint32_t> chosen;
};

ExactResult solve_exact(const Problem& problem, const std::vector<std::uint32_t>& start) {
  const auto& cols = problem.input.candidates->columns;
  const auto w = problem.input.demand_weight;
  const double beta = problem.options.backup_weight;
  const CoverageState base = problem.base_state();
  const bool decay = problem.input.candidates->any_decay();
  if (decay && beta > 0) throw Error(ErrorCode::usage, kStage, "backup coverage cannot be combined with distance decay");

  const detail::CbcModelPtr owner = detail::new_maximising_cbc_model();
  Cbc_Model* model = owner.get();

  // y columns: one per eligible candidate column with something to see.
  std::vector<int> y_of(cols.size(), -1);
  std::vector<std::uint32_t> column_of_y;
  for (std::uint32_t c = 0; c < cols.size(); ++c) {
    if (problem.eligible_site[cols[c].site] == 0 || cols[c].points.empty()) continue;
    y_of[c] = static_cast<int>(column_of_y.size());
    column_of_y.push_back(c);
    Cbc_addCol(model, "", 0, 1, 0, 1, 0, nullptr, nullptr);
  }
  int next_col = static_cast<int>(column_of_y.size());
  std::vector<double> start_values(column_of_y.size(), 0.0);
  std::vector<std::uint8_t> in_start(cols.size(), 0);
  for (const auto c : start) in_start[c] = 1;
  for (std::size_t j = 0; j < column_of_y.size(); ++j) start_values[j] = in_start[column_of_y[j]];
  const CoverageState start_state = problem.state_of(start, std::numeric_limits<std::size_t>::max());

  // Columns covering each point.
  std::unordered_map<std::uint32_t, std::vector<std::pair<int, double>>> covering;
  for (std::size_t j = 0; j < column_of_y.size(); ++j) {
    const auto& col = cols[column_of_y[j]];
    for (std::size_t k = 0; k < col.points.size(); ++k) covering[col.points[k]].push_back({static_cast<int>(j), col.quality[k]});
  }
  std::vector<std::uint32_t> points;
  for (const auto& [i, list] : covering) points.push_back(i);
  std::sort(points.begin(), points.end());

  std::vector<int> idx;
  std::vector<double> coef;
  for (const std::uint32_t i : points) {
    const auto& list = covering[i];
    const double b0 = base.best()[i];
    const std::uint32_t c0 = base.count()[i];
    if (!decay) {
      const double up = 1.0 - std::min(b0, 1.0);
      idx.clear();
      coef.clear();
      int z1 = -1, z2 = -1;
      if (up > 0) {
        z1 = next_col++;
        Cbc_addCol(model, "", 0, up, w[i], 0, 0, nullptr, nullptr);
        start_values.push_back(start_state.best()[i] - b0);
      }
      if (beta > 0 && c0 < 2) {
        z2 = next_col++;
        Cbc_addCol(model, "", 0, 1, beta * w[i], 0, 0, nullptr, nullptr);
        start_values.push_back(start_state.count()[i] >= 2 ? 1.0 : 0.0);
      }
      if (z1 < 0 && z2 < 0) continue;
      if (z1 >= 0) {
        idx.push_back(z1);
        coef.push_back(1);
      }
      if (z2 >= 0) {
        idx.push_back(z2);
        coef.push_back(1);
      }
      for (const auto& [j, q] : list) {
        idx.push_back(j);
        coef.push_back(-1);
      }
      Cbc_addRow(model, "", static_cast<int>(idx.size()), idx.data(), coef.data(), 'L',
                 static_cast<double>(c0) - std::min(b0, 1.0));
    } else {
      // Assignment form: x_ij ≤ y_j, Σ_j x_ij ≤ 1; the best camera seeing i gets it.
      std::vector<int> xs;
      double best_start = 0;
      int best_start_x = -1;
      for (const auto& [j, q] : list) {
        const double value = q - b0;
        if (value <= 0) continue;
        const int x = next_col++;
        Cbc_addCol(model, "", 0, 1, w[i] * value, 0, 0, nullptr, nullptr);
        start_values.push_back(0.0);
        if (start_values[static_cast<std::size_t>(j)] > 0.5 && value > best_start) {
          best_start = value;
          best_start_x = x;
        }
        const int row_idx[2] = {x, j};
        const double row_coef[2] = {1, -1};
        Cbc_addRow(model, "", 2, row_idx, row_coef, 'L', 0);
        xs.push_back(x);
      }
      if (best_start_x >= 0) start_values[static_cast<std::size_t>(best_start_x)] = 1.0;
      if (xs.size() > 1) {
        std::vector<double> ones(xs.size(), 1.0);
        Cbc_addRow(model, "", static_cast<int>(xs.size()), xs.data(), ones.data(), 'L', 1);
      }
    }
  }
  // At most one heading per site; separation between sites.
  std::vector<std::vector<int>> ys_of_site(problem.columns_of_site.size());
  for (std::size_t j = 0; j < column_of_y.size(); ++j) ys_of_site[cols[column_of_y[j]].site].push_back(static_cast<int>(j));
  for (const auto& ys : ys_of_site) {
    if (ys.size() < 2) continue;
    std::vector<double> ones(ys.size(), 1.0);
    Cbc_addRow(model, "", static_cast<int>(ys.size()), ys.data(), ones.data(), 'L', 1);
  }
  for (std::size_t s = 0; s < problem.too_close.size(); ++s) {
    for (const std::uint32_t t : problem.too_close[s]) {
      if (t <= s || ys_of_site[s].empty() || ys_of_site[t].empty()) continue;
      std::vector<int> ys = ys_of_site[s];
      ys.insert(ys.end(), ys_of_site[t].begin(), ys_of_site[t].end());
      std::vector<double> ones(ys.size(), 1.0);
      Cbc_addRow(model, "", static_cast<int>(ys.size()), ys.data(), ones.data(), 'L', 1);
    }
  }
  {
    std::vector<int> ys(column_of_y.size());
    std::vector<double> c(column_of_y.size());
    for (std::size_t j = 0; j < ys.size(); ++j) {
      ys[j] = static_cast<int>(j);
      c[j] = problem.options.budget ? problem.cost(column_of_y[j]) : 1.0;
    }
    if (!ys.empty()) {
      Cbc_addRow(model, "", static_cast<int>(ys.size()), ys.data(), c.data(), 'L',
                 problem.options.budget ? *problem.options.budget : static_cast<double>(problem.options.cameras));
    }
  }
  ExactResult result;
  const double constant = base.objective();
  if (column_of_y.empty()) {
    result.optimal = true;
    result.objective = constant;
    result.bound = constant;
    return result;
  }
  Cbc_setInitialSolution(model, start_values.data());
  Cbc_setMaximumSeconds(model, problem.options.time_limit_s);
  Cbc_solve(model);
  result.optimal = Cbc_isProvenOptimal(model) != 0;
  const double* solution = Cbc_getColSolution(model);
  if (solution != nullptr) {
    for (std::size_t j = 0; j < column_of_y.size(); ++j) {
      if (solution[j] > 0.5) result.chosen.push_back(column_of_y[j]);
    }
    // Our own evaluation of CBC's answer, so the report never relies on the solver's arithmetic.
    result.objective = problem.state_of(result.chosen, std::numeric_limits<std::size_t>::max()).objective();
  }
  // CBC reports its bound in the minimisation form it solves internally.
  const double raw_bound = Cbc_getBestPossibleObjValue(model);
  // Before the root LP is solved CBC reports ±COIN_DBL_MAX (or a huge value): no bound.
  if (std::isfinite(raw_bound) && std::abs(raw_bound) < 1e30) {
    const double bound = constant + std::abs(raw_bound);
    result.bound = result.optimal && result.objective ? *result.objective : bound;
  }
  return result;
}

}  // namespace

// The pairs of sites nearer than d to each other, each list ascending. Sites are bucketed on
// a grid of cells a little wider than d, so a pair nearer than d always lies in the same or
// adjacent cells (with room for rounding). Each pair is decided as hypot(dx, dy) < d decides
// it; the squared distance settles the pairs clearly nearer or farther, and hypot the rest.
SiteConflicts site_conflicts(std::span<const CameraSite> sites, double d) {
  SiteConflicts out;
  out.too_close.resize(sites.size());
  if (!(d > 0)) return out;
  out.separation_m = d;
  std::vector<std::uint32_t> listed;
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  for (std::uint32_t s = 0; s < sites.size(); ++s) {
    if (!std::isfinite(sites[s].x) || !std::isfinite(sites[s].y)) continue;  // never nearer than d to anything
    listed.push_back(s);
    min_x = std::min(min_x, sites[s].x);
    min_y = std::min(min_y, sites[s].y);
    max_x = std::max(max_x, sites[s].x);
    max_y = std::max(max_y, sites[s].y);
  }
  if (listed.empty()) return out;
  // Any cell at least this wide works; wider for a vast extent, so cell numbers stay small.
  const double cell = std::max(d * (1 + 1e-6), std::max(max_x - min_x, max_y - min_y) / 1e12);
  // Squares far from under- and overflow only; otherwise every pair goes to hypot.
  const bool squares = d > 1e-100 && d < 1e100;
  const double d2 = d * d;
  const double clearly_farther = squares ? d2 * (1 + 1e-9) : INFINITY, clearly_nearer = squares ? d2 * (1 - 1e-9) : 0.0;
  const auto key = [&](std::uint32_t s) {
    return std::pair(static_cast<long long>(std::floor((sites[s].x - min_x) / cell)),
                     static_cast<long long>(std::floor((sites[s].y - min_y) / cell)));
  };
  std::vector<std::pair<std::pair<long long, long long>, std::uint32_t>> keyed;
  keyed.reserve(listed.size());
  for (const auto s : listed) keyed.push_back({key(s), s});
  std::sort(keyed.begin(), keyed.end());
  // Cell by cell: the three columns of neighbouring cells, each a run of the sorted keys.
  for (auto cell_begin = keyed.begin(); cell_begin != keyed.end();) {
    const auto [cx, cy] = cell_begin->first;
    auto cell_end = cell_begin;
    while (cell_end != keyed.end() && cell_end->first == cell_begin->first) ++cell_end;
    for (long long ox = -1; ox <= 1; ++ox) {
      const auto lo = std::lower_bound(keyed.begin(), keyed.end(), std::pair{std::pair{cx + ox, cy - 1}, std::uint32_t{0}});
      const auto hi = std::upper_bound(
          lo, keyed.end(), std::pair{std::pair{cx + ox, cy + 1}, std::numeric_limits<std::uint32_t>::max()});
      for (auto mine = cell_begin; mine != cell_end; ++mine) {
        const std::uint32_t a = mine->second;
        const auto& p = sites[a];
        for (auto it = lo; it != hi; ++it) {
          const std::uint32_t b = it->second;
          if (b <= a) continue;
          const auto& q = sites[b];
          const double dx = p.x - q.x, dy = p.y - q.y;
          const double squared = dx * dx + dy * dy;
          if (squared > clearly_farther) continue;
          if (squared < clearly_nearer || std::hypot(dx, dy) < d) {
            out.too_close[a].push_back(b);
            out.too_close[b].push_back(a);
          }
        }
      }
    }
    cell_begin = cell_end;
  }
  for (auto& list : out.too_close) std::sort(list.begin(), list.end());
  return out;
}

double coverage_objective(const PlannerInput& input, std::span<const std::uint32_t> columns, double backup_weight) {
  CoverageState state(input.demand_weight, backup_weight);
  if (input.existing != nullptr) {
    for (const auto& column : input.existing->columns) state.add(column);
  }
  for (const auto c : columns) state.add(input.candidates->columns[c]);
  return state.objective();
}

Plan plan_cameras(const PlannerInput& input, const PlannerOptions& options) {
  if (input.candidates == nullptr) throw Error(ErrorCode::internal, kStage, "no candidate coverage");
  if (input.sites.size() != input.candidates->sites) throw Error(ErrorCode::internal, kStage, "sites and coverage disagree");
  if (!options.budget && options.cameras < 1) throw Error(ErrorCode::usage, kStage, "at least one new camera is needed");
  if (options.budget && !(*options.budget > 0)) throw Error(ErrorCode::usage, kStage, "the budget must be positive");
  if (options.backup_weight < 0 || options.backup_weight > 1) {
    throw Error(ErrorCode::usage, kStage, "the backup weight must lie in [0, 1]");
  }
  const bool decay = input.candidates->any_decay() || (input.existing != nullptr && input.existing->any_decay());
  if (decay && options.backup_weight > 0) {
    throw Error(ErrorCode::usage, kStage, "backup coverage cannot be combined with distance decay");
  }
  for (const auto& site : input.sites) {
    if (!(site.cost > 0) || !std::isfinite(site.cost)) throw Error(ErrorCode::data, kStage, "site costs must be positive");
  }
  const Problem problem(input, options);
  Plan plan;
  for (const double w : input.demand_weight) plan.total_demand += w;
  plan.existing_primary = problem.base_state().primary();

  std::vector<std::uint32_t> chosen;
  greedy(problem, chosen, options.budget.has_value());
  if (options.budget) {
    // Ratio greedy alone can be arbitrarily bad under a budget; the better of it and the best
    // single affordable site keeps the (1 − 1/e)/2 guarantee (Khuller, Moss and Naor 1999).
    const CoverageState base = problem.base_state();
    double best_single = 0;
    std::uint32_t best_column = 0;
    for (std::uint32_t c = 0; c < input.candidates->columns.size(); ++c) {
      if (!problem.feasible(c, {}, 0)) continue;
      const double g = base.gain(input.candidates->columns[c]);
      if (g > best_single) {
        best_single = g;
        best_column = c;
      }
    }
    if (best_single > 0 && base.objective() + best_single >
                               problem.state_of(chosen, std::numeric_limits<std::size_t>::max()).objective()) {
      chosen = {best_column};
      greedy(problem, chosen, true);
    }
  }
  plan.greedy_objective = problem.state_of(chosen, std::numeric_limits<std::size_t>::max()).objective();
  plan.method = "greedy (lazy evaluation)";
  if (options.local_search) {
    for (int round = 0; round < 100; ++round) {
      const int swaps = local_search(problem, chosen);
      plan.swaps += swaps;
      const std::size_t before = chosen.size();
      greedy(problem, chosen, options.budget.has_value());  // a swap may have freed budget
      if (swaps == 0 && chosen.size() == before) break;
    }
    plan.method += " + 1-swap local search";
  }
  plan.local_search_objective = problem.state_of(chosen, std::numeric_limits<std::size_t>::max()).objective();

  if (options.exact) {
    const ExactResult exact = solve_exact(problem, chosen);
    plan.exact_ran = true;
    plan.exact_optimal = exact.optimal;
    plan.exact_objective = exact.objective;
    plan.exact_bound = exact.bound;
    if (exact.bound) {
      const double room = *exact.bound - plan.existing_primary -
                          options.backup_weight * problem.base_state().backup();
      const double miss = *exact.bound - plan.local_search_objective;
      plan.heuristic_gap = room > 0 ? std::max(0.0, miss) / room : 0.0;
    }
    if (exact.objective && *exact.objective > plan.local_search_objective + 1e-9 * std::max(1.0, plan.local_search_objective)) {
      chosen = exact.chosen;
      plan.method = exact.optimal ? "CBC (proven optimal)" : "CBC (best found within the time limit)";
    } else if (exact.optimal) {
      plan.method += " (proven optimal by CBC)";
    } else {
      plan.notes.push_back("CBC stopped at the time limit without beating the heuristic answer");
    }
  }

  // Rank the final set by marginal gain in greedy order.
  CoverageState state = problem.base_state();
  std::vector<std::uint32_t> left = chosen;
  while (!left.empty()) {
    std::size_t best = 0;
    double best_gain = -1;
    for (std::size_t k = 0; k < left.size(); ++k) {
      const double g = state.gain(input.candidates->columns[left[k]]);
      if (g > best_gain || (g == best_gain && left[k] < left[best])) {
        best_gain = g;
        best = k;
      }
    }
    const auto& column = input.candidates->columns[left[best]];
    PlannedCamera camera;
    camera.column = left[best];
    camera.site = column.site;
    camera.heading_deg = column.heading_deg;
    camera.marginal = best_gain;
    camera.marginal_primary = state.primary_gain(column);
    state.add(column);
    camera.cumulative_primary = state.primary();
    plan.cameras.push_back(camera);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(best));
  }
  plan.total_primary = state.primary();
  plan.total_backup = state.backup();
  plan.objective = state.objective();
  if (!options.budget && plan.cameras.size() < static_cast<std::size_t>(options.cameras)) {
    plan.notes.push_back("only " + std::to_string(plan.cameras.size()) + " of " + std::to_string(options.cameras) +
                         " cameras add coverage under the constraints");
  }
  return plan;
}

}  // namespace hotspot
