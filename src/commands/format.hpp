#pragma once

#include <cstdio>
#include <string>

namespace hotspot::commands {

/// printf into a string: the steps' printed lines keep the exact number formats (%g, %.6g)
/// the commands have always printed.
template <class... Args>
std::string format(const char* pattern, Args... args) {
  const int n = std::snprintf(nullptr, 0, pattern, args...);
  std::string out(static_cast<std::size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, pattern, args...);
  return out;
}

}  // namespace hotspot::commands
