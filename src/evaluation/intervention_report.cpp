#include "hotspot/evaluation/intervention_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include <geos_c.h>

#include "geo/geos_support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/core/safe_text.hpp"

namespace hotspot::evaluation {
namespace {

constexpr const char* kStage = "evaluation.intervention";

std::string number(double v, const char* pattern = "%.10g") {
  if (!std::isfinite(v)) return "";
  return format(pattern, v);
}

std::string optional_number(const std::optional<double>& v) { return v ? number(*v) : ""; }

std::string count_text(double n) { return number(n, "%.0f"); }

// A share as a whole percentage without its sign: 0.384 → "38%".
std::string percent(double share) { return number(std::fabs(100 * share), "%.0f") + "%"; }

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::fell: return "fell";
    case Verdict::rose: return "rose";
    case Verdict::no_clear_change: return "no clear change";
    case Verdict::too_few: return "too few incidents to tell";
    case Verdict::too_uncertain: return "too uncertain to tell";
  }
  return "";
}

std::string months_text(MonthIndex first, MonthIndex last) {
  return first == last ? format_month(first) : format_month(first) + " to " + format_month(last);
}

bool is_camera(const Intervention& iv) {
  std::string k = iv.kind;
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return k == "camera" || k == "cctv" || k == "redeployable camera";
}

// "Anti-social behaviour", "Incidents", "Crime (not counting ASB)", a crime type.
std::string subject(const std::string& crime_type) {
  if (crime_type == "All incidents") return "Incidents";
  if (crime_type == "All crime (not ASB)") return "Crime (not counting ASB)";
  return crime_type;
}

// For the middle of a sentence: "incidents", "anti-social behaviour".
std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// "after the camera was installed in 2018-07", "while the camera was there (2018-04 to
// 2018-06)", "after the PSPO started in 2018-07".
std::string when(const InterventionEvaluation& ev) {
  const Intervention& iv = ev.intervention;
  const std::string what = is_camera(iv) ? "the camera" : "the " + iv.kind;
  if (iv.end) {
    return "while " + what + " was there (" + months_text(ev.periods.after_first, ev.periods.after_last) + ")";
  }
  return is_camera(iv) ? "after the camera was installed in " + format_intervention_date(iv.start)
                       : "after " + what + " started in " + format_intervention_date(iv.start);
}

// "fell 38% (from 50 to 31)", "rose 12% (from 25 to 28)", "stayed at 12", "went from none to 4".
std::string movement(const BeforeAfter& c) {
  const std::string from_to = "(from " + count_text(c.before) + " to " + count_text(c.after) + ")";
  if (c.before == 0) return c.after == 0 ? "had none in either period" : "went from none to " + count_text(c.after);
  if (c.after == c.before) return "stayed at " + count_text(c.before);
  const double change = (c.after - c.before) / c.before;
  if (std::fabs(change) < 0.005) return "stayed about the same " + from_to;
  return (change < 0 ? "fell " : "rose ") + percent(change) + " " + from_to;
}

// The same for the control, without the counts: "fell 5%", "rose 3%", "stayed the same".
std::string control_movement(const BeforeAfter& c) {
  if (c.before == 0) return c.after == 0 ? "had none" : "went from none to " + count_text(c.after);
  const double change = (c.after - c.before) / c.before;
  if (std::fabs(change) < 0.005) return "stayed about the same";
  return (change < 0 ? "fell " : "rose ") + percent(change);
}

// A relative change and its interval in words: "35% fewer than the trend elsewhere predicts
// (95% interval: 57% fewer to 2% more)".
std::string relative_text(double change, double low, double high, double confidence) {
  auto one = [](double c) {
    if (std::fabs(c) < 0.005) return std::string("no different");
    return percent(c) + (c < 0 ? " fewer" : " more");
  };
  const std::string level = number(100 * confidence, "%.0f") + "% interval: ";
  return one(change) + " than the trend elsewhere predicts (" + level + one(low) + " to " + one(high) + ")";
}

