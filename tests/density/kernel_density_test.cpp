#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/density/kernel_density.hpp"
#include "density/binned_transform.hpp"
#include "test_points.hpp"

namespace hotspot::density {
namespace {

using std::numbers::pi;

WeightedPoints make_points(std::initializer_list<std::array<double, 3>> xyw) {
  WeightedPoints p;
  for (const auto& [x, y, w] : xyw) {
    p.x.push_back(x);
    p.y.push_back(y);
    p.weight.push_back(w);
    p.count.push_back(1);
  }
  return p;
}

GridSpec make_grid(double x_min, double y_max, double cell, int cols, int rows) {
  GridSpec g;
  g.x_min = x_min;
  g.y_max = y_max;
  g.cell_size = cell;
  g.cols = cols;
  g.rows = rows;
  return g;
}

/// Brute force Σ w K(d) at every cell centre, written from the formula and not from the
/// library's loops: the oracle for the exact path.
std::vector<double> brute_force(const WeightedPoints& p, const GridSpec& g, Kernel k, double h) {
  std::vector<double> out(g.size(), 0.0);
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      double sum = 0.0;
      for (std::size_t i = 0; i < p.size(); ++i) {
        const double dx = g.col_x(c) - p.x[i];
        const double dy = g.row_y(r) - p.y[i];
        sum += p.weight[i] * kernel_value(k, dx * dx + dy * dy, h);
      }
      out[static_cast<std::size_t>(r) * g.cols + c] = sum;
    }
  }
  return out;
}

