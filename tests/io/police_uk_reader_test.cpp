// police.uk street-level files (io/police_uk_reader.hpp): their fixed columns, found by
// name or by header.
#include <gtest/gtest.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "io/io_test_support.hpp"
#include "io/police_uk_reader.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::kPoliceHeader;
using testing::police_row;
using testing::read_inputs;
using testing::rejected;
using testing::ScratchDir;
using testing::write_text;

TEST(PoliceUkReader, KeepsTheFieldsAndRowNumbers) {
  ScratchDir dir("police");
  const std::string file = dir.file("2021-03-hertfordshire-street.csv");
  const std::string id(64, 'a');
  write_text(file, kPoliceHeader + police_row("2021-03", "-0.228835", "51.763107", "Burglary", "On or near Supermarket",
                                              "E01023918", "Welwyn Hatfield 006C", id) +
                       police_row("2021-03", "-0.339165", "51.753028", "Anti-social behaviour",
                                  "On or near Waddington Road", "E01023727", "St Albans 012B"));
  const ReadResult r = read_inputs({file});
  ASSERT_EQ(r.parts.size(), 1u);
  const Incidents& inc = r.parts[0].incidents;
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_EQ(inc.crs, "EPSG:4326");
  EXPECT_DOUBLE_EQ(inc.x[0], -0.228835);
  EXPECT_DOUBLE_EQ(inc.y[0], 51.763107);
  EXPECT_EQ(inc.month[0], make_month(2021, 3));
  EXPECT_EQ(inc.time[0], kNoTime);
  EXPECT_EQ(inc.categories[inc.category[0]], "Burglary");
  EXPECT_EQ(inc.categories[inc.category[1]], "Anti-social behaviour");
  EXPECT_EQ(inc.locations[inc.location[0]], "On or near Supermarket");
  EXPECT_EQ(inc.lsoa_code(inc.lsoa[1]), "E01023727");
  EXPECT_EQ(inc.lsoa_name(inc.lsoa[1]), "St Albans 012B");
  EXPECT_EQ(inc.crime_id[0], id);
  EXPECT_EQ(inc.crime_id[1], "");
  EXPECT_EQ(inc.row, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(r.account.read, 2u);
  EXPECT_EQ(r.account.used(), 2u);
}

TEST(PoliceUkReader, RejectsEachBadRowWithItsReasonAndKeepsCount) {
  ScratchDir dir("police");
  const std::string file = dir.file("2021-03-hertfordshire-street.csv");
  write_text(file, kPoliceHeader +
                       police_row("2021-03", "-0.2", "51.7", "Burglary") +                     // 1 ok
                       police_row("2021-03", "", "", "Anti-social behaviour", "No Location", "", "") +  // 2
                       police_row("2021-03", "-0.2", "51.7x", "Burglary") +                    // 3
                       police_row("2021-13", "-0.2", "51.7", "Burglary") +                     // 4
                       police_row("2021-03", "-0.2", "51.7", "") +                             // 5
                       police_row("2021-03", "nan", "51.7", "Drugs") +                         // 6
                       police_row("2021-03", "-0.2", "", "Drugs") +                            // 7
                       police_row("2021-03", " -0.25 ", "51.75", "Drugs"));                    // 8 ok (spaces)
  const ReadResult r = read_inputs({file});
  EXPECT_EQ(r.account.read, 8u);
  EXPECT_EQ(r.account.used(), 2u);
  EXPECT_EQ(r.parts[0].incidents.size(), 2u);
  EXPECT_EQ(rejected(r, RejectReason::no_coordinates), 2u);
  EXPECT_EQ(rejected(r, RejectReason::bad_coordinate), 1u);
  EXPECT_EQ(rejected(r, RejectReason::bad_month), 1u);
  EXPECT_EQ(rejected(r, RejectReason::no_category), 1u);
  EXPECT_EQ(rejected(r, RejectReason::coordinate_out_of_range), 1u);
  const auto& bad = r.account.rejections;
  ASSERT_EQ(bad.size(), 6u);
  EXPECT_EQ(bad[0].row, 2u);
  EXPECT_EQ(bad[1].row, 3u);
  EXPECT_EQ(bad[1].detail, "Latitude \"51.7x\" is not a number");
  EXPECT_EQ(bad[2].detail, "Month \"2021-13\"");
  EXPECT_EQ(bad[5].row, 7u);
  EXPECT_EQ(bad[5].detail, "Latitude is empty");
}

TEST(PoliceUkReader, MissingColumnIsAnErrorNamingTheFile) {
  ScratchDir dir("police");
  const std::string file = dir.file("2021-03-hertfordshire-street.csv");
  write_text(file, "Crime ID,Month,Longitude,Latitude\n,2021-03,-0.2,51.7\n");
  try {
    (void)read_inputs({file});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("2021-03-hertfordshire-street.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Crime type"), std::string::npos) << e.what();
  }
}

