#include "hotspot/analysis/areas.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/geo/context_layer.hpp"
#include "hotspot/geo/study_area.hpp"
#include "hotspot/qgis/layer_styles.hpp"
#include "hotspot/qgis/standard_styles.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

constexpr double kX0 = 520000, kY0 = 200000;

// Three 1 km squares in British National Grid: A [0, 1000], B [1000, 2000] and C [1500, 2500]
// (C overlaps the east half of B), all from y 0 to 1000. A has 2000 residents in 800
// households, B 500 residents, C no population.
std::string three_squares(const testing::ScratchDir& dir) {
  const auto square = [](double x0, double x1) {
    const auto p = [](double x, double y) {
      return "[" + std::to_string(kX0 + x) + "," + std::to_string(kY0 + y) + "]";
    };
    return "[[" + p(x0, 0) + "," + p(x1, 0) + "," + p(x1, 1000) + "," + p(x0, 1000) + "," + p(x0, 0) + "]]";
  };
  const std::string path = dir.file("squares.geojson");
  testing::write_text(
      path, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},"
            "\"features\":["
            "{\"type\":\"Feature\",\"properties\":{\"ward\":\"A\",\"pop\":2000,\"hh\":800},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" +
                square(0, 1000) +
                "}},"
                "{\"type\":\"Feature\",\"properties\":{\"ward\":\"B\",\"pop\":500,\"hh\":null},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" +
                square(1000, 2000) +
                "}},"
                "{\"type\":\"Feature\",\"properties\":{\"ward\":\"C\",\"pop\":null,\"hh\":null},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" +
                square(1500, 2500) + "}}]}");
  return path;
}

struct Spot {
  double x;
  const char* location;
};
const Spot kA{500, "On or near Parking Area"}, kAB{1000, "On or near High Street"}, kB{1200, "On or near Bus Station"},
    kBC{1700, "On or near Station Road"}, kC{2200, "On or near Park"}, kOut{3000, "On or near Farm Lane"};

void add(PreparedIncidents& p, const Spot& at, const char* type, int year, int month, int times = 1,
         const char* location = nullptr) {
  Incidents& in = p.incidents;
  for (int i = 0; i < times; ++i) {
    in.push_back({.x = kX0 + at.x,
                  .y = kY0 + 500,
                  .month = month == 0 ? kNoMonth : make_month(year, month),
                  .category = in.categories.intern(type),
                  .location = in.locations.intern(location != nullptr ? location : at.location),
                  .row = in.size() + 1});
  }
}

// Financial years 2018/19 (before) and 2019/20 (now), every month present; hand sums in the
// comments of the test below.
PreparedIncidents constructed() {
  PreparedIncidents p;
  p.crs.definition = "EPSG:27700";
  p.incidents.crs = "EPSG:27700";
  p.account.sources = {"log.csv"};
  for (MonthIndex m = make_month(2018, 4); m <= make_month(2020, 3); ++m) {
    add(p, kA, "Anti-social behaviour", year_of(m), month_of(m));
  }
  add(p, kA, "Burglary", 2019, 3, 2, "On or near Shopping Area");  // last month of 2018/19
  add(p, kA, "Burglary", 2019, 4, 3, "On or near Shopping Area");  // first month of 2019/20
  add(p, kAB, "Anti-social behaviour", 2019, 6, 2);  // on the edge of A and B
  add(p, kB, "Anti-social behaviour", 2018, 5, 4);
  add(p, kB, "Anti-social behaviour", 2019, 5, 1);
  add(p, kBC, "Burglary", 2019, 7, 3);  // inside both B and C
  add(p, kC, "Anti-social behaviour", 2019, 8, 5);
  add(p, kOut, "Anti-social behaviour", 2018, 9, 1);
  add(p, kOut, "Anti-social behaviour", 2019, 9, 2);
  add(p, kA, "Anti-social behaviour", 2018, 3);  // before either year
  add(p, kA, "Anti-social behaviour", 0, 0);     // no month
  return p;
}

