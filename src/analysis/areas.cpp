#include "hotspot/analysis/areas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "hotspot/significance/multiple_testing.hpp"
#include "hotspot/trends/emerging_analysis.hpp"
#include "io/gdal_handles.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "areas";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kAllTypes = "All crime types";
constexpr const char* kOutsideName = "(outside every area)";
constexpr const char* kTotalName = "(all areas)";

// ---------------------------------------------------------------------------------------
// The polygon layer

struct PolygonLayer {
  std::vector<AreaInfo> areas;
  std::string description;
};

std::string field_list(OGRFeatureDefnH definition) {
  std::string out;
  const int n = OGR_FD_GetFieldCount(definition);
  for (int i = 0; i < n && i < 40; ++i) {
    out += (i > 0 ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, i)));
  }
  return out;
}

int field_index(OGRFeatureDefnH definition, const std::string& field, const std::string& concept_name,
                const std::string& path) {
  const int index = OGR_FD_GetFieldIndex(definition, field.c_str());
  if (index < 0) {
    throw Error(ErrorCode::usage, ErrorContext{kStage, path, std::nullopt, field},
                "the " + concept_name + " \"" + field + "\" is not a field of the area layer (its fields: " +
                    field_list(definition) + ")");
  }
  return index;
}

// A positive number from an optional field, or NaN.
double positive_number(OGRFeatureH feature, int index) {
  if (index < 0 || !OGR_F_IsFieldSetAndNotNull(feature, index)) return kNaN;
  const double value = OGR_F_GetFieldAsDouble(feature, index);
  return std::isfinite(value) && value > 0 ? value : kNaN;
}

PolygonLayer read_polygons(const AreasOptions& options, const std::string& crs, detail::GeosContext& geos,
                           std::vector<std::string>& notes) {
  const AreaSource& source = options.areas;
  if (source.path.empty()) throw Error(ErrorCode::usage, kStage, "the area layer is needed: a file of polygons");
  const ErrorContext where{kStage, source.path, std::nullopt, {}};
  const detail::WorkingLayer opened =
      detail::open_working_layer(source.path, source.layer, source.where, crs, where, "the area layer's name");
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(opened.layer);
  if (options.name_field.empty()) {
    throw Error(ErrorCode::usage, where,
                "the field naming each area is needed (the layer's fields: " + field_list(definition) + ")");
  }
  const int name = field_index(definition, options.name_field, "name field", source.path);
  const int population =
      options.population_field.empty() ? -1 : field_index(definition, options.population_field, "population field", source.path);
  const int households =
      options.households_field.empty() ? -1 : field_index(definition, options.households_field, "households field", source.path);
  if (!opened.has_crs) notes.push_back("the area layer has no CRS; taken to be in the working CRS " + crs);

  PolygonLayer out;
  std::vector<std::string> repaired, no_population, no_households;
  OGR_L_ResetReading(opened.layer);
  while (detail::FeatureHandle handle{OGR_L_GetNextFeature(opened.layer)}) {
    auto* feature = static_cast<OGRFeatureH>(handle.get());
    OGRGeometryH g = OGR_F_GetGeometryRef(feature);
    if (g == nullptr || OGR_G_IsEmpty(g)) continue;
    const auto flat = wkbFlatten(OGR_G_GetGeometryType(g));
    const auto fid = static_cast<std::uint64_t>(OGR_F_GetFID(feature));
    if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbCurvePolygon && flat != wkbMultiSurface) {
      throw Error(ErrorCode::data, ErrorContext{kStage, source.path, fid, {}},
                  std::string("is a ") + OGR_G_GetGeometryName(g) + ", not a polygon");
    }
    AreaInfo area;
    area.name = OGR_F_IsFieldSetAndNotNull(feature, name) ? OGR_F_GetFieldAsString(feature, name) : "";
    if (area.name.empty()) area.name = "(unnamed, feature " + std::to_string(fid) + ")";
    area.population = positive_number(feature, population);
    area.households = positive_number(feature, households);
    if (population >= 0 && std::isnan(area.population)) no_population.push_back(area.name);
    if (households >= 0 && std::isnan(area.households)) no_households.push_back(area.name);
    detail::GeomPtr geometry = detail::geom_from_wkb(geos.get(), detail::working_wkb(feature, opened, where));
    if (!geometry) throw Error(ErrorCode::data, ErrorContext{kStage, source.path, fid, {}}, "unreadable polygon");
    if (GEOSisValid_r(geos.get(), geometry.get()) != 1) {
      // MakeValid keeps every part of the area; a bow-tie would otherwise miss points.
      geometry = detail::own(geos.get(), GEOSMakeValid_r(geos.get(), geometry.get()));
      if (!geometry) throw Error(ErrorCode::data, ErrorContext{kStage, source.path, fid, {}}, "invalid polygon that GEOS cannot repair");
      repaired.push_back(area.name);
    }
    if (GEOSArea_r(geos.get(), geometry.get(), &area.area_km2) != 1) area.area_km2 = 0;
    area.area_km2 /= 1.0e6;
    area.wkb = detail::geom_to_wkb(geos.get(), geometry.get());
    out.areas.push_back(std::move(area));
  }
  if (out.areas.empty()) {
    throw Error(ErrorCode::data, where,
                source.where.empty() ? "holds no polygons" : "no polygon matches the filter \"" + source.where + "\"");
  }
  const auto list = [](const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < 10; ++i) text += (i > 0 ? ", " : "") + names[i];
    if (names.size() > 10) text += " and " + std::to_string(names.size() - 10) + " more";
    return text;
  };
  if (!repaired.empty()) notes.push_back("invalid area polygons repaired with GEOS MakeValid: " + list(repaired));
  if (!no_population.empty()) {
    notes.push_back(std::to_string(no_population.size()) + " areas have no positive population in \"" +
                    options.population_field + "\", so no rate per 1,000 residents: " + list(no_population));
  }
  if (!no_households.empty()) {
    notes.push_back(std::to_string(no_households.size()) + " areas have no positive number of households in \"" +
                    options.households_field + "\", so no rate per 1,000 households: " + list(no_households));
  }
  std::map<std::string, int> named;
  for (const AreaInfo& area : out.areas) ++named[area.name];
  std::vector<std::string> repeated;
  for (const auto& [n, times] : named) {
    if (times > 1) repeated.push_back(n + " (" + std::to_string(times) + ")");
  }
  if (!repeated.empty()) {
    notes.push_back("some area names repeat; each polygon is still its own area: " + list(repeated));
  }
  out.description = std::filesystem::path(source.path).filename().string() +
                    (source.where.empty() ? "" : " where " + source.where) + " (" + std::to_string(out.areas.size()) +
                    (out.areas.size() == 1 ? " polygon)" : " polygons)");
  return out;
}