std::string confidence_words(double confidence) { return number(100 * confidence, "%.0f") + "%"; }

// GEOS: a polygon or multipolygon as a multipolygon, for layers of one geometry type.
std::string multipolygon_wkb(GEOSContextHandle_t h, const std::string& wkb) {
  detail::GeomPtr g = detail::geom_from_wkb(h, wkb);
  if (!g) throw Error(ErrorCode::internal, kStage, "an evaluation area cannot be read back");
  if (GEOSGeomTypeId_r(h, g.get()) == GEOS_MULTIPOLYGON) return wkb;
  std::vector<GEOSGeometry*> parts;
  const int n = GEOSGetNumGeometries_r(h, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, g.get(), i);
    if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON && GEOSisEmpty_r(h, part) == 0) parts.push_back(GEOSGeom_clone_r(h, part));
  }
  const detail::GeomPtr multi = detail::own(
      h, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())));
  return detail::geom_to_wkb(h, multi.get());
}

const EvaluationRow* find_row(const InterventionEvaluation& ev, const std::string& crime_type) {
  for (const auto& r : ev.rows) {
    if (r.crime_type == crime_type) return &r;
  }
  return nullptr;
}

const char* const kPalette[] = {"#1f4e9c", "#d7301f", "#238b45", "#6a51a3", "#d94801", "#01665e", "#ae017e", "#525252"};

}  // namespace

std::string verdict_text(Verdict verdict) { return verdict_name(verdict); }

std::string evaluation_csv(const EvaluationResult& result) {
  std::string out =
      "intervention,kind,start,end,source,row,crime_type,before_first,before_last,after_first,after_last,months,"
      "treatment_before,treatment_after,treatment_change_pct,buffer_before,buffer_after,buffer_change_pct,"
      "control_before,control_after,control_change_pct,treatment_dispersion,buffer_dispersion,control_dispersion,"
      "odds_ratio,odds_ratio_low,odds_ratio_high,odds_ratio_p,relative_change_pct,relative_change_low_pct,"
      "relative_change_high_pct,continuity_corrected,buffer_odds_ratio,buffer_odds_ratio_low,buffer_odds_ratio_high,"
      "wdd,wdd_se,wdd_z,wdd_p,wdd_low,wdd_high,wdd_local,wdd_displacement,wdd_se_dispersed,wdd_z_dispersed,"
      "wdd_p_dispersed,wdq,wdq_reading,treatment_net_effect,buffer_net_effect,total_net_effect,"
      "local_variance,local_copies,smallest_detectable_reduction_pct,verdict,too_few_reason,treatment_snap_points,buffer_snap_points,"
      "treatment_area_m2,buffer_m,control\n";
  for (const auto& ev : result.interventions) {
    const Intervention& iv = ev.intervention;
    const EvaluationPeriods& p = ev.periods;
    for (const auto& r : ev.rows) {
      const auto& t = r.treatment.counts;
      const auto& b = r.buffer.counts;
      const auto& c = r.control.counts;
      std::vector<std::string> f = {
          csv_cell(iv.name), csv_cell(iv.kind), format_intervention_date(iv.start),
          iv.end ? format_intervention_date(*iv.end) : "", csv_cell(iv.source), iv.row ? std::to_string(iv.row) : "",
          csv_cell(r.crime_type), format_month(p.before_first), format_month(p.before_last),
          format_month(p.after_first), format_month(p.after_last), std::to_string(p.months), number(t.before),
          number(t.after), number(100 * r.treatment.change()), number(b.before), number(b.after),
          number(100 * r.buffer.change()), number(c.before), number(c.after), number(100 * r.control.change()),
          number(r.treatment_dispersion.value), number(r.buffer_dispersion.value), number(r.control_dispersion.value),
          number(r.odds_ratio.odds_ratio), number(r.odds_ratio.low), number(r.odds_ratio.high),
          number(r.odds_ratio.p_value), number(100 * r.odds_ratio.relative_change),
          number(100 * r.odds_ratio.relative_change_low), number(100 * r.odds_ratio.relative_change_high),
          r.odds_ratio.continuity_corrected ? "true" : "false", number(r.buffer_odds_ratio.odds_ratio),
          number(r.buffer_odds_ratio.low), number(r.buffer_odds_ratio.high), number(r.wdd.total),
          number(r.wdd.total_se), number(r.wdd.z), number(r.wdd.p_value), number(r.wdd.low), number(r.wdd.high),
          number(r.wdd.local), number(r.wdd.displacement), number(r.wdd_dispersed.total_se),
          number(r.wdd_dispersed.z), number(r.wdd_dispersed.p_value), optional_number(r.wdq.wdq),
          csv_cell(r.wdq.reading), optional_number(r.wdq.treatment_net_effect),
          optional_number(r.wdq.buffer_net_effect), optional_number(r.wdq.total_net_effect),
          number(r.local_variance), std::to_string(r.local_copies), number(100 * r.smallest_detectable_reduction),
          verdict_name(r.verdict), csv_cell(r.too_few_reason),
          std::to_string(ev.treatment_snap_points), std::to_string(ev.buffer_snap_points),
          number(ev.treatment_area_m2, "%.1f"), number(result.buffer_m), csv_cell(ev.control_description)};
      for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
      out += "\n";
    }
  }
  return out;
}

