// The plan report's monthly chart in publish mode: no bar below k is shown, and no withheld
// bar can be worked out from the report's total.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/incidents.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "hotspot/plan/plan.hpp"
#include "hotspot/plan/plan_report.hpp"

namespace hotspot::plan {
namespace {

/// `counts[m][t]` incidents of type t in month m (2020-01 onwards).
Incidents incidents_of(const std::vector<std::vector<int>>& counts) {
  Incidents in;
  std::vector<std::uint32_t> types;
  for (std::size_t t = 0; t < counts.front().size(); ++t) types.push_back(in.categories.intern("type " + std::to_string(t)));
  for (std::size_t m = 0; m < counts.size(); ++m) {
    for (std::size_t t = 0; t < counts[m].size(); ++t) {
      for (int i = 0; i < counts[m][t]; ++i) {
        IncidentRecord r;
        r.x = static_cast<double>(i);
        r.month = make_month(2020, static_cast<int>(m) + 1);
        r.category = types[t];
        in.push_back(r);
      }
    }
  }
  return in;
}

std::size_t withheld_in(const report::Chart& chart) {
  std::size_t n = 0;
  for (const auto& s : chart.series) {
    for (const double v : s.values) n += std::isnan(v) ? 1 : 0;
  }
  return n;
}

double shown_total(const report::Chart& chart) {
  double total = 0;
  for (const auto& s : chart.series) {
    for (const double v : s.values) total += std::isnan(v) ? 0 : v;
  }
  return total;
}

TEST(MonthlyChart, WithoutPublishingEveryCountIsShown) {
  const Incidents in = incidents_of({{20, 1}, {30, 2}});
  std::size_t withheld = 99;
  const report::Chart chart = monthly_chart(in, 0, &withheld);
  EXPECT_EQ(withheld, 0U);
  EXPECT_EQ(withheld_in(chart), 0U);
  EXPECT_EQ(shown_total(chart), 53.0);
}

TEST(MonthlyChart, PublishingWithholdsEveryValueBelowK) {
  // type 1 has 1 and 4 incidents (both below 5, together 5, so neither can be worked out:
  // each could be 1 to 4); type 2 has 7 and 0.
  const Incidents in = incidents_of({{20, 1, 7}, {30, 4, 0}});
  std::size_t withheld = 0;
  const report::Chart chart = monthly_chart(in, 5, &withheld);
  EXPECT_EQ(withheld, withheld_in(chart));
  for (const auto& s : chart.series) {
    for (const double v : s.values) EXPECT_TRUE(std::isnan(v) || v == 0 || v >= 5) << s.name << " " << v;
  }
  // The total of what is withheld (all the report's total tells) leaves each value open.
  const double hidden = static_cast<double>(in.size()) - shown_total(chart);
  ASSERT_GE(withheld, 2U);
  EXPECT_GE(hidden - static_cast<double>(withheld - 1), 5.0);
  EXPECT_NE(chart.caption.find("withheld"), std::string::npos) << chart.caption;
}

TEST(MonthlyChart, ALoneSmallValueTakesAnotherWithIt) {
  // Only one value is below k: shown beside the total it would be the difference, so the
  // smallest other value is withheld too, until the withheld total leaves each open.
  const Incidents in = incidents_of({{20, 2}, {30, 9}, {40, 12}});
  std::size_t withheld = 0;
  const report::Chart chart = monthly_chart(in, 5, &withheld);
  EXPECT_GE(withheld, 2U);
  const double hidden = static_cast<double>(in.size()) - shown_total(chart);
  EXPECT_GE(hidden - static_cast<double>(withheld - 1), 5.0) << hidden;
  // The 2 went first, then the smallest above k (9), not a larger one.
  EXPECT_EQ(hidden, 11.0);
}

// The map legend names the plan's own hotspot levels (it said "0.1%, 0.5% and 1%" whatever
// --levels asked for).
TEST(PlanReportMap, HotspotLegendNamesThePlansLevels) {
  PlanOptions options = default_plan_options();
  options.density.map.threshold_levels = {10.0, 2.0};
  VectorLayer hotspots;
  hotspots.name = "hotspots";
  hotspots.geometry = GeometryKind::polygon;
  hotspots.fields = {{"level", FieldType::string}, {"area_share", FieldType::real}};
  hotspots.features.push_back({"", {std::string("top 2%"), 0.02}});  // no geometry: the page is not drawn
  PlanLayers layers;
  layers.hotspots = &hotspots;
  const report::Report r = plan_report(options, PlanResult{}, layers, Incidents{});
  const auto layer = std::find_if(r.layers.begin(), r.layers.end(),
                                  [](const report::MapLayer& m) { return m.name == "Hotspots (density)"; });
  ASSERT_NE(layer, r.layers.end());
  EXPECT_EQ(layer->description, "cells with the highest density: top 2% and 10% of the area");
}

}  // namespace
}  // namespace hotspot::plan

