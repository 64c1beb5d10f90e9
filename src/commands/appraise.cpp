#include "hotspot/commands/appraise.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/numbers.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "cctv appraise";

std::optional<double> number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
std::size_t columns(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string whole(double v) { return format("%.0f", v); }

// One decimal below 10 ("4.1"), whole numbers above, as the paragraphs write figures.
std::string figure(double v) { return format(std::abs(v) < 10 ? "%.1f" : "%.0f", v); }

}  // namespace

void declare_appraise(step::Declarer& d, AppraiseStepOptions& options) {
  AppraiseOptions& a = options.appraise;
  d.group("Sites");
  d.texts("site", a.sites, "A candidate site to appraise, by its name (--site-name-field); repeat for more")
      .no_split();
  d.custom("at", step::ValueKind::texts, "",
           [&a](const std::string& v) {
             const auto comma = v.find(',');
             const auto x = comma == std::string::npos ? std::nullopt : number(std::string_view(v).substr(0, comma));
             const auto y = comma == std::string::npos ? std::nullopt : number(std::string_view(v).substr(comma + 1));
             if (!x || !y) throw Error(ErrorCode::usage, kStage, "--at \"" + v + "\" is not X,Y (two numbers)");
             a.points.emplace_back(*x, *y);
           },
           "A place to appraise as X,Y in --at-crs (longitude,latitude by default); repeat for more")
      .no_split();
  d.text("at-crs", a.points_crs, "CRS of --at").needs("at");
  d.integer("horizon", a.horizon_months, "Months ahead the expected figures cover")
      .range(1, 120)
      .unit("months")
      .override_of_default("12: a committee asks what a camera would see in a year (docs/cctv.md)");
  d.number("walk", a.walk_m, "Better candidate sites within this straight-line distance are named as alternatives")
      .at_least(0)
      .unit("m");
  d.integer("alternatives", a.alternatives, "At most this many alternatives per site").range(0, 100);

  declare_scene(d, options.scene, false);
  d.find("spacing")->override_of_default("0: sites are ranked among the agreed candidate sites (docs/cctv.md)");
  declare_demand(d, options.scene.demand, true, true);
  d.find("demand")->override_of_default("auto without history: a site is appraised for the coming year");
  d.group("Optimisation");
  declare_threads(d, options.scene.cctv.threads);
}

ResolvedAppraise resolve_appraise(const AppraiseStepOptions& in) {
  if (in.scene.demand.setting == DemandSetting::history) {
    throw Error(ErrorCode::usage, kStage, "appraising a site needs a forecast of the coming months: choose a demand model");
  }
  ResolvedAppraise out{resolve_cctv(in.scene), in.appraise};
  if (!out.scene.demand_model) {
    throw Error(ErrorCode::usage, kStage, "appraising a site needs dated incidents; a demand raster has no months");
  }
  out.appraise.demand = *out.scene.demand_model;
  out.scene.demand_model.reset();
  return out;
}

std::string appraisal_text_table(const AppraisalReport& report, int horizon_months) {
  if (report.sites.empty()) return {};
  const SiteAppraisal& first = report.sites.front();
  const auto with_interval =
      std::find_if(report.sites.begin(), report.sites.end(), [](const SiteAppraisal& a) { return a.interval.available(); });
  const std::string expected =
      with_interval == report.sites.end() ? "expected" : "expected (" + whole(100 * with_interval->interval.level) + "% interval)";
  std::vector<std::vector<std::string>> rows{{"site", "seen", "not seen by existing", expected, "rank", "of the best"}};
  for (const auto& a : report.sites) {
    const ForecastFigure& e = a.expected_incidents;
    rows.push_back({a.name, std::to_string(a.past_incidents), std::to_string(a.past_incidents_new),
                    figure(e.expected) + (a.interval.available() ? " (" + figure(e.low) + "–" + figure(e.high) + ")" : ""),
                    std::to_string(a.rank) + " of " + std::to_string(a.of), whole(100 * a.share_of_best) + "%"});
  }
  std::vector<std::size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], columns(row[c]));
  }
  std::string text = "cctv appraise: seen = recorded incidents in view, " + format_month(first.past_first) + " to " +
                     format_month(first.past_last) + "; expected = incidents in view over the next " +
                     std::to_string(horizon_months) + " months" +
                     (with_interval == report.sites.end() ? std::string() : ", with the interval from the backtest") +
                     "; rank among the candidate sites\n";
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      // The site's name reads left to right; figures line up on the right.
      const std::string pad(width[c] - columns(row[c]), ' ');
      line += "  " + (c == 0 ? row[c] + pad : pad + row[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

AppraisalReport run_appraise(const PreparedIncidents& prepared, const AppraiseStepOptions& options, step::OutputSink& sink) {
  const ResolvedAppraise resolved = resolve_appraise(options);
  AppraisalReport report = appraise_sites(prepared, resolved.scene, resolved.appraise);
  sink.file("appraisal.csv", report.csv, "unchecked counts of the incidents each site would have seen");
  step::Messages& messages = sink.messages();
  for (const auto& note : report.notes) messages.note(note);
  messages.print(appraisal_text_table(report, resolved.appraise.horizon_months) + report.summary_text);
  return report;
}

namespace {

void check_appraise_command(const step::FolderCommand<AppraiseStepOptions>& c, const step::Declarer& d,
                            step::Messages&) {
  if (c.options.appraise.sites.empty() && c.options.appraise.points.empty()) {
    throw Error(ErrorCode::usage, kStage, "name a site to appraise: --site NAME (with --site-name-field) or --at X,Y");
  }
  require_within_for_spacing(d, c.options.scene.cctv.candidates.spacing_m, c.input, kStage);
}

}  // namespace

step::CommandSpec appraise_command() {
  return step::folder_command<AppraiseStepOptions>(
      "cctv appraise",
      "Does a named site earn a camera? What it would have seen and is expected to see (with an interval), its value "
      "beyond the existing cameras, its rank among the candidates and better sites within walking distance",
      {{"appraisal.csv", step::OutputKind::table, "appraisal.csv",
        "per site: incidents and harm seen, expected with the interval, rank, share of the best, alternatives, a paragraph",
        false}},
      {.declare = declare_appraise,
       .run = [](const PreparedIncidents& p, const AppraiseStepOptions& o, step::OutputSink& s) { (void)run_appraise(p, o, s); },
       .output = {"Folder for appraisal.csv", "Do not print the summary", false},
       .geopackage = {},
       .without_input = "give the incident files to appraise on",
       .check = check_appraise_command,
       .prepare = {}});
}

}  // namespace hotspot::commands