TEST(PoliceUkReader, HandlesByteOrderMarkWindowsLineEndingsAndEmbeddedNewlines) {
  ScratchDir dir("police");
  const std::string file = dir.file("2021-03-hertfordshire-street.csv");
  std::string text = "\xEF\xBB\xBF" + kPoliceHeader + police_row("2021-03", "-0.2", "51.7", "Drugs", "On or near X", "E1", "A 001A", "id1") +
                     "id2,2021-03,R,F,-0.2,51.7,\"On or near\nTwo Lines\",E1,A 001A,Drugs,,\n" +
                     police_row("2021-03", "-0.2", "51.7x", "Drugs");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  write_text(file, crlf);
  const ReadResult r = read_inputs({file});
  const Incidents& inc = r.parts.at(0).incidents;
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_EQ(inc.crime_id[0], "id1");  // the BOM did not glue itself to "Crime ID"
  EXPECT_EQ(inc.crime_id[1], "id2");
  EXPECT_EQ(inc.categories[inc.category[0]], "Drugs");
  ASSERT_EQ(r.account.rejections.size(), 1u);
  EXPECT_EQ(r.account.rejections[0].row, 3u);  // rows are records, not lines
}

// The required columns are looked up in one order, so a file lacking several is always told
// of the same one first: of every two missing, the earlier in Crime type, Month, Longitude,
// Latitude.
TEST(PoliceUkReader, AFileMissingSeveralColumnsNamesTheFirstInOneOrder) {
  ScratchDir dir("police");
  const std::string file = dir.file("2021-03-hertfordshire-street.csv");
  const std::vector<std::string> required{"Crime type", "Month", "Longitude", "Latitude"};
  for (std::size_t first = 0; first < required.size(); ++first) {
    for (std::size_t second = first + 1; second < required.size(); ++second) {
      std::string header = "Crime ID,Location";
      for (std::size_t k = 0; k < required.size(); ++k) {
        if (k != first && k != second) header += "," + required[k];
      }
      write_text(file, header + "\n1,2,3,4\n");
      ReadOptions options;
      options.inputs = {file};
      const auto error = testing::read_error(options);
      ASSERT_TRUE(error) << header;
      EXPECT_EQ(error->code(), ErrorCode::data);
      EXPECT_EQ(error->context().stage, "readers.police_uk");
      EXPECT_EQ(error->context().field, required[first]) << header;
    }
  }
}

TEST(PoliceUkReader, DetectedByHeaderWhateverTheFileName) {
  ScratchDir dir("police");
  const std::string file = dir.file("march.csv");
  write_text(file, kPoliceHeader + police_row("2021-03", "-0.2", "51.7", "Drugs"));
  write_text(dir.file("march.txt"), kPoliceHeader + police_row("2021-03", "-0.2", "51.7", "Drugs"));
  write_text(dir.file("log.csv"), "Month,Longitude,Latitude,Type\n2021-03,-0.2,51.7,Drugs\n");
  EXPECT_TRUE(detail::has_police_uk_header(file));
  EXPECT_TRUE(detail::has_police_uk_header(dir.file("march.txt")));
  EXPECT_FALSE(detail::has_police_uk_header(dir.file("log.csv")));
  EXPECT_FALSE(detail::has_police_uk_header(dir.file("missing.csv")));
  ReadOptions options;
  options.inputs = {file};
  EXPECT_EQ(detect_format(file, options), SourceFormat::police_uk);
  EXPECT_EQ(detect_format(dir.file("log.csv"), options), SourceFormat::csv);
  EXPECT_EQ(read_incidents(options).parts.at(0).incidents.size(), 1u);
  // Coordinate columns named by the user make any file a plain CSV, whatever its name.
  options.x_field = "Longitude";
  options.y_field = "Latitude";
  EXPECT_EQ(detect_format(dir.file("2021-03-x-street.csv"), options), SourceFormat::csv);
}

}  // namespace
}  // namespace hotspot
