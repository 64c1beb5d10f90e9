// Inputs users really send: each gets a clear error or a counted rejection, never a crash
// and never a silent drop.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/io/network_sources.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::kPoliceHeader;
using testing::police_row;
using testing::ScratchDir;
using testing::write_text;

ReadResult read(const std::string& file) {
  ReadOptions options;
  options.inputs = {file};
  return read_incidents(options);
}

ErrorCode error_of(const std::string& file) {
  try {
    (void)read(file);
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::internal;
}

TEST(HostileInput, EmptyAndHeaderOnlyFiles) {
  ScratchDir dir("hostile");
  write_text(dir.file("2021-01-a-street.csv"), "");
  EXPECT_EQ(error_of(dir.file("2021-01-a-street.csv")), ErrorCode::data);
  write_text(dir.file("2021-01-b-street.csv"), kPoliceHeader);
  const ReadResult header_only = read(dir.file("2021-01-b-street.csv"));
  EXPECT_EQ(header_only.account.read, 0u);
  ASSERT_EQ(header_only.notes.size(), 1u);
  EXPECT_NE(header_only.notes[0].find("no data rows"), std::string::npos);
}

TEST(HostileInput, SemicolonsAreDetectedOtherDelimitersNamedInTheError) {
  ScratchDir dir("hostile");
  auto with = [](char delimiter) {
    std::string text = kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs");
    for (char& c : text) {
      if (c == ',') c = delimiter;
    }
    return text;
  };
  write_text(dir.file("2021-01-semi-street.csv"), with(';'));
  EXPECT_EQ(read(dir.file("2021-01-semi-street.csv")).account.used(), 1u);
  write_text(dir.file("2021-01-pipe-street.csv"), with('|'));
  try {
    (void)read(dir.file("2021-01-pipe-street.csv"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("no column \"Crime type\""), std::string::npos) << e.what();
  }
}

TEST(HostileInput, NonUtf8TextIsRecodedAndNoted) {
  ScratchDir dir("hostile");
  write_text(dir.file("2021-01-x-street.csv"), kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs", "On or near Caf\xe9 Square"));
  const ReadResult r = read(dir.file("2021-01-x-street.csv"));
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.locations[inc.location[0]], "On or near Caf\xc3\xa9 Square");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("Windows-1252"), std::string::npos);
}

TEST(HostileInput, HugeFieldsInfinitiesAndDuplicatesAreHandled) {
  ScratchDir dir("hostile");
  const std::string huge(1 << 20, 'x');
  const std::string row = police_row("2021-01", "-0.2", "51.7", "Drugs");
  write_text(dir.file("2021-01-x-street.csv"),
             kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs", huge) + row + row +
                 police_row("2021-01", "inf", "51.7", "Drugs") + police_row("2021-01", "-0.2", "-INF", "Drugs") +
                 police_row("2021-01", "1e999", "51.7", "Drugs"));
  const ReadResult r = read(dir.file("2021-01-x-street.csv"));
  EXPECT_EQ(r.account.read, 6u);
  EXPECT_EQ(r.account.used(), 3u);  // duplicate rows are separate incidents, both kept
  EXPECT_EQ(r.parts[0].incidents.locations[r.parts[0].incidents.location[0]].size(), huge.size());
  // "1e999" overflows a double: reported as not a number, never turned into infinity.
  EXPECT_EQ(r.account.rejected_by_reason[static_cast<std::size_t>(RejectReason::coordinate_out_of_range)] +
                r.account.rejected_by_reason[static_cast<std::size_t>(RejectReason::bad_coordinate)],
            3u);
}

TEST(HostileInput, MonthsOutOfOrderKeepTheirOwnMonths) {
  ScratchDir dir("hostile");
  write_text(dir.file("mixed-street.csv"), kPoliceHeader + police_row("2021-03", "-0.2", "51.7", "Drugs") +
                                               police_row("2020-12", "-0.2", "51.7", "Drugs") +
                                               police_row("2021-01", "-0.2", "51.7", "Drugs"));
  const ReadResult r = read(dir.file("mixed-street.csv"));
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.month, (std::vector<MonthIndex>{make_month(2021, 3), make_month(2020, 12), make_month(2021, 1)}));
}

TEST(HostileInput, AnEmptyFolderIsAnInputError) {
  ScratchDir dir("hostile");
  std::filesystem::create_directories(dir.path() / "sub");
  EXPECT_EQ(error_of((dir.path() / "sub").string()), ErrorCode::input);
}

