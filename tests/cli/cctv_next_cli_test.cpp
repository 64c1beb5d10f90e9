// `hotspot cctv next` and `hotspot cctv appraise` as the README runs them on the bundled
// sample (four St Albans units; a Welwyn Hatfield car park), and their errors' exit codes.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;
using testing::write_text;

const std::string kCameraSample = std::string(HOTSPOT_SAMPLE_DIR);

std::string scene(const std::string& district) {
  return " '" + kCameraSample + "/police_uk' --within '" + kCameraSample + "/boundaries/herts_districts.geojson' --within-where \"lad17nm = '" +
         district + "'\" --candidates '" + kCameraSample + "/cctv/candidate_sites.geojson' --candidates-where \"district = '" +
         district + "'\" --site-name-field name --site-mount-field mount";
}

std::string next_command(const std::string& units, const std::string& out) {
  return cli() + " cctv next" + scene("St Albans") + " --unit-sites '" + units + "' --deployments '" + kCameraSample +
         "/cctv/deployments.csv' -o '" + out + "'";
}

std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(CctvNextCli, TheReadmeRunOnTheSampleUnits) {
  ScratchDir dir("cli-next");
  const auto result = run(next_command(kCameraSample + "/cctv/units.csv", dir.file("next")));
  ASSERT_EQ(result.exit_code, 0) << result.out;
  // The plan with its interval, each unit's line, and which model won by how much.
  EXPECT_NE(result.out.find("cctv next: 4 units, January to March 2019: 1 unit moves. Together they are expected to see "
                            "45 incidents (80% interval 33–53)"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  SA-3 (Petrol Station off Springfield Road): Moves 6021 m to Sports/Recreation Area off "
                            "Hadleigh Close"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  SA-4 (Sports/Recreation Area off Rowlatt Drive): Stays: placed in November 2018, under the "
                            "3-month minimum stay."),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("cctv next: Demand model: counts smoothed over 100 m, chosen by a backtest over 7 rolling "
                            "origins"),
            std::string::npos)
      << result.out;
  for (const char* file : {"moves.csv", "moves.geojson", "units.geojson", "unit_coverage.geojson", "moves.gpkg",
                           "demand_backtest.csv", "moves.qml"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.file(std::string("next/") + file))) << file;
  }
  const std::string moves = read_text(dir.file("next/moves.csv"));
  EXPECT_EQ(line_count(moves), 5U) << moves;
  EXPECT_NE(moves.find("\nSA-4,Sports/Recreation Area off Rowlatt Drive,"), std::string::npos) << moves;
  EXPECT_EQ(moves.substr(0, moves.find('\n')).rfind("unit,current_site,", 0), 0U) << moves;
}

TEST(CctvNextCli, ErrorsNameTheFileRowAndField) {
  ScratchDir dir("cli-next-errors");
  const std::string units = dir.file("units.csv");

  write_text(units, "unit,site,placed\nSA-1,Supermarket off Leyland Avenue,2018-06\nSA-1,Nightclub off Batchwood Drive,2018-08\n");
  auto result = run(next_command(units, dir.file("dup")));
  EXPECT_EQ(result.exit_code, 4) << result.out;  // data
  EXPECT_NE(result.out.find("units.csv"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("SA-1"), std::string::npos) << result.out;

  write_text(units, "unit,site,placed\nSA-1,Supermarket off Leyland Avenue,2019-02\n");  // the data end in 2018-12
  result = run(next_command(units, dir.file("late")));
  EXPECT_EQ(result.exit_code, 4) << result.out;
  EXPECT_NE(result.out.find("2019-02"), std::string::npos) << result.out;

  result = run(next_command(kCameraSample + "/cctv/units.csv", dir.file("field")) + " --site-name-field site_name");
  EXPECT_EQ(result.exit_code, 2) << result.out;  // usage
  EXPECT_NE(result.out.find("site_name"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("district"), std::string::npos) << result.out;  // the fields it has

  result = run(next_command(kCameraSample + "/cctv/units.csv", dir.file("history")) + " --demand history");
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("history/moves.csv")));
}

TEST(CctvNextCli, AUnitAtASiteOffTheListIsNoted) {
  ScratchDir dir("cli-next-off-list");
  const std::string units = dir.file("units.csv");
  write_text(units, "unit,site,placed,longitude,latitude\nSA-1,Supermarket off Leyland Avenue,2018-06,,\n"
                    "SA-9,Council depot yard,2018-03,-0.3200,51.7520\n");
  const auto result = run(next_command(units, dir.file("next")));
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("Council depot yard"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("note:"), std::string::npos) << result.out;
  EXPECT_EQ(line_count(read_text(dir.file("next/moves.csv"))), 3U);
}

TEST(CctvAppraiseCli, TheReadmeCarPark) {
  ScratchDir dir("cli-appraise");
  const auto result = run(cli() + " cctv appraise" + scene("Welwyn Hatfield") + " --site 'Parking Area off Comet Road' -o '" +
                          dir.file("appraise") + "'");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("cctv appraise: A camera at Parking Area off Comet Road would have seen"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Of 43 candidate sites it ranks"), std::string::npos) << result.out;
  const std::string csv = read_text(dir.file("appraise/appraisal.csv"));
  EXPECT_EQ(line_count(csv), 2U) << csv;
  EXPECT_EQ(csv.find("\nParking Area off Comet Road,"), csv.find('\n')) << csv;

  const auto unknown = run(cli() + " cctv appraise" + scene("Welwyn Hatfield") + " --site 'Moneyhole Lane car park' -o '" +
                           dir.file("unknown") + "'");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no candidate site is called \"Moneyhole Lane car park\""), std::string::npos) << unknown.out;
}

TEST(CctvDemandCli, TheHalfLifeBelongsToTheHistory) {
  // cctv's --half-life weighs the history's sum; with a demand model (auto, the default) it
  // is refused rather than silently unused.
  ScratchDir dir("cli-cctv-demand");
  const std::string base = cli() + " cctv '" + kCameraSample + "/oxford' --candidates '" + kCameraSample +
                           "/oxford/oxford_centre_osm.gpkg' --candidates-layer parking_points --cameras 1 --half-life 6";
  auto result = run(base + " -o '" + dir.file("auto") + "'");
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find("--demand history"), std::string::npos) << result.out;
  result = run(base + " --demand history -o '" + dir.file("history") + "'");
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_EQ(result.out.find("Demand model"), std::string::npos) << result.out;
  EXPECT_EQ(read_text(dir.file("history/cctv_summary.csv")).find("demand_model"), std::string::npos);
}

}  // namespace
}  // namespace hotspot