// ---------------------------------------------------------------------------------------
// Which polygon each incident falls in

struct Assignment {
  std::vector<std::int32_t> area_of;
  std::size_t outside = 0, boundary = 0, overlap = 0;
};

Assignment assign_to_areas(const Incidents& incidents, const std::vector<AreaInfo>& areas, detail::GeosContext& geos) {
  GEOSContextHandle_t h = geos.get();
  std::vector<detail::GeomPtr> geometries;
  std::vector<detail::PreparedPtr> prepared;
  std::vector<std::size_t> ids(areas.size());
  std::iota(ids.begin(), ids.end(), std::size_t{0});
  struct Tree {
    GEOSContextHandle_t context;
    GEOSSTRtree* tree;
    ~Tree() {
      if (tree != nullptr) GEOSSTRtree_destroy_r(context, tree);
    }
  } const index{h, GEOSSTRtree_create_r(h, 10)};
  GEOSSTRtree* raw_tree = index.tree;
  if (raw_tree == nullptr) throw Error(ErrorCode::internal, kStage, "GEOS cannot make a spatial index");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    geometries.push_back(detail::geom_from_wkb(h, areas[i].wkb));
    prepared.emplace_back(GEOSPrepare_r(h, geometries.back().get()), detail::PreparedDeleter{h});
    GEOSSTRtree_insert_r(h, raw_tree, geometries.back().get(), &ids[i]);
  }

  // police.uk puts many incidents on one snap point: test each distinct point once.
  const WeightedPoints points = collapse_locations(incidents);
  std::vector<std::int32_t> area_of_point(points.size(), -1);
  std::vector<std::uint8_t> kind_of_point(points.size(), 0);  // 1 boundary, 2 overlap
  std::vector<std::size_t> candidates;
  for (std::size_t p = 0; p < points.size(); ++p) {
    detail::GeomPtr point = detail::own(h, GEOSGeom_createPointFromXY_r(h, points.x[p], points.y[p]));
    candidates.clear();
    GEOSSTRtree_query_r(
        h, raw_tree, point.get(),
        [](void* item, void* data) {
          static_cast<std::vector<std::size_t>*>(data)->push_back(*static_cast<std::size_t*>(item));
        },
        &candidates);
    // Layer order decides between polygons, whatever order the index returns them in.
    std::sort(candidates.begin(), candidates.end());
    std::size_t inside = 0, touching = 0;
    std::int32_t first_inside = -1, first_touching = -1;
    for (const std::size_t c : candidates) {
      if (GEOSPreparedContains_r(h, prepared[c].get(), point.get()) == 1) {
        if (inside++ == 0) first_inside = static_cast<std::int32_t>(c);
      } else if (GEOSPreparedIntersects_r(h, prepared[c].get(), point.get()) == 1) {
        if (touching++ == 0) first_touching = static_cast<std::int32_t>(c);
      }
    }
    if (inside > 0) {
      area_of_point[p] = first_inside;
      kind_of_point[p] = inside > 1 ? 2 : 0;
    } else if (touching > 0) {
      area_of_point[p] = first_touching;
      kind_of_point[p] = touching > 1 ? 1 : 0;
    }
  }
  Assignment out;
  out.area_of.resize(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    const std::uint32_t p = points.point_of[i];
    out.area_of[i] = area_of_point[p];
    out.outside += area_of_point[p] < 0 ? 1 : 0;
    out.boundary += kind_of_point[p] == 1 ? 1 : 0;
    out.overlap += kind_of_point[p] == 2 ? 1 : 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Counting

// Where a month sits: its period (0 now, 1 before, -1 neither) and its slot among that
// period's months present in the data.
struct MonthSlots {
  std::map<MonthIndex, std::pair<int, std::size_t>> slot;
  std::size_t now_months = 0, before_months = 0;
};

MonthSlots month_slots(const PeriodChoice& periods, const std::vector<MonthIndex>& data_months) {
  MonthSlots out;
  for (const MonthIndex m : data_months) {
    if (periods.current.contains(m)) {
      out.slot[m] = {0, out.now_months++};
    } else if (periods.compared() && periods.compare.contains(m)) {
      out.slot[m] = {1, out.before_months++};
    }
  }
  return out;
}

// Raw sums for one table: per area (the last index is "outside"), per period, per month.
struct Tally {
  std::vector<std::uint64_t> count, count_before;
  std::vector<double> weighted, weighted_before;
  std::vector<std::vector<double>> monthly_now, monthly_before;
  void resize(std::size_t slots, std::size_t now_months, std::size_t before_months) {
    count.assign(slots, 0);
    count_before.assign(slots, 0);
    weighted.assign(slots, 0);
    weighted_before.assign(slots, 0);
    monthly_now.assign(slots, std::vector<double>(now_months, 0.0));
    monthly_before.assign(slots, std::vector<double>(before_months, 0.0));
  }
};

std::string signed_percent(double pct) {
  return format("%+.1f%%", pct);
}

AreaFigures figures(std::uint64_t count, std::uint64_t before, double weighted, double weighted_before,
                    const PeriodChoice& periods, double dispersion) {
  AreaFigures f;
  f.count = count;
  f.count_before = before;
  f.weighted = weighted;
  f.weighted_before = weighted_before;
  f.change = f.change_pct = f.p_value = f.p_adjusted = kNaN;
  f.per_1000_residents = f.per_km2 = f.per_1000_households = kNaN;
  if (periods.compared()) {
    const double expected = static_cast<double>(before) * periods.current_covered / periods.compare_covered;
    f.change = static_cast<double>(count) - expected;
    if (expected > 0) {
      f.change_pct = 100.0 * f.change / expected;
      f.change_text = f.change == 0 ? "no change" : signed_percent(f.change_pct);
    } else {
      f.change_text = count > 0 ? "new" : "none in either period";
    }
    f.p_value = poisson_rate_p_value(static_cast<double>(count), periods.current_covered, static_cast<double>(before),
                                     periods.compare_covered, dispersion);
  }
  return f;
}

void add_rates(AreaFigures& f, const PeriodChoice& periods, double population, double area_km2, double households) {
  const double per_year = static_cast<double>(f.count) * 12.0 / periods.current_covered;
  f.per_1000_residents = population > 0 ? per_year * 1000.0 / population : kNaN;
  f.per_km2 = area_km2 > 0 ? per_year / area_km2 : kNaN;
  f.per_1000_households = households > 0 ? per_year * 1000.0 / households : kNaN;
}

AreaTable build_table(const std::string& name, const Tally& tally, const std::vector<AreaInfo>& areas,
                      const PeriodChoice& periods, const AreasOptions& options) {
  AreaTable table;
  table.crime_type = name;
  const std::size_t n = areas.size();
  if (periods.compared()) {
    std::vector<std::vector<double>> groups;
    for (std::size_t a = 0; a < n; ++a) {
      groups.push_back(tally.monthly_now[a]);
      groups.push_back(tally.monthly_before[a]);
    }
    table.dispersion = quasi_poisson_dispersion(groups);
  }
  const double phi = options.over_dispersion ? table.dispersion.applied : 1.0;
  table.dispersion_used = phi;
  std::uint64_t total = 0, total_before = 0;
  double total_weighted = 0, total_weighted_before = 0;
  for (std::size_t a = 0; a <= n; ++a) {
    total += tally.count[a];
    total_before += tally.count_before[a];
    total_weighted += tally.weighted[a];
    total_weighted_before += tally.weighted_before[a];
  }
  std::vector<double> p(n);
  for (std::size_t a = 0; a < n; ++a) {
    AreaFigures f = figures(tally.count[a], tally.count_before[a], tally.weighted[a], tally.weighted_before[a], periods, phi);
    add_rates(f, periods, areas[a].population, areas[a].area_km2, areas[a].households);
    f.share = total > 0 ? static_cast<double>(f.count) / static_cast<double>(total) : 0.0;
    p[a] = f.p_value;
    table.areas.push_back(std::move(f));
  }
  if (periods.compared()) {
    const std::vector<double> adjusted = significance::benjamini_hochberg(p);
    for (std::size_t a = 0; a < n; ++a) {
      table.areas[a].p_adjusted = adjusted[a];
      table.areas[a].significant = adjusted[a] <= options.alpha;
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (table.areas[a].count != table.areas[b].count) return table.areas[a].count > table.areas[b].count;
    return areas[a].name < areas[b].name;
  });
  for (std::size_t r = 0; r < n; ++r) table.areas[order[r]].rank = r + 1;

  table.outside = figures(tally.count[n], tally.count_before[n], tally.weighted[n], tally.weighted_before[n], periods, phi);
  table.outside.share = total > 0 ? static_cast<double>(tally.count[n]) / static_cast<double>(total) : 0.0;
  table.total = figures(total, total_before, total_weighted, total_weighted_before, periods, phi);
  table.total.share = total > 0 ? 1.0 : 0.0;
  table.total.p_adjusted = table.total.p_value;  // one test: nothing to adjust
  table.total.significant = periods.compared() && table.total.p_value <= options.alpha;
  double population = 0, households = 0, area_km2 = 0;
  for (const AreaInfo& area : areas) {
    population += area.population;  // NaN when any area has none: no rate for the whole
    households += area.households;
    area_km2 += area.area_km2;
  }
  add_rates(table.total, periods, population, area_km2, households);
  if (periods.compared()) {
    std::vector<double> before(n), now(n);
    for (std::size_t a = 0; a < n; ++a) {
      before[a] = static_cast<double>(tally.count_before[a]) * periods.current_covered / periods.compare_covered;
      now[a] = static_cast<double>(tally.count[a]);
    }
    table.dispersion_of_increase = offense_dispersion(before, now);
  }
  return table;
}

// ---------------------------------------------------------------------------------------
// The named hot spot list

struct Place {
  double x = 0, y = 0;
  std::uint64_t count = 0, count_before = 0, count_earlier = 0;
  double weighted = 0, weighted_earlier = 0;
  std::int32_t area = -1;
  std::map<std::uint32_t, std::uint64_t> types, texts;
};

std::vector<std::size_t> ranked(const std::vector<Place>& places, bool earlier) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < places.size(); ++i) {
    if ((earlier ? places[i].count_earlier : places[i].count) > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Place& pa = places[a];
    const Place& pb = places[b];
    const double wa = earlier ? pa.weighted_earlier : pa.weighted, wb = earlier ? pb.weighted_earlier : pb.weighted;
    if (wa != wb) return wa > wb;
    const auto ca = earlier ? pa.count_earlier : pa.count, cb = earlier ? pb.count_earlier : pb.count;
    if (ca != cb) return ca > cb;
    return pa.x != pb.x ? pa.x < pb.x : pa.y < pb.y;
  });
  return order;
}

