#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <ogr_api.h>

#include "hotspot/io/incident_reader.hpp"

// What every incident reader shares once it has an OGR layer (police.uk and other CSV files
// are read through GDAL's CSV driver): looking up columns, checking the header, filtering,
// and turning each feature into an incident or a counted rejection.
namespace hotspot::detail {

/// The columns a reader found for the fields it was asked for (-1: absent), and what a row
/// must hold to be used. Filled by each reader's own binding (police_uk_reader.hpp,
/// csv_reader.hpp, ogr_reader.hpp); read by read_layer_rows.
struct ColumnBinding {
  int x = -1, y = -1, month = -1, time = -1, category = -1, weight = -1, location = -1;
  int lsoa_code = -1, lsoa_name = -1, crime_id = -1, wkt = -1;
  bool geometry = false;           ///< coordinates from the feature's geometry (OGR sources, WKT CSV)
  bool month_required = false;     ///< an empty month is a bad month (police.uk), not an unknown one
  bool category_required = false;  ///< an empty category rejects the row (police.uk)
  std::string x_name, y_name, month_name, time_name, weight_name;  ///< as rejections name them

  /// Every column position above, bound or not.
  [[nodiscard]] std::array<int, 11> columns() const {
    return {x, y, month, time, category, weight, location, lsoa_code, lsoa_name, crime_id, wkt};
  }
};

/// The position of column `name` in `defn`: -1 when `name` is empty or the column is absent
/// and not `required`; a required column that is absent is Error(data) naming it and listing
/// the columns there are.
[[nodiscard]] int column_index(OGRFeatureDefnH defn, const std::string& name, const std::string& stage,
                               const std::string& source, bool required);

/// Binds the attribute columns ReadOptions names (time, month, category, location), each
/// required once named. Every format but police.uk, whose columns are fixed, reads them.
void bind_attribute_columns(OGRFeatureDefnH defn, const ReadOptions& options, const std::string& stage,
                            const std::string& source, ColumnBinding& b);

/// A header naming a bound column twice (two `Longitude`): GDAL keeps both and the reader
/// would take one of them silently, so every row could be rejected for a reason that names
/// the wrong column. Error(data) naming the column and both positions.
void check_unique_columns(OGRFeatureDefnH defn, const ColumnBinding& b, const std::string& stage,
                          const std::string& source);

/// Applies ReadOptions::where as the layer's attribute filter; a filter OGR refuses is Error(usage).
void apply_where(OGRLayerH layer, const ReadOptions& options, const std::string& stage, const std::string& source);

/// Tells the driver which columns the reader never looks at, so it does not copy them into
/// every feature (OGR RFC 29). Not with a where filter: the filter needs its columns.
void ignore_unused_columns(OGRLayerH layer, OGRFeatureDefnH defn, const ColumnBinding& b, const ReadOptions& options);

enum class NumberStatus { ok, empty, not_a_number, not_finite };

/// Parses a coordinate or weight as written: spaces around it and a leading `+` allowed,
/// nothing else after the number. A value beyond a double's range ("1e999") is not a number,
/// never an infinity; "inf" and "nan" parse but are not finite.
[[nodiscard]] NumberStatus parse_number(std::string_view text, double& value);

/// Reads every feature of `layer` into `part`, accounting for each row in `account` (source
/// 0): used, or rejected with a reason and a detail naming the column and value. Row numbers
/// are feature ids where the driver gives them (CSV: 1 = the first data row), counted within a
/// piece of a CSV file (`piece_offset`: its first byte, for the error message). `rows_hint`:
/// rows to reserve room for when the driver has no cheap count. A read the driver stops with an
/// error is Error(input). Returns how many rows had text recoded from Windows-1252.
std::uint64_t read_layer_rows(OGRLayerH layer, const ColumnBinding& b, SourceIncidents& part, RowAccount& account,
                              const std::string& stage, const std::string& source_name, std::uint64_t piece_offset,
                              std::uint64_t rows_hint);

}  // namespace hotspot::detail
