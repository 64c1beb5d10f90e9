#include "hotspot/density/kernel_density.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <sstream>

#include <omp.h>

#include "binned_transform.hpp"
#include "fft_convolution.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/core/huge_pages.hpp"
#include "point_buckets.hpp"

namespace hotspot::density {
namespace {

constexpr const char* kStage = "density.kde";

// Below this many cells of support radius, linear binning errs by more than ~1% of the peak
// for the quartic kernel, so `automatic` stays exact.
constexpr double kMinBinnedSupportCells = 4.0;

// The snap-spacing note uses at most this many locations (an evenly strided, deterministic
// sample): the median of a sample this size is within a few per cent of the full median.
constexpr std::size_t kSpacingSample = 20000;

int resolve_threads(int threads) {
  return effective_threads(threads);
}

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

/// Points sorted by (y, x, original index), the order in which each row adds them.
struct RowOrder {
  std::vector<double> x, y, w, h;  // h empty for a fixed bandwidth
};

RowOrder sort_by_y(const WeightedPoints& points, const std::vector<double>& bandwidths) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (points.y[a] != points.y[b]) return points.y[a] < points.y[b];
    if (points.x[a] != points.x[b]) return points.x[a] < points.x[b];
    return a < b;
  });
  RowOrder s;
  s.x.reserve(order.size());
  s.y.reserve(order.size());
  s.w.reserve(order.size());
  for (std::size_t i : order) {
    if (points.weight[i] == 0.0) continue;  // adds nothing; skipping keeps rows short
    s.x.push_back(points.x[i]);
    s.y.push_back(points.y[i]);
    s.w.push_back(points.weight[i]);
    if (!bandwidths.empty()) s.h.push_back(bandwidths[i]);
  }
  return s;
}

// The column range whose centres may lie within `half_width` of x; widened by one cell so
// rounding never drops a cell the kernel itself would count (the profile decides).
inline void column_range(const GridSpec& g, double x, double half_width, int& c0, int& c1) {
  const double lo = std::floor((x - half_width - g.x_min) / g.cell_size - 0.5);
  const double hi = std::ceil((x + half_width - g.x_min) / g.cell_size - 0.5);
  c0 = static_cast<int>(std::clamp(lo, 0.0, static_cast<double>(g.cols)));
  c1 = static_cast<int>(std::clamp(hi, -1.0, static_cast<double>(g.cols - 1)));
}

/// scale · profile(u²), written so GCC 12 vectorises the row loop: with the default
/// -ftrapping-math it if-converts max(0, 1 − u²) only when the products that follow are
/// taken left to right from `scale` (it sinks a lone t·t into the branches and gives up).
template <Kernel K>
inline double scaled_profile(double scale, double u2) noexcept {
  if constexpr (K == Kernel::quartic) {
    const double t = std::max(0.0, 1.0 - u2);
    return scale * t * t;
  } else if constexpr (K == Kernel::epanechnikov) {
    return scale * std::max(0.0, 1.0 - u2);
  } else if constexpr (K == Kernel::triweight) {
    const double t = std::max(0.0, 1.0 - u2);
    return scale * t * t * t;
  } else {
    return scale * kernel_profile_of<K>(u2);
  }
}

/// Adds scale · profile at the cells [c0, c1] of one row: the innermost loop.
template <Kernel K>
inline void add_kernel_row(double* out, int c0, int c1, double x_first, double cell, double inv_h2,
                           double dy2s, double scaled) {
  for (int c = c0; c <= c1; ++c) {
    const double dx = x_first + c * cell;
    out[c] += scaled_profile<K>(scaled, dx * dx * inv_h2 + dy2s);
  }
}

// GCC multiversions templates; clang (the fuzz preset) does not yet, so it builds one version.
#if defined(__GNUC__) && !defined(__clang__)
#define HOTSPOT_AVX2_CLONES [[gnu::target_clones("avx2", "default")]]
#else
#define HOTSPOT_AVX2_CLONES
#endif

