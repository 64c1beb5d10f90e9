#pragma once

#include <array>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>

namespace hotspot::detail {

/// Paths a SIGINT/SIGTERM handler must clean up (temporary files, staging folders). The
/// handler may only make async-signal-safe calls, so live paths are kept in fixed buffers it
/// reads without allocating or locking.
template <int Slots>
class SignalPaths {
 public:
  static constexpr std::size_t kPathMax = 4096;

  /// A slot holding `path`, or -1 when the path is too long or every slot is taken (the path
  /// is then not cleaned up on a signal, as before it existed).
  int claim(const std::filesystem::path& path) {
    const std::string text = path.string();
    if (text.size() >= kPathMax) return -1;
    const std::lock_guard lock(mutex_);
    for (int i = 0; i < Slots; ++i) {
      if (!live_[i].load()) {
        std::memcpy(paths_[i].data(), text.c_str(), text.size() + 1);
        live_[i].store(true);
        return i;
      }
    }
    return -1;
  }

  void release(int& slot) {
    if (slot >= 0) live_[slot].store(false);
    slot = -1;
  }

  /// Calls `f(const char*)` for every live path; async-signal-safe when `f` is.
  template <class F>
  void for_each_live(F&& f) const noexcept {
    for (int i = 0; i < Slots; ++i) {
      if (live_[i].load()) f(paths_[i].data());
    }
  }

 private:
  std::array<std::array<char, kPathMax>, Slots> paths_{};
  std::array<std::atomic<bool>, Slots> live_{};
  std::mutex mutex_;
};

}  // namespace hotspot::detail
