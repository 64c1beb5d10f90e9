#pragma once

#include <memory>
#include <vector>

namespace hotspot::density::detail {

class FftPlanes;

/// Linear (not circular) 2-D convolution of an input grid (in_cols × in_rows, written in place
/// row by row, so a large grid exists once) with a kernel given on the offsets [−half, half]²
/// (row-major, (2·half+1)², offset (dx, dy) at [(dy + half)·(2·half+1) + dx + half]), giving
/// only the interior cells [half, in_cols − half) × [half, in_rows − half). The kernel must be
/// even in x and in y (all radial kernels are): its transform is then real and taken by cosine
/// sums. Zero padding to a 7-smooth size makes the circular FFT product equal the linear sum
/// there.
///
/// FFTW plans are made with FFTW_ESTIMATE and the 2-D transform is split into fixed blocks
/// of 1-D transforms, each run by whichever thread takes it: a block's bytes do not depend on
/// the thread count, so the output is identical for any `threads`.
///
/// Construct, fill input_row(r)[0 .. in_cols) for the rows that are not zero, then convolve.
class FftConvolution {
 public:
  FftConvolution(int in_cols, int in_rows, int half);
  ~FftConvolution();
  FftConvolution(const FftConvolution&) = delete;
  FftConvolution& operator=(const FftConvolution&) = delete;
  /// Row r of the zero-initialised input.
  [[nodiscard]] double* input_row(int r) noexcept;
  /// Convolves (once) and returns the interior.
  [[nodiscard]] std::vector<double> convolve(const std::vector<double>& kernel, int threads);

  /// One input, several kernels: transform() once (instead of convolve), then
  /// convolve_transformed() with each kernel given on [−half, half]² for any half up to the
  /// padding: the same interior [padding, in − padding) each time, the input's transform copied
  /// and kept. The sums are those of convolve() with that kernel, rounded differently (the FFT
  /// size is the padding's, not the kernel's).
  void transform(int threads);
  [[nodiscard]] std::vector<double> convolve_transformed(const std::vector<double>& kernel, int half,
                                                         int threads) const;

 private:
  int in_cols_;
  int in_rows_;
  int half_;
  bool transformed_ = false;
  std::unique_ptr<FftPlanes> data_;
};

/// The smallest even n' ≥ n whose prime factors are all 2, 3, 5 or 7 (sizes FFTW does fast).
[[nodiscard]] int fft_size(int n);

}  // namespace hotspot::density::detail
