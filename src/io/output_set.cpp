#include "hotspot/io/output_set.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <utility>

#include "hotspot/core/error.hpp"
#include "io/signal_paths.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "writers";
constexpr const char* kMarker = ".hotspot";
constexpr const char* kPidFile = ".hotspot-writing";

// Staging folders the signal handler removes.
detail::SignalPaths<16> g_staging;

int claim_slot(const std::filesystem::path& path) { return g_staging.claim(path); }

void release_slot(int& slot) { g_staging.release(slot); }

// Removes the files (and empty-able subfolders, one level) of `dir`, then `dir`, with raw
// system calls only (getdents64, unlinkat): async-signal-safe.
void remove_tree_raw(const char* dir, int depth) noexcept {
  const int fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd >= 0) {
    alignas(8) static thread_local char buffer[8192];
    for (;;) {
      const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
      if (n <= 0) break;
      for (long at = 0; at < n;) {
        struct Entry {
          std::uint64_t ino;
          std::int64_t off;
          unsigned short reclen;
          unsigned char type;
          char name[1];
        };
        const auto* e = reinterpret_cast<const Entry*>(buffer + at);
        at += e->reclen;
        if (std::strcmp(e->name, ".") == 0 || std::strcmp(e->name, "..") == 0) continue;
        if (e->type == DT_DIR && depth < 4) {
          char sub[detail::SignalPaths<16>::kPathMax];
          const std::size_t a = std::strlen(dir), b = std::strlen(e->name);
          if (a + b + 2 < sizeof sub) {
            std::memcpy(sub, dir, a);
            sub[a] = '/';
            std::memcpy(sub + a + 1, e->name, b + 1);
            remove_tree_raw(sub, depth + 1);
          }
        } else {
          ::unlinkat(fd, e->name, 0);
        }
      }
    }
    ::close(fd);
  }
  ::rmdir(dir);
}

Error output_error(const std::filesystem::path& path, const std::string& detail) {
  return Error(ErrorCode::output, ErrorContext{kStage, path.string(), std::nullopt, {}}, detail);
}

/// A target may be a new path or an existing regular file; never a device, FIFO, socket,
/// symbolic link or folder (renaming over one would destroy it: `--json /dev/null`).
void check_target_file(const std::filesystem::path& target) {
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) return;  // new
  if (S_ISREG(st.st_mode)) return;
  const char* what = S_ISDIR(st.st_mode)    ? "a folder"
                     : S_ISLNK(st.st_mode)  ? "a symbolic link"
                     : S_ISCHR(st.st_mode)  ? "a device"
                     : S_ISBLK(st.st_mode)  ? "a device"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  throw output_error(target, std::string("exists and is ") + what +
                                 "; outputs only replace regular files (give another path)");
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // A reused pid belongs to some other program: only a hotspot process holds the lock.
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return !comm || name.find("hotspot") != std::string::npos;
}

/// The files a hotspot folder output holds; an existing folder with anything else in it
/// (a subfolder, a document) is not replaced.
bool looks_like_output(const std::filesystem::directory_entry& entry) {
  if (!entry.is_regular_file()) return false;
  static const std::set<std::string> kinds = {".geojson", ".json", ".qml", ".gpkg", ".tif", ".tiff", ".csv",
                                              ".md",      ".txt",  ".html", ".qgs", ".png", ".xml"};
  std::string ext = entry.path().extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return kinds.count(ext) > 0 || entry.path().filename() == kMarker;
}

std::string read_small(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Carries the permission bits (and, as root, the owner) of the file being replaced over to
/// its replacement, so a rewrite does not widen a 0600 file to 0644.
void keep_mode(const std::filesystem::path& old_file, const std::filesystem::path& new_file) {
  struct stat st {};
  if (::stat(old_file.c_str(), &st) != 0) return;
  ::chmod(new_file.c_str(), st.st_mode & 07777);
  if (::geteuid() == 0) (void)!::chown(new_file.c_str(), st.st_uid, st.st_gid);
}

std::filesystem::path normal(std::filesystem::path p) {
  p = p.lexically_normal();
  if (!p.empty() && p.filename().empty()) p = p.parent_path();  // "out/" -> "out"
  return p;
}

}  // namespace

void remove_staging_folders_signal_safe() noexcept {
  g_staging.for_each_live([](const char* path) { remove_tree_raw(path, 0); });
}

OutputSet::OutputSet(Shape shape, std::filesystem::path folder, std::string command)
    : shape_(shape), folder_(std::move(folder)), command_(std::move(command)) {}

