#include "hotspot/patrol/route_order.hpp"

#include <algorithm>
#include <limits>

namespace hotspot::patrol {
namespace {
constexpr double kGain = 1e-9;  // smaller improvements are rounding, and could loop forever
}

double tour_length(const DistanceMatrix& d, const std::vector<std::uint32_t>& order) {
  if (order.size() < 2) return 0;
  double len = 0;
  for (std::size_t i = 0; i < order.size(); ++i) len += d(order[i], order[(i + 1) % order.size()]);
  return len;
}

Tour nearest_neighbour_tour(const DistanceMatrix& d, std::uint32_t start) {
  Tour t;
  if (d.n == 0) return t;
  std::vector<bool> used(d.n, false);
  t.order.push_back(start);
  used[start] = true;
  for (std::size_t step = 1; step < d.n; ++step) {
    const std::uint32_t cur = t.order.back();
    std::uint32_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    bool found = false;
    for (std::uint32_t j = 0; j < d.n; ++j) {
      if (used[j]) continue;
      if (!found || d(cur, j) < best_d) {
        best_d = d(cur, j);
        best = j;
        found = true;
      }
    }
    used[best] = true;
    t.order.push_back(best);
  }
  t.length = tour_length(d, t.order);
  return t;
}

Tour improve_tour(const DistanceMatrix& d, Tour tour) {
  auto& o = tour.order;
  const std::size_t n = o.size();
  if (n < 4) {
    tour.length = tour_length(d, o);
    return tour;
  }
  bool improved = true;
  while (improved) {
    improved = false;
    // 2-opt: replace edges (a,b) and (c,e) by (a,c) and (b,e) by reversing b..c.
    for (std::size_t i = 0; i + 1 < n; ++i) {
      for (std::size_t j = i + 2; j < n; ++j) {
        if (i == 0 && j == n - 1) continue;  // the same two edges
        const std::uint32_t a = o[i], b = o[i + 1], c = o[j], e = o[(j + 1) % n];
        const double delta = d(a, c) + d(b, e) - d(a, b) - d(c, e);
        if (delta < -kGain) {
          std::reverse(o.begin() + static_cast<std::ptrdiff_t>(i + 1), o.begin() + static_cast<std::ptrdiff_t>(j + 1));
          improved = true;
        }
      }
    }
    // Or-opt: move the run o[i..i+len-1] between two other neighbours, forwards or reversed.
    for (std::size_t len = 1; len <= 3 && len + 2 <= n; ++len) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t prev = (i + n - 1) % n;
        const std::size_t last = (i + len - 1) % n;
        const std::size_t next = (i + len) % n;
        if (next == prev) continue;
        const std::uint32_t p = o[prev], s = o[i], t = o[last], q = o[next];
        const double removed = d(p, s) + d(t, q) - d(p, q);
        // Candidate edges (x, y) not touching the run.
        double best = -kGain;
        std::size_t best_k = n;
        bool best_rev = false;
        for (std::size_t k = (i + len) % n; k != prev; k = (k + 1) % n) {
          const std::uint32_t x = o[k], y = o[(k + 1) % n];
          const double fwd = d(x, s) + d(t, y) - d(x, y) - removed;
          const double rev = d(x, t) + d(s, y) - d(x, y) - removed;
          if (fwd < best) {
            best = fwd;
            best_k = k;
            best_rev = false;
          }
          if (rev < best) {
            best = rev;
            best_k = k;
            best_rev = true;
          }
        }
        if (best_k == n) continue;
        // Rebuild: the tour without the run, starting after it, then insert after o[best_k].
        std::vector<std::uint32_t> run;
        for (std::size_t m = 0; m < len; ++m) run.push_back(o[(i + m) % n]);
        if (best_rev) std::reverse(run.begin(), run.end());
        const std::uint32_t anchor = o[best_k];
        std::vector<std::uint32_t> rest;
        for (std::size_t m = 0; m < n - len; ++m) rest.push_back(o[(i + len + m) % n]);
        std::vector<std::uint32_t> next_order;
        for (std::uint32_t v : rest) {
          next_order.push_back(v);
          if (v == anchor) next_order.insert(next_order.end(), run.begin(), run.end());
        }
        o = std::move(next_order);
        improved = true;
      }
    }
  }
  tour.length = tour_length(d, o);
  return tour;
}

Tour plan_tour(const DistanceMatrix& d) {
  Tour best;
  if (d.n == 0) return best;
  const std::size_t starts = std::min<std::size_t>(d.n, 64);
  best.length = std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < starts; ++s) {
    const auto start = static_cast<std::uint32_t>(s * d.n / starts);
    Tour t = improve_tour(d, nearest_neighbour_tour(d, start));
    if (t.length < best.length - kGain) best = std::move(t);
  }
  // Start the written route at stop 0 (the highest-ranked stop of the unit).
  const auto zero = std::find(best.order.begin(), best.order.end(), 0u);
  std::rotate(best.order.begin(), zero, best.order.end());
  best.length = tour_length(d, best.order);
  return best;
}

}  // namespace hotspot::patrol
