// The profile step: what it writes and prints, on incidents counted by hand.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "commands/memory_sink.hpp"
#include "hotspot/commands/profile.hpp"
#include "hotspot/step/options.hpp"

namespace hotspot::commands {
namespace {

/// Burglary x3 at one place in 2021-01, Shoplifting x2 at another in 2021-03 (none in 2021-02).
PreparedIncidents five_incidents() {
  Incidents in;
  const std::uint32_t burglary = in.categories.intern("Burglary");
  const std::uint32_t shoplifting = in.categories.intern("Shoplifting");
  for (int i = 0; i < 3; ++i) {
    in.push_back(IncidentRecord{.x = 523000, .y = 210000, .month = make_month(2021, 1), .category = burglary});
  }
  for (int i = 0; i < 2; ++i) {
    in.push_back(IncidentRecord{.x = 523400, .y = 210300, .month = make_month(2021, 3), .category = shoplifting});
  }
  return testing::prepared_in_bng(std::move(in));
}

TEST(ProfileStep, WritesTheJsonAndPrintsTheText) {
  const PreparedIncidents prepared = five_incidents();
  testing::MemorySink sink;
  ProfileOptions options;
  options.profile.top_locations = 1;
  const Profile profile = run_profile(prepared, options, sink);
  EXPECT_TRUE(sink.layers.empty());
  ASSERT_EQ(sink.files.size(), 1u);
  ASSERT_EQ(sink.files.count(kProfileJson), 1u);
  EXPECT_EQ(sink.files.at(kProfileJson), profile_to_json(profile));
  EXPECT_EQ(sink.said.printed, profile_to_text(profile));

  const auto j = nlohmann::json::parse(sink.files.at(kProfileJson));
  EXPECT_EQ(j["incidents"], 5);
  ASSERT_EQ(j["by_type"].size(), 2u);
  EXPECT_EQ(j["by_type"][0]["type"], "Burglary");
  EXPECT_EQ(j["by_type"][0]["incidents"], 3);
  EXPECT_EQ(j["by_type"][1]["incidents"], 2);
  EXPECT_EQ(j["missing_months"], nlohmann::json::array({"2021-02"}));
  EXPECT_EQ(j["distinct_locations"], 2);
  // top_locations = 1: only the busiest place, which holds the three burglaries.
  ASSERT_EQ(j["busiest_locations"].size(), 1u);
  EXPECT_EQ(j["busiest_locations"][0]["incidents"], 3);
}

TEST(ProfileStep, JsonIsWithheldWhenPublishing) {
  step::PublishSettings publish;
  publish.enabled = true;
  testing::MemorySink sink(publish);
  (void)run_profile(five_incidents(), ProfileOptions{}, sink);
  EXPECT_TRUE(sink.files.empty());
  ASSERT_EQ(sink.withheld.size(), 1u);
  EXPECT_EQ(sink.withheld[0].rfind(kProfileJson, 0), 0u) << sink.withheld[0];
}

TEST(ProfileStep, TopLocationsIsDeclaredOnTheLibraryField) {
  ProfileOptions options;
  step::Declarer d("profile");
  declare_profile(d, options);
  step::Option* top = d.find("top-locations");
  ASSERT_NE(top, nullptr);
  EXPECT_EQ(top->default_value(), std::to_string(hotspot::ProfileOptions{}.top_locations));
  top->assign({"3"});
  EXPECT_EQ(options.profile.top_locations, 3u);
}

}  // namespace
}  // namespace hotspot::commands
