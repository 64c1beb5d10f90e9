#include "hotspot/plan/plan_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "hotspot/core/error.hpp"

namespace hotspot::plan {
namespace {

using report::Chart;
using report::ChartKind;
using report::MapLayer;

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string percent(double share) { return format("%.1f%%", 100.0 * share); }

std::size_t field_index(const VectorLayer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == name) return i;
  }
  throw Error(ErrorCode::internal, "plan.report", "layer " + layer.name + " has no field " + name);
}

double number(const FieldValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nan("");
}

/// The features of `layer` whose field passes `keep` (the significant Gi* cells, say).
template <typename Keep>
VectorLayer subset(const VectorLayer& layer, const std::string& field, Keep keep) {
  VectorLayer out = layer;
  out.features.clear();
  const std::size_t f = field_index(layer, field);
  for (const auto& feature : layer.features) {
    if (keep(feature.values[f])) out.features.push_back(feature);
  }
  return out;
}

}  // namespace

namespace {

/// Publish mode of the monthly chart: values in (0, k) are withheld (NaN); then, while the
/// withheld total S over m values would pin one of them (m < 2, or S - (m - 1) < k: the
/// largest any one could be, each being at least 1), the smallest value still shown is
/// withheld too. Returns how many values were withheld.
std::size_t withhold_small_values(std::vector<report::Series>& series, std::int64_t k) {
  const auto small = static_cast<double>(k);
  std::size_t withheld = 0;
  double total = 0;
  for (auto& s : series) {
    for (double& v : s.values) {
      if (v > 0 && v < small) {
        total += v;
        v = std::nan("");
        ++withheld;
      }
    }
  }
  while (withheld > 0 && (withheld < 2 || total - static_cast<double>(withheld - 1) < small)) {
    double* smallest = nullptr;
    for (auto& s : series) {
      for (double& v : s.values) {
        if (v > 0 && (smallest == nullptr || v < *smallest)) smallest = &v;
      }
    }
    if (smallest == nullptr) break;  // nothing left to withhold
    total += *smallest;
    *smallest = std::nan("");
    ++withheld;
  }
  return withheld;
}

/// What publish mode withheld, layer by layer, and why the charts left as they are are safe.
report::Section publishing_section(const PublishSettings& publish, const PlanResult& result) {
  const std::string k = std::to_string(publish.min_count);
  report::Section section;
  section.heading = "Published outside the partnership";
  section.paragraphs.push_back(
      "This plan was made for publishing (hotspot plan --publish): no map feature, count or breakdown entry stands "
      "for fewer than " + k + " incidents, camera sites are rounded to " + format("%g", publish.grid_m) +
      " m, and no incident location, identifier or input field is shown.");
  report::Table table{"What was withheld",
                      // No "incidents in them" column: with the published counts it would give
                      // the suppressed counts back by subtraction (issue 21).
                      {"Layer", "Features", "Suppressed (fewer than " + k + " incidents)", "Rule",
                       "Small counts withheld", "Points rounded", "Fields not published"},
                      {}};
  if (result.raster_suppression) {
    const auto& s = *result.raster_suppression;
    table.rows.push_back({"density.tif (cells)", std::to_string(s.cells_with_data), std::to_string(s.cells_suppressed),
                          result.raster_support_radius > 0
                              ? "(fewer than " + k + " within " + format("%.0f", result.raster_support_radius) + " m)"
                              : "(fewer than " + k + " in the cell)",
                          "0", "0", ""});
  }
  for (const auto& s : result.suppression) {
    std::string dropped;
    for (const auto& f : s.fields_dropped) dropped += (dropped.empty() ? "" : ", ") + f;
    table.rows.push_back({s.layer, std::to_string(s.features_in), std::to_string(s.features_suppressed),
                          "(fewer than " + k + " incidents)",
                          std::to_string(s.values_nulled + s.list_entries_removed + s.cumulative_withheld),
                          std::to_string(s.points_rounded), dropped});
  }
  section.tables.push_back(std::move(table));
  if (!result.withheld_files.empty()) {
    std::string files = "Not written: ";
    for (std::size_t i = 0; i < result.withheld_files.size(); ++i) {
      files += (i ? "; " : "") + result.withheld_files[i];
    }
    section.paragraphs.push_back(files + ".");
  }
  section.paragraphs.push_back(
      "Charts: the monthly chart withholds every bar of fewer than " + k + " incidents (" +
      std::to_string(result.chart_values_withheld) +
      " withheld, with any that would give them away through the total). The concentration curve, the camera "
      "coverage and the backtests show shares of all incidents or harm, each summed over many places and never "
      "placed on the map, so no small count can be tied to a place.");
  return section;
}

}  // namespace

