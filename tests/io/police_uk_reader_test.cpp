#include <gtest/gtest.h>

#include <cpl_vsi.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::kPoliceHeader;
using testing::police_row;
using testing::rejected;
using testing::ScratchDir;
using testing::write_text;

ReadResult read_inputs(const std::vector<std::string>& inputs) {
  ReadOptions options;
  options.inputs = inputs;
  return read_incidents(options);
}

// Writes a file through GDAL's virtual file systems (/vsigzip/, /vsizip/).
void write_vsi(const std::string& path, const std::string& content) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  VSIFWriteL(content.data(), 1, content.size(), f);
  VSIFCloseL(f);
}

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

TEST(PoliceUkReader, MissingFileAndFolderAreInputErrors) {
  ScratchDir dir("police");
  try {
    (void)read_inputs({dir.file("nope-street.csv")});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::input);
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
  }
  try {
    (void)read_inputs({dir.path().string()});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::input);
  }
}

TEST(PoliceUkReader, ReadsFoldersGlobsGzipAndZipInSortedOrder) {
  ScratchDir dir("police");
  write_text(dir.file("2021-02/2021-02-hertfordshire-street.csv"),
             kPoliceHeader + police_row("2021-02", "-0.2", "51.7", "Drugs"));
  write_text(dir.file("2021-01/2021-01-hertfordshire-street.csv"),
             kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs") + police_row("2021-01", "-0.3", "51.7", "Drugs"));
  write_text(dir.file("notes.txt"), "not data");
  const ReadResult folder = read_inputs({dir.path().string()});
  ASSERT_EQ(folder.account.sources.size(), 2u);
  EXPECT_NE(folder.account.sources[0].find("2021-01-hertfordshire-street.csv"), std::string::npos);
  EXPECT_EQ(folder.account.read, 3u);

  const ReadResult globbed = read_inputs({dir.path().string() + "/*/2021-0*-street.csv"});
  EXPECT_EQ(globbed.account.read, 3u);

  std::filesystem::create_directories(dir.path() / "gz");
  write_vsi("/vsigzip/" + dir.file("gz/2021-04-hertfordshire-street.csv.gz"),
            kPoliceHeader + police_row("2021-04", "-0.2", "51.7", "Robbery"));
  const ReadResult gz = read_inputs({dir.file("gz/2021-04-hertfordshire-street.csv.gz")});
  ASSERT_EQ(gz.parts.at(0).incidents.size(), 1u);
  EXPECT_EQ(gz.parts[0].incidents.categories[0], "Robbery");

  // A police.uk download: a zip with one folder per month.
  const std::string zip = dir.file("download.zip");
  write_vsi("/vsizip/" + zip + "/2021-05/2021-05-hertfordshire-street.csv",
            kPoliceHeader + police_row("2021-05", "-0.2", "51.7", "Drugs"));
  write_vsi("/vsizip/" + zip + "/2021-05/2021-05-hertfordshire-outcomes.csv", "Crime ID,Month\n");
  const ReadResult zipped = read_inputs({zip});
  EXPECT_EQ(zipped.account.sources.size(), 1u);
  EXPECT_EQ(zipped.account.read, 1u);
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

}  // namespace
}  // namespace hotspot