AreasOptions squares_options(const testing::ScratchDir& dir) {
  AreasOptions o;
  o.areas.path = three_squares(dir);
  o.name_field = "ward";
  o.population_field = "pop";
  o.households_field = "hh";
  o.top_places = 3;
  o.place_trends = false;  // a handful of points: no grid to speak of
  return o;
}

TEST(Areas, HandSumsOnConstructedIncidents) {
  testing::ScratchDir dir("areas");
  const PreparedIncidents p = constructed();
  const AreasResult r = summarise_areas(p, squares_options(dir));

  // Periods: the latest complete financial year against the one before.
  EXPECT_EQ(r.periods.rule, PeriodRule::financial_years);
  EXPECT_EQ(r.periods.current, financial_year(2019));
  EXPECT_EQ(r.periods.compare, financial_year(2018));
  ASSERT_EQ(r.areas.size(), 3u);
  EXPECT_NEAR(r.areas[0].area_km2, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.areas[0].population, 2000);
  EXPECT_TRUE(std::isnan(r.areas[1].households));  // null
  EXPECT_TRUE(std::isnan(r.areas[2].population));

  // Every incident in one area or outside: the edge point goes to A (first), the overlap to B.
  const std::map<double, std::int32_t> expected_area{{kA.x, 0}, {kAB.x, 0}, {kB.x, 1}, {kBC.x, 1}, {kC.x, 2}, {kOut.x, -1}};
  ASSERT_EQ(r.area_of.size(), p.incidents.size());
  for (std::size_t i = 0; i < p.incidents.size(); ++i) {
    EXPECT_EQ(r.area_of[i], expected_area.at(p.incidents.x[i] - kX0)) << i;
  }
  EXPECT_EQ(r.outside_incidents, 3u);
  EXPECT_EQ(r.boundary_incidents, 2u);
  EXPECT_EQ(r.overlap_incidents, 3u);
  EXPECT_EQ(r.undated_incidents, 1u);

  // All types. 2019/20: A = 12 ASB + 3 burglaries (April) + 2 on the edge = 17; B = 1 + 3 in the
  // overlap = 4; C = 5; outside 2; total 28. 2018/19: A = 12 + 2 burglaries (March) = 14; B 4;
  // C 0; outside 1; total 19. March 2018 is in neither year.
  ASSERT_EQ(r.tables.size(), 3u);
  const AreaTable& all = r.tables[0];
  EXPECT_EQ(all.crime_type, "All crime types");
  const AreaFigures &a = all.areas[0], &b = all.areas[1], &c = all.areas[2];
  EXPECT_EQ(a.count, 17u);
  EXPECT_EQ(a.count_before, 14u);
  EXPECT_EQ(b.count, 4u);
  EXPECT_EQ(b.count_before, 4u);
  EXPECT_EQ(c.count, 5u);
  EXPECT_EQ(c.count_before, 0u);
  EXPECT_EQ(all.outside.count, 2u);
  EXPECT_EQ(all.outside.count_before, 1u);
  EXPECT_EQ(all.total.count, 28u);
  EXPECT_EQ(all.total.count_before, 19u);
  // Changes: +3 on 14 = +21.4%; none; new; total +9 on 19 = +47.4%.
  EXPECT_DOUBLE_EQ(a.change, 3);
  EXPECT_NEAR(a.change_pct, 300.0 / 14.0, 1e-12);
  EXPECT_EQ(a.change_text, "+21.4%");
  EXPECT_EQ(b.change_text, "no change");
  EXPECT_TRUE(std::isnan(c.change_pct));
  EXPECT_EQ(c.change_text, "new");
  EXPECT_NEAR(all.total.change_pct, 900.0 / 19.0, 1e-12);
  // Rates for a year (12 months covered): A 17 per 2000 residents = 8.5 per 1,000; 17 per km²;
  // 17 per 800 households = 21.25 per 1,000. B 4 per 500 = 8. C has no population.
  EXPECT_DOUBLE_EQ(a.per_1000_residents, 8.5);
  EXPECT_NEAR(a.per_km2, 17, 1e-9);
  EXPECT_DOUBLE_EQ(a.per_1000_households, 21.25);
  EXPECT_DOUBLE_EQ(b.per_1000_residents, 8);
  EXPECT_TRUE(std::isnan(c.per_1000_residents));
  EXPECT_NEAR(c.per_km2, 5, 1e-9);
  EXPECT_TRUE(std::isnan(all.total.per_1000_residents));  // C's population is unknown
  EXPECT_NEAR(all.total.per_km2, 28.0 / 3.0, 1e-9);
  // Shares of the study area's 28 (outside included), and ranks.
  EXPECT_DOUBLE_EQ(a.share, 17.0 / 28.0);
  EXPECT_DOUBLE_EQ(all.outside.share, 2.0 / 28.0);
  EXPECT_DOUBLE_EQ(a.share + b.share + c.share + all.outside.share, 1.0);
  EXPECT_EQ(a.rank, 1u);
  EXPECT_EQ(c.rank, 2u);
  EXPECT_EQ(b.rank, 3u);

  // Dispersion from the 72 monthly counts of 3 areas x 2 years (6 means): Pearson chi-square
  // 135.8487... on 66 degrees of freedom = 2.0583 (mpmath, independently).
  EXPECT_EQ(all.dispersion.observations, 72u);
  EXPECT_EQ(all.dispersion.groups, 6u);
  EXPECT_NEAR(all.dispersion.estimate, 2.058314234784823, 1e-12);
  // The tests with that φ (mpmath's incomplete beta): A 17 vs 14 → 0.9067; C 5 vs 0 → 0.3713
  // (0.0625 without the dispersion); B unchanged → 1; the total 28 vs 19 → 0.4812.
  EXPECT_NEAR(a.p_value, 0.90671343273750232, 1e-12);
  EXPECT_NEAR(b.p_value, 1.0, 1e-12);
  EXPECT_NEAR(c.p_value, 0.37134386866793945, 1e-12);
  EXPECT_NEAR(all.total.p_value, 0.48124080129152205, 1e-12);
  // Benjamini–Hochberg over the 3 areas: every adjusted p is 1 here (0.371 x 3 > 1).
  EXPECT_DOUBLE_EQ(c.p_adjusted, 1.0);
  EXPECT_FALSE(c.significant);
  // ODI: changes A +3, B 0, C +5 (total +8): undo C (3 left), then A (0): 2 of 3 areas.
  EXPECT_EQ(all.dispersion_of_increase.contributing, 2u);
  EXPECT_NEAR(all.dispersion_of_increase.odi, 2.0 / 3.0, 1e-15);
  EXPECT_EQ(all.dispersion_of_increase.order, (std::vector<std::size_t>{2, 0}));
  EXPECT_DOUBLE_EQ(all.dispersion_of_increase.ncdi, 0.0);

  // By type, most incidents now first: ASB 22 now (A 14, B 1, C 5, outside 2), 17 before;
  // burglary 6 now (A 3 in April, B 3), 2 before (A, March): the March/April split.
  EXPECT_EQ(r.tables[1].crime_type, "Anti-social behaviour");
  EXPECT_EQ(r.tables[1].total.count, 22u);
  EXPECT_EQ(r.tables[1].total.count_before, 17u);
  EXPECT_EQ(r.tables[1].areas[0].count, 14u);
  EXPECT_NEAR(r.tables[1].dispersion.estimate, 12.0 / 7.0, 1e-12);
  EXPECT_EQ(r.tables[2].crime_type, "Burglary");
  EXPECT_EQ(r.tables[2].areas[0].count, 3u);
  EXPECT_EQ(r.tables[2].areas[0].count_before, 2u);
  EXPECT_EQ(r.tables[2].areas[1].count, 3u);
  EXPECT_EQ(r.tables[2].total.count, 6u);

  // Named places (top 3) in 2019/20: the A point (15), the C point (5), the overlap point (3).
  // On the 2018/19 list were the A point (14), the B point (4) and the outside point (1).
  ASSERT_EQ(r.places.size(), 3u);
  EXPECT_EQ(r.places[0].location, "On or near Parking Area");  // 12 of its 15 incidents, against 3
  EXPECT_EQ(r.places[0].area, "A");
  EXPECT_EQ(r.places[0].count, 15u);
  EXPECT_EQ(r.places[0].count_before, 14u);
  EXPECT_EQ(r.places[0].by_type,
            (std::vector<std::pair<std::string, std::uint64_t>>{{"Anti-social behaviour", 12}, {"Burglary", 3}}));
  EXPECT_EQ(r.places[0].rank_before, 1u);
  EXPECT_FALSE(r.places[0].new_to_list);
  EXPECT_EQ(r.places[1].area, "C");
  EXPECT_EQ(r.places[1].count, 5u);
  EXPECT_TRUE(r.places[1].new_to_list);
  EXPECT_EQ(r.places[2].location, "On or near Station Road");
  EXPECT_EQ(r.places[2].area, "B");
  EXPECT_EQ(r.places[2].rank_before, 0u);
  EXPECT_TRUE(r.places[2].new_to_list);
  // WGS84 of (520500, 200500), from PROJ's cs2cs: 51.690331 N, 0.258125 W.
  EXPECT_NEAR(r.places[0].lon, -0.258125, 1e-6);
  EXPECT_NEAR(r.places[0].lat, 51.690331, 1e-6);
}