double peak_of(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

DensityOptions per_m2(Kernel kernel, double h, DensityMethod method) {
  DensityOptions o;
  o.kernel = kernel;
  o.bandwidth = h;
  o.method = method;
  o.units = DensityUnits::per_cell;  // per_cell / cell area = per m²
  return o;
}

// Three points, quartic kernel of radius 50 m on 10 m cells. Values worked by hand:
// cell centre (5, 35) is at distances 35.355 (to (0,0)), 43.012 (to (30,0)) and 7.071 (to
// (0,40)); the quartic terms are (1 − d²/2500)² = 0.25, 0.0676 (d² = 1850) and 0.96040
// (d² = 50), so the density is 3/(π·2500) · (1·0.25 + 2·0.0676 + 1·0.9604) per m².
TEST(KernelDensityExact, ThreePointsByHand) {
  const WeightedPoints p = make_points({{0.0, 0.0, 1.0}, {30.0, 0.0, 2.0}, {0.0, 40.0, 1.0}});
  const GridSpec g = make_grid(-60.0, 100.0, 10.0, 16, 16);
  const DensityResult r = kernel_density(p, g, per_m2(Kernel::quartic, 50.0, DensityMethod::exact));
  ASSERT_EQ(r.values.size(), g.size());
  // (5, 35) is column 6 (−60 + 65), row 6 (100 − 65).
  const double expected = 3.0 / (pi * 2500.0) * (0.25 + 2.0 * 0.0676 + 0.9604);
  EXPECT_NEAR(r.values[6 * 16 + 6] / g.cell_area(), expected, 1e-15);
  // (−55, 95) is beyond every support: exactly zero.
  EXPECT_EQ(r.values[0], 0.0);
  const std::vector<double> oracle = brute_force(p, g, Kernel::quartic, 50.0);
  for (std::size_t i = 0; i < oracle.size(); ++i) {
    EXPECT_NEAR(r.values[i] / g.cell_area(), oracle[i], 1e-15 + 1e-13 * oracle[i]) << i;
  }
  EXPECT_EQ(r.method, DensityMethod::exact);
  EXPECT_EQ(r.metadata.at("kernel"), "quartic");
  EXPECT_EQ(r.total_weight, 4.0);
}

TEST(KernelDensityExact, EveryKernelMatchesBruteForce) {
  const WeightedPoints p = test::clustered_points(300, 1000.0, 2000.0, 400.0);
  const GridSpec g = make_grid(950.0, 2450.0, 10.0, 50, 50);
  for (Kernel k : {Kernel::quartic, Kernel::epanechnikov, Kernel::triweight, Kernel::triangular,
                   Kernel::uniform, Kernel::gaussian}) {
    const double h = k == Kernel::gaussian ? 15.0 : 60.0;
    const DensityResult r = kernel_density(p, g, per_m2(k, h, DensityMethod::exact));
    const std::vector<double> oracle = brute_force(p, g, k, h);
    const double peak = peak_of(oracle);
    for (std::size_t i = 0; i < oracle.size(); ++i) {
      ASSERT_NEAR(r.values[i] / g.cell_area(), oracle[i], 1e-12 * peak) << kernel_name(k) << " cell " << i;
    }
  }
}

// QGIS's heatmap "Raw" output is Σ (1 − (d/R)²)² over d ≤ R; our quartic per m² is that
// times 3/(πR²). The relation is what a QGIS comparison has to undo.
TEST(KernelDensityExact, QuarticIsQgisRawTimesTheNormalisingConstant) {
  const WeightedPoints p = test::clustered_points(200, 0.0, 0.0, 500.0);
  WeightedPoints unit = p;
  std::fill(unit.weight.begin(), unit.weight.end(), 1.0);
  const GridSpec g = make_grid(-50.0, 550.0, 10.0, 60, 60);
  const double radius = 80.0;
  const DensityResult r = kernel_density(unit, g, per_m2(Kernel::quartic, radius, DensityMethod::exact));
  for (int row = 0; row < g.rows; row += 7) {
    for (int col = 0; col < g.cols; col += 3) {
      double raw = 0.0;
      for (std::size_t i = 0; i < unit.size(); ++i) {
        const double d = std::hypot(g.col_x(col) - unit.x[i], g.row_y(row) - unit.y[i]);
        if (d <= radius) raw += std::pow(1.0 - (d / radius) * (d / radius), 2.0);
      }
      const double ours = r.values[static_cast<std::size_t>(row) * g.cols + col] / g.cell_area();
      EXPECT_NEAR(ours * pi * radius * radius / 3.0, raw, 1e-10 * std::max(1.0, raw));
    }
  }
}

// Binned (linear binning + FFT) against exact at the default settings: quartic, 200 m
// bandwidth, 10 m cells, on clustered points.
TEST(KernelDensityBinned, WithinOnePercentOfPeakAtDefaults) {
  const WeightedPoints p = test::clustered_points(20000, 0.0, 0.0, 3000.0);
  const GridSpec g = grid_covering(p, 10.0, 250.0);
  DensityOptions o;
  o.method = DensityMethod::exact;
  const DensityResult exact = kernel_density(p, g, o);
  o.method = DensityMethod::binned;
  const DensityResult binned = kernel_density(p, g, o);
  EXPECT_EQ(binned.method, DensityMethod::binned);
  const double peak = peak_of(exact.values);
  double worst = 0.0;
  for (std::size_t i = 0; i < exact.values.size(); ++i) {
    worst = std::max(worst, std::abs(exact.values[i] - binned.values[i]));
  }
  EXPECT_LT(worst / peak, 0.01);
  RecordProperty("max_abs_difference_over_peak", std::to_string(worst / peak));
  // Far from points both are exactly zero.
  EXPECT_EQ(binned.values[0], 0.0);
}

TEST(KernelDensityBinned, SmoothKernelsAgreeWithExactAtModerateBandwidth) {
  const WeightedPoints p = test::clustered_points(5000, 0.0, 0.0, 2000.0);
  const GridSpec g = grid_covering(p, 10.0, 300.0);
  for (Kernel k : {Kernel::quartic, Kernel::epanechnikov, Kernel::triweight, Kernel::triangular, Kernel::gaussian}) {
    const double h = k == Kernel::gaussian ? 60.0 : 150.0;
    const DensityResult exact = kernel_density(p, g, per_m2(k, h, DensityMethod::exact));
    const DensityResult binned = kernel_density(p, g, per_m2(k, h, DensityMethod::binned));
    const double peak = peak_of(exact.values);
    double worst = 0.0;
    for (std::size_t i = 0; i < exact.values.size(); ++i) {
      worst = std::max(worst, std::abs(exact.values[i] - binned.values[i]));
    }
    EXPECT_LT(worst / peak, 0.01) << kernel_name(k);
  }
}

// Away from edges the per-m² surface integrates to the total weight: Σ values · cell area.
TEST(KernelDensity, ConservesMassAwayFromEdges) {
  const WeightedPoints p = test::clustered_points(5000, 0.0, 0.0, 2000.0);
  double total = 0.0;
  for (double w : p.weight) total += w;
  for (Kernel k : {Kernel::quartic, Kernel::epanechnikov, Kernel::triweight, Kernel::triangular,
                   Kernel::uniform, Kernel::gaussian}) {
    for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
      const double h = k == Kernel::gaussian ? 50.0 : 200.0;
      const GridSpec g = grid_covering(p, 10.0, h * kernel_support_factor(k) + 10.0);
      DensityOptions o = per_m2(k, h, m);
      o.units = DensityUnits::per_km2;
      const DensityResult r = kernel_density(p, g, o);
      double sum = 0.0;
      for (double v : r.values) sum += v;
      EXPECT_NEAR(sum / 1e6 * g.cell_area(), total, 0.005 * total) << kernel_name(k) << " " << method_name(m);
    }
  }
}

