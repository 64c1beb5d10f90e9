// A large CSV file is cut into pieces read by several threads (io/csv_pieces.hpp); the result
// must be exactly what reading the file whole gives: the same incidents in the same order,
// the same row numbers in every rejection, the same notes.
#include "io/csv_pieces.hpp"

#include <gtest/gtest.h>

#include <string>

#include "hotspot/io/incident_reader.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::ScratchDir;
using testing::write_text;

TEST(CsvPieces, CutsOnlyAtNewlinesOutsideQuotes) {
  ScratchDir dir("csv_pieces");
  const std::string file = dir.file("quoted.csv");
  // Row 2's note spans three lines inside quotes, with a doubled quote; every cut must fall
  // on a newline with an even number of quotes before it.
  const std::string text =
      "id,x,y,note\n"
      "1,1,1,plain\n"
      "2,2,2,\"first line\nsecond \"\"quoted\"\" line\nthird\"\n"
      "3,3,3,\"a,b\"\n"
      "4,4,4,last\n";
  write_text(file, text);
  for (std::size_t pieces = 2; pieces <= 8; ++pieces) {
    const detail::CsvSplit split = detail::split_csv(file, pieces);
    EXPECT_EQ(split.header_length, 12u);
    ASSERT_GE(split.pieces.size(), 2u);
    std::uint64_t expected_offset = 0;
    for (const auto& piece : split.pieces) {
      EXPECT_EQ(piece.offset, expected_offset);
      EXPECT_GT(piece.length, 0u);
      expected_offset += piece.length;
      if (piece.offset > 0) {
        EXPECT_EQ(text[piece.offset - 1], '\n');
        const auto quotes = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(piece.offset), '"');
        EXPECT_EQ(quotes % 2, 0) << "cut at " << piece.offset << " is inside a quoted value";
      }
    }
    EXPECT_EQ(expected_offset, text.size());
  }
}

// The record counts reserve room before reading: exact for the scanned pieces (the record
// ends outside quotes, a multi-line value counting once), an estimate for the last.
TEST(CsvPieces, CountsTheRecordsOfEachPiece) {
  ScratchDir dir("csv_pieces");
  const std::string file = dir.file("rows.csv");
  std::string text = "id,x,y,note\n";
  for (int i = 0; i < 1000; ++i) {
    text += std::to_string(1000 + i) + ",1,2," + (i % 100 == 7 ? "\"two\nlines\"" : "plain") + "\n";
  }
  write_text(file, text);
  const detail::CsvSplit split = detail::split_csv(file, 4);
  ASSERT_EQ(split.pieces.size(), 4u);
  std::uint64_t scanned = 0;
  for (std::size_t k = 0; k + 1 < split.pieces.size(); ++k) {
    const auto& piece = split.pieces[k];
    const std::size_t begin = k == 0 ? split.header_length : piece.offset;
    std::uint64_t records = 0;
    bool quoted = false;
    for (std::size_t i = begin; i < piece.offset + piece.length; ++i) {
      if (text[i] == '"') quoted = !quoted;
      if (text[i] == '\n' && !quoted) ++records;
    }
    EXPECT_EQ(piece.records_hint, records) << "piece " << k;
    scanned += records;
  }
  // Rows are all 15 or 20 bytes long, so the last piece's estimate is within 3% of its 250.
  const std::uint64_t last = 1000 - scanned;
  EXPECT_GE(split.pieces.back().records_hint, last * 97 / 100);
  EXPECT_LE(split.pieces.back().records_hint, last * 103 / 100 + 1);
}

TEST(CsvPieces, NotCutWhenThereIsNothingToGain) {
  ScratchDir dir("csv_pieces");
  const std::string one_row = dir.file("one_row.csv");
  write_text(one_row, "x,y\n1,2\n");
  EXPECT_EQ(detail::split_csv(one_row, 4).pieces.size(), 1u);
  EXPECT_EQ(detail::split_csv(one_row, 1).pieces.size(), 1u);
  const std::string blank_first = dir.file("blank_first.csv");
  write_text(blank_first, "\nx,y\n1,2\n3,4\n5,6\n");
  EXPECT_EQ(detail::split_csv(blank_first, 2).pieces.size(), 1u);
  EXPECT_TRUE(detail::split_csv(dir.file("missing.csv"), 2).pieces.empty());
}