/// One row of the exact sum. Every cell of the row is written by the calling thread only and
/// points are added in the fixed RowOrder, so the bytes do not depend on the thread count.
/// Compiled twice (baseline and AVX2, picked at load time): the AVX2 clone does the same IEEE
/// operations four cells at a time, with no FMA (not part of the "avx2" target), so both give
/// the same bytes.
template <Kernel K>
HOTSPOT_AVX2_CLONES void exact_row(const GridSpec& g, const RowOrder& s, double fixed_h, double support_factor,
               double max_support, int r, double* out) {
  const double yc = g.row_y(r);
  const auto lo = std::lower_bound(s.y.begin(), s.y.end(), yc - max_support) - s.y.begin();
  const auto hi = std::upper_bound(s.y.begin(), s.y.end(), yc + max_support) - s.y.begin();
  const double constant = kernel_constant(K);
  for (auto k = lo; k < hi; ++k) {
    const std::size_t i = static_cast<std::size_t>(k);
    const double h = s.h.empty() ? fixed_h : s.h[i];
    const double support = h * support_factor;
    const double dy = yc - s.y[i];
    const double dy2 = dy * dy;
    if (dy2 > support * support) continue;
    int c0 = 0;
    int c1 = -1;
    column_range(g, s.x[i], std::sqrt(support * support - dy2), c0, c1);
    const double inv_h2 = 1.0 / (h * h);
    const double scaled = s.w[i] * constant * inv_h2;
    add_kernel_row<K>(out, c0, c1, g.x_min + 0.5 * g.cell_size - s.x[i], g.cell_size, inv_h2,
                      dy2 * inv_h2, scaled);
  }
}

template <Kernel K>
void exact_surface(const GridSpec& g, const RowOrder& s, double fixed_h, int threads,
                   std::vector<double>& values) {
  const double factor = kernel_support_factor(K);
  double max_h = fixed_h;
  for (double h : s.h) max_h = std::max(max_h, h);
  const double max_support = max_h * factor;
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (int r = 0; r < g.rows; ++r) {
    exact_row<K>(g, s, fixed_h, factor, max_support, r, values.data() + static_cast<std::size_t>(r) * g.cols);
  }
}

void exact_dispatch(Kernel kernel, const GridSpec& g, const RowOrder& s, double h, int threads,
                    std::vector<double>& values) {
  switch (kernel) {
    case Kernel::quartic: return exact_surface<Kernel::quartic>(g, s, h, threads, values);
    case Kernel::epanechnikov: return exact_surface<Kernel::epanechnikov>(g, s, h, threads, values);
    case Kernel::triweight: return exact_surface<Kernel::triweight>(g, s, h, threads, values);
    case Kernel::triangular: return exact_surface<Kernel::triangular>(g, s, h, threads, values);
    case Kernel::uniform: return exact_surface<Kernel::uniform>(g, s, h, threads, values);
    case Kernel::gaussian: return exact_surface<Kernel::gaussian>(g, s, h, threads, values);
  }
}

/// The kernel at the grid offsets [−half, half]², per m².
std::vector<double> kernel_on_offsets(Kernel kernel, double bandwidth, double cell, int half) {
  const int width = 2 * half + 1;
  std::vector<double> k(static_cast<std::size_t>(width) * width);
  for (int dy = -half; dy <= half; ++dy) {
    for (int dx = -half; dx <= half; ++dx) {
      const double d2 = (static_cast<double>(dx) * dx + static_cast<double>(dy) * dy) * cell * cell;
      k[static_cast<std::size_t>(dy + half) * width + dx + half] = kernel_value(kernel, d2, bandwidth);
    }
  }
  return k;
}

}  // namespace

int detail::kernel_half_width(Kernel kernel, double bandwidth, double cell) {
  const double cells = std::ceil(bandwidth * kernel_support_factor(kernel) / cell);
  if (cells > 1.0e5) {
    throw Error(ErrorCode::usage, kStage, "the bandwidth is more than 100,000 cells wide");
  }
  return static_cast<int>(cells);
}

