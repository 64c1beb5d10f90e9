// CSV files through GDAL's CSV driver (io/csv_reader.hpp): named columns, the plan of
// pieces for large files, and damage to the record structure the driver cannot see.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "io/csv_reader.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::error_text;
using testing::has_note;
using testing::police_rows;
using testing::read_inputs;
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

TEST(CsvReader, OpensEveryCsvSourceThroughTheCsvDriver) {
  EXPECT_EQ(detail::csv_open_path("d/log.csv"), "d/log.csv");
  EXPECT_EQ(detail::csv_open_path("d/LOG.CSV"), "d/LOG.CSV");
  EXPECT_EQ(detail::csv_open_path("/vsigzip/d/log.csv.gz"), "/vsigzip/d/log.csv.gz");
  EXPECT_EQ(detail::csv_open_path("d/log.txt"), "CSV:d/log.txt");
  EXPECT_EQ(detail::csv_open_path("d/log.tsv"), "CSV:d/log.tsv");
  EXPECT_EQ(detail::csv_open_path("/vsisubfile/0_100,d/log.txt"), "CSV:/vsisubfile/0_100,d/log.txt");
  EXPECT_EQ(detail::csv_open_path("CSV:d/log.txt"), "CSV:d/log.txt");
  ReadOptions options;
  EXPECT_EQ(detail::csv_crs(options), "EPSG:4326");
  options.crs = "EPSG:27700";
  EXPECT_EQ(detail::csv_crs(options), "EPSG:27700");
}

// Only a large plain file on disk is cut, on record boundaries, into pieces that cover it
// exactly; anything a piece could not be read as (gzip, a types file, a filter) is read whole.
TEST(CsvReader, CutsOnlyLargePlainFilesIntoPieces) {
  ScratchDir dir("csv");
  std::string text = "x,y,note\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + ",1,\"row\nwith a line break\"\n";
  const std::string file = dir.file("big.csv");
  write_text(file, text);
  ReadOptions options;
  options.min_piece_bytes = 4096;
  const auto pieces = detail::plan_csv_reads(file, options, 4);
  ASSERT_GE(pieces.size(), 4u);
  std::uint64_t at = 0, records = 0;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    EXPECT_EQ(pieces[k].index, k);
    EXPECT_EQ(pieces[k].range.offset, at);
    EXPECT_EQ(pieces[k].header_length, 9u);  // "x,y,note\n"
    at += pieces[k].range.length;
    records += pieces[k].range.records_hint;
    // Every row starts with its number; the quoted value's second line never does.
    if (k > 0) {
      EXPECT_EQ(text[pieces[k].range.offset - 1], '\n') << k;
      EXPECT_NE(std::isdigit(static_cast<unsigned char>(text[pieces[k].range.offset])), 0) << k;
    }
  }
  EXPECT_EQ(at, text.size());
  // The first piece reserves for the whole file: its records, at most one per 8 bytes.
  EXPECT_EQ(pieces[0].rows_hint, std::min<std::uint64_t>(records, text.size() / 8));

  const auto whole = [&](const std::string& path, const ReadOptions& o, std::size_t threads) {
    const auto reads = detail::plan_csv_reads(path, o, threads);
    return reads.size() == 1 && reads[0].index == 0 && reads[0].range.length == 0 && reads[0].rows_hint == 0;
  };
  EXPECT_TRUE(whole(file, options, 1));
  ReadOptions filtered = options;
  filtered.where = "x > 3";
  EXPECT_TRUE(whole(file, filtered, 4));
  ReadOptions large_pieces = options;
  large_pieces.min_piece_bytes = text.size();
  EXPECT_TRUE(whole(file, large_pieces, 4));
  EXPECT_TRUE(whole("/vsigzip/" + file + ".gz", options, 4));
  EXPECT_TRUE(whole(dir.file("missing.csv"), options, 4));
  write_text(dir.file("big.csvt"), "Integer,Integer,String\n");
  EXPECT_TRUE(whole(file, options, 4));
}

// Issue 21: one unterminated quote swallowed 14,563 records into one value, and the account
// read "100 read, 99 used, 1 rejected". Now the file is refused, naming the row and the line.
TEST(CsvReader, AnUnterminatedQuoteThatSwallowsTheRestIsAnError) {
  ScratchDir dir("csv");
  std::string text = police_rows(40);
  const std::size_t at = text.find("On or near Road 9,");
  text.insert(at, "\"");  // row 10 opens a quote that never closes
  write_text(dir.file("2021-01-q-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-q-street.csv")});
  EXPECT_NE(error.find("row 10: a quote (\") opened on line 11 is never closed"), std::string::npos) << error;
  EXPECT_NE(error.find("30 lines after it"), std::string::npos) << error;
  // The same in a column the reader never looks at (Context, the last one).
  std::string context = police_rows(40);
  const std::size_t end_of_row_3 = context.find('\n', context.find("On or near Road 2,"));
  context.insert(end_of_row_3, "\"oops");
  write_text(dir.file("2021-01-c-street.csv"), context);
  EXPECT_NE(error_text({dir.file("2021-01-c-street.csv")}).find("row 3: a quote"), std::string::npos);
}

TEST(CsvReader, AQuoteClosedFarLaterIsAnError) {
  ScratchDir dir("csv");
  std::string text = police_rows(40);
  text.insert(text.find("On or near Road 4,"), "\"");
  text.insert(text.find("On or near Road 30,"), "\"");
  write_text(dir.file("2021-01-q-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-q-street.csv")});
  EXPECT_NE(error.find("row 5: one quoted value runs from line 6 over 27 lines"), std::string::npos) << error;
}

TEST(CsvReader, LineBreaksInsideRowsAreNoted) {
  ScratchDir dir("csv");
  std::string text = police_rows(3);
  text.replace(text.find("On or near Road 1"), 17, "\"On or\rnear Road 1\"");
  text.replace(text.find("On or near Road 2"), 17, "On or\rnear Road 2");
  write_text(dir.file("2021-01-cr-street.csv"), text);
  const ReadResult r = read_inputs({dir.file("2021-01-cr-street.csv")});
  EXPECT_TRUE(has_note(r, "1 row (the first is row 2) hold line breaks inside quoted values")) << r.notes.size();
  EXPECT_TRUE(has_note(r, "1 lone carriage return (CR) character outside quotes (the first on line 5)"));
}

}  // namespace
}  // namespace hotspot
