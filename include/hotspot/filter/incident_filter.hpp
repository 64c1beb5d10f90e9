#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/row_account.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/geo/study_area.hpp"

namespace hotspot {

/// Which incidents to keep.
struct FilterOptions {
  std::vector<std::string> types;  ///< crime types to keep (case-insensitive); empty = all
  std::string from;                ///< first month/day/time kept: YYYY-MM, YYYY-MM-DD or a timestamp
  std::string to;                  ///< last month/day/time kept (inclusive)
  std::optional<AreaSource> within;
  std::optional<Bounds> bbox;
  std::string bbox_crs = "EPSG:4326";
};

/// The inclusive period --from/--to describe. A month-only row (police.uk) is kept when its
/// month lies in [from_month, to_month]; a timestamped row when its time lies in
/// [from_time, to_time]. `--to 2021-03` ends at the end of March, `--to 2021-03-15` at the
/// end of that day.
struct Period {
  MonthIndex from_month = INT32_MIN;
  MonthIndex to_month = INT32_MAX;
  LocalTime from_time = INT64_MIN + 1;
  LocalTime to_time = INT64_MAX;
  [[nodiscard]] bool bounded() const { return from_month != INT32_MIN || to_month != INT32_MAX; }
};

/// Parses --from/--to; throws Error(usage) on an unreadable date or from > to.
[[nodiscard]] Period parse_period(const std::string& from, const std::string& to);

/// The areas a filter tests against, already in the working CRS.
struct FilterAreas {
  const StudyArea* within = nullptr;
  const StudyArea* bbox = nullptr;
};

/// Drops the incidents the options exclude, rejecting each in `account` with its reason
/// (the first that applies: type, period, area, bbox). `source_of` maps an incident's
/// `source` code to the account's source index. Unknown type names are a usage error.
void filter_incidents(Incidents& incidents, const FilterOptions& options, const FilterAreas& areas,
                      RowAccount& account, std::vector<std::string>& notes);

/// The 14 crime types police.uk publishes.
[[nodiscard]] const std::vector<std::string>& police_uk_crime_types();

}  // namespace hotspot
