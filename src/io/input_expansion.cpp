#include "hotspot/io/input_expansion.hpp"

#include <glob.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/network_sources.hpp"
#include "io/gdal_handles.hpp"
#include "io/source_names.hpp"

namespace hotspot {
namespace {

namespace fs = std::filesystem;

using detail::display_name;
using detail::ends_with_nocase;
using detail::gdal_path;
using detail::is_csv_name;
using detail::is_police_uk_name;

// An input that stands for no source, named as the user gave it.
Error input_error(const std::string& input, const std::string& message) {
  return Error(ErrorCode::input, ErrorContext{"readers", input, std::nullopt, {}}, message);
}

void expand_one(const std::string& input, std::vector<std::string>& out, std::vector<std::string>& notes) {
  check_source_is_local(input, "incident input");
  if (detail::is_gdal_only_path(input)) {
    out.push_back(input);
    return;
  }
  if (input.find_first_of("*?[") != std::string::npos && !fs::exists(input)) {
    glob_t matches{};
    const int rc = ::glob(input.c_str(), 0, nullptr, &matches);
    std::vector<std::string> found;
    if (rc == 0) {
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) found.emplace_back(matches.gl_pathv[i]);
    }
    ::globfree(&matches);
    if (found.empty()) throw input_error(input, "no files match this pattern");
    std::sort(found.begin(), found.end());
    for (const auto& f : found) expand_one(f, out, notes);
    return;
  }
  std::error_code ec;
  const auto status = fs::status(input, ec);
  if (ec || !fs::exists(status)) throw input_error(input, "no such file or folder");
  if (fs::is_directory(status)) {
    std::vector<std::string> street, csv;
    for (const auto& entry : fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied)) {
      if (!entry.is_regular_file()) continue;
      const std::string path = entry.path().string();
      if (is_police_uk_name(path)) {
        street.push_back(path);
      } else if (is_csv_name(path)) {
        csv.push_back(path);
      }
    }
    auto& chosen = street.empty() ? csv : street;
    if (!street.empty() && !csv.empty()) {
      std::sort(csv.begin(), csv.end());
      notes.push_back(input + ": read its " + std::to_string(street.size()) + " police.uk *-street.csv file" +
                      (street.size() == 1 ? "" : "s") + " and skipped " +
                      std::to_string(csv.size()) + " other CSV file" + (csv.size() == 1 ? "" : "s") + " (" +
                      fs::path(csv.front()).filename().string() + (csv.size() > 1 ? ", ..." : "") +
                      "); give those files by name to read them too");
    }
    if (chosen.empty()) throw input_error(input, "folder holds no police.uk *-street.csv files and no other CSV files");
    std::sort(chosen.begin(), chosen.end());
    for (const auto& f : chosen) out.push_back(gdal_path(f));
    return;
  }
  if (ends_with_nocase(input, ".zip")) {
    const std::string root = "/vsizip/" + input;
    detail::register_gdal_drivers();
    CPLErrorReset();
    char** entries = VSIReadDirRecursive(root.c_str());
    if (entries == nullptr) {
      VSIStatBufL stat{};
      const bool exists = VSIStatL(input.c_str(), &stat) == 0;
      throw input_error(input, exists && stat.st_size > 0 ? "cannot be read as a zip archive: it is damaged or cut short "
                                                            "(a download that did not finish?)"
                                                          : "is empty or not a zip archive");
    }
    std::vector<std::string> members;
    for (int i = 0; entries != nullptr && entries[i] != nullptr; ++i) {
      if (is_police_uk_name(entries[i])) members.push_back(root + "/" + entries[i]);
    }
    CSLDestroy(entries);
    if (members.empty()) throw input_error(input, "archive holds no police.uk *-street.csv files");
    std::sort(members.begin(), members.end());
    out.insert(out.end(), members.begin(), members.end());
    return;
  }
  out.push_back(gdal_path(input));
}

// The file behind a source path, for telling two names of one file apart: the resolved
// path on disk, and for an archive member the resolved archive plus the member's name.
std::string resolved_source(const std::string& source) {
  if (source.starts_with("PG:")) return source;
  std::string path = source;
  std::string member;
  if (path.starts_with("/vsigzip/")) path = path.substr(9);
  if (path.starts_with("/vsizip/")) {
    path = path.substr(8);
    const auto cut = path.find(".zip/");
    if (cut != std::string::npos) {
      member = path.substr(cut + 4);
      path = path.substr(0, cut + 4);
    }
  }
  if (path.starts_with("/vsi")) return source;
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return (ec ? path : resolved.string()) + member;
}

