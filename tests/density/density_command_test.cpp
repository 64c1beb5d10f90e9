// Facade tests of `hotspot density` on data/sample (police.uk, Welwyn Hatfield and St Albans,
// 2018): the raster integrates to the incidents used, thread count does not change the file,
// and bad options are usage errors.
#include <regex>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hotspot {
namespace {

using testing::cli;
using testing::run;

const std::string kSample = std::string("'") + HOTSPOT_SAMPLE_DIR + "/police_uk'";

double used_rows(const std::string& output) {
  std::smatch m;
  const std::regex used("used ([0-9]+)");
  return std::regex_search(output, m, used) ? std::stod(m[1]) : -1.0;
}

std::vector<float> read_band(const std::string& path, double& nodata) {
  GDALAllRegister();
  GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
  std::vector<float> v;
  if (ds == nullptr) return v;
  const int cols = ds->GetRasterXSize();
  const int rows = ds->GetRasterYSize();
  v.resize(static_cast<std::size_t>(cols) * rows);
  nodata = ds->GetRasterBand(1)->GetNoDataValue();
  if (ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, cols, rows, v.data(), cols, rows, GDT_Float32, 0, 0, nullptr) !=
      CE_None) {
    v.clear();
  }
  GDALClose(ds);
  return v;
}

TEST(DensityCommand, PerCellSurfaceSumsToTheIncidentsUsed) {
  testing::ScratchDir dir("density_cli");
  for (const char* method : {"exact", "binned"}) {
    const std::string out = dir.file(std::string(method) + ".tif");
    const auto r = run(cli() + " density " + kSample + " --units per-cell --method " + method + " --out '" + out + "'");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const double used = used_rows(r.out);
    ASSERT_GT(used, 20000.0) << r.out;
    double nodata = 0.0;
    const std::vector<float> values = read_band(out, nodata);
    ASSERT_FALSE(values.empty());
    double sum = 0.0;
    for (float v : values) {
      if (v != nodata) sum += v;
    }
    // The grid is widened by the kernel radius, so only the discrete sum's error remains.
    EXPECT_NEAR(sum, used, 0.005 * used) << method;
    EXPECT_NE(r.out.find("method " + std::string(method)), std::string::npos) << r.out;
  }
}

TEST(DensityCommand, ThreadCountDoesNotChangeTheFile) {
  testing::ScratchDir dir("density_cli_threads");
  const std::string one = dir.file("one.tif");
  const std::string two = dir.file("two.tif");
  const std::string common = cli() + " density " + kSample + " --method binned --bandwidth 300";
  ASSERT_EQ(run(common + " --threads 1 --out '" + one + "'").exit_code, 0);
  ASSERT_EQ(run(common + " --threads 2 --out '" + two + "'").exit_code, 0);
  const std::string a = testing::read_text(one);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, testing::read_text(two));
}

TEST(DensityCommand, BadBandwidthIsAUsageError) {
  testing::ScratchDir dir("density_cli_bad");
  const auto r = run(cli() + " density " + kSample + " --bandwidth wide --out '" + dir.file("x.tif") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--bandwidth"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hotspot
