#pragma once

#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/row_account.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot {

/// Incidents from all sources in one metric working CRS.
struct ProjectedIncidents {
  Incidents incidents;     ///< `source` codes equal RowAccount::sources indexes
  WorkingCrsChoice crs;
  Bounds lonlat_bounds;    ///< WGS84 bounds of the incidents kept
};

/// Projects every source's incidents into the working CRS: `requested_crs`, or when empty
/// the automatic choice from the median location. Rejects (in `account`) points out of range
/// for a geographic source CRS, outside the working CRS's area of use, or that PROJ cannot
/// transform; notes likely swapped longitude/latitude.
[[nodiscard]] ProjectedIncidents project_incidents(std::vector<SourceIncidents>& parts, const std::string& requested_crs,
                                                   RowAccount& account, std::vector<std::string>& notes);

}  // namespace hotspot
