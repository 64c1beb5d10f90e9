// `hotspot plan`: the whole job for one study area in one command.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/layer_output.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/plan/plan.hpp"

namespace hotspot::cli {
namespace {

struct PlanFlags {
  InputFlags input;
  plan::PlanOptions options = plan::default_plan_options();
  std::string out_dir;
  std::string bandwidth = "cv";
  bool quiet = false;
  bool count_plans = false;
  std::string candidates, candidates_layer, existing, existing_layer, existing_where, buildings, buildings_layer,
      roads, roads_layer;
  std::string context, context_layer, context_where, context_label;
  PublishFlags publish;
};

std::string clock_text(double seconds) {
  const auto s = static_cast<long>(seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", s / 60, s % 60);
  return buffer;
}

/// On a terminal: one line redrawn in place (stage, percent, elapsed), ticking every 0.2 s
/// while a stage runs; each finished stage leaves a line with its summary. Elsewhere (a log
/// file, CI): plain lines only, no control characters.
class StderrProgress final : public plan::Progress {
 public:
  StderrProgress() : terminal_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {
    if (terminal_) ticker_ = std::thread([this] { tick(); });
  }
  ~StderrProgress() override {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) ticker_.join();
  }
  StderrProgress(const StderrProgress&) = delete;
  StderrProgress& operator=(const StderrProgress&) = delete;

  void started(std::size_t index, std::size_t count, std::string_view stage) override {
    const std::lock_guard lock(mutex_);
    index_ = index;
    count_ = count;
    stage_ = stage;
    stage_start_ = std::chrono::steady_clock::now();
    if (terminal_) {
      draw();
    } else {
      std::fprintf(stderr, "hotspot: plan [%zu/%zu] %s ...\n", index + 1, count, stage_.c_str());
    }
  }

  void finished(std::size_t index, std::size_t count, std::string_view stage, std::string_view summary) override {
    const std::lock_guard lock(mutex_);
    const double took = seconds_since(stage_start_);
    if (terminal_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "hotspot: plan [%zu/%zu] %.*s (%.1f s): %.*s\n", index + 1, count,
                 static_cast<int>(stage.size()), stage.data(), took, static_cast<int>(summary.size()), summary.data());
    stage_.clear();
  }

 private:
  static double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }

  void draw() {
    if (stage_.empty()) return;
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  %s  %s", index_ + 1, count_,
                 100.0 * static_cast<double>(index_) / static_cast<double>(count_), stage_.c_str(),
                 clock_text(seconds_since(start_)).c_str());
    std::fflush(stderr);
  }

  void tick() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(200));
      if (!stop_) draw();
    }
  }

  bool terminal_;
  std::chrono::steady_clock::time_point start_, stage_start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::size_t index_ = 0, count_ = 0;
  std::string stage_;
  std::thread ticker_;
};

std::optional<AreaSource> source_of(const std::string& path, const std::string& layer, const std::string& where = {}) {
  if (path.empty()) return std::nullopt;
  return AreaSource{path, layer, where};
}

void run(PlanFlags& flags) {
  plan::PlanOptions options = flags.options;
  options.input = resolve_input_options(flags.input);
  options.out_dir = flags.out_dir;
  options.harm_for_plans = !flags.count_plans;
  if (flags.bandwidth == "cv") {
    options.density.rule = density::BandwidthRule::cross_validation;
  } else {
    try {
      std::size_t used = 0;
      options.density.bandwidth = std::stod(flags.bandwidth, &used);
      if (used != flags.bandwidth.size() || !(options.density.bandwidth > 0)) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, "plan", "--bandwidth \"" + flags.bandwidth + "\" is neither metres nor cv");
    }
    options.density.rule = density::BandwidthRule::fixed;
  }
  options.cctv.candidates.points = source_of(flags.candidates, flags.candidates_layer);
  options.cctv.existing = source_of(flags.existing, flags.existing_layer, flags.existing_where);
  options.cctv.obstacles = source_of(flags.buildings, flags.buildings_layer);
  if (!flags.context.empty()) {
    options.context.push_back({AreaSource{flags.context, flags.context_layer, flags.context_where}, flags.context_label,
                               "context"});
  }
  if (!flags.roads.empty()) options.roads = LineSource{flags.roads, flags.roads_layer, ""};
  options.cctv.camera.validate();
  options.publish = {flags.publish.publish, flags.publish.min_count, flags.publish.grid_m};

  std::unique_ptr<StderrProgress> progress;
  if (!flags.quiet) progress = std::make_unique<StderrProgress>();
  const plan::PlanResult result = plan::run_plan(options, progress.get());
  progress.reset();
  if (!flags.quiet) {
    for (const auto& note : result.notes) std::fprintf(stderr, "hotspot: note: %s\n", note.c_str());
    std::fputs(result.summary_text.c_str(), stdout);
    std::printf("\nwrote %zu files to %s\n", result.files.size(), flags.out_dir.c_str());
  }
}

}  // namespace

