#include "hotspot/density/bandwidth.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "hotspot/core/error.hpp"
#include "point_buckets.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.bandwidth";

/// The weighted q-quantile: the smallest value whose cumulative weight reaches q · Σw.
double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q) {
  std::sort(value_weight.begin(), value_weight.end());
  double total = 0.0;
  for (const auto& vw : value_weight) total += vw.second;
  double cumulative = 0.0;
  for (const auto& [value, weight] : value_weight) {
    cumulative += weight;
    if (cumulative >= q * total) return value;
  }
  return value_weight.empty() ? 0.0 : value_weight.back().first;
}

double compact_equivalent(double sigma, Kernel kernel) {
  if (kernel == Kernel::gaussian) return sigma;
  return sigma / std::sqrt(kernel_coordinate_variance(kernel));
}

void check_positive(double value, const char* what) {
  if (!(value > 0.0) || !std::isfinite(value)) {
    throw Error(ErrorCode::data, kStage,
                std::string(what) + " is zero: the points do not spread, so no bandwidth follows");
  }
}

}  // namespace

PointSpread point_spread(const WeightedPoints& points) {
  PointSpread s;
  for (std::size_t i = 0; i < points.size(); ++i) {
    s.n += points.weight[i];
    s.mean_x += points.weight[i] * points.x[i];
    s.mean_y += points.weight[i] * points.y[i];
  }
  if (!(s.n > 0.0)) throw Error(ErrorCode::data, kStage, "no incidents with positive weight");
  s.mean_x /= s.n;
  s.mean_y /= s.n;
  double vx = 0.0;
  double vy = 0.0;
  std::vector<std::pair<double, double>> xs, ys, ds;
  xs.reserve(points.size());
  ys.reserve(points.size());
  ds.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double dx = points.x[i] - s.mean_x;
    const double dy = points.y[i] - s.mean_y;
    vx += points.weight[i] * dx * dx;
    vy += points.weight[i] * dy * dy;
    xs.emplace_back(points.x[i], points.weight[i]);
    ys.emplace_back(points.y[i], points.weight[i]);
    ds.emplace_back(std::hypot(dx, dy), points.weight[i]);
  }
  s.sd_x = std::sqrt(vx / s.n);
  s.sd_y = std::sqrt(vy / s.n);
  s.standard_distance = std::sqrt((vx + vy) / s.n);
  s.iqr_x = weighted_quantile(xs, 0.75) - weighted_quantile(xs, 0.25);
  s.iqr_y = weighted_quantile(ys, 0.75) - weighted_quantile(ys, 0.25);
  s.median_distance = weighted_quantile(std::move(ds), 0.5);
  return s;
}

double scott_bandwidth(const WeightedPoints& points, Kernel kernel) {
  const PointSpread s = point_spread(points);
  const double sigma_bar = std::sqrt(0.5 * (s.sd_x * s.sd_x + s.sd_y * s.sd_y));
  check_positive(sigma_bar, "the standard deviation");
  return compact_equivalent(sigma_bar * std::pow(s.n, -1.0 / 6.0), kernel);
}

double silverman_bandwidth(const WeightedPoints& points, Kernel kernel) {
  const PointSpread s = point_spread(points);
  const double sigma_bar = std::sqrt(0.5 * (s.sd_x * s.sd_x + s.sd_y * s.sd_y));
  const double iqr_bar = 0.5 * (s.iqr_x + s.iqr_y) / 1.349;
  // An IQR of 0 (over half the weight on one snap point) would give a zero bandwidth; the
  // robust spread then falls back to σ̄ rather than break the rule.
  const double spread = iqr_bar > 0.0 ? std::min(sigma_bar, iqr_bar) : sigma_bar;
  check_positive(spread, "the spread");
  return compact_equivalent(spread * std::pow(s.n, -1.0 / 6.0), kernel);
}

double arcgis_bandwidth(const WeightedPoints& points) {
  const PointSpread s = point_spread(points);
  const double spread = std::min(s.standard_distance, std::sqrt(1.0 / std::log(2.0)) * s.median_distance);
  check_positive(spread, "the distance to the mean centre");
  return 0.9 * spread * std::pow(s.n, -0.2);
}

std::vector<double> knn_bandwidths(const WeightedPoints& points, double k, Kernel kernel,
                                   double min_bandwidth) {
  if (!(k >= 1.0)) throw Error(ErrorCode::usage, kStage, "k must be at least 1");
  const double total = std::accumulate(points.weight.begin(), points.weight.end(), 0.0);
  if (total < k) {
    throw Error(ErrorCode::usage, kStage, "k is larger than the number of incidents");
  }
  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  const double extent = std::max({*xmax - *xmin, *ymax - *ymin, 1e-9});
  const detail::PointBuckets buckets(points.x, points.y,
                                     extent / std::sqrt(static_cast<double>(points.size())));
  std::vector<double> h(points.size());
  const double factor = kernel_support_factor(kernel);
  for (std::size_t i = 0; i < points.size(); ++i) {
    double radius = 0.0;
    (void)buckets.nearest(points.x[i], points.y[i], [&](const auto& found) {
      double cumulative = 0.0;
      for (const auto& [d2, j] : found) {
        cumulative += points.weight[j];
        if (cumulative >= k) {
          radius = std::sqrt(d2);
          return true;
        }
      }
      return false;
    });
    h[i] = std::max(radius / factor, min_bandwidth);
  }
  return h;
}

std::vector<double> abramson_bandwidths(const WeightedPoints& points, Kernel kernel, double h0,
                                        double pilot, double trim) {
  if (!(h0 > 0.0) || !(pilot > 0.0) || !(trim >= 1.0)) {
    throw Error(ErrorCode::usage, kStage, "Abramson bandwidths need h0 > 0, pilot > 0, trim >= 1");
  }
  const double support = pilot * kernel_support_factor(kernel);
  const detail::PointBuckets buckets(points.x, points.y, support);
  std::vector<double> pilot_density(points.size(), 0.0);
  double log_sum = 0.0;
  double weight_sum = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    double f = 0.0;
    buckets.for_each_within(points.x[i], points.y[i], support, [&](std::uint32_t j, double d2) {
      f += points.weight[j] * kernel_value(kernel, d2, pilot);
    });
    pilot_density[i] = f;  // > 0: every point sees its own kernel peak
    if (points.weight[i] > 0.0) {
      log_sum += points.weight[i] * std::log(f);
      weight_sum += points.weight[i];
    }
  }
  if (!(weight_sum > 0.0)) throw Error(ErrorCode::data, kStage, "no incidents with positive weight");
  const double gamma = std::exp(log_sum / weight_sum);
  std::vector<double> h(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    h[i] = h0 * std::min(std::sqrt(gamma / pilot_density[i]), trim);
  }
  return h;
}

}  // namespace hotspot::density
