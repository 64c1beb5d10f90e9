#include "hotspot/cctv/move_solver.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "hotspot/cctv/coverage_planner.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

// Sites on a line, each seeing the demand point of its own index; point weights given.
struct Line {
  CoverageMatrix coverage;
  std::vector<CameraSite> sites;
  std::vector<double> demand;
  explicit Line(std::vector<double> weights) : demand(std::move(weights)) {
    coverage.sites = demand.size();
    coverage.site_inside_obstacle.assign(demand.size(), 0);
    for (std::uint32_t s = 0; s < demand.size(); ++s) {
      coverage.columns.push_back(CoverageColumn{s, 0, 360, 10, {s}, {1.0}});
      sites.push_back({100.0 * s, 0, 1, "S" + std::to_string(s), {}, {}});
    }
  }
  MoveProblem problem(std::vector<MoveUnit> units) const {
    MoveProblem p{&coverage, sites, nullptr, demand, std::vector<std::uint8_t>(sites.size(), 1), std::move(units)};
    return p;
  }
};

TEST(MoveSolver, AMoveMustBeatStayingByTheThreshold) {
  MoveRules rules;  // threshold 0.2
  // The unit at S0 sees 10; S1 would see 11.9: +1.9 < 0.2 · 10, so it stays.
  Line small({10, 11.9});
  MoveSolution s = solve_moves(small.problem({{0, false}}), rules);
  EXPECT_EQ(s.moves, 0);
  EXPECT_EQ(s.columns[0], 0U);
  EXPECT_DOUBLE_EQ(s.margin[0], 2);
  EXPECT_DOUBLE_EQ(s.seen, 10);
  // S1 at 12.5 (+2.5): it moves, and the objective pays the margin.
  Line big({10, 12.5});
  s = solve_moves(big.problem({{0, false}}), rules);
  EXPECT_EQ(s.moves, 1);
  EXPECT_EQ(s.columns[0], 1U);
  EXPECT_DOUBLE_EQ(s.seen, 12.5);
  EXPECT_DOUBLE_EQ(s.stay_seen, 10);
  EXPECT_DOUBLE_EQ(s.objective, 12.5 - 2);
  // A unit that must stay, or a destination that is barred, keeps it at S0.
  EXPECT_EQ(solve_moves(big.problem({{0, true}}), rules).moves, 0);
  MoveProblem barred = big.problem({{0, false}});
  barred.destination[1] = 0;
  EXPECT_EQ(solve_moves(barred, rules).moves, 0);
  // Too far.
  rules.max_move_m = 99;
  EXPECT_EQ(solve_moves(big.problem({{0, false}}), rules).moves, 0);
}

TEST(MoveSolver, AQuietSiteDoesNotMoveForCrumbs) {
  // Unit 0 sees 0.5, unit 1 sees 20; the mean is 10.25, so unit 0 needs +2.05 to move.
  Line line({0.5, 20, 2.4, 2.6});
  MoveRules rules;
  MoveSolution s = solve_moves(line.problem({{0, false}, {1, false}}), rules);
  EXPECT_DOUBLE_EQ(s.margin[0], 0.2 * 10.25);
  EXPECT_DOUBLE_EQ(s.margin[1], 0.2 * 20);
  EXPECT_EQ(s.columns[0], 3U);  // +2.1 > 2.05
  EXPECT_EQ(s.columns[1], 1U);
  rules.move_threshold = 0.25;  // needs +2.5625
  s = solve_moves(line.problem({{0, false}, {1, false}}), rules);
  EXPECT_EQ(s.moves, 0);
}

// Every feasible assignment of small random instances, evaluated with the planner's own
// objective, against the solver (local search alone and with CBC).
struct Oracle {
  const MoveProblem& p;
  const MoveRules& r;
  std::vector<std::vector<std::pair<std::uint32_t, bool>>> options;
  std::vector<double> margin;
  double base = 0;

