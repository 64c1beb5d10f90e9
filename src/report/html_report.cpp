#include "hotspot/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/core/version.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "report/embedded_assets.hpp"

namespace hotspot::report {
namespace {

constexpr const char* kStage = "report.html";

[[noreturn]] void refuse(const std::string& what) { throw Error(ErrorCode::usage, kStage, what); }

// ---------------------------------------------------------------------------------------
// Checks on what callers pass: everything below ends up in CSS, JS or HTML.

bool is_css_colour(const std::string& colour) {
  if (colour.empty()) return false;
  if (colour[0] == '#') {
    const std::size_t digits = colour.size() - 1;
    if (digits != 3 && digits != 4 && digits != 6 && digits != 8) return false;
    return std::all_of(colour.begin() + 1, colour.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  }
  return std::all_of(colour.begin(), colour.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

void check_colour(const std::string& colour, const std::string& where) {
  if (!is_css_colour(colour)) refuse(where + ": \"" + colour + "\" is not a CSS colour (#rgb, #rrggbb or a name)");
}

bool is_chart_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

bool is_dash_array(const std::string& dash) {
  return std::all_of(dash.begin(), dash.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == ',' || c == '.';
  });
}

// The CSP source allowing the tile server: scheme://host, `{s}.` subdomains as a wildcard.
std::string tile_source(const std::string& url) {
  std::string scheme;
  if (url.rfind("https://", 0) == 0) scheme = "https://";
  else if (url.rfind("http://", 0) == 0) scheme = "http://";
  else refuse("tile URL \"" + url + "\" does not start with https:// or http://");
  for (const char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\'' || c == ';' || c == ',' ||
        c == '<' || c == '>' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      refuse("tile URL \"" + url + "\" holds a character a URL cannot have");
    }
  }
  std::string host = url.substr(scheme.size(), url.find('/', scheme.size()) - scheme.size());
  if (host.rfind("{s}.", 0) == 0) host = "*." + host.substr(4);
  if (host.empty() || host.find_first_of("{}") != std::string::npos) return scheme.substr(0, scheme.size() - 2);
  return scheme + host;
}

// ---------------------------------------------------------------------------------------
// Text.

std::string number_text(double value, int decimals) {
  if (std::isnan(value)) return "\u2013";
  if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";
  int places = decimals;
  if (places < 0) {
    const double magnitude = std::fabs(value);
    if (value == std::nearbyint(value) && magnitude < 1e15) places = 0;
    else if (magnitude >= 100) places = 1;
    else if (magnitude >= 1) places = 2;
    else places = 3;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::min(places, 12), value);
  std::string text = buffer;
  if (text == "-0" || text.find_first_not_of("-0.") == std::string::npos) {
    if (text[0] == '-') text.erase(0, 1);  // -0.00 reads as a mistake
  }
  return text;
}

bool looks_numeric(const std::string& cell) {
  std::string digits;
  for (const char c : cell) {
    if (c == ',') continue;  // 1,234
    if (c == '%') continue;
    if (c == '+' && digits.empty()) continue;  // +12% (from_chars reads no plus sign)
    digits += c;
  }
  if (digits.empty()) return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size();
}

// The embedded libraries go inside <script>/<style>: refuse (a bug) if one could close it.
void check_embeddable(std::string_view text, std::string_view closing, const char* what) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find(closing) != std::string::npos || lower.find("<!--") != std::string::npos) {
    throw Error(ErrorCode::internal, kStage, std::string(what) + " cannot be embedded: it contains " + std::string(closing));
  }
}

std::string without_source_map(std::string text) {
  for (const std::string marker : {"//# sourceMappingURL=", "/*# sourceMappingURL="}) {
    const std::size_t at = text.find(marker);
    if (at == std::string::npos) continue;
    std::size_t end = text.find('\n', at);
    if (marker[1] == '*') end = text.find("*/", at) == std::string::npos ? end : text.find("*/", at) + 2;
    text.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return text;
}

// Leaflet's stylesheet names image files; the page has none, so they become inline SVG or nothing.
std::string leaflet_css() {
  std::string css = without_source_map(std::string(embedded::leaflet_css()));
  const std::string layers_icon =
      "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='26' height='26' "
      "viewBox='0 0 26 26'%3E%3Cpath d='M13 3 24 9 13 15 2 9Z' fill='%23555'/%3E%3Cpath d='M2 14 13 20 24 14' "
      "fill='none' stroke='%23555' stroke-width='2'/%3E%3C/svg%3E\")";
  const std::pair<std::string, std::string> replacements[] = {
      {"url(images/layers.png)", layers_icon},
      {"url(images/layers-2x.png)", layers_icon},
      {"url(images/marker-icon.png)", "none"},
  };
  for (const auto& [from, to] : replacements) {
    for (std::size_t at = css.find(from); at != std::string::npos; at = css.find(from, at + to.size())) {
      css.replace(at, from.size(), to);
    }
  }
  if (css.find("url(images/") != std::string::npos) {
    throw Error(ErrorCode::internal, kStage, "leaflet.css names an image this page does not provide");
  }
  return css;
}

// ---------------------------------------------------------------------------------------
// Data for the page script.

const char* marker_name(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::circle: return "circle";
    case MarkerKind::square: return "square";
    case MarkerKind::diamond: return "diamond";
  }
  return "circle";
}

const char* chart_kind_name(ChartKind kind) {
  switch (kind) {
    case ChartKind::line: return "line";
    case ChartKind::bar: return "bar";
    case ChartKind::stacked_bar: return "stacked_bar";
    case ChartKind::scatter_line: return "scatter_line";
  }
  return "line";
}

nlohmann::json numbers_json(const std::vector<double>& values) {
  auto array = nlohmann::json::array();
  for (const double v : values) array.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
  return array;
}

std::vector<std::string> class_labels(const Graduated& g, int decimals) {
  if (!g.labels.empty()) return g.labels;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i <= g.breaks.size(); ++i) {
    if (i == 0) labels.push_back("below " + number_text(g.breaks[0], decimals));
    else if (i == g.breaks.size()) labels.push_back(number_text(g.breaks[i - 1], decimals) + " or more");
    else labels.push_back(number_text(g.breaks[i - 1], decimals) + " to under " + number_text(g.breaks[i], decimals));
  }
  return labels;
}

