#pragma once

#include <string>
#include <vector>

namespace hotspot {

/// The sources an input list stands for, and what the user should know about the expansion.
struct ExpandedInputs {
  std::vector<std::string> sources;
  std::vector<std::string> notes;  ///< skipped CSV files, duplicates read once
};

/// Expands `inputs` into the list of sources to read: folders (recursively, police.uk
/// `*-street.csv[.gz]` files, or every CSV when there are none, with a note naming the other
/// CSV files skipped), shell globs, `.zip` archives (their `*-street.csv` members) and `.gz`
/// files (through GDAL's /vsigzip/), sorted so the order never depends on the file system.
/// `PG:` connection strings pass through. Network sources are refused unless allowed
/// (network_sources.hpp). The same data is never read twice: a source that is the same file
/// as an earlier one (another spelling, a folder and a file in it) or byte-identical to one
/// (a renamed copy) is dropped with a note; two different files for one police.uk force and
/// month (`YYYY-MM-force-street.csv`) are refused, Error(data) naming both.
[[nodiscard]] ExpandedInputs expand_sources(const std::vector<std::string>& inputs);

/// expand_sources(inputs).sources.
[[nodiscard]] std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

}  // namespace hotspot