  Oracle(const MoveProblem& problem, const MoveRules& rules) : p(problem), r(rules) {
    const PlannerInput input{p.coverage, p.sites, p.fixed, p.demand};
    base = coverage_objective(input, {}, 0.0);
    const auto alone = [&](std::uint32_t c) {
      const std::uint32_t one[1] = {c};
      return coverage_objective(input, one, 0.0) - base;
    };
    std::vector<double> stay;
    for (const auto& unit : p.units) {
      options.emplace_back();
      double best = 0;
      for (std::uint32_t c = 0; c < p.coverage->columns.size(); ++c) {
        const std::uint32_t s = p.coverage->columns[c].site;
        if (s == unit.site) {
          options.back().push_back({c, false});
          best = std::max(best, alone(c));
        } else if (!unit.must_stay && p.destination[s] != 0 && alone(c) > 0 &&
                   (!r.max_move_m || std::hypot(p.sites[s].x - p.sites[unit.site].x, p.sites[s].y - p.sites[unit.site].y) <=
                                         *r.max_move_m)) {
          options.back().push_back({c, true});
        }
      }
      stay.push_back(best);
    }
    double mean = 0;
    for (const double v : stay) mean += v / static_cast<double>(stay.size());
    for (const double v : stay) margin.push_back(r.move_threshold * std::max(v, mean));
  }

  [[nodiscard]] bool feasible(const std::vector<std::pair<std::uint32_t, bool>>& pick) const {
    int moves = 0;
    for (std::size_t u = 0; u < pick.size(); ++u) {
      moves += pick[u].second ? 1 : 0;
      for (std::size_t v = u + 1; v < pick.size(); ++v) {
        const auto& a = p.sites[p.coverage->columns[pick[u].first].site];
        const auto& b = p.sites[p.coverage->columns[pick[v].first].site];
        if (p.coverage->columns[pick[u].first].site == p.coverage->columns[pick[v].first].site) return false;
        if ((pick[u].second || pick[v].second) && std::hypot(a.x - b.x, a.y - b.y) < r.min_separation_m) return false;
      }
    }
    return !r.max_moves || moves <= *r.max_moves;
  }

  [[nodiscard]] double value(const std::vector<std::pair<std::uint32_t, bool>>& pick) const {
    std::vector<std::uint32_t> columns;
    double penalty = 0;
    for (std::size_t u = 0; u < pick.size(); ++u) {
      columns.push_back(pick[u].first);
      penalty += pick[u].second ? margin[u] : 0.0;
    }
    return coverage_objective(PlannerInput{p.coverage, p.sites, p.fixed, p.demand}, columns, 0.0) - base - penalty;
  }

  [[nodiscard]] double best() const {
    double best_value = -1e300;
    std::vector<std::size_t> at(options.size(), 0);
    while (true) {
      std::vector<std::pair<std::uint32_t, bool>> pick;
      for (std::size_t u = 0; u < at.size(); ++u) pick.push_back(options[u][at[u]]);
      if (feasible(pick)) best_value = std::max(best_value, value(pick));
      std::size_t u = 0;
      while (u < at.size() && ++at[u] == options[u].size()) at[u++] = 0;
      if (u == at.size()) break;
    }
    return best_value;
  }
};

class MovesAgainstBruteForce : public ::testing::TestWithParam<bool> {};

