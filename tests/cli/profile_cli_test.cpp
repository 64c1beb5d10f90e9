// The `hotspot` command as users meet it: help, version, exit codes, and the profile of the
// bundled sample compared with a committed golden file.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;
using testing::write_text;

const std::string kSample = std::string(HOTSPOT_SAMPLE_DIR);
const std::string kDistricts = kSample + "/boundaries/herts_districts.geojson";

TEST(Cli, VersionAndHelpBehaveLikeGdalAndGit) {
  const auto version = run(cli() + " --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("hotspot 0.1.0 (GDAL ", 0), 0u) << version.out;
  const auto help = run(cli() + " --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("profile"), std::string::npos);
  const auto sub_help = run(cli() + " profile --help");
  EXPECT_EQ(sub_help.exit_code, 0);
  for (const char* flag : {"--within", "--types", "--from", "--working-crs", "--rejects", "--json", "--x-field"}) {
    EXPECT_NE(sub_help.out.find(flag), std::string::npos) << flag;
  }
}

TEST(Cli, ExitCodesSeparateUsageInputDataAndCrsErrors) {
  EXPECT_EQ(run(cli()).exit_code, 2);                                   // no subcommand
  EXPECT_EQ(run(cli() + " profile").exit_code, 2);                      // no input
  EXPECT_EQ(run(cli() + " profile x --bogus").exit_code, 2);            // unknown flag
  EXPECT_EQ(run(cli() + " profile x --format dbf").exit_code, 2);       // bad choice
  const auto missing = run(cli() + " profile /nonexistent/2021-01-x-street.csv");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.out.find("no such file"), std::string::npos) << missing.out;
  const auto degrees = run(cli() + " profile '" + kSample + "/police_uk' --working-crs EPSG:4326");
  EXPECT_EQ(degrees.exit_code, 5);
  EXPECT_NE(degrees.out.find("geographic"), std::string::npos) << degrees.out;
  const auto types = run(cli() + " profile '" + kSample + "/police_uk' --types 'Anti social behavior'");
  EXPECT_EQ(types.exit_code, 2);
  EXPECT_NE(types.out.find("unknown crime type"), std::string::npos) << types.out;
  ScratchDir dir("cli");
  write_text(dir.file("bad-street.csv"), "Crime ID,Month\nx,2021-01\n");
  const auto bad = run(cli() + " profile '" + dir.file("bad-street.csv") + "'");
  EXPECT_EQ(bad.exit_code, 4);
  EXPECT_NE(bad.out.find("bad-street.csv"), std::string::npos) << bad.out;
}

TEST(Cli, ProfileOfTheSampleMatchesTheGoldenFile) {
  // Welwyn Hatfield + St Albans, 2018, inside the two district polygons.
  ScratchDir dir("cli");
  const std::string json = dir.file("profile.json");
  const std::string rejects = dir.file("rejects.csv");
  const auto result = run(cli() + " profile '" + kSample + "/police_uk' --within '" + kDistricts +
                          "' --within-where \"lad17nm IN ('Welwyn Hatfield', 'St Albans')\" --json '" + json +
                          "' --rejects '" + rejects + "' --quiet");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("rows read 25371, used 24838, rejected 533"), std::string::npos) << result.out;

  // Paths in the output are the ones given on the command line; the golden file holds them
  // relative to the sample folder.
  std::string produced = read_text(json);
  for (std::size_t at; (at = produced.find(kSample)) != std::string::npos;) produced.replace(at, kSample.size(), "SAMPLE");
  const std::string golden_path = std::string(HOTSPOT_GOLDEN_DIR) + "/profile_sample.json";
  if (std::getenv("HOTSPOT_UPDATE_GOLDEN") != nullptr) write_text(golden_path, produced);
  EXPECT_EQ(produced, read_text(golden_path)) << "set HOTSPOT_UPDATE_GOLDEN=1 to accept a deliberate change";

  const auto j = nlohmann::json::parse(read_text(json));
  EXPECT_EQ(j["rows"]["rejected_by_reason"]["no_coordinates"], 531);  // as data/sample/README.md counts
  EXPECT_EQ(j["rows"]["rejected_by_reason"]["outside_area"], 2);
  EXPECT_EQ(j["by_district"][0]["district"], "Welwyn Hatfield");
  EXPECT_EQ(j["by_district"][0]["incidents"], 12713 - 2);
  EXPECT_EQ(j["by_district"][1]["incidents"], 12127);

  // One line per rejected row, plus the header; each names its reason.
  const std::string csv = read_text(rejects);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 534);
  EXPECT_EQ(csv.rfind("source,row,reason,detail,Crime ID,Month,", 0), 0u);
}

