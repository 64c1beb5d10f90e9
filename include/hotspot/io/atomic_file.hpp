#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace hotspot {

/// What is kept of a file an output replaces.
struct ExistingOutput {
  unsigned mode = 0;   ///< permission bits (e.g. 0600)
  unsigned owner = 0;  ///< user id
  unsigned group = 0;  ///< group id
};

/// Checks that an output may be written at `path`: nothing is there (nullopt), or a regular
/// file (its mode and owner, to keep). Throws Error(output) naming the path when it is a
/// directory, a symbolic link (never followed: a link would be replaced by a file, or a file
/// elsewhere overwritten), a device such as /dev/null, a FIFO or a socket.
[[nodiscard]] std::optional<ExistingOutput> check_output_target(const std::filesystem::path& path);

/// An output written to a temporary file beside its final path and renamed into place on
/// `commit()`, so readers see the previous file or the complete new one, never a truncated
/// one. The temporary file keeps the final extension (GDAL drivers look at it). If the
/// object is destroyed without commit (an exception), or SIGINT/SIGTERM arrives, the
/// temporary file is removed. The final path must be free or a regular file
/// (check_output_target, on construction and again on commit); a rewrite keeps the old
/// file's permission bits and, where the process may, its owner and group.
class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path final_path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept { return temp_path_; }
  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_path_; }
  /// Flushes the temporary file to disk and renames it over the final path.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  std::optional<ExistingOutput> existing_;
  int slot_ = -1;
  bool committed_ = false;
};

/// Writes `content` to `path` atomically (see AtomicOutput).
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Installs SIGINT/SIGTERM handlers that delete every live AtomicOutput temporary file and
/// exit with status 130. Called once by the command-line tool.
void install_interrupt_cleanup();

}  // namespace hotspot
