// Input expansion: folders, globs, .zip and .gz files, and the same data given twice
// (hotspot/io/input_expansion.hpp).
#include "hotspot/io/input_expansion.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "hotspot/core/error.hpp"
#include "hotspot/io/network_sources.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::error_text;
using testing::has_note;
using testing::kPoliceHeader;
using testing::police_row;
using testing::police_rows;
using testing::read_inputs;
using testing::ScratchDir;
using testing::write_text;
using testing::write_vsi;

// The error expand_sources throws for `inputs`, with its code.
std::pair<ErrorCode, std::string> expansion_error(const std::vector<std::string>& inputs) {
  try {
    (void)expand_sources(inputs);
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {ErrorCode::internal, ""};
}

TEST(InputExpansion, MissingFilesEmptyFoldersAndUnmatchedPatternsAreInputErrors) {
  ScratchDir dir("expansion");
  std::filesystem::create_directories(dir.path() / "sub");
  const auto missing = expansion_error({dir.file("nope-street.csv")});
  EXPECT_EQ(missing.first, ErrorCode::input);
  EXPECT_NE(missing.second.find("no such file or folder"), std::string::npos) << missing.second;
  const auto empty = expansion_error({(dir.path() / "sub").string()});
  EXPECT_EQ(empty.first, ErrorCode::input);
  EXPECT_NE(empty.second.find("folder holds no police.uk *-street.csv files and no other CSV files"), std::string::npos)
      << empty.second;
  const auto unmatched = expansion_error({dir.file("*-street.csv")});
  EXPECT_EQ(unmatched.first, ErrorCode::input);
  EXPECT_NE(unmatched.second.find("no files match this pattern"), std::string::npos) << unmatched.second;
  EXPECT_EQ(expansion_error({}).first, ErrorCode::usage);
}

// The sources are exactly the files meant, in name order, gzipped ones through /vsigzip/
// and archive members through /vsizip/; a database connection passes through as given.
TEST(InputExpansion, ListsSourcesInNameOrderThroughGdalPaths) {
  ScratchDir dir("expansion");
  write_text(dir.file("d/2021-02-herts-street.csv"), police_rows(1, "2021-02"));
  write_text(dir.file("d/sub/2021-01-herts-street.csv"), police_rows(1, "2021-01"));
  write_vsi("/vsigzip/" + dir.file("d/2021-03-herts-street.csv.gz"), police_rows(1, "2021-03"));
  write_text(dir.file("d/outcomes.csv"), "a,b\n1,2\n");
  const ExpandedInputs folder = expand_sources({dir.file("d")});
  EXPECT_EQ(folder.sources, (std::vector<std::string>{dir.file("d/2021-02-herts-street.csv"),
                                                       "/vsigzip/" + dir.file("d/2021-03-herts-street.csv.gz"),
                                                       dir.file("d/sub/2021-01-herts-street.csv")}));
  ASSERT_EQ(folder.notes.size(), 1u);
  EXPECT_EQ(folder.notes[0], dir.file("d") + ": read its 3 police.uk *-street.csv files and skipped 1 other CSV file "
                                             "(outcomes.csv); give those files by name to read them too");

  // A folder without police.uk files: every CSV, TSV and TXT file in it.
  write_text(dir.file("plain/b.tsv"), "x\ty\n1\t2\n");
  write_text(dir.file("plain/a.csv"), "x,y\n1,2\n");
  write_text(dir.file("plain/c.txt"), "x,y\n3,4\n");
  write_text(dir.file("plain/d.json"), "{}");
  EXPECT_EQ(expand_inputs({dir.file("plain")}),
            (std::vector<std::string>{dir.file("plain/a.csv"), dir.file("plain/b.tsv"), dir.file("plain/c.txt")}));

  const std::string zip = dir.file("download.zip");
  write_vsi("/vsizip/" + zip + "/2021-05/2021-05-herts-street.csv", police_rows(1, "2021-05"));
  write_vsi("/vsizip/" + zip + "/2021-04/2021-04-herts-street.csv", police_rows(1, "2021-04"));
  write_vsi("/vsizip/" + zip + "/2021-04/2021-04-herts-outcomes.csv", "Crime ID,Month\n");
  EXPECT_EQ(expand_inputs({zip}), (std::vector<std::string>{"/vsizip/" + zip + "/2021-04/2021-04-herts-street.csv",
                                                             "/vsizip/" + zip + "/2021-05/2021-05-herts-street.csv"}));
  EXPECT_EQ(expand_inputs({"PG:dbname=crime"}), std::vector<std::string>{"PG:dbname=crime"});
}

TEST(InputExpansion, ReadsFoldersGlobsGzipAndZipInSortedOrder) {
  ScratchDir dir("expansion");
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

// Issue 21: the same data given twice was counted twice.
TEST(InputExpansion, TheSameFileOrACopyIsReadOnceWithANote) {
  ScratchDir dir("expansion");
  const std::string month = dir.file("data/2021-01-herts-street.csv");
  write_text(month, police_rows(5));
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

TEST(InputExpansion, TwoDifferentFilesForOneForceAndMonthAreRefused) {
  ScratchDir dir("expansion");
  write_text(dir.file("a/2021-01-herts-street.csv"), police_rows(5));
  write_text(dir.file("b/2021-01-Herts-street.csv"), police_rows(6));
  const auto refused = expansion_error({dir.file("a"), dir.file("b")});
  EXPECT_EQ(refused.first, ErrorCode::data);
  EXPECT_NE(refused.second.find("same force and month (herts 2021-01)"), std::string::npos) << refused.second;
  EXPECT_NE(refused.second.find(dir.file("a/2021-01-herts-street.csv")), std::string::npos) << refused.second;
}

TEST(InputExpansion, AFolderSkippingOtherCsvFilesSaysSo) {
  ScratchDir dir("expansion");
  write_text(dir.file("d/2021-01-herts-street.csv"), police_rows(2));
  write_text(dir.file("d/extra_incidents.csv"), "x,y\n1,2\n");
  const ReadResult r = read_inputs({dir.file("d")});
  EXPECT_TRUE(has_note(r, "skipped 1 other CSV file (extra_incidents.csv)"));
}

// A zip cut short is not "an archive without police.uk files".
TEST(InputExpansion, DamagedEmptyAndForeignArchivesSaySo) {
  ScratchDir dir("expansion");
  const std::string cut = dir.file("t.zip");
  write_text(cut, "PK\x03\x04 a zip cut short");
  EXPECT_NE(expansion_error({cut}).second.find("cannot be read as a zip archive: it is damaged or cut short"),
            std::string::npos);
  const std::string empty = dir.file("empty.zip");
  write_text(empty, "");
  EXPECT_NE(expansion_error({empty}).second.find("is empty or not a zip archive"), std::string::npos);
  const std::string foreign = dir.file("foreign.zip");
  write_vsi("/vsizip/" + foreign + "/readme.txt", "hello");
  const auto none = expansion_error({foreign});
  EXPECT_EQ(none.first, ErrorCode::input);
  EXPECT_NE(none.second.find("archive holds no police.uk *-street.csv files"), std::string::npos) << none.second;
}

TEST(InputExpansion, NetworkSourcesAreRefusedUnlessAllowed) {
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
