#include "band_convolution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include <fftw3.h>
#include <omp.h>

#include "core/fftw_planner.hpp"
#include "density/fft_convolution.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::significance::detail {
namespace {

constexpr const char* kStage = "significance.gistar";

// Transforms run in fixed blocks of rows / columns, each by one plan whichever thread takes
// it, so the bytes do not depend on the thread count (as in density's FFT convolution).
constexpr int kRowBlock = 8;
constexpr int kColBlock = 16;

// Integer sums are rounded when the values' absolute sum is at most this: the FFT's error is
// then far below 0.5 even by the worst-case bound eps x log2(P) x |x|_1 x sqrt(disc cells).
// Cost model constants (seconds on one core), fitted to getis_ord_bench's 2000 x 2000 grids.
constexpr double kDirectPerCellRow = 1.0e-9;
constexpr double kFftPerPaddedCellLog = 5.0e-9;

constexpr double kExactIntegerSum = 1073741824.0;  // 2^30

// Where cell (column, row) sits in the convolved array. Squares: as they are. Hexagons: on
// the axial lattice q = column - floor(row / 2), shifted by `skew` to start at 0, on which
// the offset from a cell to each neighbour in its band is the same for every cell.
struct Lattice {
  bool hex = false;
  int columns = 0;
  int rows = 0;
  int skew = 0;
  int width = 0;
  [[nodiscard]] int x(int column, int row) const noexcept { return column - (hex ? (row >> 1) : 0) + skew; }
};

Lattice lattice_of(const CellGrid& grid) {
  Lattice l;
  l.hex = grid.shape == CellShape::hexagon;
  l.columns = grid.columns;
  l.rows = grid.rows;
  l.skew = l.hex ? (grid.rows - 1) >> 1 : 0;
  l.width = l.columns + l.skew;
  return l;
}

// The disc in lattice offsets, cut to offsets that can join two cells of the grid (larger
// ones would only wrap around in the circular convolution).
struct LatticeDisc {
  std::vector<StencilRow> rows;
  int reach_x = 0;  // largest |offset| along a row
  int reach_y = 0;  // largest |row offset|
};

LatticeDisc lattice_disc(const Lattice& l, const BandStencil& stencil) {
  LatticeDisc d;
  for (const StencilRow& s : stencil.by_parity[0]) {
    if (s.dr <= -l.rows || s.dr >= l.rows) continue;
    // From an even row, a neighbour dr rows away in column c + dc is at lattice offset
    // dc - floor(dr / 2) (>> floors on negative numbers in C++20).
    const std::int32_t shift = l.hex ? (s.dr >> 1) : 0;
    const std::int32_t lo = std::max(s.lo - shift, -(l.width - 1));
    const std::int32_t hi = std::min(s.hi - shift, l.width - 1);
    if (lo > hi) continue;
    d.rows.push_back({s.dr, lo, hi});
    d.reach_x = std::max({d.reach_x, -lo, hi});
    d.reach_y = std::max(d.reach_y, std::abs(s.dr));
  }
  return d;
}

struct Padded {
  int px = 0;
  int py = 0;
};

// Zero padding to P >= n + reach: an output and an input index differ by at most n - 1, and
// an offset of the (cut) disc by at most reach, so no wrapped offset lands in the disc.
Padded padded_size(const Lattice& l, const LatticeDisc& d) {
  return {density::detail::fft_size(l.width + d.reach_x), density::detail::fft_size(l.rows + d.reach_y)};
}

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

struct PlanDeleter {
  void operator()(fftw_plan_s* p) const noexcept {
    if (p != nullptr) {
      std::lock_guard lock(hotspot::detail::fftw_planner_mutex());
      fftw_destroy_plan(p);
    }
  }
};
using Plan = std::unique_ptr<fftw_plan_s, PlanDeleter>;

// py rows of px complex values, zero-initialised; each row starts on a 64-byte boundary so a
// plan made on the first block of rows or columns fits every other block.
class ComplexGrid {
 public:
  ComplexGrid(int px, int py) : px_(px), py_(py), stride_((px + 3) / 4 * 4) {
    const std::size_t bytes = static_cast<std::size_t>(stride_) * static_cast<std::size_t>(py) * sizeof(fftw_complex);
    // calloc maps fresh zero pages: the grid is not written twice.
    raw_.reset(std::calloc(bytes + 64, 1));
    if (!raw_) throw std::bad_alloc();
    const auto address = reinterpret_cast<std::uintptr_t>(raw_.get());
    data_ = reinterpret_cast<fftw_complex*>((address + 63) / 64 * 64);
  }
  [[nodiscard]] fftw_complex* row(int r) noexcept { return data_ + static_cast<std::size_t>(r) * stride_; }
  [[nodiscard]] int px() const noexcept { return px_; }
  [[nodiscard]] int py() const noexcept { return py_; }
  [[nodiscard]] int stride() const noexcept { return stride_; }

