#include "hotspot/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/core/threads.hpp"
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
  // Thousands separators ("12,711"), as a reader expects them.
  const std::size_t sign = text[0] == '-' ? 1 : 0;
  const std::size_t point = std::min(text.find('.'), text.size());
  for (std::size_t at = point; at > sign + 3; at -= 3) text.insert(at - 3, ",");
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
  const std::string text = !layer.geojson.empty() ? layer.geojson : geojson_text(*layer.layer);
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
  for (const auto& f : layer.popup_fields) {
    popup.push_back({{"field", f.field}, {"label", f.label}, {"decimals", f.decimals}, {"percent", f.percent}});
  }
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
  if (chart.id == "map") refuse("chart id \"map\" is the map's own figure");
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

// A sortable table's headings are buttons (keyboard and screen readers reach them); the page
// script sorts the rows by a cell's data-sort number when it has one, else by its text.
void append_table(std::string& html, const Table& table, const std::string& css_class) {
  const bool sortable = table.sortable && !table.header.empty();
  // A short table is kept on one printed page.
  html += "<table class=\"" + css_class + (sortable ? " sortable" : "") + (table.rows.size() <= 15 ? " short" : "") + "\">";
  if (!table.title.empty()) {
    html += "<caption>" + html_escape(table.title) +
            (sortable ? "<span class=\"sort-hint\"> (select a column heading to sort)</span>" : "") + "</caption>";
  }
  if (!table.header.empty()) {
    html += "<thead><tr>";
    for (const auto& h : table.header) {
      html += sortable ? "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">" + html_escape(h) + "</button></th>"
                       : "<th scope=\"col\">" + html_escape(h) + "</th>";
    }
    html += "</tr></thead>";
  }
  html += "<tbody>\n";
  const std::size_t body_rows = table.rows.size() - std::min(table.footer_rows, table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (r == body_rows) html += "</tbody><tfoot>\n";
    const auto& row = table.rows[r];
    html += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool number = i > 0 && looks_numeric(row[i]);
      html += i == 0 ? "<th scope=\"row\"" : "<td";
      // Numbers, and short texts such as a grid reference, are never broken over two lines.
      if (number) html += " class=\"num\"";
      else if (i > 0 && row[i].size() <= 14 && row[i].find(' ') != std::string::npos) html += " class=\"nowrap\"";
      const double key = sortable && r < table.sort_keys.size() && i < table.sort_keys[r].size() ? table.sort_keys[r][i]
                                                                                                 : std::nan("");
      if (std::isfinite(key)) {
        char text[40];
        std::snprintf(text, sizeof text, "%.17g", key);
        html += " data-sort=\"" + std::string(text) + "\"";
      }
      html += ">" + html_escape(row[i]) + (i == 0 ? "</th>" : "</td>");
    }
    html += "</tr>\n";
  }
  html += body_rows < table.rows.size() ? "</tfoot></table>\n" : "</tbody></table>\n";
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
  const std::string alt = !chart.alt.empty()       ? chart.alt
                          : chart.caption.empty() ? chart.title
                                                  : chart.title + ". " + chart.caption;
  html += "<div class=\"chart-box\"><canvas id=\"hs-chart-" + chart.id + "\" role=\"img\" aria-label=\"" +
          html_escape(alt) + "\"></canvas></div>\n";
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
    // A graduated layer's own colour is never drawn: its swatch shows its top class.
    const std::string fill = s.graduated ? s.graduated->colours.back() : s.fill;
    const std::string stroke = s.graduated && s.graduated->stroke_too ? s.graduated->colours.back() : s.stroke;
    // Layers switched off when the page opens are not on a printed or exported map.
    html += std::string(layer.visible ? "<li>" : "<li class=\"off-at-start\">") +
            swatch(stroke, fill, s.graduated ? std::max(s.fill_opacity, 0.6) : s.fill_opacity, s.marker, point) + "<strong>" +
            html_escape(layer.name) + "</strong>";
    if (!layer.visible) html += " (off when the page opens)";
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

