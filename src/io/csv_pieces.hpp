#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotspot::detail {

/// A byte range of a CSV file that begins and ends on record boundaries.
struct CsvPiece {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  /// About how many records the piece holds, to reserve room for its rows: the record ends
  /// counted in it (blank lines included, so at least its records), and for the last piece,
  /// which is not scanned, its bytes at the others' bytes per record plus 1%. 0 when not split.
  std::uint64_t records_hint = 0;
};

/// A CSV file cut into pieces that can be read at the same time. The first piece starts at
/// byte 0 and so holds the header; a later piece is read as the header (`header_length`
/// bytes from the start) followed by its own bytes.
struct CsvSplit {
  std::uint64_t header_length = 0;
  std::vector<CsvPiece> pieces;  ///< in file order, covering the whole file; one when not split
};

/// Cuts a plain CSV file into `pieces` ranges of about equal size on record boundaries. GDAL's
/// CSV reader treats every quote character as entering or leaving a quoted field (a doubled
/// quote inside one leaves and re-enters), so a newline ends a record exactly when an even
/// number of quotes precede it: cuts are made after such newlines, never inside a quoted
/// value that spans lines. Gives a single piece when `pieces` < 2, the first line is blank or
/// no boundary falls in a later part of the file; no piece when the file cannot be read.
[[nodiscard]] CsvSplit split_csv(const std::string& path, std::size_t pieces);

/// The record structure of a CSV file as GDAL's CSV reader sees it: a line ends at LF, CRLF
/// or a lone CR, and a record runs on over line ends while an odd number of quotes precede
/// them. Used to tell a damaged file (a quote left open swallowing the rest, a stray CR
/// splitting rows) from a sound one, with line and row numbers for the message.
struct CsvShape {
  bool readable = false;
  std::uint64_t lines = 0;                 ///< physical lines
  std::uint64_t rows = 0;                  ///< data records (header and blank lines not counted)
  bool open_at_end = false;                ///< the file ends inside a quoted value
  std::uint64_t open_row = 0;              ///< the row where that value starts (1 = first data row)
  std::uint64_t open_line = 0;             ///< and its line (1 = the header)
  std::uint64_t longest_lines = 1;         ///< lines in the longest closed record
  std::uint64_t longest_row = 0;           ///< its row
  std::uint64_t longest_line = 0;          ///< its first line
  std::uint64_t multi_line_rows = 0;       ///< closed rows spanning more than one line
  std::uint64_t first_multi_line_row = 0;
  std::uint64_t lone_cr_outside_quotes = 0;  ///< CRs not before LF, outside quotes: each splits a row
  std::uint64_t first_lone_cr_line = 0;
};

/// Scans `gdal_path` (any path GDAL's virtual file systems read: /vsigzip/, /vsizip/) once.
/// `readable` is false when it cannot be opened.
[[nodiscard]] CsvShape scan_csv_shape(const std::string& gdal_path);

}  // namespace hotspot::detail