void check_layer(const MapLayer& layer) {
  const std::string where = "map layer \"" + layer.name + "\"";
  if (layer.name.empty()) refuse("a map layer has no name");
  check_colour(layer.style.stroke, where + " stroke");
  check_colour(layer.style.fill, where + " fill");
  if (!is_dash_array(layer.style.dash)) refuse(where + ": dash \"" + layer.style.dash + "\" is not a dash array");
  for (const double v : {layer.style.stroke_width, layer.style.stroke_opacity, layer.style.fill_opacity, layer.style.point_radius}) {
    if (!std::isfinite(v) || v < 0) refuse(where + ": style numbers must be finite and not negative");
  }
  if (const auto& g = layer.style.graduated) {
    if (g->field.empty()) refuse(where + ": graduated style without a field");
    if (g->breaks.empty()) refuse(where + ": graduated style without breaks");
    if (g->colours.size() != g->breaks.size() + 1) {
      refuse(where + ": graduated style needs " + std::to_string(g->breaks.size() + 1) + " colours for " +
             std::to_string(g->breaks.size()) + " breaks, got " + std::to_string(g->colours.size()));
    }
    if (!g->labels.empty() && g->labels.size() != g->colours.size()) refuse(where + ": one legend label per class");
    for (std::size_t i = 0; i < g->breaks.size(); ++i) {
      if (!std::isfinite(g->breaks[i]) || (i > 0 && !(g->breaks[i] > g->breaks[i - 1]))) {
        refuse(where + ": graduated breaks must be finite and ascending");
      }
    }
    for (const auto& c : g->colours) check_colour(c, where + " class");
  }
  if (layer.layer == nullptr && layer.geojson.empty()) refuse(where + " has no data");
}

