#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/string_dictionary.hpp"

namespace hotspot {

/// A crime-harm table: a weight per crime type (Cambridge Crime Harm Index style). The
/// bundled table is `data/crime-harm-weights.csv`, compiled into the library so the tool
/// works wherever it is installed; `--harm-weights FILE` replaces it.
class HarmWeights {
 public:
  /// The weight of a crime type the table does not list (a council's "Fly-tipping"): 1, the
  /// table's lowest weight (ASB, shoplifting), so such incidents count like the least harmful
  /// types instead of being dropped or silently weighing 0. Always reported with
  /// missing_harm_weight_note.
  static constexpr double kMissingWeight = 1.0;

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
  /// Weights by dictionary code, kMissingWeight where the table has none: the weights every
  /// harm figure uses.
  [[nodiscard]] std::vector<double> per_category_or_default(const StringDictionary& categories) const;
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const std::vector<std::pair<std::string, double>>& entries() const noexcept { return entries_; }

 private:
  std::string source_;
  std::vector<std::pair<std::string, double>> entries_;  // in file order
};

/// A crime type the harm table does not list, and how many incidents have it.
struct UnweightedType {
  std::string type;  ///< as in the data; "(no crime type)" for incidents without one
  std::uint64_t incidents = 0;
  friend bool operator==(const UnweightedType&, const UnweightedType&) = default;
};

/// The crime types of `incidents` without a weight in `table`, most incidents first (ties
/// by name). Incidents without a crime type count under "(no crime type)".
[[nodiscard]] std::vector<UnweightedType> types_without_harm_weight(const Incidents& incidents, const HarmWeights& table);

/// Adds `more` into `into` (the same type's counts summed) and re-sorts: for results made
/// batch by batch.
void merge_unweighted_types(std::vector<UnweightedType>& into, const std::vector<UnweightedType>& more);

/// The one warning for types without a harm weight, naming each with its incident count:
/// `2 crime types have no weight in the harm table (bundled crime-harm-weights.csv) and weigh
/// 1 each: "Fly-tipping" (12 incidents), "Noise" (3 incidents)`. Nothing when `types` is empty.
[[nodiscard]] std::optional<std::string> missing_harm_weight_note(const std::vector<UnweightedType>& types,
                                                                  const std::string& table_source);

/// Lower-cases ASCII letters, trims spaces: how crime-type names are compared.
[[nodiscard]] std::string normalise_type_name(std::string_view name);

}  // namespace hotspot
