#include "hotspot/cctv/next_moves.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::all_round;
using testing::ScratchDir;
using testing::write_text;

// Five named candidate sites 1 km apart on a line (A at x = 0 … E at x = 4000) and one
// place off the list at x = 5000. Every month of 2018: 1 incident at A and at B, 10 at C,
// 8 at D, none at E; one every other month at the off-list place. Each 40 m all-round camera
// sees exactly its own site's incidents, so a quarter's forecast is 3 × the monthly count
// and, the history being the same every month, forecasts are exact.
struct Town {
  ScratchDir dir{"cctv-next"};
  PreparedIncidents prepared;
  CctvOptions scene;
  NextMovesOptions options;

  Town() {
    const std::vector<std::pair<std::string, double>> named{{"A", 0}, {"B", 1000}, {"C", 2000}, {"D", 3000}, {"E", 4000}};
    VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", {{"name", FieldType::string}}, {}, {}};
    for (const auto& [name, x] : named) sites.features.push_back({wkb_point(x, 0), {name}});
    const VectorLayer* layers[] = {&sites};
    write_geopackage(layers, dir.file("sites.gpkg"));
    prepared.crs = WorkingCrsChoice{"EPSG:27700", "EPSG:27700", "test"};
    prepared.harm = HarmWeights::bundled();
    prepared.incidents.crs = "EPSG:27700";
    const std::uint32_t asb = prepared.incidents.categories.intern("Anti-social behaviour");
    const std::uint32_t theft = prepared.incidents.categories.intern("Shoplifting");
    const auto add = [&](double x, MonthIndex m, int n, std::uint32_t type) {
      for (int k = 0; k < n; ++k) {
        IncidentRecord rec;
        rec.x = x + 5;
        rec.y = 3;
        rec.month = m;
        rec.category = type;
        prepared.incidents.push_back(rec);
      }
    };
    for (int month = 1; month <= 12; ++month) {
      const MonthIndex m = make_month(2018, month);
      add(0, m, 1, asb);
      add(1000, m, 1, asb);
      add(2000, m, 7, asb);
      add(2000, m, 3, theft);
      add(3000, m, 8, theft);
      if (month % 2 == 0) add(5000, m, 1, asb);
    }
    scene.candidates.points = AreaSource{dir.file("sites.gpkg"), "sites", ""};
    scene.candidates.name_field = "name";
    scene.camera = all_round(40);
    write_text(dir.file("units.csv"),
               "unit,site,placed,easting,northing\n"
               "U1,A,2018-06,,\n"
               "U2,B,2018-11,,\n"
               "U3,Lay-by,2018-03,5000,0\n");
    options.units = AreaSource{dir.file("units.csv"), "", ""};
  }
};

