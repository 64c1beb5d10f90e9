#pragma once

#include <filesystem>

#include "hotspot/core/row_account.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot {

/// Writes every rejected row as CSV (`--rejects FILE`): columns `source,row,reason,detail`
/// followed by the row's original fields (the union of the sources' columns, in order of
/// first appearance). The sources are read a second time to fetch the original values, so
/// the run holds only (source, row, reason) per rejection. Rows come out by source, then row.
void write_rejects_csv(const RowAccount& account, const ReadOptions& options, const std::filesystem::path& path);

}  // namespace hotspot
