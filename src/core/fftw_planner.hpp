#pragma once

#include <mutex>

namespace hotspot::detail {

/// FFTW's planner (making and destroying plans) is not thread-safe, while executing plans
/// is. Every module that makes FFTW plans holds this one lock while it does, so analyses run
/// from different threads (density and Gi* in one process) never plan at the same time.
[[nodiscard]] std::mutex& fftw_planner_mutex() noexcept;

}  // namespace hotspot::detail