Chart monthly_chart(const Incidents& in, std::int64_t min_count, std::size_t* withheld) {
  std::map<MonthIndex, std::map<std::uint32_t, double>> by_month;
  std::map<std::uint32_t, double> by_type;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.month[i] == kNoMonth) continue;
    by_month[in.month[i]][in.category[i]] += 1;
    by_type[in.category[i]] += 1;
  }
  std::vector<std::pair<double, std::uint32_t>> ranked;
  for (const auto& [type, n] : by_type) ranked.push_back({-n, type});
  std::sort(ranked.begin(), ranked.end());
  std::map<std::uint32_t, std::size_t> rank_of;
  for (std::size_t i = 0; i < ranked.size(); ++i) rank_of[ranked[i].second] = i;
  const char* colours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#999999"};
  Chart chart;
  chart.id = "monthly";
  chart.title = "Incidents by month and crime type";
  chart.kind = ChartKind::stacked_bar;
  chart.x_title = "Month";
  chart.y_title = "Incidents";
  for (const auto& [month, counts] : by_month) chart.labels.push_back(format_month(month));
  const std::size_t series_count = std::min<std::size_t>(5, ranked.size());
  for (std::size_t k = 0; k < series_count; ++k) {
    report::Series series;
    series.colour = colours[k];
    const bool rest = k == 4 && ranked.size() > 5;
    const std::uint32_t code = ranked[k].second;
    series.name = rest ? "Other types" : code == Incidents::kNoCode ? "Unknown type" : in.categories[code];
    for (const auto& [month, counts] : by_month) {
      double n = 0;
      for (const auto& [type, count] : counts) {
        const std::size_t position = rank_of.at(type);
        if (position == k || (rest && position > k)) n += count;
      }
      series.values.push_back(n);
    }
    chart.series.push_back(std::move(series));
  }
  chart.caption = "The four most common crime types, and the rest together, month by month.";
  std::size_t hidden = 0;
  if (min_count > 0) {
    hidden = withhold_small_values(chart.series, min_count);
    if (hidden > 0) {
      chart.caption += " " + std::to_string(hidden) + " values of fewer than " + std::to_string(min_count) +
                       " incidents, and any that would give them away, are withheld (–).";
    }
  }
  if (withheld != nullptr) *withheld = hidden;
  return chart;
}

Chart concentration_chart(const Incidents& in) {
  const WeightedPoints points = collapse_locations(in);
  std::vector<double> counts(points.count.begin(), points.count.end());
  std::sort(counts.rbegin(), counts.rend());
  double total = 0;
  for (const double c : counts) total += c;
  Chart chart;
  chart.id = "concentration";
  chart.title = "How concentrated incidents are";
  chart.kind = ChartKind::scatter_line;
  chart.x_title = "Busiest locations (% of all locations)";
  chart.y_title = "Incidents there (% of all)";
  chart.decimals = 1;
  report::Series curve{"Incidents", {0.0}, "#1f4e9c", {0.0}};
  double running = 0;
  std::size_t next = 1;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    running += counts[i];
    const double location_share = 100.0 * static_cast<double>(i + 1) / static_cast<double>(counts.size());
    if (location_share + 1e-9 >= static_cast<double>(next) * 2.0) {  // every 2% of locations
      curve.x.push_back(location_share);
      curve.values.push_back(100.0 * running / total);
      ++next;
    }
  }
  chart.series.push_back(curve);
  chart.series.push_back({"Even spread", {0.0, 100.0}, "#999999", {0.0, 100.0}});
  chart.caption = "Locations sorted busiest first: the further the curve lies above the even-spread line, the more "
                  "incidents sit on a few places.";
  return chart;
}

Chart camera_chart(const VectorLayer& cameras) {
  Chart chart;
  chart.id = "camera_coverage";
  chart.title = "Cumulative coverage of the recommended cameras";
  chart.kind = ChartKind::line;
  chart.x_title = "Cameras, best first";
  chart.y_title = "Share of the weight seen (%)";
  chart.decimals = 1;
  report::Series series{"Recommended cameras", {}, "#c51b7d", {}};
  const std::size_t share = field_index(cameras, "share_cumulative");
  for (std::size_t i = 0; i < cameras.features.size(); ++i) {
    chart.labels.push_back(std::to_string(i + 1));
    series.values.push_back(100.0 * number(cameras.features[i].values[share]));
  }
  chart.series.push_back(series);
  chart.caption = "Each added camera sees less new harm than the one before it.";
  return chart;
}

