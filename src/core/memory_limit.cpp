#include "hotspot/core/memory_limit.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

std::atomic<std::uint64_t> g_limit{0};

}  // namespace

std::uint64_t physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::uint64_t default_max_memory() {
  const std::uint64_t physical = physical_memory();
  return physical > 0 ? physical / 4 * 3 : std::uint64_t{8} << 30;
}

void set_max_memory(std::uint64_t bytes) { g_limit.store(bytes); }

std::uint64_t max_memory() {
  const std::uint64_t limit = g_limit.load();
  return limit > 0 ? limit : default_max_memory();
}

std::uint64_t parse_memory_size(std::string_view text) {
  const std::string original(text);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  double scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  if (unit == "K" || unit == "KB") scale = 1e3;
  if (unit == "M" || unit == "MB") scale = 1e6;
  if (unit == "G" || unit == "GB") scale = 1e9;
  if (unit == "T" || unit == "TB") scale = 1e12;
  if (unit == "KIB") scale = 1024.0;
  if (unit == "MIB") scale = 1024.0 * 1024;
  if (unit == "GIB") scale = 1024.0 * 1024 * 1024;
  if (unit == "%") scale = static_cast<double>(physical_memory()) / 100.0;
  const double bytes = value * scale;
  if (ec != std::errc() || scale == 0 || !std::isfinite(bytes) || bytes < 1 || bytes > 1.8e19 ||
      (unit == "%" && value > 100)) {
    throw Error(ErrorCode::usage, "memory",
                "the memory limit \"" + original + "\" is not a size such as 6G, 512M or 50%");
  }
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  char text[32];
  const double b = static_cast<double>(bytes);
  if (b >= 1e12) {
    std::snprintf(text, sizeof text, "%.1f TB", b / 1e12);
  } else if (b >= 1e9) {
    std::snprintf(text, sizeof text, "%.1f GB", b / 1e9);
  } else if (b >= 1e6) {
    std::snprintf(text, sizeof text, "%.1f MB", b / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.0f kB", std::ceil(b / 1e3));
  }
  return text;
}

void check_memory(double bytes, const std::string& stage, const std::string& what, const std::string& remedy) {
  const std::uint64_t limit = max_memory();
  if (!(bytes > static_cast<double>(limit))) return;
  const std::string need = bytes >= 1.8e19 ? "more than 18 EB" : "about " + format_bytes(static_cast<std::uint64_t>(bytes));
  throw Error(ErrorCode::usage, stage,
              what + " needs " + need + " of memory, more than the memory limit of " + format_bytes(limit) +
                  (g_limit.load() == 0 ? " (three quarters of this machine's memory)" : "") + "; " + remedy +
                  ", or raise the memory limit");
}

}  // namespace hotspot