namespace {

using detail::kernel_half_width;

/// Linear binning: each point's weight is shared among the four cell centres around it in
/// proportion to the opposite rectangle's area (Wand & Jones 1995, §D), on the grid widened
/// by `half` cells on every side so points just outside still reach it. Written straight
/// into the FFT's input so the large grid exists once.
///
/// Parallel by fixed bands of rows: points are listed per band (in input order; a point on a
/// band's last row is listed in the next band too) and each band adds only to its own rows,
/// so every cell sums its shares in input order whatever the thread count.
void linear_bins(const WeightedPoints& points, const GridSpec& g, int half, int threads,
                 detail::FftConvolution& fft) {
  constexpr int kBands = 32;
  const int bc = g.cols + 2 * half;
  const int br = g.rows + 2 * half;
  const int band_rows = (br + kBands - 1) / kBands;
  std::vector<std::uint32_t> band_start(kBands + 1, 0);
  std::vector<std::int32_t> first_row(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double fx = (points.x[i] - g.x_min) / g.cell_size - 0.5 + half;
    const double fy = (g.y_max - points.y[i]) / g.cell_size - 0.5 + half;
    if (!(fx > -1.0 && fx < bc && fy > -1.0 && fy < br) || points.weight[i] == 0.0) {
      first_row[i] = -2;  // reaches no bin
      continue;
    }
    const int r = static_cast<int>(std::floor(fy));
    first_row[i] = r;
    if (r >= 0) ++band_start[static_cast<std::size_t>(r / band_rows) + 1];
    if (r + 1 < br && (r < 0 || (r + 1) / band_rows != r / band_rows)) {
      ++band_start[static_cast<std::size_t>((r + 1) / band_rows) + 1];
    }
  }
  for (int b = 0; b < kBands; ++b) band_start[static_cast<std::size_t>(b) + 1] += band_start[static_cast<std::size_t>(b)];
  std::vector<std::uint32_t> members(band_start.back());
  std::vector<std::uint32_t> fill(band_start.begin(), band_start.end() - 1);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const int r = first_row[i];
    if (r == -2) continue;
    if (r >= 0) members[fill[static_cast<std::size_t>(r / band_rows)]++] = static_cast<std::uint32_t>(i);
    if (r + 1 < br && (r < 0 || (r + 1) / band_rows != r / band_rows)) {
      members[fill[static_cast<std::size_t>((r + 1) / band_rows)]++] = static_cast<std::uint32_t>(i);
    }
  }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int b = 0; b < kBands; ++b) {
    const int row_lo = b * band_rows;
    const int row_hi = std::min(br, row_lo + band_rows);
    for (std::uint32_t k = band_start[static_cast<std::size_t>(b)]; k < band_start[static_cast<std::size_t>(b) + 1]; ++k) {
      const std::uint32_t i = members[k];
      const double fx = (points.x[i] - g.x_min) / g.cell_size - 0.5 + half;
      const double fy = (g.y_max - points.y[i]) / g.cell_size - 0.5 + half;
      const double fx0 = std::floor(fx);
      const double fy0 = std::floor(fy);
      const double ax = fx - fx0;
      const double ay = fy - fy0;
      const int c = static_cast<int>(fx0);
      const int r = static_cast<int>(fy0);
      const double w = points.weight[i];
      const auto add = [&](int cc, int rr, double share) {
        if (cc >= 0 && cc < bc && rr >= row_lo && rr < row_hi) fft.input_row(rr)[cc] += w * share;
      };
      add(c, r, (1.0 - ax) * (1.0 - ay));
      add(c + 1, r, ax * (1.0 - ay));
      add(c, r + 1, (1.0 - ax) * ay);
      add(c + 1, r + 1, ax * ay);
    }
  }
}

/// FFT round-off leaves values of order 1e-16 × peak where the true sum is 0; a zero is a zero
/// (it decides hotspot ties and "no incident reaches here").
void zero_round_off(std::vector<double>& out) {
  double peak = 0.0;
  for (double v : out) peak = std::max(peak, std::abs(v));
  const double noise = peak * 1e-12;
  for (double& v : out) {
    if (std::abs(v) <= noise) v = 0.0;
  }
}

std::vector<double> binned_surface(const WeightedPoints& points, const GridSpec& g, Kernel kernel,
                                   double bandwidth, int threads) {
  const int half = kernel_half_width(kernel, bandwidth, g.cell_size);
  detail::FftConvolution fft(g.cols + 2 * half, g.rows + 2 * half, half);
  linear_bins(points, g, half, threads, fft);
  const std::vector<double> k = kernel_on_offsets(kernel, bandwidth, g.cell_size, half);
  std::vector<double> out = fft.convolve(k, threads);
  zero_round_off(out);
  return out;
}