/// Rows with every kind of trouble, spread so that each piece gets some.
std::string awkward_csv(int rows) {
  std::string text = "ref,easting,northing,type,note\r\n";
  for (int i = 1; i <= rows; ++i) {
    const std::string ref = std::to_string(i);
    switch (i % 9) {
      case 0: text += ref + ",,,Noise,no location\r\n"; break;
      case 1: text += ref + ",52x3000,209000,Noise,bad easting\r\n"; break;
      case 2: text += ref + ",523000," + std::to_string(209000 + i) + ",Youths,\"spans\r\ntwo lines\"\r\n"; break;
      case 3: text += ref + ",523100,209100,Caf\xe9 disorder,windows-1252\r\n"; break;
      case 4: text += "\r\n" + ref + ",523200,209200,Noise,after a blank line\r\n"; break;
      default:
        text += ref + "," + std::to_string(522000 + i % 700) + "," + std::to_string(208000 + i % 500) +
                ",Noise,\"a \"\"quoted\"\", note\"\r\n";
    }
  }
  return text;
}

TEST(CsvPieces, ReadingInPiecesGivesExactlyWhatReadingWholeGives) {
  ScratchDir dir("csv_pieces");
  const std::string file = dir.file("awkward.csv");
  write_text(file, awkward_csv(5000));
  ReadOptions options;
  options.inputs = {file};
  options.x_field = "easting";
  options.y_field = "northing";
  options.category_field = "type";
  options.location_field = "note";
  options.crs = "EPSG:27700";
  options.threads = 2;
  options.min_piece_bytes = std::uint64_t{1} << 40;  // never cut
  const ReadResult whole = read_incidents(options);
  ASSERT_EQ(whole.parts.size(), 1u);
  for (int threads : {2, 3, 7}) {
    options.threads = threads;
    options.min_piece_bytes = 4096;
    const ReadResult pieces = read_incidents(options);
    ASSERT_GE(pieces.parts.size(), 2u) << "the file was not cut";
    EXPECT_EQ(pieces.account.read, whole.account.read);
    EXPECT_EQ(pieces.account.rejected_by_reason, whole.account.rejected_by_reason);
    EXPECT_EQ(pieces.account.sources, whole.account.sources);
    ASSERT_EQ(pieces.account.rejections.size(), whole.account.rejections.size());
    for (std::size_t i = 0; i < whole.account.rejections.size(); ++i) {
      EXPECT_EQ(pieces.account.rejections[i].row, whole.account.rejections[i].row) << i;
      EXPECT_EQ(pieces.account.rejections[i].reason, whole.account.rejections[i].reason) << i;
      EXPECT_EQ(pieces.account.rejections[i].detail, whole.account.rejections[i].detail) << i;
    }
    EXPECT_EQ(pieces.notes, whole.notes);
    const Incidents& w = whole.parts[0].incidents;
    std::size_t at = 0;
    for (const auto& part : pieces.parts) {
      EXPECT_EQ(part.source, 0u);
      const Incidents& p = part.incidents;
      for (std::size_t i = 0; i < p.size(); ++i, ++at) {
        ASSERT_LT(at, w.size());
        EXPECT_EQ(p.row[i], w.row[at]);
        EXPECT_EQ(p.x[i], w.x[at]);
        EXPECT_EQ(p.y[i], w.y[at]);
        EXPECT_EQ(p.categories[p.category[i]], w.categories[w.category[at]]);
        EXPECT_EQ(p.locations[p.location[i]], w.locations[w.location[at]]);
      }
    }
    EXPECT_EQ(at, w.size());
  }
  // The whole read itself: rows numbered as GDAL numbers features, one per record.
  EXPECT_EQ(whole.account.read, 5000u);
  // The values that span two lines are noted (issue 21: line breaks inside rows are said).
  ASSERT_EQ(whole.notes.size(), 2u);
  EXPECT_NE(whole.notes[0].find("hold line breaks inside quoted values"), std::string::npos) << whole.notes[0];
  EXPECT_NE(whole.notes[1].find("556 rows had text that is not UTF-8"), std::string::npos) << whole.notes[1];
}

}  // namespace
}  // namespace hotspot
