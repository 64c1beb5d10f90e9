#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/evaluation/intervention_stats.hpp"
#include "hotspot/geo/study_area.hpp"

namespace hotspot {
struct PreparedIncidents;
}

/// Did the camera, the move or the PSPO work? Before/after counts in the treated area, a
/// displacement buffer around it and a control area, with the WDD test, the Campbell odds
/// ratio, the WDQ and a pooled odds ratio over several interventions (pipeline stage
/// `evaluation.intervention`). docs/evaluate.md explains every choice.
namespace hotspot::evaluation {

/// A date as an intervention file gives it: a day, or a whole month (police.uk has months only).
struct InterventionDate {
  int year = 0;
  int month = 0;
  int day = 0;  ///< 0: the month only
  friend bool operator==(const InterventionDate&, const InterventionDate&) = default;
};

/// Parses "2018-07", "2018-07-15", "15/07/2018" or a timestamp ("2018-07-15T09:30", the time
/// ignored). Nothing for anything else or an impossible date.
[[nodiscard]] std::optional<InterventionDate> parse_intervention_date(std::string_view text);
/// "2018-07" or "2018-07-15".
[[nodiscard]] std::string format_intervention_date(const InterventionDate& date);

/// What was done, where and when.
struct Intervention {
  std::string name;            ///< e.g. "Kennelwood Lane car park camera"
  std::string kind = "camera"; ///< for the findings: "after the camera was installed", "after the PSPO started"
  std::string wkb;             ///< the treated area: polygon(s), ISO WKB in the working CRS
  std::string shape;           ///< how the area was made, e.g. "a 50 m circle round the site"
  InterventionDate start;
  std::optional<InterventionDate> end;  ///< removal (redeployable cameras) or end of the order
  std::string source;          ///< the file it came from, for messages
  std::uint64_t row = 0;       ///< its row or feature (1 = the first), 0 when built in code
};

/// What the treated area is compared with.
enum class ControlKind {
  rest_of_area,  ///< the study area (without one: the extent of the incidents) minus every treated area and buffer
  polygon,       ///< a polygon the user gives (EvaluateOptions::control_area)
  matched,       ///< the areas most like the treated one in the before months (docs/evaluate.md)
};

/// Which months are "before".
enum class PeriodDesign {
  adjacent,               ///< the months just before the start
  same_months_last_year,  ///< the after months one year earlier (for seasonal problems)
};

/// Options of the evaluation. The in-class values are the only defaults.
struct EvaluateOptions {
  // --- What was done ---------------------------------------------------------------------
  /// Polygons treated as a whole: a PSPO, a patrol area, camera coverage from `hotspot cctv`.
  std::optional<AreaSource> areas;
  /// Camera sites: points (any OGR layer or a CSV), each treating a circle of `site_radius_m`.
  std::optional<AreaSource> sites;
  /// Redeployable cameras: a CSV or layer with a site name, a location (point, polygon, or
  /// CSV coordinates), installed and removed dates; every row is evaluated.
  std::optional<AreaSource> deployments;
  double site_radius_m = 50;         ///< metres round a camera site it treats (a radius field wins)
  std::string start;                 ///< start for interventions without a start field (YYYY-MM[-DD])
  std::string end;                   ///< end for interventions without an end field; empty: still in place
  std::string name_field = "name";   ///< intervention name
  std::string kind_field = "kind";   ///< "camera", "PSPO", "patrol" ... (optional field)
  std::string start_field = "installed";
  std::string end_field = "removed";
  std::string radius_field = "radius_m";  ///< per-site radius in metres (optional field)
  std::string x_field;               ///< CSV longitude/easting column; empty: lon, longitude, lng, x, easting
  std::string y_field;               ///< CSV latitude/northing column; empty: lat, latitude, y, northing
  std::string coordinates_crs = "EPSG:4326";  ///< CRS of CSV coordinates and WKT

  // --- Areas -----------------------------------------------------------------------------
  /// Width of the displacement buffer: a ring this wide round the treated area, metres.
  double buffer_m = 200;
  ControlKind control = ControlKind::rest_of_area;
  std::optional<AreaSource> control_area;        ///< with ControlKind::polygon
  /// With ControlKind::matched: polygons to choose from (MSOAs, beats); none: copies of the
  /// treated area's shape laid on a lattice over the study area.
  std::optional<AreaSource> matched_candidates;
  /// The field naming each matched candidate (an MSOA's name); empty: `name_field`. Its own
  /// option because the interventions and the candidates rarely share a field name.
  std::string matched_name_field;
  int matched_units = 5;                         ///< how many matched areas make the control
  std::string study_area_name;                   ///< for sentences, e.g. "Welwyn Hatfield"

  // --- Periods -----------------------------------------------------------------------------
  int before_months = 12;  ///< length of the before window (shortened, with a note, to fit the data)
  int after_months = 12;   ///< length of the after window, unless the intervention ended sooner
  int gap_months = 0;      ///< months after the start left out (implementation)
  PeriodDesign period = PeriodDesign::adjacent;
  /// An intervention whose dates leave no before or no after months in the data is skipped
  /// with a note instead of stopping the evaluation.
  bool skip_outside_months = false;

  // --- What is counted -----------------------------------------------------------------------
  bool per_type = true;                  ///< a row per crime type besides the totals
  std::vector<std::string> crime_types;  ///< the types given their own row; empty: every type
  std::string asb_type = "Anti-social behaviour";  ///< reported on its own and kept out of "All crime"

