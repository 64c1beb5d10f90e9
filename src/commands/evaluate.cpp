#include "hotspot/commands/evaluate.hpp"

#include "hotspot/core/numbers.hpp"

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "hotspot/core/error.hpp"
#include "hotspot/evaluation/intervention_report.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/privacy/layer_rules.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "evaluate";

using evaluation::ControlKind;
using evaluation::EvaluateOptions;
using evaluation::EvaluationResult;
using evaluation::EvaluationRow;
using evaluation::InterventionEvaluation;

constexpr std::array<step::Choice<ControlKind>, 3> kControls{{{"rest", ControlKind::rest_of_area},
                                                              {"polygon", ControlKind::polygon},
                                                              {"matched", ControlKind::matched}}};

// "2018-07" or a date the month accepts; empty (none) is allowed.
void check_date(const std::string& text, const char* flag) {
  if (!text.empty() && !evaluation::parse_intervention_date(text)) {
    throw Error(ErrorCode::usage, kStage,
                std::string(flag) + " \"" + text + "\" is not a date (YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)");
  }
}

std::string months_text(MonthIndex first, MonthIndex last) {
  return first == last ? format_month(first) : format_month(first) + " to " + format_month(last);
}

std::string count_text(double n) { return format("%.0f", n); }

// "+6%", "-12%", "0%" (never "-0%" or "+0%" for a change that rounds to nothing).
std::string signed_percent(double share) {
  const double rounded = std::round(100 * share);
  return rounded == 0 ? std::string("0%") : format("%+.0f%%", rounded);
}

// "+6%", "-12%"; "–" without a before count.
std::string change_text(const evaluation::AreaCounts& a) {
  const double c = a.change();
  return std::isfinite(c) ? signed_percent(c) : std::string("–");
}

// One printed row: counts of the three areas, then the relative change with its interval and
// the verdict.
std::string row_line(const EvaluationResult& result, const EvaluationRow& row) {
  const auto& o = row.odds_ratio;
  const auto area = [](const evaluation::AreaCounts& a) {
    return count_text(a.counts.before) + " -> " + count_text(a.counts.after) + " (" + change_text(a) + ")";
  };
  std::string line = format("  %s: treated %s, buffer %s, control %s\n", row.crime_type.c_str(), area(row.treatment).c_str(),
                            area(row.buffer).c_str(), area(row.control).c_str());
  line += format("    relative to the control's trend %s (%.0f%% interval %s to %s): %s\n",
                 signed_percent(o.relative_change).c_str(), 100 * result.confidence,
                 signed_percent(o.relative_change_low).c_str(), signed_percent(o.relative_change_high).c_str(),
                 evaluation::verdict_text(row.verdict).c_str());
  return line;
}