TEST(KernelDensity, UnitsRelateAsDocumented) {
  const WeightedPoints p = test::clustered_points(500, 0.0, 0.0, 1000.0);
  const GridSpec g = grid_covering(p, 20.0, 100.0);
  DensityOptions o;
  o.bandwidth = 150.0;
  o.units = DensityUnits::per_km2;
  const DensityResult km2 = kernel_density(p, g, o);
  o.units = DensityUnits::per_cell;
  const DensityResult cell = kernel_density(p, g, o);
  o.units = DensityUnits::probability;
  const DensityResult prob = kernel_density(p, g, o);
  o.units = DensityUnits::per_km2;
  o.period_months = 6.0;
  const DensityResult monthly = kernel_density(p, g, o);
  double sum_prob = 0.0;
  double sum_cell = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    EXPECT_NEAR(cell.values[i], km2.values[i] * g.cell_area() / 1e6, 1e-12 * km2.values[i] + 1e-300);
    EXPECT_NEAR(monthly.values[i], km2.values[i] / 6.0, 1e-12 * km2.values[i] + 1e-300);
    sum_prob += prob.values[i];
    sum_cell += cell.values[i];
  }
  EXPECT_NEAR(sum_prob, 1.0, 1e-12);
  for (std::size_t i = 0; i < g.size(); i += 97) {
    EXPECT_NEAR(prob.values[i], cell.values[i] / sum_cell, 1e-15);
  }
  EXPECT_EQ(km2.metadata.at("units"), "per_km2");
  EXPECT_EQ(monthly.metadata.at("units_description"), "incidents per km2 per month");
  EXPECT_EQ(prob.metadata.at("units"), "probability");
}

TEST(KernelDensity, WeightedDuplicateEqualsRepeatedPoints) {
  const WeightedPoints one = make_points({{10.0, 10.0, 3.0}, {50.0, 20.0, 1.0}});
  const WeightedPoints many = make_points({{10.0, 10.0, 1.0}, {10.0, 10.0, 1.0}, {50.0, 20.0, 1.0}, {10.0, 10.0, 1.0}});
  const GridSpec g = make_grid(-100.0, 150.0, 5.0, 50, 50);
  for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
    const DensityResult a = kernel_density(one, g, per_m2(Kernel::quartic, 60.0, m));
    const DensityResult b = kernel_density(many, g, per_m2(Kernel::quartic, 60.0, m));
    const double peak = peak_of(a.values);
    for (std::size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(a.values[i], b.values[i], 1e-12 * peak);
  }
}

TEST(KernelDensity, IncidentsOverloadCollapsesSharedLocations) {
  Incidents in;
  for (int i = 0; i < 4; ++i) {
    in.x.push_back(i < 3 ? 10.0 : 50.0);
    in.y.push_back(i < 3 ? 10.0 : 20.0);
    in.weight.push_back(1.0);
  }
  const GridSpec g = make_grid(-100.0, 150.0, 5.0, 50, 50);
  const DensityResult r = kernel_density(in, g, per_m2(Kernel::quartic, 60.0, DensityMethod::exact));
  EXPECT_EQ(r.points, 2u);
  EXPECT_EQ(r.metadata.at("incidents"), "4");
  const DensityResult w = kernel_density(make_points({{10.0, 10.0, 3.0}, {50.0, 20.0, 1.0}}), g,
                                         per_m2(Kernel::quartic, 60.0, DensityMethod::exact));
  EXPECT_EQ(r.values, w.values);
}

