#include "hotspot/cctv/appraise.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cctv/camera_outlook.hpp"
#include "cctv/cctv_scene.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/safe_text.hpp"
#include "hotspot/geo/crs.hpp"

namespace hotspot {
namespace {

constexpr const char* kStage = "cctv.appraise";

using detail::fixed_text;

std::string ordinal(std::size_t k) {
  const std::size_t last = k % 10, tens = k % 100;
  const char* suffix = tens >= 11 && tens <= 13 ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
  return std::to_string(k) + suffix;
}

// A whole number with thousands separators: 12,345.
std::string whole(double v) {
  std::string digits = fixed_text(std::round(v), 0);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return (negative ? "-" : "") + digits;
}

// The samples whose forecast is within a factor of `target`, widened when there are few.
ForecastInterval similar_interval(const std::vector<ForecastSample>& samples, double target, double level, int horizon) {
  if (samples.empty() || !(target > 0)) return interval_from_samples(samples, level, horizon);
  for (const double factor : {2.0, 4.0}) {
    std::vector<ForecastSample> near;
    for (const auto& s : samples) {
      if (s.forecast >= target / factor && s.forecast <= target * factor) near.push_back(s);
    }
    if (near.size() >= 30 || (factor > 2 && near.size() >= 10)) return interval_from_samples(near, level, horizon);
  }
  return interval_from_samples(samples, level, horizon);
}

}  // namespace

AppraisalReport appraise_sites(const PreparedIncidents& prepared, const CctvOptions& scene_options,
                               const AppraiseOptions& options) {
  if (scene_options.demand_raster) {
    throw Error(ErrorCode::usage, kStage, "appraising a site needs dated incidents; a demand raster has no months");
  }
  if (options.sites.empty() && options.points.empty()) throw Error(ErrorCode::usage, kStage, "name at least one site to appraise");
  if (options.horizon_months < 1 || !(options.walk_m >= 0)) {
    throw Error(ErrorCode::usage, kStage, "the horizon must be at least a month and the walking distance not negative");
  }
  AppraisalReport report;
  CctvOptions scene_opts = scene_options;
  scene_opts.demand.half_life_months.reset();
  CctvReport scratch;
  const detail::Scene scene = detail::build_scene(prepared, scene_opts, scratch);
  report.notes = scratch.notes;
  const Incidents& incidents = prepared.incidents;
  const std::string& crs = prepared.crs.definition;
  const WeightedPoints& points = scene.demand;
  const std::vector<CameraSite>& candidates = scratch.candidates;
  const MonthIndex last = detail::last_month(incidents, kStage);
  MonthIndex first = last;
  for (const MonthIndex m : incidents.month) {
    if (m != kNoMonth) first = std::min(first, m);
  }

  // The sites asked for: candidates by name, then places appended as sites of their own.
  struct Target {
    std::string name;
    std::size_t site = 0;
    bool candidate = true;
  };
  std::vector<Target> targets;
  for (const auto& name : options.sites) {
    const auto s = detail::candidate_named(candidates, name);
    if (!s) {
      std::string some;
      std::size_t listed = 0;
      for (const auto& c : candidates) {
        if (listed == 8) break;
        if (c.label.rfind("lattice", 0) == 0 || c.label.find(" fid ") != std::string::npos) continue;
        some += (listed++ ? ", " : "") + ("\"" + c.label + "\"");
      }
      throw Error(ErrorCode::usage, kStage,
                  "no candidate site is called \"" + name + "\"" +
                      (some.empty() ? std::string("; the candidate sites have no names (give the name field)")
                                    : "; names include " + some));
    }
    targets.push_back({name, *s, true});
  }
  std::vector<CameraSite> extra;
  if (!options.points.empty()) {
    const CoordinateTransformer to_working(options.points_crs, crs);
    for (const auto& [px, py] : options.points) {
      double x = px, y = py;
      if (!to_working.transform(x, y)) {
        throw Error(ErrorCode::crs, kStage,
                    "the place " + fixed_text(px, 6) + "," + fixed_text(py, 6) + " cannot be projected from " +
                        options.points_crs + " to " + crs);
      }
      const std::string name = "the place at " + fixed_text(px, options.points_crs == "EPSG:4326" ? 6 : 1) + ", " +
                               fixed_text(py, options.points_crs == "EPSG:4326" ? 6 : 1);
      targets.push_back({name, candidates.size() + extra.size(), false});
      extra.push_back({x, y, 1, name, {}, {}});
    }
  }
  CoverageOptions coverage_options;
  coverage_options.camera = scene_opts.camera;
  coverage_options.visibility = scene_opts.visibility;
  coverage_options.threads = scene_opts.threads;
  const CoverageMatrix all = extra.empty() ? scene.candidate_coverage
                                           : detail::merge_coverage(scene.candidate_coverage,
                                                                    build_coverage(extra, points, scene.obstacles, coverage_options));
  std::vector<CameraSite> sites = candidates;
  sites.insert(sites.end(), extra.begin(), extra.end());

  // Demand model, forecasts for the horizon and for the backtest's quarter.
  report.demand = choose_demand_model(incidents, points,
                                      CameraScene{&scene.candidate_coverage, candidates, &scene.existing_coverage},
                                      options.demand, scene_opts.planner);
  const DemandChoice& choice = report.demand;
  const int history = options.demand.history_months;
  const int quarter = options.demand.horizon_months;
  const std::vector<double> forecast = forecast_demand(incidents, points, choice.model, last, history, options.horizon_months);
  const std::vector<double> forecast_count =
      forecast_demand(incidents, points, choice.model, last, history, options.horizon_months, true);
  const std::vector<double> base = detail::fixed_quality(&scene.existing_coverage, points.size());
  const auto seen = [&](std::uint32_t column, const std::vector<double>& weight) {
    const std::uint32_t one[1] = {column};
    return detail::seen_beyond(base, all, one, weight);
  };

  // Each site's best column (heading) and value over the horizon.
  std::vector<std::vector<std::uint32_t>> columns_of(sites.size());
  for (std::uint32_t c = 0; c < all.columns.size(); ++c) columns_of[all.columns[c].site].push_back(c);
  std::vector<std::uint32_t> best_column(sites.size(), 0);
  std::vector<double> value(sites.size(), 0.0);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    bool first_column = true;
    for (const auto c : columns_of[s]) {
      const double v = seen(c, forecast);
      if (first_column || v > value[s]) {
        value[s] = v;
        best_column[s] = c;
      }
      first_column = false;
    }
  }
  std::size_t best_candidate = 0;
  for (std::size_t s = 1; s < candidates.size(); ++s) {
    if (value[s] > value[best_candidate]) best_candidate = s;
  }

