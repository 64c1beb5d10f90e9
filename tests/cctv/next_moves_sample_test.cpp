// `cctv next` and `cctv appraise` on the bundled sample (data/sample/cctv/): the README's demo.
// PRINT_SAMPLE=1 prints the outputs the docs quote.

#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

#include "hotspot/cctv/appraise.hpp"
#include "hotspot/cctv/next_moves.hpp"
#include "hotspot/pipeline/prepare.hpp"

namespace hotspot {
namespace {

const std::string kCctvSample = HOTSPOT_SAMPLE_DIR;

PreparedIncidents sample_district(const std::string& name) {
  PrepareOptions o;
  o.read.inputs = {kCctvSample + "/police_uk"};
  o.filter.within = AreaSource{kCctvSample + "/boundaries/herts_districts.geojson", "", "lad17nm = '" + name + "'"};
  return prepare_incidents(o);
}

CctvOptions sample_scene(const std::string& name) {
  CctvOptions scene;
  scene.candidates.points = AreaSource{kCctvSample + "/cctv/candidate_sites.geojson", "", "district = '" + name + "'"};
  scene.candidates.name_field = "name";
  scene.candidates.usable_field = "mount";
  return scene;
}

bool print_sample() { return std::getenv("PRINT_SAMPLE") != nullptr; }

TEST(CctvSample, NextQuarterForTheFourStAlbansUnits) {
  const PreparedIncidents prepared = sample_district("St Albans");
  CctvOptions scene = sample_scene("St Albans");
  NextMovesOptions options;
  options.units = AreaSource{kCctvSample + "/cctv/units.csv", "", ""};
  options.deployments = AreaSource{kCctvSample + "/cctv/deployments.csv", "", ""};
  const NextMovesReport r = plan_next_moves(prepared, scene, options);
  if (print_sample()) {
    std::cout << r.summary_text << "\n" << r.moves_csv << "\n";
    for (const auto& p : r.section.paragraphs) std::cout << p << "\n\n";
    for (const auto& n : r.notes) std::cout << "note: " << n << "\n";
    std::cout << demand_backtest_markdown(r.demand);
  }
  ASSERT_EQ(r.units.size(), 4U);
  EXPECT_EQ(r.period_first, make_month(2019, 1));
  EXPECT_TRUE(r.demand.backtested);  // twelve months: seven origins
  // SA-4 was placed in November 2018: it stays.
  EXPECT_EQ(r.units[3].unit, "SA-4");
  EXPECT_FALSE(r.units[3].moves);
  // The deployments log bars the sites left in August and October 2018 (within six months).
  for (const auto& u : r.units) {
    if (!u.moves) continue;
    EXPECT_NE(u.next_site, "Shopping Area off Doggetts Way");
    EXPECT_NE(u.next_site, "Supermarket off Walkers Court");
    EXPECT_GT(u.gain_weight, 0.2 * 0.0);
  }
  for (const auto& u : r.units) EXPECT_LE(u.incidents.low, u.incidents.expected);
  EXPECT_EQ(r.moves.features.size(), static_cast<std::size_t>(r.solution.moves));
  // The same inputs give the same bytes, whatever the thread count.
  scene.threads = 1;
  const NextMovesReport again = plan_next_moves(prepared, scene, options);
  EXPECT_EQ(again.moves_csv, r.moves_csv);
  EXPECT_EQ(again.summary_text, r.summary_text);
}

TEST(CctvSample, AppraiseAWelwynHatfieldCarPark) {
  const PreparedIncidents prepared = sample_district("Welwyn Hatfield");
  AppraiseOptions options;
  options.sites = {"Parking Area off Comet Road"};
  const AppraisalReport r = appraise_sites(prepared, sample_scene("Welwyn Hatfield"), options);
  if (print_sample()) {
    std::cout << r.summary_text << "\n" << r.csv << "\n";
    for (const auto& n : r.notes) std::cout << "note: " << n << "\n";
  }
  ASSERT_EQ(r.sites.size(), 1U);
  const SiteAppraisal& a = r.sites[0];
  EXPECT_GT(a.past_incidents, 0U);
  EXPECT_GE(a.rank, 1U);
  EXPECT_LE(a.rank, a.of);
  EXPECT_LE(a.share_of_best, 1.0);
  EXPECT_LE(a.expected_incidents.low, a.expected_incidents.expected);
  EXPECT_LE(a.expected_incidents.expected, a.expected_incidents.high);
  for (const auto& alt : a.alternatives) {
    EXPECT_LE(alt.distance_m, options.walk_m);
    EXPECT_GT(alt.value, a.value);
  }
}

}  // namespace
}  // namespace hotspot
