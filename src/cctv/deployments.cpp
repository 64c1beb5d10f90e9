#include "hotspot/cctv/deployments.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>

#include <ogr_api.h>
#include <ogr_geometry.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/geo/crs.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

std::string lower(const std::string& text) {
  std::string out;
  for (const char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// One row of a table: the text of the asked fields, and its location when it has one.
struct TableRow {
  std::int64_t fid = 0;
  std::vector<std::string> values;
  std::optional<std::pair<double, double>> location;
};

// Reads `fields` (and the location, see LocationFields) of every feature of `source`.
std::vector<TableRow> read_table(const AreaSource& source, const std::vector<std::string>& fields,
                                 const LocationFields& location, const std::string& working_crs, const std::string& stage,
                                 std::vector<std::string>& notes) {
  const ErrorContext where{stage, source.path, std::nullopt, {}};
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, working_crs, where, "the option naming its layer");
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(opened.layer);
  std::vector<std::string> present;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) present.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  const auto missing = [&](const std::string& name) {
    std::string list;
    for (const auto& p : present) list += (list.empty() ? "" : ", ") + p;
    return Error(ErrorCode::usage, where, "has no field \"" + name + "\"; its fields are: " + (list.empty() ? "(none)" : list));
  };
  std::vector<int> index;
  for (const auto& name : fields) {
    const int i = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (i < 0) throw missing(name);
    index.push_back(i);
  }
  // Coordinate fields: as given, or the first conventional pair present.
  int x_at = -1, y_at = -1;
  std::string xy_crs = location.crs;
  if (!location.x.empty() || !location.y.empty()) {
    x_at = OGR_FD_GetFieldIndex(defn, location.x.c_str());
    if (x_at < 0) throw missing(location.x);
    y_at = OGR_FD_GetFieldIndex(defn, location.y.c_str());
    if (y_at < 0) throw missing(location.y);
  } else {
    const std::pair<const char*, const char*> pairs[] = {
        {"longitude", "latitude"}, {"lon", "lat"}, {"easting", "northing"}, {"x", "y"}};
    for (const auto& [xn, yn] : pairs) {
      const auto find = [&](const char* name) {
        for (std::size_t i = 0; i < present.size(); ++i) {
          if (lower(present[i]) == name) return static_cast<int>(i);
        }
        return -1;
      };
      if (find(xn) >= 0 && find(yn) >= 0) {
        x_at = find(xn);
        y_at = find(yn);
        if (xy_crs.empty()) xy_crs = std::string(xn) == "easting" ? "EPSG:27700" : std::string(xn) == "x" ? "" : "EPSG:4326";
        break;
      }
    }
  }
  if (x_at >= 0 && xy_crs.empty()) {
    throw Error(ErrorCode::usage, where,
                "the coordinate fields \"" + present[static_cast<std::size_t>(x_at)] + "\" and \"" +
                    present[static_cast<std::size_t>(y_at)] + "\" need their CRS (e.g. EPSG:27700)");
  }
  std::unique_ptr<CoordinateTransformer> to_working;
  if (x_at >= 0 && xy_crs != working_crs) to_working = std::make_unique<CoordinateTransformer>(xy_crs, working_crs);

  std::vector<TableRow> rows;
  OGR_L_ResetReading(opened.layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(opened.layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    TableRow row;
    row.fid = OGR_F_GetFID(f);
    ErrorContext at = where;
    at.row = static_cast<std::uint64_t>(row.fid);
    const auto text = [&](int i) { return OGR_F_IsFieldSetAndNotNull(f, i) ? trim(OGR_F_GetFieldAsString(f, i)) : std::string(); };
    for (const int i : index) row.values.push_back(text(i));
    if (const auto g = detail::working_geometry(f, opened, at)) {
      OGRPoint centre;
      if (const auto* p = dynamic_cast<const OGRPoint*>(g.get())) {
        centre = *p;
      } else if (g->Centroid(&centre) != OGRERR_NONE) {
        throw Error(ErrorCode::data, at, "has a geometry whose centre cannot be found");
      }
      row.location = std::pair{centre.getX(), centre.getY()};
    } else if (x_at >= 0 && !(text(x_at).empty() && text(y_at).empty())) {
      auto x = parse_number(text(x_at)), y = parse_number(text(y_at));
      if (!x || !y) {
        at.field = !x ? present[static_cast<std::size_t>(x_at)] : present[static_cast<std::size_t>(y_at)];
        throw Error(ErrorCode::data, at, at.field + " \"" + (!x ? text(x_at) : text(y_at)) + "\" is not a number");
      }
      if (to_working && !to_working->transform(*x, *y)) {
        throw Error(ErrorCode::crs, at, "the coordinates cannot be projected to " + working_crs);
      }
      row.location = std::pair{*x, *y};
    }
    rows.push_back(std::move(row));
  }
  if (!opened.has_crs && OGR_L_GetGeomType(opened.layer) != wkbNone && x_at < 0) {
    notes.push_back(source.path + ": layer has no CRS; taken to be in the working CRS " + working_crs);
  }
  return rows;
}

MonthIndex month_field(const std::string& text, const AreaSource& source, const std::string& stage, std::int64_t fid,
                       const std::string& field) {
  const auto m = parse_placement_month(text);
  if (!m) {
    throw Error(ErrorCode::data, ErrorContext{stage, source.path, static_cast<std::uint64_t>(fid), field},
                field + " \"" + text + "\" is not a month or date (YYYY-MM or YYYY-MM-DD)");
  }
  return *m;
}

}  // namespace

