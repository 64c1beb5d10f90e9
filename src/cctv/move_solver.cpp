#include "hotspot/cctv/move_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>


#include "cctv/cbc_model.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.moves";

struct Option {
  std::uint32_t column = 0;
  bool move = false;
};

class Solver {
 public:
  Solver(const MoveProblem& problem, const MoveRules& rules) : p_(problem), rules_(rules) {
    const auto& columns = p_.coverage->columns;
    best0_.assign(p_.demand.size(), 0.0);
    if (p_.fixed != nullptr) {
      for (const auto& col : p_.fixed->columns) {
        for (std::size_t k = 0; k < col.points.size(); ++k) best0_[col.points[k]] = std::max(best0_[col.points[k]], col.quality[k]);
      }
    }
    columns_of_site_.resize(p_.coverage->sites);
    for (std::uint32_t c = 0; c < columns.size(); ++c) columns_of_site_[columns[c].site].push_back(c);
    const std::size_t n = p_.units.size();
    options_.resize(n);
    margin_.assign(n, 0.0);
    std::vector<double> stay(n, 0.0);
    stay_best_.assign(n, 0);
    for (std::size_t u = 0; u < n; ++u) {
      const std::uint32_t here = p_.units[u].site;
      bool first = true;
      for (const auto c : columns_of_site_[here]) {
        options_[u].push_back({c, false});
        const double g = gain(c, best0_);
        if (first || g > stay[u]) {
          stay[u] = g;
          stay_best_[u] = c;
        }
        first = false;
      }
    }
    double mean = 0;
    for (const double s : stay) mean += s;
    mean = n > 0 ? mean / static_cast<double>(n) : 0.0;
    for (std::size_t u = 0; u < n; ++u) margin_[u] = rules_.move_threshold * std::max(stay[u], mean);
    for (std::size_t u = 0; u < n; ++u) {
      if (p_.units[u].must_stay) continue;
      const CameraSite& from = p_.sites[p_.units[u].site];
      for (std::uint32_t s = 0; s < p_.coverage->sites; ++s) {
        if (s == p_.units[u].site || p_.destination[s] == 0) continue;
        if (s < p_.coverage->site_inside_obstacle.size() && p_.coverage->site_inside_obstacle[s] != 0) continue;
        if (rules_.max_move_m && distance(from, p_.sites[s]) > *rules_.max_move_m) continue;
        for (const auto c : columns_of_site_[s]) {
          if (gain(c, best0_) > 0) options_[u].push_back({c, true});
        }
      }
    }
  }

  [[nodiscard]] double gain(std::uint32_t column, const std::vector<double>& best) const {
    const auto& col = p_.coverage->columns[column];
    double g = 0;
    for (std::size_t k = 0; k < col.points.size(); ++k) {
      const std::uint32_t i = col.points[k];
      if (col.quality[k] > best[i]) g += p_.demand[i] * (col.quality[k] - best[i]);
    }
    return g;
  }

  // Demand seen beyond the fixed network by these columns.
  [[nodiscard]] double seen(const std::vector<std::uint32_t>& columns) const {
    std::vector<double> best = best0_;
    double total = 0;
    for (const auto c : columns) {
      total += gain(c, best);
      add(c, best);
    }
    return total;
  }

  void add(std::uint32_t column, std::vector<double>& best) const {
    const auto& col = p_.coverage->columns[column];
    for (std::size_t k = 0; k < col.points.size(); ++k) best[col.points[k]] = std::max(best[col.points[k]], col.quality[k]);
  }

  [[nodiscard]] std::uint32_t site_of(std::uint32_t column) const { return p_.coverage->columns[column].site; }

  static double distance(const CameraSite& a, const CameraSite& b) { return std::hypot(a.x - b.x, a.y - b.y); }

  [[nodiscard]] bool too_close(std::uint32_t s, std::uint32_t t) const {
    return rules_.min_separation_m > 0 && s != t && distance(p_.sites[s], p_.sites[t]) < rules_.min_separation_m;
  }

