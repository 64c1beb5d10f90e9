#include "hotspot/commands/backtest.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <memory>

#include "hotspot/commands/cctv.hpp"
#include "hotspot/commands/choices.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/geo/crs.hpp"
#include "hotspot/step/input.hpp"

namespace hotspot::commands {
namespace {

constexpr const char* kStage = "backtest";

std::string percent_list(const std::vector<double>& shares) {
  std::string out;
  for (double s : shares) out += (out.empty() ? "" : ",") + step::number_text(std::round(s * 100.0 * 1e9) / 1e9);
  return out;
}

}  // namespace

void declare_backtest(step::Declarer& d, BacktestStepOptions& options) {
  evaluation::BacktestOptions& o = options.maps;
  d.group("Backtest");
  d.number("cell", o.cell_size, "Grid cell size in metres").above(0).unit("m").override_of_default(
      "100 m: the cells hotspot-prediction studies rank (docs/backtest.md)");
  d.numbers("bandwidths", o.bandwidths, "Fixed KDE bandwidths in metres (empty: none)").above(0);
  d.choice<density::Kernel>("kernel", o.kernel, kKernels, "Kernel of the KDE methods");
  d.negated_flag("no-auto-bandwidth", o.auto_bandwidth, "Leave out KDE with the temporal-CV bandwidth");
  d.number("auto-max-bandwidth", o.auto_max_bandwidth, "Largest bandwidth temporal CV tries (m)").above(0).unit("m");
  d.negated_flag("no-gistar", o.gi_star, "Leave out Gi* hot cells");
  d.number("gistar-band", o.gi_star_band, "Gi* distance band in metres (0: 1.5 cells)").at_least(0).unit("m");
  d.negated_flag("no-previous-period", o.previous_period, "Leave out previous-period counts");
  d.negated_flag("no-random", o.uniform_random, "Leave out uniform random cells");
  d.integer("draws", o.random_draws, "Random draws averaged for the uniform random method").range(1, 100000);
  d.integer("seed", o.seed, "Seed of the random draws");
  d.integer("horizon", o.origins.horizon, "Months tested after each origin").range(1, 120);
  d.integer("min-training-months", o.origins.min_training_months, "Months with data an origin's training window must hold")
      .range(1, 1200);
  d.integer("training-months", o.origins.training_months,
            "Calendar months in the training window ending at the origin (0: all earlier months)")
      .range(0, 1200);
  d.custom("area-shares", step::ValueKind::numbers, percent_list(o.area_shares),
           [&o, first = true](const std::string& v) mutable {
             if (first) o.area_shares.clear();
             first = false;
             double percent = 0;
             try {
               std::size_t used = 0;
               percent = std::stod(v, &used);
               if (used != v.size() || !(percent > 0 && percent <= 100)) throw std::invalid_argument(v);
             } catch (const std::exception&) {
               throw Error(ErrorCode::usage, kStage, "--area-shares \"" + v + "\": a percentage above 0, at most 100");
             }
             o.area_shares.push_back(percent / 100.0);
           },
           "Percentages of the study area to select")
      .unit("%");
  d.integer("threads", o.threads, "Threads (0: all cores); never changes the output").at_least(0);

  d.group("Cameras");
  d.integer("cameras", options.cameras,
            "Also backtest N planned CCTV cameras against N at the busiest training locations (0: off)")
      .range(0, 10000)
      .override_of_default("0: the camera backtest runs only when asked");
  declare_camera(d, options.camera, options.visibility, nullptr);
  declare_siting(d, options.candidates, options.planner);
}

BacktestOutcome run_backtest(const PreparedIncidents& prepared, const BacktestStepOptions& in, step::OutputSink& sink) {
  const Incidents& incidents = prepared.incidents;
  if (incidents.empty()) throw Error(ErrorCode::data, kStage, "no incidents left after filtering");
  evaluation::BacktestOptions o = in.maps;
  const auto [xmin, xmax] = std::minmax_element(incidents.x.begin(), incidents.x.end());
  const auto [ymin, ymax] = std::minmax_element(incidents.y.begin(), incidents.y.end());
  const double diagonal = std::hypot(*xmax - *xmin, *ymax - *ymin);
  check_distance(o.cell_size, "--cell", diagonal);
  for (double h : o.bandwidths) check_distance(h, "--bandwidths", diagonal);
  // The grid: the study area's bounds with --within (cells whose centre is inside count),
  // else the incidents' bounding box.
  if (prepared.area) {
    const Bounds& b = prepared.area->bounds();
    o.grid = snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, o.cell_size);
    o.study_area = density::rasterize_study_area(prepared.area->wkb(), o.grid);
  } else {
    o.grid = snap_grid(*xmin, *ymin, *xmax, *ymax, o.cell_size);
  }
  BacktestOutcome out;
  out.maps = evaluation::run_backtest(incidents, o);
  step::Messages& messages = sink.messages();
  for (const std::string& note : out.maps.notes) messages.note(note);
  const char* unchecked = "unchecked counts per month";
  sink.file("backtest.csv", evaluation::backtest_csv(out.maps), unchecked);
  sink.file("backtest_summary.csv", evaluation::backtest_summary_csv(out.maps), unchecked);
  std::string markdown = evaluation::backtest_markdown(out.maps);

