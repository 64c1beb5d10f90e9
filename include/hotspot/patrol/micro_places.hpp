#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/calendar.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/io/line_reader.hpp"

namespace hotspot::patrol {

/// What a micro-place is: a square grid cell, or a piece of street from a roads layer.
enum class PlaceKind { grid_cell, street_segment };

/// A street split into pieces no longer than MicroPlaceOptions::segment_length_m.
struct StreetSegment {
  std::vector<std::pair<double, double>> points;
  double length_m = 0;
};

/// How incidents become micro-places and how places are ranked.
struct MicroPlaceOptions {
  double cell_size_m = 100;        ///< grid cells, 50–150 m; aligned to multiples of the size
  double segment_length_m = 100;   ///< street segments: longest piece a road is cut into
  double snap_distance_m = 50;     ///< street segments: farthest an incident may lie from its segment
  int window_months = 12;          ///< months counted, ending at `last_month`
  MonthIndex last_month = kNoMonth;  ///< last month counted; kNoMonth: the latest month in the data
};

/// One micro-place with its harm over the window.
struct MicroPlace {
  std::uint32_t id = 0;    ///< segment index, or cell index in (row, col) order of the cells met
  std::int64_t col = 0;    ///< grid cells: x index, cell x range = [col·size, (col+1)·size)
  std::int64_t row = 0;    ///< grid cells: y index
  std::vector<std::pair<double, double>> outline;  ///< cell ring (closed) or segment line
  double visit_x = 0;      ///< where a patrol goes: cell centre, or segment midpoint
  double visit_y = 0;
  double size = 0;         ///< cell area in m², or segment length in m
  double harm = 0;         ///< harm-weighted incidents in the window (Incidents::weight)
  std::uint32_t incidents = 0;
  std::vector<double> monthly_harm;          ///< one per window month, oldest first
  std::vector<std::uint32_t> monthly_count;  ///< one per window month, oldest first
  int active_months = 0;   ///< window months with at least one incident
  double stability = 0;    ///< active_months / window_months
  double score = 0;        ///< harm × stability: the ranking key
  std::vector<std::uint32_t> members;  ///< rows of the Incidents in the window, ascending
};

/// Places ranked by score (descending), ties by harm (descending) then id.
struct MicroPlaces {
  PlaceKind kind = PlaceKind::grid_cell;
  double cell_size_m = 0;
  MonthIndex first_month = kNoMonth;  ///< window start
  MonthIndex last_month = kNoMonth;   ///< window end
  int window_months = 0;
  std::vector<MicroPlace> places;     ///< only places with at least one incident in the window
  double total_harm = 0;              ///< all incidents in the window, placed or not
  std::uint32_t total_incidents = 0;
  std::uint32_t unplaced = 0;         ///< street segments: incidents beyond the snap distance
  double total_road_length_m = 0;     ///< street segments: length of every segment
};

/// Splits each line into equal pieces no longer than `max_length_m`, in line order.
[[nodiscard]] std::vector<StreetSegment> split_lines(const std::vector<Polyline>& lines, double max_length_m);

/// For each point, the index of the nearest segment within `snap_distance_m`, or -1. Ties go
/// to the lower segment index. Uses a GEOS STRtree over the segments.
[[nodiscard]] std::vector<std::int64_t> snap_to_segments(const std::vector<StreetSegment>& segments,
                                                         const std::vector<double>& x, const std::vector<double>& y,
                                                         double snap_distance_m);

/// Grid-cell places: every incident with a known month inside the window goes to the cell
/// floor(x / size), floor(y / size).
[[nodiscard]] MicroPlaces grid_places(const Incidents& incidents, const MicroPlaceOptions& options);

/// Street-segment places: incidents in the window go to the nearest segment within the snap
/// distance; the rest are counted in `unplaced` (and in the totals).
[[nodiscard]] MicroPlaces segment_places(const Incidents& incidents, const std::vector<StreetSegment>& segments,
                                         const MicroPlaceOptions& options);

}  // namespace hotspot::patrol