// What the command prints: per intervention its periods and its key rows, then the findings.
std::string summary_text(const EvaluationResult& result) {
  std::string text = format("evaluated %zu intervention%s against %s (buffer %g m); data %s\n",
                            result.interventions.size(), result.interventions.size() == 1 ? "" : "s",
                            result.control_name.c_str(), result.buffer_m,
                            months_text(result.first_month, result.last_month).c_str());
  for (const InterventionEvaluation& ev : result.interventions) {
    const auto& p = ev.periods;
    text += format("%s (%s from %s): before %s, after %s; %zu snap points inside, %zu in the buffer\n",
                   ev.intervention.name.c_str(), ev.intervention.kind.c_str(),
                   evaluation::format_intervention_date(ev.intervention.start).c_str(),
                   months_text(p.before_first, p.before_last).c_str(), months_text(p.after_first, p.after_last).c_str(),
                   ev.treatment_snap_points, ev.buffer_snap_points);
    // All incidents, ASB, All crime (not ASB): the rest are in evaluation.csv.
    for (std::size_t r = 0; r < ev.rows.size() && r < 3; ++r) text += row_line(result, ev.rows[r]);
  }
  for (const auto& pooled : result.pooled) {
    if (pooled.crime_type != "All incidents") continue;
    const auto& e = pooled.pooled;
    text += format("pooled over %zu interventions: relative change %s (%.0f%% interval %s to %s), I2 %.0f%%\n",
                   e.studies, signed_percent(1 / e.estimate - 1).c_str(), 100 * result.confidence,
                   signed_percent(1 / e.high - 1).c_str(), signed_percent(1 / e.low - 1).c_str(), 100 * e.i2);
  }
  text += "findings:\n";
  for (const auto& finding : evaluation::evaluation_findings(result)) text += "- " + finding + "\n";
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// The features of the evaluation areas layer that are controls (or that are not).
VectorLayer areas_where(const VectorLayer& areas, bool control) {
  VectorLayer out = areas;
  out.features.clear();
  std::size_t code = 0;
  while (code < areas.fields.size() && areas.fields[code].name != "area_code") ++code;
  for (const auto& f : areas.features) {
    const auto* c = code < f.values.size() ? std::get_if<std::int64_t>(&f.values[code]) : nullptr;
    if (c != nullptr && (*c == 3) == control) out.features.push_back(f);
  }
  return out;
}

std::string names_of(const EvaluationResult& result) {
  const auto& all = result.interventions;
  if (all.size() == 1) return all.front().intervention.name;
  if (all.size() == 2) return all[0].intervention.name + " and " + all[1].intervention.name;
  return std::to_string(all.size()) + " interventions";
}

}  // namespace