  // Can unit u take option k while the others keep `choice`?
  [[nodiscard]] bool feasible(std::size_t u, const Option& k, const std::vector<std::size_t>& choice) const {
    const std::uint32_t site = site_of(k.column);
    int moves = k.move ? 1 : 0;
    for (std::size_t v = 0; v < choice.size(); ++v) {
      if (v == u) continue;
      const Option& other = options_[v][choice[v]];
      const std::uint32_t other_site = site_of(other.column);
      if (other_site == site) return false;
      if ((k.move || other.move) && too_close(site, other_site)) return false;
      moves += other.move ? 1 : 0;
    }
    return !rules_.max_moves || moves <= *rules_.max_moves;
  }

  [[nodiscard]] std::vector<std::uint32_t> columns_of(const std::vector<std::size_t>& choice) const {
    std::vector<std::uint32_t> out;
    for (std::size_t u = 0; u < choice.size(); ++u) out.push_back(options_[u][choice[u]].column);
    return out;
  }

  [[nodiscard]] double objective(const std::vector<std::uint32_t>& columns, const std::vector<std::uint8_t>& moved) const {
    double value = seen(columns);
    for (std::size_t u = 0; u < moved.size(); ++u) value -= moved[u] != 0 ? margin_[u] : 0.0;
    return value;
  }

  // Best-improvement local search over single-unit changes, from everyone at the first
  // heading of its own site.
  std::vector<std::size_t> local_search() const {
    const std::size_t n = p_.units.size();
    std::vector<std::size_t> choice(n, 0);
    for (int round = 0; round < 100000; ++round) {
      double best_delta = 0;
      std::size_t best_u = n, best_k = 0;
      for (std::size_t u = 0; u < n; ++u) {
        std::vector<double> others = best0_;
        for (std::size_t v = 0; v < n; ++v) {
          if (v != u) add(options_[v][choice[v]].column, others);
        }
        const auto value = [&](const Option& o) { return gain(o.column, others) - (o.move ? margin_[u] : 0.0); };
        const double now = value(options_[u][choice[u]]);
        for (std::size_t k = 0; k < options_[u].size(); ++k) {
          if (k == choice[u] || !feasible(u, options_[u][k], choice)) continue;
          const double delta = value(options_[u][k]) - now;
          if (delta > best_delta + 1e-9 * std::max(1.0, std::abs(now))) {
            best_delta = delta;
            best_u = u;
            best_k = k;
          }
        }
      }
      if (best_u == n) break;
      choice[best_u] = best_k;
    }
    return choice;
  }

