#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "hotspot/density/kernel.hpp"

namespace hotspot::density {
namespace {

using std::numbers::pi;

constexpr Kernel kAll[] = {Kernel::quartic,    Kernel::epanechnikov, Kernel::triweight,
                           Kernel::triangular, Kernel::uniform,      Kernel::gaussian};

// The published constants (docs/density.md), derived by hand: C = 1 / (2π ∫₀^s profile(u) u du).
TEST(Kernel, ConstantsMatchTheDocumentedClosedForms) {
  EXPECT_DOUBLE_EQ(kernel_constant(Kernel::quartic), 3.0 / pi);
  EXPECT_DOUBLE_EQ(kernel_constant(Kernel::epanechnikov), 2.0 / pi);
  EXPECT_DOUBLE_EQ(kernel_constant(Kernel::triweight), 4.0 / pi);
  EXPECT_DOUBLE_EQ(kernel_constant(Kernel::triangular), 3.0 / pi);
  EXPECT_DOUBLE_EQ(kernel_constant(Kernel::uniform), 1.0 / pi);
  EXPECT_NEAR(kernel_constant(Kernel::gaussian), 1.0 / (2.0 * pi * (1.0 - std::exp(-8.0))), 1e-15);
}

// Radial integral 2π ∫ K(r) r dr by composite Simpson with many panels: an independent
// numerical check of the normalisation for several bandwidths.
TEST(Kernel, EachIntegratesToOneRadially) {
  for (Kernel k : kAll) {
    for (double h : {1.0, 37.5, 250.0}) {
      const double s = h * kernel_support_factor(k);
      const int n = 200000;
      const double step = s / n;
      double sum = 0.0;
      for (int i = 0; i <= n; ++i) {
        const double r = i * step;
        const double f = kernel_value(k, r * r, h) * r;
        sum += f * (i == 0 || i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
      }
      const double integral = 2.0 * pi * sum * step / 3.0;
      // The uniform kernel's jump at the edge limits Simpson to O(step).
      EXPECT_NEAR(integral, 1.0, k == Kernel::uniform ? 1e-4 : 1e-9) << kernel_name(k) << " h=" << h;
    }
  }
}

// Riemann sum over a fine Cartesian grid: the 2-D integral the surfaces rely on.
TEST(Kernel, EachIntegratesToOneOverThePlane) {
  for (Kernel k : kAll) {
    const double h = 10.0;
    const double s = h * kernel_support_factor(k);
    const int n = 800;
    const double cell = 2.0 * s / n;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        const double x = -s + (i + 0.5) * cell;
        const double y = -s + (j + 0.5) * cell;
        sum += kernel_value(k, x * x + y * y, h);
      }
    }
    EXPECT_NEAR(sum * cell * cell, 1.0, 2e-4) << kernel_name(k);
  }
}

TEST(Kernel, ShapesMatchTheirFormulas) {
  const double h = 4.0;
  const double h2 = h * h;
  // At d = h/2, u² = 1/4.
  const double d2 = 4.0;
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::quartic, d2, h), 3.0 / pi / h2 * 0.5625);
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::epanechnikov, d2, h), 2.0 / pi / h2 * 0.75);
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::triweight, d2, h), 4.0 / pi / h2 * 0.421875);
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::triangular, d2, h), 3.0 / pi / h2 * 0.5);
  EXPECT_DOUBLE_EQ(kernel_value(Kernel::uniform, d2, h), 1.0 / pi / h2);
  EXPECT_NEAR(kernel_value(Kernel::gaussian, d2, h), kernel_constant(Kernel::gaussian) / h2 * std::exp(-0.125), 1e-15);
  for (Kernel k : kAll) {
    const double s = h * kernel_support_factor(k);
    EXPECT_DOUBLE_EQ(kernel_value(k, 0.0, h), kernel_constant(k) / h2) << kernel_name(k);
    EXPECT_EQ(kernel_value(k, s * s * 1.0001, h), 0.0) << kernel_name(k);
    // Non-increasing in distance.
    double previous = kernel_value(k, 0.0, h);
    for (int i = 1; i <= 100; ++i) {
      const double d = s * i / 100.0;
      const double v = kernel_value(k, d * d, h);
      EXPECT_LE(v, previous) << kernel_name(k);
      previous = v;
    }
  }
  EXPECT_EQ(kernel_value(Kernel::quartic, h2, h), 0.0);
  EXPECT_GT(kernel_value(Kernel::uniform, h2, h), 0.0);  // closed disc, d ≤ R as QGIS counts
}

TEST(Kernel, CoordinateVarianceMatchesNumericalSecondMoment) {
  for (Kernel k : kAll) {
    const double s = kernel_support_factor(k);
    const int n = 100000;
    const double step = s / n;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
      const double r = (i + 0.5) * step;
      sum += kernel_value(k, r * r, 1.0) * r * r * r;
    }
    // ∫ x² K = ½ ∫ r² K = π ∫ r³ K dr.
    EXPECT_NEAR(pi * sum * step, kernel_coordinate_variance(k), 2e-6) << kernel_name(k);
  }
}

TEST(Kernel, NamesRoundTrip) {
  for (Kernel k : kAll) EXPECT_EQ(parse_kernel(kernel_name(k)), k);
  EXPECT_EQ(parse_kernel("biweight"), Kernel::quartic);
  EXPECT_FALSE(parse_kernel("cosine").has_value());
}

}  // namespace
}  // namespace hotspot::density