  // Backtest pairs of every candidate at its best heading: forecast quarter vs what happened.
  std::vector<ForecastSample> samples, samples_count;
  for (const auto& origin : choice.backtested ? choice.origins : std::vector<evaluation::RollingOrigin>{}) {
    const auto f = forecast_demand(incidents, points, choice.model, origin.train_last, history, quarter);
    const auto fc = forecast_demand(incidents, points, choice.model, origin.train_last, history, quarter, true);
    const auto later = window_sum(incidents, points, origin.test_first, origin.test_last, false);
    const auto later_count = window_sum(incidents, points, origin.test_first, origin.test_last, true);
    for (std::size_t s = 0; s < candidates.size(); ++s) {
      if (columns_of[s].empty()) continue;
      samples.push_back({origin.train_last, seen(best_column[s], f), seen(best_column[s], later)});
      samples_count.push_back({origin.train_last, seen(best_column[s], fc), seen(best_column[s], later_count)});
    }
  }
  const std::vector<double> quarter_forecast = forecast_demand(incidents, points, choice.model, last, history, quarter);
  const std::vector<double> quarter_count = forecast_demand(incidents, points, choice.model, last, history, quarter, true);

  const std::vector<double> harm_of_category = prepared.harm.per_category(incidents.categories);
  std::vector<double> point_harm(points.size(), 0.0);
  std::vector<std::size_t> point_count(points.size(), 0);
  for (std::size_t r = 0; r < incidents.size(); ++r) {
    const auto c = incidents.category[r];
    const double h = c < harm_of_category.size() && std::isfinite(harm_of_category[c]) ? harm_of_category[c] : 0.0;
    point_harm[points.point_of[r]] += h;
    ++point_count[points.point_of[r]];
  }
  const bool counting = std::all_of(incidents.weight.begin(), incidents.weight.end(), [](double w) { return w == 1.0; });
  const std::string by = counting ? "the incidents it would see" : "the weighted demand it would see";
  const std::string past_span = detail::month_span(first, last);
  const std::string next_span = detail::month_span(last + 1, last + options.horizon_months);

