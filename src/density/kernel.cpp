#include "hotspot/density/kernel.hpp"

#include <cmath>
#include <numbers>

namespace hotspot::density {

std::string_view kernel_name(Kernel kernel) noexcept {
  switch (kernel) {
    case Kernel::quartic: return "quartic";
    case Kernel::epanechnikov: return "epanechnikov";
    case Kernel::triweight: return "triweight";
    case Kernel::triangular: return "triangular";
    case Kernel::uniform: return "uniform";
    case Kernel::gaussian: return "gaussian";
  }
  return "unknown";
}

std::optional<Kernel> parse_kernel(std::string_view name) noexcept {
  if (name == "quartic" || name == "biweight") return Kernel::quartic;
  if (name == "epanechnikov") return Kernel::epanechnikov;
  if (name == "triweight") return Kernel::triweight;
  if (name == "triangular") return Kernel::triangular;
  if (name == "uniform") return Kernel::uniform;
  if (name == "gaussian") return Kernel::gaussian;
  return std::nullopt;
}

double kernel_constant(Kernel kernel) noexcept {
  using std::numbers::pi;
  // ∫ profile(|x|) dx over the plane = 2π ∫₀^s profile(u) u du, and C is its inverse.
  switch (kernel) {
    case Kernel::quartic: return 3.0 / pi;       // 2π · 1/6
    case Kernel::epanechnikov: return 2.0 / pi;  // 2π · 1/4
    case Kernel::triweight: return 4.0 / pi;     // 2π · 1/8
    case Kernel::triangular: return 3.0 / pi;    // 2π · (1/2 − 1/3)
    case Kernel::uniform: return 1.0 / pi;       // 2π · 1/2
    case Kernel::gaussian:                       // 2π (1 − e^{−s²/2}) with s = 4
      return 1.0 / (2.0 * pi * -std::expm1(-0.5 * kGaussianCutoff * kGaussianCutoff));
  }
  return 0.0;
}

double kernel_support_factor(Kernel kernel) noexcept {
  return kernel == Kernel::gaussian ? kGaussianCutoff : 1.0;
}

double kernel_value(Kernel kernel, double d2, double bandwidth) noexcept {
  const double h2 = bandwidth * bandwidth;
  return kernel_constant(kernel) / h2 * kernel_profile(kernel, d2 / h2);
}

double kernel_coordinate_variance(Kernel kernel) noexcept {
  // Half of E[r²] = C · π ∫ r³ profile(r) dr, worked out per kernel.
  switch (kernel) {
    case Kernel::quartic: return 1.0 / 8.0;        // 3 (1/4 − 2/6 + 1/8)
    case Kernel::epanechnikov: return 1.0 / 6.0;   // 2 (1/4 − 1/6)
    case Kernel::triweight: return 1.0 / 10.0;     // 4 (1/4 − 3/6 + 3/8 − 1/10)
    case Kernel::triangular: return 3.0 / 20.0;    // 3 (1/4 − 1/5)
    case Kernel::uniform: return 1.0 / 4.0;        // 1/4
    case Kernel::gaussian: {
      // Truncated at s: E[r²]/2 = (1 − (1 + s²/2) e^{−s²/2}) / (1 − e^{−s²/2}).
      const double s2 = kGaussianCutoff * kGaussianCutoff;
      return (1.0 - (1.0 + 0.5 * s2) * std::exp(-0.5 * s2)) / -std::expm1(-0.5 * s2);
    }
  }
  return 0.0;
}

}  // namespace hotspot::density