// Thread count never changes the bytes (STYLE.md rule 6): exact, binned and edge corrected.
TEST(KernelDensity, OneAndTwoThreadsGiveIdenticalBytes) {
  const WeightedPoints p = test::clustered_points(30000, 0.0, 0.0, 3000.0);
  const GridSpec g = grid_covering(p, 10.0, 200.0);
  std::vector<std::uint8_t> mask(g.size(), 0);
  for (int r = 20; r < g.rows - 40; ++r) {
    for (int c = 30; c < g.cols - 10; ++c) mask[static_cast<std::size_t>(r) * g.cols + c] = 1;
  }
  for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
    for (bool corrected : {false, true}) {
      DensityOptions o;
      o.method = m;
      if (corrected) o.study_area = mask;
      o.threads = 1;
      const DensityResult a = kernel_density(p, g, o);
      o.threads = 2;
      const DensityResult b = kernel_density(p, g, o);
      ASSERT_EQ(a.values.size(), b.values.size());
      EXPECT_EQ(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)), 0)
          << method_name(m) << (corrected ? " corrected" : "");
    }
  }
}

// Issue 21: `--threads 100000` crashed inside libgomp. Every thread count is capped before
// an OpenMP region starts, and the surface is the one a single thread makes.
TEST(KernelDensity, AHundredThousandThreadsAreCappedNotACrash) {
  const WeightedPoints p = test::clustered_points(2000, 0.0, 0.0, 1000.0);
  const GridSpec g = grid_covering(p, 10.0, 200.0);
  for (DensityMethod m : {DensityMethod::exact, DensityMethod::binned}) {
    DensityOptions o;
    o.method = m;
    o.threads = 1;
    const DensityResult one = kernel_density(p, g, o);
    o.threads = 100000;
    const DensityResult many = kernel_density(p, g, o);
    ASSERT_EQ(one.values.size(), many.values.size());
    EXPECT_EQ(std::memcmp(one.values.data(), many.values.data(), one.values.size() * sizeof(double)), 0)
        << method_name(m);
  }
}

// Edge correction on a known window: one point at every cell centre of a square study area
// is a perfectly uniform pattern, so the corrected density is exactly 1 per cell everywhere
// inside, edges included, while the uncorrected one falls to about a quarter in the corners.
TEST(KernelDensityEdgeCorrection, UniformLatticeIsFlatUpToTheEdge) {
  const GridSpec g = make_grid(0.0, 600.0, 10.0, 60, 60);
  std::vector<std::uint8_t> mask(g.size(), 0);
  WeightedPoints p;
  for (int r = 10; r < 50; ++r) {
    for (int c = 10; c < 50; ++c) {
      mask[static_cast<std::size_t>(r) * g.cols + c] = 1;
      p.x.push_back(g.col_x(c));
      p.y.push_back(g.row_y(r));
      p.weight.push_back(1.0);
      p.count.push_back(1);
    }
  }
  for (Kernel k : {Kernel::quartic, Kernel::gaussian}) {
    DensityOptions o = per_m2(k, k == Kernel::gaussian ? 20.0 : 80.0, DensityMethod::exact);
    const DensityResult plain = kernel_density(p, g, o);
    o.study_area = mask;
    const DensityResult corrected = kernel_density(p, g, o);
    for (std::size_t i = 0; i < g.size(); ++i) {
      if (mask[i] != 0) {
        EXPECT_NEAR(corrected.values[i], 1.0, 1e-9) << kernel_name(k) << " cell " << i;
      } else {
        EXPECT_TRUE(std::isnan(corrected.values[i]));
      }
    }
    const double corner = plain.values[10 * 60 + 10];
    const double centre = plain.values[30 * 60 + 30];
    EXPECT_LT(corner / centre, 0.4) << kernel_name(k);
  }
}