  // The MIP: x[u][k] per unit and option; coverage z (no decay) or v (decay) per point.
  std::optional<std::vector<std::size_t>> exact(const std::vector<std::size_t>& start, double time_limit, bool& optimal) const {
    const auto& columns = p_.coverage->columns;
    bool decay = false;
    for (const auto& col : columns) {
      for (const double q : col.quality) decay = decay || q < 1.0;
    }
    if (p_.fixed != nullptr && p_.fixed->any_decay()) decay = true;
    const detail::CbcModelPtr owner = detail::new_maximising_cbc_model();
    Cbc_Model* model = owner.get();
    const std::size_t n = p_.units.size();
    std::vector<std::vector<int>> x(n);
    std::vector<double> initial;
    int next = 0;
    for (std::size_t u = 0; u < n; ++u) {
      for (std::size_t k = 0; k < options_[u].size(); ++k) {
        x[u].push_back(next++);
        Cbc_addCol(model, "", 0, 1, options_[u][k].move ? -margin_[u] : 0.0, 1, 0, nullptr, nullptr);
        initial.push_back(k == start[u] ? 1.0 : 0.0);
      }
    }
    const std::vector<std::uint32_t> start_columns = columns_of(start);
    std::vector<double> start_best = best0_;
    for (const auto c : start_columns) add(c, start_best);

    std::vector<int> idx;
    std::vector<double> coef;
    const auto row = [&](char sense, double rhs) {
      Cbc_addRow(model, "", static_cast<int>(idx.size()), idx.data(), coef.data(), sense, rhs);
      idx.clear();
      coef.clear();
    };
    for (std::size_t u = 0; u < n; ++u) {
      for (const int j : x[u]) idx.push_back(j), coef.push_back(1);
      row('E', 1);
    }
    // Variables by site, and by column for the coverage rows.
    std::map<std::uint32_t, std::vector<std::pair<int, bool>>> at_site;
    std::map<std::uint32_t, std::vector<int>> at_column;
    for (std::size_t u = 0; u < n; ++u) {
      for (std::size_t k = 0; k < options_[u].size(); ++k) {
        at_site[site_of(options_[u][k].column)].push_back({x[u][k], options_[u][k].move});
        at_column[options_[u][k].column].push_back(x[u][k]);
      }
    }
    for (const auto& [site, vars] : at_site) {
      if (vars.size() < 2) continue;
      for (const auto& [j, move] : vars) idx.push_back(j), coef.push_back(1);
      row('L', 1);
    }
    if (rules_.max_moves) {
      for (std::size_t u = 0; u < n; ++u) {
        for (std::size_t k = 0; k < options_[u].size(); ++k) {
          if (options_[u][k].move) idx.push_back(x[u][k]), coef.push_back(1);
        }
      }
      if (!idx.empty()) row('L', *rules_.max_moves);
    }
    if (rules_.min_separation_m > 0) {
      // For sites s, t too close: (moves to s) + (anything at t) <= 1, and the other way round.
      // Sites in x order: only those within the separation in x can be too close.
      std::vector<std::uint32_t> sites;
      for (const auto& [site, vars] : at_site) sites.push_back(site);
      std::sort(sites.begin(), sites.end(), [&](auto a, auto b) {
        return std::pair(p_.sites[a].x, a) < std::pair(p_.sites[b].x, b);
      });
      const auto pair_rows = [&](std::uint32_t s, std::uint32_t t) {
        for (const auto& [j, move] : at_site[s]) {
          if (move) idx.push_back(j), coef.push_back(1);
        }
        if (idx.empty()) return;
        for (const auto& [j, move] : at_site[t]) idx.push_back(j), coef.push_back(1);
        row('L', 1);
      };
      for (std::size_t a = 0; a < sites.size(); ++a) {
        for (std::size_t b = a + 1; b < sites.size() && p_.sites[sites[b]].x - p_.sites[sites[a]].x < rules_.min_separation_m;
             ++b) {
          if (!too_close(sites[a], sites[b])) continue;
          pair_rows(sites[a], sites[b]);
          pair_rows(sites[b], sites[a]);
        }
      }
    }
    // Coverage.
    std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, double>>> covering;  // point -> (column, quality)
    for (const auto& [c, vars] : at_column) {
      const auto& col = columns[c];
      for (std::size_t k = 0; k < col.points.size(); ++k) {
        if (col.quality[k] > best0_[col.points[k]]) covering[col.points[k]].push_back({c, col.quality[k]});
      }
    }
    for (const auto& [i, list] : covering) {
      const double w = p_.demand[i];
      if (!(w > 0)) continue;
      if (!decay) {
        const int z = next++;
        Cbc_addCol(model, "", 0, 1, w, 0, 0, nullptr, nullptr);
        initial.push_back(start_best[i] > best0_[i] ? 1.0 : 0.0);
        idx.push_back(z), coef.push_back(1);
        for (const auto& [c, q] : list) {
          for (const int j : at_column[c]) idx.push_back(j), coef.push_back(-1);
        }
        row('L', 0);
      } else {
        std::vector<int> vs;
        int best_v = -1;
        double best_q = 0;
        for (const auto& [c, q] : list) {
          const int v = next++;
          Cbc_addCol(model, "", 0, 1, w * (q - best0_[i]), 0, 0, nullptr, nullptr);
          initial.push_back(0.0);
          if (std::find(start_columns.begin(), start_columns.end(), c) != start_columns.end() && q > best_q) {
            best_q = q;
            best_v = v;
          }
          idx.push_back(v), coef.push_back(1);
          for (const int j : at_column[c]) idx.push_back(j), coef.push_back(-1);
          row('L', 0);
          vs.push_back(v);
        }
        if (best_v >= 0) initial[static_cast<std::size_t>(best_v)] = 1.0;
        if (vs.size() > 1) {
          for (const int v : vs) idx.push_back(v), coef.push_back(1);
          row('L', 1);
        }
      }
    }
    Cbc_setInitialSolution(model, initial.data());
    Cbc_setMaximumSeconds(model, time_limit);
    Cbc_solve(model);
    optimal = Cbc_isProvenOptimal(model) != 0;
    const double* solution = Cbc_getColSolution(model);
    if (solution == nullptr) return std::nullopt;
    std::vector<std::size_t> choice(n, 0);
    for (std::size_t u = 0; u < n; ++u) {
      std::size_t picked = options_[u].size();
      for (std::size_t k = 0; k < options_[u].size(); ++k) {
        if (solution[x[u][k]] > 0.5) picked = k;
      }
      if (picked == options_[u].size()) return std::nullopt;
      choice[u] = picked;
    }
    return choice;
  }

