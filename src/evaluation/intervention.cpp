#include "hotspot/evaluation/intervention.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <utility>

#include <geos_c.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot::evaluation {
namespace {

constexpr const char* kStage = "evaluation.intervention";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kCircleQuadrantSegments = 16;  // 64 segments round a circle

using detail::GeomPtr;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  return std::string(text.substr(a, b - a));
}

// Proleptic Gregorian date of a day count since 1970-01-01.
InterventionDate date_of_days(std::int64_t days) {
  const CivilDate d = hotspot::civil_from_days(days);
  return {d.year, d.month, d.day};
}

int days_in_month(int year, int month) {
  const int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
  return static_cast<int>(days_from_civil(next_year, next_month, 1) - days_from_civil(year, month, 1));
}

MonthIndex month_index(const InterventionDate& d) { return make_month(d.year, d.month); }

// A date as "2018-07-15" or "2018-07" for sentences and CSV.
std::string date_text(const InterventionDate& d) { return format_intervention_date(d); }

// ---------------------------------------------------------------------------------------
// GEOS.

GeomPtr checked(GEOSContextHandle_t h, GEOSGeometry* g, const std::string& what) {
  if (g == nullptr) throw Error(ErrorCode::internal, kStage, "GEOS could not compute the " + what);
  return detail::own(h, g);
}

double area_of(GEOSContextHandle_t h, const GEOSGeometry* g) {
  double a = 0;
  if (g == nullptr || GEOSisEmpty_r(h, g) == 1 || GEOSArea_r(h, g, &a) != 1) return 0;
  return a;
}

// Keeps the polygonal parts of a geometry (GEOS overlay can leave lines and points).
GeomPtr polygonal(GEOSContextHandle_t h, GeomPtr g) {
  const int type = GEOSGeomTypeId_r(h, g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<GEOSGeometry*> parts;
  const int n = GEOSGetNumGeometries_r(h, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, g.get(), i);
    const int t = GEOSGeomTypeId_r(h, part);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) parts.push_back(GEOSGeom_clone_r(h, part));
  }
  if (parts.empty()) return checked(h, GEOSGeom_createEmptyPolygon_r(h), "empty polygon");
  GeomPtr collection = checked(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                              static_cast<unsigned>(parts.size())),
                               "collection");
  return checked(h, GEOSUnaryUnion_r(h, collection.get()), "union");
}

GeomPtr difference(GEOSContextHandle_t h, const GEOSGeometry* a, const GEOSGeometry* b) {
  return polygonal(h, checked(h, GEOSDifference_r(h, a, b), "difference of areas"));
}

GeomPtr union_of(GEOSContextHandle_t h, const std::vector<const GEOSGeometry*>& parts) {
  if (parts.empty()) return checked(h, GEOSGeom_createEmptyPolygon_r(h), "empty polygon");
  std::vector<GEOSGeometry*> clones;
  for (const GEOSGeometry* p : parts) clones.push_back(GEOSGeom_clone_r(h, p));
  GeomPtr collection = checked(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                              static_cast<unsigned>(clones.size())),
                               "collection");
  return polygonal(h, checked(h, GEOSUnaryUnion_r(h, collection.get()), "union of areas"));
}

// A prepared polygon with its envelope, for many point-in-polygon tests. Points on the
// boundary are inside, as in StudyArea.
class PointTest {
 public:
  PointTest(GEOSContextHandle_t h, const GEOSGeometry* g) : h_(h) {
    if (g == nullptr || GEOSisEmpty_r(h, g) == 1) return;
    prepared_ = detail::PreparedPtr(GEOSPrepare_r(h, g), detail::PreparedDeleter{h});
    GEOSGeom_getXMin_r(h, g, &min_x_);
    GEOSGeom_getYMin_r(h, g, &min_y_);
    GEOSGeom_getXMax_r(h, g, &max_x_);
    GEOSGeom_getYMax_r(h, g, &max_y_);
  }
  [[nodiscard]] bool contains(double x, double y) const {
    if (!prepared_ || x < min_x_ || x > max_x_ || y < min_y_ || y > max_y_) return false;
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h_, x, y);
    const char inside = GEOSPreparedIntersects_r(h_, prepared_.get(), p);
    GEOSGeom_destroy_r(h_, p);
    return inside == 1;
  }

 private:
  GEOSContextHandle_t h_;
  detail::PreparedPtr prepared_{nullptr, detail::PreparedDeleter{nullptr}};
  double min_x_ = 0, min_y_ = 0, max_x_ = 0, max_y_ = 0;
};

// ---------------------------------------------------------------------------------------
// Reading interventions.

enum class SourceRole { areas, sites, deployments };

struct FieldIndex {
  int name = -1, kind = -1, start = -1, end = -1, radius = -1, x = -1, y = -1;
};

int find_field(OGRFeatureDefnH defn, const std::string& name) {
  return name.empty() ? -1 : OGR_FD_GetFieldIndex(defn, name.c_str());
}

int find_first(OGRFeatureDefnH defn, const std::string& chosen, std::initializer_list<const char*> names) {
  if (!chosen.empty()) return find_field(defn, chosen);
  for (const char* n : names) {
    const int i = OGR_FD_GetFieldIndex(defn, n);
    if (i >= 0) return i;
  }
  return -1;
}

std::string field_text(OGRFeatureH f, int index) {
  if (index < 0 || !OGR_F_IsFieldSetAndNotNull(f, index)) return {};
  return trim(OGR_F_GetFieldAsString(f, index));
}

bool is_csv_path(const std::string& path) {
  const std::string l = lower(path);
  return l.ends_with(".csv") || l.ends_with(".csv.gz") || l.starts_with("csv:");
}

// Turns a geometry in the working CRS (points: circles of the radius) into the treated area.
std::string treated_area(GEOSContextHandle_t h, const std::string& wkb, double radius, const ErrorContext& at,
                         std::string& shape, std::vector<std::string>& notes) {
  GeomPtr g = detail::geom_from_wkb(h, wkb);
  if (!g) throw Error(ErrorCode::data, at, "its geometry cannot be read");
  const int type = GEOSGeomTypeId_r(h, g.get());
  if (type == GEOS_POINT || type == GEOS_MULTIPOINT) {
    g = checked(h, GEOSBuffer_r(h, g.get(), radius, kCircleQuadrantSegments), "circle round the site");
    shape = "a " + short_number(radius) + " m circle round the site";
  } else if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
    shape = "the polygon given";
    if (GEOSisValid_r(h, g.get()) != 1) {
      char* reason = GEOSisValidReason_r(h, g.get());
      notes.push_back(at.source + " row " + std::to_string(at.row.value_or(0)) + ": the polygon is invalid (" +
                      std::string(reason != nullptr ? reason : "?") + "); repaired with GEOS MakeValid");
      GEOSFree_r(h, reason);
      g = polygonal(h, checked(h, GEOSMakeValid_r(h, g.get()), "repaired polygon"));
    }
  } else {
    char* name = GEOSGeomType_r(h, g.get());
    const std::string type_name = name != nullptr ? name : "?";
    GEOSFree_r(h, name);
    throw Error(ErrorCode::data, at, "is a " + type_name + ", not a point or a polygon");
  }
  if (!(area_of(h, g.get()) > 0)) throw Error(ErrorCode::data, at, "its area is empty (zero area)");
  return detail::geom_to_wkb(h, g.get());
}

