#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/io/vector_writer.hpp"

/// A self-contained HTML report: one file holding its data, Leaflet and Chart.js, that works
/// offline. The model knows nothing about the analyses: callers fill it with layers, charts,
/// tables and sentences. Every string is treated as untrusted text (police.uk `Location`
/// strings and users' files end up here): it is HTML-escaped, and data inside <script> is
/// JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped.
namespace hotspot::report {

/// How point features are drawn (none of them needs an image file).
enum class MarkerKind { circle, square, diamond };

/// Colours features by classes of a numeric field: a value below breaks[0] takes colours[0],
/// one in [breaks[i-1], breaks[i]) takes colours[i], one at or above breaks.back() takes
/// colours.back(). Features without a number in the field keep the layer's own colours.
struct Graduated {
  std::string field;
  std::vector<double> breaks;        ///< ascending
  std::vector<std::string> colours;  ///< breaks.size() + 1 CSS colours
  std::vector<std::string> labels;   ///< legend text per class; empty: made from the breaks
  std::string title;                 ///< legend heading; empty: the field name
  bool stroke_too = false;           ///< also colour the outline (lines, small points)
};

/// Colours are CSS colours: `#rgb`, `#rrggbb`, `#rrggbbaa` or a colour name.
struct LayerStyle {
  std::string stroke = "#1f4e9c";
  std::string fill = "#1f4e9c";
  double stroke_width = 1.5;   ///< pixels
  double stroke_opacity = 1.0;
  double fill_opacity = 0.3;
  std::string dash;            ///< SVG dash array such as "4 4"; empty: solid
  double point_radius = 5;     ///< pixels
  MarkerKind marker = MarkerKind::circle;
  std::optional<Graduated> graduated;
};

/// One row of a feature's popup: the value of `field` under `label`.
struct PopupField {
  std::string field;
  std::string label;
  int decimals = -1;  ///< for numbers; -1: integers as they are, others to 1–3 decimals
  /// The value is a share (0.016) shown as a percentage ("1.6%", places as percent_text).
  bool percent = false;
};

/// One overlay of the map, in the layer switcher. Layers are drawn in order, the first at the
/// bottom: pass the context (study area, districts, roads) first.
struct MapLayer {
  std::string name;
  const VectorLayer* layer = nullptr;  ///< reprojected to WGS84 like write_geojson
  /// RFC 7946 FeatureCollection; when `layer` is set too, it must be geojson_text(*layer)
  /// (the layer's GeoJSON already written), taken instead of writing the layer again.
  std::string geojson;
  std::string description;             ///< legend text beside the swatch
  LayerStyle style;
  std::string title_field;             ///< popup heading from this field; empty: the layer name
  std::vector<PopupField> popup_fields;  ///< none: the layer has no popups and ignores clicks
  bool visible = true;                 ///< shown when the page opens
  bool fit_bounds = false;             ///< the opening view fits these layers (none: all layers)
};

enum class ChartKind { line, bar, stacked_bar, scatter_line };

/// One data series. Missing values are NaN: a gap in the chart, "–" in its table.
struct Series {
  std::string name;
  std::vector<double> values;  ///< one per label (scatter_line: one per x)
  std::string colour = "#1f4e9c";
  std::vector<double> x;       ///< scatter_line only: the x of each value
};

struct Chart {
  std::string id;  ///< letters, digits, '-' and '_'; unique in the report
  std::string title;
  ChartKind kind = ChartKind::line;
  std::string x_title;
  std::string y_title;
  std::vector<std::string> labels;  ///< categories on the x axis (not scatter_line)
  std::vector<Series> series;
  std::string caption;              ///< what the chart shows, in a sentence or two
  int decimals = -1;                ///< in the chart's table; -1 as PopupField::decimals
  /// Alternative text for readers who cannot see the chart: what it shows and its main
  /// message. Empty: the title and caption.
  std::string alt;
};

struct Table {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// The reader can sort the rows by clicking a column's heading.
  bool sortable = false;
  /// Sortable tables: per row, the number each cell sorts by (NaN: by its text); empty: every
  /// column by its text, numbers read from it.
  std::vector<std::vector<double>> sort_keys;
  /// The last this many rows are totals ("All", "Outside every area"): they stay at the foot of
  /// the table, apart from the sorting.
  std::size_t footer_rows = 0;
};

/// A titled part of the report: paragraphs, then the charts named by id, then tables.
struct Section {
  std::string heading;
  std::vector<std::string> paragraphs;
  std::vector<std::string> chart_ids;
  std::vector<Table> tables;
};

struct Report {
  std::string title;
  std::string subtitle;
  std::vector<std::string> summary;  ///< plain-English key findings, shown first
  /// What a reader must know about the data before trusting it (data_caveats), shown in a box
  /// after the summary.
  std::vector<std::string> caveats;
  std::string caveats_heading = "About the data";
  std::string map_heading = "Map";
  std::vector<MapLayer> layers;
  std::vector<Chart> charts;         ///< charts no section names go into a closing "Charts" section
  std::vector<Section> sections;
  /// Optional basemap tiles for online use, e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  /// empty: no basemap and the page may fetch nothing at all (its content security policy
  /// says so).
  std::string tile_url;
  std::string tile_attribution;       ///< plain text, required with tile_url
  std::vector<std::string> footnotes;  ///< data sources, attribution, generation parameters
};

/// The page. Same Report, same bytes. Throws Error (usage) for a report it cannot draw:
/// an unknown or repeated chart id, a series whose length does not match its labels, a colour
/// that is not a CSS colour, graduated classes that do not fit their breaks, a map layer with
/// no data or with GeoJSON that is not a FeatureCollection, a tile URL that is not http(s).
[[nodiscard]] std::string render_html(const Report& report);

/// Renders and writes the page atomically.
void write_html(const Report& report, const std::filesystem::path& path);

/// The figures a page has, for exporting each one on its own (export_pngs): "map" when the
/// report has map layers, then each chart's id, in page order.
[[nodiscard]] std::vector<std::string> figure_ids(const Report& report);

/// `text` with &, <, >, " and ' replaced by character references (safe in element content
/// and quoted attribute values).
[[nodiscard]] std::string html_escape(std::string_view text);

/// JSON text safe inside a <script> element: `<`, `>`, `&`, U+2028 and U+2029 written as
/// \uXXXX escapes, so no `</script>` or `<!--` can appear.
[[nodiscard]] std::string script_safe_json(std::string_view json_text);

}  // namespace hotspot::report