 private:
  int px_;
  int py_;
  int stride_;
  std::unique_ptr<void, FreeDeleter> raw_;
  fftw_complex* data_ = nullptr;
};

Plan checked(fftw_plan plan) {
  if (plan == nullptr) throw Error(ErrorCode::internal, kStage, "FFTW could not make a plan");
  return Plan(plan);
}

// One direction's plans: a block of rows or columns, and a single row or column for the
// remainder (planned unaligned, as a single column starts anywhere in a row).
struct Plans {
  Plan row_block, row_single, col_block, col_single;
};

Plans make_plans(ComplexGrid& g, int sign) {
  std::lock_guard lock(hotspot::detail::fftw_planner_mutex());
  Plans p;
  int nx = g.px(), ny = g.py();
  const int stride = g.stride();
  if (g.py() >= kRowBlock) {
    p.row_block = checked(fftw_plan_many_dft(1, &nx, kRowBlock, g.row(0), nullptr, 1, stride, g.row(0), nullptr, 1,
                                             stride, sign, FFTW_ESTIMATE));
  }
  p.row_single = checked(fftw_plan_many_dft(1, &nx, 1, g.row(0), nullptr, 1, stride, g.row(0), nullptr, 1, stride,
                                            sign, FFTW_ESTIMATE | FFTW_UNALIGNED));
  if (g.px() >= kColBlock) {
    p.col_block = checked(fftw_plan_many_dft(1, &ny, kColBlock, g.row(0), nullptr, stride, 1, g.row(0), nullptr,
                                             stride, 1, sign, FFTW_ESTIMATE));
  }
  p.col_single = checked(fftw_plan_many_dft(1, &ny, 1, g.row(0), nullptr, stride, 1, g.row(0), nullptr, stride, 1,
                                            sign, FFTW_ESTIMATE | FFTW_UNALIGNED));
  return p;
}

// Rows [first, first + count): whole blocks, then single rows; the split depends only on count.
void transform_rows(ComplexGrid& g, const Plans& p, int first, int count, int threads) {
  const int blocks = p.row_block ? count / kRowBlock : 0;
  const int items = blocks + (count - blocks * kRowBlock);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int i = 0; i < items; ++i) {
    if (i < blocks) {
      fftw_complex* start = g.row(first + i * kRowBlock);
      fftw_execute_dft(p.row_block.get(), start, start);
    } else {
      fftw_complex* start = g.row(first + blocks * kRowBlock + (i - blocks));
      fftw_execute_dft(p.row_single.get(), start, start);
    }
  }
}

void transform_columns(ComplexGrid& g, const Plans& p, int threads) {
  const int count = g.px();
  const int blocks = p.col_block ? count / kColBlock : 0;
  const int items = blocks + (count - blocks * kColBlock);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int i = 0; i < items; ++i) {
    if (i < blocks) {
      fftw_complex* start = g.row(0) + i * kColBlock;
      fftw_execute_dft(p.col_block.get(), start, start);
    } else {
      fftw_complex* start = g.row(0) + blocks * kColBlock + (i - blocks);
      fftw_execute_dft(p.col_single.get(), start, start);
    }
  }
}

// The disc's transform. The disc is symmetric about its centre (d and -d are at the same
// distance), so its transform is real: only the real parts are kept, px per row.
std::vector<double> disc_spectrum(const LatticeDisc& disc, int px, int py, int threads) {
  // The rows come by increasing row offset, so row i mirrors row n - 1 - i.
  for (std::size_t i = 0, n = disc.rows.size(); i < n; ++i) {
    const StencilRow& s = disc.rows[i];
    const StencilRow& mirror = disc.rows[n - 1 - i];
    if (mirror.dr != -s.dr || mirror.lo != -s.hi || mirror.hi != -s.lo) {
      throw Error(ErrorCode::internal, kStage, "band disc is not symmetric about its centre");
    }
  }
  ComplexGrid k(px, py);
  for (const StencilRow& s : disc.rows) {
    fftw_complex* row = k.row((s.dr + py) % py);
    for (std::int32_t dq = s.lo; dq <= s.hi; ++dq) row[(dq + px) % px][0] = 1.0;
  }
  const Plans forward = make_plans(k, FFTW_FORWARD);
  // Only the disc's rows (0 .. reach and py - reach .. py - 1) are not zero.
  if (2 * disc.reach_y + 1 >= py) {
    transform_rows(k, forward, 0, py, threads);
  } else {
    transform_rows(k, forward, 0, disc.reach_y + 1, threads);
    transform_rows(k, forward, py - disc.reach_y, disc.reach_y, threads);
  }
  transform_columns(k, forward, threads);
  std::vector<double> spectrum(static_cast<std::size_t>(px) * static_cast<std::size_t>(py));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < py; ++r) {
    const fftw_complex* in = k.row(r);
    double* out = spectrum.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(px);
    for (int c = 0; c < px; ++c) out[c] = in[c][0];
  }
  return spectrum;
}

}  // namespace

