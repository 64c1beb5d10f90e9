#include "io/csv_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <cpl_vsi.h>

#include "hotspot/core/error.hpp"
#include "io/source_names.hpp"

namespace hotspot::detail {
namespace {

namespace fs = std::filesystem;

// A piece of a large CSV file read by one thread holds at most this many bytes (so a piece's
// in-memory copy stays small however large the file).
constexpr std::uint64_t kMaxPieceBytes = std::uint64_t{64} << 20;

// Rows longer than this many lines are damage, not data: no real field spans them.
constexpr std::uint64_t kMaxLinesPerRow = 10;

}  // namespace

std::string csv_open_path(const std::string& path) {
  if (ends_with_nocase(path, ".csv") || ends_with_nocase(path, ".csv.gz") || path.starts_with("CSV:")) return path;
  return "CSV:" + path;
}

std::vector<std::string> csv_open_options(const ReadOptions& options) {
  std::vector<std::string> open_options{"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"};
  if (!options.wkt_field.empty()) {
    open_options.push_back("GEOM_POSSIBLE_NAMES=" + options.wkt_field);
    open_options.push_back("KEEP_GEOM_COLUMNS=YES");
  }
  return open_options;
}

std::string csv_crs(const ReadOptions& options) { return options.crs.empty() ? "EPSG:4326" : options.crs; }

ColumnBinding bind_csv_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& source) {
  ColumnBinding b;
  if (!options.wkt_field.empty() && (!options.x_field.empty() || !options.y_field.empty())) {
    throw Error(ErrorCode::usage, ErrorContext{kCsvStage, source, std::nullopt, {}},
                "give either " + option_ref("wkt-field") + " or " + option_ref("x-field") + "/" + option_ref("y-field") + ", not both");
  }
  if (!options.wkt_field.empty()) {
    b.wkt = column_index(defn, options.wkt_field, kCsvStage, source, true);
    b.geometry = true;
  } else {
    if (options.x_field.empty() || options.y_field.empty()) {
      throw Error(ErrorCode::usage, ErrorContext{kCsvStage, source, std::nullopt, {}},
                  "not a police.uk file: name its coordinate columns with " + option_ref("x-field") + "/" + option_ref("y-field") + " or " + option_ref("wkt-field"));
    }
    b.x = column_index(defn, options.x_field, kCsvStage, source, true);
    b.y = column_index(defn, options.y_field, kCsvStage, source, true);
  }
  b.x_name = options.x_field;
  b.y_name = options.y_field;
  bind_attribute_columns(defn, options, kCsvStage, source, b);
  return b;
}

std::vector<CsvRead> plan_csv_reads(const std::string& path, const ReadOptions& options, std::size_t max_threads) {
  std::error_code ec;
  const bool plain_csv = options.where.empty() && !is_gdal_only_path(path) && !path.starts_with("CSV:") &&
                         !ends_with_nocase(path, ".gz") && fs::is_regular_file(path, ec) &&
                         !fs::exists(fs::path(path).replace_extension(".csvt"), ec);
  const std::uint64_t size = plain_csv ? fs::file_size(path, ec) : 0;
  const std::uint64_t min_piece = std::max<std::uint64_t>(1, options.min_piece_bytes);
  const std::size_t pieces =
      plain_csv && !ec && max_threads > 1 && size >= 2 * min_piece
          ? static_cast<std::size_t>(std::max<std::uint64_t>(std::min<std::uint64_t>(max_threads, size / min_piece),
                                                             (size + kMaxPieceBytes - 1) / kMaxPieceBytes))
          : 1;
  const CsvSplit split = pieces > 1 ? split_csv(path, pieces) : CsvSplit{};
  if (split.pieces.size() < 2) return {CsvRead{}};
  // Record ends count blank lines too: a row with coordinates takes at least 8 bytes, so a
  // file of blank lines cannot ask for more room than that (rows beyond a hint just grow).
  std::uint64_t file_records = 0;
  for (const auto& piece : split.pieces) file_records += piece.records_hint;
  std::vector<CsvRead> reads;
  for (std::size_t k = 0; k < split.pieces.size(); ++k) {
    CsvRead read{.index = k, .range = split.pieces[k], .header_length = split.header_length};
    read.rows_hint = k == 0 ? std::min(file_records, size / 8) : std::min(read.range.records_hint, read.range.length / 8);
    reads.push_back(read);
  }
  return reads;
}

