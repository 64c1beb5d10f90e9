#include "hotspot/plan/plan_report.hpp"

#include "hotspot/core/numbers.hpp"
#include "hotspot/evaluation/intervention_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>

#include "hotspot/core/error.hpp"
#include "hotspot/report/data_caveats.hpp"
#include "hotspot/report/palette.hpp"
#include "hotspot/report/readable_text.hpp"
#include "hotspot/report/record_table.hpp"

#include "geo/geos_support.hpp"

namespace hotspot::plan {
namespace {

using report::Chart;
using report::ChartKind;
using report::MapLayer;

std::string percent(double share) { return report::percent_text(share); }
std::string count(double n) { return report::count_text(n); }
std::string colour(std::size_t i) { return std::string(report::palette::kCategories[i]); }

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
  Chart chart{.id = "monthly", .title = "Incidents by month and crime type", .kind = ChartKind::stacked_bar,
              .x_title = "Month", .y_title = "Incidents"};
  for (const auto& [month, counts] : by_month) chart.labels.push_back(report::short_month_name(format_month(month)));
  const std::size_t series_count = std::min<std::size_t>(5, ranked.size());
  for (std::size_t k = 0; k < series_count; ++k) {
    report::Series series;
    const bool rest = k == 4 && ranked.size() > 5;
    series.colour = rest ? std::string(report::palette::kOther) : colour(k);
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
  chart.caption = ranked.size() > 5 ? "The four most common crime types, and the rest together, month by month."
                                     : "Every crime type, month by month.";
  chart.alt = "Stacked bar chart of incidents in each month, one colour per crime type. The table below it holds "
              "the same numbers.";
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
  Chart chart{.id = "concentration", .title = "How concentrated incidents are", .kind = ChartKind::scatter_line,
              .x_title = "Busiest locations (% of all locations)", .y_title = "Incidents there (% of all)",
              .decimals = 1};
  report::Series curve{"Incidents", {0.0}, colour(0), {0.0}};
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
  chart.series.push_back({"Even spread", {0.0, 100.0}, std::string(report::palette::kOther), {0.0, 100.0}});
  chart.caption = "Locations sorted busiest first: the further the curve lies above the even-spread line, the more "
                  "incidents sit on a few places.";
  // The curve's reading at the busiest 5% and 20%, in words.
  const auto share_at = [&](double location_percent) {
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
      if (curve.x[i] + 1e-9 >= location_percent) return curve.values[i] / 100.0;
    }
    return std::nan("");
  };
  chart.alt = "Line chart: the share of all incidents at the busiest locations. The busiest 10% of locations hold " +
              report::percent_text(share_at(10)) + " of incidents, the busiest 20% hold " +
              report::percent_text(share_at(20)) + ".";
  return chart;
}

Chart camera_chart(const VectorLayer& cameras) {
  const report::FieldReader share(cameras, "share_cumulative");
  std::vector<std::size_t> ranks(cameras.features.size());
  std::iota(ranks.begin(), ranks.end(), std::size_t{1});
  Chart chart = report::record_chart<std::size_t>(
      {.id = "camera_coverage",
       .title = "Cumulative coverage of the recommended cameras",
       .kind = ChartKind::line,
       .x_title = "Cameras, best first",
       .y_title = "Share of the weight seen (%)",
       .caption = "Each added camera sees less new harm than the one before it.",
       .decimals = 1},
      ranks, [](std::size_t rank) { return std::to_string(rank); },
      {{"Recommended cameras", colour(0),
        [&](std::size_t rank) { return 100.0 * share.number(cameras.features[rank - 1]); }}});
  if (!cameras.features.empty()) {
    chart.alt = "Line chart: the share of all weight the cameras see together, rising from " +
                percent(share.number(cameras.features.front())) + " with the first camera to " +
                percent(share.number(cameras.features.back())) + " with all " + std::to_string(cameras.features.size()) + ".";
  }
  return chart;
}

namespace {

/// "north-east" for a heading in degrees clockwise from grid north.
std::string compass(double degrees) {
  const char* names[] = {"north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"};
  const double d = std::fmod(std::fmod(degrees, 360.0) + 360.0, 360.0);
  return names[static_cast<std::size_t>(std::lround(d / 45.0)) % 8];
}

/// "Violence and sexual offences 63; Drugs 46" → "violence and sexual offences (63), drugs (46)".
std::string types_text(const std::string& top_types) {
  std::string out;
  std::size_t start = 0;
  while (start < top_types.size()) {
    std::size_t end = top_types.find("; ", start);
    if (end == std::string::npos) end = top_types.size();
    std::string part = top_types.substr(start, end - start);
    const std::size_t space = part.find_last_of(' ');
    std::string name = space == std::string::npos ? part : part.substr(0, space);
    if (!name.empty() && name.back() == ':') name.pop_back();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    out += (out.empty() ? "" : ", ") + name + (space == std::string::npos ? "" : " (" + part.substr(space + 1) + ")");
    start = end + 2;
  }
  return out;
}

/// Why a candidate site was offered to the planner, from its `site` label (cctv's candidates).
std::string site_kind(const std::string& site) {
  if (site == "lattice") return "a point on the grid of candidate sites";
  if (site.rfind("hotspots", 0) == 0) return "the centre of a hot spot";
  if (site.rfind("roads", 0) == 0) return "a point along a road";
  if (site.rfind("points", 0) == 0) return "one of the candidate sites you gave";
  return "a candidate site";
}

/// The nearest named place within 150 m of a camera, with its distance; empty when none.
class NearestPlace {
 public:
  explicit NearestPlace(const VectorLayer* places) {
    if (places == nullptr || !report::FieldReader::exists(*places, "name")) return;
    const report::FieldReader name(*places, "name");
    for (const auto& f : places->features) {
      std::string text = name.text(f);
      auto g = detail::geom_from_wkb(context_.get(), f.wkb);
      if (text.empty() || !g) continue;
      names_.push_back(std::move(text));
      geometries_.push_back(std::move(g));
    }
  }