TEST(Areas, NewSinceAMonthJudgesAgainstTheListJustBeforeIt) {
  testing::ScratchDir dir("areas");
  AreasOptions o = squares_options(dir);
  o.since = "2019-07";
  const AreasResult r = summarise_areas(constructed(), o);
  // The earlier list covers the 12 months to June 2019: the A point (17), the edge point (2),
  // then the B and outside points (1 each, the western first).
  EXPECT_EQ(r.places_before, (MonthRange{make_month(2018, 7), make_month(2019, 6)}));
  ASSERT_EQ(r.places.size(), 3u);
  EXPECT_EQ(r.places[0].rank_before, 1u);
  EXPECT_FALSE(r.places[0].new_to_list);
  EXPECT_TRUE(r.places[1].new_to_list);  // C: first incident in August 2019
  EXPECT_TRUE(r.places[2].new_to_list);  // the overlap point: July 2019
  o.top_places = 6;
  const AreasResult all = summarise_areas(constructed(), o);
  // In 2019/20: A 15, C 5, overlap 3, then the edge and outside points (2 each: the western
  // first), then B (1).
  ASSERT_EQ(all.places.size(), 6u);
  EXPECT_EQ(all.places[3].location, "On or near High Street");
  EXPECT_EQ(all.places[3].rank_before, 2u);
  EXPECT_EQ(all.places[4].location, "On or near Farm Lane");
  EXPECT_EQ(all.places[4].area, "");
  EXPECT_EQ(all.places[4].rank_before, 4u);
  EXPECT_EQ(all.places[5].location, "On or near Bus Station");
  EXPECT_EQ(all.places[5].rank_before, 3u);
}