// The bytes GDAL would read for a source (a .gz file's compressed bytes, which is enough to
// tell copies apart), or nullopt when it cannot be read.
std::optional<std::string> raw_bytes_path(const std::string& source) {
  if (source.starts_with("PG:")) return std::nullopt;
  if (source.starts_with("/vsigzip/")) return source.substr(9);
  return source;
}

bool same_bytes(const std::string& a, const std::string& b, bool& has_rows) {
  VSILFILE* fa = VSIFOpenL(a.c_str(), "rb");
  VSILFILE* fb = VSIFOpenL(b.c_str(), "rb");
  bool same = fa != nullptr && fb != nullptr;
  std::uint64_t newlines = 0;
  std::vector<char> ba(std::size_t{1} << 16), bb(ba.size());
  while (same) {
    const std::size_t na = VSIFReadL(ba.data(), 1, ba.size(), fa);
    const std::size_t nb = VSIFReadL(bb.data(), 1, bb.size(), fb);
    if (na != nb || std::memcmp(ba.data(), bb.data(), na) != 0) same = false;
    newlines += static_cast<std::uint64_t>(std::count(ba.begin(), ba.begin() + static_cast<std::ptrdiff_t>(na), '\n'));
    if (na == 0) break;
  }
  if (fa != nullptr) VSIFCloseL(fa);
  if (fb != nullptr) VSIFCloseL(fb);
  // A header and at most one line: a month with no rows, byte-identical to any other
  // empty month, which is no duplicate worth a note.
  has_rows = newlines > 1 || (a.ends_with(".gz") && newlines > 0);
  return same;
}

// The same data given twice is counted twice. Sources that are one file (the same path
// spelled differently, a folder and a file in it) or byte-identical copies (a renamed copy)
// are read once, with a note; two different files for one police.uk force and month are
// refused, since either could be the right one.
std::vector<std::string> drop_duplicate_sources(const std::vector<std::string>& sources, std::vector<std::string>& notes) {
  std::vector<std::string> kept;
  std::vector<std::string> kept_resolved;
  std::vector<std::uint64_t> kept_size;
  std::map<std::string, std::size_t> by_month;
  for (const std::string& source : sources) {
    const std::string resolved = resolved_source(source);
    const auto same_path = std::find(kept_resolved.begin(), kept_resolved.end(), resolved);
    if (same_path != kept_resolved.end()) {
      const std::string& first = kept[static_cast<std::size_t>(same_path - kept_resolved.begin())];
      notes.push_back(display_name(source) + ": given more than once (also as " + display_name(first) +
                      "); read once");
      continue;
    }
    std::uint64_t size = 0;
    const auto raw = raw_bytes_path(source);
    VSIStatBufL stat{};
    if (raw && VSIStatL(raw->c_str(), &stat) == 0) size = static_cast<std::uint64_t>(stat.st_size);
    bool duplicate = false;
    for (std::size_t k = 0; k < kept.size() && raw && size > 0; ++k) {
      if (kept_size[k] != size) continue;
      bool has_rows = false;
      if (same_bytes(*raw, *raw_bytes_path(kept[k]), has_rows) && has_rows) {
        notes.push_back(display_name(source) + ": the same bytes as " + display_name(kept[k]) +
                        " (a copy under another name?); read once");
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    if (const auto month = detail::police_uk_force_and_month(source)) {
      if (const auto it = by_month.find(*month); it != by_month.end()) {
        throw Error(ErrorCode::data, ErrorContext{"readers", display_name(source), std::nullopt, {}},
                    "holds police.uk data for the same force and month (" + *month + ") as " +
                        display_name(kept[it->second]) +
                        ", but different rows: reading both would count that month twice. Keep one of them");
      }
      by_month.emplace(*month, kept.size());
    }
    kept.push_back(source);
    kept_resolved.push_back(resolved);
    kept_size.push_back(size);
  }
  return kept;
}

}  // namespace

ExpandedInputs expand_sources(const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw Error(ErrorCode::usage, "readers", "no input given");
  ExpandedInputs expanded;
  std::vector<std::string> all;
  for (const auto& input : inputs) expand_one(input, all, expanded.notes);
  expanded.sources = drop_duplicate_sources(all, expanded.notes);
  return expanded;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) { return expand_sources(inputs).sources; }

}  // namespace hotspot
