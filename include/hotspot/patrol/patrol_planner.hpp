#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/io/line_reader.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/patrol/beats.hpp"
#include "hotspot/patrol/dosage.hpp"
#include "hotspot/patrol/micro_places.hpp"
#include "hotspot/patrol/peak_times.hpp"
#include "hotspot/patrol/place_selection.hpp"
#include "hotspot/patrol/route_order.hpp"

namespace hotspot::patrol {

/// Everything `hotspot patrol` needs beyond the incidents: the library facade's one config.
struct PatrolOptions {
  PlaceKind place_kind = PlaceKind::grid_cell;  ///< street segments need roads
  MicroPlaceOptions places;
  SelectionOptions selection;
  DosageOptions dosage;
  ScheduleOptions schedule;
  BeatOptions beats;
  double speed_kmh = 5.0;              ///< walking 5 km/h; driving in town ~25 km/h
  std::string travel_mode = "walking";  ///< words for outputs: "walking" or "driving"
};

/// One selected place as the plan uses it.
struct PlannedPlace {
  std::uint32_t place = 0;            ///< index into PatrolPlan::places.places
  std::uint32_t rank = 0;             ///< 1 = top of the ranking over all places
  double priority = 0;                ///< score / the top place's score, (0, 1]
  std::uint32_t visits_per_week = 0;
  double minutes_per_visit = 0;
  PeakTimes peak;
  std::string location;               ///< most frequent police.uk Location among its incidents
  std::uint32_t unit = 0;             ///< 1-based
  std::uint32_t stop = 0;             ///< 1-based position in the unit's route
};

/// One unit's beat: a closed route through its places.
struct UnitRoute {
  std::uint32_t unit = 0;                       ///< 1-based
  std::vector<std::uint32_t> stops;             ///< indexes into PatrolPlan::selected, in route order
  std::vector<double> arrival_minute;           ///< per stop: minutes into a lap on arrival
  double length_m = 0;                          ///< one lap, back to the start
  double travel_minutes = 0;                    ///< one lap at the plan's speed
  double visit_minutes_per_week = 0;            ///< Σ visits × minutes per visit
  std::vector<std::pair<double, double>> line;  ///< the lap's path (roads or straight legs)
  std::vector<ScheduledVisit> week;             ///< ScheduledVisit::stop indexes `stops`
};

struct PatrolPlan {
  MicroPlaces places;
  Selection selection;
  Dosage dosage;
  std::vector<PlannedPlace> selected;  ///< in ranking order
  std::vector<UnitRoute> routes;       ///< one per unit, empty units included
  bool routed_on_roads = false;
  bool time_of_day_known = false;
  std::string crs;
  PatrolOptions options;
  std::vector<std::string> notes;
};

/// Plans patrols: micro-places → selection → dosage → peak times → beats → routes → weekly
/// schedules. `roads` (in the incidents' CRS) routes along the network and is required for
/// street-segment places; without it routes are straight lines, and the plan says so.
[[nodiscard]] PatrolPlan plan_patrol(const Incidents& incidents, const PatrolOptions& options,
                                     const std::vector<Polyline>* roads = nullptr);

/// `patrol_areas`: one polygon per selected place (cells; street segments buffered by 10 m).
[[nodiscard]] VectorLayer patrol_areas_layer(const PatrolPlan& plan);
/// `patrol_routes`: one LineString per unit with its visit order and lap times.
[[nodiscard]] VectorLayer patrol_routes_layer(const PatrolPlan& plan);
/// A printable briefing table for one unit (1-based): one row per stop in route order.
[[nodiscard]] std::string briefing_csv(const PatrolPlan& plan, std::uint32_t unit);
/// The label of a place: "cell 5180_20870" (column_row at the cell size) or "segment 42".
[[nodiscard]] std::string place_label(const MicroPlaces& places, const MicroPlace& place);

}  // namespace hotspot::patrol
