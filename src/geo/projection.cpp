#include "hotspot/geo/projection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "hotspot/core/error.hpp"

namespace hotspot {
namespace {

constexpr const char* kWgs84 = "EPSG:4326";

std::string format_lonlat(double lon, double lat) {
  char text[96];
  std::snprintf(text, sizeof text, "lon %.6g, lat %.6g", lon, lat);
  return text;
}

// Lon/lat of each point of a part (NaN where unusable), rejecting impossible coordinates.
void lonlat_of(SourceIncidents& part, const CrsInfo& info, std::vector<double>& lon, std::vector<double>& lat,
               RowAccount& account, std::size_t& swapped) {
  Incidents& inc = part.incidents;
  lon = inc.x;
  lat = inc.y;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (info.geographic) {
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (std::abs(lon[i]) > 180.0 || std::abs(lat[i]) > 90.0) {
        if (std::abs(lat[i]) <= 180.0 && std::abs(lon[i]) <= 90.0) ++swapped;
        account.reject(part.source, inc.row[i], RejectReason::coordinate_out_of_range, format_lonlat(lon[i], lat[i]));
        lon[i] = lat[i] = nan;
      }
    }
    return;
  }
  CoordinateTransformer to_wgs84(inc.crs, kWgs84);
  std::vector<bool> ok;
  to_wgs84.transform(lon, lat, ok);
  for (std::size_t i = 0; i < inc.size(); ++i) {
    if (!ok[i]) {
      account.reject(part.source, inc.row[i], RejectReason::projection_failed,
                     "x " + std::to_string(inc.x[i]) + ", y " + std::to_string(inc.y[i]) + " in " + inc.crs);
      lon[i] = lat[i] = nan;
    }
  }
}

double median(std::vector<double> values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

}  // namespace

ProjectedIncidents project_incidents(std::vector<SourceIncidents>& parts, const std::string& requested_crs,
                                     RowAccount& account, std::vector<std::string>& notes) {
  std::map<std::string, CrsInfo> infos;
  auto info_of = [&](const std::string& definition) -> const CrsInfo& {
    auto it = infos.find(definition);
    if (it == infos.end()) it = infos.emplace(definition, describe_crs(definition)).first;
    return it->second;
  };

  std::vector<std::vector<double>> lons(parts.size()), lats(parts.size());
  std::vector<double> all_lon, all_lat;
  std::size_t swapped = 0;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    lonlat_of(parts[p], info_of(parts[p].incidents.crs), lons[p], lats[p], account, swapped);
    for (std::size_t i = 0; i < lons[p].size(); ++i) {
      if (!std::isnan(lons[p][i])) {
        all_lon.push_back(lons[p][i]);
        all_lat.push_back(lats[p][i]);
      }
    }
  }
  if (swapped > 0) {
    notes.push_back(std::to_string(swapped) +
                    " rows have a latitude beyond ±90° that would be valid as a longitude: longitude and latitude "
                    "look swapped in those rows (rejected as out of range)");
  }

  ProjectedIncidents out;
  if (!requested_crs.empty()) {
    require_metric_crs(requested_crs);
    out.crs = WorkingCrsChoice{requested_crs, info_of(requested_crs).name, "given with --crs"};
  } else if (!all_lon.empty()) {
    out.crs = choose_working_crs(median(all_lon), median(all_lat));
  } else {
    out.crs = WorkingCrsChoice{"EPSG:27700", "OSGB36 / British National Grid",
                               "no incident has usable coordinates; the default was taken"};
  }
  const CrsInfo& working = info_of(out.crs.definition);

  Incidents& merged = out.incidents;
  merged.crs = out.crs.definition;
  for (const auto& name : account.sources) merged.sources.intern(name);
  // Reserve once: growing by doubling while the parts are still held would double the peak.
  std::size_t total_rows = 0, total_id_bytes = 0;
  for (const auto& part : parts) {
    total_rows += part.incidents.size();
    for (std::size_t i = 0; i < part.incidents.size(); ++i) total_id_bytes += part.incidents.crime_id[i].size();
  }
  merged.reserve(total_rows);
  merged.crime_id.reserve(total_rows, total_id_bytes);
  out.lonlat_bounds = Bounds{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t p = 0; p < parts.size(); ++p) {
    Incidents& inc = parts[p].incidents;
    std::vector<bool> keep(inc.size(), true);
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (std::isnan(lons[p][i])) {
        keep[i] = false;
      } else if (working.has_area_of_use && !working.area_of_use.contains(lons[p][i], lats[p][i])) {
        keep[i] = false;
        account.reject(parts[p].source, inc.row[i], RejectReason::outside_crs_area,
                       format_lonlat(lons[p][i], lats[p][i]) + " is outside the area of use of " + out.crs.definition);
      }
    }
    std::vector<double> x = inc.x, y = inc.y;
    std::vector<bool> ok;
    CoordinateTransformer(inc.crs, out.crs.definition).transform(x, y, ok);
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (keep[i] && !ok[i]) {
        keep[i] = false;
        account.reject(parts[p].source, inc.row[i], RejectReason::projection_failed, format_lonlat(lons[p][i], lats[p][i]));
      }
      if (keep[i]) {
        out.lonlat_bounds.min_x = std::min(out.lonlat_bounds.min_x, lons[p][i]);
        out.lonlat_bounds.min_y = std::min(out.lonlat_bounds.min_y, lats[p][i]);
        out.lonlat_bounds.max_x = std::max(out.lonlat_bounds.max_x, lons[p][i]);
        out.lonlat_bounds.max_y = std::max(out.lonlat_bounds.max_y, lats[p][i]);
      }
    }
    inc.x = std::move(x);
    inc.y = std::move(y);
    inc.compact(keep);
    for (auto& s : inc.source) s = 0;  // re-coded below through the part's own dictionary
    inc.sources = StringDictionary{};
    inc.sources.intern(account.sources[parts[p].source]);
    merged.append(inc);
    inc = Incidents{};  // release the part's memory as we go
  }
  return out;
}

}  // namespace hotspot