InterventionDate required_date(const std::string& text, const std::string& fallback, const std::string& field,
                               const ErrorContext& at, const char* what) {
  const std::string& value = text.empty() ? fallback : text;
  if (value.empty()) {
    throw Error(ErrorCode::data, at,
                std::string("has no ") + what + " date (field \"" + field + "\" is missing or empty, and no " + what +
                    " date is set for all)");
  }
  const auto d = parse_intervention_date(value);
  if (!d) throw Error(ErrorCode::data, at, field + " \"" + value + "\" is not a date (YYYY-MM or YYYY-MM-DD)");
  return *d;
}

std::vector<Intervention> read_source(const AreaSource& source, SourceRole role, const EvaluateOptions& o,
                                      const std::string& working_crs, std::vector<std::string>& notes) {
  const ErrorContext where{kStage, source.path, std::nullopt, {}};
  const bool csv = is_csv_path(source.path);
  detail::WorkingLayer opened;
  if (csv) {
    opened.dataset = detail::open_vector(source.path, {"CSV"}, {"AUTODETECT_TYPE=NO"});
    if (!opened.dataset) throw Error(ErrorCode::input, where, "cannot open: " + detail::last_gdal_error("not a CSV file"));
    opened.layer = GDALDatasetGetLayer(static_cast<GDALDatasetH>(opened.dataset.get()), 0);
    if (opened.layer == nullptr) throw Error(ErrorCode::input, where, "holds no table");
    if (!source.where.empty() && OGR_L_SetAttributeFilter(opened.layer, source.where.c_str()) != OGRERR_NONE) {
      throw Error(ErrorCode::usage, where, "attribute filter \"" + source.where + "\" is not valid");
    }
  } else {
    opened = detail::open_working_layer(source.path, source.layer, source.where, working_crs, where,
                                        "the option naming its layer");
    if (!opened.has_crs) notes.push_back(source.path + ": layer has no CRS; taken to be in the working CRS " + working_crs);
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(opened.layer);
  FieldIndex fx;
  fx.name = find_field(defn, o.name_field);
  fx.kind = find_field(defn, o.kind_field);
  fx.start = find_field(defn, o.start_field);
  fx.end = find_field(defn, o.end_field);
  fx.radius = find_field(defn, o.radius_field);
  if (csv) {
    fx.x = find_first(defn, o.x_field, {"longitude", "lon", "lng", "long", "x", "easting"});
    fx.y = find_first(defn, o.y_field, {"latitude", "lat", "y", "northing"});
    if (!o.x_field.empty() && fx.x < 0) throw Error(ErrorCode::usage, where, "has no column \"" + o.x_field + "\"");
    if (!o.y_field.empty() && fx.y < 0) throw Error(ErrorCode::usage, where, "has no column \"" + o.y_field + "\"");
  }
  if (fx.start < 0 && o.start.empty()) {
    throw Error(ErrorCode::usage, where,
                "has no field \"" + o.start_field + "\" with the start dates, and no start date is set for all");
  }

  // CSV coordinates (and WKT the CSV driver reads) are in coordinates_crs.
  std::unique_ptr<OGRCoordinateTransformation> csv_to_working;
  if (csv) {
    OGRSpatialReference from, to;
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (from.SetFromUserInput(o.coordinates_crs.c_str()) != OGRERR_NONE) {
      throw Error(ErrorCode::crs, where, "the coordinates' CRS \"" + o.coordinates_crs + "\" is not understood");
    }
    if (to.SetFromUserInput(working_crs.c_str()) != OGRERR_NONE) {
      throw Error(ErrorCode::crs, where, "working CRS \"" + working_crs + "\" is not understood");
    }
    if (!from.IsSame(&to)) {
      csv_to_working.reset(OGRCreateCoordinateTransformation(&from, &to));
      if (!csv_to_working) throw Error(ErrorCode::crs, where, "cannot be projected to " + working_crs);
    }
  }

  detail::GeosContext geos;
  std::vector<Intervention> out;
  std::uint64_t row = 0;
  OGR_L_ResetReading(opened.layer);
  while (detail::FeatureHandle feature{OGR_L_GetNextFeature(opened.layer)}) {
    auto* f = static_cast<OGRFeatureH>(feature.get());
    ++row;
    const ErrorContext at{kStage, source.path, row, {}};
    Intervention item;
    item.source = source.path;
    item.row = row;
    item.name = field_text(f, fx.name);
    if (item.name.empty()) item.name = (role == SourceRole::areas ? "area " : "site ") + std::to_string(row);
    item.kind = field_text(f, fx.kind);
    if (item.kind.empty()) item.kind = role == SourceRole::areas ? "intervention" : "camera";

    double radius = o.site_radius_m;
    if (const std::string r = field_text(f, fx.radius); !r.empty()) {
      char* end = nullptr;
      radius = std::strtod(r.c_str(), &end);
      if (end == r.c_str() || *end != '\0' || !std::isfinite(radius) || !(radius > 0)) {
        throw Error(ErrorCode::data, ErrorContext{kStage, source.path, row, o.radius_field},
                    o.radius_field + " \"" + r + "\" is not a positive number of metres");
      }
    }

    std::string wkb;
    if (csv) {
      std::unique_ptr<OGRGeometry> g;
      if (OGRGeometryH wkt = OGR_F_GetGeometryRef(f); wkt != nullptr && !OGR_G_IsEmpty(wkt)) {
        g.reset(OGRGeometry::FromHandle(wkt)->clone());
      } else {
        const std::string xs = field_text(f, fx.x), ys = field_text(f, fx.y);
        if (fx.x < 0 || fx.y < 0) {
          throw Error(ErrorCode::usage, at,
                      "has no location: no WKT column and no longitude/latitude (or x/y) columns; name them with "
                      "the options for the coordinate columns");
        }
        char* ex = nullptr;
        char* ey = nullptr;
        const double x = std::strtod(xs.c_str(), &ex), y = std::strtod(ys.c_str(), &ey);
        if (xs.empty() || ys.empty() || *ex != '\0' || *ey != '\0' || !std::isfinite(x) || !std::isfinite(y)) {
          throw Error(ErrorCode::data, at, "its coordinates \"" + xs + "\", \"" + ys + "\" are not numbers");
        }
        g = std::make_unique<OGRPoint>(x, y);
      }
      if (csv_to_working && g->transform(csv_to_working.get()) != OGRERR_NONE) {
        throw Error(ErrorCode::crs, at, "its location cannot be projected to the working CRS");
      }
      g->flattenTo2D();
      wkb.assign(static_cast<std::size_t>(g->WkbSize()), '\0');
      g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
    } else {
      wkb = detail::working_wkb(f, opened, at);
      if (wkb.empty()) throw Error(ErrorCode::data, at, "has no geometry");
    }
    item.wkb = treated_area(geos.get(), wkb, radius, at, item.shape, notes);

    item.start = required_date(field_text(f, fx.start), o.start, o.start_field, at, "start");
    const std::string end_text = field_text(f, fx.end);
    if (!end_text.empty() || !o.end.empty()) {
      item.end = required_date(end_text, o.end, o.end_field, at, "end");
      const MonthIndex s = month_index(item.start), e = month_index(*item.end);
      if (e < s || (e == s && item.end->day != 0 && item.start.day != 0 && item.end->day < item.start.day)) {
        throw Error(ErrorCode::data, ErrorContext{kStage, source.path, row, o.end_field},
                    o.end_field + " " + date_text(*item.end) + " is before " + o.start_field + " " +
                        date_text(item.start) + ": removed before it was installed");
      }
    }
    out.push_back(std::move(item));
  }
  if (out.empty()) throw Error(ErrorCode::data, where, "holds no interventions");
  return out;
}

// ---------------------------------------------------------------------------------------
// Periods.

// The months the data cover. An archive can have gaps (the shared Hertfordshire months jump
// from 2018 to 2021): a month with no incident anywhere is a month without data, not a month
// with none, and no window may reach into it.
struct DataMonths {
  MonthIndex first = kNoMonth, last = kNoMonth;
  std::vector<bool> present;  // per month from first to last
  [[nodiscard]] bool has(MonthIndex m) const {
    return m >= first && m <= last && present[static_cast<std::size_t>(m - first)];
  }
};

// Works out the windows, or throws / returns nothing (skip) when the dates leave none.
std::optional<EvaluationPeriods> periods_for(const Intervention& iv, const DataMonths& data, const EvaluateOptions& o,
                                             std::vector<std::string>& notes) {
  const ErrorContext at{kStage, iv.source, iv.row ? std::optional<std::uint64_t>(iv.row) : std::nullopt,
                        o.start_field};
  auto refuse = [&](const std::string& why) -> std::optional<EvaluationPeriods> {
    if (o.skip_outside_months) {
      notes.push_back(iv.name + " was not evaluated: " + why);
      return std::nullopt;
    }
    throw Error(ErrorCode::data, at, iv.name + ": " + why);
  };
  const MonthIndex s = month_index(iv.start);
  // police.uk has months only: a month in which the intervention started part-way is neither
  // before nor after, and likewise the month of a removal part-way through.
  const MonthIndex first_treated = iv.start.day > 1 ? s + 1 : s;
  if (iv.start.day > 1) {
    notes.push_back(iv.name + " started on " + date_text(iv.start) + ", part-way through " + format_month(s) +
                    ": that month is left out of both periods (police.uk gives months only)");
  }
  MonthIndex last_treated = std::numeric_limits<MonthIndex>::max();
  if (iv.end) {
    const MonthIndex e = month_index(*iv.end);
    const bool whole = iv.end->day == 0 || iv.end->day == days_in_month(iv.end->year, iv.end->month);
    last_treated = whole ? e : e - 1;
    if (!whole) {
      notes.push_back(iv.name + " ended on " + date_text(*iv.end) + ", part-way through " + format_month(e) +
                      ": that month is left out");
    }
    if (last_treated < first_treated) {
      return refuse("it was in place for less than one whole month (" + date_text(iv.start) + " to " +
                    date_text(*iv.end) + "), so no month is wholly after its start");
    }
  }
  const MonthIndex after_first = first_treated + o.gap_months;
  if (after_first > data.last) {
    return refuse("its first month after the start" + std::string(o.gap_months > 0 ? " and the gap" : "") + " (" +
                  format_month(after_first) + ") is after the data's last month " + format_month(data.last) +
                  ": there are no months after it to compare");
  }
  if (after_first > last_treated) {
    return refuse("the gap of " + std::to_string(o.gap_months) + " months covers its whole time in place");
  }
  if (s <= data.first) {
    return refuse("it started in " + format_month(s) + ", not after the data's first month " +
                  format_month(data.first) + ": there are no months before it to compare");
  }
  if (!data.has(after_first)) {
    return refuse("the data hold no incidents at all in " + format_month(after_first) +
                  ", its first month after the start (a gap in the data)");
  }
  MonthIndex after_cap = std::min(last_treated, data.last);
  for (MonthIndex m = after_first + 1; m <= after_cap; ++m) {
    if (!data.has(m)) after_cap = m - 1;
  }
  const int after_available = after_cap - after_first + 1;
  int length = std::min({after_available, o.after_months, o.before_months});
  EvaluationPeriods p;
  p.design = o.period;
  if (o.period == PeriodDesign::adjacent) {
    int before_available = 0;
    while (data.has(s - 1 - before_available)) ++before_available;
    if (before_available <= 0) {
      return refuse("it started in " + format_month(s) + " and the data hold no month just before it (first month " +
                    format_month(data.first) + "): there are no months before it to compare");
    }
    length = std::min(length, before_available);
    p.before_first = s - length;
    p.before_last = s - 1;
  } else {
    // The same calendar months one year earlier, never reaching into the treated months.
    length = std::min({length, 12, s - (after_first - 12)});
    int held = 0;
    while (held < length && data.has(after_first - 12 + held)) ++held;
    length = held;
    if (length <= 0) {
      return refuse("the data have no months a year before " + format_month(after_first) + " (first month " +
                    format_month(data.first) + "), so the same months last year cannot be compared");
    }
    p.before_first = after_first - 12;
    p.before_last = p.before_first + length - 1;
  }
  p.after_first = after_first;
  p.after_last = after_first + length - 1;
  p.months = length;
  const bool ended_soon = iv.end && last_treated < after_first + std::min(o.after_months, o.before_months) - 1 &&
                          last_treated <= data.last && after_available == length;
  if (ended_soon) {
    notes.push_back(iv.name + ": the after period is the " + std::to_string(length) +
                    (length == 1 ? " month" : " months") + " it was in place, and the before period is as long");
  } else if (length < o.before_months || length < o.after_months) {
    notes.push_back(iv.name + ": the periods were shortened to " + std::to_string(length) +
                    (length == 1 ? " month" : " months") + " each to fit the months the data hold (" +
                    format_month(data.first) + " to " + format_month(data.last) + ")");
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// Rows.

struct RowPlan {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> rows_of_category;  // category code -> rows it adds to
};

RowPlan plan_rows(const Incidents& in, const EvaluateOptions& o) {
  RowPlan plan;
  const std::size_t categories = in.categories.size();
  std::vector<double> per_category(categories, 0);
  double no_category = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::uint32_t c = in.category.empty() ? Incidents::kNoCode : in.category[i];
    if (c < categories) {
      per_category[c] += 1;
    } else {
      no_category += 1;
    }
  }
  const std::string asb = lower(o.asb_type);
  std::optional<std::uint32_t> asb_code;
  std::size_t present_types = 0;
  for (std::uint32_t c = 0; c < categories; ++c) {
    if (per_category[c] > 0) ++present_types;
    if (per_category[c] > 0 && lower(in.categories[c]) == asb) asb_code = c;
  }
  const bool has_asb = asb_code.has_value();
  const bool has_crime = no_category > 0 || present_types > (has_asb ? 1u : 0u);

  plan.names.push_back("All incidents");
  std::size_t asb_row = 0, crime_row = 0;
  if (has_asb && has_crime) {
    asb_row = plan.names.size();
    plan.names.push_back(o.asb_type);
    crime_row = plan.names.size();
    plan.names.push_back("All crime (not ASB)");
  }
  std::vector<std::size_t> type_row(categories, 0);
  if (o.per_type && present_types > 1) {
    std::vector<std::uint32_t> order;
    for (std::uint32_t c = 0; c < categories; ++c) {
      if (per_category[c] <= 0 || (asb_code && c == *asb_code)) continue;
      if (!o.crime_types.empty() &&
          std::none_of(o.crime_types.begin(), o.crime_types.end(),
                       [&](const std::string& t) { return lower(t) == lower(in.categories[c]); })) {
        continue;
      }
      order.push_back(c);
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (per_category[a] != per_category[b]) return per_category[a] > per_category[b];
      return in.categories[a] < in.categories[b];
    });
    for (std::uint32_t c : order) {
      type_row[c] = plan.names.size();
      plan.names.push_back(std::string(in.categories[c]));
    }
  }
  plan.rows_of_category.resize(categories + 1);  // the last: no category
  for (std::size_t c = 0; c <= categories; ++c) {
    auto& rows = plan.rows_of_category[c];
    rows.push_back(0);
    const bool is_asb = asb_code && c == *asb_code;
    if (has_asb && has_crime) rows.push_back(is_asb ? asb_row : crime_row);
    if (c < categories && type_row[c] != 0) rows.push_back(type_row[c]);
  }
  return plan;
}

std::string count_text(double n) { return format("%.0f", n); }

std::string percent_text(double share) { return format("%.0f%%", 100 * share); }

// The windows' slices of a monthly series.
std::vector<double> slice(const std::vector<double>& monthly, MonthIndex first_month, MonthIndex from, MonthIndex to) {
  return {monthly.begin() + (from - first_month), monthly.begin() + (to - first_month + 1)};
}

void finish_row(EvaluationRow& row, const EvaluationPeriods& p, MonthIndex first_month, const EvaluateOptions& o,
                double local_variance) {
  auto fill = [&](AreaCounts& a, Dispersion& d) {
    const auto before = slice(a.monthly, first_month, p.before_first, p.before_last);
    const auto after = slice(a.monthly, first_month, p.after_first, p.after_last);
    a.counts.before = std::accumulate(before.begin(), before.end(), 0.0);
    a.counts.after = std::accumulate(after.begin(), after.end(), 0.0);
    const std::vector<std::vector<double>> periods{before, after};
    d = monthly_dispersion(periods);
  };
  fill(row.treatment, row.treatment_dispersion);
  fill(row.buffer, row.buffer_dispersion);
  fill(row.control, row.control_dispersion);
  const BeforeAfter t = row.treatment.counts, b = row.buffer.counts, c = row.control.counts;
  const double dt = row.treatment_dispersion.value, db = row.buffer_dispersion.value, dc = row.control_dispersion.value;

  row.local_variance = local_variance;
  row.odds_ratio = odds_ratio({t, c, dt, dc, local_variance}, o.confidence);
  row.buffer_odds_ratio = odds_ratio({b, c, db, dc, local_variance}, o.confidence);

  // The WDD compares counts, so the control is scaled to each area's level before (ptools'
  // area weights): its change then stands for the change expected in that area.
  auto level_weight = [&](double area_before) {
    if (!(c.before > 0)) return 1.0;
    return c.before / (area_before > 0 ? area_before : 0.5);
  };
  WddInput w;
  w.treatment = t;
  w.control = c;
  w.displacement = b;
  w.shared_control = true;
  w.control_weight = level_weight(t.before);
  w.displacement_control_weight = level_weight(b.before);
  row.wdd = wdd(w, o.confidence);
  w.treatment_dispersion = dt;
  w.control_dispersion = dc;
  w.displacement_dispersion = db;
  row.wdd_dispersed = wdd(w, o.confidence);
  row.wdq = wdq(t, b, c);
  row.smallest_detectable_reduction =
      smallest_detectable_reduction(t.before, c.before, c.after, dt, dc, o.confidence, o.power, local_variance);

  if (t.before + t.after == 0) {
    row.too_few = true;
    row.too_few_reason = "no incidents in the area in either period";
  } else if (!(c.before > 0) || !(c.after > 0)) {
    row.too_few = true;
    row.too_few_reason = "the comparison area had no incidents in one of the periods";
  } else if (!row.odds_ratio.significant && row.smallest_detectable_reduction > o.detectable_reduction) {
    row.too_few = true;
    // Which limits more: chance in the counts, or places like it drifting by themselves?
    const double expected_after = t.before * c.after / c.before;
    const double chance = dt * (1 / t.before + (expected_after > 0 ? 1 / expected_after : 0.0));
    const bool none = row.smallest_detectable_reduction >= 1;
    const std::string fall = none ? "even a fall to none could not"
                                  : "only a fall of " + percent_text(row.smallest_detectable_reduction) + " or more could";
    if (local_variance > chance) {
      row.local_variation_limits = true;
      row.too_few_reason = "places of its shape and size elsewhere rose or fell by about " +
                           percent_text(std::exp(std::sqrt(local_variance)) - 1) +
                           " by themselves over the same months, so " + fall + " be told apart from that reliably";
    } else {
      row.too_few_reason =
          "with " + count_text(t.before) + " incidents before, " + fall + " be told from chance reliably";
    }
  }
  if (row.too_few) {
    row.verdict = row.local_variation_limits ? Verdict::too_uncertain : Verdict::too_few;
  } else if (row.odds_ratio.significant) {
    row.verdict = row.odds_ratio.relative_change < 0 ? Verdict::fell : Verdict::rose;
  } else {
    row.verdict = Verdict::no_clear_change;
  }
}

// ---------------------------------------------------------------------------------------
// Matched comparison areas.

// Level and trend of a before-window monthly series, and the Poisson variance of the slope.
struct LevelTrend {
  double level = 0, slope = 0, slope_variance = 0;
};

LevelTrend level_trend(const std::vector<double>& months) {
  LevelTrend r;
  const double n = static_cast<double>(months.size());
  for (double x : months) r.level += x;
  if (months.size() < 2) return r;
  const double mean_t = (n - 1) / 2, mean_x = r.level / n;
  double sxx = 0, sxy = 0;
  for (std::size_t m = 0; m < months.size(); ++m) {
    const double dt = static_cast<double>(m) - mean_t;
    sxx += dt * dt;
    sxy += dt * (months[m] - mean_x);
  }
  r.slope = sxy / sxx;
  r.slope_variance = mean_x / sxx;
  return r;
}

// The matching distance: the difference in before-window level over its Poisson standard
// error, squared, plus the difference in monthly trend over its standard error, squared.
double match_score(const LevelTrend& t, const LevelTrend& c) {
  double score = 0;
  if (t.level + c.level > 0) score += (c.level - t.level) * (c.level - t.level) / (t.level + c.level);
  if (t.slope_variance + c.slope_variance > 0) {
    score += (c.slope - t.slope) * (c.slope - t.slope) / (t.slope_variance + c.slope_variance);
  }
  return score;
}

struct Candidate {
  std::string name;
  LevelTrend trend;
  double score = 0;
  std::size_t order = 0;
  GeomPtr geometry;            // candidate polygons; null for lattice copies until checked
  double dx = 0, dy = 0;       // lattice copies: the shift of the treated area
};

struct Shift {
  double dx = 0, dy = 0;
};

int shift_xy(double* x, double* y, void* data) {
  const auto* s = static_cast<const Shift*>(data);
  *x += s->dx;
  *y += s->dy;
  return 1;
}

struct Shared {
  GEOSContextHandle_t h;
  const Incidents& in;
  const WeightedPoints& points;
  const EvaluateOptions& o;
  const RowPlan& plan;
  const GEOSGeometry* exclusion;  // every treated area with its buffer
  const GEOSGeometry* base;       // the study area or the incidents' hull
};

// Copies of the treated area's shape on a lattice of its envelope's size, aligned on it (the
// treated area itself is the copy (0, 0), never used): each distinct location lies in one
// copy's envelope and belongs to that copy when the copy holds it.
struct Lattice {
  double sx = 0, sy = 0;
  std::vector<std::pair<long, long>> keys;  // (row north, column east) of each copy, sorted
  std::vector<std::int32_t> copy_of_point;  // index into keys; −1: in no copy
};

Lattice lattice_copies(GEOSContextHandle_t h, const GEOSGeometry* treated, const WeightedPoints& points) {
  double tx0 = 0, ty0 = 0, tx1 = 0, ty1 = 0;
  GEOSGeom_getXMin_r(h, treated, &tx0);
  GEOSGeom_getYMin_r(h, treated, &ty0);
  GEOSGeom_getXMax_r(h, treated, &tx1);
  GEOSGeom_getYMax_r(h, treated, &ty1);
  Lattice lattice;
  lattice.sx = tx1 - tx0;
  lattice.sy = ty1 - ty0;
  const PointTest treated_test(h, treated);
  std::vector<std::pair<long, long>> key_of(points.size());
  lattice.copy_of_point.assign(points.size(), -1);
  std::vector<bool> held(points.size(), false);
  for (std::size_t k = 0; k < points.size(); ++k) {
    const auto col = static_cast<long>(std::floor((points.x[k] - tx0) / lattice.sx));
    const auto line = static_cast<long>(std::floor((points.y[k] - ty0) / lattice.sy));
    if (col == 0 && line == 0) continue;
    const double dx = static_cast<double>(col) * lattice.sx, dy = static_cast<double>(line) * lattice.sy;
    if (!treated_test.contains(points.x[k] - dx, points.y[k] - dy)) continue;
    key_of[k] = {line, col};
    held[k] = true;
    lattice.keys.push_back({line, col});
  }
  std::sort(lattice.keys.begin(), lattice.keys.end());
  lattice.keys.erase(std::unique(lattice.keys.begin(), lattice.keys.end()), lattice.keys.end());
  for (std::size_t k = 0; k < points.size(); ++k) {
    if (!held[k]) continue;
    lattice.copy_of_point[k] = static_cast<std::int32_t>(
        std::lower_bound(lattice.keys.begin(), lattice.keys.end(), key_of[k]) - lattice.keys.begin());
  }
  return lattice;
}

// How much places of the treated area's shape and size changed by themselves between the
// windows beyond chance, per row: the DerSimonian–Laird τ² of the lattice copies' log(after /
// before), each with the variance D̄ (1/before + 1/after), D̄ the monthly over-dispersion
// pooled over the copies. Copies holding a location in any treated area or buffer, and copies
// with fewer than 10 incidents in the two windows (too few for a log ratio), are left out;
// with fewer than 10 copies left τ² is 0.
struct LocalVariation {
  double tau2 = 0;
  std::size_t copies = 0;
};

constexpr double kMinCopyIncidents = 10;
constexpr std::size_t kMinCopies = 10;

std::vector<LocalVariation> local_variation(const Shared& s, const Lattice& lattice, const std::vector<bool>& excluded,
                                            const EvaluationPeriods& p) {
  const std::size_t rows = s.plan.names.size(), copies = lattice.keys.size();
  std::vector<bool> bad(copies, false);
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    if (lattice.copy_of_point[k] >= 0 && excluded[k]) bad[static_cast<std::size_t>(lattice.copy_of_point[k])] = true;
  }
  // Incidents of the windows grouped by month, so each month's counts are squared once.
  std::vector<std::vector<std::size_t>> by_month(static_cast<std::size_t>(2 * p.months));
  for (std::size_t i = 0; i < s.in.size(); ++i) {
    const MonthIndex m = s.in.month[i];
    int slot = -1;
    if (m >= p.before_first && m <= p.before_last) slot = m - p.before_first;
    if (m >= p.after_first && m <= p.after_last) slot = p.months + (m - p.after_first);
    if (slot < 0 || lattice.copy_of_point[s.points.point_of[i]] < 0) continue;
    by_month[static_cast<std::size_t>(slot)].push_back(i);
  }
  // Per copy × row × period: Σ x and Σ x² over the months.
  std::vector<double> sum(copies * rows * 2, 0.0), sum_sq(copies * rows * 2, 0.0), month(copies * rows, 0.0);
  std::vector<std::size_t> touched;
  const std::size_t no_category = s.plan.rows_of_category.size() - 1;
  for (std::size_t slot = 0; slot < by_month.size(); ++slot) {
    const std::size_t period = slot < static_cast<std::size_t>(p.months) ? 0 : 1;
    touched.clear();
    for (std::size_t i : by_month[slot]) {
      const auto c = static_cast<std::size_t>(lattice.copy_of_point[s.points.point_of[i]]);
      if (bad[c]) continue;
      const std::uint32_t cat = s.in.category.empty() ? Incidents::kNoCode : s.in.category[i];
      for (std::size_t r : s.plan.rows_of_category[cat < no_category ? cat : no_category]) {
        const std::size_t cell = c * rows + r;
        if (month[cell] == 0) touched.push_back(cell);
        month[cell] += 1;
      }
    }
    for (std::size_t cell : touched) {
      sum[cell * 2 + period] += month[cell];
      sum_sq[cell * 2 + period] += month[cell] * month[cell];
      month[cell] = 0;
    }
  }
  std::vector<LocalVariation> out(rows);
  const auto n = static_cast<double>(p.months);
  for (std::size_t r = 0; r < rows; ++r) {
    double pearson = 0;
    int df = 0;
    for (std::size_t c = 0; c < copies; ++c) {
      if (bad[c]) continue;
      for (std::size_t period = 0; period < 2; ++period) {
        const std::size_t at = (c * rows + r) * 2 + period;
        if (!(sum[at] > 0) || p.months < 2) continue;
        const double mean = sum[at] / n;
        pearson += sum_sq[at] / mean - n * mean;  // Σ (x − mean)² / mean
        df += p.months - 1;
      }
    }
    const double dispersion = df > 0 ? std::max(1.0, pearson / df) : 1.0;
    std::vector<LogEffect> effects;
    for (std::size_t c = 0; c < copies; ++c) {
      const double before = sum[(c * rows + r) * 2], after = sum[(c * rows + r) * 2 + 1];
      if (bad[c] || before + after < kMinCopyIncidents || !(before > 0) || !(after > 0)) continue;
      effects.push_back({std::log(after / before), dispersion * (1 / before + 1 / after)});
    }
    out[r].copies = effects.size();
    if (effects.size() >= kMinCopies) out[r].tau2 = pool_random_effects(effects).tau2;
  }
  return out;
}

