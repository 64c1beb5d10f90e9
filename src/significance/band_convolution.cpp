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
#include <sys/mman.h>

#include "core/fftw_planner.hpp"
#include "density/fft_convolution.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/core/huge_pages.hpp"

namespace hotspot::significance::detail {
namespace {

constexpr const char* kStage = "significance.gistar";

// Transforms run in fixed blocks of rows / columns, each by one plan whichever thread takes
// it, so the bytes do not depend on the thread count (as in density's FFT convolution).
constexpr int kRowBlock = 8;
constexpr int kColBlock = 16;

// Cost model (seconds on one core), fitted to band sums alone on 2000 x 2000 square and
// hexagonal grids of counts, bands 1.5 to 200 cells (benchmarks/RESULTS.md): the direct path
// took 0.03 s at 1.5 cells and ~0.6 ns more per cell and row of the disc (rising towards 1 ns
// past 200 rows, when the rows' prefix sums no longer fit in cache), the FFT path 1.4-2.8 ns
// per padded cell and log2 of the padded size. Both paths give the same results, so the model
// only needs to tell which is clearly faster; near the crossover (~35 cells on that grid)
// they cost about the same.
constexpr double kDirectPerCell = 4.0e-9;
constexpr double kDirectPerCellRow = 0.6e-9;
constexpr double kFftPerPaddedCellLog = 2.0e-9;

// Integer sums are rounded when the values' absolute sum is at most this: the FFT's error is
// then far below 0.5 even by the worst-case bound eps x log2(P) x |x|_1 x sqrt(disc cells).
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

// `rows` rows of `stride` complex values, zero-initialised, each row on a 64-byte boundary so
// a plan made on the first block of rows or columns fits every other block. The block is
// tens of megabytes touched once: calloc maps fresh zero pages (no second write), and on
// Linux it is offered transparent huge pages, which cut the page faults that otherwise cost
// as much as the transforms.
class Buffer {
 public:
  Buffer(int rows, int stride) : rows_(rows), stride_(stride) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t bytes = static_cast<std::size_t>(stride) * static_cast<std::size_t>(rows) * sizeof(fftw_complex);
    raw_.reset(std::calloc(bytes + kHugePage, 1));
    if (!raw_) throw std::bad_alloc();
    const auto address = reinterpret_cast<std::uintptr_t>(raw_.get());
    const std::uintptr_t aligned = (address + kHugePage - 1) / kHugePage * kHugePage;
    data_ = reinterpret_cast<fftw_complex*>(aligned);
#ifdef MADV_HUGEPAGE
    // A hint only: where the kernel declines, the buffer is used in ordinary pages.
    static_cast<void>(madvise(data_, bytes, MADV_HUGEPAGE));
#endif
  }
  [[nodiscard]] fftw_complex* row(int r) noexcept { return data_ + static_cast<std::size_t>(r) * stride_; }
  [[nodiscard]] double* real_row(int r) noexcept { return reinterpret_cast<double*>(row(r)); }
  [[nodiscard]] int rows() const noexcept { return rows_; }
  [[nodiscard]] int stride() const noexcept { return stride_; }