OutputSet::OutputSet(OutputSet&& other) noexcept
    : shape_(other.shape_),
      folder_(std::move(other.folder_)),
      command_(std::move(other.command_)),
      folder_staging_(std::move(other.folder_staging_)),
      folder_slot_(std::exchange(other.folder_slot_, -1)),
      files_staging_(std::move(other.files_staging_)),
      files_slot_(std::exchange(other.files_slot_, -1)),
      entries_(std::move(other.entries_)),
      committed_(other.committed_) {
  other.folder_staging_.clear();
  other.files_staging_.clear();
  other.committed_ = true;
}

OutputSet OutputSet::files(std::string command) { return OutputSet(Shape::files, {}, std::move(command)); }

OutputSet OutputSet::folder(std::filesystem::path dir, std::string command) {
  dir = normal(std::move(dir));
  if (dir.empty()) throw Error(ErrorCode::usage, kStage, "the output folder is empty");
  struct stat st {};
  if (::lstat(dir.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      throw output_error(dir, "is a symbolic link; give the folder itself as the output");
    }
    if (!S_ISDIR(st.st_mode)) throw output_error(dir, "exists and is not a folder");
    // Only a folder hotspot wrote (or an empty one) is replaced as a whole.
    std::error_code ec;
    const std::filesystem::path marker = dir / kMarker;
    if (std::filesystem::exists(marker, ec)) {
      const std::string owner = read_small(marker);
      const std::string mine = "hotspot " + command + "\n";
      if (owner != mine) {
        std::string other = owner.substr(0, owner.find('\n'));
        throw output_error(dir, "holds the outputs of " + (other.empty() ? std::string("another command") : other) +
                                    "; give hotspot " + command + " a folder of its own");
      }
    } else {
      for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (!looks_like_output(entry)) {
          throw output_error(dir, "holds " + entry.path().filename().string() +
                                      ", which hotspot did not write; give an empty or new folder (the whole folder "
                                      "is replaced by the new outputs)");
        }
      }
      if (ec) throw output_error(dir, "cannot be read: " + ec.message());
    }
  } else if (errno != ENOENT) {
    throw output_error(dir, std::string("cannot be checked: ") + std::strerror(errno));
  }
  OutputSet set(Shape::folder, dir, std::move(command));
  set.open_staging(set.folder_, true, set.folder_staging_, set.folder_slot_);
  return set;
}

void OutputSet::open_staging(const std::filesystem::path& anchor, bool create_parent, std::filesystem::path& staging_out,
                             int& slot) {
  const std::filesystem::path parent = anchor.has_parent_path() ? anchor.parent_path() : std::filesystem::path(".");
  if (create_parent) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw output_error(parent, "cannot create: " + ec.message());
  } else if (!std::filesystem::is_directory(parent)) {
    throw output_error(anchor, "its folder " + parent.string() + " does not exist");
  }
  const std::filesystem::path staging = parent / ("." + anchor.filename().string() + ".hotspot-staging");
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (::mkdir(staging.c_str(), 0755) == 0) break;
    if (errno != EEXIST) throw output_error(staging, std::string("cannot create the staging folder: ") + std::strerror(errno));
    const std::string pid_text = read_small(staging / kPidFile);
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    // A run writes its pid just after creating the folder: a folder without one that is only
    // seconds old belongs to a run that is starting, not to a dead one.
    struct stat st {};
    const bool starting = pid <= 0 && ::stat(staging.c_str(), &st) == 0 && std::time(nullptr) - st.st_mtime < 60;
    if (starting) {
      throw output_error(anchor, "another hotspot run is starting to write these outputs; wait for it to finish or stop it");
    }
    if (attempt == 0 && !process_alive(pid)) {
      // Left by a run that was killed hard (SIGKILL, power cut): nothing in it is ours to keep.
      std::error_code ec;
      std::filesystem::remove_all(staging, ec);
      continue;
    }
    throw output_error(anchor, "another hotspot run (process " + std::to_string(pid) +
                                   ") is writing these outputs; wait for it to finish or stop it");
  }
  {
    std::ofstream pid(staging / kPidFile);
    pid << ::getpid() << "\n";
  }
  staging_out = staging;
  slot = claim_slot(staging);
}

void OutputSet::check_target(const std::filesystem::path& target) { check_target_file(target); }

