#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/analysis/profile.hpp"
#include "hotspot/commands/cctv.hpp"
#include "hotspot/commands/density.hpp"
#include "hotspot/commands/gistar.hpp"
#include "hotspot/commands/patrol.hpp"
#include "hotspot/commands/trends.hpp"
#include "hotspot/evaluation/backtest.hpp"
#include "hotspot/evaluation/camera_backtest.hpp"
#include "hotspot/evaluation/intervention.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/patrol/patrol_backtest.hpp"
#include "hotspot/privacy/publish.hpp"
#include "hotspot/privacy/raster_suppression.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/input.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::plan {

/// `hotspot plan --publish` (docs/publishing.md): the same settings as every command's.
using PublishSettings = step::PublishSettings;

/// The density step as the plan runs it: the plan's named overrides of `hotspot density`'s
/// defaults (docs/plan.md, "Where the plan differs"): 25 m cells with the bandwidth chosen by
/// temporal cross-validation up to 1.5 km, and hotspot levels of the top 0.1, 0.5 and 1% of the
/// area (micro-places: the top 0.1% of a district is a few town-centre streets).
[[nodiscard]] commands::DensityOptions plan_density_options();
/// The trends step as the plan runs it: months missing from the data are skipped, not fatal
/// (a plan should not stop at a gap in the police.uk archive).
[[nodiscard]] commands::TrendsOptions plan_trends_options();

/// The evaluation of past camera placements as the plan runs it (with a deployments log):
/// placements outside the data's months are left out with a note instead of stopping the plan.
[[nodiscard]] evaluation::EvaluateOptions plan_evaluate_options();

/// Everything `hotspot plan` does for one study area. Each step's options are that step's own
/// (the same struct `hotspot density`, `gistar`, `trends`, `cctv` and `patrol` take), so the
/// same options give the same results through the plan and through the single command.
struct PlanOptions {
  step::InputSettings input;         ///< incidents, filters, weighting, --within (the study area)
  std::filesystem::path out_dir;     ///< the plan folder (replaced as a whole, all or nothing)
  std::string title;                 ///< report and project title; default from the study area
  commands::DensityOptions density = plan_density_options();
  commands::GistarOptions gistar;
  commands::TrendsOptions trends = plan_trends_options();
  commands::CctvStepOptions cctv;
  commands::PatrolStepOptions patrol;
  /// Roads: patrol routes along them, camera candidates on them, drawn for context.
  std::optional<AreaSource> roads;
  /// Layers drawn under the analysis for context (districts, wards): any OGR source, with the
  /// field that names each feature; written to the GeoPackage as `name`.
  struct Context {
    AreaSource source;
    std::string label_field;
    std::string name = "context";  ///< layer name in the outputs
  };
  std::vector<Context> context;
  /// With `deployments` (a log of where the redeployable cameras stood, and when): the
  /// evaluation of each placement against the rest of the study area, as `hotspot evaluate`
  /// makes it, in the report and the folder.
  evaluation::EvaluateOptions evaluate = plan_evaluate_options();
  /// The user's own map layers (roads, buildings, OS OpenMap Local) drawn in grey under the
  /// report's map, so it has streets offline.
  std::vector<AreaSource> basemap;
  /// Named places (shops, pubs, car parks) for the camera table's "nearest named place".
  std::optional<AreaSource> places;
  std::string places_field = "name";
  /// Also write png/map.png and png/<chart>.png for Word or PDF papers (headless Chromium).
  bool png = false;
  /// Months after each origin the camera backtest scores (the "following three months").
  int holdout_months = 3;
  double backtest_cell = 100.0;  ///< cells of the map backtest (hotspot backtest)
  /// Basemap tiles for the report when it will be read online (e.g. an OpenStreetMap tile
  /// URL with {z}/{x}/{y}), with its attribution; empty: no basemap, the report fetches nothing.
  std::string tile_url;
  std::string tile_attribution;
  int threads = 0;
  PublishSettings publish;
  bool styled = true;  ///< QGIS styles in the GeoPackage and beside each file
};

/// One stage's outcome, in order.
struct StageRecord {
  std::string name;
  std::string summary;
  double seconds = 0;    ///< wall time (not part of any output file: outputs stay deterministic)
  bool skipped = false;  ///< the data did not allow it (e.g. a single month for trends); summary says why
};

/// Files written and the numbers the summary, report and tests read.
struct PlanResult {
  Profile profile;
  RowAccount account;
  std::string crs;
  std::vector<StageRecord> stages;
  std::vector<std::string> files;  ///< relative to out_dir, sorted
  std::size_t hotspot_polygons = 0, gistar_cells = 0, gistar_hot = 0, gistar_cold = 0, emerging_cells = 0;
  std::size_t cameras = 0, coverage_polygons = 0, patrol_places = 0, patrol_units = 0;
  double bandwidth_m = 0;
  bool count_model = false;
  std::optional<patrol::BacktestResult> patrol_backtest;
  std::optional<evaluation::BacktestResult> map_backtest;
  std::optional<evaluation::CameraBacktestResult> camera_backtest;
  std::optional<evaluation::EvaluationResult> evaluation;  ///< with a deployments log
  std::string title;
  std::string weight_words;   ///< what the plans weigh: "incidents", "harm", "the weight field"
  std::string cctv_summary;    ///< the camera planner's own summary text
  std::string patrol_summary;  ///< one paragraph on the patrol plan
  std::string summary_text;  ///< plain-English summary, also written to summary.txt
  std::vector<std::string> notes;
  /// Publish mode: what each published layer withheld, in the order written.
  std::vector<privacy::SuppressionReport> suppression;
  /// Publish mode: the density raster's cells set to nodata, and the radius counted in.
  std::optional<privacy::RasterSuppression> raster_suppression;
  double raster_support_radius = 0;
  /// Publish mode: files a plan writes that were not written (with why), and chart values
  /// withheld from the report.
  std::vector<std::string> withheld_files;
  std::size_t chart_values_withheld = 0;
};

/// profile → density (temporal CV bandwidth) → hotspot polygons → Gi* → trends → CCTV →
/// patrol → backtest on the latest months → one folder: a GeoPackage of every layer, GeoTIFF,
/// GeoJSON copies, CSV briefings, the report and summary. Each analysis is the same library
/// step the single command runs (commands::run_density, run_gistar, run_trends, run_cctv,
/// run_patrol, run_backtest), writing through one sink; the folder is replaced all or nothing.
/// The same inputs and options give the same bytes. Throws Error; a stage the data cannot
/// support (one month only for trends and backtests) is skipped with the reason in its record
/// and the summary. Stages are reported through `messages` as they run.
[[nodiscard]] PlanResult run_plan(const PlanOptions& options, step::Messages& messages);

/// PlanOptions as the plan starts: every step's own defaults but for the plan's named
/// overrides (plan_density_options, plan_trends_options).
[[nodiscard]] PlanOptions default_plan_options();

/// `hotspot plan` for the command line and `describe`: the steps' own declarations, adopted.
[[nodiscard]] step::CommandSpec plan_command();

}  // namespace hotspot::plan