TEST(NextMoves, UnitsGoWhereTheForecastIsAndKeepTheRules) {
  Town town;
  const NextMovesReport r = plan_next_moves(town.prepared, town.scene, town.options);
  EXPECT_EQ(r.period_first, make_month(2019, 1));
  EXPECT_EQ(r.period_last, make_month(2019, 3));
  ASSERT_TRUE(r.demand.backtested);  // 12 months: 7 origins
  EXPECT_EQ(r.demand.origins.size(), 7U);
  EXPECT_EQ(r.demand.model.id(), "counts");
  // Stationary history: every ratio is 1, so the interval is the forecast itself.
  EXPECT_DOUBLE_EQ(r.demand.per_camera_count.low_ratio, 1);
  EXPECT_DOUBLE_EQ(r.demand.per_camera_count.high_ratio, 1);
  ASSERT_EQ(r.units.size(), 3U);
  // U2 was placed in November: under the 3-month stay it stays at B (3 a quarter).
  EXPECT_FALSE(r.units[1].moves);
  EXPECT_NE(r.units[1].reason.find("minimum stay"), std::string::npos) << r.units[1].reason;
  EXPECT_DOUBLE_EQ(r.units[1].incidents.expected, 3);
  // Margins: stays see 3, 3 and 1.5 (mean 2.5), so 0.6, 0.6, 0.5. U3 → C gains 28.5 − 0.5,
  // the most of any single move, then U1 → D gains 21 − 0.6.
  EXPECT_FALSE(r.units[2].current_is_candidate);
  EXPECT_TRUE(r.units[2].moves);
  EXPECT_EQ(r.units[2].next_site, "C");
  EXPECT_DOUBLE_EQ(r.units[2].incidents.expected, 30);
  EXPECT_DOUBLE_EQ(r.units[2].gain_incidents, 30 - 1.5);
  EXPECT_EQ(r.units[2].main_types, "Anti-social behaviour 84; Shoplifting 36");
  EXPECT_TRUE(r.units[0].moves);
  EXPECT_EQ(r.units[0].next_site, "D");
  EXPECT_DOUBLE_EQ(r.units[0].move_m, 3000);
  EXPECT_DOUBLE_EQ(r.total_incidents.expected, 3 + 30 + 24);
  EXPECT_DOUBLE_EQ(r.stay_incidents.expected, 3 + 3 + 1.5);
  EXPECT_DOUBLE_EQ(r.solution.objective, 57 - 0.6 - 0.5);
  // Outputs: one arrow per move, one point and one view per unit, a CSV row per unit.
  EXPECT_EQ(r.moves.features.size(), 2U);
  EXPECT_EQ(r.unit_sites.features.size(), 3U);
  EXPECT_EQ(r.coverage.features.size(), 3U);
  EXPECT_EQ(std::count(r.moves_csv.begin(), r.moves_csv.end(), '\n'), 4);
  EXPECT_NE(r.moves_csv.find("\nU3,Lay-by,5000.00,0.00,2018-03,move,C,2000.00,0.00,,3000.0,30.00,30.00,30.00,"),
            std::string::npos)
      << r.moves_csv;
  EXPECT_EQ(r.section.tables.size(), 2U);
  EXPECT_NE(r.summary_text.find("2 units move"), std::string::npos) << r.summary_text;
  bool off_list_noted = false;
  for (const auto& n : r.notes) off_list_noted = off_list_noted || n.find("not among the candidate sites") != std::string::npos;
  EXPECT_TRUE(off_list_noted);

  // At most one move: U3 → C only, and U1's reason says the rules kept it.
  town.options.rules.max_moves = 1;
  NextMovesReport one = plan_next_moves(town.prepared, town.scene, town.options);
  EXPECT_EQ(one.solution.moves, 1);
  EXPECT_EQ(one.units[2].next_site, "C");
  EXPECT_NE(one.units[0].reason.find("the rules (at most 1 move)"), std::string::npos) << one.units[0].reason;
  town.options.rules.max_moves.reset();

  // A camera left C in October: within six months, so C is barred; U3 takes D, and U1 has
  // nowhere worth going (E sees nothing).
  write_text(town.dir.file("log.csv"), "site,installed,removed\nC,2018-07,2018-10\nB,2018-11,\n");
  town.options.deployments = AreaSource{town.dir.file("log.csv"), "", ""};
  NextMovesReport barred = plan_next_moves(town.prepared, town.scene, town.options);
  EXPECT_EQ(barred.units[2].next_site, "D");
  EXPECT_FALSE(barred.units[0].moves);
  // Two months of no-return let C back in (it left three months before the period).
  town.options.rules.no_return_months = 2;
  EXPECT_EQ(plan_next_moves(town.prepared, town.scene, town.options).units[2].next_site, "C");
}

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(NextMoves, BadUnitsAreRefusedClearly) {
  Town town;
  const auto with_units = [&](const std::string& csv) {
    write_text(town.dir.file("units.csv"), csv);
    return error_of([&] { (void)plan_next_moves(town.prepared, town.scene, town.options); });
  };
  EXPECT_NE(with_units("unit,site,placed\nU1,A,2019-02\n")
                .find("unit \"U1\" was placed in 2019-02, after the incidents' last month (2018-12)"),
            std::string::npos);
  EXPECT_NE(with_units("unit,site,placed\nU1,A,2018-01\nU2,A,2018-02\n").find("units \"U1\" and \"U2\" both stand at \"A\""),
            std::string::npos);
  EXPECT_NE(with_units("unit,site,placed\nU1,A,2018-01\nU1,B,2018-02\n").find("unit id \"U1\" is also on row 1"),
            std::string::npos);
  EXPECT_NE(with_units("unit,site,placed\nU1,Nowhere,2018-01\n")
                .find("\"Nowhere\", which is not a candidate site's name, and the units table gives no location"),
            std::string::npos);
  write_text(town.dir.file("units.csv"), "unit,site,placed\nU1,A,2018-01\n");
  town.scene.candidates.name_field = "site_name";
  EXPECT_NE(error_of([&] { (void)plan_next_moves(town.prepared, town.scene, town.options); })
                .find("has no field \"site_name\"; its fields are: name"),
            std::string::npos);
}

}  // namespace
}  // namespace hotspot