void name_places(AreasResult& out, const PreparedIncidents& prepared, const AreasOptions& options,
                 const std::vector<MonthIndex>& data_months) {
  const Incidents& in = prepared.incidents;
  const PeriodChoice& periods = out.periods;
  // The earlier list: the same number of months ending just before `since`, or the compare period.
  if (!options.since.empty()) {
    const auto since = parse_month(options.since);
    if (!since) {
      throw Error(ErrorCode::usage, kStage, "the month places are new since, \"" + options.since + "\", is not YYYY-MM");
    }
    out.places_before = {*since - periods.current.months(), *since - 1};
  } else if (periods.compared()) {
    out.places_before = periods.compare;
  }
  if (out.places_before.valid()) {
    std::size_t present = 0;
    for (const MonthIndex m : data_months) present += out.places_before.contains(m) ? 1 : 0;
    if (present == 0) {
      out.notes.push_back("the data hold no month of " + period_label(out.places_before) +
                          ", so every place on the named list counts as new to it");
    }
  } else {
    out.notes.push_back("there is no earlier period to compare the named list with: no place is marked new");
  }

  std::vector<Place> places;
  std::map<std::pair<double, double>, std::size_t> by_point;  // exact coordinates: a snap point
  for (std::size_t i = 0; i < in.size(); ++i) {
    const MonthIndex m = in.month[i];
    if (m == kNoMonth) continue;
    const bool now = periods.current.contains(m);
    const bool before = periods.compared() && periods.compare.contains(m);
    const bool earlier = out.places_before.contains(m);
    if (!now && !before && !earlier) continue;
    const auto [it, inserted] = by_point.try_emplace({in.x[i], in.y[i]}, places.size());
    if (inserted) {
      Place p;
      p.x = in.x[i];
      p.y = in.y[i];
      p.area = out.area_of[i];
      places.push_back(std::move(p));
    }
    Place& place = places[it->second];
    if (now) {
      ++place.count;
      place.weighted += in.weight[i];
      if (in.category[i] != Incidents::kNoCode) ++place.types[in.category[i]];
      if (in.location[i] != Incidents::kNoCode) ++place.texts[in.location[i]];
    }
    if (before) ++place.count_before;
    if (earlier) {
      ++place.count_earlier;
      place.weighted_earlier += in.weight[i];
    }
  }
  const std::vector<std::size_t> now_order = ranked(places, false);
  const std::vector<std::size_t> earlier_order = ranked(places, true);
  std::vector<std::size_t> earlier_rank(places.size(), 0);
  for (std::size_t r = 0; r < earlier_order.size(); ++r) earlier_rank[earlier_order[r]] = r + 1;

  const std::size_t listed = std::min(options.top_places, now_order.size());
  std::vector<double> xs, ys;
  for (std::size_t r = 0; r < listed; ++r) {
    const Place& p = places[now_order[r]];
    NamedPlace named;
    named.rank = r + 1;
    named.x = p.x;
    named.y = p.y;
    named.count = p.count;
    named.count_before = p.count_before;
    named.weighted = p.weighted;
    named.area = p.area >= 0 ? out.areas[static_cast<std::size_t>(p.area)].name : "";
    // The most frequent Location text; ties go to the alphabetically first.
    std::uint64_t best = 0;
    for (const auto& [code, times] : p.texts) {
      const std::string& text = in.locations[code];
      if (times > best || (times == best && text < named.location)) {
        best = times;
        named.location = text;
      }
    }
    for (const auto& [code, times] : p.types) named.by_type.emplace_back(in.categories[code], times);
    std::sort(named.by_type.begin(), named.by_type.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    named.rank_before = earlier_rank[now_order[r]];
    named.new_to_list = out.places_before.valid() && (named.rank_before == 0 || named.rank_before > options.top_places);
    out.places.push_back(std::move(named));
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  if (!xs.empty()) {
    std::vector<bool> ok;
    CoordinateTransformer(prepared.crs.definition, "EPSG:4326").transform(xs, ys, ok);
    for (std::size_t r = 0; r < out.places.size(); ++r) {
      out.places[r].lon = ok[r] ? xs[r] : kNaN;
      out.places[r].lat = ok[r] ? ys[r] : kNaN;
    }
  }
}

// The emerging hot spot pattern of each named place's cell, over the compare period's start
// to the period's end, with the rules and defaults of `hotspot trends` (gaps skipped, as in
// `hotspot plan`, since the two periods need not touch).
void classify_places(AreasResult& out, const PreparedIncidents& prepared) {
  if (out.places.empty()) return;
  const PeriodChoice& periods = out.periods;
  const MonthRange span{periods.compared() ? std::min(periods.compare.first, periods.current.first) : periods.current.first,
                        periods.compared() ? std::max(periods.compare.last, periods.current.last) : periods.current.last};
  const Incidents& in = prepared.incidents;
  std::vector<bool> keep(in.size(), false);
  std::set<MonthIndex> months;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (span.contains(in.month[i])) {
      keep[i] = true;
      months.insert(in.month[i]);
    }
  }
  if (months.size() < 3) {
    out.notes.push_back("the named places have no trend: " + period_label(span) + " holds fewer than 3 months");
    return;
  }
  Incidents subset = in;
  subset.compact(keep);
  trends::EmergingAnalysisOptions options;
  options.gaps = trends::GapPolicy::skip;
  const trends::EmergingAnalysis analysis = trends::emerging_analysis(subset, prepared.area.get(), prepared.crs.definition, options);
  const significance::CellGrid& grid = analysis.cube.grid;
  for (NamedPlace& place : out.places) {
    const auto [col, row] = grid.locate(place.x, place.y);
    trends::Pattern pattern = trends::Pattern::none;
    if (col >= 0 && row >= 0 && col < grid.columns && row < grid.rows) {
      const auto cell = static_cast<std::size_t>(row) * static_cast<std::size_t>(grid.columns) + static_cast<std::size_t>(col);
      pattern = analysis.result.pattern[cell];
    }
    place.trend = std::string(trends::pattern_name(pattern));
  }
  char size[32];
  std::snprintf(size, sizeof size, "%.0f", grid.cell_size);
  out.notes.push_back("trend of each named place: the emerging hot spot pattern of its " + std::string(size) +
                      " m cell over " + std::to_string(months.size()) + " months of " + period_label(span) +
                      (analysis.cube.missing_months.empty() ? "" : " (months absent from the data skipped: " +
                                                                      month_runs(analysis.cube.missing_months) + ")") +
                      ", by the rules of docs/trends.md");
}

}  // namespace

