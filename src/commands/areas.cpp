#include "hotspot/commands/areas.hpp"

#include "hotspot/core/numbers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "hotspot/core/error.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "areas";

std::string css(const qgis::Colour& c) { return format("#%02x%02x%02x", c.r, c.g, c.b); }

std::size_t field_index(const VectorLayer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  throw Error(ErrorCode::internal, kStage, "layer " + layer.name + " has no field " + name);
}

std::string metadata_of(const VectorLayer& layer, const std::string& key) {
  for (const auto& [k, v] : layer.metadata) {
    if (k == key) return v;
  }
  return {};
}

/// `layer` with only `keep` and a numeric field `code` from `code_of` (the report's
/// graduated colours need a number), as GeoJSON for the page.
template <class CodeOf>
std::string map_geojson(const VectorLayer& layer, const std::vector<std::string>& keep, CodeOf code_of) {
  VectorLayer out{.name = layer.name, .geometry = layer.geometry, .crs = layer.crs};
  std::vector<std::size_t> from;
  for (const auto& name : keep) {
    from.push_back(field_index(layer, name));
    out.fields.push_back(layer.fields[from.back()]);
  }
  out.fields.push_back({"code", FieldType::real});
  for (const auto& f : layer.features) {
    VectorFeature g;
    g.wkb = f.wkb;
    for (const std::size_t i : from) g.values.push_back(f.values[i]);
    const double code = code_of(f);
    g.values.push_back(std::isfinite(code) ? FieldValue{code} : FieldValue{});
    out.features.push_back(std::move(g));
  }
  return geojson_text(out);
}

double number_of(const FieldValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::numeric_limits<double>::quiet_NaN();
}

/// The report's colours of a QGIS style's classes on `code` 0, 1, 2, ...: the same colours
/// and legend as the layer has in QGIS.
report::Graduated classes_of(const qgis::LayerStyle& style, const std::string& title) {
  report::Graduated g;
  g.field = "code";
  g.title = title;
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    if (i > 0) g.breaks.push_back(static_cast<double>(i) - 0.5);
    const auto& c = style.classes[i];
    g.colours.push_back(c.colour.a == 0 ? "#ffffff" : css(c.colour));
    g.labels.push_back(c.label);
  }
  return g;
}

/// Index of the QGIS class a value falls in ((lower, upper], the first including its lower
/// bound); NaN outside every class.
double graduated_class(const qgis::LayerStyle& style, double v) {
  if (!std::isfinite(v)) return std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    const auto& c = style.classes[i];
    if ((v > c.lower || (i == 0 && v >= c.lower)) && v <= c.upper) return static_cast<double>(i);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double categorized_class(const qgis::LayerStyle& style, const FieldValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  if (s == nullptr) return std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < style.classes.size(); ++i) {
    if (style.classes[i].value == *s) return static_cast<double>(i);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// The printed table: the busiest areas (at most 10), then the outside and total rows.
std::string table_text(const AreasResult& result) {
  const AreaTable& all = result.tables.front();
  const bool compared = result.periods.compared();
  bool any_population = false;
  for (const AreaInfo& a : result.areas) any_population = any_population || std::isfinite(a.population);
  std::vector<std::size_t> order(result.areas.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all.areas[a].rank < all.areas[b].rank; });
  std::size_t width = std::string("(outside every area)").size();
  for (std::size_t r = 0; r < order.size() && r < 10; ++r) width = std::max(width, result.areas[order[r]].name.size());
  const int w = static_cast<int>(width);
  std::string text = format("%4s  %-*s %9s", "rank", w, "area", "incidents");
  if (compared) text += format(" %9s %9s %13s", "before", "change", "beyond chance");
  text += format(" %10s %7s\n", any_population ? "per 1000/y" : "per km2/y", "share");
  const auto line = [&](const std::string& rank, const std::string& name, const AreaFigures& f) {
    std::string s = format("%4s  %-*s %9llu", rank.c_str(), w, name.c_str(), static_cast<unsigned long long>(f.count));
    if (compared) {
      s += format(" %9llu %9s %13s", static_cast<unsigned long long>(f.count_before), f.change_text.c_str(),
                  std::isnan(f.p_value) ? "" : f.significant ? "yes" : "no");
    }
    const double rate = any_population ? f.per_1000_residents : f.per_km2;
    s += std::isfinite(rate) ? format(" %10.1f", rate) : format(" %10s", "");
    return s + format(" %6.1f%%\n", 100 * f.share);
  };
  for (std::size_t r = 0; r < order.size() && r < 10; ++r) {
    text += line(std::to_string(all.areas[order[r]].rank), result.areas[order[r]].name, all.areas[order[r]]);
  }
  if (order.size() > 10) text += format("      ... %zu more areas in areas.csv\n", order.size() - 10);
  if (all.outside.count > 0 || all.outside.count_before > 0) text += line("", "(outside every area)", all.outside);
  text += line("", "(all areas)", all.total);
  return text;
}

std::string summary_text(const AreasResult& result, const AreasReport& report, std::size_t top_places) {
  const PeriodChoice& p = result.periods;
  std::string text = format("areas: %zu polygons; period %s", result.areas.size(), format_month_range(p.current).c_str());
  text += p.compared() ? " against " + format_month_range(p.compare) + "\n" : " (no comparison)\n";
  text += table_text(result);
  if (!result.places.empty()) {
    const bool marked = result.places_before.valid();
    text += format("named hot spots (the busiest %zu places%s):\n", result.places.size(),
                   marked ? ("; * not in the top " + std::to_string(top_places) + " of " +
                             period_label(result.places_before))
                                .c_str()
                          : "");
    for (std::size_t i = 0; i < result.places.size() && i < 5; ++i) {
      const NamedPlace& place = result.places[i];
      text += format("%4zu%s %s, %s: %llu incidents%s%s\n", place.rank, marked && place.new_to_list ? "*" : " ",
                     place.location.empty() ? "(no place name)" : place.location.c_str(),
                     place.area.empty() ? "outside every area" : place.area.c_str(),
                     static_cast<unsigned long long>(place.count), place.trend.empty() ? "" : ", ",
                     place.trend.c_str());
    }
    if (result.places.size() > 5) text += format("      ... %zu more in named_hotspots.csv\n", result.places.size() - 5);
  }
  text += "findings:\n";
  for (const auto& s : report.summary) text += "- " + s + "\n";
  return text;
}

}  // namespace

