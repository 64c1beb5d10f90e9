#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/string_dictionary.hpp"

namespace hotspot {

/// Incidents held column-wise (structure of arrays): one entry per input row that was used.
/// Coordinates are in `crs` (a projected, metric CRS once `project_incidents` has run).
/// Strings that repeat are dictionary codes; `kNoCode` marks a value the source did not have.
struct Incidents {
  static constexpr std::uint32_t kNoCode = StringDictionary::npos;

  std::vector<double> x;
  std::vector<double> y;
  std::vector<MonthIndex> month;      ///< kNoMonth when unknown
  std::vector<LocalTime> time;        ///< kNoTime when only the month is known (police.uk)
  std::vector<std::uint32_t> category;  ///< code in `categories` (police.uk "Crime type")
  std::vector<double> weight;         ///< 1, a harm weight or a user field; always finite and >= 0
  std::vector<std::uint32_t> location;  ///< code in `locations` (police.uk "Location")
  std::vector<std::uint32_t> lsoa;      ///< code in `lsoa_codes` / `lsoa_names` (same code)
  std::vector<std::uint32_t> source;    ///< code in `sources`
  std::vector<std::uint64_t> row;       ///< data row in the source, 1 = first row after the header
  StringColumn crime_id;                ///< police.uk "Crime ID" (empty for ASB)

  StringDictionary categories;
  StringDictionary locations;
  StringDictionary lsoa_codes;
  StringDictionary lsoa_names;
  StringDictionary sources;

  std::string crs;  ///< the CRS of x/y as a user-facing definition, e.g. "EPSG:27700"

  [[nodiscard]] std::size_t size() const noexcept { return x.size(); }
  [[nodiscard]] bool empty() const noexcept { return x.empty(); }
  void reserve(std::size_t rows);
  /// Keeps the rows whose flag is set, in order, in every column.
  void compact(const std::vector<bool>& keep);
  /// Appends all rows of `other`, re-coding its dictionaries into ours.
  void append(const Incidents& other);
};

/// Incidents that share a location collapsed into one weighted point. police.uk snaps every
/// crime to one of a fixed set of map points, so ~40k rows can sit on ~3k points; algorithms
/// that take weights then cost no more than the distinct points.
struct WeightedPoints {
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> weight;            ///< sum of the incidents' weights
  std::vector<std::uint32_t> count;      ///< number of incidents
  std::vector<std::uint32_t> point_of;   ///< for each incident, the index of its point
  [[nodiscard]] std::size_t size() const noexcept { return x.size(); }
};

/// Collapses exactly equal (x, y) into weighted points, ordered by (x, y) so the result does
/// not depend on input order.
[[nodiscard]] WeightedPoints collapse_locations(const Incidents& incidents);

}  // namespace hotspot