namespace hotspot::plan {
namespace {

/// Cameras as the cctv step writes them (a subset of its fields), in British National Grid.
VectorLayer cameras_layer() {
  VectorLayer layer;
  layer.name = "cameras";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.fields = {{"rank", FieldType::integer},        {"site", FieldType::string},
                  {"easting", FieldType::real},        {"northing", FieldType::real},
                  {"heading_deg", FieldType::real},    {"fov_deg", FieldType::real},
                  {"range_m", FieldType::real},        {"incidents_cumulative", FieldType::integer},
                  {"share_new", FieldType::real},      {"share_cumulative", FieldType::real},
                  {"incidents_in_view", FieldType::integer}, {"top_types", FieldType::string},
                  {"nearest_location", FieldType::string}, {"reason", FieldType::string}};
  const auto camera = [&](std::int64_t rank, const char* site, double e, double n, FieldValue heading, double fov,
                          std::int64_t seen, double share_new, double share_cumulative, const char* types,
                          const char* location) {
    layer.features.push_back({wkb_point(e, n),
                              {rank, std::string(site), e, n, heading, fov, 60.0, std::int64_t{seen}, share_new,
                               share_cumulative, std::int64_t{seen}, std::string(types), std::string(location),
                               std::string("Sees 211 incidents (1.6% of all demand weight) not seen by any camera")}});
  };
  camera(1, "lattice", 521700, 208800, std::monostate{}, 360, 211, 0.016455485201001274, 0.016455485201001274,
         "Violence and sexual offences 63; Drugs 46; Public order 32", "On or near Goldsmith Way");
  camera(2, "hotspots fid 7", 523837.5, 213037.5, 45.0, 90, 93, 0.010856, 0.027312, "Shoplifting 61",
         "On or near Stonehills");
  camera(3, "points fid 2", 522200, 208600, std::monostate{}, 360, 1234, 0.0004, 0.0277, "Drugs 1234",
         "On or near Bus/Coach Station");
  return layer;
}

std::size_t column(const report::Table& t, const std::string& header) {
  const auto at = std::find(t.header.begin(), t.header.end(), header);
  EXPECT_NE(at, t.header.end()) << header;
  return static_cast<std::size_t>(at - t.header.begin());
}

TEST(CameraTable, ARankedTableNotLogText) {
  const VectorLayer cameras = cameras_layer();
  const report::Table t = camera_table(cameras);
  ASSERT_EQ(t.rows.size(), 3U);
  EXPECT_TRUE(t.sortable);
  EXPECT_EQ(t.header, (std::vector<std::string>{"Rank", "Nearest police.uk location", "Grid reference", "What it would see",
                                                "Share added", "With the cameras above", "Why here"}));
  const auto& first = t.rows[0];
  EXPECT_EQ(first[0], "1");
  EXPECT_EQ(first[1], "On or near Goldsmith Way");
  EXPECT_EQ(first[2], "TL 2170 0880");
  EXPECT_EQ(first[3],
            "211 incidents in view, mostly violence and sexual offences (63), drugs (46), public order (32); up to 60 m "
            "all round");
  EXPECT_EQ(first[4], "1.6%");  // was "Share added 0.016" in the popup
  EXPECT_EQ(first[6], "Sees the most harm-weighted incidents of any site; a point on the grid of candidate sites.");
  EXPECT_EQ(t.rows[1][3], "93 incidents in view, mostly shoplifting (61); up to 60 m facing north-east (90\u00b0 view)");
  EXPECT_EQ(t.rows[1][6], "Adds the most harm-weighted incidents that camera 1 does not see; the centre of a hot spot.");
  EXPECT_EQ(t.rows[2][3].substr(0, 25), "1,234 incidents in view, ");
  EXPECT_EQ(t.rows[2][4], "under 0.1%");
  EXPECT_EQ(t.rows[2][5], "2.8%");
  EXPECT_EQ(t.rows[2][6],
            "Adds the most harm-weighted incidents that cameras 1 to 2 do not see; one of the candidate sites you gave.");
  // Sorted by numbers, not by their text: the share column's keys are the shares.
  EXPECT_DOUBLE_EQ(t.sort_keys[2][column(t, "Share added")], 0.0004);
  EXPECT_DOUBLE_EQ(t.sort_keys[2][column(t, "What it would see")], 1234);
  // No log text anywhere.
  for (const auto& row : t.rows) {
    for (const auto& cell : row) EXPECT_EQ(cell.find("demand weight"), std::string::npos) << cell;
  }
}

TEST(CameraTable, TheNearestNamedPlaceWithin150m) {
  const VectorLayer cameras = cameras_layer();
  VectorLayer places;
  places.name = "places";
  places.geometry = GeometryKind::point;
  places.crs = "EPSG:27700";
  places.fields = {{"name", FieldType::string}};
  places.features.push_back({wkb_point(521700 + 30, 208800 + 40), {std::string("The Howard Centre")}});  // 50 m
  places.features.push_back({wkb_point(521700 - 60, 208800), {std::string("Bus station")}});           // 60 m
  places.features.push_back({wkb_point(523837.5, 213037.5 + 151), {std::string("Too far")}});          // 151 m
  const report::Table t = camera_table(cameras, &places);
  const std::size_t c = column(t, "Nearest named place");
  EXPECT_EQ(t.rows[0][c], "The Howard Centre (50 m)");
  EXPECT_EQ(t.rows[1][c], "none within 150 m");
}

TEST(CameraTable, PublishModesDroppedFieldsLeaveTheirColumnsOut) {
  VectorLayer cameras = cameras_layer();
  for (const char* dropped : {"nearest_location", "top_types", "reason"}) {
    const auto at = std::find_if(cameras.fields.begin(), cameras.fields.end(), [&](const FieldSpec& f) { return f.name == dropped; });
    const auto i = static_cast<std::size_t>(at - cameras.fields.begin());
    cameras.fields.erase(at);
    for (auto& f : cameras.features) f.values.erase(f.values.begin() + static_cast<std::ptrdiff_t>(i));
  }
  const report::Table t = camera_table(cameras);
  EXPECT_EQ(std::find(t.header.begin(), t.header.end(), "Nearest police.uk location"), t.header.end());
  EXPECT_EQ(t.rows[0][column(t, "What it would see")], "211 incidents in view; up to 60 m all round");
}

TEST(PatrolTable, PlacesWithUnitStopVisitsAndShareOfHarm) {
  VectorLayer areas;
  areas.name = "patrol_areas";
  areas.geometry = GeometryKind::polygon;
  areas.fields = {{"rank", FieldType::integer},         {"harm", FieldType::real},
                  {"incidents", FieldType::integer},    {"visits_per_week", FieldType::integer},
                  {"minutes_per_visit", FieldType::real}, {"unit", FieldType::integer},
                  {"stop", FieldType::integer},         {"peak_times", FieldType::string},
                  {"busiest_month", FieldType::string}, {"location", FieldType::string}};
  areas.features.push_back({"", {std::int64_t{1}, 13951.65, std::int64_t{1207}, std::int64_t{9}, 15.0, std::int64_t{1},
                                 std::int64_t{1}, std::string("unknown (police.uk monthly data)"), std::string("Dec"),
                                 std::string("On or near Goldsmith Way")}});
  areas.features.push_back({"", {std::int64_t{73}, 300.0, std::int64_t{20}, std::int64_t{2}, 15.0, std::int64_t{2},
                                 std::int64_t{4}, std::string("unknown (police.uk monthly data)"), std::string("Oct"),
                                 std::string("On or near Swanhill")}});
  const report::Table t = patrol_table(areas, 847826.0);
  EXPECT_EQ(t.header, (std::vector<std::string>{"Priority rank", "Place", "Unit", "Stop on its route", "Visits a week",
                                                "Minutes a visit", "Incidents", "Share of all harm", "Busiest month"}));
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "On or near Goldsmith Way", "1", "1", "9", "15", "1,207", "1.6%", "Dec"}));
  EXPECT_EQ(t.rows[1][7], "under 0.1%");  // 300 / 847,826 = 0.035%
  EXPECT_TRUE(t.sortable);
  // police.uk's peak times say only "unknown": no column for them. The force's own data: one.
  areas.features[1].values[7] = std::string("Fri 22:00-02:00");
  const report::Table with_times = patrol_table(areas, std::nan(""));
  EXPECT_EQ(with_times.header.back(), "Peak times");
  EXPECT_EQ(std::find(with_times.header.begin(), with_times.header.end(), "Share of all harm"), with_times.header.end());
}

