#include "fft_convolution.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <numbers>

#include <fftw3.h>
#include <omp.h>

#include "core/fftw_planner.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/core/huge_pages.hpp"

namespace hotspot::density::detail {
namespace {

// FFTW's planner is not thread-safe; executing plans is. The lock is shared with the other
// modules that plan (significance's band convolution).
std::mutex& planner_mutex() { return hotspot::detail::fftw_planner_mutex(); }

// Transforms are run in blocks of this many rows / columns. The block size is fixed (not
// derived from the thread count) so every block is computed by the same plan whatever the
// number of threads, which is what makes the output bytes thread-count independent.
constexpr int kRowBlock = 8;
constexpr int kColBlock = 16;

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

struct PlanDeleter {
  void operator()(fftw_plan_s* p) const noexcept {
    if (p != nullptr) {
      std::lock_guard lock(planner_mutex());
      fftw_destroy_plan(p);
    }
  }
};
using Plan = std::unique_ptr<fftw_plan_s, PlanDeleter>;

/// A padded real array transformed in place: py rows of px reals, each row stored in
/// `stride` doubles (≥ px + 2 and a multiple of 8, so every row and every 16-column block
/// starts on a 64-byte boundary and plans made on block 0 fit every other block).
class Spectrum {
 public:
  Spectrum(int px, int py) : px_(px), py_(py), stride_(((px + 2) + 7) / 8 * 8) {
    const std::size_t bytes = static_cast<std::size_t>(stride_) * static_cast<std::size_t>(py) *
                              sizeof(double);
    // calloc of a large block maps fresh zero pages, so the grid is not zeroed twice
    // (aligned_alloc + memset touched every page once more); aligned by hand to 64 bytes.
    raw_.reset(std::calloc(bytes + 64, 1));
    if (!raw_) throw std::bad_alloc();
    advise_huge_pages(raw_.get(), bytes + 64);
    const auto address = reinterpret_cast<std::uintptr_t>(raw_.get());
    data_ = reinterpret_cast<double*>((address + 63) / 64 * 64);
  }
  [[nodiscard]] double* row(int r) noexcept { return data_ + static_cast<std::size_t>(r) * stride_; }
  [[nodiscard]] fftw_complex* crow(int r) noexcept { return reinterpret_cast<fftw_complex*>(row(r)); }
  [[nodiscard]] int px() const noexcept { return px_; }
  [[nodiscard]] int py() const noexcept { return py_; }
  [[nodiscard]] int stride() const noexcept { return stride_; }
  [[nodiscard]] int complex_cols() const noexcept { return px_ / 2 + 1; }

 private:
  int px_;
  int py_;
  int stride_;
  std::unique_ptr<void, FreeDeleter> raw_;
  double* data_ = nullptr;
};

struct Plans {
  Plan row_forward_block, row_forward_tail;
  Plan row_backward_block, row_backward_tail;
  Plan col_forward_block, col_forward_tail;
  Plan col_backward_block, col_backward_tail;
};

Plan checked(fftw_plan plan) {
  if (plan == nullptr) throw Error(ErrorCode::internal, "density.fft", "FFTW could not make a plan");
  return Plan(plan);
}

Plan row_plan(Spectrum& s, int count, int sign) {
  if (count == 0) return nullptr;
  int n = s.px();
  const int real_dist = s.stride();
  const int complex_dist = s.stride() / 2;
  if (sign == FFTW_FORWARD) {
    return checked(fftw_plan_many_dft_r2c(1, &n, count, s.row(0), nullptr, 1, real_dist, s.crow(0),
                                          nullptr, 1, complex_dist, FFTW_ESTIMATE));
  }
  return checked(fftw_plan_many_dft_c2r(1, &n, count, s.crow(0), nullptr, 1, complex_dist, s.row(0),
                                        nullptr, 1, real_dist, FFTW_ESTIMATE));
}

Plan col_plan(Spectrum& s, int count, int sign) {
  if (count == 0) return nullptr;
  int n = s.py();
  const int stride = s.stride() / 2;
  return checked(fftw_plan_many_dft(1, &n, count, s.crow(0), nullptr, stride, 1, s.crow(0), nullptr,
                                    stride, 1, sign, FFTW_ESTIMATE));
}

Plans make_plans(Spectrum& s, int used_rows) {
  std::lock_guard lock(planner_mutex());
  Plans p;
  const int cc = s.complex_cols();
  p.row_forward_block = row_plan(s, std::min(kRowBlock, used_rows), FFTW_FORWARD);
  p.row_forward_tail = row_plan(s, used_rows % kRowBlock, FFTW_FORWARD);
  p.row_backward_block = row_plan(s, std::min(kRowBlock, used_rows), FFTW_BACKWARD);
  p.row_backward_tail = row_plan(s, used_rows % kRowBlock, FFTW_BACKWARD);
  p.col_forward_block = col_plan(s, std::min(kColBlock, cc), FFTW_FORWARD);
  p.col_forward_tail = col_plan(s, cc % kColBlock, FFTW_FORWARD);
  p.col_backward_block = col_plan(s, std::min(kColBlock, cc), FFTW_BACKWARD);
  p.col_backward_tail = col_plan(s, cc % kColBlock, FFTW_BACKWARD);
  return p;
}

// Rows [first, first + count) in blocks, real to complex (forward) or back; `count` must be
// the count the plans were made for.
void rows(Spectrum& s, const Plans& p, bool forward, int first, int count, int threads) {
  const int blocks = (count + kRowBlock - 1) / kRowBlock;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int b = 0; b < blocks; ++b) {
    const int r = first + b * kRowBlock;
    const bool full = (b + 1) * kRowBlock <= count;
    if (forward) {
      fftw_execute_dft_r2c(full ? p.row_forward_block.get() : p.row_forward_tail.get(), s.row(r), s.crow(r));
    } else {
      fftw_execute_dft_c2r(full ? p.row_backward_block.get() : p.row_backward_tail.get(), s.crow(r), s.row(r));
    }
  }
}

void columns(Spectrum& s, const Plans& p, bool forward, int threads) {
  const int cc = s.complex_cols();
  const int blocks = (cc + kColBlock - 1) / kColBlock;
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int b = 0; b < blocks; ++b) {
    const bool full = (b + 1) * kColBlock <= cc;
    fftw_plan plan = forward ? (full ? p.col_forward_block.get() : p.col_forward_tail.get())
                             : (full ? p.col_backward_block.get() : p.col_backward_tail.get());
    fftw_complex* start = s.crow(0) + b * kColBlock;
    fftw_execute_dft(plan, start, start);
  }
}

