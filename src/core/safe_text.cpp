#include "hotspot/core/safe_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace hotspot {
namespace {

bool is_plain_number(std::string_view text) {
  if (text.empty()) return false;
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size() && std::isfinite(value) &&
         digits.find_first_of("xXpP") == std::string_view::npos;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[at + i]) != word[i]) return false;
  }
  return true;
}

}  // namespace

std::string formula_safe(std::string_view text) {
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos &&
                       !is_plain_number(text);
  return formula ? "'" + std::string(text) : std::string(text);
}

std::string csv_cell(std::string_view text) {
  const std::string cell = formula_safe(text);
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      out += '?';
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out += '?';  // a C1 control, U+0080 to U+009F, in UTF-8
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string redact_credentials(std::string_view source) {
  std::string out(source);
  // key=value pairs (libpq, GDAL open options, URL queries): the value up to a separator, or
  // the whole quoted value.
  static constexpr std::string_view kKeys[] = {"password", "passwd", "pwd", "secret", "token", "api_key", "apikey",
                                              "access_key", "secret_access_key"};
  for (std::size_t at = 0; at < out.size(); ++at) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(out[at - 1])) != 0 || out[at - 1] == '_')) continue;
    for (std::string_view key : kKeys) {
      if (!starts_with_ci(out, at, key)) continue;
      std::size_t p = at + key.size();
      while (p < out.size() && out[p] == ' ') ++p;
      if (p >= out.size() || out[p] != '=') continue;
      ++p;
      while (p < out.size() && out[p] == ' ') ++p;
      std::size_t end = p;
      if (p < out.size() && (out[p] == '\'' || out[p] == '"')) {
        const char quote = out[p];
        end = p + 1;
        while (end < out.size() && out[end] != quote) end += out[end] == '\\' ? 2 : 1;
        end = std::min(out.size(), end + 1);
      } else {
        while (end < out.size() && std::string_view(" \t;&,)'\"\n").find(out[end]) == std::string_view::npos) ++end;
      }
      out.replace(p, end - p, "***");
      at = p + 2;
      break;
    }
  }
  // scheme://user:password@host
  for (std::size_t scheme = out.find("://"); scheme != std::string::npos; scheme = out.find("://", scheme + 3)) {
    const std::size_t start = scheme + 3;
    const std::size_t stop = out.find_first_of("/?# \t\n", start);
    const std::size_t at = out.rfind('@', stop == std::string::npos ? out.size() : stop);
    if (at == std::string::npos || at < start) continue;
    const std::size_t colon = out.find(':', start);
    if (colon == std::string::npos || colon > at) continue;
    out.replace(colon + 1, at - colon - 1, "***");
  }
  return out;
}

std::string describe_source(std::string_view source, bool publish) {
  if (!publish) return redact_credentials(source);
  std::string lowered(source);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
  const auto ends = [&](std::string_view suffix) { return lowered.ends_with(suffix); };
  if (lowered.starts_with("pg:") || lowered.starts_with("postgresql:")) return "a PostGIS database";
  if (lowered.find("://") != std::string::npos || lowered.starts_with("/vsicurl")) return "a web source";
  if (ends(".zip")) return "a zip archive";
  if (ends("-street.csv") || ends("-street.csv.gz")) return "police.uk street-level CSV files";
  if (ends(".csv") || ends(".csv.gz") || ends(".tsv") || ends(".txt")) return "a CSV file";
  if (ends(".gpkg")) return "a GeoPackage";
  if (ends(".shp") || ends(".shp.zip")) return "a shapefile";
  if (ends(".geojson") || ends(".json")) return "a GeoJSON file";
  if (ends(".fgb")) return "a FlatGeobuf file";
  if (ends(".gml") || ends(".kml")) return "a GML or KML file";
  return "a file";
}

}  // namespace hotspot