AreasResult summarise_areas(const PreparedIncidents& prepared, const AreasOptions& options) {
  if (!(options.alpha > 0 && options.alpha < 1)) {
    throw Error(ErrorCode::usage, kStage, "the significance level must lie between 0 and 1");
  }
  const Incidents& in = prepared.incidents;
  AreasResult out;
  out.crs = prepared.crs.definition;
  out.alpha = options.alpha;
  out.since = options.since;
  if (!options.since.empty() && !parse_month(options.since)) {
    throw Error(ErrorCode::usage, kStage, "the month places are new since, \"" + options.since + "\", is not YYYY-MM");
  }
  std::vector<MonthIndex> data_months;
  {
    std::set<MonthIndex> months;
    for (const MonthIndex m : in.month) {
      if (m != kNoMonth) months.insert(m);
    }
    data_months.assign(months.begin(), months.end());
  }
  out.periods = choose_periods(data_months, options.period, options.compare_period, options.rolling_12_months);

  detail::GeosContext geos;
  PolygonLayer layer = read_polygons(options, prepared.crs.definition, geos, out.notes);
  out.areas = std::move(layer.areas);
  out.layer_description = layer.description;
  Assignment assignment = assign_to_areas(in, out.areas, geos);
  out.area_of = std::move(assignment.area_of);
  out.outside_incidents = assignment.outside;
  out.boundary_incidents = assignment.boundary;
  out.overlap_incidents = assignment.overlap;
  for (const std::string& note : out.periods.notes) out.notes.push_back(note);
  if (out.outside_incidents > 0) {
    out.notes.push_back(std::to_string(out.outside_incidents) +
                        " incidents lie outside every area; they are counted in the study area's total and listed");
  }
  if (out.overlap_incidents > 0) {
    out.notes.push_back(std::to_string(out.overlap_incidents) +
                        " incidents lie inside two or more overlapping areas; each is counted once, in the first in "
                        "the layer's order");
  }
  if (out.boundary_incidents > 0) {
    out.notes.push_back(std::to_string(out.boundary_incidents) +
                        " incidents lie exactly on the edge between areas; each is counted once, in the first in the "
                        "layer's order");
  }

  // Tables: all types, then each type by incidents in the period (then before, then name).
  const MonthSlots slots = month_slots(out.periods, data_months);
  const std::size_t n = out.areas.size();
  const std::size_t types = in.categories.size();
  std::vector<Tally> by_type(types + 1);  // the last: all types
  for (Tally& t : by_type) t.resize(n + 1, slots.now_months, slots.before_months);
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.month[i] == kNoMonth) {
      ++out.undated_incidents;
      continue;
    }
    const auto found = slots.slot.find(in.month[i]);
    if (found == slots.slot.end()) continue;
    const auto [period, slot] = found->second;
    const std::size_t a = out.area_of[i] < 0 ? n : static_cast<std::size_t>(out.area_of[i]);
    const std::uint32_t c = in.category[i];
    for (Tally* t : {&by_type[types], c == Incidents::kNoCode ? nullptr : &by_type[c]}) {
      if (t == nullptr) continue;
      if (period == 0) {
        ++t->count[a];
        t->weighted[a] += in.weight[i];
        ++t->monthly_now[a][slot];
      } else {
        ++t->count_before[a];
        t->weighted_before[a] += in.weight[i];
        ++t->monthly_before[a][slot];
      }
    }
  }
  if (out.undated_incidents > 0) {
    out.notes.push_back(std::to_string(out.undated_incidents) + " incidents have no month and are in no period");
  }
  out.tables.push_back(build_table(kAllTypes, by_type[types], out.areas, out.periods, options));
  if (options.by_type) {
    // One type (a focus such as ASB) would repeat the all-types table: no per-type tables then.
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < types; ++c) {
      const Tally& t = by_type[c];
      if (std::accumulate(t.count.begin(), t.count.end(), std::uint64_t{0}) +
              std::accumulate(t.count_before.begin(), t.count_before.end(), std::uint64_t{0}) >
          0) {
        order.push_back(c);
      }
    }
    const auto sum = [](const std::vector<std::uint64_t>& v) { return std::accumulate(v.begin(), v.end(), std::uint64_t{0}); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto na = sum(by_type[a].count), nb = sum(by_type[b].count);
      if (na != nb) return na > nb;
      const auto ba = sum(by_type[a].count_before), bb = sum(by_type[b].count_before);
      if (ba != bb) return ba > bb;
      return in.categories[static_cast<std::uint32_t>(a)] < in.categories[static_cast<std::uint32_t>(b)];
    });
    if (order.size() < 2) order.clear();
    for (const std::size_t c : order) {
      out.tables.push_back(build_table(in.categories[static_cast<std::uint32_t>(c)], by_type[c], out.areas, out.periods, options));
    }
  }

  name_places(out, prepared, options, data_months);
  if (options.place_trends) classify_places(out, prepared);
  return out;
}

