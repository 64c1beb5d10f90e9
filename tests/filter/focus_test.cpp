#include "hotspot/filter/focus.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/filter/incident_filter.hpp"
#include "hotspot/harm/harm_weights.hpp"

namespace hotspot {
namespace {

TEST(Focus, PresetsUsePoliceUkTypeNamesThatTheHarmTableWeighs) {
  const auto& known = police_uk_crime_types();
  const HarmWeights table = HarmWeights::bundled();
  for (const FocusPreset& preset : focus_presets()) {
    EXPECT_EQ(&focus_preset(preset.focus), &preset);
    for (const std::string& type : preset.types) {
      // Exact spelling, case included: the lists are documented as police.uk's names.
      EXPECT_NE(std::find(known.begin(), known.end(), type), known.end()) << preset.name << ": " << type;
      EXPECT_TRUE(table.weight(type)) << type;
    }
  }
  EXPECT_EQ(focus_preset(Focus::asb).types, (std::vector<std::string>{"Anti-social behaviour"}));
  EXPECT_EQ(focus_preset(Focus::violence).types,
            (std::vector<std::string>{"Violence and sexual offences", "Robbery", "Possession of weapons"}));
  EXPECT_EQ(focus_preset(Focus::acquisitive).types.size(), 7u);
  EXPECT_TRUE(focus_preset(Focus::all).types.empty());
  EXPECT_TRUE(focus_preset(Focus::harm).types.empty());
  EXPECT_TRUE(focus_preset(Focus::harm).harm_weighted);
  EXPECT_FALSE(focus_preset(Focus::asb).harm_weighted);
}

TEST(Focus, ParsesNamesAndRefusesOthersNamingTheChoices) {
  EXPECT_EQ(parse_focus("asb"), Focus::asb);
  EXPECT_EQ(parse_focus(" ASB "), Focus::asb);
  EXPECT_EQ(parse_focus("Acquisitive"), Focus::acquisitive);
  EXPECT_EQ(parse_focus("harm"), Focus::harm);
  try {
    (void)parse_focus("burglary");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_STREQ(e.what(), "filters.focus: the focus \"burglary\" is none of all, asb, violence, acquisitive, harm");
  }
}

}  // namespace
}  // namespace hotspot