// Random uniform points in the square: corrected edge cells are close to the interior mean
// (sampling noise only), uncorrected ones clearly below.
TEST(KernelDensityEdgeCorrection, UniformPointsCorrectedEdgeMatchesInterior) {
  const GridSpec g = make_grid(0.0, 1000.0, 10.0, 100, 100);
  std::vector<std::uint8_t> mask(g.size(), 1);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1000.0);
  WeightedPoints p;
  for (int i = 0; i < 200000; ++i) {
    p.x.push_back(u(rng));
    p.y.push_back(u(rng));
    p.weight.push_back(1.0);
    p.count.push_back(1);
  }
  DensityOptions o;
  o.bandwidth = 100.0;
  o.units = DensityUnits::per_km2;
  o.study_area = mask;
  const DensityResult corrected = kernel_density(p, g, o);
  o.study_area.clear();
  const DensityResult plain = kernel_density(p, g, o);
  const double truth = 200000.0;  // points per km² over the 1 km² square
  double edge_corrected = 0.0;
  double edge_plain = 0.0;
  int n = 0;
  for (int c = 10; c < 90; ++c) {  // the north edge row
    edge_corrected += corrected.values[static_cast<std::size_t>(c)];
    edge_plain += plain.values[static_cast<std::size_t>(c)];
    ++n;
  }
  EXPECT_NEAR(edge_corrected / n, truth, 0.02 * truth);
  EXPECT_LT(edge_plain / n, 0.7 * truth);
  EXPECT_NEAR(corrected.values[50 * 100 + 50], truth, 0.05 * truth);
}

TEST(KernelDensityEdgeCorrection, KernelMassInsideMatchesBruteForce) {
  const GridSpec g = make_grid(0.0, 200.0, 10.0, 20, 20);
  std::vector<std::uint8_t> mask(g.size(), 0);
  for (int r = 3; r < 17; ++r) {
    for (int c = 2; c < 12 + r / 3; ++c) mask[static_cast<std::size_t>(r) * g.cols + c] = 1;
  }
  const std::vector<double> mass = kernel_mass_inside(g, mask, Kernel::quartic, 45.0, 1);
  for (int r = 0; r < g.rows; ++r) {
    for (int c = 0; c < g.cols; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * g.cols + c;
      double expected = 0.0;
      if (mask[i] != 0) {
        for (int rr = 0; rr < g.rows; ++rr) {
          for (int cc = 0; cc < g.cols; ++cc) {
            if (mask[static_cast<std::size_t>(rr) * g.cols + cc] == 0) continue;
            const double dx = g.col_x(c) - g.col_x(cc);
            const double dy = g.row_y(r) - g.row_y(rr);
            expected += kernel_value(Kernel::quartic, dx * dx + dy * dy, 45.0) * g.cell_area();
          }
        }
      }
      EXPECT_NEAR(mass[i], expected, 1e-12);
    }
  }
}

TEST(KernelDensity, NotesABandwidthBelowSnapPointSpacing) {
  WeightedPoints p;
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 10; ++j) {
      p.x.push_back(i * 100.0);
      p.y.push_back(j * 100.0);
      p.weight.push_back(5.0);
      p.count.push_back(5);
    }
  }
  EXPECT_DOUBLE_EQ(median_nearest_neighbour_distance(p), 100.0);
  const GridSpec g = grid_covering(p, 10.0, 100.0);
  DensityOptions o;
  o.bandwidth = 50.0;
  const DensityResult narrow = kernel_density(p, g, o);
  ASSERT_EQ(narrow.notes.size(), 1u);
  EXPECT_NE(narrow.notes[0].find("single snap points"), std::string::npos);
  EXPECT_EQ(narrow.metadata.at("location_spacing_m"), "100");
  o.bandwidth = 150.0;
  EXPECT_TRUE(kernel_density(p, g, o).notes.empty());
}

TEST(KernelDensity, AutomaticMethodPicksBinnedForLargeInputsOnly) {
  const GridSpec big = make_grid(0.0, 20000.0, 10.0, 2000, 2000);
  EXPECT_EQ(choose_method(1000000, big, Kernel::quartic, 250.0), DensityMethod::binned);
  const GridSpec small = make_grid(0.0, 1000.0, 10.0, 100, 100);
  EXPECT_EQ(choose_method(20, small, Kernel::quartic, 100.0), DensityMethod::exact);
  // 1241² cells, radius 200 m: 200,000 distinct points are binned, 3,000 snap points exact
  // (kernel_density_bench: 30 ms against 164 ms, and 5 ms against 19 ms).
  const GridSpec peers = make_grid(0.0, 12410.0, 10.0, 1241, 1241);
  EXPECT_EQ(choose_method(200000, peers, Kernel::quartic, 200.0), DensityMethod::binned);
  EXPECT_EQ(choose_method(3000, peers, Kernel::quartic, 200.0), DensityMethod::exact);
  // A support under four cells stays exact for accuracy.
  EXPECT_EQ(choose_method(1000000, big, Kernel::quartic, 30.0), DensityMethod::exact);
}

