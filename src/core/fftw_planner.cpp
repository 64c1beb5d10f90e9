#include "core/fftw_planner.hpp"

namespace hotspot::detail {

std::mutex& fftw_planner_mutex() noexcept {
  static std::mutex mutex;
  return mutex;
}

}  // namespace hotspot::detail
