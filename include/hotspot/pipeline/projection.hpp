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
};

/// Projects every source's incidents into the working CRS: `requested_crs`, or when empty
/// the automatic choice from the median location. Rejects (in `account`) points out of range
/// for a geographic source CRS, outside the working CRS's area of use, or that PROJ cannot
/// transform; notes likely swapped longitude/latitude. When every source is in one projected
/// CRS and the lon/lat box of their points settles the working CRS and lies inside its area of
/// use, no point is taken to lon/lat one by one; points already in the working CRS are never
/// transformed.
[[nodiscard]] ProjectedIncidents project_incidents(std::vector<SourceIncidents>& parts, const std::string& requested_crs,
                                                   RowAccount& account, std::vector<std::string>& notes);

}  // namespace hotspot
