#pragma once

// Shared by the fuzz targets: put the bytes in a GDAL in-memory file and read it as a user's
// file would be read.

#include <cstddef>
#include <cstdint>
#include <string>

#include <cpl_vsi.h>

namespace hotspot::fuzzing {

class MemoryFile {
 public:
  MemoryFile(const std::string& path, const std::uint8_t* data, std::size_t size) : path_(path) {
    VSILFILE* f = VSIFileFromMemBuffer(path_.c_str(), const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE);
    VSIFCloseL(f);
  }
  ~MemoryFile() { VSIUnlink(path_.c_str()); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hotspot::fuzzing
