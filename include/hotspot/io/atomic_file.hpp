#pragma once

#include <filesystem>
#include <string_view>

namespace hotspot {

/// An output written to a temporary file beside its final path and renamed into place on
/// `commit()`, so readers see the previous file or the complete new one, never a truncated
/// one. The temporary file keeps the final extension (GDAL drivers look at it). If the
/// object is destroyed without commit (an exception), or SIGINT/SIGTERM arrives, the
/// temporary file is removed.
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
  int slot_ = -1;
  bool committed_ = false;
};

/// Writes `content` to `path` atomically (see AtomicOutput).
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Installs SIGINT/SIGTERM handlers that delete every live AtomicOutput temporary file and
/// exit with status 130. Called once by the command-line tool.
void install_interrupt_cleanup();

}  // namespace hotspot
