// `hotspot backtest`: rolling-origin evaluation of hotspot methods (and optionally CCTV plans).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "hotspot/cctv/candidate_sites.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/density/study_area_mask.hpp"
#include "hotspot/evaluation/backtest.hpp"
#include "hotspot/evaluation/camera_backtest.hpp"
#include "hotspot/io/atomic_file.hpp"

namespace hotspot::cli {
namespace {

constexpr const char* kBacktestStage = "backtest";

struct BacktestFlags {
  InputFlags input;
  evaluation::BacktestOptions options;
  double cell = 100.0;
  std::string kernel = "quartic";
  std::vector<double> bandwidths = {50.0, 100.0, 200.0, 400.0};
  std::vector<double> area_percent = {1.0, 5.0, 10.0};
  bool no_auto = false, no_gistar = false, no_previous = false, no_random = false;
  std::string csv, summary_csv, markdown;
  // Cameras (off unless --cameras is given).
  int cameras = 0;
  double range = 60.0, fov = 360.0, spacing = 50.0, min_separation = 0.0;
  int headings = 8;
  std::string camera_csv;
  bool quiet = false;
};

void run(BacktestFlags flags) {
  const PreparedIncidents prepared = prepare_from_flags(flags.input);
  const Incidents& incidents = prepared.incidents;
  if (incidents.empty()) throw Error(ErrorCode::data, kBacktestStage, "no incidents left after filtering");

  evaluation::BacktestOptions o = flags.options;
  o.cell_size = flags.cell;
  o.kernel = *density::parse_kernel(flags.kernel);
  o.bandwidths = flags.bandwidths;
  o.area_shares.clear();
  for (double p : flags.area_percent) o.area_shares.push_back(p / 100.0);
  o.auto_bandwidth = !flags.no_auto;
  o.gi_star = !flags.no_gistar;
  o.previous_period = !flags.no_previous;
  o.uniform_random = !flags.no_random;
  const auto [xmin, xmax] = std::minmax_element(incidents.x.begin(), incidents.x.end());
  const auto [ymin, ymax] = std::minmax_element(incidents.y.begin(), incidents.y.end());
  const double diagonal = std::hypot(*xmax - *xmin, *ymax - *ymin);
  check_distance(flags.cell, "--cell", diagonal);
  for (double h : o.bandwidths) check_distance(h, "--bandwidths", diagonal);
  // The grid: the study area's bounds with --within (cells whose centre is inside count),
  // else the incidents' bounding box.
  if (prepared.area) {
    const Bounds& b = prepared.area->bounds();
    o.grid = snap_grid(b.min_x, b.min_y, b.max_x, b.max_y, flags.cell);
    o.study_area = density::rasterize_study_area(prepared.area->wkb(), o.grid);
  } else {
    o.grid = snap_grid(*xmin, *ymin, *xmax, *ymax, flags.cell);
  }

  const evaluation::BacktestResult result = evaluation::run_backtest(incidents, o);
  for (const std::string& note : result.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
  if (!flags.csv.empty()) write_file_atomically(flags.csv, evaluation::backtest_csv(result));
  if (!flags.summary_csv.empty()) write_file_atomically(flags.summary_csv, evaluation::backtest_summary_csv(result));
  std::string markdown = evaluation::backtest_markdown(result);

  if (flags.cameras > 0) {
    evaluation::CameraBacktestOptions c;
    c.origins = o.origins;
    c.coverage.camera.range_m = flags.range;
    c.coverage.camera.fov_deg = flags.fov;
    c.coverage.camera.headings = flags.headings;
    c.coverage.camera.validate();
    c.coverage.threads = o.threads;
    c.planner.cameras = flags.cameras;
    c.planner.min_separation_m = flags.min_separation;
    // Candidates: a lattice over the study area, or over the incidents' bounding box.
    std::vector<std::string> notes;
    std::unique_ptr<StudyArea> box;
    const StudyArea* area = prepared.area.get();
    if (area == nullptr) {
      box = std::make_unique<StudyArea>(StudyArea::from_bbox(Bounds{*xmin, *ymin, *xmax, *ymax},
                                                             prepared.crs.definition, prepared.crs.definition));
      area = box.get();
    }
    CandidateOptions candidates;
    candidates.spacing_m = flags.spacing;
    candidates.lattice_area = area;
    CandidateReport report;
    const ObstacleSet open_ground;
    const std::vector<CameraSite> sites =
        generate_candidates(candidates, open_ground, prepared.crs.definition, report, notes);
    const evaluation::CameraBacktestResult cameras = evaluation::backtest_cameras(incidents, sites, open_ground, c);
    if (!flags.camera_csv.empty()) write_file_atomically(flags.camera_csv, evaluation::camera_backtest_csv(cameras));
    markdown += "\nCameras: " + std::to_string(sites.size()) + " lattice candidates every " +
                std::to_string(static_cast<long>(flags.spacing)) + " m, range " +
                std::to_string(static_cast<long>(flags.range)) + " m, field of view " +
                std::to_string(static_cast<long>(flags.fov)) + "°, open ground. " +
                evaluation::camera_backtest_markdown(cameras);
  }
  if (!flags.markdown.empty()) write_file_atomically(flags.markdown, markdown);
  if (!flags.quiet) std::fputs(markdown.c_str(), stdout);
}

}  // namespace

void register_backtest_command(CLI::App& app) {
  auto flags = std::make_shared<BacktestFlags>();
  auto* sub = app.add_subcommand("backtest",
                                 "Rolling-origin evaluation of hotspot methods: hit rate, PAI, PEI and RRI of KDE, "
                                 "Gi*, previous-period counts and random cells on later months");
  add_input_options(*sub, flags->input);
  evaluation::BacktestOptions& o = flags->options;
  auto* g = "Backtest";
  sub->add_option("--cell", flags->cell, "Grid cell size in metres")->default_val(100.0)->group(g);
  sub->add_option("--bandwidths", flags->bandwidths, "Fixed KDE bandwidths in metres (empty: none)")
      ->delimiter(',')
      ->default_str("50,100,200,400")
      ->group(g);
  sub->add_option("--kernel", flags->kernel, "Kernel of the KDE methods")
      ->check(CLI::IsMember({"quartic", "biweight", "epanechnikov", "triweight", "triangular", "uniform", "gaussian"}))
      ->default_val("quartic")
      ->group(g);
  sub->add_flag("--no-auto-bandwidth", flags->no_auto, "Leave out KDE with the temporal-CV bandwidth")->group(g);
  sub->add_option("--auto-max-bandwidth", o.auto_max_bandwidth, "Largest bandwidth temporal CV tries (m)")
      ->check(CLI::PositiveNumber)
      ->default_val(3000.0)
      ->group(g);
  sub->add_flag("--no-gistar", flags->no_gistar, "Leave out Gi* hot cells")->group(g);
  sub->add_option("--gistar-band", o.gi_star_band, "Gi* distance band in metres (0: 1.5 cells)")
      ->check(CLI::NonNegativeNumber)
      ->default_val(0.0)
      ->group(g);
  sub->add_flag("--no-previous-period", flags->no_previous, "Leave out previous-period counts")->group(g);
  sub->add_flag("--no-random", flags->no_random, "Leave out uniform random cells")->group(g);
  sub->add_option("--draws", o.random_draws, "Random draws averaged for the uniform random method")
      ->check(CLI::Range(1, 100000))
      ->default_val(200)
      ->group(g);
  sub->add_option("--seed", o.seed, "Seed of the random draws")->default_val(20240101)->group(g);
  sub->add_option("--horizon", o.origins.horizon, "Months tested after each origin")
      ->check(CLI::Range(1, 120))
      ->default_val(1)
      ->group(g);
  sub->add_option("--min-training-months", o.origins.min_training_months,
                  "Months with data an origin's training window must hold")
      ->check(CLI::Range(1, 1200))
      ->default_val(3)
      ->group(g);
  sub->add_option("--training-months", o.origins.training_months,
                  "Calendar months in the training window ending at the origin (0: all earlier months)")
      ->check(CLI::Range(0, 1200))
      ->default_val(12)
      ->group(g);
  sub->add_option("--area-shares", flags->area_percent, "Percentages of the study area to select")
      ->check(CLI::Range(0.0, 100.0))
      ->check([](const std::string& s) { return std::stod(s) > 0.0 ? std::string() : "a share must be above 0%"; })
      ->delimiter(',')
      ->default_str("1,5,10")
      ->group(g);
  sub->add_option("--threads", o.threads, "Threads (0: all cores); never changes the output")
      ->check(CLI::NonNegativeNumber)
      ->default_val(0)
      ->group(g);
  auto* cam = "Cameras";
  sub->add_option("--cameras", flags->cameras,
                  "Also backtest N planned CCTV cameras against N at the busiest training locations (0: off)")
      ->check(CLI::Range(0, 10000))
      ->default_val(0)
      ->group(cam);
  sub->add_option("--range", flags->range, "Camera range in metres")->check(CLI::PositiveNumber)->default_val(60.0)->group(cam);
  sub->add_option("--fov", flags->fov, "Camera field of view in degrees; 360 for domes/PTZ")
      ->check(CLI::Range(1.0, 360.0))
      ->default_val(360.0)
      ->group(cam);
  sub->add_option("--headings", flags->headings, "Directions tried for a fixed camera")
      ->check(CLI::Range(1, 360))
      ->default_val(8)
      ->group(cam);
  sub->add_option("--spacing", flags->spacing, "Spacing of the candidate lattice in metres")
      ->check(CLI::PositiveNumber)
      ->default_val(50.0)
      ->group(cam);
  sub->add_option("--min-separation", flags->min_separation, "Minimum distance between cameras (m)")
      ->check(CLI::NonNegativeNumber)
      ->default_val(0.0)
      ->group(cam);
  auto* out = "Output";
  sub->add_option("--csv", flags->csv, "Write one row per origin, method and area share")->group(out);
  sub->add_option("--summary-csv", flags->summary_csv, "Write one row per method and area share")->group(out);
  sub->add_option("--markdown", flags->markdown, "Write the Markdown summary table")->group(out);
  sub->add_option("--camera-csv", flags->camera_csv, "Write one row per origin of the camera backtest")
      ->needs("--cameras")
      ->group(out);
  sub->add_flag("--quiet,-q", flags->quiet, "Do not print the table")->group(out);
  add_config_options(*sub);
  sub->callback([flags, sub] {
    if (handled_write_config(*sub)) return;
    run(*flags);
  });
}

}  // namespace hotspot::cli
