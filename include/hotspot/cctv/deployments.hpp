#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/geo/study_area.hpp"

namespace hotspot {

/// Where a table's rows are: the feature's geometry (a GeoPackage, GeoJSON, ... layer), or
/// two coordinate fields (a CSV), or neither (then the row's site name must be a candidate
/// site's name, whose location is used).
struct LocationFields {
  /// Coordinate fields; empty: the first pair present of longitude/latitude, lon/lat,
  /// easting/northing, x/y (names compared without case).
  std::string x, y;
  /// CRS of the coordinate fields; empty: EPSG:4326 for longitude/latitude and lon/lat,
  /// EPSG:27700 for easting/northing; x/y fields need it given.
  std::string crs;
};

/// Fields of the table of redeployable units and where each stands now.
struct UnitFields {
  std::string unit = "unit";      ///< the unit's id (unique)
  std::string site = "site";      ///< the site's name (a candidate's name, or any name)
  std::string placed = "placed";  ///< when it was put there: YYYY-MM or a date
  LocationFields location;
};

/// One unit where it stands now.
struct UnitPlacement {
  std::string unit;
  std::string site;
  std::optional<std::pair<double, double>> location;  ///< working CRS; none: the candidate named `site`
  MonthIndex placed = kNoMonth;
  std::int64_t row = 0;  ///< feature id (a CSV's data row, 1 = the first after the header)
};

/// Reads the units table (any OGR source: CSV, GeoPackage, GeoJSON, ...). Throws Error(usage)
/// naming the table's fields when a field is missing, Error(data) naming the row and field for
/// an empty unit id or site, a date that is not YYYY-MM or a date, coordinates that are not
/// numbers, or a unit id used twice (naming both rows).
[[nodiscard]] std::vector<UnitPlacement> read_units(const AreaSource& source, const UnitFields& fields,
                                                    const std::string& working_crs, std::vector<std::string>& notes);

/// Fields of a deployments log: every past (and current) placement of a redeployable camera.
struct DeploymentFields {
  std::string site = "site";
  std::string installed = "installed";
  std::string removed = "removed";  ///< empty value: still there
  LocationFields location;
};

/// One placement from a deployments log.
struct Deployment {
  std::string site;
  std::optional<std::pair<double, double>> location;  ///< working CRS; none: the candidate named `site`
  MonthIndex installed = kNoMonth;
  MonthIndex removed = kNoMonth;  ///< kNoMonth: still there
  std::int64_t row = 0;
};

/// Reads a deployments log. Throws Error like read_units, and Error(data) for a removal before
/// its installation.
[[nodiscard]] std::vector<Deployment> read_deployments(const AreaSource& source, const DeploymentFields& fields,
                                                       const std::string& working_crs, std::vector<std::string>& notes);

/// The month of "YYYY-MM", "YYYY-MM-DD" or any timestamp parse_timestamp reads; nothing else.
[[nodiscard]] std::optional<MonthIndex> parse_placement_month(const std::string& text);

}  // namespace hotspot