TEST(PlanReport, NoFilePathOrSqlAnywhereAndTheAreaByItsName) {
  PlanOptions options = default_plan_options();
  options.input.prepare.weight = WeightMode::harm;  // a harm-weighted plan names its table
  options.input.prepare.filter.within = AreaSource{"/home/analyst/secret folder/herts_districts.geojson", "",
                                           "lad17nm = 'Welwyn Hatfield'"};
  PlanResult result;
  result.title = "Hot spots and plans: Welwyn Hatfield";
  result.profile.incidents = 12711;
  result.profile.by_month = {{"2018-01", "", 900, 0}, {"2018-12", "", 1000, 0}};
  result.profile.study_area = "/home/analyst/secret folder/herts_districts.geojson where lad17nm = 'Welwyn Hatfield' (1 polygon)";
  result.profile.harm_table = "/home/analyst/secret folder/weights.csv";
  result.profile.by_type = {{"Anti-social behaviour", "", 3000, 3000}, {"Violence and sexual offences", "", 100, 19000}};
  result.cctv_summary = "cctv: 12711 incidents; #1 lattice: Sees 211 incidents (1.6% of all demand weight)";
  options.input.prepare.harm_weights_path = "/home/analyst/secret folder/weights.csv";
  const VectorLayer cameras = cameras_layer();
  PlanLayers layers;
  layers.cameras = &cameras;
  const report::Report r = plan_report(options, result, layers, incidents_of({{20, 1}, {30, 2}}));
  EXPECT_EQ(r.subtitle, "12,711 incidents in Welwyn Hatfield, January to December 2018");
  const std::string html = report::render_html(r);
  for (const char* forbidden : {"/home/analyst", "secret folder", "lad17nm", "herts_districts", "weights.csv",
                                "demand weight", "#1 lattice"}) {
    EXPECT_EQ(html.find(forbidden), std::string::npos) << forbidden;
  }
  EXPECT_NE(html.find("the partnership\u2019s own table"), std::string::npos);  // the caveat, not the file
  EXPECT_NE(html.find("Recommended camera sites, best first"), std::string::npos);
  EXPECT_FALSE(r.caveats.empty());
}

