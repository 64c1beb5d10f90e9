#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

/// `text` as a finite number written in full ("12", "-0.5", "1e3"): nothing before or after
/// it, no "inf" or "nan", no hexadecimal; nullopt otherwise (an empty field too).
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

/// `value` in printf's "%.<significant>g" form: "60", "0.5", "1e+06"; for names and sentences.
[[nodiscard]] std::string short_number(double value, int significant = 6);

/// printf into a string, for the exact number formats (%g, %.6g, %.0f) printed lines and
/// reports have always used.
template <class... Args>
[[nodiscard]] std::string format(const char* pattern, Args... args) {
  const int n = std::snprintf(nullptr, 0, pattern, args...);
  std::string out(static_cast<std::size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, pattern, args...);
  return out;
}

}  // namespace hotspot
