#pragma once

#include <string>
#include <vector>

#include "hotspot/cctv/cctv_plan.hpp"
#include "hotspot/commands/demand_model.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/output_sink.hpp"

namespace hotspot::commands {

/// A camera's range derived from its sensor (EN 62676-4) instead of given in metres.
struct SensorSettings {
  double resolution = 0;      ///< horizontal pixels; 0: the range is given in metres
  double lens_fov_deg = 0;    ///< 0: the coverage field of view, or 90° for a 360° camera
  CameraPurpose purpose = CameraPurpose::recognise;
  bool decay = false;         ///< full weight to the recognise range, 0 at the detect range
};

/// `hotspot cctv`: camera sites, what each sees, and why.
struct CctvStepOptions {
  CctvOptions cctv;
  SensorSettings sensor;
  /// Polygon layers where no camera may go (one layer name for all of them).
  std::vector<std::string> exclude;
  std::string exclude_layer;
  /// How the demand is made (--demand): the forecast of the model the backtest chooses by
  /// default; the history's sum when the demand is a raster or the incidents have no months.
  /// `cctv rotate` ignores it (each period plans from its own history).
  DemandSettings demand;
};

/// The camera model and how its coverage is drawn (--range, --fov, --headings, --arc-step, and
/// the sensor options when `sensor` is given): shared by cctv, cctv rotate, backtest and plan,
/// so one idea has one flag and one default everywhere.
void declare_camera(step::Declarer& d, CameraModel& camera, VisibilityOptions& visibility, SensorSettings* sensor);
/// The candidate lattice and the least distance between new cameras (--spacing,
/// --min-separation): shared like the camera.
void declare_siting(step::Declarer& d, CandidateOptions& candidates, PlannerOptions& planner);

/// The scene every camera command shares (cctv, cctv rotate, cctv next, cctv appraise): the
/// camera, the candidates (with the named-site fields --site-name-field, --site-range-field,
/// --site-fov-field, --site-heading-field, --site-mount-field), obstacles, existing cameras and
/// the indoor snap. `costs`: with --cost-field (commands that take a budget).
void declare_scene(step::Declarer& d, CctvStepOptions& options, bool costs = true);
/// --exact, --time-limit and --threads (group "Optimisation"), shared by the camera commands.
void declare_solver(step::Declarer& d, PlannerOptions& planner, int& threads);
/// --threads alone (commands that solve nothing: cctv appraise).
void declare_threads(step::Declarer& d, int& threads);
/// --period-months: the months each placement of a redeployable camera stays (cctv rotate,
/// cctv next).
void declare_period(step::Declarer& d, int& months);

/// Every option of `cctv` (rotate: without --demand, the demand raster, the camera count and
/// budget).
void declare_cctv(step::Declarer& d, CctvStepOptions& options, bool rotate = false);

/// The camera model after the sensor options (range from EN 62676-4) and checks, and the
/// demand model of `options.demand` (none with a demand raster under `auto`). Throws
/// Error(usage) for an unusable combination.
[[nodiscard]] CctvOptions resolve_cctv(const CctvStepOptions& options);

/// Plans the cameras and writes cameras, coverage, uncovered hotspots (layers) and
/// cctv_summary.csv (withheld under --publish); prints the summary.
CctvReport run_cctv(const PreparedIncidents& prepared, const CctvStepOptions& options, step::OutputSink& sink);

/// `cctv rotate`: redeployable cameras period by period, and the backtest of that policy.
struct RotateStepOptions {
  CctvStepOptions cctv;
  RotationOptions rotation;
};
void declare_rotate(step::Declarer& d, RotateStepOptions& options);
RotationReport run_rotate(const PreparedIncidents& prepared, const RotateStepOptions& options, step::OutputSink& sink);

/// The output folder and the settings every camera command's folder shares (-o, --quiet,
/// --no-style, and the publishing options when `publishable`).
/// Refuses --spacing without --within (the candidate lattice fills the study area).
void require_within_for_spacing(const step::Declarer& d, double spacing_m, const step::InputSettings& input,
                                const std::string& command);

[[nodiscard]] step::CommandSpec cctv_command();
[[nodiscard]] step::CommandSpec rotate_command();

}  // namespace hotspot::commands
