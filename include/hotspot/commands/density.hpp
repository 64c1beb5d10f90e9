#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hotspot/density/density_map.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/step/command.hpp"
#include "hotspot/step/input.hpp"
#include "hotspot/step/output_sink.hpp"

/// The steps of the tool: one Options struct and one run function per command, which `plan`
/// composes (docs/steps.md).
namespace hotspot::commands {

/// `hotspot density`: a kernel density surface, its hotspot thresholds and polygons.
struct DensityOptions {
  /// Cell, bandwidth rule, kernel, units, method, adaptive rule, levels (`threshold_levels`:
  /// the percentages of the area that make the hotspot levels), contours, mean multiples.
  density::DensityMapOptions map;
  std::vector<std::string> evaluate_on;  ///< later incidents: hit rate, PAI, PEI of each level
  std::vector<std::string> compare;      ///< other incidents: difference and ratio surfaces
  double ratio_floor = 0.0;              ///< the ratio is nodata where the other surface is at or below it
  std::string scale_like;                ///< a GeoTIFF of `density` whose scale this map reuses
  bool cloud_optimized = false;          ///< write a Cloud-Optimized GeoTIFF
};

/// Declares the density options (group "Density", "Evaluation", "Output" for --levels).
void declare_density(step::Declarer& d, DensityOptions& options);

/// Ids the density step writes under.
inline constexpr const char* kDensityRaster = "density.tif";
inline constexpr const char* kDensityCv = "density_cv.json";
inline constexpr const char* kDensityDifference = "compare_difference.tif";
inline constexpr const char* kDensityRatio = "compare_ratio.tif";
/// The hotspot polygons layer is named "hotspots".

/// Surface, thresholds, polygons (when the sink wants "hotspots"), the temporal-CV curve,
/// evaluation on later incidents and the comparison surfaces; prints what a user reads.
/// `given_scale_flags`: options given together with `scale_like` that it would overrule.
[[nodiscard]] density::DensityMap run_density(const PreparedIncidents& prepared, const DensityOptions& options,
                                              step::OutputSink& sink,
                                              const std::vector<std::string>& given_scale_flags = {});

[[nodiscard]] step::CommandSpec density_command();

}  // namespace hotspot::commands
