#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include "hotspot/io/raster_writer.hpp"

namespace hotspot {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Sample {
  hotspot::GridSpec grid;
  std::vector<double> values;
};

Sample sample() {
  Sample s;
  s.grid.x_min = 510000.0;
  s.grid.y_max = 210000.0;
  s.grid.cell_size = 10.0;
  s.grid.cols = 300;
  s.grid.rows = 200;
  s.values.resize(s.grid.size());
  for (int r = 0; r < s.grid.rows; ++r) {
    for (int c = 0; c < s.grid.cols; ++c) {
      s.values[static_cast<std::size_t>(r) * s.grid.cols + c] = std::exp(-((c - 150.0) * (c - 150.0) + (r - 90.0) * (r - 90.0)) / 900.0) * 1234.5;
    }
  }
  s.values[0] = std::numeric_limits<double>::quiet_NaN();
  return s;
}

RasterWriteOptions options() {
  RasterWriteOptions o;
  o.crs = "EPSG:27700";
  o.band_description = "kernel density";
  o.units = "incidents per km2";
  o.metadata = {{"kernel", "quartic"}, {"bandwidth_m", "200"}};
  return o;
}

class RasterWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(HOTSPOT_BINARY_DIR) / "raster_writer_test";
    fs::create_directories(dir_);
  }
  fs::path dir_;
};

void check_read_back(const fs::path& path, const Sample& s, bool cog) {
  GDALAllRegister();
  GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(ds->GetRasterXSize(), s.grid.cols);
  EXPECT_EQ(ds->GetRasterYSize(), s.grid.rows);
  double t[6];
  ASSERT_EQ(ds->GetGeoTransform(t), CE_None);
  EXPECT_EQ(t[0], 510000.0);
  EXPECT_EQ(t[1], 10.0);
  EXPECT_EQ(t[3], 210000.0);
  EXPECT_EQ(t[5], -10.0);
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "27700");
  EXPECT_STREQ(ds->GetMetadataItem("kernel"), "quartic");
  EXPECT_STREQ(ds->GetMetadataItem("bandwidth_m"), "200");
  EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
  if (cog) {
    EXPECT_STREQ(ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
  int bx = 0;
  int by = 0;
  band->GetBlockSize(&bx, &by);
  EXPECT_EQ(bx, 256);
  EXPECT_EQ(by, 256);
  int has_nodata = 0;
  EXPECT_EQ(band->GetNoDataValue(&has_nodata), -9999.0);
  EXPECT_TRUE(has_nodata);
  EXPECT_STREQ(band->GetUnitType(), "incidents per km2");
  std::vector<float> read(s.grid.size());
  ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, s.grid.cols, s.grid.rows, read.data(), s.grid.cols, s.grid.rows,
                           GDT_Float32, 0, 0, nullptr),
            CE_None);
  EXPECT_EQ(read[0], -9999.0f);
  for (std::size_t i = 1; i < read.size(); ++i) ASSERT_EQ(read[i], static_cast<float>(s.values[i])) << i;
  GDALClose(ds);
}

TEST_F(RasterWriter, WritesTiledCompressedFloat32WithMetadata) {
  const Sample s = sample();
  const fs::path path = dir_ / "density.tif";
  write_geotiff(path, s.grid, s.values, options());
  check_read_back(path, s, false);
}

TEST_F(RasterWriter, WritesCloudOptimizedGeoTiff) {
  const Sample s = sample();
  RasterWriteOptions o = options();
  o.cloud_optimized = true;
  const fs::path path = dir_ / "density_cog.tif";
  write_geotiff(path, s.grid, s.values, o);
  check_read_back(path, s, true);
}

// No timestamps or other run-dependent bytes: two writes give the same file.
TEST_F(RasterWriter, OutputIsByteIdenticalAcrossRuns) {
  const Sample s = sample();
  for (bool cog : {false, true}) {
    RasterWriteOptions o = options();
    o.cloud_optimized = cog;
    const fs::path a = dir_ / (cog ? "a_cog.tif" : "a.tif");
    const fs::path b = dir_ / (cog ? "b_cog.tif" : "b.tif");
    write_geotiff(a, s.grid, s.values, o);
    write_geotiff(b, s.grid, s.values, o);
    const std::string bytes = slurp(a);
    EXPECT_FALSE(bytes.empty());
    EXPECT_EQ(bytes, slurp(b)) << (cog ? "COG" : "GTiff");
    EXPECT_EQ(bytes.find("DateTime"), std::string::npos);
  }
}

// Tiles are compressed on every core; the file must not depend on which finishes first.
// Small tiles of different compressed sizes make any reordering show in the bytes.
TEST_F(RasterWriter, ManyTilesCompressedInParallelGiveTheSameBytes) {
  const Sample s = sample();
  RasterWriteOptions o = options();
  o.block_size = 16;
  const fs::path first = dir_ / "tiles_0.tif";
  write_geotiff(first, s.grid, s.values, o);
  const std::string bytes = slurp(first);
  for (int run = 1; run < 6; ++run) {
    const fs::path again = dir_ / ("tiles_" + std::to_string(run) + ".tif");
    write_geotiff(again, s.grid, s.values, o);
    ASSERT_EQ(slurp(again), bytes) << "run " << run;
  }
}

TEST_F(RasterWriter, RejectsMismatchedValues) {
  Sample s = sample();
  s.values.pop_back();
  EXPECT_ANY_THROW(write_geotiff(dir_ / "bad.tif", s.grid, s.values, options()));
  EXPECT_FALSE(fs::exists(dir_ / "bad.tif"));
}

}  // namespace
}  // namespace hotspot