 private:
  int rows_;
  int stride_;
  std::unique_ptr<void, FreeDeleter> raw_;
  fftw_complex* data_ = nullptr;
};

// Row length in complex values: a multiple of 4 (64 bytes), and not of 32, so that a block of
// columns does not read addresses a multiple of 512 bytes apart — with power-of-two sizes
// (2048 x 2048) those share cache sets and the column transforms ran three times slower.
int aligned_stride(int complex_values) {
  const int stride = (complex_values + 3) / 4 * 4;
  return stride % 32 == 0 ? stride + 4 : stride;
}

Plan checked(fftw_plan plan) {
  if (plan == nullptr) throw Error(ErrorCode::internal, kStage, "FFTW could not make a plan");
  return Plan(plan);
}

// Plans for blocks of rows or columns and for one row or column (the remainder; planned
// unaligned, as a single column starts anywhere in a row).
struct BlockPlans {
  Plan block;
  Plan single;
  int block_size = 1;
};

// Runs items [first, first + count) in whole blocks, then singly: the split depends only on
// count, never on the threads. Handed out dynamically: on a host shared with other work a
// descheduled thread would otherwise hold up every pass.
template <typename Execute>
void run_blocks(const BlockPlans& p, int first, int count, int threads, Execute execute) {
  const int blocks = p.block ? count / p.block_size : 0;
  const int items = blocks + (count - blocks * p.block_size);
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
  for (int i = 0; i < items; ++i) {
    if (i < blocks) {
      execute(p.block.get(), first + i * p.block_size);
    } else {
      execute(p.single.get(), first + blocks * p.block_size + (i - blocks));
    }
  }
}

// Complex-to-complex transforms of a px x py grid in place, along rows and along columns.
struct ComplexPlans {
  BlockPlans rows, columns;
};

ComplexPlans complex_plans(Buffer& g, int px, int py, int sign) {
  std::lock_guard lock(hotspot::detail::fftw_planner_mutex());
  ComplexPlans p;
  const int s = g.stride();
  fftw_complex* z = g.row(0);
  if (py >= kRowBlock) {
    p.rows.block = checked(fftw_plan_many_dft(1, &px, kRowBlock, z, nullptr, 1, s, z, nullptr, 1, s, sign, FFTW_ESTIMATE));
    p.rows.block_size = kRowBlock;
  }
  p.rows.single = checked(fftw_plan_many_dft(1, &px, 1, z, nullptr, 1, s, z, nullptr, 1, s, sign,
                                             FFTW_ESTIMATE | FFTW_UNALIGNED));
  if (px >= kColBlock) {
    p.columns.block = checked(fftw_plan_many_dft(1, &py, kColBlock, z, nullptr, s, 1, z, nullptr, s, 1, sign, FFTW_ESTIMATE));
    p.columns.block_size = kColBlock;
  }
  p.columns.single = checked(fftw_plan_many_dft(1, &py, 1, z, nullptr, s, 1, z, nullptr, s, 1, sign,
                                                FFTW_ESTIMATE | FFTW_UNALIGNED));
  return p;
}

void complex_rows(Buffer& g, const ComplexPlans& p, int first, int count, int threads) {
  run_blocks(p.rows, first, count, threads, [&](fftw_plan plan, int r) { fftw_execute_dft(plan, g.row(r), g.row(r)); });
}

void complex_columns(Buffer& g, const ComplexPlans& p, int px, int threads) {
  run_blocks(p.columns, 0, px, threads, [&](fftw_plan plan, int c) {
    fftw_complex* start = g.row(0) + c;
    fftw_execute_dft(plan, start, start);
  });
}

// The disc's transform, by a real-to-complex FFT: px / 2 + 1 complex values per row. The disc
// is symmetric about its centre (d and -d are at the same distance), so its transform is
// real and K(kx, ky) = K(px - kx, py - ky): the real parts of this half hold all of it.
Buffer disc_spectrum(const LatticeDisc& disc, int px, int py, int threads) {
  // The rows come by increasing row offset, so row i mirrors row n - 1 - i.
  for (std::size_t i = 0, n = disc.rows.size(); i < n; ++i) {
    const StencilRow& s = disc.rows[i];
    const StencilRow& mirror = disc.rows[n - 1 - i];
    if (mirror.dr != -s.dr || mirror.lo != -s.hi || mirror.hi != -s.lo) {
      throw Error(ErrorCode::internal, kStage, "band disc is not symmetric about its centre");
    }
  }
  const int cc = px / 2 + 1;
  Buffer k(py, aligned_stride(cc));
  for (const StencilRow& s : disc.rows) {
    double* row = k.real_row((s.dr + py) % py);
    for (std::int32_t dq = s.lo; dq <= s.hi; ++dq) row[(dq + px) % px] = 1.0;
  }
  BlockPlans rows, columns;
  {
    std::lock_guard lock(hotspot::detail::fftw_planner_mutex());
    const int real_stride = 2 * k.stride();
    const int s = k.stride();
    if (py >= kRowBlock) {
      rows.block = checked(fftw_plan_many_dft_r2c(1, &px, kRowBlock, k.real_row(0), nullptr, 1, real_stride, k.row(0),
                                                  nullptr, 1, s, FFTW_ESTIMATE));
      rows.block_size = kRowBlock;
    }
    rows.single = checked(fftw_plan_many_dft_r2c(1, &px, 1, k.real_row(0), nullptr, 1, real_stride, k.row(0), nullptr, 1,
                                                 s, FFTW_ESTIMATE | FFTW_UNALIGNED));
    if (cc >= kColBlock) {
      columns.block = checked(fftw_plan_many_dft(1, &py, kColBlock, k.row(0), nullptr, s, 1, k.row(0), nullptr, s, 1,
                                                 FFTW_FORWARD, FFTW_ESTIMATE));
      columns.block_size = kColBlock;
    }
    columns.single = checked(fftw_plan_many_dft(1, &py, 1, k.row(0), nullptr, s, 1, k.row(0), nullptr, s, 1,
                                                FFTW_FORWARD, FFTW_ESTIMATE | FFTW_UNALIGNED));
  }
  auto transform_rows = [&](int first, int count) {
    run_blocks(rows, first, count, threads,
               [&](fftw_plan plan, int r) { fftw_execute_dft_r2c(plan, k.real_row(r), k.row(r)); });
  };
  // Only the disc's rows (0 .. reach and py - reach .. py - 1) are not zero.
  if (2 * disc.reach_y + 1 >= py) {
    transform_rows(0, py);
  } else {
    transform_rows(0, disc.reach_y + 1);
    transform_rows(py - disc.reach_y, disc.reach_y);
  }
  run_blocks(columns, 0, cc, threads, [&](fftw_plan plan, int c) {
    fftw_complex* start = k.row(0) + c;
    fftw_execute_dft(plan, start, start);
  });
  return k;
}

// Nearest integer of a value well within +-2^62 (the sums are at most 2^30), inline.
double round_to_integer(double v) noexcept {
  return static_cast<double>(static_cast<std::int64_t>(v + (v < 0.0 ? -0.5 : 0.5)));
}

}  // namespace

