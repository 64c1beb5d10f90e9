// Facade tests of `hotspot density` on data/sample (police.uk, Welwyn Hatfield and St Albans,
// 2018): the raster integrates to the incidents used, thread count does not change the file,
// and bad options are usage errors.
#include <filesystem>
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

// Fit on January to September, evaluate on October to December; compare with those months.
// PAI ≤ best PAI = 1 / area share, PEI ≤ 1, and the comparison rasters exist.
TEST(DensityCommand, EvaluatesOnLaterIncidentsAndCompares) {
  testing::ScratchDir dir("density_cli_eval");
  const std::string base = std::string("'") + HOTSPOT_SAMPLE_DIR + "/police_uk/2018-";
  std::string fit;
  std::string later;
  for (int m = 1; m <= 12; ++m) {
    const std::string file = base + (m < 10 ? "0" : "") + std::to_string(m) + "-hertfordshire-street.csv.gz' ";
    (m <= 9 ? fit : later) += file;
  }
  const std::string out = dir.file("fit.tif");
  const auto r = run(cli() + " density " + fit + " --bandwidth 150 --out '" + out + "' --evaluate-on " + later +
                     " --compare " + later);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::smatch m;
  const std::regex line("top +5\\.0%: hit rate ([0-9.]+) .* PAI ([0-9.]+), PEI ([0-9.]+), best PAI ([0-9.]+)");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  const double hit_rate = std::stod(m[1]);
  const double pai = std::stod(m[2]);
  const double pei = std::stod(m[3]);
  const double best = std::stod(m[4]);
  EXPECT_GT(hit_rate, 0.05);  // better than an unguided 5% of the area
  EXPECT_NEAR(pai, hit_rate / 0.05, 0.01 * pai);
  EXPECT_LE(pai, best + 1e-9);
  EXPECT_NEAR(best, 20.0, 0.01);  // every later incident fits in 5% of the cells here
  EXPECT_LE(pei, 1.0);
  EXPECT_TRUE(std::filesystem::exists(out + ".compare_difference.tif"));
  EXPECT_TRUE(std::filesystem::exists(out + ".compare_ratio.tif"));
}

TEST(DensityCommand, BadBandwidthIsAUsageError) {
  testing::ScratchDir dir("density_cli_bad");
  const auto r = run(cli() + " density " + kSample + " --bandwidth wide --out '" + dir.file("x.tif") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--bandwidth"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hotspot
