#pragma once

#include <cstdint>

namespace hotspot {

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator whose sequence is fixed by its
/// definition, unlike the standard library's distributions, so draws are the same on every
/// platform. Seeded per stream (fold, cell), draws do not depend on thread order.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, bound): the lowest 2^64 mod bound values are rejected, so the modulo
  /// favours no value.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t x = next();
      if (x >= limit) return x % bound;
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace hotspot