// ---------------------------------------------------------------------------------------
// Outputs

namespace {

std::string number(double value, int decimals) {
  if (!std::isfinite(value)) return {};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text == "-0" || text.rfind("-0.", 0) == 0) {
    // "-0.0" reads as a fall; a rounded zero is no change.
    if (text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  }
  return text;
}

// Significant figures for p-values: 0.0123, 1.2e-05.
std::string p_text(double p) {
  if (!std::isfinite(p)) return {};
  return format("%.3g", p);
}

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(double share) { return number(100.0 * share, 1) + "%"; }

std::string types_text(const std::vector<std::pair<std::string, std::uint64_t>>& types, std::size_t at_most) {
  std::string out;
  for (std::size_t i = 0; i < types.size() && i < at_most; ++i) {
    out += (i > 0 ? "; " : "") + types[i].first + ": " + std::to_string(types[i].second);
  }
  return out;
}

// The main crime types of one area in the period, from the per-type tables.
std::vector<std::pair<std::string, std::uint64_t>> area_types(const AreasResult& result, std::size_t area) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t t = 1; t < result.tables.size(); ++t) {
    const std::uint64_t n = result.tables[t].areas[area].count;
    if (n > 0) out.emplace_back(result.tables[t].crime_type, n);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string yes_no(const AreaFigures& f, bool compared) {
  if (!compared || std::isnan(f.p_adjusted)) return {};  // the outside row is not among the areas tested
  return f.significant ? "yes" : "no";
}

}  // namespace

std::string areas_csv(const AreasResult& result) {
  const PeriodChoice& periods = result.periods;
  const bool compared = periods.compared();
  std::string out =
      "crime_type,area,rank,period,compare_period,incidents,incidents_before,change,change_pct,change_text,p_value,"
      "p_adjusted,larger_than_chance,dispersion,per_1000_residents,per_km2,per_1000_households,share_pct,population,"
      "households,area_km2,weighted,weighted_before\n";
  const std::string period = format_month_range(periods.current);
  const std::string compare = compared ? format_month_range(periods.compare) : "";
  for (const AreaTable& table : result.tables) {
    const std::string dispersion = compared ? number(table.dispersion_used, 3) : "";
    const auto row = [&](const std::string& name, const AreaFigures& f, const AreaInfo* area, bool whole) {
      double population = kNaN, households = kNaN, km2 = kNaN;
      if (area != nullptr) {
        population = area->population;
        households = area->households;
        km2 = area->area_km2;
      } else if (whole) {
        population = households = km2 = 0;
        for (const AreaInfo& a : result.areas) {
          population += a.population;
          households += a.households;
          km2 += a.area_km2;
        }
      }
      out += csv_cell(table.crime_type) + "," + csv_cell(name) + "," + (f.rank > 0 ? std::to_string(f.rank) : "") +
             "," + period + "," + compare + "," + std::to_string(f.count) + "," +
             (compared ? std::to_string(f.count_before) : "") + "," +
             (f.change == std::floor(f.change) ? number(f.change, 0) : number(f.change, 2)) + "," +
             number(f.change_pct, 1) + "," + f.change_text + "," + p_text(f.p_value) + "," + p_text(f.p_adjusted) + "," +
             yes_no(f, compared) + "," + dispersion + "," + number(f.per_1000_residents, 2) + "," +
             number(f.per_km2, 2) + "," + number(f.per_1000_households, 2) + "," + number(100.0 * f.share, 2) + "," +
             number(population, 0) + "," + number(households, 0) + "," + number(km2, 3) + "," + number(f.weighted, 2) +
             "," + (compared ? number(f.weighted_before, 2) : "") + "\n";
    };
    for (std::size_t a = 0; a < result.areas.size(); ++a) row(result.areas[a].name, table.areas[a], &result.areas[a], false);
    row(kOutsideName, table.outside, nullptr, false);
    row(kTotalName, table.total, nullptr, true);
  }
  return out;
}