void declare_areas(step::Declarer& d, AreasOptions& o) {
  d.group("Areas");
  // The reporting polygons themselves (wards, MSOAs, beats), as the command's name says;
  // `evaluate` calls its treated polygons --treated-areas so the two are not confused.
  d.custom("areas", step::ValueKind::text, o.areas.path, [&o](const std::string& v) { o.areas.path = v; },
           "Polygons to count incidents in and report on: wards, LSOAs/MSOAs, beats, PSPO areas (any OGR layer)")
      .role(step::Role::layer)
      .required();
  d.custom("areas-layer", step::ValueKind::text, o.areas.layer, [&o](const std::string& v) { o.areas.layer = v; },
           "Layer of --areas")
      .needs("areas");
  d.custom("areas-where", step::ValueKind::text, o.areas.where, [&o](const std::string& v) { o.areas.where = v; },
           "OGR attribute filter on --areas, e.g. \"district_name = 'St Albans'\"")
      .needs("areas");
  d.text("name-field", o.name_field, "Field of --areas naming each polygon").required();
  d.text("population-field", o.population_field, "Field with residents, for rates per 1,000 residents");
  d.text("households-field", o.households_field, "Field with households, for rates per 1,000 households");

  d.group("Periods");
  d.text("period", o.period,
         "Months counted: 2019-04..2020-03, 2019-04, 2019/20 (financial year) or 2019 (default: the latest complete "
         "financial year in the data, else every month)");
  d.text("compare-period", o.compare_period,
         "Months compared with, in the same forms (default: as many months just before --period)")
      .needs("period");
  d.flag("rolling", o.rolling_12_months, "The latest 12 months of the data against the 12 before").excludes("period");

  d.group("Named hot spots");
  d.integer("top", o.top_places, "Places on the named hot spot list (police.uk map points), busiest first")
      .range(0, 1000);
  d.custom("since", step::ValueKind::text, o.since,
           [&o](const std::string& v) {
             if (!parse_month(v)) throw Error(ErrorCode::usage, kStage, "--since \"" + v + "\" is not YYYY-MM");
             o.since = v;
           },
           "Mark places new to the list since this month, YYYY-MM (the last meeting; default: since the compare "
           "period)");
  d.negated_flag("no-trends", o.place_trends, "Do not classify the named places as new, intensifying, persistent ...");

  d.group("Statistics");
  d.number("alpha", o.alpha, "A change is larger than chance when its adjusted p-value is at most this")
      .above(0)
      .at_most(0.5);
  d.negated_flag("no-dispersion", o.over_dispersion,
                 "Test changes as plain Poisson counts, without the over-dispersion of the monthly counts (calls "
                 "more changes real than are)")
      .advanced();
  d.negated_flag("no-by-type", o.by_type, "Only the all-types table, no table per crime type");
}

