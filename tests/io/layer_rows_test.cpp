// What every reader shares once a layer is open (io/layer_rows.hpp): column lookup, header
// checks, number parsing and the row loop that turns features into incidents or rejections.
#include "io/layer_rows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>

#include <ogr_api.h>

#include "hotspot/core/error.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using detail::NumberStatus;
using detail::parse_number;
using testing::error_text;
using testing::police_rows;
using testing::read_inputs;
using testing::ScratchDir;
using testing::write_text;

struct DefnReleaser {
  void operator()(void* defn) const { OGR_FD_Release(static_cast<OGRFeatureDefnH>(defn)); }
};
using Defn = std::unique_ptr<void, DefnReleaser>;

// A layer definition with these text columns, as GDAL's CSV driver makes from a header.
Defn header(const std::vector<std::string>& columns) {
  OGRFeatureDefnH defn = OGR_FD_Create("rows");
  OGR_FD_Reference(defn);
  for (const auto& column : columns) {
    OGRFieldDefnH field = OGR_Fld_Create(column.c_str(), OFTString);
    OGR_FD_AddFieldDefn(defn, field);
    OGR_Fld_Destroy(field);
  }
  return Defn(defn);
}

TEST(LayerRows, ParsesNumbersAsWritten) {
  double v = 0;
  EXPECT_EQ(parse_number("-0.25", v), NumberStatus::ok);
  EXPECT_EQ(v, -0.25);
  EXPECT_EQ(parse_number(" +523100.5\t\r", v), NumberStatus::ok);
  EXPECT_EQ(v, 523100.5);
  EXPECT_EQ(parse_number("1e3", v), NumberStatus::ok);
  EXPECT_EQ(v, 1000.0);
  EXPECT_EQ(parse_number("", v), NumberStatus::empty);
  EXPECT_EQ(parse_number(" \t", v), NumberStatus::empty);
  for (const char* text : {"51.7x", "1,5", "0x10", "++1", "1 2", "1e999", "-1e999", "abc"}) {
    EXPECT_EQ(parse_number(text, v), NumberStatus::not_a_number) << text;
  }
  for (const char* text : {"inf", "-INF", "nan", "+Infinity"}) {
    EXPECT_EQ(parse_number(text, v), NumberStatus::not_finite) << text;
  }
}

TEST(LayerRows, ColumnsAreFoundByNameAndAMissingOneIsNamed) {
  const Defn defn = header({"id", "easting", "northing"});
  auto* d = static_cast<OGRFeatureDefnH>(defn.get());
  EXPECT_EQ(detail::column_index(d, "northing", "readers.csv", "log.csv", true), 2);
  EXPECT_EQ(detail::column_index(d, "", "readers.csv", "log.csv", true), -1);
  EXPECT_EQ(detail::column_index(d, "Location", "readers.csv", "log.csv", false), -1);
  try {
    (void)detail::column_index(d, "east", "readers.csv", "log.csv", true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_EQ(e.context().field, "east");
    EXPECT_EQ(e.context().stage, "readers.csv");
    EXPECT_EQ(e.context().source, "log.csv");
    EXPECT_EQ(e.detail(), "no column \"east\" (columns: id, easting, northing)");
  }
}

// GDAL keeps both of two columns of one name (it matches names without regard to case),
// and the reader would take one of them silently.
TEST(LayerRows, AColumnNamedTwiceIsRefusedOnlyWhenItIsUsed) {
  const Defn defn = header({"x", "y", "note", "X"});
  auto* d = static_cast<OGRFeatureDefnH>(defn.get());
  detail::ColumnBinding b;
  b.y = 1;
  EXPECT_NO_THROW(detail::check_unique_columns(d, b, "readers.csv", "log.csv"));
  b.x = 0;
  try {
    detail::check_unique_columns(d, b, "readers.csv", "log.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_EQ(e.detail(),
              "the header names the column \"x\" twice (columns 1 and 4); rename or remove one so it is clear which to read");
  }
}

TEST(LayerRows, ADuplicatedHeaderColumnIsNamed) {
  ScratchDir dir("layer_rows");
  std::string text = police_rows(2);
  text.replace(text.find("Context"), 7, "Longitude");
  write_text(dir.file("2021-01-d-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-d-street.csv")});
  EXPECT_NE(error.find("names the column \"Longitude\" twice (columns 5 and 12)"), std::string::npos) << error;
}

