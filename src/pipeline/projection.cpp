#include "hotspot/pipeline/projection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"

namespace hotspot {
namespace {

constexpr const char* kWgs84 = "EPSG:4326";

std::string format_lonlat(double lon, double lat) { return format("lon %.6g, lat %.6g", lon, lat); }

// Rows of a geographic CRS rejected as out of range, by what they look like, for a note.
struct OutOfRange {
  std::size_t swapped = 0;  // latitude beyond ±90° that would be a valid longitude
  std::size_t metres = 0;   // far beyond any degree value: a projected CRS's metres
  std::size_t british_grid = 0;  // of those, eastings and northings inside Great Britain's grid
  double example_x = 0, example_y = 0;

  void count(double x, double y) {
    if (std::abs(y) <= 180.0 && std::abs(x) <= 90.0) {
      ++swapped;
    } else if (std::abs(x) > 360.0 || std::abs(y) > 360.0) {
      if (metres++ == 0) {
        example_x = x;
        example_y = y;
      }
      if (x >= 0.0 && x <= 700000.0 && y >= 0.0 && y <= 1300000.0) ++british_grid;
    }
  }
  void add_notes(std::vector<std::string>& notes) const {
    if (swapped > 0) {
      notes.push_back(std::to_string(swapped) +
                      " rows have a latitude beyond ±90° that would be valid as a longitude: longitude and latitude "
                      "look swapped in those rows (rejected as out of range)");
    }
    if (metres > 0) {
      char example[96];
      std::snprintf(example, sizeof example, "x %.10g, y %.10g", example_x, example_y);
      std::string note = std::to_string(metres) + " rows have coordinates far beyond ±180° (e.g. " + example +
                         ") that look like metres, not degrees of longitude and latitude (rejected as out of range): ";
      note += british_grid == metres
                  ? "if they are British National Grid eastings and northings, pass " + option_ref("crs") + " EPSG:27700"
                  : "pass the coordinates' own CRS with " + option_ref("crs") + " (e.g. EPSG:27700 for British National Grid)";
      notes.push_back(note);
    }
  }
};

// Lon/lat of each point of a part (NaN where unusable), rejecting impossible coordinates.
void lonlat_of(SourceIncidents& part, const CrsInfo& info, std::vector<double>& lon, std::vector<double>& lat,
               RowAccount& account, OutOfRange& out_of_range) {
  Incidents& inc = part.incidents;
  lon = inc.x;
  lat = inc.y;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (info.geographic) {
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (std::abs(lon[i]) > 180.0 || std::abs(lat[i]) > 90.0) {
        out_of_range.count(lon[i], lat[i]);
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


// Every part is in one projected CRS: the lon/lat box that holds all their points, found
// without taking each point to lon/lat. The inverse projection maps the points' bounding box
// onto the region enclosed by the image of the box's boundary, and that region lies inside
// the bounds of the boundary's image; the boundary is sampled densely and taken to the CRS's
// own geographic CRS (no datum shift, so no search of PROJ's database for one), and the
// bounds are widened by a margin far larger than both the bend of the image between two
// samples and the shift from the CRS's datum to WGS84 (OSGB36: about 0.0015°). Empty when a
// part is geographic, the parts' CRSs differ, there is no finite point, or PROJ cannot take
// some boundary sample to lon/lat (points near the edge of the projection's domain): the
// caller then takes every point to lon/lat.
std::optional<Bounds> lonlat_envelope(const std::vector<SourceIncidents>& parts, const CrsInfo& info,
                                      const CoordinateTransformer& to_lonlat) {
  constexpr int kSamplesPerSide = 256;
  constexpr double kMarginDegrees = 0.05;
  if (info.geographic) return std::nullopt;
  Bounds box{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
             -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const auto& part : parts) {
    if (part.incidents.crs != info.definition) return std::nullopt;
    const Incidents& inc = part.incidents;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (!std::isfinite(inc.x[i]) || !std::isfinite(inc.y[i])) return std::nullopt;
      box.min_x = std::min(box.min_x, inc.x[i]);
      box.min_y = std::min(box.min_y, inc.y[i]);
      box.max_x = std::max(box.max_x, inc.x[i]);
      box.max_y = std::max(box.max_y, inc.y[i]);
    }
  }
  if (!(box.min_x <= box.max_x)) return std::nullopt;
  std::vector<double> x, y;
  for (int k = 0; k < kSamplesPerSide; ++k) {
    const double t = static_cast<double>(k) / kSamplesPerSide;
    const double along_x = box.min_x + t * (box.max_x - box.min_x);
    const double along_y = box.min_y + t * (box.max_y - box.min_y);
    x.insert(x.end(), {along_x, box.max_x, box.max_x - t * (box.max_x - box.min_x), box.min_x});
    y.insert(y.end(), {box.min_y, along_y, box.max_y, box.max_y - t * (box.max_y - box.min_y)});
  }
  std::vector<bool> ok;
  to_lonlat.transform(x, y, ok);
  if (std::find(ok.begin(), ok.end(), false) != ok.end()) return std::nullopt;
  const auto [min_lon, max_lon] = std::minmax_element(x.begin(), x.end());
  const auto [min_lat, max_lat] = std::minmax_element(y.begin(), y.end());
  return Bounds{*min_lon - kMarginDegrees, *min_lat - kMarginDegrees, *max_lon + kMarginDegrees,
                *max_lat + kMarginDegrees};
}

// The component-wise median of the points, in their own CRS, as text for the working CRS's
// reason, e.g. "x 522750.5, y 208900 in EPSG:27700".
std::string median_position(const std::vector<SourceIncidents>& parts, const std::string& crs) {
  std::vector<double> x, y;
  for (const auto& part : parts) {
    x.insert(x.end(), part.incidents.x.begin(), part.incidents.x.end());
    y.insert(y.end(), part.incidents.y.begin(), part.incidents.y.end());
  }
  char text[96];
  std::snprintf(text, sizeof text, "x %.10g, y %.10g", median(std::move(x)), median(std::move(y)));
  return text + (" in " + crs);
}

// Projects the parts with every point known to lie inside the working CRS's area of use.
void merge_projected(std::vector<SourceIncidents>& parts, const std::vector<std::vector<double>>& lons,
                     const std::vector<std::vector<double>>& lats, const CrsInfo& working, RowAccount& account,
                     ProjectedIncidents& out);

}  // namespace

ProjectedIncidents project_incidents(std::vector<SourceIncidents>& parts, const std::string& requested_crs,
                                     RowAccount& account, std::vector<std::string>& notes) {
  std::map<std::string, CrsInfo> infos;
  auto info_of = [&](const std::string& definition) -> const CrsInfo& {
    auto it = infos.find(definition);
    if (it == infos.end()) it = infos.emplace(definition, describe_crs(definition)).first;
    return it->second;
  };
  if (!requested_crs.empty()) require_metric_crs(requested_crs);

  ProjectedIncidents out;
  // Fast path: all parts in one projected CRS whose points' lon/lat box settles both the
  // working CRS and the area-of-use check, so no point needs its own inverse projection.
  if (!parts.empty()) {
    const CrsInfo& source = info_of(parts.front().incidents.crs);
    std::optional<CoordinateTransformer> to_lonlat;
    if (!source.geographic) to_lonlat.emplace(CoordinateTransformer::to_own_geographic(source.definition));
    if (const std::optional<Bounds> envelope = to_lonlat ? lonlat_envelope(parts, source, *to_lonlat) : std::nullopt) {
      std::optional<WorkingCrsChoice> choice;
      if (!requested_crs.empty()) {
        choice = WorkingCrsChoice{requested_crs, info_of(requested_crs).name, "given with --crs"};
      } else if (const std::optional<std::string> settled = working_crs_for_box(*envelope)) {
        // Every location in the box gets the same choice, the median's included.
        choice = choose_working_crs((envelope->min_x + envelope->max_x) / 2.0, (envelope->min_y + envelope->max_y) / 2.0,
                                    median_position(parts, source.definition));
        if (choice->definition != *settled) choice.reset();
      }
      const CrsInfo* working = choice ? &info_of(choice->definition) : nullptr;
      if (working != nullptr && (!working->has_area_of_use || envelope->strictly_inside(working->area_of_use))) {
        out.crs = *choice;
        merge_projected(parts, {}, {}, *working, account, out);
        return out;
      }
    }
  }

  std::vector<std::vector<double>> lons(parts.size()), lats(parts.size());
  std::vector<double> all_lon, all_lat;
  OutOfRange out_of_range;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    lonlat_of(parts[p], info_of(parts[p].incidents.crs), lons[p], lats[p], account, out_of_range);
    for (std::size_t i = 0; i < lons[p].size(); ++i) {
      if (!std::isnan(lons[p][i])) {
        all_lon.push_back(lons[p][i]);
        all_lat.push_back(lats[p][i]);
      }
    }
  }
  out_of_range.add_notes(notes);

  if (!requested_crs.empty()) {
    out.crs = WorkingCrsChoice{requested_crs, info_of(requested_crs).name, "given with --crs"};
  } else if (!all_lon.empty()) {
    out.crs = choose_working_crs(median(all_lon), median(all_lat));
  } else {
    out.crs = WorkingCrsChoice{"EPSG:27700", "OSGB36 / British National Grid",
                               "no incident has usable coordinates; the default was taken"};
  }
  merge_projected(parts, lons, lats, info_of(out.crs.definition), account, out);
  return out;
}

namespace {

// Takes every part into the working CRS and appends it to `out.incidents`. With `lons`/`lats`
// (per part, NaN where already rejected) points outside the working CRS's area of use are
// rejected; without them every point is known to lie inside. Parts already in the working
// CRS are not transformed.
void merge_projected(std::vector<SourceIncidents>& parts, const std::vector<std::vector<double>>& lons,
                     const std::vector<std::vector<double>>& lats, const CrsInfo& working, RowAccount& account,
                     ProjectedIncidents& out) {
  const bool per_point = !lons.empty();
  Incidents& merged = out.incidents;
  merged.crs = out.crs.definition;
  for (const auto& name : account.sources) merged.sources.intern(name);
  // Reserve once: growing by doubling while the parts are still held would double the peak.
  // The first part becomes the merged set itself when it already has room for every row (the
  // first piece of a large CSV file reserves for the whole file), so its rows are not copied.
  std::size_t total_rows = 0, total_id_bytes = 0;
  for (const auto& part : parts) {
    total_rows += part.incidents.size();
    for (std::size_t i = 0; i < part.incidents.size(); ++i) total_id_bytes += part.incidents.crime_id[i].size();
  }
  const bool grow_first =
      !parts.empty() && (parts.size() == 1 || parts.front().incidents.x.capacity() >= total_rows);
  if (!grow_first) {
    merged.reserve(total_rows);
    merged.crime_id.reserve(total_rows, total_id_bytes);
  }
  for (std::size_t p = 0; p < parts.size(); ++p) {
    Incidents& inc = parts[p].incidents;
    std::vector<bool> keep(inc.size(), true);
    auto where = [&](std::size_t i) {
      return per_point ? format_lonlat(lons[p][i], lats[p][i])
                       : "x " + std::to_string(inc.x[i]) + ", y " + std::to_string(inc.y[i]) + " in " + inc.crs;
    };
    if (per_point) {
      for (std::size_t i = 0; i < inc.size(); ++i) {
        if (std::isnan(lons[p][i])) {
          keep[i] = false;
        } else if (working.has_area_of_use && !working.area_of_use.contains(lons[p][i], lats[p][i])) {
          keep[i] = false;
          account.reject(parts[p].source, inc.row[i], RejectReason::outside_crs_area,
                         where(i) + " is outside the area of use of " + out.crs.definition);
        }
      }
    }
    if (inc.crs != out.crs.definition) {
      std::vector<double> x = inc.x, y = inc.y;
      std::vector<bool> ok;
      CoordinateTransformer(inc.crs, out.crs.definition).transform(x, y, ok);
      for (std::size_t i = 0; i < inc.size(); ++i) {
        if (keep[i] && !ok[i]) {
          keep[i] = false;
          account.reject(parts[p].source, inc.row[i], RejectReason::projection_failed, where(i));
        }
      }
      inc.x = std::move(x);
      inc.y = std::move(y);
    }
    if (std::find(keep.begin(), keep.end(), false) != keep.end()) inc.compact(keep);
    if (p == 0 && grow_first) {
      // The first part becomes the merged set as it is, without a copy.
      const std::uint32_t code = merged.sources.intern(account.sources[parts[p].source]);
      StringDictionary sources = std::move(merged.sources);
      merged = std::move(inc);
      merged.crs = out.crs.definition;
      merged.sources = std::move(sources);
      std::fill(merged.source.begin(), merged.source.end(), code);
      if (parts.size() > 1) {
        merged.reserve(total_rows);  // no copy where a column has the room already
        merged.crime_id.reserve(total_rows, total_id_bytes);
      }
      inc = Incidents{};
      continue;
    }
    for (auto& s : inc.source) s = 0;  // re-coded below through the part's own dictionary
    inc.sources = StringDictionary{};
    inc.sources.intern(account.sources[parts[p].source]);
    merged.append(inc);
    inc = Incidents{};  // release the part's memory as we go
  }
}

}  // namespace

}  // namespace hotspot
