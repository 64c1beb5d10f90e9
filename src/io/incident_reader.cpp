#include "hotspot/io/incident_reader.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <optional>
#include <regex>

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/core/threads.hpp"
#include "hotspot/io/network_sources.hpp"
#include "io/csv_pieces.hpp"
#include "io/gdal_handles.hpp"
#include "io/layer_rows.hpp"
#include "io/source_names.hpp"

namespace hotspot {
namespace {

namespace fs = std::filesystem;

using detail::column_index;
using detail::display_name;
using detail::ends_with_nocase;
using detail::is_csv_name;
using detail::is_police_uk_name;

constexpr const char* kPoliceUkStage = "readers.police_uk";
constexpr const char* kCsvStage = "readers.csv";
constexpr const char* kOgrStage = "readers.ogr";
// A piece of a large CSV file read by one thread holds at most this many bytes (so a piece's
// in-memory copy stays small however large the file).
constexpr std::uint64_t kMaxPieceBytes = std::uint64_t{64} << 20;

std::string layer_crs(OGRLayerH layer) {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  if (srs == nullptr) return {};
  const char* name = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (name != nullptr && code != nullptr) return std::string(name) + ":" + code;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  OSRExportToWktEx(srs, &wkt, options);
  std::string text = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return text;
}

OGRLayerH pick_layer(GDALDatasetH ds, const ReadOptions& options, const std::string& name) {
  if (!options.layer.empty()) {
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, options.layer.c_str());
    if (layer == nullptr) {
      throw Error(ErrorCode::input, ErrorContext{kOgrStage, name, std::nullopt, {}},
                  "no layer named \"" + options.layer + "\"");
    }
    return layer;
  }
  const int count = GDALDatasetGetLayerCount(ds);
  if (count == 1) return GDALDatasetGetLayer(ds, 0);
  std::string names;
  for (int i = 0; i < count && i < 20; ++i) {
    names += (i ? ", " : "") + std::string(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  }
  throw Error(ErrorCode::usage, ErrorContext{kOgrStage, name, std::nullopt, {}},
              count == 0 ? "has no layers" : "has " + std::to_string(count) + " layers; choose one with --layer (" + names + ")");
}

std::vector<std::string> csv_open_options(const ReadOptions& options) {
  // Every column is read as text so that a bad value is reported as written, not as
  // whatever GDAL's type guess turned it into.
  std::vector<std::string> open_options{"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"};
  if (!options.wkt_field.empty()) {
    open_options.push_back("GEOM_POSSIBLE_NAMES=" + options.wkt_field);
    open_options.push_back("KEEP_GEOM_COLUMNS=YES");
  }
  return open_options;
}

bool has_police_uk_columns(OGRFeatureDefnH defn) {
  for (const char* column : {"Month", "Longitude", "Latitude", "Crime type"}) {
    if (OGR_FD_GetFieldIndex(defn, column) < 0) return false;
  }
  return true;
}

// Rows longer than this many lines are damage, not data: no real field spans them.
constexpr std::uint64_t kMaxLinesPerRow = 10;

// Turns the scan of a CSV source into an error when rows vanished into one value, and into
// notes when line breaks inside rows changed how rows were counted.
void check_csv_shape(const detail::CsvShape& shape, const std::string& name, std::vector<std::string>& notes) {
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

// What one reader thread reads: a whole source, or a piece of a large CSV file.
struct ReadTarget {
  std::size_t source = 0;       ///< index in the expanded source list
  SourceFormat format = SourceFormat::ogr;
  std::size_t piece = 0;        ///< 0 for a whole source
  detail::CsvPiece range;       ///< the piece's bytes (length 0: the whole source)
  std::uint64_t header_length = 0;
  /// Rows to reserve room for before reading (0: the driver's count, if it knows one). The
  /// first piece reserves for the whole file, so the merged rows can grow in place.
  std::uint64_t rows_hint = 0;
};

// Where GDAL reads a piece: the first (with the header) as a window on the file, a later one
// as the header followed by its bytes, in memory. Removed from GDAL's memory files on scope exit.
class PieceFile {
 public:
  PieceFile(const std::string& path, const ReadTarget& t) {
    if (t.piece == 0) {
      open_path_ = "/vsisubfile/0_" + std::to_string(t.range.length) + "," + path;
      return;
    }
    bytes_.resize(t.header_length + t.range.length);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    const bool read = file != nullptr && std::fread(bytes_.data(), 1, t.header_length, file.get()) == t.header_length &&
                      std::fseek(file.get(), static_cast<long>(t.range.offset), SEEK_SET) == 0 &&
                      std::fread(bytes_.data() + t.header_length, 1, t.range.length, file.get()) == t.range.length;
    if (!read) {
      throw Error(ErrorCode::input, ErrorContext{"readers", display_name(path), std::nullopt, {}},
                  "cannot read bytes " + std::to_string(t.range.offset) + " to " +
                      std::to_string(t.range.offset + t.range.length) + " (did the file change while being read?)");
    }
    static std::atomic<std::uint64_t> serial{0};
    open_path_ = "/vsimem/hotspot_piece_" + std::to_string(serial++) + ".csv";
    VSILFILE* mem = VSIFileFromMemBuffer(open_path_.c_str(), reinterpret_cast<GByte*>(bytes_.data()),
                                         static_cast<vsi_l_offset>(bytes_.size()), FALSE);
    if (mem == nullptr) throw Error(ErrorCode::internal, "readers", "cannot make an in-memory file");
    VSIFCloseL(mem);
    in_memory_ = true;
  }
  ~PieceFile() {
    if (in_memory_) VSIUnlink(open_path_.c_str());
  }
  PieceFile(const PieceFile&) = delete;
  PieceFile& operator=(const PieceFile&) = delete;
  [[nodiscard]] const std::string& open_path() const { return open_path_; }

 private:
  std::string open_path_;
  std::vector<char> bytes_;
  bool in_memory_ = false;
};

// Reads one source, or one piece of it (`target.range.length` > 0), into `result`; returns
// the rows whose text was recoded from Windows-1252. Rows of a piece are numbered from 1
// within the piece (the caller shifts them).
std::uint64_t read_source(const std::string& path, const ReadTarget& target, const ReadOptions& options,
                          std::uint32_t index, ReadResult& result) {
  const SourceFormat format = target.format;
  const std::string name = display_name(path);
  const bool csv_like = format != SourceFormat::ogr;
  std::error_code ec;
  if (!detail::is_gdal_only_path(path) && fs::is_directory(path, ec)) {
    throw Error(ErrorCode::input, ErrorContext{"readers", name, std::nullopt, {}}, "is a folder, not a file");
  }
  std::optional<PieceFile> piece;
  if (target.range.length > 0) piece.emplace(path, target);
  std::string open_path = piece ? piece->open_path() : path;
  if (csv_like && !ends_with_nocase(open_path, ".csv") && !ends_with_nocase(open_path, ".csv.gz") && !open_path.starts_with("CSV:")) {
    open_path = "CSV:" + open_path;
  }
  const std::string stage = format == SourceFormat::police_uk ? kPoliceUkStage
                            : format == SourceFormat::csv     ? kCsvStage
                                                              : kOgrStage;
  auto ds = detail::open_vector(open_path, csv_like ? std::vector<std::string>{"CSV"} : std::vector<std::string>{},
                                csv_like ? csv_open_options(options) : std::vector<std::string>{});
  if (!ds) {
    if (!detail::is_gdal_only_path(path) && fs::exists(path, ec) && fs::file_size(path, ec) == 0) {
      throw Error(ErrorCode::data, ErrorContext{stage, name, std::nullopt, {}}, "is empty (0 bytes): no header, no rows");
    }
    throw Error(ErrorCode::input, ErrorContext{stage, name, std::nullopt, {}},
                "cannot open: " + detail::last_gdal_error(csv_like ? "not a readable CSV file" : "not a vector dataset GDAL can read"));
  }
  auto* handle = static_cast<GDALDatasetH>(ds.get());
  OGRLayerH layer = csv_like ? GDALDatasetGetLayer(handle, 0) : pick_layer(handle, options, name);
  if (layer == nullptr) throw Error(ErrorCode::data, ErrorContext{stage, name, std::nullopt, {}}, "has no rows");
  detail::apply_where(layer, options, stage, name);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);

  SourceIncidents part;
  part.source = index;
  part.incidents.sources.intern(name);
  detail::ColumnBinding b;
  const bool police_uk = format == SourceFormat::police_uk;
  if (police_uk) {
    // Looked up in this order so that a file missing several columns is told of the same
    // one first whatever else it lacks.
    b.category = column_index(defn, "Crime type", stage, name, true);
    b.month = column_index(defn, "Month", stage, name, true);
    b.x = column_index(defn, "Longitude", stage, name, true);
    b.y = column_index(defn, "Latitude", stage, name, true);
    b.location = column_index(defn, "Location", stage, name, false);
    b.lsoa_code = column_index(defn, "LSOA code", stage, name, false);
    b.lsoa_name = column_index(defn, "LSOA name", stage, name, false);
    b.crime_id = column_index(defn, "Crime ID", stage, name, false);
    b.x_name = "Longitude";
    b.y_name = "Latitude";
    b.month_name = "Month";
    b.month_required = true;
    b.category_required = true;
    part.incidents.crs = options.crs.empty() ? "EPSG:4326" : options.crs;
  } else if (format == SourceFormat::csv) {
    if (!options.wkt_field.empty() && (!options.x_field.empty() || !options.y_field.empty())) {
      throw Error(ErrorCode::usage, ErrorContext{stage, name, std::nullopt, {}},
                  "give either --wkt-field or --x-field/--y-field, not both");
    }
    if (!options.wkt_field.empty()) {
      b.wkt = column_index(defn, options.wkt_field, stage, name, true);
      b.geometry = true;
    } else {
      if (options.x_field.empty() || options.y_field.empty()) {
        throw Error(ErrorCode::usage, ErrorContext{stage, name, std::nullopt, {}},
                    "not a police.uk file: name its coordinate columns with --x-field/--y-field or --wkt-field");
      }
      b.x = column_index(defn, options.x_field, stage, name, true);
      b.y = column_index(defn, options.y_field, stage, name, true);
    }
    b.x_name = options.x_field;
    b.y_name = options.y_field;
    part.incidents.crs = options.crs.empty() ? "EPSG:4326" : options.crs;
  } else {
    b.geometry = true;
    const std::string crs = layer_crs(layer);
    part.incidents.crs = !options.crs.empty() ? options.crs : crs;
    if (part.incidents.crs.empty()) {
      throw Error(ErrorCode::crs, ErrorContext{stage, name, std::nullopt, {}},
                  "the layer has no CRS; give the CRS of its coordinates with --crs");
    }
  }
  if (!police_uk) detail::bind_attribute_columns(defn, options, stage, name, b);
  b.weight = column_index(defn, options.weight_field, stage, name, true);
  b.weight_name = options.weight_field;
  detail::check_unique_columns(defn, b, stage, name);

  detail::ignore_unused_columns(layer, defn, b, options);

  RowAccount account;
  account.sources.push_back(name);
  const std::uint64_t recoded =
      detail::read_layer_rows(layer, b, part, account, stage, name, target.range.offset, target.rows_hint);
  result.account.merge(account);
  result.parts.push_back(std::move(part));
  return recoded;
}

}  // namespace

SourceFormat detect_format(const std::string& source, const ReadOptions& options) {
  if (options.format != SourceFormat::auto_detect) return options.format;
  if (source.starts_with("PG:")) return SourceFormat::ogr;
  const bool fields_named = !options.x_field.empty() || !options.wkt_field.empty();
  if (is_police_uk_name(source) && !fields_named) return SourceFormat::police_uk;
  if (!is_csv_name(source)) return SourceFormat::ogr;
  if (fields_named) return SourceFormat::csv;
  std::string open_path = source;
  if (!ends_with_nocase(source, ".csv") && !ends_with_nocase(source, ".csv.gz")) open_path = "CSV:" + source;
  auto ds = detail::open_vector(open_path, {"CSV"}, {"AUTODETECT_TYPE=NO"});
  if (ds) {
    OGRLayerH layer = GDALDatasetGetLayer(static_cast<GDALDatasetH>(ds.get()), 0);
    if (layer != nullptr && has_police_uk_columns(OGR_L_GetLayerDefn(layer))) return SourceFormat::police_uk;
  }
  return SourceFormat::csv;
}

ReadResult read_incidents(const ReadOptions& options) {
  ExpandedInputs expanded = expand_sources(options.inputs);
  const std::vector<std::string>& sources = expanded.sources;
  const auto max_threads = static_cast<std::size_t>(
      options.threads > 0 ? effective_threads(options.threads) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  // police.uk data comes as one file per force and month, so files are read in parallel,
  // each into its own part. A large plain CSV file is also cut into pieces on record
  // boundaries, read in parallel too; merging in source and piece order keeps the result
  // independent of timing.
  std::vector<ReadTarget> targets;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string& path = sources[i];
    ReadTarget whole{.source = i, .format = detect_format(path, options)};
    std::error_code ec;
    const bool plain_csv = whole.format != SourceFormat::ogr && options.where.empty() && !path.starts_with("/vsi") &&
                           !path.starts_with("PG:") && !path.starts_with("CSV:") && !ends_with_nocase(path, ".gz") &&
                           fs::is_regular_file(path, ec) && !fs::exists(fs::path(path).replace_extension(".csvt"), ec);
    const std::uint64_t size = plain_csv ? fs::file_size(path, ec) : 0;
    const std::uint64_t min_piece = std::max<std::uint64_t>(1, options.min_piece_bytes);
    const std::size_t pieces =
        plain_csv && !ec && max_threads > 1 && size >= 2 * min_piece
            ? static_cast<std::size_t>(std::max<std::uint64_t>(std::min<std::uint64_t>(max_threads, size / min_piece),
                                                               (size + kMaxPieceBytes - 1) / kMaxPieceBytes))
            : 1;
    const detail::CsvSplit split = pieces > 1 ? detail::split_csv(path, pieces) : detail::CsvSplit{};
    if (split.pieces.size() < 2) {
      targets.push_back(whole);
      continue;
    }
    // Record ends count blank lines too: a row with coordinates takes at least 8 bytes, so a
    // file of blank lines cannot ask for more room than that (rows beyond a hint just grow).
    std::uint64_t file_records = 0;
    for (const auto& piece : split.pieces) file_records += piece.records_hint;
    for (std::size_t k = 0; k < split.pieces.size(); ++k) {
      ReadTarget t = whole;
      t.piece = k;
      t.range = split.pieces[k];
      t.header_length = split.header_length;
      t.rows_hint = k == 0 ? std::min(file_records, size / 8) : std::min(t.range.records_hint, t.range.length / 8);
      targets.push_back(t);
    }
  }

  std::vector<ReadResult> per_target(targets.size());
  std::vector<std::uint64_t> recoded(targets.size(), 0);
  std::vector<detail::CsvShape> shapes(targets.size());
  std::vector<std::exception_ptr> errors(targets.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < targets.size(); i = next++) {
      try {
        recoded[i] = read_source(sources[targets[i].source], targets[i], options,
                                 static_cast<std::uint32_t>(targets[i].source), per_target[i]);
        // The record structure of the whole file, once per CSV source, to catch damage the
        // CSV reader cannot see (a quote left open swallows every later row into one value).
        const std::string& path = sources[targets[i].source];
        if (targets[i].piece == 0 && targets[i].format != SourceFormat::ogr && !path.starts_with("PG:")) {
          shapes[i] = detail::scan_csv_shape(path.starts_with("CSV:") ? path.substr(4) : path);
        }
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t thread_count = std::min<std::size_t>(targets.size(), max_threads);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < thread_count; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  ReadResult result;
  result.notes = std::move(expanded.notes);
  for (std::size_t first = 0; first < targets.size();) {
    // The targets of one source: its pieces, whose rows continue where the previous ended.
    std::size_t last = first + 1;
    while (last < targets.size() && targets[last].source == targets[first].source) ++last;
    const auto source_index = static_cast<std::uint32_t>(result.account.sources.size());
    RowAccount account;
    account.sources.push_back(display_name(sources[targets[first].source]));
    std::uint64_t rows_before = 0, recoded_rows = 0;
    for (std::size_t t = first; t < last; ++t) {
      ReadResult& piece = per_target[t];
      for (auto& part : piece.parts) {
        part.source = source_index;
        if (rows_before > 0) {
          for (auto& row : part.incidents.row) row += rows_before;
        }
        result.parts.push_back(std::move(part));
      }
      const std::uint64_t piece_rows = piece.account.read;
      account.append_piece(std::move(piece.account), rows_before);
      rows_before += piece_rows;
      recoded_rows += recoded[t];
    }
    const std::string& name = account.sources.front();
    check_csv_shape(shapes[first], name, result.notes);
    if (recoded_rows > 0) {
      result.notes.push_back(name + ": " + std::to_string(recoded_rows) +
                             " rows had text that is not UTF-8; it was read as Windows-1252");
    }
    if (account.read == 0) result.notes.push_back(name + ": no data rows");
    result.account.merge(account);
    first = last;
  }
  return result;
}

}  // namespace hotspot