TEST(KernelDensity, RejectsBadOptions) {
  const WeightedPoints p = make_points({{0.0, 0.0, 1.0}});
  const GridSpec g = make_grid(-50.0, 50.0, 10.0, 10, 10);
  DensityOptions o;
  o.bandwidth = 0.0;
  EXPECT_THROW((void)kernel_density(p, g, o), Error);
  o.bandwidth = 20.0;
  o.study_area.assign(5, 1);
  EXPECT_THROW((void)kernel_density(p, g, o), Error);
  o.study_area.clear();
  o.point_bandwidths = {10.0, 20.0};
  EXPECT_THROW((void)kernel_density(p, g, o), Error);
  o.point_bandwidths = {10.0};
  o.method = DensityMethod::binned;
  EXPECT_THROW((void)kernel_density(p, g, o), Error);
}

// Adaptive: each point uses its own bandwidth; compared with the brute-force sum.
TEST(KernelDensityAdaptive, PerPointBandwidthsMatchBruteForce) {
  const WeightedPoints p = test::clustered_points(400, 0.0, 0.0, 500.0);
  const GridSpec g = grid_covering(p, 10.0, 100.0);
  DensityOptions o = per_m2(Kernel::quartic, 50.0, DensityMethod::automatic);
  for (std::size_t i = 0; i < p.size(); ++i) o.point_bandwidths.push_back(20.0 + static_cast<double>(i % 7) * 10.0);
  const DensityResult r = kernel_density(p, g, o);
  EXPECT_EQ(r.method, DensityMethod::exact);
  EXPECT_EQ(r.metadata.at("bandwidth_m"), "adaptive");
  double peak = 0.0;
  std::vector<double> oracle(g.size(), 0.0);
  for (int row = 0; row < g.rows; ++row) {
    for (int c = 0; c < g.cols; ++c) {
      double sum = 0.0;
      for (std::size_t i = 0; i < p.size(); ++i) {
        const double dx = g.col_x(c) - p.x[i];
        const double dy = g.row_y(row) - p.y[i];
        sum += p.weight[i] * kernel_value(Kernel::quartic, dx * dx + dy * dy, o.point_bandwidths[i]);
      }
      oracle[static_cast<std::size_t>(row) * g.cols + c] = sum;
      peak = std::max(peak, sum);
    }
  }
  for (std::size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(r.values[i] / g.cell_area(), oracle[i], 1e-12 * peak);
}

}  // namespace
}  // namespace hotspot::density

namespace hotspot::density {
namespace {

TEST(CellCounts, WeightPerCellInEachUnit) {
  WeightedPoints p;
  p.x = {5.0, 6.0, 15.0, 100.0};
  p.y = {15.0, 12.0, 5.0, 100.0};  // two in the north-west cell, one south-east, one off grid
  p.weight = {1.0, 2.0, 4.0, 8.0};
  p.count = {1, 1, 1, 1};
  GridSpec g;
  g.x_min = 0.0;
  g.y_max = 20.0;
  g.cell_size = 10.0;
  g.cols = 2;
  g.rows = 2;
  DensityOptions o;
  o.units = DensityUnits::per_cell;
  EXPECT_EQ(cell_counts(p, g, o).values, (std::vector<double>{3.0, 0.0, 0.0, 4.0}));
  o.units = DensityUnits::per_km2;
  const DensityResult km2 = cell_counts(p, g, o);
  EXPECT_DOUBLE_EQ(km2.values[0], 3.0 / 100.0 * 1e6);
  EXPECT_EQ(km2.metadata.at("bandwidth_m"), "0");
  o.units = DensityUnits::probability;
  o.study_area = {1, 1, 0, 1};
  const DensityResult prob = cell_counts(p, g, o);
  EXPECT_DOUBLE_EQ(prob.values[0], 3.0 / 7.0);
  EXPECT_TRUE(std::isnan(prob.values[2]));
  EXPECT_DOUBLE_EQ(prob.values[3], 4.0 / 7.0);
}

}  // namespace
}  // namespace hotspot::density

