#include "hotspot/io/config_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "hotspot/core/error.hpp"

namespace hotspot {

void check_config_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  const ErrorContext where{"settings", path.string(), std::nullopt, {}};
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw Error(ErrorCode::usage, where, std::string("cannot read the settings file: ") + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    throw Error(ErrorCode::usage, where,
                S_ISDIR(info.st_mode) ? "is a folder, not a settings file"
                                      : "is not a regular file (a device, pipe or socket); settings are read from a "
                                        "file only");
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    throw Error(ErrorCode::usage, where,
                "is " + std::to_string(info.st_size) + " bytes; a settings file may hold at most " +
                    std::to_string(max_bytes) + " bytes");
  }
}

}  // namespace hotspot