TEST(Cli, OutputsAreWrittenAtomicallyAndNotLeftHalfDone) {
  ScratchDir dir("cli");
  const std::string json = dir.file("profile.json");
  write_text(json, "previous");
  // A failing run (bad filter) must leave the previous output untouched and no temp files.
  const auto failed = run(cli() + " profile '" + kSample + "/police_uk' --from 2018-13 --json '" + json + "'");
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_EQ(read_text(json), "previous");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace hotspot

namespace hotspot {
namespace {

TEST(Cli, SettingsComeFromATomlFileAndFlagsWin) {
  testing::ScratchDir dir("cli");
  const std::string config = dir.file("profile.toml");
  const auto written = testing::run(testing::cli() + " profile --write-config '" + config + "'");
  ASSERT_EQ(written.exit_code, 0) << written.out;
  std::string text = testing::read_text(config);
  EXPECT_NE(text.find("[profile]"), std::string::npos);
  EXPECT_NE(text.find("# Crime types to keep"), std::string::npos);  // help text becomes comments
  EXPECT_EQ(text.find("write-config="), std::string::npos);
  // Unset settings (no default) are written commented out: "#inputs=\"\"".
  EXPECT_NE(text.find("\n#inputs=\"\"\n"), std::string::npos) << text;
  auto set = [&](const std::string& key, const std::string& value) {
    auto at = text.find("\n" + key + "=");
    if (at == std::string::npos) at = text.find("\n#" + key + "=");
    ASSERT_NE(at, std::string::npos) << key;
    text.replace(at + 1, text.find('\n', at + 1) - at - 1, key + "=" + value);
  };
  set("inputs", "['" + std::string(HOTSPOT_SAMPLE_DIR) + "/police_uk']");
  set("types", "['Anti-social behaviour']");
  testing::write_text(config, text);
  const auto from_file = testing::run(testing::cli() + " profile --config '" + config + "' --quiet");
  EXPECT_EQ(from_file.exit_code, 0) << from_file.out;
  EXPECT_NE(from_file.out.find("used 5910,"), std::string::npos) << from_file.out;
  const auto overridden = testing::run(testing::cli() + " profile --config '" + config + "' --types Burglary --quiet");
  EXPECT_NE(overridden.out.find("used 1508,"), std::string::npos) << overridden.out;
}

// A flag's value in a settings file that is neither true nor false (nor a count) is a usage
// error naming the flag; CLI11 alone turned it into std::stoll's exception, an internal error
// (found by the config fuzz target).
TEST(Cli, AFlagSetToAWordInASettingsFileIsAUsageError) {
  ScratchDir dir("cli-flag-value");
  const std::string config = dir.file("bad.toml");
  for (const char* value : {"\"onx\"", "\"99999999999999999999\""}) {
    testing::write_text(config, std::string("[profile]\nstream = ") + value + "\n");
    const auto r = testing::run(testing::cli() + " profile '" + kSample + "/oxford' --config '" + config + "'");
    EXPECT_EQ(r.exit_code, 2) << value << ": " << r.out;
    EXPECT_NE(r.out.find("--stream"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("is not true or false"), std::string::npos) << r.out;
  }
  for (const char* value : {"true", "false", "\"on\"", "\"0\""}) {
    testing::write_text(config, std::string("[profile]\nstream = ") + value + "\n");
    const auto r = testing::run(testing::cli() + " profile '" + kSample + "/oxford' --config '" + config + "' -o '" +
                                dir.file("p.json") + "' --quiet");
    EXPECT_EQ(r.exit_code, 0) << value << ": " << r.out;
  }
}

}  // namespace
}  // namespace hotspot
