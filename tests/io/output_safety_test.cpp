// Outputs never land on anything but a regular file, keep a rewritten file's permissions,
// and never overwrite an input or each other (issue 21).

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/io/atomic_file.hpp"
#include "hotspot/io/output_paths.hpp"
#include "hotspot/io/rejects_writer.hpp"
#include "hotspot/io/vector_writer.hpp"
#include "io/io_test_support.hpp"
#include "test_support.hpp"

namespace hotspot {
namespace {

namespace fs = std::filesystem;
using testing::error_text;
using testing::read_text;
using testing::ScratchDir;
using testing::write_text;

VectorLayer one_point() {
  VectorLayer layer;
  layer.name = "p";
  layer.geometry = GeometryKind::point;
  layer.crs = "EPSG:27700";
  layer.features.push_back(VectorFeature{wkb_point(530000, 210000), {}});
  return layer;
}

TEST(OutputSafety, AFifoIsRefusedAndStaysAFifo) {
  ScratchDir dir("outsafe");
  const std::string fifo = dir.file("pipe.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const std::string error = error_text([&] { write_file_atomically(fifo, "{}"); });
  EXPECT_NE(error.find("named pipe"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_NE(error_text([&] { write_geojson(one_point(), fifo); }).find("named pipe"), std::string::npos);
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(OutputSafety, ADeviceNodeIsRefusedAndStaysADevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "making a device node needs root";
  ScratchDir dir("outsafe");
  // A private copy of /dev/null (major 1, minor 3): the test never risks the real one.
  const std::string null_device = dir.file("null");
  ASSERT_EQ(::mknod(null_device.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  const std::string error = error_text([&] { write_file_atomically(null_device, "{}"); });
  EXPECT_NE(error.find("character device"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_character_file(null_device));
}

TEST(OutputSafety, ASymlinkIsRefusedAndItsTargetUntouched) {
  ScratchDir dir("outsafe");
  const std::string target = dir.file("precious.txt");
  write_text(target, "keep me");
  const std::string link = dir.file("out.txt");
  fs::create_symlink(target, link);
  const std::string error = error_text([&] { write_file_atomically(link, "new"); });
  EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read_text(target), "keep me");
  // A dangling link too: writing through it would create a file wherever it points.
  const std::string dangling = dir.file("dangling.txt");
  fs::create_symlink(dir.file("nowhere.txt"), dangling);
  EXPECT_NE(error_text([&] { write_file_atomically(dangling, "x"); }).find("symbolic link"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.file("nowhere.txt")));
}

TEST(OutputSafety, ARewriteKeepsTheOldPermissions) {
  ScratchDir dir("outsafe");
  const std::string path = dir.file("private.csv");
  write_text(path, "old");
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  write_file_atomically(path, "new");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(read_text(path), "new");
  // GDAL writers rename into place too.
  const std::string geojson = dir.file("layer.geojson");
  write_text(geojson, "{}");
  ASSERT_EQ(::chmod(geojson.c_str(), 0640), 0);
  write_geojson(one_point(), geojson);
  ASSERT_EQ(::stat(geojson.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST(OutputSafety, AnOutputOnAnInputIsRefusedNamingBoth) {
  ScratchDir dir("outsafe");
  const std::string input = dir.file("2021-01-x-street.csv");
  write_text(input, testing::kPoliceHeader);
  // Spelled differently: through "..", and as a hard link.
  const std::string spelled = (dir.path() / "sub" / ".." / "2021-01-x-street.csv").string();
  fs::create_directories(dir.path() / "sub");
  std::string error = error_text([&] {
    check_output_paths({{"incident input", input}}, {{"rejects file", spelled}});
  });
  EXPECT_NE(error.find("rejects file would overwrite the incident input"), std::string::npos) << error;
  const std::string hard = dir.file("hard.csv");
  fs::create_hard_link(input, hard);
  EXPECT_NE(error_text([&] { check_output_paths({{"incident input", input}}, {{"rejects file", hard}}); }),
            "");
  // An input folder stands for its files.
  EXPECT_NE(error_text([&] { check_output_paths({{"incident input", dir.path().string()}}, {{"report", input}}); }),
            "");
  EXPECT_EQ(error_text([&] { check_output_paths({{"incident input", input}}, {{"report", dir.file("r.html")}}); }),
            "");
}

TEST(OutputSafety, TwoOutputsOnOnePathAreRefused) {
  ScratchDir dir("outsafe");
  const std::string error = error_text([&] {
    check_output_paths({}, {{"density raster", dir.file("c.tif")}, {"hotspot polygons", dir.file("./c.tif")}});
  });
  EXPECT_NE(error.find("hotspot polygons and the density raster"), std::string::npos) << error;
}

// Issue 21: formulae in the data came through raw in the rejects CSV a CSP officer opens in
// Excel; negative coordinates must stay numbers.
TEST(OutputSafety, TheRejectsCsvNeutralisesFormulae) {
  ScratchDir dir("outsafe");
  const std::string input = dir.file("2021-01-x-street.csv");
  write_text(input, testing::kPoliceHeader +
                        testing::police_row("2021-01", "-0.2051", "", "Drugs", "=HYPERLINK(\"http://evil\";\"x\")",
                                            "E01023918", "Welwyn", "@SUM(1)"));
  ReadOptions options;
  options.inputs = {input};
  const ReadResult result = read_incidents(options);
  ASSERT_EQ(result.account.rejected(), 1u);
  const std::string rejects = dir.file("rejects.csv");
  write_rejects_csv(result.account, options, rejects);
  const std::string text = read_text(rejects);
  EXPECT_NE(text.find("'=HYPERLINK"), std::string::npos) << text;
  EXPECT_NE(text.find("'@SUM(1)"), std::string::npos) << text;
  EXPECT_NE(text.find(",-0.2051,"), std::string::npos) << text;
  EXPECT_EQ(text.find(",=HYPERLINK"), std::string::npos) << text;
}

}  // namespace
}  // namespace hotspot
