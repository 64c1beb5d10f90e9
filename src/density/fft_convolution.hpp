#pragma once

#include <memory>
#include <vector>

namespace hotspot::density::detail {

/// Linear (not circular) 2-D convolution of `input` (in_cols × in_rows, row-major) with a
/// kernel given on the offsets [−half, half]² (row-major, (2·half+1)², offset (dx, dy) at
/// [(dy + half)·(2·half+1) + dx + half]), returning only the interior cells
/// [half, in_cols − half) × [half, in_rows − half). The kernel must be even in x and in y
/// (all radial kernels are): its transform is then real and taken by cosine sums. Zero padding to a 7-smooth size makes the
/// circular FFT product equal the linear sum there.
///
/// FFTW plans are made with FFTW_ESTIMATE and the 2-D transform is split into fixed blocks
/// of 1-D transforms, each run by whichever thread takes it: a block's bytes do not depend on
/// the thread count, so the output is identical for any `threads`.
[[nodiscard]] std::vector<double> fft_convolve(const std::vector<double>& input, int in_cols,
                                               int in_rows, const std::vector<double>& kernel,
                                               int half, int threads);

class FftPlanes;

/// The same convolution with the input written in place (no second copy of a large grid):
/// construct, fill input_row(r)[0 .. in_cols) for the rows that are not zero, then convolve.
class FftConvolution {
 public:
  FftConvolution(int in_cols, int in_rows, int half);
  ~FftConvolution();
  FftConvolution(const FftConvolution&) = delete;
  FftConvolution& operator=(const FftConvolution&) = delete;
  /// Row r of the zero-initialised input.
  [[nodiscard]] double* input_row(int r) noexcept;
  /// Convolves (once) and returns the interior, as fft_convolve.
  [[nodiscard]] std::vector<double> convolve(const std::vector<double>& kernel, int threads);

 private:
  int in_cols_;
  int in_rows_;
  int half_;
  std::unique_ptr<FftPlanes> data_;
};

/// The smallest even n' ≥ n whose prime factors are all 2, 3, 5 or 7 (sizes FFTW does fast).
[[nodiscard]] int fft_size(int n);

}  // namespace hotspot::density::detail