// The layer's features as WGS84 GeoJSON, keeping only the properties the page uses.
nlohmann::json layer_geojson(const MapLayer& layer) {
  const std::string text = layer.layer != nullptr ? geojson_text(*layer.layer) : layer.geojson;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || parsed.value("type", "") != "FeatureCollection" ||
      !parsed.contains("features") || !parsed["features"].is_array()) {
    refuse("map layer \"" + layer.name + "\": its GeoJSON is not a FeatureCollection");
  }
  std::set<std::string> used;
  for (const auto& f : layer.popup_fields) used.insert(f.field);
  if (!layer.title_field.empty()) used.insert(layer.title_field);
  if (layer.style.graduated) used.insert(layer.style.graduated->field);
  auto features = nlohmann::json::array();
  for (auto& feature : parsed["features"]) {
    if (!feature.is_object() || !feature.contains("geometry") || feature["geometry"].is_null()) continue;
    nlohmann::json properties = nlohmann::json::object();
    if (feature.contains("properties") && feature["properties"].is_object()) {
      for (const auto& name : used) {
        if (feature["properties"].contains(name)) properties[name] = feature["properties"][name];
      }
    }
    features.push_back({{"type", "Feature"}, {"properties", std::move(properties)}, {"geometry", std::move(feature["geometry"])}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

nlohmann::json layer_json(const MapLayer& layer) {
  nlohmann::json style = {
      {"stroke", layer.style.stroke},
      {"fill", layer.style.fill},
      {"stroke_width", layer.style.stroke_width},
      {"stroke_opacity", layer.style.stroke_opacity},
      {"fill_opacity", layer.style.fill_opacity},
      {"dash", layer.style.dash},
      {"point_radius", layer.style.point_radius},
      {"marker", marker_name(layer.style.marker)},
  };
  if (const auto& g = layer.style.graduated) {
    style["graduated"] = {{"field", g->field}, {"breaks", g->breaks}, {"colours", g->colours}, {"stroke_too", g->stroke_too}};
  }
  auto popup = nlohmann::json::array();
  for (const auto& f : layer.popup_fields) popup.push_back({{"field", f.field}, {"label", f.label}, {"decimals", f.decimals}});
  return {
      {"name", layer.name},
      // Leaflet's layer switcher writes names with innerHTML, so it gets them escaped.
      {"name_html", html_escape(layer.name)},
      {"style", std::move(style)},
      {"title_field", layer.title_field},
      {"popup", std::move(popup)},
      {"visible", layer.visible},
      {"fit_bounds", layer.fit_bounds},
      {"geojson", layer_geojson(layer)},
  };
}

void check_chart(const Chart& chart) {
  const std::string where = "chart \"" + chart.id + "\"";
  if (!is_chart_id(chart.id)) refuse("chart id \"" + chart.id + "\" may hold only letters, digits, '-' and '_'");
  if (chart.series.empty()) refuse(where + " has no series");
  for (const auto& s : chart.series) {
    check_colour(s.colour, where + " series \"" + s.name + "\"");
    if (chart.kind == ChartKind::scatter_line) {
      if (s.x.size() != s.values.size()) {
        refuse(where + " series \"" + s.name + "\": " + std::to_string(s.x.size()) + " x for " +
               std::to_string(s.values.size()) + " values");
      }
    } else if (s.values.size() != chart.labels.size()) {
      refuse(where + " series \"" + s.name + "\": " + std::to_string(s.values.size()) + " values for " +
             std::to_string(chart.labels.size()) + " labels");
    }
  }
}

nlohmann::json chart_json(const Chart& chart) {
  auto series = nlohmann::json::array();
  for (const auto& s : chart.series) {
    series.push_back({{"name", s.name}, {"colour", s.colour}, {"values", numbers_json(s.values)}, {"x", numbers_json(s.x)}});
  }
  return {{"id", chart.id},         {"title", chart.title},     {"kind", chart_kind_name(chart.kind)},
          {"x_title", chart.x_title}, {"y_title", chart.y_title}, {"labels", chart.labels},
          {"series", std::move(series)}};
}

// ---------------------------------------------------------------------------------------
// HTML.

void append_table(std::string& html, const Table& table, const std::string& css_class) {
  html += "<table class=\"" + css_class + "\">";
  if (!table.title.empty()) html += "<caption>" + html_escape(table.title) + "</caption>";
  if (!table.header.empty()) {
    html += "<thead><tr>";
    for (const auto& h : table.header) html += "<th scope=\"col\">" + html_escape(h) + "</th>";
    html += "</tr></thead>";
  }
  html += "<tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool number = i > 0 && looks_numeric(row[i]);
      html += std::string(i == 0 ? "<th scope=\"row\"" : "<td") + (number ? " class=\"num\">" : ">");
      html += html_escape(row[i]);
      html += i == 0 ? "</th>" : "</td>";
    }
    html += "</tr>\n";
  }
  html += "</tbody></table>\n";
}

Table chart_table(const Chart& chart) {
  Table table;
  if (chart.kind == ChartKind::scatter_line) {
    table.header = {"Series", chart.x_title.empty() ? "x" : chart.x_title, chart.y_title.empty() ? "y" : chart.y_title};
    for (const auto& s : chart.series) {
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        table.rows.push_back({s.name, number_text(s.x[i], chart.decimals), number_text(s.values[i], chart.decimals)});
      }
    }
    return table;
  }
  table.header.push_back(chart.x_title);
  for (const auto& s : chart.series) table.header.push_back(s.name);
  for (std::size_t i = 0; i < chart.labels.size(); ++i) {
    std::vector<std::string> row{chart.labels[i]};
    for (const auto& s : chart.series) row.push_back(number_text(s.values[i], chart.decimals));
    table.rows.push_back(std::move(row));
  }
  return table;
}