CsvPieceFile::CsvPieceFile(const std::string& path, const CsvRead& read) {
  if (read.index == 0) {
    open_path_ = "/vsisubfile/0_" + std::to_string(read.range.length) + "," + path;
    return;
  }
  bytes_.resize(read.header_length + read.range.length);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  const bool complete = file != nullptr &&
                        std::fread(bytes_.data(), 1, read.header_length, file.get()) == read.header_length &&
                        std::fseek(file.get(), static_cast<long>(read.range.offset), SEEK_SET) == 0 &&
                        std::fread(bytes_.data() + read.header_length, 1, read.range.length, file.get()) ==
                            read.range.length;
  if (!complete) {
    throw Error(ErrorCode::input, ErrorContext{"readers", display_name(path), std::nullopt, {}},
                "cannot read bytes " + std::to_string(read.range.offset) + " to " +
                    std::to_string(read.range.offset + read.range.length) + " (did the file change while being read?)");
  }
  static std::atomic<std::uint64_t> serial{0};
  open_path_ = "/vsimem/hotspot_piece_" + std::to_string(serial++) + ".csv";
  VSILFILE* mem = VSIFileFromMemBuffer(open_path_.c_str(), reinterpret_cast<GByte*>(bytes_.data()),
                                       static_cast<vsi_l_offset>(bytes_.size()), FALSE);
  if (mem == nullptr) throw Error(ErrorCode::internal, "readers", "cannot make an in-memory file");
  VSIFCloseL(mem);
  in_memory_ = true;
}

CsvPieceFile::~CsvPieceFile() {
  if (in_memory_) VSIUnlink(open_path_.c_str());
}

void check_csv_shape(const CsvShape& shape, const std::string& name, std::vector<std::string>& notes) {
  if (!shape.readable) return;
  if (shape.open_at_end && shape.lines > shape.open_line) {
    const std::uint64_t swallowed = shape.lines - shape.open_line;
    throw Error(ErrorCode::data, ErrorContext{"readers", name, shape.open_row, {}},
                "a quote (\") opened on line " + std::to_string(shape.open_line) +
                    " is never closed, so the " + std::to_string(swallowed) +
                    " lines after it would be read as one value and their rows lost; likely an unmatched quote "
                    "in this row. Close or remove it");
  }
  if (shape.longest_lines > kMaxLinesPerRow) {
    throw Error(ErrorCode::data, ErrorContext{"readers", name, shape.longest_row, {}},
                "one quoted value runs from line " + std::to_string(shape.longest_line) + " over " +
                    std::to_string(shape.longest_lines) + " lines, so the rows on them would be lost; likely a quote "
                    "left open in this row and closed by a stray quote on line " +
                    std::to_string(shape.longest_line + shape.longest_lines - 1) + ". Fix the quotes");
  }
  if (shape.multi_line_rows > 0) {
    notes.push_back(name + ": " + std::to_string(shape.multi_line_rows) + " row" +
                    (shape.multi_line_rows == 1 ? "" : "s") + " (the first is row " +
                    std::to_string(shape.first_multi_line_row) +
                    ") hold line breaks inside quoted values; each was read as one row");
  }
  if (shape.lone_cr_outside_quotes > 0) {
    notes.push_back(name + ": " + std::to_string(shape.lone_cr_outside_quotes) +
                    " lone carriage return (CR) character" + (shape.lone_cr_outside_quotes == 1 ? "" : "s") +
                    " outside quotes (the first on line " + std::to_string(shape.first_lone_cr_line) +
                    ") end lines in the middle of rows: each splits a row in two, which shows as rejected rows");
  }
}

}  // namespace hotspot::detail