void band_sums_fft(const CellValues& cells, const BandStencil& stencil, int threads, std::vector<double>& lag,
                   std::vector<std::uint32_t>& count) {
  threads = effective_threads(threads);
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

  Buffer spectrum = disc_spectrum(disc, px, py, threads);

  Buffer z(py, aligned_stride(px));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < rows; ++r) {
    fftw_complex* row = z.row(r);
    const std::size_t first = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
    for (int c = 0; c < cols; ++c) {
      const std::size_t cell = first + static_cast<std::size_t>(c);
      if (!cells.in_study_area(cell)) continue;
      fftw_complex& out = row[lattice.x(c, r)];
      out[0] = cells.value[cell] * inverse_scale;
      out[1] = 1.0;
    }
  }
  {
    const ComplexPlans forward = complex_plans(z, px, py, FFTW_FORWARD);
    complex_rows(z, forward, 0, rows, threads);  // the padding rows are zero
    complex_columns(z, forward, px, threads);
  }
  // The disc's spectrum is real: z * k = (x * k) + i (mask * k) stays split after the product.
  const double normalise = 1.0 / (static_cast<double>(px) * static_cast<double>(py));
  const int half = px / 2;
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (int r = 0; r < py; ++r) {
    fftw_complex* row = z.row(r);
    const fftw_complex* k = spectrum.row(r);
    const fftw_complex* mirror = spectrum.row((py - r) % py);
    for (int c = 0; c <= half; ++c) {
      const double f = k[c][0] * normalise;
      row[c][0] *= f;
      row[c][1] *= f;
    }
    for (int c = half + 1; c < px; ++c) {
      const double f = mirror[px - c][0] * normalise;
      row[c][0] *= f;
      row[c][1] *= f;
    }
  }
  {
    const ComplexPlans backward = complex_plans(z, px, py, FFTW_BACKWARD);
    complex_columns(z, backward, px, threads);
    complex_rows(z, backward, 0, rows, threads);  // only the grid's rows are read
  }

  assign_huge(lag, size, 0.0);
  assign_huge(count, size, std::uint32_t{0});
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < rows; ++r) {
    const fftw_complex* row = z.row(r);
    const std::size_t first = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
    for (int c = 0; c < cols; ++c) {
      const std::size_t cell = first + static_cast<std::size_t>(c);
      if (!cells.in_study_area(cell)) continue;
      const fftw_complex& v = row[lattice.x(c, r)];
      const double sum = v[0] * scale;
      lag[cell] = round_lag ? round_to_integer(sum) : sum;
      count[cell] = static_cast<std::uint32_t>(round_to_integer(v[1]));
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
  // The direct path pays per cell for each row of the disc that can reach the grid; the FFT
  // path per padded cell and log2 of the padded size (two complex 2-D transforms of the
  // values and mask, one real one of the disc).
  c.direct = cells * (kDirectPerCell + kDirectPerCellRow * static_cast<double>(disc.rows.size()));
  c.fft = kFftPerPaddedCellLog * padded_cells * std::log2(padded_cells);
  return c;
}

}  // namespace hotspot::significance::detail