  [[nodiscard]] bool valid(const std::vector<std::size_t>& choice) const {
    for (std::size_t u = 0; u < choice.size(); ++u) {
      if (!feasible(u, options_[u][choice[u]], choice)) return false;
    }
    return true;
  }

  [[nodiscard]] const std::vector<std::vector<Option>>& options() const { return options_; }
  [[nodiscard]] const std::vector<double>& margin() const { return margin_; }
  [[nodiscard]] const std::vector<std::uint32_t>& stay_best() const { return stay_best_; }

 private:
  const MoveProblem& p_;
  const MoveRules& rules_;
  std::vector<double> best0_;
  std::vector<std::vector<std::uint32_t>> columns_of_site_;
  std::vector<std::vector<Option>> options_;
  std::vector<double> margin_;
  std::vector<std::uint32_t> stay_best_;
};

}  // namespace

MoveSolution solve_moves(const MoveProblem& problem, const MoveRules& rules, bool exact, double time_limit_s) {
  if (problem.coverage == nullptr) throw Error(ErrorCode::internal, kStage, "no coverage");
  if (problem.sites.size() != problem.coverage->sites || problem.destination.size() != problem.coverage->sites) {
    throw Error(ErrorCode::internal, kStage, "sites, destinations and coverage disagree");
  }
  if (rules.min_stay_months < 0 || rules.no_return_months < 0 || (rules.max_moves && *rules.max_moves < 0) ||
      (rules.max_move_m && !(*rules.max_move_m >= 0)) || !(rules.min_separation_m >= 0) || !(rules.move_threshold >= 0)) {
    throw Error(ErrorCode::usage, kStage,
                "the minimum stay, no-return months, maximum moves, maximum move distance, separation and move threshold "
                "must not be negative");
  }
  if (!(time_limit_s > 0)) throw Error(ErrorCode::usage, kStage, "the solver's time limit must be positive");
  std::vector<std::uint32_t> occupied;
  for (const auto& unit : problem.units) {
    if (unit.site >= problem.coverage->sites) throw Error(ErrorCode::internal, kStage, "a unit stands at no site");
    if (std::find(occupied.begin(), occupied.end(), unit.site) != occupied.end()) {
      throw Error(ErrorCode::internal, kStage, "two units stand at one site");
    }
    occupied.push_back(unit.site);
  }
  const Solver solver(problem, rules);
  for (std::size_t u = 0; u < problem.units.size(); ++u) {
    if (solver.options()[u].empty()) throw Error(ErrorCode::internal, kStage, "a unit's site has no coverage column");
  }
  std::vector<std::size_t> choice = solver.local_search();
  MoveSolution out;
  out.method = "local search";
  const auto moved_of = [&](const std::vector<std::size_t>& c) {
    std::vector<std::uint8_t> moved;
    for (std::size_t u = 0; u < c.size(); ++u) moved.push_back(solver.options()[u][c[u]].move ? 1 : 0);
    return moved;
  };
  double value = solver.objective(solver.columns_of(choice), moved_of(choice));
  if (exact && !problem.units.empty()) {
    bool optimal = false;
    const auto cbc = solver.exact(choice, time_limit_s, optimal);
    if (cbc && solver.valid(*cbc)) {
      const double cbc_value = solver.objective(solver.columns_of(*cbc), moved_of(*cbc));
      if (cbc_value > value + 1e-9 * std::max(1.0, std::abs(value))) {
        choice = *cbc;
        value = cbc_value;
        out.method = optimal ? "CBC (proven optimal)" : "CBC (best found within the time limit)";
      } else if (optimal) {
        out.method += " (proven optimal by CBC)";
      }
      out.optimal = optimal;
    }
  }
  out.columns = solver.columns_of(choice);
  out.moved = moved_of(choice);
  out.margin = solver.margin();
  out.stay_columns = solver.stay_best();
  out.seen = solver.seen(out.columns);
  out.stay_seen = solver.seen(out.stay_columns);
  out.objective = value;
  for (const auto m : out.moved) out.moves += m;
  return out;
}

}  // namespace hotspot
