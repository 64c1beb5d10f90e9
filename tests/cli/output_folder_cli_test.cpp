// The multi-file classes of issue 21 as users meet them on the command line: a failed run
// leaves the earlier outputs as they were, --publish into an internal run's folder leaves no
// internal file there, and a second run on the same folder is refused while the first runs.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hotspot::output_folder_test {

namespace fs = std::filesystem;
using testing::cli;
using testing::read_text;
using testing::run;
using testing::ScratchDir;

const std::string kSample = HOTSPOT_SAMPLE_DIR;
const std::string kWelwynHatfield = " --within '" + kSample +
                                    "/boundaries/herts_districts.geojson' --within-where \"lad17nm = 'Welwyn Hatfield'\"";

std::string cctv(const std::string& out, const std::string& extra) {
  return cli() + " cctv '" + kSample + "/police_uk/'" + kWelwynHatfield + " --cameras 2 --demand counts -o '" + out +
         "' --quiet " + extra;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(OutputFolder, PublishingIntoAnInternalRunsFolderLeavesNoInternalFile) {
  ScratchDir dir("outfolder");
  const std::string out = dir.file("cctv");
  const auto internal = run(cctv(out, ""));
  ASSERT_EQ(internal.exit_code, 0) << internal.out;
  ASSERT_TRUE(fs::exists(out + "/cctv_summary.csv"));  // internal only: camera-level counts
  const auto published = run(cctv(out, "--publish"));
  ASSERT_EQ(published.exit_code, 0) << published.out;
  EXPECT_FALSE(fs::exists(out + "/cctv_summary.csv")) << "the internal summary stayed beside the published layers";
  EXPECT_TRUE(fs::exists(out + "/cameras.geojson"));
  for (const auto& name : names_in(out)) EXPECT_EQ(name.find("staging"), std::string::npos) << name;
}

TEST(OutputFolder, AFailedRunLeavesTheEarlierOutputsByteForByte) {
  ScratchDir dir("outfolder");
  const std::string out = dir.file("cctv");
  ASSERT_EQ(run(cctv(out, "")).exit_code, 0);
  std::vector<std::pair<std::string, std::string>> before;
  for (const auto& name : names_in(out)) before.emplace_back(name, read_text(out + "/" + name));
  // Fails after reading and computing (the candidates layer does not exist).
  const auto failed = run(cctv(out, "--cameras 3 --candidates '" + dir.file("missing.gpkg") + "'"));
  EXPECT_NE(failed.exit_code, 0) << failed.out;
  std::vector<std::pair<std::string, std::string>> after;
  for (const auto& name : names_in(out)) after.emplace_back(name, read_text(out + "/" + name));
  EXPECT_TRUE(before == after);
  EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"cctv"}));  // no staging folder left
}

TEST(OutputFolder, ASecondRunIntoTheSameFolderIsRefusedWhileTheFirstRuns) {
  ScratchDir dir("outfolder");
  const std::string out = dir.file("plan");
  const std::string plan = cli() + " plan '" + kSample + "/police_uk/'" + kWelwynHatfield + " --units 2 --quiet -o '" +
                           out + "'";
  const pid_t first = ::fork();
  if (first == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + plan + " >/dev/null 2>&1").c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the first run's staging folder and its lock (the pid) to appear.
  const fs::path staging = dir.file(".plan.hotspot-staging");
  const auto locked = [&] { return fs::exists(staging / ".hotspot-writing") && !read_text((staging / ".hotspot-writing").string()).empty(); };
  for (int i = 0; i < 800 && !locked(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_TRUE(locked()) << "the first plan never started writing";
  const auto second = run(plan);
  int status = 0;
  ::waitpid(first, &status, 0);
  EXPECT_EQ(second.exit_code, 6) << second.out;  // an output error
  EXPECT_NE(second.out.find("another hotspot run (process " + std::to_string(first) + ") is writing these outputs"),
            std::string::npos)
      << second.out;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);  // the first finished undisturbed
  EXPECT_TRUE(fs::exists(out + "/plan.gpkg"));
  EXPECT_FALSE(fs::exists(staging));
}

}  // namespace hotspot::output_folder_test