// Picks the matched comparison areas for one treated area: candidates are scored on the
// before window's level and trend against the treated area, and the best `matched_units`
// that have incidents, keep clear of every treated area and buffer, and (lattice copies) lie
// in the study area make the control.
GeomPtr matched_control(const Shared& s, const GEOSGeometry* treated, const EvaluationPeriods& p,
                        const std::string& name, std::string& description, std::vector<std::string>& notes) {
  const GEOSContextHandle_t h = s.h;
  const auto window = static_cast<std::size_t>(p.before_last - p.before_first + 1);

  // Before-window monthly counts of every incident, per distinct location.
  std::vector<std::vector<double>> point_months(s.points.size());
  for (std::size_t i = 0; i < s.in.size(); ++i) {
    const MonthIndex m = s.in.month[i];
    if (m == kNoMonth || m < p.before_first || m > p.before_last) continue;
    auto& pm = point_months[s.points.point_of[i]];
    if (pm.empty()) pm.assign(window, 0.0);
    pm[static_cast<std::size_t>(m - p.before_first)] += 1;
  }
  auto add = [&](std::vector<double>& into, std::size_t k) {
    if (into.empty()) into.assign(window, 0.0);
    for (std::size_t m = 0; m < window; ++m) into[m] += point_months[k][m];
  };
  const PointTest treated_test(h, treated);
  std::vector<double> treated_months(window, 0.0);
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    if (!point_months[k].empty() && treated_test.contains(s.points.x[k], s.points.y[k])) add(treated_months, k);
  }
  const LevelTrend target = level_trend(treated_months);

  std::vector<Candidate> candidates;
  const bool from_polygons = s.o.matched_candidates.has_value();
  if (from_polygons) {
    const AreaSource& src = *s.o.matched_candidates;
    detail::WorkingLayer opened = detail::open_working_layer(src.path, src.layer, src.where, s.in.crs,
                                                             ErrorContext{kStage, src.path, std::nullopt, {}},
                                                             "the option naming its layer");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(opened.layer);
    const int name_index = find_field(defn, s.o.matched_name_field.empty() ? s.o.name_field : s.o.matched_name_field);
    std::uint64_t row = 0;
    OGR_L_ResetReading(opened.layer);
    while (detail::FeatureHandle feature{OGR_L_GetNextFeature(opened.layer)}) {
      auto* f = static_cast<OGRFeatureH>(feature.get());
      ++row;
      const std::string wkb = detail::working_wkb(f, opened, ErrorContext{kStage, src.path, row, {}});
      if (wkb.empty()) continue;
      GeomPtr g = detail::geom_from_wkb(h, wkb);
      if (!g) continue;
      if (GEOSisValid_r(h, g.get()) != 1) g = polygonal(h, checked(h, GEOSMakeValid_r(h, g.get()), "repaired polygon"));
      const int type = GEOSGeomTypeId_r(h, g.get());
      if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) continue;
      Candidate c;
      c.name = field_text(f, name_index);
      if (c.name.empty()) c.name = "area " + std::to_string(row);
      std::vector<double> months;
      const PointTest test(h, g.get());
      for (std::size_t k = 0; k < s.points.size(); ++k) {
        if (!point_months[k].empty() && test.contains(s.points.x[k], s.points.y[k])) add(months, k);
      }
      if (months.empty()) continue;
      c.trend = level_trend(months);
      c.geometry = std::move(g);
      c.order = candidates.size();
      candidates.push_back(std::move(c));
    }
  } else {
    const Lattice lattice = lattice_copies(h, treated, s.points);
    std::vector<std::vector<double>> copy_months(lattice.keys.size());
    for (std::size_t k = 0; k < s.points.size(); ++k) {
      if (!point_months[k].empty() && lattice.copy_of_point[k] >= 0) {
        add(copy_months[static_cast<std::size_t>(lattice.copy_of_point[k])], k);
      }
    }
    std::map<std::pair<long, long>, std::vector<double>> copies;  // (row north, column east)
    for (std::size_t c = 0; c < lattice.keys.size(); ++c) {
      if (!copy_months[c].empty()) copies[lattice.keys[c]] = std::move(copy_months[c]);
    }
    const double sx = lattice.sx, sy = lattice.sy;
    for (const auto& [key, months] : copies) {
      Candidate c;
      c.dx = static_cast<double>(key.second) * sx;
      c.dy = static_cast<double>(key.first) * sy;
      // "a copy 713 m west", "a copy 1426 m east and 4279 m north"
      std::string where_to;
      if (c.dx != 0) where_to = count_text(std::fabs(c.dx)) + (c.dx > 0 ? " m east" : " m west");
      if (c.dy != 0) {
        where_to += (where_to.empty() ? "" : " and ") + count_text(std::fabs(c.dy)) + (c.dy > 0 ? " m north" : " m south");
      }
      c.name = "a copy " + where_to;
      c.trend = level_trend(months);
      c.order = candidates.size();
      candidates.push_back(std::move(c));
    }
  }
  for (auto& c : candidates) c.score = match_score(target, c.trend);
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score < b.score : a.order < b.order;
  });

  std::vector<GeomPtr> chosen;
  std::vector<const Candidate*> chosen_from;
  const detail::PreparedPtr exclusion(GEOSPrepare_r(h, s.exclusion), detail::PreparedDeleter{h});
  for (auto& c : candidates) {
    if (static_cast<int>(chosen.size()) >= s.o.matched_units) break;
    if (!(c.trend.level > 0)) continue;
    GeomPtr g;
    if (from_polygons) {
      g = checked(h, GEOSGeom_clone_r(h, c.geometry.get()), "candidate");
    } else {
      Shift shift{c.dx, c.dy};
      g = checked(h, GEOSGeom_transformXY_r(h, treated, shift_xy, &shift), "copy of the treated area");
      // A copy must lie (almost) wholly in the study area: its incidents stand for a place like the treated one.
      const GeomPtr inside = checked(h, GEOSIntersection_r(h, g.get(), s.base), "copy inside the study area");
      if (area_of(h, inside.get()) < 0.9 * area_of(h, g.get())) continue;
    }
    if (GEOSPreparedIntersects_r(h, exclusion.get(), g.get()) == 1) continue;
    chosen.push_back(std::move(g));
    chosen_from.push_back(&c);
  }
  if (chosen.empty()) {
    throw Error(ErrorCode::data, kStage,
                name + ": no comparison area with incidents in the before months could be matched to it");
  }
  if (static_cast<int>(chosen.size()) < s.o.matched_units) {
    notes.push_back(name + ": only " + std::to_string(chosen.size()) + " comparison areas could be matched (of " +
                    std::to_string(s.o.matched_units) + " asked for)");
  }
  double level = 0;
  for (const Candidate* c : chosen_from) level += c->trend.level;
  description = std::to_string(chosen.size()) + (chosen.size() == 1 ? " area " : " areas ") +
                (from_polygons ? "" : "of the same size and shape ") + "most like it in the " +
                std::to_string(window) + " months before (" + count_text(level) + " incidents between them, against its " +
                count_text(target.level) + ")";
  std::string names;
  for (const Candidate* c : chosen_from) names += (names.empty() ? "" : "; ") + c->name;
  notes.push_back(name + ": matched comparison areas: " + names);
  std::vector<const GEOSGeometry*> parts;
  for (const auto& g : chosen) parts.push_back(g.get());
  return union_of(h, parts);
}

