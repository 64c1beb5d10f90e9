#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/cctv/camera_model.hpp"
#include "hotspot/cctv/visibility.hpp"
#include "hotspot/core/incidents.hpp"

namespace hotspot {

/// How incidents become demand.
struct DemandOptions {
  /// Recency weighting: an incident `age` months older than `reference_month` weighs
  /// w · 0.5^(age / half_life). Unset: no recency weighting.
  std::optional<double> half_life_months;
  /// The month ages count from; kNoMonth: the latest month in the data. Incidents without a
  /// month, or after the reference, keep their full weight.
  MonthIndex reference_month = kNoMonth;
};

/// Demand points: incidents collapsed onto their locations (police.uk snap points), each
/// weighing the sum of its incidents' weights (count, harm or field; see prepare_incidents)
/// times the recency factor. `count` stays the plain number of incidents.
[[nodiscard]] WeightedPoints demand_points(const Incidents& incidents, const DemandOptions& options);

/// A place a camera can stand: a candidate site or an existing camera.
struct CameraSite {
  double x = 0, y = 0;
  double cost = 1;                   ///< for a budget
  std::string label;                 ///< where the site came from ("candidates.gpkg fid 12", "lattice")
  std::optional<CameraModel> model;  ///< this site's own camera (existing cameras); else the shared one
  std::optional<double> heading_deg; ///< a fixed direction (existing cameras); else every heading is tried
};

/// One column of the coverage matrix: a site with one heading and the demand points it sees.
struct CoverageColumn {
  std::uint32_t site = 0;
  double heading_deg = 0;
  double fov_deg = 360;
  double range_m = 0;
  std::vector<std::uint32_t> points;  ///< demand point indices, ascending
  std::vector<double> quality;        ///< coverage weight per point, 1 without distance decay
};

struct CoverageOptions {
  CameraModel camera;             ///< the shared model for sites without their own
  VisibilityOptions visibility;
  int threads = 0;                ///< 0: OpenMP default; the result does not depend on it
};

/// The coverage matrix: one column per (site, heading), in site order then heading order.
struct CoverageMatrix {
  std::vector<CoverageColumn> columns;
  std::size_t sites = 0;
  std::vector<std::uint8_t> site_inside_obstacle;  ///< 1 when the site stands in a building
  [[nodiscard]] bool any_decay() const;
};

/// Computes each site's visibility polygon(s) against `obstacles` and the demand points each
/// one contains (GEOS prepared geometry; points on the edge count as seen), with the distance
/// decay weight of the camera model. A site inside an obstacle gets columns with no points.
[[nodiscard]] CoverageMatrix build_coverage(const std::vector<CameraSite>& sites, const WeightedPoints& demand,
                                            const ObstacleSet& obstacles, const CoverageOptions& options);

}  // namespace hotspot