/// The study-area mask as kernel_mass_inside convolves it: each cell inside holds its area,
/// on the grid padded by `half` cells on every side.
void fill_mask(detail::FftConvolution& fft, const GridSpec& grid, const std::vector<std::uint8_t>& mask, int half) {
  for (int r = 0; r < grid.rows; ++r) {
    double* row = fft.input_row(r + half);
    for (int c = 0; c < grid.cols; ++c) {
      row[c + half] = mask[static_cast<std::size_t>(r) * grid.cols + c] != 0 ? grid.cell_area() : 0.0;
    }
  }
}

/// An upper bound on the median nearest-neighbour distance m of n points in a W × H box: at
/// least n/2 points are ≥ m from every other, so their discs of radius m/2 are disjoint and
/// lie in the box widened by m/2: (n/2) π m²/4 ≤ (W + m)(H + m). When the kernel radius is
/// above this bound the snap-spacing note cannot apply, and 1M points need no neighbour search.
double spacing_upper_bound(const WeightedPoints& points) {
  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  const double w = *xmax - *xmin;
  const double h = *ymax - *ymin;
  const double a = static_cast<double>(points.size()) * std::numbers::pi / 8.0 - 1.0;
  if (a <= 0.0) return std::numeric_limits<double>::infinity();
  return ((w + h) + std::sqrt((w + h) * (w + h) + 4.0 * a * w * h)) / (2.0 * a);
}

void validate(const WeightedPoints& points, const GridSpec& grid, const DensityOptions& o) {
  if (!(o.bandwidth > 0.0) || !std::isfinite(o.bandwidth)) {
    throw Error(ErrorCode::usage, kStage, "bandwidth must be a positive number of metres");
  }
  if (grid.cols <= 0 || grid.rows <= 0 || !(grid.cell_size > 0.0)) {
    throw Error(ErrorCode::usage, kStage, "the grid has no cells");
  }
  if (!o.study_area.empty() && o.study_area.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  }
  if (!o.point_bandwidths.empty()) {
    if (o.point_bandwidths.size() != points.size()) {
      throw Error(ErrorCode::usage, kStage, "there must be one adaptive bandwidth per point");
    }
    if (o.method == DensityMethod::binned) {
      throw Error(ErrorCode::usage, kStage, "adaptive bandwidths need the exact method");
    }
    if (!o.study_area.empty()) {
      throw Error(ErrorCode::usage, kStage,
                  "edge correction with adaptive bandwidths is not supported");
    }
    for (double h : o.point_bandwidths) {
      if (!(h > 0.0) || !std::isfinite(h)) {
        throw Error(ErrorCode::usage, kStage, "adaptive bandwidths must be positive");
      }
    }
  }
  if (o.period_months < 0.0 || !std::isfinite(o.period_months)) {
    throw Error(ErrorCode::usage, kStage, "the number of months must be positive");
  }
}

/// Converts per-m² values to the requested units in place; returns the units' description.
std::string apply_units(std::vector<double>& values, const GridSpec& grid, const DensityOptions& options) {
  // Unit conversion from the per-m² sum.
  double scale = 1.0;
  std::string units_text;
  switch (options.units) {
    case DensityUnits::per_km2:
      scale = 1.0e6;
      units_text = "incidents per km2";
      break;
    case DensityUnits::per_cell:
    case DensityUnits::probability:
      scale = grid.cell_area();
      units_text = "expected incidents per cell";
      break;
  }
  if (options.units != DensityUnits::probability && options.period_months > 0.0) {
    scale /= options.period_months;
    units_text += " per month";
  }
  for (double& v : values) v *= scale;
  if (options.units == DensityUnits::probability) {
    double sum = 0.0;
    for (double v : values) {
      if (!std::isnan(v)) sum += v;
    }
    if (sum > 0.0) {
      for (double& v : values) v /= sum;
    }
    units_text = "probability per cell (sums to 1 over the grid)";
  }

  return units_text;
}

}  // namespace

std::string_view units_name(DensityUnits units) noexcept {
  switch (units) {
    case DensityUnits::per_km2: return "per_km2";
    case DensityUnits::per_cell: return "per_cell";
    case DensityUnits::probability: return "probability";
  }
  return "unknown";
}

