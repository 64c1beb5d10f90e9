#pragma once

#include <cstdint>
#include <filesystem>

namespace hotspot {

/// The largest settings file read: 4 MiB. A real one is a few kilobytes; the bound keeps
/// `--config /dev/zero` (4 GB read) or a huge file from exhausting memory.
inline constexpr std::uint64_t kMaxConfigFileBytes = std::uint64_t{4} << 20;

/// Checks a settings file before it is parsed: it must exist and be a regular file (symbolic
/// links are followed to one; a device such as /dev/zero or /dev/urandom, a FIFO, a socket or
/// a folder is refused, since reading them never ends or never fails) of at most
/// `max_bytes`. Throws Error(usage) naming the file and the reason.
void check_config_file(const std::filesystem::path& path, std::uint64_t max_bytes = kMaxConfigFileBytes);

}  // namespace hotspot