std::string named_places_csv(const AreasResult& result) {
  std::string out =
      "rank,location,area,incidents,incidents_before,weighted,crime_types,trend,rank_before,new_to_list,lon,lat,x,y\n";
  for (const NamedPlace& p : result.places) {
    out += std::to_string(p.rank) + "," + csv_cell(p.location) + "," + csv_cell(p.area) + "," +
           std::to_string(p.count) + "," + std::to_string(p.count_before) + "," + number(p.weighted, 2) + "," +
           csv_cell(types_text(p.by_type, p.by_type.size())) + "," + csv_cell(p.trend) + "," +
           (p.rank_before > 0 ? std::to_string(p.rank_before) : "") + "," +
           (result.places_before.valid() ? (p.new_to_list ? "yes" : "no") : "") + "," + number(p.lon, 7) + "," +
           number(p.lat, 7) + "," + number(p.x, 2) + "," + number(p.y, 2) + "\n";
  }
  return out;
}

std::string outside_incidents_csv(const AreasResult& result, const PreparedIncidents& prepared) {
  const Incidents& in = prepared.incidents;
  std::string out = "source,row,month,crime_type,location,x,y\n";
  for (std::size_t i = 0; i < in.size() && i < result.area_of.size(); ++i) {
    if (result.area_of[i] >= 0) continue;
    const std::uint32_t s = in.source[i];
    out += csv_cell(s < prepared.account.sources.size() ? prepared.account.sources[s] : std::to_string(s)) + "," +
           std::to_string(in.row[i]) + "," + (in.month[i] == kNoMonth ? "" : format_month(in.month[i])) + "," +
           csv_cell(in.category[i] == Incidents::kNoCode ? "" : in.categories[in.category[i]]) + "," +
           csv_cell(in.location[i] == Incidents::kNoCode ? "" : in.locations[in.location[i]]) + "," +
           number(in.x[i], 2) + "," + number(in.y[i], 2) + "\n";
  }
  return out;
}

std::vector<VectorLayer> areas_layers(const AreasResult& result) {
  const AreaTable& table = result.tables.front();
  const bool compared = result.periods.compared();
  bool any_population = false;
  for (const AreaInfo& a : result.areas) any_population = any_population || std::isfinite(a.population);
  VectorLayer layer;
  layer.geometry = GeometryKind::unknown;
  layer.crs = result.crs;
  layer.fields = {{"name", FieldType::string},          {"rank", FieldType::integer},
                  {"incidents", FieldType::integer},    {"incidents_before", FieldType::integer},
                  {"change", FieldType::real},          {"change_pct", FieldType::real},
                  {"change_text", FieldType::string},   {"change_class", FieldType::string},
                  {"p_value", FieldType::real},         {"p_adjusted", FieldType::real},
                  {"larger_than_chance", FieldType::string},
                  {"per_1000_residents", FieldType::real}, {"per_km2", FieldType::real},
                  {"per_1000_households", FieldType::real}, {"share_pct", FieldType::real},
                  {"population", FieldType::real},      {"households", FieldType::real},
                  {"area_km2", FieldType::real},        {"main_types", FieldType::string}};
  const auto value = [](double v) { return std::isfinite(v) ? FieldValue{v} : FieldValue{}; };
  for (std::size_t a = 0; a < result.areas.size(); ++a) {
    const AreaInfo& area = result.areas[a];
    const AreaFigures& f = table.areas[a];
    VectorFeature feature;
    feature.wkb = area.wkb;
    feature.values = {area.name,
                      static_cast<std::int64_t>(f.rank),
                      static_cast<std::int64_t>(f.count),
                      compared ? FieldValue{static_cast<std::int64_t>(f.count_before)} : FieldValue{},
                      value(f.change),
                      value(f.change_pct),
                      f.change_text,
                      compared ? FieldValue{qgis::change_class(static_cast<double>(f.count_before), static_cast<double>(f.count), f.change_pct)}
                               : FieldValue{},
                      value(f.p_value),
                      value(f.p_adjusted),
                      compared ? FieldValue{yes_no(f, true)} : FieldValue{},
                      value(f.per_1000_residents),
                      value(f.per_km2),
                      value(f.per_1000_households),
                      100.0 * f.share,
                      value(area.population),
                      value(area.households),
                      area.area_km2,
                      types_text(area_types(result, a), 3)};
    layer.features.push_back(std::move(feature));
  }
  // A single type when every polygon has the same one (QGIS and GeoPackage like to know).
  if (!layer.features.empty()) {
    layer.geometry = wkb_geometry_kind(layer.features.front().wkb);
    for (const auto& f : layer.features) {
      if (wkb_geometry_kind(f.wkb) != layer.geometry) layer.geometry = GeometryKind::unknown;
    }
  }
  layer.metadata = {{"hotspot_stage", "analysis.areas"},
                    {"areas", result.layer_description},
                    {"crs", result.crs},
                    {"period", format_month_range(result.periods.current)},
                    {"compare_period", compared ? format_month_range(result.periods.compare) : "none"},
                    {"months_covered", std::to_string(result.periods.current_covered)},
                    {"compare_months_covered", std::to_string(result.periods.compare_covered)},
                    {"dispersion", compared ? metadata_number(table.dispersion_used) : "none"},
                    {"alpha", metadata_number(result.alpha)},
                    {"offense_dispersion_index", compared ? metadata_number(table.dispersion_of_increase.odi) : "none"},
                    {"rate_field", any_population ? "per_1000_residents" : "per_km2"},
                    {"rate_units", any_population ? "a year per 1,000 residents" : "a year per km²"},
                    {"method", "docs/areas.md"}};
  VectorLayer rates = layer;
  rates.name = "area_rates";
  VectorLayer change = std::move(layer);
  change.name = "area_change";
  std::vector<VectorLayer> out;
  out.push_back(std::move(rates));
  out.push_back(std::move(change));
  return out;
}

