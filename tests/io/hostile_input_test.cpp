// Inputs users really send: each gets a clear error or a counted rejection, never a crash
// and never a silent drop. The hostile inputs one part of the reader answers for are tested
// with that part: archives, duplicates and network sources in input_expansion_test.cpp,
// damaged CSV quoting in csv_reader_test.cpp, duplicated columns, absurd weights, text that
// is not UTF-8 and cut-short streams in layer_rows_test.cpp.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::kPoliceHeader;
using testing::police_row;
using testing::read_inputs;
using testing::ScratchDir;
using testing::write_text;

ErrorCode error_of(const std::string& file) {
  try {
    (void)read_inputs({file});
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
  const ReadResult header_only = read_inputs({dir.file("2021-01-b-street.csv")});
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
  EXPECT_EQ(read_inputs({dir.file("2021-01-semi-street.csv")}).account.used(), 1u);
  write_text(dir.file("2021-01-pipe-street.csv"), with('|'));
  try {
    (void)read_inputs({dir.file("2021-01-pipe-street.csv")});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::data);
    EXPECT_NE(std::string(e.what()).find("no column \"Crime type\""), std::string::npos) << e.what();
  }
}

TEST(HostileInput, HugeFieldsInfinitiesAndDuplicatesAreHandled) {
  ScratchDir dir("hostile");
  const std::string huge(1 << 20, 'x');
  const std::string row = police_row("2021-01", "-0.2", "51.7", "Drugs");
  write_text(dir.file("2021-01-x-street.csv"),
             kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs", huge) + row + row +
                 police_row("2021-01", "inf", "51.7", "Drugs") + police_row("2021-01", "-0.2", "-INF", "Drugs") +
                 police_row("2021-01", "1e999", "51.7", "Drugs"));
  const ReadResult r = read_inputs({dir.file("2021-01-x-street.csv")});
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
  const ReadResult r = read_inputs({dir.file("mixed-street.csv")});
  const Incidents& inc = r.parts.at(0).incidents;
  EXPECT_EQ(inc.month, (std::vector<MonthIndex>{make_month(2021, 3), make_month(2020, 12), make_month(2021, 1)}));
}

TEST(HostileInput, UnreadableFilesAreInputErrors) {
  ScratchDir dir("hostile");
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: file permissions do not stop root reading";
  write_text(dir.file("2021-01-x-street.csv"), kPoliceHeader + police_row("2021-01", "-0.2", "51.7", "Drugs"));
  std::filesystem::permissions(dir.file("2021-01-x-street.csv"), std::filesystem::perms::none);
  EXPECT_EQ(error_of(dir.file("2021-01-x-street.csv")), ErrorCode::input);
}

}  // namespace
}  // namespace hotspot
