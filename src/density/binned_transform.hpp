#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/density/kernel.hpp"
#include "hotspot/density/kernel_density.hpp"

namespace hotspot::density::detail {

class FftConvolution;

/// A grid transformed once and convolved with many kernels: the temporal CV's study-area mask
/// and each fold's training points, for every candidate bandwidth (the largest one's padding
/// serves all). The sums are those kernel_mass_inside and kernel_density's binned method make,
/// rounded differently (their FFT size is the largest kernel's).
class BinnedTransform {
 public:
  /// `points` linearly binned as kernel_density's binned method bins them.
  BinnedTransform(const WeightedPoints& points, const GridSpec& grid, int max_half, int threads);
  /// The study-area `mask` (each cell inside holding its area), as kernel_mass_inside.
  BinnedTransform(const std::vector<std::uint8_t>& mask, const GridSpec& grid, int max_half, int threads);
  ~BinnedTransform();
  BinnedTransform(const BinnedTransform&) = delete;
  BinnedTransform& operator=(const BinnedTransform&) = delete;

  /// kernel_density(points, grid, {kernel, bandwidth, method binned, units per_cell}).values.
  [[nodiscard]] std::vector<double> density_per_cell(Kernel kernel, double bandwidth, int threads) const;
  /// kernel_mass_inside(grid, mask, kernel, bandwidth, threads), for a transform of a mask.
  [[nodiscard]] std::vector<double> mass_inside(Kernel kernel, double bandwidth, int threads) const;
  /// The half width in cells of the widest kernel this transform can take.
  [[nodiscard]] int max_half() const noexcept { return max_half_; }

 private:
  GridSpec grid_;
  int max_half_;
  std::vector<std::uint8_t> mask_;  // empty for points
  std::unique_ptr<FftConvolution> fft_;
};

/// The half width in cells of a kernel's support at `bandwidth` (kernel_density's padding).
/// Throws Error(usage) past 100,000 cells.
[[nodiscard]] int kernel_half_width(Kernel kernel, double bandwidth, double cell);

}  // namespace hotspot::density::detail