report::Report plan_report(const PlanOptions& options, const PlanResult& result, const PlanLayers& layers,
                           const Incidents& incidents) {
  report::Report r;
  const Profile& p = result.profile;
  r.title = result.title;
  r.subtitle = std::to_string(p.incidents) + " incidents" +
               (p.by_month.empty() ? std::string()
                                   : ", " + p.by_month.front().key + " to " + p.by_month.back().key) +
               (p.study_area.empty() ? std::string() : "; study area " + p.study_area);
  const std::string weight = result.weight_words == "harm" ? "harm-weighted incidents" : "incidents";

  // Plain-English findings, each from a number the plan computed.
  for (const auto& c : p.concentration) {
    if (std::abs(c.location_share - 0.05) < 1e-9) {
      r.summary.push_back("The busiest 5% of places (" + std::to_string(c.locations) + " of " +
                          std::to_string(p.distinct_locations) + ") had " + percent(c.incident_share) +
                          " of all incidents.");
    }
  }
  const double camera_share = layers.cameras == nullptr || layers.cameras->features.empty()
                                  ? std::nan("")
                                  : number(layers.cameras->features.back().values[field_index(*layers.cameras, "share_cumulative")]);
  if (std::isfinite(camera_share)) {  // publish mode nulls it below k
    const double share = camera_share;
    const std::size_t n = layers.cameras->features.size();
    r.summary.push_back("These " + std::to_string(n) + " camera sites would have seen " +
                        percent(share) + " of " + weight +
                        " over the whole period.");
  }
  if (result.camera_backtest) {
    const auto& c = *result.camera_backtest;
    r.summary.push_back("Planned on earlier months only, " + std::to_string(c.cameras) +
                        " cameras would have covered " + percent(c.planned_mean) + " of " + weight + " in the following " +
                        std::to_string(options.holdout_months) + " months (average over " +
                        std::to_string(c.folds.size()) + " starting months); cameras on the busiest places covered " +
                        percent(c.busiest_mean) + ".");
  }
  if (result.patrol_places > 0) {
    r.summary.push_back(std::to_string(result.patrol_places) + " patrol places shared among " +
                        std::to_string(result.patrol_units) + (result.patrol_units == 1 ? " unit" : " units") + ".");
  }
  if (result.patrol_backtest) {
    r.summary.push_back("Chosen the same way each month, the patrol places held " +
                        percent(result.patrol_backtest->mean_share) + " of the next month's harm, against " +
                        percent(result.patrol_backtest->mean_baseline_share) + " for last month's busiest cells.");
  }
  if (result.gistar_cells > 0) {
    // Publish mode: the cells the map shows, those of k incidents or more.
    std::size_t hot = result.gistar_hot, cold = result.gistar_cold;
    std::string which = " grid cells are hot spots and ";
    if (options.publish.enabled && layers.gistar != nullptr) {
      hot = cold = 0;
      const std::size_t bin = field_index(*layers.gistar, "gi_bin");
      for (const auto& f : layers.gistar->features) {
        const double b = number(f.values[bin]);
        hot += b > 0 ? 1 : 0;
        cold += b < 0 ? 1 : 0;
      }
      which = " of the grid cells published (" + std::to_string(options.publish.min_count) +
              " incidents or more) are hot spots and ";
    }
    r.summary.push_back(std::to_string(hot) + which + std::to_string(cold) +
                        " cold spots that chance does not explain (Getis-Ord Gi*, 90% confidence or more, "
                        "corrected for testing many cells).");
  }

  // The map, bottom to top.
  // Layers of the caller are referenced; subsets made here are copied in as GeoJSON text, as
  // they do not outlive this function.
  auto add = [&](const std::string& name, const VectorLayer* layer, auto&& style, bool local = false) {
    if (layer == nullptr) return;
    MapLayer m;
    m.name = name;
    if (local) {
      m.geojson = geojson_text(*layer);
    } else {
      m.layer = layer;
    }
    style(m);
    // Publish mode drops fields (camera reasons, peak times): no popup row for them.
    std::erase_if(m.popup_fields, [&](const report::PopupField& f) {
      return std::none_of(layer->fields.begin(), layer->fields.end(), [&](const FieldSpec& s) { return s.name == f.field; });
    });
    r.layers.push_back(std::move(m));
  };
  for (const VectorLayer* c : layers.context) {
    add(c->name == "roads" ? "Roads" : "Context: " + c->name, c, [](MapLayer& m) {
      m.description = "for orientation";
      m.style.stroke = "#9a9a9a";
      m.style.stroke_width = 1;
      m.style.fill_opacity = 0;
      m.title_field = "name";
    });
  }
  add("Study area", layers.study_area, [](MapLayer& m) {
    m.description = "the area analysed";
    m.style.stroke = "#444444";
    m.style.stroke_width = 2;
    m.style.fill = "#ffffff";
    m.style.fill_opacity = 0;
    m.fit_bounds = true;
  });
  add("Hotspots (density)", layers.hotspots, [&](MapLayer& m) {
    std::vector<double> shares = options.density.map.threshold_levels;
    std::sort(shares.begin(), shares.end());
    // "top 0.1%, 0.5% and 1% of the area", from the plan's own levels.
    std::string listed;
    for (std::size_t k = 0; k < shares.size(); ++k) {
      if (k > 0) listed += k + 1 == shares.size() ? " and " : ", ";
      listed += format("%g", shares[k]) + "%";
    }
    m.description = "cells with the highest density: top " + listed + " of the area";
    m.style.stroke_width = 0.5;
    m.style.fill_opacity = 0.7;
    std::vector<double> breaks;
    std::vector<std::string> colours, labels;
    const char* ramp[] = {"#bd0026", "#f03b20", "#fd8d3c", "#feb24c", "#fed976", "#ffffb2"};
    for (std::size_t k = 0; k < shares.size(); ++k) {
      if (k > 0) breaks.push_back((shares[k - 1] + shares[k]) / 200.0);
      colours.push_back(ramp[std::min<std::size_t>(k, 5)]);
      labels.push_back("top " + format("%g", shares[k]) + "%");
    }
    if (!breaks.empty()) m.style.graduated = report::Graduated{"area_share", breaks, colours, labels, "Density", true};
    m.title_field = "level";
    m.popup_fields = {{"incidents", "Incidents"}, {"harm", "Harm", 0}, {"crime_types", "Main crime types"},
                      {"months_active", "Months with incidents"}, {"area_m2", "Area (m²)", 0}};
  });
  // Only the significant Gi* cells and the cells with a trend pattern are drawn.
  VectorLayer gistar_significant, emerging_patterned;
  if (layers.gistar != nullptr) {
    gistar_significant = subset(*layers.gistar, "gi_bin", [](const FieldValue& v) { return number(v) != 0; });
  }
  if (layers.emerging != nullptr) {
    emerging_patterned = subset(*layers.emerging, "pattern", [](const FieldValue& v) {
      const auto* s = std::get_if<std::string>(&v);
      return s != nullptr && *s != "No Pattern Detected";
    });
  }
  add("Hot and cold spots (Gi*)", layers.gistar ? &gistar_significant : nullptr, [](MapLayer& m) {
    m.description = "cells significantly above or below the average (Getis-Ord Gi*)";
    m.style.stroke_width = 0.5;
    m.style.fill_opacity = 0.6;
    m.style.graduated = report::Graduated{
        "gi_bin", {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5},
        {"#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"},
        {"cold spot, 99%", "cold spot, 95%", "cold spot, 90%", "not significant", "hot spot, 90%", "hot spot, 95%",
         "hot spot, 99%"},
        "Gi* confidence",
        true};
    m.popup_fields = {{"value", "Weight in the cell", 0}, {"gi_z", "z-score", 2}, {"gi_p_adjusted", "p (FDR)", 3}};
    m.visible = false;
  }, true);
  add("Emerging hot spots", layers.emerging ? &emerging_patterned : nullptr, [](MapLayer& m) {
    m.description = "cells with a space-time pattern (new, intensifying, persistent, ...)";
    m.style.stroke = "#6a3d9a";
    m.style.fill = "#cab2d6";
    m.style.fill_opacity = 0.5;
    m.title_field = "pattern";
    m.popup_fields = {{"incidents", "Incidents", 0}, {"hot_steps", "Months hot"}, {"trend_tau", "Trend (Kendall τ)", 2}};
    m.visible = false;
  }, true);
  add("Camera coverage", layers.coverage, [](MapLayer& m) {
    m.description = "what each camera sees";
    m.style.stroke = "#c51b7d";
    m.style.fill = "#c51b7d";
    m.style.fill_opacity = 0.25;
    m.title_field = "kind";
    m.popup_fields = {{"rank", "Camera"}, {"incidents_in_view", "Incidents in view"}, {"area_m2", "Area (m²)", 0}};
  });
  add("Patrol places", layers.patrol_areas, [&](MapLayer& m) {
    m.description = "micro-places to patrol";
    m.style.fill_opacity = 0.5;
    m.style.stroke = "#1b7837";
    m.style.fill = "#5aae61";
    m.title_field = "location";
    m.popup_fields = {{"rank", "Rank"}, {"incidents", "Incidents"}, {"visits_per_week", "Visits a week"},
                      {"minutes_per_visit", "Minutes a visit", 0}, {"peak_times", "Peak times"}, {"unit", "Unit"},
                      {"stop", "Stop on the route"}};
  });
  add("Patrol routes", layers.patrol_routes, [](MapLayer& m) {
    m.description = "each unit's beat, in visit order";
    m.style.stroke = "#1b7837";
    m.style.stroke_width = 2;
    m.style.dash = "6 4";
    m.popup_fields = {{"unit", "Unit"}, {"stops", "Stops"}, {"length_m", "Lap (m)", 0}, {"lap_minutes", "Lap (minutes)", 0}};
    m.visible = false;
  });
  add("Recommended cameras", layers.cameras, [](MapLayer& m) {
    m.description = "ranked sites for new cameras";
    m.style.marker = report::MarkerKind::square;
    m.style.stroke = "#000000";
    m.style.fill = "#c51b7d";
    m.style.fill_opacity = 1;
    m.style.point_radius = 7;
    m.title_field = "nearest_location";
    m.popup_fields = {{"rank", "Rank"}, {"reason", "Why here"}, {"incidents_in_view", "Incidents in view"},
                      {"share_new", "Share added", 3}, {"share_cumulative", "Share with higher ranks", 3},
                      {"top_types", "Main crime types"}};
  });

  // Charts and sections.
  const std::int64_t k = options.publish.enabled ? options.publish.min_count : 0;
  r.charts.push_back(monthly_chart(incidents, k));
  r.charts.push_back(concentration_chart(incidents));
  r.sections.push_back({"What happened",
                        {"Incidents after filtering, by month and type, and how concentrated they are on places."},
                        {"monthly", "concentration"},
                        {}});
  if (layers.cameras != nullptr && !layers.cameras->features.empty()) {
    r.charts.push_back(camera_chart(*layers.cameras));
    report::Table table{"Recommended camera sites", {"Rank", "Nearest police.uk location", "Incidents in view", "Cumulative share"}, {}};
    const VectorLayer& cams = *layers.cameras;
    const auto rank = field_index(cams, "rank"), seen = field_index(cams, "incidents_in_view"),
               share = field_index(cams, "share_cumulative");
    // Publish mode drops the location text when it is the user's, not police.uk's.
    const bool has_location = std::any_of(cams.fields.begin(), cams.fields.end(),
                                          [](const FieldSpec& s) { return s.name == "nearest_location"; });
    for (const auto& f : cams.features) {
      const auto* location = has_location ? std::get_if<std::string>(&f.values[field_index(cams, "nearest_location")]) : nullptr;
      table.rows.push_back({format("%.0f", number(f.values[rank])), location ? *location : "",
                            format("%.0f", number(f.values[seen])), percent(number(f.values[share]))});
    }
    std::vector<std::string> chart_ids{"camera_coverage"};
    if (result.camera_backtest && !result.camera_backtest->folds.empty()) {
      const auto& c = *result.camera_backtest;
      Chart chart;
      chart.id = "camera_backtest";
      chart.title = "Cameras planned on earlier months, scored on the following months";
      chart.kind = ChartKind::line;
      chart.x_title = "Last month planned on";
      chart.y_title = "Share of the following months' weight seen (%)";
      chart.decimals = 1;
      report::Series planned{"Planned cameras", {}, "#c51b7d", {}}, busiest{"Busiest places", {}, "#777777", {}},
          hindsight{"Hindsight (best possible)", {}, "#1f4e9c", {}};
      for (const auto& fold : c.folds) {
        chart.labels.push_back(format_month(fold.origin.train_last));
        planned.values.push_back(100 * fold.planned_test_share);
        busiest.values.push_back(100 * fold.busiest_test_share);
        hindsight.values.push_back(100 * fold.hindsight_test_share);
      }
      chart.series = {planned, busiest, hindsight};
      chart.caption = "For each month, cameras were planned on the months up to it and scored on the " +
                      std::to_string(options.holdout_months) +
                      " months after it, against cameras on the busiest places and cameras planned knowing the future.";
      r.charts.push_back(chart);
      chart_ids.push_back("camera_backtest");
    }
    r.sections.push_back({"Where cameras would help", {result.cctv_summary}, chart_ids, {table}});
  }
  if (result.map_backtest) {
    const auto& m = *result.map_backtest;
    Chart chart;
    chart.id = "map_backtest";
    chart.title = "Which map predicts next month best (PAI)";
    chart.kind = ChartKind::bar;
    chart.x_title = "Method";
    chart.y_title = "Predictive accuracy index (mean)";
    chart.decimals = 2;
    for (const auto& method : m.methods) chart.labels.push_back(method.label);
    const char* colours[] = {"#bd0026", "#fd8d3c", "#fed976"};
    for (std::size_t s = 0; s < m.area_shares.size(); ++s) {
      report::Series series{"top " + format("%g", 100 * m.area_shares[s]) + "% of the area", {}, colours[std::min<std::size_t>(s, 2)], {}};
      for (std::size_t method = 0; method < m.methods.size(); ++method) series.values.push_back(m.summary_of(method, s).pai);
      chart.series.push_back(series);
    }
    chart.caption = "PAI = share of next month's incidents in the top cells ÷ share of the area they cover; "
                    "1 is no better than chance. Each method was fitted on earlier months only.";
    r.charts.push_back(chart);
    report::Table table{"Backtest of the maps (means over " + std::to_string(m.folds.size()) + " months)",
                        {"Method"}, {}};
    for (double share : m.area_shares) {
      table.header.push_back("hit rate " + format("%g", 100 * share) + "%");
      table.header.push_back("PAI " + format("%g", 100 * share) + "%");
    }
    for (std::size_t method = 0; method < m.methods.size(); ++method) {
      std::vector<std::string> row{m.methods[method].label};
      for (std::size_t s = 0; s < m.area_shares.size(); ++s) {
        row.push_back(percent(m.summary_of(method, s).hit_rate));
        row.push_back(format("%.2f", m.summary_of(method, s).pai));
      }
      table.rows.push_back(row);
    }
    r.sections.push_back({"How well the maps predict",
                          {"Every method was fitted on the months up to a starting month and scored on the month after "
                           "it, for every starting month the data allow (backtest.csv has each one)."},
                          {"map_backtest"},
                          {table}});
  }
  if (result.patrol_backtest) {
    const auto& b = *result.patrol_backtest;
    Chart chart;
    chart.id = "patrol_backtest";
    chart.title = "Patrol places chosen each month: share of next month's harm";
    chart.kind = ChartKind::line;
    chart.x_title = "Month chosen";
    chart.y_title = "Next month's harm in the places (%)";
    chart.decimals = 1;
    report::Series chosen{"Patrol places", {}, "#1b7837", {}}, baseline{"Last month's busiest cells", {}, "#777777", {}};
    for (const auto& month : b.months) {
      chart.labels.push_back(format_month(month.month));
      chosen.values.push_back(100 * month.share);
      baseline.values.push_back(100 * month.baseline_share);
    }
    chart.series = {chosen, baseline};
    chart.caption = "The same number of places each month; the patrol selection weighs stability over many months.";
    r.charts.push_back(chart);
    r.sections.push_back({"Patrols", {result.patrol_summary}, {"patrol_backtest"}, {}});
  }
  if (options.publish.enabled) r.sections.push_back(publishing_section(options.publish, result));
  report::Table stages{"How the plan was made", {"Stage", "Result"}, {}};
  for (const auto& s : result.stages) stages.rows.push_back({s.name, s.summary});
  r.sections.push_back({"Method", {}, {}, {stages}});

  r.footnotes = {"Incident data: data.police.uk (Open Government Licence v3.0) or the partnership's own records, as "
                 "read by hotspot (" + std::to_string(p.rows_read) + " rows read, " + std::to_string(p.rows_used) +
                 " used).",
                 "Harm weights: " + p.harm_table + ".",
                 "Working CRS: " + p.crs.name + "; the map is drawn in WGS84."};
  r.tile_url = options.tile_url;
  r.tile_attribution = options.tile_attribution;
  return r;
}

}  // namespace hotspot::plan
