#include "hotspot/io/incident_reader.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <optional>
#include <thread>

#include <gdal.h>
#include <ogr_api.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
#include "io/csv_pieces.hpp"
#include "io/csv_reader.hpp"
#include "io/gdal_handles.hpp"
#include "io/layer_rows.hpp"
#include "io/ogr_reader.hpp"
#include "io/police_uk_reader.hpp"
#include "io/source_names.hpp"

// The facade over the readers: which reader each source needs (police.uk, other CSV, OGR),
// reading the sources (and the pieces of large CSV files) on several threads, and merging
// what they read in source order. Input expansion is input_expansion.cpp; what every reader
// shares once a layer is open is layer_rows.cpp.
namespace hotspot {
namespace {

namespace fs = std::filesystem;

using detail::display_name;

// What one reader thread reads: a whole source, or a piece of a large CSV file.
struct ReadTarget {
  std::size_t source = 0;  ///< index in the expanded source list
  SourceFormat format = SourceFormat::ogr;
  detail::CsvRead read;    ///< the piece of a CSV file; the whole source by default
};

std::string stage_of(SourceFormat format) {
  return format == SourceFormat::police_uk ? detail::kPoliceUkStage
         : format == SourceFormat::csv     ? detail::kCsvStage
                                           : detail::kOgrStage;
}

// Reads one source, or one piece of it (`target.read.range.length` > 0), into `result`;
// returns the rows whose text was recoded from Windows-1252. Rows of a piece are numbered
// from 1 within the piece (the caller shifts them).
std::uint64_t read_source(const std::string& path, const ReadTarget& target, const ReadOptions& options,
                          std::uint32_t index, ReadResult& result) {
  const SourceFormat format = target.format;
  const std::string name = display_name(path);
  const bool csv_like = format != SourceFormat::ogr;
  std::error_code ec;
  if (!detail::is_gdal_only_path(path) && fs::is_directory(path, ec)) {
    throw Error(ErrorCode::input, ErrorContext{"readers", name, std::nullopt, {}}, "is a folder, not a file");
  }
  std::optional<detail::CsvPieceFile> piece;
  if (target.read.range.length > 0) piece.emplace(path, target.read);
  const std::string& open_path = piece ? piece->open_path() : path;
  const std::string stage = stage_of(format);
  auto ds = csv_like ? detail::open_vector(detail::csv_open_path(open_path), {"CSV"}, detail::csv_open_options(options))
                     : detail::open_vector(open_path, {}, {});
  if (!ds) {
    if (!detail::is_gdal_only_path(path) && fs::exists(path, ec) && fs::file_size(path, ec) == 0) {
      throw Error(ErrorCode::data, ErrorContext{stage, name, std::nullopt, {}}, "is empty (0 bytes): no header, no rows");
    }
    throw Error(ErrorCode::input, ErrorContext{stage, name, std::nullopt, {}},
                "cannot open: " + detail::last_gdal_error(csv_like ? "not a readable CSV file" : "not a vector dataset GDAL can read"));
  }
  auto* handle = static_cast<GDALDatasetH>(ds.get());
  OGRLayerH layer = csv_like ? GDALDatasetGetLayer(handle, 0) : detail::pick_layer(handle, options, name);
  if (layer == nullptr) throw Error(ErrorCode::data, ErrorContext{stage, name, std::nullopt, {}}, "has no rows");
  detail::apply_where(layer, options, stage, name);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);

  SourceIncidents part;
  part.source = index;
  part.incidents.sources.intern(name);
  detail::ColumnBinding b;
  if (format == SourceFormat::police_uk) {
    b = detail::bind_police_uk_columns(defn, name);
    part.incidents.crs = detail::csv_crs(options);
  } else if (format == SourceFormat::csv) {
    b = detail::bind_csv_columns(defn, options, name);
    part.incidents.crs = detail::csv_crs(options);
  } else {
    part.incidents.crs = detail::ogr_crs(layer, options, name);
    b = detail::bind_ogr_columns(defn, options, name);
  }
  b.weight = detail::column_index(defn, options.weight_field, stage, name, true);
  b.weight_name = options.weight_field;
  detail::check_unique_columns(defn, b, stage, name);
  detail::ignore_unused_columns(layer, defn, b, options);

  RowAccount account;
  account.sources.push_back(name);
  const std::uint64_t recoded =
      detail::read_layer_rows(layer, b, part, account, stage, name, target.read.range.offset, target.read.rows_hint);
  result.account.merge(account);
  result.parts.push_back(std::move(part));
  return recoded;
}

}  // namespace

SourceFormat detect_format(const std::string& source, const ReadOptions& options) {
  if (options.format != SourceFormat::auto_detect) return options.format;
  if (source.starts_with("PG:")) return SourceFormat::ogr;
  const bool fields_named = !options.x_field.empty() || !options.wkt_field.empty();
  if (detail::is_police_uk_name(source) && !fields_named) return SourceFormat::police_uk;
  if (!detail::is_csv_name(source)) return SourceFormat::ogr;
  if (fields_named) return SourceFormat::csv;
  return detail::has_police_uk_header(source) ? SourceFormat::police_uk : SourceFormat::csv;
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
    const SourceFormat format = detect_format(path, options);
    if (format == SourceFormat::ogr) {
      targets.push_back(ReadTarget{.source = i, .format = format});
      continue;
    }
    for (const detail::CsvRead& read : detail::plan_csv_reads(path, options, max_threads)) {
      targets.push_back(ReadTarget{.source = i, .format = format, .read = read});
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
        if (targets[i].read.index == 0 && targets[i].format != SourceFormat::ogr && !path.starts_with("PG:")) {
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
    detail::check_csv_shape(shapes[first], name, result.notes);
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