std::string evaluation_pooled_csv(const EvaluationResult& result) {
  std::string out =
      "crime_type,interventions,left_out,odds_ratio,odds_ratio_low,odds_ratio_high,p,relative_change_pct,"
      "relative_change_low_pct,relative_change_high_pct,tau2,q,q_df,q_p,i2_pct,fixed_odds_ratio\n";
  for (const auto& row : result.pooled) {
    const PooledEffect& p = row.pooled;
    out += csv_cell(row.crime_type) + "," + std::to_string(p.studies) + "," + std::to_string(row.left_out) + "," +
           number(p.estimate) + "," + number(p.low) + "," + number(p.high) + "," + number(p.p_value) + "," +
           number(100 * (1 / p.estimate - 1)) + "," + number(100 * (1 / p.high - 1)) + "," +
           number(100 * (1 / p.low - 1)) + "," + number(p.tau2) + "," + number(p.q) + "," + std::to_string(p.q_df) +
           "," + number(p.q_p_value) + "," + number(100 * p.i2) + "," + number(std::exp(p.fixed_log_estimate)) + "\n";
  }
  return out;
}

std::string row_finding(const EvaluationResult& result, const InterventionEvaluation& ev, const EvaluationRow& row) {
  const std::string& name = ev.intervention.name;
  const BeforeAfter& t = row.treatment.counts;
  const std::string months = std::to_string(ev.periods.months) + (ev.periods.months == 1 ? " month" : " months");
  if (row.too_few) {
    return subject(row.crime_type) + " in " + name + ": " + verdict_name(row.verdict) + " (" + count_text(t.before) + " in the " + months +
           " before, " + count_text(t.after) + " in the " + months + " after; " + row.too_few_reason + ").";
  }
  std::string s = subject(row.crime_type) + " in " + name + " " + movement(t) + " " + when(ev) + "; in " +
                  result.control_name + " " + (row.crime_type == "All incidents" ? "they " : "it ") +
                  control_movement(row.control.counts) + ". ";
  const OddsRatioResult& o = row.odds_ratio;
  s += std::string("The difference ") + (o.significant ? "is" : "is not") + " larger than chance would give: " +
       relative_text(o.relative_change, o.relative_change_low, o.relative_change_high, result.confidence) + ".";
  if (o.continuity_corrected) s += " (A count of none makes this rough.)";
  return s;
}