void append_chart(std::string& html, const Chart& chart) {
  html += "<figure class=\"chart\" id=\"figure-" + chart.id + "\">\n<figcaption>" + html_escape(chart.title) + "</figcaption>\n";
  html += "<div class=\"chart-box\"><canvas id=\"hs-chart-" + chart.id + "\" role=\"img\" aria-label=\"" +
          html_escape(chart.title) + "\"></canvas></div>\n";
  if (!chart.caption.empty()) html += "<p class=\"caption\">" + html_escape(chart.caption) + "</p>\n";
  html += "<details class=\"chart-data\"><summary>Numbers behind this chart</summary>\n";
  append_table(html, chart_table(chart), "data");
  html += "</details>\n</figure>\n";
}

std::string swatch(const std::string& stroke, const std::string& fill, double fill_opacity, MarkerKind marker, bool point) {
  // Colours are checked CSS colours, so they may go into a style attribute as they are.
  const std::string shape = point ? std::string(" swatch-") + marker_name(marker) : "";
  char opacity[32];
  std::snprintf(opacity, sizeof opacity, "%.2f", std::clamp(fill_opacity, 0.0, 1.0));
  return "<span class=\"swatch" + shape + "\" style=\"border-color:" + stroke + "\"><span style=\"background:" + fill +
         ";opacity:" + opacity + "\"></span></span>";
}

void append_legend(std::string& html, const Report& report) {
  html += "<div id=\"hs-legend\" class=\"legend\">\n<h3>Legend</h3>\n<ul>\n";
  for (const auto& layer : report.layers) {
    const bool point = layer.layer != nullptr && layer.layer->geometry == GeometryKind::point;
    const auto& s = layer.style;
    html += "<li>" + swatch(s.stroke, s.fill, s.fill_opacity, s.marker, point) + "<strong>" + html_escape(layer.name) + "</strong>";
    if (!layer.description.empty()) html += " \u2014 " + html_escape(layer.description);
    if (const auto& g = s.graduated) {
      html += "\n<ul class=\"classes\"><li class=\"classes-title\">" + html_escape(g->title.empty() ? g->field : g->title) + "</li>";
      const auto labels = class_labels(*g, -1);
      for (std::size_t i = 0; i < g->colours.size(); ++i) {
        html += "<li>" + swatch(g->stroke_too ? g->colours[i] : s.stroke, g->colours[i], std::max(s.fill_opacity, 0.6), s.marker, point) +
                html_escape(labels[i]) + "</li>";
      }
      html += "</ul>";
    }
    html += "</li>\n";
  }
  html += "</ul>\n</div>\n";
}