TEST(HostileInput, UnreadableFilesAreInputErrors) {
  ScratchDir dir("hostile");
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: file permissions do not stop root reading";
  write_text(dir.file("2021-01-x-street.csv"), kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs"));
  std::filesystem::permissions(dir.file("2021-01-x-street.csv"), std::filesystem::perms::none);
  EXPECT_EQ(error_of(dir.file("2021-01-x-street.csv")), ErrorCode::input);
}


std::string error_text(const std::vector<std::string>& inputs) {
  ReadOptions options;
  options.inputs = inputs;
  try {
    (void)read_incidents(options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string many_rows(int n, const std::string& month = "2021-01") {
  std::string text = kPoliceHeader;
  for (int i = 0; i < n; ++i) text += police_row(month, "-0.2", "51.7", "Drugs", "On or near Road " + std::to_string(i));
  return text;
}

bool has_note(const ReadResult& r, const std::string& part) {
  for (const auto& note : r.notes) {
    if (note.find(part) != std::string::npos) return true;
  }
  return false;
}

// Issue 21: one unterminated quote swallowed 14,563 records into one value, and the account
// read "100 read, 99 used, 1 rejected". Now the file is refused, naming the row and the line.
TEST(HostileInput, AnUnterminatedQuoteThatSwallowsTheRestIsAnError) {
  ScratchDir dir("hostile");
  std::string text = many_rows(40);
  const std::size_t at = text.find("On or near Road 9,");
  text.insert(at, "\"");  // row 10 opens a quote that never closes
  write_text(dir.file("2021-01-q-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-q-street.csv")});
  EXPECT_NE(error.find("row 10: a quote (\") opened on line 11 is never closed"), std::string::npos) << error;
  EXPECT_NE(error.find("30 lines after it"), std::string::npos) << error;
  // The same in a column the reader never looks at (Context, the last one).
  std::string context = many_rows(40);
  const std::size_t end_of_row_3 = context.find('\n', context.find("On or near Road 2,"));
  context.insert(end_of_row_3, "\"oops");
  write_text(dir.file("2021-01-c-street.csv"), context);
  EXPECT_NE(error_text({dir.file("2021-01-c-street.csv")}).find("row 3: a quote"), std::string::npos);
}

TEST(HostileInput, AQuoteClosedFarLaterIsAnError) {
  ScratchDir dir("hostile");
  std::string text = many_rows(40);
  text.insert(text.find("On or near Road 4,"), "\"");
  text.insert(text.find("On or near Road 30,"), "\"");
  write_text(dir.file("2021-01-q-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-q-street.csv")});
  EXPECT_NE(error.find("row 5: one quoted value runs from line 6 over 27 lines"), std::string::npos) << error;
}

TEST(HostileInput, LineBreaksInsideRowsAreNoted) {
  ScratchDir dir("hostile");
  std::string text = many_rows(3);
  text.replace(text.find("On or near Road 1"), 17, "\"On or\rnear Road 1\"");
  text.replace(text.find("On or near Road 2"), 17, "On or\rnear Road 2");
  write_text(dir.file("2021-01-cr-street.csv"), text);
  const ReadResult r = read(dir.file("2021-01-cr-street.csv"));
  EXPECT_TRUE(has_note(r, "1 row (the first is row 2) hold line breaks inside quoted values")) << r.notes.size();
  EXPECT_TRUE(has_note(r, "1 lone carriage return (CR) character outside quotes (the first on line 5)"));
}

// Issue 21: the same data given twice was counted twice.
TEST(HostileInput, TheSameFileOrACopyIsReadOnceWithANote) {
  ScratchDir dir("hostile");
  const std::string month = dir.file("data/2021-01-herts-street.csv");
  write_text(month, many_rows(5));
  const std::string spelled = (dir.path() / "data" / ".." / "data" / "2021-01-herts-street.csv").string();
  ReadOptions options;
  options.inputs = {(dir.path() / "data").string(), month, spelled};
  ReadResult r = read_incidents(options);
  EXPECT_EQ(r.account.read, 5u);
  EXPECT_TRUE(has_note(r, "given more than once"));
  std::filesystem::copy_file(month, dir.file("renamed.csv"));
  options.inputs = {month, dir.file("renamed.csv")};
  r = read_incidents(options);
  EXPECT_EQ(r.account.read, 5u);
  EXPECT_TRUE(has_note(r, "the same bytes as"));
  // Months with no rows are byte-identical and none is a duplicate.
  write_text(dir.file("e/2021-01-a-street.csv"), kPoliceHeader);
  write_text(dir.file("e/2021-01-b-street.csv"), kPoliceHeader);
  options.inputs = {dir.file("e")};
  r = read_incidents(options);
  EXPECT_FALSE(has_note(r, "the same bytes"));
  EXPECT_EQ(expand_inputs(options.inputs).size(), 2u);
}

TEST(HostileInput, TwoDifferentFilesForOneForceAndMonthAreRefused) {
  ScratchDir dir("hostile");
  write_text(dir.file("a/2021-01-herts-street.csv"), many_rows(5));
  write_text(dir.file("b/2021-01-herts-street.csv"), many_rows(6));
  const std::string error = error_text({dir.file("a"), dir.file("b")});
  EXPECT_NE(error.find("same force and month (herts 2021-01)"), std::string::npos) << error;
}

TEST(HostileInput, AFolderSkippingOtherCsvFilesSaysSo) {
  ScratchDir dir("hostile");
  write_text(dir.file("d/2021-01-herts-street.csv"), many_rows(2));
  write_text(dir.file("d/extra_incidents.csv"), "x,y\n1,2\n");
  const ReadResult r = read(dir.file("d"));
  EXPECT_TRUE(has_note(r, "skipped 1 other CSV file (extra_incidents.csv)"));
}

TEST(HostileInput, ADuplicatedHeaderColumnIsNamed) {
  ScratchDir dir("hostile");
  std::string text = many_rows(2);
  text.replace(text.find("Context"), 7, "Longitude");
  write_text(dir.file("2021-01-d-street.csv"), text);
  const std::string error = error_text({dir.file("2021-01-d-street.csv")});
  EXPECT_NE(error.find("names the column \"Longitude\" twice (columns 5 and 12)"), std::string::npos) << error;
}

TEST(HostileInput, TruncatedArchivesSayTheyAreDamaged) {
  ScratchDir dir("hostile");
  // Compressible rows, so that cutting the archive cuts the compressed stream.
  std::string text = many_rows(3000);
  write_text(dir.file("2021-01-t-street.csv"), text);
  ASSERT_EQ(std::system(("gzip -kf '" + dir.file("2021-01-t-street.csv") + "'").c_str()), 0);
  const std::string gz = dir.file("2021-01-t-street.csv.gz");
  std::filesystem::resize_file(gz, std::filesystem::file_size(gz) / 2);
  std::filesystem::remove(dir.file("2021-01-t-street.csv"));
  const std::string gz_error = error_text({gz});
  EXPECT_NE(gz_error.find("damaged or cut short"), std::string::npos) << gz_error;
  EXPECT_EQ(gz_error.find(".cpp"), std::string::npos) << gz_error;
  // A zip cut short is not "an archive without police.uk files".
  const std::string zip = dir.file("t.zip");
  write_text(zip, "PK\x03\x04 a zip cut short");
  const std::string zip_error = error_text({zip});
  EXPECT_NE(zip_error.find("damaged or cut short"), std::string::npos) << zip_error;
}

TEST(HostileInput, AbsurdWeightsAreRejectedRows) {
  ScratchDir dir("hostile");
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

TEST(HostileInput, NetworkSourcesAreRefusedUnlessAllowed) {
  for (const std::string source : {"/vsicurl/http://127.0.0.1:9/x.csv", "https://127.0.0.1:9/2021-01-x-street.csv",
                                   "/vsizip//vsicurl/http://127.0.0.1:9/a.zip", "/vsis3/bucket/x.csv",
                                   "WFS:http://127.0.0.1:9/wfs"}) {
    EXPECT_TRUE(is_network_source(source)) << source;
    const std::string error = error_text({source});
    EXPECT_NE(error.find("network address"), std::string::npos) << source << ": " << error;
  }
  EXPECT_FALSE(is_network_source("PG:host=db dbname=crime"));
  EXPECT_FALSE(is_network_source("data/2021-01-x-street.csv"));
  EXPECT_FALSE(is_network_source("/vsigzip/data/2021-01-x-street.csv.gz"));
  const std::string redacted = error_text({"https://jo:hunter2@127.0.0.1:9/x.csv"});
  EXPECT_EQ(redacted.find("hunter2"), std::string::npos) << redacted;
}

}  // namespace
}  // namespace hotspot
