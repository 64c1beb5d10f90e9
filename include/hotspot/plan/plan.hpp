#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/analysis/profile.hpp"
#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/density/density_map.hpp"
#include "hotspot/evaluation/backtest.hpp"
#include "hotspot/evaluation/camera_backtest.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/io/line_reader.hpp"
#include "hotspot/patrol/patrol_backtest.hpp"
#include "hotspot/patrol/patrol_planner.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/privacy/publish.hpp"
#include "hotspot/privacy/raster_suppression.hpp"
#include "hotspot/significance/hot_spot_analysis.hpp"
#include "hotspot/trends/emerging_analysis.hpp"

namespace hotspot::plan {

/// `hotspot plan --publish` (docs/publishing.md): every output made safe to leave the
/// partnership with the privacy module's rules for each layer, as the single commands apply
/// them.
struct PublishSettings {
  bool enabled = false;
  std::int64_t min_count = 5;  ///< k: no published feature or count stands for fewer incidents
  double grid_m = 100.0;       ///< point outputs (camera sites) are rounded to multiples of it
};

/// Everything `hotspot plan` does for one study area, with the defaults a Community Safety
/// Partnership would start from. Each step's own options are those of its library call.
struct PlanOptions {
  PrepareOptions input;              ///< incidents, filters, --within (the study area)
  std::filesystem::path out_dir;     ///< created if missing
  std::string title;                 ///< report and project title; default from the study area
  /// Maps (density, Gi*, trends) use the incidents' own weights (PrepareOptions::weight);
  /// cameras and patrols use harm (crime-harm index) unless this is false.
  bool harm_for_plans = true;
  density::DensityMapOptions density;          ///< default: temporal cross-validation, 25 m cells
  significance::HotSpotAnalysisOptions gistar; ///< default: automatic cell and band
  trends::EmergingAnalysisOptions trends;      ///< default: months missing are skipped, not fatal
  CctvOptions cctv;                  ///< default: 4 cameras, 60 m, 360°, 100 m lattice + hotspot centroids
  patrol::PatrolOptions patrol;
  std::optional<LineSource> roads;   ///< patrol routing, camera candidates along roads, report context
  /// Layers drawn under the analysis for context (districts, wards): any OGR source, with the
  /// field that names each feature; written to the GeoPackage as `name`.
  struct Context {
    AreaSource source;
    std::string label_field;
    std::string name = "context";  ///< layer name in the outputs
  };
  std::vector<Context> context;
  /// Months after each origin the camera backtest scores (the "following three months").
  int holdout_months = 3;
  double backtest_cell = 100.0;  ///< cells of the map backtest (hotspot backtest)
  /// Basemap tiles for the report when it will be read online (e.g. an OpenStreetMap tile
  /// URL with {z}/{x}/{y}), with its attribution; empty: no basemap, the report fetches nothing.
  std::string tile_url;
  std::string tile_attribution;
  int threads = 0;
  PublishSettings publish;
};

/// What a run tells its caller as it goes (the CLI draws a progress line from it).
class Progress {
 public:
  virtual ~Progress() = default;
  /// Stage `index` (0-based) of `count` starts.
  virtual void started(std::size_t index, std::size_t count, std::string_view stage) = 0;
  /// Stage `index` finished; `summary` is one line of what it found.
  virtual void finished(std::size_t index, std::size_t count, std::string_view stage, std::string_view summary) = 0;
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
  std::string title;
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
/// patrol → backtest on the latest months → one GeoPackage with every layer, GeoTIFF, GeoJSON
/// copies, CSV briefings, summary. Every file is written atomically; the same inputs and
/// options give the same bytes. Throws Error; a stage the data cannot support (one month only
/// for trends and backtests) is skipped with the reason in its record and the summary.
[[nodiscard]] PlanResult run_plan(const PlanOptions& options, Progress* progress = nullptr);

/// The defaults of PlanOptions that differ from the steps' own (25 m density cells with
/// temporal CV, hotspot polygons of the top 0.1/0.5/1% of the area, 4 cameras of 60 m at
/// least 150 m apart, 100 m candidate lattice, gaps skipped in trends).
[[nodiscard]] PlanOptions default_plan_options();

}  // namespace hotspot::plan