void declare_evaluate(step::Declarer& d, EvaluateOptions& o) {
  d.group("Interventions");
  // Not --areas: in `hotspot areas` that names the polygons reported on, and an MSOA layer
  // given here by habit would be evaluated as if every MSOA had been treated.
  step::declare_layer(d, "treated-areas", o.areas,
                      "Polygons each treated as a whole (a PSPO, patrol areas, coverage from `hotspot cctv`), any OGR "
                      "layer");
  step::declare_layer(d, "sites", o.sites,
                      "Camera sites: points (any OGR layer, or a CSV of lon/lat), each treating a circle of --site-radius");
  step::declare_layer(d, "deployments", o.deployments,
                      "Redeployable cameras, one row per stay: name, location (point, polygon or CSV lon/lat), installed, "
                      "removed; every row is evaluated");
  d.number("site-radius", o.site_radius_m, "Radius of the circle a camera site treats (a --radius-field value wins)")
      .range(1, 10000)
      .unit("m");
  // A date setting: checked as YYYY-MM or YYYY-MM-DD, then stored.
  const auto date_option = [&d](const char* name, std::string& target, const char* help) {
    d.custom(name, step::ValueKind::text, target,
             [&target, flag = std::string("--") + name](const std::string& v) {
               check_date(v, flag.c_str());
               target = v;
             },
             help);
  };
  date_option("start", o.start, "Start of interventions without their own start date (YYYY-MM or YYYY-MM-DD)");
  date_option("end", o.end, "End of interventions without their own end date (default: still in place)");
  d.text("name-field", o.name_field, "Field naming each intervention")
      .override_of_default("name: the column of a deployments log or intervention layer");
  d.text("kind-field", o.kind_field, "Field saying what was done (camera, PSPO, patrol), for the findings' wording");
  d.text("start-field", o.start_field, "Field with each intervention's start date");
  d.text("end-field", o.end_field, "Field with each intervention's end date (removal); empty values: still in place");
  d.text("radius-field", o.radius_field, "Field with each camera site's radius in metres");
  d.text("site-x-field", o.x_field,
         "Column of the --sites/--deployments CSV with longitude or easting (default: lon, longitude, lng, x, easting)");
  d.text("site-y-field", o.y_field,
         "Column of the --sites/--deployments CSV with latitude or northing (default: lat, latitude, y, northing)");
  d.text("site-crs", o.coordinates_crs, "CRS of the --sites/--deployments CSV coordinates and WKT");

  d.group("Areas compared");
  d.number("buffer", o.buffer_m,
           "Width of the displacement buffer round each treated area, metres (0: none; docs/evaluate.md says why 200)")
      .range(0, 5000)
      .unit("m");
  d.choice<ControlKind>("control", o.control, kControls,
                        "Control: rest (the study area without the treated areas and buffers), polygon (--control-area), "
                        "matched (the areas most like the treated one before)");
  step::declare_layer(d, "control-area", o.control_area,
                      "Control polygon (any OGR layer; implies --control polygon); it must not overlap a treated area");
  step::declare_layer(d, "matched-candidates", o.matched_candidates,
                      "Polygons to choose matched controls from, e.g. MSOAs (implies --control matched; default: copies "
                      "of the treated area's shape)");
  d.text("matched-name-field", o.matched_name_field,
         "Field of --matched-candidates naming each area, for the note of those chosen (default: --name-field)")
      .needs("matched-candidates");
  d.integer("matched-units", o.matched_units, "How many matched areas make the control").range(1, 100);
  d.text("area-name", o.study_area_name, "Name of the study area for the findings, e.g. \"Welwyn Hatfield\"");

  d.group("Periods");
  d.integer("before-months", o.before_months, "Months before the start compared (shortened, with a note, to fit the data)")
      .range(1, 120)
      .unit("months");
  d.integer("after-months", o.after_months, "Months after the start compared (or until the removal)")
      .range(1, 120)
      .unit("months");
  d.integer("gap-months", o.gap_months, "Months after the start left out (implementation)").range(0, 60).unit("months");
  d.custom("same-months-last-year", step::ValueKind::flag, "false",
           [&o](const std::string& v) {
             const bool on = v == "true" || v == "1" || v == "on" || v == "yes";
             if (!on && v != "false" && v != "0" && v != "off" && v != "no") {
               throw Error(ErrorCode::usage, kStage, "--same-months-last-year \"" + v + "\" is not true or false");
             }
             o.period = on ? evaluation::PeriodDesign::same_months_last_year : evaluation::PeriodDesign::adjacent;
           },
           "Compare the after months with the same months a year earlier (for seasonal problems)");
  d.flag("skip-outside-months", o.skip_outside_months,
         "Skip, with a note, an intervention whose dates leave no months before or after it in the data (default: stop)");

  d.group("What is counted");
  d.negated_flag("no-per-type", o.per_type, "Only the totals and ASB, no row per crime type");
  d.texts("row-types", o.crime_types, "Crime types given their own rows (default: every type)");
  d.text("asb-type", o.asb_type, "The crime type reported on its own as ASB and kept out of \"All crime\"");

  d.group("Statistics");
  d.number("confidence", o.confidence, "Confidence level of every interval and test").range(0.5, 0.999);
  d.number("power", o.power, "Power for the smallest detectable reduction").range(0.5, 0.999);
  d.number("detectable-reduction", o.detectable_reduction,
           "\"Too few incidents to tell\" when a fall of this share would be missed more often than 1 - power")
      .range(0.01, 0.99);
  d.negated_flag("no-local-variation", o.local_variation,
                 "Leave out how much places like the treated one change by themselves (intervals then allow for chance "
                 "only, and placebo areas come out significant about 4 times as often as they should)")
      .advanced();
}

EvaluateOptions resolve_evaluate(const EvaluateOptions& in) {
  EvaluateOptions o = in;
  if (o.control_area && o.matched_candidates) {
    throw Error(ErrorCode::usage, kStage,
                "a control polygon and matched candidate areas are two different controls: give one of them");
  }
  if (o.control_area && o.control == ControlKind::rest_of_area) o.control = ControlKind::polygon;
  if (o.matched_candidates && o.control == ControlKind::rest_of_area) o.control = ControlKind::matched;
  if (o.control_area && o.control != ControlKind::polygon) {
    throw Error(ErrorCode::usage, kStage, "a control polygon was given with a matched control: give one of them");
  }
  if (o.matched_candidates && o.control != ControlKind::matched) {
    throw Error(ErrorCode::usage, kStage, "matched candidate areas were given with a control polygon: give one of them");
  }
  return o;
}

