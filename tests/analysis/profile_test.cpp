#include "hotspot/analysis/profile.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hotspot {
namespace {

// 10 incidents on 4 locations: A has 5, B 3, C 1, D 1. Months 2021-01, 2021-02, 2021-04.
PreparedIncidents hand_built() {
  PreparedIncidents p;
  p.harm = HarmWeights::parse("crime_type,weight\nBurglary,10\nAnti-social behaviour,1\n", "test table");
  p.crs = WorkingCrsChoice{"EPSG:27700", "OSGB36 / British National Grid", "test"};
  Incidents& inc = p.incidents;
  inc.crs = "EPSG:27700";
  inc.sources.intern("s.csv");
  struct R {
    double x, y;
    const char* type;
    int month;
    const char* lsoa_code;
    const char* lsoa_name;
    const char* location;
  };
  const R rows[] = {
      {523000, 209000, "Burglary", 1, "E1", "Welwyn Hatfield 006C", "On or near Parking Area"},
      {523000, 209000, "Anti-social behaviour", 1, "E1", "Welwyn Hatfield 006C", "On or near Parking Area"},
      {523000, 209000, "Anti-social behaviour", 2, "E1", "Welwyn Hatfield 006C", "On or near Parking Area"},
      {523000, 209000, "Anti-social behaviour", 2, "E1", "Welwyn Hatfield 006C", "On or near Shopping Area"},
      {523000, 209000, "Drugs", 4, "E1", "Welwyn Hatfield 006C", "On or near Parking Area"},
      {515000, 207000, "Anti-social behaviour", 1, "E2", "St Albans 012B", "On or near London Road"},
      {515000, 207000, "Anti-social behaviour", 1, "E2", "St Albans 012B", "On or near London Road"},
      {515000, 207000, "Burglary", 4, "E2", "St Albans 012B", "On or near London Road"},
      {515100, 207000, "Burglary", 4, "E3", "St Albans 013A", "On or near Hatfield Road"},
      {516000, 208000, "Anti-social behaviour", 2, "E3", "St Albans 013A", "On or near Hatfield Road"},
  };
  std::uint64_t n = 0;
  for (const auto& r : rows) {
    inc.push_back({.x = r.x,
                   .y = r.y,
                   .month = make_month(2021, r.month),
                   .category = inc.categories.intern(r.type),
                   .location = inc.locations.intern(r.location),
                   .lsoa = inc.intern_lsoa(r.lsoa_code, r.lsoa_name),
                   .row = ++n});
  }
  p.account.sources = {"s.csv"};
  p.account.read = 12;
  p.account.reject(0, 11, RejectReason::no_coordinates);
  p.account.reject(0, 12, RejectReason::no_coordinates);
  return p;
}

TEST(Profile, CountsMatchTheHandTally) {
  const Profile p = profile_incidents(hand_built(), ProfileOptions{{0.25, 0.5, 1.0}, 2});
  EXPECT_EQ(p.incidents, 10u);
  // Harm: 3 burglaries x 10 + 6 ASB x 1 + 1 drugs (not in the table: weighs 1, and is counted).
  EXPECT_DOUBLE_EQ(p.harm_total, 37);
  EXPECT_EQ(p.without_harm_weight, 1u);
  ASSERT_EQ(p.by_type.size(), 3u);
  EXPECT_EQ(p.by_type[0].key, "Anti-social behaviour");
  EXPECT_EQ(p.by_type[0].incidents, 6u);
  EXPECT_EQ(p.by_type[1].key, "Burglary");
  EXPECT_DOUBLE_EQ(p.by_type[1].harm, 30);
  ASSERT_EQ(p.by_month.size(), 3u);
  EXPECT_EQ(p.by_month[0].key, "2021-01");
  EXPECT_EQ(p.by_month[0].incidents, 4u);
  EXPECT_EQ(p.missing_months, (std::vector<std::string>{"2021-03"}));
  ASSERT_EQ(p.by_district.size(), 2u);
  EXPECT_EQ(p.by_district[0].key, "St Albans");
  EXPECT_EQ(p.by_district[0].incidents, 5u);
  EXPECT_EQ(p.by_district[1].key, "Welwyn Hatfield");
  EXPECT_EQ(p.by_lsoa[0].key, "E1");
  EXPECT_EQ(p.distinct_locations, 4u);
  // Busiest 25% of 4 locations = 1 location = 5 of 10 incidents; 50% = 2 = 8; 100% = 10.
  ASSERT_EQ(p.concentration.size(), 3u);
  EXPECT_EQ(p.concentration[0].locations, 1u);
  EXPECT_DOUBLE_EQ(p.concentration[0].incident_share, 0.5);
  EXPECT_EQ(p.concentration[1].incidents, 8u);
  EXPECT_DOUBLE_EQ(p.concentration[2].incident_share, 1.0);
  ASSERT_EQ(p.busiest_locations.size(), 2u);
  EXPECT_EQ(p.busiest_locations[0].incidents, 5u);
  EXPECT_EQ(p.busiest_locations[0].location, "On or near Parking Area");
  EXPECT_DOUBLE_EQ(p.busiest_locations[0].harm, 14);  // burglary 10, 3 ASB 1 each, drugs 1 (no weight)
  EXPECT_DOUBLE_EQ(p.bounds.min_x, 515000);
  EXPECT_DOUBLE_EQ(p.bounds.max_y, 209000);
  EXPECT_NEAR(p.lonlat_bounds.min_x, -0.336, 0.005);  // TL 150 070 is central St Albans, 0.336 W
  EXPECT_EQ(p.rows_read, 12u);
  EXPECT_EQ(p.rows_used, 10u);
  ASSERT_EQ(p.rejected_by_reason.size(), 1u);
  EXPECT_EQ(p.rejected_by_reason[0].second, 2u);
}

TEST(Profile, JsonIsStableAndComplete) {
  const Profile p = profile_incidents(hand_built());
  const std::string a = profile_to_json(p);
  EXPECT_EQ(a, profile_to_json(profile_incidents(hand_built())));
  const auto j = nlohmann::json::parse(a);
  EXPECT_EQ(j["rows"]["read"], 12);
  EXPECT_EQ(j["rows"]["rejected_by_reason"]["no_coordinates"], 2);
  EXPECT_EQ(j["by_type"][0]["type"], "Anti-social behaviour");
  EXPECT_EQ(j["crs"]["definition"], "EPSG:27700");
  EXPECT_NE(profile_to_text(p).find("months with no incidents (gaps): 2021-03"), std::string::npos);
}

TEST(Profile, DistrictFromLsoaName) {
  EXPECT_EQ(district_of_lsoa_name("Welwyn Hatfield 011A"), "Welwyn Hatfield");
  EXPECT_EQ(district_of_lsoa_name("St Albans 001B"), "St Albans");
  EXPECT_EQ(district_of_lsoa_name("County Durham 067D"), "County Durham");
  EXPECT_EQ(district_of_lsoa_name("Somewhere"), "Somewhere");
  EXPECT_EQ(district_of_lsoa_name("Area 12"), "Area 12");
}

}  // namespace
}  // namespace hotspot