std::optional<DensityUnits> units_from_name(std::string_view name) noexcept {
  for (const DensityUnits units : {DensityUnits::per_km2, DensityUnits::per_cell, DensityUnits::probability}) {
    if (units_name(units) == name) return units;
  }
  return std::nullopt;
}

std::string_view method_name(DensityMethod method) noexcept {
  switch (method) {
    case DensityMethod::automatic: return "auto";
    case DensityMethod::exact: return "exact";
    case DensityMethod::binned: return "binned";
  }
  return "unknown";
}

DensityMethod choose_method(std::size_t points, const GridSpec& grid, Kernel kernel,
                            double bandwidth) {
  const double support_cells = bandwidth * kernel_support_factor(kernel) / grid.cell_size;
  if (support_cells < kMinBinnedSupportCells) return DensityMethod::exact;
  // Costs in units of one exact kernel evaluation, fitted to kernel_density_bench on 2 cores
  // (1241² cells, radius 200 m: 200,000 distinct points take 164 ms exact and 30 ms binned,
  // 2,989 snap points 5 ms exact and 19 ms binned; 1,000,000 points on 2000² cells 1.26 s and
  // 0.25 s): binning a point costs about 85 evaluations (scattered writes), the FFT about one
  // per padded cell and doubling.
  const double n = static_cast<double>(points);
  const double exact = n * std::max(1.0, std::numbers::pi * support_cells * support_cells);
  const double half = std::ceil(support_cells);
  const double padded = static_cast<double>(detail::fft_size(grid.cols + 2 * static_cast<int>(half))) *
                        static_cast<double>(detail::fft_size(grid.rows + 2 * static_cast<int>(half)));
  const double binned = 85.0 * n + 1.0 * padded * std::log2(padded);
  return binned < exact ? DensityMethod::binned : DensityMethod::exact;
}

std::vector<double> kernel_mass_inside(const GridSpec& grid, const std::vector<std::uint8_t>& mask,
                                       Kernel kernel, double bandwidth, int threads) {
  if (mask.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  }
  const int half = kernel_half_width(kernel, bandwidth, grid.cell_size);
  detail::FftConvolution fft(grid.cols + 2 * half, grid.rows + 2 * half, half);
  fill_mask(fft, grid, mask, half);
  std::vector<double> k = kernel_on_offsets(kernel, bandwidth, grid.cell_size, half);
  std::vector<double> mass = fft.convolve(k, resolve_threads(threads));
  for (std::size_t i = 0; i < mass.size(); ++i) {
    if (mask[i] == 0) mass[i] = 0.0;
  }
  return mass;
}

double median_nearest_neighbour_distance(const WeightedPoints& points) {
  const std::size_t n = points.size();
  if (n < 2) return 0.0;
  const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
  const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
  const double extent = std::max(*xmax - *xmin, *ymax - *ymin);
  const detail::PointBuckets buckets(points.x, points.y,
                                     std::max(extent / std::sqrt(static_cast<double>(n)), 1e-9));
  const std::size_t step = std::max<std::size_t>(1, n / kSpacingSample);
  std::vector<double> nearest;
  for (std::size_t i = 0; i < n; i += step) {
    const auto found = buckets.nearest(points.x[i], points.y[i], [&](const auto& f) {
      return f.size() >= 2;  // the point itself and one other
    });
    double best = std::numeric_limits<double>::infinity();
    for (const auto& [d2, j] : found) {
      if (j != i) {
        best = std::min(best, d2);
        break;
      }
    }
    if (std::isfinite(best)) nearest.push_back(std::sqrt(best));
  }
  if (nearest.empty()) return 0.0;
  // The lower median, so the value is one of the observed distances.
  const auto mid = nearest.begin() + static_cast<std::ptrdiff_t>((nearest.size() - 1) / 2);
  std::nth_element(nearest.begin(), mid, nearest.end());
  return *mid;
}

std::string snap_spacing_note(double support_radius, double spacing, std::size_t locations) {
  if (!(spacing > 0.0) || support_radius >= spacing) return {};
  std::ostringstream out;
  out.precision(4);
  out << "the kernel radius (" << support_radius << " m) is below the typical spacing of the "
      << locations << " distinct locations (median nearest-neighbour distance " << spacing
      << " m): the surface shows single snap points rather than areas";
  return out.str();
}

