#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/string_dictionary.hpp"

namespace hotspot {

/// The largest weight one incident may carry, from a weight column or a harm table. Far
/// above any published harm scale (the Cambridge Crime Harm Index puts homicide at 5,475
/// days), and small enough that the sum over a billion incidents (1e15) stays an exact
/// integer in a double (below 2^53) and far from overflow: a weight of 1e308 summed to
/// infinity and printed "nan%" in shares.
inline constexpr double kMaxIncidentWeight = 1e6;

/// One incident's values, for appending a row to Incidents (codes already interned).
struct IncidentRecord {
  double x = 0;
  double y = 0;
  MonthIndex month = kNoMonth;
  LocalTime time = kNoTime;
  std::uint32_t category = StringDictionary::npos;
  double weight = 1.0;
  std::uint32_t location = StringDictionary::npos;
  std::uint32_t lsoa = StringDictionary::npos;
  std::uint32_t source = 0;
  std::uint64_t row = 0;
  std::string_view crime_id;
};

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
  std::vector<std::uint32_t> lsoa;      ///< code in `lsoas` (an LSOA code with the name that row gave it)
  std::vector<std::uint32_t> source;    ///< code in `sources`
  std::vector<std::uint64_t> row;       ///< data row in the source, 1 = first row after the header
  StringColumn crime_id;                ///< police.uk "Crime ID" (empty for ASB)
  /// Empty: each entry is one input row. Otherwise the rows each entry stands for: streamed
  /// input collapsed to one entry per location (LocationTotals), whose weight is their sum.
  std::vector<std::uint32_t> rows_represented;

  StringDictionary categories;
  StringDictionary locations;
  /// "E01023918 Welwyn Hatfield 006C": code, one space, name. Kept as pairs because one
  /// code can carry different names in different years (2011 vs 2021 LSOA names).
  StringDictionary lsoas;
  StringDictionary sources;

  std::string crs;  ///< the CRS of x/y as a user-facing definition, e.g. "EPSG:27700"

  [[nodiscard]] std::size_t size() const noexcept { return x.size(); }
  [[nodiscard]] std::string_view lsoa_code(std::uint32_t code) const;
  [[nodiscard]] std::string_view lsoa_name(std::uint32_t code) const;
  /// The `lsoas` code of a (code, name) pair, adding it if new.
  std::uint32_t intern_lsoa(std::string_view code, std::string_view name);
  [[nodiscard]] bool empty() const noexcept { return x.empty(); }
  void reserve(std::size_t rows);
  /// Appends one row to every column.
  void push_back(const IncidentRecord& record);
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