namespace hotspot {
namespace {

// Issue 21: a `Location` holding terminal escape sequences was printed raw.
TEST(Profile, TextForTheTerminalCarriesNoControlCharacters) {
  PreparedIncidents p = hand_built();
  Incidents& inc = p.incidents;
  for (auto& code : inc.location) code = inc.locations.intern("On or near \x1b[2J\x1b]0;owned\x07 Road");
  const std::string text = profile_to_text(profile_incidents(p));
  EXPECT_NE(text.find("On or near ?[2J?]0;owned? Road"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

}  // namespace
}  // namespace hotspot

namespace hotspot {
namespace {

// Issue 21: months 0001-01 and 9999-12 in one file printed a 1 MB gaps line.
TEST(Profile, AnAbsurdMonthSpanIsNotedNotListed) {
  PreparedIncidents p = hand_built();
  p.incidents.month[0] = make_month(1, 1);
  p.incidents.month[1] = make_month(9999, 12);
  const Profile profile = profile_incidents(p);
  EXPECT_TRUE(profile.missing_months.empty());
  bool noted = false;
  for (const auto& note : profile.notes) noted = noted || note.find("from 0001-01 to 9999-12") != std::string::npos;
  EXPECT_TRUE(noted);
  EXPECT_LT(profile_to_text(profile).size(), 10000u);
}

}  // namespace
}  // namespace hotspot