/// The transform of a kernel given on the offsets [−half, half]² (even in x and in y) on a
/// px × py periodic grid, from direct cosine sums instead of a second padded FFT:
/// K̂(kx, ky) = Σ K(dx, dy) cos(2π kx dx/px) cos(2π ky dy/py), real, and separable into a
/// (half+1) × cc table A and one pass over ky. This needs half the memory of a complex plane and
/// no page-faulting FFT of a mostly-zero grid. py rows of cc values.
std::vector<double> kernel_spectrum(const std::vector<double>& kernel, int half, int px, int py, int cc, int threads) {
  const int width = 2 * half + 1;
  std::vector<double> cos_x(static_cast<std::size_t>(px));
  std::vector<double> cos_y(static_cast<std::size_t>(py));
  for (int m = 0; m < px; ++m) cos_x[static_cast<std::size_t>(m)] = std::cos(2.0 * std::numbers::pi * m / px);
  for (int m = 0; m < py; ++m) cos_y[static_cast<std::size_t>(m)] = std::cos(2.0 * std::numbers::pi * m / py);
  std::vector<double> a(static_cast<std::size_t>(half + 1) * cc);
  for (int dy = 0; dy <= half; ++dy) {
    const double* k = kernel.data() + static_cast<std::size_t>(dy + half) * width + half;  // k[dx]
    double* row = a.data() + static_cast<std::size_t>(dy) * cc;
    for (int kx = 0; kx < cc; ++kx) {
      double sum = 0.0;
      for (int dx = half; dx >= 1; --dx) {
        sum += k[dx] * cos_x[static_cast<std::size_t>((static_cast<long>(kx) * dx) % px)];
      }
      row[kx] = k[0] + 2.0 * sum;
    }
  }
  std::vector<double> spectrum;
  assign_huge(spectrum, static_cast<std::size_t>(py) * cc, 0.0);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int ky = 0; ky < py; ++ky) {
    double* out = spectrum.data() + static_cast<std::size_t>(ky) * cc;
    for (int dy = half; dy >= 1; --dy) {
      const double weight = 2.0 * cos_y[static_cast<std::size_t>((static_cast<long>(ky) * dy) % py)];
      const double* row = a.data() + static_cast<std::size_t>(dy) * cc;
      for (int kx = 0; kx < cc; ++kx) out[kx] += weight * row[kx];
    }
    for (int kx = 0; kx < cc; ++kx) out[kx] += a[static_cast<std::size_t>(kx)];
  }
  return spectrum;
}

