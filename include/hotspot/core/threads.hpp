#pragma once

#include <exception>
#include <string>
#include <thread>
#include <utility>

namespace hotspot {

/// The most threads a step runs per core. More threads than cores never speeds up the
/// work (every region is CPU-bound), and each thread costs a stack and per-thread buffers;
/// a few per core still lets a user on a shared machine oversubscribe on purpose.
inline constexpr int kThreadsPerCore = 4;

/// A thread count ready to use, and what the user should be told about it.
struct ThreadChoice {
  int threads = 1;
  std::string note;  ///< non-empty when the request was lowered
};

/// Checks a requested thread count before any work starts (the command line calls it):
/// negative is refused (Error usage, "the thread count"); 0 means every core (OpenMP's
/// default, which follows OMP_NUM_THREADS); more than kThreadsPerCore × the cores is lowered
/// to that, with a note. Never changes results: every step's output is independent of it.
[[nodiscard]] ThreadChoice choose_threads(int requested);

/// The count a parallel region or thread pool uses for a requested count: as
/// choose_threads but silent, and a negative request means every core. Every OpenMP
/// `num_threads` and thread pool in the library goes through it, so no caller can ask libgomp
/// for 100000 threads (a crash inside the runtime, or "Thread creation failed").
[[nodiscard]] int effective_threads(int requested);

/// kThreadsPerCore × the cores this process may use (at least kThreadsPerCore).
[[nodiscard]] int max_threads();

/// Runs `body` on a thread of its own (plan's second chain of stages, a sink's GeoPackage
/// writer); join() waits for it and throws what it threw. Destroyed unjoined, it waits.
class SideThread {
 public:
  template <typename Body>
  explicit SideThread(Body&& body)
      : thread_([this, body = std::forward<Body>(body)]() mutable {
          try {
            body();
          } catch (...) {
            error_ = std::current_exception();
          }
        }) {}
  SideThread(const SideThread&) = delete;
  SideThread& operator=(const SideThread&) = delete;
  ~SideThread() {
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] bool running() const noexcept { return thread_.joinable(); }
  void join() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  std::exception_ptr error_;  // before thread_: set up before the thread starts
  std::thread thread_;
};

}  // namespace hotspot