std::string buffer_finding(const EvaluationResult& result, const InterventionEvaluation& ev, const EvaluationRow& row) {
  if (!(result.buffer_m > 0)) return {};
  const BeforeAfter& b = row.buffer.counts;
  std::string s = "In the " + number(result.buffer_m, "%g") + " m around " + ev.intervention.name + ", " +
                  lower_first(subject(row.crime_type)) + " " + movement(b);
  if (b.before + b.after == 0) return s + ": nothing to tell.";
  const OddsRatioResult& o = row.buffer_odds_ratio;
  s += ", " + relative_text(o.relative_change, o.relative_change_low, o.relative_change_high, result.confidence) + ": ";
  if (o.significant && o.relative_change > 0) {
    s += "more than elsewhere, a sign that some may have moved round the corner (displacement).";
  } else if (o.significant && o.relative_change < 0) {
    s += "less than elsewhere, a sign that the benefit spread (diffusion of benefits).";
  } else {
    s += "no clear sign that they moved round the corner.";
  }
  return s;
}

std::string pooled_finding(const EvaluationResult& result, const PooledRow& row) {
  const PooledEffect& p = row.pooled;
  const double change = 1 / p.estimate - 1, low = 1 / p.high - 1, high = 1 / p.low - 1;
  const bool significant = p.low > 1 || p.high < 1;
  const std::string what = lower_first(subject(row.crime_type));
  std::string s = "Over the " + std::to_string(p.studies) + " interventions together, " + what + " were " +
                  relative_text(change, low, high, result.confidence) + ": " +
                  (significant ? "more than chance would give." : "not clearly more than chance would give.");
  if (p.i2 >= 0.5) {
    s += " They differ from one another a lot (I² " + number(100 * p.i2, "%.0f") +
         "%), so the average hides sites that did better and worse.";
  }
  return s;
}

std::vector<std::string> evaluation_findings(const EvaluationResult& result) {
  std::vector<std::string> out;
  for (const auto& ev : result.interventions) {
    if (ev.rows.empty()) continue;
    out.push_back(row_finding(result, ev, ev.rows[0]));
    if (const EvaluationRow* asb = find_row(ev, result.asb_type); asb != nullptr) out.push_back(row_finding(result, ev, *asb));
    if (const std::string b = buffer_finding(result, ev, ev.rows[0]); !b.empty()) out.push_back(b);
  }
  for (const auto& p : result.pooled) {
    if (p.crime_type == "All incidents") out.push_back(pooled_finding(result, p));
  }
  if (!out.empty()) {
    out.push_back("police.uk puts each incident at a nearby snap point and gives the month only, so counts in small "
                  "areas and around mid-month starts are approximate.");
  }
  return out;
}

VectorLayer evaluation_areas_layer(const EvaluationResult& result, const std::string& crime_type,
                                   const std::string& layer_name) {
  VectorLayer layer{.name = layer_name, .geometry = GeometryKind::multipolygon, .crs = result.crs};
  layer.fields = {{"intervention", FieldType::string}, {"area", FieldType::string},
                  {"area_code", FieldType::integer},   {"crime_type", FieldType::string},
                  {"before", FieldType::real},          {"after", FieldType::real},
                  {"change_pct", FieldType::real},      {"before_months", FieldType::string},
                  {"after_months", FieldType::string},  {"verdict", FieldType::string},
                  {"finding", FieldType::string}};
  layer.metadata = {{"crime_type", crime_type},
                    {"buffer_m", metadata_number(result.buffer_m)},
                    {"control", result.control_name}};
  detail::GeosContext geos;
  for (const auto& ev : result.interventions) {
    const EvaluationRow* row = find_row(ev, crime_type);
    const std::string before = months_text(ev.periods.before_first, ev.periods.before_last);
    const std::string after = months_text(ev.periods.after_first, ev.periods.after_last);
    struct Part {
      const char* area;
      std::int64_t code;
      const std::string* wkb;
      const AreaCounts* counts;
    };
    const Part parts[] = {{"treated", 1, &ev.treatment_wkb, row ? &row->treatment : nullptr},
                          {"buffer", 2, &ev.buffer_wkb, row ? &row->buffer : nullptr},
                          {"control", 3, &ev.control_wkb, row ? &row->control : nullptr}};
    for (const Part& part : parts) {
      if (part.wkb->empty()) continue;
      const std::string wkb = multipolygon_wkb(geos.get(), *part.wkb);
      VectorFeature f;
      f.wkb = wkb;
      const bool treated = part.code == 1;
      f.values = {ev.intervention.name,
                  std::string(part.area),
                  part.code,
                  crime_type,
                  part.counts ? FieldValue(part.counts->counts.before) : FieldValue{},
                  part.counts ? FieldValue(part.counts->counts.after) : FieldValue{},
                  part.counts && part.counts->counts.before > 0 ? FieldValue(100 * part.counts->change()) : FieldValue{},
                  before,
                  after,
                  treated && row ? FieldValue(verdict_name(row->verdict)) : FieldValue{},
                  treated && row ? FieldValue(row_finding(result, ev, *row)) : FieldValue{}};
      layer.features.push_back(std::move(f));
    }
  }
  return layer;
}