/// The transformed `data` times the kernel's `spectrum`, transformed back: the out_cols ×
/// out_rows cells from row and column `offset` of the padded input.
std::vector<double> inverse_interior(Spectrum& data, const std::vector<double>& spectrum, int offset, int out_cols,
                                     int out_rows, int threads) {
  const int px = data.px();
  const int py = data.py();
  const int cc = data.complex_cols();
  const int half = offset;
  const double scale = 1.0 / (static_cast<double>(px) * static_cast<double>(py));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < py; ++r) {
    fftw_complex* z = data.crow(r);
    const double* k = spectrum.data() + static_cast<std::size_t>(r) * cc;
    for (int c = 0; c < cc; ++c) {
      const double f = k[c] * scale;
      z[c][0] *= f;
      z[c][1] *= f;
    }
  }

  // Only the output rows need the last 1-D pass; the plans are remade for that row count.
  const Plans back_plans = make_plans(data, out_rows);
  columns(data, back_plans, false, threads);
  rows(data, back_plans, /*forward=*/false, half, out_rows, threads);

  std::vector<double> out;
  assign_huge(out, static_cast<std::size_t>(out_cols) * out_rows, 0.0);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int r = 0; r < out_rows; ++r) {
    std::copy_n(data.row(r + half) + half, out_cols, out.data() + static_cast<std::size_t>(r) * out_cols);
  }
  return out;
}


}  // namespace

int fft_size(int n) {
  for (int m = std::max(2, n);; ++m) {
    if (m % 2 != 0) continue;
    int r = m;
    for (int f : {2, 3, 5, 7}) {
      while (r % f == 0) r /= f;
    }
    if (r == 1) return m;
  }
}

/// The padded input grid; a Spectrum under a name the header can forward-declare.
class FftPlanes : public Spectrum {
 public:
  using Spectrum::Spectrum;
};

FftConvolution::FftConvolution(int in_cols, int in_rows, int half)
    : in_cols_(in_cols), in_rows_(in_rows), half_(half) {
  if (in_cols - 2 * half <= 0 || in_rows - 2 * half <= 0) {
    throw Error(ErrorCode::internal, "density.fft", "convolution input smaller than the kernel");
  }
  // P ≥ in_cols is enough: output index i ∈ [half, half + out) and input j ∈ [0, in) differ
  // by less than P − half, so no wrapped offset lands inside the kernel's support.
  data_ = std::make_unique<FftPlanes>(fft_size(in_cols), fft_size(in_rows));
}

FftConvolution::~FftConvolution() = default;

double* FftConvolution::input_row(int r) noexcept { return data_->row(r); }

std::vector<double> FftConvolution::convolve(const std::vector<double>& kernel, int threads) {
  Spectrum& data = *data_;
  const int half = half_;
  const int out_cols = in_cols_ - 2 * half;
  const int out_rows = in_rows_ - 2 * half;
  const int px = data.px();
  const int py = data.py();
  threads = effective_threads(threads);

  const int cc = data.complex_cols();
  const std::vector<double> spectrum = kernel_spectrum(kernel, half, px, py, cc, threads);

  {
    const Plans data_plans = make_plans(data, in_rows_);
    rows(data, data_plans, /*forward=*/true, 0, in_rows_, threads);
    columns(data, data_plans, true, threads);
  }

  return inverse_interior(data, spectrum, half, out_cols, out_rows, threads);
}

void FftConvolution::transform(int threads) {
  if (transformed_) throw Error(ErrorCode::internal, "density.fft", "the input is transformed already");
  threads = effective_threads(threads);
  const Plans plans = make_plans(*data_, in_rows_);
  rows(*data_, plans, /*forward=*/true, 0, in_rows_, threads);
  columns(*data_, plans, true, threads);
  transformed_ = true;
}

std::vector<double> FftConvolution::convolve_transformed(const std::vector<double>& kernel, int half,
                                                         int threads) const {
  if (!transformed_ || half > half_ || half < 0) {
    throw Error(ErrorCode::internal, "density.fft", "convolve_transformed needs transform() and a kernel within the padding");
  }
  threads = effective_threads(threads);
  const Spectrum& input = *data_;
  Spectrum work(input.px(), input.py());
  const std::size_t doubles = static_cast<std::size_t>(input.stride()) * static_cast<std::size_t>(input.py());
  std::copy_n(const_cast<Spectrum&>(input).row(0), doubles, work.row(0));
  const std::vector<double> spectrum = kernel_spectrum(kernel, half, work.px(), work.py(), work.complex_cols(), threads);
  return inverse_interior(work, spectrum, half_, in_cols_ - 2 * half_, in_rows_ - 2 * half_, threads);
}

}  // namespace hotspot::density::detail
