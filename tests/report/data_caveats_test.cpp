// The "About the data" box: what the incidents show by themselves, and the caveats' words.
#include "hotspot/report/data_caveats.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hotspot/core/calendar.hpp"

namespace hotspot::report {
namespace {

Incidents incidents(const std::vector<std::string>& locations, const std::vector<std::string>& types, bool with_times) {
  Incidents in;
  for (std::size_t i = 0; i < locations.size(); ++i) {
    IncidentRecord r;
    r.month = make_month(2018, 1);
    if (with_times) r.time = 1000;
    r.location = in.locations.intern(locations[i]);
    r.category = in.categories.intern(types[i % types.size()]);
    in.push_back(r);
  }
  return in;
}

bool any_holds(const std::vector<std::string>& paragraphs, const std::string& text) {
  for (const auto& p : paragraphs) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(FactsOf, PoliceUkIncidentsAreSnapPointsWithMonthsOnly) {
  const DataFacts f = facts_of(incidents({"On or near High Street", "On or near Parking Area", "On or near Station"},
                                         {"Anti-social behaviour", "Burglary"}, false));
  EXPECT_TRUE(f.snap_points);
  EXPECT_TRUE(f.months_only);
  EXPECT_TRUE(f.has_asb);
}

TEST(FactsOf, APartnershipsOwnRecordsAreNot) {
  const DataFacts f = facts_of(incidents({"12 High Street", "Car park, Town Hall", "On or near Station"}, {"Fly-tipping"}, true));
  EXPECT_FALSE(f.snap_points);  // most locations are addresses
  EXPECT_FALSE(f.months_only);  // incidents carry times
  EXPECT_FALSE(f.has_asb);
}

TEST(FactsOf, AsbIsFoundWhateverItsCase) {
  EXPECT_TRUE(facts_of(incidents({"On or near A"}, {"ANTI-SOCIAL BEHAVIOUR"}, false)).has_asb);
}

TEST(DataCaveats, EachFactItsParagraph) {
  DataFacts f;
  f.snap_points = true;
  f.months_only = true;
  f.has_asb = true;
  f.harm_weighted = true;
  f.harm_examples = {{"Violence and sexual offences", 190}, {"Possession of weapons", 273.75}, {"Anti-social behaviour", 1}};
  const auto all = data_caveats(f);
  ASSERT_EQ(all.size(), 4U);
  EXPECT_TRUE(any_holds(all, "Locations are approximate"));
  EXPECT_TRUE(any_holds(all, "Dates are months only"));
  EXPECT_TRUE(any_holds(all, "Anti-social behaviour is not a crime"));
  EXPECT_TRUE(any_holds(all, "Cambridge Crime Harm Index"));
  // Weights as a reader reads them: names in lower case, numbers rounded.
  EXPECT_TRUE(any_holds(all, "violence and sexual offences 190, possession of weapons 274 and anti-social behaviour 1"))
      << all[3];

  f.snap_points = f.months_only = f.has_asb = false;
  f.bundled_harm_table = false;
  f.harm_examples.clear();
  const auto harm_only = data_caveats(f);
  ASSERT_EQ(harm_only.size(), 1U);
  EXPECT_TRUE(any_holds(harm_only, "the partnership\u2019s own table"));
  EXPECT_FALSE(any_holds(harm_only, "Cambridge"));

  f.harm_weighted = false;
  EXPECT_TRUE(data_caveats(f).empty());
}

}  // namespace
}  // namespace hotspot::report
