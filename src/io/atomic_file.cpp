#include "hotspot/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "hotspot/core/error.hpp"
#include "hotspot/io/output_set.hpp"
#include "io/signal_paths.hpp"

namespace hotspot {
namespace {

// Live temporary files, unlinked by the signal handler.
detail::SignalPaths<64> g_temporaries;

int claim_slot(const std::filesystem::path& path) { return g_temporaries.claim(path); }

void release_slot(int slot) { g_temporaries.release(slot); }

extern "C" void on_interrupt(int signal) {
  g_temporaries.for_each_live([](const char* path) { ::unlink(path); });
  remove_staging_folders_signal_safe();
  // write(2) is async-signal-safe; stdio is not.
  static constexpr char kInt[] = "hotspot: interrupted (SIGINT): no output was written or changed\n";
  static constexpr char kTerm[] = "hotspot: stopped (SIGTERM): no output was written or changed\n";
  if (signal == SIGTERM) {
    (void)!::write(STDERR_FILENO, kTerm, sizeof kTerm - 1);
  } else {
    (void)!::write(STDERR_FILENO, kInt, sizeof kInt - 1);
  }
  // The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
  ::_exit(128 + signal);
}

std::filesystem::path temp_path_for(const std::filesystem::path& final_path) {
  const auto dir = final_path.has_parent_path() ? final_path.parent_path() : std::filesystem::path(".");
  return dir / ("." + final_path.stem().string() + ".tmp" + std::to_string(::getpid()) +
                final_path.extension().string());
}

/// 0, or the errno of a failed fsync (EINVAL: the file system cannot sync, not an error).
int fsync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const int status = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno;
  ::close(fd);
  return status;
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why) {
  throw Error(ErrorCode::output, ErrorContext{"writers", path.string(), std::nullopt, {}}, why);
}

}  // namespace

std::optional<ExistingOutput> check_output_target(const std::filesystem::path& path) {
  struct stat info {};
  // lstat, not stat: a symbolic link is judged itself, not by what it points at.
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::nullopt;
    refuse(path, std::string("cannot check the output path: ") + std::strerror(errno));
  }
  const mode_t type = info.st_mode & S_IFMT;
  if (type == S_IFREG) return ExistingOutput{static_cast<unsigned>(info.st_mode & 07777), info.st_uid, info.st_gid};
  if (type == S_IFDIR) refuse(path, "is a directory, expected a file path");
  if (type == S_IFLNK) {
    refuse(path, "is a symbolic link; outputs are never written through links (the link would be replaced by a "
                 "file, or a file elsewhere overwritten): give the real path");
  }
  const char* kind = type == S_IFCHR  ? "a character device (such as /dev/null)"
                     : type == S_IFBLK ? "a block device"
                     : type == S_IFIFO ? "a named pipe (FIFO)"
                     : type == S_IFSOCK ? "a socket"
                                        : "not a regular file";
  refuse(path, std::string("is ") + kind + "; outputs are only written to regular files");
}

AtomicOutput::AtomicOutput(std::filesystem::path final_path)
    : final_path_(std::move(final_path)), temp_path_(temp_path_for(final_path_)) {
  existing_ = check_output_target(final_path_);
  std::error_code ec;
  std::filesystem::remove(temp_path_, ec);
  slot_ = claim_slot(temp_path_);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_path_, ec);
  }
  release_slot(slot_);
}

void AtomicOutput::commit() {
  if (!std::filesystem::exists(temp_path_)) {
    throw Error(ErrorCode::output, ErrorContext{"writers", final_path_.string(), std::nullopt, {}},
                "nothing was written");
  }
  // Checked again: the path may have been replaced by a link or a device since the start,
  // and rename() would replace that with a regular file.
  if (const auto now = check_output_target(final_path_)) existing_ = now;
  if (existing_) {
    // A rewrite keeps the old file's permissions (a 0600 file stays private) and, where we
    // may, its owner and group: the new file is a replacement, not a new decision.
    if (::chmod(temp_path_.c_str(), static_cast<mode_t>(existing_->mode)) != 0) {
      throw Error(ErrorCode::output, ErrorContext{"writers", final_path_.string(), std::nullopt, {}},
                  std::string("cannot keep the old file's permissions: ") + std::strerror(errno));
    }
    struct stat temp {};
    if (::stat(temp_path_.c_str(), &temp) == 0 && (temp.st_uid != existing_->owner || temp.st_gid != existing_->group)) {
      // Only root may give a file away; anyone else keeps the new file as theirs (the mode
      // above still holds), so a failure here is not an error.
      static_cast<void>(::chown(temp_path_.c_str(), existing_->owner, existing_->group));
    }
  }
  if (const int status = fsync_path(temp_path_); status != 0) {
    throw Error(ErrorCode::output, ErrorContext{"writers", final_path_.string(), std::nullopt, {}},
                std::string("cannot flush to disk: ") + std::strerror(status));
  }
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    throw Error(ErrorCode::output, ErrorContext{"writers", final_path_.string(), std::nullopt, {}},
                std::string("cannot rename into place: ") + std::strerror(errno));
  }
  committed_ = true;
  release_slot(slot_);
  slot_ = -1;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicOutput output(path);
  const auto fail = [&](const char* what) {
    throw Error(ErrorCode::output, ErrorContext{"writers", path.string(), std::nullopt, {}},
                std::string(what) + std::strerror(errno));
  };
  // Plain POSIX calls so that every short write, and a failing fsync or close (a full disk,
  // the file size limit, an I/O error), is seen and reported rather than renamed into place.
  // O_EXCL | O_NOFOLLOW: the temporary name was just removed; anything there now (a link
  // planted by someone else) is refused rather than written through.
  const int fd = ::open(output.temp_path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) fail("cannot create: ");
  std::size_t done = 0;
  while (done < content.size()) {
    const ::ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail("write failed: ");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail("cannot flush to disk: ");
  }
  if (::close(fd) != 0) fail("cannot close: ");
  output.commit();
}

void install_interrupt_cleanup() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace hotspot
