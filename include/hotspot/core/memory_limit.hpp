#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hotspot {

/// Physical memory of the machine in bytes (0 when the system does not say).
[[nodiscard]] std::uint64_t physical_memory();

/// The memory limit by default: three quarters of physical memory (8 GiB when unknown),
/// leaving room for the system and the GDAL/PROJ caches.
[[nodiscard]] std::uint64_t default_max_memory();

/// Sets the memory limit every step checks its large allocations against, before it makes
/// them (0: back to the default). Process-wide: the command line sets it once.
void set_max_memory(std::uint64_t bytes);
[[nodiscard]] std::uint64_t max_memory();

/// Reads a memory size as a user writes it: "6G", "512M", "2.5GB", "1500000000", or a share
/// of physical memory, "50%". Throws Error(usage) for anything else or zero.
[[nodiscard]] std::uint64_t parse_memory_size(std::string_view text);

/// "12.8 GB" (decimal units, one decimal).
[[nodiscard]] std::string format_bytes(std::uint64_t bytes);

/// Refuses work whose memory estimate is above the limit, before anything is allocated:
/// Error(usage) at `stage` saying what needs how much (`what`: "a density grid of 20000 x
/// 20000 cells"), the limit, and what to change (`remedy`: "use a larger cell size").
/// `bytes` is computed in double so an absurd request cannot wrap around.
void check_memory(double bytes, const std::string& stage, const std::string& what, const std::string& remedy);

}  // namespace hotspot
