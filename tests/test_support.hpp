#pragma once

// Small helpers shared by the test executables: scratch folders, files, running the CLI.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace hotspot::testing {

/// True in the AddressSanitizer build (preset `sanitize`). Brute-force oracles there compare
/// fewer random cases: the sanitizers look for memory and UB errors, which a smaller case
/// exercises along the same code paths, and the Release run compares them all.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

/// A fresh folder under the build tree, removed when the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    std::random_device rd;
    path_ = std::filesystem::path(HOTSPOT_BINARY_DIR) / "scratch" / (name + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout and stderr, interleaved as the shell gives them
};

/// Runs a shell command line, capturing output and exit status.
inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

/// The hotspot command line, quoted for the shell.
inline std::string cli() {
  // Built by appending: GCC 12 at -O1 can warn (stringop-overread, a false positive) on
  // std::string("'") + HOTSPOT_CLI once enough of a unity translation unit is inlined.
  std::string quoted(1, '\'');
  quoted.append(HOTSPOT_CLI);
  quoted.push_back('\'');
  return quoted;
}

/// police.uk header and a row builder.
inline const std::string kPoliceHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n";

inline std::string police_row(const std::string& month, const std::string& lon, const std::string& lat,
                              const std::string& type, const std::string& location = "On or near Parking Area",
                              const std::string& lsoa_code = "E01023918", const std::string& lsoa_name = "Welwyn Hatfield 006C",
                              const std::string& crime_id = "") {
  return crime_id + "," + month + ",Hertfordshire Constabulary,Hertfordshire Constabulary," + lon + "," + lat + "," +
         location + "," + lsoa_code + "," + lsoa_name + "," + type + ",,\n";
}

}  // namespace hotspot::testing