report::Report evaluation_page(const EvaluationResult& result, const VectorLayer& areas, const PreparedIncidents& prepared) {
  const evaluation::EvaluationReport parts = evaluation::evaluation_report(result);
  report::Report page;
  page.title = "Did it work? " + capitalised(names_of(result));
  const std::vector<std::string>& types = prepared.options.filter.types;
  std::string counted = "Incidents";
  if (!types.empty()) {
    counted = "";
    for (std::size_t i = 0; i < types.size(); ++i) counted += (i == 0 ? "" : i + 1 == types.size() ? " and " : ", ") + types[i];
  }
  page.subtitle = counted + " before and after, compared with " + result.control_name + "; police.uk months " +
                  months_text(result.first_month, result.last_month);
  page.summary = parts.summary;
  page.map_heading = "Where";
  // The controls first (drawn below), the treated areas and buffers on top; the map opens on
  // these, since a control of the rest of a district would make them specks.
  const report::MapLayer style = evaluation::evaluation_map_layer(areas);
  for (const bool control : {true, false}) {
    report::MapLayer m = style;
    m.layer = nullptr;
    m.geojson = geojson_text(areas_where(areas, control));
    m.name = control ? "Control areas" : "Treated areas and buffers";
    m.description = control ? "what the treated areas are compared with (blue)"
                            : "treated areas (red) and their displacement buffers (orange)";
    m.fit_bounds = !control;
    if (control && m.style.graduated) {
      // One class left: a plain fill in the control's colour, without a one-line legend.
      m.style.fill = m.style.graduated->colours.back();
      m.style.graduated.reset();
    } else if (m.style.graduated) {
      m.style.fill = m.style.graduated->colours.front();
      m.style.graduated->breaks.resize(1);
      m.style.graduated->colours.resize(2);
      m.style.graduated->labels.resize(2);
    }
    page.layers.push_back(std::move(m));
  }
  page.charts = parts.charts;
  page.sections = parts.sections;
  // Intervention names read inside sentences ("the Kennelwood Lane car park"): capitalised
  // where they open a heading or a title.
  for (auto& section : page.sections) {
    section.heading = capitalised(section.heading);
    for (auto& table : section.tables) table.title = capitalised(table.title);
  }
  for (auto& chart : page.charts) chart.title = capitalised(chart.title);
  page.footnotes = parts.footnotes;
  page.footnotes.push_back("Incident data: data.police.uk (Open Government Licence v3.0) or the partnership's own records (" +
                           std::to_string(prepared.account.read) + " rows read, " +
                           std::to_string(prepared.incidents.size()) + " incidents used).");
  page.footnotes.push_back("Working CRS: " + prepared.crs.name + "; the map is drawn in WGS84.");
  return page;
}