report::MapLayer evaluation_map_layer(const VectorLayer& layer) {
  report::MapLayer m;
  m.name = "Evaluated areas";
  m.layer = &layer;
  m.description = "treated areas (red), displacement buffers (orange) and control areas (blue)";
  m.style.stroke = "#3c3c3c";
  m.style.stroke_width = 1;
  m.style.fill_opacity = 0.35;
  report::Graduated g;
  g.field = "area_code";
  g.breaks = {1.5, 2.5};
  g.colours = {"#d7301f", "#fdae61", "#74add1"};
  g.labels = {"treated area", "displacement buffer", "control area"};
  g.title = "Evaluation";
  m.style.graduated = g;
  m.title_field = "intervention";
  m.popup_fields = {{"area", "Area"},       {"crime_type", "Counting"}, {"before", "Before"},
                    {"after", "After"},     {"change_pct", "Change (%)", 0}, {"before_months", "Before months"},
                    {"after_months", "After months"}, {"finding", "Finding"}};
  m.fit_bounds = true;
  return m;
}

EvaluationReport evaluation_report(const EvaluationResult& result, const std::string& id_prefix) {
  EvaluationReport rep;
  rep.summary = evaluation_findings(result);
  const std::string level = confidence_words(result.confidence);

  for (std::size_t i = 0; i < result.interventions.size(); ++i) {
    const InterventionEvaluation& ev = result.interventions[i];
    const Intervention& iv = ev.intervention;
    if (ev.rows.empty()) continue;
    const EvaluationRow& all = ev.rows[0];

    report::Chart chart{.id = id_prefix + "-monthly-" + std::to_string(i + 1),
                        .title = iv.name + ": incidents by month", .kind = report::ChartKind::line, .x_title = "Month",
                        .y_title = "Incidents"};
    for (MonthIndex m : ev.months) {
      std::string label = format_month(m);
      if (m == ev.periods.after_first) label += is_camera(iv) ? " (camera in)" : " (" + iv.kind + " in)";
      if (iv.end && m == ev.periods.after_last) label += " (last month in place)";
      chart.labels.push_back(label);
    }
    auto scaled = [&](const AreaCounts& a) {
      // Control and buffer drawn at the treated area's level before, so the lines compare trends.
      const double factor = a.counts.before > 0 ? all.treatment.counts.before / a.counts.before : 0.0;
      std::vector<double> v;
      for (double x : a.monthly) v.push_back(a.counts.before > 0 ? x * factor : std::nan(""));
      return v;
    };
    chart.series.push_back({iv.name, all.treatment.monthly, "#d7301f", {}});
    if (result.buffer_m > 0) {
      chart.series.push_back({"buffer (" + number(result.buffer_m, "%g") + " m), scaled", scaled(all.buffer), "#fd8d3c", {}});
    }
    chart.series.push_back({result.control_name + ", scaled", scaled(all.control), "#4575b4", {}});
    chart.caption = "Incidents each month in " + iv.name + " (red) from " +
                    months_text(ev.periods.before_first, ev.periods.before_last) + " (before) to " +
                    months_text(ev.periods.after_first, ev.periods.after_last) +
                    " (after). The buffer and " + result.control_name +
                    " are scaled to the treated area's total before, so their lines show the trend it would have "
                    "followed had it moved like them.";
    chart.decimals = 1;

    report::Section section;
    section.heading = iv.name;
    section.paragraphs.push_back(row_finding(result, ev, all));
    if (const EvaluationRow* asb = find_row(ev, result.asb_type); asb != nullptr) {
      section.paragraphs.push_back(row_finding(result, ev, *asb));
    }
    if (const std::string b = buffer_finding(result, ev, all); !b.empty()) section.paragraphs.push_back(b);
    section.paragraphs.push_back(
        "Treated area: " + iv.shape + " (" + number(ev.treatment_area_m2 / 10000, "%.2f") + " ha), holding " +
        std::to_string(ev.treatment_snap_points) + (ev.treatment_snap_points == 1 ? " police.uk snap point" : " police.uk snap points") +
        " with incidents. Compared with " + ev.control_description + ". Before: " +
        months_text(ev.periods.before_first, ev.periods.before_last) + "; after: " +
        months_text(ev.periods.after_first, ev.periods.after_last) + ".");
    for (const auto& note : ev.notes) section.paragraphs.push_back(note);
    section.chart_ids.push_back(chart.id);
    report::Table table;
    table.title = iv.name + ": before and after by type";
    table.header = {"Counting", "Before", "After", "Change", result.control_name, "Relative to the trend elsewhere (" + level + " interval)", "Verdict"};
    for (const auto& r : ev.rows) {
      const auto pct = [](double change) { return std::isfinite(change) ? number(100 * change, "%+.0f") + "%" : std::string("–"); };
      const OddsRatioResult& o = r.odds_ratio;
      table.rows.push_back({r.crime_type, count_text(r.treatment.counts.before), count_text(r.treatment.counts.after),
                            pct(r.treatment.change()), pct(r.control.change()),
                            r.too_few ? "–"
                                      : pct(o.relative_change) + " (" + pct(o.relative_change_low) + " to " +
                                            pct(o.relative_change_high) + ")",
                            verdict_name(r.verdict)});
    }
    section.tables.push_back(std::move(table));
    rep.sections.push_back(std::move(section));
    rep.charts.push_back(std::move(chart));
  }

  const PooledRow* pooled_all = nullptr;
  for (const auto& p : result.pooled) {
    if (p.crime_type == "All incidents") pooled_all = &p;
  }
  if (pooled_all != nullptr) {
    report::Chart forest{.id = id_prefix + "-forest",
                         .title = "Change relative to the trend elsewhere, each intervention and all together",
                         .kind = report::ChartKind::scatter_line,
                         .x_title = "Change relative to the trend elsewhere (%)",
                         .y_title = "Intervention (top: first in the table; 0: all together)",
                         .decimals = 0};
    // Each interval is a line at its own height with a tick at the estimate.
    auto interval = [](const std::string& name, double y, double est, double low, double high, const std::string& colour) {
      report::Series s;
      s.name = name;
      s.colour = colour;
      s.x = {low, est, est, est, est, high};
      s.values = {y, y, y + 0.25, y - 0.25, y, y};
      return s;
    };
    const auto n = static_cast<double>(result.interventions.size());
    std::size_t k = 0;
    for (const auto& ev : result.interventions) {
      const OddsRatioResult& o = ev.rows[0].odds_ratio;
      forest.series.push_back(interval(ev.intervention.name, n - static_cast<double>(k), 100 * o.relative_change,
                                       100 * o.relative_change_low, 100 * o.relative_change_high,
                                       kPalette[k % (sizeof kPalette / sizeof kPalette[0])]));
      ++k;
    }
    const PooledEffect& p = pooled_all->pooled;
    forest.series.push_back(interval("all together", 0, 100 * (1 / p.estimate - 1), 100 * (1 / p.high - 1),
                                     100 * (1 / p.low - 1), "#000000"));
    forest.series.push_back({"no change", {-0.5, n + 0.5}, "#999999", {0, 0}});
    forest.caption = "Each line is one intervention's " + level +
                     " interval of the change in its area relative to the trend elsewhere, the tick its estimate; the "
                     "black line at the bottom is all of them pooled (random effects). Lines left of the grey line "
                     "mean fewer incidents than expected.";

    report::Section section;
    section.heading = "All interventions together";
    section.paragraphs.push_back(pooled_finding(result, *pooled_all));
    section.paragraphs.push_back(
        "The pooled figure weights each intervention by how precisely its own change is known and allows the real "
        "effect to differ from place to place (DerSimonian–Laird random effects, as the Campbell reviews of CCTV "
        "do); interventions with no incidents in their area in either period are left out.");
    section.chart_ids.push_back(forest.id);
    report::Table table;
    table.title = "Pooled over the interventions";
    table.header = {"Counting", "Interventions", "Relative to the trend elsewhere (" + level + " interval)", "Odds ratio", "I²"};
    for (const auto& row : result.pooled) {
      const PooledEffect& q = row.pooled;
      table.rows.push_back({row.crime_type, std::to_string(q.studies),
                            number(100 * (1 / q.estimate - 1), "%+.0f") + "% (" + number(100 * (1 / q.high - 1), "%+.0f") +
                                "% to " + number(100 * (1 / q.low - 1), "%+.0f") + "%)",
                            number(q.estimate, "%.2f"), number(100 * q.i2, "%.0f") + "%"});
    }
    section.tables.push_back(std::move(table));
    rep.sections.push_back(std::move(section));
    rep.charts.push_back(std::move(forest));
  }

  report::Section how;
  how.heading = "How this was worked out";
  how.paragraphs = {
      "Each area's incidents are counted in equal periods before and after the start and compared with " +
          result.control_name + ": if the area had moved like it, the change there is what to expect. The "
          "difference is judged by the odds ratio of the Campbell reviews of CCTV, with its " + level +
          " interval widened for the month-to-month swings police.uk counts show (their over-dispersion), and by "
          "the weighted displacement difference test of Wheeler & Ratcliffe (2018) in the CSV.",
      "\"Too few incidents to tell\" means that even a fall of " + percent(result.detectable_reduction) +
          " would more often than not be missed at these numbers (less than " + percent(result.power) +
          " power), and the result was not clear either way.",
      "The " + number(result.buffer_m, "%g") +
          " m buffer round each area shows whether incidents moved round the corner (displacement) or fell there "
          "too (diffusion of benefits)."};
  for (const auto& c : result.caveats) how.paragraphs.push_back(c);
  rep.sections.push_back(std::move(how));

  rep.footnotes = {
      "Methods: Wheeler, A. P. & Ratcliffe, J. H. (2018) A simple weighted displacement difference test to evaluate "
      "place based crime interventions. Crime Science 7:11. Bowers, K. J. & Johnson, S. D. (2003) Measuring the "
      "geographical displacement and diffusion of benefit effects of crime prevention activity. Journal of "
      "Quantitative Criminology 19:275–301. Farrington, D. P. et al. (2007) The effects of closed-circuit "
      "television on crime: meta-analysis of an English national quasi-experimental multi-site evaluation. "
      "Journal of Experimental Criminology 3:21–38. Welsh, B. C. & Farrington, D. P. (2009) Public area CCTV and "
      "crime prevention: an updated systematic review and meta-analysis. Justice Quarterly 26:716–745.",
      "Data: police.uk months " + format_month(result.first_month) + " to " + format_month(result.last_month) + "."};
  return rep;
}

}  // namespace hotspot::evaluation