report::Report areas_page(const AreasResult& result, const std::vector<VectorLayer>& layers, const PreparedIncidents& prepared,
                          const std::string& area_name) {
  const AreasReport parts = areas_report(result);
  const PeriodChoice& p = result.periods;
  const std::vector<std::string>& types = prepared.options.filter.types;
  report::Report page;
  page.title = (types.size() == 1 ? types.front() : std::string("Incidents")) + " by area" +
               (area_name.empty() ? std::string() : " in " + area_name) + ", " + period_label(p.current);
  page.subtitle = std::to_string(result.areas.size()) + " areas" +
                  (p.compared() ? ", compared with " + period_label(p.compare) : std::string());
  if (types.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < types.size(); ++i) list += (i == 0 ? "" : i + 1 == types.size() ? " and " : ", ") + types[i];
    page.subtitle += "; " + list + " only";
  }
  page.summary = parts.summary;
  page.map_heading = "Map";
  page.sections = parts.sections;
  page.charts = parts.charts;
  for (auto& section : page.sections) {
    // The layer is named in the report's words, not by its file name.
    for (auto& paragraph : section.paragraphs) {
      const std::string file = " areas of " + result.layer_description;
      if (const auto at = paragraph.find(file); at != std::string::npos) {
        paragraph.replace(at, file.size(), area_name.empty() ? std::string(" areas") : " areas of " + area_name);
      }
    }
    // With one crime type the list's breakdown by type only repeats the count.
    if (result.tables.size() > 1) continue;
    for (auto& table : section.tables) {
      const auto column = std::find(table.header.begin(), table.header.end(), "Main crime types");
      if (column == table.header.end()) continue;
      const auto at = column - table.header.begin();
      table.header.erase(column);
      for (auto& row : table.rows) {
        if (static_cast<std::size_t>(at) < row.size()) row.erase(row.begin() + at);
      }
    }
  }

  const bool rates_drawn = std::any_of(layers.begin(), layers.end(), [](const VectorLayer& l) {
    return l.name == kAreaRatesLayer && qgis::standard_style(l).renderer == qgis::Renderer::graduated;
  });
  for (const VectorLayer& layer : layers) {
    const qgis::LayerStyle style = qgis::standard_style(layer);
    report::MapLayer m;
    if (layer.name == kAreaRatesLayer || layer.name == kAreaChangeLayer) {
      const bool rates = layer.name == kAreaRatesLayer;
      const std::string rate_field = metadata_of(layer, "rate_field");
      if (rates && style.renderer != qgis::Renderer::graduated) continue;  // no rate to draw
      const std::string units = metadata_of(layer, "rate_units");
      std::vector<std::string> keep{"name", "incidents", "change_text", "larger_than_chance", rate_field};
      if (!p.compared()) keep = {"name", "incidents", rate_field};
      const std::size_t rate = field_index(layer, rate_field), cls = field_index(layer, "change_class");
      m.geojson = map_geojson(layer, keep, [&](const VectorFeature& f) {
        return rates ? graduated_class(style, number_of(f.values[rate])) : categorized_class(style, f.values[cls]);
      });
      m.name = rates ? "Rate: incidents " + units : "Change since " + period_label(p.compare);
      m.description = rates ? "areas shaded by their rate (natural breaks)" : "areas shaded by their change";
      m.style.stroke = "#6e6e6e";
      m.style.stroke_width = 1;
      m.style.fill = "#ffffff";
      m.style.fill_opacity = 0.65;
      m.style.graduated = classes_of(style, rates ? "Incidents " + units : "Change");
      m.title_field = "name";
      m.popup_fields = {{"incidents", period_label(p.current)}};
      if (p.compared()) {
        m.popup_fields.push_back({"change_text", "Change"});
        m.popup_fields.push_back({"larger_than_chance", "Larger than chance"});
      }
      m.popup_fields.push_back({rate_field, "Incidents " + units, 1});
      m.fit_bounds = true;
      if (!rates) {
        if (!p.compared()) continue;
        m.visible = !rates_drawn;  // the rate map opens; the change map is a click away
      }
    } else if (layer.name == kNamedHotspotsLayer) {
      if (layer.features.empty()) continue;
      const std::size_t status = field_index(layer, "status");
      m.geojson = map_geojson(layer, {"rank", "location", "area", "incidents", "trend", "status"},
                              [&](const VectorFeature& f) {
                                const double c = categorized_class(style, f.values[status]);
                                return std::isfinite(c) ? c : 1.0;
                              });
      m.name = "Named hot spots";
      m.description = "the busiest police.uk map points (red: new to the list)";
      m.style.stroke = "#000000";
      m.style.fill = "#fdae61";
      m.style.fill_opacity = 0.9;
      m.style.point_radius = 6;
      m.style.graduated = classes_of(style, "Named hot spots");
      m.title_field = "location";
      m.popup_fields = {{"rank", "Rank"}, {"area", "Area"}, {"incidents", "Incidents"}, {"trend", "Trend"}, {"status", "List"}};
    } else {
      continue;
    }
    page.layers.push_back(std::move(m));
  }
  page.footnotes.push_back("Incident data: data.police.uk (Open Government Licence v3.0) or the partnership's own records (" +
                           std::to_string(prepared.account.read) + " rows read, " +
                           std::to_string(prepared.incidents.size()) + " incidents used).");
  page.footnotes.push_back("Working CRS: " + prepared.crs.name + "; the map is drawn in WGS84.");
  return page;
}