// ---------------------------------------------------------------------------------------
// Counting.

// Counts each incident into area (1 treated, 2 buffer, 3 control) × row × month over [first, last].
void count_into(const Shared& s, const std::vector<std::uint8_t>& area_of_point, MonthIndex first, MonthIndex last,
                std::vector<EvaluationRow>& rows) {
  const auto months = static_cast<std::size_t>(last - first + 1);
  for (auto& r : rows) {
    r.treatment.monthly.assign(months, 0);
    r.buffer.monthly.assign(months, 0);
    r.control.monthly.assign(months, 0);
  }
  const std::size_t no_category = s.plan.rows_of_category.size() - 1;
  for (std::size_t i = 0; i < s.in.size(); ++i) {
    const MonthIndex m = s.in.month[i];
    if (m == kNoMonth || m < first || m > last) continue;
    const std::uint8_t which = area_of_point[s.points.point_of[i]];
    if (which == 0) continue;
    const std::uint32_t c = s.in.category.empty() ? Incidents::kNoCode : s.in.category[i];
    const auto& targets = s.plan.rows_of_category[c < no_category ? c : no_category];
    const auto slot = static_cast<std::size_t>(m - first);
    for (std::size_t r : targets) {
      AreaCounts& a = which == 1 ? rows[r].treatment : which == 2 ? rows[r].buffer : rows[r].control;
      a.monthly[slot] += 1;
    }
  }
}

