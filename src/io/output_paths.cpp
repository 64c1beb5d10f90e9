#include "hotspot/io/output_paths.hpp"

#include <sys/stat.h>

#include <deque>
#include <filesystem>
#include <optional>
#include <string_view>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot {
namespace {

namespace fs = std::filesystem;

// One file's identity: the device and inode when it exists (hard links and differently
// spelled paths compare equal), else its resolved path (two outputs not yet written).
struct FileKey {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string resolved;
  bool operator==(const FileKey& other) const {
    if (exists && other.exists) return device == other.device && inode == other.inode;
    return resolved == other.resolved;
  }
};

std::string strip_gdal_prefixes(std::string path) {
  for (std::string_view prefix : {"/vsigzip/", "CSV:"}) {
    if (path.starts_with(prefix)) path.erase(0, prefix.size());
  }
  return path;
}

std::optional<FileKey> key_of(const std::string& raw) {
  const std::string path = strip_gdal_prefixes(raw);
  if (path.empty() || path.starts_with("PG:") || path.starts_with("/vsi") || path.find("://") != std::string::npos) {
    return std::nullopt;
  }
  FileKey key;
  std::error_code ec;
  key.resolved = fs::weakly_canonical(fs::absolute(path, ec), ec).string();
  if (ec) key.resolved = fs::absolute(path).lexically_normal().string();
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    key.exists = true;
    key.device = info.st_dev;
    key.inode = info.st_ino;
  }
  return key;
}

}  // namespace

void check_output_paths(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  std::vector<std::pair<FileKey, const NamedPath*>> read_files;
  std::deque<NamedPath> expanded_storage;  // stable addresses for the pointers below
  for (const NamedPath& input : inputs) {
    std::vector<std::string> files{input.path};
    // Folders and globs stand for the files the readers will take from them.
    try {
      std::error_code ec;
      if (fs::is_directory(input.path, ec) || input.path.find_first_of("*?[") != std::string::npos) {
        files = expand_inputs({input.path});
      }
    } catch (const Error&) {
      // The reader reports an input it cannot expand, with its own message.
    }
    for (const std::string& file : files) {
      if (const auto key = key_of(file)) {
        expanded_storage.push_back(NamedPath{input.role, strip_gdal_prefixes(file)});
        read_files.emplace_back(*key, &expanded_storage.back());
      }
    }
  }
  std::vector<std::pair<FileKey, const NamedPath*>> written;
  for (const NamedPath& output : outputs) {
    if (output.path.empty()) continue;
    const auto key = key_of(output.path);
    if (!key) continue;
    for (const auto& [other, input] : read_files) {
      if (other == *key) {
        throw Error(ErrorCode::usage, ErrorContext{"writers", output.path, std::nullopt, {}},
                    "the " + output.role + " would overwrite the " + input->role + " \"" + input->path +
                        "\": give the output another path");
      }
    }
    for (const auto& [other, earlier] : written) {
      if (other == *key) {
        throw Error(ErrorCode::usage, ErrorContext{"writers", output.path, std::nullopt, {}},
                    "the " + output.role + " and the " + earlier->role + " \"" + earlier->path +
                        "\" are the same file: give each output its own path");
      }
    }
    written.emplace_back(*key, &output);
  }
}

}  // namespace hotspot
