// The `cctv appraise` step on the hand-counted camera town: ranks, shares, alternatives, the
// printed table, what is withheld and the options it declares.
#include <string>

#include <gtest/gtest.h>

#include "commands/camera_town.hpp"
#include "commands/memory_sink.hpp"
#include "hotspot/commands/appraise.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::commands {
namespace {

// Over the 12 months after April 2021 each site is forecast 12 × its monthly count: Alpha 12,
// Bravo 120, Charlie 48, Delta 72 (plain counts: four months allow no backtest, so no
// interval). No existing cameras, so everything a site sees is new.
struct AppraiseTown : testing::CameraTown {
  AppraiseStepOptions options;
  AppraiseTown() : testing::CameraTown(agreed_sites_scene()) { options.scene = scene; }
};

TEST(AppraiseStep, RanksANamedSiteAndNamesABetterOneNearby) {
  AppraiseTown town;
  town.options.appraise.sites = {"Delta"};
  testing::MemorySink sink;
  const AppraisalReport r = run_appraise(town.prepared, town.options, sink);
  ASSERT_EQ(r.sites.size(), 1U);
  const SiteAppraisal& a = r.sites[0];
  EXPECT_EQ(a.past_incidents, 24U);  // 6 a month for 4 months
  EXPECT_EQ(a.past_incidents_new, 24U);
  EXPECT_DOUBLE_EQ(a.expected_incidents.expected, 72);
  EXPECT_EQ(a.rank, 2U);
  EXPECT_EQ(a.of, 4U);
  EXPECT_DOUBLE_EQ(a.share_of_best, 0.6);  // 72 / 120
  EXPECT_EQ(a.best_site, "Bravo");
  ASSERT_EQ(a.alternatives.size(), 1U);  // Bravo, 100 m east; Alpha and Charlie are over 400 m away
  EXPECT_EQ(a.alternatives[0].name, "Bravo");
  EXPECT_NEAR(a.alternatives[0].distance_m, 100, 1e-9);
  EXPECT_DOUBLE_EQ(a.alternatives[0].expected_incidents, 120);

  ASSERT_EQ(sink.files.size(), 1U);
  EXPECT_EQ(sink.files["appraisal.csv"], r.csv);
  EXPECT_EQ(std::count(r.csv.begin(), r.csv.end(), '\n'), 2);
  EXPECT_TRUE(sink.layers.empty());
  // The short table, then the paragraph and the demand model's sentence.
  const std::string& printed = sink.said.printed;
  EXPECT_EQ(printed.rfind(
                "cctv appraise: seen = recorded incidents in view, 2021-01 to 2021-04; expected = incidents in view over "
                "the next 12 months; rank among the candidate sites\n"
                "   site   seen  not seen by existing  expected    rank  of the best\n"
                "   Delta    24                    24        72  2 of 4          60%\n",
                0),
            0U)
      << printed;
  EXPECT_NE(printed.find("cctv appraise: A camera at Delta would have seen 24 recorded incidents"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("Within 400 m, Bravo (100 m away) would see 67% more."), std::string::npos) << printed;
  EXPECT_NE(printed.find("cctv appraise: Demand model: plain counts."), std::string::npos) << printed;
}

TEST(AppraiseStep, APlaceOffTheListIsRankedAmongTheCandidates) {
  // 10 m east of Bravo: its 40 m view holds Bravo's incidents (8.1 m away), so it ties with
  // Bravo for the best rank among the four candidates and itself; Charlie ranks among the four.
  AppraiseTown town;
  town.options.appraise.points = {{531010, 200000}};
  town.options.appraise.points_crs = "EPSG:27700";
  town.options.appraise.sites = {"Charlie"};
  testing::MemorySink sink;
  const AppraisalReport r = run_appraise(town.prepared, town.options, sink);
  ASSERT_EQ(r.sites.size(), 2U);
  EXPECT_EQ(r.sites[0].name, "Charlie");
  EXPECT_EQ(r.sites[0].rank, 3U);
  EXPECT_EQ(r.sites[0].of, 4U);
  EXPECT_DOUBLE_EQ(r.sites[0].share_of_best, 0.4);
  EXPECT_TRUE(r.sites[0].alternatives.empty());
  EXPECT_FALSE(r.sites[1].candidate);
  EXPECT_EQ(r.sites[1].past_incidents, 40U);
  EXPECT_DOUBLE_EQ(r.sites[1].expected_incidents.expected, 120);
  EXPECT_EQ(r.sites[1].rank, 1U);
  EXPECT_EQ(r.sites[1].of, 5U);
  EXPECT_TRUE(r.sites[1].alternatives.empty());  // Bravo sees as much, not more
}

TEST(AppraiseStep, AnUnknownNameListsSomeThatExist) {
  AppraiseTown town;
  town.options.appraise.sites = {"Echo"};
  testing::MemorySink sink;
  try {
    (void)run_appraise(town.prepared, town.options, sink);
    FAIL() << "an unknown site was appraised";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("\"Echo\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("\"Alpha\""), std::string::npos) << e.what();
  }
  EXPECT_TRUE(sink.files.empty());
}

TEST(AppraiseStep, TheCsvIsWithheldWhenPublishing) {
  AppraiseTown town;
  town.options.appraise.sites = {"Delta"};
  step::PublishSettings publish;
  publish.enabled = true;
  testing::MemorySink sink(publish);
  (void)run_appraise(town.prepared, town.options, sink);
  EXPECT_TRUE(sink.files.empty());
  ASSERT_EQ(sink.withheld.size(), 1U);
  EXPECT_EQ(sink.withheld[0].rfind("appraisal.csv: ", 0), 0U);
}

TEST(AppraiseStep, DeclaresItsOptions) {
  AppraiseStepOptions options;
  step::Declarer d("cctv appraise");
  declare_appraise(d, options);
  EXPECT_EQ(d.find("horizon")->default_value(), "12");
  EXPECT_FALSE(d.find("horizon")->override_reason().empty());
  EXPECT_EQ(d.find("walk")->default_value(), "400");
  EXPECT_EQ(d.find("alternatives")->default_value(), "3");
  EXPECT_EQ(d.find("at-crs")->default_value(), "EPSG:4326");
  EXPECT_EQ(d.find("spacing")->default_value(), "0");
  EXPECT_EQ(d.find("demand")->default_value(), "auto");
  EXPECT_EQ(d.find("demand-horizon")->default_value(), "3");
  EXPECT_EQ(d.find("exact"), nullptr);
  EXPECT_NE(d.find("threads"), nullptr);

  d.find("site")->assign({"Parking Area off Comet Road, north"});  // a name with a comma stays whole
  d.find("at")->assign({"-0.2071,51.7633", "521000,208000"});
  EXPECT_EQ(options.appraise.sites, (std::vector<std::string>{"Parking Area off Comet Road, north"}));
  ASSERT_EQ(options.appraise.points.size(), 2U);
  EXPECT_DOUBLE_EQ(options.appraise.points[0].first, -0.2071);
  EXPECT_DOUBLE_EQ(options.appraise.points[0].second, 51.7633);
  EXPECT_DOUBLE_EQ(options.appraise.points[1].first, 521000);
  EXPECT_THROW(d.find("at")->assign({"521000"}), Error);
  EXPECT_THROW(d.find("at")->assign({"521000,north"}), Error);
}

}  // namespace
}  // namespace hotspot::commands
