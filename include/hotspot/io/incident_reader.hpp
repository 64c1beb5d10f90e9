#pragma once

#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/row_account.hpp"
#include "hotspot/io/input_expansion.hpp"

namespace hotspot {

enum class SourceFormat {
  auto_detect,  ///< police.uk by file name or header, other CSV by extension, else OGR
  police_uk,    ///< data.police.uk street-level CSV
  csv,          ///< any CSV with user-named columns
  ogr,          ///< any OGR vector source: GeoPackage, Shapefile, GeoJSON, FlatGeobuf, PG:...
};

/// How to read incidents. Field names are needed for generic CSV (x/y or WKT) and optional
/// for OGR sources (time, category, weight); police.uk files need none.
struct ReadOptions {
  std::vector<std::string> inputs;  ///< files, folders, globs, .zip archives, `PG:` strings
  SourceFormat format = SourceFormat::auto_detect;
  std::string x_field;         ///< generic CSV: x / longitude column
  std::string y_field;         ///< generic CSV: y / latitude column
  std::string wkt_field;       ///< generic CSV: a WKT point column instead of x/y
  std::string crs;             ///< CRS of CSV coordinates (default EPSG:4326); overrides a layer's own
  std::string time_field;      ///< full timestamps (ISO 8601, dd/mm/yyyy HH:MM)
  std::string month_field;     ///< YYYY-MM months (police.uk: "Month")
  std::string category_field;  ///< crime type / category
  std::string weight_field;    ///< numeric weight per row
  std::string location_field;  ///< a place description (police.uk: "Location")
  std::string layer;           ///< OGR layer name (default: the only layer)
  std::string where;           ///< OGR attribute filter (SQL WHERE syntax)
  int threads = 0;             ///< files read at once; 0 = one per core (output never depends on it)
  /// A plain CSV file of at least twice this size is cut into pieces on record boundaries,
  /// read by several threads at once (results identical to reading it whole).
  std::uint64_t min_piece_bytes = std::uint64_t{1} << 20;
};

/// The incidents of one source, in that source's CRS (`incidents.crs`).
struct SourceIncidents {
  Incidents incidents;
  std::uint32_t source = 0;  ///< index into RowAccount::sources
};

struct ReadResult {
  std::vector<SourceIncidents> parts;
  RowAccount account;
  std::vector<std::string> notes;  ///< things the user should know (not errors)
};

/// Reads every source. Rows that cannot be used are rejected with a reason in the account;
/// a source that cannot be opened, or is not what `format` says, throws Error.
[[nodiscard]] ReadResult read_incidents(const ReadOptions& options);

/// The format `auto_detect` resolves to for one expanded source.
[[nodiscard]] SourceFormat detect_format(const std::string& source, const ReadOptions& options);

}  // namespace hotspot