constexpr const char* kPageCss = R"CSS(
:root { --ink: #1d2430; --muted: #5a6372; --rule: #d6dae0; --accent: #1f4e9c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; border-bottom: 3px solid var(--accent); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
.summary { background: #f2f6fc; border-left: 5px solid var(--accent); padding: 8px 18px; margin-top: 18px; }
.summary h2 { border: 0; margin-top: 6px; }
.summary li { margin: 4px 0; }
#hs-map { height: 620px; border: 1px solid var(--rule); background: #f7f7f2; }
.leaflet-container { background: #f7f7f2; font-family: inherit; }
.map-note { color: var(--muted); font-size: 13px; }
.legend ul { list-style: none; padding: 0; margin: 0; }
.legend > ul { columns: 2 360px; }
.legend li { margin: 2px 0; break-inside: avoid; }
.legend ul.classes { margin: 2px 0 6px 26px; font-size: 13px; }
.legend .classes-title { color: var(--muted); }
.swatch { display: inline-block; width: 18px; height: 12px; margin-right: 8px; vertical-align: middle; border: 2px solid; position: relative; overflow: hidden; }
.swatch > span { position: absolute; inset: 0; }
.swatch-circle { width: 12px; border-radius: 50%; margin: 0 11px 0 3px; }
.swatch-square { width: 12px; margin: 0 11px 0 3px; }
.swatch-diamond { width: 11px; height: 11px; transform: rotate(45deg); margin: 0 11px 0 4px; }
.hs-marker span { display: block; width: 100%; height: 100%; border: 2px solid; }
.hs-marker-diamond span { transform: rotate(45deg) scale(0.8); }
.hs-popup table { border-collapse: collapse; margin-top: 4px; }
.hs-popup th { text-align: left; padding: 1px 10px 1px 0; font-weight: normal; color: var(--muted); vertical-align: top; }
.hs-popup td { padding: 1px 0; max-width: 260px; }
.chart { margin: 16px 0 24px; border: 1px solid var(--rule); padding: 12px 14px; }
.chart figcaption { font-weight: bold; }
.chart-box { position: relative; height: 320px; }
.caption { color: var(--muted); margin: 6px 0; }
details summary { cursor: pointer; color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
table caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#hs-errors { background: #fde8e8; color: #8a1010; border: 1px solid #e0a0a0; padding: 8px; white-space: pre-wrap; }
footer { margin-top: 32px; padding-bottom: 32px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--rule); }
footer h2 { font-size: 16px; border: 0; }
@media print {
  body { font-size: 11pt; }
  header, main, footer { max-width: none; padding: 0; }
  #hs-map { height: 16cm; page-break-inside: avoid; }
  .leaflet-control-zoom, .leaflet-control-layers { display: none; }
  .chart, table, .legend li { page-break-inside: avoid; }
  .chart-box { height: 8cm; }
  details summary { display: none; }
}
)CSS";

// Runs before anything else: every error, console.error and blocked request is kept and
// shown, and left in #hs-errors for the test that opens the page in a browser.
constexpr const char* kErrorTrap = R"JS(
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    var box = document.getElementById('hs-errors');
    if (box) { box.textContent = errors.join('\n'); box.hidden = false; }
  }
  window.hsRecordError = record;
  window.hsErrors = errors;
  window.addEventListener('error', function (e) {
    if (e.target && e.target !== window && e.target.tagName) record('cannot load ' + e.target.tagName.toLowerCase());
    else record('error: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')');
  }, true);
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page policy: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
})();
)JS";

