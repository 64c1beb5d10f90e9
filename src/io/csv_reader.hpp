#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <ogr_api.h>

#include "hotspot/io/incident_reader.hpp"
#include "io/csv_pieces.hpp"
#include "io/layer_rows.hpp"

// CSV files through GDAL's CSV driver: police.uk files (police_uk_reader.hpp binds their
// columns) and any other CSV whose coordinate columns the user names. A large plain file is
// read in pieces at once (csv_pieces.hpp); every file's record structure is checked for
// damage the driver cannot see.
namespace hotspot::detail {

inline constexpr const char* kCsvStage = "readers.csv";

/// The path GDAL's CSV driver opens `path` by: with `CSV:` before it where the extension
/// alone would not select the driver (.tsv, .txt, a piece's window on a file).
[[nodiscard]] std::string csv_open_path(const std::string& path);

/// Open options for GDAL's CSV driver: every column read as text, so that a bad value is
/// reported as written, and a named WKT column read as the geometry.
[[nodiscard]] std::vector<std::string> csv_open_options(const ReadOptions& options);

/// The CRS of CSV coordinates, police.uk included: ReadOptions::crs, else WGS 84 (EPSG:4326).
[[nodiscard]] std::string csv_crs(const ReadOptions& options);

/// Binds a CSV source that is not police.uk: its x/y columns or its WKT column
/// (Error(usage) when neither or both are named), then the attribute columns.
[[nodiscard]] ColumnBinding bind_csv_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& source);

/// One thread's read of a CSV source: the whole file, or one piece of a large one.
struct CsvRead {
  std::size_t index = 0;    ///< the piece's place in the file; 0 for the whole file
  CsvPiece range;           ///< the piece's bytes (length 0: the whole file)
  std::uint64_t header_length = 0;
  /// Rows to reserve room for before reading (0: none). The first piece reserves for the
  /// whole file, so the merged rows can grow in place.
  std::uint64_t rows_hint = 0;
};

/// How to read a CSV source with up to `max_threads` threads: a plain CSV file on disk (not
/// gzipped, without a .csvt types file, read without a where filter) of at least twice
/// ReadOptions::min_piece_bytes in pieces cut on record boundaries, at most 64 MiB each; any
/// other source whole, in one read.
[[nodiscard]] std::vector<CsvRead> plan_csv_reads(const std::string& path, const ReadOptions& options,
                                                  std::size_t max_threads);

/// Where GDAL reads one piece of a CSV file: the first (with the header) as a window on the
/// file, a later one as the header followed by its bytes, in memory. Removed from GDAL's
/// memory files on scope exit.
class CsvPieceFile {
 public:
  /// Error(input) when the piece's bytes cannot be read.
  CsvPieceFile(const std::string& path, const CsvRead& read);
  ~CsvPieceFile();
  CsvPieceFile(const CsvPieceFile&) = delete;
  CsvPieceFile& operator=(const CsvPieceFile&) = delete;
  [[nodiscard]] const std::string& open_path() const { return open_path_; }

 private:
  std::string open_path_;
  std::vector<char> bytes_;
  bool in_memory_ = false;
};

/// Turns the record structure of a CSV source (scan_csv_shape) into Error(data) when rows
/// would vanish into one value (a quote never closed, or one quoted value over more than 10
/// lines), and into `notes` when line breaks inside rows change how rows are counted.
void check_csv_shape(const CsvShape& shape, const std::string& name, std::vector<std::string>& notes);

}  // namespace hotspot::detail
