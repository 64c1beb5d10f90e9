#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::rejected;
using testing::ScratchDir;
using testing::write_text;

TEST(CsvReader, ReadsNamedColumnsTimestampsCategoriesAndWeights) {
  ScratchDir dir("csv");
  const std::string file = dir.file("council_log.csv");
  write_text(file,
             "ref;easting;northing;reported;type;score\n"
             "1;523100.5;209000;14/03/2021 22:15;Noise;2.5\n"
             "2;523200;209100;2021-03-15T01:30:00;Youths;1\n"
             "3;523300;209200;31/02/2021 10:00;Noise;1\n"
             "4;523400;209300;2021-03-16;Noise;-1\n"
             "5;523500;209400;;Noise;1\n");
  ReadOptions options;
  options.inputs = {file};
  options.x_field = "easting";
  options.y_field = "northing";
  options.crs = "EPSG:27700";
  options.time_field = "reported";
  options.category_field = "type";
  options.weight_field = "score";
  const ReadResult r = read_incidents(options);
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.crs, "EPSG:27700");
  ASSERT_EQ(inc.size(), 3u);
  EXPECT_DOUBLE_EQ(inc.x[0], 523100.5);
  EXPECT_EQ(inc.time[0], days_from_civil(2021, 3, 14) * 86400 + 22 * 3600 + 15 * 60);
  EXPECT_EQ(inc.month[1], make_month(2021, 3));
  EXPECT_EQ(inc.categories[inc.category[1]], "Youths");
  EXPECT_DOUBLE_EQ(inc.weight[0], 2.5);
  EXPECT_EQ(inc.time[2], kNoTime);  // an empty timestamp is unknown, not an error
  EXPECT_EQ(inc.row[2], 5u);
  EXPECT_EQ(rejected(r, RejectReason::bad_time), 1u);
  EXPECT_EQ(rejected(r, RejectReason::bad_weight), 1u);
  EXPECT_EQ(r.account.rejections[0].detail, "reported \"31/02/2021 10:00\"");
}

TEST(CsvReader, ReadsWktPoints) {
  ScratchDir dir("csv");
  const std::string file = dir.file("points.csv");
  write_text(file,
             "id,wkt\n"
             "1,POINT (-0.2 51.7)\n"
             "2,\n"
             "3,LINESTRING (0 0,1 1)\n"
             "4,POINT (-0.3 51.8)\n");
  ReadOptions options;
  options.inputs = {file};
  options.wkt_field = "wkt";
  const ReadResult r = read_incidents(options);
  const Incidents& inc = r.parts.at(0).incidents;
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_DOUBLE_EQ(inc.x[1], -0.3);
  EXPECT_DOUBLE_EQ(inc.y[1], 51.8);
  EXPECT_EQ(rejected(r, RejectReason::no_coordinates), 1u);
  EXPECT_EQ(rejected(r, RejectReason::not_a_point), 1u);
}

TEST(CsvReader, UnnamedOrUnknownColumnsAreErrors) {
  ScratchDir dir("csv");
  const std::string file = dir.file("points.csv");
  write_text(file, "id,e,n\n1,2,3\n");
  ReadOptions options;
  options.inputs = {file};
  try {
    (void)read_incidents(options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::usage);
    EXPECT_NE(std::string(e.what()).find("--x-field"), std::string::npos);
  }
  options.x_field = "east";
  options.y_field = "n";
  try {
    (void)read_incidents(options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("no column \"east\" (columns: id, e, n)"), std::string::npos) << e.what();
  }
}

TEST(CsvReader, DetectsPoliceUkByHeaderWhateverTheFileName) {
  ScratchDir dir("csv");
  const std::string file = dir.file("march.csv");
  write_text(file, testing::kPoliceHeader + testing::police_row("2021-03", "-0.2", "51.7", "Drugs"));
  ReadOptions options;
  options.inputs = {file};
  EXPECT_EQ(detect_format(file, options), SourceFormat::police_uk);
  EXPECT_EQ(read_incidents(options).parts.at(0).incidents.size(), 1u);
}

}  // namespace
}  // namespace hotspot
