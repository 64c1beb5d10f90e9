#pragma once

#include <string>
#include <vector>

namespace hotspot {

/// A file the run reads or writes, with what it is for ("incident input", "rejects file"),
/// so an error can name both sides of a clash.
struct NamedPath {
  std::string role;
  std::string path;
};

/// Refuses a set of outputs that would destroy an input or each other, before anything is
/// written: an output that is the same file as an input (after resolving `.`/`..`, symbolic
/// links in the folders and hard links), or two outputs on one file. Inputs may be folders,
/// globs or archives as the readers take them; they are expanded the same way (an input that
/// cannot be expanded is left to the reader to report). `PG:` strings and GDAL virtual paths
/// are not files and are skipped. Throws Error(usage) naming both roles and the path.
void check_output_paths(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

}  // namespace hotspot
