// A run's outputs are all or nothing (issue 21, "Multi-file outputs are not all-or-nothing"):
// staged beside the target, swapped in at commit, never mixed with an earlier run's files,
// and locked against a second run while the first is alive.

#include "hotspot/io/output_set.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "hotspot/core/error.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot::output_set_test {

namespace fs = std::filesystem;
using testing::error_text;
using testing::read_text;
using testing::ScratchDir;
using testing::write_text;

/// Every entry of a folder, hidden ones too, by name.
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// A folder written by `cctv` with two files, committed.
void first_run(const fs::path& out) {
  OutputSet set = OutputSet::folder(out, "cctv");
  write_text(set.stage(out / "cameras.geojson").string(), "old cameras");
  write_text(set.stage(out / "cctv_summary.csv").string(), "old summary");
  set.commit();
}

TEST(OutputSet, AFolderRunWritesNothingUntilCommit) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  OutputSet set = OutputSet::folder(out, "cctv");
  const fs::path staged = set.stage(out / "cameras.geojson");
  write_text(staged.string(), "new");
  EXPECT_FALSE(fs::exists(out / "cameras.geojson"));
  EXPECT_NE(staged.parent_path(), out);
  set.commit();
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "new");
  // The folder holds the outputs and the marker naming the command, no staging left beside it.
  EXPECT_EQ(names_in(out), (std::vector<std::string>{".hotspot", "cameras.geojson"}));
  EXPECT_EQ(read_text((out / ".hotspot").string()), "hotspot cctv\n");
  EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"out"}));
}

TEST(OutputSet, AFailedRunLeavesTheEarlierFolderAsItWas) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  first_run(out);
  {
    OutputSet set = OutputSet::folder(out, "cctv");
    write_text(set.stage(out / "cameras.geojson").string(), "half of a new run");
    // No commit: the run failed (an exception unwinds past the set).
  }
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "old cameras");
  EXPECT_EQ(read_text((out / "cctv_summary.csv").string()), "old summary");
  EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"out"}));  // no staging folder left
}

// --publish into a folder of an earlier internal run: the internal files must not stay there.
TEST(OutputSet, ACommittedRunReplacesTheWholeFolderSoNoEarlierFileStays) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  first_run(out);
  OutputSet set = OutputSet::folder(out, "cctv");
  write_text(set.stage(out / "cameras.geojson").string(), "published cameras");
  set.commit();
  EXPECT_EQ(names_in(out), (std::vector<std::string>{".hotspot", "cameras.geojson"}));
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "published cameras");
}

TEST(OutputSet, ASecondRunOnTheSameOutputsIsRefusedWhileTheFirstIsAlive) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  first_run(out);
  OutputSet running = OutputSet::folder(out, "cctv");
  write_text(running.stage(out / "cameras.geojson").string(), "first");
  const std::string error = error_text([&] { (void)OutputSet::folder(out, "cctv"); });
  EXPECT_NE(error.find("another hotspot run (process " + std::to_string(::getpid()) + ") is writing these outputs"),
            std::string::npos)
      << error;
  // The refused run touched neither the first run's staging nor the folder.
  running.commit();
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "first");
  // Files named one by one are locked the same way.
  const fs::path tif = dir.file("density.tif");
  OutputSet a = OutputSet::files("density");
  write_text(a.stage(tif).string(), "a");
  OutputSet b = OutputSet::files("density");
  EXPECT_NE(error_text([&] { (void)b.stage(tif); }).find("another hotspot run"), std::string::npos);
}

TEST(OutputSet, AStagingFolderLeftByAKilledRunIsCleared) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  first_run(out);
  // A run killed with SIGKILL left its staging folder, holding the pid of a process gone since.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  const fs::path left = dir.file(".out.hotspot-staging");
  fs::create_directories(left);
  write_text((left / "cameras.geojson").string(), "killed mid-write");
  write_text((left / ".hotspot-writing").string(), std::to_string(child) + "\n");  // the lock: its pid
  OutputSet set = OutputSet::folder(out, "cctv");
  write_text(set.stage(out / "cameras.geojson").string(), "new");
  set.commit();
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "new");
  EXPECT_FALSE(fs::exists(left));
}

// Between creating its staging folder and writing its pid into it, a run is not dead.
TEST(OutputSet, AFreshStagingFolderWithoutAPidIsARunStarting) {
  ScratchDir dir("outset");
  const fs::path out = dir.file("out");
  first_run(out);
  fs::create_directories(dir.file(".out.hotspot-staging"));
  const std::string error = error_text([&] { (void)OutputSet::folder(out, "cctv"); });
  EXPECT_NE(error.find("another hotspot run is starting to write these outputs"), std::string::npos) << error;
  EXPECT_TRUE(fs::exists(dir.file(".out.hotspot-staging")));
  EXPECT_EQ(read_text((out / "cameras.geojson").string()), "old cameras");
}

TEST(OutputSet, AFolderHotspotDidNotWriteIsNotReplaced) {
  ScratchDir dir("outset");
  // A folder with a subfolder (someone's documents): refused, left alone.
  const fs::path docs = dir.file("docs");
  fs::create_directories(docs / "minutes");
  write_text((docs / "notes.txt").string(), "keep me");
  const std::string error = error_text([&] { (void)OutputSet::folder(docs, "plan"); });
  EXPECT_NE(error.find("holds minutes, which hotspot did not write"), std::string::npos) << error;
  EXPECT_EQ(read_text((docs / "notes.txt").string()), "keep me");
  // Another command's outputs: refused, naming it.
  const fs::path out = dir.file("out");
  first_run(out);
  const std::string other = error_text([&] { (void)OutputSet::folder(out, "patrol"); });
  EXPECT_NE(other.find("holds the outputs of hotspot cctv; give hotspot patrol a folder of its own"), std::string::npos)
      << other;
  // A symbolic link as the folder: refused rather than followed.
  fs::create_directory_symlink(out, dir.file("link"));
  EXPECT_NE(error_text([&] { (void)OutputSet::folder(dir.file("link"), "cctv"); }).find("symbolic link"),
            std::string::npos);
}

TEST(OutputSet, FilesNamedOneByOneAreAllOrNothing) {
  ScratchDir dir("outset");
  const fs::path tif = dir.file("density.tif"), polygons = dir.file("hotspots.geojson");
  write_text(tif.string(), "old raster");
  write_text(polygons.string(), "old polygons");
  {
    OutputSet set = OutputSet::files("density");
    write_text(set.stage(tif).string(), "new raster");
    write_text(set.stage(polygons).string(), "new polygons");
    // Failed before commit.
  }
  EXPECT_EQ(read_text(tif.string()), "old raster");
  EXPECT_EQ(read_text(polygons.string()), "old polygons");
  OutputSet set = OutputSet::files("density");
  write_text(set.stage(tif).string(), "new raster");
  // Two outputs on one path are refused.
  EXPECT_NE(error_text([&] { (void)set.stage(tif); }).find("two outputs are written to"), std::string::npos);
  write_text(set.stage(polygons).string(), "new polygons");
  set.commit();
  EXPECT_EQ(read_text(tif.string()), "new raster");
  EXPECT_EQ(read_text(polygons.string()), "new polygons");
  EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"density.tif", "hotspots.geojson"}));
}

}  // namespace hotspot::output_set_test