TEST(Areas, GivenPeriodsOfDifferentLengthsCompareRates) {
  testing::ScratchDir dir("areas");
  AreasOptions o = squares_options(dir);
  o.period = "2019/20";
  o.compare_period = "2018-10..2019-03";  // six months
  o.over_dispersion = false;
  const AreasResult r = summarise_areas(constructed(), o);
  const AreaFigures& a = r.tables[0].areas[0];
  // A before: 6 ASB + 2 burglaries = 8 in six months, expected 16 in twelve; now 17.
  EXPECT_EQ(a.count_before, 8u);
  EXPECT_DOUBLE_EQ(a.change, 1);
  EXPECT_NEAR(a.change_pct, 100.0 / 16.0, 1e-12);
  EXPECT_NEAR(a.p_value, poisson_rate_p_value(17, 12, 8, 6), 1e-15);
  // C: 5 against none is "new", and without dispersion 2 (2/3)^5 (p0 = 12/18).
  EXPECT_NEAR(r.tables[0].areas[2].p_value, 2 * std::pow(2.0 / 3.0, 5), 1e-13);
  // Rolling 12 months end at March 2020 here: the same as the financial years.
  AreasOptions rolling = squares_options(dir);
  rolling.rolling_12_months = true;
  const AreasResult q = summarise_areas(constructed(), rolling);
  EXPECT_EQ(q.periods.current, financial_year(2019));
  EXPECT_EQ(q.tables[0].areas[0].count, 17u);
}

