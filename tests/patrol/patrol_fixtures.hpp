#pragma once

// Builders for small constructed incident sets used by the patrol tests.

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"

namespace hotspot::testing {

inline void add_incident(Incidents& in, double x, double y, MonthIndex month, double weight = 1.0,
                         LocalTime time = kNoTime) {
  in.x.push_back(x);
  in.y.push_back(y);
  in.month.push_back(month);
  in.time.push_back(time);
  in.category.push_back(Incidents::kNoCode);
  in.weight.push_back(weight);
  in.location.push_back(Incidents::kNoCode);
  in.lsoa.push_back(Incidents::kNoCode);
  in.source.push_back(0);
  in.row.push_back(in.row.size() + 1);
  in.crime_id.push_back("");
  in.crs = "EPSG:27700";
}

}  // namespace hotspot::testing