AreasResult run_areas(const PreparedIncidents& prepared, const AreasOptions& options, step::OutputSink& sink,
                      const std::string& area_name) {
  if (options.name_field.empty()) throw Error(ErrorCode::usage, kStage, "the field naming each area is required");
  AreasResult result = summarise_areas(prepared, options);
  step::Messages& messages = sink.messages();
  for (const auto& note : result.notes) messages.note(note);

  const char* counts = "unchecked counts of every crime type per area";
  sink.file(kAreasCsv, areas_csv(result), counts);
  sink.file(kNamedHotspotsCsv, named_places_csv(result), "unchecked counts per place");
  if (result.outside_incidents > 0) {
    sink.file(kOutsideIncidentsCsv, outside_incidents_csv(result, prepared), "incident rows, one by one");
  }
  std::vector<VectorLayer> layers = areas_layers(result);
  layers.push_back(named_places_layer(result));
  const bool locations_public = privacy::location_text_is_public(prepared.options);
  for (const VectorLayer& layer : layers) {
    if (layer.name == kNamedHotspotsLayer) {
      sink.layer(layer, privacy::named_hotspot_rules(locations_public));
    } else {
      sink.layer(layer, privacy::area_summary_rules());
    }
  }
  const AreasReport parts = areas_report(result);
  if (sink.publish().enabled) {
    sink.file(kAreasReport, {}, counts);  // withheld: rendered for nobody
    messages.status("publish: areas.csv, named_hotspots.csv, outside_incidents.csv, report.html and the printed table "
                    "are not written (they carry unchecked counts); use the layers");
  } else {
    if (sink.wants(kAreasReport)) sink.file(kAreasReport, report::render_html(areas_page(result, layers, prepared, area_name)));
    messages.print(summary_text(result, parts, options.top_places));
  }
  return result;
}

namespace {

// The areas step and the study area's name for the report.
struct AreasSettings {
  AreasOptions areas;
  std::string area_name;
};

void declare_areas_settings(step::Declarer& d, AreasSettings& settings) {
  declare_areas(d, settings.areas);
  d.group("Areas");
  d.text("area-name", settings.area_name, "Name of the study area for the report, e.g. \"Welwyn Hatfield and St Albans\"");
}

}  // namespace

step::CommandSpec areas_command() {
  return step::folder_command<AreasSettings>(
      "areas",
      "Counts per ward, MSOA, beat or any polygon: this period against the last, rates, ranks and shares, whether "
      "each change is larger than chance, how widespread a rise is, and the named hot spots of the ASB Forum's list",
      {{kAreasCsv, step::OutputKind::table, kAreasCsv, "one row per area and crime type: counts, change, test, rates", false},
       {kNamedHotspotsCsv, step::OutputKind::table, kNamedHotspotsCsv,
        "the busiest places with their police.uk names, area, trend and whether they are new to the list", false},
       {kOutsideIncidentsCsv, step::OutputKind::table, kOutsideIncidentsCsv,
        "incidents outside every polygon, one by one (only when there are any)", false},
       {kAreaRatesLayer, step::OutputKind::vector, "area_rates.geojson", "the areas shaded by their rate", true},
       {kAreaChangeLayer, step::OutputKind::vector, "area_change.geojson", "the areas shaded by their change", true},
       {kNamedHotspotsLayer, step::OutputKind::vector, "named_hotspots.geojson", "the named hot spots as points", true},
       {"areas.gpkg", step::OutputKind::vector, "areas.gpkg", "the three layers, styled for QGIS", true},
       {kAreasReport, step::OutputKind::report, kAreasReport,
        "findings, the map, the areas table and charts, the named list", false}},
      {.declare = declare_areas_settings,
       .run = [](const PreparedIncidents& p, const AreasSettings& o,
                 step::OutputSink& s) { (void)run_areas(p, o.areas, s, o.area_name); },
       .output = {"Folder for areas.csv, named_hotspots.csv, outside_incidents.csv, areas.gpkg, the layers as GeoJSON, "
                  "report.html",
                  "Do not print the table and findings", true},
       .geopackage = "areas.gpkg",
       .without_input = "give the incident files to count",
       .check = {},
       .prepare = {}});
}

}  // namespace hotspot::commands