EvaluationResult run_evaluate(const PreparedIncidents& prepared, const EvaluateOptions& in, step::OutputSink& sink) {
  const EvaluateOptions options = resolve_evaluate(in);
  EvaluationResult result = evaluation::evaluate_interventions(prepared, options);
  step::Messages& messages = sink.messages();
  for (const auto& note : result.notes) messages.note(note);
  for (const auto& ev : result.interventions) {
    for (const auto& note : ev.notes) messages.note(note);  // each names its intervention
  }

  const char* counts = "unchecked counts of every crime type in small areas";
  sink.file(kEvaluationCsv, evaluation::evaluation_csv(result), counts);
  // Pooled odds ratios are ratios over two or more places, no count of any place.
  sink.file(kEvaluationPooledCsv, evaluation::evaluation_pooled_csv(result));
  VectorLayer areas = evaluation::evaluation_areas_layer(result, "All incidents", kEvaluationAreasLayer);
  if (sink.publish().enabled) {
    VectorLayer checked = areas;
    const std::size_t nulled = privacy::withhold_evaluation_complements(checked, sink.publish().min_count);
    if (nulled > 0) {
      messages.status(format("publish %s: %zu control count%s withheld with the small treated or buffer counts beside "
                             "them (secondary suppression)",
                             kEvaluationAreasLayer, nulled, nulled == 1 ? "" : "s"));
    }
    sink.layer(checked, privacy::evaluation_area_rules());
  } else {
    sink.layer(areas, privacy::evaluation_area_rules());
  }
  if (sink.publish().enabled) {
    sink.file(kEvaluationReport, {}, counts);  // withheld: rendered for nobody
  } else if (sink.wants(kEvaluationReport)) {
    sink.file(kEvaluationReport, report::render_html(evaluation_page(result, areas, prepared)), counts);
  }
  if (sink.publish().enabled) {
    messages.status("publish: evaluation.csv, report.html and the printed findings are not written (they carry "
                    "unchecked counts of small areas and months); use evaluation_areas.geojson");
  } else {
    messages.print(summary_text(result));
  }
  return result;
}

namespace {

void check_evaluate_command(const step::FolderCommand<EvaluateOptions>& c, const step::Declarer& d,
                            step::Messages& messages) {
  const EvaluateOptions& o = c.options;
  if (!o.areas && !o.sites && !o.deployments) {
    throw Error(ErrorCode::usage, kStage, "give what was done: --treated-areas, --sites or --deployments");
  }
  // An explicit --control that the control layers contradict is refused (resolve_evaluate
  // cannot tell an explicit "rest" from the default).
  if (d.given("control") && o.control == ControlKind::rest_of_area && (o.control_area || o.matched_candidates)) {
    throw Error(ErrorCode::usage, kStage,
                std::string("--control rest contradicts --") + (o.control_area ? "control-area" : "matched-candidates"));
  }
  if (d.given("matched-units") && resolve_evaluate(o).control != ControlKind::matched) {
    messages.note("--matched-units is used only with --control matched");
  }
}

}  // namespace

step::CommandSpec evaluate_command() {
  return step::folder_command<EvaluateOptions>(
      "evaluate",
      "Did the camera, the move or the PSPO work? Incidents before and after in the treated area, a displacement "
      "buffer and a control area: odds ratio (Campbell reviews), WDD test, WDQ, pooled over several interventions",
      {{kEvaluationCsv, step::OutputKind::table, kEvaluationCsv,
        "one row per intervention and crime type: every count and measure", false},
       {kEvaluationPooledCsv, step::OutputKind::table, kEvaluationPooledCsv,
        "the odds ratio pooled over the interventions (random effects), per crime type", true},
       {kEvaluationAreasLayer, step::OutputKind::vector, "evaluation_areas.geojson",
        "treated, buffer and control areas with their counts before and after and the finding", true},
       {"evaluation.gpkg", step::OutputKind::vector, "evaluation.gpkg", "the areas, styled for QGIS", true},
       {kEvaluationReport, step::OutputKind::report, kEvaluationReport,
        "the findings in plain English, the map, a monthly chart per intervention and the forest plot", false}},
      {.declare = declare_evaluate,
       .run = [](const PreparedIncidents& p, const EvaluateOptions& o, step::OutputSink& s) { (void)run_evaluate(p, o, s); },
       .output = {"Folder for evaluation.csv, evaluation_pooled.csv, evaluation_areas.geojson, evaluation.gpkg, report.html",
                  "Do not print the findings", true},
       .geopackage = "evaluation.gpkg",
       .without_input = "give the incident files to evaluate on",
       .check = check_evaluate_command,
       .prepare = {}});
}

}  // namespace hotspot::commands
