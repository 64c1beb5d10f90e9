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

}  // namespace
}  // namespace hotspot
