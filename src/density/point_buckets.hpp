#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hotspot::density::detail {

/// Points hashed into square buckets of side `bucket` for neighbour searches (nearest
/// neighbour, k-th neighbour, all neighbours within a radius). A plain bucket grid is enough
/// here: queries are local and the points are spread over a city, not a continent.
class PointBuckets {
 public:
  PointBuckets(const std::vector<double>& x, const std::vector<double>& y, double bucket)
      : x_(x), y_(y) {
    const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
    const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
    x0_ = *xmin;
    y0_ = *ymin;
    // Cap the bucket count near the point count so memory stays O(n) for spread-out points.
    const double area = std::max(*xmax - x0_, bucket) * std::max(*ymax - y0_, bucket);
    bucket_ = std::max(bucket, std::sqrt(area / (4.0 * static_cast<double>(x.size()) + 1.0)));
    nx_ = static_cast<long>((*xmax - x0_) / bucket_) + 1;
    ny_ = static_cast<long>((*ymax - y0_) / bucket_) + 1;
    start_.assign(static_cast<std::size_t>(nx_ * ny_ + 1), 0);
    for (std::size_t i = 0; i < x.size(); ++i) ++start_[static_cast<std::size_t>(bucket_of(x[i], y[i])) + 1];
    for (std::size_t b = 1; b < start_.size(); ++b) start_[b] += start_[b - 1];
    members_.resize(x.size());
    std::vector<std::uint32_t> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < x.size(); ++i) {
      members_[fill[static_cast<std::size_t>(bucket_of(x[i], y[i]))]++] = static_cast<std::uint32_t>(i);
    }
  }

  [[nodiscard]] double bucket_size() const noexcept { return bucket_; }

  /// Calls f(j, d²) for every point j with distance ≤ radius from (qx, qy), in bucket order.
  template <typename F>
  void for_each_within(double qx, double qy, double radius, F&& f) const {
    const double r2 = radius * radius;
    const long bx0 = clampx(static_cast<long>(std::floor((qx - radius - x0_) / bucket_)));
    const long bx1 = clampx(static_cast<long>(std::floor((qx + radius - x0_) / bucket_)));
    const long by0 = clampy(static_cast<long>(std::floor((qy - radius - y0_) / bucket_)));
    const long by1 = clampy(static_cast<long>(std::floor((qy + radius - y0_) / bucket_)));
    for (long by = by0; by <= by1; ++by) {
      for (long bx = bx0; bx <= bx1; ++bx) {
        const auto b = static_cast<std::size_t>(by * nx_ + bx);
        for (std::uint32_t k = start_[b]; k < start_[b + 1]; ++k) {
          const std::uint32_t j = members_[k];
          const double dx = x_[j] - qx;
          const double dy = y_[j] - qy;
          const double d2 = dx * dx + dy * dy;
          if (d2 <= r2) f(j, d2);
        }
      }
    }
  }

  /// Squared distances from (qx, qy) to points, searched in growing rings until `enough`
  /// says the sorted list of squared distances found so far settles the answer. Returns the
  /// sorted (d², index) pairs within the final radius.
  template <typename Enough>
  [[nodiscard]] std::vector<std::pair<double, std::uint32_t>> nearest(double qx, double qy,
                                                                      Enough&& enough) const {
    std::vector<std::pair<double, std::uint32_t>> found;
    const double max_radius = (static_cast<double>(std::max(nx_, ny_)) + 2.0) * bucket_ * 1.5;
    for (double radius = bucket_;; radius *= 2.0) {
      found.clear();
      for_each_within(qx, qy, radius, [&](std::uint32_t j, double d2) { found.emplace_back(d2, j); });
      std::sort(found.begin(), found.end());
      if (enough(found) || radius > max_radius) return found;
    }
  }

 private:
  [[nodiscard]] long clampx(long b) const noexcept { return std::clamp(b, 0L, nx_ - 1); }
  [[nodiscard]] long clampy(long b) const noexcept { return std::clamp(b, 0L, ny_ - 1); }
  [[nodiscard]] long bucket_of(double x, double y) const noexcept {
    return clampy(static_cast<long>((y - y0_) / bucket_)) * nx_ + clampx(static_cast<long>((x - x0_) / bucket_));
  }

  const std::vector<double>& x_;
  const std::vector<double>& y_;
  double x0_ = 0.0, y0_ = 0.0, bucket_ = 1.0;
  long nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> start_;
  std::vector<std::uint32_t> members_;
};

}  // namespace hotspot::density::detail
