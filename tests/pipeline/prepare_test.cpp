#include "hotspot/pipeline/prepare.hpp"

#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::ScratchDir;
using testing::write_text;

std::uint64_t count(const RowAccount& a, RejectReason r) { return a.rejected_by_reason[static_cast<std::size_t>(r)]; }

TEST(Prepare, HarmWeightingRejectsTypesWithoutAWeightAndWeightsTheRest) {
  ScratchDir dir("prepare");
  const std::string file = dir.file("log.csv");
  write_text(file,
             "lon,lat,type\n"
             "-0.2,51.7,Burglary\n"
             "-0.2,51.7,Fly-tipping\n"
             "-0.2,51.7,\n"
             "-0.21,51.71,Anti-social behaviour\n");
  PrepareOptions options;
  options.read.inputs = {file};
  options.read.x_field = "lon";
  options.read.y_field = "lat";
  options.read.category_field = "type";
  options.weight = WeightMode::harm;
  const PreparedIncidents p = prepare_incidents(options);
  ASSERT_EQ(p.incidents.size(), 2u);
  EXPECT_DOUBLE_EQ(p.incidents.weight[0], *p.harm.weight("Burglary"));
  EXPECT_DOUBLE_EQ(p.incidents.weight[1], *p.harm.weight("Anti-social behaviour"));
  EXPECT_EQ(count(p.account, RejectReason::no_harm_weight), 2u);
  EXPECT_EQ(p.account.rejections[0].detail, "\"Fly-tipping\"");
  EXPECT_EQ(p.account.read, p.account.used() + p.account.rejected());
  EXPECT_EQ(p.incidents.crs, "EPSG:27700");
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
