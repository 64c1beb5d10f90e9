#include "hotspot/harm/harm_weights.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/filter/incident_filter.hpp"

namespace hotspot {
namespace {

TEST(HarmWeights, BundledTableCoversEveryPoliceUkType) {
  const HarmWeights table = HarmWeights::bundled();
  for (const auto& type : police_uk_crime_types()) {
    const auto w = table.weight(type);
    ASSERT_TRUE(w) << type;
    EXPECT_GT(*w, 0) << type;
  }
  EXPECT_EQ(table.entries().size(), police_uk_crime_types().size());
  // Matching ignores case and surrounding spaces.
  EXPECT_EQ(table.weight(" burglary "), table.weight("Burglary"));
}

TEST(HarmWeights, ParseErrorsNameRowAndField) {
  try {
    (void)HarmWeights::parse("crime_type,weight\nBurglary,20\nDrugs,lots\n", "mine.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "readers.harm_weights: mine.csv row 2: weight \"lots\" is not a finite number >= 0");
  }
  EXPECT_THROW((void)HarmWeights::parse("crime_type,weight\nBurglary,-1\n", "m"), Error);
  EXPECT_THROW((void)HarmWeights::parse("crime_type,weight\nBurglary,1\nburglary,2\n", "m"), Error);
  EXPECT_THROW((void)HarmWeights::parse("type,w\nBurglary,1\n", "m"), Error);
  EXPECT_THROW((void)HarmWeights::parse("crime_type,weight\n", "m"), Error);
}

// Issue 21: a weight of 1e308 was accepted; sums became infinite and shares "-nan%".
TEST(HarmWeights, AbsurdWeightsAreRefusedNamingRowAndField) {
  try {
    (void)HarmWeights::parse("crime_type,weight\nBurglary,20\nDrugs,1e308\n", "mine.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("mine.csv row 2: weight \"1e308\" is above the largest harm weight"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(e.context().field, "weight");
  }
  EXPECT_EQ(HarmWeights::parse("crime_type,weight\nHomicide,1000000\n", "m").weight("Homicide"), 1e6);
}

TEST(HarmWeights, PerCategoryIsNanWhereMissing) {
  const HarmWeights table = HarmWeights::parse("crime_type,weight,basis\nBurglary,20,x\nDrugs,1.5,y\n", "t");
  StringDictionary categories;
  categories.intern("Drugs");
  categories.intern("Robbery");
  categories.intern("BURGLARY");
  const auto w = table.per_category(categories);
  EXPECT_DOUBLE_EQ(w[0], 1.5);
  EXPECT_TRUE(std::isnan(w[1]));
  EXPECT_DOUBLE_EQ(w[2], 20);
}

TEST(HarmWeights, MissingTypesWeighOneAndAreNamedOnceWithTheirCounts) {
  const HarmWeights table = HarmWeights::parse("crime_type,weight\nBurglary,20\nDrugs,1.5\n", "mine.csv");
  Incidents incidents;
  for (const char* type : {"Fly-tipping", "Burglary", "Noise", "Fly-tipping", "", "Drugs", "Noise", "Fly-tipping"}) {
    incidents.push_back({.category = *type == '\0' ? Incidents::kNoCode : incidents.categories.intern(type)});
  }
  const std::vector<double> w = table.per_category_or_default(incidents.categories);
  ASSERT_EQ(w.size(), 4u);  // Fly-tipping, Burglary, Noise, Drugs
  EXPECT_DOUBLE_EQ(w[0], HarmWeights::kMissingWeight);
  EXPECT_DOUBLE_EQ(w[0], 1.0);
  EXPECT_DOUBLE_EQ(w[1], 20);
  EXPECT_DOUBLE_EQ(w[2], 1.0);
  EXPECT_DOUBLE_EQ(w[3], 1.5);

  const std::vector<UnweightedType> missing = types_without_harm_weight(incidents, table);
  const std::vector<UnweightedType> expected{{"Fly-tipping", 3}, {"Noise", 2}, {"(no crime type)", 1}};
  EXPECT_EQ(missing, expected);
  EXPECT_EQ(missing_harm_weight_note(missing, table.source()),
            "3 crime types have no weight in the harm table (mine.csv) and weigh 1 each: \"Fly-tipping\" (3 "
            "incidents), \"Noise\" (2 incidents), \"(no crime type)\" (1 incident)");
  EXPECT_EQ(missing_harm_weight_note({{"Noise", 1}}, "t"),
            "1 crime type has no weight in the harm table (t) and weigh 1 each: \"Noise\" (1 incident)");
  EXPECT_FALSE(missing_harm_weight_note({}, "t"));

  // Batches add up to the whole.
  std::vector<UnweightedType> merged{{"Noise", 2}};
  merge_unweighted_types(merged, {{"Fly-tipping", 1}, {"Noise", 1}, {"Graffiti", 3}});
  const std::vector<UnweightedType> sum{{"Graffiti", 3}, {"Noise", 3}, {"Fly-tipping", 1}};
  EXPECT_EQ(merged, sum);
}

}  // namespace
}  // namespace hotspot
