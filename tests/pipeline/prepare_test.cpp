#include "hotspot/pipeline/prepare.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::ScratchDir;
using testing::write_text;

std::uint64_t count(const RowAccount& a, RejectReason r) { return a.rejected_by_reason[static_cast<std::size_t>(r)]; }

TEST(Prepare, HarmWeightingWeighsTypesWithoutAWeightOneWithOneNote) {
  ScratchDir dir("prepare");
  const std::string file = dir.file("log.csv");
  write_text(file,
             "lon,lat,type\n"
             "-0.2,51.7,Burglary\n"
             "-0.2,51.7,Fly-tipping\n"
             "-0.2,51.7,\n"
             "-0.21,51.71,Anti-social behaviour\n"
             "-0.21,51.71,Fly-tipping\n"
             "-0.21,51.71,Noise\n");
  PrepareOptions options;
  options.read.inputs = {file};
  options.read.x_field = "lon";
  options.read.y_field = "lat";
  options.read.category_field = "type";
  options.weight = WeightMode::harm;
  const PreparedIncidents p = prepare_incidents(options);
  // Nothing is rejected: the council's own categories stay in, at weight 1.
  ASSERT_EQ(p.incidents.size(), 6u);
  EXPECT_EQ(p.account.rejected(), 0u);
  EXPECT_DOUBLE_EQ(p.incidents.weight[0], 250);  // Burglary in the bundled table
  EXPECT_DOUBLE_EQ(p.incidents.weight[1], 1);    // Fly-tipping: not in the table
  EXPECT_DOUBLE_EQ(p.incidents.weight[2], 1);    // no crime type
  EXPECT_DOUBLE_EQ(p.incidents.weight[3], *p.harm.weight("Anti-social behaviour"));
  EXPECT_DOUBLE_EQ(p.incidents.weight[4], 1);
  EXPECT_DOUBLE_EQ(p.incidents.weight[5], 1);
  const std::vector<UnweightedType> expected{{"Fly-tipping", 2}, {"(no crime type)", 1}, {"Noise", 1}};
  EXPECT_EQ(p.without_harm_weight, expected);
  // One note naming every such type with its count.
  std::size_t notes = 0;
  for (const std::string& note : p.notes) notes += note.find("no weight in the harm table") != std::string::npos ? 1 : 0;
  EXPECT_EQ(notes, 1u);
  EXPECT_NE(std::find(p.notes.begin(), p.notes.end(),
                      "3 crime types have no weight in the harm table (bundled crime-harm-weights.csv) and weigh 1 "
                      "each: \"Fly-tipping\" (2 incidents), \"(no crime type)\" (1 incident), \"Noise\" (1 incident)"),
            p.notes.end());
  EXPECT_EQ(p.incidents.crs, "EPSG:27700");

  // Counted, the same rows weigh 1 each and no note is made.
  options.weight = WeightMode::count;
  const PreparedIncidents counted = prepare_incidents(options);
  EXPECT_TRUE(counted.without_harm_weight.empty());
  for (const std::string& note : counted.notes) EXPECT_EQ(note.find("harm table"), std::string::npos) << note;
}

TEST(Prepare, FocusSetsTheTypesAndWeightingAndRefusesToBeOverridden) {
  PrepareOptions options;
  options.focus = Focus::asb;
  const PrepareOptions asb = apply_focus(options);
  EXPECT_EQ(asb.filter.types, (std::vector<std::string>{"Anti-social behaviour"}));
  EXPECT_EQ(asb.weight, WeightMode::count);
  EXPECT_EQ(asb.focus, Focus::all);
  options.focus = Focus::harm;
  const PrepareOptions harm = apply_focus(options);
  EXPECT_TRUE(harm.filter.types.empty());
  EXPECT_EQ(harm.weight, WeightMode::harm);
  options.focus = Focus::violence;
  options.weight = WeightMode::harm;  // a theme can still be weighted when asked
  EXPECT_EQ(apply_focus(options).weight, WeightMode::harm);
  options.filter.types = {"Burglary"};
  EXPECT_THROW((void)apply_focus(options), Error);  // two answers to "which types"
  options.filter.types.clear();
  options.focus = Focus::harm;
  options.weight = WeightMode::field;
  EXPECT_THROW((void)apply_focus(options), Error);  // two answers to "what does an incident weigh"
}

TEST(Prepare, FocusOnTheSampleKeepsExactlyItsTypes) {
  PrepareOptions options;
  options.read.inputs = {std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk"};
  options.filter.within = AreaSource{std::string(HOTSPOT_SAMPLE_DIR) + "/boundaries/herts_districts.geojson", "",
                                     "lad17nm IN ('Welwyn Hatfield', 'St Albans')"};
  options.focus = Focus::asb;
  const PreparedIncidents asb = prepare_incidents(options);
  // The README's profile of the two districts (checked there against a recount with Python's
  // csv module): 5909 ASB incidents.
  ASSERT_EQ(asb.incidents.size(), 5909u);
  for (const std::uint32_t c : asb.incidents.category) ASSERT_EQ(asb.incidents.categories[c], "Anti-social behaviour");
  EXPECT_EQ(asb.account.read, asb.account.used() + asb.account.rejected());
  // The 25371 - 531 rows with coordinates are used, of another type, or ASB outside the districts.
  EXPECT_EQ(count(asb.account, RejectReason::excluded_type) + count(asb.account, RejectReason::outside_area),
            25371u - 531u - 5909u);
  EXPECT_NE(std::find(asb.notes.begin(), asb.notes.end(),
                      "focus \"asb\": anti-social behaviour only; each incident counts 1"),
            asb.notes.end());

  options.focus = Focus::harm;
  const PreparedIncidents harm = prepare_incidents(options);
  ASSERT_EQ(harm.incidents.size(), 24838u);
  double total = 0;
  for (const double w : harm.incidents.weight) total += w;
  EXPECT_NEAR(total, 1701678.95, 0.01);  // the README profile's harm total
  EXPECT_TRUE(harm.without_harm_weight.empty());
  EXPECT_NE(std::find(harm.notes.begin(), harm.notes.end(),
                      "focus \"harm\": every crime type; each incident weighs its crime type's harm"),
            harm.notes.end());
}

TEST(Prepare, PointsProjCannotTransformAreRejectedNotLost) {
  ScratchDir dir("prepare");
  const std::string file = dir.file("grid.csv");
  // British National Grid metres; the last row lies far outside the projection's domain.
  write_text(file,
             "x,y\n"
             "523000,209000\n"
             "523100,209000\n"
             "1e12,209000\n");
  PrepareOptions options;
  options.read.inputs = {file};
  options.read.x_field = "x";
  options.read.y_field = "y";
  options.read.crs = "EPSG:27700";
  const PreparedIncidents p = prepare_incidents(options);
  EXPECT_EQ(p.incidents.size(), 2u);
  EXPECT_EQ(count(p.account, RejectReason::projection_failed), 1u);
  EXPECT_EQ(p.account.rejections.at(0).row, 3u);
  EXPECT_EQ(p.crs.definition, "EPSG:27700");
  EXPECT_EQ(p.incidents.x[0], 523000.0);  // already in the working CRS: not transformed
}

TEST(Prepare, BadOptionsFailBeforeReading) {
  PrepareOptions options;
  options.read.inputs = {"/nonexistent.csv"};
  options.filter.from = "2021-13";
  try {
    (void)prepare_incidents(options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);  // the period is checked before the missing file
  }
  options.filter.from.clear();
  options.working_crs = "EPSG:4326";
  try {
    (void)prepare_incidents(options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::crs);
  }
}

}  // namespace
}  // namespace hotspot