void band_sums_fft(const CellValues& cells, const BandStencil& stencil, int threads, std::vector<double>& lag,
                   std::vector<std::uint32_t>& count) {
  threads = std::max(1, threads);
  const Lattice lattice = lattice_of(cells.grid);
  const LatticeDisc disc = lattice_disc(lattice, stencil);
  const Padded padded = padded_size(lattice, disc);
  const int px = padded.px, py = padded.py;
  const int cols = lattice.columns, rows = lattice.rows;
  const std::size_t size = cells.grid.size();

  // Values are scaled by a power of two (exact) to at most 1 in magnitude, like the mask, so
  // the error the values leak into the counts' imaginary part stays far below 0.5.
  double largest = 0.0, absolute_sum = 0.0;
  bool integers = true;
  for (std::size_t i = 0; i < size; ++i) {
    if (!cells.in_study_area(i)) continue;
    const double v = cells.value[i];
    largest = std::max(largest, std::fabs(v));
    absolute_sum += std::fabs(v);
    integers = integers && v == std::nearbyint(v);
  }
  int exponent = 0;
  if (largest > 0.0) static_cast<void>(std::frexp(largest, &exponent));
  const double scale = std::ldexp(1.0, exponent);
  const double inverse_scale = std::ldexp(1.0, -exponent);
  const bool round_lag = integers && absolute_sum <= kExactIntegerSum;

  const std::vector<double> spectrum = disc_spectrum(disc, px, py, threads);

  ComplexGrid z(px, py);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < rows; ++r) {
    fftw_complex* row = z.row(r);
    for (int c = 0; c < cols; ++c) {
      const std::size_t cell = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
      if (!cells.in_study_area(cell)) continue;
      fftw_complex& out = row[lattice.x(c, r)];
      out[0] = cells.value[cell] * inverse_scale;
      out[1] = 1.0;
    }
  }
  {
    const Plans forward = make_plans(z, FFTW_FORWARD);
    transform_rows(z, forward, 0, rows, threads);  // the padding rows are zero
    transform_columns(z, forward, threads);
  }
  // The disc's spectrum is real: z * k = (x * k) + i (mask * k) stays split after the product.
  const double normalise = 1.0 / (static_cast<double>(px) * static_cast<double>(py));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < py; ++r) {
    fftw_complex* row = z.row(r);
    const double* k = spectrum.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(px);
    for (int c = 0; c < px; ++c) {
      const double f = k[c] * normalise;
      row[c][0] *= f;
      row[c][1] *= f;
    }
  }
  {
    const Plans backward = make_plans(z, FFTW_BACKWARD);
    transform_columns(z, backward, threads);
    transform_rows(z, backward, 0, rows, threads);  // only the grid's rows are read
  }

  lag.assign(size, 0.0);
  count.assign(size, 0);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < rows; ++r) {
    const fftw_complex* row = z.row(r);
    for (int c = 0; c < cols; ++c) {
      const std::size_t cell = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
      if (!cells.in_study_area(cell)) continue;
      const fftw_complex& v = row[lattice.x(c, r)];
      const double sum = v[0] * scale;
      lag[cell] = round_lag ? std::nearbyint(sum) : sum;
      count[cell] = static_cast<std::uint32_t>(std::llround(v[1]));
    }
  }
}

BandSumCosts band_sum_costs(const CellGrid& grid, const BandStencil& stencil) {
  const Lattice lattice = lattice_of(grid);
  const LatticeDisc disc = lattice_disc(lattice, stencil);
  const Padded padded = padded_size(lattice, disc);
  const auto cells = static_cast<double>(grid.size());
  const double padded_cells = static_cast<double>(padded.px) * static_cast<double>(padded.py);
  BandSumCosts c;
  // Seconds on one core, fitted to getis_ord_bench's 2000 x 2000 grids (benchmarks/RESULTS.md):
  // the direct path pays per cell for each row of the disc that can reach the grid, the FFT
  // path per padded cell and transform pass (three 2-D transforms, the disc's included).
  c.direct = kDirectPerCellRow * cells * static_cast<double>(disc.rows.size());
  c.fft = kFftPerPaddedCellLog * padded_cells * std::log2(padded_cells);
  return c;
}

}  // namespace hotspot::significance::detail
