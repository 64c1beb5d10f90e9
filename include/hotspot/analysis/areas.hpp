#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "hotspot/analysis/periods.hpp"
#include "hotspot/analysis/rate_change.hpp"
#include "hotspot/core/vector_layer.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/pipeline/prepare.hpp"
#include "hotspot/qgis/style.hpp"
#include "hotspot/report/html_report.hpp"

/// Area and period summaries (`hotspot areas`, docs/areas.md): incidents counted per polygon
/// of any layer (wards, LSOAs, PSPO areas, beats), by crime type, in one period against
/// another, with rates, ranks, shares, a test of whether each change is larger than chance,
/// how widespread an increase is, and the named hot spot list of the ASB Forum.
namespace hotspot {

/// Options of the area summary. Defaults here are the only defaults.
struct AreasOptions {
  AreaSource areas;                ///< the polygon layer: file, layer, attribute filter
  std::string name_field;          ///< the field naming each polygon (required)
  std::string population_field;    ///< residents, for rates per 1,000 residents; empty: no such rate
  std::string households_field;    ///< households, for rates per 1,000 households; empty: no such rate
  std::string period;              ///< parse_month_range forms; empty: automatic (choose_periods)
  std::string compare_period;      ///< empty: the same number of months just before the period
  bool rolling_12_months = false;  ///< the latest 12 months of the data against the 12 before
  std::size_t top_places = 20;     ///< how many places the named hot spot list holds
  std::string since;               ///< YYYY-MM: which places are new to the list since this month; empty: since the compare period
  double alpha = 0.05;             ///< a change is larger than chance when its adjusted p (Benjamini–Hochberg over the areas) is at most this
  bool over_dispersion = true;     ///< allow for over-dispersion in the test (false: plain Poisson)
  bool by_type = true;             ///< also one table per crime type (when there are two or more)
  bool place_trends = true;        ///< classify the named places with the emerging hot spot rules (docs/trends.md)
};

/// One polygon of the layer, in layer order.
struct AreaInfo {
  std::string name;
  double area_km2 = 0;     ///< from GEOS in the working CRS
  double population = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not given or not a positive number
  double households = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not given or not a positive number
  std::string wkb;         ///< ISO WKB in the working CRS (repaired when invalid)
};

/// One area's figures for one selection of crime types. Counts are incidents, whatever the
/// weighting; `weighted` sums the incidents' weights (equal to the count unless weighted).
struct AreaFigures {
  std::uint64_t count = 0;         ///< in the period
  std::uint64_t count_before = 0;  ///< in the compare period
  double weighted = 0;
  double weighted_before = 0;
  /// count − expected, where expected = count_before × covered months now / covered months
  /// before (count_before itself when the periods are equally long). NaN without comparison.
  double change = 0;
  double change_pct = 0;           ///< 100 × change / expected; NaN when expected is 0 or no comparison
  std::string change_text;         ///< "+12.5%", "-3.0%", "no change", "new", "none in either period", "" without comparison
  double p_value = 0;              ///< poisson_rate_p_value with the table's dispersion; NaN without comparison
  double p_adjusted = 0;           ///< Benjamini–Hochberg over the table's areas; NaN without comparison
  bool significant = false;        ///< p_adjusted ≤ alpha
  double per_1000_residents = 0;   ///< a year's rate: count × 12 / covered months × 1000 / population; NaN without population
  double per_km2 = 0;              ///< a year's rate per km²
  double per_1000_households = 0;  ///< a year's rate per 1,000 households; NaN without households
  double share = 0;                ///< of all incidents of the table in the period (outside ones included), 0..1
  std::size_t rank = 0;            ///< 1 = most incidents in the period (ties by name); 0 for the outside and total rows
};

/// The areas' figures for one selection of crime types.
struct AreaTable {
  std::string crime_type;          ///< "All crime types" or one type
  std::vector<AreaFigures> areas;  ///< one per AreaInfo, in layer order
  AreaFigures outside;             ///< incidents in no polygon
  AreaFigures total;               ///< every incident of the period (areas + outside), tested with the same dispersion
  Dispersion dispersion;           ///< from the monthly counts of the areas in both periods
  double dispersion_used = 1;      ///< what the tests divided by: dispersion.applied, or 1 without over-dispersion
  OffenseDispersion dispersion_of_increase;  ///< Ratcliffe's ODI/NCDI over the areas (empty without comparison)
};

/// One place of the named hot spot list: a distinct location (a police.uk snap point).
struct NamedPlace {
  std::size_t rank = 0;             ///< 1 = most weighted incidents in the period
  double x = 0, y = 0;              ///< working CRS
  double lon = 0, lat = 0;          ///< WGS84
  std::string location;             ///< the most frequent `Location` text there (ties alphabetical); may be empty
  std::string area;                 ///< the polygon it falls in; empty when in none
  std::uint64_t count = 0;          ///< incidents in the period
  std::uint64_t count_before = 0;   ///< incidents in the compare period
  double weighted = 0;
  std::vector<std::pair<std::string, std::uint64_t>> by_type;  ///< most first, ties alphabetical
  std::string trend;                ///< emerging hot spot pattern of its cell ("Intensifying Hot Spot"); empty when not run
  std::size_t rank_before = 0;      ///< rank on the earlier list (see `since`); 0: no incident then
  bool new_to_list = false;         ///< not in the top `top_places` of the earlier list
};

/// Everything the area summary found.
struct AreasResult {
  PeriodChoice periods;
  std::vector<AreaInfo> areas;
  /// [0] all crime types, then (with two or more types) one per type, most incidents in the
  /// period first
  std::vector<AreaTable> tables;
  std::vector<std::int32_t> area_of;     ///< per incident of the input: its area's index, −1 in none
  std::size_t outside_incidents = 0;     ///< incidents in no polygon (any month)
  std::size_t boundary_incidents = 0;    ///< incidents on the edge of two or more polygons, counted in the first
  std::size_t overlap_incidents = 0;     ///< incidents inside two or more overlapping polygons, counted in the first
  std::size_t undated_incidents = 0;     ///< incidents without a month: in no period
  std::vector<NamedPlace> places;        ///< the named hot spot list
  MonthRange places_before;              ///< the months of the earlier list new places are judged against
  std::string since;                     ///< as given
  double alpha = 0.05;
  std::string layer_description;         ///< "welwyn_hatfield_st_albans_msoa.geojson (36 polygons)"
  std::string crs;
  std::vector<std::string> notes;
};

/// Counts, compares and ranks the prepared incidents by the polygons of `options.areas`
/// (docs/areas.md). Each incident is counted in exactly one polygon or listed as outside
/// every polygon: a point inside two overlapping polygons, or on the shared edge of two, goes
/// to the first in layer order, and notes say how many did. Throws Error(usage) for a
/// missing name field or unknown population/households fields and bad periods,
/// Error(input) for an unreadable layer, Error(data) for a layer without polygons or data
/// without months.
[[nodiscard]] AreasResult summarise_areas(const PreparedIncidents& prepared, const AreasOptions& options);

/// The tables as CSV, one row per area and crime-type selection, then each selection's
/// outside and total rows (columns in docs/areas.md).
[[nodiscard]] std::string areas_csv(const AreasResult& result);

/// The named hot spot list as CSV (columns in docs/areas.md).
[[nodiscard]] std::string named_places_csv(const AreasResult& result);

/// The incidents outside every polygon as CSV: source, row, month, crime type, location, x, y.
[[nodiscard]] std::string outside_incidents_csv(const AreasResult& result, const PreparedIncidents& prepared);

/// The choropleth layers of the all-types table: "area_rates" (styled on its rate per 1,000
/// residents, or per km² without a population) and "area_change" (styled on change_class),
/// the same polygons and fields in the working CRS.
[[nodiscard]] std::vector<VectorLayer> areas_layers(const AreasResult& result);

/// The named hot spot list as a point layer "named_hotspots".
[[nodiscard]] VectorLayer named_places_layer(const AreasResult& result);

/// The QGIS styles of areas_layers and named_places_layer, in the same order.
[[nodiscard]] std::vector<qgis::LayerStyle> areas_styles(const std::vector<VectorLayer>& layers);

/// The report's parts: sections (areas table, named list, method) and the charts they name.
struct AreasReport {
  std::vector<report::Section> sections;
  std::vector<report::Chart> charts;
  std::vector<std::string> summary;  ///< plain-English findings
};

/// Report sections for a committee: percentages, named places, plain words.
[[nodiscard]] AreasReport areas_report(const AreasResult& result);

}  // namespace hotspot
