#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hotspot {

/// The files of one run, written all or nothing. Every output is first written into a staging
/// folder beside its target; `commit()` moves them into place only after every one of them was
/// written, so a failed or interrupted run leaves the previous outputs untouched and a new
/// run never mixes with an old one.
///
/// Two shapes (docs/reliability.md, "Outputs"):
/// - a **folder** (`-o DIR` of cctv, patrol, plan...): the whole folder is the output. It is
///   built as `.DIR.hotspot-staging` beside DIR and swapped in with one atomic
///   `renameat2(RENAME_EXCHANGE)`; files an earlier run left there (e.g. unpublished files
///   under a later `--publish` run) are gone with the old folder. A folder holding anything
///   hotspot did not write (a subfolder, or a file of another kind) is refused rather than
///   replaced.
/// - **files** named one by one (`density -o a.tif --polygons b.geojson`): each is staged in
///   the staging folder beside the first target and renamed over its target at commit, one
///   after another once all were written (each rename is atomic; the set is as close to atomic
///   as separate paths allow).
///
/// The staging folder is also the lock: a second run writing the same outputs while the first
/// is alive is refused, naming the process; a staging folder left by a process that no longer
/// runs is removed. SIGINT/SIGTERM remove the staging folder before the process exits.
class OutputSet {
 public:
  enum class Shape { folder, files };

  /// A folder output. `command` is recorded in the folder's `.hotspot` marker, so a later run
  /// of another command does not replace it by mistake. Targets outside the folder (e.g.
  /// `patrol --gpkg elsewhere.gpkg`) are staged as files beside them.
  static OutputSet folder(std::filesystem::path dir, std::string command);
  /// Outputs named one by one (none yet; add them with stage()).
  static OutputSet files(std::string command);

  OutputSet(OutputSet&& other) noexcept;
  OutputSet& operator=(OutputSet&&) = delete;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  /// Without commit(): the staging folder and everything in it are removed.
  ~OutputSet();

  /// Where to write the output whose final path is `target` (a path as the caller would open
  /// it: relative to the working folder, not to a folder output; a folder output's files are
  /// the targets inside its folder). Throws Error(output) for a target that exists and
  /// is not a regular file (a device, a FIFO, a symlink, a folder), or that another output of
  /// this run already claims.
  [[nodiscard]] std::filesystem::path stage(const std::filesystem::path& target);

  /// Throws Error(output) when `target` exists and is not a regular file (a device, a FIFO,
  /// a symbolic link, a folder): outputs never replace one.
  static void check_target(const std::filesystem::path& target);

  /// Moves every staged output into place. Throws Error(output) when one cannot be moved
  /// (then the outputs not yet moved are removed).
  void commit();

  [[nodiscard]] Shape shape() const noexcept { return shape_; }
  /// The folder (folder shape), else empty.
  [[nodiscard]] const std::filesystem::path& target_folder() const noexcept { return folder_; }
  /// Final paths of the staged outputs, in the order they were staged.
  [[nodiscard]] std::vector<std::filesystem::path> targets() const;

 private:
  OutputSet(Shape shape, std::filesystem::path folder, std::string command);
  /// Creates (and locks) the staging folder of `anchor`: `.NAME.hotspot-staging` beside it.
  void open_staging(const std::filesystem::path& anchor, bool create_parent, std::filesystem::path& staging, int& slot);
  void discard() noexcept;

  Shape shape_;
  std::filesystem::path folder_;          // the final folder (folder shape)
  std::string command_;
  std::filesystem::path folder_staging_;  // the folder being built (folder shape)
  int folder_slot_ = -1;                  // signal-cleanup slots of the staging folders
  std::filesystem::path files_staging_;   // outputs named one by one; empty until the first
  int files_slot_ = -1;
  struct Entry {
    std::filesystem::path target;  // relative to folder_ when in_folder
    std::filesystem::path staged;
    bool in_folder = false;
  };
  std::vector<Entry> entries_;
  bool committed_ = false;
};

/// Removes every live staging folder (called from the SIGINT/SIGTERM handler: only
/// async-signal-safe system calls).
void remove_staging_folders_signal_safe() noexcept;

}  // namespace hotspot