std::optional<MonthIndex> parse_placement_month(const std::string& text) {
  if (const auto m = parse_month(text)) return m;
  if (const auto t = parse_timestamp(text)) return month_of_time(t->time);
  return std::nullopt;
}

std::vector<UnitPlacement> read_units(const AreaSource& source, const UnitFields& fields, const std::string& working_crs,
                                      std::vector<std::string>& notes) {
  const std::string stage = "cctv.units";
  const auto rows = read_table(source, {fields.unit, fields.site, fields.placed}, fields.location, working_crs, stage, notes);
  std::vector<UnitPlacement> units;
  std::map<std::string, std::int64_t> row_of;
  for (const auto& row : rows) {
    const auto at = [&](const std::string& field) {
      return ErrorContext{stage, source.path, static_cast<std::uint64_t>(row.fid), field};
    };
    UnitPlacement unit;
    unit.row = row.fid;
    unit.unit = row.values[0];
    unit.site = row.values[1];
    if (unit.unit.empty()) throw Error(ErrorCode::data, at(fields.unit), "the unit has no id");
    if (unit.site.empty()) throw Error(ErrorCode::data, at(fields.site), "unit \"" + unit.unit + "\" has no site name");
    if (const auto [it, fresh] = row_of.emplace(unit.unit, row.fid); !fresh) {
      throw Error(ErrorCode::data, at(fields.unit),
                  "unit id \"" + unit.unit + "\" is also on row " + std::to_string(it->second) + "; each unit must appear once");
    }
    unit.placed = month_field(row.values[2], source, stage, row.fid, fields.placed);
    unit.location = row.location;
    units.push_back(std::move(unit));
  }
  if (units.empty()) throw Error(ErrorCode::data, ErrorContext{stage, source.path, std::nullopt, {}}, "lists no units");
  return units;
}

std::vector<Deployment> read_deployments(const AreaSource& source, const DeploymentFields& fields,
                                         const std::string& working_crs, std::vector<std::string>& notes) {
  const std::string stage = "cctv.deployments";
  const auto rows =
      read_table(source, {fields.site, fields.installed, fields.removed}, fields.location, working_crs, stage, notes);
  std::vector<Deployment> out;
  for (const auto& row : rows) {
    Deployment d;
    d.row = row.fid;
    d.site = row.values[0];
    if (d.site.empty()) {
      throw Error(ErrorCode::data, ErrorContext{stage, source.path, static_cast<std::uint64_t>(row.fid), fields.site},
                  "the deployment has no site name");
    }
    d.installed = month_field(row.values[1], source, stage, row.fid, fields.installed);
    if (!row.values[2].empty()) {
      d.removed = month_field(row.values[2], source, stage, row.fid, fields.removed);
      if (d.removed < d.installed) {
        throw Error(ErrorCode::data, ErrorContext{stage, source.path, static_cast<std::uint64_t>(row.fid), fields.removed},
                    "removed (" + format_month(d.removed) + ") before it was installed (" + format_month(d.installed) + ")");
      }
    }
    d.location = row.location;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace hotspot
