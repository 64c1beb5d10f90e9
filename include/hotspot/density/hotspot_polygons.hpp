#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/grid.hpp"

namespace hotspot::density {

/// Which cells make up the hotspot polygons of a surface.
struct HotspotPolygonOptions {
  /// Shares of the study area (valid cells): each gives the exactly k = cells_for_share(valid,
  /// share) highest cells by rank_cells (ties to the north-west), so the polygons of "top 5%"
  /// cover exactly k cells — less when fewer than k cells have a density above 0: cells
  /// without any are never part of a hotspot. Default 1%, 5%, 10%.
  std::vector<double> area_shares = {0.01, 0.05, 0.10};
  /// Value thresholds (the surface's units): each gives the cells with value ≥ the threshold.
  /// Used as well as the shares (`--levels`); make `area_shares` empty for thresholds only.
  std::vector<double> value_levels;
  /// Optional names of the value levels (e.g. "top 1% of 2018-Q1"); default ">= value".
  std::vector<std::string> value_level_names;
  /// How many crime types each polygon lists, most frequent first.
  std::size_t top_crime_types = 3;
};

/// One hotspot polygon: a 4-connected group of cells at or above one level, traced by GDAL's
/// polygonizer, with what happened inside it.
struct HotspotPolygon {
  std::string level;            ///< "top 1%" or ">= 12.5"
  double area_share = 0.0;      ///< the level's share of the area; 0 for a value level
  double threshold = 0.0;       ///< lowest value of a cell in the level
  /// 1 = the largest density mass (Σ of the surface's values over the polygon's cells) within
  /// its level; ties by peak, then by the polygon's first cell (row-major).
  std::size_t rank = 0;
  double mass = 0.0;            ///< Σ values over the cells (per_cell units: expected incidents)
  double peak = 0.0;            ///< highest cell value
  std::size_t cells = 0;
  double area_m2 = 0.0;         ///< of the polygon (GEOS), = cells × cell area
  std::string wkb;              ///< ISO WKB polygon in the grid's CRS, valid per GEOS isValid
  std::size_t incidents = 0;    ///< incidents whose cell (GridSpec::cell_of) is in the polygon
  double weight = 0.0;          ///< their summed weight
  double harm = 0.0;            ///< their summed harm (types without a harm weight add 0)
  double share = 0.0;           ///< incidents / all incidents given
  /// (category code, incidents), most frequent first, ties by code; at most top_crime_types.
  std::vector<std::pair<std::uint32_t, std::size_t>> crime_types;
  std::size_t months_active = 0;  ///< distinct months with an incident inside
  MonthIndex first_month = kNoMonth;
  MonthIndex last_month = kNoMonth;
};

/// Hotspot polygons of a surface (NaN = nodata, outside the study area) on `grid`, level by
/// level in the order of the options (shares, then value levels), ranked within each level.
/// The class raster of each level is labelled into 4-connected groups of cells and turned into
/// polygons by GDALPolygonize, so each polygon is exactly the union of its cells; geometries
/// GEOS finds invalid are repaired with GEOSMakeValid. Incidents are assigned by the cell that
/// holds them (the same cell-centre rule as the surface). `harm_of_category` gives a harm per
/// category code (HarmWeights::per_category_or_default; a NaN counts as 0), or is empty for no harm.
/// Throws Error(usage) when the values do not match the grid or a share is outside (0, 1].
[[nodiscard]] std::vector<HotspotPolygon> hotspot_polygons(const GridSpec& grid, std::span<const double> values,
                                                           const Incidents& incidents,
                                                           std::span<const double> harm_of_category,
                                                           const HotspotPolygonOptions& options);

}  // namespace hotspot::density
