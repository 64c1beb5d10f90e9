#include "hotspot/core/numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace hotspot {

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (*begin == '+') ++begin;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string short_number(double value, int significant) {
  return format("%.*g", significant, value);
}

}  // namespace hotspot
