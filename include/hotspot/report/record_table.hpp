#pragma once

#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hotspot/core/vector_layer.hpp"
#include "hotspot/report/html_report.hpp"

/// Tables and charts built from a list of records (cameras, patrol places, backtest months,
/// areas): each column or series is declared once, as a heading and a function of a record,
/// instead of being copied field by field into rows and series.
namespace hotspot::report {

/// One column of a table: its heading, each cell's text and, for a sortable table, the
/// number the column sorts by (empty, or NaN for a record: sorted by the cell's text).
template <typename Record>
struct Column {
  std::string header;
  std::function<std::string(const Record&)> text;
  std::function<double(const Record&)> sort_key;
};

/// One row per record, one cell per column. Sortable when any column has a sort key: the page
/// then lets the reader sort by any column (numbers by their key, the rest by their text).
template <typename Record>
[[nodiscard]] Table record_table(std::string title, const std::vector<Record>& records,
                                 const std::vector<Column<Record>>& columns) {
  Table table;
  table.title = std::move(title);
  bool keyed = false;
  for (const auto& column : columns) {
    table.header.push_back(column.header);
    keyed = keyed || static_cast<bool>(column.sort_key);
  }
  for (const Record& record : records) {
    std::vector<std::string> row;
    std::vector<double> keys;
    row.reserve(columns.size());
    for (const auto& column : columns) {
      row.push_back(column.text(record));
      if (keyed) keys.push_back(column.sort_key ? column.sort_key(record) : std::nan(""));
    }
    table.rows.push_back(std::move(row));
    if (keyed) table.sort_keys.push_back(std::move(keys));
  }
  table.sortable = keyed;
  return table;
}

/// One series of a chart: its name and colour, and its value for each record (NaN: a gap).
template <typename Record>
struct Measure {
  std::string name;
  std::string colour;
  std::function<double(const Record&)> value;
};

/// `chart` (its id, titles, kind, caption and decimals) with one label per record and one
/// series per measure.
template <typename Record>
[[nodiscard]] Chart record_chart(Chart chart, const std::vector<Record>& records,
                                 const std::function<std::string(const Record&)>& label,
                                 const std::vector<Measure<Record>>& measures) {
  chart.labels.clear();
  chart.series.clear();
  for (const Record& record : records) chart.labels.push_back(label(record));
  for (const auto& measure : measures) {
    Series series{measure.name, {}, measure.colour, {}};
    series.values.reserve(records.size());
    for (const Record& record : records) series.values.push_back(measure.value(record));
    chart.series.push_back(std::move(series));
  }
  return chart;
}

/// One field of a layer's features, found once by name.
class FieldReader {
 public:
  /// Throws Error (internal) when the layer has no such field: a report names the fields of
  /// layers the library made.
  FieldReader(const VectorLayer& layer, std::string_view field);
  /// The value as a number; NaN for a null or a text value.
  [[nodiscard]] double number(const VectorFeature& feature) const;
  /// The value as text ("" for a null); a number as the shortest text that reads back the same.
  [[nodiscard]] std::string text(const VectorFeature& feature) const;
  /// Whether `layer` has the field (publish mode drops some).
  [[nodiscard]] static bool exists(const VectorLayer& layer, std::string_view field);

 private:
  std::size_t index_;
};

}  // namespace hotspot::report
