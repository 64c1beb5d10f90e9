#include "hotspot/patrol/place_selection.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "hotspot/core/error.hpp"

namespace hotspot::patrol {
namespace {
constexpr const char* kStage = "patrol.selection";
}

Selection select_places(const MicroPlaces& places, const SelectionOptions& options) {
  const auto& p = places.places;
  std::vector<std::uint32_t> order(p.size());
  std::iota(order.begin(), order.end(), 0u);
  Selection out;
  if (options.count > 0) {
    order.resize(std::min<std::size_t>(options.count, order.size()));
    out.target_reached = options.count <= p.size();
  } else {
    if (!(options.harm_share > 0 && options.harm_share <= 1)) {
      throw Error(ErrorCode::usage, kStage, "harm share must be in (0, 1]");
    }
    // Taking the largest harms first reaches any target with the fewest places; a stable sort
    // keeps ranking order (stability) among equal harms.
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return p[a].harm > p[b].harm; });
    const double target = options.harm_share * places.total_harm;
    double sum = 0;
    std::size_t n = 0;
    // A relative tolerance so a target that equals a sum exactly is not missed by rounding.
    const double eps = 1e-12 * std::max(1.0, places.total_harm);
    while (n < order.size() && sum + eps < target) sum += p[order[n++]].harm;
    out.target_reached = sum + eps >= target;
    order.resize(n);
    std::sort(order.begin(), order.end());
  }
  out.places = order;
  double selected_size = 0;
  for (std::uint32_t i : order) {
    out.harm += p[i].harm;
    selected_size += p[i].size;
  }
  out.harm_share = places.total_harm > 0 ? out.harm / places.total_harm : 0;
  double denominator = 0;
  if (places.kind == PlaceKind::street_segment) {
    denominator = places.total_road_length_m;
  } else if (options.study_area_m2 > 0) {
    denominator = options.study_area_m2;
  } else if (!p.empty()) {
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    for (const MicroPlace& c : p) {
      for (const auto& [x, y] : c.outline) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
      }
    }
    denominator = (x1 - x0) * (y1 - y0);
  }
  out.area_share = denominator > 0 ? selected_size / denominator : 0;
  out.concentration = out.area_share > 0 ? out.harm_share / out.area_share : 0;
  return out;
}

}  // namespace hotspot::patrol