TEST_P(MovesAgainstBruteForce, RandomSmallInstances) {
  const bool decay = GetParam();
  std::mt19937 rng(decay ? 11 : 5);
  std::uniform_real_distribution<double> unit(0, 1);
  const int cases = testing::kSanitized ? 15 : 120;
  int moved_cases = 0, bound_cases = 0;
  for (int t = 0; t < cases; ++t) {
    const std::uint32_t n_sites = 5 + rng() % 4, n_points = 25;
    CoverageMatrix coverage;
    coverage.sites = n_sites;
    coverage.site_inside_obstacle.assign(n_sites, 0);
    std::vector<CameraSite> sites;
    for (std::uint32_t s = 0; s < n_sites; ++s) {
      sites.push_back({300 * unit(rng), 300 * unit(rng), 1, "", {}, {}});
      const int headings = 1 + static_cast<int>(rng() % 2);
      for (int h = 0; h < headings; ++h) {
        CoverageColumn col{s, 180.0 * h, 180, 50, {}, {}};
        for (std::uint32_t i = 0; i < n_points; ++i) {
          if (unit(rng) < 0.25) {
            col.points.push_back(i);
            col.quality.push_back(decay ? 0.2 + 0.8 * unit(rng) : 1.0);
          }
        }
        coverage.columns.push_back(col);
      }
    }
    CoverageMatrix fixed;
    fixed.sites = 1;
    fixed.site_inside_obstacle = {0};
    CoverageColumn fixed_column{0, 0, 360, 50, {}, {}};
    for (std::uint32_t i = 0; i < n_points; i += 4) {
      fixed_column.points.push_back(i);
      fixed_column.quality.push_back(decay ? 0.5 : 1.0);
    }
    fixed.columns.push_back(fixed_column);
    std::vector<double> demand;
    for (std::uint32_t i = 0; i < n_points; ++i) demand.push_back(std::floor(10 * unit(rng)));
    std::vector<std::uint32_t> order(n_sites);
    for (std::uint32_t s = 0; s < n_sites; ++s) order[s] = s;
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t n_units = 2 + rng() % 2;
    std::vector<MoveUnit> units;
    for (std::size_t u = 0; u < n_units; ++u) units.push_back({order[u], unit(rng) < 0.15});
    std::vector<std::uint8_t> destination;
    for (std::uint32_t s = 0; s < n_sites; ++s) destination.push_back(unit(rng) < 0.85 ? 1 : 0);
    const MoveProblem problem{&coverage, sites, t % 3 == 0 ? nullptr : &fixed, demand, destination, units};
    MoveRules rules;
    rules.move_threshold = t % 4 == 0 ? 0.0 : t % 4 == 1 ? 0.2 : t % 4 == 2 ? 0.5 : 0.1;
    if (t % 5 == 1) rules.max_moves = 1;
    if (t % 5 == 2) rules.max_moves = 0;
    if (t % 3 == 1) rules.max_move_m = 150;
    if (t % 2 == 1) rules.min_separation_m = 90;
    const Oracle oracle(problem, rules);
    const double best = oracle.best();
    const MoveSolution exact = solve_moves(problem, rules, true, 30);
    const MoveSolution heuristic = solve_moves(problem, rules, false);
    std::vector<std::pair<std::uint32_t, bool>> pick;
    for (std::size_t u = 0; u < n_units; ++u) pick.push_back({exact.columns[u], exact.moved[u] != 0});
    ASSERT_TRUE(oracle.feasible(pick)) << "case " << t;
    EXPECT_NEAR(exact.objective, best, 1e-9 * std::max(1.0, std::abs(best))) << "case " << t << " " << exact.method;
    EXPECT_NEAR(oracle.value(pick), exact.objective, 1e-9 * std::max(1.0, std::abs(best))) << "case " << t;
    EXPECT_TRUE(exact.optimal) << "case " << t;
    EXPECT_LE(heuristic.objective, best + 1e-9 * std::max(1.0, std::abs(best))) << "case " << t;
    std::vector<std::pair<std::uint32_t, bool>> heuristic_pick;
    for (std::size_t u = 0; u < n_units; ++u) heuristic_pick.push_back({heuristic.columns[u], heuristic.moved[u] != 0});
    EXPECT_TRUE(oracle.feasible(heuristic_pick)) << "case " << t;
    EXPECT_NEAR(oracle.value(heuristic_pick), heuristic.objective, 1e-9 * std::max(1.0, std::abs(best))) << "case " << t;
    for (std::size_t u = 0; u < n_units; ++u) {
      if (units[u].must_stay) {
        EXPECT_EQ(exact.moved[u], 0) << "case " << t;
      }
    }
    if (rules.max_moves) {
      EXPECT_LE(exact.moves, *rules.max_moves) << "case " << t;
    }
    moved_cases += exact.moves > 0 ? 1 : 0;
    bound_cases += (rules.max_moves || rules.min_separation_m > 0) ? 1 : 0;
  }
  // The instances exercise both answers.
  EXPECT_GT(moved_cases, cases / 4);
  EXPECT_LT(moved_cases, cases);
  EXPECT_GT(bound_cases, 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, MovesAgainstBruteForce, ::testing::Values(false, true));

TEST(MoveSolver, SeparationKeepsAMovedUnitAwayFromStayingOnes) {
  // Units at S0 (x 0) and S3 (x 300); S1 (x 100) is the best destination for the unit at S3
  // but lies 100 m from S0. With 150 m separation it goes to S2 (x 200) instead.
  Line line({5, 50, 40, 1});
  MoveRules rules;
  rules.min_separation_m = 150;
  MoveSolution s = solve_moves(line.problem({{0, true}, {3, false}}), rules);
  EXPECT_EQ(s.columns[1], 2U);
  rules.min_separation_m = 0;
  s = solve_moves(line.problem({{0, true}, {3, false}}), rules);
  EXPECT_EQ(s.columns[1], 1U);
  EXPECT_THROW((void)solve_moves(line.problem({{0, false}, {0, false}}), rules), Error);
  rules.move_threshold = -1;
  EXPECT_THROW((void)solve_moves(line.problem({{0, false}}), rules), Error);
}

}  // namespace
}  // namespace hotspot
