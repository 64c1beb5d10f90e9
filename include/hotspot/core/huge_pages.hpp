#pragma once

// Large working arrays (a few per million grid cells) are touched once, right after they are
// allocated. On virtual machines a page fault can cost several microseconds, and a 4-million
// cell array of doubles is 8,000 faults on 4 KB pages: the faults can cost more than the
// arithmetic. Offering the block transparent huge pages (2 MB) before it is first written
// cuts them 512-fold where the kernel agrees (Linux `madvise` mode); elsewhere nothing changes.

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hotspot {

/// Offers the 2 MB-aligned part of [data, data + bytes) transparent huge pages. A hint only;
/// blocks under 4 MB are left alone.
inline void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (data == nullptr || bytes < 2 * kHugePage) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t last = (begin + bytes) / kHugePage * kHugePage;
  if (last > first) static_cast<void>(madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE));
#else
  static_cast<void>(data);
  static_cast<void>(bytes);
#endif
}

/// `v.assign(n, value)`, with the block offered huge pages before it is written when `v` has
/// to allocate it.
template <class T>
void assign_huge(std::vector<T>& v, std::size_t n, const T& value) {
  if (v.capacity() < n) {
    std::vector<T>().swap(v);
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
  }
  v.assign(n, value);
}

}  // namespace hotspot