VectorLayer named_places_layer(const AreasResult& result) {
  VectorLayer layer{.name = "named_hotspots", .geometry = GeometryKind::point, .crs = result.crs};
  layer.fields = {{"rank", FieldType::integer},       {"location", FieldType::string},
                  {"area", FieldType::string},        {"incidents", FieldType::integer},
                  {"incidents_before", FieldType::integer}, {"weighted", FieldType::real},
                  {"crime_types", FieldType::string}, {"trend", FieldType::string},
                  {"rank_before", FieldType::integer}, {"status", FieldType::string}};
  for (const NamedPlace& p : result.places) {
    VectorFeature f;
    f.wkb = wkb_point(p.x, p.y);
    f.values = {static_cast<std::int64_t>(p.rank),
                p.location,
                p.area,
                static_cast<std::int64_t>(p.count),
                static_cast<std::int64_t>(p.count_before),
                p.weighted,
                types_text(p.by_type, p.by_type.size()),
                p.trend,
                p.rank_before > 0 ? FieldValue{static_cast<std::int64_t>(p.rank_before)} : FieldValue{},
                !result.places_before.valid() ? FieldValue{}
                                              : FieldValue{std::string(p.new_to_list ? "new to the list" : "on the list before")}};
    layer.features.push_back(std::move(f));
  }
  layer.metadata = {{"hotspot_stage", "analysis.areas.named_places"},
                    {"crs", result.crs},
                    {"period", format_month_range(result.periods.current)},
                    {"earlier_list", result.places_before.valid() ? format_month_range(result.places_before) : "none"},
                    {"method", "docs/areas.md"}};
  return layer;
}

std::vector<qgis::LayerStyle> areas_styles(const std::vector<VectorLayer>& layers) {
  std::vector<qgis::LayerStyle> out;
  for (const VectorLayer& layer : layers) out.push_back(qgis::standard_style(layer));
  return out;
}