TEST(LayerRows, AbsurdWeightsAreRejectedRows) {
  ScratchDir dir("layer_rows");
  write_text(dir.file("w.csv"), "x,y,w\n1,2,1e308\n1,2,5\n1,2,1000001\n");
  ReadOptions options;
  options.inputs = {dir.file("w.csv")};
  options.x_field = "x";
  options.y_field = "y";
  options.weight_field = "w";
  options.crs = "EPSG:27700";
  const ReadResult r = read_incidents(options);
  EXPECT_EQ(r.account.used(), 1u);
  ASSERT_EQ(r.account.rejections.size(), 2u);
  EXPECT_EQ(r.account.rejections[0].reason, RejectReason::bad_weight);
  EXPECT_NE(r.account.rejections[0].detail.find("above the largest weight"), std::string::npos);
}

// One row loop serves every format: the same bad values are rejected for the same reasons,
// with the same details, from a CSV file and from a GeoJSON file.
TEST(LayerRows, TheSameBadValuesAreRejectedAlikeInEveryFormat) {
  ScratchDir dir("layer_rows");
  write_text(dir.file("log.csv"),
             "x,y,t,kind,w\n"
             "1,2,2021-03-14T22:15:00,Noise,2\n"
             "1,2,31/02/2021 10:00,Noise,1\n"
             "1,2,2021-03-14,Noise,heavy\n"
             "1,2,2021-03-14,Noise,-1\n");
  std::string features;
  const char* rows[][3] = {{"2021-03-14T22:15:00", "Noise", "2"},
                           {"31/02/2021 10:00", "Noise", "1"},
                           {"2021-03-14", "Noise", "heavy"},
                           {"2021-03-14", "Noise", "-1"}};
  for (const auto& row : rows) {
    features += std::string(features.empty() ? "" : ",") +
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{\"t\":\"" +
                row[0] + "\",\"kind\":\"" + row[1] + "\",\"w\":\"" + row[2] + "\"}}";
  }
  write_text(dir.file("log.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
  ReadOptions options;
  options.time_field = "t";
  options.category_field = "kind";
  options.weight_field = "w";
  options.crs = "EPSG:4326";
  options.inputs = {dir.file("log.geojson")};
  const ReadResult ogr = read_incidents(options);
  options.inputs = {dir.file("log.csv")};
  options.x_field = "x";
  options.y_field = "y";
  const ReadResult csv = read_incidents(options);
  ASSERT_EQ(csv.account.rejections.size(), 3u);
  EXPECT_EQ(csv.account.rejections[0].detail, "t \"31/02/2021 10:00\"");
  EXPECT_EQ(csv.account.rejections[1].detail, "w \"heavy\"");
  EXPECT_EQ(csv.account.rejections[2].detail, "w \"-1\"");
  ASSERT_EQ(ogr.account.rejections.size(), csv.account.rejections.size());
  for (std::size_t i = 0; i < csv.account.rejections.size(); ++i) {
    EXPECT_EQ(ogr.account.rejections[i].reason, csv.account.rejections[i].reason) << i;
    EXPECT_EQ(ogr.account.rejections[i].detail, csv.account.rejections[i].detail) << i;
  }
  ASSERT_EQ(ogr.parts.at(0).incidents.size(), 1u);
  EXPECT_EQ(ogr.parts[0].incidents.time[0], csv.parts.at(0).incidents.time[0]);
  EXPECT_EQ(ogr.parts[0].incidents.weight[0], 2.0);
}

TEST(LayerRows, NonUtf8TextIsRecodedAndNoted) {
  ScratchDir dir("layer_rows");
  write_text(dir.file("2021-01-x-street.csv"),
             testing::kPoliceHeader + testing::police_row("2021-01", "-0.2", "51.7", "Drugs", "On or near Caf\xe9 Square"));
  const ReadResult r = read_inputs({dir.file("2021-01-x-street.csv")});
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.locations[inc.location[0]], "On or near Caf\xc3\xa9 Square");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("Windows-1252"), std::string::npos);
}

// A read the driver stops part way is an error, said in words: never GDAL's own source file
// and line, never a silent loss of the rows after it.
TEST(LayerRows, ACutShortGzipStreamSaysItIsDamaged) {
  ScratchDir dir("layer_rows");
  // Compressible rows, so that cutting the file cuts the compressed stream.
  write_text(dir.file("2021-01-t-street.csv"), police_rows(3000));
  ASSERT_EQ(std::system(("gzip -kf '" + dir.file("2021-01-t-street.csv") + "'").c_str()), 0);
  const std::string gz = dir.file("2021-01-t-street.csv.gz");
  std::filesystem::resize_file(gz, std::filesystem::file_size(gz) / 2);
  std::filesystem::remove(dir.file("2021-01-t-street.csv"));
  const std::string gz_error = error_text({gz});
  EXPECT_NE(gz_error.find("reading stopped after"), std::string::npos) << gz_error;
  EXPECT_NE(gz_error.find("damaged or cut short"), std::string::npos) << gz_error;
  EXPECT_EQ(gz_error.find(".cpp"), std::string::npos) << gz_error;
}

}  // namespace
}  // namespace hotspot
