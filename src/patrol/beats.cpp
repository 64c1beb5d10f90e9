#include "hotspot/patrol/beats.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <set>

#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = UINT32_MAX;

/// Stops are assigned to medoids under the capacity; returns the cost.
double assign(const DistanceMatrix& d, std::span<const double> w, const std::vector<std::uint32_t>& medoids,
              double capacity, std::vector<std::uint32_t>& unit_of, std::vector<double>& load) {
  const std::size_t n = d.n;
  const std::size_t k = medoids.size();
  unit_of.assign(n, kNone);
  load.assign(k, 0.0);
  // A medoid belongs to its own unit whatever else happens.
  for (std::size_t u = 0; u < k; ++u) {
    unit_of[medoids[u]] = static_cast<std::uint32_t>(u);
    load[u] += w[medoids[u]];
  }
  std::vector<std::pair<double, std::uint32_t>> by_regret;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (unit_of[i] != kNone) continue;
    double first = kInf;
    double second = kInf;
    for (std::uint32_t m : medoids) {
      const double dm = d(i, m);
      if (dm < first) {
        second = first;
        first = dm;
      } else if (dm < second) {
        second = dm;
      }
    }
    const double regret = k > 1 ? second - first : 0.0;
    by_regret.emplace_back(-regret, i);
  }
  std::sort(by_regret.begin(), by_regret.end());
  double cost = 0;
  for (const auto& [neg_regret, i] : by_regret) {
    std::uint32_t best = kNone;
    double best_d = kInf;
    for (std::uint32_t u = 0; u < k; ++u) {
      if (load[u] + w[i] > capacity + 1e-9) continue;
      const double dm = d(i, medoids[u]);
      if (dm < best_d) {
        best_d = dm;
        best = u;
      }
    }
    if (best == kNone) {  // fits nowhere: the least-loaded unit takes it
      best = static_cast<std::uint32_t>(std::min_element(load.begin(), load.end()) - load.begin());
    }
    unit_of[i] = best;
    load[best] += w[i];
  }
  for (std::uint32_t i = 0; i < n; ++i) cost += w[i] * d(i, medoids[unit_of[i]]);
  return cost;
}

}  // namespace

Beats assign_beats(const DistanceMatrix& d, std::span<const double> workload, const BeatOptions& options) {
  if (options.units < 1) throw Error(ErrorCode::usage, "patrol.beats", "at least one unit is needed");
  if (workload.size() != d.n) throw Error(ErrorCode::internal, "patrol.beats", "workload and distances differ in size");
  const std::size_t n = d.n;
  Beats out;
  out.medoid.assign(options.units, kNone);
  out.workload.assign(options.units, 0.0);
  if (n == 0) return out;
  const std::size_t k = std::min<std::size_t>(options.units, n);
  const double total = std::accumulate(workload.begin(), workload.end(), 0.0);
  out.capacity = (1 + options.balance_tolerance) * total / static_cast<double>(options.units);

  // Seeds: the weighted 1-median, then repeatedly the stop farthest from the chosen ones.
  std::vector<std::uint32_t> medoids;
  {
    std::uint32_t best = 0;
    double best_cost = kInf;
    for (std::uint32_t i = 0; i < n; ++i) {
      double c = 0;
      for (std::uint32_t j = 0; j < n; ++j) c += workload[j] * d(i, j);
      if (c < best_cost) {
        best_cost = c;
        best = i;
      }
    }
    medoids.push_back(best);
  }
  std::vector<double> nearest(n, kInf);
  while (medoids.size() < k) {
    for (std::uint32_t i = 0; i < n; ++i) nearest[i] = std::min(nearest[i], d(i, medoids.back()));
    std::uint32_t far = kNone;
    double far_d = -1;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (std::find(medoids.begin(), medoids.end(), i) != medoids.end()) continue;
      if (nearest[i] > far_d) {
        far_d = nearest[i];
        far = i;
      }
    }
    medoids.push_back(far);
  }

  std::vector<std::uint32_t> unit_of;
  std::vector<double> load;
  std::set<std::vector<std::uint32_t>> seen;
  std::vector<std::uint32_t> best_medoids = medoids;
  double best_cost = kInf;
  for (int iter = 0; iter < options.max_iterations; ++iter) {
    const double cost = assign(d, workload, medoids, out.capacity, unit_of, load);
    if (cost < best_cost) {
      best_cost = cost;
      best_medoids = medoids;
    }
    if (!seen.insert(medoids).second) break;
    std::vector<std::uint32_t> next = medoids;
    for (std::uint32_t u = 0; u < k; ++u) {
      double best_c = kInf;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (unit_of[i] != u) continue;
        double c = 0;
        for (std::uint32_t j = 0; j < n; ++j) {
          if (unit_of[j] == u) c += workload[j] * d(i, j);
        }
        if (c < best_c) {
          best_c = c;
          next[u] = i;
        }
      }
    }
    medoids = next;
  }
  // Swap phase (PAM): move a medoid to any other stop when the capacitated assignment then
  // costs less; repeat until no swap helps. Only strict improvements are taken, so it ends,
  // never worse than the alternating phase. The uncapacitated cost (each stop to its nearest
  // medoid) is a lower bound on the capacitated one, so trials that cannot win are skipped.
  bool improved = true;
  for (int round = 0; improved && round < options.max_iterations; ++round) {
    improved = false;
    for (std::uint32_t u = 0; u < k; ++u) {
      for (std::uint32_t i = 0; i < n; ++i) {
        if (std::find(best_medoids.begin(), best_medoids.end(), i) != best_medoids.end()) continue;
        std::vector<std::uint32_t> trial = best_medoids;
        trial[u] = i;
        double bound = 0;
        for (std::uint32_t j = 0; j < n && bound < best_cost; ++j) {
          double nearest_d = kInf;
          for (std::uint32_t m : trial) nearest_d = std::min(nearest_d, d(j, m));
          bound += workload[j] * nearest_d;
        }
        if (bound >= best_cost * (1 - 1e-12)) continue;
        const double cost = assign(d, workload, trial, out.capacity, unit_of, load);
        if (cost < best_cost * (1 - 1e-12)) {
          best_cost = cost;
          best_medoids = trial;
          improved = true;
        }
      }
    }
  }
  out.cost = assign(d, workload, best_medoids, out.capacity, unit_of, load);
  out.unit_of = unit_of;
  for (std::size_t u = 0; u < k; ++u) {
    out.medoid[u] = best_medoids[u];
    out.workload[u] = load[u];
  }
  return out;
}

}  // namespace hotspot::patrol