constexpr const char* kPageJs = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hs-data').textContent);
  var status = document.getElementById('hs-status');

  function formatValue(value, decimals) {
    if (value === null || value === undefined || value === '') return '\u2013';
    if (typeof value !== 'number') return String(value);
    if (!isFinite(value)) return String(value);
    var places = decimals;
    if (places < 0) {
      var m = Math.abs(value);
      places = Number.isInteger(value) ? 0 : (m >= 100 ? 1 : (m >= 1 ? 2 : 3));
    }
    return value.toFixed(places);
  }

  function classColour(g, value) {
    if (typeof value !== 'number' || !isFinite(value)) return null;
    var i = 0;
    while (i < g.breaks.length && value >= g.breaks[i]) ++i;
    return g.colours[i];
  }

  function featureStyle(layer, feature) {
    var s = layer.style, fill = s.fill, stroke = s.stroke;
    if (s.graduated) {
      var c = classColour(s.graduated, (feature.properties || {})[s.graduated.field]);
      if (c) { fill = c; if (s.graduated.stroke_too) stroke = c; }
    }
    return { color: stroke, weight: s.stroke_width, opacity: s.stroke_opacity, fillColor: fill,
             fillOpacity: s.fill_opacity, dashArray: s.dash || null };
  }

  // Popups are DOM built with textContent: no text from the data is ever parsed as HTML.
  function popupContent(layer, feature) {
    var p = feature.properties || {};
    var box = document.createElement('div');
    box.className = 'hs-popup';
    var heading = document.createElement('strong');
    var title = layer.title_field ? p[layer.title_field] : null;
    heading.textContent = (title === null || title === undefined) ? layer.name : String(title);
    box.appendChild(heading);
    var table = document.createElement('table');
    layer.popup.forEach(function (field) {
      var row = table.insertRow();
      var th = document.createElement('th');
      th.textContent = field.label;
      row.appendChild(th);
      row.insertCell().textContent = formatValue(p[field.field], field.decimals);
    });
    box.appendChild(table);
    return box;
  }

  function drawMap() {
    var map = L.map('hs-map', { zoomSnap: 0.25, zoomAnimation: false, fadeAnimation: false,
                                markerZoomAnimation: false, inertia: false });
    map.attributionControl.setPrefix('Leaflet');
    var baseLayers = {};
    if (data.tile_url) {
      var tiles = L.tileLayer(data.tile_url, { attribution: data.tile_attribution_html, maxZoom: 19 });
      tiles.addTo(map);
      baseLayers['Basemap'] = tiles;
    }
    var overlays = {}, fitted = L.latLngBounds([]), everything = L.latLngBounds([]);
    var drawn = data.layers.map(function (layer, index) {
      var pane = 'hs-pane-' + index;
      map.createPane(pane).style.zIndex = String(410 + index);
      var interactive = layer.popup.length > 0;
      var group = L.geoJSON(layer.geojson, {
        pane: pane,
        interactive: interactive,
        style: function (feature) { return featureStyle(layer, feature); },
        pointToLayer: function (feature, latlng) {
          var style = featureStyle(layer, feature);
          if (layer.style.marker === 'circle') {
            return L.circleMarker(latlng, Object.assign({ radius: layer.style.point_radius, pane: pane,
                                                          interactive: interactive }, style));
          }
          var inner = document.createElement('span');
          inner.style.background = style.fillColor;
          inner.style.borderColor = style.color;
          var size = 2 * layer.style.point_radius;
          return L.marker(latlng, { pane: pane, interactive: interactive, keyboard: false,
            icon: L.divIcon({ className: 'hs-marker hs-marker-' + layer.style.marker, html: inner,
                              iconSize: [size, size] }) });
        },
        onEachFeature: function (feature, item) {
          if (interactive) item.bindPopup(function () { return popupContent(layer, feature); }, { maxWidth: 360 });
        }
      });
      overlays[layer.name_html] = group;
      if (layer.visible) group.addTo(map);
      var features = group.getLayers().length;
      if (features > 0) {
        var b = group.getBounds();
        everything.extend(b);
        if (layer.fit_bounds) fitted.extend(b);
      }
      return { name: layer.name, pane: pane, features: features, visible: layer.visible, group: group,
               interactive: interactive };
    });
    var view = fitted.isValid() ? fitted : everything;
    if (view.isValid()) map.fitBounds(view, { padding: [12, 12], animate: false });
    else map.setView([54, -2], 6, { animate: false });
    L.control.layers(baseLayers, overlays, { collapsed: false }).addTo(map);
    L.control.scale({ metric: true, imperial: false }).addTo(map);
    // What was drawn, read back from the page itself: one SVG path or marker per feature.
    drawn.forEach(function (d) {
      var paneElement = map.getPane(d.pane);
      d.drawn = paneElement.querySelectorAll('path').length + paneElement.querySelectorAll('.hs-marker').length;
    });
    if (location.hash === '#hs-self-check') selfCheck(map, drawn);
    return drawn.map(function (d) {
      return { name: d.name, features: d.features, drawn: d.drawn, visible: d.visible };
    });
  }

  // Opened as report.html#hs-self-check (tests/scripts/check_html_report.py): builds every
  // feature's popup into a hidden box, then opens the first popup of the top visible layer.
  function selfCheck(map, drawn) {
    var box = document.createElement('div');
    box.id = 'hs-popup-check';
    box.hidden = true;
    document.body.appendChild(box);
    var built = 0, top = null;
    drawn.forEach(function (d) {
      if (!d.interactive) return;
      d.group.eachLayer(function (item) {
        var content = item.getPopup().getContent();
        box.appendChild(typeof content === 'function' ? content(item) : content);
        ++built;
      });
      if (d.visible && d.features > 0) top = d.group;
    });
    if (top) {
      // Leaflet pans the popup into view with an animation: make that pan immediate, so a
      // screenshot taken now shows the final view.
      var panBy = map.panBy;
      map.panBy = function (offset) { return panBy.call(map, offset, { animate: false }); };
      top.getLayers()[0].openPopup();
      map.panBy = panBy;
    }
    status.setAttribute('data-popups', String(built));
  }

  function drawCharts() {
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var count = 0;
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById('hs-chart-' + chart.id);
      var scatter = chart.kind === 'scatter_line', stacked = chart.kind === 'stacked_bar';
      var type = scatter ? 'scatter' : (stacked ? 'bar' : chart.kind);
      var datasets = chart.series.map(function (s) {
        var points = scatter ? s.x.map(function (x, i) { return { x: x, y: s.values[i] }; }) : s.values;
        return { label: s.name, data: points, borderColor: s.colour, backgroundColor: s.colour,
                 showLine: scatter || undefined, pointRadius: scatter ? 0 : 2, borderWidth: 2,
                 fill: false, spanGaps: false };
      });
      new Chart(canvas, {
        type: type,
        data: { labels: scatter ? undefined : chart.labels, datasets: datasets },
        options: {
          animation: false,
          plugins: { legend: { display: chart.series.length > 1 } },
          scales: {
            x: { type: scatter ? 'linear' : 'category', stacked: stacked,
                 title: { display: chart.x_title !== '', text: chart.x_title } },
            y: { stacked: stacked, beginAtZero: true,
                 title: { display: chart.y_title !== '', text: chart.y_title } }
          }
        }
      });
      ++count;
    });
    return count;
  }

  var layers = [], charts = 0;
  try { layers = drawMap(); } catch (e) { window.hsRecordError('map: ' + e); }
  try { charts = drawCharts(); } catch (e) { window.hsRecordError('charts: ' + e); }
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  status.setAttribute('data-layers', JSON.stringify(layers));
  status.setAttribute('data-charts', String(charts));
  status.setAttribute('data-errors', String(window.hsErrors.length));
  status.setAttribute('data-status', 'ready');
})();
)JS";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_safe_json(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    const char c = json_text[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < json_text.size() && json_text[i + 1] == '\x80' &&
             (json_text[i + 2] == '\xA8' || json_text[i + 2] == '\xA9')) {
      out += json_text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_html(const Report& report) {
  // Check everything first, so a refused report writes nothing.
  std::set<std::string> chart_ids;
  for (const auto& chart : report.charts) {
    check_chart(chart);
    if (!chart_ids.insert(chart.id).second) refuse("chart id \"" + chart.id + "\" is used twice");
  }
  std::set<std::string> placed;
  for (const auto& section : report.sections) {
    for (const auto& id : section.chart_ids) {
      if (chart_ids.count(id) == 0) refuse("section \"" + section.heading + "\" names chart \"" + id + "\", which the report does not have");
      placed.insert(id);
    }
  }
  for (const auto& layer : report.layers) check_layer(layer);
  std::string img_sources = "data:";
  if (!report.tile_url.empty()) {
    img_sources += " " + tile_source(report.tile_url);
    if (report.tile_attribution.empty()) refuse("a tile URL needs its attribution (tile_attribution)");
  }

  nlohmann::json data = {{"layers", nlohmann::json::array()}, {"charts", nlohmann::json::array()}};
  for (const auto& layer : report.layers) data["layers"].push_back(layer_json(layer));
  for (const auto& chart : report.charts) data["charts"].push_back(chart_json(chart));
  data["tile_url"] = report.tile_url;
  // Leaflet writes attributions with innerHTML: give it escaped text.
  data["tile_attribution_html"] = html_escape(report.tile_attribution);

  const std::string leaflet_js = without_source_map(std::string(embedded::leaflet_js()));
  const std::string chart_js = without_source_map(std::string(embedded::chart_js()));
  const std::string css = leaflet_css();
  check_embeddable(leaflet_js, "</script", "leaflet.js");
  check_embeddable(chart_js, "</script", "chart.js");
  check_embeddable(css, "</style", "leaflet.css");

  std::string html;
  html.reserve(leaflet_js.size() + chart_js.size() + css.size() + 65536);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Offline unless a tile URL is given: the page may load nothing but itself.
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
          "style-src 'unsafe-inline'; img-src " + html_escape(img_sources) + "; base-uri 'none'; form-action 'none'\">\n";
  html += "<meta name=\"generator\" content=\"hotspot " + std::string(kVersion) + "\">\n";
  html += "<title>" + html_escape(report.title) + "</title>\n";
  html += "<script>" + std::string(kErrorTrap) + "</script>\n";
  html += "<style>\n" + css + "\n</style>\n<style>" + kPageCss + "</style>\n</head>\n<body>\n";
  html += "<div id=\"hs-status\" hidden data-status=\"loading\"></div>\n";
  html += "<header>\n<h1>" + html_escape(report.title) + "</h1>\n";
  if (!report.subtitle.empty()) html += "<p class=\"subtitle\">" + html_escape(report.subtitle) + "</p>\n";
  html += "</header>\n<main>\n<pre id=\"hs-errors\" hidden></pre>\n";
  if (!report.summary.empty()) {
    html += "<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n";
    for (const auto& line : report.summary) html += "<li>" + html_escape(line) + "</li>\n";
    html += "</ul>\n</section>\n";
  }
  if (!report.layers.empty()) {
    html += "<section class=\"map-section\">\n<h2>" + html_escape(report.map_heading) + "</h2>\n";
    html += "<div id=\"hs-map\" role=\"region\" aria-label=\"Map of the layers below\"></div>\n";
    html += report.tile_url.empty()
                ? "<p class=\"map-note\">No basemap: the map draws only the layers listed below. Click a feature for its details; "
                  "the box at the top right switches layers on and off.</p>\n"
                : "<p class=\"map-note\">Basemap: " + html_escape(report.tile_attribution) +
                      " (loaded from the internet). Click a feature for its details; the box at the top right switches layers on and off.</p>\n";
    append_legend(html, report);
    html += "</section>\n";
  }
  const auto chart_by_id = [&](const std::string& id) -> const Chart& {
    return *std::find_if(report.charts.begin(), report.charts.end(), [&](const Chart& c) { return c.id == id; });
  };
  for (const auto& section : report.sections) {
    html += "<section>\n<h2>" + html_escape(section.heading) + "</h2>\n";
    for (const auto& paragraph : section.paragraphs) html += "<p>" + html_escape(paragraph) + "</p>\n";
    for (const auto& id : section.chart_ids) append_chart(html, chart_by_id(id));
    for (const auto& table : section.tables) append_table(html, table, "report-table");
    html += "</section>\n";
  }
  if (placed.size() < report.charts.size()) {
    html += "<section>\n<h2>Charts</h2>\n";
    for (const auto& chart : report.charts) {
      if (placed.count(chart.id) == 0) append_chart(html, chart);
    }
    html += "</section>\n";
  }
  html += "</main>\n<footer>\n<h2>Notes and sources</h2>\n";
  if (!report.footnotes.empty()) {
    html += "<ol>\n";
    for (const auto& note : report.footnotes) html += "<li>" + html_escape(note) + "</li>\n";
    html += "</ol>\n";
  }
  html += "<p>Made by hotspot " + std::string(kVersion) + ". This file is self-contained and works offline. It embeds Leaflet " +
          std::string(embedded::kLeafletVersion) +
          " (BSD 2-Clause licence, \u00a9 Vladimir Agafonkin and CloudMade) and Chart.js " +
          std::string(embedded::kChartJsVersion) + " (MIT licence, \u00a9 Chart.js contributors).</p>\n</footer>\n";
  html += "<script type=\"application/json\" id=\"hs-data\">" + script_safe_json(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "</script>\n";
  html += "<script>\n" + leaflet_js + "\n</script>\n";
  html += "<script>\n" + chart_js + "\n</script>\n";
  html += "<script>" + std::string(kPageJs) + "</script>\n</body>\n</html>\n";
  return html;
}

void write_html(const Report& report, const std::filesystem::path& path) {
  write_file_atomically(path, render_html(report));
}

}  // namespace hotspot::report
