#include "hotspot/clusters/nearest_neighbour_hierarchical.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "hotspot/clusters/dbscan.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::clusters {
namespace {

constexpr const char* kStage = "clusters.nnh";

struct Points {
  std::vector<double> x, y, weight;
};

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return p == 0.0 ? -std::numeric_limits<double>::infinity()
                                : p == 1.0 ? std::numeric_limits<double>::infinity()
                                           : std::nan("");
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against the exact CDF brings it to full double precision.
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

NnhResult nearest_neighbour_hierarchical(std::span<const double> x, std::span<const double> y,
                                         std::span<const double> weight, const NnhOptions& options) {
  if (!(options.probability > 0.0 && options.probability < 1.0)) {
    throw Error(ErrorCode::usage, kStage, "probability must be between 0 and 1");
  }
  if (!(options.fixed_threshold >= 0.0) || !std::isfinite(options.fixed_threshold) ||
      !(options.min_points > 0.0) || options.min_clusters < 1 || options.max_order < 1 || !std::isfinite(options.area)) {
    throw Error(ErrorCode::usage, kStage, "threshold, area, min points, min clusters and max order must be valid");
  }
  if (x.size() != y.size() || (!weight.empty() && weight.size() != x.size())) {
    throw Error(ErrorCode::data, kStage, "x, y and weight columns differ in length");
  }
  NnhResult result;
  result.first_order_label.assign(x.size(), -1);
  if (x.empty()) return result;

  double area = options.area;
  if (area <= 0.0) {
    const auto [x0, x1] = std::minmax_element(x.begin(), x.end());
    const auto [y0, y1] = std::minmax_element(y.begin(), y.end());
    area = (*x1 - *x0) * (*y1 - *y0);
  }
  if (!(area > 0.0)) throw Error(ErrorCode::data, kStage, "the points span no area; give the study area");

  Points level_points{{x.begin(), x.end()}, {y.begin(), y.end()}, {}};
  if (weight.empty()) {
    level_points.weight.assign(x.size(), 1.0);
  } else {
    level_points.weight.assign(weight.begin(), weight.end());
  }
  // Incidents represented by each point of the current order, for the clusters' weights/centres.
  std::vector<double> incidents = level_points.weight;
  const double z = normal_quantile(options.probability);

  for (int order = 1; order <= options.max_order; ++order) {
    NnhLevel level;
    level.order = order;
    level.points = level_points.x.size();
    // N counts incidents at order 1 and clusters above it.
    double n = 0;
    for (std::size_t i = 0; i < level.points; ++i) n += order == 1 ? level_points.weight[i] : 1.0;
    level.mean_random_distance = 0.5 * std::sqrt(area / n);
    const double standard_error = 0.26136 * std::sqrt(area / (n * n));
    level.threshold = order == 1 && options.fixed_threshold > 0.0 ? options.fixed_threshold
                                                                   : level.mean_random_distance + z * standard_error;
    if (!(level.threshold > 0.0) || level.points < 2) break;

    // Single linkage within the threshold = the connected components of the "within" graph,
    // which is DBSCAN with every point core.
    DbscanOptions linkage;
    linkage.eps = level.threshold;
    linkage.min_points = std::numeric_limits<double>::min();
    linkage.threads = options.threads;
    const DbscanResult components = dbscan(level_points.x, level_points.y, {}, linkage);

    std::vector<std::vector<std::uint32_t>> groups(static_cast<std::size_t>(components.cluster_count));
    for (std::size_t i = 0; i < level.points; ++i) {
      groups[static_cast<std::size_t>(components.label[i])].push_back(static_cast<std::uint32_t>(i));
    }
    Points next;
    std::vector<double> next_incidents;
    for (auto& members : groups) {  // components are numbered by their lowest member
      double size = 0;
      for (std::uint32_t m : members) size += order == 1 ? level_points.weight[m] : 1.0;
      const double minimum = order == 1 ? options.min_points : static_cast<double>(options.min_clusters);
      // A single snap point can be a cluster: its incidents are pairs at distance 0.
      if (size < minimum) continue;
      NnhCluster cluster;
      cluster.members = members;
      for (std::uint32_t m : members) {
        cluster.weight += incidents[m];
        cluster.centre_x += incidents[m] * level_points.x[m];
        cluster.centre_y += incidents[m] * level_points.y[m];
      }
      if (cluster.weight > 0) {
        cluster.centre_x /= cluster.weight;
        cluster.centre_y /= cluster.weight;
      }
      next.x.push_back(cluster.centre_x);
      next.y.push_back(cluster.centre_y);
      next.weight.push_back(1.0);
      next_incidents.push_back(cluster.weight);
      level.clusters.push_back(std::move(cluster));
    }
    if (level.clusters.empty()) break;
    if (order == 1) {
      for (std::size_t k = 0; k < level.clusters.size(); ++k) {
        for (std::uint32_t m : level.clusters[k].members) result.first_order_label[m] = static_cast<std::int32_t>(k);
      }
    } else {
      auto& below = result.levels.back().clusters;
      for (std::size_t k = 0; k < level.clusters.size(); ++k) {
        for (std::uint32_t m : level.clusters[k].members) below[m].parent = static_cast<std::int32_t>(k);
      }
    }
    result.levels.push_back(std::move(level));
    level_points = std::move(next);
    incidents = std::move(next_incidents);
  }
  return result;
}

}  // namespace hotspot::clusters