namespace hotspot::density {
namespace {

// GRASS v.kernel's 2-D quartic as GRASS writes it (vector/v.kernel/function.c): with
// term = 1 / radius² and x = d / radius, K = term · 3/π · (1 − x²)² for x ≤ 1. Its raster is
// this sum per map unit², so our exact per-m² quartic must equal it (PEERS.md: GRASS matches
// the exact formula to ~1e-13; the test that runs GRASS itself is in peer_comparison_test).
TEST(KernelDensityExact, QuarticMatchesGrassVKernelFormula) {
  const WeightedPoints p = test::clustered_points(300, 0.0, 0.0, 600.0, 5);
  GridSpec g;
  g.x_min = -100.0;
  g.y_max = 700.0;
  g.cell_size = 10.0;
  g.cols = 80;
  g.rows = 80;
  const double radius = 120.0;
  DensityOptions o;
  o.bandwidth = radius;
  o.method = DensityMethod::exact;
  o.units = DensityUnits::per_cell;
  const DensityResult r = kernel_density(p, g, o);
  const double term = 1.0 / (radius * radius);
  for (int row = 0; row < g.rows; row += 3) {
    for (int col = 0; col < g.cols; col += 5) {
      double grass = 0.0;
      for (std::size_t i = 0; i < p.size(); ++i) {
        const double x = std::hypot(g.col_x(col) - p.x[i], g.row_y(row) - p.y[i]) / radius;
        if (x <= 1.0) grass += p.weight[i] * term * 3.0 / std::acos(-1.0) * (1.0 - x * x) * (1.0 - x * x);
      }
      const double ours = r.values[static_cast<std::size_t>(row) * g.cols + col] / g.cell_area();
      EXPECT_NEAR(ours, grass, 1e-12 * std::max(grass, 1e-6));
    }
  }
}

}  // namespace
}  // namespace hotspot::density

namespace hotspot::density {
namespace {

// The temporal CV's shared transforms: one padded FFT of the binned points (or the study-area
// mask) convolved with each candidate kernel gives kernel_density's binned surface and
// kernel_mass_inside to round-off, for every bandwidth up to the widest, the widest included.
TEST(BinnedTransform, EachKernelGivesTheSurfaceOfItsOwnTransform) {
  const GridSpec grid = snap_grid(0.0, 0.0, 3000.0, 2400.0, 25.0);
  const WeightedPoints points = test::clustered_points(4000, -200.0, -150.0, 3400.0);
  std::vector<std::uint8_t> mask(grid.size(), 0);
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c) {
      const double x = (c + 0.5) / grid.cols - 0.5, y = (r + 0.5) / grid.rows - 0.5;
      mask[static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(c)] =
          x * x + y * y < 0.2 ? 1 : 0;
    }
  }
  const double bandwidths[] = {150.0, 333.0, 700.0};
  const int widest = detail::kernel_half_width(Kernel::quartic, 700.0, grid.cell_size);
  const detail::BinnedTransform binned(points, grid, widest, 2);
  const detail::BinnedTransform masked(mask, grid, widest, 2);
  for (double h : bandwidths) {
    DensityOptions o;
    o.bandwidth = h;
    o.units = DensityUnits::per_cell;
    o.method = DensityMethod::binned;
    o.spacing_note = false;
    const std::vector<double> expected = kernel_density(points, grid, o).values;
    const std::vector<double> got = binned.density_per_cell(Kernel::quartic, h, 1);
    ASSERT_EQ(got.size(), expected.size());
    double peak = 0.0, worst = 0.0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      peak = std::max(peak, std::abs(expected[i]));
      worst = std::max(worst, std::abs(got[i] - expected[i]));
    }
    EXPECT_GT(peak, 0.0);
    EXPECT_LT(worst, 1e-12 * peak) << h << " m";

    const std::vector<double> mass = kernel_mass_inside(grid, mask, Kernel::quartic, h, 1);
    const std::vector<double> shared = masked.mass_inside(Kernel::quartic, h, 1);
    ASSERT_EQ(shared.size(), mass.size());
    double mass_worst = 0.0;
    for (std::size_t i = 0; i < mass.size(); ++i) {
      EXPECT_EQ(shared[i] == 0.0, mass[i] == 0.0) << i;  // outside the area: exactly 0
      mass_worst = std::max(mass_worst, std::abs(shared[i] - mass[i]));
    }
    EXPECT_LT(mass_worst, 1e-12) << h << " m";  // masses are at most 1
  }
}

}  // namespace
}  // namespace hotspot::density
