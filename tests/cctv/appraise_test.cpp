#include "hotspot/cctv/appraise.hpp"

#include <gtest/gtest.h>

#include "cctv/cctv_test_support.hpp"
#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::all_round;
using testing::ScratchDir;

// Five named sites 1 km apart (A at x = 0 … E at x = 4000). Every month of 2018: 1
// anti-social behaviour incident at A and at B, 10 at C, 8 shoplifting at D, none at E.
struct Street {
  ScratchDir dir{"cctv-appraise"};
  PreparedIncidents prepared;
  CctvOptions scene;
  AppraiseOptions options;

  Street() {
    VectorLayer sites{"sites", GeometryKind::point, "EPSG:27700", {{"name", FieldType::string}}, {}, {}};
    const std::vector<std::pair<std::string, double>> named{{"A", 0}, {"B", 1000}, {"C", 2000}, {"D", 3000}, {"E", 4000}};
    for (const auto& [name, x] : named) sites.features.push_back({wkb_point(x, 0), {name}});
    VectorLayer existing{"existing", GeometryKind::point, "EPSG:27700", {}, {{wkb_point(0, 0), {}}}, {}};
    const VectorLayer* layers[] = {&sites, &existing};
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
      add(2000, m, 10, asb);
      add(3000, m, 8, theft);
    }
    scene.candidates.points = AreaSource{dir.file("sites.gpkg"), "sites", ""};
    scene.candidates.name_field = "name";
    scene.camera = all_round(40);
  }
};

TEST(Appraise, ANamedSiteAgainstTheCandidatesAndItsNeighbours) {
  Street street;
  street.options.sites = {"B"};
  street.options.walk_m = 1000;
  const AppraisalReport r = appraise_sites(street.prepared, street.scene, street.options);
  ASSERT_EQ(r.sites.size(), 1U);
  const SiteAppraisal& b = r.sites[0];
  EXPECT_EQ(b.past_incidents, 12U);
  EXPECT_EQ(b.past_incidents_new, 12U);
  EXPECT_DOUBLE_EQ(b.past_harm, 12 * *street.prepared.harm.weight("Anti-social behaviour"));
  // A year at the same rate; every backtest ratio is 1, so the interval is the forecast.
  EXPECT_DOUBLE_EQ(b.expected_incidents.expected, 12);
  EXPECT_DOUBLE_EQ(b.expected_incidents.low, 12);
  EXPECT_DOUBLE_EQ(b.expected_incidents.high, 12);
  EXPECT_TRUE(b.interval.available());
  // Values 120 (C), 96 (D), 12 (A, B), 0 (E): B shares 3rd place with A.
  EXPECT_EQ(b.rank, 3U);
  EXPECT_EQ(b.of, 5U);
  EXPECT_EQ(b.best_site, "C");
  EXPECT_DOUBLE_EQ(b.share_of_best, 0.1);
  ASSERT_EQ(b.alternatives.size(), 1U);  // C at 1 km; A (equal) and D (2 km) are not
  EXPECT_EQ(b.alternatives[0].name, "C");
  EXPECT_DOUBLE_EQ(b.alternatives[0].expected_incidents, 120);
  EXPECT_EQ(b.main_types, "Anti-social behaviour 12");
  EXPECT_NE(b.paragraph.find("would have seen 12 recorded incidents from January to December 2018"), std::string::npos)
      << b.paragraph;
  EXPECT_NE(b.paragraph.find("ranks 3rd by the incidents it would see, reaching 10% of the best, C."), std::string::npos)
      << b.paragraph;
  EXPECT_NE(b.paragraph.find("C (1000 m away) would see 900% more"), std::string::npos) << b.paragraph;
  EXPECT_EQ(std::count(r.csv.begin(), r.csv.end(), '\n'), 2);
  EXPECT_EQ(r.table.rows.size(), 1U);
}

TEST(Appraise, ExistingCamerasAndPlacesOffTheList) {
  Street street;
  street.scene.existing = AreaSource{street.dir.file("sites.gpkg"), "existing", ""};
  street.options.sites = {"A"};
  street.options.points = {{3000, 0}};
  street.options.points_crs = "EPSG:27700";
  const AppraisalReport r = appraise_sites(street.prepared, street.scene, street.options);
  ASSERT_EQ(r.sites.size(), 2U);
  // A is in view of the existing camera at A: it saw 12, none new, and adds nothing.
  EXPECT_EQ(r.sites[0].past_incidents, 12U);
  EXPECT_EQ(r.sites[0].past_incidents_new, 0U);
  EXPECT_DOUBLE_EQ(r.sites[0].value, 0);
  EXPECT_EQ(r.sites[0].rank, 4U);  // C, D, B ahead; E ties
  // The place at D's position: not a candidate, second of six.
  EXPECT_FALSE(r.sites[1].candidate);
  EXPECT_DOUBLE_EQ(r.sites[1].value, 96);
  EXPECT_EQ(r.sites[1].rank, 2U);
  EXPECT_EQ(r.sites[1].of, 6U);
  EXPECT_NE(r.sites[1].paragraph.find("that the existing cameras do not"), std::string::npos);

  street.options.sites = {"Moneyhole Lane car park"};
  try {
    (void)appraise_sites(street.prepared, street.scene, street.options);
    FAIL() << "an unknown site was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("no candidate site is called \"Moneyhole Lane car park\"; names include \"A\", \"B\""),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace hotspot