void register_plan_command(CLI::App& app) {
  auto flags = std::make_shared<PlanFlags>();
  auto* sub = app.add_subcommand(
      "plan",
      "The whole job for a study area: profile, density (bandwidth by temporal cross-validation), hotspot polygons, "
      "Gi*, emerging trends, CCTV sites, patrol plan and backtest, written to one folder");
  add_input_options(*sub, flags->input);
  plan::PlanOptions& o = flags->options;

  const char* out = "Output";
  // Checked when the plan runs, so `--write-config` needs no folder.
  sub->add_option("--out-dir,-o", flags->out_dir, "Folder for every output (created if missing; required)")->group(out);
  sub->add_option("--context", flags->context,
                  "A reference layer drawn under the maps (districts, wards): any OGR source")
      ->check(CLI::ExistingPath)->group(out);
  sub->add_option("--context-layer", flags->context_layer, "Layer of --context")->needs("--context")->group(out);
  sub->add_option("--context-where", flags->context_where, "Attribute filter on --context")->needs("--context")->group(out);
  sub->add_option("--context-label", flags->context_label, "Field of --context naming each feature")
      ->needs("--context")->group(out);
  sub->add_option("--title", o.title, "Title of the report and project (default: from the study area)")->group(out);
  sub->add_flag("--quiet,-q", flags->quiet, "No progress and no summary")->group(out);
  sub->add_option("--tile-url", o.tile_url,
                  "Basemap tiles for the report when read online, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                  "(default: none; the report then fetches nothing)")
      ->group(out);
  sub->add_option("--tile-attribution", o.tile_attribution, "Attribution of --tile-url, shown on the map")
      ->needs("--tile-url")->group(out);

  const char* maps = "Maps";
  sub->add_option("--cell", o.density.cell, "Density cell size in metres")
      ->check(CLI::Range(1.0, 10000.0))->default_val(25)->group(maps);
  sub->add_option("--bandwidth", flags->bandwidth,
                  "Density bandwidth in metres, or cv: chosen by how well it predicts held-out months")
      ->default_val("cv")->group(maps);
  sub->add_option("--cv-max", o.density.cv_max, "Largest bandwidth cross-validation tries, metres")
      ->check(CLI::PositiveNumber)->default_val(1500)->group(maps);
  sub->add_option("--levels", o.density.levels, "Hotspot polygons: percentages of the study area with the highest density")
      ->check(CLI::Range(0.001, 100.0))->delimiter(',')->default_str("0.1,0.5,1")->group(maps);
  sub->add_option("--gistar-cell", o.gistar.cell_size, "Gi* and trends cell size in metres (default: automatic)")
      ->check(CLI::PositiveNumber)->group(maps);

  const char* cam = "Cameras";
  sub->add_option("--cameras", o.cctv.planner.cameras, "New cameras to site")
      ->check(CLI::Range(0, 1000))->default_val(4)->group(cam);
  sub->add_option("--range", o.cctv.camera.range_m, "Camera range in metres")
      ->check(CLI::Range(5.0, 500.0))->default_val(60)->group(cam);
  sub->add_option("--fov", o.cctv.camera.fov_deg, "Field of view in degrees; 360 for domes/PTZ")
      ->check(CLI::Range(1.0, 360.0))->default_val(360)->group(cam);
  sub->add_option("--min-separation", o.cctv.planner.min_separation_m, "Least distance between new cameras, metres")
      ->check(CLI::Range(0.0, 10000.0))->default_val(150)->group(cam);
  sub->add_option("--spacing", o.cctv.candidates.spacing_m,
                  "Candidate lattice spacing inside the study area, metres (0: none)")
      ->check(CLI::Range(0.0, 10000.0))->default_val(100)->group(cam);
  sub->add_option("--candidates", flags->candidates, "Candidate camera sites (OGR point layer)")
      ->check(CLI::ExistingPath)->group(cam);
  sub->add_option("--candidates-layer", flags->candidates_layer, "Layer of --candidates")->needs("--candidates")->group(cam);
  sub->add_option("--existing", flags->existing, "Existing cameras (OGR point layer), locked in")
      ->check(CLI::ExistingPath)->group(cam);
  sub->add_option("--existing-layer", flags->existing_layer, "Layer of --existing")->needs("--existing")->group(cam);
  sub->add_option("--existing-where", flags->existing_where, "Attribute filter on --existing")
      ->needs("--existing")->group(cam);
  sub->add_option("--buildings", flags->buildings, "Building footprints that block the view (OGR polygons)")
      ->check(CLI::ExistingPath)->group(cam);
  sub->add_option("--buildings-layer", flags->buildings_layer, "Layer of --buildings")->needs("--buildings")->group(cam);

  const char* pat = "Patrols";
  sub->add_option("--units", o.patrol.beats.units, "Patrol units")->check(CLI::Range(1u, 100u))->default_val(1)->group(pat);
  sub->add_option("--harm-share", o.patrol.selection.harm_share, "Patrol the fewest places holding this share of harm")
      ->check(CLI::Range(0.001, 1.0))->default_val(0.25)->group(pat);
  sub->add_option("--patrol-hours-per-week", o.patrol.dosage.patrol_hours_per_week, "On-site patrol hours a week")
      ->check(CLI::Range(0.25, 10000.0))->default_val(40)->group(pat);
  sub->add_option("--roads", flags->roads, "Roads (OGR lines): patrol routes along them, camera candidates on them")
      ->check(CLI::ExistingPath)->group(pat);
  sub->add_option("--roads-layer", flags->roads_layer, "Layer of --roads")->needs("--roads")->group(pat);
  sub->add_flag("--count-plans", flags->count_plans,
                "Cameras and patrols weigh incidents like the maps (--weight) instead of by harm")
      ->group(pat);
  sub->add_option("--threads", o.threads, "Threads (0: all cores); never changes the outputs")
      ->check(CLI::NonNegativeNumber)->default_val(0)->group(maps);
  add_publish_options(*sub, flags->publish);
  add_config_options(*sub);
  sub->callback([flags, sub] {
    if (handled_write_config(*sub)) return;
    run(*flags);
  });
}

}  // namespace hotspot::cli