TEST(Areas, RefusesMissingFieldsNamingThem) {
  testing::ScratchDir dir("areas");
  AreasOptions o = squares_options(dir);
  o.name_field.clear();
  try {
    (void)summarise_areas(constructed(), o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("ward, pop, hh"), std::string::npos) << e.what();
  }
  o.name_field = "ward";
  o.population_field = "residents";
  try {
    (void)summarise_areas(constructed(), o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("population field \"residents\""), std::string::npos) << e.what();
  }
  o.population_field.clear();
  o.since = "July 2019";
  EXPECT_THROW((void)summarise_areas(constructed(), o), Error);
}

TEST(Areas, CsvCellsFromTheDataNeutraliseFormulae) {
  // A crime type and a place name that a spreadsheet would run as formulas (docs/reliability.md).
  testing::ScratchDir dir("areas_formulae");
  PreparedIncidents p = constructed();
  add(p, kB, "=HYPERLINK(\"http://example.com\",\"x\")", 2019, 10, 30, "@SUM(1+1)");
  const AreasResult r = summarise_areas(p, squares_options(dir));
  const std::string csv = areas_csv(r);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",B,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << csv;
  const std::string places = named_places_csv(r);
  EXPECT_NE(places.find(",'@SUM(1+1),B,"), std::string::npos) << places;
}

