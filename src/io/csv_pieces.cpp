#include "io/csv_pieces.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include <cpl_vsi.h>

namespace hotspot::detail {

CsvSplit split_csv(const std::string& path, std::size_t pieces) {
  CsvSplit split;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr || std::fseek(file.get(), 0, SEEK_END) != 0) return split;
  const long end = std::ftell(file.get());
  if (end <= 0 || std::fseek(file.get(), 0, SEEK_SET) != 0) return split;
  const auto size = static_cast<std::uint64_t>(end);
  split.pieces.push_back(CsvPiece{0, size});
  if (pieces < 2) return split;

  // Record ends wanted: the header's, then the first after each target offset.
  std::vector<std::uint64_t> cuts;
  std::size_t next_target = 1;
  bool header_done = false, header_blank = true;
  std::uint64_t quotes = 0, position = 0, record_ends = 0;
  std::vector<std::uint64_t> records_before_cut;
  std::vector<char> block(std::size_t{1} << 20);
  while (next_target < pieces) {
    const std::size_t got = std::fread(block.data(), 1, block.size(), file.get());
    if (got == 0) break;
    for (std::size_t i = 0; i < got && next_target < pieces; ++i, ++position) {
      const char c = block[i];
      if (c == '"') {
        ++quotes;
      } else if (c == '\n' && quotes % 2 == 0) {
        if (!header_done) {
          header_done = true;
          if (header_blank) return split;
          split.header_length = position + 1;
          continue;
        }
        ++record_ends;
        if (position + 1 >= size * next_target / pieces) {
          cuts.push_back(position + 1);
          records_before_cut.push_back(record_ends);
          while (next_target < pieces && position + 1 >= size * next_target / pieces) ++next_target;
        }
      }
      if (!header_done && c != '\r' && c != ' ' && c != '\t' && c != '\n') header_blank = false;
    }
  }
  if (std::ferror(file.get()) != 0 || !header_done) return split;
  // A cut at the very end would leave an empty last piece.
  while (!cuts.empty() && cuts.back() >= size) {
    cuts.pop_back();
    records_before_cut.pop_back();
  }
  if (cuts.empty()) return split;
  split.pieces.clear();
  std::uint64_t start = 0, records = 0;
  for (std::size_t k = 0; k < cuts.size(); ++k) {
    split.pieces.push_back(CsvPiece{start, cuts[k] - start, records_before_cut[k] - records});
    start = cuts[k];
    records = records_before_cut[k];
  }
  const double per_byte = static_cast<double>(records) / static_cast<double>(start - split.header_length);
  const auto last = static_cast<std::uint64_t>(per_byte * static_cast<double>(size - start) * 1.01) + 1;
  split.pieces.push_back(CsvPiece{start, size - start, last});
  return split;
}

CsvShape scan_csv_shape(const std::string& gdal_path) {
  CsvShape shape;
  VSILFILE* file = VSIFOpenL(gdal_path.c_str(), "rb");
  if (file == nullptr) return shape;
  shape.readable = true;
  std::vector<char> block(std::size_t{1} << 20);
  std::uint64_t quotes = 0;         // quotes in the current record
  std::uint64_t record_lines = 0;   // line ends inside the current record
  std::uint64_t record_line = 1;    // the line the current record starts on
  bool record_blank = true;         // only blanks so far in the current record
  bool header_done = false;
  bool pending_cr = false;          // the previous byte was a CR (a lone one unless LF follows)
  bool line_has_bytes = false;
  auto end_line = [&] {
    ++shape.lines;
    ++record_lines;
    line_has_bytes = false;
    if (quotes % 2 != 0) return;  // inside a quoted value: the record goes on
    if (!header_done) {
      header_done = true;
    } else if (!record_blank) {
      ++shape.rows;
      if (record_lines > 1) {
        if (shape.multi_line_rows++ == 0) shape.first_multi_line_row = shape.rows;
      }
      if (record_lines > shape.longest_lines) {
        shape.longest_lines = record_lines;
        shape.longest_row = shape.rows;
        shape.longest_line = record_line;
      }
    }
    quotes = 0;
    record_lines = 0;
    record_line = shape.lines + 1;
    record_blank = true;
  };
  for (;;) {
    const std::size_t got = VSIFReadL(block.data(), 1, block.size(), file);
    if (got == 0) break;
    for (std::size_t i = 0; i < got; ++i) {
      const char c = block[i];
      if (pending_cr) {
        pending_cr = false;
        if (c == '\n') {
          end_line();  // CRLF: one line end
          continue;
        }
        if (quotes % 2 == 0 && shape.lone_cr_outside_quotes++ == 0) shape.first_lone_cr_line = shape.lines + 1;
        end_line();
      }
      if (c == '\r') {
        pending_cr = true;
      } else if (c == '\n') {
        end_line();
      } else {
        line_has_bytes = true;
        if (c == '"') ++quotes;
        if (c != ' ' && c != '\t') record_blank = false;
      }
    }
  }
  VSIFCloseL(file);
  if (pending_cr) end_line();
  if (line_has_bytes) end_line();
  if (quotes % 2 != 0) {
    shape.open_at_end = true;
    shape.open_row = shape.rows + 1;
    shape.open_line = record_line;
  }
  return shape;
}

}  // namespace hotspot::detail