std::string compact(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The page's data as compact JSON: {"charts":[…],"layers":[…],"tile_attribution_html":…,
/// "tile_url":…}, the keys in the order nlohmann's objects keep them (sorted), so the text is
/// the one dumping the whole object gives. The layers (the map's GeoJSON: most of the work)
/// are made side by side, one per thread; a refused layer refuses the page, the first in
/// order as when they are made one after another.
std::string page_data_json(const Report& report) {
  const std::size_t count = report.layers.size();
  std::vector<std::string> layers(count);
  std::vector<std::exception_ptr> failed(count);
  const auto n = static_cast<std::ptrdiff_t>(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(effective_threads(0))
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const auto at = static_cast<std::size_t>(i);
    try {
      layers[at] = compact(layer_json(report.layers[at]));
    } catch (...) {
      failed[at] = std::current_exception();
    }
  }
  for (const auto& e : failed) {
    if (e) std::rethrow_exception(e);
  }
  auto charts = nlohmann::json::array();
  for (const auto& chart : report.charts) charts.push_back(chart_json(chart));
  std::string text = "{\"charts\":" + compact(charts) + ",\"layers\":[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ',';
    text += layers[i];
  }
  // Leaflet writes attributions with innerHTML: give it escaped text.
  text += "],\"tile_attribution_html\":" + compact(html_escape(report.tile_attribution)) +
          ",\"tile_url\":" + compact(report.tile_url) + "}";
  return text;
}

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

  const std::string data_text = page_data_json(report);

  const std::string leaflet_js = without_source_map(std::string(embedded::leaflet_js()));
  const std::string chart_js = without_source_map(std::string(embedded::chart_js()));
  const std::string css = leaflet_css();
  check_embeddable(leaflet_js, "</script", "leaflet.js");
  check_embeddable(chart_js, "</script", "chart.js");
  check_embeddable(css, "</style", "leaflet.css");
  // The page's own stylesheet and scripts (src/report/assets/, embedded at build time).
  const std::string_view page_css = embedded::report_css();
  const std::string_view page_js = embedded::report_js();
  // Runs before anything else: every error, console.error and blocked request is kept and
  // shown, and left in #hs-errors for the test that opens the page in a browser.
  const std::string_view error_trap_js = embedded::report_error_trap_js();
  check_embeddable(page_css, "</style", "report.css");
  check_embeddable(page_js, "</script", "report.js");
  check_embeddable(error_trap_js, "</script", "error_trap.js");

  std::string html;
  html.reserve(leaflet_js.size() + chart_js.size() + css.size() + page_js.size() + 65536);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Offline unless a tile URL is given: the page may load nothing but itself.
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
          "style-src 'unsafe-inline'; img-src " + html_escape(img_sources) + "; base-uri 'none'; form-action 'none'\">\n";
  html += "<meta name=\"generator\" content=\"hotspot " + std::string(kVersion) + "\">\n";
  html += "<title>" + html_escape(report.title) + "</title>\n";
  html += "<script>\n" + std::string(error_trap_js) + "</script>\n";
  html += "<style>\n" + css + "\n</style>\n<style>\n" + std::string(page_css) + "</style>\n</head>\n<body>\n";
  html += "<div id=\"hs-status\" hidden data-status=\"loading\"></div>\n";
  html += "<header>\n<h1>" + html_escape(report.title) + "</h1>\n";
  if (!report.subtitle.empty()) html += "<p class=\"subtitle\">" + html_escape(report.subtitle) + "</p>\n";
  html += "</header>\n<main>\n<pre id=\"hs-errors\" hidden></pre>\n";
  if (!report.summary.empty()) {
    html += "<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n";
    for (const auto& line : report.summary) html += "<li>" + html_escape(line) + "</li>\n";
    html += "</ul>\n</section>\n";
  }
  if (!report.caveats.empty()) {
    html += "<section class=\"caveats\">\n<h2>" + html_escape(report.caveats_heading) + "</h2>\n<ul>\n";
    for (const auto& line : report.caveats) html += "<li>" + html_escape(line) + "</li>\n";
    html += "</ul>\n</section>\n";
  }
  if (!report.layers.empty()) {
    html += "<section class=\"map-section\" id=\"figure-map\">\n<h2>" + html_escape(report.map_heading) + "</h2>\n";
    html += "<div id=\"hs-map\" role=\"region\" aria-label=\"Map of the layers listed in the legend below\"></div>\n";
    html += report.tile_url.empty()
                ? "<p class=\"map-note\">Drawn offline from the layers in the legend, with no background map from the "
                  "internet. Click a feature for its details; the box at the top right switches layers on and off.</p>\n"
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
  html += "<script type=\"application/json\" id=\"hs-data\">" + script_safe_json(data_text) + "</script>\n";
  html += "<script>\n" + leaflet_js + "\n</script>\n";
  html += "<script>\n" + chart_js + "\n</script>\n";
  html += "<script>\n" + std::string(page_js) + "</script>\n</body>\n</html>\n";
  return html;
}

void write_html(const Report& report, const std::filesystem::path& path) {
  write_file_atomically(path, render_html(report));
}

std::vector<std::string> figure_ids(const Report& report) {
  std::vector<std::string> ids;
  if (!report.layers.empty()) ids.push_back("map");
  std::set<std::string> placed;
  for (const auto& section : report.sections) {
    for (const auto& id : section.chart_ids) {
      if (placed.insert(id).second) ids.push_back(id);
    }
  }
  for (const auto& chart : report.charts) {
    if (placed.count(chart.id) == 0) ids.push_back(chart.id);
  }
  return ids;
}

}  // namespace hotspot::report