  for (const auto& target : targets) {
    SiteAppraisal a;
    const std::size_t s = target.site;
    const CameraSite& site = sites[s];
    const std::uint32_t column = best_column[s];
    const CameraModel& model = site.model ? *site.model : scene_opts.camera;
    a.name = target.name;
    a.x = site.x;
    a.y = site.y;
    a.candidate = target.candidate;
    if (!model.all_round() && !columns_of[s].empty()) a.heading_deg = all.columns[column].heading_deg;
    a.past_first = first;
    a.past_last = last;
    if (!columns_of[s].empty()) {
      for (const auto i : all.columns[column].points) {
        a.past_incidents += point_count[i];
        a.past_harm += point_harm[i];
        if (base[i] <= 0) {
          a.past_incidents_new += point_count[i];
          a.past_harm_new += point_harm[i];
        }
      }
      a.main_types = detail::main_types(incidents, points, all.columns[column], first, last, 3);
    } else {
      a.main_types = "none";
    }
    a.value = value[s];
    const double q_weight = columns_of[s].empty() ? 0.0 : seen(column, quarter_forecast);
    const double q_count = columns_of[s].empty() ? 0.0 : seen(column, quarter_count);
    a.interval = similar_interval(samples_count, q_count, options.demand.interval_level, quarter);
    const ForecastInterval weight_interval = similar_interval(samples, q_weight, options.demand.interval_level, quarter);
    a.expected_incidents = apply_interval(a.interval, columns_of[s].empty() ? 0.0 : seen(column, forecast_count));
    a.expected_weight = apply_interval(weight_interval, a.value);
    a.of = candidates.size() + (target.candidate ? 0 : 1);
    a.rank = 1;
    for (std::size_t c = 0; c < candidates.size(); ++c) a.rank += value[c] > a.value ? 1 : 0;
    a.best_site = candidates.empty() ? std::string() : candidates[best_candidate].label;
    a.share_of_best = !candidates.empty() && value[best_candidate] > 0 ? a.value / value[best_candidate] : 0.0;
    std::vector<std::size_t> better;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (c == s || value[c] <= a.value) continue;
      if (std::hypot(candidates[c].x - site.x, candidates[c].y - site.y) <= options.walk_m) better.push_back(c);
    }
    std::stable_sort(better.begin(), better.end(), [&](std::size_t l, std::size_t r) { return value[l] > value[r]; });
    for (std::size_t k = 0; k < better.size() && k < options.alternatives; ++k) {
      const std::size_t c = better[k];
      // On this site's scale (its median ratio), so the alternatives' figures compare with its own.
      const double scale = a.interval.available() ? a.interval.median_ratio : 1.0;
      a.alternatives.push_back({candidates[c].label, std::hypot(candidates[c].x - site.x, candidates[c].y - site.y),
                                seen(best_column[c], forecast_count) * scale, value[c]});
    }