std::filesystem::path OutputSet::stage(const std::filesystem::path& target_in) {
  std::filesystem::path target = normal(target_in);
  if (shape_ == Shape::folder) {
    // Inside the folder (however the path was written) goes into the folder being built.
    const auto absolute_target = std::filesystem::absolute(target).lexically_normal();
    const auto absolute_folder = std::filesystem::absolute(folder_).lexically_normal();
    const std::filesystem::path inside = absolute_target.lexically_relative(absolute_folder);
    if (!inside.empty() && *inside.begin() != ".." && inside != ".") {
      for (const auto& e : entries_) {
        if (e.in_folder && e.target == inside) {
          throw Error(ErrorCode::internal, kStage, "two outputs named " + inside.string());
        }
      }
      const std::filesystem::path staged = folder_staging_ / inside;
      if (inside.has_parent_path()) std::filesystem::create_directories(staged.parent_path());
      entries_.push_back({inside, staged, true});
      return staged;
    }
  }
  check_target_file(target);
  std::error_code ec;
  const auto resolved = std::filesystem::weakly_canonical(target, ec);
  for (const auto& e : entries_) {
    if (e.in_folder) continue;
    std::error_code ec2;
    if (e.target == target || (!ec && std::filesystem::weakly_canonical(e.target, ec2) == resolved)) {
      throw Error(ErrorCode::usage, kStage, "two outputs are written to " + target.string());
    }
  }
  if (files_staging_.empty()) open_staging(target, false, files_staging_, files_slot_);
  // The staged file keeps the target's name (GDAL picks drivers by extension); a second target
  // of the same name in another folder is numbered.
  std::filesystem::path staged = files_staging_ / target.filename();
  for (int n = 2; std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.staged == staged; }); ++n) {
    staged = files_staging_ / (std::to_string(n) + "_" + target.filename().string());
  }
  entries_.push_back({target, staged, false});
  return staged;
}

std::vector<std::filesystem::path> OutputSet::targets() const {
  std::vector<std::filesystem::path> out;
  for (const auto& e : entries_) out.push_back(e.in_folder ? folder_ / e.target : e.target);
  return out;
}

void OutputSet::commit() {
  if (committed_) return;
  // Files named one by one first, then the folder: each rename is atomic.
  for (const Entry& e : entries_) {
    if (e.in_folder) continue;
    check_target_file(e.target);
    if (!std::filesystem::exists(e.staged)) continue;  // declared, then not written (withheld)
    keep_mode(e.target, e.staged);
    if (std::rename(e.staged.c_str(), e.target.c_str()) == 0) continue;
    if (errno != EXDEV) {
      throw output_error(e.target, std::string("cannot move into place: ") + std::strerror(errno));
    }
    // Another file system: copy beside the target, then rename there.
    const std::filesystem::path beside =
        e.target.parent_path() / ("." + e.target.filename().string() + ".hotspot-" + std::to_string(::getpid()));
    std::error_code ec;
    std::filesystem::copy_file(e.staged, beside, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec || std::rename(beside.c_str(), e.target.c_str()) != 0) {
      std::filesystem::remove(beside, ec);
      throw output_error(e.target, "cannot move into place from another file system");
    }
  }
  if (shape_ == Shape::folder) {
    {
      std::ofstream marker(folder_staging_ / kMarker);
      marker << "hotspot " << command_ << "\n";
    }
    struct stat old {};
    const bool replacing = ::lstat(folder_.c_str(), &old) == 0;
    if (replacing) {
      ::chmod(folder_staging_.c_str(), old.st_mode & 07777);
      for (const auto& e : entries_) {
        if (e.in_folder) keep_mode(folder_ / e.target, folder_staging_ / e.target);
      }
    }
    std::filesystem::remove(folder_staging_ / kPidFile);
    if (!replacing) {
      if (std::rename(folder_staging_.c_str(), folder_.c_str()) != 0) {
        throw output_error(folder_, std::string("cannot move the outputs into place: ") + std::strerror(errno));
      }
    } else if (::syscall(SYS_renameat2, AT_FDCWD, folder_staging_.c_str(), AT_FDCWD, folder_.c_str(),
                         2 /* RENAME_EXCHANGE */) == 0) {
      // The old folder is now at the staging path.
      std::error_code ec;
      std::filesystem::remove_all(folder_staging_, ec);
    } else {
      // A file system without atomic exchange: the old folder steps aside, the new one takes
      // its place, then the old one is removed (a reader may see no folder for a moment).
      const std::filesystem::path aside = folder_staging_.string() + "-old";
      std::error_code ec;
      std::filesystem::remove_all(aside, ec);
      if (std::rename(folder_.c_str(), aside.c_str()) != 0 || std::rename(folder_staging_.c_str(), folder_.c_str()) != 0) {
        throw output_error(folder_, std::string("cannot move the outputs into place: ") + std::strerror(errno));
      }
      std::filesystem::remove_all(aside, ec);
    }
    folder_staging_.clear();
  }
  committed_ = true;
  discard();
}

void OutputSet::discard() noexcept {
  std::error_code ec;
  if (!folder_staging_.empty()) std::filesystem::remove_all(folder_staging_, ec);
  if (!files_staging_.empty()) std::filesystem::remove_all(files_staging_, ec);
  folder_staging_.clear();
  files_staging_.clear();
  release_slot(folder_slot_);
  release_slot(files_slot_);
}

OutputSet::~OutputSet() {
  if (!committed_) discard();
}

}  // namespace hotspot