WeightedPoints collapse_rows(const Incidents& incidents, const std::vector<std::size_t>& rows) {
  std::vector<std::size_t> order(rows);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (incidents.x[a] != incidents.x[b]) return incidents.x[a] < incidents.x[b];
    if (incidents.y[a] != incidents.y[b]) return incidents.y[a] < incidents.y[b];
    return a < b;
  });
  WeightedPoints points;
  for (std::size_t i : order) {
    if (points.x.empty() || points.x.back() != incidents.x[i] || points.y.back() != incidents.y[i]) {
      points.x.push_back(incidents.x[i]);
      points.y.push_back(incidents.y[i]);
      points.weight.push_back(0.0);
      points.count.push_back(0);
    }
    points.weight.back() += incidents.weight[i];
    points.count.back() += 1;
  }
  return points;
}

DensityResult kernel_density(const WeightedPoints& points, const GridSpec& grid,
                             const DensityOptions& options) {
  return kernel_density(points, grid, options, std::vector<double>());
}

DensityResult kernel_density(const WeightedPoints& points, const GridSpec& grid, const DensityOptions& options,
                             std::vector<double> storage) {
  validate(points, grid, options);
  const int threads = resolve_threads(options.threads);
  const bool adaptive = !options.point_bandwidths.empty();

  DensityResult result;
  result.values = std::move(storage);
  result.grid = grid;
  result.points = points.size();
  result.total_weight = std::accumulate(points.weight.begin(), points.weight.end(), 0.0);
  result.method = options.method;
  if (adaptive) result.method = DensityMethod::exact;
  if (result.method == DensityMethod::automatic) {
    result.method = choose_method(points.size(), grid, options.kernel, options.bandwidth);
  }

  if (result.method == DensityMethod::binned) {
    result.values = binned_surface(points, grid, options.kernel, options.bandwidth, threads);
  } else {
    assign_huge(result.values, grid.size(), 0.0);
    const RowOrder sorted = sort_by_y(points, options.point_bandwidths);
    exact_dispatch(options.kernel, grid, sorted, options.bandwidth, threads, result.values);
  }

  if (!options.study_area.empty()) {
    const std::vector<double> mass =
        kernel_mass_inside(grid, options.study_area, options.kernel, options.bandwidth, threads);
    for (std::size_t i = 0; i < result.values.size(); ++i) {
      result.values[i] = options.study_area[i] != 0 && mass[i] > 0.0
                             ? result.values[i] / mass[i]
                             : std::numeric_limits<double>::quiet_NaN();
    }
  }

  const std::string units_text = apply_units(result.values, grid, options);

  const double support = options.bandwidth * kernel_support_factor(options.kernel);
  auto& m = result.metadata;
  m["units"] = std::string(units_name(options.units));
  m["units_description"] = units_text;
  m["kernel"] = std::string(kernel_name(options.kernel));
  m["kernel_constant"] = format_number(kernel_constant(options.kernel));
  m["bandwidth_m"] = adaptive ? "adaptive" : format_number(options.bandwidth);
  m["bandwidth_meaning"] = options.kernel == Kernel::gaussian ? "sigma, cut at 4 sigma" : "support radius";
  m["support_radius_m"] = adaptive ? "adaptive" : format_number(support);
  m["method"] = std::string(method_name(result.method));
  m["cell_size_m"] = format_number(grid.cell_size);
  m["points"] = std::to_string(points.size());
  std::uint64_t incidents = 0;
  for (std::uint32_t c : points.count) incidents += c;
  m["incidents"] = std::to_string(incidents);
  m["total_weight"] = format_number(result.total_weight);
  m["edge_correction"] = options.study_area.empty() ? "none" : "divided by kernel mass inside the study area";
  if (options.period_months > 0.0) m["period_months"] = format_number(options.period_months);

  if (options.spacing_note && !adaptive && points.size() >= 2 && support < spacing_upper_bound(points)) {
    const double spacing = median_nearest_neighbour_distance(points);
    m["location_spacing_m"] = format_number(spacing);
    std::string note = snap_spacing_note(support, spacing, points.size());
    if (!note.empty()) result.notes.push_back(std::move(note));
  }
  return result;
}

