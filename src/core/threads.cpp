#include "hotspot/core/threads.hpp"

#include <omp.h>

#include <algorithm>
#include <thread>

#include "hotspot/core/error.hpp"

namespace hotspot {

int max_threads() {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return kThreadsPerCore * cores;
}

int effective_threads(int requested) {
  const int wanted = requested > 0 ? requested : omp_get_max_threads();
  return std::clamp(wanted, 1, max_threads());
}

ThreadChoice choose_threads(int requested) {
  if (requested < 0) {
    throw Error(ErrorCode::usage, "threads",
                "the thread count must be 0 (every core) or more, not " + std::to_string(requested));
  }
  ThreadChoice choice{effective_threads(requested), {}};
  if (requested > choice.threads) {
    choice.note = std::to_string(requested) + " threads asked for; using " + std::to_string(choice.threads) + " (" +
                  std::to_string(kThreadsPerCore) + " per core on " +
                  std::to_string(choice.threads / kThreadsPerCore) +
                  " cores): more would not be faster, and the results do not depend on it";
  }
  return choice;
}

}  // namespace hotspot
