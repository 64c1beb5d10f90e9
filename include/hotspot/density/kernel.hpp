#pragma once

#include <algorithm>
#include <numbers>
#include <optional>
#include <string_view>

namespace hotspot::density {

/// Radially symmetric kernels for 2-D density estimation. Each is normalised to integrate
/// to 1 over the plane: K_h(d) = C / h² · profile(d / h). The constants C are listed in
/// docs/density.md and checked by tests/density/kernel_test.cpp.
enum class Kernel {
  quartic,       ///< biweight, C (1 − u²)², C = 3/π; the default of QGIS, ArcGIS and CrimeStat
  epanechnikov,  ///< C (1 − u²), C = 2/π
  triweight,     ///< C (1 − u²)³, C = 4/π
  triangular,    ///< C (1 − u), C = 3/π
  uniform,       ///< C for u ≤ 1, C = 1/π
  gaussian,      ///< bandwidth is σ; C exp(−u²/2) cut at u = 4, C = 1/(2π(1 − e⁻⁸))
};

/// Where the Gaussian is cut, in units of σ. GRASS v.kernel uses σ = radius/4 cut at the
/// radius, so our Gaussian with bandwidth σ has the same support as GRASS's with radius 4σ.
inline constexpr double kGaussianCutoff = 4.0;

/// The lower-case name used on the command line and in metadata ("quartic", ...).
[[nodiscard]] std::string_view kernel_name(Kernel kernel) noexcept;
/// Parses a kernel name; "biweight" is accepted for quartic. Nothing when unknown.
[[nodiscard]] std::optional<Kernel> parse_kernel(std::string_view name) noexcept;

/// The normalising constant C of K_h(d) = C / h² · profile(d / h).
[[nodiscard]] double kernel_constant(Kernel kernel) noexcept;

/// Support radius in units of the bandwidth: 1 for the compact kernels, 4 for the Gaussian.
[[nodiscard]] double kernel_support_factor(Kernel kernel) noexcept;

/// The unnormalised profile as a function of the squared scaled distance u² = d²/h²;
/// 0 outside the support. Taking u² keeps the square root out of the inner loops of all
/// kernels but the triangular one.
[[nodiscard]] inline double kernel_profile(Kernel kernel, double u2) noexcept;

/// The normalised kernel value (per m² when d and h are in metres) at squared distance d2.
[[nodiscard]] double kernel_value(Kernel kernel, double d2, double bandwidth) noexcept;

/// The variance of one coordinate under the kernel at bandwidth 1, ∫ x² K(x, y) dx dy.
/// Used to convert a Gaussian σ from a bandwidth rule into an equivalent compact kernel.
[[nodiscard]] double kernel_coordinate_variance(Kernel kernel) noexcept;

// ---------------------------------------------------------------------------------------
/// kernel_profile for a kernel known at compile time.
template <Kernel K>
[[nodiscard]] inline double kernel_profile_of(double u2) noexcept {
  // Clamping u² to the support edge first and doing the arithmetic after keeps every branch
  // a plain select, which GCC if-converts, so the exact path's row loop vectorises.
  if constexpr (K == Kernel::quartic) {
    const double t = 1.0 - std::min(u2, 1.0);
    return t * t;
  } else if constexpr (K == Kernel::epanechnikov) {
    return 1.0 - std::min(u2, 1.0);
  } else if constexpr (K == Kernel::triweight) {
    const double t = 1.0 - std::min(u2, 1.0);
    return t * t * t;
  } else if constexpr (K == Kernel::triangular) {
    return 1.0 - __builtin_sqrt(std::clamp(u2, 0.0, 1.0));
  } else if constexpr (K == Kernel::uniform) {
    return u2 <= 1.0 ? 1.0 : 0.0;
  } else {
    return u2 <= kGaussianCutoff * kGaussianCutoff ? __builtin_exp(-0.5 * u2) : 0.0;
  }
}

inline double kernel_profile(Kernel kernel, double u2) noexcept {
  switch (kernel) {
    case Kernel::quartic: return kernel_profile_of<Kernel::quartic>(u2);
    case Kernel::epanechnikov: return kernel_profile_of<Kernel::epanechnikov>(u2);
    case Kernel::triweight: return kernel_profile_of<Kernel::triweight>(u2);
    case Kernel::triangular: return kernel_profile_of<Kernel::triangular>(u2);
    case Kernel::uniform: return kernel_profile_of<Kernel::uniform>(u2);
    case Kernel::gaussian: return kernel_profile_of<Kernel::gaussian>(u2);
  }
  return 0.0;
}

}  // namespace hotspot::density