  if (in.cameras > 0) {
    evaluation::CameraBacktestOptions c;
    c.origins = o.origins;
    c.coverage.camera = in.camera;
    c.coverage.camera.validate();
    c.coverage.visibility = in.visibility;
    c.coverage.threads = o.threads;
    c.planner = in.planner;
    c.planner.cameras = in.cameras;
    c.planner.budget.reset();
    // Candidates: a lattice over the study area, or over the incidents' bounding box.
    std::vector<std::string> notes;
    std::unique_ptr<StudyArea> box;
    const StudyArea* area = prepared.area.get();
    if (area == nullptr) {
      box = std::make_unique<StudyArea>(
          StudyArea::from_bbox(Bounds{*xmin, *ymin, *xmax, *ymax}, prepared.crs.definition, prepared.crs.definition));
      area = box.get();
    }
    CandidateOptions candidates = in.candidates;
    candidates.lattice_area = area;
    if (!(candidates.spacing_m > 0)) throw Error(ErrorCode::usage, kStage, "the camera backtest needs a lattice spacing above 0");
    CandidateReport report;
    const ObstacleSet open_ground;
    const std::vector<CameraSite> sites = generate_candidates(candidates, open_ground, prepared.crs.definition, report, notes);
    out.cameras = evaluation::backtest_cameras(incidents, sites, open_ground, c);
    sink.file("camera_backtest.csv", evaluation::camera_backtest_csv(*out.cameras), "unchecked weights per month");
    markdown += "\nCameras: " + std::to_string(sites.size()) + " lattice candidates every " +
                std::to_string(static_cast<long>(candidates.spacing_m)) + " m, range " +
                std::to_string(static_cast<long>(in.camera.range_m)) + " m, field of view " +
                std::to_string(static_cast<long>(in.camera.fov_deg)) + "°, open ground. " +
                evaluation::camera_backtest_markdown(*out.cameras);
  }
  sink.file("backtest.md", markdown, unchecked);
  messages.print(markdown);
  return out;
}

namespace {

struct BacktestCommand {
  step::InputSettings input;
  BacktestStepOptions backtest;
  std::string out, csv, summary_csv, markdown, camera_csv;
  bool quiet = false;
};

void declare_backtest_command(step::Declarer& d, BacktestCommand& c) {
  step::declare_input(d, c.input);
  declare_backtest(d, c.backtest);
  d.group("Output");
  d.text("out", c.out,
         "Folder for backtest.csv, backtest_summary.csv, backtest.md (and camera_backtest.csv with --cameras); the "
         "single-file options below write elsewhere")
      .short_name('o')
      .role(step::Role::output_folder);
  d.text("csv", c.csv, "Write one row per origin, method and area share").role(step::Role::output_file);
  d.text("summary-csv", c.summary_csv, "Write one row per method and area share").role(step::Role::output_file);
  d.text("markdown", c.markdown, "Write the Markdown summary table").role(step::Role::output_file);
  d.text("camera-csv", c.camera_csv, "Write one row per origin of the camera backtest")
      .role(step::Role::output_file)
      .needs("cameras");
  step::declare_quiet(d, c.quiet, "Do not print the table");
}

void run_backtest_command(const BacktestCommand& c, const step::Declarer&, step::Messages& messages) {
  step::SinkLayout layout;
  layout.folder = c.out;
  // A single-file option names that output's own place (inside the folder or anywhere).
  const auto place = [&](const std::string& id, const std::string& path) {
    if (!path.empty()) {
      layout.paths[id] = c.out.empty() ? std::filesystem::path(path) : std::filesystem::absolute(path);
    } else if (c.out.empty()) {
      layout.paths[id] = std::filesystem::path();
    }
  };
  place("backtest.csv", c.csv);
  place("backtest_summary.csv", c.summary_csv);
  place("backtest.md", c.markdown);
  place("camera_backtest.csv", c.camera_csv);
  step::QuietMessages shown(messages, c.quiet);
  step::FileSink sink("backtest", layout, {}, true, shown);
  const PreparedIncidents prepared = step::prepare_input(c.input, shown);
  (void)run_backtest(prepared, c.backtest, sink);
  sink.commit();
}

}  // namespace

step::CommandSpec backtest_command() {
  return step::make_command<BacktestCommand>(
      "backtest",
      "Rolling-origin evaluation of hotspot methods: hit rate, PAI, PEI and RRI of KDE, Gi*, previous-period counts and "
      "random cells on later months",
      {{"backtest.csv", step::OutputKind::table, "backtest.csv", "one row per origin, method and area share", false},
       {"backtest_summary.csv", step::OutputKind::table, "backtest_summary.csv", "one row per method and area share", false},
       {"backtest.md", step::OutputKind::text, "backtest.md", "the summary table in Markdown", false},
       {"camera_backtest.csv", step::OutputKind::table, "camera_backtest.csv", "the camera backtest per origin", false}},
      declare_backtest_command, run_backtest_command);
}

}  // namespace hotspot::commands