  [[nodiscard]] bool available() const { return !names_.empty(); }

  [[nodiscard]] std::string near(double x, double y) const {
    GEOSContextHandle_t h = context_.get();
    const detail::GeomPtr point = detail::own(h, GEOSGeom_createPointFromXY_r(h, x, y));
    double best = 150.0;
    std::size_t found = names_.size();
    for (std::size_t i = 0; i < names_.size(); ++i) {
      double d = 0;
      // Ties go to the first place in the layer's order: the same answer every run.
      if (GEOSDistance_r(h, point.get(), geometries_[i].get(), &d) == 1 && d < best) {
        best = d;
        found = i;
      }
    }
    if (found == names_.size()) return "";
    return names_[found] + " (" + report::count_text(best) + " m)";
  }

 private:
  detail::GeosContext context_;
  std::vector<std::string> names_;
  std::vector<detail::GeomPtr> geometries_;
};

}  // namespace

report::Table camera_table(const VectorLayer& cameras, const VectorLayer* places, const std::string& weighed) {
  const auto has = [&](const char* field) { return report::FieldReader::exists(cameras, field); };
  const auto reader = [&](const char* field) { return std::make_shared<report::FieldReader>(cameras, field); };
  using Feature = VectorFeature;
  std::vector<report::Column<Feature>> columns;
  const auto rank = reader("rank");
  const auto number_of = [](const std::shared_ptr<report::FieldReader>& r) {
    return [r](const Feature& f) { return r->number(f); };
  };
  columns.push_back({"Rank", [rank](const Feature& f) { return count(rank->number(f)); }, number_of(rank)});
  if (has("nearest_location")) {
    const auto location = reader("nearest_location");
    columns.push_back({"Nearest police.uk location", [location](const Feature& f) { return location->text(f); }});
  }
  const bool british_grid = cameras.crs == "EPSG:27700" && has("easting") && has("northing");
  if (places != nullptr && british_grid) {
    auto nearest = std::make_shared<NearestPlace>(places);
    if (nearest->available()) {
      const auto e = reader("easting"), n = reader("northing");
      columns.push_back({"Nearest named place", [nearest, e, n](const Feature& f) {
                           const std::string text = nearest->near(e->number(f), n->number(f));
                           return text.empty() ? std::string("none within 150 m") : text;
                         }});
    }
  }
  if (british_grid) {
    const auto e = reader("easting"), n = reader("northing");
    columns.push_back({"Grid reference", [e, n](const Feature& f) { return report::os_grid_reference(e->number(f), n->number(f)); }});
  }
  // What it would see: incidents in view, their main types, how far and which way it looks.
  if (has("incidents_in_view")) {
    const auto seen = reader("incidents_in_view");
    const auto types = has("top_types") ? reader("top_types") : nullptr;
    const auto range = has("range_m") ? reader("range_m") : nullptr;
    const auto fov = has("fov_deg") ? reader("fov_deg") : nullptr;
    const auto heading = has("heading_deg") ? reader("heading_deg") : nullptr;
    columns.push_back({"What it would see",
                       [=](const Feature& f) {
                         std::string text = count(seen->number(f)) + " incidents in view";
                         if (types && !types->text(f).empty()) text += ", mostly " + types_text(types->text(f));
                         if (range && std::isfinite(range->number(f))) {
                           const bool all_round = !fov || !(fov->number(f) < 360.0);
                           text += "; up to " + count(range->number(f)) + " m " +
                                   (all_round || !heading || !std::isfinite(heading->number(f))
                                        ? std::string("all round")
                                        : "facing " + compass(heading->number(f)) + " (" + count(fov->number(f)) + "\u00b0 view)");
                         }
                         return text;
                       },
                       number_of(seen)});
  }
  if (has("share_new")) {
    const auto share_new = reader("share_new");
    columns.push_back({"Share added", [share_new](const Feature& f) { return percent(share_new->number(f)); },
                       number_of(share_new)});
  }
  if (has("share_cumulative")) {
    const auto cumulative = reader("share_cumulative");
    columns.push_back({"With the cameras above", [cumulative](const Feature& f) { return percent(cumulative->number(f)); },
                       number_of(cumulative)});
  }
  // Why here: what the planner saw in the site.
  {
    const auto site = has("site") ? reader("site") : nullptr;
    columns.push_back({"Why here", [=](const Feature& f) {
                         const double r = rank->number(f);
                         std::string text = r == 1   ? "Sees the most " + weighed + " of any site"
                                            : r == 2 ? "Adds the most " + weighed + " that camera 1 does not see"
                                                     : "Adds the most " + weighed + " that cameras 1 to " + count(r - 1) +
                                                           " do not see";
                         if (site) text += "; " + site_kind(site->text(f));
                         return text + ".";
                       }});
  }
  return report::record_table<Feature>("Recommended camera sites, best first", cameras.features, columns);
}

report::Table patrol_table(const VectorLayer& areas, double harm_total) {
  const auto has = [&](const char* field) { return report::FieldReader::exists(areas, field); };
  const auto reader = [&](const char* field) { return std::make_shared<report::FieldReader>(areas, field); };
  using Feature = VectorFeature;
  const auto number_of = [](const std::shared_ptr<report::FieldReader>& r) {
    return [r](const Feature& f) { return r->number(f); };
  };
  const auto count_column = [&](const char* header, const char* field) {
    const auto r = reader(field);
    return report::Column<Feature>{header, [r](const Feature& f) { return count(r->number(f)); }, number_of(r)};
  };
  std::vector<report::Column<Feature>> columns{count_column("Priority rank", "rank")};
  if (has("location")) {
    const auto location = reader("location");
    columns.push_back({"Place", [location](const Feature& f) { return location->text(f); }});
  }
  if (has("unit")) columns.push_back(count_column("Unit", "unit"));
  if (has("stop")) columns.push_back(count_column("Stop on its route", "stop"));
  if (has("visits_per_week")) columns.push_back(count_column("Visits a week", "visits_per_week"));
  if (has("minutes_per_visit")) columns.push_back(count_column("Minutes a visit", "minutes_per_visit"));
  if (has("incidents")) columns.push_back(count_column("Incidents", "incidents"));
  if (has("harm") && std::isfinite(harm_total) && harm_total > 0) {
    const auto harm = reader("harm");
    columns.push_back({"Share of all harm", [harm, harm_total](const Feature& f) { return percent(harm->number(f) / harm_total); },
                       number_of(harm)});
  }
  if (has("busiest_month")) {
    const auto month = reader("busiest_month");
    columns.push_back({"Busiest month", [month](const Feature& f) { return month->text(f); }});
  }
  // police.uk has no times: its peak_times only says so, on every row.
  if (has("peak_times")) {
    const auto peak = reader("peak_times");
    const bool any_known = std::any_of(areas.features.begin(), areas.features.end(),
                                       [&](const Feature& f) { return peak->text(f).rfind("unknown", 0) != 0; });
    if (any_known) columns.push_back({"Peak times", [peak](const Feature& f) { return peak->text(f); }});
  }
  return report::record_table<Feature>("Patrol places, best first", areas.features, columns);
}

namespace {

// ---------------------------------------------------------------------------------------
// Key findings: each sentence from a number the plan computed.

std::string what_is_weighed(const PlanOptions& options) {
  switch (step::resolve_input(options.input).weight) {
    case WeightMode::harm: return "harm-weighted incidents";
    case WeightMode::field: return "weighted incidents";
    case WeightMode::count: break;
  }
  return "incidents";
}

std::vector<std::string> key_findings(const PlanOptions& options, const PlanResult& result, const PlanLayers& layers) {
  std::vector<std::string> lines;
  const Profile& p = result.profile;
  const std::string weight = what_is_weighed(options);
  for (const auto& c : p.concentration) {
    if (std::abs(c.location_share - 0.05) < 1e-9) {
      lines.push_back("The busiest 5% of places (" + count(static_cast<double>(c.locations)) + " of " +
                      count(static_cast<double>(p.distinct_locations)) + ") had " + percent(c.incident_share) +
                      " of all incidents.");
    }
  }
  const double camera_share = layers.cameras == nullptr || layers.cameras->features.empty()
                                  ? std::nan("")
                                  : report::FieldReader(*layers.cameras, "share_cumulative").number(layers.cameras->features.back());
  if (std::isfinite(camera_share)) {  // publish mode nulls it below k
    lines.push_back("These " + std::to_string(layers.cameras->features.size()) + " camera sites would have seen " +
                    percent(camera_share) + " of " + weight + " over the whole period.");
  }
  if (result.camera_backtest) {
    const auto& c = *result.camera_backtest;
    lines.push_back("Planned on earlier months only, " + std::to_string(c.cameras) + " cameras would have covered " +
                    percent(c.planned_mean) + " of " + weight + " in the following " +
                    std::to_string(options.holdout_months) + " months (average over " + std::to_string(c.folds.size()) +
                    " starting months); cameras on the busiest places covered " + percent(c.busiest_mean) + ".");
  }
  if (result.patrol_places > 0) {
    lines.push_back(count(static_cast<double>(result.patrol_places)) + " patrol places shared among " +
                    std::to_string(result.patrol_units) + (result.patrol_units == 1 ? " unit" : " units") + ".");
  }
  if (result.patrol_backtest) {
    lines.push_back("Chosen the same way each month, the patrol places held " + percent(result.patrol_backtest->mean_share) +
                    " of the next month's " + weight + ", against " + percent(result.patrol_backtest->mean_baseline_share) +
                    " for last month's busiest cells.");
  }
  if (result.gistar_cells > 0) {
    // Publish mode: the cells the map shows, those of k incidents or more.
    std::size_t hot = result.gistar_hot, cold = result.gistar_cold;
    std::string which = " grid cells are hot spots and ";
    if (options.publish.enabled && layers.gistar != nullptr) {
      hot = cold = 0;
      const report::FieldReader bin(*layers.gistar, "gi_bin");
      for (const auto& f : layers.gistar->features) {
        hot += bin.number(f) > 0 ? 1 : 0;
        cold += bin.number(f) < 0 ? 1 : 0;
      }
      which = " of the grid cells published (" + std::to_string(options.publish.min_count) +
              " incidents or more) are hot spots and ";
    }
    lines.push_back(count(static_cast<double>(hot)) + which + count(static_cast<double>(cold)) +
                    " cold spots that chance does not explain (Getis-Ord Gi*, 90% confidence or more, "
                    "corrected for testing many cells).");
  }
  return lines;
}

/// The caveats for this plan's incidents, with harm weights quoted from the data: the two
/// heaviest types present, the most frequent, and ASB.
std::vector<std::string> plan_caveats(const PlanOptions& options, const Profile& p, const Incidents& incidents) {
  report::DataFacts facts = report::facts_of(incidents);
  facts.harm_weighted = step::resolve_input(options.input).weight == WeightMode::harm;
  facts.bundled_harm_table = options.input.prepare.harm_weights_path.empty();
  std::vector<std::pair<std::string, double>> weights;
  for (const auto& t : p.by_type) {
    if (t.incidents > 0 && t.harm > 0) weights.emplace_back(t.key, t.harm / static_cast<double>(t.incidents));
  }
  std::vector<std::pair<std::string, double>> examples;
  const auto pick = [&](const std::pair<std::string, double>& w) {
    if (std::none_of(examples.begin(), examples.end(), [&](const auto& e) { return e.first == w.first; })) examples.push_back(w);
  };
  // The heaviest type, the type with the most harm in all, the most frequent type, and ASB.
  std::vector<std::pair<std::string, double>> heaviest = weights;
  std::stable_sort(heaviest.begin(), heaviest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (!heaviest.empty()) pick(heaviest.front());
  const auto most_harm = std::max_element(p.by_type.begin(), p.by_type.end(),
                                          [](const GroupCount& a, const GroupCount& b) { return a.harm < b.harm; });
  for (const auto& w : weights) {
    if (most_harm != p.by_type.end() && w.first == most_harm->key) pick(w);
  }
  if (!weights.empty()) pick(weights.front());  // by_type is most incidents first
  for (const auto& w : weights) {
    if (normalise_type_name(w.first) == "anti-social behaviour") pick(w);
  }
  std::stable_sort(examples.begin(), examples.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  facts.harm_examples = examples;
  return report::data_caveats(facts);
}

// ---------------------------------------------------------------------------------------
// The map, bottom to top.

/// Adds map layers, each declared once by its name, source and style. Layers of the caller
/// are referenced; subsets made here are copied in as GeoJSON text, as they do not outlive
/// plan_report.
class MapLayers {
 public:
  MapLayers(std::vector<MapLayer>& out, const std::map<const VectorLayer*, std::string>& written)
      : out_(out), written_(written) {}

  template <typename Style>
  void add(const std::string& name, const VectorLayer* layer, Style&& style, bool local = false) {
    if (layer == nullptr) return;
    MapLayer m;
    m.name = name;
    if (local) {
      m.geojson = geojson_text(*layer);
    } else {
      m.layer = layer;
      if (const auto it = written_.find(layer); it != written_.end()) m.geojson = it->second;
    }
    style(m);
    // Publish mode drops fields (camera reasons, peak times): no popup row for them.
    std::erase_if(m.popup_fields, [&](const report::PopupField& f) { return !report::FieldReader::exists(*layer, f.field); });
    out_.push_back(std::move(m));
  }

 private:
  std::vector<MapLayer>& out_;
  const std::map<const VectorLayer*, std::string>& written_;
};

// Cameras and patrols in Okabe-Ito blue and bluish green: apart from each other and from the
// yellow-to-red hot spots for every common kind of colour blindness.
constexpr const char* kCameraColour = "#0072b2";
constexpr const char* kPatrolColour = "#009e73";
constexpr const char* kPatrolDark = "#00664a";

void add_map_layers(const PlanOptions& options, const PlanLayers& layers, std::vector<MapLayer>& out) {
  for (const MapLayer& basemap : layers.basemap) out.push_back(basemap);
  MapLayers map(out, layers.written_geojson);
  for (const VectorLayer* c : layers.context) {
    map.add(c->name == "roads" ? "Roads" : "Context: " + c->name, c, [](MapLayer& m) {
      m.description = "for orientation";
      m.style.stroke = "#8c8c8c";
      m.style.stroke_width = 1;
      m.style.fill_opacity = 0;
      m.title_field = "name";
    });
  }
  map.add("Study area", layers.study_area, [](MapLayer& m) {
    m.description = "the area analysed";
    m.style.stroke = "#444444";
    m.style.stroke_width = 2;
    m.style.fill = "#ffffff";
    m.style.fill_opacity = 0;
    m.fit_bounds = true;
  });
  map.add("Hotspots (density)", layers.hotspots, [&](MapLayer& m) {
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
  map.add("Hot and cold spots (Gi*)", layers.gistar ? &gistar_significant : nullptr, [](MapLayer& m) {
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
  map.add("Emerging hot spots", layers.emerging ? &emerging_patterned : nullptr, [](MapLayer& m) {
    m.description = "cells with a space-time pattern (new, intensifying, persistent, ...)";
    m.style.stroke = "#6a3d9a";
    m.style.fill = "#cab2d6";
    m.style.fill_opacity = 0.5;
    m.title_field = "pattern";
    m.popup_fields = {{"incidents", "Incidents", 0}, {"hot_steps", "Months hot"}, {"trend_tau", "Trend (Kendall τ)", 2}};
    m.visible = false;
  }, true);
  map.add("Camera coverage", layers.coverage, [](MapLayer& m) {
    m.description = "what each camera sees";
    m.style.stroke = kCameraColour;
    m.style.fill = kCameraColour;
    m.style.fill_opacity = 0.2;
    m.title_field = "kind";
    m.popup_fields = {{"rank", "Camera"}, {"incidents_in_view", "Incidents in view"}, {"area_m2", "Area (m²)", 0}};
  });
  map.add("Patrol places", layers.patrol_areas, [&](MapLayer& m) {
    m.description = "micro-places to patrol";
    m.style.fill_opacity = 0.5;
    m.style.stroke = kPatrolDark;
    m.style.fill = kPatrolColour;
    m.title_field = "location";
    m.popup_fields = {{"rank", "Rank"}, {"incidents", "Incidents"}, {"visits_per_week", "Visits a week"},
                      {"minutes_per_visit", "Minutes a visit", 0}, {"peak_times", "Peak times"}, {"unit", "Unit"},
                      {"stop", "Stop on the route"}};
  });
  map.add("Patrol routes", layers.patrol_routes, [](MapLayer& m) {
    m.description = "each unit's beat, in visit order";
    m.style.stroke = kPatrolDark;
    m.style.stroke_width = 2;
    m.style.dash = "6 4";
    m.popup_fields = {{"unit", "Unit"}, {"stops", "Stops"}, {"length_m", "Lap (m)", 0}, {"lap_minutes", "Lap (minutes)", 0}};
    m.visible = false;
  });
  map.add("Recommended cameras", layers.cameras, [](MapLayer& m) {
    m.description = "ranked sites for new cameras";
    m.style.marker = report::MarkerKind::square;
    m.style.stroke = "#000000";
    m.style.fill = kCameraColour;
    m.style.fill_opacity = 1;
    m.style.point_radius = 7;
    m.title_field = "nearest_location";
    // The planner's own "reason" is log text: the popup shows the numbers, the table the why.
    m.popup_fields = {{"rank", "Rank"}, {"incidents_in_view", "Incidents in view"},
                      {"share_new", "Share added", -1, true}, {"share_cumulative", "Share with higher ranks", -1, true},
                      {"top_types", "Main crime types"}};
  });
}

// ---------------------------------------------------------------------------------------
// Charts and tables, each column or series declared once.

Chart camera_backtest_chart(const evaluation::CameraBacktestResult& c, int holdout_months) {
  using Fold = evaluation::CameraBacktestFold;
  Chart chart = report::record_chart<Fold>(
      {.id = "camera_backtest",
       .title = "Cameras planned on earlier months, scored on the following months",
       .kind = ChartKind::line,
       .x_title = "Last month planned on",
       .y_title = "Share of the following months' weight seen (%)",
       .caption = "For each month, cameras were planned on the months up to it and scored on the " +
                  std::to_string(holdout_months) +
                  " months after it, against cameras on the busiest places and cameras planned knowing the future.",
       .decimals = 1},
      c.folds, [](const Fold& fold) { return report::short_month_name(format_month(fold.origin.train_last)); },
      {{"Planned cameras", kCameraColour, [](const Fold& f) { return 100 * f.planned_test_share; }},
       {"Busiest places", std::string(report::palette::kOther), [](const Fold& f) { return 100 * f.busiest_test_share; }},
       {"Hindsight (best possible)", colour(1), [](const Fold& f) { return 100 * f.hindsight_test_share; }}});
  chart.alt = "Line chart, one point per starting month: the planned cameras saw " + percent(c.planned_mean) +
              " of the following months' weight on average, cameras on the busiest places " + percent(c.busiest_mean) +
              ", and cameras planned knowing the future " + percent(c.hindsight_mean) + ".";
  return chart;
}

Chart map_backtest_chart(const evaluation::BacktestResult& m) {
  std::vector<std::size_t> methods(m.methods.size());
  std::iota(methods.begin(), methods.end(), std::size_t{0});
  // Oranges, darkest for the smallest area: one hue, told apart by lightness.
  const char* colours[] = {"#7f2704", "#d94801", "#fd8d3c"};
  std::vector<report::Measure<std::size_t>> measures;
  for (std::size_t s = 0; s < m.area_shares.size(); ++s) {
    measures.push_back({"top " + format("%g", 100 * m.area_shares[s]) + "% of the area", colours[std::min<std::size_t>(s, 2)],
                        [&m, s](std::size_t method) { return m.summary_of(method, s).pai; }});
  }
  Chart chart = report::record_chart<std::size_t>(
      {.id = "map_backtest",
       .title = "Which map predicts next month best (PAI)",
       .kind = ChartKind::bar,
       .x_title = "Method",
       .y_title = "Predictive accuracy index (mean)",
       .caption = "PAI = share of next month's incidents in the top cells ÷ share of the area they cover; "
                  "1 is no better than chance. Each method was fitted on earlier months only.",
       .decimals = 2},
      methods, [&](std::size_t method) { return m.methods[method].label; }, measures);
  chart.alt = "Bar chart of the predictive accuracy index of each mapping method, one bar per share of the area; "
              "the table below holds the same numbers.";
  return chart;
}

report::Table map_backtest_table(const evaluation::BacktestResult& m) {
  std::vector<std::size_t> methods(m.methods.size());
  std::iota(methods.begin(), methods.end(), std::size_t{0});
  std::vector<report::Column<std::size_t>> columns{{"Method", [&](std::size_t method) { return m.methods[method].label; }}};
  for (std::size_t s = 0; s < m.area_shares.size(); ++s) {
    const std::string share = format("%g", 100 * m.area_shares[s]);
    columns.push_back({"Hit rate, top " + share + "%", [&m, s](std::size_t method) { return percent(m.summary_of(method, s).hit_rate); },
                       [&m, s](std::size_t method) { return m.summary_of(method, s).hit_rate; }});
    columns.push_back({"PAI, top " + share + "%", [&m, s](std::size_t method) { return format("%.1f", m.summary_of(method, s).pai); },
                       [&m, s](std::size_t method) { return m.summary_of(method, s).pai; }});
  }
  return report::record_table("Backtest of the maps (means over " + std::to_string(m.folds.size()) + " months)", methods, columns);
}

Chart patrol_backtest_chart(const patrol::BacktestResult& b, const std::string& weight) {
  using Month = patrol::BacktestMonth;
  Chart chart = report::record_chart<Month>(
      {.id = "patrol_backtest",
       .title = "Patrol places chosen each month: share of next month's " + weight,
       .kind = ChartKind::line,
       .x_title = "Month chosen",
       .y_title = "Next month's " + weight + " in the places (%)",
       .caption = "The same number of places each month; the patrol selection weighs stability over many months.",
       .decimals = 1},
      b.months, [](const Month& month) { return report::short_month_name(format_month(month.month)); },
      {{"Patrol places", kPatrolColour, [](const Month& month) { return 100 * month.share; }},
       {"Last month's busiest cells", std::string(report::palette::kOther), [](const Month& month) { return 100 * month.baseline_share; }}});
  chart.alt = "Line chart, one point per month: the patrol places held " + percent(b.mean_share) +
              " of the next month's " + weight + " on average, last month's busiest cells " + percent(b.mean_baseline_share) + ".";
  return chart;
}

/// The camera section's opening, in plain words (the planner's own log stays in cctv_summary.csv).
std::string camera_paragraph(const PlanOptions& options, const VectorLayer& cameras) {
  const CameraModel& model = options.cctv.cctv.camera;
  std::string text = "The planner ranked " + std::to_string(cameras.features.size()) +
                     " sites for new cameras, each seeing up to " + report::count_text(model.range_m) + " m " +
                     (model.all_round() ? std::string("all round") : "in a " + report::count_text(model.fov_deg) + "\u00b0 view") +
                     ". Each site is the one that adds the most " + what_is_weighed(options) +
                     " not already seen by the sites above it, so the order matters: the first cameras do most of the work.";
  if (report::FieldReader::exists(cameras, "share_cumulative") && report::FieldReader::exists(cameras, "incidents_cumulative") &&
      !cameras.features.empty()) {
    const double share = report::FieldReader(cameras, "share_cumulative").number(cameras.features.back());
    const double seen = report::FieldReader(cameras, "incidents_cumulative").number(cameras.features.back());
    if (std::isfinite(share) && std::isfinite(seen)) {
      text += " Together they would have seen " + percent(share) + " of " + what_is_weighed(options) + " (" +
              count(seen) + " incidents).";
    }
  }
  return text;
}

}  // namespace

report::Report plan_report(const PlanOptions& options, const PlanResult& result, const PlanLayers& layers,
                           const Incidents& incidents) {
  report::Report r;
  const Profile& p = result.profile;
  r.title = result.title;
  // "12,711 incidents in Welwyn Hatfield, January to December 2018": the area by its name, never
  // the file or the filter that selected it.
  r.subtitle = count(static_cast<double>(p.incidents)) + " incidents";
  if (options.input.prepare.filter.within) r.subtitle += " in " + report::area_name(*options.input.prepare.filter.within);
  if (!p.by_month.empty()) r.subtitle += ", " + report::period_text(p.by_month.front().key, p.by_month.back().key);
  r.summary = key_findings(options, result, layers);
  r.caveats = plan_caveats(options, p, incidents);
  add_map_layers(options, layers, r.layers);

  const std::int64_t k = options.publish.enabled ? options.publish.min_count : 0;
  r.charts.push_back(monthly_chart(incidents, k));
  r.charts.push_back(concentration_chart(incidents));
  r.sections.push_back({"What happened",
                        {"Incidents after filtering, by month and type, and how concentrated they are on places."},
                        {"monthly", "concentration"},
                        {}});
  if (layers.cameras != nullptr && !layers.cameras->features.empty()) {
    r.charts.push_back(camera_chart(*layers.cameras));
    std::vector<std::string> chart_ids{"camera_coverage"};
    if (result.camera_backtest && !result.camera_backtest->folds.empty()) {
      r.charts.push_back(camera_backtest_chart(*result.camera_backtest, options.holdout_months));
      chart_ids.push_back("camera_backtest");
    }
    r.sections.push_back({"Where cameras would help",
                          {camera_paragraph(options, *layers.cameras)},
                          chart_ids,
                          {camera_table(*layers.cameras, layers.places, what_is_weighed(options))}});
  }
  if (result.map_backtest) {
    r.charts.push_back(map_backtest_chart(*result.map_backtest));
    r.sections.push_back({"How well the maps predict",
                          {"Every method was fitted on the months up to a starting month and scored on the month after "
                           "it, for every starting month the data allow (backtest.csv in the plan's folder has each one)."},
                          {"map_backtest"},
                          {map_backtest_table(*result.map_backtest)}});
  }
  if (result.patrol_backtest || layers.patrol_areas != nullptr) {
    report::Section patrols{"Patrols", {}, {}, {}};
    if (!result.patrol_summary.empty()) patrols.paragraphs.push_back(result.patrol_summary);
    if (result.patrol_backtest) {
      r.charts.push_back(patrol_backtest_chart(*result.patrol_backtest, what_is_weighed(options)));
      patrols.chart_ids.push_back("patrol_backtest");
    }
    if (layers.patrol_areas != nullptr && !layers.patrol_areas->features.empty()) {
      patrols.tables.push_back(patrol_table(*layers.patrol_areas, p.harm_total));
    }
    r.sections.push_back(std::move(patrols));
  }
  if (result.evaluation && !result.evaluation->interventions.empty()) {
    // The track record of the last placements, beside the plan for the next ones: the
    // evaluation `hotspot evaluate` makes from the same deployments log.
    evaluation::EvaluationReport e = evaluation::evaluation_report(*result.evaluation, "evaluation");
    report::Section intro{"Did the last camera placements work?", e.summary, {}, {}};
    r.sections.push_back(std::move(intro));
    for (auto& section : e.sections) r.sections.push_back(std::move(section));
    for (auto& chart : e.charts) r.charts.push_back(std::move(chart));
    for (auto& note : e.footnotes) r.footnotes.push_back(std::move(note));
    if (layers.evaluation_areas != nullptr) r.layers.push_back(evaluation::evaluation_map_layer(*layers.evaluation_areas));
  }
  if (options.publish.enabled) r.sections.push_back(publishing_section(options.publish, result));
  report::Table stages{"How the plan was made", {"Stage", "Result"}, {}};
  // The stages before this report (the write stage makes it).
  for (const auto& s : result.stages) {
    if (s.name != "write") stages.rows.push_back({s.name, s.summary});
  }
  r.sections.push_back({"Method", {}, {}, {stages}});

  std::vector<std::string> evaluation_notes = std::move(r.footnotes);
  r.footnotes = {"Incident data: data.police.uk (Open Government Licence v3.0) or the partnership's own records: " +
                     count(static_cast<double>(p.rows_read)) + " rows read, " + count(static_cast<double>(p.rows_used)) +
                     " used.",
                 std::string("Harm weights: ") +
                     (options.input.prepare.harm_weights_path.empty()
                          ? "the Cambridge Crime Harm Index table bundled with hotspot."
                          : "the partnership's own table."),
                 "Working CRS: " + p.crs.name + "; the map is drawn in WGS84."};
  r.footnotes.insert(r.footnotes.end(), evaluation_notes.begin(), evaluation_notes.end());
  r.tile_url = options.tile_url;
  r.tile_attribution = options.tile_attribution;
  return r;
}

}  // namespace hotspot::plan