TEST(PlanReport, CaveatsQuoteTheWeightsOfTheTableInForce) {
  PlanOptions options = default_plan_options();
  options.input.prepare.weight = WeightMode::harm;
  PlanResult result;
  result.profile.by_type = {{"Anti-social behaviour", "", 3000, 3000},
                            {"Shoplifting", "", 500, 500},
                            {"Violence and sexual offences", "", 100, 19000},
                            {"Robbery", "", 2, 730}};
  IncidentRecord asb;
  asb.month = make_month(2018, 1);
  Incidents in;
  asb.category = in.categories.intern("Anti-social behaviour");
  asb.location = in.locations.intern("On or near Station");
  in.push_back(asb);
  const report::Report r = plan_report(options, result, PlanLayers{}, in);
  std::string all;
  for (const auto& c : r.caveats) all += c + "\n";
  // The heaviest (robbery 365), the most harm in all (violence 190), the most frequent and ASB
  // (anti-social behaviour 1), heaviest first.
  EXPECT_NE(all.find("robbery 365, violence and sexual offences 190 and anti-social behaviour 1."), std::string::npos) << all;
  EXPECT_NE(all.find("Anti-social behaviour is not a crime"), std::string::npos);
  EXPECT_NE(all.find("Dates are months only"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::plan