void check_options(const EvaluateOptions& o) {
  auto refuse = [](const std::string& why) { throw Error(ErrorCode::usage, kStage, why); };
  if (!std::isfinite(o.buffer_m) || o.buffer_m < 0) refuse("the buffer width must be 0 or more metres");
  if (!std::isfinite(o.site_radius_m) || !(o.site_radius_m > 0)) refuse("the camera site radius must be positive");
  if (o.before_months < 1 || o.after_months < 1) refuse("the before and after periods need at least one month each");
  if (o.gap_months < 0) refuse("the gap after the start cannot be negative");
  if (o.matched_units < 1) refuse("the number of matched comparison areas must be at least 1");
  if (o.control == ControlKind::polygon && !o.control_area) refuse("a control polygon was chosen but none given");
  if (!(o.confidence > 0 && o.confidence < 1)) refuse("the confidence level must lie between 0 and 1 (e.g. 0.95)");
  if (!(o.power > 0 && o.power < 1)) refuse("the power must lie between 0 and 1 (e.g. 0.8)");
  if (!(o.detectable_reduction > 0 && o.detectable_reduction < 1)) {
    refuse("the detectable reduction must lie between 0 and 1 (e.g. 0.5 for a halving)");
  }
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

double AreaCounts::change() const { return counts.before > 0 ? (counts.after - counts.before) / counts.before : kNaN; }

std::optional<InterventionDate> parse_intervention_date(std::string_view text) {
  const std::string t = trim(text);
  if (auto m = parse_month(t)) return InterventionDate{year_of(*m), month_of(*m), 0};
  const auto parsed = parse_timestamp(t);
  if (!parsed) return std::nullopt;
  const std::int64_t seconds = parsed->time;
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  return date_of_days(days);
}

std::string format_intervention_date(const InterventionDate& d) {
  char buffer[32];
  if (d.day == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", d.year, d.month);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  }
  return buffer;
}

std::string circle_wkb(double x, double y, double radius_m) {
  detail::GeosContext geos;
  GeomPtr point = checked(geos.get(), GEOSGeom_createPointFromXY_r(geos.get(), x, y), "point");
  GeomPtr circle = checked(geos.get(), GEOSBuffer_r(geos.get(), point.get(), radius_m, kCircleQuadrantSegments), "circle");
  return detail::geom_to_wkb(geos.get(), circle.get());
}

std::vector<Intervention> read_interventions(const EvaluateOptions& options, const std::string& working_crs,
                                             std::vector<std::string>& notes) {
  std::vector<Intervention> all;
  if (options.areas) {
    auto part = read_source(*options.areas, SourceRole::areas, options, working_crs, notes);
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  if (options.sites) {
    auto part = read_source(*options.sites, SourceRole::sites, options, working_crs, notes);
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  if (options.deployments) {
    auto part = read_source(*options.deployments, SourceRole::deployments, options, working_crs, notes);
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  if (all.empty()) throw Error(ErrorCode::usage, kStage, "no interventions given: give areas, camera sites or deployments");
  return all;
}

EvaluationResult evaluate_interventions(const Incidents& in, const StudyArea* area,
                                        std::span<const Intervention> interventions, const EvaluateOptions& o) {
  check_options(o);
  if (interventions.empty()) throw Error(ErrorCode::usage, kStage, "no interventions to evaluate");
  if (!in.rows_represented.empty()) {
    throw Error(ErrorCode::usage, kStage, "needs the incidents row by row, not collapsed to locations");
  }
  if (in.month.size() != in.size()) throw Error(ErrorCode::data, kStage, "the incidents have no months");
  EvaluationResult result;
  result.crs = in.crs;
  result.buffer_m = o.buffer_m;
  result.confidence = o.confidence;
  result.power = o.power;
  result.detectable_reduction = o.detectable_reduction;
  result.asb_type = o.asb_type;
  std::size_t undated = 0;
  for (MonthIndex m : in.month) {
    if (m == kNoMonth) {
      ++undated;
      continue;
    }
    result.first_month = result.first_month == kNoMonth ? m : std::min(result.first_month, m);
    result.last_month = result.last_month == kNoMonth ? m : std::max(result.last_month, m);
  }
  if (result.first_month == kNoMonth) throw Error(ErrorCode::data, kStage, "no incident has a month");
  if (undated > 0) result.notes.push_back(plural(undated, "incident has", "incidents have") + " no month and are not counted");
  DataMonths data{result.first_month, result.last_month, {}};
  data.present.assign(static_cast<std::size_t>(data.last - data.first + 1), false);
  for (MonthIndex m : in.month) {
    if (m != kNoMonth) data.present[static_cast<std::size_t>(m - data.first)] = true;
  }

  detail::GeosContext geos;
  const GEOSContextHandle_t h = geos.get();
  const WeightedPoints points = collapse_locations(in);
  const RowPlan plan = plan_rows(in, o);

  // Treated areas, and the zones kept out of every control: each treated area with its buffer.
  std::vector<GeomPtr> treated, zones;
  for (const auto& iv : interventions) {
    const ErrorContext at{kStage, iv.source, iv.row ? std::optional<std::uint64_t>(iv.row) : std::nullopt, {}};
    GeomPtr g = detail::geom_from_wkb(h, iv.wkb);
    if (!g) throw Error(ErrorCode::data, at, iv.name + ": the treated area cannot be read");
    if (GEOSisValid_r(h, g.get()) != 1) g = polygonal(h, checked(h, GEOSMakeValid_r(h, g.get()), "repaired area"));
    const int type = GEOSGeomTypeId_r(h, g.get());
    if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || !(area_of(h, g.get()) > 0)) {
      throw Error(ErrorCode::data, at, iv.name + ": the treated area is not a polygon with an area");
    }
    zones.push_back(o.buffer_m > 0 ? checked(h, GEOSBuffer_r(h, g.get(), o.buffer_m, kCircleQuadrantSegments), "buffer")
                                   : checked(h, GEOSGeom_clone_r(h, g.get()), "zone"));
    treated.push_back(std::move(g));
  }
  std::vector<const GEOSGeometry*> parts;
  for (const auto& g : treated) parts.push_back(g.get());
  const GeomPtr all_treated = union_of(h, parts);
  parts.clear();
  for (const auto& g : zones) parts.push_back(g.get());
  const GeomPtr exclusion = union_of(h, parts);

  // The study area, or the convex hull of the incidents' locations.
  GeomPtr base;
  if (area != nullptr) {
    base = detail::geom_from_wkb(h, area->wkb());
  } else {
    std::vector<GEOSGeometry*> pts;
    for (std::size_t k = 0; k < points.size(); ++k) pts.push_back(GEOSGeom_createPointFromXY_r(h, points.x[k], points.y[k]));
    const GeomPtr multi = checked(h, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())), "points");
    base = checked(h, GEOSBuffer_r(h, GeomPtr(checked(h, GEOSConvexHull_r(h, multi.get()), "hull")).get(), 1.0, 4), "hull");
  }
  if (!base) throw Error(ErrorCode::internal, kStage, "the study area cannot be read");
  const PointTest base_test(h, base.get()), exclusion_test(h, exclusion.get());
  const Shared shared{h, in, points, o, plan, exclusion.get(), base.get()};
  std::vector<bool> excluded(points.size());
  for (std::size_t k = 0; k < points.size(); ++k) excluded[k] = exclusion_test.contains(points.x[k], points.y[k]);

  const std::string area_name = o.study_area_name.empty() ? std::string("the study area") : o.study_area_name;
  GeomPtr user_control;
  if (o.control == ControlKind::polygon) {
    std::vector<std::string> read_notes;
    const StudyArea control = StudyArea::from_source(*o.control_area, in.crs, read_notes);
    result.notes.insert(result.notes.end(), read_notes.begin(), read_notes.end());
    user_control = detail::geom_from_wkb(h, control.wkb());
    result.control_name = "the control area";
  } else if (o.control == ControlKind::matched) {
    result.control_name = "the matched comparison areas";
  } else {
    result.control_name = area != nullptr ? "the rest of " + area_name : "everywhere else in the data";
  }
  GeomPtr rest;  // the rest-of-area control, the same for every intervention
  if (o.control == ControlKind::rest_of_area) rest = difference(h, base.get(), exclusion.get());

  for (std::size_t i = 0; i < interventions.size(); ++i) {
    const Intervention& iv = interventions[i];
    InterventionEvaluation ev;
    ev.intervention = iv;
    const auto periods = periods_for(iv, data, o, ev.notes);
    if (!periods) {
      result.notes.insert(result.notes.end(), ev.notes.begin(), ev.notes.end());
      continue;
    }
    ev.periods = *periods;
    const GEOSGeometry* t = treated[i].get();
    GeomPtr buffer = difference(h, zones[i].get(), all_treated.get());
    if (o.buffer_m > 0 && interventions.size() > 1) {
      const GeomPtr own_ring = difference(h, zones[i].get(), t);
      if (area_of(h, own_ring.get()) - area_of(h, buffer.get()) > 1e-6 * area_of(h, own_ring.get())) {
        ev.notes.push_back(iv.name + ": its buffer overlaps another treated area, which is left out of the buffer");
      }
    }

    GeomPtr control;
    if (o.control == ControlKind::rest_of_area) {
      control = checked(h, GEOSGeom_clone_r(h, rest.get()), "control");
      ev.control_description = result.control_name + " (outside every treated area and its " +
                               short_number(o.buffer_m) + " m buffer)";
    } else if (o.control == ControlKind::polygon) {
      const GeomPtr overlap = checked(h, GEOSIntersection_r(h, user_control.get(), t), "overlap");
      if (area_of(h, overlap.get()) > 1e-6 * area_of(h, t)) {
        throw Error(ErrorCode::data, ErrorContext{kStage, o.control_area->path, std::nullopt, {}},
                    "the control area overlaps the treated area of " + iv.name +
                        ": a control must be a place the intervention did not reach");
      }
      control = difference(h, user_control.get(), exclusion.get());
      if (area_of(h, control.get()) < (1 - 1e-6) * area_of(h, user_control.get())) {
        ev.notes.push_back(iv.name + ": the part of the control area inside a buffer (" + short_number(o.buffer_m) +
                           " m round a treated area) is left out of the control");
      }
      if (!(area_of(h, control.get()) > 0)) {
        throw Error(ErrorCode::data, ErrorContext{kStage, o.control_area->path, std::nullopt, {}},
                    "nothing of the control area is left outside the treated areas and their buffers");
      }
      ev.control_description = "the control area given";
    } else {
      control = matched_control(shared, t, ev.periods, iv.name, ev.control_description, ev.notes);
    }

    // Each distinct location is in at most one of: treated (1), buffer (2), control (3).
    const PointTest t_test(h, t), b_test(h, buffer.get());
    const std::unique_ptr<PointTest> c_test =
        o.control == ControlKind::rest_of_area ? nullptr : std::make_unique<PointTest>(h, control.get());
    std::vector<std::uint8_t> where(points.size(), 0);
    for (std::size_t k = 0; k < points.size(); ++k) {
      const double x = points.x[k], y = points.y[k];
      if (t_test.contains(x, y)) {
        where[k] = 1;
        ++ev.treatment_snap_points;
      } else if (o.buffer_m > 0 && b_test.contains(x, y)) {
        where[k] = 2;
        ++ev.buffer_snap_points;
      } else if (c_test ? c_test->contains(x, y) : (!exclusion_test.contains(x, y) && base_test.contains(x, y))) {
        where[k] = 3;
      }
    }
    if (ev.treatment_snap_points <= 3) {
      ev.notes.push_back(iv.name + ": its area holds " + plural(ev.treatment_snap_points, "police.uk snap point", "police.uk snap points") +
                         " with incidents, so its counts hang on where police.uk put them");
    }

    const MonthIndex first = std::min(ev.periods.before_first, ev.periods.after_first);
    const MonthIndex last = std::max(ev.periods.before_last, ev.periods.after_last);
    for (MonthIndex m = first; m <= last; ++m) ev.months.push_back(m);
    ev.rows.resize(plan.names.size());
    for (std::size_t r = 0; r < plan.names.size(); ++r) ev.rows[r].crime_type = plan.names[r];
    count_into(shared, where, first, last, ev.rows);
    std::vector<LocalVariation> local(plan.names.size());
    if (o.local_variation) {
      local = local_variation(shared, lattice_copies(h, t, points), excluded, ev.periods);
      if (local[0].copies < kMinCopies) {
        ev.notes.push_back(iv.name + ": only " + std::to_string(local[0].copies) +
                           " places of its shape and size elsewhere had enough incidents to show how much such places "
                           "change by themselves, so its interval allows for chance only");
      }
    }
    for (std::size_t r = 0; r < ev.rows.size(); ++r) {
      ev.rows[r].local_copies = local[r].copies;
      finish_row(ev.rows[r], ev.periods, first, o, local[r].tau2);
    }

    ev.treatment_wkb = detail::geom_to_wkb(h, t);
    ev.buffer_wkb = detail::geom_to_wkb(h, buffer.get());
    ev.control_wkb = detail::geom_to_wkb(h, control.get());
    ev.treatment_area_m2 = area_of(h, t);
    ev.buffer_area_m2 = area_of(h, buffer.get());
    ev.control_area_m2 = area_of(h, control.get());
    result.interventions.push_back(std::move(ev));
  }
  if (result.interventions.empty()) {
    throw Error(ErrorCode::data, kStage, "no intervention could be evaluated: " + result.notes.back());
  }

  if (result.interventions.size() >= 2) {
    for (std::size_t r = 0; r < plan.names.size(); ++r) {
      PooledRow pooled;
      pooled.crime_type = plan.names[r];
      std::vector<LogEffect> effects;
      for (const auto& ev : result.interventions) {
        const EvaluationRow& row = ev.rows[r];
        if (row.treatment.counts.before + row.treatment.counts.after == 0 || !(row.control.counts.before > 0) ||
            !(row.control.counts.after > 0)) {
          ++pooled.left_out;
          continue;
        }
        effects.push_back({row.odds_ratio.log_odds_ratio, row.odds_ratio.se * row.odds_ratio.se});
      }
      if (effects.size() < 2) continue;
      pooled.pooled = pool_random_effects(effects, o.confidence);
      result.pooled.push_back(std::move(pooled));
    }
  }

  result.caveats = {
      "police.uk moves every incident to one of a fixed set of nearby snap points to protect privacy, so a small "
      "area such as a camera's circle may hold only one or two of them, and incidents just outside it can be "
      "counted inside (or the other way round).",
      "police.uk gives the month only: a month in which something started or ended part-way is left out of both "
      "periods.",
      "A fall compared with " + result.control_name + " is evidence, not proof: other changes at the same time "
          "(lighting, a police operation, new shops, changes in recording or reporting) can cause it, and a new "
          "camera can raise recorded crime by helping people see and report it.",
  };
  return result;
}

EvaluationResult evaluate_interventions(const PreparedIncidents& prepared, const EvaluateOptions& options) {
  std::vector<std::string> notes;
  const std::vector<Intervention> interventions = read_interventions(options, prepared.incidents.crs, notes);
  EvaluationResult result = evaluate_interventions(prepared.incidents, prepared.area.get(), interventions, options);
  result.notes.insert(result.notes.begin(), notes.begin(), notes.end());
  return result;
}

}  // namespace hotspot::evaluation
