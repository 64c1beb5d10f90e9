#include "io/source_names.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "hotspot/core/safe_text.hpp"

namespace hotspot::detail {

bool ends_with_nocase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    const char a = text[text.size() - suffix.size() + i];
    const char b = suffix[i];
    if (std::tolower(static_cast<unsigned char>(a)) != std::tolower(static_cast<unsigned char>(b))) return false;
  }
  return true;
}

bool is_gdal_only_path(std::string_view path) { return path.starts_with("PG:") || path.starts_with("/vsi"); }

bool is_police_uk_name(std::string_view name) {
  return ends_with_nocase(name, "-street.csv") || ends_with_nocase(name, "-street.csv.gz");
}

bool is_csv_name(std::string_view name) {
  for (const char* ext : {".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz"}) {
    if (ends_with_nocase(name, ext)) return true;
  }
  return false;
}

std::optional<std::string> police_uk_force_and_month(const std::string& source) {
  static const std::regex pattern(R"((\d{4}-\d{2})-(.+)-street\.csv(\.gz)?$)", std::regex::icase);
  const std::string name = std::filesystem::path(display_name(source)).filename().string();
  std::smatch match;
  if (!std::regex_match(name, match, pattern)) return std::nullopt;
  std::string force = match[2].str();
  std::transform(force.begin(), force.end(), force.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return force + " " + match[1].str();
}

std::string display_name(const std::string& path) {
  std::string name = path;
  for (const char* prefix : {"/vsigzip/", "/vsizip/", "CSV:"}) {
    if (name.starts_with(prefix)) name = name.substr(std::string_view(prefix).size());
  }
  return redact_credentials(name);
}

std::string gdal_path(const std::string& path) {
  if (is_gdal_only_path(path)) return path;
  if (ends_with_nocase(path, ".gz")) return "/vsigzip/" + path;
  return path;
}

}  // namespace hotspot::detail
