#pragma once

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace hotspot::detail {

/// Distinct (x, y) pairs in first-seen order, by open addressing: police.uk rows share a few
/// thousand snap points, so the table stays small and in cache where a sort of every row
/// would not. A slot holds a place index (4 bytes), compared through the places' coordinates.
/// Pairs are the same place when their bits are the same: a caller that wants -0.0 and 0.0
/// to be one place passes them normalised.
class PlaceTable {
 public:
  /// The place of (x, y): its first-seen index, a new one when unseen.
  std::uint32_t place(double x, double y) {
    if (2 * (xs_.size() + 1) > slots_.size()) grow();
    const std::uint64_t bx = bits(x), by = bits(y);
    for (std::size_t s = hash(bx, by);; s = (s + 1) & mask_) {
      const std::uint32_t p = slots_[s];
      if (p == kEmpty) {
        slots_[s] = static_cast<std::uint32_t>(xs_.size());
        xs_.push_back(x);
        ys_.push_back(y);
        return slots_[s];
      }
      if (bits(xs_[p]) == bx && bits(ys_[p]) == by) return p;
    }
  }
  [[nodiscard]] std::size_t size() const { return xs_.size(); }
  [[nodiscard]] const std::vector<double>& xs() const { return xs_; }
  [[nodiscard]] const std::vector<double>& ys() const { return ys_; }
  /// Hands the places' coordinates over, leaving the table empty.
  void take(std::vector<double>& xs, std::vector<double>& ys) {
    xs = std::move(xs_);
    ys = std::move(ys_);
    *this = PlaceTable{};
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffU;
  static std::uint64_t bits(double v) {
    std::uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
  }
  static std::uint64_t mix(std::uint64_t h) {  // splitmix64's finaliser
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
  }
  [[nodiscard]] std::size_t hash(std::uint64_t bx, std::uint64_t by) const {
    return static_cast<std::size_t>(mix(bx ^ mix(by))) & mask_;
  }
  void grow() {
    slots_.assign(slots_.empty() ? 4096 : 2 * slots_.size(), kEmpty);
    mask_ = slots_.size() - 1;
    for (std::size_t p = 0; p < xs_.size(); ++p) {
      std::size_t s = hash(bits(xs_[p]), bits(ys_[p]));
      while (slots_[s] != kEmpty) s = (s + 1) & mask_;
      slots_[s] = static_cast<std::uint32_t>(p);
    }
  }
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
  std::vector<double> xs_, ys_;
};

}  // namespace hotspot::detail
