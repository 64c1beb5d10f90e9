#include "hotspot/harm/harm_weights.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>

#include <cpl_vsi.h>
#include <ogr_api.h>

#include "harm/bundled_harm_weights.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "readers.harm_weights";

void read_table(const std::string& gdal_path, const std::string& source,
                       std::vector<std::pair<std::string, double>>& entries) {
  auto ds = detail::open_vector(gdal_path, {"CSV"}, {"AUTODETECT_TYPE=NO"});
  if (!ds) {
    throw Error(ErrorCode::input, ErrorContext{kStage, source, std::nullopt, {}},
                "cannot open: " + detail::last_gdal_error("not a CSV file"));
  }
  OGRLayerH layer = GDALDatasetGetLayer(static_cast<GDALDatasetH>(ds.get()), 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int type_index = OGR_FD_GetFieldIndex(defn, "crime_type");
  const int weight_index = OGR_FD_GetFieldIndex(defn, "weight");
  if (type_index < 0 || weight_index < 0) {
    throw Error(ErrorCode::data, ErrorContext{kStage, source, std::nullopt, {}},
                "needs the columns crime_type and weight");
  }
  std::uint64_t row = 0;
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(layer)}) {
    ++row;
    auto* f = static_cast<OGRFeatureH>(feature.get());
    const std::string type = OGR_F_GetFieldAsString(f, type_index);
    const std::string text = OGR_F_GetFieldAsString(f, weight_index);
    if (normalise_type_name(type).empty()) {
      throw Error(ErrorCode::data, ErrorContext{kStage, source, row, "crime_type"}, "crime_type is empty");
    }
    double weight = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), weight);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(weight) || weight < 0) {
      throw Error(ErrorCode::data, ErrorContext{kStage, source, row, "weight"},
                  "weight \"" + text + "\" is not a finite number >= 0");
    }
    if (weight > kMaxIncidentWeight) {
      throw Error(ErrorCode::data, ErrorContext{kStage, source, row, "weight"},
                  "weight \"" + text + "\" is above the largest harm weight accepted, 1000000 (the Cambridge "
                  "Crime Harm Index puts homicide at 5475)");
    }
    for (const auto& [existing, w] : entries) {
      if (normalise_type_name(existing) == normalise_type_name(type)) {
        throw Error(ErrorCode::data, ErrorContext{kStage, source, row, "crime_type"},
                    "crime type \"" + type + "\" appears twice");
      }
    }
    entries.emplace_back(type, weight);
  }
  if (entries.empty()) throw Error(ErrorCode::data, ErrorContext{kStage, source, std::nullopt, {}}, "has no rows");
}

}  // namespace

std::string normalise_type_name(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) name.remove_suffix(1);
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

HarmWeights HarmWeights::parse(const std::string& csv_text, const std::string& source) {
  // GDAL reads from memory through /vsimem/, so the table goes through the same CSV driver
  // as every other input.
  static std::atomic<int> counter{0};
  const std::string path = "/vsimem/hotspot_harm_" + std::to_string(++counter) + ".csv";
  VSILFILE* file = VSIFileFromMemBuffer(path.c_str(),
                                        reinterpret_cast<GByte*>(const_cast<char*>(csv_text.data())),
                                        static_cast<vsi_l_offset>(csv_text.size()), FALSE);
  VSIFCloseL(file);
  HarmWeights table;
  table.source_ = source;
  try {
    read_table(path, source, table.entries_);
  } catch (...) {
    VSIUnlink(path.c_str());
    throw;
  }
  VSIUnlink(path.c_str());
  return table;
}

HarmWeights HarmWeights::bundled() { return parse(std::string(detail::kBundledHarmWeights), "bundled crime-harm-weights.csv"); }

HarmWeights HarmWeights::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorCode::input, ErrorContext{kStage, path.string(), std::nullopt, {}}, "no such file");
  }
  HarmWeights table;
  table.source_ = path.string();
  read_table(path.string(), path.string(), table.entries_);
  return table;
}

std::optional<double> HarmWeights::weight(std::string_view crime_type) const {
  const std::string key = normalise_type_name(crime_type);
  for (const auto& [type, w] : entries_) {
    if (normalise_type_name(type) == key) return w;
  }
  return std::nullopt;
}

std::vector<double> HarmWeights::per_category(const StringDictionary& categories) const {
  std::vector<double> out(categories.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < categories.size(); ++i) {
    if (auto w = weight(categories[static_cast<std::uint32_t>(i)])) out[i] = *w;
  }
  return out;
}

std::vector<double> HarmWeights::per_category_or_default(const StringDictionary& categories) const {
  std::vector<double> out = per_category(categories);
  for (double& w : out) {
    if (std::isnan(w)) w = kMissingWeight;
  }
  return out;
}

namespace {

void sort_unweighted(std::vector<UnweightedType>& types) {
  std::sort(types.begin(), types.end(), [](const UnweightedType& a, const UnweightedType& b) {
    return a.incidents != b.incidents ? a.incidents > b.incidents : a.type < b.type;
  });
}

}  // namespace

std::vector<UnweightedType> types_without_harm_weight(const Incidents& incidents, const HarmWeights& table) {
  const std::vector<double> harm = table.per_category(incidents.categories);
  std::vector<std::uint64_t> count(harm.size() + 1, 0);  // the last: no crime type
  for (const std::uint32_t c : incidents.category) {
    if (c == Incidents::kNoCode) {
      ++count.back();
    } else if (std::isnan(harm[c])) {
      ++count[c];
    }
  }
  std::vector<UnweightedType> out;
  for (std::size_t c = 0; c < harm.size(); ++c) {
    if (count[c] > 0) out.push_back({incidents.categories[static_cast<std::uint32_t>(c)], count[c]});
  }
  if (count.back() > 0) out.push_back({"(no crime type)", count.back()});
  sort_unweighted(out);
  return out;
}

void merge_unweighted_types(std::vector<UnweightedType>& into, const std::vector<UnweightedType>& more) {
  for (const UnweightedType& t : more) {
    const auto same = std::find_if(into.begin(), into.end(), [&](const UnweightedType& u) { return u.type == t.type; });
    if (same == into.end()) {
      into.push_back(t);
    } else {
      same->incidents += t.incidents;
    }
  }
  sort_unweighted(into);
}

std::optional<std::string> missing_harm_weight_note(const std::vector<UnweightedType>& types,
                                                    const std::string& table_source) {
  if (types.empty()) return std::nullopt;
  std::string text = types.size() == 1 ? "1 crime type has" : std::to_string(types.size()) + " crime types have";
  text += " no weight in the harm table (" + table_source + ") and weigh " +
          std::to_string(static_cast<int>(HarmWeights::kMissingWeight)) + " each: ";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) text += ", ";
    text += "\"" + types[i].type + "\" (" + std::to_string(types[i].incidents) +
            (types[i].incidents == 1 ? " incident)" : " incidents)");
  }
  return text;
}

}  // namespace hotspot