TEST(Areas, OutputsCarryTheFiguresInPlainForms) {
  testing::ScratchDir dir("areas");
  const PreparedIncidents p = constructed();
  const AreasResult r = summarise_areas(p, squares_options(dir));
  const std::string csv = areas_csv(r);
  // One header, 3 tables x (3 areas + outside + total).
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 3 * 5);
  EXPECT_NE(csv.find("All crime types,A,1,2019-04..2020-03,2018-04..2019-03,17,14,3,21.4,+21.4%,0.907,1,no,2.058,"
                     "8.50,17.00,21.25,60.71,2000,800,1.000,17.00,14.00\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("All crime types,C,2,2019-04..2020-03,2018-04..2019-03,5,0,5,,new,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("All crime types,(outside every area),,2019-04..2020-03,2018-04..2019-03,2,1,1,100.0,+100.0%"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("All crime types,(all areas),,2019-04..2020-03,2018-04..2019-03,28,19,9,47.4,+47.4%"),
            std::string::npos)
      << csv;
  const std::string places = named_places_csv(r);
  EXPECT_NE(places.find("1,On or near Parking Area,A,15,14,15.00,Anti-social behaviour: 12; Burglary: 3,,1,no,"),
            std::string::npos)
      << places;
  const std::string outside = outside_incidents_csv(r, p);
  EXPECT_EQ(std::count(outside.begin(), outside.end(), '\n'), 1 + 3);
  EXPECT_NE(outside.find("log.csv,"), std::string::npos);

  const std::vector<VectorLayer> layers = areas_layers(r);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].name, "area_rates");
  EXPECT_EQ(layers[1].name, "area_change");
  ASSERT_EQ(layers[0].features.size(), 3u);
  EXPECT_EQ(layers[0].geometry, GeometryKind::polygon);
  const auto field = [&](const std::string& name) {
    for (std::size_t i = 0; i < layers[0].fields.size(); ++i) {
      if (layers[0].fields[i].name == name) return i;
    }
    return layers[0].fields.size();
  };
  EXPECT_EQ(std::get<std::string>(layers[1].features[0].values[field("change_class")]), "up 20% to 50%");
  EXPECT_EQ(std::get<std::string>(layers[1].features[1].values[field("change_class")]), "about the same (within 5%)");
  EXPECT_EQ(std::get<std::string>(layers[1].features[2].values[field("change_class")]), "new (none before)");
  EXPECT_DOUBLE_EQ(std::get<double>(layers[0].features[0].values[field("per_1000_residents")]), 8.5);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(layers[0].features[2].values[field("per_1000_residents")]));
  std::vector<VectorLayer> all = layers;
  all.push_back(named_places_layer(r));
  const std::vector<qgis::LayerStyle> styles = areas_styles(all);
  ASSERT_EQ(styles.size(), 3u);
  EXPECT_EQ(styles[0].renderer, qgis::Renderer::graduated);
  EXPECT_EQ(styles[0].field, "per_1000_residents");
  ASSERT_EQ(styles[0].classes.size(), 2u);  // two distinct rates: 8 and 8.5
  EXPECT_EQ(styles[1].renderer, qgis::Renderer::categorized);
  EXPECT_EQ(styles[1].field, "change_class");
  EXPECT_EQ(styles[2].field, "status");
  for (const auto& style : styles) EXPECT_FALSE(qgis::layer_qml(style).empty());
  // They write as a styled GeoPackage and GeoJSON, and read back.
  std::vector<const VectorLayer*> pointers;
  for (const VectorLayer& layer : all) pointers.push_back(&layer);
  qgis::write_geopackage_with_styles(pointers, dir.path() / "areas.gpkg");
  qgis::write_geojson_with_style(all[1], dir.path() / "area_change.geojson");
  for (const char* name : {"area_rates", "area_change", "named_hotspots"}) {
    const VectorLayer back = read_context_layer({dir.file("areas.gpkg"), name, ""}, "EPSG:27700", name, "rank");
    EXPECT_EQ(back.features.size(), 3u) << name;
  }
  const VectorLayer change = read_context_layer({dir.file("area_change.geojson"), "", ""}, "EPSG:27700", "c", "change_class");
  ASSERT_EQ(change.features.size(), 3u);
  EXPECT_EQ(std::get<std::string>(change.features[2].values[0]), "new (none before)");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "area_change.qml"));

  const AreasReport report = areas_report(r);
  ASSERT_FALSE(report.summary.empty());
  EXPECT_EQ(report.summary[0], "In 2019/20 there were 28 incidents, 47.4% more than in 2018/19 (19); a change that could be chance.");
  EXPECT_EQ(report.summary[1], "The busiest area was A with 17 incidents (60.7% of the total, 8.5 a year per 1,000 residents).");
  ASSERT_EQ(report.sections.size(), 3u);
  ASSERT_EQ(report.sections[0].tables.size(), 1u);
  EXPECT_EQ(report.sections[0].tables[0].rows[0],
            (std::vector<std::string>{"1", "A", "17", "14", "+21.4%", "No", "8.5", "60.7%"}));
  report::Report page;
  page.title = "Areas";
  page.sections = report.sections;
  page.charts = report.charts;
  EXPECT_NO_THROW((void)report::render_html(page));
}

}  // namespace
}  // namespace hotspot