  // --- Statistics ------------------------------------------------------------------------------
  double confidence = 0.95;           ///< of every interval and test
  double power = 0.8;                 ///< for the smallest detectable reduction
  /// "Too few incidents to tell" when a result is not significant and a fall of this share
  /// would be missed more often than 1 − power.
  double detectable_reduction = 0.5;
  /// Widen each interval by how much places of the treated area's shape and size changed by
  /// themselves over the same months (copies of it laid over the study area; docs/evaluate.md):
  /// real places drift apart more than monthly noise explains.
  bool local_variation = true;
};

/// The months compared (inclusive windows of equal length).
struct EvaluationPeriods {
  MonthIndex before_first = kNoMonth, before_last = kNoMonth;
  MonthIndex after_first = kNoMonth, after_last = kNoMonth;
  int months = 0;  ///< length of each window
  PeriodDesign design = PeriodDesign::adjacent;
};

/// Incidents in one area: the windows' totals and the whole monthly series.
struct AreaCounts {
  BeforeAfter counts;
  std::vector<double> monthly;  ///< one per InterventionEvaluation::months
  /// (after − before) / before; NaN when there was nothing before.
  [[nodiscard]] double change() const;
};

/// too_few: the counts are too small to tell; too_uncertain: places like it change so much by
/// themselves that the change cannot be told apart from that (both set EvaluationRow::too_few).
enum class Verdict { fell, rose, no_clear_change, too_few, too_uncertain };

/// One intervention × crime type.
struct EvaluationRow {
  std::string crime_type;  ///< "All incidents", "All crime (not ASB)", the ASB type, or a police.uk type
  AreaCounts treatment, buffer, control;
  Dispersion treatment_dispersion, buffer_dispersion, control_dispersion;
  OddsRatioResult odds_ratio;         ///< treated area against the control
  OddsRatioResult buffer_odds_ratio;  ///< buffer against the control: a check for displacement
  WddResult wdd;            ///< as Wheeler & Ratcliffe (Poisson); the control scaled to each area's before count
  WddResult wdd_dispersed;  ///< the same with the monthly over-dispersion
  WdqResult wdq;
  /// τ² added to the log odds ratio's variance for local variation, and the number of copies
  /// of the treated area it was estimated from (0 when off or too few copies).
  double local_variance = 0;
  std::size_t local_copies = 0;
  double smallest_detectable_reduction = 1;
  bool too_few = false;                 ///< nothing can be told: verdict too_few or too_uncertain
  bool local_variation_limits = false;  ///< local variation, more than chance in the counts, is why
  std::string too_few_reason;           ///< a sentence when too_few
  Verdict verdict = Verdict::no_clear_change;
};

struct InterventionEvaluation {
  Intervention intervention;
  EvaluationPeriods periods;
  std::vector<MonthIndex> months;  ///< every month from before_first to after_last
  std::string treatment_wkb, buffer_wkb, control_wkb;  ///< ISO WKB, working CRS
  double treatment_area_m2 = 0, buffer_area_m2 = 0, control_area_m2 = 0;
  std::size_t treatment_snap_points = 0;  ///< distinct incident locations inside (any month)
  std::size_t buffer_snap_points = 0;
  std::string control_description;  ///< plain words, e.g. "the rest of Welwyn Hatfield"
  std::vector<EvaluationRow> rows;   ///< All incidents, ASB, All crime (not ASB), then types by count
  std::vector<std::string> notes;
};

/// A pooled odds ratio over the interventions, for one crime type.
struct PooledRow {
  std::string crime_type;
  PooledEffect pooled;
  std::size_t left_out = 0;  ///< interventions with no incident in their treated area in either window
};

struct EvaluationResult {
  std::vector<InterventionEvaluation> interventions;
  std::vector<PooledRow> pooled;  ///< when two or more interventions were evaluated
  std::string crs;
  MonthIndex first_month = kNoMonth, last_month = kNoMonth;  ///< of the data
  double buffer_m = 0, confidence = 0.95, power = 0.8, detectable_reduction = 0.5;
  std::string control_name;  ///< e.g. "the rest of Welwyn Hatfield", "the matched comparison areas"
  std::string asb_type;      ///< the ASB row's crime type (EvaluateOptions::asb_type)
  std::vector<std::string> notes;
  std::vector<std::string> caveats;  ///< plain-English limits of the data and design
};

/// Reads the interventions of `options` (areas, sites, deployments) into the working CRS.
/// Throws Error naming file, row and field for a missing or unreadable date, a removal
/// before installation, a bad radius or geometry (a polygon is repaired with a note).
[[nodiscard]] std::vector<Intervention> read_interventions(const EvaluateOptions& options,
                                                           const std::string& working_crs,
                                                           std::vector<std::string>& notes);

/// Evaluates `interventions` on `incidents` (x/y in the working CRS, months known). `area`:
/// the study area, or null. Throws Error for an intervention outside the data's months (unless
/// skip_outside_months), a control polygon overlapping a treated area, bad options.
[[nodiscard]] EvaluationResult evaluate_interventions(const Incidents& incidents, const StudyArea* area,
                                                      std::span<const Intervention> interventions,
                                                      const EvaluateOptions& options);

/// Reads the interventions and evaluates them on prepared incidents (its CRS and study area).
[[nodiscard]] EvaluationResult evaluate_interventions(const PreparedIncidents& prepared, const EvaluateOptions& options);

/// A treated area made in code: a circle (64 segments) of `radius_m` round (x, y).
[[nodiscard]] std::string circle_wkb(double x, double y, double radius_m);

}  // namespace hotspot::evaluation