DensityResult cell_counts(const WeightedPoints& points, const GridSpec& grid, const DensityOptions& options) {
  if (grid.cols <= 0 || grid.rows <= 0 || !(grid.cell_size > 0.0)) {
    throw Error(ErrorCode::usage, kStage, "the grid has no cells");
  }
  if (!options.study_area.empty() && options.study_area.size() != grid.size()) {
    throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  }
  DensityResult result;
  result.grid = grid;
  result.points = points.size();
  result.values.assign(grid.size(), 0.0);
  std::uint64_t incidents = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    result.total_weight += points.weight[i];
    if (i < points.count.size()) incidents += points.count[i];
    const std::ptrdiff_t cell = grid.cell_of(points.x[i], points.y[i]);
    if (cell >= 0) result.values[static_cast<std::size_t>(cell)] += points.weight[i] / grid.cell_area();
  }
  if (!options.study_area.empty()) {
    for (std::size_t i = 0; i < result.values.size(); ++i) {
      if (options.study_area[i] == 0) result.values[i] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  const std::string units_text = apply_units(result.values, grid, options);
  auto& m = result.metadata;
  m["units"] = std::string(units_name(options.units));
  m["units_description"] = units_text;
  m["kernel"] = "none (counts per cell)";
  m["bandwidth_m"] = "0";
  m["method"] = "cell counts";
  m["cell_size_m"] = format_number(grid.cell_size);
  m["points"] = std::to_string(points.size());
  m["incidents"] = std::to_string(incidents);
  m["total_weight"] = format_number(result.total_weight);
  m["edge_correction"] = "none (not needed: no kernel crosses the edge)";
  if (options.period_months > 0.0) m["period_months"] = format_number(options.period_months);
  return result;
}

DensityResult kernel_density(const Incidents& incidents, const GridSpec& grid,
                             const DensityOptions& options) {
  if (!options.point_bandwidths.empty()) {
    throw Error(ErrorCode::usage, kStage,
                "adaptive bandwidths are per weighted point: collapse the incidents first");
  }
  return kernel_density(collapse_locations(incidents), grid, options);
}

namespace detail {

BinnedTransform::BinnedTransform(const WeightedPoints& points, const GridSpec& grid, int max_half, int threads)
    : grid_(grid),
      max_half_(max_half),
      fft_(std::make_unique<FftConvolution>(grid.cols + 2 * max_half, grid.rows + 2 * max_half, max_half)) {
  linear_bins(points, grid, max_half, resolve_threads(threads), *fft_);
  fft_->transform(resolve_threads(threads));
}

BinnedTransform::BinnedTransform(const std::vector<std::uint8_t>& mask, const GridSpec& grid, int max_half,
                                 int threads)
    : grid_(grid),
      max_half_(max_half),
      mask_(mask),
      fft_(std::make_unique<FftConvolution>(grid.cols + 2 * max_half, grid.rows + 2 * max_half, max_half)) {
  if (mask.size() != grid.size()) throw Error(ErrorCode::usage, kStage, "the study-area mask does not match the grid");
  fill_mask(*fft_, grid, mask, max_half);
  fft_->transform(resolve_threads(threads));
}

BinnedTransform::~BinnedTransform() = default;

std::vector<double> BinnedTransform::density_per_cell(Kernel kernel, double bandwidth, int threads) const {
  const int half = kernel_half_width(kernel, bandwidth, grid_.cell_size);
  std::vector<double> out =
      fft_->convolve_transformed(kernel_on_offsets(kernel, bandwidth, grid_.cell_size, half), half, resolve_threads(threads));
  zero_round_off(out);
  // kernel_density's per-m² sums in expected incidents per cell (apply_units, per_cell).
  const double area = grid_.cell_area();
  for (double& v : out) v *= area;
  return out;
}

std::vector<double> BinnedTransform::mass_inside(Kernel kernel, double bandwidth, int threads) const {
  if (mask_.empty()) throw Error(ErrorCode::internal, kStage, "a transform of points has no mask to weigh");
  const int half = kernel_half_width(kernel, bandwidth, grid_.cell_size);
  std::vector<double> mass =
      fft_->convolve_transformed(kernel_on_offsets(kernel, bandwidth, grid_.cell_size, half), half, resolve_threads(threads));
  for (std::size_t i = 0; i < mass.size(); ++i) {
    if (mask_[i] == 0) mass[i] = 0.0;
  }
  return mass;
}

}  // namespace detail

}  // namespace hotspot::density
