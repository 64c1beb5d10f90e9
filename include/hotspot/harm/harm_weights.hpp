#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hotspot/core/string_dictionary.hpp"

namespace hotspot {

/// A crime-harm table: a weight per crime type (Cambridge Crime Harm Index style). The
/// bundled table is `data/crime-harm-weights.csv`, compiled into the library so the tool
/// works wherever it is installed; `--harm-weights FILE` replaces it.
class HarmWeights {
 public:
  /// The bundled table.
  [[nodiscard]] static HarmWeights bundled();
  /// A CSV with columns `crime_type,weight[,basis]`, read with GDAL's CSV driver. Errors name
  /// the file, row and field; duplicate types and negative or non-numeric weights are errors.
  [[nodiscard]] static HarmWeights load(const std::filesystem::path& path);
  /// Parses the CSV text (named `source` in errors).
  [[nodiscard]] static HarmWeights parse(const std::string& csv_text, const std::string& source);

  /// The weight of a crime type, matched case-insensitively; nothing when absent.
  [[nodiscard]] std::optional<double> weight(std::string_view crime_type) const;
  /// Weights by dictionary code; NaN where the table has no weight for that category.
  [[nodiscard]] std::vector<double> per_category(const StringDictionary& categories) const;
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const std::vector<std::pair<std::string, double>>& entries() const noexcept { return entries_; }

 private:
  std::string source_;
  std::vector<std::pair<std::string, double>> entries_;  // in file order
};

/// Lower-cases ASCII letters, trims spaces: how crime-type names are compared.
[[nodiscard]] std::string normalise_type_name(std::string_view name);

}  // namespace hotspot