AreasReport areas_report(const AreasResult& result) {
  AreasReport out;
  const PeriodChoice& periods = result.periods;
  const bool compared = periods.compared();
  const AreaTable& all = result.tables.front();
  const std::string now_label = period_label(periods.current);
  const std::string before_label = compared ? period_label(periods.compare) : "";
  bool any_population = false;
  for (const AreaInfo& a : result.areas) any_population = any_population || std::isfinite(a.population);

  // Findings.
  {
    std::string s = "In " + now_label + " there were " + thousands(all.total.count) + " incidents";
    if (compared) {
      if (all.total.count_before == 0) {
        s += ", and none in " + before_label;
      } else {
        const double pct = all.total.change_pct;
        s += ", " + (pct == 0 ? std::string("the same as") : number(std::abs(pct), 1) + "% " + (pct > 0 ? "more" : "fewer") + " than") +
             " in " + before_label + " (" + thousands(all.total.count_before) + ")";
        s += pct == 0 ? "" : all.total.significant ? "; a change larger than chance" : "; a change that could be chance";
      }
    }
    out.summary.push_back(s + ".");
  }
  std::vector<std::size_t> by_rank(result.areas.size());
  std::iota(by_rank.begin(), by_rank.end(), std::size_t{0});
  std::sort(by_rank.begin(), by_rank.end(), [&](std::size_t a, std::size_t b) { return all.areas[a].rank < all.areas[b].rank; });
  if (!by_rank.empty() && all.total.count > 0) {
    const std::size_t top = by_rank.front();
    std::string s = "The busiest area was " + result.areas[top].name + " with " + thousands(all.areas[top].count) +
                    " incidents (" + percent(all.areas[top].share) + " of the total";
    if (std::isfinite(all.areas[top].per_1000_residents)) {
      s += ", " + number(all.areas[top].per_1000_residents, 1) + " a year per 1,000 residents";
    }
    out.summary.push_back(s + ").");
  }
  if (compared) {
    const OffenseDispersion& odi = all.dispersion_of_increase;
    if (odi.overall_increase) {
      std::string names;
      for (std::size_t i = 0; i < odi.order.size() && i < 5; ++i) names += (i > 0 ? ", " : "") + result.areas[odi.order[i]].name;
      if (odi.order.size() > 5) names += " and " + std::to_string(odi.order.size() - 5) + " more";
      out.summary.push_back("The increase came from " + std::to_string(odi.contributing) + " of " +
                            std::to_string(odi.areas) + " areas (" + percent(odi.odi) +
                            ", the offense dispersion index): without their rises there would have been no overall "
                            "increase (" + names + ").");
    }
    std::vector<std::string> changed;
    for (const std::size_t a : by_rank) {
      if (all.areas[a].significant) changed.push_back(result.areas[a].name + " (" + all.areas[a].change_text + ")");
    }
    if (changed.empty()) {
      out.summary.push_back("No area's change is larger than chance.");
    } else {
      std::string s = changed.size() == 1 ? "One area changed by more than chance: " : std::to_string(changed.size()) + " areas changed by more than chance: ";
      for (std::size_t i = 0; i < changed.size() && i < 8; ++i) s += (i > 0 ? ", " : "") + changed[i];
      if (changed.size() > 8) s += " and " + std::to_string(changed.size() - 8) + " more";
      out.summary.push_back(s + ".");
    }
  }
  if (!result.places.empty()) {
    const NamedPlace& p = result.places.front();
    std::string s = "The busiest place was " + (p.location.empty() ? std::string("an unnamed location") : p.location) +
                    (p.area.empty() ? "" : " in " + p.area) + " (" + thousands(p.count) + " incidents)";
    if (result.places_before.valid()) {
      const auto fresh = std::count_if(result.places.begin(), result.places.end(), [](const NamedPlace& q) { return q.new_to_list; });
      s += "; " + std::to_string(fresh) + " of the " + std::to_string(result.places.size()) + " places on the list are new to it since " +
           (result.since.empty() ? before_label : period_label({result.places_before.last + 1, result.places_before.last + 1}));
    }
    out.summary.push_back(s + ".");
  }

  // Charts: the busiest areas now and before, and the crime types.
  report::Chart areas_chart{.id = "areas-incidents", .title = "Incidents by area", .kind = report::ChartKind::bar,
                            .x_title = "Area", .y_title = "Incidents", .decimals = 0};
  report::Series now_series{now_label, {}, "#1f4e9c", {}};
  report::Series before_series{before_label, {}, "#9e9e9e", {}};
  const std::size_t shown = std::min<std::size_t>(15, by_rank.size());
  for (std::size_t r = 0; r < shown; ++r) {
    areas_chart.labels.push_back(result.areas[by_rank[r]].name);
    now_series.values.push_back(static_cast<double>(all.areas[by_rank[r]].count));
    before_series.values.push_back(static_cast<double>(all.areas[by_rank[r]].count_before));
  }
  areas_chart.series.push_back(now_series);
  if (compared) areas_chart.series.push_back(before_series);
  areas_chart.caption = "The " + std::to_string(shown) + " areas with most incidents in " + now_label +
                        (compared ? ", with " + before_label + " beside them" : "") + ".";
  report::Chart types_chart{.id = "areas-types", .title = "Incidents by crime type", .kind = report::ChartKind::bar,
                            .x_title = "Crime type", .y_title = "Incidents", .decimals = 0};
  report::Series type_now{now_label, {}, "#1f4e9c", {}};
  report::Series type_before{before_label, {}, "#9e9e9e", {}};
  for (std::size_t t = 1; t < result.tables.size(); ++t) {
    types_chart.labels.push_back(result.tables[t].crime_type);
    type_now.values.push_back(static_cast<double>(result.tables[t].total.count));
    type_before.values.push_back(static_cast<double>(result.tables[t].total.count_before));
  }
  types_chart.series.push_back(type_now);
  if (compared) types_chart.series.push_back(type_before);
  types_chart.caption = "Incidents of each crime type in the study area in " + now_label +
                        (compared ? " and " + before_label : "") + ".";

  // The areas table.
  report::Section areas_section;
  areas_section.heading = "Areas: " + now_label + (compared ? " against " + before_label : "");
  areas_section.paragraphs.push_back("Incidents counted in each of the " + std::to_string(result.areas.size()) +
                                     " areas of " + result.layer_description + ", busiest first." +
                                     (compared ? " \"Larger than chance\" says whether a change is bigger than the "
                                                 "month-to-month ups and downs of these areas would give by chance."
                                               : ""));
  areas_section.chart_ids.push_back(areas_chart.id);
  if (result.tables.size() > 1) areas_section.chart_ids.push_back(types_chart.id);
  report::Table areas_table;
  areas_table.title = "Incidents by area";
  areas_table.header = {"Rank", "Area", now_label};
  if (compared) {
    areas_table.header.insert(areas_table.header.end(), {before_label, "Change", "Larger than chance?"});
  }
  areas_table.header.push_back(any_population ? "A year per 1,000 residents" : "A year per km²");
  areas_table.header.push_back("Share of all");
  const auto table_row = [&](const std::string& rank, const std::string& name, const AreaFigures& f) {
    std::vector<std::string> row{rank, name, thousands(f.count)};
    if (compared) {
      row.push_back(thousands(f.count_before));
      row.push_back(f.change_text);
      row.push_back(f.change_text.empty() || std::isnan(f.p_value) ? "" : f.significant ? "Yes" : "No");
    }
    row.push_back(number(any_population ? f.per_1000_residents : f.per_km2, 1));
    row.push_back(percent(f.share));
    areas_table.rows.push_back(std::move(row));
  };
  for (const std::size_t a : by_rank) table_row(std::to_string(all.areas[a].rank), result.areas[a].name, all.areas[a]);
  if (all.outside.count > 0 || all.outside.count_before > 0) table_row("", "Outside every area", all.outside);
  table_row("", "All", all.total);
  areas_section.tables.push_back(std::move(areas_table));
  out.sections.push_back(std::move(areas_section));

  // The named hot spot list.
  if (!result.places.empty()) {
    report::Section places;
    places.heading = "Named hot spots";
    places.paragraphs.push_back(
        "The " + std::to_string(result.places.size()) + " places with most incidents in " + now_label +
        ". A place is a police.uk map point: police.uk moves each incident to the nearest of a fixed set of points, so "
        "the place name is the street or landmark of that point, not an exact address." +
        (result.places_before.valid()
             ? " \"New to the list\" marks places that were not among the top " + std::to_string(result.places.size()) +
                   " in " + period_label(result.places_before) + "."
             : ""));
    report::Table list;
    list.title = "Named hot spots";
    list.header = {"Rank", "Place", "Area", "Incidents", "Main crime types", "Trend"};
    if (result.places_before.valid()) list.header.push_back("New to the list?");
    for (const NamedPlace& p : result.places) {
      std::vector<std::string> row{std::to_string(p.rank), p.location.empty() ? "(no place name)" : p.location,
                                   p.area.empty() ? "Outside every area" : p.area, thousands(p.count),
                                   types_text(p.by_type, 2), p.trend};
      if (result.places_before.valid()) row.push_back(p.new_to_list ? "New" : "");
      list.rows.push_back(std::move(row));
    }
    places.tables.push_back(std::move(list));
    out.sections.push_back(std::move(places));
  }

  // How the figures are made.
  report::Section method;
  method.heading = "How the area figures are made";
  method.paragraphs.push_back(
      "Each incident is counted once, in the area its police.uk map point falls in. Rates are for a year: the "
      "count, scaled to 12 months of data, per 1,000 residents, per 1,000 households or per square kilometre.");
  if (compared) {
    char dispersion[32];
    std::snprintf(dispersion, sizeof dispersion, "%.2f", all.dispersion_used);
    method.paragraphs.push_back(
        "A change is tested against chance with an exact test for two counts (the conditional binomial test of two "
        "Poisson rates, allowing for the months each period covers). Crime counts usually vary more from month to "
        "month than that test assumes, so the counts are first divided by how much more these areas' monthly counts "
        "vary (the over-dispersion, here " + std::string(dispersion) +
        "; 1 means no more). Because many areas are tested at once, the p-values are adjusted (Benjamini and "
        "Hochberg) and a change is called larger than chance when the adjusted value is at most " +
        number(result.alpha, 2) + ".");
    method.paragraphs.push_back(
        "The offense dispersion index (Ratcliffe 2010) is the share of areas whose increases, undone from the largest "
        "down, would remove the overall increase: small when a rise comes from a few places, large when it is "
        "widespread.");
  }
  out.sections.push_back(std::move(method));
  out.charts.push_back(std::move(areas_chart));
  if (result.tables.size() > 1) out.charts.push_back(std::move(types_chart));
  return out;
}

}  // namespace hotspot