    // The paragraph a committee paper can quote.
    std::string p = "A camera at " + a.name + " would have seen " + whole(static_cast<double>(a.past_incidents)) +
                    " recorded incidents from " + past_span + " (crime-harm score " + whole(a.past_harm) + ")";
    if (!scene.existing.empty()) {
      p += ", " + whole(static_cast<double>(a.past_incidents_new)) + " of them not already in view of an existing camera";
    }
    p += a.main_types == "none" ? "." : "; mostly " + a.main_types + ".";
    p += " Over the next " + std::to_string(options.horizon_months) + " months (" + next_span + ") it is expected to see " +
         detail::figure_text(a.expected_incidents, a.interval, "incidents") +
         (scene.existing.empty() ? "" : " that the existing cameras do not") + ".";
    if (!candidates.empty()) {
      const bool is_best = a.candidate && s == best_candidate;
      p += " Of " + std::to_string(a.of) + " candidate sites it ranks " + ordinal(a.rank) + " by " + by +
           (is_best ? std::string(": it is the best.")
                    : ", reaching " + fixed_text(100 * a.share_of_best, 0) + "% of the best, " + a.best_site + ".");
    }
    if (a.alternatives.empty()) {
      p += " No candidate site within " + fixed_text(options.walk_m, 0) + " m would see more.";
    } else {
      const auto& alt = a.alternatives.front();
      p += " Within " + fixed_text(options.walk_m, 0) + " m, " + alt.name + " (" + fixed_text(alt.distance_m, 0) +
           " m away) would see " +
           (a.value > 0 ? fixed_text(100 * (alt.value / a.value - 1), 0) + "% more" : std::string("more")) + ".";
    }
    a.paragraph = std::move(p);
    report.sites.push_back(std::move(a));
  }

  // Table, CSV, section, text.
  std::string csv =
      "site,easting,northing,candidate,heading_deg,past_from,past_to,past_incidents,past_harm,past_incidents_new,"
      "past_harm_new,horizon_months,expected_incidents,incidents_low,incidents_high,expected_weight,weight_low,weight_high,"
      "rank,of,share_of_best,best_site,main_crime_types,alternatives,summary\n";
  report.table.title = "Sites appraised";
  report.table.header = {"Site", "Incidents seen (" + past_span + ")", "Not seen by existing cameras",
                         "Expected next " + std::to_string(options.horizon_months) + " months", "Rank",
                         "Share of the best site", "Main crime types", "Better sites within " + fixed_text(options.walk_m, 0) + " m"};
  for (const auto& a : report.sites) {
    std::string alternatives;
    for (const auto& alt : a.alternatives) {
      alternatives += (alternatives.empty() ? "" : "; ") + alt.name + " (" + fixed_text(alt.distance_m, 0) + " m, " +
                      fixed_text(alt.expected_incidents, 1) + " incidents)";
    }
    csv += csv_cell(a.name) + "," + fixed_text(a.x, 2) + "," + fixed_text(a.y, 2) + "," + (a.candidate ? "yes" : "no") + "," +
           (a.heading_deg ? fixed_text(*a.heading_deg, 1) : "") + "," + format_month(a.past_first) + "," +
           format_month(a.past_last) + "," + std::to_string(a.past_incidents) + "," + fixed_text(a.past_harm, 2) + "," +
           std::to_string(a.past_incidents_new) + "," + fixed_text(a.past_harm_new, 2) + "," +
           std::to_string(options.horizon_months) + "," + fixed_text(a.expected_incidents.expected, 2) + "," +
           fixed_text(a.expected_incidents.low, 2) + "," + fixed_text(a.expected_incidents.high, 2) + "," +
           fixed_text(a.expected_weight.expected, 2) + "," + fixed_text(a.expected_weight.low, 2) + "," +
           fixed_text(a.expected_weight.high, 2) + "," + std::to_string(a.rank) + "," + std::to_string(a.of) + "," +
           fixed_text(a.share_of_best, 4) + "," + csv_cell(a.best_site) + "," + csv_cell(a.main_types) + "," +
           csv_cell(alternatives) + "," + csv_cell(a.paragraph) + "\n";
    report.table.rows.push_back({a.name, whole(static_cast<double>(a.past_incidents)),
                                 whole(static_cast<double>(a.past_incidents_new)),
                                 detail::figure_text(a.expected_incidents, a.interval, "incidents"),
                                 ordinal(a.rank) + " of " + std::to_string(a.of), fixed_text(100 * a.share_of_best, 0) + "%",
                                 a.main_types, alternatives.empty() ? std::string("none") : alternatives});
  }
  report.csv = std::move(csv);
  report.section.heading = report.sites.size() == 1 ? "Does " + report.sites.front().name + " earn a camera?"
                                                      : "Do these sites earn a camera?";
  for (const auto& a : report.sites) report.section.paragraphs.push_back(a.paragraph);
  report.section.paragraphs.push_back(choice.summary);
  if (!report.sites.empty()) {
    report.section.paragraphs.push_back(
        detail::interval_sentence(report.sites.front().interval, report.sites.front().name) +
        " The backtest pairs are the candidate sites whose quarter forecasts were like this site's; a year's figure is the "
        "quarter's rate times " + std::to_string(options.horizon_months) + " months, and its interval uses the quarter's ratios.");
  }
  report.section.tables.push_back(report.table);
  std::string text;
  for (const auto& a : report.sites) text += "cctv appraise: " + a.paragraph + "\n";
  text += "cctv appraise: " + choice.summary + "\n";
  report.summary_text = std::move(text);
  // The demand model's own notes are about intervals for planned cameras; say how far each
  // site's own interval can be trusted instead.
  for (const auto& a : report.sites) {
    if (a.interval.available() && a.interval.guaranteed_level + 1e-12 < a.interval.level) {
      report.notes.push_back(a.name + ": with " + std::to_string(a.interval.samples) +
                             " backtest pairs the interval is their whole range, which can promise only " +
                             fixed_text(100 * a.interval.guaranteed_level, 0) + "% coverage");
    }
  }
  return report;
}

}  // namespace hotspot
